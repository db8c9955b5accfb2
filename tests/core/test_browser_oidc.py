"""Login through a REAL OpenID Connect provider (npm `oidc-provider` on loopback, see oidc_provider.mjs)
in Chromium: staff first login with roles from claims, provider-asserted 2FA, logout at the provider,
partner login by KvK number, unknown KvK refused, and an id_token signed with an untrusted key refused.
axe on the login, refusal and configuration pages."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import demo
from core.models import Gebeurtenis, IdentityProvider, RolVerzoek, User
from tests.core.oidc_provider import TestProvider
from tests.factories.core import GemeenteFactory, IdentityProviderFactory, OrganisatieFactory, UserFactory

pytestmark = [pytest.mark.browser]


@pytest.fixture
def gemeente(transactional_db):
    demo.ensure_groups()  # a transactional test flushed the groups the migration made
    return GemeenteFactory(naam="Gemeente Zutphen", cbs_code="0301")


@pytest.fixture
def provider(live_server, tmp_path):
    instance = TestProvider(tmp_path, live_server.url).start()
    yield instance
    instance.stop()


def _configure(provider, gemeente, **fields):
    endpoints = provider.endpoints()
    endpoints.pop("discovery_url")
    return IdentityProviderFactory(gemeente=gemeente, **{**endpoints, **fields})


@pytest.fixture
def staff_idp(provider, gemeente):
    return _configure(provider, gemeente, naam="Zutphen Entra ID", slug="zutphen")


@pytest.fixture
def broker_idp(provider, gemeente):
    return _configure(provider, gemeente, partners=True, naam="eHerkenning", slug="eherkenning")


def login_via(page, button, login):
    """From the app's login page through the provider's login form; returns at the app."""
    page.goto("/account/inloggen/")
    page.get_by_role("link", name=button).click()
    page.wait_for_selector("text=Inloggen bij de provider")
    page.get_by_label("Gebruikersnaam").fill(login)
    page.get_by_label("Wachtwoord").fill("wat-dan-ook")
    page.get_by_role("button", name="Aanmelden bij provider").click()
    page.wait_for_url(re.compile(r"^http://localhost:\d+/"))
    page.wait_for_load_state()


def test_staff_first_login_creates_the_account_with_roles_from_claims(
    page, axe, provider, staff_idp, gemeente, settings
):
    settings.OTP_REQUIRED = True
    provider.set_account(
        "nina",
        {
            "email": "nina@zutphen.nl",
            "email_verified": True,
            "given_name": "Nina",
            "family_name": "Nieuw",
            "groups": ["spuk-beleid", "spuk-financien", "kantine"],
        },
        amr=["pwd"],
    )
    page.goto("/account/inloggen/")
    assert page.get_by_role("link", name="Inloggen met Zutphen Entra ID").is_visible()
    axe(page)

    login_via(page, "Inloggen met Zutphen Entra ID", "nina")
    page.wait_for_url("**/start/**")
    nina = User.objects.get(email="nina@zutphen.nl")
    assert (nina.first_name, nina.last_name, nina.organisatie) == ("Nina", "Nieuw", gemeente)
    assert list(nina.gemeenten.all()) == [gemeente]
    # beleid at once; financien waits for a second administrator (two-person rule).
    assert nina.role_names == {"beleid"}
    assert RolVerzoek.objects.filter(gebruiker=nina, rol="financien", status="open").exists()
    assert Gebeurtenis.objects.filter(
        object_id=str(nina.pk), actie="gebruiker aangemaakt via identity provider"
    ).exists()


def test_provider_mfa_skips_totp_logout_ends_the_provider_session_and_without_mfa_totp_applies(
    page, axe, provider, staff_idp, gemeente, settings
):
    settings.OTP_REQUIRED = True
    beheerder = UserFactory(email="bea@zutphen.nl", role="beheer", gemeenten=[gemeente])
    TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    claims = {"email": "bea@zutphen.nl", "groups": ["spuk-beheer"], "given_name": "Bea", "family_name": "Heer"}
    provider.set_account("bea", claims, amr=["pwd", "mfa"])

    login_via(page, "Inloggen met Zutphen Entra ID", "bea")
    # The provider asserted the second step: no TOTP page, straight to work.
    page.wait_for_url("**/start/beheer/")
    assert User.objects.get(pk=beheerder.pk).role_names == {"beheer"}

    # The configuration pages of the beheer role (axe on each).
    page.goto("/beheer/inloggen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Inlogkoppelingen"
    axe(page)
    page.get_by_role("link", name="Zutphen Entra ID").click()
    page.wait_for_url(f"**/beheer/inloggen/{staff_idp.pk}/")
    assert staff_idp.client_secret not in page.content()
    axe(page)
    page.goto("/beheer/inloggen/nieuw/")
    axe(page)

    # Logout ends the provider session too (RP-initiated logout with id_token_hint).
    page.goto("/start/beheer/")
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_selector("text=Uitloggen bij de provider")
    page.get_by_role("button", name="Ja, uitloggen").click()
    page.wait_for_url("**/account/inloggen/**")

    # The provider asks again (no single sign-on left) and this time asserts only a password.
    provider.set_account("bea", claims, amr=["pwd"])
    login_via(page, "Inloggen met Zutphen Entra ID", "bea")
    page.wait_for_url("**/account/tweestapsverificatie/**")
    assert page.get_by_label("Code uit uw authenticator-app").is_visible()


def test_partner_logs_in_by_kvk_number_and_gets_the_partner_role_for_that_organisation(
    page, provider, broker_idp, gemeente
):
    organisatie = OrganisatieFactory(naam="Stichting Perspectief", kvk_nummer="12345678")
    provider.set_account("piet", {"email": "piet@perspectief.nl", "kvk": "12345678", "given_name": "Piet"})
    login_via(page, "Inloggen met eHerkenning", "piet")
    page.wait_for_url("**/declaraties/portaal/")
    piet = User.objects.get(email="piet@perspectief.nl")
    assert piet.organisatie == organisatie
    assert piet.role_names == {"partner"}
    assert not piet.gemeenten.exists()


def test_unknown_kvk_number_gets_a_dutch_page_and_no_account(page, axe, provider, broker_idp):
    provider.set_account("onbekend", {"email": "iemand@elders.nl", "kvk": "99999999"})
    login_via(page, "Inloggen met eHerkenning", "onbekend")
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggen niet gelukt"
    assert "KvK-nummer 99999999" in page.get_by_role("alert").inner_text()
    assert "Er is geen account aangemaakt" in page.get_by_role("alert").inner_text()
    axe(page)
    assert not User.objects.filter(email="iemand@elders.nl").exists()
    page.goto("/meldingen/")
    page.wait_for_url("**/account/inloggen/**")


def test_id_token_signed_with_an_untrusted_key_is_refused(page, live_server, tmp_path, provider, gemeente):
    """An impostor at the same issuer: a second provider instance with its own signing key. The app
    trusts the keys of the real provider (jwks_uri) and is sent to the impostor for the login."""
    impostor = TestProvider(tmp_path, live_server.url, issuer=provider.issuer, accounts_file=provider.accounts_file)
    impostor.start()
    try:
        trusted = provider.endpoints()
        fake = impostor.endpoints()
        IdentityProvider.objects.create(
            gemeente=gemeente,
            naam="Zutphen Entra ID",
            slug="zutphen",
            issuer=provider.issuer,
            jwks_uri=trusted["jwks_uri"],
            authorization_endpoint=fake["authorization_endpoint"],
            token_endpoint=fake["token_endpoint"],
            userinfo_endpoint=fake["userinfo_endpoint"],
            end_session_endpoint=fake["end_session_endpoint"],
            client_id=trusted["client_id"],
            client_secret=trusted["client_secret"],
            scopes="openid email profile groups",
            rol_mapping={"spuk-beleid": "beleid"},
        )
        provider.set_account("mallory", {"email": "mallory@zutphen.nl", "groups": ["spuk-beleid"]})
        login_via(page, "Inloggen met Zutphen Entra ID", "mallory")
        assert page.get_by_role("heading", level=1).inner_text() == "Inloggen niet gelukt"
        assert "kon niet worden gecontroleerd" in page.get_by_role("alert").inner_text()
        assert not User.objects.filter(email="mallory@zutphen.nl").exists()
        page.goto("/meldingen/")
        page.wait_for_url("**/account/inloggen/**")
    finally:
        impostor.stop()
