"""A new concern tells its front door, naming the child in Haven to those the door lets see
the concern (issue 8 point 9) and never in the email."""

import pytest
from django.core import mail

from haven.cases.tests.world import make_child, raise_concern
from haven.notifications.models import Notification

pytestmark = pytest.mark.django_db

SUBJECT = "New concern at the front door"


def test_the_front_door_is_told_the_child_s_name_and_the_email_is_not(
    world, django_capture_on_commit_callbacks
):
    officer = world.police.practitioner
    child = make_child(officer, given_name="Amira", family_name="Haddad")
    with django_capture_on_commit_callbacks(execute=True):
        concern = raise_concern(officer, child)
    warrington = world.la("warrington")
    for user in (warrington.manager, warrington.practitioner):
        note = Notification.objects.get(recipient=user, subject=SUBJECT)
        assert "Amira Haddad" in note.body and f"reference {concern.pk}" in note.body
    emailed = [m for m in mail.outbox if m.subject.endswith(SUBJECT)]
    assert emailed
    assert all("Amira" not in m.body and "Haddad" not in m.body for m in emailed)
