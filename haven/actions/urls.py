from django.urls import path

from haven.actions import views

app_name = "actions"
urlpatterns = [
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:task_id>/", views.task_detail, name="task_detail"),
    path("cases/<int:case_id>/reunification/", views.reunification, name="reunification"),
]
