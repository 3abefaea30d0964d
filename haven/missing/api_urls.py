"""Missing-episode API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.missing import api

urlpatterns = [
    path("missing-episodes/", api.EpisodesView.as_view(), name="api-missing-episodes"),
    path(
        "missing-episodes/<int:episode_id>/", api.EpisodeView.as_view(), name="api-missing-episode"
    ),
    path(
        "missing-episodes/<int:episode_id>/return/",
        api.EpisodeReturnView.as_view(),
        name="api-missing-episode-return",
    ),
    path(
        "missing-episodes/<int:episode_id>/return-interview/",
        api.EpisodeInterviewView.as_view(),
        name="api-missing-episode-interview",
    ),
    path(
        "cases/<int:case_id>/missing-episodes/",
        api.CaseEpisodesView.as_view(),
        name="api-case-missing-episodes",
    ),
]
