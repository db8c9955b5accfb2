import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.frozen import FrozenError
from core.services import timeline
from grootboek.models import Journaalregel, Rekening
from grootboek.queries import saldo
from grootboek.services import standaard_rekening
from spuk import queries, services, sisa
from spuk.models import Aanvraag, SisaVerantwoording, Termijn, Terugbetaling, checksum_of
from tests.factories.buurtplan import BuurtFactory, klaar_voor_vaststelling
from tests.factories.spuk import aanvraag as maak_aanvraag
from tests.factories.spuk import beschikking as maak_beschikking
from tests.factories.spuk import boek_lasten

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def besch(beleid, financien, gemeente):
    return maak_beschikking(beleid, financien, gemeente)


def ontvang(financien, besch, jaar, datum):
    termijn = besch.termijnen.get(jaar=jaar)
    return services.registreer_termijn(financien, termijn, ontvangen_op=datum)


# --- aanvraag ------------------------------------------------------------------------------------


def test_submitting_with_mismatch_needs_a_reason(beleid, gemeente):
    aanvraag = maak_aanvraag(beleid, gemeente)
    with pytest.raises(ValidationError) as exc:
        services.dien_in(beleid, aanvraag)
    assert "afwijking" in str(exc.value) or "wijken af" in str(exc.value)
    services.dien_in(beleid, aanvraag, reden="Begroting volgt na het collegebesluit")
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.INGEDIEND
    assert aanvraag.afwijking_reden == "Begroting volgt na het collegebesluit"
    log = timeline(aanvraag).filter(actie="statuswijziging").get()
    assert (log.van_status, log.naar_status) == ("concept", "ingediend")


def test_reconciliation_shows_each_mismatch_with_its_amount(beleid, gemeente, partner_organisatie):
    buurt = BuurtFactory(gemeente=gemeente, naam="Zuidwijken")
    klaar_voor_vaststelling(beleid, buurt, partner_organisatie, bedragen={2024: D("1000.00"), 2025: D("2500.50")})
    aanvraag = maak_aanvraag(beleid, gemeente, buurten=[buurt], bedragen={2024: D("1000.00"), 2025: D("2600.50")})
    controle = queries.reconciliatie(aanvraag)
    rij24, rij25 = controle["rijen"]
    assert rij24["verschil_begroting"] == D("0.00")
    assert rij25["verschil_begroting"] == D("100.00")
    # No milestone amounts yet: every requested euro differs from the mijlpalen.
    assert rij25["verschil_mijlpalen"] == D("2600.50")
    assert not controle["klopt"]


def test_submit_without_mismatch_needs_no_reason(beleid, gemeente, partner_organisatie):
    from buurtplan.catalogus import ensure_transformatieplan
    from mijlpalen.models import Mijlpaal, MijlpaalBedrag

    buurt = BuurtFactory(gemeente=gemeente, naam="Zuidwijken")
    klaar_voor_vaststelling(beleid, buurt, partner_organisatie, bedragen={2024: D("1000.00")})
    m = Mijlpaal.objects.create(
        transformatieplan=ensure_transformatieplan(),
        nummer=1,
        omschrijving="M1",
        soort="inspanning",
        deadline=datetime.date(2024, 12, 31),
    )
    MijlpaalBedrag.objects.create(
        mijlpaal=m, buurt=buurt, jaar=2024, bedrag_sociaal_domein=D("1000.00"), risicodrager="gemeente"
    )
    aanvraag = maak_aanvraag(beleid, gemeente, buurten=[buurt], bedragen={2024: D("1000.00")})
    services.dien_in(beleid, aanvraag)
    aanvraag.refresh_from_db()
    assert aanvraag.status == "ingediend" and aanvraag.afwijking_reden == ""


def test_financien_cannot_create_aanvraag(financien, gemeente):
    with pytest.raises(PermissionDenied):
        maak_aanvraag(financien, gemeente)


def test_verlenen_creates_beschikking_termijnen_and_accounts(besch, gemeente):
    assert besch.aanvraag.status == Aanvraag.Status.VERLEEND
    assert besch.bedrag == D("341840.00")
    assert [(t.jaar, t.verwacht_bedrag) for t in besch.termijnen.all()] == [
        (2024, D("34851.00")),
        (2025, D("167587.00")),
        (2026, D("121977.00")),
        (2027, D("17425.00")),
    ]
    assert (besch.periode_start_jaar, besch.periode_eind_jaar) == (2024, 2027)
    assert Rekening.objects.filter(gemeente=gemeente, beschikkingsnummer=besch.nummer).count() == 4
    assert queries.beschikking_voor_buurt(besch.aanvraag.buurten.get()) == besch


def test_granted_amount_lower_than_requested_is_spread_over_the_years(beleid, financien, gemeente):
    aanvraag = maak_aanvraag(
        beleid, gemeente, bedragen={2026: D("40000.00"), 2027: D("39510.00")}, zaaknummer="3762946"
    )
    services.dien_in(beleid, aanvraag, reden="test")
    besch = services.verleen(financien, aanvraag, nummer="X-1", datum=datetime.date(2026, 3, 1), bedrag=D("70000.00"))
    termijnen = list(besch.termijnen.values_list("verwacht_bedrag", flat=True))
    assert sum(termijnen) == D("70000.00")


def test_beschikking_voor_buurt_ignores_rejected_aanvraag(beleid, gemeente):
    aanvraag = maak_aanvraag(beleid, gemeente)
    services.dien_in(beleid, aanvraag, reden="x")
    services.wijs_af(beleid, aanvraag, "Budget op")
    assert queries.beschikking_voor_buurt(aanvraag.buurten.get()) is None


# --- money ---------------------------------------------------------------------------------------


def test_termijn_books_bank_against_vooruitontvangen(besch, financien, gemeente):
    termijn = ontvang(financien, besch, 2024, datetime.date(2024, 12, 5))
    assert termijn.status == Termijn.Status.ONTVANGEN
    regels = {r.rekening.rol: r for r in termijn.journaalpost.regels.select_related("rekening")}
    assert regels["bank"].debet == D("34851.00")
    assert regels["vooruitontvangen"].credit == D("34851.00")
    assert regels["vooruitontvangen"].rekening.beschikkingsnummer == besch.nummer
    with pytest.raises(ValidationError):
        services.registreer_termijn(financien, termijn, ontvangen_op=datetime.date(2024, 12, 6))


def test_beleid_cannot_register_termijn(besch, beleid):
    with pytest.raises(PermissionDenied):
        services.registreer_termijn(beleid, besch.termijnen.first(), ontvangen_op=datetime.date(2024, 12, 5))


def test_jaarafsluiting_releases_net_spending_of_the_year(besch, financien):
    ontvang(financien, besch, 2024, datetime.date(2024, 12, 5))
    boek_lasten(financien, besch, "10000.00", boekdatum=datetime.date(2024, 11, 1), bestedingsjaar=2024)
    afsluiting = services.jaarafsluiting(financien, besch, 2024)
    assert afsluiting.vrijval == D("10000.00")
    assert afsluiting.journaalpost.boekdatum == datetime.date(2024, 12, 31)
    baten = standaard_rekening(besch.gemeente, "baten", besch.nummer)
    assert saldo(baten) == D("-10000.00")
    with pytest.raises(ValidationError):
        services.jaarafsluiting(financien, besch, 2024)


def test_verloopstaat_closes_and_equals_the_ledger_balance(besch, financien):
    ontvang(financien, besch, 2024, datetime.date(2024, 12, 5))
    boek_lasten(financien, besch, "10000.00", boekdatum=datetime.date(2024, 11, 1), bestedingsjaar=2024)
    services.jaarafsluiting(financien, besch, 2024)
    ontvang(financien, besch, 2025, datetime.date(2025, 2, 1))
    boek_lasten(financien, besch, "1000.00", boekdatum=datetime.date(2025, 2, 15), bestedingsjaar=2024)
    boek_lasten(financien, besch, "20000.45", boekdatum=datetime.date(2025, 6, 15), bestedingsjaar=2025)
    services.registreer_terugbetaling(
        financien, besch, reden="mijlpaal", bedrag=D("500.00"), boekdatum=datetime.date(2025, 9, 1)
    )
    services.jaarafsluiting(financien, besch, 2025)

    v24 = queries.verloopstaat(besch, 2024)
    assert (v24.beginsaldo, v24.ontvangen, v24.vrijgevallen, v24.terugbetaald, v24.eindsaldo) == (
        D("0.00"),
        D("34851.00"),
        D("10000.00"),
        D("0.00"),
        D("24851.00"),
    )
    v25 = queries.verloopstaat(besch, 2025)
    assert v25.beginsaldo == v24.eindsaldo
    assert v25.ontvangen == D("167587.00")
    assert v25.vrijgevallen == D("21000.45")
    assert v25.terugbetaald == D("500.00")
    assert v25.overig == D("0.00")
    assert v25.eindsaldo == v25.beginsaldo + v25.ontvangen - v25.vrijgevallen - v25.terugbetaald
    vooruit = standaard_rekening(besch.gemeente, "vooruitontvangen", besch.nummer)
    assert v25.eindsaldo == -saldo(vooruit, tot_datum=datetime.date(2025, 12, 31)) == D("170937.55")
    assert v24.sluit and v25.sluit


def test_terugbetaling_is_booked_then_paid(besch, financien):
    ontvang(financien, besch, 2024, datetime.date(2024, 12, 5))
    t = services.registreer_terugbetaling(
        financien,
        besch,
        reden="mijlpaal",
        bedrag=D("1200.00"),
        boekdatum=datetime.date(2025, 7, 1),
        toelichting="Mijlpaal 3 niet behaald",
    )
    rijk = standaard_rekening(besch.gemeente, "te_betalen_rijk", besch.nummer)
    assert saldo(rijk) == D("-1200.00")
    t = services.betaal_terugbetaling(financien, t, betaald_op=datetime.date(2025, 8, 1))
    assert t.status == Terugbetaling.Status.BETAALD
    assert saldo(rijk) == D("0.00")


def test_vaststelling_books_underspend_as_repayment(besch, financien):
    for jaar in (2024, 2025):
        ontvang(financien, besch, jaar, datetime.date(jaar, 3, 1))
    vaststelling = services.leg_vaststelling_vast(
        financien, besch, datum=datetime.date(2025, 10, 1), bedrag=D("200000.00"), kenmerk="DUS-I 123"
    )
    besch.refresh_from_db()
    assert besch.aanvraag.status == Aanvraag.Status.VASTGESTELD
    assert vaststelling.bedrag == D("200000.00")
    terug = besch.terugbetalingen.get()
    assert terug.reden == "onderbesteding" and terug.bedrag == D("2438.00")


# --- SiSa definitief ------------------------------------------------------------------------------


def test_definitief_does_not_change_when_later_bookings_arrive(besch, financien):
    boek_lasten(financien, besch, "1000.00", boekdatum=datetime.date(2025, 3, 1), bestedingsjaar=2025)
    v1 = services.maak_sisa_definitief(financien, besch, 2025)
    snapshot_before = v1.snapshot
    boek_lasten(financien, besch, "999.99", boekdatum=datetime.date(2025, 12, 1), bestedingsjaar=2025)
    v1.refresh_from_db()
    assert v1.snapshot == snapshot_before
    assert v1.checksum == checksum_of(v1.snapshot) and v1.checksum_klopt()
    frozen, _ = services.sisa_gegevens(besch, 2025, versie=1)
    assert sisa.indicator_waarde(frozen, 3) == D("1000.00")
    assert sisa.indicator_waarde(sisa.bereken(besch, 2025), 3) == D("1999.99")


def test_definitief_cannot_be_edited_or_deleted(besch, financien):
    v1 = services.maak_sisa_definitief(financien, besch, 2025)
    v1.snapshot = {"indicatoren": []}
    with pytest.raises(FrozenError):
        v1.save()
    with pytest.raises(FrozenError):
        SisaVerantwoording.objects.get(pk=v1.pk).delete()
    with pytest.raises(FrozenError):
        SisaVerantwoording.objects.filter(pk=v1.pk).update(checksum="x")
    with pytest.raises(FrozenError):
        SisaVerantwoording.objects.filter(pk=v1.pk).delete()


def test_new_version_supersedes_and_needs_a_reason(besch, financien):
    v1 = services.maak_sisa_definitief(financien, besch, 2025)
    with pytest.raises(ValidationError):
        services.maak_sisa_definitief(financien, besch, 2025)
    boek_lasten(financien, besch, "10.00", boekdatum=datetime.date(2025, 3, 1), bestedingsjaar=2025)
    v2 = services.maak_sisa_definitief(financien, besch, 2025, reden="Late factuur verwerkt")
    assert (v2.versie, v2.vervangt) == (2, v1)
    assert services.geldende_verantwoording(besch, 2025) == v2
    assert v1.checksum != v2.checksum


def test_only_financien_makes_sisa_definitief(besch, beleid, controle):
    for user in (beleid, controle):
        with pytest.raises(PermissionDenied):
            services.maak_sisa_definitief(user, besch, 2025)


def test_spuk_bookings_leave_ledger_balanced(besch, financien):
    ontvang(financien, besch, 2024, datetime.date(2024, 12, 5))
    boek_lasten(financien, besch, "10.00", boekdatum=datetime.date(2024, 3, 1), bestedingsjaar=2024)
    services.jaarafsluiting(financien, besch, 2024)
    regels = Journaalregel.objects.filter(journaalpost__gemeente=besch.gemeente)
    assert sum(r.debet for r in regels) == sum(r.credit for r in regels)


def test_submitting_after_the_application_deadline_is_refused(beleid, gemeente):
    aanvraag = maak_aanvraag(beleid, gemeente)
    regeling = aanvraag.regeling
    regeling.aanvraag_deadline = datetime.date(2025, 6, 1)
    regeling.save()
    with pytest.raises(ValidationError) as exc:
        services.dien_in(beleid, aanvraag, reden="x", datum=datetime.date(2025, 6, 2))
    assert "aanvraagtermijn" in str(exc.value)
    services.dien_in(beleid, aanvraag, reden="x", datum=datetime.date(2025, 6, 1))


def test_termijnen_must_fall_within_the_period(beleid, financien, gemeente):
    aanvraag = maak_aanvraag(beleid, gemeente, bedragen={2026: D("100.00")}, zaaknummer="9")
    services.dien_in(beleid, aanvraag, reden="x")
    with pytest.raises(ValidationError):
        services.verleen(
            financien,
            aanvraag,
            nummer="P-1",
            datum=datetime.date(2026, 1, 5),
            bedrag=D("100.00"),
            termijnen=[(2029, D("100.00"), None)],
        )


@pytest.mark.postgres
def test_database_trigger_refuses_changing_a_definitief_version(besch, financien, is_postgres):
    from django.db import IntegrityError, connection, transaction

    if not is_postgres:
        pytest.skip("database triggers exist on PostgreSQL only")
    v1 = services.maak_sisa_definitief(financien, besch, 2025)
    for sql in (
        "UPDATE spuk_sisaverantwoording SET checksum = 'x' WHERE id = %s",
        "DELETE FROM spuk_sisaverantwoording WHERE id = %s",
    ):
        with pytest.raises(IntegrityError, match="definitief"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [v1.pk])
    v1.refresh_from_db()
    assert v1.checksum_klopt()
