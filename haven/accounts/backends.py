"""The password step of signing in (after django-axes' lock-out check)."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def demo_allowed() -> bool:
    """Whether demo accounts (``User.is_demo``) may sign in, and the demo data load: never
    with ``HAVEN_ENV=production``."""
    return settings.HAVEN_ENV != "production"


class HavenModelBackend(ModelBackend):
    """Django's email-and-password backend, except that a demo account (``@<agency>.demo``)
    can neither sign in nor keep a session when ``HAVEN_ENV=production``: demo passwords and
    backup codes are printed for anyone running the demo, so they must never open real data."""

    def user_can_authenticate(self, user) -> bool:
        if user is not None and user.is_demo and not demo_allowed():
            return False
        return super().user_can_authenticate(user)
