"""Per-request facts (request id, client address, actor) that audit rows and log lines carry.

A context variable, not thread-locals, so it is also correct under ASGI and in task workers.
"""

import contextvars
import re
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None
    user_id: int | None = None


_EMPTY = RequestContext()
_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "haven_request_context",
    default=_EMPTY,
)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current() -> RequestContext:
    return _current.get()


def activate(context: RequestContext) -> contextvars.Token:
    return _current.set(context)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)


def request_id_from_header(value: str | None) -> str:
    """Honour a well-formed X-Request-ID from the proxy so logs join up; otherwise mint one."""
    if value and _REQUEST_ID.match(value):
        return value
    return uuid.uuid4().hex
