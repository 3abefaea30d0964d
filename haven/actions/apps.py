"""Statutory actions as owned, timed tasks with clocks and escalation."""

from django.apps import AppConfig


class ActionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.actions"
    verbose_name = "Actions"
