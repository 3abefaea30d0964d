"""Agencies, teams, users, roles, permissions and API tokens."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.accounts"
    verbose_name = "Accounts"

    def ready(self):
        # Registering signal handlers, system checks and the schema extension needs the app
        # registry ready.
        from haven.accounts import checks, schema, signals  # noqa: F401, PLC0415
