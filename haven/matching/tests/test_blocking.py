import numpy as np

from haven.matching.blocking import (
    DEFAULT_RULES,
    SkeletonRanks,
    SortedBlocks,
    block_candidates,
    candidate_pairs,
    pairs_within_blocks,
)
from haven.matching.encode import encode_records
from haven.matching.tests.synthetic import true_pairs


def test_blocking_finds_most_true_pairs_with_few_candidates(population_rows, population):
    encoded, vocabularies = encode_records(population)
    left, right = candidate_pairs(encoded, vocabularies)
    found = set(zip(left.tolist(), right.tolist(), strict=True))
    truth = true_pairs(population_rows)
    recall = len(found & truth) / len(truth)
    assert recall > 0.93
    assert len(found) < 30 * len(population)
    assert np.all(left < right)


def test_large_blocks_are_windowed_not_compared_in_full():
    keys = SortedBlocks(
        keys=np.zeros(100, dtype=np.int64),
        records=np.arange(100, dtype=np.int32),
        order=np.arange(100, dtype=np.int64),
    )
    left, right = pairs_within_blocks(keys, max_block_size=10, window=3)
    assert len(left) == 3 * 97 + 2 + 1
    assert np.all(right - left <= 3)
    small_left, _ = pairs_within_blocks(keys, max_block_size=100, window=3)
    assert len(small_left) == 100 * 99 // 2


def test_lookup_candidates_match_batch_pairs(population):
    encoded, vocabularies = encode_records(population)
    ranks = SkeletonRanks.of(vocabularies)
    batch_left, batch_right = candidate_pairs(encoded, vocabularies)
    query = encode_records([population.record_at(0)], vocabularies=vocabularies, frozen=True)[0]
    found = set()
    for rule in DEFAULT_RULES:
        keys = rule.make_keys(query, ranks)
        blocks = SortedBlocks.of(rule.make_keys(encoded, ranks))
        found |= set(
            block_candidates(
                blocks,
                keys.keys,
                keys.order,
                max_block_size=rule.max_block_size,
                window=rule.window,
            ).tolist()
        )
    paired_with_first = set(batch_right[batch_left == 0].tolist())
    assert paired_with_first <= found
