"""The pure rules: normalisation and refusal of postcodes, registrations and phone numbers,
the 3x5x2 grading vocabulary, the handling-code rule and when an entity is a hotspot."""

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.intelligence import rules
from haven.intelligence.models import HandlingCode, IntelligenceAssessment, SourceEvaluation
from haven.intelligence.rules import HotspotRule, HotspotRules, LinkedChild

TODAY = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        ("wa11aa", "WA1 1AA"),
        (" wa1 1aa ", "WA1 1AA"),
        ("CH65 9AB", "CH65 9AB"),
        ("m11ae", "M1 1AE"),
    ],
)
def test_address_postcode_normalised(given_, expected):
    assert rules.entity_normalised("address", {"postcode": given_}).values["postcode"] == expected


@pytest.mark.parametrize("bad", ["12345", "WA1", "not a postcode", "WAA 1AA1", "1AA WA1"])
def test_address_postcode_refused(bad):
    with pytest.raises(rules.EntityInvalid) as refused:
        rules.entity_normalised("address", {"postcode": bad})
    assert "postcode" in refused.value.errors


def test_address_needs_a_line_or_a_postcode():
    with pytest.raises(rules.EntityInvalid) as refused:
        rules.entity_normalised("address", {"line": "  ", "postcode": ""})
    assert refused.value.errors == {"line": rules.MESSAGES["line"]}


def test_the_same_address_written_two_ways_has_one_key():
    one = rules.entity_normalised("address", {"line": "Flat 2, 14 Bridge St", "postcode": "wa11aa"})
    two = rules.entity_normalised(
        "address", {"line": "flat 2 14  bridge st.", "postcode": "WA1 1AA"}
    )
    other = rules.entity_normalised(
        "address", {"line": "Flat 3, 14 Bridge St", "postcode": "WA1 1AA"}
    )
    assert one.key == two.key != other.key


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        ("ab12 cde", "AB12CDE"),
        ("AB12CDE", "AB12CDE"),
        ("a123 bcd", "A123BCD"),
        ("abc 123d", "ABC123D"),
        ("1 ab", "1AB"),
        ("abz-1234", "ABZ1234"),
    ],
)
def test_registration_normalised(given_, expected):
    normalised = rules.entity_normalised("vehicle", {"registration": given_})
    assert normalised.values["registration"] == expected
    assert normalised.key == expected


@pytest.mark.parametrize("bad", ["", "AB12CDEF", "ABCDEFG", "12345", "A!12 CDE", "AB12 C"])
def test_registration_refused(bad):
    with pytest.raises(rules.EntityInvalid) as refused:
        rules.entity_normalised("vehicle", {"registration": bad})
    assert "registration" in refused.value.errors


def test_a_foreign_registration_is_kept_apart_from_a_uk_one():
    foreign = rules.entity_normalised("vehicle", {"registration": "wx 1234a", "country": "pl"})
    assert foreign.values == {"registration": "WX1234A", "platform": "PL"}
    assert foreign.key == "PL:WX1234A"


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("(01925) 444 000", "+441925444000"),
        ("+48 601 234 567", "+48601234567"),
    ],
)
def test_phone_normalised_to_e164(given_, expected):
    normalised = rules.entity_normalised("phone", {"number": given_})
    assert normalised.values["number"] == expected == normalised.key


@pytest.mark.parametrize("bad", ["", "123", "not a number", "077009001234567890"])
def test_phone_refused(bad):
    with pytest.raises(rules.EntityInvalid) as refused:
        rules.entity_normalised("phone", {"number": bad})
    assert "number" in refused.value.errors


def test_names_differ_only_by_case_accents_and_spacing_share_a_key():
    one = rules.entity_normalised("person_of_concern", {"name": "José  O'Neill"})
    two = rules.entity_normalised("person_of_concern", {"name": "jose o neill"})
    assert one.key == two.key
    assert one.values["name"] == "José O'Neill"


def test_an_online_account_is_its_handle_on_one_platform():
    snap = rules.entity_normalised("online_account", {"name": "@bigman", "platform": "Snapchat"})
    insta = rules.entity_normalised("online_account", {"name": "@bigman", "platform": "Instagram"})
    assert snap.key != insta.key


def test_a_business_is_its_name_at_a_postcode():
    one = rules.entity_normalised("business", {"name": "Star Nails", "postcode": "wa11aa"})
    two = rules.entity_normalised("business", {"name": "Star Nails", "postcode": "CH1 1AA"})
    assert one.key != two.key
    assert one.values["postcode"] == "WA1 1AA"


def test_an_unknown_kind_is_refused():
    with pytest.raises(rules.EntityInvalid) as refused:
        rules.entity_normalised("boat", {"name": "x"})
    assert "entity_type" in refused.value.errors


@given(st.text(max_size=30))
def test_normalising_never_raises_anything_but_entity_invalid(text):
    for kind in ("address", "vehicle", "phone", "person_of_concern", "business"):
        with contextlib.suppress(rules.EntityInvalid):
            rules.entity_normalised(
                kind,
                {
                    "line": text,
                    "postcode": text,
                    "registration": text,
                    "number": text,
                    "name": text,
                },
            )


def test_grading_vocabulary_is_the_college_of_policing_3x5x2():
    assert SourceEvaluation.values == ["1", "2", "3"]
    assert IntelligenceAssessment.values == ["A", "B", "C", "D", "E"]
    assert HandlingCode.values == ["P", "C"]


def test_handling_code_c_needs_conditions():
    assert rules.handling_problem("C", "  ") is not None
    assert rules.handling_problem("C", "Police and Halton only") is None
    assert rules.handling_problem("P", "") is None


@pytest.mark.parametrize(
    ("grading", "fields"),
    [
        (("1", "A", "P", ""), set()),
        (("2", "B", "C", "Police only"), set()),
        (("3", "E", "C", " "), {"handling_conditions"}),
        (("4", "A", "P", ""), {"source_evaluation"}),
        (("1", "F", "P", ""), {"intelligence_assessment"}),
        (("1", "A", "X", ""), {"handling_code"}),
        (("", "", "", ""), {"source_evaluation", "intelligence_assessment", "handling_code"}),
        (("1", "A", "C", "x" * 15_001), {"handling_conditions"}),
    ],
)
def test_3x5x2_grading_problems_name_each_wrong_field(grading, fields):
    """Links and information shared at operational group meetings are graded by one rule."""
    assert set(rules.grading_problems(*grading)) == fields


@pytest.mark.parametrize(
    ("code", "recording", "shared", "viewer", "visible"),
    [
        ("P", 1, [], 2, True),
        ("C", 1, [], 1, True),
        ("C", 1, [], 2, False),
        ("C", 1, [2, 3], 3, True),
        ("C", 1, [2], 4, False),
        ("C", 1, [2], None, False),
    ],
)
def test_a_c_link_exists_only_for_its_agency_and_those_named(
    code, recording, shared, viewer, visible
):
    assert (
        rules.link_visible_to_agency(
            handling_code=code,
            recording_agency_id=recording,
            shared_with_ids=shared,
            agency_id=viewer,
        )
        is visible
    )


def _linked(*items):
    return [
        LinkedChild(child_id=c, area=a, case_id=100 + c, occurred_on=TODAY - timedelta(days=d))
        for c, a, d in items
    ]


DEFAULT = HotspotRules()


def test_three_children_of_one_authority_within_90_days_make_a_hotspot():
    finding = rules.hotspot_finding(
        _linked((1, "halton", 5), (2, "halton", 40), (3, "halton", 89)), today=TODAY, rules=DEFAULT
    )
    assert finding.children == 3
    assert finding.reasons == (rules.SEVERAL_CHILDREN,)
    assert finding.case_ids == (101, 102, 103)


def test_two_children_or_the_same_child_three_times_do_not():
    assert (
        rules.hotspot_finding(
            _linked((1, "halton", 5), (2, "halton", 6)), today=TODAY, rules=DEFAULT
        )
        is None
    )
    assert (
        rules.hotspot_finding(
            _linked((1, "halton", 5), (1, "halton", 6), (1, "halton", 7)),
            today=TODAY,
            rules=DEFAULT,
        )
        is None
    )


def test_a_link_older_than_the_window_does_not_count():
    assert (
        rules.hotspot_finding(
            _linked((1, "halton", 5), (2, "halton", 40), (3, "halton", 90)),
            today=TODAY,
            rules=DEFAULT,
        )
        is None
    )


def test_children_of_two_authorities_make_a_hotspot_even_when_few():
    finding = rules.hotspot_finding(
        _linked((1, "halton", 5), (2, "warrington", 6)), today=TODAY, rules=DEFAULT
    )
    assert finding.reasons == (rules.SEVERAL_AUTHORITIES,)
    assert finding.areas == ("halton", "warrington")
    assert finding.children == 2


def test_an_authority_sets_its_own_threshold():
    strict = HotspotRules(areas={"halton": HotspotRule(children=2, days=30)})
    linked = _linked((1, "halton", 5), (2, "halton", 20))
    assert rules.hotspot_finding(linked, today=TODAY, rules=strict).reasons == (
        rules.SEVERAL_CHILDREN,
    )
    assert rules.hotspot_finding(linked, today=TODAY, rules=DEFAULT) is None
    # Its window is its own too: 40 days ago is outside Halton's 30.
    assert (
        rules.hotspot_finding(
            _linked((1, "halton", 5), (2, "halton", 40)), today=TODAY, rules=strict
        )
        is None
    )


def test_the_partnership_setting_is_loaded_from_its_file():
    loaded = rules.hotspot_rules()
    assert loaded.default == HotspotRule(children=3, days=90)
    assert set(loaded.areas) == {
        "cheshire_east",
        "cheshire_west_and_chester",
        "halton",
        "warrington",
    }
