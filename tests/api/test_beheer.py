"""The API key pages of applicatiebeheer (without a browser): issue, list, revoke, scoped."""

import pytest

from api.models import ApiSleutel
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_issuing_shows_the_key_once_and_stores_only_its_hash(login, beheer, partner_organisatie, regels):
    client = login(beheer)
    response = client.post(
        "/beheer/api-sleutels/uitgeven/",
        {"organisatie": partner_organisatie.pk, "naam": "Urenadministratie", "scopes": ["declare", "read"]},
    )
    assert response.status_code == 200
    api_sleutel = ApiSleutel.objects.get()
    key = response.context["sleutel"]
    assert key in response.content.decode() and "no-store" in response["Cache-Control"]
    assert api_sleutel.scopes == ["declare", "read"] and api_sleutel.gebruiker.has_role("partner")
    assert key not in client.get("/beheer/api-sleutels/").content.decode()


def test_a_gemeente_key_is_a_reading_controle_user_of_that_gemeente(login, beheer, gemeente):
    client = login(beheer)
    client.post(
        "/beheer/api-sleutels/uitgeven/", {"organisatie": gemeente.pk, "naam": "ERP", "scopes": ["ledger-export"]}
    )
    gebruiker = ApiSleutel.objects.get().gebruiker
    assert gebruiker.has_role("controle") and not gebruiker.has_role("financien", "partner")
    assert set(gebruiker.gemeente_ids) == {gemeente.pk}


def test_an_organisation_outside_the_gemeente_is_not_offered(login, beheer, regels):
    from tests.factories.core import OrganisatieFactory

    vreemd = OrganisatieFactory(naam="Ergens Anders")
    client = login(beheer)
    response = client.post(
        "/beheer/api-sleutels/uitgeven/", {"organisatie": vreemd.pk, "naam": "x", "scopes": ["read"]}
    )
    assert response.status_code == 200 and not ApiSleutel.objects.exists()
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_another_gemeentes_administrator_can_neither_see_nor_revoke_a_key(
    login, beheer, andere_gemeente, partner_organisatie, regels, sleutel
):
    api_sleutel, _key = sleutel(partner_organisatie, "read")
    vreemd = UserFactory(email="beheer@alphen.test", role="beheer", gemeenten=[andere_gemeente])
    client = login(vreemd)
    assert "Stichting Perspectief" not in client.get("/beheer/api-sleutels/").content.decode()
    client.post("/beheer/api-sleutels/intrekken/", {"sleutel": api_sleutel.pk, "reden": "weg"})
    assert ApiSleutel.objects.get().actief


def test_the_key_list_needs_a_fixed_number_of_queries(
    login, beheer, partner_organisatie, gemeente, regels, sleutel, django_assert_max_num_queries
):
    for n in range(8):
        sleutel(partner_organisatie if n % 2 else gemeente, "read", naam=f"Sleutel {n}")
    client = login(beheer)
    with django_assert_max_num_queries(25):
        response = client.get("/beheer/api-sleutels/?sort=naam")
    assert response.status_code == 200 and response.content.decode().count("Sleutel ") >= 8
    assert client.get("/beheer/api-sleutels/?format=xlsx").status_code == 200
