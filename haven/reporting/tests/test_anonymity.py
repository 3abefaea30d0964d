"""k-anonymity of the CTDC-style dataset (DOMAIN section 9, decision 0018)."""

from collections import Counter
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.reporting.anonymity import (
    COLUMNS,
    QUASI_IDENTIFIERS,
    AnonymityError,
    VictimRecord,
    anonymise,
)

GIRL_15 = VictimRecord(
    age=15,
    gender="female",
    citizenship="GB",
    exploitation_types=frozenset({"sexual"}),
    means_of_control=frozenset({"coercion"}),
    year_of_registration=2023,
)


def combinations(rows):
    return Counter(tuple(row[c] for c in COLUMNS) for row in rows)


def test_eleven_alike_are_published_as_recorded():
    rows, report = anonymise([GIRL_15] * 11)
    assert (
        rows
        == [
            {
                "age_band": "15-17",
                "citizenship": "GB",
                "exploitation_types": "sexual",
                "means_of_control": "coercion",
                "year_of_registration": "2023",
                "gender": "female",
            }
        ]
        * 11
    )
    assert (report.rows_in, report.rows_out, report.suppressed) == (11, 11, 0)
    assert report.generalised == []


def test_ten_alike_are_not_enough_at_k_11():
    rows, report = anonymise([GIRL_15] * 10)
    assert rows == []
    assert report.suppressed == 10


def test_a_k_below_11_is_refused():
    with pytest.raises(AnonymityError, match="11 or more"):
        anonymise([GIRL_15] * 40, k=10)


def test_columns_widen_only_as_far_as_needed():
    # 11 girls of each age from 12 to 17: each band (12-14, 15-17) holds 33, so nothing widens.
    records = [replace(GIRL_15, age=age) for age in range(12, 18) for _ in range(11)]
    rows, report = anonymise(records)
    assert report.levels["age_band"] == 0
    assert Counter(row["age_band"] for row in rows) == {"12-14": 33, "15-17": 33}
    # 6 per band-and-year: widening the year into two-year ranges makes 12 of each.
    records = [replace(GIRL_15, year_of_registration=year) for year in (2022, 2023)] * 6
    rows, report = anonymise(records)
    assert report.levels["year_of_registration"] == 1
    assert {row["year_of_registration"] for row in rows} == {"2022-2023"}
    assert report.generalised == [("Year of registration", "two-year ranges")]
    assert report.rows_out == 12


def test_citizenship_widens_to_continent_then_united_kingdom_or_other():
    records = [
        *[replace(GIRL_15, citizenship=code) for code in ("AL", "RO", "PL", "VN", "CN", "IN")] * 4,
        *[GIRL_15] * 12,
    ]
    rows, report = anonymise(records)
    counted = Counter(row["citizenship"] for row in rows)
    assert report.levels["citizenship"] == 1
    assert counted == {"europe": 12, "asia": 12, "united_kingdom": 12}


def test_a_rare_row_is_suppressed_when_widening_would_cost_more():
    # 40 alike and one girl of 9: within 5 % of 41 (2 rows) she is left out, not everyone blurred.
    rows, report = anonymise([*[GIRL_15] * 40, replace(GIRL_15, age=9)])
    assert report.suppressed == 1
    assert report.generalised == []
    assert len(rows) == 40


def test_a_k_above_11_is_honoured():
    records = [replace(GIRL_15, year_of_registration=year) for year in (2022, 2023)] * 6
    _, report_11 = anonymise(records)
    rows, report_12 = anonymise(records, k=12)
    assert report_12.levels == report_11.levels
    assert len(rows) == 12
    # 12 people can never be 13 alike: every column widens fully, then everyone is left out.
    rows, report_13 = anonymise(records, k=13)
    assert rows == [] and report_13.suppressed == 12
    assert all(report_13.levels[h.column] == h.top for h in QUASI_IDENTIFIERS)


def test_widening_is_recorded_in_words_for_every_level():
    for hierarchy in QUASI_IDENTIFIERS:
        for level in range(hierarchy.top + 1):
            assert hierarchy.generalise(GIRL_15, level)
        assert hierarchy.generalise(GIRL_15, hierarchy.top) == "any"


def test_the_output_order_says_nothing_of_the_input_order():
    records = [replace(GIRL_15, age=age % 3 + 12) for age in range(40)]
    assert anonymise(records) == anonymise(list(reversed(records)))


# Properties over generated records.

records = st.builds(
    VictimRecord,
    age=st.none() | st.integers(0, 70),
    gender=st.sampled_from(["female", "male", "other", ""]),
    citizenship=st.none() | st.sampled_from(["GB", "AL", "VN", "ER", "RO", "SD", "US", "ZZ"]),
    exploitation_types=st.frozensets(
        st.sampled_from(["sexual", "labour", "criminal", "domestic_servitude", "organ_harvesting"]),
        max_size=3,
    ),
    means_of_control=st.frozensets(
        st.sampled_from(["threat", "force", "deception", "fraud", "abduction"]), max_size=2
    ),
    year_of_registration=st.integers(2015, 2030),
)


@settings(max_examples=150)
@given(st.lists(records, max_size=120), st.integers(11, 25))
def test_every_published_combination_occurs_at_least_k_times(people, k):
    rows, report = anonymise(people, k=k)
    assert all(n >= k for n in combinations(rows).values())
    assert report.rows_in == len(people) == report.rows_out + report.suppressed
    # The rows published are exactly the people's records at the levels reported.
    at_levels = Counter(
        tuple(h.generalise(p, report.levels[h.column]) for h in QUASI_IDENTIFIERS) for p in people
    )
    assert all(at_levels[combination] == n for combination, n in combinations(rows).items())
    # Suppression stays within its limit unless every column is as wide as it goes.
    fully_widened = all(report.levels[h.column] == h.top for h in QUASI_IDENTIFIERS)
    assert fully_widened or report.suppressed <= len(people) * Fraction(5, 100)


@settings(max_examples=100)
@given(st.lists(records, max_size=80), st.randoms())
def test_the_same_people_in_any_order_give_the_same_dataset(people, random):
    shuffled = list(people)
    random.shuffle(shuffled)
    assert anonymise(people) == anonymise(shuffled)
