"""Fixtures shared by every app's tests."""

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from haven.accounts.tests.factories import give_totp_device

# Property tests judge correctness, not speed: on a loaded 2-core CI machine a per-example
# deadline only makes them flaky. Benchmarks under bench/ measure speed.
hypothesis_settings.register_profile("haven", deadline=None, derandomize=False)
hypothesis_settings.load_profile("haven")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests that check hashing itself override this.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_request_context():
    from haven.core import request_context

    token = request_context.activate(request_context.RequestContext())
    yield
    request_context.deactivate(token)


def verify_session(client, user) -> None:
    """Log a test client in as if the user had passed password and two-factor steps."""
    device = user.totpdevice_set.filter(name="default").first() or give_totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def verified_client():
    """A factory: ``verified_client(user)`` returns a new two-factor-verified test client."""

    def make(user):
        client = Client()
        verify_session(client, user)
        return client

    return make


@pytest.fixture
def verified_api_client():
    def make(user):
        api = APIClient()
        verify_session(api, user)
        return api

    return make
