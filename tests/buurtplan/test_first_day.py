"""Issue 17 (first-day findings) in buurtplan: correct Dutch plurals, a signature keeps the
organisation typed for it, and "Buurtplan vaststellen" is offered only when it can succeed."""

import pytest
from django.urls import reverse

from buurtplan import services
from buurtplan.compliance import netwerk_overtredingen
from buurtplan.models import Buurtplan, Ondertekening
from tests.factories.buurtplan import NetwerklidFactory, klaar_voor_vaststelling, pdf_upload

pytestmark = pytest.mark.django_db


def test_network_of_one_member_says_1_lid_and_1_kartrekker_not_leden(buurt):
    lid = NetwerklidFactory(buurt=buurt, naam="Wendy Wijk", discipline="wijkverpleegkundige", kartrekker=True)
    berichten = netwerk_overtredingen([lid])
    assert berichten[0] == "Het buurtnetwerk heeft 1 lid; het moeten er minstens 4 zijn. Voeg leden toe."
    assert berichten[1] == "Het buurtnetwerk heeft 1 kartrekker; het moeten er precies twee zijn."
    assert "heeft 0 leden" in netwerk_overtredingen([])[0]


def _ondertekening(**extra):
    data = {
        "ond-soort": "buurtplan",
        "ond-ondertekenaar": "Els Buurtzorg",
        "ond-functie": "Wijkverpleegkundige",
        "ond-getekend_op": "2025-06-01",
        "ond-document": pdf_upload(),
    }
    data.update(extra)
    return data


def test_signature_form_preselects_no_organisation(login, beleid, buurt):
    services.maak_buurtplan(beleid, buurt)
    form = login(beleid).get(reverse("buurtplan:buurt_ondertekeningen", args=[buurt.pk])).context["form"]
    assert form["organisatie"].value() in (None, "")


def test_signature_with_free_text_organisation_keeps_buurtzorg(login, beleid, buurt):
    plan = services.maak_buurtplan(beleid, buurt)
    client = login(beleid)
    response = client.post(
        reverse("buurtplan:buurt_ondertekeningen", args=[buurt.pk]),
        _ondertekening(**{"ond-organisatie": "", "ond-organisatie_naam": "Buurtzorg"}),
        follow=True,
    )
    assert response.status_code == 200
    ondertekening = Ondertekening.objects.get(buurtplan=plan)
    assert ondertekening.organisatie_id is None
    assert ondertekening.organisatie_naam == "Buurtzorg"
    assert "Buurtzorg" in response.content.decode()


def test_signature_with_both_a_chosen_gemeente_and_a_typed_name_is_refused_not_replaced(login, beleid, buurt):
    plan = services.maak_buurtplan(beleid, buurt)
    response = login(beleid).post(
        reverse("buurtplan:buurt_ondertekeningen", args=[buurt.pk]),
        _ondertekening(**{"ond-organisatie": str(buurt.gemeente_id), "ond-organisatie_naam": "Buurtzorg"}),
    )
    assert response.status_code == 400
    assert "Gemeente Zutphen" in response.context["form"].errors["organisatie_naam"][0]
    assert "Buurtzorg" in response.context["form"].errors["organisatie_naam"][0]
    assert not Ondertekening.objects.filter(buurtplan=plan).exists()


def test_vaststellen_button_is_hidden_while_blockers_are_listed(login, beleid, buurt):
    services.maak_buurtplan(beleid, buurt)
    html = login(beleid).get(reverse("buurtplan:buurt_plan", args=[buurt.pk])).content.decode()
    assert 'id="vaststelling-blokkades"' in html
    assert "Het buurtnetwerk heeft 0 leden" in html
    assert "Buurtplan vaststellen" not in html


def test_vaststellen_button_is_shown_when_nothing_blocks_and_only_to_who_may(
    login, beleid, controle, buurt, partner_organisatie
):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    url = reverse("buurtplan:buurt_plan", args=[buurt.pk])
    assert "Buurtplan vaststellen" in login(beleid).get(url).content.decode()
    assert "Buurtplan vaststellen" not in login(controle).get(url).content.decode()
    assert plan.status == Buurtplan.Status.CONCEPT
