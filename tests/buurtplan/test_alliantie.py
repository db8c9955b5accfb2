"""Issue 14 item 8 in buurtplan: several alliance partners per buurt, and organisation choices
limited to those working in the buurt or the gemeente's buurten."""

import pytest
from django.core.exceptions import ValidationError

from buurtplan import services
from buurtplan.forms import ActiviteitForm, BuurtForm, OndertekeningForm
from core.models import Gebeurtenis
from tests.factories.buurtplan import BuurtFactory, ZorgaanbiederFactory
from tests.factories.core import OrganisatieFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def buurtzorg(db):
    return ZorgaanbiederFactory(naam="Buurtzorg")


def test_buurt_gets_a_second_alliance_partner_on_the_timeline(beleid, buurt, sensire, buurtzorg):
    services.wijzig_buurt(beleid, buurt, alliantiepartners=[sensire, buurtzorg])
    buurt.refresh_from_db()
    assert buurt.alliantie == "Buurtzorg, Sensire"
    assert set(buurt.partners.all()) >= {sensire, buurtzorg}
    regel = Gebeurtenis.objects.get(object_id=str(buurt.pk), actie="alliantiepartners gewijzigd")
    assert (regel.van_status, regel.naar_status) == ("Sensire", "Buurtzorg, Sensire")


def test_buurt_without_alliance_partner_or_with_a_non_care_provider_is_refused(beleid, buurt, partner_organisatie):
    with pytest.raises(ValidationError, match="ten minste één alliantiepartner"):
        services.wijzig_buurt(beleid, buurt, alliantiepartners=[])
    with pytest.raises(ValidationError, match="zorgaanbieder"):
        services.wijzig_buurt(beleid, buurt, alliantiepartners=[partner_organisatie])


def test_alliance_choices_are_the_care_providers_working_in_the_gemeentes_buurten(beleid, buurt, sensire, andere_buurt):
    ZorgaanbiederFactory(naam="Zorg Elders")
    keuzes = {o.naam for o in BuurtForm(user=beleid).fields["alliantiepartners"].queryset}
    assert keuzes == {"Sensire"}


def test_first_buurt_of_a_gemeente_chooses_from_every_active_care_provider(beleid):
    ZorgaanbiederFactory(naam="Sensire")
    ZorgaanbiederFactory(naam="Oud", actief=False)
    keuzes = {o.naam for o in BuurtForm(user=beleid).fields["alliantiepartners"].queryset}
    assert keuzes == {"Sensire"}


def test_activity_and_signature_choices_exclude_foreign_organisations(buurt, andere_buurt, partner_organisatie):
    buurt.partners.add(partner_organisatie)
    elders = OrganisatieFactory(naam="Stichting Elders")
    andere_buurt.partners.add(elders)
    activiteit = {o.naam for o in ActiviteitForm(buurt=buurt).fields["uitvoerende_partner"].queryset}
    assert activiteit == {"Sensire", "Stichting Perspectief"}
    ondertekening = {o.naam for o in OndertekeningForm(buurt=buurt).fields["organisatie"].queryset}
    assert ondertekening == {"Gemeente Zutphen", "Sensire", "Stichting Perspectief"}


def test_an_alliance_partner_is_not_unlinked_from_its_buurt_on_the_organisation_page(beheer, buurt, sensire):
    tweede = BuurtFactory(gemeente=buurt.gemeente)
    with pytest.raises(ValidationError, match="alliantiepartner van Zuidwijken"):
        services.wijzig_organisatie(beheer, sensire, buurten=[tweede], reden="x")


def test_naming_a_partner_in_the_plan_links_it_to_the_buurt(beleid, buurt, partner_organisatie):
    plan = services.maak_buurtplan(beleid, buurt)
    thema = buurt.transformatieplan.themas.first()
    services.voeg_activiteit_toe(beleid, plan, thema=thema, naam="Ontmoeting", uitvoerende_partner=partner_organisatie)
    assert partner_organisatie in buurt.partners.all()
