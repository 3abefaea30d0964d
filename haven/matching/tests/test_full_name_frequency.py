"""A full name commoner than its two names suggest counts for less (decision 0024)."""

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.matching.compare import PairScorer, TermFrequencies
from haven.matching.encode import encode_records
from haven.matching.explain import COMMON_FULL_NAME, explain_pair, explain_pairs
from haven.matching.model import COMPARISON_INDEX, MatchModel
from haven.matching.records import PersonRecord

BIRTH = date(2010, 5, 6)


def _records(names: list[tuple[str, str]]) -> list[PersonRecord]:
    return [
        PersonRecord(
            str(number),
            given_name=given_name,
            family_name=family_name,
            date_of_birth=date(2005 + number % 10, 1 + number % 12, 1 + number % 28),
        )
        for number, (given_name, family_name) in enumerate(names)
    ]


def _score_first_two(records: list[PersonRecord]):
    encoded, vocabularies = encode_records(records)
    scorer = PairScorer(
        model=MatchModel(),
        vocabularies=vocabularies,
        term_frequencies=TermFrequencies.of(encoded, vocabularies),
    )
    comparison = scorer.compare(encoded, encoded, np.array([0]), np.array([1]))
    levels = comparison.levels
    left_entry, right_entry, _ = comparison.name_entries
    adjustment = scorer.full_name_adjustment(
        encoded,
        left_entry,
        encoded,
        right_entry,
        levels[:, COMPARISON_INDEX["given_name"]],
        levels[:, COMPARISON_INDEX["family_name"]],
    )[0]
    explained = explain_pair(
        scorer, encoded, encoded, comparison, left_record=records[0], right_record=records[1]
    )
    return float(comparison.weights[0]), float(adjustment), explained


PAIR = [
    PersonRecord("pair-1", given_name="Arben", family_name="Hoxha", date_of_birth=BIRTH),
    PersonRecord("pair-2", given_name="Arben", family_name="Hoxha", date_of_birth=BIRTH),
]
# The same share of Arbens and of Hoxhas in both populations: in one they always go together
# (names of one origin), in the other they are chosen apart.
TOGETHER = _records([("Arben", "Hoxha")] * 200 + [("Liv", "Johnson")] * 200)
APART = _records(
    [("Arben", "Hoxha"), ("Arben", "Johnson"), ("Liv", "Hoxha"), ("Liv", "Johnson")] * 100
)


def test_a_full_name_whose_names_go_together_counts_for_less():
    weight_together, adjustment_together, _ = _score_first_two([*PAIR, *TOGETHER])
    weight_apart, adjustment_apart, _ = _score_first_two([*PAIR, *APART])
    # Half of the population is an Arben Hoxha, not a quarter: one bit.
    assert adjustment_together < -0.8
    assert adjustment_apart == 0.0
    assert weight_together < weight_apart - 0.8


def test_a_rare_combination_of_common_names_gets_nothing_more():
    rare = [
        PersonRecord("pair-1", given_name="Arben", family_name="Johnson", date_of_birth=BIRTH),
        PersonRecord("pair-2", given_name="Arben", family_name="Johnson", date_of_birth=BIRTH),
    ]
    _, adjustment, _ = _score_first_two([*rare, *TOGETHER])
    assert adjustment == 0.0


def test_the_explanation_says_the_full_name_is_common_for_both_names():
    _, _, together = _score_first_two([*PAIR, *TOGETHER])
    _, _, apart = _score_first_two([*PAIR, *APART])
    names = {"given_name", "family_name"}
    for evidence in together.evidence:
        said = COMMON_FULL_NAME in evidence.explanation and COMMON_FULL_NAME in evidence.words
        assert said == (evidence.comparison in names)
    assert not any(COMMON_FULL_NAME in evidence.explanation for evidence in apart.evidence)


def test_without_term_frequencies_nothing_is_adjusted():
    encoded, vocabularies = encode_records(PAIR)
    scorer = PairScorer(model=MatchModel(), vocabularies=vocabularies)
    adjustment = scorer.full_name_adjustment(
        encoded,
        np.array([0]),
        encoded,
        np.array([1]),
        np.array([0]),
        np.array([0]),
    )
    assert adjustment.tolist() == [0.0]


GIVEN = st.sampled_from(["Arben", "Elira", "Liv", "Thuy", "Mohammed", "Muhammad", ""])
FAMILY = st.sampled_from(["Hoxha", "Nguyen", "Johnson", "Ali", "Aly", ""])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(GIVEN, FAMILY), min_size=2, max_size=40))
def test_the_adjustment_is_never_positive_and_only_where_both_names_agree(names):
    encoded, vocabularies = encode_records(_records(names))
    scorer = PairScorer(
        model=MatchModel(),
        vocabularies=vocabularies,
        term_frequencies=TermFrequencies.of(encoded, vocabularies),
    )
    left, right = np.triu_indices(len(names), 1)
    comparison = scorer.compare(encoded, encoded, left, right)
    left_entry, right_entry, _ = comparison.name_entries
    given_levels = comparison.levels[:, COMPARISON_INDEX["given_name"]]
    family_levels = comparison.levels[:, COMPARISON_INDEX["family_name"]]
    adjustment = scorer.full_name_adjustment(
        encoded, left_entry, encoded, right_entry, given_levels, family_levels
    )
    assert (adjustment <= 0).all()
    both_agree = np.isin(given_levels, (0, 1)) & np.isin(family_levels, (0, 1))
    assert (adjustment[~both_agree] == 0).all()


def test_pairs_explained_together_are_explained_as_each_alone():
    """``explain_pairs`` re-weighs the chosen pairs in one call (a lookup explains all it
    shows at once): each result is the one ``explain_pair`` gives that pair alone."""
    records = [
        *PAIR,
        PersonRecord("swapped", given_name="Hoxha", family_name="Arben", date_of_birth=BIRTH),
        PersonRecord("variant", given_name="Arbena", family_name="Hoxa"),
        PersonRecord("other", given_name="Liv", family_name="Johnson", date_of_birth=BIRTH),
        *TOGETHER[:40],
    ]
    encoded, vocabularies = encode_records(records)
    scorer = PairScorer(
        model=MatchModel(),
        vocabularies=vocabularies,
        term_frequencies=TermFrequencies.of(encoded, vocabularies),
    )
    right = np.arange(1, 9)
    comparison = scorer.compare(encoded, encoded, np.zeros(len(right), dtype=np.int64), right)
    positions = [3, 0, 2, 1, 7]
    together = explain_pairs(
        scorer,
        encoded,
        encoded,
        comparison,
        positions=positions,
        left_records=[records[0]] * len(positions),
        right_records=[records[int(right[p])] for p in positions],
    )
    alone = [
        explain_pair(
            scorer,
            encoded,
            encoded,
            comparison,
            left_record=records[0],
            right_record=records[int(right[p])],
            position=p,
        )
        for p in positions
    ]
    assert together == alone
    assert any(COMMON_FULL_NAME in e.explanation for r in together for e in r.evidence)
    assert any("other way round" in e.words for r in together for e in r.evidence)
