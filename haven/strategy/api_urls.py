"""Training and action plan API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.strategy import api

urlpatterns = [
    path("training/courses/", api.CourseListView.as_view(), name="api-training-courses"),
    path(
        "training/courses/<int:course_id>/sessions/",
        api.SessionListView.as_view(),
        name="api-training-sessions",
    ),
    path(
        "training/sessions/<int:session_id>/attendees/",
        api.AttendeeListView.as_view(),
        name="api-training-attendees",
    ),
    path(
        "training/attendees/<int:attendee_id>/self-assessments/",
        api.SelfAssessmentView.as_view(),
        name="api-training-self-assessments",
    ),
    path("training/results/", api.TrainingResultsView.as_view(), name="api-training-results"),
    path("action-plans/", api.PlanListView.as_view(), name="api-action-plans"),
    path("action-plans/<int:plan_id>/", api.PlanDetailView.as_view(), name="api-action-plan"),
    path(
        "action-plans/<int:plan_id>/actions/",
        api.PlanActionListView.as_view(),
        name="api-action-plan-actions",
    ),
    path(
        "plan-actions/<int:action_id>/progress/",
        api.ProgressListView.as_view(),
        name="api-plan-action-progress",
    ),
    path("exports/anonymised/", api.AnonymisedDatasetView.as_view(), name="api-anonymised-dataset"),
    path(
        "exports/anonymised/report/",
        api.AnonymisedReportView.as_view(),
        name="api-anonymised-dataset-report",
    ),
]
