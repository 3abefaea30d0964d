from django.urls import path

from haven.matching.api import PossibleMatchesView

urlpatterns = [
    path("people/possible-matches/", PossibleMatchesView.as_view(), name="api-possible-matches"),
]
