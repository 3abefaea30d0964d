from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.notifications.models import Notification
from haven.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_notify_once_per_recipient_in_app_and_by_email(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[user, user, None],
            subject="Overdue",
            body="A task is overdue.",
            link="/tasks/1/",
        )
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1 and "Overdue" in mail.outbox[0].subject


def test_a_child_named_in_haven_is_left_out_of_the_email(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[user],
            subject="A case has been allocated to you",
            body="You are the lead practitioner for Amira Haddad (case HVN-000001).",
            email_body="You are the lead practitioner for case HVN-000001.",
            link="/cases/1/",
        )
    assert "Amira Haddad" in Notification.objects.get(recipient=user).body
    [email] = mail.outbox
    assert "Amira" not in email.body and "HVN-000001" in email.body


def test_page_lists_and_opening_marks_read(verified_client):
    user = UserFactory()
    notify(
        recipients=[user], subject="Shared with you", body="A case was shared.", link="/cases/1/"
    )
    client = verified_client(user)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Shared with you" in page and "(1 new)" in page
    notification = Notification.objects.get()
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.url == "/cases/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_other_users_notifications_cannot_be_opened(verified_client):
    owner = UserFactory()
    notify(recipients=[owner], subject="Private", body="x", link="/cases/1/")
    client = verified_client(UserFactory())
    notification = Notification.objects.get()
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.url == reverse("notifications:list")
    notification.refresh_from_db()
    assert notification.read_at is None
    assert "Private" not in client.get(reverse("notifications:list")).content.decode()


def test_each_recipient_gets_their_own_text_and_the_email_its_own(
    django_capture_on_commit_callbacks,
):
    """The caller names a child only to those the door lets see them; emails never name them."""
    sees, does_not = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[sees, does_not],
            subject="A task has been assigned to you",
            body=lambda user: "For Amira Haddad." if user == sees else "For task 12.",
            email_body="For task 12.",
        )
    assert Notification.objects.get(recipient=sees).body == "For Amira Haddad."
    assert Notification.objects.get(recipient=does_not).body == "For task 12."
    assert sorted(m.body for m in mail.outbox) == ["For task 12.", "For task 12."]


def test_mark_all_as_read_marks_only_the_caller_s_unread_ones(verified_client):
    user, other = UserFactory(), UserFactory()
    notify(recipients=[user, other], subject="Shared with you", body="A case was shared.")
    notify(recipients=[user], subject="Overdue", body="A task is overdue.")
    already = Notification.objects.filter(recipient=user, subject="Overdue").get()
    read_at = timezone.now() - timedelta(days=1)
    Notification.objects.filter(pk=already.pk).update(read_at=read_at)
    client = verified_client(user)
    assert "Mark all as read" in client.get(reverse("notifications:list")).content.decode()

    response = client.post(reverse("notifications:mark_all_read"))

    assert response.url == reverse("notifications:list")
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=already.pk).read_at == read_at
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1
    page = client.get(response.url).content.decode()
    assert "1 notification marked as read." in page
    assert "Mark all as read" not in page


def test_mark_all_as_read_is_a_post_only(verified_client):
    user = UserFactory()
    notify(recipients=[user], subject="Shared with you", body="A case was shared.")
    response = verified_client(user).get(reverse("notifications:mark_all_read"))
    assert response.status_code == 405
    assert Notification.objects.get().read_at is None
