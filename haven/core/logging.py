"""Structured logging: every log line carries the request id and user id."""

import logging

from haven.core import request_context


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = request_context.current()
        record.request_id = context.request_id or "-"
        record.user_id = context.user_id
        return True
