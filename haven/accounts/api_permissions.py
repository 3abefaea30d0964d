from rest_framework.permissions import BasePermission

from haven.accounts.models import ApiToken


class IsVerifiedUser(BasePermission):
    """Logged in with two factors (a verified session) or with a personal API token."""

    message = "Log in with two-factor authentication, or send a personal API token."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if isinstance(request.auth, ApiToken):
            return True
        return bool(getattr(user, "is_verified", lambda: False)())
