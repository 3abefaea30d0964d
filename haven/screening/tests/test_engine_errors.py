"""Input the engine refuses, with messages that name the bad value and the valid choices."""

from datetime import date, datetime, timedelta

import pytest

from haven.screening.engine import ScreeningInputError, assess, validate_screening_input
from haven.screening.tests.builders import ASSESSED_AT, child, screening


def errors_for(screening_input) -> dict[str, list[str]]:
    with pytest.raises(ScreeningInputError) as caught:
        assess(screening_input=screening_input)
    return caught.value.errors


def test_unknown_code_lists_the_valid_codes_of_its_kind():
    errors = errors_for(child(codes=["act.kidnap", "act.harbouring"]))
    assert list(errors) == ["codes"]
    (message,) = errors["codes"]
    assert '"act.kidnap"' in message
    assert "act.recruitment, act.transportation, act.transfer, act.harbouring, act.receipt" in (
        message
    )
    assert "means." not in message


def test_code_of_no_known_kind_lists_every_valid_code():
    (message,) = errors_for(child(codes=["grooming"]))["codes"]
    assert '"grooming"' in message
    assert "act.recruitment" in message
    assert "ind.not_registered_school_or_gp" in message


def test_each_unknown_code_is_reported_once():
    errors = errors_for(child(codes=["act.kidnap", "act.kidnap", "risk.poverty"]))
    assert len(errors["codes"]) == 2


def test_unknown_areas_list_the_valid_areas():
    errors = errors_for(
        child(circumstances={"home_area": "cheshire", "areas_involved": ["halton", "leeds"]})
    )
    valid = "cheshire_east, cheshire_west_and_chester, halton, warrington, outside_cheshire"
    (home,) = errors["circumstances.home_area"]
    assert '"cheshire"' in home
    assert valid in home
    (involved,) = errors["circumstances.areas_involved"]
    assert '"leeds"' in involved
    assert valid in involved


@pytest.mark.parametrize("age", [-1, 131])
def test_impossible_ages_are_refused(age):
    (message,) = errors_for(screening(age_years=age))["age_years"]
    assert str(age) in message
    assert "0 to 130" in message


def test_date_of_birth_after_the_assessment_is_refused():
    (message,) = errors_for(screening(date_of_birth=date(2026, 11, 25)))["date_of_birth"]
    assert "2026-11-25" in message
    assert "2026-11-24" in message
    # Born on the day of assessment is possible.
    assert assess(screening_input=screening(date_of_birth=date(2026, 11, 24))).person_status == (
        "child"
    )


def test_date_of_birth_more_than_130_years_ago_is_refused():
    (message,) = errors_for(screening(date_of_birth=date(1890, 1, 1)))["date_of_birth"]
    assert "1890-01-01" in message


def test_naive_datetimes_are_refused():
    naive = datetime(2026, 11, 24, 10, 0)
    assert "no time zone" in errors_for(screening(assessed_at=naive))["assessed_at"][0]
    errors = errors_for(child(circumstances={"returned_from_missing_at": naive}))
    assert "no time zone" in errors["circumstances.returned_from_missing_at"][0]


def test_return_from_missing_after_the_assessment_is_refused():
    later = ASSESSED_AT + timedelta(hours=1)
    errors = errors_for(child(circumstances={"returned_from_missing_at": later}))
    (message,) = errors["circumstances.returned_from_missing_at"]
    assert later.isoformat() in message


@pytest.mark.parametrize(
    ("nationality", "hint"),
    [("UK", '"GB"'), ("GBR", "alpha-2"), ("gb", "alpha-2"), ("", "alpha-2")],
)
def test_nationality_must_be_an_iso_country_code(nationality, hint):
    (message,) = errors_for(child(nationality=nationality))["nationality"]
    assert hint in message


def test_unknown_abduction_risk_lists_the_valid_levels():
    errors = errors_for(child(circumstances={"abduction_risk": "severe"}))
    (message,) = errors["circumstances.abduction_risk"]
    assert '"severe"' in message
    assert "low, medium, high" in message


def test_every_problem_is_reported_at_once():
    errors = errors_for(
        screening(
            age_years=-3,
            nationality="UK",
            codes=["act.kidnap"],
            circumstances={"home_area": "leeds"},
        )
    )
    assert set(errors) == {"age_years", "nationality", "codes", "circumstances.home_area"}


def test_error_is_a_value_error_whose_text_names_the_fields():
    with pytest.raises(ValueError, match=r"age_years: -3"):
        validate_screening_input(screening_input=screening(age_years=-3))


def test_valid_input_passes_validation():
    assert validate_screening_input(screening_input=child(codes=["ind.debt_bondage"])) is None
