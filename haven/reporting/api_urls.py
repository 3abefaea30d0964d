"""The dashboard's API route; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.reporting import api

urlpatterns = [
    path("dashboard/", api.DashboardView.as_view(), name="api-dashboard"),
    path("dashboard/report.pdf", api.BoardReportView.as_view(), name="api-board-report"),
]
