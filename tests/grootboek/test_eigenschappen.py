"""Property-based: any sequence of valid bookings and reversals keeps the ledger balanced, and every
balance equals the sum of its lines."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grootboek import queries
from grootboek.models import Journaalpost, Journaalregel, Rekening
from grootboek.services import BoekingGeweigerd, Regel, boek, tegenboek

pytestmark = pytest.mark.django_db

ROLLEN = ["bank", "crediteuren", "vooruitontvangen", "lasten", "baten", "te_betalen_rijk"]
cents = st.integers(min_value=1, max_value=10_000_000)


def _pieces(draw, total, max_parts):
    """Split a positive amount of cents into at most `max_parts` positive pieces."""
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=total - 1), max_size=max_parts - 1)))
    bounds = [0, *cuts, total]
    return [b - a for a, b in zip(bounds, bounds[1:], strict=False)]


@st.composite
def boeking(draw):
    total = draw(st.integers(min_value=2, max_value=10_000_000))
    debets = _pieces(draw, total, 3)
    credits = _pieces(draw, total, 3)
    regels = [("D", draw(st.sampled_from(ROLLEN)), d) for d in debets] + [
        ("C", draw(st.sampled_from(ROLLEN)), c) for c in credits
    ]
    datum = draw(st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2028, 12, 31)))
    return ("boek", datum, draw(st.permutations(regels)))


operatie = st.one_of(
    boeking(),
    st.tuples(st.just("tegenboek"), st.integers(min_value=0, max_value=50)),
    st.tuples(st.just("scheef"), cents, cents),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(operaties=st.lists(operatie, min_size=1, max_size=12))
def test_any_sequence_of_bookings_and_reversals_keeps_the_ledger_balanced(operaties, financien, gemeente, rekeningen):
    with transaction.atomic():
        geboekt = []
        for op in operaties:
            if op[0] == "boek":
                _, datum, regels = op
                post = boek(
                    financien,
                    gemeente=gemeente,
                    boekdatum=datum,
                    omschrijving="Eigenschap",
                    regels=[
                        Regel(
                            rekeningen[rol],
                            debet=Decimal(c) / 100 if kant == "D" else Decimal(0),
                            credit=Decimal(c) / 100 if kant == "C" else Decimal(0),
                        )
                        for kant, rol, c in regels
                    ],
                    bestedingsjaar=datum.year,
                )
                geboekt.append(post)
            elif op[0] == "tegenboek" and geboekt:
                post = geboekt[op[1] % len(geboekt)]
                if Journaalpost.objects.filter(tegenboeking_van=post).exists():
                    with pytest.raises(BoekingGeweigerd):
                        tegenboek(financien, post, "Correctie", boekdatum=datetime.date(2028, 12, 31))
                else:
                    geboekt.append(tegenboek(financien, post, "Correctie", boekdatum=datetime.date(2028, 12, 31)))
            elif op[0] == "scheef":
                _, d, c = op
                if d != c:
                    with pytest.raises(BoekingGeweigerd):
                        boek(
                            financien,
                            gemeente=gemeente,
                            boekdatum=datetime.date(2025, 1, 1),
                            omschrijving="Scheef",
                            regels=[
                                Regel(rekeningen["bank"], debet=Decimal(d) / 100),
                                Regel(rekeningen["baten"], credit=Decimal(c) / 100),
                            ],
                        )

        regels = list(Journaalregel.objects.filter(journaalpost__gemeente=gemeente))
        assert len({r.journaalpost_id for r in regels}) == len(geboekt)
        assert sum(r.debet for r in regels) == sum(r.credit for r in regels)
        for post in geboekt:
            assert sum(r.debet for r in post.regels.all()) == sum(r.credit for r in post.regels.all())
        for rekening in Rekening.objects.filter(gemeente=gemeente):
            eigen = [r for r in regels if r.rekening_id == rekening.pk]
            verwacht = sum((r.debet - r.credit for r in eigen), Decimal("0"))
            assert queries.saldo(rekening) == verwacht
            assert sum((j["mutatie"] for j in queries.saldo_per_jaar(rekening)), Decimal("0")) == verwacht
            _begin, kaart = queries.rekeningkaart(rekening)
            kaart = list(kaart)
            assert (kaart[-1].lopend_saldo if kaart else Decimal("0")) == verwacht
        for jaar in {p.boekjaar for p in geboekt}:
            balans = queries.proefbalans(gemeente, jaar)
            assert balans.in_balans
            per_jaar = [r for r in regels if r.journaalpost.boekjaar == jaar]
            assert balans.totaal_debet == sum(r.debet for r in per_jaar)
        volgnummers = sorted(p.volgnummer for p in Journaalpost.objects.filter(gemeente=gemeente, boekjaar=2028))
        assert volgnummers == list(range(1, len(volgnummers) + 1))
        transaction.set_rollback(True)
