"""People API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.people import api

urlpatterns = [
    path("people/search/", api.PersonSearchView.as_view(), name="api-person-search"),
    path("people/<int:person_id>/", api.PersonDetailView.as_view(), name="api-person-detail"),
]
