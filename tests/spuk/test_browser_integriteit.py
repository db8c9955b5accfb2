"""Browser journey: a finance officer reverses an instalment receipt (with confirmation) and sees the
Aansluiting page, first clean, then with a difference after a manual entry."""

import datetime
from decimal import Decimal

import pytest

from grootboek.services import Regel, boek, standaard_rekening
from spuk import services
from spuk.models import Termijn
from tests.factories.spuk import beschikking as maak_beschikking

pytestmark = [pytest.mark.browser]


def test_termijn_storno_with_confirmation_and_aansluiting_page(
    transactional_db, page, browser_session, axe, beleid, financien, gemeente, password
):
    besch = maak_beschikking(beleid, financien, gemeente)
    termijn = services.registreer_termijn(
        financien, besch.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2025, 11, 3)
    )
    browser_session(financien.email, password)
    page.goto(f"/spuk/beschikkingen/{besch.pk}/")
    page.get_by_text("Ontvangst 2024 storneren").click()
    page.get_by_label("Reden van de storno (termijn 2024)").fill("Dubbel geregistreerd")
    axe(page)
    page.get_by_label("Ik begrijp dat de ontvangst wordt tegengeboekt").check()
    page.get_by_role("button", name="Storneer ontvangst 2024").click()
    assert page.get_by_text("De ontvangst van termijn 2024 is gestorneerd").is_visible()
    termijn.refresh_from_db()
    assert termijn.status == Termijn.Status.VERWACHT

    page.goto("/grootboek/aansluiting/")
    assert page.get_by_text("Alles sluit aan: geen verschillen.").is_visible()
    axe(page)
    boek(
        financien,
        gemeente=gemeente,
        boekdatum=datetime.date(2025, 12, 1),
        omschrijving="Handmatige boeking",
        regels=[
            Regel(standaard_rekening(gemeente, "vooruitontvangen", besch.nummer), credit=Decimal("25.00")),
            Regel(standaard_rekening(gemeente, "bank"), debet=Decimal("25.00")),
        ],
    )
    page.get_by_label("Beschikking").select_option(besch.nummer)
    page.get_by_role("button", name="Toon").click()
    assert page.get_by_test_id("aansluiting-status").inner_text().startswith("2 verschillen gevonden")
    axe(page)
