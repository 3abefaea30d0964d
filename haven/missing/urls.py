"""Pages for missing episodes. The URL names are a contract other code reverses."""

from django.urls import path

from haven.missing import views

app_name = "missing"
urlpatterns = [
    path("people/<int:person_id>/missing/new/", views.episode_report, name="report"),
    path("missing-episodes/<int:episode_id>/", views.episode_detail, name="episode"),
    path("missing-episodes/<int:episode_id>/police/", views.episode_police, name="police"),
    path("missing-episodes/<int:episode_id>/return/", views.episode_return, name="return"),
    path(
        "missing-episodes/<int:episode_id>/return-interview/",
        views.episode_interview,
        name="interview",
    ),
]
