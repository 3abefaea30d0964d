"""Intelligence: the people, places, vehicles and phones behind several children, graded and
handled (decision 0026)."""

from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.intelligence"
    verbose_name = "Intelligence"
