"""Partner organisations on the beheer pages: an administrator maintains the organisations working in
the buurten of their own gemeente(n), never deletes one, and never touches one another gemeente
relies on beyond the links with their own buurten."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from buurtplan import services
from core.models import Gebeurtenis, Organisatie
from tests.factories.buurtplan import BuurtFactory
from tests.factories.core import OrganisatieFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vreemde_beheer(andere_gemeente):
    return UserFactory(email="beheer@elders.nl", role="beheer", gemeenten=[andere_gemeente])


@pytest.fixture
def perspectief(buurt, partner_organisatie):
    buurt.partners.add(partner_organisatie)
    return partner_organisatie


def _maak(actor, buurten, **velden):
    data = {"naam": "Buurtzorg", "soort": "zorgaanbieder", "kvk_nummer": "41234567", "email": "", "reden": "Nieuw"}
    data.update(velden)
    return services.maak_organisatie(actor, buurten=buurten, **data)


def test_administrator_adds_organisation_to_own_buurt_with_timeline_entry(beheer, buurt, gemeente):
    org = _maak(beheer, [buurt])
    assert list(org.werkbuurten.all()) == [buurt]
    regel = Gebeurtenis.objects.get(object_id=str(org.pk), actie="organisatie aangemaakt")
    assert (regel.gemeente, regel.naar_status, regel.reden) == (gemeente, "Zuidwijken", "Nieuw")


def test_adding_to_a_buurt_of_another_gemeente_is_refused(beheer, andere_buurt):
    with pytest.raises(PermissionDenied):
        _maak(beheer, [andere_buurt])
    assert not Organisatie.objects.filter(naam="Buurtzorg").exists()


@pytest.mark.parametrize("role", ["beleid", "financien", "controle", "partner"])
def test_only_beheer_adds_organisations(role, gemeente, buurt):
    user = UserFactory(role=role, gemeenten=[gemeente])
    with pytest.raises(PermissionDenied):
        _maak(user, [buurt])


def test_organisation_without_buurt_or_reason_is_refused_in_dutch(beheer, buurt):
    with pytest.raises(ValidationError, match="ten minste één buurt"):
        _maak(beheer, [])
    with pytest.raises(ValidationError, match="reden"):
        _maak(beheer, [buurt], reden=" ")


@pytest.mark.parametrize("kvk", ["1234567", "123456789", "1234567a"])
def test_kvk_number_must_be_eight_digits(beheer, buurt, kvk):
    with pytest.raises(ValidationError, match="acht cijfers"):
        _maak(beheer, [buurt], kvk_nummer=kvk)


def test_kvk_number_is_unique_when_filled(beheer, buurt):
    OrganisatieFactory(naam="Sensire bestaand", kvk_nummer="41234567")
    OrganisatieFactory(naam="Zonder KvK", kvk_nummer="")
    with pytest.raises(ValidationError, match="al in gebruik bij Sensire bestaand"):
        _maak(beheer, [buurt])
    assert _maak(beheer, [buurt], kvk_nummer="").kvk_nummer == ""


def test_gemeente_is_not_a_partner_organisation(beheer, buurt):
    with pytest.raises(ValidationError, match="gemeenten worden hier niet beheerd"):
        _maak(beheer, [buurt], soort="gemeente")


def test_change_logs_each_field_with_before_and_after(beheer, perspectief):
    services.wijzig_organisatie(beheer, perspectief, kvk_nummer="87654321", email="info@p.nl", reden="KvK-uittreksel")
    regels = {
        g.actie: (g.van_status, g.naar_status, g.reden)
        for g in Gebeurtenis.objects.filter(object_id=str(perspectief.pk))
    }
    assert regels["KvK-nummer gewijzigd"] == ("–", "87654321", "KvK-uittreksel")
    assert regels["e-mailadres gewijzigd"] == ("–", "info@p.nl", "KvK-uittreksel")


def test_links_to_another_gemeentes_buurten_stay_and_its_details_are_not_changed(
    beheer, vreemde_beheer, buurt, andere_buurt, perspectief
):
    andere_buurt.partners.add(perspectief)
    tweede = BuurtFactory(naam="De Hoven", gemeente=buurt.gemeente)
    services.wijzig_organisatie(beheer, perspectief, buurten=[tweede], reden="Verhuisd")
    assert set(perspectief.werkbuurten.all()) == {tweede, andere_buurt}
    with pytest.raises(PermissionDenied, match="andere gemeente"):
        services.wijzig_organisatie(beheer, perspectief, naam="Overgenomen", reden="x")
    with pytest.raises(PermissionDenied):
        services.zet_organisatie_actief(vreemde_beheer, perspectief, actief=False, reden="x")
    perspectief.refresh_from_db()
    assert perspectief.naam == "Stichting Perspectief" and perspectief.actief


def test_administrator_of_another_gemeente_cannot_touch_the_organisation(vreemde_beheer, perspectief, andere_buurt):
    with pytest.raises(PermissionDenied):
        services.wijzig_organisatie(vreemde_beheer, perspectief, buurten=[andere_buurt], reden="x")


def test_last_buurt_cannot_be_unlinked(beheer, perspectief):
    with pytest.raises(ValidationError, match="deactiveer"):
        services.wijzig_organisatie(beheer, perspectief, buurten=[], reden="weg")


def test_deactivate_and_reactivate_never_delete(beheer, perspectief):
    services.zet_organisatie_actief(beheer, perspectief, actief=False, reden="Gestopt")
    perspectief.refresh_from_db()
    assert not perspectief.actief
    with pytest.raises(ValidationError, match="niets gewijzigd"):
        services.zet_organisatie_actief(beheer, perspectief, actief=False, reden="Nogmaals")
    services.zet_organisatie_actief(beheer, perspectief, actief=True, reden="Terug")
    acties = list(
        Gebeurtenis.objects.filter(object_id=str(perspectief.pk)).order_by("pk").values_list("actie", flat=True)
    )
    assert acties == ["organisatie gedeactiveerd", "organisatie geactiveerd"]


# Pages ------------------------------------------------------------------------------------------


def test_list_shows_only_organisations_of_own_buurten(login, beheer, perspectief, andere_buurt):
    andere_buurt.partners.add(OrganisatieFactory(naam="Stichting Gezond Boskoop"))
    content = login(beheer).get(reverse("buurtplan:organisaties")).content.decode()
    assert "Stichting Perspectief" in content
    assert "Gezond Boskoop" not in content


def test_list_filters_sorts_and_exports(login, beheer, buurt, perspectief):
    buurt.partners.add(OrganisatieFactory(naam="Aardig Welzijn", actief=False, kvk_nummer="11112222"))
    client = login(beheer)
    url = reverse("buurtplan:organisaties")
    assert "Aardig" not in client.get(url, {"actief": "ja"}).content.decode()
    assert "Perspectief" not in client.get(url, {"zoek": "1111"}).content.decode()
    content = client.get(url, {"sort": "-naam"}).content.decode()
    assert content.index("Stichting Perspectief") < content.index("Aardig Welzijn")
    export = client.get(url, {"format": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_list_query_count_does_not_grow_with_organisations(login, beheer, buurt, django_assert_max_num_queries):
    for i in range(30):
        buurt.partners.add(OrganisatieFactory(naam=f"Partner {i:02d}"))
    client = login(beheer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("buurtplan:organisaties"))
    assert response.status_code == 200


def test_create_page_adds_organisation(login, beheer, buurt):
    response = login(beheer).post(
        reverse("buurtplan:organisatie_nieuw"),
        {
            "naam": "Buurtzorg",
            "soort": "zorgaanbieder",
            "kvk_nummer": "4123 4567",
            "buurten": [buurt.pk],
            "reden": "Nieuw",
        },
    )
    org = Organisatie.objects.get(naam="Buurtzorg")
    assert response.status_code == 302 and response.url == reverse("buurtplan:organisatie", args=[org.pk])
    assert org.kvk_nummer == "41234567"


def test_create_page_offers_no_buurten_of_other_gemeenten(login, beheer, buurt, andere_buurt):
    response = login(beheer).post(
        reverse("buurtplan:organisatie_nieuw"),
        {"naam": "Buurtzorg", "soort": "zorgaanbieder", "buurten": [andere_buurt.pk], "reden": "Nieuw"},
    )
    assert response.status_code == 200
    assert not Organisatie.objects.filter(naam="Buurtzorg").exists()


def test_detail_page_edits_and_shows_timeline(login, beheer, buurt, perspectief):
    client = login(beheer)
    url = reverse("buurtplan:organisatie", args=[perspectief.pk])
    response = client.post(
        url,
        {
            "naam": "Stichting Perspectief",
            "soort": perspectief.soort,
            "kvk_nummer": "12345678",
            "buurten": [buurt.pk],
            "reden": "KvK",
        },
    )
    assert response.status_code == 302
    content = client.get(url).content.decode()
    assert "KvK-nummer gewijzigd" in content and "12345678" in content


def test_detail_of_foreign_organisation_is_404(login, vreemde_beheer, perspectief):
    assert login(vreemde_beheer).get(reverse("buurtplan:organisatie", args=[perspectief.pk])).status_code == 404


def test_deactivate_page(login, beheer, perspectief):
    response = login(beheer).post(
        reverse("buurtplan:organisatie_deactiveren", args=[perspectief.pk]), {"reden": "Gestopt"}
    )
    assert response.status_code == 302
    perspectief.refresh_from_db()
    assert not perspectief.actief
