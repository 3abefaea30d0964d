"""Recording placements and safety plans, and the safe-house escalation's acknowledgements.

Each write takes ``actor``, validates, writes and audits in one transaction. The journeys that
reach screening and tasks (re-screening after a placement, completing the safety-plan task) are
in ``haven.workflows.placements``."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.roles import Role
from haven.accounts.selectors import senior_officer
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff, snapshot
from haven.cases.access import case_access
from haven.cases.models import Case, CaseSection, CaseStatus, ChronologyKind
from haven.cases.services import chronology_add
from haven.core.areas import AREA_INVOLVED_CODES, OUTSIDE_CHESHIRE, area_label
from haven.notifications.services import notify
from haven.people.models import AddressKind
from haven.people.services import address_add
from haven.placements.models import (
    PROVIDER_MAX,
    ContactRestriction,
    EscalationAcknowledgement,
    Placement,
    PlacementType,
    SafeHouseEscalation,
    SafetyPlan,
    SeniorOffice,
)
from haven.placements.selectors import may_record_placement

logger = logging.getLogger(__name__)

NON_FIELD = "__all__"
# The address service's field names, as a placement calls them.
ADDRESS_FIELDS = {
    "line_1": "address_line",
    "postcode": "postcode",
    "town": "town",
    "named_users": "named_user_ids",
}
CONTACT_RESTRICTIONS_MAX = 20


def _require_may_record(actor, case: Case) -> None:
    if not may_record_placement(user=actor, case=case):
        raise PermissionDenied("Only the lead authority records placements and safety plans.")


@transaction.atomic
def placement_record(
    *,
    actor: User,
    case: Case,
    placement_type: str,
    provider: str,
    start_date: date,
    address_line: str,
    postcode: str = "",
    town: str = "",
    out_of_area: bool = False,
    receiving_area: str = "",
    named_users=(),
) -> Placement:
    """Record where the child is placed. The address is a confidential address of the child's
    record held by the actor's team and shown only to ``named_users``; the placement current
    until now ends the day this one starts."""
    _require_may_record(actor, case)
    errors = {}
    if case.status != CaseStatus.OPEN:
        errors["__all__"] = "Placements can only be recorded on an open case"
    if placement_type not in PlacementType.values:
        errors["placement_type"] = "Select the type of placement"
    if not provider.strip():
        errors["provider"] = "Enter who provides the placement"
    elif len(provider.strip()) > PROVIDER_MAX:
        errors["provider"] = f"The provider must be {PROVIDER_MAX} characters or fewer"
    if start_date > timezone.localdate():
        errors["start_date"] = "The start date must be today or in the past"
    if not address_line.strip():
        errors["address_line"] = "Enter the address of the placement"
    if out_of_area:
        receiving_area = receiving_area or OUTSIDE_CHESHIRE
        if (
            receiving_area not in AREA_INVOLVED_CODES
            or receiving_area == case.lead_agency.area_code
        ):
            errors["receiving_area"] = "Select the area the child is placed in"
    elif receiving_area:
        errors["receiving_area"] = "Select an area only for a placement out of area"
    if not named_users:
        errors["named_user_ids"] = "Select at least one person who may see the address"
    if errors:
        raise ValidationError(errors)
    try:
        address = address_add(
            actor=actor,
            person=case.person,
            line_1=address_line.strip(),
            town=town.strip(),
            postcode=postcode,
            kind=(
                AddressKind.SAFE_HOUSE
                if placement_type == PlacementType.SAFE_HOUSE
                else AddressKind.PLACEMENT
            ),
            from_date=start_date,
            is_confidential=True,
            held_by_team=actor.team,
            named_users=list(named_users),
        )
    except ValidationError as refused:
        raise ValidationError(
            {
                ADDRESS_FIELDS.get(
                    name, "named_user_ids" if name == "named_users" else NON_FIELD
                ): m
                for name, m in refused.message_dict.items()
            }
        ) from None
    for current in Placement.objects.select_for_update(of=("self",)).filter(
        case=case, end_date__isnull=True
    ):
        placement_end(actor=actor, placement=current, end_date=max(start_date, current.start_date))
    placement = Placement(
        case=case,
        placement_type=placement_type,
        provider=provider.strip(),
        start_date=start_date,
        address=address,
        out_of_area=out_of_area,
        receiving_area=receiving_area,
        recorded_by=actor,
        recorded_by_agency=actor.agency,
        recorded_at=timezone.now(),
    )
    placement.full_clean()
    placement.save()
    changes = diff(
        None, snapshot(placement, ("placement_type", "provider", "start_date", "receiving_area"))
    )
    audit_record(
        actor=actor,
        verb=Verb.PLACEMENT_RECORDED,
        target=placement,
        person_id=case.person_id,
        changes={**changes, "out_of_area": out_of_area},
    )
    where = f", out of area ({area_label(receiving_area)})" if out_of_area else ""
    chronology_add(
        case=case,
        occurred_at=placement.recorded_at,
        kind=ChronologyKind.PLACEMENT,
        summary=(
            f"Placement recorded: {placement.get_placement_type_display().lower()} with "
            f"{placement.provider} from {start_date:%-d %B %Y}{where}."
        ),
        agency=actor.agency,
        section=CaseSection.PLACEMENT,
        source=placement,
    )
    return placement


def placement_end(*, actor: User, placement: Placement, end_date: date) -> Placement:
    """The placement ended (the child moved on). Called within a placement's recording."""
    before = snapshot(placement, ("end_date",))
    placement.end_date = end_date
    placement.save(update_fields=["end_date"])
    audit_record(
        actor=actor,
        verb=Verb.PLACEMENT_ENDED,
        target=placement,
        person_id=placement.case.person_id,
        changes=diff(before, snapshot(placement, ("end_date",))),
    )
    return placement


SAFETY_PLAN_TEXTS = {
    "risks_told": "Enter what the placement was told about the trafficking risks",
    "abduction_measures": "Enter the measures against abduction",
    "missing_prevention": "Enter the plan to prevent the child going missing",
    "who_to_call": "Enter who to call, and when",
}
SAFETY_PLAN_FIELDS = (*SAFETY_PLAN_TEXTS, "review_date")


@transaction.atomic
def safety_plan_record(
    *,
    actor: User,
    placement: Placement,
    risks_told: str,
    abduction_measures: str,
    missing_prevention: str,
    who_to_call: str,
    review_date: date,
    contact_restrictions: list[tuple[str, str]] = (),
) -> SafetyPlan:
    """Record the placement's safety plan, or review it (its content replaced, the review date
    moved on). ``contact_restrictions``: (name, relationship) of each person who must not have
    contact with the child."""
    _require_may_record(actor, placement.case)
    texts = {
        "risks_told": risks_told.strip(),
        "abduction_measures": abduction_measures.strip(),
        "missing_prevention": missing_prevention.strip(),
        "who_to_call": who_to_call.strip(),
    }
    errors = {name: message for name, message in SAFETY_PLAN_TEXTS.items() if not texts[name]}
    if review_date <= timezone.localdate():
        errors["review_date"] = "The review date must be in the future"
    restrictions = [
        (name.strip(), relationship.strip()) for name, relationship in contact_restrictions
    ]
    restrictions = [(n, r) for n, r in restrictions if n or r]
    if any(not n or not r for n, r in restrictions):
        errors["contact_restrictions"] = (
            "Enter both the name and the relationship of each person who must not have contact"
        )
    if len(restrictions) > CONTACT_RESTRICTIONS_MAX:
        errors["contact_restrictions"] = (
            f"Enter {CONTACT_RESTRICTIONS_MAX} people or fewer who must not have contact"
        )
    if errors:
        raise ValidationError(errors)
    plan = SafetyPlan.objects.select_for_update().filter(placement=placement).first()
    before = snapshot(plan, SAFETY_PLAN_FIELDS) if plan else None
    plan = plan or SafetyPlan(placement=placement)
    for name, value in texts.items():
        setattr(plan, name, value)
    plan.review_date = review_date
    plan.recorded_by = actor
    plan.recorded_at = timezone.now()
    plan.save()
    plan.contact_restrictions.all().delete()
    ContactRestriction.objects.bulk_create(
        ContactRestriction(safety_plan=plan, name=n, relationship=r) for n, r in restrictions
    )
    audit_record(
        actor=actor,
        verb=Verb.SAFETY_PLAN_RECORDED,
        target=plan,
        person_id=placement.case.person_id,
        changes={
            **diff(before, snapshot(plan, SAFETY_PLAN_FIELDS)),
            "review_date": str(review_date),
            "contact_restrictions": len(restrictions),
        },
    )
    chronology_add(
        case=placement.case,
        occurred_at=plan.recorded_at,
        kind=ChronologyKind.PLACEMENT,
        summary=(
            f"Safety plan {'reviewed' if before else 'recorded'} for the "
            f"{placement.get_placement_type_display().lower()} placement; next review "
            f"{review_date:%-d %B %Y}."
        ),
        agency=actor.agency,
        section=CaseSection.PLACEMENT,
        source=plan,
    )
    return plan


# --- Safe-house escalation ---------------------------------------------------------------------


def _senior_text(escalation: SafeHouseEscalation, user, *, ask: str) -> str:
    """Names the child only to an officer the door lets see the case; emails never do."""
    case = escalation.case
    if case_access(user, case) is not None:
        about = f"Case {case.reference} ({case.person.full_name})"
    else:
        about = f"Case {case.reference}"
    return f"{about}, led by {escalation.lead_agency.name}: a safe house must be considered. {ask}"


ACKNOWLEDGE = "Open the escalation and acknowledge that you have been told."


@transaction.atomic
def escalation_raise(*, actor, case: Case, reason: str, task_id: int | None = None):
    """A case needs a safe house considered: the lead authority's Head of Service, Operational
    Director and Chief Executive are told (in Haven and by email) and each asked to
    acknowledge. An office nobody holds is recorded as missing, shown on the case, logged and
    told to the lead team's managers: never skipped in silence."""
    agency = case.lead_agency
    escalation = SafeHouseEscalation.objects.create(
        case=case, lead_agency=agency, task_id=task_id, reason=reason, raised_at=timezone.now()
    )
    told, missing = [], []
    for office in SeniorOffice:
        officer = senior_officer(agency, office.value)
        EscalationAcknowledgement.objects.create(
            escalation=escalation, office=office, officer=officer
        )
        (told if officer else missing).append(office)
    link = f"/escalations/{escalation.pk}/"
    for acknowledgement in escalation.acknowledgements.select_related("officer"):
        if acknowledgement.officer is None:
            continue
        notify(
            recipients=[acknowledgement.officer],
            subject="Safe-house escalation: please acknowledge",
            body=lambda user: _senior_text(escalation, user, ask=ACKNOWLEDGE),
            email_body=f"Case {case.reference}: a safe house must be considered. {ACKNOWLEDGE}",
            link=link,
        )
    if missing:
        offices = ", ".join(office.label for office in missing)
        logger.warning("Safe-house escalation %s: %s has no %s", escalation.pk, agency, offices)
        notify(
            recipients=User.objects.filter(team=case.lead_team_id, role=Role.MANAGER),
            subject="Safe-house escalation: senior officers missing",
            body=(
                f"Case {case.reference}: {agency.name} has no {offices} set up in Haven, so they "
                "were not told of the safe-house escalation. Tell them yourself and ask your "
                "administrator to set them up."
            ),
            link=link,
        )
    audit_record(
        actor=actor,
        verb=Verb.ESCALATION_RAISED,
        target=escalation,
        person_id=case.person_id,
        changes={
            "offices_told": [office.value for office in told],
            "offices_missing": [office.value for office in missing],
        },
    )
    chronology_add(
        case=case,
        occurred_at=escalation.raised_at,
        kind=ChronologyKind.PLACEMENT,
        summary=(
            "Safe-house escalation: "
            + (f"{', '.join(o.label for o in told)} told" if told else "nobody could be told")
            + (f"; no {', '.join(o.label for o in missing)} set up" if missing else "")
            + "."
        ),
        agency=agency,
        section=CaseSection.PLACEMENT,
        source=escalation,
    )
    return escalation


@transaction.atomic
def escalation_acknowledge(*, actor: User, escalation: SafeHouseEscalation):
    """The senior officer confirms they were told. Only an officer asked, once."""
    acknowledgement = (
        EscalationAcknowledgement.objects.select_for_update(of=("self",))
        .filter(escalation=escalation, officer=actor)
        .first()
    )
    if acknowledgement is None:
        raise PermissionDenied("Only the senior officers told of it acknowledge an escalation.")
    if acknowledgement.acknowledged_at is not None:
        raise ValidationError({NON_FIELD: "You have already acknowledged this escalation"})
    acknowledgement.acknowledged_at = timezone.now()
    acknowledgement.save(update_fields=["acknowledged_at"])
    audit_record(
        actor=actor,
        verb=Verb.ESCALATION_ACKNOWLEDGED,
        target=escalation,
        person_id=escalation.case.person_id,
        changes={
            "office": acknowledgement.office,
            "acknowledged_at": acknowledgement.acknowledged_at.isoformat(),
        },
    )
    chronology_add(
        case=escalation.case,
        occurred_at=acknowledgement.acknowledged_at,
        kind=ChronologyKind.PLACEMENT,
        summary=(
            f"Safe-house escalation acknowledged by the {acknowledgement.get_office_display()}, "
            f"{actor.full_name}."
        ),
        agency=actor.agency,
        section=CaseSection.PLACEMENT,
        source=escalation,
    )
    return acknowledgement


def escalations_remind(*, now=None) -> int:
    """Remind each senior officer whose acknowledgement is still outstanding, at most every
    ``HAVEN_ESCALATION_REMINDER_HOURS`` (the scheduled ``remind_escalations`` job)."""
    now = now or timezone.now()
    every = timedelta(hours=settings.HAVEN_ESCALATION_REMINDER_HOURS)
    reminded = 0
    outstanding = EscalationAcknowledgement.objects.filter(
        officer__isnull=False, acknowledged_at__isnull=True
    ).select_related("escalation__case__person", "escalation__lead_agency", "officer")
    for acknowledgement in outstanding:
        escalation = acknowledgement.escalation
        last = acknowledgement.last_reminded_at or escalation.raised_at
        if now - last < every:
            continue
        with transaction.atomic():
            # Only from the reminder time read: a run overlapping this one has reminded them.
            if not EscalationAcknowledgement.objects.filter(
                pk=acknowledgement.pk,
                acknowledged_at__isnull=True,
                last_reminded_at=acknowledgement.last_reminded_at,
            ).update(last_reminded_at=now):
                continue
            notify(
                recipients=[acknowledgement.officer],
                subject="Reminder: safe-house escalation not yet acknowledged",
                body=lambda user, e=escalation: _senior_text(e, user, ask=ACKNOWLEDGE),
                email_body=(
                    f"Case {escalation.case.reference}: a safe house must be considered. "
                    f"{ACKNOWLEDGE}"
                ),
                link=f"/escalations/{escalation.pk}/",
            )
        reminded += 1
    return reminded
