"""The batch's first look: bounds that drop candidate pairs before the dear comparisons.

A pair at or above the threshold must never be dropped, so each bound is checked against
the full comparison of random record pairs under random models, and the pairs kept against
the pairs :meth:`PairScorer.compare` scores at or above each threshold.
"""

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.matching.blocking import candidate_pairs
from haven.matching.compare import PairScorer, TermFrequencies
from haven.matching.encode import encode_records
from haven.matching.engine import linked_pairs
from haven.matching.model import (
    COMPARISON_INDEX,
    COMPARISONS,
    MatchModel,
    probability_from_weight,
    weight_from_probability,
)
from haven.matching.tests.test_properties import records
from haven.matching.train import train_model

GIVEN = COMPARISON_INDEX["given_name"]
FAMILY = COMPARISON_INDEX["family_name"]
CONTACT = COMPARISON_INDEX["contact"]


def _random_model(seed: int) -> MatchModel:
    """Any m, u and prior: the bounds must hold whatever training makes of the data."""
    rng = np.random.default_rng(seed)
    m = {spec.name: rng.dirichlet(np.ones(len(spec.levels))) for spec in COMPARISONS}
    u = {spec.name: rng.dirichlet(np.ones(len(spec.levels))) for spec in COMPARISONS}
    return MatchModel().with_parameters(prior=float(rng.uniform(1e-7, 0.5)), m=m, u=u)


@st.composite
def populations(draw):
    """A few records and further records of the same people: the pairs that come near
    the bounds are records of one person, with names the same or the other way round."""
    people = draw(st.lists(records, min_size=1, max_size=5))
    further = []
    for record in people:
        kind = draw(st.sampled_from(["none", "copy", "names_swapped", "given_name_only"]))
        if kind == "copy":
            further.append(record)
        elif kind == "names_swapped":
            further.append(
                replace(record, given_name=record.family_name, family_name=record.given_name)
            )
        elif kind == "given_name_only":
            further.append(replace(record, family_name=""))
    population = people + further
    if len(population) < 2:
        population.append(draw(records))
    return [replace(record, record_id=str(number)) for number, record in enumerate(population)]


def _scorer_and_pairs(population, seed: int, with_frequencies: bool):
    encoded, vocabularies = encode_records(population)
    frequencies = TermFrequencies.of(encoded, vocabularies) if with_frequencies else None
    scorer = PairScorer(
        model=MatchModel() if seed == 0 else _random_model(seed),
        vocabularies=vocabularies,
        term_frequencies=frequencies,
    )
    # Every ordered pair, both ways round: the bounds of a left and a right record differ.
    left, right = np.array(
        [(a, b) for a in range(len(population)) for b in range(len(population)) if a != b]
    ).T
    return scorer, encoded, left, right


@settings(max_examples=150, deadline=None)
@given(populations(), st.integers(0, 10_000), st.booleans())
def test_the_bounds_are_never_below_the_weights_they_stand_for(population, seed, frequencies):
    scorer, encoded, left, right = _scorer_and_pairs(population, seed, frequencies)
    comparison = scorer.compare(encoded, encoded, left, right)
    weights = scorer.comparison_weights(encoded, encoded, comparison)

    left_bound, right_bound = scorer.name_weight_bounds(encoded)
    name_weight = weights[:, GIVEN] + weights[:, FAMILY]
    assert np.all(name_weight <= left_bound[left] + 1e-9)
    assert np.all(name_weight <= right_bound[right] + 1e-9)
    contact_bound = scorer.contact_weight_bound(encoded, encoded, left, right)
    assert np.all(weights[:, CONTACT] <= contact_bound)


@settings(max_examples=150, deadline=None)
@given(populations(), st.integers(0, 10_000), st.booleans())
def test_no_pair_at_or_above_the_minimum_weight_is_dropped(population, seed, frequencies):
    scorer, encoded, left, right = _scorer_and_pairs(population, seed, frequencies)
    full = scorer.compare(encoded, encoded, left, right).weights
    # Each pair's own weight as the minimum: every pair sits exactly on one threshold.
    for minimum_weight in [*np.unique(full), -np.inf, np.inf]:
        positions, kept_weights = scorer.pairs_scoring_at_least(
            encoded, encoded, left, right, minimum_weight
        )
        expected = np.flatnonzero(full >= minimum_weight)
        assert positions.tolist() == expected.tolist()
        assert np.array_equal(kept_weights, full[expected])


def test_the_batch_links_the_pairs_a_full_comparison_links(population):
    """On a trained model and real candidate pairs, at the possible and likely thresholds."""
    encoded, vocabularies = encode_records(population)
    frequencies = TermFrequencies.of(encoded, vocabularies)
    untrained = PairScorer(
        model=MatchModel(), vocabularies=vocabularies, term_frequencies=frequencies
    )
    scorer = PairScorer(
        model=train_model(untrained, encoded),
        vocabularies=vocabularies,
        term_frequencies=frequencies,
    )
    left, right = candidate_pairs(encoded, vocabularies)
    probability = probability_from_weight(scorer.compare(encoded, encoded, left, right).weights)
    for threshold in (0.5, 0.9):
        positions, linked_probability = linked_pairs(
            scorer, encoded, left, right, threshold=threshold, processes=1, chunk_size=5_000
        )
        expected = np.flatnonzero(probability >= threshold)
        assert positions.tolist() == expected.tolist()
        assert np.allclose(linked_probability, probability[expected])


def test_the_threshold_as_a_weight():
    assert weight_from_probability(0.5) == 0.0
    assert np.isclose(weight_from_probability(0.9), np.log2(9))
    assert weight_from_probability(0.0) == -np.inf
    assert weight_from_probability(1.0) == np.inf


def test_contact_is_compared_last_so_the_batch_sums_weights_in_the_same_order():
    assert COMPARISONS[-1].name == "contact"
