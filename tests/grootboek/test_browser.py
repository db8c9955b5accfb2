import datetime
import io

import pytest
from openpyxl import load_workbook

from tests.factories.core import PASSWORD, GemeenteFactory, UserFactory
from tests.factories.grootboek import boek_simpel, schema


@pytest.mark.browser
def test_financien_opens_journaalposten_proefbalans_and_downloads_xlsx(page, browser_login, axe, transactional_db):
    gemeente = GemeenteFactory(naam="Gemeente Zutphen", cbs_code="0301")
    financien = UserFactory(email="financien@zutphen.test", role="financien", gemeenten=[gemeente])
    rekeningen = schema(gemeente)
    post = boek_simpel(
        financien,
        gemeente,
        rekeningen["bank"],
        rekeningen["vooruitontvangen"],
        "34851.00",
        boekdatum=datetime.date(2025, 3, 1),
        omschrijving="Termijn 2025 ontvangen",
    )

    browser_login(financien.email, PASSWORD)
    page.get_by_role("link", name="Financiën", exact=True).click()
    page.wait_for_url("**/grootboek/")
    assert page.get_by_role("heading", name="Journaalposten").is_visible()
    assert page.get_by_role("cell", name="Termijn 2025 ontvangen").is_visible()
    axe(page)

    page.get_by_role("link", name=post.stuknummer).click()
    page.wait_for_url(f"**/grootboek/journaalposten/{post.pk}/")
    assert page.get_by_role("button", name="Tegenboeking maken").is_visible()
    axe(page)

    page.goto("/grootboek/proefbalans/?boekjaar=2025")
    assert page.get_by_role("heading", name="Proefbalans 2025").is_visible()
    assert page.get_by_text("In balans").is_visible()
    axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Exporteren naar Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename == "proefbalans-0301-2025.xlsx"
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][1] == "Totaal" and rows[-1][6] == rows[-1][7] == 34851


@pytest.mark.browser
def test_financien_downloads_erp_export_csv(page, browser_session, axe, transactional_db):
    gemeente = GemeenteFactory(naam="Gemeente Zutphen", cbs_code="0301")
    financien = UserFactory(email="financien@zutphen.test", role="financien", gemeenten=[gemeente])
    rekeningen = schema(gemeente)
    boek_simpel(
        financien,
        gemeente,
        rekeningen["bank"],
        rekeningen["vooruitontvangen"],
        "167587.00",
        boekdatum=datetime.date(2025, 4, 1),
        omschrijving="Termijn 2025",
    )
    browser_session(financien.email, PASSWORD)
    page.goto("/grootboek/export/")
    page.get_by_label("Van (boekdatum)").fill("2025-01-01")
    page.get_by_label("Tot en met").fill("2025-12-31")
    axe(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Downloaden").click()
    download = download_info.value
    assert download.suggested_filename == "grootboek-0301-20250101-20251231.csv"
    text = open(download.path(), encoding="utf-8-sig").read()
    assert "167587,00" in text and "2025-000001" in text
