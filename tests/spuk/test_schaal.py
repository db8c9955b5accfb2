"""Pages and the SiSa PDF stay the same size however many ledger lines a beschikking has (issue 15):
the specification is grouped by indicator, relatie and month, long line lists paginate."""

import datetime
import io
import re
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from grootboek.models import Rekening
from grootboek.services import Regel, boek, standaard_rekening
from spuk import services
from tests.factories.core import OrganisatieFactory
from tests.factories.spuk import beschikking as maak_beschikking

pytestmark = pytest.mark.django_db


@pytest.fixture
def besch(beleid, financien, gemeente):
    return maak_beschikking(beleid, financien, gemeente)


def boek_veel(actor, beschikking, aantal):
    """`aantal` expense lines of 2025, spread over the twelve months and three partners (one entry
    per month, so the groups are the same for any `aantal` ≥ 36)."""
    partners = [OrganisatieFactory(naam=f"Schaalpartner {i}") for i in range(3)]
    lasten = standaard_rekening(beschikking.gemeente, Rekening.Rol.LASTEN, beschikking.nummer)
    crediteuren = standaard_rekening(beschikking.gemeente, Rekening.Rol.CREDITEUREN)
    for maand in range(12):
        n = aantal // 12 + (1 if maand < aantal % 12 else 0)
        regels = [Regel(lasten, debet=Decimal("12.34"), relatie=partners[i % 3], bestedingsjaar=2025) for i in range(n)]
        boek(
            actor,
            gemeente=beschikking.gemeente,
            boekdatum=datetime.date(2025, maand + 1, 15),
            omschrijving=f"Declaraties maand {maand + 1}",
            regels=[*regels, Regel(crediteuren, credit=Decimal("12.34") * n)],
        )


def _groottes(client, besch, rekening):
    urls = [
        reverse("spuk:sisa", args=[besch.pk, 2025]),
        reverse("spuk:beschikking_detail", args=[besch.pk]),
        reverse("grootboek:rekeningkaart", args=[rekening.pk]),
    ]
    return [len(client.get(url).content) for url in urls]


def test_no_page_grows_with_the_number_of_ledger_lines(client, financien, besch):
    client.force_login(financien)
    lasten = standaard_rekening(besch.gemeente, Rekening.Rol.LASTEN, besch.nummer)
    boek_veel(financien, besch, 60)
    klein = _groottes(client, besch, lasten)
    boek_veel(financien, besch, 1_200 - 60)
    groot = _groottes(client, besch, lasten)
    for pagina, a, b in zip(["SiSa", "beschikking", "rekeningkaart"], klein, groot, strict=True):
        # Same groups and a page of lines: only numbers (amounts, counts, page numbers) grow a little.
        assert b <= a * 1.05 + 500, (pagina, a, b)
        assert b < 500_000


def test_the_sisa_page_shows_one_groups_lines_one_click_away(client, financien, besch):
    client.force_login(financien)
    boek_veel(financien, besch, 240)
    html = client.get(reverse("spuk:sisa", args=[besch.pk, 2025])).content.decode()
    links = re.findall(r'href="\?groep=([^"#]+)#regels"', html)
    assert len(links) == 36  # 12 months × 3 partners, indicator 3
    detail = client.get(reverse("spuk:sisa", args=[besch.pk, 2025]), {"groep": unquote(links[0])})
    rijen = detail.context["detail_pagina"]
    assert len(rijen) == 240 // 36 + 1 or len(rijen) == 240 // 36
    assert {r["relatie"] for r in rijen} == {"Schaalpartner 0"}


def test_the_sisa_pdf_of_5000_lines_holds_the_grouped_specification(financien, besch):
    boek_veel(financien, besch, 5_000)
    naam, pdf, content_type = services.sisa_bestand(besch, 2025, "pdf")
    assert content_type == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 6, len(reader.pages)
    tekst = "".join(page.extract_text() for page in reader.pages)
    assert "Schaalpartner 2" in tekst and "2025-12" in tekst
    assert len(pdf) < 300_000
    # The XLSX keeps every line.
    _naam, xlsx, _type = services.sisa_bestand(besch, 2025, "xlsx")
    werkboek = load_workbook(io.BytesIO(xlsx), read_only=True)
    rijen = sum(1 for ws in werkboek.worksheets for _rij in ws.iter_rows(values_only=True))
    assert rijen > 5_000
