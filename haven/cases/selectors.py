"""Reading concerns, the front door queue and cases: each fetches, checks access and records
the view in one call, so no page or API can forget one of the three."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import (
    CaseAccess,
    case_access,
    cases_visible_to,
    concerns_visible_to,
    is_front_door_for,
)
from haven.cases.models import (
    BreakGlassAccess,
    Case,
    CaseSection,
    CaseShare,
    ChronologyEntry,
    Concern,
    ConcernStatus,
    Sensitivity,
)


@dataclass(frozen=True)
class CaseView:
    case: Case
    access: CaseAccess


def case_get_for_user(*, user, case_id: int, record_view: bool = True) -> CaseView:
    case = (
        Case.objects.select_related("person", "lead_agency", "lead_team", "lead_practitioner")
        .filter(pk=case_id)
        .first()
    )
    access = case_access(user, case) if case is not None else None
    if access is None:
        raise Http404("No such case")
    if record_view:
        audit_record(
            actor=user,
            verb=Verb.VIEWED,
            target=case,
            person_id=case.person_id,
            reason="" if access.via == "lead" else f"Access via {access.via.replace('_', ' ')}",
        )
    return CaseView(case=case, access=access)


def case_require_section(view: CaseView, section: str) -> None:
    """Sections the user's share does not include are "not found", like the case itself."""
    if not view.access.can_see(section):
        raise Http404("No such section")


def case_list_for_user(*, user, status: str | None = None) -> QuerySet[Case]:
    cases = cases_visible_to(user).select_related(
        "person", "lead_agency", "lead_team", "lead_practitioner"
    )
    if status:
        cases = cases.filter(status=status)
    return cases.order_by("-opened_at", "-pk")


def chronology_for_user(
    *,
    user,
    view: CaseView,
    agency_id: int | None = None,
    kind: str | None = None,
) -> QuerySet[ChronologyEntry]:
    """The case timeline as this user may see it, newest first."""
    case_require_section(view, CaseSection.CHRONOLOGY)
    entries = ChronologyEntry.objects.filter(case=view.case).select_related("agency")
    if not view.access.full:
        entries = entries.filter(section__in=view.access.sections).exclude(
            sensitivity=Sensitivity.RESTRICTED
        )
        if not view.access.can_see(CaseSection.NOTES):
            entries = entries.exclude(sensitivity=Sensitivity.SENSITIVE)
    if agency_id:
        entries = entries.filter(agency_id=agency_id)
    if kind:
        entries = entries.filter(kind=kind)
    audit_record(
        actor=user,
        verb=Verb.VIEWED,
        target=("cases.chronology", view.case.pk),
        person_id=view.case.person_id,
    )
    return entries.order_by("-occurred_at", "-id")


def case_notes_for_user(*, view: CaseView):
    case_require_section(view, CaseSection.NOTES)
    notes = view.case.notes.select_related("author", "agency")
    if not view.access.full:
        notes = notes.exclude(sensitivity=Sensitivity.RESTRICTED)
    return notes.order_by("-occurred_at")


def case_shares(*, view: CaseView) -> QuerySet[CaseShare]:
    """Only the lead authority sees who else a case is shared with."""
    if view.access.via != "lead":
        return CaseShare.objects.none()
    return view.case.shares.select_related("agency", "team", "granted_by", "revoked_by")


def case_share_get_for_lead(*, user, case_id: int, share_id: int) -> CaseShare:
    view = case_get_for_user(user=user, case_id=case_id, record_view=False)
    share = case_shares(view=view).filter(pk=share_id).first()
    if share is None:
        raise Http404("No such share")
    return share


def concern_get_for_user(*, user, concern_id: int) -> Concern:
    concern = (
        concerns_visible_to(user)
        .select_related(
            "person", "raised_by", "raised_by_agency", "raised_by_team", "decided_by", "case"
        )
        .filter(pk=concern_id)
        .first()
    )
    if concern is None:
        raise Http404("No such concern")
    audit_record(actor=user, verb=Verb.VIEWED, target=concern, person_id=concern.person_id)
    return concern


def concern_list_raised_by_agency(*, user) -> QuerySet[Concern]:
    return (
        Concern.objects.filter(raised_by_agency_id=user.agency_id)
        .select_related("person", "case")
        .order_by("-created_at")
    )


def front_door_queue(*, user, area_code: str) -> QuerySet[Concern]:
    """Concerns about children waiting for this area's decision, the most urgent first."""
    if not is_front_door_for(user, area_code):
        raise Http404("No such front door")
    return (
        Concern.objects.filter(home_area=area_code, status=ConcernStatus.AWAITING_DECISION)
        .select_related("person", "raised_by", "raised_by_agency")
        .order_by("decision_due_at", "pk")
    )


def open_cases_for_person_led_by(*, user, person_id: int) -> QuerySet[Case]:
    return Case.objects.filter(person_id=person_id, lead_agency_id=user.agency_id, status="open")


def break_glass_review_list(*, reviewed: bool | None = False) -> QuerySet[BreakGlassAccess]:
    accesses = BreakGlassAccess.objects.select_related(
        "case__person", "case__lead_agency", "user__agency", "reviewed_by"
    )
    if reviewed is not None:
        accesses = accesses.filter(reviewed_at__isnull=not reviewed)
    return accesses.order_by("-granted_at")


def cases_search_filter(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    query = query.strip()
    if not query:
        return cases
    return cases.filter(
        Q(person__given_name__icontains=query) | Q(person__family_name__icontains=query)
    )
