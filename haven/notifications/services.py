"""Notifying people: an in-app notification plus an email, sent after the transaction commits
so nobody is told about a change that rolled back."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from haven.notifications.models import Notification

logger = logging.getLogger(__name__)


def notify(
    *,
    recipients: Iterable,
    subject: str,
    body: str,
    link: str = "",
    email_body: str | None = None,
) -> list[Notification]:
    """Notify each distinct active recipient once. Emails never contain case content beyond
    ``subject`` and ``body``, which callers keep free of personal details; a notification that
    names a child in Haven (to someone who may see the case) gives ``email_body`` without it."""
    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, subject=subject, body=body, link=link)
        for user in unique.values()
    )
    emailed = body if email_body is None else email_body
    for notification in notifications:
        transaction.on_commit(lambda n=notification: _email(n, emailed))
    return notifications


def _email(notification: Notification, body: str) -> None:
    link = f"\n\nOpen Haven to see it: {settings.HAVEN_BASE_URL}{notification.link}"
    try:
        send_mail(
            subject=f"Haven: {notification.subject}",
            message=body + (link if notification.link else ""),
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
    except OSError:
        # The in-app notification stands; a mail outage must not lose the change.
        logger.exception("Could not email notification %s", notification.pk)
        return
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def notification_mark_read(*, user, notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, recipient=user, read_at=None).update(
        read_at=timezone.now()
    )
