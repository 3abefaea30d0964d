"""Philomena Protocol profiles: what the police need, kept ready, when a looked-after child goes
missing."""

from django.apps import AppConfig


class PhilomenaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "haven.philomena"
    label = "philomena"
    verbose_name = "Philomena Protocol profiles"
