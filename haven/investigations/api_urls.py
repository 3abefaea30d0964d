"""Investigations API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.investigations import api

urlpatterns = [
    path(
        "cases/<int:case_id>/investigations/",
        api.CaseInvestigationsView.as_view(),
        name="api-case-investigations",
    ),
    path(
        "investigations/<int:investigation_id>/",
        api.InvestigationView.as_view(),
        name="api-investigation",
    ),
    path(
        "investigations/<int:investigation_id>/orders/",
        api.OrdersView.as_view(),
        name="api-investigation-orders",
    ),
    path(
        "investigations/<int:investigation_id>/orders/<int:order_id>/breaches/",
        api.BreachesView.as_view(),
        name="api-investigation-order-breaches",
    ),
    path(
        "investigations/<int:investigation_id>/outcomes/",
        api.OutcomesView.as_view(),
        name="api-investigation-outcomes",
    ),
    path(
        "investigations/<int:investigation_id>/child-offences/",
        api.ChildOffencesView.as_view(),
        name="api-investigation-child-offences",
    ),
    path(
        "investigations/<int:investigation_id>/child-offences/<int:offence_id>/review/",
        api.ReviewView.as_view(),
        name="api-investigation-child-offence-review",
    ),
    path(
        "investigations/<int:investigation_id>/victim-updates/",
        api.VictimUpdatesView.as_view(),
        name="api-investigation-victim-updates",
    ),
    path("reference/schedule-4/", api.Schedule4View.as_view(), name="api-schedule-4"),
]
