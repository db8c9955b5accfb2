"""Issue 14 item 8: a buurt with two alliance partners (Lochem–Bronckhorst: Sensire and Buurtzorg);
the staff of the second one see the buurt and declare on their own budget lines, and the
declaration pages offer only organisations that work in the gemeente's buurten."""

import pytest
from django.urls import reverse

from buurtplan.models import Buurt
from declaraties.forms import ToekenningForm
from declaraties.models import Declaratie
from tests.factories.buurtplan import BuurtFactory, ZorgaanbiederFactory
from tests.factories.core import OrganisatieFactory, UserFactory
from tests.factories.declaraties import begroting_met_regels, beschikking_voor, ingediend

pytestmark = pytest.mark.django_db


@pytest.fixture
def buurtzorg(db):
    return ZorgaanbiederFactory(naam="Buurtzorg")


@pytest.fixture
def lochem(gemeente, buurtzorg):
    return BuurtFactory(
        naam="Buurt Lochem", gemeente=gemeente, alliantiepartners=[ZorgaanbiederFactory(naam="Sensire"), buurtzorg]
    )


@pytest.fixture
def buurtzorg_medewerker(buurtzorg):
    return UserFactory(email="wijk@buurtzorg.nl", role="partner", organisatie=buurtzorg)


def test_staff_of_the_second_alliance_partner_see_the_buurt(login, lochem, buurtzorg_medewerker):
    assert list(Buurt.objects.visible_to(buurtzorg_medewerker)) == [lochem]
    assert buurtzorg_medewerker.has_perm("buurtplan.view_buurt", lochem)
    response = login(buurtzorg_medewerker).get(reverse("buurtplan:buurt_detail", args=[lochem.pk]))
    assert response.status_code == 200
    assert "Buurtzorg, Sensire" in response.content.decode()


def test_a_care_provider_outside_the_alliance_does_not_see_the_buurt(login, lochem):
    buiten = UserFactory(role="partner", organisatie=ZorgaanbiederFactory(naam="Vierstroom"))
    assert not Buurt.objects.visible_to(buiten).exists()
    assert login(buiten).get(reverse("buurtplan:buurt_detail", args=[lochem.pk])).status_code == 404


def test_the_second_alliance_partner_declares_on_its_own_budget_line(beleid, lochem, buurtzorg, buurtzorg_medewerker):
    regels = begroting_met_regels(beleid, lochem, buurtzorg)
    beschikking_voor(lochem)
    d = ingediend(buurtzorg_medewerker, regels[2024], bedrag="1200.00")
    assert d.status == Declaratie.Status.INGEDIEND
    assert (d.partner, d.buurt) == (buurtzorg, lochem)


def test_toekenning_partner_choices_exclude_organisations_of_other_gemeenten(financien, lochem, andere_gemeente):
    hier = OrganisatieFactory(naam="Stichting Hier")
    lochem.partners.add(hier)
    BuurtFactory(gemeente=andere_gemeente, partners=[OrganisatieFactory(naam="Stichting Elders")])
    OrganisatieFactory(naam="Stichting Nergens")
    keuzes = {o.naam for o in ToekenningForm(user=financien).fields["partner"].queryset}
    assert keuzes == {"Stichting Hier"}
