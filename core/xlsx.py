"""XLSX output for every list and report: money as numbers with two decimals, never text."""

import io
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"


def _cell(sheet, value):
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None) if value.tzinfo else value
    cell = WriteOnlyCell(sheet, value=value if isinstance(value, (int, Decimal, date, type(None))) else str(value))
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
            cell = WriteOnlyCell(sheet, value=str(header))
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
    return response
