"""The quarterly report to a Board (decision 0034): for an authority's Safeguarding Children
Board or the Pan Cheshire Strategic Group, one quarter's dashboard figures as published
(``dashboard.figures_published``: the same disclosure control as the page and its downloads),
each with its chart drawn as SVG (``charts.py``) and its table, the training results as
published (``training.py``), and the commentary a strategic lead wrote for that Board and
quarter (``strategy.selectors.board_commentary``). Read-only: the download's audit is the
strategy's service, called by the page and the API."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from haven.core.areas import Area
from haven.core.pdf import pdf_from_html
from haven.reporting.charts import chart_svg
from haven.reporting.dashboard import (
    ChartTable,
    Dashboard,
    FigureResult,
    Period,
    areas_of,
    chart_table,
    figures_published,
    quarter_code,
    quarter_label,
)
from haven.reporting.training import CourseResult, training_results_published
from haven.strategy.models import PAN_CHESHIRE, BoardCommentary
from haven.strategy.selectors import board_commentary


def board_name(area: str) -> str:
    """Who the report is for: an authority's Board, or the Strategic Group for all four."""
    areas_of(area)
    if area == PAN_CHESHIRE:
        return "Pan Cheshire Strategic Group"
    return f"{Area(area).label} Safeguarding Children Board"


@dataclass(frozen=True)
class ReportFigure:
    figure: FigureResult
    table: ChartTable
    # Drawn by ``charts.chart_svg`` from published values only, every text in it escaped.
    svg: str


@dataclass(frozen=True)
class BoardReport:
    area: str
    quarter: Period
    dashboard: Dashboard
    groups: dict[str, list[ReportFigure]]
    training: list[CourseResult]
    commentary: BoardCommentary | None

    @property
    def board(self) -> str:
        return board_name(self.area)

    @property
    def code(self) -> str:
        return quarter_code(self.quarter)

    @property
    def title(self) -> str:
        return f"Quarterly report to the {self.board}: {quarter_label(self.quarter)}"

    @property
    def filename(self) -> str:
        return f"board-report-{self.area}-{self.code}.pdf"


def board_report(*, area: str, quarter: Period) -> BoardReport:
    """The report on ``quarter`` (a calendar quarter) for ``area``'s Board."""
    shown = figures_published(area=area, start=quarter.start, end=quarter.end)
    groups: dict[str, list[ReportFigure]] = {}
    for figure in shown.figures:
        table = chart_table(shown, figure)
        groups.setdefault(figure.measure.group, []).append(
            ReportFigure(figure=figure, table=table, svg=mark_safe(chart_svg(table)))  # noqa: S308
        )
    return BoardReport(
        area=area,
        quarter=quarter,
        dashboard=shown,
        groups=groups,
        training=training_results_published(
            area=area, date_from=quarter.start, date_to=quarter.end
        ),
        commentary=board_commentary(area=area, quarter_start=quarter.start),
    )


def board_report_html(report: BoardReport, *, user) -> str:
    return render_to_string("reporting/board_report.html", {"report": report, "user": user})


def board_report_pdf(report: BoardReport, *, user) -> bytes:
    return pdf_from_html(board_report_html(report, user=user))
