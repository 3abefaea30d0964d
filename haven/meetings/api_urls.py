"""Strategy meetings API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.meetings import api

urlpatterns = [
    path("cases/<int:case_id>/meetings/", api.CaseMeetingsView.as_view(), name="api-case-meetings"),
    path("meetings/<int:meeting_id>/", api.MeetingDetailView.as_view(), name="api-meeting-detail"),
    path(
        "meetings/<int:meeting_id>/outcome/",
        api.MeetingOutcomeView.as_view(),
        name="api-meeting-outcome",
    ),
]
