"""Lets the screening tests run with ``-p no:django``, before the project settings import.

Under pytest-django the project settings are already configured and this does nothing. The
engine tests never touch Django; only the serializer and schema tests need these settings.
"""

import django
from django.conf import settings

if not settings.configured:
    settings.configure(
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "rest_framework",
            "drf_spectacular",
        ],
        USE_TZ=True,
        TIME_ZONE="Europe/London",
        REST_FRAMEWORK={"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"},
    )
    django.setup()
