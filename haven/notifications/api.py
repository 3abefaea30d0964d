"""The caller's own notifications over the API, as on the notifications page: the list (with
how many are unread), marking one read and marking all read. Anyone else's notification is 404,
like a missing one."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from haven.core.api import HavenAPIView, ServiceErrorsMixin, StandardPagination, error_responses
from haven.notifications.models import Notification
from haven.notifications.selectors import (
    notification_get_for_user,
    notification_list_for_user,
    unread_count,
)
from haven.notifications.serializers import MarkAllReadSerializer, NotificationSerializer
from haven.notifications.services import notification_mark_read, notifications_mark_all_read

NOTIFICATION_ID = OpenApiParameter(
    "notification_id", int, OpenApiParameter.PATH, description="Notification id."
)


class NotificationPagination(StandardPagination):
    """A page of notifications, with how many of all the caller's are unread."""

    def paginate_queryset(self, queryset, request, view=None):
        self.unread = unread_count(user=request.user)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread"] = self.unread
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread"] = {
            "type": "integer",
            "description": "How many of your notifications (on every page) are unread.",
            "example": 3,
        }
        paginated["required"] = [*paginated.get("required", []), "unread"]
        return paginated


class NotificationListView(ServiceErrorsMixin, generics.ListAPIView):
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination
    queryset = Notification.objects.none()  # for the schema; get_queryset asks the selector

    @extend_schema(
        operation_id="notifications_list",
        tags=["notifications"],
        summary="Your notifications",
        description=(
            "Yours only, the newest first, read and unread (`read_at` is null while unread); "
            "`unread` counts the unread ones on every page."
        ),
        responses={200: NotificationSerializer(many=True), **error_responses()},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return notification_list_for_user(user=self.request.user)


class NotificationReadView(HavenAPIView):
    @extend_schema(
        operation_id="notifications_read_create",
        tags=["notifications"],
        summary="Mark a notification read",
        description=(
            "Marks one of your notifications read (one already read keeps the time it was "
            "first read) and answers it. Someone else's notification is 404, as for one that "
            "does not exist."
        ),
        parameters=[NOTIFICATION_ID],
        request=None,
        responses={200: NotificationSerializer, **error_responses(404)},
    )
    def post(self, request, notification_id: int):
        notification = notification_get_for_user(user=request.user, notification_id=notification_id)
        notification_mark_read(user=request.user, notification_id=notification.pk)
        notification.refresh_from_db(fields=["read_at"])
        return Response(NotificationSerializer(notification).data)


class NotificationMarkAllReadView(HavenAPIView):
    @extend_schema(
        operation_id="notifications_mark_all_read_create",
        tags=["notifications"],
        summary="Mark all your notifications read",
        description=(
            'As the notifications page\'s "Mark all as read": every one of your unread '
            "notifications is marked read (those already read keep the time they were first "
            "read). Only yours: nobody else's changes. Answers how many were marked."
        ),
        request=None,
        responses={200: MarkAllReadSerializer, **error_responses()},
    )
    def post(self, request):
        marked = notifications_mark_all_read(user=request.user)
        unread = unread_count(user=request.user)
        return Response(MarkAllReadSerializer({"marked": marked, "unread": unread}).data)
