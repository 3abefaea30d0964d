"""Possible matches while a person is being recorded: an in-memory index over everyone in
Haven, rebuilt when people's records change, looked up per keystroke pause."""

import threading
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max

from haven.matching.engine import LOOKUP_THRESHOLD
from haven.matching.explain import MatchResult
from haven.matching.index import PersonIndex, build_index
from haven.matching.people_records import people_for_matching, records_from_people
from haven.matching.records import Alias as RecordAlias
from haven.matching.records import DobPrecision, PersonRecord
from haven.matching.records import Identifier as RecordIdentifier
from haven.people.models import Address, Alias, Identifier, Person, Phone

_lock = threading.Lock()
_cache: dict[str, object] = {}


def _fingerprint() -> tuple:
    """Changes whenever a person, or a name, identifier, phone or address of one, is added,
    changed, merged or removed. One small aggregate per table: joining them would multiply
    rows per person."""
    people = Person.objects.aggregate(
        count=Count("pk"), updated=Max("updated_at"), merged=Count("merged_into")
    )
    details = [
        tuple(model.objects.aggregate(count=Count("pk"), last=Max("pk")).values())
        for model in (Alias, Identifier, Phone, Address)
    ]
    return (tuple(people.values()), *details)


def people_index() -> PersonIndex:
    fingerprint = _fingerprint()
    with _lock:
        if _cache.get("fingerprint") != fingerprint:
            records = records_from_people(people_for_matching())
            # Unsupervised training needs a population; below that the priors are calibrated.
            _cache["index"] = build_index(records, train=len(records) >= 5000)
            _cache["fingerprint"] = fingerprint
        return _cache["index"]


@dataclass(frozen=True)
class Query:
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    birth_year: int | None = None
    dob_precision: str = "exact"
    gender: str = ""
    nationalities: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    postcode: str = ""
    identifiers: tuple[str, ...] = ()

    def is_searchable(self) -> bool:
        return bool(
            (self.given_name or self.family_name or self.aliases) or self.identifiers or self.phones
        )

    def as_record(self) -> PersonRecord:
        birth = self.date_of_birth
        precision = DobPrecision(self.dob_precision) if birth else DobPrecision.UNKNOWN
        if birth is None and self.birth_year:
            # Only a year is known: compare years, as for an estimated date.
            birth, precision = date(self.birth_year, 7, 1), DobPrecision.ESTIMATED
        return PersonRecord(
            record_id="query",
            given_name=self.given_name,
            family_name=self.family_name,
            aliases=tuple(RecordAlias(full_name=alias) for alias in self.aliases),
            date_of_birth=birth,
            dob_precision=precision,
            gender="" if self.gender in ("", "unknown") else self.gender,
            nationality=self.nationalities,
            postcode=self.postcode,
            phones=self.phones,
            identifiers=tuple(
                parsed for raw in self.identifiers if (parsed := RecordIdentifier.parse(raw))
            ),
        )


def lookup(
    query: Query, *, limit: int = 5, threshold: float = LOOKUP_THRESHOLD
) -> list[MatchResult]:
    if not query.is_searchable():
        return []
    return people_index().lookup(query.as_record(), threshold=threshold, limit=limit)
