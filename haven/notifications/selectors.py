from django.db.models import QuerySet
from django.http import Http404

from haven.notifications.models import Notification


def notification_list_for_user(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_get_for_user(*, user, notification_id: int) -> Notification:
    """One of the user's own notifications; anyone else's is "not found", like a missing one."""
    notification = notification_list_for_user(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404("No such notification")
    return notification
