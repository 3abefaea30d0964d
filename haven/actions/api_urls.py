"""Tasks API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.actions import api

urlpatterns = [
    path("cases/<int:case_id>/tasks/", api.CaseTaskListView.as_view(), name="api-case-tasks"),
    path("tasks/", api.TaskListView.as_view(), name="api-task-list"),
    path(
        "tasks/<int:task_id>/complete/",
        api.TaskCompleteView.as_view(),
        name="api-task-complete",
    ),
    path("tasks/<int:task_id>/assign/", api.TaskAssignView.as_view(), name="api-task-assign"),
]
