"""Login through an identity provider: what verified claims do to accounts and roles (core/oidc.py),
and the beheer pages that configure the providers. The protocol itself runs against a real provider
in test_browser_oidc.py."""

import pytest
from django.urls import reverse

from core import oidc
from core.models import Gebeurtenis, IdentityProvider, RolVerzoek, User
from tests.factories.core import IdentityProviderFactory, OrganisatieFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def idp(gemeente):
    return IdentityProviderFactory(gemeente=gemeente, naam="Zutphen Entra ID", slug="zutphen")


@pytest.fixture
def broker(gemeente):
    return IdentityProviderFactory(gemeente=gemeente, partners=True, slug="eherkenning")


def staff_claims(email="nina@zutphen.nl", groups=("spuk-beleid",), **extra):
    return {
        "sub": "nina",
        "email": email,
        "given_name": "Nina",
        "family_name": "Nieuw",
        "groups": list(groups),
        **extra,
    }


# Claim mapping --------------------------------------------------------------------------------------


def test_roles_from_claims_map_only_known_groups_to_staff_roles(idp):
    idp.rol_mapping = {"a": "beleid", "b": "controle", "sneaky": "partner", "root": "superuser"}
    claims = {"groups": ["a", "b", "sneaky", "root", "onbekend"]}
    assert oidc.roles_from_claims(idp, claims) == {"beleid", "controle"}


def test_a_single_group_string_counts_as_one_group(idp):
    assert oidc.roles_from_claims(idp, {"groups": "spuk-controle"}) == {"controle"}
    assert oidc.roles_from_claims(idp, {}) == set()


def test_mfa_is_asserted_by_acr_or_any_amr_in_the_accepted_list(idp):
    idp.mfa_waarden = ["mfa", "urn:etoegang:core:assurance-class:loa3"]
    assert oidc.mfa_asserted(idp, {"amr": ["pwd", "mfa"]})
    assert oidc.mfa_asserted(idp, {"acr": "urn:etoegang:core:assurance-class:loa3"})
    assert not oidc.mfa_asserted(idp, {"amr": ["pwd"], "acr": "loa1"})
    idp.mfa_waarden = []
    assert not oidc.mfa_asserted(idp, {"amr": ["mfa"]})


# Staff ----------------------------------------------------------------------------------------------


def test_first_login_creates_the_account_for_this_gemeente_only_with_mapped_roles(idp, gemeente):
    user = oidc.login_staff(idp, staff_claims(groups=["spuk-beleid", "spuk-controle"]))
    assert user.email == "nina@zutphen.nl"
    assert (user.first_name, user.last_name) == ("Nina", "Nieuw")
    assert set(user.gemeenten.all()) == {gemeente}
    assert user.role_names == {"beleid", "controle"}
    assert not user.is_superuser and not user.is_staff and not user.has_usable_password()
    acties = list(Gebeurtenis.objects.filter(object_id=str(user.pk)).values_list("actie", flat=True))
    assert "gebruiker aangemaakt via identity provider" in acties
    assert "rollen gewijzigd door identity provider" in acties


def test_financien_and_beheer_from_claims_wait_for_a_second_administrator(idp, gemeente, beheer):
    user = oidc.login_staff(idp, staff_claims(groups=["spuk-beleid", "spuk-financien"]))
    assert user.role_names == {"beleid"}
    verzoek = RolVerzoek.objects.get(gebruiker=user, rol="financien", status="open")
    assert verzoek.gemeente == gemeente
    # A second login does not ask twice.
    oidc.login_staff(idp, staff_claims(groups=["spuk-beleid", "spuk-financien"]))
    assert RolVerzoek.objects.filter(gebruiker=user, rol="financien").count() == 1
    # The person cannot confirm their own request; another administrator can.
    assert not user.has_perm("core.beslis_rolverzoek", verzoek)
    assert beheer.has_perm("core.beslis_rolverzoek", verzoek)


def test_a_mapped_role_the_provider_no_longer_asserts_is_removed_and_others_stay(idp, gemeente):
    user = UserFactory(email="nina@zutphen.nl", role=["beleid", "financien"], gemeenten=[gemeente])
    idp.rol_mapping = {"spuk-controle": "controle", "spuk-financien": "financien"}
    user = oidc.login_staff(idp, staff_claims(groups=["spuk-controle"]))
    # financien is in the mapping and no longer asserted: gone; beleid is not the provider's to decide.
    assert user.role_names == {"beleid", "controle"}
    wijziging = Gebeurtenis.objects.filter(
        object_id=str(user.pk), actie="rollen gewijzigd door identity provider"
    ).get()
    assert (wijziging.van_status, wijziging.naar_status) == ("beleid, financien", "beleid, controle")


def test_an_account_that_also_works_for_another_gemeente_is_refused(idp, gemeente, andere_gemeente):
    UserFactory(email="nina@zutphen.nl", role="beleid", gemeenten=[gemeente, andere_gemeente])
    with pytest.raises(oidc.LoginRefused) as refused:
        oidc.login_staff(idp, staff_claims(groups=["spuk-beheer"]))
    assert refused.value.code == "andere_gemeente"


def test_a_superuser_or_partner_account_cannot_be_taken_over_by_claims(idp, partner):
    User.objects.create_superuser("root@zutphen.nl", "x")
    for email in ("root@zutphen.nl", partner.email):
        with pytest.raises(oidc.LoginRefused):
            oidc.login_staff(idp, staff_claims(email=email))


def test_without_a_mapped_group_no_account_is_created(idp):
    with pytest.raises(oidc.LoginRefused) as refused:
        oidc.login_staff(idp, staff_claims(groups=["kantine"]))
    assert refused.value.code == "geen_rol"
    assert not User.objects.filter(email="nina@zutphen.nl").exists()


def test_missing_or_unverified_email_is_refused_in_dutch(idp):
    with pytest.raises(oidc.LoginRefused, match="geen e-mailadres"):
        oidc.login_staff(idp, staff_claims(email=""))
    with pytest.raises(oidc.LoginRefused, match="niet bevestigd"):
        oidc.login_staff(idp, staff_claims(email_verified=False))


def test_deactivated_account_stays_out(idp, gemeente):
    UserFactory(email="nina@zutphen.nl", role="beleid", gemeenten=[gemeente], is_active=False)
    with pytest.raises(oidc.LoginRefused) as refused:
        oidc.login_staff(idp, staff_claims())
    assert refused.value.code == "inactief"


# Partners -------------------------------------------------------------------------------------------


def test_partner_is_linked_to_the_organisation_of_the_kvk_number(broker):
    organisatie = OrganisatieFactory(naam="Stichting Perspectief", kvk_nummer="12345678")
    user = oidc.login_partner(broker, {"sub": "p", "email": "Piet@Perspectief.nl", "kvk": "12345678"})
    assert user.email == "piet@perspectief.nl"
    assert user.organisatie == organisatie
    assert user.role_names == {"partner"}
    assert not user.gemeenten.exists()


def test_unknown_kvk_number_creates_no_account(broker):
    with pytest.raises(oidc.LoginRefused) as refused:
        oidc.login_partner(broker, {"sub": "p", "email": "piet@elders.nl", "kvk": "99999999"})
    assert refused.value.code == "onbekende_kvk"
    assert "99999999" in refused.value.message
    assert not User.objects.filter(email="piet@elders.nl").exists()


def test_a_gemeente_kvk_number_does_not_make_a_partner(broker, gemeente):
    gemeente.kvk_nummer = "11112222"
    gemeente.save()
    with pytest.raises(oidc.LoginRefused):
        oidc.login_partner(broker, {"email": "x@zutphen.nl", "kvk": "11112222"})


def test_organisation_with_a_vestigingsnummer_needs_that_vestiging(broker):
    OrganisatieFactory(naam="Zorg BV", kvk_nummer="12345678", vestigingsnummer="000012345678")
    claims = {"email": "z@zorg.nl", "kvk": "12345678", "vestiging": "000099999999"}
    with pytest.raises(oidc.LoginRefused) as refused:
        oidc.login_partner(broker, claims)
    assert refused.value.code == "andere_vestiging"
    assert oidc.login_partner(broker, {**claims, "vestiging": "000012345678"}).is_partner


def test_existing_account_of_another_organisation_is_refused(broker, partner):
    OrganisatieFactory(naam="Andere Stichting", kvk_nummer="87654321")
    with pytest.raises(oidc.LoginRefused) as refused:
        oidc.login_partner(broker, {"email": partner.email, "kvk": "87654321"})
    assert refused.value.code == "ander_account"


# Configuration pages -------------------------------------------------------------------------------


def _form_data(gemeente, **overrides):
    data = {
        "gemeente": gemeente.pk,
        "soort": "medewerkers",
        "naam": "Zutphen Entra ID",
        "slug": "zutphen",
        "actief": "on",
        "issuer": "https://login.example.org",
        "authorization_endpoint": "https://login.example.org/auth",
        "token_endpoint": "https://login.example.org/token",
        "userinfo_endpoint": "https://login.example.org/me",
        "jwks_uri": "https://login.example.org/jwks",
        "end_session_endpoint": "https://login.example.org/logout",
        "client_id": "spuk",
        "client_secret": "super-geheim-123",
        "scopes": "openid email profile",
        "claim_email": "email",
        "claim_voornaam": "given_name",
        "claim_achternaam": "family_name",
        "claim_groepen": "groups",
        "claim_kvk": "",
        "claim_vestiging": "",
        "rol_mapping_tekst": "SPUK-Beleid = beleid\nSPUK-Geld = financien",
        "mfa_tekst": "mfa",
        "reden": "Koppeling met Entra ID",
    }
    data.update(overrides)
    return data


def test_beheer_configures_a_provider_and_the_secret_is_never_shown_again(login, beheer, gemeente):
    client = login(beheer)
    response = client.post(reverse("core:beheer_idp_nieuw"), _form_data(gemeente))
    provider = IdentityProvider.objects.get(slug="zutphen")
    assert response.status_code == 302 and response["Location"] == provider.get_absolute_url()
    assert provider.client_secret == "super-geheim-123"
    assert provider.rol_mapping == {"SPUK-Beleid": "beleid", "SPUK-Geld": "financien"}
    assert provider.mfa_waarden == ["mfa"]
    page = client.get(provider.get_absolute_url()).content.decode()
    assert "super-geheim-123" not in page
    assert "/oidc/callback/" in page
    # Saving without a new secret keeps the old one.
    client.post(provider.get_absolute_url(), _form_data(gemeente, client_secret="", naam="Entra", reden="Naam"))
    provider.refresh_from_db()
    assert (provider.naam, provider.client_secret) == ("Entra", "super-geheim-123")
    gebeurtenissen = Gebeurtenis.objects.filter(object_id=str(provider.pk), content_type__model="identityprovider")
    assert gebeurtenissen.count() == 2
    assert not any("super-geheim" in g.reden for g in gebeurtenissen)


def test_mapping_to_a_role_that_is_not_a_staff_role_is_refused(login, beheer, gemeente):
    response = login(beheer).post(
        reverse("core:beheer_idp_nieuw"), _form_data(gemeente, rol_mapping_tekst="iedereen = partner")
    )
    assert response.status_code == 200
    assert "rol beleid, financien, controle of beheer" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_provider_of_another_gemeente_is_invisible_and_cannot_be_created(login, beheer, andere_gemeente):
    vreemd = IdentityProviderFactory(gemeente=andere_gemeente)
    client = login(beheer)
    assert client.get(vreemd.get_absolute_url()).status_code == 404
    assert vreemd.naam not in client.get(reverse("core:beheer_idps")).content.decode()
    response = client.post(reverse("core:beheer_idp_nieuw"), _form_data(andere_gemeente, slug="vreemd"))
    assert response.status_code == 200
    assert not IdentityProvider.objects.filter(slug="vreemd").exists()


def test_login_page_shows_a_button_per_active_provider(client, idp, broker):
    IdentityProviderFactory(naam="Uitgeschakeld", actief=False)
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen met Zutphen Entra ID" in page
    assert "Inloggen met eHerkenning" in page
    assert "Uitgeschakeld" not in page
    assert reverse("oidc_login", args=["zutphen"]) in page


def test_providers_list_stays_within_a_fixed_number_of_queries(login, beheer, gemeente, django_assert_max_num_queries):
    for _n in range(5):
        IdentityProviderFactory(gemeente=gemeente)
    client = login(beheer)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("core:beheer_idps")).status_code == 200


# Protocol edges that need no provider -----------------------------------------------------------


def test_callback_without_a_state_this_session_started_is_refused_in_dutch(client, idp):
    response = client.get(reverse("oidc_callback"), {"code": "abc", "state": "verzonnen"})
    assert response.status_code == 403
    assert "Deze inlogpoging is verlopen of onbekend" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_start_remembers_the_provider_and_sends_pkce_and_nonce(client, idp):
    response = client.get(reverse("oidc_login", args=[idp.slug]))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(idp.authorization_endpoint + "?")
    for part in ("code_challenge=", "code_challenge_method=S256", "nonce=", "client_id=spuk", "redirect_uri="):
        assert part in location
    assert list(client.session["oidc_state_provider"].values()) == [idp.slug]


def test_inactive_provider_cannot_start_a_login(client, idp):
    idp.actief = False
    idp.save()
    assert client.get(reverse("oidc_login", args=[idp.slug])).status_code == 404


def test_logout_after_provider_login_sends_the_browser_to_end_session_with_id_token_hint(client, idp, beleid):
    client.force_login(beleid)
    session = client.session
    session["oidc_provider"] = {"slug": idp.slug, "id_token": "het.id.token"}
    session.save()
    response = client.post(reverse("logout"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'http-equiv="refresh" content="0;url={idp.end_session_endpoint}?id_token_hint=het.id.token' in page
    assert "_auth_user_id" not in client.session


def test_two_factor_is_skipped_only_when_the_session_says_the_provider_did_it(client, settings, gemeente):
    settings.OTP_REQUIRED = True
    user = UserFactory(email="fin@zutphen.nl", role="financien", gemeenten=[gemeente])
    client.force_login(user)
    assert client.get(reverse("core:meldingen")).status_code == 302
    session = client.session
    session["oidc_mfa"] = True
    session.save()
    assert client.get(reverse("core:meldingen")).status_code == 200


def test_password_login_is_refused_where_the_gemeente_switched_it_off_for_its_staff(
    client, idp, gemeente, andere_gemeente, beleid, partner
):
    from tests.factories.core import PASSWORD

    idp.alleen_via_provider = True
    idp.save()
    response = client.post(reverse("login"), {"username": beleid.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Gebruik de knop &#x27;Inloggen met Zutphen Entra ID&#x27;" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Someone who also works for a gemeente without that switch, and partners, keep their password.
    regio = UserFactory(email="regio@test.nl", role="beleid", gemeenten=[gemeente, andere_gemeente])
    for user in (regio, partner):
        assert client.post(reverse("login"), {"username": user.email, "password": PASSWORD}).status_code == 302
        client.logout()


def test_discovery_url_of_a_real_provider_fills_issuer_and_endpoints(login, beheer, gemeente, tmp_path):
    from tests.core.oidc_provider import TestProvider

    provider = TestProvider(tmp_path, "http://testserver").start()
    try:
        leeg = dict.fromkeys(
            [
                "issuer",
                "authorization_endpoint",
                "token_endpoint",
                "userinfo_endpoint",
                "jwks_uri",
                "end_session_endpoint",
            ],
            "",
        )
        data = _form_data(gemeente, discovery_url=provider.endpoints()["discovery_url"], **leeg)
        response = login(beheer).post(reverse("core:beheer_idp_nieuw"), data)
        assert response.status_code == 302
        saved = IdentityProvider.objects.get(slug="zutphen")
        expected = provider.endpoints()
        for field in leeg:
            assert getattr(saved, field) == expected[field], field
    finally:
        provider.stop()


def test_unreadable_discovery_url_is_a_dutch_form_error(login, beheer, gemeente):
    from tests.core.oidc_provider import free_port

    data = _form_data(gemeente, discovery_url=f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration")
    response = login(beheer).post(reverse("core:beheer_idp_nieuw"), data)
    assert response.status_code == 200
    assert "De discovery-URL kon niet worden gelezen" in response.content.decode()
    assert not IdentityProvider.objects.exists()


def test_a_deactivated_account_loses_its_provider_session_at_once(client, beleid):
    client.force_login(beleid, backend="core.oidc_auth.ProviderBackend")
    assert client.get(reverse("core:meldingen")).status_code == 200
    User.objects.filter(pk=beleid.pk).update(is_active=False)
    response = client.get(reverse("core:meldingen"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
