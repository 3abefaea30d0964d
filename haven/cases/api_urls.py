"""Concerns, front door and cases API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.cases import api

urlpatterns = [
    path("concerns/", api.ConcernCreateView.as_view(), name="api-concern-list"),
    path("concerns/<int:concern_id>/", api.ConcernDetailView.as_view(), name="api-concern-detail"),
    path(
        "concerns/<int:concern_id>/decision/",
        api.ConcernDecisionView.as_view(),
        name="api-concern-decision",
    ),
    path("front-door/<str:area>/", api.FrontDoorQueueView.as_view(), name="api-front-door"),
    path("cases/", api.CaseListView.as_view(), name="api-case-list"),
    path("cases/<int:case_id>/", api.CaseDetailView.as_view(), name="api-case-detail"),
    path(
        "cases/<int:case_id>/chronology/",
        api.CaseChronologyView.as_view(),
        name="api-case-chronology",
    ),
    path("cases/<int:case_id>/shares/", api.CaseShareCreateView.as_view(), name="api-case-shares"),
    path(
        "cases/<int:case_id>/shares/<int:share_id>/",
        api.CaseShareDetailView.as_view(),
        name="api-case-share-detail",
    ),
    path("cases/<int:case_id>/notes/", api.CaseNoteCreateView.as_view(), name="api-case-notes"),
    path(
        "cases/<int:case_id>/allocate/",
        api.CaseAllocateView.as_view(),
        name="api-case-allocate",
    ),
    path(
        "cases/<int:case_id>/break-glass/",
        api.BreakGlassView.as_view(),
        name="api-case-break-glass",
    ),
    path(
        "cases/<int:case_id>/export/htcds/",
        api.CaseHtcdsExportView.as_view(),
        name="api-case-export-htcds",
    ),
]
