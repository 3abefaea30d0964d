"""The strategy's own records: today the national NRM figures the strategy quotes (decision
0018); next, training, case audits and action plans."""

from django.apps import AppConfig


class StrategyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.strategy"
    verbose_name = "Strategy"
