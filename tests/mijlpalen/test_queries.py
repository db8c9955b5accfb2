"""National status, exposure, SiSa figures, deadlines and reconciliation (aggregated in SQL)."""

import datetime
from decimal import Decimal

import pytest

from mijlpalen import queries, services
from mijlpalen.models import MijlpaalBedrag, MijlpaalStatus
from tests.factories.mijlpalen import MijlpaalBedragFactory, MijlpaalFactory, MijlpaalStatusFactory

pytestmark = pytest.mark.django_db
B, NB, OPEN = MijlpaalStatus.Status.BEHAALD, MijlpaalStatus.Status.NIET_BEHAALD, MijlpaalStatus.Status.OPEN


def test_milestone_is_behaald_nationally_only_when_behaald_in_every_participating_buurt(buurt, andere_buurt):
    mijlpaal = MijlpaalFactory()
    MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=buurt)
    MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=andere_buurt)
    MijlpaalStatusFactory(mijlpaal=mijlpaal, buurt=buurt, status=B)
    result = queries.landelijke_status(mijlpaal)
    assert result["status"] == OPEN
    assert result["behaald_in"] == [buurt]
    assert result["achterblijvers"] == [andere_buurt]
    assert queries.mijlpalen_met_landelijke_status().get(pk=mijlpaal.pk).landelijk == OPEN

    MijlpaalStatusFactory(mijlpaal=mijlpaal, buurt=andere_buurt, status=B)
    result = queries.landelijke_status(mijlpaal)
    assert result["status"] == B
    assert result["achterblijvers"] == []
    assert queries.mijlpalen_met_landelijke_status().get(pk=mijlpaal.pk).landelijk == B


def test_milestone_niet_behaald_in_one_buurt_is_niet_behaald_nationally(buurt, andere_buurt):
    mijlpaal = MijlpaalFactory()
    MijlpaalStatusFactory(mijlpaal=mijlpaal, buurt=buurt, status=B)
    MijlpaalStatusFactory(mijlpaal=mijlpaal, buurt=andere_buurt, status=NB)
    result = queries.landelijke_status(mijlpaal)
    assert result["status"] == NB
    assert result["niet_behaald_in"] == [andere_buurt]
    assert queries.mijlpalen_met_landelijke_status().get(pk=mijlpaal.pk).landelijk == NB


def test_milestone_without_participating_buurten_is_open(db):
    mijlpaal = MijlpaalFactory()
    assert queries.landelijke_status(mijlpaal)["status"] == OPEN
    assert queries.mijlpalen_met_landelijke_status().get(pk=mijlpaal.pk).landelijk == OPEN


def test_status_only_buurt_counts_as_participating(buurt, andere_buurt):
    mijlpaal = MijlpaalFactory()
    MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=buurt)
    MijlpaalStatusFactory(mijlpaal=mijlpaal, buurt=buurt, status=B)
    MijlpaalStatusFactory(mijlpaal=mijlpaal, buurt=andere_buurt, status=OPEN)
    assert queries.landelijke_status(mijlpaal)["achterblijvers"] == [andere_buurt]
    assert queries.mijlpalen_met_landelijke_status().get(pk=mijlpaal.pk).landelijk == OPEN


def test_alle_mijlpalen_behaald_considers_deadline_year_and_relevant_milestones(buurt, andere_buurt):
    m2024 = MijlpaalFactory(deadline=datetime.date(2024, 12, 31))
    m2025 = MijlpaalFactory(deadline=datetime.date(2025, 12, 31))
    elders = MijlpaalFactory(deadline=datetime.date(2024, 6, 30))
    MijlpaalBedragFactory(mijlpaal=m2024, buurt=buurt, jaar=2024)
    MijlpaalBedragFactory(mijlpaal=m2025, buurt=buurt, jaar=2025)
    MijlpaalBedragFactory(mijlpaal=elders, buurt=andere_buurt, jaar=2024)  # not relevant to buurt
    MijlpaalStatusFactory(mijlpaal=m2024, buurt=buurt, status=B)
    assert queries.alle_mijlpalen_behaald([buurt], 2024) is True
    assert queries.alle_mijlpalen_behaald([buurt], 2025) is False
    # m2024 also runs in another buurt where it is not yet behaald: nationally not achieved
    MijlpaalBedragFactory(mijlpaal=m2024, buurt=andere_buurt, jaar=2024)
    assert queries.alle_mijlpalen_behaald([buurt], 2024) is False


def test_bedrag_niet_gerealiseerde_mijlpalen_sums_years_up_to_t_and_risk_bearer(buurt):
    mijlpaal = MijlpaalFactory()
    resultaat = MijlpaalFactory(soort="resultaat")
    MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=buurt, jaar=2024, bedrag_sociaal_domein=Decimal("1000.10"))
    MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=buurt, jaar=2025, bedrag_sociaal_domein=Decimal("2000.20"))
    MijlpaalBedragFactory(
        mijlpaal=resultaat,
        buurt=buurt,
        jaar=2024,
        bedrag_sociaal_domein=Decimal("500.00"),
        risicodrager=MijlpaalBedrag.Risicodrager.ZORGAANBIEDER,
    )
    assert queries.bedrag_niet_gerealiseerde_mijlpalen([buurt], 2025) == Decimal("0.00")
    MijlpaalStatusFactory(mijlpaal=mijlpaal, buurt=buurt, status=NB)
    MijlpaalStatusFactory(mijlpaal=resultaat, buurt=buurt, status=NB)
    assert queries.bedrag_niet_gerealiseerde_mijlpalen([buurt], 2024) == Decimal("1000.10")
    assert queries.bedrag_niet_gerealiseerde_mijlpalen([buurt], 2025) == Decimal("3000.30")
    assert queries.bedrag_niet_gerealiseerde_mijlpalen([buurt], 2025, risicodrager=None) == Decimal("3500.30")
    assert queries.bedrag_niet_gerealiseerde_mijlpalen([buurt], 2025, risicodrager="zorgaanbieder") == Decimal("500.00")


def test_blootstelling_splits_open_and_due_for_gemeente_risk_only(buurt, andere_buurt, gemeente):
    a, b, r = MijlpaalFactory(), MijlpaalFactory(), MijlpaalFactory(soort="resultaat")
    MijlpaalBedragFactory(mijlpaal=a, buurt=buurt, jaar=2025, bedrag_sociaal_domein=Decimal("100.01"))
    MijlpaalBedragFactory(mijlpaal=b, buurt=buurt, jaar=2025, bedrag_sociaal_domein=Decimal("200.02"))
    MijlpaalBedragFactory(
        mijlpaal=r,
        buurt=buurt,
        jaar=2025,
        bedrag_sociaal_domein=Decimal("999.00"),
        risicodrager=MijlpaalBedrag.Risicodrager.ZORGAANBIEDER,
    )
    MijlpaalBedragFactory(mijlpaal=a, buurt=andere_buurt, jaar=2026, bedrag_sociaal_domein=Decimal("50.00"))
    MijlpaalStatusFactory(mijlpaal=b, buurt=buurt, status=NB)
    data = queries.blootstelling(gemeente=gemeente)
    assert data["risico_open"] == Decimal("100.01")
    assert data["terug_te_betalen"] == Decimal("200.02")
    assert data["per_jaar"] == {2025: {"risico_open": Decimal("100.01"), "terug_te_betalen": Decimal("200.02")}}
    alle = queries.blootstelling()
    assert alle["risico_open"] == Decimal("150.01")
    assert {g["gemeente_id"] for g in alle["per_gemeente"]} == {buurt.gemeente_id, andere_buurt.gemeente_id}
    assert queries.blootstelling(buurt=andere_buurt)["risico_open"] == Decimal("50.00")


def test_blootstelling_runs_in_one_query(buurt, django_assert_num_queries):
    for jaar in (2024, 2025, 2026):
        MijlpaalBedragFactory(mijlpaal=MijlpaalFactory(), buurt=buurt, jaar=jaar)
    with django_assert_num_queries(1):
        queries.blootstelling()


def test_mijlpalen_met_deadline_binnen_lists_buurten_not_behaald(buurt, andere_buurt):
    vandaag = datetime.date(2025, 6, 1)
    binnenkort = MijlpaalFactory(deadline=datetime.date(2025, 6, 20))
    later = MijlpaalFactory(deadline=datetime.date(2025, 9, 1))
    klaar = MijlpaalFactory(deadline=datetime.date(2025, 6, 10))
    for m in (binnenkort, later, klaar):
        MijlpaalBedragFactory(mijlpaal=m, buurt=buurt)
        MijlpaalBedragFactory(mijlpaal=m, buurt=andere_buurt)
    MijlpaalStatusFactory(mijlpaal=binnenkort, buurt=buurt, status=B)
    MijlpaalStatusFactory(mijlpaal=klaar, buurt=buurt, status=B)
    MijlpaalStatusFactory(mijlpaal=klaar, buurt=andere_buurt, status=B)
    result = queries.mijlpalen_met_deadline_binnen(30, vandaag=vandaag)
    assert result == [(binnenkort, [andere_buurt])]


def test_reconciliatie_detects_mismatch_per_year_with_amount(beleid, buurt, partner_organisatie):
    from tests.factories.buurtplan import klaar_voor_vaststelling

    klaar_voor_vaststelling(beleid, buurt, partner_organisatie, {2024: Decimal("1000.00"), 2025: Decimal("2500.50")})
    m = MijlpaalFactory()
    MijlpaalBedragFactory(mijlpaal=m, buurt=buurt, jaar=2024, bedrag_sociaal_domein=Decimal("1000.00"))
    MijlpaalBedragFactory(mijlpaal=m, buurt=buurt, jaar=2025, bedrag_sociaal_domein=Decimal("2400.00"))
    MijlpaalBedragFactory(mijlpaal=m, buurt=buurt, jaar=2026, bedrag_sociaal_domein=Decimal("10.00"))
    rijen = queries.reconciliatie(buurt)
    assert [r["jaar"] for r in rijen] == [2024, 2025, 2026]
    assert rijen[0]["klopt"] is True
    verschillen = queries.verschillen(buurt)
    assert [(r["jaar"], r["verschil"]) for r in verschillen] == [(2025, Decimal("-100.50")), (2026, Decimal("10.00"))]


def test_recorded_status_feeds_the_national_status(beleid, buurt):
    mijlpaal = MijlpaalFactory()
    MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=buurt)
    services.leg_status_vast(beleid, mijlpaal, buurt, B, datetime.date(2025, 3, 1), "Aangetoond met verslag")
    assert queries.landelijke_status(mijlpaal)["status"] == B
