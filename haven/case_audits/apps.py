"""Case audits (decision 0032): an auditor draws a sample of cases, grades the practice in each
against set questions and overall, and records findings and actions."""

from django.apps import AppConfig


class CaseAuditsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.case_audits"
    verbose_name = "Case audits"
