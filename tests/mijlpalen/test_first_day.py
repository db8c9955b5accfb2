"""Issue 17 (first-day findings) in mijlpalen: Boskoop's effort milestones are not at Alphen's risk
(per its council paper), and the milestone timeline shows status labels, not stored codes."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from buurtplan.models import Buurt
from core.models import Organisatie, User
from mijlpalen import queries, services
from mijlpalen.models import Mijlpaal, MijlpaalBedrag

pytestmark = pytest.mark.django_db


def _boskoop():
    return Buurt.objects.get(naam="Boskoop", gemeente__naam="Gemeente Alphen aan den Rijn")


def test_alphen_demo_puts_no_boskoop_milestone_at_the_gemeentes_risk(demo_data):
    bedragen = MijlpaalBedrag.objects.filter(buurt=_boskoop())
    inspanning = bedragen.filter(mijlpaal__soort="inspanning")
    assert inspanning.aggregate(t=Sum("bedrag_sociaal_domein"))["t"] == Decimal("59755.00")
    assert set(inspanning.values_list("risicodrager", flat=True)) == {"zorgaanbieder"}
    assert not bedragen.filter(risicodrager="gemeente").exists()
    assert {b.risicodrager_organisatie for b in bedragen.select_related("buurt")} == {"Vierstroom"}
    assert bedragen.aggregate(t=Sum("bedrag_sociaal_domein"))["t"] == Decimal("79510.00")


def test_alphen_risk_page_shows_no_exposure_and_zutphen_keeps_its_figures(client, demo_data):
    alphen = Organisatie.objects.get(naam="Gemeente Alphen aan den Rijn")
    data = queries.blootstelling(gemeente=alphen)
    assert data["risico_open"] == Decimal("0.00")
    assert data["terug_te_betalen"] == Decimal("0.00")
    client.force_login(User.objects.get(email="beleid@alphen.demo"))
    page = client.get(reverse("mijlpalen:risico"))
    assert page.status_code == 200
    assert page.context["data"]["risico_open"] == Decimal("0.00")
    assert "Gemeente Alphen aan den Rijn" not in [g["gemeente"] for g in page.context["data"]["per_gemeente"]]
    zutphen = queries.blootstelling(gemeente=Organisatie.objects.get(naam="Gemeente Zutphen"))
    assert zutphen["risico_open"] == Decimal("237288.00")


def test_milestone_timeline_shows_open_to_niet_behaald_as_labels(client, demo_data):
    beleid = User.objects.get(email="beleid@zutphen.demo")
    zuidwijken = Buurt.objects.get(naam="Zuidwijken")
    mijlpaal = Mijlpaal.objects.get(nummer=2)
    services.leg_status_vast(
        beleid,
        mijlpaal,
        zuidwijken,
        "niet_behaald",
        datetime.date(2025, 9, 1),
        "Intentieverklaring niet door alle gemeenten getekend",
    )
    client.force_login(beleid)
    html = client.get(reverse("mijlpalen:mijlpaal_buurt", args=[mijlpaal.pk, zuidwijken.pk])).content.decode()
    assert "(Open → Niet behaald)" in html
    assert "niet_behaald" not in html.split("Tijdlijn", 1)[-1]
