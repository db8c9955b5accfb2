"""The beheer pages in a real browser: an administrator invites a colleague, the colleague sets a
password and enrols the authenticator app through the one-time link, then logs in; axe on every page."""

import re

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import demo
from core.models import Organisatie, RolVerzoek, User

pytestmark = [pytest.mark.browser]


def _menu(page, label):
    """Follow a main-menu item; the items of another group show once that group is opened."""
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    if not nav.get_by_role("link", name=label, exact=True).count():
        nav.get_by_role("link", name="Beheer", exact=True).click()
    nav.get_by_role("link", name=label, exact=True).first.click()


def _png_1x1():
    """A valid one-pixel PNG (a broken image may render with no size, and so count as invisible)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x59\x8a"))
        + chunk(b"IEND", b"")
    )


def _token(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


@pytest.fixture
def beheerder(transactional_db, settings):
    settings.OTP_REQUIRED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    demo.load()
    user = User.objects.get(email="beheer@zutphen.demo")
    return user, TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_invitation_journey_from_invite_to_first_login(page, browser_login, axe, beheerder, live_server):
    user, device = beheerder
    mail.outbox.clear()

    # The administrator logs in with the second step.
    browser_login(user.email, demo.DEMO_PASSWORD, expect_start=False)
    page.wait_for_url("**/account/tweestapsverificatie/**")
    page.get_by_label("Code uit uw authenticator-app").fill(_token(device))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url("**/start/beheer/")

    # Applicatiebeheer in the menu leads to the in-app pages, not the Django admin.
    _menu(page, "Applicatiebeheer")
    page.wait_for_url("**/beheer/gebruikers/")
    assert page.get_by_role("heading", level=1).inner_text() == "Gebruikers"
    axe(page)

    page.get_by_role("link", name="Gebruiker uitnodigen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Gebruiker uitnodigen"
    axe(page)
    page.get_by_label("Gemeente").select_option(label="Gemeente Zutphen")
    page.get_by_label("E-mailadres").fill("nieuw@zutphen.demo")
    page.get_by_label("Voornaam").fill("Nina")
    page.get_by_label("Achternaam").fill("Nieuw")
    page.get_by_label("Beleidsmedewerker").check()
    page.get_by_label("Financiën").check()
    page.get_by_label("Reden").fill("Nieuwe collega beleid en financiën")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_url(re.compile(r".*/beheer/gebruikers/\d+/$"))
    assert "heeft een uitnodiging per e-mail gekregen" in page.content()
    assert "Een andere beheerder van de gemeente bevestigt dit verzoek." in page.content()
    axe(page)
    nieuw = User.objects.get(email="nieuw@zutphen.demo")
    assert RolVerzoek.objects.filter(gebruiker=nieuw, rol="financien", status="open").exists()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/inloggen/**")

    # The e-mail holds the one-time link; the invitee chooses a password.
    assert [m.to for m in mail.outbox] == [["nieuw@zutphen.demo"]]
    link = re.search(r"https?://\S+/account/uitnodiging/\S+/", mail.outbox[0].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page.goto(path)
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom bij SPUK-beheer"
    axe(page)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("Eigen-geheim-2026!")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("Eigen-geheim-2026!")
    page.get_by_role("button", name="Wachtwoord instellen").click()

    # Then the authenticator app: the code comes from the device the page just made.
    page.wait_for_url("**/account/tweestapsverificatie/**")
    assert page.get_by_text("Scan de QR-code").is_visible()
    axe(page)
    nieuw_device = TOTPDevice.objects.get(user=nieuw)
    page.get_by_label("Code uit uw authenticator-app").fill(_token(nieuw_device))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url("**/start/beleid/")
    assert TOTPDevice.objects.get(user=nieuw).confirmed
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/account/inloggen/**")

    # The link works once.
    response = page.goto(path)
    assert response.status == 404
    assert page.get_by_role("heading", name="Deze link is niet (meer) geldig").is_visible()
    axe(page)

    # First login with the chosen password.
    browser_login("nieuw@zutphen.demo", "Eigen-geheim-2026!")
    assert page.url.endswith("/start/beleid/")


def test_beheer_user_page_with_its_actions_is_accessible(page, browser_login, axe, beheerder):
    user, device = beheerder
    browser_login(user.email, demo.DEMO_PASSWORD, expect_start=False)
    page.get_by_label("Code uit uw authenticator-app").fill(_token(device))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url("**/start/beheer/")
    beleid = User.objects.get(email="beleid@zutphen.demo")
    page.goto(f"/beheer/gebruikers/{beleid.pk}/")
    assert page.get_by_role("heading", name="Rollen wijzigen").is_visible()
    axe(page)
    page.locator("#reden-deactiveren").fill("Uit dienst")
    page.get_by_role("button", name="Deactiveren").click()
    assert "De gebruiker is gedeactiveerd" in page.content()
    assert "gebruiker gedeactiveerd" in page.content()  # on the timeline of the page
    axe(page)
    beleid.refresh_from_db()
    assert not beleid.is_active


def test_partner_organisation_pages_list_create_edit_deactivate_are_accessible(page, browser_login, axe, beheerder):
    from tests.factories.buurtplan import BuurtFactory

    user, device = beheerder
    zutphen = Organisatie.objects.get(naam="Gemeente Zutphen")
    perspectief = Organisatie.objects.get(naam="Stichting Perspectief")
    BuurtFactory(naam="Zuidwijken", gemeente=zutphen, partners=[perspectief])
    boskoop = Organisatie.objects.get(naam="Gemeente Alphen aan den Rijn")
    BuurtFactory(naam="Boskoop", gemeente=boskoop, partners=[Organisatie.objects.get(naam="Stichting Gezond Boskoop")])
    browser_login(user.email, demo.DEMO_PASSWORD, expect_start=False)
    page.get_by_label("Code uit uw authenticator-app").fill(_token(device))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url("**/start/beheer/")

    _menu(page, "Partnerorganisaties")
    page.wait_for_url("**/buurtplan/organisaties/")
    assert page.get_by_role("link", name="Stichting Perspectief").is_visible()
    assert "Gezond Boskoop" not in page.content()
    axe(page)

    page.get_by_role("link", name="Organisatie toevoegen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Organisatie toevoegen"
    axe(page)
    page.get_by_label("Naam").fill("Buurtzorg Zutphen")
    page.get_by_label("Soort").select_option(label="Zorgaanbieder")
    page.get_by_label("KvK-nummer").fill("1234")
    page.get_by_label("Zuidwijken").check()
    page.get_by_label("Reden").fill("Werkt mee in Zuidwijken")
    page.get_by_role("button", name="Organisatie toevoegen").click()
    assert "acht cijfers" in page.content()  # refused in Dutch, the form keeps its input
    axe(page)
    page.get_by_label("KvK-nummer").fill("41234567")
    page.get_by_role("button", name="Organisatie toevoegen").click()
    page.wait_for_url(re.compile(r".*/organisaties/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Buurtzorg Zutphen"
    axe(page)

    page.locator("#reden-deactiveren").fill("Gestopt in Zutphen")
    page.get_by_role("button", name="Deactiveren").click()
    assert "De organisatie is gedeactiveerd" in page.content()
    assert "organisatie gedeactiveerd" in page.content()
    axe(page)


def test_gemeente_settings_page_uploads_logo_and_is_accessible(page, browser_login, axe, beheerder, tmp_path, settings):
    settings.MEDIA_ROOT = settings.PRIVATE_MEDIA_ROOT = tmp_path
    user, device = beheerder
    browser_login(user.email, demo.DEMO_PASSWORD, expect_start=False)
    page.get_by_label("Code uit uw authenticator-app").fill(_token(device))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url("**/start/beheer/")

    _menu(page, "Gemeente-instellingen")
    page.wait_for_url(re.compile(r".*/beheer/gemeenten/\d+/instellingen/$"))
    axe(page)
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png_1x1())
    page.get_by_label("Nieuw logo").set_input_files(str(logo))
    page.get_by_label("Primaire kleur").fill("#00598a")
    page.get_by_label("Reden").fill("Huisstijl van de gemeente")
    page.get_by_role("button", name="Huisstijl opslaan").click()
    assert "is opgeslagen" in page.content()
    logo_img = page.get_by_role("img", name="Logo van Gemeente Zutphen")
    logo_img.wait_for()
    assert page.evaluate("document.querySelector('img.app-huisstijl-logo').naturalWidth") == 1
    assert "Vier-ogendrempel en functiescheiding declaraties" in page.content()
    axe(page)


def test_landelijk_beheer_pages_reminder_rules_and_regulation_are_accessible(
    page, browser_login, axe, transactional_db, settings
):
    import datetime

    from buurtplan.catalogus import ensure_transformatieplan
    from core.models import HerinneringRegel
    from mijlpalen.models import Mijlpaal
    from tests.factories.spuk import regeling

    settings.OTP_REQUIRED = True
    demo.load()
    user = User.objects.get(email="landelijk@spuk.demo")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    HerinneringRegel.objects.create(naam="SiSa-deadline", soort="sisa_deadline", dagen_voor=14, rol="financien")
    regeling()
    Mijlpaal.objects.create(
        transformatieplan=ensure_transformatieplan(),
        nummer=99,
        omschrijving="Buurtnetwerk gevormd",
        soort="inspanning",
        deadline=datetime.date(2025, 6, 30),
    )
    browser_login(user.email, demo.DEMO_PASSWORD, expect_start=False)
    page.get_by_label("Code uit uw authenticator-app").fill(_token(device))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url("**/start/landelijk_beheer/")
    axe(page)

    menu = page.get_by_role("navigation", name="Hoofdmenu")
    assert not menu.get_by_role("link", name="Declaraties").count()
    _menu(page, "Herinneringsregels")
    assert page.get_by_role("heading", level=1).inner_text() == "Herinneringsregels"
    axe(page)
    page.get_by_role("link", name="SiSa-deadline").click()
    page.get_by_label("Dagen ervoor").fill("21")
    page.get_by_label("Reden", exact=True).first.fill("Eerder waarschuwen")
    page.get_by_role("button", name="Opslaan").click()
    assert "dagen ervoor gewijzigd" in page.content()
    axe(page)

    _menu(page, "Regeling")
    axe(page)
    page.get_by_role("link", name="Specifieke uitkering transformatiemiddelen IZA & AZWA").click()
    assert page.get_by_role("heading", level=1).is_visible()
    axe(page)

    _menu(page, "Landelijke mijlpalen")
    assert page.get_by_role("heading", level=1).inner_text() == "Landelijke mijlpalen"
    axe(page)
    page.get_by_role("link", name="Buurtnetwerk gevormd").click()
    assert page.get_by_label("Deadline").is_visible()
    axe(page)
