"""No work lost: a concern typed when the session ended, or sent from a page whose security
token went out of date, comes back to the same user to check and send."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import verify_session
from haven.cases.models import Concern
from haven.cases.tests.test_views import NEW_PERSON, concern_data
from haven.core.tests.support import text
from haven.drafts.middleware import LAST_USER_COOKIE
from haven.drafts.models import HeldForm
from haven.drafts.services import held_form_keep, held_form_take, held_forms_expire

pytestmark = pytest.mark.django_db

URL = "/concerns/new/person/"
TYPED = "Seen at 1am with two older men outside the takeaway on Bridge Street."


def signed_in(user, **client_options) -> Client:
    client = Client(**client_options)
    verify_session(client, user)
    client.get(reverse("core:start"))  # sets the browser's last-user cookie
    return client


def test_concern_sent_after_the_session_ended_comes_back_after_signing_in(world):
    officer = world.police.practitioner
    client = signed_in(officer)
    assert reverse("cases:concern_create_new_person") == URL
    assert LAST_USER_COOKIE in client.cookies
    Session.objects.all().delete()  # the idle expiry

    response = client.post(URL, {**concern_data(description=TYPED), **NEW_PERSON})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:login"))
    assert "next=" + URL in response["Location"].replace("%2F", "/")
    assert not Concern.objects.exists()
    sign_in_page = text(client.get(response["Location"]))
    assert "What you typed has been kept" in sign_in_page

    verify_session(client, officer)
    page = text(client.get(URL))
    assert TYPED in page
    assert 'value="Novak"' in page
    # Shown once: the held copy is gone, and nothing was recorded until sent again.
    assert not HeldForm.objects.exists()
    assert not Concern.objects.exists()


def test_held_form_is_never_shown_to_another_user(world):
    officer = world.police.practitioner
    client = signed_in(officer)
    Session.objects.all().delete()
    client.post(URL, {**concern_data(description=TYPED), **NEW_PERSON})

    colleague = world.la("warrington").practitioner
    verify_session(client, colleague)
    assert TYPED not in text(client.get(URL))
    assert HeldForm.objects.filter(user=officer).exists()


def test_nothing_is_kept_without_the_last_user_cookie(world):
    client = Client()
    response = client.post(URL, {**concern_data(description=TYPED), **NEW_PERSON})
    assert response.status_code == 302
    assert not HeldForm.objects.exists()


def test_page_expired_after_signing_in_again_elsewhere_keeps_the_form(world):
    officer = world.police.practitioner
    client = signed_in(officer, enforce_csrf_checks=True)
    client.get(URL)  # the page, with its token
    verify_session(client, officer)  # signed in again in another tab: a new token
    client.cookies["csrftoken"] = "x" * 32
    response = client.post(
        URL,
        {**concern_data(description=TYPED), **NEW_PERSON, "csrfmiddlewaretoken": "y" * 32},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 302 and response["Location"] == URL
    page = text(client.get(URL))
    assert "This page had expired, so what you typed was not sent" in page
    assert TYPED in page
    assert not Concern.objects.exists()


def test_page_expired_from_another_site_keeps_nothing_and_explains(world):
    client = signed_in(world.police.practitioner, enforce_csrf_checks=True)
    response = client.post(
        URL,
        {**concern_data(description=TYPED), **NEW_PERSON},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    assert "This page has expired" in text(response)
    assert "CSRF" not in text(response)
    assert not HeldForm.objects.exists()


def test_timeout_warning_is_on_every_page_for_a_signed_in_user(world, settings):
    settings.SESSION_COOKIE_AGE = 1800
    settings.SESSION_WARNING_SECONDS = 120
    page = text(signed_in(world.police.practitioner).get(reverse("core:start")))
    assert 'id="session-timeout"' in page
    assert 'data-timeout-seconds="1800"' in page
    assert 'data-warning-seconds="120"' in page
    assert "Stay signed in" in page
    assert 'id="session-timeout"' not in text(Client().get(reverse("two_factor:login")))


def test_stay_signed_in_and_timed_out(world):
    officer = world.police.practitioner
    client = signed_in(officer)
    assert client.post(reverse("drafts:keep_alive")).status_code == 204
    response = client.post(
        reverse("drafts:timed_out"),
        {"haven_held_path": URL, "description": TYPED, "kind": "child"},
    )
    assert response.status_code == 204
    assert client.get(reverse("core:start")).status_code == 302  # signed out
    assert "What you typed has been kept" in text(client.get(reverse("two_factor:login")))
    verify_session(client, officer)
    assert TYPED in text(client.get(URL))


def test_only_haven_pages_and_form_sized_bodies_are_kept(world):
    user = world.police.practitioner
    data = QueryDict("description=x")
    assert (
        held_form_keep(user_id=user.pk, path="https://evil.example/", data=data, reason="x") is None
    )
    assert held_form_keep(user_id=user.pk, path="/api/v1/concerns/", data=data, reason="x") is None
    huge = QueryDict(mutable=True)
    huge["description"] = "x" * 200_001
    assert held_form_keep(user_id=user.pk, path=URL, data=huge, reason="x") is None
    assert held_form_keep(user_id=user.pk, path=URL, data=data, reason="x") is not None


def test_held_forms_expire_after_a_day(world, settings):
    settings.HELD_FORM_HOURS = 24
    user = world.police.practitioner
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        held_form_keep(user_id=user.pk, path=URL, data=QueryDict("a=1"), reason="x")
    with time_machine.travel(start + timedelta(hours=25), tick=False):
        assert held_form_take(user=user, path=URL) is None
        held_form_keep(user_id=user.pk, path=URL, data=QueryDict("a=1"), reason="x")
    with time_machine.travel(start + timedelta(hours=50), tick=False):
        assert held_forms_expire() == 1
