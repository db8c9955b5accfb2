"""Browser journey: from aanvraag to a downloaded SiSa file."""

import io

import openpyxl
import pytest

from spuk.models import Beschikking
from tests.factories.buurtplan import BuurtFactory
from tests.factories.spuk import regeling

pytestmark = [pytest.mark.browser]


def test_aanvraag_to_beschikking_termijn_and_downloaded_sisa_xlsx(
    transactional_db, page, browser_login, browser_session, axe, beleid, financien, gemeente, password
):
    regeling()
    BuurtFactory(gemeente=gemeente, naam="Zuidwijken")

    browser_session(beleid.email, password)
    page.goto("/spuk/")
    page.get_by_role("link", name="Nieuwe aanvraag").click()
    page.get_by_label("Titel").fill("Buurt als Ecosysteem")
    page.get_by_label("Zaaknummer").fill("1047323")
    page.get_by_label("Zuidwijken (Gemeente Zutphen)").check()
    page.get_by_label("Aangevraagd bedrag 2024").fill("34.851,00")
    page.get_by_label("Aangevraagd bedrag 2025").fill("167587.00")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_url("**/spuk/aanvragen/*/")
    axe(page)
    page.get_by_label("Reden voor de afwijking").fill("Mijlpalenoverzicht volgt")
    page.get_by_role("button", name="Aanvraag indienen").click()
    assert page.get_by_text("De aanvraag is ingediend.").is_visible()
    page.get_by_label("Beschikkingsnummer").fill("SPUK-BROWSER-1")
    page.get_by_role("button", name="Beschikking vastleggen").click()
    page.wait_for_url("**/spuk/beschikkingen/*/")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/inloggen/**")

    browser_login(financien.email, password)
    beschikking = Beschikking.objects.get(nummer="SPUK-BROWSER-1")
    page.goto(f"/spuk/beschikkingen/{beschikking.pk}/")
    page.get_by_role("button", name="Registreer ontvangst 2024").click()
    assert page.get_by_text("Termijn 2024 is ontvangen en geboekt.").is_visible()
    axe(page)
    page.get_by_role("link", name="SiSa 2025").first.click()
    page.wait_for_url(f"**/spuk/beschikkingen/{beschikking.pk}/sisa/2025/")
    axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download XLSX").click()
    download = download_info.value
    assert download.suggested_filename == "sisa-SPUK-BROWSER-1-2025-concept.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    rows = {row[0]: row[3] for row in workbook["SiSa"].iter_rows(min_row=2, values_only=True)}
    assert rows[1] == "SPUK-BROWSER-1"
    assert rows[7] == "Ja"  # 2025 is the last year of the requested period
    # Irreversible: the button leads to a confirmation page; its button freezes the figures.
    page.get_by_role("button", name="Maak definitief…").click()
    page.locator("#gevolgen").wait_for()
    axe(page)
    page.get_by_role("button", name="Maak definitief", exact=True).click()
    page.get_by_text("Definitieve versie 1").wait_for()
