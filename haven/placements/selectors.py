"""Reading placements, safety plans and escalations, always through the access door: whoever
sees a case's placement section (the lead authority, break-glass, a share of that section) sees
its placements; a placement's address is shown as ``people.selectors.address_for_user`` decides
(the named users only, each view recorded). A safe-house escalation is also seen by the senior
officers asked to acknowledge it, who may not see the case: they see its reference only."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.roles import Role
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import can_work_cases, case_access, may_see_record, require_record
from haven.cases.models import Case, CaseSection, CaseStatus
from haven.cases.selectors import case_get_for_user
from haven.people.selectors import AddressView, address_for_user
from haven.placements.models import (
    EscalationAcknowledgement,
    Placement,
    SafeHouseEscalation,
    SafetyPlan,
)


def may_record_placement(*, user, case: Case) -> bool:
    """The lead authority's practitioners and managers record placements and safety plans."""
    access = case_access(user, case)
    return access is not None and access.leads and can_work_cases(user)


def case_get_for_placement(*, user, case_id: int, record_view: bool):
    """The case, for recording a placement on it: "not found" without its placement section;
    403 for anyone but the lead authority, before anything is recorded."""
    view = case_get_for_user(
        user=user, case_id=case_id, record_view=False, section=CaseSection.PLACEMENT
    )
    if not may_record_placement(user=user, case=view.case):
        raise PermissionDenied("Only the lead authority records placements and safety plans.")
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=view.case, person_id=view.case.person_id)
    return view


@dataclass(frozen=True)
class PlacementView:
    """A placement as one user may see it: its address only if they are named on it."""

    placement: Placement
    address: AddressView
    safety_plan: SafetyPlan | None

    @property
    def review_overdue(self) -> bool:
        plan = self.safety_plan
        return (
            plan is not None and self.placement.current and plan.review_date < timezone.localdate()
        )

    @property
    def address_line(self) -> str | None:
        return self.address.address.line_1 if self.address.visible else None

    @property
    def postcode(self) -> str | None:
        return self.address.address.postcode if self.address.visible else None


def _placements():
    return Placement.objects.select_related(
        "case__person",
        "recorded_by",
        "address__held_by_team__agency",
        "safety_plan__recorded_by",
    ).prefetch_related(
        "address__named_users",
        Prefetch("safety_plan__contact_restrictions"),
    )


def _view(user, placement: Placement) -> PlacementView:
    return PlacementView(
        placement=placement,
        address=address_for_user(user=user, address=placement.address),
        safety_plan=getattr(placement, "safety_plan", None),
    )


@dataclass(frozen=True)
class PlacementPanel:
    """The case page's placement panel."""

    placements: list[PlacementView]
    escalations: list[SafeHouseEscalation]
    can_record: bool


def placement_panel_for_user(*, user, case: Case) -> PlacementPanel | None:
    """Current and past placements with their safety plans, and the case's safe-house
    escalations; None without the placement section. Each confidential address shown is
    recorded (the case page records the view of the case)."""
    if not may_see_record(user, section=CaseSection.PLACEMENT, case=case):
        return None
    return PlacementPanel(
        placements=[_view(user, p) for p in _placements().filter(case=case)],
        escalations=list(_escalations().filter(case=case)),
        can_record=case.status == CaseStatus.OPEN and may_record_placement(user=user, case=case),
    )


def placements_for_case_for_user(*, user, case_id: int) -> list[PlacementView]:
    """A case's current and past placements, newest first, as the API lists them: "not found"
    without the case's placement section. Records the read (and each address shown)."""
    view = case_get_for_user(
        user=user, case_id=case_id, record_view=False, section=CaseSection.PLACEMENT
    )
    audit_record(
        actor=user,
        verb=Verb.VIEWED,
        target=("placements.placement", f"case:{view.case.pk}"),
        person_id=view.case.person_id,
    )
    return [_view(user, p) for p in _placements().filter(case=view.case)]


def placement_get_for_user(*, user, placement_id: int, record_view: bool = True) -> PlacementView:
    """One placement, if ``user`` may see its case's placement section; otherwise "not found",
    as for a placement that does not exist. Records the view (and of the address if shown)."""
    placement = _placements().filter(pk=placement_id).first()
    if placement is None:
        raise Http404("No such placement")
    require_record(user, section=CaseSection.PLACEMENT, case=placement.case)
    if record_view:
        audit_record(
            actor=user, verb=Verb.VIEWED, target=placement, person_id=placement.case.person_id
        )
    return _view(user, placement)


def placement_get_for_safety_plan(*, user, placement_id: int, record_view: bool) -> PlacementView:
    """A placement whose safety plan ``user`` may record: not visible, 404; visible but not the
    lead authority's, 403 (before anything is recorded)."""
    placement = _placements().filter(pk=placement_id).first()
    if placement is None:
        raise Http404("No such placement")
    require_record(user, section=CaseSection.PLACEMENT, case=placement.case)
    if not may_record_placement(user=user, case=placement.case):
        raise PermissionDenied("Only the lead authority records placements and safety plans.")
    if record_view:
        audit_record(
            actor=user, verb=Verb.VIEWED, target=placement, person_id=placement.case.person_id
        )
    return _view(user, placement)


def _escalations():
    return SafeHouseEscalation.objects.select_related(
        "case__person", "lead_agency"
    ).prefetch_related(
        Prefetch(
            "acknowledgements",
            queryset=EscalationAcknowledgement.objects.select_related("officer"),
        )
    )


@dataclass(frozen=True)
class EscalationView:
    escalation: SafeHouseEscalation
    # Whether the user sees the case (else only its reference is shown).
    sees_case: bool
    # The user's own outstanding acknowledgement, if they are asked for one.
    to_acknowledge: EscalationAcknowledgement | None


def escalation_get_for_user(
    *, user, escalation_id: int, record_view: bool = True
) -> EscalationView:
    """A safe-house escalation, for whoever sees the case's placement section and for the senior
    officers asked to acknowledge it; anyone else gets "not found"."""
    escalation = _escalations().filter(pk=escalation_id).first()
    if escalation is None:
        raise Http404("No such escalation")
    mine = next((a for a in escalation.acknowledgements.all() if a.officer_id == user.pk), None)
    sees_case = may_see_record(user, section=CaseSection.PLACEMENT, case=escalation.case)
    if not sees_case and mine is None:
        raise Http404("No such escalation")
    if record_view:
        audit_record(
            actor=user,
            verb=Verb.VIEWED,
            target=escalation,
            person_id=escalation.case.person_id,
        )
    return EscalationView(
        escalation=escalation,
        sees_case=sees_case,
        to_acknowledge=mine if mine is not None and mine.acknowledged_at is None else None,
    )


def named_user_choices(*, user):
    """Who may be named on a placement's address: the user's agency's active practitioners and
    managers, as on the person page's address form (the address service refuses anyone else)."""
    return User.objects.filter(
        agency_id=user.agency_id, is_active=True, role__in=[Role.PRACTITIONER, Role.MANAGER]
    ).order_by("full_name")
