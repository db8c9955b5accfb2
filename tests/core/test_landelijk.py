"""Landelijk beheer: the national reminder rules are kept in the app by the national role, on the
timeline; the role has no gemeente, so it sees no money and no declarations; granting it waits for
a second administrator like financien and beheer."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core import beheer as beheer_services
from core import landelijk, roles
from core.models import Gebeurtenis, HerinneringRegel, RolVerzoek
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def landelijk_beheer(db):
    return UserFactory(email="landelijk@test.nl", role=roles.LANDELIJK_BEHEER)


@pytest.fixture
def regel(db):
    return HerinneringRegel.objects.create(naam="SiSa", soort="sisa_deadline", dagen_voor=14, rol="financien")


def test_national_administrator_changes_a_rule_field_by_field_on_the_timeline(landelijk_beheer, regel):
    landelijk.wijzig_herinneringregel(
        landelijk_beheer, regel, dagen_voor=21, rol="controle", reden="Eerder waarschuwen"
    )
    regel.refresh_from_db()
    assert (regel.dagen_voor, regel.rol) == (21, "controle")
    regels = {g.actie: (g.van_status, g.naar_status, g.gemeente_id) for g in Gebeurtenis.objects.all()}
    assert regels == {
        "dagen ervoor gewijzigd": ("14", "21", None),
        "ontvangende rol gewijzigd": ("financien", "controle", None),
    }


def test_switching_a_rule_off_and_on(landelijk_beheer, regel):
    landelijk.zet_herinneringregel_actief(landelijk_beheer, regel, actief=False, reden="Niet meer nodig")
    regel.refresh_from_db()
    assert not regel.actief
    with pytest.raises(ValidationError, match="niets gewijzigd"):
        landelijk.zet_herinneringregel_actief(landelijk_beheer, regel, actief=False, reden="Nogmaals")
    landelijk.zet_herinneringregel_actief(landelijk_beheer, regel, actief=True, reden="Toch wel")
    assert HerinneringRegel.objects.get(pk=regel.pk).actief


@pytest.mark.parametrize("role", ["beheer", "beleid", "financien", "controle", "partner"])
def test_gemeente_roles_cannot_change_national_rules(role, gemeente, regel):
    user = UserFactory(role=role, gemeenten=[gemeente])
    with pytest.raises(PermissionDenied):
        landelijk.wijzig_herinneringregel(user, regel, dagen_voor=1, reden="x")
    with pytest.raises(PermissionDenied):
        landelijk.zet_herinneringregel_actief(user, regel, actief=False, reden="x")


def test_reason_and_a_change_are_required(landelijk_beheer, regel):
    with pytest.raises(ValidationError, match="reden"):
        landelijk.wijzig_herinneringregel(landelijk_beheer, regel, dagen_voor=3, reden=" ")
    with pytest.raises(ValidationError, match="niets gewijzigd"):
        landelijk.wijzig_herinneringregel(landelijk_beheer, regel, dagen_voor=14, reden="x")


def test_national_role_gives_no_access_to_money_or_declarations(landelijk_beheer):
    assert not landelijk_beheer.gemeente_ids
    for perm in (
        "core.view_staff_pages",
        "declaraties.view_instellingen",
        "grootboek.view_grootboek",
        "declaraties.view_werkvoorraad",
        "declaraties.view_portaal",
        "buurtplan.view_overzicht",
        "core.manage_users",
    ):
        assert not landelijk_beheer.has_perm(perm), perm


def test_granting_the_national_role_waits_for_a_second_administrator(gemeente, beheer):
    Group.objects.get_or_create(name=roles.LANDELIJK_BEHEER)  # migration 0011 makes it; a flushed test DB has none
    tweede = UserFactory(email="beheer2@test.nl", role="beheer", gemeenten=[gemeente])
    doel = UserFactory(role="beleid", gemeenten=[gemeente])
    verzoeken = beheer_services.wijzig_rollen(beheer, doel, rollen=["beleid", roles.LANDELIJK_BEHEER], reden="x")
    assert [v.rol for v in verzoeken] == [roles.LANDELIJK_BEHEER]
    assert not doel.groups.filter(name=roles.LANDELIJK_BEHEER).exists()
    with pytest.raises(PermissionDenied):
        beheer_services.beslis_rolverzoek(beheer, verzoeken[0], bevestigd=True)
    beheer_services.beslis_rolverzoek(tweede, verzoeken[0], bevestigd=True)
    assert doel.groups.filter(name=roles.LANDELIJK_BEHEER).exists()
    assert RolVerzoek.objects.get().status == RolVerzoek.Status.BEVESTIGD


def test_rules_page_lists_filters_and_edits(login, landelijk_beheer, regel, django_assert_max_num_queries):
    client = login(landelijk_beheer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("core:landelijk_herinneringen")).status_code == 200
    assert "SiSa" not in client.get(reverse("core:landelijk_herinneringen"), {"actief": "nee"}).content.decode()
    url = reverse("core:landelijk_herinnering", args=[regel.pk])
    response = client.post(
        url, {"naam": "SiSa", "soort": "sisa_deadline", "dagen_voor": "30", "rol": "financien", "reden": "Eerder"}
    )
    assert response.status_code == 302
    assert "dagen ervoor gewijzigd" in client.get(url).content.decode()
    response = client.post(reverse("core:landelijk_herinnering_uit", args=[regel.pk]), {"reden": "Uit"})
    assert response.status_code == 302
    assert not HerinneringRegel.objects.get(pk=regel.pk).actief


def test_rules_pages_refuse_gemeente_administrators(login, beheer, regel):
    client = login(beheer)
    assert client.get(reverse("core:landelijk_herinneringen")).status_code == 403
    assert client.get(reverse("core:landelijk_herinnering", args=[regel.pk])).status_code == 403


def test_national_administrator_starts_on_own_page_and_needs_two_factor(login, landelijk_beheer, settings):
    response = login(landelijk_beheer).get(reverse("core:start"))
    assert response.url == reverse("core:start_role", args=["landelijk_beheer"])
    settings.OTP_REQUIRED = True
    assert landelijk_beheer.needs_two_factor
