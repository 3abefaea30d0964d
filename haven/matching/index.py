"""An in-memory index for looking one person up against many records.

Build once (encoding, blocking keys sorted per rule, model), then each lookup encodes the
query against the index's vocabularies, finds candidates with binary searches into the
sorted blocking keys, scores them with the same vectorised scorer the batch uses and
explains the best.
"""

import time
from collections.abc import Callable, Sequence

import numpy as np

from haven.matching.arrays import sorted_unique
from haven.matching.blocking import (
    DEFAULT_RULES,
    EQUAL_SORT_KEY_CAP,
    BlockingRule,
    SkeletonRanks,
    SortedBlocks,
    block_candidates,
)
from haven.matching.compare import PairScorer, TermFrequencies
from haven.matching.encode import EncodedRecords, PersonColumns, encode_records
from haven.matching.engine import LOOKUP_THRESHOLD
from haven.matching.explain import MatchResult, explain_pairs
from haven.matching.model import MatchModel, probability_from_weight
from haven.matching.records import PersonRecord
from haven.matching.train import MINIMUM_RECORDS_TO_TRAIN, train_model

DEFAULT_LIMIT = 10


class PersonIndex:
    """Records indexed for single-record lookups; see :func:`build_index`."""

    def __init__(
        self,
        records: Sequence[PersonRecord] | PersonColumns,
        *,
        model: MatchModel | None = None,
        train: bool = True,
        rules: tuple[BlockingRule, ...] = DEFAULT_RULES,
        seed: int = 0,
    ) -> None:
        started = time.perf_counter()
        self._records = records
        self._encoded, self._vocabularies = encode_records(records)
        frequencies = TermFrequencies.of(self._encoded, self._vocabularies)
        fitted = model or MatchModel()
        if train and len(self._encoded) >= MINIMUM_RECORDS_TO_TRAIN:
            training_scorer = PairScorer(
                model=fitted, vocabularies=self._vocabularies, term_frequencies=frequencies
            )
            fitted = train_model(training_scorer, self._encoded, seed=seed)
        self._scorer = PairScorer(
            model=fitted, vocabularies=self._vocabularies, term_frequencies=frequencies
        )
        self._ranks = SkeletonRanks.of(self._vocabularies)
        self._blocks = [
            (rule, SortedBlocks.of(rule.make_keys(self._encoded, self._ranks))) for rule in rules
        ]
        self.build_seconds = time.perf_counter() - started

    def __len__(self) -> int:
        return len(self._encoded)

    @property
    def model(self) -> MatchModel:
        return self._scorer.model

    def _record_at(self, position: int) -> PersonRecord:
        if isinstance(self._records, PersonColumns):
            return self._records.record_at(position)
        return self._records[position]

    def lookup(
        self,
        record: PersonRecord,
        *,
        threshold: float = LOOKUP_THRESHOLD,
        limit: int = DEFAULT_LIMIT,
        equal_sort_key_cap: int = EQUAL_SORT_KEY_CAP,
    ) -> list[MatchResult]:
        """Indexed records that may be the same person as ``record``, most likely first,
        at most ``limit`` of them, each with match probability at least ``threshold``.
        A record with the same ``record_id`` as the query is not returned.
        ``equal_sort_key_cap``: see ``blocking.block_candidates`` (another is measured by
        ``bench/matching.py``)."""
        query, _ = encode_records([record], vocabularies=self._vocabularies, frozen=True)
        found = []
        for rule, blocks in self._blocks:
            keys = rule.make_keys(query, self._ranks)
            found.append(
                block_candidates(
                    blocks,
                    keys.keys,
                    keys.order,
                    max_block_size=rule.max_block_size,
                    window=rule.window,
                    equal_sort_key_cap=equal_sort_key_cap,
                )
            )
        candidates = sorted_unique(np.concatenate(found)).astype(np.int64)
        (matches,) = best_matches(
            self._scorer,
            query,
            self._encoded,
            [candidates],
            query_records=[record],
            record_at=self._record_at,
            threshold=threshold,
            limit=limit,
        )
        return matches


def best_matches(
    scorer: PairScorer,
    queries: EncodedRecords,
    encoded: EncodedRecords,
    candidates: Sequence[np.ndarray],
    *,
    query_records: Sequence[PersonRecord],
    record_at: Callable[[int], PersonRecord],
    threshold: float,
    limit: int,
    explained: Sequence[bool] | None = None,
) -> list[list[MatchResult]]:
    """For each query record (a row of ``queries``), its ``candidates`` (positions in
    ``encoded``) most likely to be the same person, at most ``limit`` with probability at
    least ``threshold``; never a record with the query's own ``record_id``. Each with its
    evidence where ``explained`` (all by default); else with none, for an answer that never
    shows it (explaining re-weighs the pair). Every query's pairs are weighed in one
    comparison: a comparison's cost is mostly per call, not per pair."""
    explained = explained or [True] * len(query_records)
    left = np.concatenate(
        [np.full(len(found), number, dtype=np.int64) for number, found in enumerate(candidates)]
    )
    right = np.concatenate([np.asarray(found, dtype=np.int64) for found in candidates])
    if not len(right):
        return [[] for _ in query_records]
    comparison = scorer.compare(queries, encoded, left, right)
    probability = probability_from_weight(comparison.weights)
    # Each query's best, in order: a result, or the pair to explain (all explained together).
    best: list[list[MatchResult | tuple[int, PersonRecord, PersonRecord]]] = []
    for number, (record, explain) in enumerate(zip(query_records, explained, strict=True)):
        pairs = np.flatnonzero(left == number)
        ranked = pairs[np.argsort(-comparison.weights[pairs], kind="stable")]
        chosen: list[MatchResult | tuple[int, PersonRecord, PersonRecord]] = []
        for position in ranked:
            if probability[position] < threshold or len(chosen) == limit:
                break
            candidate = record_at(int(right[position]))
            if candidate.record_id == record.record_id:
                continue
            chosen.append(
                (int(position), record, candidate)
                if explain
                else MatchResult(
                    record_id=record.record_id,
                    candidate_id=candidate.record_id,
                    probability=float(probability[position]),
                    match_weight=round(float(comparison.weights[position]), 2),
                    evidence=(),
                )
            )
        best.append(chosen)
    to_explain = [row for chosen in best for row in chosen if isinstance(row, tuple)]
    explained_results = iter(
        explain_pairs(
            scorer,
            queries,
            encoded,
            comparison,
            positions=[position for position, _, _ in to_explain],
            left_records=[record for _, record, _ in to_explain],
            right_records=[candidate for _, _, candidate in to_explain],
        )
        if to_explain
        else ()
    )
    return [
        [next(explained_results) if isinstance(row, tuple) else row for row in chosen]
        for chosen in best
    ]


def build_index(
    records: Sequence[PersonRecord] | PersonColumns,
    *,
    model: MatchModel | None = None,
    train: bool = True,
) -> PersonIndex:
    """Index ``records`` for :meth:`PersonIndex.lookup`.

    With ``train`` (and at least ``MINIMUM_RECORDS_TO_TRAIN`` records) the model is fitted
    to the records without supervision, which calibrates probabilities to this population;
    otherwise ``model`` or the default priors are used.
    """
    return PersonIndex(records, model=model, train=train)
