from django.conf import settings
from django.urls import reverse

from haven.accounts import roles
from haven.core.navigation import SERVICE_NAVIGATION, shows
from haven.notifications.selectors import unread_count


def shell(request):
    """The service navigation a user sees depends on what their role lets them do."""
    user = getattr(request, "user", None)
    # A personal API token's user (set by Django REST framework, not the OTP middleware) has no
    # is_verified(): they get the bare shell, as does anyone without a verified session.
    is_verified = getattr(user, "is_verified", None)
    if user is None or not user.is_authenticated or is_verified is None or not is_verified():
        return {"service_navigation": [], "unread_notifications": 0}
    navigation = []
    for label, url_name, rule in SERVICE_NAVIGATION:
        if not shows(user, rule):
            continue
        href = reverse(url_name)
        active = request.path == href if href == "/" else request.path.startswith(href)
        navigation.append({"label": label, "href": href, "active": active})
    return {
        "service_navigation": navigation,
        "unread_notifications": unread_count(user=user),
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "can_use_api_tokens": user.has_role_permission(roles.USE_API_TOKENS),
    }
