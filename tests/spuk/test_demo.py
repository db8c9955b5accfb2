"""The spuk demo reproduces DESIGN.md §6 to the cent and is idempotent."""

from decimal import Decimal

import pytest

from grootboek.models import Journaalpost
from spuk import demo, queries
from spuk.models import Aanvraag, Beschikking

pytestmark = pytest.mark.django_db


def test_zutphen_aanvraag_and_beschikking_to_the_cent(demo_data):
    aanvraag = Aanvraag.objects.get(zaaknummer="1047323")
    assert {b.jaar: b.bedrag for b in aanvraag.bedragen.all()} == demo.ZUTPHEN_BEDRAGEN
    assert aanvraag.status == Aanvraag.Status.VERLEEND
    beschikking = aanvraag.beschikking
    assert beschikking.nummer == "SPUK-IZA-AZWA-1047323"
    assert beschikking.bedrag == Decimal("341840.00")
    assert queries.financieel_overzicht(beschikking)["saldo_vooruitontvangen"] == Decimal("202438.00")
    assert queries.beschikking_voor_buurt(aanvraag.buurten.get()) == beschikking


def test_alphen_aanvraag_of_79510(demo_data):
    aanvraag = Aanvraag.objects.get(zaaknummer="3762946")
    assert sum(b.bedrag for b in aanvraag.bedragen.all()) == Decimal("79510.00")
    assert sorted(b.jaar for b in aanvraag.bedragen.all()) == [2026, 2027]
    assert aanvraag.status == Aanvraag.Status.INGEDIEND


def test_demo_is_idempotent(demo_data):
    posten = Journaalpost.objects.count()
    demo.load()
    assert Journaalpost.objects.count() == posten
    assert Beschikking.objects.count() == 1
    assert Aanvraag.objects.count() == 2
