"""Regression tests of issue 12 (ledger, year-end and settlement): each failed on the old code."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.workflow import TransitionRefused
from grootboek.models import AfgeslotenPeriode, Journaalregel, Rekening
from grootboek.queries import saldo
from grootboek.services import (
    BoekingGeweigerd,
    Regel,
    boek,
    sluit_boekjaar,
    standaard_rekening,
    tegenboek_handmatig,
)
from spuk import api, queries, services
from spuk.models import NogTeOntvangen, Termijn, Terugbetaling
from tests.factories.core import OrganisatieFactory
from tests.factories.spuk import beschikking as maak_beschikking
from tests.factories.spuk import boek_lasten

D = Decimal
R = Rekening.Rol
pytestmark = pytest.mark.django_db
NA_2025 = datetime.date(2026, 2, 1)


@pytest.fixture
def besch(beleid, financien, gemeente):
    return maak_beschikking(beleid, financien, gemeente)


def _rek(besch, rol):
    nr = "" if rol in (R.BANK, R.CREDITEUREN, R.DEBITEUREN) else besch.nummer
    return standaard_rekening(besch.gemeente, rol, nr)


def _saldo(besch, rol, tot=None):
    return saldo(_rek(besch, rol), tot_datum=tot)


@pytest.fixture
def na_vrijval_2025(financien, besch):
    """The issue's scenario: termijnen 2024 and 2025 received (€ 202.438), € 27.175,50 spent in 2025,
    releases 2024 and 2025 run."""
    for jaar in (2024, 2025):
        services.registreer_termijn(financien, besch.termijnen.get(jaar=jaar), ontvangen_op=datetime.date(2025, 11, 3))
    boek_lasten(financien, besch, "27175.50", boekdatum=datetime.date(2025, 11, 14), bestedingsjaar=2025)
    services.jaarafsluiting(financien, besch, 2024, vandaag=NA_2025)
    afsluiting = services.jaarafsluiting(financien, besch, 2025, vandaag=NA_2025)
    assert afsluiting.vrijval == D("27175.50")
    return besch


# --- item 3: settlement postings per BBV ---------------------------------------------------------


def test_vaststelling_at_zero_after_release_does_not_drive_vooruitontvangen_negative(financien, na_vrijval_2025):
    besch = na_vrijval_2025
    services.leg_vaststelling_vast(financien, besch, datum=datetime.date(2026, 3, 1), bedrag=D("0"), kenmerk="DUS-I")
    assert _saldo(besch, R.VOORUITONTVANGEN) == D("0.00")  # old code: +27.175,50 debit (liability −27.175,50)
    assert _saldo(besch, R.TE_BETALEN_RIJK) == D("-202438.00")
    # Baten: 27.175,50 released in 2025, reclaimed through the result in 2026.
    assert _saldo(besch, R.BATEN) == D("0.00")
    terug = Terugbetaling.objects.get(beschikking=besch)
    assert (terug.uit_vooruitontvangen, terug.uit_resultaat) == (D("175262.50"), D("27175.50"))


def test_repayment_claimed_from_the_partner_bearing_the_risk_books_a_debtor(financien, na_vrijval_2025):
    besch = na_vrijval_2025
    sensire = OrganisatieFactory(naam="Sensire")
    # Leave the unspent part with the advance: only the spent part of a missed milestone is repaid.
    services.registreer_terugbetaling(
        financien,
        besch,
        reden=Terugbetaling.Reden.MIJLPAAL,
        bedrag=D("180000.00"),
        boekdatum=datetime.date(2026, 3, 1),
        partner=sensire,
        verhaald_bedrag=D("4737.50"),
    )
    debiteuren = _rek(besch, R.DEBITEUREN)
    assert debiteuren.soort == Rekening.Soort.ACTIVA
    regel = Journaalregel.objects.get(rekening=debiteuren)
    assert (regel.debet, regel.relatie) == (D("4737.50"), sensire)
    # 175.262,50 from Vooruitontvangen, 4.737,50 through the result, which the claim on Sensire offsets.
    assert _saldo(besch, R.VOORUITONTVANGEN) == D("0.00")
    assert _saldo(besch, R.BATEN) == D("-27175.50")
    with pytest.raises(ValidationError, match="alleen het deel"):
        services.registreer_terugbetaling(
            financien,
            besch,
            reden=Terugbetaling.Reden.MIJLPAAL,
            bedrag=D("100.00"),
            boekdatum=datetime.date(2026, 3, 2),
            partner=sensire,
            verhaald_bedrag=D("200.00"),
        )


def test_debit_balance_on_vooruitontvangen_at_year_end_is_booked_as_nog_te_ontvangen(financien, besch):
    services.registreer_termijn(financien, besch.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2024, 11, 3))
    boek_lasten(financien, besch, "40000.00", boekdatum=datetime.date(2024, 12, 1), bestedingsjaar=2024)
    services.jaarafsluiting(financien, besch, 2024, vandaag=NA_2025)
    rij = NogTeOntvangen.objects.get(beschikking=besch, jaar=2024)
    assert rij.bedrag == D("5149.00")
    eind_2024 = datetime.date(2024, 12, 31)
    assert _saldo(besch, R.VOORUITONTVANGEN, eind_2024) == D("0.00")
    assert _saldo(besch, R.NOG_TE_ONTVANGEN, eind_2024) == D("5149.00")
    # Reversed on 1 January: the receivable is settled by the next termijn.
    assert _saldo(besch, R.NOG_TE_ONTVANGEN) == D("0.00")
    verloop = {v.jaar: v for v in queries.verloopstaten(besch)}
    assert verloop[2024].nog_te_ontvangen == D("5149.00") and verloop[2024].sluit
    assert verloop[2025].nog_te_ontvangen == D("-5149.00") and verloop[2025].sluit


# --- item 2: period discipline ---------------------------------------------------------------------


def test_posting_into_a_released_year_is_refused(financien, na_vrijval_2025):
    besch = na_vrijval_2025
    assert AfgeslotenPeriode.objects.filter(beschikkingsnummer=besch.nummer, jaar=2025).exists()
    with pytest.raises(BoekingGeweigerd, match="afgesloten"):
        boek_lasten(financien, besch, "6000.00", boekdatum=datetime.date(2025, 12, 31), bestedingsjaar=2025)
    # In a later year it is fine: a T-1 correction in the SiSa of 2026.
    boek_lasten(financien, besch, "6000.00", boekdatum=datetime.date(2026, 1, 5), bestedingsjaar=2025)


def test_database_refuses_a_line_into_a_released_year(financien, na_vrijval_2025, is_postgres):
    if not is_postgres:
        pytest.skip("PostgreSQL trigger")
    from django.db import IntegrityError, connection, transaction

    besch = na_vrijval_2025
    post = Journaalregel.objects.filter(rekening=_rek(besch, R.LASTEN)).first().journaalpost
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO grootboek_journaalregel (journaalpost_id, rekening_id, debet, credit, omschrijving) "
            "VALUES (%s, %s, 1, 0, '')",
            [post.pk, _rek(besch, R.LASTEN).pk],
        )


def test_closing_a_ledger_year_before_its_release_is_refused(financien, besch, gemeente):
    services.registreer_termijn(financien, besch.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2024, 11, 3))
    boek_lasten(financien, besch, "15000.00", boekdatum=datetime.date(2024, 12, 1), bestedingsjaar=2024)
    with pytest.raises(BoekingGeweigerd, match="jaarafsluiting"):
        sluit_boekjaar(financien, gemeente, 2024)
    services.jaarafsluiting(financien, besch, 2024, vandaag=NA_2025)
    sluit_boekjaar(financien, gemeente, 2024)
    assert _saldo(besch, R.BATEN) == D("-15000.00")  # released, not stuck


def test_database_refuses_an_entry_into_a_closed_year(financien, besch, gemeente, is_postgres):
    if not is_postgres:
        pytest.skip("PostgreSQL trigger")
    from django.db import IntegrityError, connection, transaction

    services.jaarafsluiting(financien, besch, 2024, vandaag=NA_2025)
    sluit_boekjaar(financien, gemeente, 2024)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO grootboek_journaalpost (gemeente_id, boekjaar, volgnummer, boekdatum, omschrijving, bron_id, "
            "bron_referentie, aangemaakt_op) VALUES (%s, 2024, 999, '2024-06-01', 'x', '', '', now())",
            [gemeente.pk],
        )


# --- item 1: corrections through their source --------------------------------------------------------


def test_reversed_instalment_receipt_goes_back_to_verwacht_and_settlement_follows_the_ledger(financien, besch):
    for jaar in (2024, 2025):
        services.registreer_termijn(financien, besch.termijnen.get(jaar=jaar), ontvangen_op=datetime.date(2025, 11, 3))
    termijn = besch.termijnen.get(jaar=2025)
    with pytest.raises(ValidationError, match="reden"):
        services.storneer_termijn(financien, termijn, reden=" ")
    termijn = services.storneer_termijn(financien, termijn, reden="Bedrag kwam niet binnen", boekdatum=NA_2025)
    assert termijn.status == Termijn.Status.VERWACHT and termijn.journaalpost is None
    assert _saldo(besch, R.VOORUITONTVANGEN) == D("-34851.00")
    assert queries.financieel_overzicht(besch)["ontvangen"] == D("34851.00")
    assert services.te_veel_ontvangen(besch, D("0")) == D("34851.00")  # old: 202.438
    # Received again later: the termijn can be registered once more.
    services.registreer_termijn(financien, termijn, ontvangen_op=datetime.date(2026, 2, 10))
    call_command("grootboek_controle")


def test_ledger_page_refuses_to_reverse_an_entry_with_a_source_document(financien, besch, login):
    termijn = services.registreer_termijn(
        financien, besch.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2025, 11, 3)
    )
    with pytest.raises(BoekingGeweigerd, match="correctieactie"):
        tegenboek_handmatig(financien, termijn.journaalpost, "fout")
    client = login(financien)
    page = client.get(reverse("grootboek:journaalpost", args=[termijn.journaalpost.pk])).content.decode()
    assert "Tegenboeking maken" not in page and "corrigeer-via-bron" in page
    response = client.post(
        reverse("grootboek:journaalpost", args=[termijn.journaalpost.pk]),
        {"reden": "fout", "boekdatum": "2026-02-01"},
    )
    assert response.status_code == 400 and "correctieactie" in response.content.decode()
    termijn.refresh_from_db()
    assert termijn.status == Termijn.Status.ONTVANGEN


# --- item 4: beschikking guards ----------------------------------------------------------------------


def test_settled_beschikking_accepts_no_receipt_release_or_declaration(financien, na_vrijval_2025):
    besch = na_vrijval_2025
    services.leg_vaststelling_vast(financien, besch, datum=datetime.date(2026, 3, 1), bedrag=D("27175.50"))
    with pytest.raises(TransitionRefused, match="vastgesteld"):
        services.registreer_termijn(financien, besch.termijnen.get(jaar=2026), ontvangen_op=datetime.date(2026, 3, 2))
    with pytest.raises(ValidationError, match="vastgesteld"):
        services.jaarafsluiting(financien, besch, 2026, vandaag=datetime.date(2027, 1, 5))
    buurt = besch.aanvraag.buurten.get()
    with pytest.raises(ValidationError, match="vastgesteld"):
        api.beschikking_voor_lasten(buurt, 2026, D("100.00"))


def test_settled_beschikking_refuses_an_instalment_storno(financien, na_vrijval_2025):
    """Found by the stateful test: a receipt storno after the vaststelling drove the liability debit."""
    besch = na_vrijval_2025
    services.leg_vaststelling_vast(financien, besch, datum=datetime.date(2026, 3, 1), bedrag=D("27175.50"))
    termijn = besch.termijnen.get(jaar=2025)
    with pytest.raises(TransitionRefused, match="vastgesteld"):
        services.storneer_termijn(financien, termijn, reden="Te laat gezien", boekdatum=datetime.date(2026, 3, 2))
    assert Termijn.objects.get(pk=termijn.pk).status == Termijn.Status.ONTVANGEN


def test_instalment_storno_is_refused_once_its_money_was_repaid(financien, besch):
    """Found by the stateful test: money repaid from Vooruitontvangen cannot be "un-received"."""
    termijn = besch.termijnen.get(jaar=2024)
    services.registreer_termijn(financien, termijn, ontvangen_op=datetime.date(2025, 11, 3))
    services.registreer_terugbetaling(
        financien, besch, reden=Terugbetaling.Reden.ANDERS, bedrag=D("30000.00"), boekdatum=datetime.date(2025, 11, 20)
    )
    with pytest.raises(ValidationError, match="al vrijgevallen of terugbetaald"):
        services.storneer_termijn(financien, termijn, reden="Dubbel geboekt", boekdatum=datetime.date(2025, 11, 21))
    assert _saldo(besch, R.VOORUITONTVANGEN) == D("-4851.00")  # still a credit balance


def test_vaststelling_waits_for_the_release_of_spent_years(financien, besch):
    boek_lasten(financien, besch, "100.00", boekdatum=datetime.date(2025, 5, 1), bestedingsjaar=2025)
    with pytest.raises(ValidationError, match="jaarafsluiting"):
        services.leg_vaststelling_vast(financien, besch, datum=datetime.date(2026, 3, 1), bedrag=D("0"))


def test_cost_year_outside_the_period_and_cumulative_overrun_are_refused(financien, besch):
    buurt = besch.aanvraag.buurten.get()
    with pytest.raises(ValidationError, match="buiten de periode"):
        api.beschikking_voor_lasten(buurt, 2028, D("1.00"))
    boek_lasten(financien, besch, "341000.00", boekdatum=datetime.date(2025, 5, 1), bestedingsjaar=2025)
    assert api.beschikking_voor_lasten(buurt, 2025, D("840.00")) == besch
    with pytest.raises(ValidationError, match="boven het verleende bedrag"):
        api.beschikking_voor_lasten(buurt, 2025, D("840.01"))


def test_the_beschikking_is_chosen_by_period_not_by_recency(beleid, financien, gemeente):
    oud = maak_beschikking(beleid, financien, gemeente, bedragen={2024: D("1000.00"), 2025: D("1000.00")})
    buurt = oud.aanvraag.buurten.get()
    nieuw = maak_beschikking(
        beleid,
        financien,
        gemeente,
        nummer="SPUK-TEST-0002",
        zaaknummer="2",
        buurten=[buurt],
        bedragen={2026: D("1000.00"), 2027: D("1000.00")},
    )
    assert queries.beschikking_voor_buurt(buurt) == nieuw  # newest, for display
    assert api.beschikking_voor_lasten(buurt, 2025, D("1.00")) == oud
    assert api.beschikking_voor_lasten(buurt, 2026, D("1.00")) == nieuw


# --- item 5: accrual ---------------------------------------------------------------------------------


def test_costs_of_a_past_year_are_booked_in_that_year_while_it_is_open(financien, besch, gemeente):
    januari = datetime.date(2026, 1, 20)
    assert api.boekdatum_lasten(besch, 2025, vandaag=januari) == datetime.date(2025, 12, 31)
    assert api.boekdatum_lasten(besch, 2026, vandaag=januari) == januari
    assert api.boekdatum_lasten(besch, 2025, datetime.date(2026, 1, 2), vandaag=januari) == datetime.date(2026, 1, 2)
    services.jaarafsluiting(financien, besch, 2025, vandaag=januari)
    # Year 2025 closed for this beschikking: now a T-1 correction in 2026.
    assert api.boekdatum_lasten(besch, 2025, vandaag=januari) == januari


# --- item 7: the verloopstaat check can fail -------------------------------------------------------


def test_verloopstaat_flags_a_movement_without_a_spuk_source(financien, besch):
    services.registreer_termijn(financien, besch.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2024, 11, 3))
    boek(
        financien,
        gemeente=besch.gemeente,
        boekdatum=datetime.date(2024, 12, 1),
        omschrijving="Handmatige correctie",
        regels=[
            Regel(_rek(besch, R.VOORUITONTVANGEN), debet=D("100.00")),
            Regel(_rek(besch, R.BANK), credit=D("100.00")),
        ],
    )
    verloop = queries.verloopstaat(besch, 2024)
    assert verloop.overig == D("-100.00")
    assert not verloop.sluit  # old code: `overig` balanced it and it said "sluit aan"
    with pytest.raises(CommandError) as exc:
        call_command("grootboek_controle")
    assert exc.value.returncode == 1


def test_termijn_storno_through_the_page_needs_reason_and_confirmation(financien, controle, besch, login):
    termijn = services.registreer_termijn(
        financien, besch.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2025, 11, 3)
    )
    url = reverse("spuk:termijn_storno", args=[besch.pk, termijn.pk])
    assert login(controle).post(url, {"reden": "x", "boekdatum": "2026-02-01", "bevestig": "on"}).status_code == 403
    client = login(financien)
    page = client.get(besch.get_absolute_url()).content.decode()
    assert "Storneer ontvangst 2024" in page
    response = client.post(url, {"reden": "Dubbel geregistreerd", "boekdatum": "2026-02-01"}, follow=True)
    assert "Bevestig de storno" in response.content.decode()
    termijn.refresh_from_db()
    assert termijn.status == Termijn.Status.ONTVANGEN
    client.post(url, {"reden": "Dubbel geregistreerd", "boekdatum": "2026-02-01", "bevestig": "on"})
    termijn.refresh_from_db()
    assert termijn.status == Termijn.Status.VERWACHT
    assert _saldo(besch, R.VOORUITONTVANGEN) == D("0.00")
