"""Pages for placements and safe-house escalations. The URL names are a contract other code
reverses."""

from django.urls import path

from haven.placements import views

app_name = "placements"
urlpatterns = [
    path("cases/<int:case_id>/placements/new/", views.placement_add, name="add"),
    path("placements/<int:placement_id>/", views.placement_detail, name="detail"),
    path(
        "placements/<int:placement_id>/safety-plan/",
        views.safety_plan_edit,
        name="safety_plan",
    ),
    path("escalations/<int:escalation_id>/", views.escalation_detail, name="escalation"),
    path(
        "escalations/<int:escalation_id>/acknowledge/",
        views.escalation_acknowledge,
        name="acknowledge",
    ),
]
