"""The browser journey: a partner submits with a PDF → financien approves → financien2 approves →
the ledger entry is on the detail page → payment (by a third finance officer: whoever approved does
not pay) → the partner sees *betaald*; and a storno through its confirmation page. With axe checks."""

import datetime

import pytest

from declaraties.models import Declaratie
from tests.factories.buurtplan import PDF_BYTES

pytestmark = pytest.mark.browser


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/inloggen/**")


def test_partner_submits_two_finance_users_approve_ledger_payment_partner_sees_betaald(
    transactional_db,
    page,
    browser_session,
    axe,
    password,
    partner,
    financien,
    financien2,
    financien3,
    regels,
    beschikking,
):
    regel = regels[2025]

    # 1. The partner fills in the form, attaches a PDF and submits.
    browser_session(partner.email, password)
    page.goto("/declaraties/portaal/")
    page.get_by_role("heading", name="Budget per activiteit").wait_for()
    axe(page)
    page.goto("/declaraties/nieuw/")
    axe(page)
    page.get_by_label("Activiteit en jaar").select_option(str(regel.pk))
    page.get_by_label("Periode van").fill("2025-01-01")
    page.get_by_label("Periode tot en met").fill("2025-06-30")
    page.get_by_label("Bedrag (euro)").fill("12.500,00")
    page.get_by_label("Omschrijving van de kosten").fill("Inzet kartrekker eerste halfjaar")
    page.get_by_label("Uw factuurnummer").fill("PSP-2025-100")
    page.get_by_label("Factuur of bewijsstukken").set_input_files(
        files=[{"name": "factuur.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.get_by_label("Ik verklaar dat deze kosten").check()
    page.get_by_role("button", name="Indienen").click()
    page.wait_for_url("**/declaraties/*/")
    assert page.locator("#status").inner_text() == "In behandeling"
    declaratie = Declaratie.objects.get(factuurnummer="PSP-2025-100")
    assert declaratie.bijlagen.count() == 1
    _logout(page)

    # 2. The first finance officer approves from the work list (bulk action): first approval.
    browser_session(financien.email, password)
    page.goto("/declaraties/")
    axe(page)
    page.get_by_label(f"Selecteer {declaratie.nummer}").check()
    page.get_by_role("button", name="Geselecteerde declaraties goedkeuren").click()
    page.get_by_text(f"{declaratie.nummer}: Eerste goedkeuring").wait_for()
    _logout(page)

    # 3. The second, different finance officer approves on the detail page: booked.
    browser_session(financien2.email, password)
    page.goto(f"/declaraties/{declaratie.pk}/")
    axe(page)
    # The page previews the invoice (Chromium's PDF viewer in a frame): a click that first has to
    # scroll can land while the frame repaints, so bring the button into view before clicking.
    page.get_by_role("button", name="Goedkeuren", exact=True).scroll_into_view_if_needed()
    page.get_by_role("button", name="Goedkeuren", exact=True).click()
    page.get_by_text("is goedgekeurd en geboekt").wait_for()
    declaratie.refresh_from_db()
    assert declaratie.status == Declaratie.Status.GEBOEKT
    assert page.locator("#journaalpost").inner_text() == declaratie.journaalpost.stuknummer
    assert page.get_by_role("cell", name="Crediteuren").count() == 1
    _logout(page)

    # 4. Payment registered on the payments page, by a finance officer who did not approve it.
    browser_session(financien3.email, password)
    page.goto("/declaraties/betalingen/")
    axe(page)
    # A payment date before the booking is refused in Dutch; on the booking date it is registered.
    geboekt_op = declaratie.journaalpost.boekdatum
    page.get_by_label(f"Selecteer {declaratie.nummer}").check()
    page.get_by_label("Betaaldatum").fill((geboekt_op - datetime.timedelta(days=2)).isoformat())
    page.get_by_label("Betalingskenmerk").fill("RUN-2025-29")
    page.get_by_role("button", name="Betaling registreren").click()
    page.get_by_text("ligt vóór de boeking van declaratie").wait_for()
    declaratie.refresh_from_db()
    assert declaratie.status == Declaratie.Status.GEBOEKT
    page.get_by_label(f"Selecteer {declaratie.nummer}").check()
    page.get_by_label("Betaaldatum").fill(geboekt_op.isoformat())
    page.get_by_label("Betalingskenmerk").fill("RUN-2025-29")
    page.get_by_role("button", name="Betaling registreren").click()
    page.get_by_text("is geregistreerd en geboekt").wait_for()
    _logout(page)

    # 5. The partner sees "Betaald".
    browser_session(partner.email, password)
    page.goto(f"/declaraties/{declaratie.pk}/")
    assert page.locator("#status").inner_text() == "Betaald"
    page.goto("/declaraties/mijn/")
    assert page.get_by_role("cell", name="Betaald").count() == 1
    axe(page)


def test_finance_credits_a_booked_declaration_with_a_reason_and_the_partner_sees_it(
    transactional_db, page, browser_session, axe, password, partner, financien, financien2, regels, beschikking
):
    from declaraties import services
    from tests.factories.declaraties import ingediend

    declaratie = services.keur_goed(financien, ingediend(partner, regels[2025], bedrag="2400.00"))
    assert declaratie.status == Declaratie.Status.GEBOEKT

    # Finance opens the confirmation page from the detail page, first forgets the reason.
    browser_session(financien2.email, password)
    page.goto(f"/declaraties/{declaratie.pk}/")
    page.get_by_role("link", name="Storneren (creditnota)…").click()
    page.wait_for_url(f"**/declaraties/{declaratie.pk}/storneren/")
    page.get_by_text("wordt tegengeboekt").wait_for()
    axe(page)
    page.get_by_role("button", name="Storneren bevestigen").click()
    page.get_by_text("Geef de reden van de storno.").wait_for()
    declaratie.refresh_from_db()
    assert declaratie.status == Declaratie.Status.GEBOEKT

    # Then confirms with the reason: reversed on the ledger, status follows.
    page.get_by_role("link", name="Storneren (creditnota)…").click()
    page.get_by_label("Reden van de storno").fill("Factuur hoort bij een ander project")
    page.get_by_role("button", name="Storneren bevestigen").click()
    page.get_by_text("is gestorneerd (tegenboeking").wait_for()
    declaratie.refresh_from_db()
    assert declaratie.status == Declaratie.Status.GESTORNEERD
    assert page.locator("#status").inner_text() == "Gestorneerd (creditnota)"
    assert page.locator("#storno-post").inner_text() == declaratie.storno_journaalpost.stuknummer
    axe(page)
    _logout(page)

    # The partner sees the plain status and the reason.
    browser_session(partner.email, password)
    page.goto(f"/declaraties/{declaratie.pk}/")
    assert page.locator("#status").inner_text() == "Gecrediteerd (storno)"
    page.get_by_text("Factuur hoort bij een ander project").first.wait_for()
    axe(page)
