"""A signed-in, two-factor-verified test client for a benchmark user, made in the database as
the log-in would leave it (nothing is added to Haven to let a benchmark sign in). Import after
``django.setup()``."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def verified_client(user, *, device_name: str = "bench") -> Client:
    device = TOTPDevice.objects.filter(user=user, name=device_name).first()
    device = device or TOTPDevice.objects.create(user=user, name=device_name, confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
