"""The ERP export of a long period as a background report."""

import io
from datetime import date

from openpyxl import load_workbook

from core.models import Rapport
from tests.factories.grootboek import boek_simpel, schema


def _values(content):
    return [tuple(c.value for c in row) for row in load_workbook(io.BytesIO(content)).active.iter_rows()]


def test_finance_gets_the_erp_xlsx_in_the_background_with_the_same_rows_as_the_direct_download(
    login, financien, gemeente, django_capture_on_commit_callbacks
):
    rekeningen = schema(gemeente)
    for maand in (1, 2, 3):
        boek_simpel(
            financien,
            gemeente,
            rekeningen["bank"],
            rekeningen["vooruitontvangen"],
            "1234.56",
            boekdatum=date(2025, maand, 10),
        )
    client = login(financien)
    data = {"van": "01-01-2025", "tot": "31-12-2025", "formaat": "xlsx"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/grootboek/export/achtergrond/", data)
    rapport = Rapport.objects.get()
    assert response.url == f"/rapporten/{rapport.pk}/"
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.GEREED, rapport.foutmelding
    direct = client.get("/grootboek/export/", data)
    assert _values(rapport.bestand.read()) == _values(direct.content)
    assert len(_values(direct.content)) == 7


def test_partner_cannot_request_the_erp_export(login, partner, gemeente):
    response = login(partner).post(
        "/grootboek/export/achtergrond/", {"van": "01-01-2025", "tot": "31-12-2025", "formaat": "xlsx"}
    )
    assert response.status_code == 403
    assert not Rapport.objects.exists()
