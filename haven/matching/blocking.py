"""Blocking: which pairs of records are worth comparing at all.

Each rule gives every record one or more integer keys; records sharing a key form a block
and only pairs within a block are compared.  The rules overlap on purpose, so a duplicate
missed by one (a changed date of birth, a misspelt family name) is caught by another.

Blocks are found by sorting, never by Python dictionaries of lists.  A block larger than
``max_block_size`` (every "Nguyen" born in 2010) is not compared in full: it is sorted by a
secondary key and each record is compared with its ``window`` nearest neighbours in that
order (sorted neighbourhood), which keeps the number of pairs linear in the data.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

import numpy as np

from haven.matching.arrays import sorted_unique
from haven.matching.encode import MISSING, EncodedRecords, NameColumns, Vocabularies


@dataclass(frozen=True)
class BlockingKeys:
    """One rule's keys: record ``records[k]`` has key ``keys[k]``; ``order`` sorts a block."""

    keys: np.ndarray
    records: np.ndarray
    order: np.ndarray


@dataclass(frozen=True)
class BlockingRule:
    name: str
    make_keys: Callable[[EncodedRecords, "SkeletonRanks"], BlockingKeys]
    max_block_size: int
    window: int


@dataclass(frozen=True)
class SkeletonRanks:
    """Alphabetical rank of each name skeleton, so sorting by rank puts similar names next
    to each other within a large block, and the initial letter of each skeleton."""

    rank: np.ndarray
    initial: np.ndarray

    @classmethod
    def of(cls, vocabularies: Vocabularies) -> "SkeletonRanks":
        # Ids are positions in the vocabulary's insertion order (position 0 holds "").
        skeletons = list(vocabularies.name_skeleton.ids)
        rank = np.empty(len(skeletons), dtype=np.int64)
        rank[sorted(range(len(skeletons)), key=skeletons.__getitem__)] = np.arange(len(skeletons))
        initial = np.array(
            [ord(skeleton[0]) if skeleton else MISSING for skeleton in skeletons], dtype=np.int64
        )
        return cls(rank=rank, initial=initial)

    def rank_of(self, ids: np.ndarray) -> np.ndarray:
        """Rank, with unknown and missing names sorted last."""
        known = (ids >= 0) & (ids < len(self.rank))
        result = np.full(len(ids), len(self.rank), dtype=np.int64)
        result[known] = self.rank[ids[known]]
        return result

    def initial_of(self, ids: np.ndarray) -> np.ndarray:
        known = (ids >= 0) & (ids < len(self.initial))
        result = np.full(len(ids), MISSING, dtype=np.int64)
        result[known] = self.initial[ids[known]]
        return result


def combine_keys(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One int64 key from two non-negative int32-range components."""
    return (first.astype(np.int64) << 32) | second.astype(np.int64)


def _keep(keys: BlockingKeys, valid: np.ndarray) -> BlockingKeys:
    return BlockingKeys(keys.keys[valid], keys.records[valid], keys.order[valid])


def _concatenate(parts: list[BlockingKeys]) -> BlockingKeys:
    return BlockingKeys(
        keys=np.concatenate([part.keys for part in parts]),
        records=np.concatenate([part.records for part in parts]),
        order=np.concatenate([part.order for part in parts]),
    )


def _name_token_keys(
    encoded: EncodedRecords, ranks: SkeletonRanks, other_component: np.ndarray
) -> BlockingKeys:
    """Keys from each first/last name token of each name entry, given and family alike (so
    swapped names collide), combined with ``other_component`` per record (a birth date or
    year); sorted within a block by the skeleton of the other name part."""
    entry_record = encoded.name_record.astype(np.int64)
    component = other_component[entry_record]
    parts: list[BlockingKeys] = []
    pairs: list[tuple[NameColumns, NameColumns]] = [
        (encoded.given, encoded.family),
        (encoded.family, encoded.given),
    ]
    for token_part, other_part in pairs:
        order = ranks.rank_of(other_part.skeleton)
        for tokens in (token_part.first_skeleton, token_part.last_skeleton):
            keys = BlockingKeys(combine_keys(tokens, component), entry_record, order)
            parts.append(_keep(keys, (tokens >= 0) & (component >= 0)))
    return _concatenate(parts)


def name_token_and_birth_date(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    return _name_token_keys(encoded, ranks, encoded.birth_digits.astype(np.int64))


def name_token_and_birth_year(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    year = encoded.birth_year.astype(np.int64)
    return _name_token_keys(encoded, ranks, np.where(year > 0, year, MISSING))


def full_name_either_order(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    """Both name parts' skeletons, in either order, whatever the date of birth."""
    given, family = encoded.given.skeleton, encoded.family.skeleton
    entry_record = encoded.name_record.astype(np.int64)
    keys = BlockingKeys(
        keys=combine_keys(np.minimum(given, family), np.maximum(given, family)),
        records=entry_record,
        order=encoded.birth_digits[entry_record].astype(np.int64),
    )
    return _keep(keys, (given >= 0) & (family >= 0))


def _primary_name_order(encoded: EncodedRecords, ranks: SkeletonRanks) -> np.ndarray:
    primary = encoded.name_offsets[:-1]
    return combine_keys(
        ranks.rank_of(encoded.family.skeleton[primary]),
        ranks.rank_of(encoded.given.skeleton[primary]),
    )


def _ragged_keys(encoded: EncodedRecords, ranks: SkeletonRanks, offsets, values) -> BlockingKeys:
    records = np.repeat(np.arange(len(encoded), dtype=np.int64), np.diff(offsets))
    keys = BlockingKeys(
        keys=values.astype(np.int64),
        records=records,
        order=_primary_name_order(encoded, ranks)[records],
    )
    return _keep(keys, values >= 0)


def shared_identifier(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    return _ragged_keys(encoded, ranks, encoded.identifier.offsets, encoded.identifier.values)


def shared_phone(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    return _ragged_keys(encoded, ranks, encoded.phone.offsets, encoded.phone.values)


def postcode_and_given_initial(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    entry_record = encoded.name_record.astype(np.int64)
    postcode = encoded.postcode[entry_record]
    initial = ranks.initial_of(encoded.given.skeleton)
    keys = BlockingKeys(
        keys=combine_keys(postcode, initial),
        records=entry_record,
        order=ranks.rank_of(encoded.family.skeleton),
    )
    return _keep(keys, (postcode >= 0) & (initial >= 0))


def postcode_and_family_initial(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    """The given name misspelt from its first letter still meets its record here."""
    entry_record = encoded.name_record.astype(np.int64)
    postcode = encoded.postcode[entry_record]
    initial = ranks.initial_of(encoded.family.skeleton)
    keys = BlockingKeys(
        keys=combine_keys(postcode, initial),
        records=entry_record,
        order=ranks.rank_of(encoded.given.skeleton),
    )
    return _keep(keys, (postcode >= 0) & (initial >= 0))


def birth_date_and_initial(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    """The date of birth as written (a date that is not a real one too) with the initial of
    either name part: both names misspelt past their sound still meet here."""
    entry_record = encoded.name_record.astype(np.int64)
    digits = encoded.birth_digits[entry_record].astype(np.int64)
    parts = []
    for part, other in ((encoded.given, encoded.family), (encoded.family, encoded.given)):
        initial = ranks.initial_of(part.skeleton)
        keys = BlockingKeys(
            keys=combine_keys(np.maximum(digits, 0), np.maximum(initial, 0)),
            records=entry_record,
            order=ranks.rank_of(other.skeleton),
        )
        parts.append(_keep(keys, (digits >= 0) & (initial >= 0)))
    return _concatenate(parts)


def name_token_and_other_initial(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    """A first or last name token with the initial of the other name part, whatever the
    date of birth: a misspelt given or family name still meets its record through the
    other, in either order ("Mhary Patwrson" / "Patesrn Mhary")."""
    entry_record = encoded.name_record.astype(np.int64)
    parts: list[BlockingKeys] = []
    for token_part, other_part in (
        (encoded.given, encoded.family),
        (encoded.family, encoded.given),
    ):
        initial = ranks.initial_of(other_part.skeleton)
        order = ranks.rank_of(other_part.skeleton)
        for tokens in (token_part.first_skeleton, token_part.last_skeleton):
            keys = BlockingKeys(combine_keys(tokens, initial), entry_record, order)
            parts.append(_keep(keys, (tokens >= 0) & (initial >= 0)))
    return _concatenate(parts)


def street_and_house_number(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    """The house number and the first letters of the street: an address typed with errors
    further on, with both names and the date of birth changed or missing."""
    keys = BlockingKeys(
        keys=encoded.street.astype(np.int64),
        records=np.arange(len(encoded), dtype=np.int64),
        order=_primary_name_order(encoded, ranks),
    )
    return _keep(keys, encoded.street >= 0)


def birth_date_as_written(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    """The date of birth alone, sorted by postcode: both names misspelt or missing."""
    keys = BlockingKeys(
        keys=encoded.birth_digits.astype(np.int64),
        records=np.arange(len(encoded), dtype=np.int64),
        order=encoded.postcode.astype(np.int64),
    )
    return _keep(keys, encoded.birth_digits >= 0)


def _date_parts_and_initial(
    encoded: EncodedRecords, ranks: SkeletonRanks, first: np.ndarray, second: np.ndarray
) -> BlockingKeys:
    """Two parts of the date of birth (the third may be mistyped) with the initial of
    either name part, sorted by the other name part."""
    entry_record = encoded.name_record.astype(np.int64)
    known = (encoded.birth_year > 0) & (encoded.birth_month > 0) & (encoded.birth_day > 0)
    date_key = np.where(known, first.astype(np.int64) * 100 + second, MISSING)[entry_record]
    parts = []
    for part, other in ((encoded.given, encoded.family), (encoded.family, encoded.given)):
        initial = ranks.initial_of(part.skeleton)
        keys = BlockingKeys(
            keys=combine_keys(np.maximum(date_key, 0), np.maximum(initial, 0)),
            records=entry_record,
            order=ranks.rank_of(other.skeleton),
        )
        parts.append(_keep(keys, (date_key >= 0) & (initial >= 0)))
    return _concatenate(parts)


def birth_year_month_and_initial(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    return _date_parts_and_initial(encoded, ranks, encoded.birth_year, encoded.birth_month)


def birth_month_day_and_initial(encoded: EncodedRecords, ranks: SkeletonRanks) -> BlockingKeys:
    return _date_parts_and_initial(encoded, ranks, encoded.birth_month, encoded.birth_day)


DEFAULT_RULES: tuple[BlockingRule, ...] = (
    BlockingRule("name_token_and_birth_date", name_token_and_birth_date, 20, 6),
    BlockingRule("name_token_and_birth_year", name_token_and_birth_year, 10, 3),
    BlockingRule("full_name_either_order", full_name_either_order, 20, 6),
    BlockingRule("shared_identifier", shared_identifier, 60, 20),
    BlockingRule("shared_phone", shared_phone, 30, 10),
    BlockingRule("postcode_and_given_initial", postcode_and_given_initial, 20, 6),
    BlockingRule("postcode_and_family_initial", postcode_and_family_initial, 20, 6),
    BlockingRule("birth_date_and_initial", birth_date_and_initial, 20, 6),
    # Keys that survive a typo in every field at once, in small blocks and narrow windows:
    # they find the last few per cent of duplicates and must not double the pairs compared.
    BlockingRule("name_token_and_other_initial", name_token_and_other_initial, 10, 2),
    BlockingRule("street_and_house_number", street_and_house_number, 10, 2),
    BlockingRule("birth_date_as_written", birth_date_as_written, 10, 1),
    BlockingRule("birth_year_month_and_initial", birth_year_month_and_initial, 8, 1),
    BlockingRule("birth_month_day_and_initial", birth_month_day_and_initial, 8, 1),
)


@dataclass(frozen=True)
class SortedBlocks:
    """One rule's keys sorted by (key, order), ready for range look-ups."""

    keys: np.ndarray
    records: np.ndarray
    order: np.ndarray

    @classmethod
    def of(cls, blocking_keys: BlockingKeys) -> "SortedBlocks":
        sort = np.lexsort((blocking_keys.order, blocking_keys.keys))
        return cls(
            keys=blocking_keys.keys[sort],
            records=blocking_keys.records[sort].astype(np.int32),
            order=blocking_keys.order[sort],
        )


def pairs_within_blocks(blocks: SortedBlocks, *, max_block_size: int, window: int):
    """(left, right) record indices of pairs sharing a block, left < right, may repeat."""
    keys = blocks.keys
    size = len(keys)
    if size < 2:
        empty = np.empty(0, dtype=np.int32)
        return empty, empty
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    block_sizes = np.diff(np.r_[starts, size])
    block_end = np.repeat(starts + block_sizes, block_sizes)
    remaining = block_end - np.arange(size) - 1
    reach = np.where(
        np.repeat(block_sizes, block_sizes) <= max_block_size,
        remaining,
        np.minimum(remaining, window),
    )
    left = np.repeat(np.arange(size), reach)
    within = np.arange(len(left)) - np.repeat(np.cumsum(reach) - reach, reach)
    right = left + 1 + within
    left_record, right_record = blocks.records[left], blocks.records[right]
    distinct = left_record != right_record
    left_record, right_record = left_record[distinct], right_record[distinct]
    return np.minimum(left_record, right_record), np.maximum(left_record, right_record)


def candidate_pairs(
    encoded: EncodedRecords,
    vocabularies: Vocabularies,
    *,
    rules: tuple[BlockingRule, ...] = DEFAULT_RULES,
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct candidate pairs (left < right) over all rules, sorted."""
    ranks = SkeletonRanks.of(vocabularies)
    count = len(encoded)
    pair_keys = []
    for rule in rules:
        blocks = SortedBlocks.of(rule.make_keys(encoded, ranks))
        left, right = pairs_within_blocks(
            blocks, max_block_size=rule.max_block_size, window=rule.window
        )
        pair_keys.append(left.astype(np.int64) * count + right)
    keys = np.concatenate(pair_keys) if pair_keys else np.empty(0, np.int64)
    del pair_keys
    # Tens of millions of keys: the pairs of the first and of the second half of the
    # records are sorted in two threads (NumPy sorts without the GIL), each in place to
    # spare a copy, then joined in order.
    first_half = keys < (count // 2) * count
    halves = (keys[first_half], keys[~first_half])
    del keys, first_half
    with ThreadPoolExecutor(max_workers=2) as threads:
        unique = np.concatenate(list(threads.map(partial(sorted_unique, in_place=True), halves)))
    return (unique // count).astype(np.int32), (unique % count).astype(np.int32)


# A large block's records sorting exactly where a query sorts are read up to this many times
# the rule's largest block read whole: by the in-memory index and the stored lookup alike.
# Three, not ten (decision 0058): at 1,000,000 people a lookup read 42 % fewer candidates and
# returned 2 fewer of 2,203 true matches (`bench/matching.py --equal-sort-key-caps`).
EQUAL_SORT_KEY_CAP = 3


def block_candidates(
    blocks: SortedBlocks,
    query_keys: np.ndarray,
    query_order: np.ndarray,
    *,
    max_block_size: int,
    window: int,
    equal_sort_key_cap: int = EQUAL_SORT_KEY_CAP,
) -> np.ndarray:
    """Records of an index sharing a block with a query.

    In a large block: the records with the query's sort key (the first ``equal_sort_key_cap``
    times ``max_block_size`` of them) and ``window`` records either side of them, a superset
    of what :func:`pairs_within_blocks` pairs a member with while the cap is not reached.
    """
    found = []
    most_equal = equal_sort_key_cap * max_block_size
    lows = np.searchsorted(blocks.keys, query_keys, side="left")
    highs = np.searchsorted(blocks.keys, query_keys, side="right")
    for low, high, order in zip(lows.tolist(), highs.tolist(), query_order.tolist(), strict=True):
        if high - low > max_block_size:
            block_order = blocks.order[low:high]
            first = low + int(np.searchsorted(block_order, order, side="left"))
            last = low + int(np.searchsorted(block_order, order, side="right"))
            found.append(blocks.records[max(low, first - window) : min(last, first + most_equal)])
            found.append(blocks.records[last : min(high, last + window)])
        elif high > low:
            found.append(blocks.records[low:high])
    return np.concatenate(found) if found else np.empty(0, dtype=np.int32)
