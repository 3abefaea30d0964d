"""Shared shell: layout, start page, errors, health check, API base, request context."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.core"
    verbose_name = "Core"
