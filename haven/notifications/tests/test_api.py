"""The notifications API: the caller's own, with the unread count, and marking one read.
Someone else's notification is "not found", exactly like one that does not exist."""

import pytest

from haven.accounts.models import Role
from haven.accounts.tests.factories import UserFactory
from haven.core.tests.support import OFFSET_DATETIME, assert_like_missing, missing_id
from haven.notifications.models import Notification
from haven.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def tell(user, subject: str) -> Notification:
    return NotificationFactory(
        recipient=user, subject=subject, body="A case was shared.", link="/cases/1/"
    )


class TestList:
    def test_only_the_caller_s_newest_first_with_the_unread_count(self, api):
        user, other = UserFactory(), UserFactory()
        first, second = tell(user, "First"), tell(user, "Second")
        tell(other, "Not yours")
        Notification.objects.filter(pk=first.pk).update(read_at=first.created_at)

        body = api(user).get("/api/v1/notifications/").json()

        assert body["count"] == 2
        assert body["unread"] == 1
        assert [n["id"] for n in body["results"]] == [second.pk, first.pk]
        newest = body["results"][0]
        assert set(newest) == {"id", "subject", "body", "link", "created_at", "read_at"}
        assert newest["subject"] == "Second"
        assert newest["link"] == "/cases/1/"
        assert newest["read_at"] is None
        assert OFFSET_DATETIME.match(newest["created_at"])
        assert OFFSET_DATETIME.match(body["results"][1]["read_at"])

    def test_paginated_and_unread_counts_every_page(self, api):
        user = UserFactory()
        for number in range(3):
            tell(user, f"Notification {number}")
        client = api(user)
        page = client.get("/api/v1/notifications/?page_size=2").json()
        assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
        assert page["unread"] == 3
        last = client.get("/api/v1/notifications/?page_size=2&page=2").json()
        assert len(last["results"]) == 1 and last["unread"] == 3
        assert client.get("/api/v1/notifications/?page=3&page_size=2").status_code == 404

    def test_every_role_has_its_own_list(self, api):
        for role in (Role.ADMIN, Role.AUDITOR, Role.STRATEGIC_LEAD, Role.PRACTITIONER):
            user = UserFactory(role=role)
            tell(user, "Hello")
            assert api(user).get("/api/v1/notifications/").json()["count"] == 1


class TestMarkRead:
    def test_marks_the_caller_s_notification_read(self, api):
        user = UserFactory()
        notification = tell(user, "Shared with you")
        client = api(user)
        response = client.post(f"/api/v1/notifications/{notification.pk}/read/")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["id"] == notification.pk
        assert OFFSET_DATETIME.match(body["read_at"])
        notification.refresh_from_db()
        assert notification.read_at is not None
        assert client.get("/api/v1/notifications/").json()["unread"] == 0

    def test_marking_again_keeps_the_first_time_it_was_read(self, api):
        user = UserFactory()
        notification = tell(user, "Shared with you")
        client = api(user)
        first = client.post(f"/api/v1/notifications/{notification.pk}/read/").json()
        again = client.post(f"/api/v1/notifications/{notification.pk}/read/")
        assert again.status_code == 200
        assert again.json()["read_at"] == first["read_at"]

    def test_someone_else_s_notification_is_exactly_like_a_missing_one(self, api):
        owner = UserFactory()
        notification = tell(owner, "Private")
        client = api(UserFactory())
        theirs = client.post(f"/api/v1/notifications/{notification.pk}/read/")
        missing = client.post(f"/api/v1/notifications/{missing_id(Notification)}/read/")
        assert_like_missing(theirs, missing)
        notification.refresh_from_db()
        assert notification.read_at is None


class TestMarkAllRead:
    def test_marks_every_unread_one_of_the_caller_and_nobody_else_s(self, api):
        user, other = UserFactory(), UserFactory()
        first, second = tell(user, "First"), tell(user, "Second")
        read = tell(user, "Read already")
        Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
        theirs = tell(other, "Not yours")

        response = api(user).post("/api/v1/notifications/mark-all-read/")

        assert response.status_code == 200, response.content
        assert response.json() == {"marked": 2, "unread": 0}
        for notification in (first, second):
            notification.refresh_from_db()
            assert notification.read_at is not None
        read.refresh_from_db()
        assert read.read_at == read.created_at
        theirs.refresh_from_db()
        assert theirs.read_at is None
        again = api(user).post("/api/v1/notifications/mark-all-read/")
        assert again.json() == {"marked": 0, "unread": 0}
