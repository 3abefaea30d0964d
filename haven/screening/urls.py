from django.urls import path

from haven.screening import views

app_name = "screening"
urlpatterns = [
    path("cases/<int:case_id>/screening/override/", views.override, name="override"),
    path("cases/<int:case_id>/information/", views.record_information, name="information"),
    path(
        "screening/overrides/<int:override_id>/decide/",
        views.override_decide,
        name="override_decide",
    ),
]
