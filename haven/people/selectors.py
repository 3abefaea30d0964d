"""Reading people's records: one door that checks access and records the view, and the
known-to-agency search."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts import roles
from haven.accounts.models import Role, User
from haven.audit.models import AuditEvent, Verb
from haven.audit.services import audit_record
from haven.cases.access import (
    break_glass_reference,
    cases_visible_to,
    concerns_visible_to,
    details_visible_q,
    may_break_glass,
    people_visible_to,
    visible_person_ids,
)
from haven.cases.models import CaseStatus
from haven.notifications.services import notify
from haven.people.models import (
    Address,
    Alias,
    Identifier,
    IdentifierKind,
    Person,
    PersonSearchText,
    Phone,
    Relationship,
    normalise_identifier,
)
from haven.people.search_text import identifier_token

SEARCH_LIMIT = 25


def person_get_for_user(*, user, person_id: int, record_view: bool = True) -> Person:
    """The person, if the user may see them; otherwise 404. Records the view (a caller about
    to change the record passes ``record_view=False``: the change is audited instead)."""
    # Details added in a case belong to its people section: each list holds only those the
    # user may see (cases.access.details_visible_q).
    details = details_visible_q(user)
    person = (
        people_visible_to(user, among=[person_id])
        .select_related("recorded_by_agency", "recorded_by_team")
        .prefetch_related(
            Prefetch(
                "aliases",
                queryset=Alias.objects.filter(details).select_related("recorded_by_agency"),
            ),
            Prefetch(
                "identifiers",
                queryset=Identifier.objects.filter(details).select_related("recorded_by_agency"),
            ),
            Prefetch("phones", queryset=Phone.objects.filter(details)),
            Prefetch(
                "addresses",
                queryset=Address.objects.filter(details)
                .select_related("held_by_team__agency")
                .prefetch_related("named_users"),
            ),
            Prefetch(
                "relationships",
                queryset=Relationship.objects.filter(details).select_related("other"),
            ),
        )
        .first()
    )
    if person is None:
        raise Http404("No such person")
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=person, person_id=person.pk)
    return person


@dataclass(frozen=True)
class AddressView:
    """An address as one user may see it."""

    address: Address
    visible: bool

    @property
    def text(self) -> str:
        if self.visible:
            return self.address.one_line
        team = self.address.held_by_team
        return f"Confidential address held by {team.name}, {team.agency.name}"


def address_for_user(*, user, address: Address) -> AddressView:
    """The one rule for a confidential address (a placement, a safe house): shown only to users
    named on it, each such view recorded; everyone else sees who holds it. Pages, the API and
    every export ask this (prefetch ``named_users`` and ``held_by_team__agency``)."""
    visible = not address.is_confidential or any(
        named.pk == user.pk for named in address.named_users.all()
    )
    if address.is_confidential and visible:
        audit_record(
            actor=user,
            verb=Verb.VIEWED,
            target=address,
            person_id=address.person_id,
            reason="Confidential address shown to a named user",
        )
    return AddressView(address=address, visible=visible)


def addresses_for_user(*, user, person: Person) -> list[AddressView]:
    """The person's addresses, each as ``address_for_user`` shows it."""
    return [address_for_user(user=user, address=address) for address in person.addresses.all()]


@dataclass(frozen=True)
class KnownTo:
    agency: str
    team: str
    email: str
    phone: str
    # For a user with the out-of-hours break-glass power, about a child with an open case they
    # cannot see: the reference break-glass accepts (theirs alone, for 24 hours).
    break_glass_reference: str = ""

    @property
    def message(self) -> str:
        contact = " or ".join(p for p in (self.email, self.phone) if p)
        return f"Known to {self.agency}, contact {self.team}" + (f" ({contact})" if contact else "")


@dataclass(frozen=True)
class SearchResult:
    person: Person | None
    known_to: KnownTo

    @property
    def visible(self) -> bool:
        return self.person is not None


def known_to(person: Person, *, for_user=None) -> KnownTo:
    """Who to contact about a person: the lead of their newest open case, else whoever first
    recorded them. Reads the cases prefetched by ``person_search``. With ``for_user`` who may
    break glass, the answer about an open case carries their break-glass reference."""
    open_cases = [c for c in person.cases.all() if c.status == CaseStatus.OPEN]
    case = max(open_cases, key=lambda c: c.opened_at) if open_cases else None
    if case is not None:
        agency, team = case.lead_agency, case.lead_team
    else:
        agency, team = person.recorded_by_agency, person.recorded_by_team
    reference = ""
    if case is not None and for_user is not None and may_break_glass(for_user):
        reference = break_glass_reference(for_user, case)
    return KnownTo(
        agency=agency.name,
        team=team.name if team else agency.name,
        email=(team.email if team and team.email else agency.email),
        phone=(team.phone if team and team.phone else agency.phone),
        break_glass_reference=reference,
    )


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def _as_date(text: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def search_text_matches(*, query: str) -> QuerySet[PersonSearchText]:
    """The search text of people (not merged into another record) whose name, alias, date of
    birth or identifier matches every term of ``query``. Every term is one condition on one
    row, which trigram indexes answer in PostgreSQL, and the row holds everything the search
    filters by, so it reads no other table (decisions 0047 and 0056)."""
    terms = [t for t in re.split(r"\s+", query.strip()) if t]
    rows = PersonSearchText.objects.filter(merged=False)
    if not terms:
        return rows.none()
    for term in terms:
        as_date = _as_date(term)
        if as_date:
            rows = rows.filter(date_of_birth=as_date)
            continue
        matches = Q(names__contains=term.upper())
        for value in {normalise_identifier(kind, term) for kind in IdentifierKind.values} | {
            term.upper()
        }:
            token = identifier_token(value)
            if token:
                matches |= Q(identifiers__contains=token)
        if re.fullmatch(r"\d{4}", term) and int(term) >= 1:
            matches |= Q(date_of_birth__year=int(term))
        rows = rows.filter(matches)
    return rows


def coarsened_query(query: str) -> str:
    """The query as far as a "known to" answer may depend on it: a full date of birth becomes
    its year, everything else (names, exact identifiers) stays."""
    terms = [t for t in re.split(r"\s+", query.strip()) if t]
    return " ".join(str(_as_date(t).year) if _as_date(t) else t for t in terms)


# Up to this many matches are read and put in name order here; more are ordered by the database.
SORTED_HERE = 5_000


def _search_order(person: Person) -> tuple:
    return (person.family_name, person.given_name, person.pk)


def with_contacts(people: QuerySet[Person]) -> QuerySet[Person]:
    """People with what ``known_to`` reads (who recorded them, their cases and the cases'
    leads) in two queries."""
    cases = Person._meta.get_field("cases").related_model.objects.select_related(
        "lead_agency", "lead_team"
    )
    return people.select_related("recorded_by_agency", "recorded_by_team").prefetch_related(
        Prefetch("cases", queryset=cases)
    )


def _shown(people: QuerySet[Person]) -> QuerySet[Person]:
    return with_contacts(people).prefetch_related("aliases")


@dataclass(frozen=True)
class _Matches:
    """The first ``SEARCH_LIMIT`` matches in name order, and the ids of every match when they
    were all read (None when there were more than ``SORTED_HERE``)."""

    first: list[Person]
    every: frozenset[int] | None

    @property
    def ids(self) -> set[int]:
        return {p.pk for p in self.first} | set(self.every or ())


def _first_in_name_order(matches: QuerySet[PersonSearchText]) -> _Matches:
    """The first ``SEARCH_LIMIT`` of ``matches`` in name order. The matches are read first and
    ordered here when there are a few thousand: asked to order and cut at once, PostgreSQL
    walks everyone in name order, hoping to meet matches early, which for a common surname
    late in the alphabet meant most of a million people (decision 0047). Many more matches are
    dense enough for that walk to be quick."""
    named = list(
        matches.order_by().values_list("family_name", "given_name", "person_id")[: SORTED_HERE + 1]
    )
    every = None
    if len(named) > SORTED_HERE:
        ids = list(
            matches.order_by("family_name", "given_name", "person_id").values_list(
                "person_id", flat=True
            )[:SEARCH_LIMIT]
        )
    else:
        ids = [pk for *_names, pk in sorted(named)[:SEARCH_LIMIT]]
        every = frozenset(pk for *_names, pk in named)
    return _Matches(
        first=sorted(_shown(Person.objects.filter(pk__in=ids)), key=_search_order), every=every
    )


def _search(query: str) -> _Matches:
    return _first_in_name_order(search_text_matches(query=query))


class SearchRateLimited(Exception):
    """Too many searches in the window: the caller waits ``retry_after`` seconds."""

    def __init__(self, retry_after: int):
        super().__init__("Too many searches")
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        minutes = max(1, round(self.retry_after / 60))
        return (
            f"You have searched {settings.HAVEN_SEARCH_LIMIT} times in "
            f"{settings.HAVEN_SEARCH_WINDOW_SECONDS // 60} minutes, the most Haven allows. Try "
            f"again in {minutes} minute{'s' if minutes != 1 else ''}. The auditors have been told."
        )


def _search_window() -> timedelta:
    return timedelta(seconds=settings.HAVEN_SEARCH_WINDOW_SECONDS)


def recent_searches(*, user, now) -> QuerySet[AuditEvent]:
    """The user's searches (and refusals) in the rate limit's window before ``now``: read on
    every search, through the index of each actor's events by time (``audit_actor_when``)."""
    return AuditEvent.objects.filter(
        actor_id=user.pk, verb=Verb.SEARCHED, occurred_at__gt=now - _search_window()
    )


def search_rate_check(*, user) -> None:
    """Searches (people search and possible matches) are limited per user: stepping through
    dates or postcodes to probe records one cannot see is an attack. The first refusal in a
    window alerts the user's agency's auditors; every refusal is audited."""
    now = timezone.now()
    recent = recent_searches(user=user, now=now)
    searches = recent.exclude(changes__has_key="refused")
    if searches.count() < settings.HAVEN_SEARCH_LIMIT:
        return
    oldest = searches.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    first_refusal = not recent.filter(changes__has_key="refused").exists()
    audit_record(
        actor=user,
        verb=Verb.SEARCHED,
        target=("people.person", ""),
        reason="Search refused: rate limit",
        changes={"refused": "rate limit"},
    )
    if first_refusal:
        notify(
            recipients=User.objects.filter(
                agency_id=user.agency_id, role=Role.AUDITOR, is_active=True
            ),
            subject="A burst of searches for people",
            body=(
                f"{user.full_name} ({user.email}) searched {searches.count()} times in "
                f"{settings.HAVEN_SEARCH_WINDOW_SECONDS // 60} minutes and further searches "
                "are refused for now. Check the audit trail for what they searched."
            ),
            link=f"/audit/?actor={user.pk}",
        )
    raise SearchRateLimited(retry_after=int((oldest + _search_window() - now).total_seconds()) + 1)


def _dated(person_ids: Iterable[int], query: str) -> list[Person]:
    """These people (found by their names another way) narrowed by the query's dates and
    years, as the text search narrows its own, and cut at ``SEARCH_LIMIT`` in the same order:
    a common name's spelling variants are thousands of people at national size."""
    rows = PersonSearchText.objects.filter(person_id__in=person_ids, merged=False)
    for term in query.split():
        as_date = _as_date(term)
        if as_date:
            rows = rows.filter(date_of_birth=as_date)
        elif re.fullmatch(r"\d{4}", term):
            rows = rows.filter(date_of_birth__year=int(term))
    return _first_in_name_order(rows).first


def person_search(*, user, query: str, name_matches: Iterable[int] = ()) -> list[SearchResult]:
    """Search everyone; return full results for people the user may see and only "known to
    <agency>, contact <team>" for the rest. Records the search. Only roles that search for
    people (practitioners, managers, analysts) may search. ``name_matches``: people whose
    names match the query's another way (spelling variants, transliterations: see
    ``matching.selectors.person_search``), kept if they fit its dates too.

    A "known to" answer never depends on more than a name and a year of birth (or an exact
    identifier): records the user cannot see are matched with ``coarsened_query``, so stepping
    a date of birth day by day learns nothing."""
    if not user.has_role_permission(roles.SEARCH_PEOPLE):
        raise PermissionDenied("Your role cannot search for people.")
    search_rate_check(user=user)

    matched = _search(query)
    coarse = coarsened_query(query)
    same = coarse == " ".join(query.split())
    coarse_matched = matched if same else _search(coarse)
    found, candidates = matched.first, coarse_matched.first
    # Only the people the text search missed cost a query: one it matched beyond the first
    # few cannot be among them by another route either.
    others = set(name_matches) - matched.ids - coarse_matched.ids
    if others:
        found = found + _dated(others, query)
        candidates = found if same else candidates + _dated(others, coarse)
    ids = {p.pk for p in found} | {p.pk for p in candidates}
    visible_ids = visible_person_ids(user, ids)
    by_pk = {p.pk: p for p in candidates if p.pk not in visible_ids}
    by_pk.update({p.pk: p for p in found if p.pk in visible_ids})
    people = sorted(by_pk.values(), key=_search_order)[:SEARCH_LIMIT]
    audit_record(
        actor=user,
        verb=Verb.SEARCHED,
        target=("people.person", ""),
        reason=f"Person search: {query[:200]}",
        changes={"results": len(people), "visible": len(visible_ids)},
    )
    return [
        SearchResult(
            person=p if p.pk in visible_ids else None,
            known_to=known_to(p, for_user=None if p.pk in visible_ids else user),
        )
        for p in people
    ]


# A relationship read from either end: "<A> is <phrase> of <B>".
_RELATIONSHIP_PHRASES = {
    "parent": "a parent of",
    "sibling": "a sibling of",
    "carer": "a carer of",
    "associate": "an associate of",
    "suspected_exploiter": "a suspected exploiter of",
    "household_member": "in the same household as",
}
UNSEEN_PERSON = "Someone whose record you cannot see"


@dataclass(frozen=True)
class RelationshipLine:
    """One relationship as seen from ``person``'s record. The person at the other end is
    named only if the user may see their record."""

    relationship: Relationship
    person: Person
    other: Person
    other_visible: bool

    @property
    def other_name(self) -> str:
        return self.other.full_name if self.other_visible else UNSEEN_PERSON

    @property
    def sentence(self) -> str:
        rel = self.relationship
        phrase = _RELATIONSHIP_PHRASES.get(rel.kind, rel.get_kind_display().lower() + " of")
        if rel.person_id == self.person.pk:
            return f"{self.person.full_name} is {phrase} {self.other_name}"
        return f"{self.other_name} is {phrase} {self.person.full_name}"


def relationships_for_user(*, user, person: Person) -> list[RelationshipLine]:
    """Relationships recorded either way round, in two queries."""
    relationships = list(
        Relationship.objects.filter(Q(person=person) | Q(other=person))
        .filter(details_visible_q(user))
        .select_related("person", "other", "recorded_by_agency")
        .order_by("id")
    )
    others = {r.other if r.person_id == person.pk else r.person for r in relationships}
    visible = visible_person_ids(user, [o.pk for o in others])
    lines = []
    for rel in relationships:
        other = rel.other if rel.person_id == person.pk else rel.person
        lines.append(
            RelationshipLine(
                relationship=rel, person=person, other=other, other_visible=other.pk in visible
            )
        )
    return lines


@dataclass(frozen=True)
class PersonPage:
    person: Person
    addresses: list[AddressView]
    relationships: list[RelationshipLine]
    concerns: list
    cases: list


def person_page_for_user(*, user, person_id: int) -> PersonPage:
    """Everything the person page shows, each part as this user may see it. Records the view
    of the person and of each confidential address shown."""
    person = person_get_for_user(user=user, person_id=person_id)
    return PersonPage(
        person=person,
        addresses=addresses_for_user(user=user, person=person),
        relationships=relationships_for_user(user=user, person=person),
        concerns=list(
            concerns_visible_to(user)
            .filter(person=person)
            .select_related("raised_by_agency", "case")
            .order_by("-occurred_at", "-pk")
        ),
        cases=list(
            cases_visible_to(user)
            .filter(person=person)
            .select_related("lead_agency", "lead_team", "lead_practitioner")
            .order_by("-opened_at", "-pk")
        ),
    )


def person_is_visible(*, user, person_id: int) -> bool:
    """Whether the user may open the person's record (no view is recorded)."""
    return people_visible_to(user, among=[person_id]).exists()
