"""Placements of a child in care, their safety plans and the safe-house escalation."""

from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.placements"
    verbose_name = "Placements and safety plans"
