"""Browser journeys of review comfort: the invoice previewed inline, the finance ↔ partner thread
with "Ik pak dit op", notifications opened → read → filtered, and the form's error summary (focus,
links, "Fout:" title, a failed submit keeps one concept). With axe on every page touched."""

import io
import re

import pytest
from playwright.sync_api import expect

from core.models import Melding
from declaraties import services
from declaraties.models import Bericht, Declaratie
from tests.factories.declaraties import concept, pdf

pytestmark = pytest.mark.browser


def _png(width=40, height=30):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (27, 122, 62)).save(buffer, format="PNG")
    return buffer.getvalue()


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/inloggen/**")


def test_finance_previews_invoice_takes_it_on_asks_partner_answers_both_see_thread(
    transactional_db, page, browser_login, browser_session, axe, password, partner, financien, financien2, regels
):
    d = concept(partner, regels[2025], bedrag="750.00", factuurnummer="PSP-77")
    services.voeg_bijlage_toe(partner, d, pdf("foto.png", _png()))
    d = services.dien_in(partner, d)
    pdf_bijlage, png_bijlage = d.bijlagen.order_by("pk")

    # Finance: both attachments are shown on the page itself (framing allowed for that response only;
    # a CSP violation would fail the test through the page fixture).
    browser_session(financien.email, password)
    with page.expect_response(re.compile(rf"/bijlagen/{pdf_bijlage.pk}/\?weergave=inline$")) as framed:
        page.goto(f"/declaraties/{d.pk}/")
    assert framed.value.status == 200 and framed.value.headers["x-frame-options"] == "SAMEORIGIN"
    expect(page.locator(f"iframe#voorbeeld-{pdf_bijlage.pk}")).to_be_visible()
    image = page.locator(f"img#voorbeeld-{png_bijlage.pk}")
    expect(image).to_be_visible()
    expect(image).to_have_js_property("naturalWidth", 40)
    axe(page)

    # "Ik pak dit op", then a question to the partner.
    # Chromium's PDF viewer in the frame: a click that first has to scroll can land while the frame
    # repaints, so bring the button into view before clicking.
    page.get_by_role("button", name="Ik pak dit op").scroll_into_view_if_needed()
    page.get_by_role("button", name="Ik pak dit op").click()
    expect(page.locator("#in-behandeling-bij")).to_have_text("U")
    page.get_by_label("Uw bericht aan de partner").fill("Kunt u de urenstaat van maart toevoegen?")
    page.get_by_role("button", name="Bericht versturen").scroll_into_view_if_needed()
    page.get_by_role("button", name="Bericht versturen").click()
    expect(page.locator("#berichtenlijst")).to_contain_text("Kunt u de urenstaat van maart toevoegen?")
    axe(page)
    # The work list shows who has it and filters on "mij toegewezen".
    page.goto("/declaraties/?toegewezen=mij")
    expect(page.get_by_role("link", name=d.nummer)).to_be_visible()
    axe(page)
    _logout(page)

    # The partner: the notification leads to the declaration, the answer goes back.
    browser_login(partner.email, password, expect_start=False)
    page.goto("/meldingen/?toon=ongelezen")
    page.get_by_role("link", name=re.compile("Financiën stelt een vraag")).click()
    page.wait_for_url(re.compile(rf"/declaraties/{d.pk}/#berichten$"))
    expect(page.locator("#berichtenlijst")).to_contain_text("urenstaat van maart")
    page.get_by_label("Uw bericht aan Financiën").fill("Toegevoegd aan de factuur.")
    page.get_by_role("button", name="Bericht versturen").scroll_into_view_if_needed()
    page.get_by_role("button", name="Bericht versturen").click()
    expect(page.locator("#berichtenlijst")).to_contain_text("Toegevoegd aan de factuur.")
    axe(page)
    _logout(page)

    # Finance sees the answer; only the one who took it on was notified.
    assert Melding.objects.filter(ontvanger=financien, titel__contains="Bericht van").count() == 1
    assert not Melding.objects.filter(ontvanger=financien2, titel__contains="Bericht van").exists()
    browser_session(financien.email, password)
    page.goto(f"/declaraties/{d.pk}/")
    expect(page.locator("#berichtenlijst li")).to_have_count(2)
    assert Bericht.objects.filter(declaratie=d).count() == 2


def test_notification_opened_turns_read_and_unread_filter_drops_it(
    transactional_db, page, browser_session, axe, password, partner, financien, regels
):
    d = services.dien_in(partner, concept(partner, regels[2025], bedrag="100.00"))
    melding = Melding.objects.get(ontvanger=financien)
    browser_session(financien.email, password)
    page.goto("/meldingen/")
    page.get_by_label("Toon").select_option("ongelezen")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_role("link", name=melding.titel)).to_be_visible()
    axe(page)
    page.get_by_role("link", name=melding.titel).click()
    page.wait_for_url(f"**/declaraties/{d.pk}/")
    melding.refresh_from_db()
    assert melding.gelezen_op is not None
    page.goto("/meldingen/?toon=ongelezen")
    expect(page.get_by_role("link", name=melding.titel)).to_have_count(0)
    page.goto("/meldingen/")
    expect(page.get_by_role("link", name=melding.titel)).to_be_visible()


def test_error_summary_lists_every_error_takes_focus_and_failed_submit_keeps_one_concept(
    transactional_db, page, browser_login, axe, password, partner, regels
):
    browser_login(partner.email, password, expect_start=False)
    page.goto("/declaraties/nieuw/")
    page.get_by_label("Activiteit en jaar").select_option(str(regels[2025].pk))
    page.get_by_label("Bedrag (euro)").fill("twaalf euro")
    page.get_by_role("button", name="Indienen").click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert page.title().startswith("Fout:")
    # The invalid amount does not hide the rest: every missing item is listed at once.
    for label in ("Bedrag (euro)", "Omschrijving van de kosten", "Uw factuurnummer", "Factuur of bewijsstukken"):
        expect(summary.get_by_role("link", name=re.compile(re.escape(label)))).to_have_count(1)
    axe(page)
    summary.get_by_role("link", name=re.compile("Bedrag")).click()
    expect(page.get_by_label("Bedrag (euro)")).to_be_focused()

    # A second failed submit updates the same concept.
    page.get_by_label("Omschrijving van de kosten").fill("Inzet kartrekker")
    page.get_by_role("button", name="Indienen").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert Declaratie.objects.filter(partner=partner.organisatie).count() == 1
    assert Declaratie.objects.get(partner=partner.organisatie).omschrijving == "Inzet kartrekker"
