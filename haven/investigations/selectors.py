"""Reading investigations. The access door decides: whoever sees the case's ``investigation``
section (the lead authority, break-glass, a share of it) sees its investigations; who the suspects
are only as ``may_see_suspects`` allows. Every read of an investigation is audited."""

from dataclasses import dataclass

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
from haven.investigations.models import Investigation, Order, Suspect, SuspectOutcome
from haven.people.models import Person, PersonKind, Relationship

POLICE_ONLY = "Only the police can record this on an investigation."
LEAD_OR_POLICE = "Only the lead authority or the police can record an update given to the child."


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
    return people_visible_to(user).filter(pk__in=ids, kind=PersonKind.ADULT_OF_CONCERN)


@dataclass(frozen=True)
class InvestigationView:
    """An investigation as its reader may see it, and what they may do on it (page and API)."""

    investigation: Investigation
    suspects: list[SuspectLine]
    may_lead: bool
    may_update_victim: bool


def investigation_view_for_user(
    *, user, investigation_id: int, record_view: bool = True
) -> InvestigationView:
    investigation = investigation_get_for_user(
        user=user, investigation_id=investigation_id, record_view=record_view
    )
    case = investigation.case
    return InvestigationView(
        investigation=investigation,
        suspects=suspect_lines(user=user, investigation=investigation),
        may_lead=may_lead_investigation(user, case),
        may_update_victim=may_record_victim_update(user, case),
    )


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
    may_lead = may_lead_investigation(user, view.case)
    may_update = may_record_victim_update(user, view.case)
    return [
        InvestigationView(
            investigation=investigation,
            suspects=suspect_lines(user=user, investigation=investigation),
            may_lead=may_lead,
            may_update_victim=may_update,
        )
        for investigation in investigations
    ]


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
