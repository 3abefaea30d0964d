from django.conf import settings
from django.urls import reverse

from haven.core.navigation import SERVICE_NAVIGATION
from haven.notifications.selectors import unread_count


def shell(request):
    """The service navigation a user sees depends on what their role lets them do."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"service_navigation": [], "unread_notifications": 0}
    navigation = []
    for label, url_name, permission in SERVICE_NAVIGATION:
        if permission and not user.has_role_permission(permission):
            continue
        href = reverse(url_name)
        active = request.path == href if href == "/" else request.path.startswith(href)
        navigation.append({"label": label, "href": href, "active": active})
    return {
        "service_navigation": navigation,
        "unread_notifications": unread_count(user=user),
        "session_timeout_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
