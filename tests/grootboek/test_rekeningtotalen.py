"""The totals boek() keeps per account, boekjaar and bestedingsjaar (`Rekeningtotaal`) always equal a
fresh aggregate of the lines — after any mix of bookings, refused bookings and reversals — and
grootboek_controle notices when they do not."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grootboek import queries
from grootboek.models import Journaalpost, Journaalregel, Rekeningtotaal
from grootboek.services import BoekingGeweigerd, Regel, boek, herbereken_rekeningtotalen, tegenboek
from tests.factories.grootboek import boek_simpel

pytestmark = pytest.mark.django_db

ROLLEN = ["bank", "crediteuren", "vooruitontvangen", "lasten", "baten"]


def vers_aggregaat(gemeente):
    """The lines summed in Python per key of the totals (account, boekjaar, bestedingsjaar, month,
    relatie, SiSa category)."""
    sommen = {}
    for regel in Journaalregel.objects.filter(journaalpost__gemeente=gemeente).select_related("journaalpost"):
        post = regel.journaalpost
        sleutel = (
            regel.rekening_id,
            post.boekjaar,
            regel.bestedingsjaar or 0,
            post.boekdatum.month,
            regel.relatie_id or 0,
            regel.sisa_categorie,
        )
        d, c, n = sommen.get(sleutel, (Decimal("0"), Decimal("0"), 0))
        sommen[sleutel] = (d + regel.debet, c + regel.credit, n + 1)
    return sommen


def sommen_per(gemeente, veld, **filters):
    """{value of `veld`: (debet, credit)} straight from the lines."""
    return {
        r[veld]: (r["d"], r["c"])
        for r in Journaalregel.objects.filter(journaalpost__gemeente=gemeente, **filters)
        .values(veld)
        .annotate(d=Sum("debet"), c=Sum("credit"))
        .order_by()
    }


def bewaarde_totalen(gemeente):
    return {
        (t.rekening_id, t.boekjaar, t.bestedingsjaar, t.maand, t.relatie_ref, t.sisa_categorie): (
            t.debet,
            t.credit,
            t.aantal,
        )
        for t in Rekeningtotaal.objects.filter(rekening__gemeente=gemeente)
    }


JAARDELEN = {
    "alles": queries.Deel(),
    "boekjaar": queries.Deel(boekjaar=2025),
    "tot_boekjaar": queries.Deel(tot_boekjaar=2025),
    "voor_boekjaar": queries.Deel(voor_boekjaar=2026),
    "bestedingsjaar": queries.Deel(bestedingsjaar=2024),
    "tot_bestedingsjaar": queries.Deel(tot_bestedingsjaar=2024),
    "beide": queries.Deel(boekjaar=2025, tot_bestedingsjaar=2025),
}


@st.composite
def boeking(draw):
    bedrag = draw(st.integers(min_value=1, max_value=5_000_000))
    debet_rol, credit_rol = draw(st.sampled_from(ROLLEN)), draw(st.sampled_from(ROLLEN))
    datum = draw(st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2026, 12, 31)))
    # None on a lasten line is refused by boek(): a refused booking must leave no totals behind.
    bestedingsjaar = draw(st.sampled_from([None, 2023, 2024, 2025]))
    relatie = draw(st.sampled_from([None, "partner", "gemeente"]))
    categorie = draw(st.sampled_from(["", "zelfstandig", "medeoverheid"]))
    return ("boek", datum, debet_rol, credit_rol, bedrag, bestedingsjaar, relatie, categorie)


operatie = st.one_of(boeking(), st.tuples(st.just("tegenboek"), st.integers(min_value=0, max_value=30)))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(operaties=st.lists(operatie, min_size=1, max_size=10))
def test_totals_equal_a_fresh_aggregate_after_random_bookings_and_reversals(
    operaties, financien, gemeente, rekeningen, partner_organisatie
):
    relaties = {None: None, "partner": partner_organisatie, "gemeente": gemeente}
    with transaction.atomic():
        geboekt = []
        for op in operaties:
            if op[0] == "boek":
                _, datum, debet_rol, credit_rol, bedrag, jaar, relatie, categorie = op
                try:
                    geboekt.append(
                        boek(
                            financien,
                            gemeente=gemeente,
                            boekdatum=datum,
                            omschrijving="Eigenschap",
                            regels=[
                                Regel(
                                    rekeningen[debet_rol],
                                    debet=Decimal(bedrag) / 100,
                                    relatie=relaties[relatie],
                                    sisa_categorie=categorie,
                                ),
                                Regel(rekeningen[credit_rol], credit=Decimal(bedrag) / 100, relatie=relaties[relatie]),
                            ],
                            bestedingsjaar=jaar,
                        )
                    )
                except BoekingGeweigerd:
                    pass
            elif geboekt:
                post = geboekt[op[1] % len(geboekt)]
                if not Journaalpost.objects.filter(tegenboeking_van=post).exists():
                    geboekt.append(tegenboek(financien, post, "Correctie", boekdatum=datetime.date(2026, 12, 31)))

        assert bewaarde_totalen(gemeente) == vers_aggregaat(gemeente)
        assert queries.totalen_verschillen(gemeente) == []
        # netto_sommen answers year-only questions from the totals: the same figures as the lines.
        for rol in ROLLEN:
            rekening = rekeningen[rol]
            regels = Journaalregel.objects.filter(journaalpost__gemeente=gemeente, rekening=rekening)
            uit_totalen = queries.netto_sommen(gemeente, rekening.beschikkingsnummer, rol, JAARDELEN)
            for naam, deel in JAARDELEN.items():
                som = regels.filter(deel.q()).aggregate(d=Sum("debet"), c=Sum("credit"))
                assert uit_totalen[naam] == (som["d"] or 0) - (som["c"] or 0), (rol, naam)
            per_nr = sommen_per(gemeente, "rekening__beschikkingsnummer", rekening__rol=rol)
            assert queries.sommen_per_gemeente_en_rol(gemeente, rol) == per_nr
        nummer = rekeningen["lasten"].beschikkingsnummer
        per_rol = sommen_per(gemeente, "rekening__rol", rekening__beschikkingsnummer=nummer)
        assert queries.sommen_per_rol(gemeente, nummer) == per_rol
        for jaar in (2024, 2025, 2026):
            balans = queries.proefbalans(gemeente, jaar)
            assert balans.in_balans
            assert balans.totaal_debet == sum(
                (
                    r.debet
                    for r in Journaalregel.objects.filter(journaalpost__gemeente=gemeente, journaalpost__boekjaar=jaar)
                ),
                Decimal("0"),
            )
        # The balances per relatie and the SiSa page's groups come from the totals too.
        for rol in ROLLEN:
            rekening = rekeningen[rol]
            per_relatie = sommen_per(gemeente, "relatie_id", rekening=rekening)
            assert queries.netto_per_relatie(gemeente, rol, rekening.beschikkingsnummer) == {
                relatie: d - c for relatie, (d, c) in per_relatie.items()
            }
        for jaar in (2024, 2025, 2026):
            verwacht = {}
            for regel in Journaalregel.objects.filter(
                journaalpost__gemeente=gemeente, journaalpost__boekjaar=jaar, rekening=rekeningen["lasten"]
            ).select_related("journaalpost", "relatie"):
                medeoverheid = regel.sisa_categorie == "medeoverheid" or (
                    regel.sisa_categorie == "" and regel.relatie is not None and regel.relatie.soort == "gemeente"
                )
                sleutel = (
                    regel.bestedingsjaar,
                    medeoverheid,
                    regel.journaalpost.boekdatum.strftime("%Y-%m"),
                    regel.relatie.naam if regel.relatie else "",
                )
                n, bedrag = verwacht.get(sleutel, (0, Decimal("0")))
                verwacht[sleutel] = (n + 1, bedrag + regel.debet - regel.credit)
            groepen = queries.groepen_van_beschikking(gemeente, rekeningen["lasten"].beschikkingsnummer, boekjaar=jaar)
            assert {
                (g["bestedingsjaar"], g["medeoverheid"], g["maand"], g["relatie"]): (g["aantal"], g["bedrag"])
                for g in groepen
            } == verwacht
        transaction.set_rollback(True)


def test_a_booking_rolled_back_by_its_caller_leaves_no_totals(financien, gemeente, rekeningen):
    with pytest.raises(RuntimeError), transaction.atomic():
        boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["baten"], "10.00")
        raise RuntimeError("caller fails after booking")
    assert not Rekeningtotaal.objects.exists()


def test_grootboek_controle_reports_totals_that_differ_from_the_lines_and_rebuild_repairs_them(
    financien, gemeente, rekeningen
):
    boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["baten"], "10.00")
    boek_simpel(
        financien, gemeente, rekeningen["bank"], rekeningen["baten"], "2.50", boekdatum=datetime.date(2024, 5, 1)
    )
    # Damage the cache behind the ledger's back (not a ledger record, so no trigger stops this).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE grootboek_rekeningtotaal SET debet = debet + 1 WHERE boekjaar = 2025 AND rekening_id = %s",
            [rekeningen["bank"].pk],
        )
    bevindingen = queries.controle_bevindingen(gemeente)
    assert [soort for soort, _tekst in bevindingen] == ["totalen"]
    with pytest.raises(CommandError):
        call_command("grootboek_controle", "--gemeente", gemeente.cbs_code, stdout=open("/dev/null", "w"))

    assert herbereken_rekeningtotalen(gemeente) == 4  # two accounts in two years
    assert queries.controle_bevindingen(gemeente) == []
    assert bewaarde_totalen(gemeente) == vers_aggregaat(gemeente)
