from django.urls import path

from haven.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("mark-all-read/", views.notification_mark_all_read, name="mark_all_read"),
    path("<int:notification_id>/open/", views.notification_open, name="open"),
]
