"""Placements API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.placements import api

urlpatterns = [
    path(
        "cases/<int:case_id>/placements/",
        api.CasePlacementsView.as_view(),
        name="api-case-placements",
    ),
    path(
        "placements/<int:placement_id>/",
        api.PlacementDetailView.as_view(),
        name="api-placement",
    ),
]
