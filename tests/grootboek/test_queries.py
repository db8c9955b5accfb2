import datetime
from decimal import Decimal

import pytest

from grootboek import queries
from grootboek.services import tegenboek
from tests.factories.grootboek import BESCHIKKING, boek_simpel

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(financien, gemeente, rekeningen, partner_organisatie):
    """Termijn 2024, a 2024 declaration booked in 2024, 2024 costs declared in 2025 (T-1 correction),
    2025 costs, and a reversed 2025 declaration."""
    r = rekeningen
    boek_simpel(financien, gemeente, r["bank"], r["vooruitontvangen"], "34851.00", boekdatum=datetime.date(2024, 3, 1))
    boek_simpel(
        financien,
        gemeente,
        r["lasten"],
        r["crediteuren"],
        "1000.00",
        boekdatum=datetime.date(2024, 10, 1),
        bestedingsjaar=2024,
        relatie=partner_organisatie,
    )
    boek_simpel(
        financien,
        gemeente,
        r["lasten"],
        r["crediteuren"],
        "2500.00",
        boekdatum=datetime.date(2025, 2, 1),
        bestedingsjaar=2024,
        relatie=partner_organisatie,
    )
    boek_simpel(
        financien,
        gemeente,
        r["lasten"],
        r["crediteuren"],
        "4000.00",
        boekdatum=datetime.date(2025, 6, 1),
        bestedingsjaar=2025,
        relatie=partner_organisatie,
    )
    fout = boek_simpel(
        financien,
        gemeente,
        r["lasten"],
        r["crediteuren"],
        "700.00",
        boekdatum=datetime.date(2025, 7, 1),
        bestedingsjaar=2025,
    )
    tegenboek(financien, fout, "Verkeerde partner", boekdatum=datetime.date(2025, 7, 2))
    return r


def test_saldo_at_a_date_and_per_year(ledger):
    assert queries.saldo(ledger["lasten"]) == Decimal("7500.00")
    assert queries.saldo(ledger["lasten"], tot_datum=datetime.date(2024, 12, 31)) == Decimal("1000.00")
    assert queries.saldo(ledger["vooruitontvangen"]) == Decimal("-34851.00")
    assert queries.saldo_per_jaar(ledger["lasten"]) == [
        {
            "boekjaar": 2024,
            "debet": Decimal("1000.00"),
            "credit": Decimal("0.00"),
            "mutatie": Decimal("1000.00"),
            "saldo": Decimal("1000.00"),
        },
        {
            "boekjaar": 2025,
            "debet": Decimal("7200.00"),
            "credit": Decimal("700.00"),
            "mutatie": Decimal("6500.00"),
            "saldo": Decimal("7500.00"),
        },
    ]


def test_proefbalans_carries_balance_accounts_but_not_lasten(ledger, gemeente):
    balans = queries.proefbalans(gemeente, 2025)
    per_rol = {r.rekening.rol: r for r in balans.regels}
    assert per_rol["bank"].beginsaldo == Decimal("34851.00")
    assert per_rol["crediteuren"].beginsaldo == Decimal("-1000.00")
    assert per_rol["lasten"].beginsaldo == Decimal("0.00")
    assert per_rol["lasten"].eindsaldo == Decimal("6500.00")
    assert balans.in_balans and balans.totaal_debet == Decimal("7900.00")


def test_sisa_sums_by_bestedingsjaar_and_boekjaar(ledger, gemeente):
    rows = queries.sommen_per_jaar(gemeente, BESCHIKKING)
    assert [(r["bestedingsjaar"], r["boekjaar"], r["saldo"]) for r in rows] == [
        (2024, 2024, Decimal("1000.00")),
        (2024, 2025, Decimal("2500.00")),  # costs of 2024 booked in 2025: a T-1 correction
        (2025, 2025, Decimal("4000.00")),  # 4700 booked, 700 reversed
    ]
    assert queries.sommen_per_jaar(gemeente, "ANDER-NUMMER") == []


def test_sisa_lines_behind_the_sums_with_relation_and_source(ledger, gemeente, partner_organisatie):
    regels = list(queries.regels_van_beschikking(gemeente, BESCHIKKING, bestedingsjaar=2024, boekjaar=2025))
    assert len(regels) == 1 and regels[0].debet == Decimal("2500.00") and regels[0].relatie == partner_organisatie
    per_partner = queries.regels_van_beschikking(gemeente, BESCHIKKING, relatie=partner_organisatie)
    assert sum(r.debet - r.credit for r in per_partner) == Decimal("7500.00")


def test_sums_per_account_and_bestedingsjaar(ledger, gemeente):
    rows = queries.sommen_per_rekening_en_bestedingsjaar(gemeente, beschikkingsnummer=BESCHIKKING)
    lasten = {r["bestedingsjaar"]: r["saldo"] for r in rows if r["rol"] == "lasten"}
    assert lasten == {2024: Decimal("3500.00"), 2025: Decimal("4000.00")}


def test_rekeningkaart_running_balance_with_opening_balance(ledger):
    beginsaldo, regels = queries.rekeningkaart(ledger["crediteuren"], van=datetime.date(2025, 1, 1))
    assert beginsaldo == Decimal("-1000.00")
    assert [r.lopend_saldo for r in regels] == [
        Decimal("-3500.00"),
        Decimal("-7500.00"),
        Decimal("-8200.00"),
        Decimal("-7500.00"),
    ]
    beginsaldo, regels = queries.rekeningkaart(ledger["lasten"], bestedingsjaar=2024)
    assert beginsaldo == 0 and [r.lopend_saldo for r in regels] == [Decimal("1000.00"), Decimal("3500.00")]


def test_two_lines_on_the_same_account_in_one_entry_get_their_own_running_balance(financien, gemeente, rekeningen):
    from grootboek.services import Regel, boek

    boek(
        financien,
        gemeente=gemeente,
        boekdatum=datetime.date(2025, 1, 1),
        omschrijving="Gesplitst",
        regels=[
            Regel(rekeningen["bank"], debet=Decimal("10.00")),
            Regel(rekeningen["bank"], debet=Decimal("5.00")),
            Regel(rekeningen["vooruitontvangen"], credit=Decimal("15.00")),
        ],
    )
    _begin, regels = queries.rekeningkaart(rekeningen["bank"])
    assert [r.lopend_saldo for r in regels] == [Decimal("10.00"), Decimal("15.00")]


def test_controle_finds_nothing_on_a_clean_ledger(ledger):
    assert queries.controle_bevindingen() == []


def test_demo_data_loaded_again_leaves_a_ledger_that_passes_controle(demo_data, capsys):
    from django.core.management import call_command

    from grootboek.demo import ALPHEN_BESCHIKKINGSNUMMER, ZUTPHEN_BESCHIKKINGSNUMMER
    from grootboek.models import ErpExportProfiel, Rekening

    call_command("demo_data")  # a second load on top of the shared one
    call_command("grootboek_controle")
    assert "geen afwijkingen" in capsys.readouterr().out
    assert Rekening.objects.filter(beschikkingsnummer=ZUTPHEN_BESCHIKKINGSNUMMER).count() == 4
    assert Rekening.objects.get(beschikkingsnummer=ALPHEN_BESCHIKKINGSNUMMER, rol="lasten").nummer == "6.1.4470"
    assert ErpExportProfiel.objects.count() == 2


def test_newest_lines_of_a_beschikking_page_by_page_match_the_lines_sorted_newest_first(ledger, gemeente):
    from grootboek.models import Journaalregel

    alle = list(
        Journaalregel.objects.filter(rekening__gemeente=gemeente, rekening__beschikkingsnummer=BESCHIKKING)
        .order_by("-id")
        .values_list("pk", flat=True)
    )
    assert len(alle) == 6  # five Lasten lines (one reversal) and the termijn on Vooruitontvangen
    gezien = []
    eerste = queries.nieuwste_regels_pagina(gemeente, BESCHIKKING, 1, 4)
    assert eerste.paginator.count == 6 and eerste.paginator.num_pages == 2
    for nummer in eerste.paginator.page_range:
        pagina = queries.nieuwste_regels_pagina(gemeente, BESCHIKKING, nummer, 4)
        gezien += [regel.pk for regel in pagina]
        assert all(regel.journaalpost.stuknummer and regel.rekening.nummer for regel in pagina)
    assert gezien == alle
    # A page number out of range shows the last page; an unknown beschikking has no lines.
    assert [r.pk for r in queries.nieuwste_regels_pagina(gemeente, BESCHIKKING, 99, 4)] == alle[4:]
    assert queries.nieuwste_regels_pagina(gemeente, "ANDER-NUMMER", 1, 4).paginator.count == 0
