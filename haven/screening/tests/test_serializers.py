"""The request body of POST /api/v1/screening/assess, validated by the serializer (no HTTP)."""

import copy
from datetime import date, datetime, timedelta

import pytest

from haven.core.working_days import LONDON
from haven.screening.api import EXAMPLE_REQUEST
from haven.screening.engine import assess
from haven.screening.serializers import (
    ScreeningElementsSerializer,
    ScreeningInputSerializer,
    ScreeningRequiredActionSerializer,
    ScreeningResultSerializer,
)

VALID_AREAS = "cheshire_east, cheshire_west_and_chester, halton, warrington, outside_cheshire"


def contract_example():
    return copy.deepcopy(EXAMPLE_REQUEST)


def validated(body):
    serializer = ScreeningInputSerializer(data=body)
    assert serializer.is_valid(), serializer.errors
    return serializer.screening_input


def errors(body) -> dict[str, list[str]]:
    serializer = ScreeningInputSerializer(data=body)
    assert not serializer.is_valid()
    return {
        field: [str(message) for message in messages]
        for field, messages in serializer.errors.items()
    }


def test_contract_example_is_valid_and_becomes_engine_input():
    screening_input = validated(contract_example())
    assert screening_input.age_years == 15
    assert screening_input.date_of_birth == date(2010, 5, 1)
    assert screening_input.nationality == "GB"
    assert screening_input.codes == ("ind.found_at_adult_address", "purpose.sexual_exploitation")
    assert screening_input.circumstances.home_area == "warrington"
    assert screening_input.circumstances.areas_involved == ("warrington",)
    assert screening_input.assessed_at == datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)


def test_contract_example_gives_the_contract_response():
    body = assess(screening_input=validated(contract_example())).to_dict()
    assert body["person_status"] == "child"
    assert body["outcome"] == "potential_victim"
    assert body["elements"] == {
        "act": ["act.harbouring"],
        "means": [],
        "purpose": ["purpose.sexual_exploitation"],
    }
    meeting = next(a for a in body["required_actions"] if a["code"] == "strategy_meeting")
    assert meeting["lead"] == "childrens_social_care"
    assert meeting["due_by"] == "2026-11-27T23:59:59+00:00"
    contract_keys = {
        "person_status",
        "outcome",
        "elements",
        "risk_groups",
        "exploitation_types",
        "required_actions",
        "explanation",
        "vocabulary_version",
    }
    assert contract_keys <= body.keys()
    assert set(meeting) == {"code", "lead", "due_by", "reason"}


def test_response_serializer_documents_exactly_the_result_shape():
    body = assess(screening_input=validated(contract_example())).to_dict()
    assert set(ScreeningResultSerializer().fields) == set(body)
    assert set(ScreeningElementsSerializer().fields) == set(body["elements"])
    assert set(ScreeningRequiredActionSerializer().fields) == set(body["required_actions"][0])


def test_every_field_is_optional():
    screening_input = validated({})
    assert screening_input.codes == ()
    assert screening_input.age_years is None
    assert screening_input.appears_under_18 is None
    assert screening_input.immediate_danger is False
    assert screening_input.circumstances.areas_involved == ()
    assert screening_input.circumstances.ictg_available is None
    # No assessment time means now.
    assert abs(datetime.now(tz=LONDON) - screening_input.assessed_at) < timedelta(minutes=1)


def test_circumstances_keys_default_when_left_out():
    circumstances = validated({"circumstances": {"accommodated": True}}).circumstances
    assert circumstances.accommodated is True
    assert circumstances.arrested_or_suspected_offence is False
    assert circumstances.abduction_risk is None
    assert circumstances.home_area is None
    assert circumstances.consents_to_nrm is None


@pytest.mark.parametrize(("body", "got"), [([], "list"), ("codes", "str"), (None, "null")])
def test_body_must_be_a_json_object(body, got):
    (message,) = errors(body)["non_field_errors"]
    assert message.startswith("Expected a JSON object")
    assert got in message


def test_circumstances_must_be_an_object():
    assert errors({"circumstances": None})["circumstances"] == [
        "Expected a JSON object, but got null."
    ]
    assert errors({"circumstances": ["warrington"]})["circumstances"] == [
        "Expected a JSON object, but got list."
    ]


def test_unknown_fields_are_refused_with_the_valid_ones():
    found = errors({"immediate_dagner": True, "circumstances": {"home": "halton"}})
    assert '"immediate_dagner"' in found["immediate_dagner"][0]
    assert "immediate_danger" in found["immediate_dagner"][0]
    assert '"home"' in found["circumstances.home"][0]
    assert "home_area" in found["circumstances.home"][0]


def test_unknown_codes_and_areas_name_the_value_and_list_valid_choices():
    found = errors(
        {
            "codes": ["act.kidnap"],
            "circumstances": {"home_area": "leeds", "areas_involved": ["halton", "mars"]},
        }
    )
    assert '"act.kidnap"' in found["codes"][0]
    assert "act.harbouring" in found["codes"][0]
    assert '"leeds"' in found["circumstances.home_area"][0]
    assert VALID_AREAS in found["circumstances.home_area"][0]
    assert '"mars"' in found["circumstances.areas_involved"][0]


def test_unknown_abduction_risk_lists_the_levels():
    (message,) = errors({"circumstances": {"abduction_risk": "severe"}})[
        "circumstances.abduction_risk"
    ]
    assert '"severe"' in message
    assert "low, medium, high" in message


def test_negative_age_and_future_date_of_birth_are_refused():
    found = errors(
        {"age_years": -2, "date_of_birth": "2027-01-01", "assessed_at": "2026-11-24T10:00:00Z"}
    )
    assert "-2" in found["age_years"][0]
    assert "2027-01-01" in found["date_of_birth"][0]


@pytest.mark.parametrize("value", ["24/11/2026 10:00", "yesterday", "2026-11-31T10:00:00Z", 17])
def test_malformed_datetimes_name_the_bad_value(value):
    found = errors({"assessed_at": value, "circumstances": {"returned_from_missing_at": value}})
    for field in ("assessed_at", "circumstances.returned_from_missing_at"):
        (message,) = found[field]
        assert f'"{value}"' in message
        assert "ISO 8601" in message


def test_malformed_date_and_age_name_the_bad_value():
    found = errors({"date_of_birth": "01/05/2010", "age_years": "fifteen"})
    assert '"01/05/2010"' in found["date_of_birth"][0]
    assert '"fifteen"' in found["age_years"][0]


def test_time_without_offset_is_read_as_london_time():
    summer = validated({"assessed_at": "2026-07-01T10:00:00"}).assessed_at
    assert summer.isoformat() == "2026-07-01T10:00:00+01:00"


def test_time_with_another_offset_keeps_its_instant():
    assessed_at = validated({"assessed_at": "2026-11-24T15:00:00+05:00"}).assessed_at
    assert assessed_at == datetime(2026, 11, 24, 10, 0, tzinfo=LONDON)


def test_nationality_is_upper_cased_and_checked():
    assert validated({"nationality": "vn"}).nationality == "VN"
    assert '"GB"' in errors({"nationality": "uk"})["nationality"][0]


def test_booleans_are_not_nullable_unless_unknown_is_meaningful():
    assert "immediate_danger" in errors({"immediate_danger": None})
    assert validated({"appears_under_18": None}).appears_under_18 is None
    assert '"maybe"' in errors({"age_uncertain": "maybe"})["age_uncertain"][0]


def test_codes_must_be_a_list():
    assert "codes" in errors({"codes": "act.harbouring"})


def test_type_errors_and_unknown_fields_are_reported_together():
    found = errors({"assessed_at": "soon", "danger": True})
    assert set(found) == {"assessed_at", "danger"}
