"""Intelligence pages. The URL names are a contract other code reverses."""

from django.urls import path

from haven.intelligence import views

app_name = "intelligence"
urlpatterns = [
    # --- Network view and exports (decision 0029) ---
    path("intelligence/network/", views.network, name="network"),
    path("intelligence/network/export/", views.network_export, name="network_export"),
]
