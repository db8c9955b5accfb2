"""Read models used by later apps: geldende begroting, SPUK totals per year, lines per partner."""

from decimal import Decimal

import pytest

from buurtplan import services
from buurtplan.models import Thema
from buurtplan.queries import begrotingsregels_voor_partner, geldende_begroting, spuk_totalen_per_jaar, totalen
from tests.factories.buurtplan import BuurtFactory, klaar_voor_vaststelling
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def test_buurt_without_plan_has_no_begroting(buurt):
    assert geldende_begroting(buurt) is None
    assert spuk_totalen_per_jaar(buurt) == {}


def test_geldende_begroting_is_vastgesteld_version_even_with_newer_concept(beleid, buurt, partner_organisatie):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    services.stel_vast(beleid, plan)
    nieuw = services.nieuwe_versie(beleid, plan, "Wijziging")
    regel = nieuw.begroting.regels.get(jaar=2024)
    services.bewaar_begroting(beleid, nieuw.begroting, [{"regel": regel, "bedrag": Decimal("9999.99")}])
    assert geldende_begroting(buurt) == plan.begroting
    assert spuk_totalen_per_jaar(buurt) == {2024: Decimal("1000.00"), 2025: Decimal("2500.50")}


def test_geldende_begroting_is_latest_concept_without_vastgesteld(beleid, buurt):
    plan = services.maak_buurtplan(beleid, buurt)
    assert geldende_begroting(buurt) == plan.begroting


def test_spuk_totals_ignore_zvw_and_other_funding(beleid, buurt, partner_organisatie):
    plan = services.maak_buurtplan(beleid, buurt)
    thema = Thema.objects.get(transformatieplan=buurt.transformatieplan, code="lerende_buurt")
    activiteit = services.voeg_activiteit_toe(beleid, plan, thema=thema, naam="Intervisie")
    for financiering, domein, bedrag in [
        ("spuk", "sociaal_domein", "0.10"),
        ("spuk", "sociaal_domein", "0.20"),
        ("zvw", "zorg", "500.00"),
        ("overig", "sociaal_domein", "7.00"),
    ]:
        services.voeg_regel_toe(
            beleid,
            plan.begroting,
            activiteit=activiteit,
            jaar=2026,
            domein=domein,
            financiering=financiering,
            ontvangende_partner=partner_organisatie,
            bedrag=Decimal(bedrag),
        )
    assert spuk_totalen_per_jaar(buurt) == {2026: Decimal("0.30")}
    t = totalen(plan.begroting.regels.all())
    assert t["per_financiering"] == {"spuk": Decimal("0.30"), "zvw": Decimal("500.00"), "overig": Decimal("7.00")}
    assert t["per_domein"] == {"sociaal_domein": Decimal("7.30"), "zorg": Decimal("500.00")}
    assert t["totaal"] == Decimal("507.30")


def test_lines_for_partner_only_from_geldende_version_and_optionally_per_gemeente(
    beleid, buurt, partner_organisatie, andere_gemeente
):
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    services.stel_vast(beleid, plan)
    services.nieuwe_versie(beleid, plan, "Wijziging")  # concept v2 copies the lines; they must not count twice
    ander_beleid = UserFactory(role="beleid", gemeenten=[andere_gemeente])
    andere = BuurtFactory(naam="Boskoop", gemeente=andere_gemeente)
    klaar_voor_vaststelling(ander_beleid, andere, partner_organisatie, bedragen={2026: Decimal("5.00")})
    regels = begrotingsregels_voor_partner(partner_organisatie)
    assert sorted((r.begroting.buurtplan.buurt.naam, r.begroting.buurtplan.versie, r.bedrag) for r in regels) == [
        ("Boskoop", 1, Decimal("5.00")),
        ("Zuidwijken", 1, Decimal("1000.00")),
        ("Zuidwijken", 1, Decimal("2500.50")),
    ]
    assert [r.bedrag for r in begrotingsregels_voor_partner(partner_organisatie, gemeente=andere_gemeente)] == [
        Decimal("5.00")
    ]
    assert "Zuidwijken 2024" in str(regels.filter(jaar=2024).first())


def test_budget_line_changes_are_kept_in_history(beleid, buurt, partner_organisatie):
    plan = services.maak_buurtplan(beleid, buurt)
    thema = Thema.objects.get(transformatieplan=buurt.transformatieplan, code="lerende_buurt")
    activiteit = services.voeg_activiteit_toe(beleid, plan, thema=thema, naam="Intervisie")
    regel = services.voeg_regel_toe(
        beleid,
        plan.begroting,
        activiteit=activiteit,
        jaar=2026,
        domein="sociaal_domein",
        financiering="spuk",
        ontvangende_partner=partner_organisatie,
        bedrag=Decimal("10"),
    )
    services.bewaar_begroting(beleid, plan.begroting, [{"regel": regel, "bedrag": Decimal("12.50")}])
    assert [h.bedrag for h in regel.history.order_by("history_date")] == [Decimal("10.00"), Decimal("12.50")]
