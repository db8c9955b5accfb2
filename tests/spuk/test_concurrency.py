"""On PostgreSQL: a termijn is booked once and a year released once, however many clicks race."""

import datetime
import threading

import pytest
from django.db import connection, connections

from grootboek.models import Journaalpost
from spuk import services
from spuk.models import Jaarafsluiting, Termijn
from tests.factories.core import GemeenteFactory, UserFactory
from tests.factories.spuk import beschikking as maak_beschikking
from tests.factories.spuk import boek_lasten

AANTAL = 6


def _race(target):
    barrier = threading.Barrier(AANTAL)
    ok, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=30)
            ok.append(target())
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(AANTAL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return ok, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_termijn_registration_and_jaarafsluiting_book_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); SQLite serialises writers anyway")
    gemeente = GemeenteFactory(naam="Gemeente Zutphen", cbs_code="0301")
    beleid = UserFactory(role="beleid", gemeenten=[gemeente])
    financien = UserFactory(role="financien", gemeenten=[gemeente])
    besch = maak_beschikking(beleid, financien, gemeente)
    termijn = besch.termijnen.get(jaar=2024)
    ok, errors = _race(lambda: services.registreer_termijn(financien, termijn, ontvangen_op=datetime.date(2024, 12, 1)))
    assert len(ok) == 1 and len(errors) == AANTAL - 1
    assert Termijn.objects.get(pk=termijn.pk).status == "ontvangen"
    boek_lasten(financien, besch, "100.00", boekdatum=datetime.date(2024, 12, 2), bestedingsjaar=2024)
    ok, errors = _race(lambda: services.jaarafsluiting(financien, besch, 2024))
    assert len(ok) == 1 and len(errors) == AANTAL - 1
    assert Jaarafsluiting.objects.filter(beschikking=besch, jaar=2024).count() == 1
    # one termijn booking, one expense, one release
    assert Journaalpost.objects.filter(gemeente=gemeente).count() == 3
