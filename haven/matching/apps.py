"""Finding the same person across agencies' records."""

from django.apps import AppConfig


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.matching"
    verbose_name = "Matching"
