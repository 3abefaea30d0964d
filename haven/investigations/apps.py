"""Investigations and disruption: police-led, shared with the case team."""

from django.apps import AppConfig


class InvestigationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.investigations"
    verbose_name = "Investigations"
