"""The home page ("My work"), the health check and the error pages.

Under ``/api/`` every error is the API's JSON body, ``{"errors": {"detail": [message]}}``, never
an HTML page: a client that sends ``/api/v1/cases/abc/`` or a 2 MB body gets JSON it can read.
"""

import logging
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from haven.accounts.roles import ROLE_SUMMARIES
from haven.core.limits import JSON_MAX_DEPTH
from haven.workflows.home import home_page_for_user


def start(request):
    """Each role's real work (``workflows.home``), and what the role can do."""
    user = request.user
    return render(
        request,
        "core/start.html",
        {
            "home": home_page_for_user(user=user),
            "role_label": user.get_role_display(),
            "role_summary": ROLE_SUMMARIES.get(user.role, []),
        },
    )


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database answers and every migration is applied."""
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # any database failure means "not healthy", whatever its type
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    if pending:
        return JsonResponse(
            {"status": "error", "database": "ok", "pending_migrations": len(pending)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "pending_migrations": 0})


logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def body_limit_text() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    mib = limit / (1024 * 1024)
    size = f"{mib:g} MiB" if mib >= 1 else f"{limit // 1024:,} KiB"
    return f"{size} ({limit:,} bytes)"


# What an API client is told; the pages say the same in the GOV.UK templates.
API_MESSAGES = {
    400: "The request could not be read: check its format and try again.",
    403: "You do not have permission to do this.",
    404: "Not found.",
    413: "The request is too large: send a body of at most {limit}.",
    500: "Sorry, there is a problem with the service. Try again later.",
    503: "Sorry, the service is unavailable: it could not reach its database. Nothing was "
    "saved half way; check whether your change was made before sending it again in a few "
    "minutes.",
}
# Seconds a client is asked to wait before sending again when the database is unreachable.
RETRY_AFTER_SECONDS = 60
JSON_TOO_DEEP = (
    "The JSON body is nested too deeply: arrays and objects may nest at most {depth} levels."
)


def api_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"errors": {"detail": [message]}}, status=status)


def _error_response(request, status: int, template: str, **context) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return api_error(status, API_MESSAGES[status].format(limit=body_limit_text()))
    try:
        return render(request, template, {"limit": body_limit_text(), **context}, status=status)
    except Exception:
        # An error page must never fail in turn: without the request, no context processor
        # (navigation, notifications) runs.
        logger.exception("Error page %s failed with the request context", template)
        content = loader.render_to_string(template, {"limit": body_limit_text(), **context})
        return HttpResponse(content, status=status)


def _error_page(status: int, template: str):
    def view(request, exception=None):
        if isinstance(exception, RequestDataTooBig):
            # Django's own size check, should a body ever get past RequestLimitsMiddleware's
            # (which trusts the declared Content-Length).
            return _error_response(request, 413, "413.html")
        return _error_response(request, status, template)

    return login_not_required(view)


page_not_found = _error_page(404, "404.html")
permission_denied = _error_page(403, "403.html")
bad_request = _error_page(400, "400.html")


def database_unreachable(exception: BaseException | None) -> bool:
    """The database connection failed (dropped, refused, closed under us), as opposed to a
    query that was wrong: the request can be sent again once the database is back."""
    return isinstance(exception, OperationalError | InterfaceError)


@login_not_required
def server_error(request):
    """500, or 503 when what failed was the database connection (decision 0039). Django calls
    this inside its ``except`` block, so the exception is the one being handled. Every write
    runs in one transaction, so a dropped connection leaves nothing half-written."""
    if not database_unreachable(sys.exc_info()[1]):
        return _error_response(request, 500, "500.html")
    if request.path.startswith(API_PREFIX):
        response = api_error(503, API_MESSAGES[503])
    else:
        # Rendered without the request: its context processors would ask the database again.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def request_too_large(request) -> HttpResponse:
    """413 for a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (haven.core.middleware)."""
    return _error_response(request, 413, "413.html")


def json_too_deep(request) -> HttpResponse:
    """400 for a JSON body nested deeper than ``JSON_MAX_DEPTH`` (haven.core.middleware)."""
    message = JSON_TOO_DEEP.format(depth=JSON_MAX_DEPTH)
    if request.path.startswith(API_PREFIX):
        return api_error(400, message)
    return _error_response(request, 400, "400.html")
