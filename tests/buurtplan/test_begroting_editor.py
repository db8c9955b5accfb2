"""The budget editor: one empty row, "Regel toevoegen" without JavaScript, a quiet live region,
and unique ids."""

import re
from collections import Counter
from decimal import Decimal

import pytest
from django.urls import reverse

from buurtplan import services
from buurtplan.models import Thema

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(beleid, buurt, partner_organisatie):
    plan = services.maak_buurtplan(beleid, buurt)
    thema = Thema.objects.get(transformatieplan=buurt.transformatieplan, code="zorgzame_buurt")
    activiteit = services.voeg_activiteit_toe(
        beleid, plan, thema=thema, naam="Buurthuis", uitvoerende_partner=partner_organisatie
    )
    services.voeg_regel_toe(
        beleid,
        plan.begroting,
        activiteit=activiteit,
        jaar=2025,
        domein="sociaal_domein",
        financiering="spuk",
        ontvangende_partner=partner_organisatie,
        bedrag=Decimal("1234.56"),
    )
    return plan


def _duplicate_ids(html):
    counts = Counter(re.findall(r'\sid="([^"]+)"', re.sub(r"<template.*?</template>", "", html, flags=re.S)))
    return [i for i, n in counts.items() if n > 1]


def _editor_data(plan, total):
    regel = plan.begroting.regels.get()
    return {
        "regels-TOTAL_FORMS": str(total),
        "regels-INITIAL_FORMS": "1",
        "regels-MIN_NUM_FORMS": "0",
        "regels-MAX_NUM_FORMS": "1000",
        "regels-0-regel_id": regel.pk,
        "regels-0-activiteit": regel.activiteit_id,
        "regels-0-jaar": regel.jaar,
        "regels-0-domein": regel.domein,
        "regels-0-financiering": regel.financiering,
        "regels-0-ontvangende_partner": regel.ontvangende_partner_id,
        "regels-0-bedrag": "1.234,56",
    }


def test_editor_offers_one_empty_row_and_an_add_button(login, beleid, plan, buurt):
    html = login(beleid).get(reverse("buurtplan:buurt_begroting", args=[buurt.pk])).content.decode()
    assert 'id="id_regels-1-activiteit"' in html and 'id="id_regels-2-activiteit"' not in html
    assert 'name="actie" value="regel_toevoegen"' in html
    assert 'id="lege-begrotingsregel"' in html  # the template row the button clones
    assert not _duplicate_ids(html)


def test_add_row_without_javascript_keeps_input_and_adds_an_empty_row(login, beleid, plan, buurt):
    data = _editor_data(plan, 2)
    data.update({"regels-1-jaar": "2026", "actie": "regel_toevoegen"})
    response = login(beleid).post(reverse("buurtplan:buurt_begroting", args=[buurt.pk]) + "?versie=1", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_regels-2-activiteit"' in html
    assert re.search(r'<option value="2026" selected>', html)  # what was typed stays
    assert plan.begroting.regels.count() == 1  # nothing saved
    assert not _duplicate_ids(html)


def test_live_region_announces_only_the_total(login, beleid, plan, buurt):
    client = login(beleid)
    page = client.get(reverse("buurtplan:buurt_begroting", args=[buurt.pk])).content.decode()
    # The totals tables are not a live region any more; a small empty one waits for the total.
    assert 'aria-live="polite" aria-atomic="true"></p>' in page
    assert page.count("aria-live") == 1
    response = client.post(reverse("buurtplan:begroting_totalen", args=[buurt.pk, 1]), _editor_data(plan, 1))
    html = response.content.decode()
    announcement = re.search(r'<div id="totalen-aankondiging" hx-swap-oob="innerHTML">(.*?)</div>', html, re.S)
    assert announcement and announcement.group(1).strip() == "Totaal €\xa01.234,56"
