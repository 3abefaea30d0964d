"""Notifications API routes; the project includes this module under ``api/v1/``."""

from django.urls import path

from haven.notifications import api

urlpatterns = [
    path("notifications/", api.NotificationListView.as_view(), name="api-notification-list"),
    path(
        "notifications/mark-all-read/",
        api.NotificationMarkAllReadView.as_view(),
        name="api-notification-mark-all-read",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        api.NotificationReadView.as_view(),
        name="api-notification-read",
    ),
]
