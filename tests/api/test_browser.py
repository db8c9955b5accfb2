"""In Chromium: the partner journey through the API with the approvals in the browser (two finance
officers, four eyes) and the payment by a third; applicatiebeheer issues and revokes a key; the API
documentation works under the strict CSP. With axe checks on the new pages."""

import datetime

import pytest

from api.models import ApiSleutel
from declaraties.models import Declaratie
from tests.factories.declaraties import pdf

pytestmark = pytest.mark.browser


def _logout(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/inloggen/**")


def test_partner_declares_through_the_api_finance_approves_in_the_browser_and_the_api_says_betaald(
    transactional_db,
    page,
    browser_session,
    password,
    partner_organisatie,
    financien,
    financien2,
    financien3,
    regels,
    beschikking,
    sleutel,
    api,
):
    _, key = sleutel(partner_organisatie, "declare")
    client = api(key)

    # 1. The partner's own software: create, attach, submit (above the four-eyes threshold).
    response = client.post(
        "/api/v1/declaraties/",
        {
            "begrotingsregel": regels[2025].pk,
            "periode_van": "2025-01-01",
            "periode_tot": "2025-06-30",
            "bedrag": "12500.00",
            "omschrijving": "Inzet kartrekker eerste halfjaar",
            "factuurnummer": "PSP-API-100",
            "niet_elders_gefinancierd": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert client.post(f"/api/v1/declaraties/{pk}/bijlagen/", {"bestand": pdf()}, format="multipart").status_code == 201
    body = client.post(f"/api/v1/declaraties/{pk}/indienen/").json()
    assert body["status_omschrijving"] == "In behandeling"
    nummer = body["nummer"]

    # 2. Two different finance officers approve in the browser: first approval, then booked.
    browser_session(financien.email, password)
    page.goto("/declaraties/")
    page.get_by_label(f"Selecteer {nummer}").check()
    page.get_by_role("button", name="Geselecteerde declaraties goedkeuren").click()
    page.get_by_text(f"{nummer}: Eerste goedkeuring").wait_for()
    _logout(page)
    assert client.get(f"/api/v1/declaraties/{pk}/").json()["status"] == "goedgekeurd"

    browser_session(financien2.email, password)
    page.goto(f"/declaraties/{pk}/")
    # The invoice preview above the button repaints while the page scrolls: bring the button into
    # view first (as tests/declaraties/test_browser.py does).
    goedkeuren = page.get_by_role("button", name="Goedkeuren", exact=True)
    goedkeuren.scroll_into_view_if_needed()
    goedkeuren.click()
    page.get_by_text("is goedgekeurd en geboekt").wait_for()
    _logout(page)
    assert client.get(f"/api/v1/declaraties/{pk}/").json()["status_omschrijving"] == "Goedgekeurd"

    # 3. The payment, registered by a third finance officer (whoever approved does not pay).
    geboekt_op = Declaratie.objects.get(pk=pk).journaalpost.boekdatum
    browser_session(financien3.email, password)
    page.goto("/declaraties/betalingen/")
    page.get_by_label(f"Selecteer {nummer}").check()
    page.get_by_label("Betaaldatum").fill(max(geboekt_op, datetime.date.today()).isoformat())
    page.get_by_role("button", name="Betaling registreren").click()
    page.get_by_text("is geregistreerd en geboekt").wait_for()

    # 4. The partner's software reads the status: betaald, with the messages of the way there.
    body = client.get(f"/api/v1/declaraties/{pk}/").json()
    assert (body["status"], body["status_omschrijving"]) == ("betaald", "Betaald")
    assert [b["naar"] for b in body["berichten"]][:2] == ["Betaald", "Goedgekeurd"]


def test_beheer_issues_a_key_shown_once_and_revokes_it(
    transactional_db, page, browser_session, axe, password, beheer, partner_organisatie, regels, api
):
    browser_session(beheer.email, password)
    page.goto("/beheer/api-sleutels/")
    axe(page)
    page.get_by_role("link", name="Sleutel uitgeven").click()
    axe(page)
    page.get_by_label("Organisatie").select_option(label="Stichting Perspectief")
    page.get_by_label("Naam").fill("Urenadministratie")
    page.get_by_label("Declareren").check()
    page.get_by_role("button", name="Sleutel uitgeven").click()
    page.get_by_role("heading", name="API-sleutel uitgegeven").wait_for()
    axe(page)
    key = page.get_by_label("API-sleutel").input_value()
    api_sleutel = ApiSleutel.objects.get()
    assert key.startswith(f"spuk_{api_sleutel.prefix}_") and api_sleutel.scopes == ["declare"]
    assert api(key).get("/api/v1/declaraties/").status_code == 200

    # The list shows the prefix, never the key; revoking takes a reason and works at once.
    page.goto("/beheer/api-sleutels/")
    assert key not in page.content() and api_sleutel.prefix in page.content()
    page.get_by_label("Sleutel", exact=True).select_option(str(api_sleutel.pk))
    page.get_by_label("Reden").fill("Leverancier gewisseld")
    page.get_by_role("button", name="Intrekken").click()
    page.get_by_text("is ingetrokken").wait_for()
    axe(page)
    assert api(key).get("/api/v1/declaraties/").status_code == 401


def test_api_documentation_works_under_the_csp(transactional_db, page):
    page.goto("/api/docs/")
    page.get_by_text("SPUK-beheer API").first.wait_for()
    page.get_by_text("/api/v1/declaraties/", exact=True).first.wait_for()
    # Vendored Swagger UI from this server; the page fixture fails on any CSP violation.
    assert page.evaluate("typeof SwaggerUIBundle") == "function"
    # No axe check here: Swagger UI's own markup has known findings (nested buttons in an operation's
    # summary, grey method labels); it is a developer's page, the key pages above are checked.
