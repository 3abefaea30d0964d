"""Notifying people: an in-app notification plus an email, sent after the transaction commits
so nobody is told about a change that rolled back."""

import logging
from collections.abc import Callable, Iterable

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
    body: str | Callable[[object], str],
    link: str = "",
    email_body: str | None = None,
) -> list[Notification]:
    """Notify each distinct active recipient once, in Haven and by email.

    ``body`` may be a function of the recipient: a notification names a child only to a
    recipient the access door lets see them, so the caller, which can ask the door, gives each
    their text. Emails leave Haven, so they never carry personal details: ``email_body`` is the
    emailed text when the in-app one names someone or quotes what was typed about them
    (default: ``body``, which the caller then keeps free of personal details)."""
    unique = {user.pk: user for user in recipients if user is not None and user.is_active}
    text = body if callable(body) else lambda recipient: body
    notifications = Notification.objects.bulk_create(
        Notification(recipient=user, subject=subject, body=text(user), link=link)
        for user in unique.values()
    )
    emailed = body if email_body is None else email_body
    for notification in notifications:
        emailed = email_body if email_body is not None else notification.body
        transaction.on_commit(lambda n=notification, e=emailed: _email(n, e))
    return notifications


def _email(notification: Notification, text: str) -> None:
    link = f"\n\nOpen Haven to see it: {settings.HAVEN_BASE_URL}{notification.link}"
    try:
        send_mail(
            subject=f"Haven: {notification.subject}",
            message=text + (link if notification.link else ""),
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


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read (those already read keep the time they
    were first read); returns how many were marked. Like opening one, not audited: it changes
    only the user's own inbox, never a record about a child."""
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())
