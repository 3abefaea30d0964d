"""NRM referrals, Duty to Notify and Independent Child Trafficking Guardian referrals."""

from django.apps import AppConfig


class NrmConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.nrm"
    label = "nrm"
    verbose_name = "NRM referrals"
