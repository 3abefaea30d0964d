"""Batch deduplication and pairwise comparison of person records.

Thresholds are probabilities that two records are the same person.  They differ by use:
a practitioner searching for a child wants to see every plausible candidate (missing a link
is the classic safeguarding failure, and a human decides), a deduplication review queue
wants likely duplicates, and an unattended batch that links records needs near-certainty.
"""

import multiprocessing
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from haven.matching.arrays import unique_inverse
from haven.matching.blocking import candidate_pairs
from haven.matching.cluster import cluster_pairs
from haven.matching.compare import PairScorer, TermFrequencies
from haven.matching.encode import EncodedRecords, PersonColumns, encode_records
from haven.matching.explain import MatchResult, explain_pair
from haven.matching.model import MatchModel, probability_from_weight, weight_from_probability
from haven.matching.records import PersonRecord
from haven.matching.train import MINIMUM_RECORDS_TO_TRAIN, train_model

LOOKUP_THRESHOLD = 0.05
# The two thresholds caseworkers know from other matching systems (decision 0024, with the
# measured precision and recall behind each): a *possible* match is only offered for review;
# a *likely* match is clustered by the batch job and shown first.
POSSIBLE_MATCH_THRESHOLD = 0.5
LIKELY_MATCH_THRESHOLD = 0.9
# A band between the two, where a reviewer's care matters most.
LIKELY_THRESHOLD = 0.7
MAX_CLUSTER_SIZE = 50
SCORING_CHUNK_SIZE = 1_000_000


@dataclass(frozen=True)
class Likelihood:
    """A probability as a band a reviewer reads: a code for the API and words for pages."""

    code: str
    words: str
    scores: str  # the probabilities in the band, in words


LIKELIHOODS = (
    (
        LIKELY_MATCH_THRESHOLD,
        Likelihood("very_likely", "Very likely the same person", "90% or more"),
    ),
    (LIKELY_THRESHOLD, Likelihood("likely", "Likely the same person", "70% to 89%")),
    (POSSIBLE_MATCH_THRESHOLD, Likelihood("possible", "Possibly the same person", "50% to 69%")),
    (0.0, Likelihood("unlikely", "Unlikely to be the same person", "less than 50%")),
)


def likelihood(probability: float) -> Likelihood:
    """The band of a match probability: the score is an estimate, so reviewers see a band."""
    return next(band for floor, band in LIKELIHOODS if probability >= floor)


@dataclass
class DeduplicationResult:
    """Clusters of records judged to be the same person, with how they were found."""

    record_ids: list[str]
    labels: np.ndarray  # per record: the position of the first record of its cluster
    candidate_pairs: int
    linked_pairs: int
    model: MatchModel
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def clusters(self) -> list[tuple[str, ...]]:
        """Every record in exactly one cluster; singletons are clusters of one."""
        order = np.argsort(self.labels, kind="stable")
        boundaries = np.flatnonzero(np.diff(self.labels[order])) + 1
        return [
            tuple(self.record_ids[position] for position in group)
            for group in np.split(order, boundaries)
            if len(group)
        ]

    def cluster_ids(self) -> list[int]:
        """Per record, in input order, a cluster number counting from 1 in order of first
        appearance (a cluster's label is the position of its first record)."""
        _, inverse = unique_inverse(self.labels)
        return (inverse + 1).tolist()


@dataclass
class _ScoringJob:
    """What forked scoring workers read: inherited from the parent process at fork, so the
    encoded records are shared copy-on-write rather than pickled."""

    scorer: PairScorer
    encoded: EncodedRecords
    left: np.ndarray
    right: np.ndarray
    threshold: float


_scoring_job: _ScoringJob | None = None


def _score_chunk(bounds: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(positions, probabilities) of the pairs in ``bounds`` scoring at least the threshold."""
    job = _scoring_job
    start, stop = bounds
    # A hair below the threshold's weight, so rounding in the conversion can only let a
    # pair through to the exact test on its probability, never drop one.
    minimum_weight = weight_from_probability(job.threshold) - 1e-6
    candidates, weights = job.scorer.pairs_scoring_at_least(
        job.encoded, job.encoded, job.left[start:stop], job.right[start:stop], minimum_weight
    )
    probability = probability_from_weight(weights)
    linked = np.flatnonzero(probability >= job.threshold)
    return candidates[linked] + start, probability[linked].astype(np.float32)


def _timed(function, *arguments):
    """(the function's result, the seconds it took)."""
    started = time.perf_counter()
    result = function(*arguments)
    return result, time.perf_counter() - started


def linked_pairs(
    scorer: PairScorer,
    encoded: EncodedRecords,
    left: np.ndarray,
    right: np.ndarray,
    *,
    threshold: float,
    processes: int,
    chunk_size: int = SCORING_CHUNK_SIZE,
) -> tuple[np.ndarray, np.ndarray]:
    """(positions, probabilities) of candidate pairs scoring at least ``threshold``.

    Pairs are scored a chunk at a time, which bounds memory; with several processes the
    chunks are shared between forked workers.
    """
    global _scoring_job
    bounds = [
        (start, min(start + chunk_size, len(left))) for start in range(0, len(left), chunk_size)
    ]
    _scoring_job = _ScoringJob(scorer, encoded, left, right, threshold)
    try:
        if processes > 1 and len(bounds) > 1:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=processes, mp_context=context) as pool:
                results = list(pool.map(_score_chunk, bounds))
        else:
            results = [_score_chunk(chunk) for chunk in bounds]
    finally:
        _scoring_job = None
    if not results:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
    return (
        np.concatenate([positions for positions, _ in results]),
        np.concatenate([probabilities for _, probabilities in results]),
    )


def deduplicate(
    records: Sequence[PersonRecord] | PersonColumns,
    *,
    threshold: float = LIKELY_MATCH_THRESHOLD,
    model: MatchModel | None = None,
    train: bool = True,
    max_cluster_size: int = MAX_CLUSTER_SIZE,
    processes: int = 2,
    seed: int = 0,
) -> DeduplicationResult:
    """Group records of the same person.

    With ``train`` (and at least ``MINIMUM_RECORDS_TO_TRAIN`` records) the model's u, m
    and prior are first estimated from these records, unsupervised; otherwise ``model`` (or
    the default priors) is used as it is.  Blocking
    proposes candidate pairs, each is scored, pairs at or above ``threshold`` are linked and
    linked records clustered (connected components, with oversized clusters split on their
    stronger links).
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    encoded, vocabularies = encode_records(records)
    timings["encode"] = time.perf_counter() - started

    # Blocking is sorting and indexing in NumPy, which releases the GIL: it runs in a
    # thread while the model is trained, so it takes the core training leaves idle.
    with ThreadPoolExecutor(max_workers=1) as blocking_thread:
        blocking = blocking_thread.submit(_timed, candidate_pairs, encoded, vocabularies)
        step = time.perf_counter()
        frequencies = TermFrequencies.of(encoded, vocabularies)
        fitted = model or MatchModel()
        if train and len(encoded) >= MINIMUM_RECORDS_TO_TRAIN:
            training_scorer = PairScorer(
                model=fitted,
                vocabularies=vocabularies,
                term_frequencies=frequencies,
                workers=processes,
            )
            fitted = train_model(training_scorer, encoded, seed=seed)
        # Scoring parallelises over processes, so each compares strings on one thread.
        scorer = PairScorer(
            model=fitted, vocabularies=vocabularies, term_frequencies=frequencies, workers=1
        )
        timings["training"] = time.perf_counter() - step
        step = time.perf_counter()
        (left, right), timings["blocking"] = blocking.result()
        timings["waiting_for_blocking"] = time.perf_counter() - step

    step = time.perf_counter()
    positions, probability = linked_pairs(
        scorer, encoded, left, right, threshold=threshold, processes=processes
    )
    timings["scoring"] = time.perf_counter() - step

    step = time.perf_counter()
    labels = cluster_pairs(
        len(encoded),
        left[positions],
        right[positions],
        probability,
        threshold=threshold,
        max_cluster_size=max_cluster_size,
    )
    timings["clustering"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    return DeduplicationResult(
        record_ids=encoded.record_ids,
        labels=labels,
        candidate_pairs=len(left),
        linked_pairs=len(positions),
        model=scorer.model,
        timings=timings,
    )


def compare_records(
    left: PersonRecord, right: PersonRecord, *, model: MatchModel | None = None
) -> MatchResult:
    """Score one pair of records with a per-comparison explanation."""
    encoded, vocabularies = encode_records([left, right])
    scorer = PairScorer(model=model or MatchModel(), vocabularies=vocabularies)
    comparison = scorer.compare(encoded, encoded, np.array([0]), np.array([1]))
    return explain_pair(scorer, encoded, encoded, comparison, left_record=left, right_record=right)
