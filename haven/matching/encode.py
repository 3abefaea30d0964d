"""Column-wise integer encoding of person records.

Comparisons and blocking run over numpy arrays of integer ids rather than Python objects,
so a million records are compared without a Python object per pair.  Strings are interned
into :class:`Vocabularies`; two records agree on a key exactly when their ids are equal.

Missing values are ``MISSING`` (-1).  When a query is encoded against a built index the
vocabularies are read-only, and values the index has never seen get ids below -1 that
cannot equal any id in the index.
"""

from collections import ChainMap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from haven.matching.normalise import (
    house_number,
    name_part_keys,
    nickname_pairs,
    normalise_gender,
    normalise_nationalities,
    normalise_phone,
    normalise_postcode,
    normalise_text,
    postcode_district,
    split_full_name,
    street_key,
)
from haven.matching.records import (
    Alias,
    DobPrecision,
    Identifier,
    IdentifierKind,
    PersonRecord,
    UncertainDate,
)

MISSING = -1

GENDER_CODES = {"": MISSING, "F": 0, "M": 1, "X": 2}

IDENTIFIER_KIND_CODES = {
    IdentifierKind.UNTYPED: 0,
    IdentifierKind.NHS_NUMBER: 1,
    IdentifierKind.HOME_OFFICE_REFERENCE: 2,
    IdentifierKind.POLICE_REFERENCE: 3,
    IdentifierKind.UPN: 4,
}


class DobKind:
    """Why a date of birth is, or is not, trusted to the day."""

    EXACT = 0
    JANUARY_FIRST = 1  # 1 January: the date commonly assigned when the real one is unknown
    AGE_ASSESSED = 2  # assigned by an age assessment
    ESTIMATED = 3  # recorded as an estimate, or a year only
    NOT_A_DATE = 4  # written digits that are not a real date (19551192): compared digit by digit


class Vocabulary:
    """Interns strings to dense ids; the empty string is always MISSING."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {"": MISSING}

    def __len__(self) -> int:
        """One more than the largest id (id 0 is unused: the empty string holds its slot)."""
        return len(self.ids)

    def encode(self, values: Sequence[str], *, frozen: bool) -> np.ndarray:
        """Ids for ``values``; unseen values get distinct ids below -1 when frozen."""
        ids = self.ids
        new_values = [value for value in dict.fromkeys(values) if value not in ids]
        if not frozen:
            ids.update(zip(new_values, range(len(ids), len(ids) + len(new_values)), strict=True))
            lookup = ids
        else:
            lookup = ChainMap(ids, {value: -2 - index for index, value in enumerate(new_values)})
        return np.fromiter(map(lookup.__getitem__, values), dtype=np.int32, count=len(values))


@dataclass
class Vocabularies:
    """Shared vocabularies: given and family names share theirs so they can be compared
    across positions when the two are swapped."""

    name_normalised: Vocabulary
    name_canonical: Vocabulary
    name_skeleton: Vocabulary
    name_metaphone: Vocabulary
    postcode: Vocabulary
    district: Vocabulary
    address: Vocabulary
    phone: Vocabulary
    identifier: Vocabulary
    nationality: Vocabulary
    street: Vocabulary

    @classmethod
    def empty(cls) -> "Vocabularies":
        vocabularies = cls(*(Vocabulary() for _ in range(11)))
        # Nickname relations are looked up by canonical id, so every name in the nickname
        # table needs an id even before any record uses it.
        nickname_names = sorted({name for pair in nickname_pairs() for name in pair})
        vocabularies.name_canonical.encode(nickname_names, frozen=False)
        return vocabularies


@dataclass
class NameColumns:
    """Keys of one name part (given or family) for every name entry."""

    normalised: np.ndarray
    canonical: np.ndarray
    skeleton: np.ndarray
    metaphone: np.ndarray
    # Canonical first and last tokens, in the canonical vocabulary; the last is MISSING for
    # one-token names.
    first_token: np.ndarray
    last_token: np.ndarray
    # Object arrays of the canonical and the plain normalised spelling, for string similarity.
    canonical_text: np.ndarray
    normalised_text: np.ndarray
    # Skeletons of the first and last tokens, in the skeleton vocabulary, for blocking;
    # the last is MISSING for one-token names.
    first_skeleton: np.ndarray
    last_skeleton: np.ndarray


@dataclass
class Ragged:
    """A list of values per record as flat arrays: record i owns values[offsets[i]:offsets[i+1]]."""

    offsets: np.ndarray
    values: np.ndarray

    @property
    def counts(self) -> np.ndarray:
        return np.diff(self.offsets)


@dataclass
class EncodedRecords:
    record_ids: list[str]
    # Name entries: the primary name of each record then its aliases, grouped by record.
    name_offsets: np.ndarray
    name_record: np.ndarray
    name_alias: np.ndarray  # index into the record's aliases, -1 for the primary name
    given: NameColumns
    family: NameColumns
    birth_year: np.ndarray  # 0 when unknown
    birth_month: np.ndarray
    birth_day: np.ndarray
    birth_ordinal: np.ndarray  # days since 0001-01-01, MISSING when unknown or not a date
    # YYYYMMDD as written, real date or not (MISSING when unknown): the key blocking and
    # digit comparisons use, so a mistyped date still has one.
    birth_digits: np.ndarray
    dob_kind: np.ndarray
    gender: np.ndarray
    nationality: Ragged
    postcode: np.ndarray
    postcode_text: np.ndarray  # normalised, for comparing postcodes with a typo
    district: np.ndarray
    address: np.ndarray
    address_text: np.ndarray
    address_compact: np.ndarray  # without spaces: "garrards treet" is "garrard street"
    house_number: np.ndarray
    street: np.ndarray  # house number and street name's first letters, for blocking
    phone: Ragged
    identifier_kind: Ragged  # values are IDENTIFIER_KIND_CODES, aligned with identifier
    identifier: Ragged

    def __len__(self) -> int:
        return len(self.record_ids)


def alias_parts(alias: Alias | tuple[str, str] | str) -> tuple[str, str]:
    if isinstance(alias, Alias):
        if alias.given_name or alias.family_name:
            return alias.given_name, alias.family_name
        return split_full_name(alias.full_name)
    if isinstance(alias, tuple):
        return alias
    return split_full_name(alias)


def _factorise(values: Sequence) -> tuple[list, np.ndarray]:
    """Distinct values in first-seen order and, per value, the index of its distinct value."""
    # One dictionary operation per value (not a pass to find the distinct values and
    # another to look each up): a third faster on a million values.
    positions: dict = {}
    first_seen = positions.setdefault
    inverse = np.fromiter(
        (first_seen(value, len(positions)) for value in values), dtype=np.int64, count=len(values)
    )
    return list(positions), inverse


def _encode_name_parts(
    raw_names: Sequence[str], vocabularies: Vocabularies, frozen: bool
) -> NameColumns:
    distinct, inverse = _factorise(raw_names)
    keys = [name_part_keys(value) for value in distinct]

    def encode(vocabulary: Vocabulary, values: list[str]) -> np.ndarray:
        return vocabulary.encode(values, frozen=frozen)[inverse]

    canonical_text = np.array([key.canonical for key in keys], dtype=object)
    normalised_text = np.array([key.normalised for key in keys], dtype=object)
    return NameColumns(
        normalised=encode(vocabularies.name_normalised, [key.normalised for key in keys]),
        canonical=encode(vocabularies.name_canonical, [key.canonical for key in keys]),
        skeleton=encode(vocabularies.name_skeleton, [key.skeleton for key in keys]),
        metaphone=encode(vocabularies.name_metaphone, [key.metaphone for key in keys]),
        first_token=encode(vocabularies.name_canonical, [key.first_token for key in keys]),
        last_token=encode(vocabularies.name_canonical, [key.last_token for key in keys]),
        canonical_text=canonical_text[inverse],
        normalised_text=normalised_text[inverse],
        first_skeleton=encode(
            vocabularies.name_skeleton,
            [key.blocking_tokens[0] if key.blocking_tokens else "" for key in keys],
        ),
        last_skeleton=encode(
            vocabularies.name_skeleton,
            [key.blocking_tokens[1] if len(key.blocking_tokens) > 1 else "" for key in keys],
        ),
    )


def _date_parts(dates: Sequence[date | UncertainDate | None]) -> tuple[np.ndarray, ...]:
    """(year, month, day, ordinal, digits, not a date) per record; 0 for unknown parts."""
    distinct, inverse = _factorise(dates)
    year = np.array([value.year if value else 0 for value in distinct], dtype=np.int16)
    month = np.array([value.month if value else 0 for value in distinct], dtype=np.int8)
    day = np.array([value.day if value else 0 for value in distinct], dtype=np.int8)
    real = np.array([isinstance(value, date) for value in distinct], dtype=bool)
    ordinal = np.array(
        [value.toordinal() if isinstance(value, date) else MISSING for value in distinct],
        dtype=np.int32,
    )
    digits = np.where(
        year > 0,
        year.astype(np.int32) * 10_000 + month.astype(np.int32) * 100 + day,
        MISSING,
    ).astype(np.int32)
    uncertain = (year > 0) & ~real
    return (
        year[inverse],
        month[inverse],
        day[inverse],
        ordinal[inverse],
        digits[inverse],
        uncertain[inverse],
    )


def _flatten(cells: Sequence[Sequence]) -> tuple[np.ndarray, list]:
    """(owning record of each item, the items) of a list of per-record sequences."""
    counts = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
    return np.repeat(np.arange(len(cells)), counts), [item for cell in cells for item in cell]


def _ragged(count: int, owner: np.ndarray, values: np.ndarray) -> Ragged:
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(owner, minlength=count), out=offsets[1:])
    return Ragged(offsets=offsets, values=values)


def _ragged_from_cells(
    cells: Sequence[Sequence[str]],
    normalise: Callable[[str], str],
    vocabulary: Vocabulary,
    frozen: bool,
) -> Ragged:
    """Per-record lists of values, normalised (once per distinct value) and encoded; values
    that normalise to nothing are dropped."""
    owner, items = _flatten(cells)
    distinct, inverse = _factorise(items)
    ids = vocabulary.encode([normalise(value) for value in distinct], frozen=frozen)[inverse]
    present = ids != MISSING
    return _ragged(len(cells), owner[present], ids[present])


def _identifier_ragged(
    cells: Sequence[Sequence[Identifier | str]], vocabularies: Vocabularies, frozen: bool
) -> tuple[Ragged, Ragged]:
    """(kind codes, value ids) of each record's identifiers; unreadable ones are dropped."""
    owner, items = _flatten(cells)
    distinct, inverse = _factorise(items)
    parsed = [item if isinstance(item, Identifier) else Identifier.parse(item) for item in distinct]
    kinds = np.array(
        [IDENTIFIER_KIND_CODES[item.kind] if item else MISSING for item in parsed], dtype=np.int8
    )[inverse]
    values = vocabularies.identifier.encode(
        [item.value if item else "" for item in parsed], frozen=frozen
    )[inverse]
    present = values != MISSING
    count = len(cells)
    return (
        _ragged(count, owner[present], kinds[present]),
        _ragged(count, owner[present], values[present]),
    )


@dataclass
class PersonColumns:
    """Person records as one list per field, the form the encoder reads.

    Lists are aligned: position ``i`` of every list belongs to record ``i``.  The optional
    lists may be None when no record has that information, which lets a CSV file be
    encoded without building a Python object per record.
    """

    record_ids: list[str]
    given_names: list[str]
    family_names: list[str]
    dates_of_birth: list[date | None]
    genders: list[str]
    nationalities: list[tuple[str, ...] | str]
    postcodes: list[str]
    addresses: list[str]
    phones: list[tuple[str, ...]]
    identifiers: list[tuple[Identifier | str, ...]]
    aliases: list[tuple[Alias | tuple[str, str] | str, ...]] | None = None
    dob_precisions: list[DobPrecision] | None = None
    dob_assigned_by_age_assessment: list[bool] | None = None

    def __len__(self) -> int:
        return len(self.record_ids)

    def record_at(self, position: int) -> PersonRecord:
        optional = {}
        if self.aliases is not None:
            optional["aliases"] = tuple(self.aliases[position])
        if self.dob_precisions is not None:
            optional["dob_precision"] = self.dob_precisions[position]
        if self.dob_assigned_by_age_assessment is not None:
            optional["dob_assigned_by_age_assessment"] = self.dob_assigned_by_age_assessment[
                position
            ]
        nationality = self.nationalities[position]
        return PersonRecord(
            record_id=self.record_ids[position],
            given_name=self.given_names[position],
            family_name=self.family_names[position],
            date_of_birth=self.dates_of_birth[position],
            gender=self.genders[position],
            nationality=(
                normalise_nationalities(nationality)
                if isinstance(nationality, str)
                else nationality
            ),
            postcode=self.postcodes[position],
            address=self.addresses[position],
            phones=tuple(self.phones[position]),
            identifiers=tuple(self.identifiers[position]),
            **optional,
        )

    @classmethod
    def from_records(cls, records: Sequence[PersonRecord]) -> "PersonColumns":
        return cls(
            record_ids=[record.record_id for record in records],
            given_names=[record.given_name or "" for record in records],
            family_names=[record.family_name or "" for record in records],
            dates_of_birth=[record.date_of_birth for record in records],
            genders=[record.gender or "" for record in records],
            nationalities=[record.nationality for record in records],
            postcodes=[record.postcode or "" for record in records],
            addresses=[record.address or "" for record in records],
            phones=[record.phones for record in records],
            identifiers=[record.identifiers for record in records],
            aliases=[record.aliases for record in records],
            dob_precisions=[record.dob_precision for record in records],
            dob_assigned_by_age_assessment=[
                record.dob_assigned_by_age_assessment for record in records
            ],
        )


def encode_records(
    records: Sequence[PersonRecord] | PersonColumns,
    *,
    vocabularies: Vocabularies | None = None,
    frozen: bool = False,
) -> tuple[EncodedRecords, Vocabularies]:
    """Encode records column by column.

    Pass the vocabularies of an existing index with ``frozen=True`` to encode query records
    against it without changing it.
    """
    columns = records if isinstance(records, PersonColumns) else PersonColumns.from_records(records)
    vocabularies = vocabularies or Vocabularies.empty()
    count = len(columns)

    # Name entries: primaries first, then aliases; sorted by record below.
    given_raw = list(columns.given_names)
    family_raw = list(columns.family_names)
    alias_record: list[int] = []
    alias_index: list[int] = []
    for index, aliases in enumerate(columns.aliases or ()):
        for position, alias in enumerate(aliases):
            given, family = alias_parts(alias)
            alias_record.append(index)
            alias_index.append(position)
            given_raw.append(given or "")
            family_raw.append(family or "")
    name_record = np.concatenate(
        [np.arange(count, dtype=np.int32), np.array(alias_record, dtype=np.int32)]
    )
    name_alias = np.concatenate(
        [np.full(count, -1, dtype=np.int16), np.array(alias_index, dtype=np.int16)]
    )
    order = np.argsort(name_record, kind="stable") if alias_record else np.arange(count)
    name_offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(name_record, minlength=count), out=name_offsets[1:])

    given = _encode_name_parts(given_raw, vocabularies, frozen)
    family = _encode_name_parts(family_raw, vocabularies, frozen)

    def reorder(name_columns: NameColumns) -> NameColumns:
        if not alias_record:
            return name_columns
        return NameColumns(
            **{
                name: getattr(name_columns, name)[order]
                for name in NameColumns.__dataclass_fields__
            }
        )

    # Dates of birth: an "unknown" precision means the date field carries no information.
    precisions = columns.dob_precisions
    dates = (
        columns.dates_of_birth
        if precisions is None
        else [
            birth if precision != DobPrecision.UNKNOWN else None
            for birth, precision in zip(columns.dates_of_birth, precisions, strict=True)
        ]
    )
    birth_year, birth_month, birth_day, birth_ordinal, birth_digits, uncertain = _date_parts(dates)
    dob_kind = np.full(count, DobKind.EXACT, dtype=np.int8)
    dob_kind[(birth_month == 1) & (birth_day == 1)] = DobKind.JANUARY_FIRST
    dob_kind[uncertain] = DobKind.NOT_A_DATE
    # A year alone says nothing about the day: compared like an estimated date.
    dob_kind[uncertain & (birth_month == 0) & (birth_day == 0)] = DobKind.ESTIMATED
    if columns.dob_assigned_by_age_assessment is not None:
        assessed = np.array(columns.dob_assigned_by_age_assessment, dtype=bool)
        dob_kind[assessed] = DobKind.AGE_ASSESSED
    if precisions is not None:
        estimated = np.array([value == DobPrecision.ESTIMATED for value in precisions], bool)
        dob_kind[estimated] = DobKind.ESTIMATED

    distinct_genders, gender_inverse = _factorise(columns.genders)
    gender = np.array(
        [GENDER_CODES[normalise_gender(value or "")] for value in distinct_genders], dtype=np.int8
    )[gender_inverse]

    distinct_nationalities, nationality_inverse = _factorise(columns.nationalities)
    normalised_nationalities = [normalise_nationalities(value) for value in distinct_nationalities]
    nationality = _ragged_from_cells(
        [normalised_nationalities[index] for index in nationality_inverse],
        str,
        vocabularies.nationality,
        frozen,
    )

    distinct_postcodes, postcode_inverse = _factorise(columns.postcodes)
    normalised_postcodes = [normalise_postcode(value or "") for value in distinct_postcodes]
    postcode = vocabularies.postcode.encode(normalised_postcodes, frozen=frozen)[postcode_inverse]
    postcode_text = np.array(normalised_postcodes, dtype=object)[postcode_inverse]
    district = vocabularies.district.encode(
        [postcode_district(value) for value in normalised_postcodes], frozen=frozen
    )[postcode_inverse]

    distinct_addresses, address_inverse = _factorise(columns.addresses)
    normalised_addresses = [normalise_text(value or "") for value in distinct_addresses]
    address = vocabularies.address.encode(normalised_addresses, frozen=frozen)[address_inverse]
    address_text = np.array(normalised_addresses, dtype=object)[address_inverse]
    address_compact = np.array(
        [value.replace(" ", "") for value in normalised_addresses], dtype=object
    )[address_inverse]
    numbers = vocabularies.street.encode(
        [house_number(value) for value in normalised_addresses], frozen=frozen
    )[address_inverse]
    street = vocabularies.street.encode(
        [street_key(value) for value in normalised_addresses], frozen=frozen
    )[address_inverse]

    phone = _ragged_from_cells(columns.phones, normalise_phone, vocabularies.phone, frozen)
    identifier_kind, identifier = _identifier_ragged(columns.identifiers, vocabularies, frozen)

    encoded = EncodedRecords(
        record_ids=columns.record_ids,
        name_offsets=name_offsets,
        name_record=name_record[order],
        name_alias=name_alias[order],
        given=reorder(given),
        family=reorder(family),
        birth_year=birth_year,
        birth_month=birth_month,
        birth_day=birth_day,
        birth_ordinal=birth_ordinal,
        birth_digits=birth_digits,
        dob_kind=dob_kind,
        gender=gender,
        nationality=nationality,
        postcode=postcode,
        postcode_text=postcode_text,
        district=district,
        address=address,
        address_text=address_text,
        address_compact=address_compact,
        house_number=numbers,
        street=street,
        phone=phone,
        identifier_kind=identifier_kind,
        identifier=identifier,
    )
    return encoded, vocabularies
