"""XLSX layout (issue 14 item 9): widths from content, frozen header, autofilter, and on list
exports a title block with the filters used and the export date. Formula neutralisation stays."""

import datetime
import io
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import User
from core.xlsx import build_workbook, header_row, kop, table_rows


def _sheet(content):
    return load_workbook(io.BytesIO(content)).active


def test_columns_are_as_wide_as_their_content_within_bounds():
    rows = [["Kort", Decimal("1234567.89"), datetime.date(2025, 6, 30), "x" * 200]]
    sheet = _sheet(build_workbook([("Blad", ["A", "Bedrag", "Datum", "Lang"], rows)]))
    # Stored as Excel does: the width in characters plus the cell padding (5 of 7 pixels).
    widths = {col: int(sheet.column_dimensions[col].width) for col in "ABCD"}
    assert widths["A"] == 8  # "Kort" + margin stays at the minimum
    assert widths["B"] == len("1,234,567.89") + 2
    assert widths["C"] == 12
    assert widths["D"] == 60  # capped


def test_header_is_frozen_and_filtered_over_all_rows_without_a_title_block():
    rows = [[i, f"regel {i}"] for i in range(700)]  # more than the width sample: streamed on
    sheet = _sheet(build_workbook([("Blad", ["Nr", "Omschrijving"], iter(rows))]))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B701"
    assert header_row(sheet) == 1 and sheet["A1"].font.bold
    assert sheet.max_row == 701 and sheet["A701"].value == 699


def test_a_title_block_sits_above_the_header_and_is_neutralised():
    moment = timezone.make_aware(datetime.datetime(2026, 11, 29, 14, 5))
    lines = kop("Declaraties", [("Status", "Betaald"), ("Partner", "=HYPERLINK(1)"), ("Buurt", "")], moment=moment)
    assert lines == [
        "Declaraties",
        "Filters: Status: Betaald; Partner: =HYPERLINK(1)",
        "Geëxporteerd op 29-11-2026 14:05",
    ]
    sheet = _sheet(build_workbook([("Blad", ["Nr", "Bedrag"], [[1, Decimal("-5.00")]], lines)]))
    assert [sheet.cell(row=r, column=1).value for r in (1, 2, 3)] == [
        "Declaraties",
        "Filters: Status: Betaald; Partner: =HYPERLINK(1)",
        "Geëxporteerd op 29-11-2026 14:05",
    ]
    assert sheet["A1"].font.bold and sheet["A1"].font.size == 14
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref == "A4:B5"
    assert table_rows(sheet) == [("Nr", "Bedrag"), (1, -5)]
    assert sheet["B5"].number_format == "#,##0.00"
    assert kop("Lijst")[1] == "Filters: geen (alle gegevens)"


def test_a_list_export_names_the_filters_used_and_the_date(demo_data, settings):
    settings.OTP_REQUIRED = False
    client = Client()
    client.force_login(User.objects.get(email="financien@zutphen.demo"))
    response = client.get(reverse("declaraties:werkvoorraad"), {"format": "xlsx", "status": "betaald", "jaar": "2025"})
    sheet = _sheet(response.content)
    assert sheet["A1"].value == "Declaraties – werkvoorraad"
    assert sheet["A2"].value.startswith("Filters: ") and "Bestedingsjaar: 2025" in sheet["A2"].value
    assert "Status: " in sheet["A2"].value
    assert sheet["A3"].value.startswith("Geëxporteerd op " + timezone.localdate().strftime("%d-%m-%Y"))
    assert sheet.freeze_panes == "A5"
    header = table_rows(sheet)[0]
    assert header[0] == "Nummer" and sheet.auto_filter.ref.startswith("A4:")
    assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDEFGH")
    # The werkvoorraad's default selection is a filter too, and the file says so.
    default = _sheet(client.get(reverse("declaraties:werkvoorraad"), {"format": "xlsx"}).content)
    assert default["A2"].value == "Filters: Status: Te beoordelen"
