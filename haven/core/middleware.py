"""Middleware for the request context, extra security headers, request limits and
deny-by-default log-in."""

import re

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from haven.core import request_context, views
from haven.core.limits import JSON_MAX_DEPTH, UPLOAD_LIMIT_SETTING


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_context.request_id_from_header(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        token = request_context.activate(
            request_context.RequestContext(
                request_id=request_id, ip_address=client_ip(request), user_id=None
            )
        )
        try:
            response = self.get_response(request)
        finally:
            request_context.deactivate(token)
        response["X-Request-ID"] = request_id
        return response


def client_ip(request) -> str | None:
    """The client address, trusting X-Forwarded-For only for the configured number of proxies."""
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    if proxies:
        forwarded = [p.strip() for p in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            # Pages about children must not linger in shared or back-button caches.
            response.setdefault("Cache-Control", "no-store, private")
        return response


def content_length(request) -> int:
    """The body length the client declared; Django reads no more than this (0 if absent)."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def body_limit(request) -> int:
    """1 MiB; for a multipart body sent to a view that takes files (``limits.takes_uploads``),
    the largest file it accepts plus 1 MiB."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if request.content_type != "multipart/form-data":
        return limit
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return limit
    # A class-based view (pages or the API) carries the mark on its class.
    setting = getattr(view, UPLOAD_LIMIT_SETTING, None) or getattr(
        getattr(view, "view_class", None), UPLOAD_LIMIT_SETTING, None
    )
    return limit + getattr(settings, setting) if setting else limit


# A JSON string (escapes included) and the brackets that nest.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_nesting_exceeds(body: bytes, limit: int) -> bool:
    """Whether arrays and objects in ``body`` nest more than ``limit`` deep (brackets inside
    strings do not count). Invalid JSON is left to the parser to report."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    for bracket in _JSON_BRACKET.finditer(_JSON_STRING.sub(b'""', body)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class RequestLimitsMiddleware:
    """Refuses what no real request needs before any view or other middleware reads it:

    - a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (1 MiB): 413, without reading it (a
      view that takes files allows a file upload its own size: ``body_limit``);
    - a JSON body nested more than ``JSON_MAX_DEPTH`` deep: 400 (Python's JSON parser fails
      with a RecursionError, a server error, long before the service's own checks run).

    Under ``/api/`` the answers are the API's JSON error body; elsewhere GOV.UK pages
    (``haven.core.views``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = content_length(request)
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE and length > body_limit(request):
            return views.request_too_large(request)
        is_json = (request.content_type or "").endswith("json")
        if length and is_json and json_nesting_exceeds(request.body, JSON_MAX_DEPTH):
            return views.json_too_deep(request)
        return self.get_response(request)


# Views an authenticated user may reach before completing two-factor set-up or log-in.
UNVERIFIED_ALLOWED_URL_NAMES = {
    "two_factor:setup",
    "two_factor:setup_complete",
    "two_factor:qr",
    "two_factor:login",
    "logout",
}


class VerifiedLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Deny by default: every page needs log-in, and every page but the 2FA ones a verified device.

    API views are left to Django REST framework, whose default permission applies the same rule
    (a verified session or a personal API token).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "cls", None) is not None and request.path.startswith("/api/"):
            return None
        response = super().process_view(request, view_func, view_args, view_kwargs)
        if response is not None:
            return response
        if not getattr(view_func, "login_required", True):
            return None
        user = request.user
        request_context.activate(
            request_context.RequestContext(
                request_id=request.request_id, ip_address=client_ip(request), user_id=user.pk
            )
        )
        if user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in UNVERIFIED_ALLOWED_URL_NAMES:
            return None
        return redirect("two_factor:setup")
