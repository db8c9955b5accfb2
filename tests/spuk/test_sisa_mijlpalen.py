"""SiSa indicators 2 and 6 from the national judgement and the spending on the activities linked to
each missed milestone (DESIGN.md §3); the SiSa category stored on the ledger line (3–5)."""

import datetime
from decimal import Decimal

import pytest

from buurtplan.models import Activiteit, Thema
from core.frozen import FrozenError
from mijlpalen import services as mijlpalen_services
from mijlpalen.models import ActiviteitMijlpaal, LandelijkOordeel, MijlpaalBedrag, MijlpaalStatus
from spuk import sisa
from tests.factories.buurtplan import BuurtplanFactory
from tests.factories.core import GemeenteFactory
from tests.factories.mijlpalen import MijlpaalBedragFactory, MijlpaalFactory, landelijk_oordeel
from tests.factories.spuk import aanvraag as maak_aanvraag
from tests.factories.spuk import beschikking as maak_beschikking
from tests.factories.spuk import boek_lasten

D = Decimal
pytestmark = pytest.mark.django_db
BEHAALD = LandelijkOordeel.Uitkomst.BEHAALD
NIET_BEHAALD = LandelijkOordeel.Uitkomst.NIET_BEHAALD


@pytest.fixture
def besch(beleid, financien, gemeente):
    return maak_beschikking(beleid, financien, gemeente)


def waarde(beschikking, jaar, nummer):
    return sisa.indicator_waarde(sisa.bereken(beschikking, jaar), nummer)


@pytest.fixture
def plan(besch, partner_organisatie):
    return BuurtplanFactory(buurt=besch.aanvraag.buurten.get(), partner=partner_organisatie)


def _activiteit(plan, naam):
    thema = Thema.objects.get(transformatieplan=plan.buurt.transformatieplan, code="zorgzame_buurt")
    return Activiteit.objects.create(buurtplan=plan, thema=thema, naam=naam)


@pytest.fixture
def scenario(besch, plan, beleid, financien, partner_organisatie):
    """Three milestones of the buurt: m1 (€ 4.000) achieved nationally, m2 (€ 3.000) and m3
    (€ 1.000) missed nationally; each with its own activity, plus an activity linked to none."""
    buurt = plan.buurt
    m1 = MijlpaalFactory(nummer=1, deadline=datetime.date(2024, 12, 31))
    m2 = MijlpaalFactory(nummer=2, deadline=datetime.date(2025, 6, 30))
    m3 = MijlpaalFactory(nummer=3, deadline=datetime.date(2025, 9, 30))
    for m, jaar, bedrag in ((m1, 2024, "4000.00"), (m2, 2025, "3000.00"), (m3, 2025, "1000.00")):
        MijlpaalBedragFactory(mijlpaal=m, buurt=buurt, jaar=jaar, bedrag_sociaal_domein=D(bedrag))
    a1, a2, a3, los = (_activiteit(plan, n) for n in ("Netwerk", "Spreekuur", "Huiskamer", "Los"))
    for a, m in ((a1, m1), (a2, m2), (a3, m3)):
        ActiviteitMijlpaal.objects.create(activiteit=a, mijlpaal=m)
    landelijk_oordeel(m1, BEHAALD, beleid)
    landelijk_oordeel(m2, NIET_BEHAALD, beleid, beoordeeld_op=datetime.date(2025, 8, 1))
    landelijk_oordeel(m3, NIET_BEHAALD, beleid, beoordeeld_op=datetime.date(2025, 10, 1))

    def lasten(bedrag, jaar, activiteit, relatie=partner_organisatie):
        boek_lasten(
            financien,
            besch,
            bedrag,
            boekdatum=datetime.date(jaar, 10, 1),
            bestedingsjaar=jaar,
            relatie=relatie,
            activiteit=activiteit,
        )

    lasten("5000.00", 2024, a1)  # spending on the achieved milestone
    lasten("1000.00", 2024, a2)
    lasten("500.00", 2025, a2)
    lasten("2500.00", 2025, a3)
    lasten("700.00", 2025, los)
    return {"m1": m1, "m2": m2, "m3": m3, "a1": a1, "a2": a2, "a3": a3, "lasten": lasten}


def test_indicator_6_is_spending_on_activities_of_missed_milestones_capped_per_milestone(besch, scenario):
    # m2: 1.000 + 500 spent ≤ 3.000 → 1.500; m3: 2.500 spent capped at its 1.000 → 1.000.
    # The old rule (missed amounts 3.000 + 1.000 capped at all spending 9.700) gave 4.000.
    data = sisa.bereken(besch, 2025)
    assert sisa.indicator_waarde(data, 6) == D("2500.00")
    rijen = {r["mijlpaal"]: r for r in data["mijlpalen"]}
    assert set(rijen) == {2, 3}
    assert (rijen[2]["besteed"], rijen[2]["bedrag"], rijen[2]["telt_mee"]) == (D("1500.00"), D("3000.00"), D("1500.00"))
    assert (rijen[3]["besteed"], rijen[3]["bedrag"], rijen[3]["telt_mee"]) == (D("2500.00"), D("1000.00"), D("1000.00"))
    # t/m 2024 only m2's 2024 spending counts.
    assert waarde(besch, 2024, 6) == D("1000.00")


def test_indicator_6_ignores_spending_on_achieved_milestones_and_unlinked_activities(besch, scenario):
    before = waarde(besch, 2025, 6)
    scenario["lasten"]("9999.00", 2025, scenario["a1"])
    scenario["lasten"]("9999.00", 2025, None)
    assert waarde(besch, 2025, 6) == before == D("2500.00")


def test_indicator_6_counts_medeoverheid_spending_and_nets_reversals(besch, scenario, financien):
    from grootboek.services import tegenboek

    medeoverheid = GemeenteFactory(naam="Gemeente Lochem", cbs_code="0262")
    scenario["lasten"]("1000.00", 2025, scenario["a2"], relatie=medeoverheid)
    assert waarde(besch, 2025, 6) == D("3500.00")  # m2 now 2.500, m3 1.000
    post = boek_lasten(
        financien, besch, "500.00", boekdatum=datetime.date(2025, 11, 1), bestedingsjaar=2025, activiteit=scenario["a2"]
    )
    assert waarde(besch, 2025, 6) == D("4000.00")  # m2 3.000 = its cap
    tegenboek(financien, post, "Fout", boekdatum=datetime.date(2025, 11, 2))
    assert waarde(besch, 2025, 6) == D("3500.00")


def test_activity_serving_two_missed_milestones_is_not_counted_beyond_its_spending(besch, scenario):
    ActiviteitMijlpaal.objects.create(activiteit=scenario["a3"], mijlpaal=scenario["m2"])
    # m2: a2 1.500 + a3 2.500 = 4.000 capped 3.000; m3: 1.000; sum 4.000 ≤ spent on a2+a3 (4.000).
    assert waarde(besch, 2025, 6) == D("4000.00")


def test_indicator_2_follows_the_national_judgement_not_local_rows(besch, scenario, beleid):
    buurt = besch.aanvraag.buurten.get()
    # Locally everything looks achieved; nationally m2 and m3 are not.
    for m in (scenario["m1"], scenario["m2"], scenario["m3"]):
        MijlpaalStatus.objects.create(mijlpaal=m, buurt=buurt, status=MijlpaalStatus.Status.BEHAALD)
    assert waarde(besch, 2024, 2) == "Ja"  # only m1 is due by 2024, achieved nationally
    assert waarde(besch, 2025, 2) == "Nee"
    # The insurer revises both judgements: the latest one counts.
    landelijk_oordeel(scenario["m2"], BEHAALD, beleid, beoordeeld_op=datetime.date(2025, 12, 1))
    assert waarde(besch, 2025, 2) == "Nee"
    landelijk_oordeel(scenario["m3"], BEHAALD, beleid, beoordeeld_op=datetime.date(2025, 12, 1))
    assert waarde(besch, 2025, 2) == "Ja"
    assert waarde(besch, 2025, 6) == D("0.00")


def test_indicator_2_is_nee_without_national_judgement_even_when_all_buurten_achieved_it(besch, beleid):
    buurt = besch.aanvraag.buurten.get()
    m = MijlpaalFactory(nummer=1, deadline=datetime.date(2024, 12, 31))
    MijlpaalBedragFactory(mijlpaal=m, buurt=buurt, jaar=2024)
    MijlpaalStatus.objects.create(mijlpaal=m, buurt=buurt, status=MijlpaalStatus.Status.BEHAALD)
    assert waarde(besch, 2024, 2) == "Nee"
    landelijk_oordeel(m, BEHAALD, beleid)
    assert waarde(besch, 2024, 2) == "Ja"


def test_indicator_2_and_6_ignore_a_local_niet_behaald_row_when_nationally_achieved(besch, beleid, financien):
    buurt = besch.aanvraag.buurten.get()
    m = MijlpaalFactory(nummer=1, deadline=datetime.date(2024, 12, 31))
    MijlpaalBedragFactory(mijlpaal=m, buurt=buurt, jaar=2024)
    MijlpaalStatus.objects.create(mijlpaal=m, buurt=buurt, status=MijlpaalStatus.Status.NIET_BEHAALD)
    landelijk_oordeel(m, BEHAALD, beleid)
    boek_lasten(financien, besch, "800.00", boekdatum=datetime.date(2024, 5, 1), bestedingsjaar=2024)
    assert waarde(besch, 2024, 2) == "Ja"
    assert waarde(besch, 2024, 6) == D("0.00")


def test_sisa_category_is_read_from_the_ledger_line_not_the_relatie(besch, financien, partner_organisatie):
    from grootboek.models import Journaalregel
    from grootboek.services import Regel, boek, standaard_rekening

    medeoverheid = GemeenteFactory(naam="Gemeente Lochem", cbs_code="0262")
    boek_lasten(
        financien, besch, "300.00", boekdatum=datetime.date(2025, 2, 1), bestedingsjaar=2024, relatie=medeoverheid
    )
    regel = Journaalregel.objects.get(rekening__rol="lasten", debet=D("300.00"))
    assert regel.sisa_categorie == "medeoverheid"
    # A gemeente that carries out work itself (category given explicitly) is zelfstandig.
    lasten = standaard_rekening(besch.gemeente, "lasten", besch.nummer)
    crediteuren = standaard_rekening(besch.gemeente, "crediteuren")
    boek(
        financien,
        gemeente=besch.gemeente,
        boekdatum=datetime.date(2025, 2, 2),
        omschrijving="Eigen uitvoering",
        regels=[
            Regel(lasten, debet=D("50.00"), relatie=medeoverheid, bestedingsjaar=2024, sisa_categorie="zelfstandig"),
            Regel(crediteuren, credit=D("50.00"), relatie=medeoverheid),
        ],
    )
    data = sisa.bereken(besch, 2025)
    assert sisa.indicator_waarde(data, 5) == D("300.00")
    assert sisa.indicator_waarde(data, 4) == D("50.00")


def test_medeoverheid_spending_of_year_t_is_reported_with_the_sisa(besch, financien):
    medeoverheid = GemeenteFactory(naam="Gemeente Lochem", cbs_code="0262")
    boek_lasten(
        financien, besch, "120.00", boekdatum=datetime.date(2025, 4, 1), bestedingsjaar=2025, relatie=medeoverheid
    )
    data = sisa.bereken(besch, 2025)
    assert data["bestedingen_medeoverheid"] == D("120.00")
    assert sisa.indicator_waarde(data, 3) == D("0.00")
    assert [r["bedrag"] for r in data["niet_toegerekend"]] == [D("120.00")]


# ------------------------------------------------------------------ frozen milestone amounts


def test_grant_freezes_milestone_amounts_and_changing_one_is_refused(beleid, financien, gemeente):
    from spuk import services

    a = maak_aanvraag(beleid, gemeente)
    buurt = a.buurten.get()
    m = MijlpaalFactory(nummer=2)
    bedrag = MijlpaalBedragFactory(mijlpaal=m, buurt=buurt, jaar=2025, bedrag_sociaal_domein=D("3000.00"))
    services.dien_in(beleid, a, reden="Test")
    besch = services.verleen(financien, a, nummer="SPUK-X", datum=datetime.date(2024, 11, 1), bedrag=D("341840.00"))
    bedrag.refresh_from_db()
    assert bedrag.toegekend_op == datetime.date(2024, 11, 1) and bedrag.toegekend_in == "SPUK-X"
    landelijk_oordeel(m, NIET_BEHAALD, beleid)
    boek_lasten(financien, besch, "5000.00", boekdatum=datetime.date(2025, 3, 1), bestedingsjaar=2025)
    voor = sisa.bereken(besch, 2025)

    with pytest.raises(Exception) as exc:
        mijlpalen_services.bewaar_bedrag(beleid, buurt, m, 2025, D("9000.00"), D("0"), "gemeente")
    assert "toegekend" in str(exc.value)
    bedrag.bedrag_sociaal_domein = D("9000.00")
    with pytest.raises(FrozenError):
        bedrag.save()
    with pytest.raises(FrozenError):
        MijlpaalBedrag.objects.filter(pk=bedrag.pk).update(bedrag_sociaal_domein=D("9000.00"))
    with pytest.raises(FrozenError):
        MijlpaalBedragFactory(mijlpaal=m, buurt=buurt, jaar=2026)
    assert sisa.bereken(besch, 2025)["mijlpalen_bedrag"] == voor["mijlpalen_bedrag"] == D("3000.00")


def test_database_refuses_changing_a_granted_amount_without_amendment(beleid, gemeente, is_postgres):
    if not is_postgres:
        pytest.skip("PostgreSQL trigger")
    from django.db import connection, transaction
    from django.db.utils import IntegrityError, InternalError

    buurt = maak_aanvraag(beleid, gemeente).buurten.get()
    bedrag = MijlpaalBedragFactory(mijlpaal=MijlpaalFactory(), buurt=buurt, jaar=2025)
    mijlpalen_services.ken_bedragen_toe([buurt.pk], datum=datetime.date(2025, 1, 1), beschikkingsnummer="X")
    for sql in (
        "UPDATE mijlpalen_mijlpaalbedrag SET bedrag_sociaal_domein = 1 WHERE id = %s",
        "UPDATE mijlpalen_mijlpaalbedrag SET bedrag_sociaal_domein = 1, versie = versie + 1 WHERE id = %s",
        "DELETE FROM mijlpalen_mijlpaalbedrag WHERE id = %s",
    ):
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [bedrag.pk])


def test_amendment_records_who_when_why_and_shows_on_the_concept_sisa(besch, beleid):
    buurt = besch.aanvraag.buurten.get()
    m = MijlpaalFactory(nummer=4)
    bedrag = MijlpaalBedragFactory(mijlpaal=m, buurt=buurt, jaar=2025, bedrag_sociaal_domein=D("3000.00"))
    mijlpalen_services.ken_bedragen_toe([buurt.pk], datum=datetime.date(2025, 1, 1), beschikkingsnummer=besch.nummer)
    with pytest.raises(Exception) as exc:
        mijlpalen_services.wijzig_toegekend_bedrag(
            beleid, bedrag, bedrag_sociaal_domein=D("2500.00"), bedrag_zorg=D("0"), reden=" "
        )
    assert "reden" in str(exc.value)
    w = mijlpalen_services.wijzig_toegekend_bedrag(
        beleid, bedrag, bedrag_sociaal_domein=D("2500.00"), bedrag_zorg=D("0"), reden="Wijzigingsbesluit DUS-I"
    )
    bedrag.refresh_from_db()
    assert (bedrag.versie, bedrag.bedrag_sociaal_domein) == (2, D("2500.00"))
    assert (w.versie, w.oud_sociaal_domein, w.nieuw_sociaal_domein, w.gewijzigd_door) == (
        2,
        D("3000.00"),
        D("2500.00"),
        beleid,
    )
    with pytest.raises(FrozenError):
        w.delete()
    [regel] = sisa.bereken(besch, 2025)["mijlpaalwijzigingen"]
    assert (regel["oud"], regel["nieuw"], regel["reden"]) == (D("3000.00"), D("2500.00"), "Wijzigingsbesluit DUS-I")
    # Once the insurer judged the milestone nationally, its amount is not amended any more.
    landelijk_oordeel(m, NIET_BEHAALD, beleid)
    with pytest.raises(Exception) as exc:
        mijlpalen_services.wijzig_toegekend_bedrag(
            beleid, bedrag, bedrag_sociaal_domein=D("1.00"), bedrag_zorg=D("0"), reden="Nog eens"
        )
    assert "landelijk beoordeeld" in str(exc.value)
