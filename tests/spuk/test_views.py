import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from core.money import format_bedrag
from core.xlsx import table_rows
from spuk import services, sisa
from spuk.models import Aanvraag, SisaVerantwoording
from tests.factories.buurtplan import BuurtFactory
from tests.factories.core import UserFactory
from tests.factories.spuk import beschikking as maak_beschikking
from tests.factories.spuk import boek_lasten, regeling

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def besch(beleid, financien, gemeente, partner_organisatie):
    b = maak_beschikking(beleid, financien, gemeente)
    services.registreer_termijn(financien, b.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2024, 12, 5))
    boek_lasten(
        financien, b, "1234.56", boekdatum=datetime.date(2025, 2, 1), bestedingsjaar=2024, relatie=partner_organisatie
    )
    boek_lasten(
        financien, b, "7000.01", boekdatum=datetime.date(2025, 6, 1), bestedingsjaar=2025, relatie=partner_organisatie
    )
    return b


def _indicator_cells(html):
    """{nummer: text} of the value cells on the SiSa page."""
    return {
        int(n): re.sub(r"[ \t\n]+", " ", v).strip()
        for n, v in re.findall(r'data-indicator="(\d)">(.*?)</td>', html, re.S)
    }


def test_sisa_xlsx_holds_the_same_figures_as_the_page(besch, financien, login):
    client = login(financien)
    page = client.get(reverse("spuk:sisa", args=[besch.pk, 2025]))
    assert page.status_code == 200
    cells = _indicator_cells(page.content.decode())
    response = client.get(reverse("spuk:sisa_download", args=[besch.pk, 2025, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook["SiSa"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5, 6, 7]
    for nummer, _tekst, _controle, waarde in rows:
        if isinstance(waarde, (int, float)):
            assert cells[nummer] == format_bedrag(D(str(waarde)))
        else:
            assert cells[nummer] == waarde
    assert cells[3] == format_bedrag(D("7000.01"))
    assert cells[4] == format_bedrag(D("1234.56"))
    spec = list(workbook["Specificatie"].iter_rows(min_row=2, values_only=True))
    assert sorted(D(str(r[11])) for r in spec if r[0] in (3, 4, 5)) == [D("1234.56"), D("7000.01")]


def test_sisa_pdf_download(besch, controle, login):
    response = login(controle).get(reverse("spuk:sisa_download", args=[besch.pk, 2025, "pdf"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_maak_definitief_via_page_then_later_booking_leaves_frozen_page(besch, financien, login):
    client = login(financien)
    response = client.post(reverse("spuk:sisa", args=[besch.pk, 2025]), {})
    v = SisaVerantwoording.objects.get()
    assert response.status_code == 302 and response["Location"].endswith("?versie=1")
    boek_lasten(financien, besch, "1.00", boekdatum=datetime.date(2025, 7, 1), bestedingsjaar=2025)
    frozen = _indicator_cells(client.get(v.get_absolute_url()).content.decode())
    live = _indicator_cells(client.get(reverse("spuk:sisa", args=[besch.pk, 2025])).content.decode())
    assert "7.000,01" in frozen[3] and "7.001,01" in live[3]
    wb = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("spuk:sisa_download", args=[besch.pk, 2025, "xlsx"]) + "?versie=1").content)
    )
    assert D(str(wb["SiSa"]["D4"].value)) == D("7000.01")


def test_controle_reads_but_cannot_make_definitief(besch, controle, login):
    client = login(controle)
    assert client.get(reverse("spuk:beschikking_detail", args=[besch.pk])).status_code == 200
    page = client.get(reverse("spuk:sisa", args=[besch.pk, 2025])).content.decode()
    assert "Maak definitief" not in page
    assert client.post(reverse("spuk:sisa", args=[besch.pk, 2025]), {}).status_code == 403
    termijn = besch.termijnen.get(jaar=2025)
    assert (
        client.post(
            reverse("spuk:termijn_ontvangen", args=[besch.pk, termijn.pk]),
            {"ontvangen_op": "2025-01-10", "bedrag": "167587,00"},
        ).status_code
        == 403
    )
    assert not SisaVerantwoording.objects.exists()


def test_partner_gets_403(besch, partner, login):
    client = login(partner)
    for url in (
        reverse("spuk:aanvragen"),
        reverse("spuk:beschikking_detail", args=[besch.pk]),
        reverse("spuk:sisa", args=[besch.pk, 2025]),
    ):
        assert client.get(url).status_code == 403


def test_other_gemeente_gets_404(besch, andere_gemeente, login):
    other = UserFactory(email="fin@alphen.test", role="financien", gemeenten=[andere_gemeente])
    client = login(other)
    assert client.get(reverse("spuk:beschikking_detail", args=[besch.pk])).status_code == 404
    assert client.get(reverse("spuk:aanvraag_detail", args=[besch.aanvraag.pk])).status_code == 404
    assert client.get(reverse("spuk:sisa_download", args=[besch.pk, 2025, "xlsx"])).status_code == 404
    assert besch.nummer not in client.get(reverse("spuk:beschikkingen")).content.decode()


def test_financien_registers_termijn_via_page(besch, financien, login):
    termijn = besch.termijnen.get(jaar=2025)
    response = login(financien).post(
        reverse("spuk:termijn_ontvangen", args=[besch.pk, termijn.pk]),
        {"ontvangen_op": "2025-01-10", "bedrag": "167.587,00"},
    )
    assert response.status_code == 302
    termijn.refresh_from_db()
    assert termijn.status == "ontvangen" and termijn.ontvangen_bedrag == D("167587.00")


def test_beleid_creates_and_submits_aanvraag_via_pages(beleid, gemeente, login):
    regeling()
    buurt = BuurtFactory(gemeente=gemeente, naam="Zuidwijken")
    client = login(beleid)
    response = client.post(
        reverse("spuk:aanvraag_nieuw"),
        {
            "titel": "Buurt als Ecosysteem",
            "zaaknummer": "1047323",
            "datum_collegebesluit": "2025-05-20",
            "portefeuillehouder": "Jasper Bloem",
            "opsteller": "Marijn te Stroete",
            "buurten": [buurt.pk],
            "bedrag_2024": "34.851,00",
            "bedrag_2025": "167587.00",
            "bedrag_2026": "121.977",
            "bedrag_2027": "17425",
        },
    )
    aanvraag = Aanvraag.objects.get()
    assert response.status_code == 302 and response["Location"] == aanvraag.get_absolute_url()
    assert sum(b.bedrag for b in aanvraag.bedragen.all()) == D("341840.00")
    detail = client.get(aanvraag.get_absolute_url()).content.decode()
    assert "34.851,00" in detail and "verschil" in detail
    client.post(reverse("spuk:aanvraag_indienen", args=[aanvraag.pk]), {"reden": ""})
    aanvraag.refresh_from_db()
    assert aanvraag.status == "concept"
    client.post(reverse("spuk:aanvraag_indienen", args=[aanvraag.pk]), {"reden": "Mijlpalenoverzicht volgt"})
    aanvraag.refresh_from_db()
    assert aanvraag.status == "ingediend"


def test_invalid_amount_is_refused_with_dutch_message(beleid, gemeente, login):
    regeling()
    buurt = BuurtFactory(gemeente=gemeente)
    response = login(beleid).post(
        reverse("spuk:aanvraag_nieuw"),
        {
            "titel": "X",
            "zaaknummer": "1",
            "buurten": [buurt.pk],
            "bedrag_2024": "12,3,4",
        },
    )
    assert response.status_code == 200
    assert "geen geldig bedrag" in response.content.decode()
    assert not Aanvraag.objects.exists()


def test_lists_do_not_grow_in_queries(beleid, financien, gemeente, login, django_assert_max_num_queries):
    client = login(financien)
    for i in range(3):
        maak_beschikking(beleid, financien, gemeente, nummer=f"N-{i}", zaaknummer=f"Z-{i}")
    client.get(reverse("spuk:aanvragen"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("spuk:aanvragen")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("spuk:beschikkingen")).status_code == 200
    for i in range(3, 9):
        maak_beschikking(beleid, financien, gemeente, nummer=f"N-{i}", zaaknummer=f"Z-{i}")
    with django_assert_max_num_queries(15):
        assert client.get(reverse("spuk:aanvragen")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("spuk:beschikkingen")).status_code == 200


def test_verloopstaat_page_shows_closing_balance(besch, financien, login):
    page = login(financien).get(reverse("spuk:verloopstaat", args=[besch.pk])).content.decode()
    assert "34.851,00" in page and "sluit aan" in page


def test_sisa_export_command_writes_xlsx_and_pdf(besch, tmp_path):
    xlsx = tmp_path / "sisa.xlsx"
    call_command("sisa_export", "--beschikking", besch.nummer, "--jaar", "2025", "--out", str(xlsx))
    wb = openpyxl.load_workbook(xlsx)
    values = {row[0]: row[3] for row in wb["SiSa"].iter_rows(min_row=2, values_only=True)}
    data = sisa.bereken(besch, 2025)
    assert D(str(values[3])) == sisa.indicator_waarde(data, 3) == D("7000.01")
    assert values[1] == besch.nummer
    pdf = tmp_path / "sisa.pdf"
    call_command("sisa_export", "--beschikking", besch.nummer, "--jaar", "2025", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


def test_sisa_download_stores_nothing(besch, financien, login, settings):
    """The download streams the file it generates; the background report is the one stored copy."""
    import os

    client = login(financien)
    assert client.get(reverse("spuk:sisa_download", args=[besch.pk, 2025, "xlsx"])).status_code == 200
    stored = [files for _root, _dirs, files in os.walk(settings.MEDIA_ROOT)]
    assert not any(stored)


def test_verloopstaat_xlsx_equals_the_ledger(besch, controle, login):
    from spuk import queries

    response = login(controle).get(reverse("spuk:verloopstaat", args=[besch.pk]) + "?format=xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = {r[0]: r for r in wb.active.iter_rows(min_row=2, values_only=True)}
    for staat in queries.verloopstaten(besch):
        row = rows[staat.jaar]
        assert D(str(row[5])) == staat.nog_te_ontvangen  # column "Nog te ontvangen"
        assert D(str(row[7])) == staat.eindsaldo == staat.grootboeksaldo


def test_aanvragen_export_to_xlsx(besch, beleid, login):
    response = login(beleid).get(reverse("spuk:aanvragen") + "?format=xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    row = table_rows(wb.active)[1]
    assert row[0] == "1047323" and D(str(row[4])) == D("341840.00")


def test_new_aanvraag_page_without_regeling_writes_nothing(beleid, gemeente, login):
    from spuk.models import Regeling

    client = login(beleid)
    page = client.get(reverse("spuk:aanvraag_nieuw"))
    assert page.status_code == 200
    assert "nog geen regeling" in page.content.decode()
    assert not Regeling.objects.exists()
    assert client.post(reverse("spuk:aanvraag_nieuw"), {"titel": "X"}).status_code == 400
    assert not Regeling.objects.exists() and not Aanvraag.objects.exists()
