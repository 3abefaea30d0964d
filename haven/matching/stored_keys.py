"""What a person's record is stored under so possible matches are found in the database
(decision 0045) instead of in an index each web process rebuilds from everyone.

Two kinds of row per person, both pure functions of their record:

- **blocking keys**: the same blocking rules the batch and the in-memory index use
  (``blocking.DEFAULT_RULES``), run over the record encoded with ids that do not depend on
  which other records were encoded with it (a 31-bit CRC of each string), so a key stored
  when the person was recorded equals the key of a query typed later. Within a large block
  records are ordered by a code that sorts like the first six letters of a name skeleton, in
  place of the in-memory index's alphabetical rank, which depends on everyone's names.
- **name parts**: each name entry's canonical spelling, skeleton and first and last tokens,
  given and family, counted in the database to tell how common a name is
  (``compare.TermFrequencies.counted``), as the in-memory index counted its own records.
"""

import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# np.unique imports numpy.ma on first use: 20 ms of a web worker's first lookup, paid at start.
import numpy.ma

from haven.matching.blocking import DEFAULT_RULES, BlockingRule
from haven.matching.encode import (
    MISSING,
    EncodedRecords,
    PersonColumns,
    Vocabularies,
    Vocabulary,
    alias_parts,
    encode_records,
)
from haven.matching.normalise import name_part_keys
from haven.matching.records import PersonRecord

# Sorts after every name: the in-memory ranks put unknown names last too.
LAST = 2**31 - 1
_RANK_LETTERS = 6


class StableVocabulary(Vocabulary):
    """Ids that are the same for a string whatever else is encoded: its CRC-32 in 31 bits.
    Two strings may share an id; in a blocking key that only adds a candidate the scorer
    then rejects."""

    def encode(self, values: Sequence[str], *, frozen: bool) -> np.ndarray:
        ids = self.ids
        for value in dict.fromkeys(values):
            if value not in ids:
                ids[value] = zlib.crc32(value.encode()) & LAST
        return np.fromiter(map(ids.__getitem__, values), dtype=np.int32, count=len(values))


def _rank_code(skeleton: str) -> int:
    """An order-preserving code of the first letters of a skeleton, below ``LAST``."""
    code = 0
    for position in range(_RANK_LETTERS):
        letter = skeleton[position] if position < len(skeleton) else ""
        code = code * 27 + (min(max(ord(letter) - 96, 1), 26) if letter else 0)
    return code


class StableRanks:
    """``blocking.SkeletonRanks`` for stable ids: the order of a skeleton from its own
    letters rather than from its place among everyone's."""

    def __init__(self, vocabulary: StableVocabulary) -> None:
        known = {id_: skeleton for skeleton, id_ in vocabulary.ids.items() if skeleton}
        self._rank = {id_: _rank_code(skeleton) for id_, skeleton in known.items()}
        self._initial = {id_: ord(skeleton[0]) for id_, skeleton in known.items()}

    @staticmethod
    def _mapped(ids: np.ndarray, table: dict[int, int], missing: int) -> np.ndarray:
        distinct, inverse = np.unique(ids, return_inverse=True)
        values = np.array([table.get(int(id_), missing) for id_ in distinct], dtype=np.int64)
        return values[inverse] if len(ids) else np.empty(0, dtype=np.int64)

    def rank_of(self, ids: np.ndarray) -> np.ndarray:
        return self._mapped(ids, self._rank, LAST)

    def initial_of(self, ids: np.ndarray) -> np.ndarray:
        return self._mapped(ids, self._initial, MISSING)


def stable_vocabularies() -> Vocabularies:
    return Vocabularies(*(StableVocabulary() for _ in range(11)))


@dataclass(frozen=True)
class BlockingKeyRows:
    """Row ``k``: record ``records[k]`` is in rule ``rules[k]``'s block ``keys[k]`` at
    ``sort_keys[k]``; each (record, rule, key, sort key) once."""

    records: np.ndarray
    rules: np.ndarray
    keys: np.ndarray
    sort_keys: np.ndarray

    def __len__(self) -> int:
        return len(self.records)


def encode_stably(
    records: Sequence[PersonRecord] | PersonColumns,
) -> tuple[EncodedRecords, StableRanks]:
    encoded, vocabularies = encode_records(records, vocabularies=stable_vocabularies())
    return encoded, StableRanks(vocabularies.name_skeleton)


def blocking_key_rows(
    records: Sequence[PersonRecord] | PersonColumns,
    *,
    rules: tuple[BlockingRule, ...] = DEFAULT_RULES,
) -> BlockingKeyRows:
    encoded, ranks = encode_stably(records)
    parts = []
    for number, rule in enumerate(rules):
        keys = rule.make_keys(encoded, ranks)
        parts.append(
            np.stack(
                [
                    keys.records.astype(np.int64),
                    np.full(len(keys.keys), number, dtype=np.int64),
                    keys.keys.astype(np.int64),
                    keys.order.astype(np.int64),
                ],
                axis=1,
            )
        )
    rows = np.unique(np.concatenate(parts), axis=0) if parts else np.empty((0, 4), np.int64)
    return BlockingKeyRows(
        records=rows[:, 0], rules=rows[:, 1], keys=rows[:, 2], sort_keys=rows[:, 3]
    )


NAME_PART_FIELDS = (
    "given_canonical",
    "given_skeleton",
    "given_first_token",
    "given_last_token",
    "family_canonical",
    "family_skeleton",
    "family_first_token",
    "family_last_token",
)


def _part_keys(value: str) -> tuple[str, str, str, str]:
    keys = name_part_keys(value or "")
    return keys.canonical, keys.skeleton, keys.first_token, keys.last_token


def name_part_rows(record: PersonRecord) -> list[dict[str, str]]:
    """``NAME_PART_FIELDS`` of each name entry of ``record``: its own name, then each alias,
    as ``encode.encode_records`` makes its name entries."""
    names = [(record.given_name, record.family_name)]
    names += [alias_parts(alias) for alias in record.aliases]
    return [
        dict(zip(NAME_PART_FIELDS, _part_keys(given) + _part_keys(family), strict=True))
        for given, family in names
    ]
