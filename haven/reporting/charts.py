"""A dashboard chart drawn as SVG for the Boards' quarterly report (decision 0034): the same
published table the page's Chart.js chart and its downloads show (``dashboard.chart_table``),
drawn in Python so WeasyPrint can print it without a browser. Pure: text out.

A breakdown or a standard is drawn as horizontal bars, a bar per series in each row; a trend as
a line over the quarters. A cell shown as a symbol (c, z, k) has no bar or point: its letter is
written where the bar would start, so a reader sees the gap is a suppressed count, not zero."""

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from haven.reporting.dashboard import ChartTable

WIDTH = 640
LABEL_WIDTH = 210
BAR_HEIGHT = 12
ROW_GAP = 10
LEGEND_HEIGHT = 24
TREND_HEIGHT = 200
# GOV.UK blue and dark grey: apart in colour and in lightness, so they print in grey too.
COLOURS = ("#1d70b8", "#505a5f")
FONT = 'font-family="Helvetica, Arial, sans-serif" font-size="11"'


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    return None


def _shown(value) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _legend(table: ChartTable, y: int) -> list[str]:
    parts, x = [], LABEL_WIDTH
    for index, column in enumerate(table.series):
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{y}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{y + 9}" {FONT}>{escape(table.header[column])}</text>')
        x += 24 + 7 * len(table.header[column])
    return parts


def _svg(table: ChartTable, height: int, body: list[str]) -> str:
    title = f"Chart: {table.caption}. The table gives the same figures."
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label={quoteattr(title)}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _bars(table: ChartTable) -> str:
    rows = [row for row in table.rows if row[0] != "Total"]
    values = [_number(row[column]) for row in rows for column in table.series]
    top = max([v for v in values if v is not None] + [1.0])
    plot = WIDTH - LABEL_WIDTH - 50
    per_row = BAR_HEIGHT * len(table.series) + ROW_GAP
    body = _legend(table, 4)
    for index, row in enumerate(rows):
        y = LEGEND_HEIGHT + index * per_row
        label = str(row[0])
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + BAR_HEIGHT * len(table.series) / 2 + 4}" '
            f'text-anchor="end" {FONT}>{escape(label[:34])}</text>'
        )
        for position, column in enumerate(table.series):
            value = _number(row[column])
            bar_y = y + position * BAR_HEIGHT
            width = 0.0 if value is None else plot * value / top
            colour = COLOURS[position % len(COLOURS)]
            if width:
                body.append(
                    f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{width:.1f}" '
                    f'height="{BAR_HEIGHT - 2}" fill="{colour}"/>'
                )
            body.append(
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{bar_y + BAR_HEIGHT - 3}" {FONT}>'
                f"{escape(_shown(row[column]))}</text>"
            )
    return _svg(table, LEGEND_HEIGHT + len(rows) * per_row + 4, body)


def _line(table: ChartTable) -> str:
    rows = table.rows
    values = [_number(row[1]) for row in rows]
    top = max([v for v in values if v is not None] + [1.0])
    left, bottom, plot_height = 40, TREND_HEIGHT - 30, TREND_HEIGHT - 60
    step = (WIDTH - left - 20) / max(len(rows) - 1, 1)
    body = [
        f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - 10}" y2="{bottom}" stroke="#b1b4b6"/>',
        f'<text x="{left - 6}" y="{bottom - plot_height + 4}" text-anchor="end" {FONT}>'
        f"{_shown(int(top)) if top == int(top) else top}</text>",
        f'<text x="{left - 6}" y="{bottom + 4}" text-anchor="end" {FONT}>0</text>',
    ]
    points = []
    for index, (row, value) in enumerate(zip(rows, values, strict=True)):
        x = left + index * step
        body.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" {FONT}>'
            f"{escape(str(row[0]))}</text>"
        )
        if value is None:
            body.append(
                f'<text x="{x:.1f}" y="{bottom - 6}" text-anchor="middle" {FONT}>'
                f"{escape(_shown(row[1]))}</text>"
            )
            points.append(None)
            continue
        y = bottom - plot_height * value / top
        points.append((x, y))
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOURS[0]}"/>')
        body.append(
            f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" {FONT}>'
            f"{escape(_shown(row[1]))}</text>"
        )
    # A gap in the line where a quarter is suppressed: each run of shown quarters is joined.
    run: list[tuple[float, float]] = []
    for point in [*points, None]:
        if point is not None:
            run.append(point)
            continue
        if len(run) > 1:
            joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            body.append(
                f'<polyline points="{joined}" fill="none" stroke="{COLOURS[0]}" stroke-width="2"/>'
            )
        run = []
    return _svg(table, TREND_HEIGHT, body)


def chart_svg(table: ChartTable) -> str:
    """The chart of ``table`` as an SVG element, ready to place in the report's HTML."""
    return _line(table) if table.kind == "trend" else _bars(table)
