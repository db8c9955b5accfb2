"""Browser journeys of the werkplek: each role starts on its task inbox (partners on their portal)
and finishes the top task from there; axe on the inbox, search and dashboards, also at 320 px."""

import datetime

import pytest

from declaraties import services
from declaraties.models import Declaratie
from mijlpalen.models import MijlpaalStatus
from tests.factories.buurtplan import PDF_BYTES, BuurtFactory
from tests.factories.declaraties import begroting_met_regels, beschikking_voor, ingediend
from tests.factories.mijlpalen import MijlpaalBedragFactory, MijlpaalFactory

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def buurt(gemeente):
    return BuurtFactory(naam="Zuidwijken", gemeente=gemeente)


@pytest.fixture
def regels(beleid, buurt, partner_organisatie):
    return begroting_met_regels(beleid, buurt, partner_organisatie)


@pytest.fixture
def beschikking(buurt):
    return beschikking_voor(buurt)


def test_finance_opens_the_top_task_from_the_inbox_and_approves_it(
    transactional_db, page, browser_login, axe, password, partner, financien, regels, beschikking
):
    declaratie = ingediend(partner, regels[2025], bedrag="800.00", factuurnummer="PSP-1")
    browser_login(financien.email, password)
    assert page.get_by_role("heading", level=1).inner_text() == "Wat moet ik doen"
    axe(page)
    page.get_by_role("link", name="1 Declaraties te beoordelen").click()
    page.wait_for_url("**/declaraties/?status=eerste_beoordeling")
    page.get_by_role("link", name=declaratie.nummer).click()
    page.wait_for_url(f"**/declaraties/{declaratie.pk}/")
    # The menu shows where the detail page belongs; the breadcrumb leads back.
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert menu.locator("[aria-current]").first.inner_text() == "Werkvoorraad"
    assert page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Declaraties").is_visible()
    # The invoice preview above the button repaints while the page scrolls: bring the button into
    # view first (as tests/declaraties/test_browser.py does).
    goedkeuren = page.get_by_role("button", name="Goedkeuren", exact=True)
    goedkeuren.scroll_into_view_if_needed()
    goedkeuren.click()
    page.get_by_text("is goedgekeurd en geboekt").wait_for()
    assert Declaratie.objects.get(pk=declaratie.pk).status == Declaratie.Status.GEBOEKT
    page.goto("/")
    assert page.get_by_role("link", name="0 Declaraties te beoordelen").is_visible()
    assert page.get_by_role("link", name="1 Te betalen").is_visible()


def test_beleid_finds_the_overdue_milestone_on_the_inbox_and_records_the_judgement(
    transactional_db, page, browser_login, axe, password, beleid, buurt
):
    mijlpaal = MijlpaalFactory(nummer=2, omschrijving="Buurtnetwerk gevormd", deadline=datetime.date(2025, 6, 30))
    MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=buurt)
    browser_login(beleid.email, password)
    taak = page.locator(".app-inbox__item--te-laat")
    assert "te laat sinds 30 juni 2025" in taak.inner_text()
    taak.get_by_role("link").click()
    page.wait_for_url("**/mijlpalen/?termijn=te_laat")
    assert page.get_by_role("cell", name="Open – te laat sinds 30 juni 2025").is_visible()
    page.get_by_role("link", name="Buurtnetwerk gevormd").click()
    page.get_by_role("link", name="Zuidwijken").click()
    page.wait_for_url(f"**/mijlpalen/{mijlpaal.pk}/buurt/{buurt.pk}/")
    page.get_by_label("Behaald", exact=True).check()
    page.get_by_label("Datum beoordeling").fill("2025-07-15")
    page.get_by_label("Toelichting").fill("Het buurtnetwerk is gevormd en komt maandelijks bijeen.")
    page.get_by_role("button", name="Beoordeling opslaan").click()
    page.get_by_text("De beoordeling van de mijlpaal is vastgelegd.").wait_for()
    assert MijlpaalStatus.objects.get(mijlpaal=mijlpaal, buurt=buurt).status == MijlpaalStatus.Status.BEHAALD
    page.goto("/")
    assert page.get_by_role("link", name="0 Mijlpalen te laat").is_visible()


def test_partner_lands_on_the_portal_and_resubmits_what_finance_sent_back(
    transactional_db, page, browser_login, axe, password, partner, financien, regels, beschikking
):
    declaratie = ingediend(partner, regels[2025], bedrag="800.00", factuurnummer="PSP-2")
    services.vraag_wijziging(financien, declaratie, "Graag de factuur met KvK-nummer.")
    browser_login(partner.email, password)
    page.wait_for_url("**/declaraties/portaal/")
    axe(page)
    page.get_by_role("link", name=declaratie.nummer).first.click()
    page.wait_for_url(f"**/declaraties/{declaratie.pk}/bewerken/")
    page.get_by_label("Factuur of bewijsstukken").set_input_files(
        files=[{"name": "factuur-kvk.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_label("Ik verklaar dat deze kosten").check()
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_url(f"**/declaraties/{declaratie.pk}/")
    assert Declaratie.objects.get(pk=declaratie.pk).status == Declaratie.Status.OPNIEUW_INGEDIEND


@pytest.mark.parametrize("width", [1280, 320])
def test_inbox_search_and_dashboards_have_no_serious_accessibility_violations(
    transactional_db, page, browser_login, axe, password, partner, financien, regels, beschikking, width
):
    declaratie = ingediend(partner, regels[2025], bedrag="800.00", factuurnummer="PSP-3")
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(financien.email, password)
    for url in [
        "/start/financien/",
        f"/zoeken/?q={declaratie.nummer}",
        "/dashboard/",
        f"/spuk/beschikkingen/{beschikking.pk}/dashboard/",
    ]:
        page.goto(url)
        axe(page)
        # WCAG 1.4.10: nothing widens the page at 320 px.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), url
        if url.startswith("/zoeken/"):
            assert page.get_by_role("main").get_by_role("link", name=declaratie.nummer).is_visible()


def test_the_menu_collapses_behind_a_keyboard_operable_button_on_small_screens(
    transactional_db, page, browser_login, password, financien
):
    page.set_viewport_size({"width": 320, "height": 800})
    browser_login(financien.email, password)
    knop = page.get_by_role("button", name="Menu")
    assert knop.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Verantwoording", exact=True).is_visible()
    knop.focus()
    page.keyboard.press("Enter")
    assert knop.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Verantwoording", exact=True).is_visible()
    page.keyboard.press("Escape")
    assert knop.get_attribute("aria-expanded") == "false"
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not knop.is_visible()
    assert page.get_by_role("link", name="Verantwoording", exact=True).is_visible()
