"""Missing episodes and return home interviews (issue 12 points 1-3)."""

from django.apps import AppConfig


class MissingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.missing"
    verbose_name = "Missing episodes"
