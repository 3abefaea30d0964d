"""The fictional demo data set (``manage.py load_demo``): its content in ``data/*.yaml``, one
loader (``loader.py``) that writes it through the domain apps' services. No models."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "haven.demo"
    label = "demo"
    verbose_name = "Demo data"
