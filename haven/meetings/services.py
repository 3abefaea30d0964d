"""Running a multi-agency strategy meeting: schedule, invite, record what was shared, the risk
ratings and decisions (which feed back into screening), and the actions agreed."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from haven.accounts.models import Agency, AgencyType, Role, User
from haven.audit.models import Verb
from haven.audit.services import audit_record, diff, snapshot
from haven.audit.versioning import save_versioned_and_audit
from haven.cases.models import CaseSection, ChronologyKind
from haven.cases.services import chronology_add
from haven.core.pdf import pdf_from_html
from haven.meetings.models import (
    Attendee,
    InformationShared,
    InvitationStatus,
    MeetingInvitation,
    MeetingStatus,
    RiskLevel,
    StrategyMeeting,
)
from haven.meetings.selectors import may_chair
from haven.notifications.services import notify

RISK_FIELDS = ("harm", "abduction", "missing")
DECISION_FIELDS = (
    "section_47_enquiry",
    "nrm_referral",
    "accommodated",
    "safety_plan",
    "safe_house",
    "police_investigation",
    "criminal_network",
    "parents_or_carers_complicit",
    "reunification_planned",
)


def meeting_require_chair(*, actor: User, case) -> None:
    """Refuses (403) anyone but a manager of the lead authority: the check every meeting
    service makes (the API makes it before reading the input)."""
    if not may_chair(user=actor, case=case):
        raise PermissionDenied("Only a manager in the lead authority runs strategy meetings.")


def suggested_attendees(case, *, looked_after: bool) -> list[tuple[str, Agency | None]]:
    """DOMAIN §5: children's social care, police, health, the referrer, education, and the
    placement for a looked-after child. Agencies already involved in the case come first."""
    involved = {c.raised_by_agency for c in case.concerns.select_related("raised_by_agency")}
    involved |= {s.agency for s in case.shares.select_related("agency")}

    def pick(agency_type: str) -> Agency | None:
        known = [a for a in involved if a.agency_type == agency_type]
        if known:
            return sorted(known, key=lambda a: a.pk)[0]
        return Agency.objects.filter(agency_type=agency_type, is_active=True).first()

    first_concern = case.concerns.order_by("created_at").select_related("raised_by_agency").first()
    suggestions = [
        (Attendee.CHILDRENS_SOCIAL_CARE, case.lead_agency),
        (Attendee.POLICE, pick(AgencyType.POLICE)),
        (Attendee.HEALTH, pick(AgencyType.HEALTH)),
        (Attendee.REFERRER, first_concern.raised_by_agency if first_concern else None),
        (Attendee.EDUCATION, pick(AgencyType.EDUCATION)),
    ]
    if looked_after:
        suggestions.append((Attendee.PLACEMENT, None))
    return suggestions


@transaction.atomic
def meeting_schedule_record(
    *,
    actor: User,
    case,
    scheduled_for: datetime,
    looked_after: bool,
    location: str = "",
    call_link: str = "",
) -> StrategyMeeting:
    """Schedule the meeting and invite the suggested attendees (``looked_after``: the child is
    accommodated, so the placement is invited too)."""
    meeting_require_chair(actor=actor, case=case)
    errors = {}
    if not (location.strip() or call_link.strip()):
        errors["location"] = "Give a place or a call link."
    if scheduled_for < timezone.now() - timezone.timedelta(days=1):
        errors["scheduled_for"] = "A meeting cannot be scheduled in the past."
    if errors:
        raise ValidationError(errors)
    meeting = StrategyMeeting(
        case=case,
        scheduled_for=scheduled_for,
        location=location.strip(),
        call_link=call_link.strip(),
        chair=actor,
    )
    meeting.full_clean()
    meeting.save()
    for attendee_role, agency in suggested_attendees(case, looked_after=looked_after):
        MeetingInvitation.objects.create(
            meeting=meeting,
            attendee_role=attendee_role,
            agency=agency,
            # The lead authority is there by definition; the rest must be confirmed.
            status=InvitationStatus.INVITED
            if agency == case.lead_agency
            else InvitationStatus.SUGGESTED,
        )
    audit_record(
        actor=actor,
        verb=Verb.MEETING_SCHEDULED,
        target=meeting,
        person_id=case.person_id,
        changes=diff(None, {"scheduled_for": scheduled_for, "location": meeting.location}),
    )
    chronology_add(
        case=case,
        occurred_at=timezone.now(),
        kind=ChronologyKind.MEETING,
        summary=(
            f"Strategy meeting scheduled for {timezone.localtime(scheduled_for):%d %B %Y %H:%M}."
        ),
        agency=actor.agency,
        section=CaseSection.MEETINGS,
        source=meeting,
    )
    return meeting


@transaction.atomic
def invitation_decide(
    *, actor: User, invitation: MeetingInvitation, invite: bool, agency=None, reason: str = ""
) -> MeetingInvitation:
    """Confirm a suggested attendee (optionally choosing the agency) or give the reason they
    are not invited."""
    meeting_require_chair(actor=actor, case=invitation.meeting.case)
    agency = agency or invitation.agency
    if invite and agency is None:
        raise ValidationError({"agency": "Choose the agency to invite."})
    if not invite and len(reason.strip()) < 5:
        raise ValidationError({"reason": "Say why this attendee is not invited."})
    before = snapshot(invitation, ("status", "agency", "reason_not_invited"))
    invitation.status = InvitationStatus.INVITED if invite else InvitationStatus.NOT_INVITED
    invitation.agency = agency
    invitation.reason_not_invited = "" if invite else reason.strip()
    invitation.save(update_fields=["status", "agency", "reason_not_invited"])
    meeting = invitation.meeting
    audit_record(
        actor=actor,
        verb=Verb.MEETING_INVITATION_DECIDED,
        target=invitation,
        person_id=meeting.case.person_id,
        changes={
            **diff(before, snapshot(invitation, ("status", "agency", "reason_not_invited"))),
            "invited": invite,
        },
    )
    already_invited = (
        meeting.invitations.filter(agency=agency, status=InvitationStatus.INVITED)
        .exclude(pk=invitation.pk)
        .exists()
    )
    if invite and not already_invited:
        notify(
            recipients=User.objects.filter(
                agency=agency, role__in=[Role.MANAGER, Role.PRACTITIONER]
            ),
            subject="Invitation to a strategy meeting",
            body=(
                f"{actor.agency.name} invites {agency.name} to a multi-agency strategy meeting on "
                f"{timezone.localtime(meeting.scheduled_for):%d %B %Y at %H:%M}."
            ),
            link=f"/meetings/{meeting.pk}/",
        )
    return invitation


@transaction.atomic
def information_shared_add(
    *, actor: User, meeting: StrategyMeeting, agency: Agency, text: str
) -> InformationShared:
    meeting_require_chair(actor=actor, case=meeting.case)
    if len(text.strip()) < 3:
        raise ValidationError({"text": "Record what the agency shared."})
    if not meeting.invitations.filter(agency=agency, status=InvitationStatus.INVITED).exists():
        raise ValidationError({"agency": "Choose an invited agency."})
    item = InformationShared.objects.create(
        meeting=meeting, agency=agency, text=text.strip(), recorded_by=actor
    )
    audit_record(
        actor=actor,
        verb=Verb.MEETING_INFORMATION_ADDED,
        target=item,
        person_id=meeting.case.person_id,
        changes=diff(None, {"agency": agency.pk}),
    )
    return item


@transaction.atomic
def meeting_outcome_record(
    *,
    actor: User,
    meeting: StrategyMeeting,
    expected_version: int,
    attended: dict[int, bool],
    ratings: dict[str, tuple[str, str]],
    decisions: dict[str, bool | None],
    placement_decision: str = "",
    decisions_note: str = "",
) -> StrategyMeeting:
    """Record that the meeting was held: attendance, the three risk ratings with rationales and
    the decisions. (The strategy-meeting workflow then feeds the decisions that are screening
    facts to screening and closes the meeting's task.)"""
    meeting_require_chair(actor=actor, case=meeting.case)
    errors = {}
    if meeting.scheduled_for > timezone.now():
        # A meeting cannot have been held before its time (and its statutory task not done).
        at = timezone.localtime(meeting.scheduled_for)
        errors["__all__"] = (
            f"The meeting is at {at:%H:%M} on {at.day} {at:%B %Y}: record its outcome once it "
            "has started."
        )
    for name in RISK_FIELDS:
        level, rationale = ratings.get(name, ("", ""))
        if level not in RiskLevel.values:
            errors[f"{name}_risk"] = "Rate the risk: low, medium or high."
        elif len(rationale.strip()) < 5:
            errors[f"{name}_rationale"] = "Give the rationale for this rating."
    if errors:
        raise ValidationError(errors)
    tracked = ("status", *(f"{n}_risk" for n in RISK_FIELDS), *DECISION_FIELDS)
    before = snapshot(meeting, tracked)
    meeting.status = MeetingStatus.HELD
    meeting.held_at = timezone.now()
    for name in RISK_FIELDS:
        level, rationale = ratings[name]
        setattr(meeting, f"{name}_risk", level)
        setattr(meeting, f"{name}_rationale", rationale.strip())
    for name in DECISION_FIELDS:
        setattr(meeting, name, decisions.get(name))
    meeting.placement_decision = placement_decision.strip()
    meeting.decisions_note = decisions_note.strip()
    fields = [
        "status",
        "held_at",
        "placement_decision",
        "decisions_note",
        *DECISION_FIELDS,
        *(f"{n}_risk" for n in RISK_FIELDS),
        *(f"{n}_rationale" for n in RISK_FIELDS),
    ]
    save_versioned_and_audit(
        actor=actor,
        instance=meeting,
        expected_version=expected_version,
        fields=fields,
        before=before,
        person_id=meeting.case.person_id,
        verb=Verb.MEETING_OUTCOME_RECORDED,
    )
    for invitation in meeting.invitations.filter(pk__in=attended):
        invitation.attended = attended[invitation.pk]
        invitation.save(update_fields=["attended"])
    chronology_add(
        case=meeting.case,
        occurred_at=meeting.held_at,
        kind=ChronologyKind.MEETING,
        summary=(
            f"Strategy meeting held. Risks: harm {meeting.harm_risk}, abduction "
            f"{meeting.abduction_risk}, going missing {meeting.missing_risk}."
        ),
        agency=actor.agency,
        section=CaseSection.MEETINGS,
        source=meeting,
    )
    return meeting


def meeting_action_check(*, actor: User, meeting: StrategyMeeting, title: str, due: date) -> str:
    """May ``actor`` (the chair) record this agreed action? Returns the title to use."""
    meeting_require_chair(actor=actor, case=meeting.case)
    errors = {}
    if len(title.strip()) < 3:
        errors["title"] = "Say what must be done."
    if due < timezone.localdate():
        errors["due"] = "The due date cannot be in the past."
    if errors:
        raise ValidationError(errors)
    return title.strip()


def meeting_minutes_pdf(*, actor: User, meeting: StrategyMeeting, html: str) -> bytes:
    """Render the minutes to PDF and record the export."""
    pdf = pdf_from_html(html)
    audit_record(
        actor=actor,
        verb=Verb.MINUTES_EXPORTED,
        target=meeting,
        person_id=meeting.case.person_id,
        reason="Strategy meeting minutes exported as PDF",
        changes={"format": "pdf"},
    )
    return pdf
