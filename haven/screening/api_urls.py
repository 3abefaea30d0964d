"""Screening API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.screening.api import CaseInformationView, ScreeningAssessView

urlpatterns = [
    path("screening/assess", ScreeningAssessView.as_view(), name="api-screening-assess"),
    path(
        "cases/<int:case_id>/information/",
        CaseInformationView.as_view(),
        name="api-case-information",
    ),
]
