"""Missing episodes over the API, with the same rules as the pages (issue 12's contract).

Views are thin: the workflow and services write, the selectors fetch through the access door
and audit the read; a person or episode the caller may not see is 404 whether or not it
exists, and a refused write is 400 {"errors": {...}} with nothing saved."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from haven.cases.models import CaseSection
from haven.cases.selectors import case_get_for_user
from haven.core.api import HavenAPIView, error_responses
from haven.missing.selectors import case_episodes_for_user, episode_get_for_user
from haven.missing.serializers import (
    EpisodePoliceSerializer,
    EpisodeReportSerializer,
    EpisodeReturnSerializer,
    EpisodeSerializer,
    InterviewInputSerializer,
    InterviewSerializer,
)
from haven.missing.services import episode_police_update
from haven.workflows.missing_episodes import (
    missing_episode_report,
    missing_episode_return,
    return_interview_record,
)

EPISODE_ID = OpenApiParameter("episode_id", int, OpenApiParameter.PATH, description="Episode id.")
CASE_ID = OpenApiParameter("case_id", int, OpenApiParameter.PATH, description="Case id.")
WHO_SEES = (
    "An episode is seen by whoever sees the missing section of the child's case (or, before a "
    "case, the concern it raised: the reporting agency and the home area's front door) and by "
    "the team that reported it; anyone else gets 404."
)


def _episode(request, episode_id: int):
    return episode_get_for_user(user=request.user, episode_id=episode_id, record_view=False)


class EpisodesView(HavenAPIView):
    @extend_schema(
        operation_id="missing_episodes_create",
        tags=["missing"],
        summary="Report a child missing",
        description=(
            "For a child you may see (else 404). On the child's open case; for a child with no "
            "open case, a concern with the missing indicator goes to the home area's front door "
            "first. A future time, last seen after the report, an unknown `missing_from` or "
            "risk level is 400 with nothing saved."
        ),
        request=EpisodeReportSerializer,
        responses={201: EpisodeSerializer, **error_responses(400, 404)},
    )
    def post(self, request):
        serializer = EpisodeReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        episode = missing_episode_report(actor=request.user, **serializer.validated_data)
        body = EpisodeSerializer(episode).data
        return Response(
            body, status=status.HTTP_201_CREATED, headers={"Location": body["links"]["self"]}
        )


class EpisodeView(HavenAPIView):
    @extend_schema(
        operation_id="missing_episodes_retrieve",
        tags=["missing"],
        summary="A missing episode",
        description=f"{WHO_SEES} With the 72-hour return interview clock. The read is audited.",
        parameters=[EPISODE_ID],
        responses={200: EpisodeSerializer, **error_responses(404)},
    )
    def get(self, request, episode_id: int):
        episode = episode_get_for_user(user=request.user, episode_id=episode_id)
        return Response(EpisodeSerializer(episode).data)

    @extend_schema(
        operation_id="missing_episodes_partial_update",
        tags=["missing"],
        summary="Record the police report",
        description=f"When reported, the police reference and risk level. {WHO_SEES}",
        parameters=[EPISODE_ID],
        request=EpisodePoliceSerializer,
        responses={200: EpisodeSerializer, **error_responses(400, 404, 409)},
    )
    def patch(self, request, episode_id: int):
        episode = _episode(request, episode_id)
        serializer = EpisodePoliceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        episode = episode_police_update(
            actor=request.user, episode=episode, expected_version=data.pop("version"), **data
        )
        return Response(EpisodeSerializer(episode).data)


class EpisodeReturnView(HavenAPIView):
    @extend_schema(
        operation_id="missing_episodes_return",
        tags=["missing"],
        summary="Record the child's return or finding",
        description=(
            f"{WHO_SEES} The case (or the concern, before a case) is re-screened with the return "
            "time: `return_home_interview` is due exactly 72 hours after `returned_at`. A return "
            "before the report, or in the future, is 400 with nothing saved."
        ),
        parameters=[EPISODE_ID],
        request=EpisodeReturnSerializer,
        responses={200: EpisodeSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request, episode_id: int):
        episode = _episode(request, episode_id)
        serializer = EpisodeReturnSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version", episode.version)
        episode = missing_episode_return(
            actor=request.user, episode=episode, expected_version=version, **data
        )
        return Response(EpisodeSerializer(episode).data)


class EpisodeInterviewView(HavenAPIView):
    @extend_schema(
        operation_id="missing_episodes_return_interview",
        tags=["missing"],
        summary="Record a return home interview",
        description=(
            f"{WHO_SEES} Offered by someone independent of the placement; accepted and held (the "
            "return's `return_home_interview` task is then done) or declined with the reason. "
            "`disclosure` with `disclosure_indicator_codes` raises a new concern at once."
        ),
        parameters=[EPISODE_ID],
        request=InterviewInputSerializer,
        responses={201: InterviewSerializer, **error_responses(400, 404)},
    )
    def post(self, request, episode_id: int):
        episode = _episode(request, episode_id)
        serializer = InterviewInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        interview = return_interview_record(
            actor=request.user, episode=episode, **serializer.validated_data
        )
        return Response(InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)


class CaseEpisodesView(HavenAPIView):
    @extend_schema(
        operation_id="cases_missing_episodes_list",
        tags=["missing"],
        summary="A case's missing history",
        description=(
            "The child's missing episodes, newest first, for whoever sees the case's missing "
            "section (else 404). A plain list. The read is audited."
        ),
        parameters=[CASE_ID],
        responses={200: EpisodeSerializer(many=True), **error_responses(404)},
    )
    def get(self, request, case_id: int):
        view = case_get_for_user(
            user=request.user, case_id=case_id, record_view=False, section=CaseSection.MISSING
        )
        episodes = case_episodes_for_user(user=request.user, case=view.case)
        return Response(EpisodeSerializer(episodes, many=True).data)
