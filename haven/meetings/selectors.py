"""Strategy meetings: visible to whoever the access door lets see the case's meetings section
(the lead authority, break-glass, a share of that section) and to the agencies invited."""

from django.db.models import QuerySet
from django.http import Http404

from haven.accounts import roles
from haven.audit.models import Verb
from haven.audit.services import audit_record
from haven.cases.access import case_access, may_see_record
from haven.cases.models import CaseSection
from haven.meetings.models import InvitationStatus, StrategyMeeting


def may_chair(*, user, case) -> bool:
    """A manager of the lead authority runs the case's strategy meetings."""
    access = case_access(user, case)
    return access is not None and access.leads and user.has_role_permission(roles.SCHEDULE_MEETING)


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
        .prefetch_related("invitations__agency", "information_shared__agency", "tasks__team")
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
