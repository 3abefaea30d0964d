"""A dashboard chart's table as a CSV or XLSX file (decision 0033): exactly the published table
shown beside the chart, with the figure's definition under it. Pure: bytes out."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from haven.reporting.dashboard import ChartTable

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SYMBOLS = "c: 1 to 5, or hidden so that a count of 1 to 5 cannot be worked out. z: does not apply."


def _notes(definition: str) -> list[list[str]]:
    return [[], [f"Definition: {definition}"], [SYMBOLS]]


def chart_csv(table: ChartTable, definition: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([table.caption])
    writer.writerow(table.header)
    writer.writerows(table.rows)
    writer.writerows(_notes(definition))
    # A byte order mark, so spreadsheet programs read the en dash of quarter labels.
    return ("\ufeff" + out.getvalue()).encode()


def chart_xlsx(table: ChartTable, definition: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = table.code[:31]
    sheet.append([table.caption])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(table.header))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])
    for row in _notes(definition):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def chart_file(table: ChartTable, definition: str, file_format: str) -> bytes:
    return (chart_csv if file_format == "csv" else chart_xlsx)(table, definition)
