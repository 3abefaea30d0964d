from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from haven.notifications.selectors import notification_list_for_user, unread_count
from haven.notifications.services import notification_mark_read, notifications_mark_all_read


def notification_list(request):
    page = Paginator(notification_list_for_user(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page,
            "query_without_page": "",
            "unread": unread_count(user=request.user),
        },
    )


@require_POST
def notification_open(request, notification_id: int):
    """Mark as read, then go to what it is about (access is checked there)."""
    notification = notification_list_for_user(user=request.user).filter(pk=notification_id).first()
    if notification is None:
        # Someone else's, or none: back to one's own list, exactly alike, nothing opened.
        return redirect("notifications:list")
    notification_mark_read(user=request.user, notification_id=notification.pk)
    safe = url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None)
    return redirect(notification.link if notification.link and safe else "notifications:list")


@require_POST
def notification_mark_all_read(request):
    marked = notifications_mark_all_read(user=request.user)
    if marked:
        messages.success(
            request, f"{marked} notification{'s' if marked != 1 else ''} marked as read."
        )
    return redirect("notifications:list")
