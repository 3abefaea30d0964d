"""Plain records the matching engine works on; no database involved."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from haven.matching.normalise import nhs_number_is_valid, normalise_identifier_value


class DobPrecision(StrEnum):
    EXACT = "exact"
    ESTIMATED = "estimated"
    UNKNOWN = "unknown"


class IdentifierKind(StrEnum):
    NHS_NUMBER = "nhs_number"
    HOME_OFFICE_REFERENCE = "home_office_reference"
    POLICE_REFERENCE = "police_reference"
    UPN = "upn"
    UNTYPED = ""


_KINDS_BY_NAME = {kind.value: kind for kind in IdentifierKind if kind.value}

# Identifiers that belong to one person for life: a match is decisive and a different value
# of the same kind is strong evidence against.
PERSONAL_IDENTIFIER_KINDS = frozenset(
    {IdentifierKind.NHS_NUMBER, IdentifierKind.HOME_OFFICE_REFERENCE}
)


@dataclass(frozen=True, slots=True)
class Identifier:
    value: str
    kind: IdentifierKind = IdentifierKind.UNTYPED

    @classmethod
    def parse(cls, raw: str) -> "Identifier | None":
        """Read "kind:value" or a bare value; a bare valid NHS number is typed as one."""
        kind_text, separator, value = raw.partition(":")
        kind = _KINDS_BY_NAME.get(kind_text.strip().lower()) if separator else None
        if kind is None:
            kind, value = IdentifierKind.UNTYPED, raw
        normalised = normalise_identifier_value(value)
        if not normalised:
            return None
        if kind is IdentifierKind.UNTYPED and nhs_number_is_valid(normalised):
            kind = IdentifierKind.NHS_NUMBER
        return cls(value=normalised, kind=kind)


@dataclass(frozen=True, slots=True)
class UncertainDate:
    """A date of birth as it was written when it is not a real date: "19551192" (day 92),
    "2008-13-04" (month 13: day and month swapped), or a year alone ("1955").

    Such a date is still strong evidence, so it is kept and compared part by part and digit
    by digit rather than thrown away.  A part that was not written is 0.
    """

    year: int
    month: int = 0
    day: int = 0

    @property
    def is_year_only(self) -> bool:
        return self.month == 0 and self.day == 0

    def isoformat(self) -> str:
        """As written, in the YYYY-MM-DD shape ("1955-11-92", "1955")."""
        if self.is_year_only:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class Alias:
    """Another name a person is known by, e.g. as recorded by one agency.

    Give either ``given_name``/``family_name`` or a free-text ``full_name``.
    """

    given_name: str = ""
    family_name: str = ""
    full_name: str = ""
    recorded_by: str = ""


@dataclass(slots=True)
class PersonRecord:
    """One agency's record of a person.

    ``aliases`` items may be :class:`Alias`, a ``(given, family)`` tuple or a full-name
    string.  ``identifiers`` items may be :class:`Identifier` or raw strings (see
    :meth:`Identifier.parse`).  ``nationality`` holds ISO 3166 alpha-2 codes.
    """

    record_id: str
    given_name: str = ""
    family_name: str = ""
    aliases: tuple[Alias | tuple[str, str] | str, ...] = ()
    date_of_birth: date | UncertainDate | None = None
    dob_precision: DobPrecision = DobPrecision.EXACT
    dob_assigned_by_age_assessment: bool = False
    gender: str = ""
    nationality: tuple[str, ...] = ()
    postcode: str = ""
    address: str = ""
    phones: tuple[str, ...] = ()
    identifiers: tuple[Identifier | str, ...] = ()
    recorded_by: str = ""
