"""In-app and email notifications."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.notifications"
    verbose_name = "Notifications"
