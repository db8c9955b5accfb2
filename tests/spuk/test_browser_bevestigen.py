"""Browser: the year-end release runs only after its confirmation page (axe-checked), and the
beschikking page keeps its ids unique."""

import datetime

import pytest
from playwright.sync_api import expect

from spuk import services
from tests.factories.spuk import beschikking as maak_beschikking
from tests.factories.spuk import boek_lasten

pytestmark = [pytest.mark.browser]


def test_jaarafsluiting_through_confirmation_page(
    transactional_db, page, browser_session, axe, beleid, financien, gemeente, password
):
    besch = maak_beschikking(beleid, financien, gemeente)
    services.registreer_termijn(financien, besch.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2024, 12, 1))
    boek_lasten(financien, besch, "3000.00", boekdatum=datetime.date(2024, 12, 10), bestedingsjaar=2024)

    browser_session(financien.email, password)
    page.goto(f"/spuk/beschikkingen/{besch.pk}/")
    duplicates = page.evaluate(
        "() => { const seen = {}; for (const el of document.querySelectorAll('[id]')) seen[el.id] = (seen[el.id] || 0) + 1;"
        " return Object.keys(seen).filter(id => seen[id] > 1); }"
    )
    assert duplicates == []
    page.get_by_role("link", name="Jaar 2024 afsluiten…").click()
    expect(page.locator("#gevolgen")).to_contain_text("3.000,00")
    axe(page)
    assert not besch.jaarafsluitingen.exists()
    page.get_by_role("button", name="Jaar afsluiten").click()
    expect(page.get_by_text("Jaarafsluiting 2024 uitgevoerd.")).to_be_visible()
    assert besch.jaarafsluitingen.filter(jaar=2024).exists()

    # Vaststelling: the form on the page leads to a confirmation with the repayment it books.
    page.get_by_text("Vaststelling vastleggen").click()
    page.get_by_label("Vastgesteld bedrag").fill("30.000,00")
    page.get_by_role("button", name="Vaststelling controleren…").click()
    expect(page.locator("#gevolgen")).to_contain_text("4.851,00")
    axe(page)
