"""Browser journeys of the foundation: real Chromium via Playwright against the live server."""

import pytest

from core import demo

pytestmark = [pytest.mark.browser]

START_HEADINGS = {
    "beleid@zutphen.demo": ("/start/beleid/", "Wat moet ik doen"),
    "financien@zutphen.demo": ("/start/financien/", "Wat moet ik doen"),
    "controle@zutphen.demo": ("/start/controle/", "Wat moet ik doen"),
    "beheer@zutphen.demo": ("/start/beheer/", "Wat moet ik doen"),
    "partner@perspectief.demo": ("/declaraties/portaal/", "Declaraties van"),
}


@pytest.fixture
def demo_users(transactional_db):
    demo.load()


def test_login_page_has_no_serious_accessibility_violations(page, axe, demo_users):
    page.goto("/account/inloggen/")
    assert page.get_by_role("heading", name="Inloggen").is_visible()
    axe(page)


def test_each_demo_role_logs_in_and_lands_on_its_own_accessible_start_page(page, browser_login, axe, demo_users):
    for email, (path, heading) in START_HEADINGS.items():
        browser_login(email, demo.DEMO_PASSWORD)
        assert page.url.endswith(path)
        assert page.get_by_role("heading", level=1).inner_text().startswith(heading)
        axe(page)
        page.get_by_role("button", name="Uitloggen").click()
        page.wait_for_url("**/account/inloggen/**")


def test_skip_link_moves_keyboard_focus_to_the_content(page, browser_login, demo_users):
    browser_login("beleid@zutphen.demo", demo.DEMO_PASSWORD)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Direct naar de inhoud")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_partner_opening_a_staff_page_gets_403(page, browser_login, demo_users):
    browser_login("partner@perspectief.demo", demo.DEMO_PASSWORD)
    response = page.goto("/start/financien/")
    assert response.status == 403
    assert page.get_by_role("heading", name="Geen toegang").is_visible()


def test_staff_of_zutphen_cannot_open_anything_of_alphen(page, browser_login, demo_users):
    from core.models import Organisatie

    alphen = Organisatie.objects.get(naam="Gemeente Alphen aan den Rijn")
    zutphen = Organisatie.objects.get(naam="Gemeente Zutphen")
    browser_login("beleid@zutphen.demo", demo.DEMO_PASSWORD)
    assert page.goto(f"/gemeenten/{zutphen.pk}/").status == 200
    assert page.goto(f"/gemeenten/{alphen.pk}/").status == 404


def test_finance_user_completes_totp_in_the_browser(page, browser_login, demo_users, settings):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.OTP_REQUIRED = True
    browser_login("financien@zutphen.demo", demo.DEMO_PASSWORD, expect_start=False)
    page.wait_for_url("**/account/tweestapsverificatie/**")
    assert page.get_by_role("img", name="QR-code om de authenticator-app te koppelen").is_visible()
    device = TOTPDevice.objects.get(user__email="financien@zutphen.demo")
    page.get_by_label("Code uit uw authenticator-app").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url("**/start/financien/")
    assert page.get_by_role("heading", level=1).inner_text() == "Wat moet ik doen"
