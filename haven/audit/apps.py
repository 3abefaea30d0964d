"""Append-only, hash-chained audit trail of every change, view and export."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.audit"
    verbose_name = "Audit"

    def ready(self):
        # Registers the system checks, which need the app registry ready.
        from haven.audit import checks  # noqa: F401, PLC0415
