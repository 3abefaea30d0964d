"""Vectorised comparison of record pairs.

:class:`PairScorer` takes two encoded record sets and two index arrays naming the pairs to
compare, and returns every pair's comparison levels and match weight.  The same code scores
the millions of candidate pairs of a batch deduplication and the few hundred candidates of
a single live lookup, so the two can never disagree.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler

from haven.matching.arrays import first_positions_inverse, sorted_unique, unique_counts
from haven.matching.blocking import combine_keys
from haven.matching.encode import (
    IDENTIFIER_KIND_CODES,
    MISSING,
    DobKind,
    EncodedRecords,
    NameColumns,
    Ragged,
    Vocabularies,
)
from haven.matching.model import (
    COMPARISON_INDEX,
    COMPARISONS,
    DATE_OF_BIRTH,
    FREQUENCY_ADJUSTED_LEVELS,
    GIVEN_NAME,
    MINIMUM_TERM_FREQUENCY,
    NULL_LEVEL,
    MatchModel,
)
from haven.matching.normalise import nickname_pairs
from haven.matching.records import IdentifierKind

SIMILAR_SPELLING = 0.92
LOOSELY_SIMILAR_SPELLING = 0.80
SIMILAR_ADDRESS = 90.0
SIMILAR_ADDRESS_SPELLING = 0.90
PARTLY_SIMILAR_ADDRESS = 80.0
PARTLY_SIMILAR_ADDRESS_SPELLING = 0.80
FREQUENCY_PSEUDO_COUNT = 1_000.0
FULL_NAME_PSEUDO_COUNT = 1.0

_PERSONAL_KIND_CODES = np.array(
    [
        IDENTIFIER_KIND_CODES[IdentifierKind.NHS_NUMBER],
        IDENTIFIER_KIND_CODES[IdentifierKind.HOME_OFFICE_REFERENCE],
    ]
)
_UPN_CODE = IDENTIFIER_KIND_CODES[IdentifierKind.UPN]

_CONTACT = COMPARISON_INDEX["contact"]
_NAME_LEVEL = {level: position for position, level in enumerate(GIVEN_NAME.levels)}
_DOB_LEVEL = {level: position for position, level in enumerate(DATE_OF_BIRTH.levels)}


def _full_name_keys(given: np.ndarray, family: np.ndarray) -> np.ndarray:
    """One key per (canonical given, canonical family) name; MISSING where either is."""
    return np.where(
        (given >= 0) & (family >= 0),
        combine_keys(np.maximum(given, 0), np.maximum(family, 0)),
        MISSING,
    )


@dataclass
class TermFrequencies:
    """How often each name occurs as a given and as a family name, by canonical spelling,
    phonetic skeleton and token, and each full name (canonical given and family name
    together): counts, and the number of names counted, in ``source``."""

    counts: dict[tuple[str, str], np.ndarray]
    totals: dict[str, int]
    source: EncodedRecords = field(repr=False, compare=False)
    # Sorted full-name keys and how many names have each.
    full_names: np.ndarray = field(repr=False, compare=False)
    full_name_counts: np.ndarray = field(repr=False, compare=False)

    @classmethod
    def of(cls, encoded: EncodedRecords, vocabularies: Vocabularies) -> "TermFrequencies":
        sizes = {
            "canonical": len(vocabularies.name_canonical),
            "skeleton": len(vocabularies.name_skeleton),
        }
        counts = {}
        totals = {}
        for position, columns in (("given", encoded.given), ("family", encoded.family)):
            for key, size in sizes.items():
                ids = getattr(columns, key)
                counts[position, key] = np.bincount(ids[ids >= 0], minlength=size)
            # Tokens (first or last, canonical) of the name part, per name.
            tokens = np.concatenate([columns.first_token, columns.last_token])
            counts[position, "token"] = np.bincount(
                tokens[tokens >= 0], minlength=sizes["canonical"]
            )
            totals[position] = int((columns.canonical >= 0).sum())
        full_names = _full_name_keys(encoded.given.canonical, encoded.family.canonical)
        keys, key_counts = unique_counts(full_names[full_names >= 0])
        totals["full"] = int(key_counts.sum())
        return cls(
            counts=counts,
            totals=totals,
            source=encoded,
            full_names=keys,
            full_name_counts=key_counts,
        )

    @classmethod
    def counted(
        cls,
        source: EncodedRecords,
        vocabularies: Vocabularies,
        *,
        spellings: Mapping[tuple[str, str], Mapping[str, int]],
        full_names: Mapping[tuple[str, str], int],
        totals: Mapping[str, int],
    ) -> "TermFrequencies":
        """Frequencies counted elsewhere (in the database, over everyone), by spelling:
        ``spellings[position, key]`` maps a canonical spelling (``key`` "canonical" or
        "token") or a skeleton ("skeleton") to how many names have it, ``full_names`` maps
        (canonical given, canonical family) to how many names are that, and ``totals`` gives
        the names counted per position and "full". ``source`` are records whose names are
        among those counted."""
        canonical, skeleton = vocabularies.name_canonical, vocabularies.name_skeleton
        counts = {}
        for (position, key), by_spelling in spellings.items():
            vocabulary = skeleton if key == "skeleton" else canonical
            table = np.zeros(len(vocabulary), dtype=np.int64)
            for spelling, count in by_spelling.items():
                id_ = vocabulary.ids.get(spelling, MISSING)
                if id_ >= 0:
                    table[id_] = count
            counts[position, key] = table
        pairs = [
            (canonical.ids.get(given, MISSING), canonical.ids.get(family, MISSING), count)
            for (given, family), count in full_names.items()
        ]
        pairs = [(given, family, count) for given, family, count in pairs if given >= 0 <= family]
        keys = _full_name_keys(
            np.array([pair[0] for pair in pairs], dtype=np.int64),
            np.array([pair[1] for pair in pairs], dtype=np.int64),
        )
        order = np.argsort(keys, kind="stable")
        return cls(
            counts=counts,
            totals=dict(totals),
            source=source,
            full_names=keys[order],
            full_name_counts=np.array([pair[2] for pair in pairs], dtype=np.int64)[order],
        )

    def counts_names_of(self, encoded: EncodedRecords) -> bool:
        """Whether these counts include the names of ``encoded`` (a batch's own records, an
        index's records; not a query looked up against the index)."""
        return encoded is self.source

    def frequency(
        self,
        position: str,
        key: str,
        ids: np.ndarray,
        *,
        average: np.ndarray,
        pair_occurrences: np.ndarray,
        pair_names: int,
    ) -> np.ndarray:
        """Share of names with each value among the names other than the compared pair's own
        (``pair_names`` of the names counted, holding the value ``pair_occurrences`` times),
        shrunk towards ``average`` (the level's u) by ``FREQUENCY_PSEUDO_COUNT`` pseudo-names,
        so a handful of records cannot make a common name look rare or a rare one common.

        The pair is left out because two records cannot be evidence of how common their own
        name is: counted in, "Mohamed Ali" and "Muhammad Aly" made their name look twice as
        common as it was in a small population, and a likely duplicate fell below the review
        threshold. In a large one leaving two names out changes nothing."""
        count = np.maximum(_count_of(self.counts[position, key], ids) - pair_occurrences, 0.0)
        names = max(self.totals[position] - pair_names, 0)
        return (count + FREQUENCY_PSEUDO_COUNT * average) / (names + FREQUENCY_PSEUDO_COUNT)

    def least_frequency(
        self, position: str, key: str, ids: np.ndarray, *, average: float, occurrences: int
    ) -> np.ndarray:
        """A lower bound of :meth:`frequency` for any compared pair that holds ``ids`` at
        most ``occurrences`` times among its own counted names: the fewest other names
        with the value, over all the names counted."""
        count = np.maximum(_count_of(self.counts[position, key], ids) - occurrences, 0.0)
        return (count + FREQUENCY_PSEUDO_COUNT * average) / (
            self.totals[position] + FREQUENCY_PSEUDO_COUNT
        )

    def full_name_lift(
        self,
        given_ids: np.ndarray,
        family_ids: np.ndarray,
        *,
        own: tuple[np.ndarray, np.ndarray, np.ndarray],
        own_names: int,
    ) -> np.ndarray:
        """How many times commoner each full name is among the names other than the
        compared pair's own than if its given and family name were chosen apart: (names
        with it + 1) / (names expected + 1), where the one pseudo-name keeps a handful of
        namesakes from looking like a pattern. ``own`` counts the given name, the family
        name and the full name among the pair's own ``own_names`` counted names."""
        own_given, own_family, own_full = own
        names = max(self.totals["full"] - own_names, 1)
        given = _count_of(self.counts["given", "canonical"], given_ids) - own_given
        family = _count_of(self.counts["family", "canonical"], family_ids) - own_family
        keys = _full_name_keys(given_ids, family_ids)
        together = np.zeros(len(keys), dtype=np.float64)
        if len(self.full_names):
            position = np.minimum(np.searchsorted(self.full_names, keys), len(self.full_names) - 1)
            found = (self.full_names[position] == keys) & (keys >= 0)
            together[found] = self.full_name_counts[position[found]]
        together = np.maximum(together - own_full, 0.0)
        expected = np.maximum(given, 0.0) * np.maximum(family, 0.0) / names
        return (together + FULL_NAME_PSEUDO_COUNT) / (expected + FULL_NAME_PSEUDO_COUNT)


def _count_of(table: np.ndarray, ids: np.ndarray) -> np.ndarray:
    known = (ids >= 0) & (ids < len(table))
    count = np.zeros(len(ids), dtype=np.float64)
    count[known] = table[ids[known]]
    return count


def _occurrences(part: NameColumns, key: str, entries: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """How often each of ``ids`` is counted under ``key`` in the names ``entries``: once for
    a spelling or skeleton, once per first or last token for a token."""
    if key == "token":
        return (part.first_token[entries] == ids).astype(np.int64) + (
            part.last_token[entries] == ids
        )
    return (getattr(part, key)[entries] == ids).astype(np.int64)


@dataclass
class PairComparison:
    """Comparison of ``len(weights)`` pairs.

    ``levels[p, c]`` is the level of comparison ``COMPARISONS[c]`` for pair ``p``
    (``NULL_LEVEL`` when a value is missing); ``weights`` are total match weights including
    the prior.  ``name_entries`` are the left and right name entries (primary name or
    alias) that matched best, and whether they matched with given and family names swapped.
    """

    levels: np.ndarray
    weights: np.ndarray
    name_entries: tuple[np.ndarray, np.ndarray, np.ndarray]


def explode(
    left: Ragged | np.ndarray, right: Ragged | np.ndarray, left_index, right_index
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (left item, right item) combination of each pair's ragged lists.

    Returns (pair position, left item index, right item index), grouped by pair.
    """
    left_offsets = left.offsets if isinstance(left, Ragged) else left
    right_offsets = right.offsets if isinstance(right, Ragged) else right
    left_start = left_offsets[left_index]
    right_start = right_offsets[right_index]
    left_count = left_offsets[left_index + 1] - left_start
    right_count = right_offsets[right_index + 1] - right_start
    combinations = left_count * right_count
    if len(combinations) and combinations.min() == 1 and combinations.max() == 1:
        return np.arange(len(combinations)), left_start, right_start
    pair = np.repeat(np.arange(len(combinations)), combinations)
    first_of_pair = np.cumsum(combinations) - combinations
    within = np.arange(len(pair)) - first_of_pair[pair]
    per_left = right_count[pair]
    return pair, left_start[pair] + within // per_left, right_start[pair] + within % per_left


def _shared_token(
    left: NameColumns, left_entry: np.ndarray, right: NameColumns, right_entry: np.ndarray
) -> np.ndarray:
    """The canonical token two name parts have in common (the left first token when they
    are related as nickname and full name)."""
    left_first, left_last = left.first_token[left_entry], left.last_token[left_entry]
    right_first, right_last = right.first_token[right_entry], right.last_token[right_entry]
    return np.select(
        [
            left_first == right_first,
            (left_last == right_first) & (left_last != MISSING),
            (left_first == right_last) & (right_last != MISSING),
            (left_last == right_last) & (left_last != MISSING),
        ],
        [left_first, left_last, left_first, left_last],
        default=left_first,
    )


@dataclass(frozen=True)
class _NameSide:
    """One side of the name parts compared: the part, its position ("given" or "family"),
    the name entries compared and whether the term frequencies count those names."""

    part: NameColumns
    position: str
    entries: np.ndarray
    counted: bool

    def select(self, rows: np.ndarray) -> "_NameSide":
        return replace(self, entries=self.entries[rows])


def _imprecise_birth_date(kind: np.ndarray) -> np.ndarray:
    return (kind != DobKind.EXACT) & (kind != DobKind.NOT_A_DATE)


_DIGIT_PLACES = 10 ** np.arange(7, -1, -1, dtype=np.int64)


def _one_digit_apart(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Whether two YYYYMMDD numbers differ in one digit, or by two neighbouring digits
    swapped (the two typing errors a date survives)."""
    left_digits = (left.astype(np.int64)[:, None] // _DIGIT_PLACES) % 10
    right_digits = (right.astype(np.int64)[:, None] // _DIGIT_PLACES) % 10
    differs = left_digits != right_digits
    count = differs.sum(axis=1)
    first = differs.argmax(axis=1)
    following = np.minimum(first + 1, 7)
    rows = np.arange(len(left))
    transposed = (
        (count == 2)
        & differs[rows, following]
        & (left_digits[rows, first] == right_digits[rows, following])
        & (left_digits[rows, following] == right_digits[rows, first])
    )
    known = (left >= 0) & (right >= 0)
    return known & ((count == 1) | transposed)


def _any_per_pair(pair: np.ndarray, flags: np.ndarray, pair_count: int) -> np.ndarray:
    return np.bincount(pair[flags], minlength=pair_count) > 0


class PairScorer:
    """Scores pairs of encoded records under a :class:`MatchModel`."""

    def __init__(
        self,
        *,
        model: MatchModel,
        vocabularies: Vocabularies,
        term_frequencies: TermFrequencies | None = None,
        workers: int = 1,
    ) -> None:
        self.model = model
        self.term_frequencies = term_frequencies
        self.workers = workers
        self._weights = model.weight_table()
        self._name_bounds: tuple[EncodedRecords, tuple[np.ndarray, np.ndarray]] | None = None
        canonical_ids = vocabularies.name_canonical.ids
        keys = [
            (canonical_ids[short] << 32) | canonical_ids[full]
            for short, full in nickname_pairs()
            if short in canonical_ids and full in canonical_ids
        ]
        self._nickname_keys = sorted_unique(np.array(keys, dtype=np.int64))

    # Names ---------------------------------------------------------------------------

    def _is_nickname(self, left_ids: np.ndarray, right_ids: np.ndarray) -> np.ndarray:
        if not len(self._nickname_keys):
            return np.zeros(len(left_ids), dtype=bool)
        keys = (left_ids.astype(np.int64) << 32) | (right_ids.astype(np.int64) & 0xFFFFFFFF)
        position = np.searchsorted(self._nickname_keys, keys)
        position[position == len(self._nickname_keys)] = 0
        return (self._nickname_keys[position] == keys) & (left_ids >= 0) & (right_ids >= 0)

    def _spelling_similarity(
        self, left: NameColumns, left_entry, right: NameColumns, right_entry
    ) -> np.ndarray:
        """The better Jaro-Winkler similarity of the canonical and of the plain normalised
        spellings of the name entries, computed once per distinct pair of spellings (the
        canonical spelling follows from the normalised one): names come from small pools,
        so a batch's candidate pairs repeat each pair of spellings about eight times, and
        string comparison was the dearest part of scoring."""
        left_ids = left.normalised[left_entry].astype(np.int64)
        right_ids = right.normalised[right_entry].astype(np.int64)
        first, inverse = first_positions_inverse((left_ids << 32) | (right_ids & 0xFFFFFFFF))
        left_first, right_first = left_entry[first], right_entry[first]
        # Canonical spellings help ("Mohammed Alli" / "Muhammad Ali") but can also hide a
        # typo ("Mehmeti" / "Mehmet", a Muhammad variant): take the better of both.
        similarity = np.maximum(
            *(
                process.cpdist(
                    getattr(left, text)[left_first],
                    getattr(right, text)[right_first],
                    scorer=JaroWinkler.normalized_similarity,
                    workers=self.workers,
                    dtype=np.float32,
                )
                for text in ("canonical_text", "normalised_text")
            )
        )
        return similarity[inverse]

    def _name_part_levels(
        self, left: NameColumns, left_entry, right: NameColumns, right_entry
    ) -> np.ndarray:
        left_normalised = left.normalised[left_entry]
        right_normalised = right.normalised[right_entry]
        levels = np.full(len(left_entry), _NAME_LEVEL["different"], dtype=np.int8)
        null = (left_normalised == MISSING) | (right_normalised == MISSING)
        levels[null] = NULL_LEVEL
        exact = ~null & (left_normalised == right_normalised)
        levels[exact] = _NAME_LEVEL["exact"]
        rest = np.flatnonzero(~null & ~exact)
        left_rest, right_rest = left_entry[rest], right_entry[rest]

        left_canonical = left.canonical[left_rest]
        right_canonical = right.canonical[right_rest]
        variant = (left_canonical == right_canonical) | self._is_nickname(
            left_canonical, right_canonical
        )
        phonetic = ~variant & (
            (left.skeleton[left_rest] == right.skeleton[right_rest])
            | (left.metaphone[left_rest] == right.metaphone[right_rest])
        )
        undecided = ~variant & ~phonetic
        # A name token in common: a dropped middle name ("Thi Thuy" / "Thuy") or second
        # given name ("Mohammed Ali" / "Mohammed"), or a nickname of the first name.
        left_first = left.first_token[left_rest]
        right_first = right.first_token[right_rest]
        left_last = left.last_token[left_rest]
        right_last = right.last_token[right_rest]
        shared_token = undecided & (
            (left_first == right_first)
            | ((left_last == right_first) & (left_last != MISSING))
            | ((left_first == right_last) & (right_last != MISSING))
            | ((left_last == right_last) & (left_last != MISSING))
            | self._is_nickname(left_first, right_first)
        )
        levels[rest[variant]] = _NAME_LEVEL["variant"]
        levels[rest[phonetic]] = _NAME_LEVEL["phonetic"]
        levels[rest[shared_token]] = _NAME_LEVEL["shared_token"]

        fuzzy = np.flatnonzero(undecided & ~shared_token)
        if len(fuzzy):
            similarity = self._spelling_similarity(left, left_rest[fuzzy], right, right_rest[fuzzy])
            fuzzy_levels = np.where(
                similarity >= SIMILAR_SPELLING,
                _NAME_LEVEL["similar_spelling"],
                np.where(
                    similarity >= LOOSELY_SIMILAR_SPELLING,
                    _NAME_LEVEL["loosely_similar"],
                    _NAME_LEVEL["different"],
                ),
            )
            levels[rest[fuzzy]] = fuzzy_levels
        return levels

    def _name_part_weights(
        self, comparison: str, levels: np.ndarray, left: _NameSide, right: _NameSide, model
    ) -> np.ndarray:
        """Weights of name part levels.

        Where names agree exactly, as variants or phonetically, u is the frequency of that
        particular name (by canonical spelling or skeleton) among the other names, rather
        than the average, so "Muhammad" agreeing counts for less than "Ghebremedhin" agreeing.
        """
        weights = model.level_weights(comparison)[levels] if len(levels) else np.zeros(0)
        weights[levels == NULL_LEVEL] = 0.0
        if self.term_frequencies is None:
            return weights
        for key, adjusted_levels in FREQUENCY_ADJUSTED_LEVELS.items():
            adjusted = np.flatnonzero(np.isin(levels, adjusted_levels))
            sides = (left.select(adjusted), right.select(adjusted))
            if key == "token":
                shared = _shared_token(
                    sides[0].part, sides[0].entries, sides[1].part, sides[1].entries
                )
                ids = (shared, shared)
            else:
                ids = tuple(getattr(side.part, key)[side.entries] for side in sides)
            average = model.u[comparison][levels[adjusted]]
            frequency = np.maximum(
                *(
                    self._frequency_among_others(key, side.position, side_ids, sides, average)
                    for side, side_ids in zip(sides, ids, strict=True)
                )
            )
            m = model.m[comparison][levels[adjusted]]
            weights[adjusted] = np.log2(m / np.maximum(frequency, MINIMUM_TERM_FREQUENCY))
        return weights

    def _frequency_among_others(
        self,
        key: str,
        position: str,
        ids: np.ndarray,
        sides: tuple[_NameSide, _NameSide],
        average: np.ndarray,
    ) -> np.ndarray:
        """The frequency of ``ids`` in ``position``'s names, leaving out the compared names
        that were counted there."""
        own = [side for side in sides if side.counted and side.position == position]
        occurrences = np.zeros(len(ids), dtype=np.int64)
        for side in own:
            occurrences += _occurrences(side.part, key, side.entries, ids)
        return self.term_frequencies.frequency(
            position,
            key,
            ids,
            average=average,
            pair_occurrences=occurrences,
            pair_names=len(own),
        )

    def full_name_adjustment(
        self,
        left: EncodedRecords,
        left_entry: np.ndarray,
        right: EncodedRecords,
        right_entry: np.ndarray,
        given_levels: np.ndarray,
        family_levels: np.ndarray,
    ) -> np.ndarray:
        """Bits (zero or less) taken off pairs whose given and family names both agree, as
        spelt or as variants, where that full name is commoner than its two names suggest.

        Each name's weight comes from its own frequency, as if given and family names were
        chosen apart; but names of one origin go together ("Arben Hoxha", "Thi Nguyen"), so
        two namesakes were counted as two coincidences when they are one: the pair loses
        log2 of how many times commoner the full name is than chosen apart. A rare
        combination of two common names is never given more than its parts."""
        adjustment = np.zeros(len(given_levels), dtype=np.float64)
        frequencies = self.term_frequencies
        if frequencies is None:
            return adjustment
        agreeing = FREQUENCY_ADJUSTED_LEVELS["canonical"]
        rows = np.flatnonzero(np.isin(given_levels, agreeing) & np.isin(family_levels, agreeing))
        if not len(rows):
            return adjustment
        sides = [
            (records.given.canonical[entries[rows]], records.family.canonical[entries[rows]])
            for records, entries in ((left, left_entry), (right, right_entry))
        ]
        counted = [
            side
            for side, records in zip(sides, (left, right), strict=True)
            if frequencies.counts_names_of(records)
        ]
        lifts = []
        for given_ids, family_ids in sides:
            keys = _full_name_keys(given_ids, family_ids)
            own = tuple(
                sum((values == ids).astype(np.float64) for values in own_values)
                for ids, own_values in (
                    (given_ids, [given for given, _ in counted]),
                    (family_ids, [family for _, family in counted]),
                    (keys, [_full_name_keys(*side) for side in counted]),
                )
            )
            lifts.append(
                frequencies.full_name_lift(given_ids, family_ids, own=own, own_names=len(counted))
            )
        adjustment[rows] = -np.log2(np.maximum(np.maximum(*lifts), 1.0))
        return adjustment

    def _name_weights(
        self,
        left: EncodedRecords,
        left_entry: np.ndarray,
        right: EncodedRecords,
        right_entry: np.ndarray,
        given_levels: np.ndarray,
        family_levels: np.ndarray,
        *,
        swapped: bool,
        model: MatchModel,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Weights of the (left given, left family) name comparisons.

        When ``swapped``, the left given name was compared with the right family name and
        vice versa.  Each such cross pair holds one given and one family name, so it is
        weighed by the mean of the given-name and family-name weights, which keeps the
        score the same whichever record is on the left.
        """
        parts = (("given", left.given), ("family", left.family))
        right_parts = {"given": right.given, "family": right.family}
        frequencies = self.term_frequencies
        left_counted = frequencies is not None and frequencies.counts_names_of(left)
        right_counted = frequencies is not None and frequencies.counts_names_of(right)
        weights = []
        for (left_position, left_part), levels in zip(
            parts, (given_levels, family_levels), strict=True
        ):
            if swapped:
                right_position = "family" if left_position == "given" else "given"
                comparisons = ("given_name", "family_name")
            else:
                right_position = left_position
                comparisons = (f"{left_position}_name",)
            left_side = _NameSide(left_part, left_position, left_entry, left_counted)
            right_side = _NameSide(
                right_parts[right_position], right_position, right_entry, right_counted
            )
            total = sum(
                self._name_part_weights(comparison, levels, left_side, right_side, model)
                for comparison in comparisons
            )
            weights.append(total / len(comparisons))
        if not swapped:
            # Shared by the two names: it is their agreeing together that is common.
            adjustment = self.full_name_adjustment(
                left, left_entry, right, right_entry, given_levels, family_levels
            )
            weights = [weight + adjustment / 2 for weight in weights]
        return weights[0], weights[1]

    def name_weight_bounds(self, encoded: EncodedRecords) -> tuple[np.ndarray, np.ndarray]:
        """Per record, the highest name weight it could get compared with any record, as
        the left and as the right record of a pair: the best of its name entries, given and
        family names straight or swapped, each at its best level, where a level adjusted
        for frequency takes the fewest other names its own name could share it with
        (:meth:`TermFrequencies.least_frequency`). The full-name adjustment only takes bits
        off, so it is left out. Computed once per record set and kept."""
        if self._name_bounds is not None and self._name_bounds[0] is encoded:
            return self._name_bounds[1]
        bounds = []
        for own_tokens in (True, False):
            caps = {
                (position, comparison): self._name_part_caps(
                    getattr(encoded, position), position, comparison, own_tokens=own_tokens
                )
                for position in ("given", "family")
                for comparison in ("given_name", "family_name")
            }
            straight = caps["given", "given_name"] + caps["family", "family_name"]
            swapped = sum(caps.values()) / 2
            entry_bound = np.maximum(straight, swapped)
            bounds.append(np.maximum.reduceat(entry_bound, encoded.name_offsets[:-1]))
        self._name_bounds = (encoded, (bounds[0], bounds[1]))
        return bounds[0], bounds[1]

    def _name_part_caps(
        self, part: NameColumns, position: str, comparison: str, *, own_tokens: bool
    ) -> np.ndarray:
        """Per name entry, the highest weight of ``part`` (in ``position``) under
        ``comparison``: zero (a name missing on either side), a level's weight, or a
        frequency-adjusted level's weight at the least frequency its key could have.

        The token a pair shares is one of the left record's own tokens, but may be none of
        the right's (a nickname of the left first name): ``own_tokens`` says which side
        this is; without it the token level is bounded as for a name nobody else has."""
        model = self.model
        weights = model.level_weights(comparison)
        frequencies = self.term_frequencies
        if frequencies is None:
            return np.full(len(part.normalised), max(0.0, float(weights.max())))
        adjusted_levels = {
            level for levels in FREQUENCY_ADJUSTED_LEVELS.values() for level in levels
        }
        plain = [level for level in range(len(weights)) if level not in adjusted_levels]
        caps = np.full(len(part.normalised), max(0.0, float(weights[plain].max())))
        for key, levels in FREQUENCY_ADJUSTED_LEVELS.items():
            if key != "token":
                candidates = [(getattr(part, key), 2)]
            elif own_tokens:
                # Either token may be the shared one: the rarer bounds both.
                last = np.where(part.last_token >= 0, part.last_token, part.first_token)
                candidates = [(part.first_token, 4), (last, 4)]
            else:
                candidates = [(np.full(len(caps), MISSING), 0)]
            for level in levels:
                for ids, occurrences in candidates:
                    least = frequencies.least_frequency(
                        position,
                        key,
                        ids,
                        average=model.u[comparison][level],
                        occurrences=occurrences,
                    )
                    caps = np.maximum(
                        caps,
                        np.log2(
                            model.m[comparison][level] / np.maximum(least, MINIMUM_TERM_FREQUENCY)
                        ),
                    )
        return caps

    def _names(self, left: EncodedRecords, right: EncodedRecords, left_index, right_index, pairs):
        pair, left_entry, right_entry = explode(
            left.name_offsets, right.name_offsets, left_index, right_index
        )
        given_levels = self._name_part_levels(left.given, left_entry, right.given, right_entry)
        family_levels = self._name_part_levels(left.family, left_entry, right.family, right_entry)
        scores = sum(
            self._name_weights(
                left,
                left_entry,
                right,
                right_entry,
                given_levels,
                family_levels,
                swapped=False,
                model=self.model,
            )
        )
        swapped = np.zeros(len(pair), dtype=bool)
        # Names recorded the wrong way round: only worth checking where the straight
        # comparison left at least one part short of a spelling variant.
        check = np.flatnonzero(
            (given_levels > _NAME_LEVEL["variant"]) | (family_levels > _NAME_LEVEL["variant"])
        )
        if len(check):
            left_check, right_check = left_entry[check], right_entry[check]
            swapped_given = self._name_part_levels(
                left.given, left_check, right.family, right_check
            )
            swapped_family = self._name_part_levels(
                left.family, left_check, right.given, right_check
            )
            swapped_scores = sum(
                self._name_weights(
                    left,
                    left_check,
                    right,
                    right_check,
                    swapped_given,
                    swapped_family,
                    swapped=True,
                    model=self.model,
                )
            )
            better = swapped_scores > scores[check]
            improved = check[better]
            swapped[improved] = True
            scores[improved] = swapped_scores[better]
            given_levels[improved] = swapped_given[better]
            family_levels[improved] = swapped_family[better]

        if len(pair) == pairs:
            best = np.arange(pairs)
        else:
            starts = np.flatnonzero(np.r_[True, pair[1:] != pair[:-1]])
            best_score = np.maximum.reduceat(scores, starts)
            is_best = np.flatnonzero(scores == best_score[pair])
            first = np.r_[True, pair[is_best][1:] != pair[is_best][:-1]]
            best = is_best[first]
        entries = (left_entry[best], right_entry[best], swapped[best])
        return given_levels[best], family_levels[best], scores[best], entries

    # Other fields -------------------------------------------------------------------

    @staticmethod
    def _date_of_birth_levels(left: EncodedRecords, right: EncodedRecords, li, ri) -> np.ndarray:
        left_year = left.birth_year[li].astype(np.int32)
        right_year = right.birth_year[ri].astype(np.int32)
        left_month, right_month = left.birth_month[li], right.birth_month[ri]
        left_day, right_day = left.birth_day[li], right.birth_day[ri]
        # Assigned and estimated dates (and a year alone) compare only the year; a date that
        # is not a real date is still a full set of digits, compared as written.
        imprecise = _imprecise_birth_date(left.dob_kind[li]) | _imprecise_birth_date(
            right.dob_kind[ri]
        )
        year_gap = np.abs(left_year - right_year)
        same_year = year_gap == 0
        same_month = left_month == right_month
        same_day = left_day == right_day
        parts_differing = (~same_year).astype(np.int8) + ~same_month + ~same_day
        swapped = same_year & (left_month == right_day) & (left_day == right_month) & ~same_month
        # Only where no stronger level applies: the digit check is the costliest part.
        one_digit = np.zeros(len(li), dtype=bool)
        check = np.flatnonzero(~imprecise & (parts_differing > 0) & ~swapped)
        one_digit[check] = _one_digit_apart(
            left.birth_digits[li[check]], right.birth_digits[ri[check]]
        )
        levels = np.select(
            [
                (left_year == 0) | (right_year == 0),
                ~imprecise & (parts_differing == 0),
                imprecise & same_year,
                ~imprecise & swapped,
                ~imprecise & (parts_differing == 1) & (year_gap <= 1),
                ~imprecise & one_digit,
                imprecise & (year_gap == 1),
                ~imprecise & same_year,
                imprecise,
            ],
            [
                NULL_LEVEL,
                _DOB_LEVEL["exact"],
                _DOB_LEVEL["same_year_imprecise"],
                _DOB_LEVEL["day_month_swapped"],
                _DOB_LEVEL["one_part_differs"],
                _DOB_LEVEL["one_digit_differs"],
                _DOB_LEVEL["within_one_year_imprecise"],
                _DOB_LEVEL["same_year"],
                _DOB_LEVEL["different_imprecise"],
            ],
            default=_DOB_LEVEL["different"],
        )
        return levels.astype(np.int8)

    @staticmethod
    def _identifier_levels(left: EncodedRecords, right: EncodedRecords, li, ri) -> np.ndarray:
        levels = np.full(len(li), NULL_LEVEL, dtype=np.int8)
        both = np.flatnonzero((left.identifier.counts[li] > 0) & (right.identifier.counts[ri] > 0))
        if not len(both):
            return levels
        pair, left_item, right_item = explode(left.identifier, right.identifier, li[both], ri[both])
        left_kind = left.identifier_kind.values[left_item]
        right_kind = right.identifier_kind.values[right_item]
        same_value = left.identifier.values[left_item] == right.identifier.values[right_item]
        personal = np.isin(left_kind, _PERSONAL_KIND_CODES) | np.isin(
            right_kind, _PERSONAL_KIND_CODES
        )
        same_kind = left_kind == right_kind
        count = len(both)
        personal_match = _any_per_pair(pair, same_value & personal, count)
        personal_conflict = _any_per_pair(pair, ~same_value & same_kind & personal, count)
        other_match = _any_per_pair(pair, same_value & ~personal, count)
        other_conflict = _any_per_pair(
            pair, ~same_value & same_kind & (left_kind == _UPN_CODE), count
        )
        levels[both] = np.select(
            [personal_match, personal_conflict, other_match, other_conflict],
            [0, 1, 2, 3],
            default=NULL_LEVEL,
        )
        return levels

    @staticmethod
    def _shared_value_levels(left: Ragged, right: Ragged, li, ri) -> np.ndarray:
        """0 when the two records share any value, 1 when both have values but share none."""
        levels = np.full(len(li), NULL_LEVEL, dtype=np.int8)
        both = np.flatnonzero((left.counts[li] > 0) & (right.counts[ri] > 0))
        if not len(both):
            return levels
        pair, left_item, right_item = explode(left, right, li[both], ri[both])
        shared = _any_per_pair(pair, left.values[left_item] == right.values[right_item], len(both))
        levels[both] = np.where(shared, 0, 1)
        return levels

    @staticmethod
    def _gender_levels(left: EncodedRecords, right: EncodedRecords, li, ri) -> np.ndarray:
        left_gender, right_gender = left.gender[li], right.gender[ri]
        levels = np.where(left_gender == right_gender, 0, 1).astype(np.int8)
        levels[(left_gender == MISSING) | (right_gender == MISSING)] = NULL_LEVEL
        return levels

    def _contact_levels(self, left: EncodedRecords, right: EncodedRecords, li, ri) -> np.ndarray:
        phones = self._shared_value_levels(left.phone, right.phone, li, ri)
        same_phone = phones == 0
        left_postcode, right_postcode = left.postcode[li], right.postcode[ri]
        left_address, right_address = left.address[li], right.address[ri]
        both_postcodes = (left_postcode != MISSING) & (right_postcode != MISSING)
        both_addresses = (left_address != MISSING) & (right_address != MISSING)
        same_postcode = both_postcodes & (left_postcode == right_postcode)
        same_district = both_postcodes & (left.district[li] == right.district[ri])
        # A postcode typed with one character wrong or two swapped is still the postcode.
        near_postcode = same_postcode.copy()
        typo = np.flatnonzero(both_postcodes & ~same_postcode)
        if len(typo):
            distance = process.cpdist(
                left.postcode_text[li[typo]],
                right.postcode_text[ri[typo]],
                scorer=OSA.distance,
                workers=self.workers,
                dtype=np.int32,
            )
            near_postcode[typo[distance <= 1]] = True
        similar_address = both_addresses & (left_address == right_address)
        partly_similar_address = np.zeros(len(li), dtype=bool)
        # Addresses are compared whatever the postcodes say: a typo in either must not hide
        # the other.
        fuzzy = np.flatnonzero(both_addresses & ~similar_address)
        if len(fuzzy):
            left_fuzzy, right_fuzzy = li[fuzzy], ri[fuzzy]
            similarity = process.cpdist(
                left.address_text[left_fuzzy],
                right.address_text[right_fuzzy],
                scorer=fuzz.token_sort_ratio,
                workers=self.workers,
                dtype=np.float32,
            )
            similar_address[fuzzy[similarity >= SIMILAR_ADDRESS]] = True
            # Below that, unless the house numbers differ (neighbours share the rest): the
            # spelling without spaces ("garrards treet" / "garrard street") and the words in
            # common (one address has a locality the other lacks), graded.
            left_number = left.house_number[left_fuzzy]
            right_number = right.house_number[right_fuzzy]
            same_or_no_number = (
                (left_number == right_number) | (left_number == MISSING) | (right_number == MISSING)
            )
            graded = np.flatnonzero((similarity < SIMILAR_ADDRESS) & same_or_no_number)
            if len(graded):
                spelling = process.cpdist(
                    left.address_compact[left_fuzzy[graded]],
                    right.address_compact[right_fuzzy[graded]],
                    scorer=JaroWinkler.normalized_similarity,
                    workers=self.workers,
                    dtype=np.float32,
                )
                words = process.cpdist(
                    left.address_text[left_fuzzy[graded]],
                    right.address_text[right_fuzzy[graded]],
                    scorer=fuzz.token_set_ratio,
                    workers=self.workers,
                    dtype=np.float32,
                )
                similar = (spelling >= SIMILAR_ADDRESS_SPELLING) | (words >= SIMILAR_ADDRESS)
                partly = (spelling >= PARTLY_SIMILAR_ADDRESS_SPELLING) | (
                    words >= PARTLY_SIMILAR_ADDRESS
                )
                similar_address[fuzzy[graded[similar]]] = True
                partly_similar_address[fuzzy[graded[partly & ~similar]]] = True
        same_address = similar_address & (near_postcode | ~both_postcodes)
        levels = np.select(
            [
                ~both_postcodes & ~both_addresses & (phones == NULL_LEVEL),
                same_phone & (same_address | same_postcode),
                same_phone,
                same_address,
                same_postcode,
                similar_address,
                partly_similar_address,
                same_district | near_postcode,
            ],
            [NULL_LEVEL, 0, 1, 2, 3, 4, 5, 6],
            default=7,
        )
        return levels.astype(np.int8)

    # Scoring ------------------------------------------------------------------------

    def compare(
        self,
        left: EncodedRecords,
        right: EncodedRecords,
        left_index: np.ndarray,
        right_index: np.ndarray,
    ) -> PairComparison:
        """Levels and match weights of pairs (left[left_index[p]], right[right_index[p]])."""
        left_index = np.asarray(left_index, dtype=np.int64)
        right_index = np.asarray(right_index, dtype=np.int64)
        levels = self._levels_but_names_and_contact(left, right, left_index, right_index)
        given, family, name_weights, entries = self._names(
            left, right, left_index, right_index, len(left_index)
        )
        levels[:, COMPARISON_INDEX["given_name"]] = given
        levels[:, COMPARISON_INDEX["family_name"]] = family
        levels[:, _CONTACT] = self._contact_levels(left, right, left_index, right_index)
        weights = self._weight_of_levels(name_weights + self.model.prior_weight, levels)
        return PairComparison(levels=levels, weights=weights, name_entries=entries)

    def pairs_scoring_at_least(
        self,
        left: EncodedRecords,
        right: EncodedRecords,
        left_index: np.ndarray,
        right_index: np.ndarray,
        minimum_weight: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(positions, match weights) of the pairs whose match weight is at least
        ``minimum_weight``: the weights :meth:`compare` gives, bit for bit.

        Most candidate pairs of a batch are far below any threshold, and comparing names
        and address spellings is the dear part of scoring, so it is done in three looks,
        each dropping the pairs that cannot reach ``minimum_weight`` even at the best the
        comparisons still to come allow: the cheap comparisons (date of birth, identifier,
        gender, nationality) with the bounds of the name weight
        (:meth:`name_weight_bounds`) and of the contact weight
        (:meth:`contact_weight_bound`); then names with the contact bound; then contact.
        No pair at or above ``minimum_weight`` is dropped (a bound is never below the
        weight it stands for), and the weights of the pairs kept are summed in the order
        :meth:`compare` sums them.
        """
        left_index = np.asarray(left_index, dtype=np.int64)
        right_index = np.asarray(right_index, dtype=np.int64)
        levels = self._levels_but_names_and_contact(left, right, left_index, right_index)
        contact_bound = self.contact_weight_bound(left, right, left_index, right_index)
        left_bound, right_bound = self.name_weight_bounds(left)
        if right is not left:
            right_bound = self.name_weight_bounds(right)[1]
        name_bound = np.minimum(left_bound[left_index], right_bound[right_index])
        cheap = self._weight_of_levels(np.full(len(left_index), self.model.prior_weight), levels)
        # The first look sums in another order than compare(); the margin covers rounding.
        kept = np.flatnonzero(cheap + name_bound + contact_bound >= minimum_weight - 1e-9)
        levels, contact_bound = levels[kept], contact_bound[kept]
        left_index, right_index = left_index[kept], right_index[kept]

        given, family, name_weights, _ = self._names(
            left, right, left_index, right_index, len(kept)
        )
        levels[:, COMPARISON_INDEX["given_name"]] = given
        levels[:, COMPARISON_INDEX["family_name"]] = family
        partial = self._weight_of_levels(name_weights + self.model.prior_weight, levels)
        open_pairs = np.flatnonzero(partial + contact_bound >= minimum_weight)

        contact = self._contact_levels(left, right, left_index[open_pairs], right_index[open_pairs])
        weights = partial[open_pairs] + self._weights[_CONTACT][contact.astype(np.int64) + 1]
        reached = weights >= minimum_weight
        return kept[open_pairs[reached]], weights[reached]

    def _weight_of_levels(self, weights: np.ndarray, levels: np.ndarray) -> np.ndarray:
        """``weights`` plus the weights of the levels after the names, in comparison order
        (a null level, contact not yet compared included, adds nothing)."""
        for position in range(2, len(COMPARISONS)):
            weights += self._weights[position][levels[:, position].astype(np.int64) + 1]
        return weights

    def contact_weight_bound(
        self, left: EncodedRecords, right: EncodedRecords, li: np.ndarray, ri: np.ndarray
    ) -> np.ndarray:
        """The highest contact weight each pair could reach, from what is cheap to compare
        (a shared phone, postcodes and addresses present on both sides, the same postcode),
        without comparing any spelling. Each level is open only under the conditions
        :meth:`_contact_levels` requires of it."""
        phones = self._shared_value_levels(left.phone, right.phone, li, ri)
        same_phone = phones == 0
        left_postcode, right_postcode = left.postcode[li], right.postcode[ri]
        both_postcodes = (left_postcode != MISSING) & (right_postcode != MISSING)
        both_addresses = (left.address[li] != MISSING) & (right.address[ri] != MISSING)
        same_postcode = both_postcodes & (left_postcode == right_postcode)
        null = ~both_postcodes & ~both_addresses & (phones == NULL_LEVEL)
        other = ~null & ~same_phone
        open_levels = (
            (null, NULL_LEVEL),
            (same_phone & (both_addresses | same_postcode), 0),
            (same_phone, 1),
            (other & both_addresses, 2),
            (other & same_postcode, 3),
            (other & both_addresses, 4),
            (other & both_addresses, 5),
            (other & both_postcodes, 6),
            (other, 7),
        )
        weights = self._weights[_CONTACT]
        bound = np.full(len(li), -np.inf)
        for is_open, level in open_levels:
            bound[is_open] = np.maximum(bound[is_open], weights[level + 1])
        return bound

    def _levels_but_names_and_contact(
        self,
        left: EncodedRecords,
        right: EncodedRecords,
        left_index: np.ndarray,
        right_index: np.ndarray,
    ) -> np.ndarray:
        """(pairs, comparisons) levels of the comparisons that are cheap to make; names and
        contact are left at the null level, to be filled in."""
        levels = np.full((len(left_index), len(COMPARISONS)), NULL_LEVEL, dtype=np.int8)
        levels[:, COMPARISON_INDEX["date_of_birth"]] = self._date_of_birth_levels(
            left, right, left_index, right_index
        )
        levels[:, COMPARISON_INDEX["identifier"]] = self._identifier_levels(
            left, right, left_index, right_index
        )
        levels[:, COMPARISON_INDEX["gender"]] = self._gender_levels(
            left, right, left_index, right_index
        )
        levels[:, COMPARISON_INDEX["nationality"]] = self._shared_value_levels(
            left.nationality, right.nationality, left_index, right_index
        )
        return levels

    def comparison_weights(
        self,
        left: EncodedRecords,
        right: EncodedRecords,
        comparison: PairComparison,
        *,
        model: MatchModel | None = None,
    ) -> np.ndarray:
        """(pairs, comparisons) weights of each level, with name frequency adjustments,
        under ``model`` (by default the scorer's)."""
        model = model or self.model
        levels = comparison.levels.astype(np.int64)
        result = model.weight_table()[np.arange(len(COMPARISONS)), levels + 1]
        left_entry, right_entry, swapped = comparison.name_entries
        given_position = COMPARISON_INDEX["given_name"]
        family_position = COMPARISON_INDEX["family_name"]
        for orientation in (False, True):
            rows = np.flatnonzero(swapped == orientation)
            given, family = self._name_weights(
                left,
                left_entry[rows],
                right,
                right_entry[rows],
                levels[rows, given_position],
                levels[rows, family_position],
                swapped=orientation,
                model=model,
            )
            result[rows, given_position] = given
            result[rows, family_position] = family
        return result

    def match_weights(
        self,
        left: EncodedRecords,
        right: EncodedRecords,
        comparison: PairComparison,
        *,
        model: MatchModel,
        chunk_size: int = 1_000_000,
    ) -> np.ndarray:
        """Total match weights of already compared pairs under another model (e.g. one
        trained on these pairs), without comparing the records again."""
        pairs = len(comparison.weights)
        weights = np.empty(pairs, dtype=np.float64)
        for start in range(0, pairs, chunk_size):
            chunk = slice(start, start + chunk_size)
            part = PairComparison(
                levels=comparison.levels[chunk],
                weights=comparison.weights[chunk],
                name_entries=tuple(array[chunk] for array in comparison.name_entries),
            )
            weights[chunk] = (
                self.comparison_weights(left, right, part, model=model).sum(axis=1)
                + model.prior_weight
            )
        return weights
