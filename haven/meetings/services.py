"""Running a multi-agency strategy meeting: schedule, invite, record what was shared, the risk
ratings and decisions (which feed back into screening), and the actions agreed."""

from collections.abc import Sequence
from dataclasses import dataclass
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
    Attendance,
    Attendee,
    InformationShared,
    InvitationStatus,
    MeetingAttendee,
    MeetingInvitation,
    MeetingStatus,
    RiskLevel,
    StrategyMeeting,
)
from haven.meetings.selectors import attendee_candidates, may_chair, may_send_apologies
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
# What a named person's attendance is once the meeting has been held.
FINAL_ATTENDANCE = (Attendance.ATTENDED, Attendance.APOLOGIES, Attendance.ABSENT)


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


@dataclass(frozen=True)
class NamedAttendee:
    """A person the chair names at a meeting: a Haven user (``user``), or someone without a
    Haven account (``name``, ``organisation`` and ``job_title`` typed); and whether they came
    (``apologies_note``: what came with their apologies, e.g. "sent a report")."""

    user: User | None = None
    name: str = ""
    organisation: str = ""
    job_title: str = ""
    attendance: str = Attendance.EXPECTED
    apologies_note: str = ""


def _require_scheduled(meeting: StrategyMeeting) -> None:
    if meeting.status != MeetingStatus.SCHEDULED:
        raise ValidationError(
            "The meeting's outcome has been recorded: who attended can no longer be changed."
        )


def _attendance_problems(attendance: str, note: str) -> dict[str, str]:
    if attendance not in Attendance.values:
        return {"attendance": "Say whether they attended, sent apologies or did not attend."}
    if note.strip() and attendance != Attendance.APOLOGIES:
        return {"apologies_note": "Only apologies take a note: choose sent apologies."}
    return {}


def _attendee_build(
    *, actor: User, meeting: StrategyMeeting, named: NamedAttendee
) -> MeetingAttendee:
    """The unsaved attendee ``named`` describes, or a ValidationError saying what is wrong."""
    errors = _attendance_problems(named.attendance, named.apologies_note)
    user = named.user
    if user is not None:
        if meeting.attendees.filter(user=user).exists():
            errors["user"] = f"{user.full_name} is already named at this meeting."
        elif not attendee_candidates(meeting=meeting).filter(pk=user.pk).exists():
            errors["user"] = (
                "Choose someone who works on cases in an agency invited to the meeting."
            )
        name, job_title = user.full_name, user.job_title or user.get_role_display()
        organisation = user.agency.name if user.agency else ""
    else:
        name, organisation = named.name.strip(), named.organisation.strip()
        job_title = named.job_title.strip()
        if len(name) < 2:
            errors["name"] = "Enter the person's full name."
        if not organisation:
            errors["organisation"] = "Enter the organisation they work for."
        if not job_title:
            errors["job_title"] = "Enter their role or job title."
    if errors:
        raise ValidationError(errors)
    return MeetingAttendee(
        meeting=meeting,
        user=user,
        agency=user.agency if user else None,
        name=name,
        organisation=organisation,
        job_title=job_title,
        attendance=named.attendance,
        apologies_note=named.apologies_note.strip(),
        added_by=actor,
    )


def _attendance_lines(attendees) -> list[str]:
    return [f"{a}: {a.get_attendance_display().lower()}" for a in attendees]


def _outcome_attendance(
    *,
    actor: User,
    meeting: StrategyMeeting,
    attendance: dict[int, tuple[str, str]],
    new_attendees: Sequence[NamedAttendee],
) -> tuple[list[MeetingAttendee], list[MeetingAttendee]]:
    """The meeting's named attendees with the attendance given (unsaved), and the new ones
    built: refused unless each has attended, sent apologies or not attended."""
    problems = []
    named = list(MeetingAttendee.objects.filter(meeting=meeting))
    unknown = sorted(set(attendance) - {a.pk for a in named})
    if unknown:
        problems.append(
            "Give only people named at this meeting: not "
            f"{', '.join(str(pk) for pk in unknown[:10])}."
        )
    for attendee in named:
        if attendee.pk in attendance:
            value, note = attendance[attendee.pk]
            problems += [
                f"{attendee.name}: {p}" for p in _attendance_problems(value, note).values()
            ]
            attendee.attendance, attendee.apologies_note = value, note.strip()
    built = []
    for position, new in enumerate(new_attendees, start=1):
        try:
            built.append(_attendee_build(actor=actor, meeting=meeting, named=new))
        except ValidationError as error:
            problems += [f"New attendee {position}: {m}" for m in error.messages]
    users = [a.user_id for a in built if a.user_id]
    if len(users) != len(set(users)):
        problems.append("Name each person once.")
    unanswered = [a.name for a in [*named, *built] if a.attendance not in FINAL_ATTENDANCE]
    if unanswered:
        problems.append(
            "Say whether each person named attended, sent apologies or did not attend: "
            f"{', '.join(unanswered)}."
        )
    if problems:
        raise ValidationError({"attendees": problems})
    return named, built


def _meeting_attendees_changed(
    *, actor: User, meeting: StrategyMeeting, verb: Verb, changes: dict
) -> None:
    """Who attends is part of the meeting's record: each change steps its version, so an
    outcome form opened before it is refused as stale instead of overwriting it."""
    current = (
        StrategyMeeting.objects.select_for_update()
        .values_list("version", flat=True)
        .get(pk=meeting.pk)
    )
    save_versioned_and_audit(
        actor=actor,
        instance=meeting,
        expected_version=current,
        fields=(),
        before={},
        person_id=meeting.case.person_id,
        verb=verb,
        extra=changes,
    )


@transaction.atomic
def meeting_attendee_add(
    *, actor: User, meeting: StrategyMeeting, named: NamedAttendee
) -> MeetingAttendee:
    """The chair names someone at the meeting, before it or until its outcome is recorded:
    a user of an invited agency (several may come for one agency), or someone without a Haven
    account."""
    meeting_require_chair(actor=actor, case=meeting.case)
    _require_scheduled(meeting)
    attendee = _attendee_build(actor=actor, meeting=meeting, named=named)
    attendee.save()
    _meeting_attendees_changed(
        actor=actor,
        meeting=meeting,
        verb=Verb.MEETING_ATTENDEE_ADDED,
        changes={
            "attendee": str(attendee),
            **({"user": attendee.user_id} if attendee.user_id else {}),
            **diff(None, snapshot(attendee, ("attendance", "apologies_note"))),
        },
    )
    return attendee


@transaction.atomic
def meeting_attendee_remove(*, actor: User, attendee: MeetingAttendee) -> None:
    """The chair takes someone off the meeting's attendees, until its outcome is recorded."""
    meeting = attendee.meeting
    meeting_require_chair(actor=actor, case=meeting.case)
    _require_scheduled(meeting)
    attendee.delete()
    _meeting_attendees_changed(
        actor=actor,
        meeting=meeting,
        verb=Verb.MEETING_ATTENDEE_REMOVED,
        changes={"attendee": str(attendee)},
    )


@transaction.atomic
def meeting_apologies_record(
    *, actor: User, meeting: StrategyMeeting, note: str = ""
) -> MeetingAttendee:
    """An invitee sends their own apologies before the meeting, with an optional note (e.g.
    "sent a report"); they are named at the meeting if the chair had not named them."""
    if not may_send_apologies(user=actor, meeting=meeting):
        raise PermissionDenied(
            "Only someone from an agency invited to the meeting can send apologies."
        )
    _require_scheduled(meeting)
    attendee = MeetingAttendee.objects.filter(meeting=meeting, user=actor).first()
    if attendee is None:
        before = None
        attendee = _attendee_build(
            actor=actor,
            meeting=meeting,
            named=NamedAttendee(user=actor, attendance=Attendance.APOLOGIES, apologies_note=note),
        )
    else:
        before = snapshot(attendee, ("attendance", "apologies_note"))
        attendee.attendance, attendee.apologies_note = Attendance.APOLOGIES, note.strip()
    attendee.save()
    _meeting_attendees_changed(
        actor=actor,
        meeting=meeting,
        verb=Verb.MEETING_APOLOGIES_RECORDED,
        changes={
            "attendee": str(attendee),
            # The attendance is required even when apologies are sent twice (a new note).
            "attendance": {"before": (before or {}).get("attendance"), "after": "apologies"},
            **diff(
                {"apologies_note": (before or {}).get("apologies_note")},
                {"apologies_note": attendee.apologies_note},
            ),
        },
    )
    return attendee


@transaction.atomic
def meeting_outcome_record(
    *,
    actor: User,
    meeting: StrategyMeeting,
    expected_version: int,
    ratings: dict[str, tuple[str, str]],
    decisions: dict[str, bool | None],
    attended: dict[int, bool] | None = None,
    attendance: dict[int, tuple[str, str]] | None = None,
    new_attendees: Sequence[NamedAttendee] = (),
    placement_decision: str = "",
    decisions_note: str = "",
) -> StrategyMeeting:
    """Record that the meeting was held: who attended, the three risk ratings with rationales
    and the decisions. (The strategy-meeting workflow then feeds the decisions that are
    screening facts to screening and closes the meeting's task.)

    ``attendance`` gives each named attendee's attendance (by id) with an apologies note, and
    ``new_attendees`` names more people; once held, everyone named must have attended, sent
    apologies or not attended. An invited agency attended when someone named from it attended,
    or when ``attended`` (invitation id to a yes or no: the API's first contract) says so."""
    meeting_require_chair(actor=actor, case=meeting.case)
    errors = {}
    try:
        named, built = _outcome_attendance(
            actor=actor, meeting=meeting, attendance=attendance or {}, new_attendees=new_attendees
        )
    except ValidationError as error:
        named, built = [], []
        errors.update(error.message_dict)
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
    attendance_before = _attendance_lines(MeetingAttendee.objects.filter(meeting=meeting))
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
        extra=diff(
            {"attendance": attendance_before}, {"attendance": _attendance_lines([*named, *built])}
        ),
    )
    for attendee in named:
        attendee.save(update_fields=["attendance", "apologies_note"])
    MeetingAttendee.objects.bulk_create(built)
    came = {a.agency_id for a in [*named, *built] if a.attendance == Attendance.ATTENDED}
    for invitation in meeting.invitations.filter(
        status=InvitationStatus.INVITED, agency__isnull=False
    ):
        invitation.attended = bool((attended or {}).get(invitation.pk)) or (
            invitation.agency_id in came
        )
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
