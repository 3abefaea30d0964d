"""Intelligence API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.intelligence import api

urlpatterns = [
    # --- Entities and links (intel-api) ---
    path("intelligence/entities/", api.EntitiesView.as_view(), name="api-intelligence-entities"),
    path(
        "intelligence/entities/<int:entity_id>/",
        api.EntityView.as_view(),
        name="api-intelligence-entity",
    ),
    path("intelligence/links/", api.LinksView.as_view(), name="api-intelligence-links"),
    path(
        "cases/<int:case_id>/intelligence/links/",
        api.CaseLinksView.as_view(),
        name="api-case-intelligence-links",
    ),
    # --- Hotspots (decision 0028) ---
    path("intelligence/hotspots/", api.HotspotsView.as_view(), name="api-intelligence-hotspots"),
    # --- Network view and exports (decision 0029) ---
    path("network/", api.NetworkView.as_view(), name="api-network"),
    path("intelligence/export/", api.NetworkExportView.as_view(), name="api-intelligence-export"),
]
