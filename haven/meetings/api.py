"""Strategy meetings over the API, with the same access rules as the pages: a case's meetings
(the case page's meetings panel), scheduling one (the schedule page), one meeting (its page)
and recording its outcome (the outcome form of its page).

Views are thin: the selector fetches, checks access and audits the read; a case or meeting the
caller may not see is 404 whether or not it exists; 403 only answers a caller who sees it but
may not run the meeting (only a manager of the lead authority chairs).
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from haven.accounts import roles
from haven.cases.selectors import case_get_for_user
from haven.core.api import HavenAPIView, error_responses, role_permission
from haven.meetings.selectors import case_meetings_for_user, meeting_get_for_user
from haven.meetings.serializers import (
    MeetingOutcomeInputSerializer,
    MeetingScheduleInputSerializer,
    MeetingSerializer,
    MeetingSummarySerializer,
)
from haven.meetings.services import meeting_require_chair
from haven.workflows.strategy_meetings import meeting_record_outcome, meeting_schedule

CASE_ID = OpenApiParameter("case_id", int, OpenApiParameter.PATH, description="Case id.")
MEETING_ID = OpenApiParameter(
    "meeting_id", int, OpenApiParameter.PATH, description="Strategy meeting id."
)


class CaseMeetingsView(HavenAPIView):
    # The service names the meeting's time scheduled_for; the API takes a date and a time.
    service_field_names = {"scheduled_for": "date"}

    def get_permissions(self):
        # Like the schedule page: only roles that chair meetings may schedule one.
        if self.request.method == "POST":
            return [role_permission(roles.SCHEDULE_MEETING)()]
        return super().get_permissions()

    @extend_schema(
        operation_id="cases_meetings_list",
        tags=["meetings"],
        summary="A case's strategy meetings",
        description=(
            "As the case page lists them: whoever sees the case's meetings section (the lead "
            "authority, break-glass, a share of that section) sees every meeting; an agency "
            "without the section sees the meetings it is invited to. Anyone else gets 404, as "
            "for a case that does not exist. The newest first; a plain list, not paginated. "
            "The read is audited."
        ),
        parameters=[CASE_ID],
        responses={200: MeetingSummarySerializer(many=True), **error_responses(404)},
    )
    def get(self, request, case_id: int):
        view = case_get_for_user(user=request.user, case_id=case_id, record_view=False)
        meetings = case_meetings_for_user(user=request.user, view=view)
        return Response(MeetingSummarySerializer(meetings, many=True).data)

    @extend_schema(
        operation_id="cases_meetings_create",
        tags=["meetings"],
        summary="Schedule a strategy meeting",
        description=(
            "As on the schedule page: a manager of the lead authority schedules a meeting and "
            "chairs it; the attendees DOMAIN §5 suggests are added, the lead authority invited, "
            "the others to confirm or refuse with a reason (on the meeting's page). Other roles "
            "get 403, as do managers of agencies that only share the case; a case you cannot "
            "see is 404."
        ),
        parameters=[CASE_ID],
        request=MeetingScheduleInputSerializer,
        responses={201: MeetingSerializer, **error_responses(400, 404)},
    )
    def post(self, request, case_id: int):
        view = case_get_for_user(user=request.user, case_id=case_id, record_view=False)
        meeting_require_chair(actor=request.user, case=view.case)
        serializer = MeetingScheduleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = meeting_schedule(actor=request.user, case=view.case, **serializer.validated_data)
        meeting = meeting_get_for_user(user=request.user, meeting_id=meeting.pk, record_view=False)
        body = MeetingSerializer(meeting).data
        return Response(
            body, status=status.HTTP_201_CREATED, headers={"Location": body["links"]["self"]}
        )


class MeetingDetailView(HavenAPIView):
    # Like the meeting's page: only roles that work cases (others get 403).
    permission_classes = [role_permission(roles.WORK_CASES)]

    @extend_schema(
        operation_id="meetings_retrieve",
        tags=["meetings"],
        summary="A strategy meeting",
        description=(
            "Seen by the lead authority and by agencies invited to it; anyone else gets 404 "
            "(roles that do not work cases, 403). "
            "Invitations, the people named at it (`attendees`: who is expected, attended, sent "
            "apologies with their note, or did not attend), information shared, the risk "
            "ratings and decisions once held, and the actions agreed. The view is audited."
        ),
        parameters=[MEETING_ID],
        responses={200: MeetingSerializer, **error_responses(404)},
    )
    def get(self, request, meeting_id: int):
        meeting = meeting_get_for_user(user=request.user, meeting_id=meeting_id)
        return Response(MeetingSerializer(meeting).data)


class MeetingOutcomeView(HavenAPIView):
    permission_classes = [role_permission(roles.WORK_CASES)]

    @extend_schema(
        operation_id="meetings_outcome_create",
        tags=["meetings"],
        summary="Record a strategy meeting's outcome",
        description=(
            "As on the meeting's page: once the meeting has started, its chair's authority (a "
            "manager of the lead authority) records who attended, the three risk ratings with "
            "rationales and the decisions. `attendees` gives each person named already their "
            "attendance (attended, apologies with an optional note, or absent) and may name "
            "more: Haven users of invited agencies by `user_id`, others by name, organisation "
            "and job title; every person named must end with one of the three, or nothing is "
            "saved (400). The older `attended` list of invitation ids is still accepted. "
            "Decisions that are screening facts are recorded and "
            "the case is re-screened (a high abduction risk requires safe house escalation). "
            "Invitees who are not the chair's authority get 403; anyone else 404. `version` is "
            "required: if the meeting changed since, nothing is saved and the answer is 409."
        ),
        parameters=[MEETING_ID],
        request=MeetingOutcomeInputSerializer,
        responses={200: MeetingSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request, meeting_id: int):
        meeting = meeting_get_for_user(user=request.user, meeting_id=meeting_id, record_view=False)
        meeting_require_chair(actor=request.user, case=meeting.case)
        serializer = MeetingOutcomeInputSerializer(data=request.data, context={"meeting": meeting})
        serializer.is_valid(raise_exception=True)
        meeting_record_outcome(
            actor=request.user, meeting=meeting, **serializer.service_arguments()
        )
        meeting = meeting_get_for_user(user=request.user, meeting_id=meeting.pk, record_view=False)
        return Response(MeetingSerializer(meeting).data)
