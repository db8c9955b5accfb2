"""The Aansluiting page: ledger against the subledgers, for finance and controle only."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from grootboek.services import Regel, boek, standaard_rekening
from spuk import services
from tests.factories.spuk import beschikking as maak_beschikking

pytestmark = pytest.mark.django_db


@pytest.fixture
def besch(beleid, financien, gemeente):
    b = maak_beschikking(beleid, financien, gemeente)
    services.registreer_termijn(financien, b.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2024, 11, 3))
    return b


def test_aansluiting_page_shows_clean_reconciliation_and_then_a_difference(financien, login, besch):
    client = login(financien)
    page = client.get(reverse("grootboek:aansluiting")).content.decode()
    assert "Alles sluit aan" in page and "Vooruitontvangen = ontvangen termijnen" in page
    # A manual entry on Vooruitontvangen has no spuk source: the page must show the difference.
    boek(
        financien,
        gemeente=besch.gemeente,
        boekdatum=datetime.date(2024, 12, 1),
        omschrijving="Handmatig",
        regels=[
            Regel(standaard_rekening(besch.gemeente, "vooruitontvangen", besch.nummer), debet=Decimal("10.00")),
            Regel(standaard_rekening(besch.gemeente, "bank"), credit=Decimal("10.00")),
        ],
    )
    page = client.get(reverse("grootboek:aansluiting"), {"beschikking": besch.nummer}).content.decode()
    assert "2 verschillen gevonden" in page
    assert "overige mutaties" in page
    xlsx = client.get(reverse("grootboek:aansluiting"), {"beschikking": besch.nummer, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_aansluiting_is_for_finance_and_controle_only(controle, partner, beleid, login, besch):
    assert login(controle).get(reverse("grootboek:aansluiting")).status_code == 200
    assert login(partner).get(reverse("grootboek:aansluiting")).status_code == 403
    assert login(beleid).get(reverse("grootboek:aansluiting")).status_code == 403


def test_aansluiting_query_count_does_not_grow_with_bookings(financien, login, besch, django_assert_max_num_queries):
    client = login(financien)
    client.get(reverse("grootboek:aansluiting"))
    for jaar in (2025, 2026):
        services.registreer_termijn(financien, besch.termijnen.get(jaar=jaar), ontvangen_op=datetime.date(jaar, 2, 1))
    # 48: the ledger reads the accounts' ids first (one small query per sum) so the line queries name them.
    with django_assert_max_num_queries(48):
        client.get(reverse("grootboek:aansluiting"))
