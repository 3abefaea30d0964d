"""The strategic dashboards' page and each chart's download (decision 0033): strategic leads
only. Thin: ``reporting.dashboard.figures`` computes and publishes, the strategy's service
audits each download."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from haven.accounts import roles
from haven.core.permissions import role_permission_required
from haven.reporting.dashboard import (
    CATALOGUE,
    DASHBOARD_AREAS,
    DashboardError,
    chart_table,
    figures_published,
    last_complete_quarter,
    own_area,
)
from haven.reporting.dashboard_files import CONTENT_TYPES, chart_file
from haven.reporting.forms import DashboardForm
from haven.strategy.services import dashboard_export_record


def _chosen(request, codes=None):
    """The form, and the dashboard it asks for (None when the form has errors): by default the
    user's own authority and the last complete quarter."""
    today = timezone.localdate()
    form = DashboardForm(request.GET or None, today=today, initial={"area": own_area(request.user)})
    if form.is_bound and not form.is_valid():
        return form, None
    dates = form.period_dates() if form.is_bound else None
    if dates is None:
        quarter = last_complete_quarter(today)
        dates = (quarter.start, quarter.end)
    area = (form.cleaned_data.get("area") if form.is_bound else None) or own_area(request.user)
    try:
        return form, figures_published(area=area, start=dates[0], end=dates[1], codes=codes)
    except DashboardError as error:
        if not form.is_bound:
            raise
        form.add_service_errors(error)
        return form, None


def _chart_data(table) -> dict:
    """What the chart script draws: the table's rows (not its total), a series per column; a
    figure not shown as a number (c) is a gap."""
    rows = [row for row in table.rows if row[0] != "Total"]
    return {
        "kind": table.kind,
        "labels": [row[0] for row in rows],
        "series": [
            {
                "label": table.header[i],
                "data": [v if isinstance(v, int | float) else None for v in (r[i] for r in rows)],
            }
            for i in table.series
        ],
    }


@role_permission_required(roles.VIEW_AGGREGATES)
@require_GET
def dashboard(request):
    form, shown = _chosen(request)
    groups: dict[str, list] = {}
    if shown is not None:
        for figure in shown.figures:
            table = chart_table(shown, figure)
            groups.setdefault(figure.measure.group, []).append(
                {"figure": figure, "table": table, "data": _chart_data(table)}
            )
    period = (
        urlencode({"date_from": shown.period.start, "date_to": shown.period.end}) if shown else ""
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "form": form,
            "dashboard": shown,
            "groups": groups,
            "areas": DASHBOARD_AREAS,
            "period_query": period,
        },
    )


@role_permission_required(roles.VIEW_AGGREGATES)
@require_GET
def download(request, code: str, file_format: str):
    if code not in CATALOGUE:
        raise Http404
    form, shown = _chosen(request, codes=(code,))
    if shown is None:
        return render(request, "reporting/dashboard.html", {"form": form}, status=400)
    measure = CATALOGUE[code]
    table = chart_table(shown, shown.figure(code))
    content = chart_file(table, measure.definition, file_format)
    dashboard_export_record(
        actor=request.user,
        figure=code,
        area=shown.area,
        date_from=shown.period.start,
        date_to=shown.period.end,
        format=file_format,
        content=content,
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    name = f"{code}-{shown.area}-{shown.period.start}-{shown.period.end}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
