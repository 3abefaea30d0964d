"""Response shape of the notifications API."""

from rest_framework import serializers

from haven.core.api import LocalDateTimeField


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField()
    body = serializers.CharField()
    link = serializers.CharField(help_text='The page it is about, e.g. "/cases/12/"; may be "".')
    created_at = LocalDateTimeField()
    read_at = LocalDateTimeField(allow_null=True, help_text="null while unread.")


class MarkAllReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many unread notifications were marked read.")
    unread = serializers.IntegerField(help_text="How many are unread now (0, unless one came in).")
