"""The declaraties demo: every status, 2024 costs booked in 2025 (SiSa T-1), idempotent, ledger balanced."""

from decimal import Decimal

import pytest

from declaraties import demo
from declaraties.models import Declaratie
from grootboek import queries as gq
from spuk import sisa
from spuk.models import Beschikking

pytestmark = pytest.mark.django_db


def test_perspectief_declarations_in_every_status(demo_data):
    statussen = set(Declaratie.objects.filter(partner__naam="Stichting Perspectief").values_list("status", flat=True))
    assert statussen == {"concept", "ingediend", "wijziging_gevraagd", "goedgekeurd", "geboekt", "betaald", "afgewezen"}


def test_2024_costs_booked_in_2025_show_as_t_minus_1_correction(demo_data):
    d = Declaratie.objects.get(factuurnummer="PSP-2024-031")
    assert d.bestedingsjaar == 2024 and d.journaalpost.boekjaar == 2025
    beschikking = Beschikking.objects.get(nummer="SPUK-IZA-AZWA-1047323")
    bedragen = sisa.indicator_bedragen(beschikking, 2025)
    assert bedragen["i4"] == Decimal("18425.50")  # 12.425,50 + 6.000,00 of 2024, booked in 2025


def test_boskoop_partners_declared_without_booking(demo_data):
    boskoop = Declaratie.objects.filter(buurt__naam="Boskoop")
    assert set(boskoop.values_list("partner__naam", flat=True)) == {
        "Participe",
        "Stichting Gezond Boskoop",
        "Tom in de Buurt",
    }
    assert not boskoop.filter(journaalpost__isnull=False).exists()  # no beschikking for Boskoop yet


def test_demo_is_idempotent_and_ledger_balanced(demo_data):
    aantal = Declaratie.objects.count()
    demo.load()
    assert Declaratie.objects.count() == aantal
    for gemeente_naam in ("Gemeente Zutphen", "Gemeente Alphen aan den Rijn"):
        from core.models import Organisatie

        gemeente = Organisatie.objects.get(naam=gemeente_naam)
        for jaar in gq.boekjaren(gemeente):
            assert gq.proefbalans(gemeente, jaar).in_balans
    assert gq.controle_bevindingen() == []
