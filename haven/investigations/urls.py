"""Pages for police investigations. The URL names are a contract other code reverses."""

from django.urls import path

from haven.investigations import views

app_name = "investigations"
urlpatterns = [
    path("cases/<int:case_id>/investigations/new/", views.investigation_open, name="open"),
    path("investigations/<int:investigation_id>/", views.detail, name="detail"),
    path("investigations/<int:investigation_id>/edit/", views.investigation_edit, name="edit"),
    path(
        "investigations/<int:investigation_id>/suspects/new/",
        views.suspect_add,
        name="suspect_add",
    ),
    path("investigations/<int:investigation_id>/orders/new/", views.order_add, name="order_add"),
    path(
        "investigations/<int:investigation_id>/orders/<int:order_id>/breaches/new/",
        views.breach_add,
        name="breach_add",
    ),
    path(
        "investigations/<int:investigation_id>/outcomes/new/",
        views.outcome_add,
        name="outcome_add",
    ),
    path(
        "investigations/<int:investigation_id>/arrests/new/",
        views.child_offence_add,
        name="arrest_add",
    ),
    path(
        "investigations/<int:investigation_id>/arrests/<int:offence_id>/review/",
        views.review_add,
        name="review_add",
    ),
    path(
        "investigations/<int:investigation_id>/updates/new/",
        views.victim_update_add,
        name="update_add",
    ),
]
