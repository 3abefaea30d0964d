"""The start page, the health check and the error pages."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from haven.accounts.roles import ROLE_SUMMARIES


def start(request):
    user = request.user
    return render(
        request,
        "core/start.html",
        {
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


def _error_page(status: int, template: str):
    def view(request, exception=None):
        return render(request, template, status=status)

    return login_not_required(view)


page_not_found = _error_page(404, "404.html")
permission_denied = _error_page(403, "403.html")
server_error = _error_page(500, "500.html")
bad_request = _error_page(400, "400.html")
