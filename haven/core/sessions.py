"""Sessions kept in the database, where a request that leaves its session as it found it only
moves the session's expiry.

Sessions end after 30 minutes idle, so every request saves its session (SESSION_SAVE_EVERY_REQUEST).
Django's database store saves by writing the whole session back, as it was when the request
began. Two requests at once (the possible-matches lookup still running while the concern is
sent) then lose what the quicker one stored: the later, unchanged session overwrites it."""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        if must_create or self.session_key is None or self.modified:
            return super().save(must_create=must_create)
        moved = (
            self.model.objects.using(router.db_for_write(self.model))
            .filter(session_key=self.session_key)
            .update(expire_date=self.get_expiry_date())
        )
        if not moved:  # ended meanwhile (signed out elsewhere): as Django's own store reports
            raise UpdateError
