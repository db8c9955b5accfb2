"""On PostgreSQL: finance officers approving (and partners submitting) at the same moment can
never overspend a budget line or a ceiling, and numbers stay unique."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from core.models import User
from declaraties import services
from declaraties.models import Declaratie
from grootboek import queries as gq
from tests.factories.buurtplan import BuurtFactory, ZorgaanbiederFactory
from tests.factories.core import GemeenteFactory, OrganisatieFactory, UserFactory
from tests.factories.declaraties import begroting_met_regels, beschikking_voor, concept
from tests.helpers import force_update

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def opzet(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); SQLite serialises writers anyway")
    settings.MEDIA_ROOT = tmp_path
    gemeente = GemeenteFactory(naam="Gemeente Zutphen", cbs_code="0301")
    beleid = UserFactory(role="beleid", gemeenten=[gemeente])
    financien = [UserFactory(role="financien", gemeenten=[gemeente]) for _ in range(4)]
    organisatie = OrganisatieFactory(naam="Stichting Perspectief")
    partner = UserFactory(role="partner", organisatie=organisatie)
    buurt = BuurtFactory(naam="Zuidwijken", gemeente=gemeente, alliantiepartners=[ZorgaanbiederFactory(naam="Sensire")])
    regels = begroting_met_regels(beleid, buurt, organisatie, {2025: Decimal("1000.00")})
    beschikking_voor(buurt)
    return {"gemeente": gemeente, "financien": financien, "partner": partner, "regel": regels[2025]}


def _parallel(calls):
    barrier = threading.Barrier(len(calls))
    ok, errors, unexpected = [], [], []

    def worker(call):
        try:
            barrier.wait(timeout=30)
            ok.append(call())
        except Exception as exc:  # noqa: BLE001 - sorted below
            (errors if exc.__class__.__name__ in ("DeclaratieGeweigerd", "ValidationError") else unexpected).append(
                repr(exc)
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return ok, errors, unexpected


def test_parallel_approvals_cannot_overspend_the_budget_line(opzet):
    partner, regel = opzet["partner"], opzet["regel"]
    # Eight declarations of € 300 pending on a line of € 1.000 (as if the line was lowered after
    # they were submitted): only three fit. Put them in 'ingediend' through the services with
    # a temporarily larger line, then restore the line's amount.
    from buurtplan.models import Begrotingsregel

    force_update(Begrotingsregel, regel.pk, bedrag=Decimal("5000.00"))
    regel.refresh_from_db()
    declaraties = [
        services.dien_in(partner, concept(partner, regel, bedrag="300.00", factuurnummer=f"C-{i}")) for i in range(8)
    ]
    force_update(Begrotingsregel, regel.pk, bedrag=Decimal("1000.00"))

    users = opzet["financien"]
    pairs = [(d, users[i % len(users)]) for i, d in enumerate(declaraties)]
    calls = [lambda d=d, u=u: services.keur_goed(u, d) for d, u in pairs]
    ok, refused, unexpected = _parallel(calls)

    assert unexpected == []
    assert len(ok) == 3 and len(refused) == 5
    geboekt = Declaratie.objects.filter(status="geboekt")
    assert sum(d.bedrag for d in geboekt) == Decimal("900.00")
    gemeente = opzet["gemeente"]
    assert gq.proefbalans(gemeente, gq.boekjaren(gemeente)[0]).in_balans
    assert gq.controle_bevindingen(gemeente) == []


def test_parallel_submissions_cannot_overbook_and_get_unique_numbers(opzet):
    partner, regel = opzet["partner"], opzet["regel"]
    concepten = [concept(partner, regel, bedrag="300.00", factuurnummer=f"S-{i}") for i in range(8)]
    partner = User.objects.get(pk=partner.pk)
    ok, refused, unexpected = _parallel([lambda d=d: services.dien_in(partner, d) for d in concepten])
    assert unexpected == []
    assert len(ok) == 3 and len(refused) == 5
    nummers = list(Declaratie.objects.exclude(nummer="").values_list("nummer", flat=True))
    assert len(nummers) == len(set(nummers)) == 3
