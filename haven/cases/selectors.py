"""Reading concerns, the front door queue and cases: each fetches, checks access and records
the view in one call, so no page or API can forget one of the three."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts import roles
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import (
    CaseAccess,
    break_glass_reference_case_id,
    case_access,
    cases_visible_to,
    concerns_visible_to,
    is_front_door_for,
    may_break_glass,
    transfers_visible_to,
)
from haven.cases.models import (
    BreakGlassAccess,
    BreakGlassStatus,
    Case,
    CaseSection,
    CaseShare,
    CaseStatus,
    CaseTransfer,
    ChronologyEntry,
    Concern,
    ConcernStatus,
    Sensitivity,
    TransferStatus,
)
from haven.people.selectors import relationships_for_user


@dataclass(frozen=True)
class CaseView:
    case: Case
    access: CaseAccess


def case_get_for_user(
    *,
    user,
    case_id: int,
    record_view: bool = True,
    section: str | None = None,
    lead_only: bool = False,
    whole_case: bool = False,
) -> CaseView:
    """The case as ``user`` may see it, asked of the access door, with the view recorded.

    A case the user cannot see, or a ``section`` of it they cannot see, is "not found" (and
    nothing is recorded). An action for the lead authority only (``lead_only``), or for those
    who see the whole case (``whole_case``: the lead authority, break-glass), is refused with
    403 to anyone else who sees the case."""
    case = (
        Case.objects.select_related("person", "lead_agency", "lead_team", "lead_practitioner")
        .filter(pk=case_id)
        .first()
    )
    access = case_access(user, case) if case is not None else None
    if access is None or (section is not None and not access.can_see(section)):
        raise Http404("No such case")
    if lead_only and not access.leads:
        raise PermissionDenied("Only the lead authority can do this.")
    if whole_case and not access.full:
        raise PermissionDenied("Only the lead authority can do this.")
    if record_view:
        audit_record(
            actor=user,
            verb=Verb.VIEWED,
            target=case,
            person_id=case.person_id,
            reason="" if access.leads else f"Access via {access.via.replace('_', ' ')}",
        )
    return CaseView(case=case, access=access)


def case_require_section(view: CaseView, section: str) -> None:
    """Sections the user's share does not include are "not found", like the case itself."""
    if not view.access.can_see(section):
        raise Http404("No such section")


def case_list_for_user(*, user, status: str | None = None) -> QuerySet[Case]:
    """The cases the user may see. Records that the list (children's names) was viewed."""
    audit_record(actor=user, verb=Verb.VIEWED, target=("cases.case", "list"))
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
    if not view.access.leads:
        return CaseShare.objects.none()
    return view.case.shares.select_related("agency", "team", "granted_by", "revoked_by")


def case_share_get_for_lead(*, user, case_id: int, share_id: int) -> CaseShare:
    view = case_get_for_user(user=user, case_id=case_id, record_view=False)
    share = case_shares(view=view).filter(pk=share_id).first()
    if share is None:
        raise Http404("No such share")
    return share


def concern_get_for_user(*, user, concern_id: int, record_view: bool = True) -> Concern:
    """The concern, if the user may see it; otherwise 404. Records the view unless the caller
    is about to act on it (the action is audited instead)."""
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
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=concern, person_id=concern.person_id)
    return concern


def front_door_queue(*, user, area_code: str) -> QuerySet[Concern]:
    """Concerns about children waiting for this area's decision, the most urgent first."""
    if not is_front_door_for(user, area_code):
        raise Http404("No such front door")
    # The queue shows children's names, dates of birth and what was seen: a read like any other.
    audit_record(actor=user, verb=Verb.VIEWED, target=("cases.concern", f"front_door:{area_code}"))
    return (
        Concern.objects.filter(home_area=area_code, status=ConcernStatus.AWAITING_DECISION)
        .select_related("person", "raised_by", "raised_by_agency")
        .order_by("decision_due_at", "pk")
    )


@dataclass(frozen=True)
class FrontDoorCounts:
    waiting: int  # concerns about children waiting for the area's decision
    overdue: int  # of those, how many have passed their one-working-day clock


def front_door_counts(*, user, area_code: str, now=None) -> FrontDoorCounts:
    """How many concerns wait at this area's front door, and how many of them are late. Counts
    name no child, so the read is not recorded (the queue itself is)."""
    if not is_front_door_for(user, area_code):
        raise Http404("No such front door")
    waiting = Concern.objects.filter(home_area=area_code, status=ConcernStatus.AWAITING_DECISION)
    return FrontDoorCounts(
        waiting=waiting.count(),
        overdue=waiting.filter(decision_due_at__lt=now or timezone.now()).count(),
    )


def cases_led_by(*, user) -> QuerySet[Case]:
    """The open cases ``user`` is lead practitioner of, as far as the access door still lets
    them see each (not after moving to another authority), newest first. Records the read
    (children's names), about no one child."""
    audit_record(actor=user, verb=Verb.VIEWED, target=("cases.case", "led_by_me"))
    return (
        cases_visible_to(user)
        .filter(lead_practitioner=user, status=CaseStatus.OPEN)
        .select_related("person", "lead_agency", "lead_team")
        .order_by("-opened_at", "-pk")
    )


def referrals_of(*, user) -> QuerySet[Concern]:
    """The concerns ``user`` raised, as far as the access door lets them see each (their
    agency's, while their role raises concerns or works cases), newest first, with what the
    front door decided. Records the read (children's names), about no one child."""
    audit_record(actor=user, verb=Verb.VIEWED, target=("cases.concern", "raised_by_me"))
    return (
        concerns_visible_to(user)
        .filter(raised_by=user)
        .select_related("person", "case__lead_agency", "decided_by__agency")
        .order_by("-created_at", "-pk")
    )


def open_cases_for_person_led_by(*, user, person_id: int) -> QuerySet[Case]:
    return Case.objects.filter(
        person_id=person_id, lead_agency_id=user.agency_id, status=CaseStatus.OPEN
    )


def break_glass_review_list(*, user, reviewed: bool | None = False) -> QuerySet[BreakGlassAccess]:
    """Break-glass accesses granted to cases the auditor's agency leads."""
    accesses = BreakGlassAccess.objects.filter(
        case__lead_agency_id=user.agency_id, status=BreakGlassStatus.GRANTED
    ).select_related("case__person", "case__lead_agency", "user__agency", "reviewed_by")
    if reviewed is not None:
        accesses = accesses.filter(reviewed_at__isnull=not reviewed)
    return accesses.order_by("-requested_at")


def cases_search_filter(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    query = query.strip()
    if not query:
        return cases
    return cases.filter(
        Q(person__given_name__icontains=query) | Q(person__family_name__icontains=query)
    )


def case_for_break_glass(*, user, reference: str, case_id: int | None = None) -> Case:
    """The case a break-glass reference opens for ``user``. Every refusal (a user without the
    out-of-hours power, a reference that is not theirs, expired or made up, a case id that does
    not match it) is "not found", whether or not the case exists, and is audited."""
    found = None
    if may_break_glass(user):
        reference_case = break_glass_reference_case_id(user, reference)
        if reference_case is not None and case_id in (None, reference_case):
            found = (
                Case.objects.select_related("person", "lead_agency", "lead_team")
                .filter(pk=reference_case)
                .first()
            )
    if found is None:
        audit_record(
            actor=user,
            verb=Verb.BREAK_GLASS_REFUSED,
            target=("cases.case", str(case_id) if case_id is not None else "unknown"),
            changes={"refused": "no break-glass power, or no valid reference for this case"},
            reason=reference[:100],
        )
        raise Http404("No such case")
    return found


def break_glass_requests_for_approval(*, user) -> QuerySet[BreakGlassAccess]:
    """Break-glass requests beyond the daily limit, by users of the manager's own agency."""
    if not user.has_role_permission(roles.APPROVE) or user.agency_id is None:
        return BreakGlassAccess.objects.none()
    return (
        BreakGlassAccess.objects.filter(
            user__agency_id=user.agency_id, status=BreakGlassStatus.AWAITING_APPROVAL
        )
        .exclude(user=user)
        .select_related("user", "case__lead_agency")
        .order_by("requested_at")
    )


def break_glass_request_get_for_approval(*, user, access_id: int) -> BreakGlassAccess:
    access = break_glass_requests_for_approval(user=user).filter(pk=access_id).first()
    if access is None:
        raise Http404("No such request")
    return access


# --- What the HTML pages read. Each page calls one of these. -------------------------------


@dataclass(frozen=True)
class CasePage:
    view: CaseView
    notes: list | None
    chronology: list | None
    chronology_total: int
    shares: list
    relationships: list | None
    # A transfer of the case waiting for the receiving team: the lead authority sees it.
    pending_transfer: CaseTransfer | None


CASE_PAGE_CHRONOLOGY = 10


def case_page_for_user(*, user, case_id: int) -> CasePage:
    """The case page: each section only if the user may see it. Records the view of the case
    and of its chronology (the placement panel, from the placements module, records each
    confidential address it shows)."""

    view = case_get_for_user(user=user, case_id=case_id)
    access, person = view.access, view.case.person
    chronology, total = None, 0
    if access.can_see(CaseSection.CHRONOLOGY):
        entries = chronology_for_user(user=user, view=view)
        chronology = list(entries[:CASE_PAGE_CHRONOLOGY])
        total = entries.count() if len(chronology) == CASE_PAGE_CHRONOLOGY else len(chronology)
    return CasePage(
        view=view,
        notes=list(case_notes_for_user(view=view)) if access.can_see(CaseSection.NOTES) else None,
        chronology=chronology,
        chronology_total=total,
        shares=list(case_shares(view=view).order_by("revoked_at", "-granted_at")),
        relationships=relationships_for_user(user=user, person=person)
        if access.can_see(CaseSection.PEOPLE)
        else None,
        pending_transfer=case_pending_transfer(view=view),
    )


def case_pending_transfer(*, view: CaseView) -> CaseTransfer | None:
    """The transfer of the case waiting for a decision, for the lead authority."""
    if not view.access.leads:
        return None
    return (
        view.case.transfers.filter(status=TransferStatus.PENDING)
        .select_related("to_team__agency", "requested_by")
        .first()
    )


def concern_get_for_decision(*, user, concern_id: int) -> Concern:
    """A concern waiting at the user's front door. Not visible: 404; visible but not theirs to
    decide (e.g. the agency that raised it): 403."""
    concern = concern_get_for_user(user=user, concern_id=concern_id)
    if not is_front_door_for(user, concern.home_area):
        raise PermissionDenied("Only the front door of the child's home area can decide.")
    return concern


def front_door_area_for_user(*, user) -> str | None:
    """The area whose front door the user works at, if any."""
    agency = user.agency
    if agency is not None and agency.area_code and is_front_door_for(user, agency.area_code):
        return agency.area_code
    return None


def break_glass_access_get_for_review(*, user, access_id: int) -> BreakGlassAccess:
    access = break_glass_review_list(user=user, reviewed=None).filter(pk=access_id).first()
    if access is None:
        raise Http404("No such break-glass access")
    return access


# --- Case transfers ---------------------------------------------------------------------------

TRANSFER_LIST_LIMIT = 50


@dataclass(frozen=True)
class TransferLists:
    """The transfers page: those waiting for the user's decision, and the latest ones the
    user's authority asked for."""

    to_decide: list[CaseTransfer]
    asked: list[CaseTransfer]


def _transfers_with_parties(transfers: QuerySet[CaseTransfer]) -> QuerySet[CaseTransfer]:
    return transfers.select_related(
        "case__person",
        "from_agency",
        "from_team",
        "to_agency",
        "to_team",
        "requested_by",
        "decided_by",
    )


def transfer_lists_for_user(*, user) -> TransferLists:
    """Records that the lists (children's names) were viewed."""
    audit_record(actor=user, verb=Verb.VIEWED, target=("cases.casetransfer", "list"))
    visible = _transfers_with_parties(transfers_visible_to(user))
    to_decide = []
    if user.has_role_permission(roles.ALLOCATE_CASES) and user.team_id is not None:
        to_decide = list(
            visible.filter(status=TransferStatus.PENDING, to_team_id=user.team_id).order_by(
                "requested_at", "pk"
            )
        )
    asked = visible.filter(from_agency_id=user.agency_id).exclude(
        pk__in=[transfer.pk for transfer in to_decide]
    )
    return TransferLists(
        to_decide=to_decide,
        asked=list(asked.order_by("-requested_at", "-pk")[:TRANSFER_LIST_LIMIT]),
    )


def transfers_waiting_for_user(*, user) -> int:
    """How many transfers wait for the user's decision (for a reminder on the case list)."""
    if not user.has_role_permission(roles.ALLOCATE_CASES) or user.team_id is None:
        return 0
    return (
        transfers_visible_to(user)
        .filter(status=TransferStatus.PENDING, to_team_id=user.team_id)
        .count()
    )


def transfer_get_for_user(*, user, transfer_id: int, record_view: bool = True) -> CaseTransfer:
    """The transfer, if the user may see it (``access.transfers_visible_to``); otherwise 404.
    Records the view: the request names the child."""
    transfer = _transfers_with_parties(transfers_visible_to(user)).filter(pk=transfer_id).first()
    if transfer is None:
        raise Http404("No such transfer")
    if record_view:
        audit_record(
            actor=user, verb=Verb.VIEWED, target=transfer, person_id=transfer.case.person_id
        )
    return transfer


def open_case_of_receiving_authority(*, user, transfer: CaseTransfer) -> Case | None:
    """For the receiving authority deciding on a transfer: its own open case for the child,
    if it has one (a second one would break "one open case per child per authority")."""
    if (
        transfer.status != TransferStatus.PENDING
        or not transfer.between_authorities
        or transfer.to_agency_id != user.agency_id
    ):
        return None
    return (
        cases_visible_to(user)
        .filter(
            person_id=transfer.case.person_id,
            lead_agency_id=user.agency_id,
            status=CaseStatus.OPEN,
        )
        .first()
    )
