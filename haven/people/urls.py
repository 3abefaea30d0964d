"""Pages for people's records. The URL names are a contract other code reverses."""

from django.urls import path

from haven.people import views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("<int:person_id>/", views.detail, name="detail"),
    path("<int:person_id>/edit/", views.edit, name="edit"),
    path("<int:person_id>/names/new/", views.add_alias, name="add_alias"),
    path("<int:person_id>/identifiers/new/", views.add_identifier, name="add_identifier"),
    path("<int:person_id>/phones/new/", views.add_phone, name="add_phone"),
    path("<int:person_id>/addresses/new/", views.add_address, name="add_address"),
    path("<int:person_id>/relationships/new/", views.add_relationship, name="add_relationship"),
]
