from django.urls import path

from haven.matching.api import DuplicateDetailView, DuplicateQueueView, PossibleMatchesView

urlpatterns = [
    path("people/possible-matches/", PossibleMatchesView.as_view(), name="api-possible-matches"),
    path("duplicates/", DuplicateQueueView.as_view(), name="api-duplicates"),
    path(
        "duplicates/<int:candidate_id>/", DuplicateDetailView.as_view(), name="api-duplicate-detail"
    ),
]
