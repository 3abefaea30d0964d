"""Reading investigations. The access door decides: whoever sees the case's ``investigation``
section (the lead authority, break-glass, a share of it) sees its investigations; who the suspects
are only as ``may_see_suspects`` allows. Every read of an investigation is audited."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from haven.accounts.models import AgencyType
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import (
    can_work_cases,
    case_access,
    may_see_record,
    may_see_suspects,
    people_visible_to,
    require_record,
)
from haven.cases.models import Case, CaseSection
from haven.investigations import rules
from haven.investigations.models import (
    Investigation,
    InvestigationStatus,
    Order,
    OrderType,
    Suspect,
    SuspectOutcome,
)
from haven.people.models import Person, PersonKind, Relationship

# What a 403 says (page and service): who may record what.
POLICE_ONLY = (
    "Only the police record an investigation, its suspects, orders and notices, outcomes and "
    "the child's own arrests: a police officer or manager whose force the case's investigation "
    "is shared with. The lead authority's case team can record updates given to the child."
)
LEAD_OR_POLICE = (
    "Only the case team of the lead authority and the police investigating can record an "
    "update given to the child or to a partner agency."
)


def may_lead_investigation(user, case: Case) -> bool:
    """The police lead investigations: a police practitioner or manager who sees the case's
    investigation section (a share of it) opens one and records suspects, orders, outcomes and
    the child's own offences."""
    return (
        can_work_cases(user)
        and user.agency is not None
        and user.agency.agency_type == AgencyType.POLICE
        and may_see_record(user, section=CaseSection.INVESTIGATION, case=case)
    )


def may_record_victim_update(user, case: Case) -> bool:
    """The case team (the lead authority) and the police record updates given to the child."""
    if may_lead_investigation(user, case):
        return True
    access = case_access(user, case)
    return access is not None and access.leads and can_work_cases(user)


def require_lead_investigation(user, case: Case) -> None:
    require_record(user, section=CaseSection.INVESTIGATION, case=case)
    if not may_lead_investigation(user, case):
        raise PermissionDenied(POLICE_ONLY)


def require_victim_update(user, case: Case) -> None:
    require_record(user, section=CaseSection.INVESTIGATION, case=case)
    if not may_record_victim_update(user, case):
        raise PermissionDenied(LEAD_OR_POLICE)


def _prefetched(investigations: QuerySet[Investigation]) -> QuerySet[Investigation]:
    return investigations.select_related("case__person", "agency", "created_by").prefetch_related(
        Prefetch(
            "suspects",
            queryset=Suspect.objects.select_related("person").prefetch_related(
                Prefetch("outcomes", queryset=SuspectOutcome.objects.order_by("decided_on", "pk"))
            ),
        ),
        Prefetch(
            "orders",
            queryset=Order.objects.select_related("suspect__person").prefetch_related("breaches"),
        ),
        "child_offences",
        "victim_updates__recorded_by_agency",
        "victim_updates__recorded_by",
    )


def investigations_for_case(*, user, case: Case) -> list[Investigation] | None:
    """A case's investigations, or None for a user who may not see the section (the case page's
    panel then shows nothing). The caller has recorded the view of the case."""
    if not may_see_record(user, section=CaseSection.INVESTIGATION, case=case):
        return None
    return list(_prefetched(Investigation.objects.filter(case=case)))


def investigation_get_for_user(
    *, user, investigation_id: int, record_view: bool = True
) -> Investigation:
    """One investigation as ``user`` may see it; "not found" without the case's investigation
    section, as for one that does not exist."""
    investigation = _prefetched(Investigation.objects.filter(pk=investigation_id)).first()
    if investigation is None:
        raise Http404("No such investigation")
    require_record(user, section=CaseSection.INVESTIGATION, case=investigation.case)
    if record_view:
        audit_record(
            actor=user,
            verb=Verb.VIEWED,
            target=investigation,
            person_id=investigation.case.person_id,
        )
    return investigation


@dataclass(frozen=True)
class SuspectLine:
    """A suspect as the reader may see them: ``person`` is None for a reader who may not learn
    who is suspected (``may_see_suspects``); the outcomes are shown either way."""

    suspect: Suspect
    number: int
    person: Person | None
    outcomes: list[SuspectOutcome]

    @property
    def name(self) -> str:
        return self.person.full_name if self.person else f"Suspect {self.number}"

    @property
    def current_outcome(self) -> SuspectOutcome | None:
        return self.outcomes[-1] if self.outcomes else None


def victim_update_due_on(investigation: Investigation, *, last_update_on: date | None) -> date:
    """When the next update to the child (or a parent or carer) is due."""
    return rules.victim_update_due(
        opened_on=investigation.opened_on,
        last_update_on=last_update_on,
        days=settings.HAVEN_VICTIM_UPDATE_DAYS,
    )


def next_victim_update_due(investigation: Investigation) -> date | None:
    """From the prefetched updates; None once the investigation is closed (the clock stops)."""
    if investigation.status != InvestigationStatus.OPEN:
        return None
    given = [
        update.given_on
        for update in investigation.victim_updates.all()
        if update.given_to in rules.TO_THE_VICTIM
    ]
    return victim_update_due_on(investigation, last_update_on=max(given, default=None))


def suspect_lines(*, user, investigation: Investigation) -> list[SuspectLine]:
    named = may_see_suspects(user, investigation.case)
    return [
        SuspectLine(
            suspect=suspect,
            number=number,
            person=suspect.person if named else None,
            outcomes=list(suspect.outcomes.all()),
        )
        for number, suspect in enumerate(investigation.suspects.all(), start=1)
    ]


def suspect_candidates(*, user, case: Case) -> QuerySet[Person]:
    """Adults of concern related to the case's child (either way round) whom ``user`` may see:
    the people an investigation may name as suspects."""
    child = case.person_id
    related = Relationship.objects.filter(Q(person_id=child) | Q(other_id=child))
    ids = set(related.values_list("person_id", flat=True)) | set(
        related.values_list("other_id", flat=True)
    )
    ids.discard(child)
    return people_visible_to(user, among=ids).filter(kind=PersonKind.ADULT_OF_CONCERN)


@dataclass(frozen=True)
class InvestigationView:
    """An investigation as its reader may see it, and what they may do on it (page and API)."""

    investigation: Investigation
    suspects: list[SuspectLine]
    may_lead: bool
    may_update_victim: bool

    @property
    def order_lines(self) -> list[tuple[Order, SuspectLine]]:
        """Each order with its suspect as the reader may see them."""
        lines = {line.suspect.pk: line for line in self.suspects}
        return [(order, lines[order.suspect_id]) for order in self.investigation.orders.all()]

    @property
    def next_update_due(self) -> date | None:
        return next_victim_update_due(self.investigation)


def _view_of(user, investigation: Investigation) -> InvestigationView:
    case = investigation.case
    return InvestigationView(
        investigation=investigation,
        suspects=suspect_lines(user=user, investigation=investigation),
        may_lead=may_lead_investigation(user, case),
        may_update_victim=may_record_victim_update(user, case),
    )


def investigation_view_for_user(
    *, user, investigation_id: int, record_view: bool = True
) -> InvestigationView:
    investigation = investigation_get_for_user(
        user=user, investigation_id=investigation_id, record_view=record_view
    )
    return _view_of(user, investigation)


def investigation_for_recording(
    *, user, investigation_id: int, record_view: bool, victim_update: bool = False
) -> InvestigationView:
    """The investigation a page records something on: "not found" without the investigation
    section, 403 (saying who may) for a reader who may not record this; then the view, when
    asked, is recorded."""
    investigation = investigation_get_for_user(
        user=user, investigation_id=investigation_id, record_view=False
    )
    case = investigation.case
    (require_victim_update if victim_update else require_lead_investigation)(user, case)
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=investigation, person_id=case.person_id)
    return _view_of(user, investigation)


def case_investigations_for_user(*, user, view) -> list[InvestigationView]:
    """A case's investigations as the API lists them, for a ``CaseView``: "not found" without
    the investigation section. Records the read."""
    investigations = investigations_for_case(user=user, case=view.case)
    if investigations is None:
        raise Http404("No such section")
    audit_record(
        actor=user,
        verb=Verb.VIEWED,
        target=("investigations.investigation", f"case:{view.case.pk}"),
        person_id=view.case.person_id,
    )
    return [_view_of(user, investigation) for investigation in investigations]


def case_investigation_views(*, user, case: Case) -> list[InvestigationView] | None:
    """The case page's panel: the case's investigations as ``user`` may see them, or None
    without the investigation section. The case page has recorded the view of the case."""
    investigations = investigations_for_case(user=user, case=case)
    if investigations is None:
        return None
    return [_view_of(user, investigation) for investigation in investigations]


def new_suspect_candidates(*, user, investigation: Investigation) -> QuerySet[Person]:
    """The adults of concern linked to the child who are not yet suspects of ``investigation``."""
    already = investigation.suspects.values_list("person_id", flat=True)
    return suspect_candidates(user=user, case=investigation.case).exclude(pk__in=already)


def order_of(investigation: Investigation, order_id: int) -> Order:
    order = investigation.orders.filter(pk=order_id).first()
    if order is None:
        raise Http404("No such order")
    return order


def child_offence_of(investigation: Investigation, offence_id: int):
    offence = investigation.child_offences.filter(pk=offence_id).first()
    if offence is None:
        raise Http404("No such offence")
    return offence


def cawns_in_force_at(*, postcode: str, on: date) -> list[Order]:
    """Child abduction warning notices served at this (normalised) postcode and in force on
    ``on``: issued on or before it, not expired. For Haven's own rules (the harbouring-notice
    breach), not shown to anyone: no access check, nothing audited."""
    return list(
        Order.objects.filter(order_type=OrderType.CAWN, postcode=postcode, issued_on__lte=on)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        .select_related("suspect__person", "investigation")
    )
