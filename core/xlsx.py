"""XLSX output for every list and report: money as numbers with two decimals, never text.

Every text cell of every export (XLSX here, CSV through `csv_value`) passes `neutralise`: text that
a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return) gets a
leading apostrophe, so `=HYPERLINK(...)` typed as an invoice number stays text. Numbers, including
negative amounts, stay numbers. Readers of our own exports undo it with `unneutralise`.
"""

import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .documents import private_response

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """`value` unchanged, unless it is text a spreadsheet would treat as a formula: then prefixed with '."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def unneutralise(value):
    """The text as it was before `neutralise` (for reading back our own exports)."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def csv_value(value):
    """A value for a CSV cell: text neutralised; the caller formats numbers and dates beforehand
    (those are never text that came from a user)."""
    return "" if value is None else neutralise(value)


def _cell(sheet, value):
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None) if value.tzinfo else value
    if not isinstance(value, (int, float, Decimal, date, type(None))):
        value = neutralise(str(value))
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, datetime):
        cell.number_format = "dd-mm-yyyy hh:mm"
    elif isinstance(value, date):
        cell.number_format = "dd-mm-yyyy"
    return cell


def build_workbook(sheets):
    """sheets: iterable of (title, headers, rows). Returns the XLSX as bytes."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=neutralise(str(header)))
            cell.font = Font(bold=True)
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename, sheets):
    response = HttpResponse(build_workbook(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return private_response(response)
