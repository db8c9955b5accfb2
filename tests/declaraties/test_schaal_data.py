"""`manage.py schaal_data` (issue 15): a national data set loaded in bulk that keeps the services'
invariants, so the ledger check passes and the services keep working on it."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from core.models import Organisatie
from declaraties import schaal, services
from declaraties.models import Beoordeling, Declaratie
from grootboek.models import Journaalpost, Journaalregel

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

TINY = 0.002  # 2 gemeenten, 2 buurten, 400 declarations


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("schaal_data needs PostgreSQL")


def run(*args):
    out = StringIO()
    call_command("schaal_data", *args, stdout=out)
    return out.getvalue()


def counts():
    return (
        Organisatie.objects.count(),
        Declaratie.objects.count(),
        Journaalpost.objects.count(),
        Journaalregel.objects.count(),
        Beoordeling.objects.count(),
    )


def test_tiny_schaal_loads_twice_without_change_and_the_ledger_check_passes(postgres_only):
    run("--schaal", str(TINY), "--seed", "7")
    eerst = counts()
    assert eerst[1] == sum(g.declaraties for g in schaal.omvang(TINY)) == 400
    assert "overgeslagen 2" in run("--schaal", str(TINY), "--seed", "7")
    assert counts() == eerst
    out = StringIO()
    call_command("grootboek_controle", stdout=out)
    assert "geen afwijkingen" in out.getvalue()


def test_every_booked_declaration_was_approved_by_two_different_officers_and_paid_by_a_third(postgres_only):
    run("--schaal", str(TINY))
    geboekt = Declaratie.objects.filter(status__in=Declaratie.GOEDGEKEURDE_STATUSSEN)
    assert geboekt.exists()
    for d in geboekt.prefetch_related("beoordelingen").select_related("betaling"):
        goedkeurders = {b.beoordelaar_id for b in d.beoordelingen.all() if b.besluit == "goedgekeurd"}
        assert len(goedkeurders) == 2
        if d.status == "betaald":
            assert d.betaling.geregistreerd_door_id not in goedkeurders
    nummers = sorted(
        int(nr.rsplit("-", 1)[1])
        for nr in Declaratie.objects.filter(
            gemeente__naam=f"{schaal.PREFIX} 001", nummer__startswith="D2025-"
        ).values_list("nummer", flat=True)
    )
    assert nummers == list(range(1, len(nummers) + 1))


def test_the_services_accept_the_loaded_data(postgres_only):
    """A submitted declaration can be approved and booked twice-eyed, within its budget and ceiling."""
    run("--schaal", str(TINY))
    d = Declaratie.objects.filter(status="ingediend", gemeente__naam=f"{schaal.PREFIX} 001").first()
    g = d.gemeente
    eerste = g.staf.get(email__startswith="financien.")
    tweede = g.staf.get(email__startswith="financien2.")
    d = services.keur_goed(eerste, d, boekdatum=datetime.date(2026, 11, 2))
    if d.status == "goedgekeurd":
        d = services.keur_goed(tweede, d, boekdatum=datetime.date(2026, 11, 2))
    assert d.status == "geboekt"
    out = StringIO()
    call_command("grootboek_controle", stdout=out)
    assert "geen afwijkingen" in out.getvalue()


def test_counts_scale_with_the_factor():
    klein, landelijk = schaal.omvang(0.02), schaal.omvang(1.0)
    assert len(landelijk) == 351 and len(klein) == 7
    assert sum(g.buurten for g in landelijk) == 1000 and sum(g.buurten for g in klein) == 20
    assert sum(g.declaraties for g in landelijk) == 200_000 and sum(g.declaraties for g in klein) == 4_000
    assert sum(g.partners for g in landelijk) == 1860
    assert max(landelijk, key=lambda g: g.declaraties).index == 1  # the large gemeente of the issue


def test_refused_politely_on_sqlite(db):
    if connection.vendor == "postgresql":
        pytest.skip("the refusal is for SQLite")
    with pytest.raises(CommandError, match="alleen op PostgreSQL"):
        run("--schaal", str(TINY))
