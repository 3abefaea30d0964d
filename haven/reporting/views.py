"""The strategic dashboards' page, each chart's download (decision 0033) and the Boards'
quarterly report (decision 0034): strategic leads only. Thin: ``reporting.dashboard.figures``
computes and publishes, the strategy's services audit each download."""

from urllib.parse import urlencode

from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from haven.accounts import roles
from haven.core.permissions import role_permission_required
from haven.reporting.board_report import board_name, board_report, board_report_pdf
from haven.reporting.dashboard import (
    CATALOGUE,
    DASHBOARD_AREAS,
    DashboardError,
    chart_table,
    figures_published,
    last_complete_quarter,
    own_area,
    quarter_code,
    quarter_from_code,
    quarter_of,
)
from haven.reporting.dashboard_files import CONTENT_TYPES, chart_file
from haven.reporting.forms import DashboardForm
from haven.strategy.selectors import board_commentary
from haven.strategy.services import board_report_export_record, dashboard_export_record


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
            "board": _board(shown, request.user),
        },
    )


def _board(shown, user) -> dict | None:
    """The Board's quarterly report for the dashboard shown, when its period is a quarter."""
    if shown is None or quarter_of(shown.period.start) != shown.period:
        return None
    return {
        "name": board_name(shown.area),
        "quarter": quarter_code(shown.period),
        "commentary": board_commentary(area=shown.area, quarter_start=shown.period.start),
        "may_write": user.has_role_permission(roles.WRITE_BOARD_COMMENTARY),
    }


def board_report_response(request, *, area: str, quarter: str) -> HttpResponse:
    """The Board's quarterly report on ``quarter`` (``2026-Q1``) as a PDF attachment, its
    download audited. A ``DashboardError`` for an area or quarter there is no report for. The
    page and the API answer with this."""
    report = board_report(area=area, quarter=quarter_from_code(quarter))
    pdf = board_report_pdf(report, user=request.user)
    board_report_export_record(
        actor=request.user, area=report.area, quarter=report.code, content=pdf
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


@role_permission_required(roles.VIEW_AGGREGATES)
@require_GET
def board_report_download(request):
    """By default the user's own Board and the last complete quarter."""
    area = request.GET.get("area") or own_area(request.user)
    quarter = request.GET.get("quarter") or quarter_code(
        last_complete_quarter(timezone.localdate())
    )
    try:
        return board_report_response(request, area=area, quarter=quarter)
    except DashboardError as error:
        raise BadRequest(" ".join(error.messages)) from error


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
