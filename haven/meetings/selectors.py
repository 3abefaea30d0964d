"""Strategy meetings: visible to whoever the access door lets see the case's meetings section
(the lead authority, break-glass, a share of that section) and to the agencies invited."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from haven.accounts import roles
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import case_access, may_see_record
from haven.cases.models import CaseSection
from haven.meetings.models import (
    Attendance,
    InvitationStatus,
    MeetingAttendee,
    MeetingStatus,
    StrategyMeeting,
)


def may_chair(*, user, case) -> bool:
    """A manager of the lead authority runs the case's strategy meetings."""
    access = case_access(user, case)
    return access is not None and access.leads and user.has_role_permission(roles.SCHEDULE_MEETING)


def _invited_agency_ids(meeting: StrategyMeeting) -> set[int]:
    return {
        i.agency_id
        for i in meeting.invitations.all()
        if i.agency_id and i.status == InvitationStatus.INVITED
    }


def may_send_apologies(*, user, meeting: StrategyMeeting) -> bool:
    """Someone who works cases in an agency invited to the meeting sends their own apologies
    (seeing the meeting through a share or break-glass is not being invited)."""
    return (
        user.has_role_permission(roles.WORK_CASES)
        and user.agency_id is not None
        and user.agency_id in _invited_agency_ids(meeting)
    )


def attendee_candidates(*, meeting: StrategyMeeting) -> QuerySet:
    """The Haven users a chair may name at the meeting: active users of the invited agencies
    who work cases (so they can open the meeting and send apologies), not named yet."""
    working = [role for role in roles.Role if roles.role_grants(role, roles.WORK_CASES)]
    return (
        get_user_model()
        .objects.filter(
            is_active=True, role__in=working, agency_id__in=_invited_agency_ids(meeting)
        )
        .exclude(pk__in=meeting.attendees.exclude(user=None).values("user"))
        .select_related("agency")
        .order_by("agency__name", "full_name")
    )


def _visible(user, meeting: StrategyMeeting) -> bool:
    if not user.has_role_permission(roles.WORK_CASES) or user.agency_id is None:
        return False
    if may_see_record(user, section=CaseSection.MEETINGS, case=meeting.case):
        return True
    return any(
        i.agency_id == user.agency_id and i.status == InvitationStatus.INVITED
        for i in meeting.invitations.all()
    )


def meeting_get_for_user(*, user, meeting_id: int, record_view: bool = True) -> StrategyMeeting:
    meeting = (
        StrategyMeeting.objects.select_related(
            "case__person", "case__lead_agency", "case__lead_team", "chair"
        )
        .prefetch_related(
            "invitations__agency",
            "information_shared__agency",
            "tasks__team",
            "attendees__agency",
            "attendees__user",
        )
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or not _visible(user, meeting):
        raise Http404("No such meeting")
    if record_view:
        audit_record(actor=user, verb=Verb.VIEWED, target=meeting, person_id=meeting.case.person_id)
    return meeting


def meetings_for_case(*, case, user) -> QuerySet[StrategyMeeting] | None:
    """The case's meetings the user may see: all of them with the meetings section, else those
    their agency is invited to; None for a user who sees none (no section, no invitation)."""
    if not user.has_role_permission(roles.WORK_CASES) or user.agency_id is None:
        return None
    meetings = StrategyMeeting.objects.filter(case=case).prefetch_related("invitations")
    if may_see_record(user, section=CaseSection.MEETINGS, case=case):
        return meetings.order_by("-scheduled_for")
    invited = (
        meetings.filter(
            invitations__agency_id=user.agency_id, invitations__status=InvitationStatus.INVITED
        )
        .distinct()
        .order_by("-scheduled_for")
    )
    return invited if invited.exists() else None


def case_meetings_for_user(*, user, view) -> QuerySet[StrategyMeeting]:
    """A case's meetings as the case page's meetings panel shows them, for a ``CaseView`` from
    ``case_get_for_user``: "not found" for a user who sees none. Records the read (the meetings
    are about the child)."""
    meetings = meetings_for_case(case=view.case, user=user)
    if meetings is None:
        raise Http404("No such section")
    audit_record(
        actor=user,
        verb=Verb.VIEWED,
        target=("meetings.strategymeeting", f"case:{view.case.pk}"),
        person_id=view.case.person_id,
    )
    return meetings


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the attendance in the minutes: a named person (``attendee``), or an invited
    agency that no one is named for (``attendee`` None, ``name`` empty)."""

    organisation: str
    job_title: str
    name: str = ""
    note: str = ""
    attendee: MeetingAttendee | None = None


@dataclass(frozen=True)
class MeetingAttendance:
    """Who came, who sent apologies and who did not come, as the meeting page and the minutes
    list them. Before the meeting is held, ``present`` is who is expected and ``absent`` the
    invited agencies no one is named for yet."""

    held: bool
    present: list[AttendanceRow] = field(default_factory=list)
    apologies: list[AttendanceRow] = field(default_factory=list)
    absent: list[AttendanceRow] = field(default_factory=list)


def meeting_attendance(meeting: StrategyMeeting) -> MeetingAttendance:
    """The attendance of a meeting fetched by ``meeting_get_for_user`` (no further queries).

    An invited agency that sends no one and no apologies did not attend. Meetings held before
    people were named (or recorded through the API's ``attended`` list alone) show the agencies
    that attended, with no one named."""
    held = meeting.status == MeetingStatus.HELD
    attendance = MeetingAttendance(held=held)
    answered: set[int] = set()
    for attendee in meeting.attendees.all():
        row = AttendanceRow(
            name=attendee.name,
            organisation=attendee.organisation,
            job_title=attendee.job_title,
            note=attendee.apologies_note,
            attendee=attendee,
        )
        if attendee.attendance == Attendance.APOLOGIES:
            attendance.apologies.append(row)
        elif attendee.attendance == Attendance.ABSENT:
            attendance.absent.append(row)
        else:
            attendance.present.append(row)
        if attendee.agency_id:
            answered.add(attendee.agency_id)
    for invitation in meeting.invitations.all():
        if invitation.status != InvitationStatus.INVITED or invitation.agency_id in answered:
            continue
        row = AttendanceRow(
            organisation=invitation.agency.name,
            job_title=invitation.get_attendee_role_display(),
        )
        answered.add(invitation.agency_id)
        (attendance.present if held and invitation.attended else attendance.absent).append(row)
    return attendance
