"""Pages for a child's Philomena Protocol profile. The URL names are a contract other code
reverses."""

from django.urls import path

from haven.philomena import views

app_name = "philomena"
urlpatterns = [
    path("people/<int:person_id>/philomena-profile/", views.profile_detail, name="profile"),
    path("people/<int:person_id>/philomena-profile/edit/", views.profile_edit, name="edit"),
    path(
        "people/<int:person_id>/philomena-profile/photograph/new/",
        views.photograph_upload,
        name="photograph_upload",
    ),
    path(
        "people/<int:person_id>/philomena-profile/photograph.jpg",
        views.photograph,
        name="photograph",
    ),
    path(
        "people/<int:person_id>/philomena-profile/grab-pack.pdf",
        views.grab_pack,
        name="grab_pack",
    ),
]
