"""Held forms: what a user typed is kept when their session ends or their page's security token
is out of date, and put back when they return to the page (issue: no work lost)."""

from django.apps import AppConfig


class DraftsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.drafts"
    verbose_name = "Held forms"
