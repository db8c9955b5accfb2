import pytest
from django.urls import reverse

from tests.factories.core import UserFactory


@pytest.mark.parametrize("role", ["beleid", "financien", "controle", "beheer"])
def test_partner_gets_403_on_every_staff_start_page(login, partner, role):
    response = login(partner).get(reverse("core:start_role", args=[role]))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_each_role_is_sent_to_its_own_start_page_and_partners_to_their_portal(
    login, beleid, financien, controle, beheer, partner
):
    for user, url in [
        (beleid, "/start/beleid/"),
        (financien, "/start/financien/"),
        (controle, "/start/controle/"),
        (beheer, "/start/beheer/"),
        (partner, "/declaraties/portaal/"),
    ]:
        response = login(user).get(reverse("core:start"))
        assert response.url == url


def test_staff_of_zutphen_cannot_open_alphen(login, beleid, andere_gemeente):
    response = login(beleid).get(reverse("core:gemeente_detail", args=[andere_gemeente.pk]))
    assert response.status_code == 404


def test_staff_can_open_own_gemeente_with_its_staff(login, beleid, financien, gemeente):
    response = login(beleid).get(reverse("core:gemeente_detail", args=[gemeente.pk]))
    assert response.status_code == 200
    assert financien.email in response.content.decode()


def test_partner_cannot_open_any_gemeente_page(login, partner, gemeente):
    assert login(partner).get(reverse("core:gemeente_detail", args=[gemeente.pk])).status_code in (403, 404)


def test_anonymous_user_is_sent_to_login(client, gemeente):
    response = client.get(reverse("core:gemeente_detail", args=[gemeente.pk]))
    assert response.status_code == 302 and response.url.startswith("/account/inloggen/")


def test_regional_officer_switches_gemeente_and_only_to_own_ones(client, gemeente, andere_gemeente):
    third = UserFactory(role="beleid").gemeenten.model.objects.create(naam="Gemeente Elders", soort="gemeente")
    regio = UserFactory(email="regio@test.nl", role="beleid", gemeenten=[gemeente, andere_gemeente])
    client.force_login(regio)
    page = client.get("/start/beleid/").content.decode()
    assert 'id="gemeente-switch"' in page
    client.post(reverse("core:switch_gemeente"), {"gemeente": andere_gemeente.pk, "next": "/start/beleid/"})
    assert "U werkt voor Gemeente Alphen aan den Rijn" in client.get("/start/beleid/").content.decode()
    response = client.post(reverse("core:switch_gemeente"), {"gemeente": third.pk}, follow=True)
    assert "U werkt niet voor die gemeente" in response.content.decode()
    assert "Gemeente Alphen aan den Rijn" in response.content.decode()


def test_switch_refuses_offsite_redirect(login, beleid, gemeente):
    response = login(beleid).post(
        reverse("core:switch_gemeente"), {"gemeente": gemeente.pk, "next": "https://evil.example"}
    )
    assert response.url == "/"
