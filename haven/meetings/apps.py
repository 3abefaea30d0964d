"""Multi-agency strategy meetings."""

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.meetings"
    verbose_name = "Meetings"
