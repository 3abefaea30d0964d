"""The training programme and the action plans over the API, with the pages' rules (decision
0025): the same selectors decide who sees what, the same services check and write. A plan or
action the caller may not read is 404; a role that never does this is 403."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.response import Response

from haven.accounts import roles
from haven.core.api import HavenAPIView, error_responses, role_permission
from haven.documents.api import FileOrJsonErrors
from haven.reporting.anonymity import MINIMUM_K, AnonymityError
from haven.reporting.ctdc import AnonymisedDataset, anonymised_dataset, dataset_csv
from haven.reporting.disclosure import Symbol
from haven.reporting.training import training_results_published
from haven.strategy.selectors import (
    action_plan_get_for_user,
    action_plans_for_user,
    plan_action_get_for_user,
    plan_actions,
    training_attendee_get,
    training_attendees,
    training_course_get,
    training_courses,
    training_session_get,
    training_sessions,
)
from haven.strategy.serializers import (
    ActionInputSerializer,
    ActionSerializer,
    CourseInputSerializer,
    CourseSerializer,
    PlanDetailSerializer,
    PlanInputSerializer,
    PlanSerializer,
    ProgressInputSerializer,
    ProgressSerializer,
    ResultsQuerySerializer,
    SelfAssessmentInputSerializer,
    SessionInputSerializer,
    SessionSerializer,
    TrainingAttendeeInputSerializer,
    TrainingAttendeeSerializer,
)
from haven.strategy.services import (
    action_plan_create,
    action_progress_record,
    anonymised_dataset_exported,
    plan_action_add,
    self_assessment_record,
    training_attendee_add,
    training_course_add,
    training_session_record,
)


def _id(name: str, what: str) -> OpenApiParameter:
    return OpenApiParameter(name, int, OpenApiParameter.PATH, description=f"{what} id.")


TAGS = ["strategy"]


class CourseListView(HavenAPIView):
    permission_classes = [role_permission(roles.VIEW_AGGREGATES)]

    @extend_schema(
        operation_id="training_courses_list",
        tags=TAGS,
        summary="Training courses",
        description="Every course with its self-assessment statements. Strategic leads only.",
        responses={200: CourseSerializer(many=True), **error_responses(403)},
    )
    def get(self, request):
        return Response(CourseSerializer(training_courses(), many=True).data)

    @extend_schema(
        operation_id="training_courses_create",
        tags=TAGS,
        summary="Add a training course",
        description=(
            "A course with 2 to 10 self-assessment statements, asked in the order given; they "
            "cannot be changed later. Audited (`training_course_added`)."
        ),
        request=CourseInputSerializer,
        responses={201: CourseSerializer, **error_responses(400, 403)},
    )
    def post(self, request):
        serializer = CourseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        course = training_course_add(actor=request.user, **serializer.validated_data)
        return Response(CourseSerializer(course).data, status=status.HTTP_201_CREATED)


class SessionListView(HavenAPIView):
    permission_classes = [role_permission(roles.RECORD_TRAINING)]

    @extend_schema(
        operation_id="training_sessions_list",
        tags=TAGS,
        summary="A course's sessions",
        description="Those who record training only; the newest first.",
        parameters=[_id("course_id", "Course")],
        responses={200: SessionSerializer(many=True), **error_responses(403, 404)},
    )
    def get(self, request, course_id: int):
        course = training_course_get(course_id=course_id)
        return Response(SessionSerializer(training_sessions(course=course), many=True).data)

    @extend_schema(
        operation_id="training_sessions_create",
        tags=TAGS,
        summary="Record a session of a course",
        description="Audited (`training_session_recorded`).",
        parameters=[_id("course_id", "Course")],
        request=SessionInputSerializer,
        responses={201: SessionSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request, course_id: int):
        course = training_course_get(course_id=course_id)
        serializer = SessionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = training_session_record(
            actor=request.user, course=course, **serializer.validated_data
        )
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


class AttendeeListView(HavenAPIView):
    permission_classes = [role_permission(roles.RECORD_TRAINING)]

    @extend_schema(
        operation_id="training_attendees_list",
        tags=TAGS,
        summary="A session's attendees",
        description="With whether each has answered before and after the course.",
        parameters=[_id("session_id", "Session")],
        responses={200: TrainingAttendeeSerializer(many=True), **error_responses(403, 404)},
    )
    def get(self, request, session_id: int):
        session = training_session_get(session_id=session_id)
        return Response(
            TrainingAttendeeSerializer(training_attendees(session=session), many=True).data
        )

    @extend_schema(
        operation_id="training_attendees_create",
        tags=TAGS,
        summary="Record an attendee",
        description=(
            "A Haven user (`user`), or a named professional with `full_name`, `agency` and "
            "`job_role`. Audited (`training_attendee_added`)."
        ),
        parameters=[_id("session_id", "Session")],
        request=TrainingAttendeeInputSerializer,
        responses={201: TrainingAttendeeSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request, session_id: int):
        session = training_session_get(session_id=session_id)
        serializer = TrainingAttendeeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attendee = training_attendee_add(
            actor=request.user, session=session, **serializer.validated_data
        )
        return Response(TrainingAttendeeSerializer(attendee).data, status=status.HTTP_201_CREATED)


class SelfAssessmentView(HavenAPIView):
    permission_classes = [role_permission(roles.RECORD_TRAINING)]

    @extend_schema(
        operation_id="training_self_assessments_create",
        tags=TAGS,
        summary="Record an attendee's self-assessment, before or after the course",
        description=(
            "A score from 1 to 5 for every statement of the course. After the course only once "
            "the session has been held; each stage once. Audited (`self_assessment_recorded`)."
        ),
        parameters=[_id("attendee_id", "Attendee")],
        request=SelfAssessmentInputSerializer,
        responses={201: TrainingAttendeeSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request, attendee_id: int):
        attendee = training_attendee_get(attendee_id=attendee_id)
        serializer = SelfAssessmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self_assessment_record(actor=request.user, attendee=attendee, **serializer.validated_data)
        answered = training_attendees(session=attendee.session).get(pk=attendee.pk)
        return Response(TrainingAttendeeSerializer(answered).data, status=status.HTTP_201_CREATED)


SHOWN = {
    "oneOf": [{"type": "integer"}, {"type": "string", "enum": ["c"]}],
    "description": 'A count; 1 to 5, or one that would give such a count away, is "c".',
}
FIGURE = {
    "oneOf": [{"type": "number"}, {"type": "string", "enum": ["c", "z"]}],
    "description": 'A mean score to one decimal place; "c" over a count not shown, "z" when no '
    "one answered both.",
}


@extend_schema_field(SHOWN)
class _Shown(serializers.Field):
    """A count or mean as published: a number, or a symbol such as "c"."""

    def to_representation(self, value):
        return value.value if isinstance(value, Symbol) else value


@extend_schema_field(FIGURE)
class _Figure(serializers.Field):
    def to_representation(self, value):
        return value.value if isinstance(value, Symbol) else float(value)


class StatementResultSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    statement = serializers.CharField()
    mean_before = _Figure()
    mean_after = _Figure()
    mean_change = _Figure()


class AgencyTypeResultSerializer(serializers.Serializer):
    agency_type = serializers.CharField()
    attended = _Shown()
    answered_before_and_after = _Shown(source="answered")
    mean_change = serializers.ListField(child=_Figure(), source="changes")


class CourseResultSerializer(serializers.Serializer):
    course = serializers.IntegerField(source="course_id")
    title = serializers.CharField()
    attended = _Shown()
    answered_before_and_after = _Shown(source="answered")
    statements = StatementResultSerializer(many=True)
    by_agency_type = AgencyTypeResultSerializer(many=True)


class TrainingResultsView(HavenAPIView):
    permission_classes = [role_permission(roles.VIEW_AGGREGATES)]

    @extend_schema(
        operation_id="training_results_retrieve",
        tags=TAGS,
        summary="Training results: the change in self-assessment per course and agency type",
        description=(
            "As the training page shows them, for sessions held in `area` (one of the four, or "
            "`pan_cheshire`, the default) between `from` and `to` (inclusive). Counts from 1 to "
            'five are "c", with secondary suppression; a mean is shown only over a count shown '
            'as a number ("c" otherwise, "z" when no one answered both). Strategic leads only.'
        ),
        parameters=[
            OpenApiParameter("area", str, description="An area code, or pan_cheshire."),
            OpenApiParameter("from", str, description="YYYY-MM-DD"),
            OpenApiParameter("to", str, description="YYYY-MM-DD"),
        ],
        responses={200: CourseResultSerializer(many=True), **error_responses(400, 403)},
    )
    def get(self, request):
        query = ResultsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        results = training_results_published(**query.validated_data)
        return Response(CourseResultSerializer(results, many=True).data)


class PlanListView(HavenAPIView):
    @extend_schema(
        operation_id="action_plans_list",
        tags=TAGS,
        summary="Action plans you can read",
        description=(
            "Every plan for a strategic lead; for anyone else, the plans holding an action they "
            "own (by name, or by their role in their agency). With the actions and overdue ones "
            "counted."
        ),
        responses={200: PlanSerializer(many=True)},
    )
    def get(self, request):
        return Response(PlanSerializer(action_plans_for_user(user=request.user), many=True).data)

    @extend_schema(
        operation_id="action_plans_create",
        tags=TAGS,
        summary="Start an action plan",
        description=(
            "The Pan Cheshire plan or an authority's, one each; the caller owns it. Strategic "
            "leads only. Audited (`action_plan_created`)."
        ),
        request=PlanInputSerializer,
        responses={201: PlanSerializer, **error_responses(400, 403)},
    )
    def post(self, request):
        serializer = PlanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = action_plan_create(actor=request.user, **serializer.validated_data)
        found = action_plan_get_for_user(user=request.user, plan_id=plan.pk)
        return Response(PlanSerializer(found).data, status=status.HTTP_201_CREATED)


class PlanDetailView(HavenAPIView):
    @extend_schema(
        operation_id="action_plans_retrieve",
        tags=TAGS,
        summary="An action plan with its actions",
        description="Each action with its owner, due date, status and whether it is overdue.",
        parameters=[_id("plan_id", "Action plan")],
        responses={200: PlanDetailSerializer, **error_responses(404)},
    )
    def get(self, request, plan_id: int):
        plan = action_plan_get_for_user(user=request.user, plan_id=plan_id)
        plan.actions_shown = plan_actions(plan=plan)
        return Response(PlanDetailSerializer(plan).data)


class PlanActionListView(HavenAPIView):
    @extend_schema(
        operation_id="action_plans_actions_create",
        tags=TAGS,
        summary="Add an action to a plan",
        description=(
            "By the plan's owner (others who read the plan get 403). The owner of the action is "
            "`owner_user`, or `owner_agency` with `owner_role`. Audited (`plan_action_added`)."
        ),
        parameters=[_id("plan_id", "Action plan")],
        request=ActionInputSerializer,
        responses={201: ActionSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request, plan_id: int):
        plan = action_plan_get_for_user(user=request.user, plan_id=plan_id)
        serializer = ActionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        action = plan_action_add(actor=request.user, plan=plan, **serializer.validated_data)
        found = plan_action_get_for_user(user=request.user, action_id=action.pk)
        return Response(ActionSerializer(found).data, status=status.HTTP_201_CREATED)


class ProgressListView(HavenAPIView):
    @extend_schema(
        operation_id="plan_actions_progress_list",
        tags=TAGS,
        summary="An action's progress updates",
        description="The newest first, to whoever reads the action's plan.",
        parameters=[_id("action_id", "Action")],
        responses={200: ProgressSerializer(many=True), **error_responses(404)},
    )
    def get(self, request, action_id: int):
        action = plan_action_get_for_user(user=request.user, action_id=action_id)
        updates = action.updates.select_related("recorded_by")
        return Response(ProgressSerializer(updates, many=True).data)

    @extend_schema(
        operation_id="plan_actions_progress_create",
        tags=TAGS,
        summary="Record progress on an action",
        description=(
            "A dated update and the action's status now (red, amber, green or complete), by the "
            "action's owner or the plan's owner; others who read the plan get 403. Audited "
            "(`action_progress_recorded`)."
        ),
        parameters=[_id("action_id", "Action")],
        request=ProgressInputSerializer,
        responses={201: ProgressSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request, action_id: int):
        action = plan_action_get_for_user(user=request.user, action_id=action_id)
        serializer = ProgressInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        update = action_progress_record(
            actor=request.user, action=action, **serializer.validated_data
        )
        return Response(ProgressSerializer(update).data, status=status.HTTP_201_CREATED)


# --- The anonymised dataset (decision 0031) ------------------------------------------------------

K_PARAMETER = OpenApiParameter(
    "k",
    int,
    description=f"Every combination of the columns occurs at least k times: {MINIMUM_K} (the "
    f"default) or more; below {MINIMUM_K} is 400.",
)
WHO_DOWNLOADS = "Strategic leads only (they see figures, never case content); anyone else 403."


def _dataset(request) -> AnonymisedDataset:
    query = DatasetQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    try:
        return anonymised_dataset(k=query.validated_data["k"])
    except AnonymityError as error:
        raise serializers.ValidationError({"k": [str(error)]}) from error


class DatasetQuerySerializer(serializers.Serializer):
    k = serializers.IntegerField(default=MINIMUM_K, max_value=10_000)


class AnonymisedDatasetView(HavenAPIView):
    permission_classes = [role_permission(roles.VIEW_AGGREGATES)]
    content_negotiation_class = FileOrJsonErrors

    @extend_schema(
        operation_id="exports_anonymised_retrieve",
        tags=["exports"],
        summary="The anonymised dataset (CSV, in the style of CTDC's global dataset)",
        description=(
            "One row per potential victim (a case whose screening in force finds one), with the "
            "Counter Trafficking Data Collaborative's header row: `yearOfRegistration`, "
            "`gender`, `ageBroad`, `citizenship`, `typeOfExploitConcatenated`, "
            "`meansOfControlConcatenated` (several values joined by `;`). k-anonymous: columns "
            "are widened (age bands, continents, grouped types, ranges of years, or not shown) "
            "and then rows still in a combination seen fewer than k times are left out, so no "
            "combination occurs fewer than k times. What was widened and left out: "
            f"`/api/v1/exports/anonymised/report/`. {WHO_DOWNLOADS} Audited "
            "(`anonymised_dataset_exported`, with k and the rows kept and left out)."
        ),
        parameters=[K_PARAMETER],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV.")}
        | error_responses(400),
    )
    def get(self, request):
        dataset = _dataset(request)
        anonymised_dataset_exported(
            actor=request.user,
            k=dataset.report.k,
            rows=dataset.report.rows_out,
            suppressed=dataset.report.suppressed,
        )
        response = HttpResponse(dataset_csv(dataset.rows), content_type="text/csv; charset=utf-8")
        filename = f"haven-anonymised-k{dataset.report.k}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class GeneralisedSerializer(serializers.Serializer):
    column = serializers.CharField()
    shows = serializers.CharField(help_text="What the column shows after widening, in words.")


class AnonymisedReportSerializer(serializers.Serializer):
    k = serializers.IntegerField()
    potential_victims = _Shown(help_text='"c" when the rows left out are 1 to 5.')
    published = serializers.IntegerField(help_text="Rows in the CSV: 0 or at least k.")
    suppressed = _Shown(help_text='Rows left out; 1 to 5 is "c".')
    generalised = GeneralisedSerializer(many=True)


class AnonymisedReportView(HavenAPIView):
    permission_classes = [role_permission(roles.VIEW_AGGREGATES)]

    @extend_schema(
        operation_id="exports_anonymised_report_retrieve",
        tags=["exports"],
        summary="What the anonymised dataset widened and left out",
        description=(
            "For the same k as the CSV: how many potential victims, how many rows published and "
            'left out (counts from 1 to 5 are "c"), and each column widened with what it now '
            f"shows. {WHO_DOWNLOADS}"
        ),
        parameters=[K_PARAMETER],
        responses={200: AnonymisedReportSerializer, **error_responses(400)},
    )
    def get(self, request):
        report = _dataset(request).published_report
        return Response(
            AnonymisedReportSerializer(
                {
                    "k": report.k,
                    "potential_victims": report.potential_victims,
                    "published": report.published,
                    "suppressed": report.suppressed,
                    "generalised": [
                        {"column": column, "shows": shows} for column, shows in report.generalised
                    ],
                }
            ).data
        )
