from django.urls import path

from haven.case_audits import views

app_name = "case_audits"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("start/", views.audit_start, name="start"),
    path("<int:audit_id>/", views.audit_detail, name="audit"),
    path("<int:audit_id>/complete/", views.complete, name="complete"),
    path("<int:audit_id>/cases/<int:sampled_id>/", views.grade, name="grade"),
    path(
        "<int:audit_id>/cases/<int:sampled_id>/actions/add/",
        views.action_add,
        name="action_add",
    ),
]
