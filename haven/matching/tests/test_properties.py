"""Properties that must hold for any records."""

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from haven.matching.engine import LIKELY_MATCH_THRESHOLD, compare_records
from haven.matching.records import Alias, DobPrecision, PersonRecord

NAMES = st.sampled_from(
    [
        "Muhammad",
        "Mohamad",
        "Ali",
        "Aly",
        "Nguyễn",
        "Van Minh",
        "Yonas",
        "Tesfaye",
        "Kate",
        "Catherine",
        "Elira",
        "Hoxha",
        "محمد",
        "Олександр",
        "O'Brien",
        "Al-Hassan",
        "",
    ]
) | st.text(max_size=12)
BIRTH_DATES = st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2024, 12, 31))

records = st.builds(
    PersonRecord,
    record_id=st.just("a"),
    given_name=NAMES,
    family_name=NAMES,
    aliases=st.lists(NAMES.map(lambda name: Alias(full_name=name)), max_size=2).map(tuple),
    date_of_birth=BIRTH_DATES,
    dob_precision=st.sampled_from(list(DobPrecision)),
    dob_assigned_by_age_assessment=st.booleans(),
    gender=st.sampled_from(["", "F", "M", "other"]),
    nationality=st.lists(st.sampled_from(["GB", "ER", "SY", "VN"]), max_size=2).map(tuple),
    postcode=st.sampled_from(["", "CH1 4AB", "CW2 6XY"]),
    address=st.sampled_from(["", "1 High Street", "22 Mill Lane"]),
    phones=st.lists(st.sampled_from(["07700900123", "+44 7700 900124"]), max_size=2).map(tuple),
    identifiers=st.lists(
        st.sampled_from(["9434765919", "home_office_reference:B1234567", "upn:A1"]), max_size=2
    ).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(records, records)
def test_matching_is_symmetric(left, right):
    right = replace(right, record_id="b")
    forward = compare_records(left, right)
    backward = compare_records(right, left)
    assert abs(forward.match_weight - backward.match_weight) < 0.02
    assert forward.probability == backward.probability or (
        abs(forward.probability - backward.probability) < 1e-3
    )
    # Names recorded the other way round label levels by the left record's name parts.
    names = ("given_name", "family_name")
    assert sorted(item.level for item in forward.evidence if item.comparison in names) == sorted(
        item.level for item in backward.evidence if item.comparison in names
    )
    assert {
        item.comparison: item.level for item in forward.evidence if item.comparison not in names
    } == {item.comparison: item.level for item in backward.evidence if item.comparison not in names}


@settings(max_examples=150, deadline=None)
@given(records)
def test_an_exact_copy_never_counts_against_a_match(record):
    result = compare_records(record, replace(record, record_id="copy"))
    assert all(item.weight >= 0 for item in result.evidence)


@settings(max_examples=100, deadline=None)
@given(records, st.dates(min_value=date(2000, 1, 2), max_value=date(2024, 12, 31)))
def test_a_well_identified_record_matches_its_exact_copy(record, birth):
    if (birth.month, birth.day) == (1, 1):
        birth = birth.replace(day=2)
    record = replace(
        record,
        given_name="Senait",
        family_name="Tesfay",
        date_of_birth=birth,
        dob_precision=DobPrecision.EXACT,
        dob_assigned_by_age_assessment=False,
    )
    result = compare_records(record, replace(record, record_id="copy"))
    assert result.probability >= LIKELY_MATCH_THRESHOLD
