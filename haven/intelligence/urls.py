"""Intelligence pages, under ``/intelligence/``."""

from django.urls import path

from haven.intelligence import views

app_name = "intelligence"

urlpatterns = [
    # --- Hotspots (decision 0028) ---
    path("intelligence/hotspots/", views.hotspots, name="hotspots"),
    path("intelligence/hotspots/<int:hotspot_id>/", views.hotspot, name="hotspot"),
]
