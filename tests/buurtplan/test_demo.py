"""The demo data reproduces the council papers to the cent (DESIGN.md §6)."""

from decimal import Decimal

import pytest

from buurtplan import demo
from buurtplan.compliance import compliance
from buurtplan.models import Begrotingsregel, Buurt, Buurtplan
from buurtplan.queries import geldende_begroting, spuk_totalen_per_jaar
from core import demo as core_demo

pytestmark = pytest.mark.django_db


def test_demo_has_twenty_cohort_one_buurten_of_april_2024(demo_data):
    namen = set(Buurt.objects.filter(naam__in=[b[0] for b in demo.COHORT_1]).values_list("naam", flat=True))
    assert len(namen) == 20
    oranjebuurt = Buurt.objects.get(naam="Oranjebuurt")
    assert oranjebuurt.gemeente.naam == "Gemeente Lansingerland"
    assert oranjebuurt.alliantie == "Vierstroom"
    # Issue 14 item 8: Lochem works with Sensire and Buurtzorg.
    assert Buurt.objects.get(naam="Buurt Lochem").alliantie == "Buurtzorg, Sensire"
    assert oranjebuurt.cohort == 1


def test_zuidwijken_spuk_totals_per_year_to_the_cent(demo_data):
    zuidwijken = Buurt.objects.get(naam="Zuidwijken")
    assert spuk_totalen_per_jaar(zuidwijken) == {
        2024: Decimal("34851.00"),
        2025: Decimal("167587.00"),
        2026: Decimal("121977.00"),
        2027: Decimal("17425.00"),
    }
    assert sum(spuk_totalen_per_jaar(zuidwijken).values()) == Decimal("341840.00")
    plan = zuidwijken.buurtplannen.get()
    assert plan.status == Buurtplan.Status.VASTGESTELD
    partners = set(plan.begroting.regels.values_list("ontvangende_partner__naam", flat=True))
    assert partners == {"Stichting Perspectief"}
    assert zuidwijken.alliantie == "Sensire"
    assert compliance(zuidwijken) == []


def test_boskoop_spuk_and_zvw_totals_to_the_cent(demo_data):
    boskoop = Buurt.objects.get(naam="Boskoop", gemeente__naam="Gemeente Alphen aan den Rijn")
    totalen = spuk_totalen_per_jaar(boskoop)
    assert set(totalen) == {2026, 2027}
    assert sum(totalen.values()) == Decimal("79510.00")
    regels = geldende_begroting(boskoop).regels
    zvw = sum(r.bedrag for r in regels.filter(financiering=Begrotingsregel.Financiering.ZVW))
    assert zvw == Decimal("1927717.00")
    assert set(regels.filter(financiering="zvw").values_list("ontvangende_partner__naam", flat=True)) == {"Vierstroom"}
    assert set(regels.filter(financiering="spuk").values_list("ontvangende_partner__naam", flat=True)) == {
        "Stichting Gezond Boskoop",
        "Participe",
        "Tom in de Buurt",
    }


def test_boskoop_compliance_names_missing_local_signatures(demo_data):
    boskoop = Buurt.objects.get(naam="Boskoop")
    berichten = compliance(boskoop)
    assert "Het buurtplan is nog door niemand ondertekend. Voeg de ondertekening toe." in berichten
    assert not any("commitment" in m for m in berichten)


def test_demo_load_is_idempotent(demo_data):
    aantallen = (Buurt.objects.count(), Buurtplan.objects.count(), Begrotingsregel.objects.count())
    core_demo.load()
    demo.load()
    assert (Buurt.objects.count(), Buurtplan.objects.count(), Begrotingsregel.objects.count()) == aantallen
