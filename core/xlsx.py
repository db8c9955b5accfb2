"""XLSX output for every list and report: money as numbers with two decimals, never text.

Every text cell of every export (XLSX here, CSV through `csv_value`) passes `neutralise`: text that
a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return) gets a
leading apostrophe, so `=HYPERLINK(...)` typed as an invoice number stays text. Numbers, including
negative amounts, stay numbers. Readers of our own exports undo it with `unneutralise`.

Layout of every sheet (issue 14): column widths from the content (the header and the first
`WIDTH_SAMPLE_ROWS` rows, so a large export still streams), the header row frozen and with an
autofilter. A sheet may carry a title block above the header (`kop(...)`: the list's title, the
filters used and the export date); import templates that we read back leave it out, so their
header stays on row 1.
"""

import io
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice

from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .documents import private_response
from .xlsx_writer import STYLE_HEADER, STYLE_KOP, STYLE_TITLE, Workbook

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTH_SAMPLE_ROWS = 500
MIN_WIDTH, MAX_WIDTH = 8, 60
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


def _value(value):
    """A cell value as the writer takes it: aware datetimes in Dutch time without the zone, text
    neutralised."""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if value.tzinfo else value
    if not isinstance(value, (int, float, Decimal, date, type(None))):
        return neutralise(str(value))
    return value


def kop(titel, filters=(), *, moment=None):
    """The title block above a sheet's header: the title, the filters used and the export date.

    filters: (label, value) pairs of the filters that were set; none means everything."""
    gezet = [f"{label}: {value}" for label, value in filters if value not in (None, "")]
    moment = timezone.localtime(moment or timezone.now())
    return [
        str(titel),
        _("Filters: %(filters)s") % {"filters": "; ".join(gezet)} if gezet else _("Filters: geen (alle gegevens)"),
        _("Geëxporteerd op %(moment)s") % {"moment": formats.date_format(moment, "DATETIME_FORMAT")},
    ]


def _display_width(value):
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def build_workbook(sheets):
    """sheets: iterable of (title, headers, rows) or (title, headers, rows, kop_lines). Returns the
    XLSX as bytes.

    Rows stream into the file as they come (core.xlsx_writer); only the first WIDTH_SAMPLE_ROWS are
    held, to size the columns."""
    specs = list(sheets)
    buffer = io.BytesIO()
    workbook = Workbook(buffer, len(specs))
    for spec in specs:
        title, headers, rows = spec[:3]
        kop_lines = list(spec[3]) if len(spec) > 3 and spec[3] else []
        rows = iter(rows)
        sample = [[_value(raw) for raw in row] for row in islice(rows, WIDTH_SAMPLE_ROWS)]
        columns = max([len(headers)] + [len(row) for row in sample])
        widths = []
        for index in range(columns):
            widest = max(
                [_display_width(headers[index]) if index < len(headers) else 0]
                + [_display_width(row[index]) for row in sample if index < len(row)]
            )
            widths.append(min(max(widest + 2, MIN_WIDTH), MAX_WIDTH))
        # The title line must not set the width of column A: it may run across the empty cells.
        head = [
            [(neutralise(str(line)), STYLE_TITLE if number == 0 else STYLE_KOP)]
            for number, line in enumerate(kop_lines)
        ]
        header_row = len(kop_lines) + 1  # 1-based row of the header
        if headers:
            head.append([(neutralise(str(header)), STYLE_HEADER) for header in headers])
        workbook.add_sheet(
            title,
            chain(sample, ([_value(raw) for raw in row] for row in rows)),
            head=head,
            widths=widths,
            freeze_below=header_row if headers else None,
            autofilter=(header_row, columns) if headers else None,
        )
    workbook.close()
    return buffer.getvalue()


def header_row(sheet):
    """Row number of the header of a sheet we exported (below the title block, if any): the row
    above the frozen pane."""
    pane = sheet.freeze_panes
    return int("".join(ch for ch in pane if ch.isdigit())) - 1 if pane else 1


def table_rows(sheet):
    """The header and data rows of a sheet we exported, as tuples of values (title block skipped)."""
    return list(sheet.iter_rows(min_row=header_row(sheet), values_only=True))


def xlsx_response(filename, sheets):
    response = HttpResponse(build_workbook(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return private_response(response)
