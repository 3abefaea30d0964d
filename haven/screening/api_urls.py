"""Screening API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.screening.api import ScreeningAssessView

urlpatterns = [
    path("screening/assess", ScreeningAssessView.as_view(), name="api-screening-assess"),
]
