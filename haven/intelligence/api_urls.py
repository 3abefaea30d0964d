"""Intelligence API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.intelligence import api

urlpatterns = [
    # --- Network view and exports (decision 0029) ---
    path("network/", api.NetworkView.as_view(), name="api-network"),
    path("intelligence/export/", api.NetworkExportView.as_view(), name="api-intelligence-export"),
]
