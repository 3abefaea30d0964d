"""Trafficking screening against the UN definition and required actions."""

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.screening"
    verbose_name = "Screening"
