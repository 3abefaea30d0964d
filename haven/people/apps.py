"""People (children, adults of concern, carers), aliases, identifiers, addresses."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.people"
    verbose_name = "People"
