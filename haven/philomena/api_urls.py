"""Philomena Protocol profile API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.philomena import api

urlpatterns = [
    path(
        "people/<int:person_id>/philomena-profile/",
        api.ProfileView.as_view(),
        name="api-philomena-profile",
    ),
    path(
        "people/<int:person_id>/philomena-profile/photograph.jpg",
        api.PhotographView.as_view(),
        name="api-philomena-photograph",
    ),
    path(
        "people/<int:person_id>/philomena-profile/grab-pack.pdf",
        api.GrabPackView.as_view(),
        name="api-philomena-grab-pack",
    ),
]
