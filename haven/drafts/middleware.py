"""Keep a form sent after the session ended, so signing in again brings it back."""

from django.conf import settings
from django.contrib import messages

from haven.drafts.models import HeldReason
from haven.drafts.services import held_form_keep

# Which user this browser last signed in as: a signed user id, nothing else. It lets a form sent
# after the session ended be kept for that user alone (they must sign in to see it). SameSite
# Strict: a form posted from another site never carries it.
LAST_USER_COOKIE = "haven_last_user"
LAST_USER_SALT = "haven.drafts.last-user"


def last_user_id(request) -> int | None:
    value = request.get_signed_cookie(
        LAST_USER_COOKIE,
        default=None,
        salt=LAST_USER_SALT,
        max_age=settings.HELD_FORM_HOURS * 3600,
    )
    return int(value) if value and value.isdigit() else None


class HeldFormMiddleware:
    """Before the log-in check turns a POST from an ended session into a redirect to sign in,
    keep what was sent (for the browser's last user) and say so on the sign-in page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and last_user_id(request) != user.pk:
            response.set_signed_cookie(
                LAST_USER_COOKIE,
                str(user.pk),
                salt=LAST_USER_SALT,
                max_age=settings.HELD_FORM_HOURS * 3600,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Strict",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.user.is_authenticated:
            return None
        if request.path.startswith("/api/") or not getattr(view_func, "login_required", True):
            return None
        user_id = last_user_id(request)
        if user_id is None:
            return None
        if held_form_keep(
            user_id=user_id, path=request.path, data=request.POST, reason=HeldReason.SESSION_ENDED
        ):
            messages.info(request, SIGNED_OUT_KEPT)
        return None  # the log-in check now sends the browser to sign in, then back here


SIGNED_OUT = "You were signed out because you had not done anything for a while."
SIGNED_OUT_KEPT = (
    f"{SIGNED_OUT} What you typed has been kept, but nothing was sent: sign in again to check "
    "it and send it."
)
