"""Unsupervised estimation of the match model from the records themselves.

* ``u`` (how often each level occurs between different people) from random record pairs,
  which are almost all non-matches, as Splink does.  Household fields (address, phone,
  nationality) are the exception: siblings share them, and siblings also share a family
  name, so among pairs that agree on family name (the pairs blocking proposes) agreement on
  them is far commoner than among random pairs.  Their ``u`` is therefore estimated from
  random pairs of records with the same family name, which stops "same surname, same
  address, same phone" outweighing a different first name and date of birth.
* ``m`` (how often each level occurs between records of the same person) by expectation
  maximisation over blocked samples, in Splink's way: first over random pairs sharing an
  exact date of birth, which estimates every comparison but the date; then over random
  pairs sharing a canonical given and family name, which estimates only the date, every
  other comparison held at the first session's values (left free, the second session can
  settle on "same origin and gender" as its match class, since namesakes are many).  The
  default m act as a weak prior (pseudo-counts).
* The prior (the chance two random records are the same person) from the share of matches
  the date-of-birth session found among pairs sharing a date, scaled by how many such pairs
  there are and how often a matching pair shares its date.
"""

import numpy as np

from haven.matching.arrays import unique_counts, unique_inverse
from haven.matching.blocking import combine_keys
from haven.matching.compare import PairScorer
from haven.matching.encode import DobKind, EncodedRecords
from haven.matching.model import (
    COMPARISON_INDEX,
    COMPARISONS,
    GIVEN_NAME,
    NULL_LEVEL,
    MatchModel,
    probability_from_weight,
)

HOUSEHOLD_COMPARISONS = ("contact", "nationality")
# Below this many records the unsupervised estimates are too noisy: keep the defaults.
MINIMUM_RECORDS_TO_TRAIN = 1_000
U_PRIOR_STRENGTH = 1_000.0  # pseudo-pairs behind the default u when estimating from samples
M_PRIOR_STRENGTH = 100.0  # pseudo-matches behind the default m in each EM step
NAME_COMPARISONS = ("given_name", "family_name")
_DIFFERENT_NAME = GIVEN_NAME.levels.index("different")
_LOOSELY_SIMILAR_NAME = GIVEN_NAME.levels.index("loosely_similar")
_AGREEING_NAME_LEVELS = tuple(
    GIVEN_NAME.levels.index(level)
    for level in ("variant", "phonetic", "shared_token", "similar_spelling")
)
MINIMUM_PROBABILITY = 1e-12


def _level_counts(levels: np.ndarray, weights: np.ndarray | None = None) -> list[np.ndarray]:
    counts = []
    for position, spec in enumerate(COMPARISONS):
        column = levels[:, position].astype(np.int64)
        present = column != NULL_LEVEL
        counts.append(
            np.bincount(
                column[present],
                weights=None if weights is None else weights[present],
                minlength=len(spec.levels),
            ).astype(np.float64)
        )
    return counts


def _smoothed(counts: np.ndarray, prior: np.ndarray, strength: float) -> np.ndarray:
    estimate = (counts + strength * prior) / (counts.sum() + strength)
    return np.maximum(estimate, MINIMUM_PROBABILITY)


def _random_pairs(count: int, sample_size: int, rng: np.random.Generator):
    left = rng.integers(0, count, size=sample_size)
    right = rng.integers(0, count, size=sample_size)
    distinct = left != right
    return left[distinct], right[distinct]


def _random_pairs_within_groups(groups: np.ndarray, sample_size: int, rng: np.random.Generator):
    """Pairs drawn uniformly from all pairs of records sharing a (non-negative) group id, and
    how many such pairs there are."""
    members = np.flatnonzero(groups >= 0)
    members = members[np.argsort(groups[members], kind="stable")]
    sorted_groups = groups[members]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    sizes = np.diff(np.r_[starts, len(members)])
    pair_counts = sizes * (sizes - 1) / 2.0
    if not len(members) or pair_counts.sum() == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, 0.0
    group = np.searchsorted(
        np.cumsum(pair_counts), rng.random(sample_size) * pair_counts.sum(), side="right"
    )
    first = rng.integers(0, sizes[group])
    second = rng.integers(0, sizes[group] - 1)
    second += second >= first
    return members[starts[group] + first], members[starts[group] + second], pair_counts.sum()


def estimate_u(
    scorer: PairScorer,
    encoded: EncodedRecords,
    *,
    sample_size: int,
    seed: int,
) -> dict[str, np.ndarray]:
    """u probabilities from random pairs (household fields: random same-family pairs)."""
    rng = np.random.default_rng(seed)
    random_levels = scorer.compare(
        encoded, encoded, *_random_pairs(len(encoded), sample_size, rng)
    ).levels
    family = encoded.family.skeleton[encoded.name_offsets[:-1]]
    family_left, family_right, _ = _random_pairs_within_groups(family, sample_size, rng)
    family_levels = scorer.compare(encoded, encoded, family_left, family_right).levels
    # Same-family pairs include records of one person (in a file with many duplicates, most
    # of them), whose shared address would pass for a household's and make every address
    # agreement look common.  Siblings have different given names and dates of birth: keep
    # only such pairs.
    given = family_levels[:, COMPARISON_INDEX["given_name"]]
    birth = family_levels[:, COMPARISON_INDEX["date_of_birth"]]
    family_levels = family_levels[(given == _DIFFERENT_NAME) & (birth != 0) & (birth != NULL_LEVEL)]
    random_counts = _level_counts(random_levels)
    family_counts = _level_counts(family_levels)
    u = {}
    for position, spec in enumerate(COMPARISONS):
        counts = family_counts if spec.name in HOUSEHOLD_COMPARISONS else random_counts
        u[spec.name] = _smoothed(counts[position], scorer.model.u[spec.name], U_PRIOR_STRENGTH)
    return u


def compress_patterns(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of a (pairs, comparisons) level matrix and how often each occurs."""
    shifted = levels.astype(np.int64) + 1  # null (-1) becomes 0; every level fits 4 bits
    codes = np.zeros(len(levels), dtype=np.int64)
    for position in range(levels.shape[1]):
        codes |= shifted[:, position] << (4 * position)
    unique_codes, counts = unique_counts(codes)
    patterns = np.stack(
        [((unique_codes >> (4 * position)) & 0xF) - 1 for position in range(levels.shape[1])],
        axis=1,
    ).astype(np.int8)
    return patterns, counts.astype(np.float64)


def expectation_maximisation(
    levels: np.ndarray,
    *,
    model: MatchModel,
    excluded: tuple[str, ...],
    estimated: tuple[str, ...] | None = None,
    initial_share: float = 0.01,
    iterations: int = 60,
    tolerance: float = 1e-5,
) -> tuple[dict[str, np.ndarray], float]:
    """m of the ``estimated`` comparisons (by default all but ``excluded``, those the pairs
    were selected on), with u and other m held fixed, from the levels of a sample of pairs;
    and the share of matches among the pairs."""
    patterns, counts = compress_patterns(levels)
    included = [
        (position, spec) for position, spec in enumerate(COMPARISONS) if spec.name not in excluded
    ]
    to_estimate = [
        (position, spec)
        for position, spec in included
        if estimated is None or spec.name in estimated
    ]
    m = {name: values.copy() for name, values in model.m.items()}
    share = initial_share
    if counts.sum() == 0:
        return m, share
    for _ in range(iterations):
        weight = np.full(len(patterns), np.log2(share / (1.0 - share)))
        for position, spec in included:
            level_weights = np.log2(m[spec.name] / model.u[spec.name])
            column = patterns[:, position].astype(np.int64)
            weight += np.where(column == NULL_LEVEL, 0.0, level_weights[column])
        expected_matches = counts * probability_from_weight(weight)
        share = min(max(float(expected_matches.sum() / counts.sum()), MINIMUM_PROBABILITY), 0.5)
        level_counts = _level_counts(patterns, expected_matches)
        change = 0.0
        for position, spec in to_estimate:
            updated = _smoothed(level_counts[position], model.m[spec.name], M_PRIOR_STRENGTH)
            change = max(change, float(np.abs(updated - m[spec.name]).max()))
            m[spec.name] = updated
        if change < tolerance:
            break
    return m, share


def estimate_m_and_prior(
    scorer: PairScorer,
    encoded: EncodedRecords,
    *,
    model: MatchModel,
    sample_size: int,
    seed: int,
) -> tuple[dict[str, np.ndarray], float]:
    """m from two EM sessions (same exact date of birth; same canonical full name), and the
    prior implied by the share of matches among same-date pairs."""
    rng = np.random.default_rng(seed)
    precise = (encoded.dob_kind == DobKind.EXACT) & (encoded.birth_ordinal >= 0)
    date_left, date_right, date_pairs = _random_pairs_within_groups(
        np.where(precise, encoded.birth_ordinal, -1), sample_size, rng
    )
    same_birth_date = scorer.compare(encoded, encoded, date_left, date_right).levels
    primary = encoded.name_offsets[:-1]
    given = encoded.given.canonical[primary]
    family = encoded.family.canonical[primary]
    named = (given >= 0) & (family >= 0)
    _, full_name = unique_inverse(combine_keys(np.maximum(given, 0), np.maximum(family, 0)))
    name_left, name_right, _ = _random_pairs_within_groups(
        np.where(named, full_name, -1), sample_size, rng
    )
    same_name = scorer.compare(encoded, encoded, name_left, name_right).levels
    m, date_share = expectation_maximisation(
        same_birth_date, model=model, excluded=("date_of_birth",)
    )
    m, _ = expectation_maximisation(
        same_name,
        model=model.with_parameters(m=m),
        excluded=NAME_COMPARISONS,
        estimated=("date_of_birth",),
    )
    # Matching pairs among same-date pairs, over the chance that a matching pair has the
    # same exact date (m of that level times the chance both dates are recorded).
    dated = float((encoded.birth_year > 0).mean())
    same_date_chance = m["date_of_birth"][0] * dated * dated
    all_pairs = len(encoded) * (len(encoded) - 1) / 2.0
    prior = date_share * date_pairs / max(same_date_chance, MINIMUM_PROBABILITY) / all_pairs
    return m, min(max(prior, MINIMUM_PROBABILITY), 0.5)


def agreeing_names_never_count_against(
    m: dict[str, np.ndarray], u: dict[str, np.ndarray]
) -> dict[str, np.ndarray]:
    """m of the name levels that say the names agree (a variant, alike in sound, a token in
    common, a similar spelling) raised where needed so that each weighs at least as much as
    names only loosely alike.  A level seldom seen in the training sample ("Conor" /
    "Connor" where spelling variants are rare) otherwise gets an m near zero and made a
    variant count against a match."""
    result = dict(m)
    for name in NAME_COMPARISONS:
        floor = m[name][_LOOSELY_SIMILAR_NAME] / u[name][_LOOSELY_SIMILAR_NAME]
        raised = m[name].copy()
        agreeing = list(_AGREEING_NAME_LEVELS)
        raised[agreeing] = np.maximum(raised[agreeing], u[name][agreeing] * floor)
        result[name] = raised / raised.sum()
    return result


SAMPLE_PAIRS_PER_RECORD = 40


def train_model(
    scorer: PairScorer,
    encoded: EncodedRecords,
    *,
    sample_size: int = 400_000,
    seed: int = 0,
) -> MatchModel:
    """The scorer's model with u, m and the prior fitted to ``encoded``.

    A small file is sampled less (``SAMPLE_PAIRS_PER_RECORD`` pairs a record): 400,000
    pairs from 1,000 records only repeat pairs, and training was most of its run time."""
    sample_size = min(sample_size, SAMPLE_PAIRS_PER_RECORD * len(encoded))
    with_u = scorer.model.with_parameters(
        u=estimate_u(scorer, encoded, sample_size=sample_size, seed=seed)
    )
    m, prior = estimate_m_and_prior(
        scorer, encoded, model=with_u, sample_size=sample_size, seed=seed + 1
    )
    m = agreeing_names_never_count_against(m, with_u.u)
    return with_u.with_parameters(m=m, prior=prior)
