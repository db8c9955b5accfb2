"""Every SiSa indicator equals the matching ledger sum to the cent, for hand-built scenarios."""

import datetime
from decimal import Decimal

import pytest

from grootboek.models import Journaalregel
from grootboek.services import tegenboek
from spuk import services, sisa
from tests.factories.core import GemeenteFactory
from tests.factories.spuk import beschikking as maak_beschikking
from tests.factories.spuk import boek_lasten

D = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def besch(beleid, financien, gemeente):
    return maak_beschikking(beleid, financien, gemeente)


def ledger_sum(beschikking, **filters):
    """Independent check: debet − credit straight from the lines, summed in Python."""
    regels = Journaalregel.objects.filter(
        rekening__beschikkingsnummer=beschikking.nummer, rekening__rol="lasten", **filters
    )
    return sum((r.debet - r.credit for r in regels), D("0.00"))


def waarde(beschikking, jaar, nummer):
    return sisa.indicator_waarde(sisa.bereken(beschikking, jaar), nummer)


def test_spending_in_year_t_is_indicator_3(besch, financien, partner_organisatie):
    boek_lasten(
        financien,
        besch,
        "1000.10",
        boekdatum=datetime.date(2025, 3, 1),
        bestedingsjaar=2025,
        relatie=partner_organisatie,
    )
    boek_lasten(
        financien,
        besch,
        "250.05",
        boekdatum=datetime.date(2025, 9, 30),
        bestedingsjaar=2025,
        relatie=partner_organisatie,
    )
    boek_lasten(financien, besch, "99.99", boekdatum=datetime.date(2024, 12, 1), bestedingsjaar=2024)
    data = sisa.bereken(besch, 2025)
    assert sisa.indicator_waarde(data, 3) == D("1250.15")
    assert sisa.indicator_waarde(data, 3) == ledger_sum(besch, journaalpost__boekjaar=2025, bestedingsjaar=2025)
    assert sisa.indicator_waarde(data, 4) == D("0.00")
    assert sisa.indicator_waarde(data, 5) == D("0.00")
    assert sum((r["bedrag"] for r in data["specificatie"] if r["indicator"] == 3), D("0")) == D("1250.15")
    assert waarde(besch, 2024, 3) == D("99.99")


def test_late_costs_of_previous_year_are_a_t_minus_1_correction(besch, financien, partner_organisatie):
    boek_lasten(
        financien,
        besch,
        "34851.00",
        boekdatum=datetime.date(2024, 12, 20),
        bestedingsjaar=2024,
        relatie=partner_organisatie,
    )
    boek_lasten(
        financien,
        besch,
        "1234.56",
        boekdatum=datetime.date(2025, 2, 10),
        bestedingsjaar=2024,
        relatie=partner_organisatie,
    )
    boek_lasten(
        financien,
        besch,
        "5000.00",
        boekdatum=datetime.date(2025, 4, 10),
        bestedingsjaar=2025,
        relatie=partner_organisatie,
    )
    assert waarde(besch, 2024, 3) == D("34851.00")
    assert waarde(besch, 2025, 3) == D("5000.00")
    assert waarde(besch, 2025, 4) == D("1234.56")
    assert waarde(besch, 2025, 4) == ledger_sum(besch, journaalpost__boekjaar=2025, bestedingsjaar=2024)


def test_reversal_nets_out_in_the_year_it_is_booked(besch, financien, partner_organisatie):
    post = boek_lasten(
        financien,
        besch,
        "500.00",
        boekdatum=datetime.date(2025, 5, 1),
        bestedingsjaar=2025,
        relatie=partner_organisatie,
    )
    boek_lasten(
        financien,
        besch,
        "200.00",
        boekdatum=datetime.date(2025, 6, 1),
        bestedingsjaar=2025,
        relatie=partner_organisatie,
    )
    tegenboek(financien, post, "Dubbel gedeclareerd", boekdatum=datetime.date(2026, 1, 15))
    # 2025 still shows both lines; the reversal dated 2026 is a T-1 correction in 2026.
    assert waarde(besch, 2025, 3) == D("700.00")
    assert waarde(besch, 2026, 4) == D("-500.00")
    assert waarde(besch, 2026, 4) == ledger_sum(besch, journaalpost__boekjaar=2026, bestedingsjaar=2025)


def test_reversal_in_same_year_cancels_the_line(besch, financien):
    post = boek_lasten(financien, besch, "321.09", boekdatum=datetime.date(2025, 5, 1), bestedingsjaar=2025)
    tegenboek(financien, post, "Fout", boekdatum=datetime.date(2025, 5, 2))
    data = sisa.bereken(besch, 2025)
    assert sisa.indicator_waarde(data, 3) == D("0.00")
    assert len([r for r in data["specificatie"] if r["indicator"] == 3]) == 2


def test_medeoverheid_lines_are_indicator_5_not_4(besch, financien, partner_organisatie):
    lochem = GemeenteFactory(naam="Gemeente Lochem", cbs_code="0262")
    boek_lasten(financien, besch, "800.00", boekdatum=datetime.date(2025, 3, 1), bestedingsjaar=2024, relatie=lochem)
    boek_lasten(
        financien,
        besch,
        "150.50",
        boekdatum=datetime.date(2025, 3, 2),
        bestedingsjaar=2024,
        relatie=partner_organisatie,
    )
    boek_lasten(financien, besch, "75.25", boekdatum=datetime.date(2025, 3, 3), bestedingsjaar=2025, relatie=lochem)
    boek_lasten(financien, besch, "10.00", boekdatum=datetime.date(2025, 3, 4), bestedingsjaar=2023)
    data = sisa.bereken(besch, 2025)
    assert sisa.indicator_waarde(data, 5) == D("800.00")
    assert sisa.indicator_waarde(data, 5) == ledger_sum(
        besch, journaalpost__boekjaar=2025, bestedingsjaar=2024, relatie__soort="gemeente"
    )
    assert sisa.indicator_waarde(data, 4) == D("150.50")
    assert sisa.indicator_waarde(data, 3) == D("0.00")
    # Spending of T by a medeoverheid and costs older than T-1 are in no indicator, but listed.
    assert sorted(r["bedrag"] for r in data["niet_toegerekend"]) == [D("10.00"), D("75.25")]
    totaal = sum((r["bedrag"] for r in data["specificatie"]), D("0")) + sum(
        (r["bedrag"] for r in data["niet_toegerekend"]), D("0")
    )
    assert totaal == ledger_sum(besch, journaalpost__boekjaar=2025)


# Indicators 2 and 6 (national judgement, spending per missed milestone): test_sisa_mijlpalen.py.


def test_indicator_1_and_end_year(besch, financien):
    assert waarde(besch, 2025, 1) == besch.nummer
    assert waarde(besch, 2025, 7) == "Nee"
    assert waarde(besch, 2027, 7) == "Ja"
    services.zet_eindverantwoording(financien, besch, 2025)
    besch.refresh_from_db()
    assert waarde(besch, 2025, 7) == "Ja"


def test_indicators_match_sql_aggregate_of_grootboek_queries(besch, financien, partner_organisatie):
    from grootboek.queries import sommen_per_jaar

    boek_lasten(
        financien, besch, "11.11", boekdatum=datetime.date(2025, 1, 5), bestedingsjaar=2025, relatie=partner_organisatie
    )
    boek_lasten(
        financien, besch, "22.22", boekdatum=datetime.date(2025, 1, 6), bestedingsjaar=2024, relatie=partner_organisatie
    )
    rows = {(r["bestedingsjaar"], r["boekjaar"]): r["saldo"] for r in sommen_per_jaar(besch.gemeente, besch.nummer)}
    assert waarde(besch, 2025, 3) == rows[(2025, 2025)]
    assert waarde(besch, 2025, 4) == rows[(2024, 2025)]
