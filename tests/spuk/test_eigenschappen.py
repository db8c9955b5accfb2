"""Property-based: for any mix of termijnen, expenses (any bestedingsjaar, partner or medeoverheid),
reversals, repayments and year-end releases, every verloopstaat closes on the ledger balance and
indicators 3–5 equal the ledger sums of their lines."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grootboek.models import Journaalregel
from grootboek.services import tegenboek
from spuk import queries, services, sisa
from tests.factories.core import GemeenteFactory
from tests.factories.spuk import beschikking as maak_beschikking
from tests.factories.spuk import boek_lasten

pytestmark = pytest.mark.django_db
D = Decimal

cents = st.integers(min_value=1, max_value=5_000_000).map(lambda c: (D(c) / 100).quantize(D("0.01")))
jaren = st.sampled_from([2024, 2025, 2026])
datum_in = lambda jaar: st.dates(min_value=datetime.date(jaar, 1, 1), max_value=datetime.date(jaar, 12, 30))  # noqa: E731

lasten = st.tuples(
    st.just("lasten"),
    jaren,
    st.integers(min_value=-2, max_value=0),
    cents,
    st.sampled_from(["partner", "gemeente", None]),
    st.integers(min_value=1, max_value=360),
)
terug = st.tuples(st.just("terug"), jaren, cents)
reversal = st.tuples(st.just("tegenboek"), st.integers(min_value=0, max_value=20))
operaties = st.lists(st.one_of(lasten, terug, reversal), min_size=1, max_size=12)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(ops=operaties)
def test_verloopstaat_and_indicators_always_match_the_ledger(ops, beleid, financien, gemeente, partner_organisatie):
    with transaction.atomic():
        besch = maak_beschikking(beleid, financien, gemeente, nummer="PROP-1")
        medeoverheid = GemeenteFactory(naam="Gemeente Lochem", cbs_code="0262")
        for termijn in besch.termijnen.filter(jaar__in=(2024, 2025)):
            services.registreer_termijn(financien, termijn, ontvangen_op=datetime.date(termijn.jaar, 2, 1))
        posten = []
        for op in ops:
            if op[0] == "lasten":
                _kind, jaar, offset, bedrag, relatie, dag = op
                relatie = {"partner": partner_organisatie, "gemeente": medeoverheid, None: None}[relatie]
                datum = datetime.date(jaar, 1, 1) + datetime.timedelta(days=dag)
                posten.append(
                    boek_lasten(
                        financien, besch, bedrag, boekdatum=datum, bestedingsjaar=jaar + offset, relatie=relatie
                    )
                )
            elif op[0] == "terug":
                services.registreer_terugbetaling(
                    financien, besch, reden="anders", bedrag=op[2], boekdatum=datetime.date(op[1], 11, 1)
                )
            elif posten:
                post = posten.pop(op[1] % len(posten))
                tegenboek(financien, post, "Correctie", boekdatum=datetime.date(post.boekjaar, 12, 30))
        jaren = (2024, 2025, 2026)
        # The batched readings of the pages (issue 15) equal the year-by-year ones.
        assert queries.nog_vrij_te_laten_per_jaar(besch, jaren) == {
            j: queries.lasten_netto_in_boekjaar(besch, j) - queries.vrijgevallen_in_boekjaar(besch, j) for j in jaren
        }
        for jaar in (2024, 2025):
            services.jaarafsluiting(financien, besch, jaar)
        assert queries.nog_vrij_te_laten_per_jaar(besch, jaren) == {
            j: queries.lasten_netto_in_boekjaar(besch, j) - queries.vrijgevallen_in_boekjaar(besch, j) for j in jaren
        }
        staten = queries.verloopstaten(besch)
        assert staten == [queries.verloopstaat(besch, staat.jaar) for staat in staten]

        for jaar in (2024, 2025, 2026):
            staat = queries.verloopstaat(besch, jaar)
            assert staat.sluit, staat
            data = sisa.bereken(besch, jaar)
            regels = Journaalregel.objects.filter(
                rekening__beschikkingsnummer="PROP-1", rekening__rol="lasten", journaalpost__boekjaar=jaar
            ).select_related("relatie")
            verwacht = {3: D("0.00"), 4: D("0.00"), 5: D("0.00")}
            for r in regels:
                gemeente_relatie = r.relatie is not None and r.relatie.soort == "gemeente"
                if r.bestedingsjaar == jaar and not gemeente_relatie:
                    verwacht[3] += r.debet - r.credit
                elif r.bestedingsjaar == jaar - 1:
                    verwacht[5 if gemeente_relatie else 4] += r.debet - r.credit
            for nummer, bedrag in verwacht.items():
                assert sisa.indicator_waarde(data, nummer) == bedrag
            # The page's groups, summed in SQL, are exactly the groups of the lines (issue 15).
            pagina = sisa.bereken(besch, jaar, regels=False)
            assert pagina["specificatie_groepen"] == data["specificatie_groepen"]
            assert pagina["niet_toegerekend_groepen"] == data["niet_toegerekend_groepen"]
            for groep in data["specificatie_groepen"] + data["niet_toegerekend_groepen"]:
                assert sisa.groep_specificatie(besch, jaar, groep["sleutel"]) == [
                    r
                    for r in data["specificatie"] + data["niet_toegerekend"]
                    if sisa.groep_sleutel(r) == groep["sleutel"]
                ]
            # Each year's release equals the net spending booked in that year (nothing left behind).
            if jaar in (2024, 2025):
                assert queries.nog_vrij_te_laten(besch, jaar) == D("0.00")
        transaction.set_rollback(True)
