"""Two requests at once on one session do not undo each other: the one that changed nothing
only moves the session's expiry (decision 0052)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session

from haven.accounts.tests.factories import UserFactory
from haven.core.sessions import SessionStore

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _started() -> str:
    session = SessionStore()
    session["signed_in_as"] = 7
    session.save()
    return session.session_key


def _loaded(key: str) -> SessionStore:
    session = SessionStore(session_key=key)
    assert session["signed_in_as"] == 7  # read as a request reads it: held until the request ends
    return session


def test_a_request_that_changed_nothing_does_not_undo_one_that_did():
    key = _started()
    lookup, concern = _loaded(key), _loaded(key)  # both began before either ended
    concern["just_recorded"] = 11
    concern.save()
    lookup.save()  # the possible-matches lookup ends last
    assert SessionStore(session_key=key).load() == {"signed_in_as": 7, "just_recorded": 11}


def test_a_request_that_changed_something_still_writes_it():
    key = _started()
    session = _loaded(key)
    del session["signed_in_as"]
    session["just_recorded"] = 12
    session.save()
    assert SessionStore(session_key=key).load() == {"just_recorded": 12}


def test_every_request_moves_the_expiry_to_30_minutes_idle():
    with time_machine.travel(NOON, tick=False):
        key = _started()
    with time_machine.travel(NOON + timedelta(minutes=25), tick=False):
        _loaded(key).save()
    assert Session.objects.get(session_key=key).expire_date == NOON + timedelta(
        minutes=25, seconds=settings.SESSION_COOKIE_AGE
    )


def test_a_session_ended_meanwhile_is_not_brought_back():
    key = _started()
    session = _loaded(key)
    Session.objects.filter(session_key=key).delete()  # signed out in another tab
    with pytest.raises(UpdateError):
        session.save()
    assert not Session.objects.exists()


def test_a_new_session_is_created():
    session = SessionStore()
    session["x"] = 1
    session.save()
    assert SessionStore(session_key=session.session_key).load() == {"x": 1}


def test_requests_use_this_store(client):
    assert settings.SESSION_ENGINE == "haven.core.sessions"
    client.force_login(UserFactory())
    key = client.session.session_key
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=10), tick=False):
        client.get("/")
        moved_to = datetime.now(UTC) + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert Session.objects.get(session_key=key).expire_date == moved_to
