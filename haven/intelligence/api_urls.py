"""Intelligence API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.intelligence import api

urlpatterns = [
    # --- Hotspots (decision 0028) ---
    path("intelligence/hotspots/", api.HotspotsView.as_view(), name="api-intelligence-hotspots"),
]
