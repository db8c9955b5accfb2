"""The demo reproduces the council papers of Zutphen to the cent and the exposure follows from it."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from buurtplan.models import Buurt
from core.models import Organisatie
from mijlpalen import demo, queries
from mijlpalen.models import Meting, MijlpaalBedrag

pytestmark = pytest.mark.django_db


def _zuidwijken():
    return Buurt.objects.get(naam="Zuidwijken", gemeente__naam="Gemeente Zutphen")


def test_zuidwijken_effort_and_result_milestones_add_up_to_the_council_figures(demo_data):
    bedragen = MijlpaalBedrag.objects.filter(buurt=_zuidwijken())
    inspanning = bedragen.filter(mijlpaal__soort="inspanning", risicodrager="gemeente").aggregate(
        t=Sum("bedrag_sociaal_domein")
    )["t"]
    resultaat = bedragen.filter(mijlpaal__soort="resultaat", risicodrager="zorgaanbieder").aggregate(
        t=Sum("bedrag_sociaal_domein")
    )["t"]
    assert inspanning == Decimal("272139.00")
    assert resultaat == Decimal("69701.00")
    assert inspanning + resultaat == Decimal("341840.00")
    assert _zuidwijken().alliantie == "Sensire"


def test_demo_reconciliation_shows_no_mismatch(demo_data):
    assert queries.verschillen(_zuidwijken()) == []
    assert queries.verschillen(Buurt.objects.get(naam="Boskoop")) == []
    assert sum(
        r["mijlpalen_sociaal_domein"] for r in queries.reconciliatie(Buurt.objects.get(naam="Boskoop"))
    ) == Decimal("79510.00")


def test_demo_exposure_of_zutphen_to_the_cent(demo_data):
    data = queries.blootstelling(gemeente=Organisatie.objects.get(naam="Gemeente Zutphen"))
    # milestone 1 (2024, € 34.851) is behaald; the other effort milestones are open
    assert data["risico_open"] == Decimal("237288.00")
    assert data["terug_te_betalen"] == Decimal("0.00")
    assert data["per_jaar"] == {
        2024: {"risico_open": Decimal("0.00"), "terug_te_betalen": Decimal("0.00")},
        2025: {"risico_open": Decimal("140000.00"), "terug_te_betalen": Decimal("0.00")},
        2026: {"risico_open": Decimal("90000.00"), "terug_te_betalen": Decimal("0.00")},
        2027: {"risico_open": Decimal("7288.00"), "terug_te_betalen": Decimal("0.00")},
    }


def test_demo_exposure_after_milestone_two_niet_behaald(demo_data):
    import datetime

    from core.models import User
    from mijlpalen import services
    from mijlpalen.models import Mijlpaal

    beleid = User.objects.get(email="beleid@zutphen.demo")
    services.leg_status_vast(
        beleid,
        Mijlpaal.objects.get(nummer=2),
        _zuidwijken(),
        "niet_behaald",
        datetime.date(2025, 9, 1),
        "Intentieverklaring niet door alle gemeenten getekend",
    )
    data = queries.blootstelling(gemeente=beleid.gemeenten.get())
    assert data["terug_te_betalen"] == Decimal("60000.00")
    assert data["risico_open"] == Decimal("177288.00")
    assert queries.bedrag_niet_gerealiseerde_mijlpalen([_zuidwijken()], 2025) == Decimal("60000.00")
    assert queries.bedrag_niet_gerealiseerde_mijlpalen([_zuidwijken()], 2024) == Decimal("0.00")


def test_demo_kpi_shows_a_trend_against_the_comparison_group(demo_data):
    from mijlpalen.models import Indicator

    indicator = Indicator.objects.get(naam=demo.KPI_NAAM)
    reeks = queries.kpi_reeks(indicator, _zuidwijken())
    assert [r["index_buurt"] for r in reeks["rijen"]] == [Decimal("100.0"), Decimal("94.0"), Decimal("87.3")]
    assert reeks["laatste_did"] == Decimal("-11.5")
    assert Meting.objects.filter(groep="vergelijking").count() == 3


def test_demo_is_idempotent(demo_data):
    aantal = MijlpaalBedrag.objects.count()
    demo.load()
    assert MijlpaalBedrag.objects.count() == aantal
