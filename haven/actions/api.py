"""Tasks over the API, with the same access rules as the pages: a case's tasks (the case page's
tasks panel), the caller's team's tasks (the task list page), and completing and assigning a
task (the task page).

Views are thin: the selector fetches, checks access and audits the read; a task or case the
caller may not see is 404 whether or not it exists; 403 only answers a caller who sees the task
but may not work it (or whose role works no cases).
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from haven.accounts import roles
from haven.actions.models import Task
from haven.actions.selectors import case_tasks_for_user, task_get_for_user, team_tasks_for_user
from haven.actions.serializers import (
    TaskAssignInputSerializer,
    TaskCompleteInputSerializer,
    TaskListQuerySerializer,
    TaskSerializer,
)
from haven.actions.services import (
    task_assign,
    task_complete,
    task_require_can_work,
    task_require_in_owning_team,
)
from haven.cases.selectors import case_get_for_user
from haven.core.api import HavenAPIView, ServiceErrorsMixin, error_responses, role_permission

CASE_ID = OpenApiParameter("case_id", int, OpenApiParameter.PATH, description="Case id.")
TASK_ID = OpenApiParameter("task_id", int, OpenApiParameter.PATH, description="Task id.")


class CaseTaskListView(HavenAPIView):
    @extend_schema(
        operation_id="cases_tasks_list",
        tags=["tasks"],
        summary="A case's tasks",
        description=(
            "Every task of the case (open and closed), as the case page lists them: to the lead "
            "authority, and to agencies the case is shared with for the tasks section. Without "
            "that section the answer is 404, as for a case that does not exist. A plain list, "
            "not paginated. The read is audited."
        ),
        parameters=[CASE_ID],
        responses={200: TaskSerializer(many=True), **error_responses(404)},
    )
    def get(self, request, case_id: int):
        view = case_get_for_user(user=request.user, case_id=case_id, record_view=False)
        tasks = case_tasks_for_user(user=request.user, view=view)
        return Response(TaskSerializer(tasks, many=True).data)


class TaskListView(ServiceErrorsMixin, generics.ListAPIView):
    # Like the task list page: only roles that work cases have tasks.
    permission_classes = [role_permission(roles.WORK_CASES)]
    serializer_class = TaskSerializer
    queryset = Task.objects.none()  # for the schema; get_queryset asks the selector

    @extend_schema(
        operation_id="tasks_list",
        tags=["tasks"],
        summary="Your team's open tasks",
        description=(
            "The task list page's tasks: your team's open tasks (including those awaiting a "
            "manager's approval as not needed), overdue first, then the soonest due, and those "
            "without a clock last. `overdue=true` keeps those whose due time has passed, "
            "`overdue=false` the others; `owner=me` keeps those assigned to you, `owner=none` "
            "those assigned to nobody. Roles that do not work cases get 403. The read is "
            "audited."
        ),
        parameters=[TaskListQuerySerializer],
        responses={200: TaskSerializer(many=True), **error_responses(400)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = TaskListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return team_tasks_for_user(
            user=self.request.user,
            overdue=query.validated_data["overdue"],
            owner=query.validated_data["owner"],
        )


class TaskCompleteView(HavenAPIView):
    permission_classes = [role_permission(roles.WORK_CASES)]

    @extend_schema(
        operation_id="tasks_complete_create",
        tags=["tasks"],
        summary="Complete a task, with the evidence",
        description=(
            "As on the task page: the owning team, or the case's lead authority, completes an "
            "open task with a note of what was done. Others who see the task get 403; a task "
            "you cannot see is 404. `version` is required: if the task changed since, nothing "
            "is saved and the answer is 409. Answers the completed task."
        ),
        parameters=[TASK_ID],
        request=TaskCompleteInputSerializer,
        responses={200: TaskSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request, task_id: int):
        task = task_get_for_user(user=request.user, task_id=task_id, record_view=False)
        task_require_can_work(actor=request.user, task=task)
        serializer = TaskCompleteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = task_complete(
            actor=request.user,
            task=task,
            note=serializer.validated_data["note"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(TaskSerializer(task).data)


class TaskAssignView(HavenAPIView):
    permission_classes = [role_permission(roles.WORK_CASES)]

    @extend_schema(
        operation_id="tasks_assign_create",
        tags=["tasks"],
        summary="Assign a task to someone in its team, take it, or hand it back",
        description=(
            "As on the task page. A manager of the owning team assigns (or reassigns) an open "
            "task to an active practitioner or manager of that team, or sends it back to the "
            "team with `owner: null`; anyone in the team takes a task nobody owns (`owner`: "
            "their own id); its owner hands it back (`owner: null`). Anyone else who sees the "
            "task, or a practitioner assigning someone else, gets 403; a task you cannot see is "
            "404; someone outside the team is 400. `version` is required: if the task changed "
            "since (someone took it first), nothing is saved and the answer is 409. The new "
            "owner is notified. Answers the task."
        ),
        parameters=[TASK_ID],
        request=TaskAssignInputSerializer,
        responses={200: TaskSerializer, **error_responses(400, 404, 409)},
    )
    def post(self, request, task_id: int):
        task = task_get_for_user(user=request.user, task_id=task_id, record_view=False)
        task_require_in_owning_team(actor=request.user, task=task)
        serializer = TaskAssignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        task = task_assign(
            actor=request.user,
            task=task,
            owner_id=serializer.validated_data["owner"],
            expected_version=serializer.validated_data["version"],
        )
        return Response(TaskSerializer(task).data)
