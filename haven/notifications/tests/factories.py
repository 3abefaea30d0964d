"""Factories for notifications: rows a test needs to exist (``notify`` also emails)."""

import factory

from haven.accounts.tests.factories import UserFactory
from haven.notifications.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread notification that a case was shared."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"A case was shared with you ({n})")
    body = "A case was shared."
    link = "/cases/1/"
