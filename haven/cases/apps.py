"""Concerns, the front door queue, cases, chronology and need-to-know access."""

from django.apps import AppConfig


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.cases"
    verbose_name = "Cases"
