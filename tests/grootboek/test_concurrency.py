"""On PostgreSQL: concurrent bookings get unique, gapless stuknummers."""

import datetime
import threading

import pytest
from django.db import connection, connections

from grootboek.models import Boekjaar, Journaalpost
from tests.factories.core import GemeenteFactory, UserFactory
from tests.factories.grootboek import boek_simpel, schema

AANTAL = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_bookings_get_unique_gapless_stuknummers():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); SQLite serialises writers anyway")
    gemeente = GemeenteFactory(naam="Gemeente Zutphen", cbs_code="0301")
    financien = UserFactory(role="financien", gemeenten=[gemeente])
    rekeningen = schema(gemeente)
    assert not Boekjaar.objects.exists()  # the first bookings also race to create the year's counter
    barrier = threading.Barrier(AANTAL)
    results, errors = [], []

    def worker(i):
        try:
            barrier.wait(timeout=30)
            post = boek_simpel(
                financien,
                gemeente,
                rekeningen["bank"],
                rekeningen["vooruitontvangen"],
                f"{i + 1}.00",
                boekdatum=datetime.date(2025, 6, 1),
                omschrijving=f"Gelijktijdig {i}",
            )
            results.append(post.volgnummer)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(AANTAL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sorted(results) == list(range(1, AANTAL + 1))
    stored = sorted(Journaalpost.objects.filter(gemeente=gemeente, boekjaar=2025).values_list("volgnummer", flat=True))
    assert stored == list(range(1, AANTAL + 1))
    assert Boekjaar.objects.get(gemeente=gemeente, jaar=2025).laatste_volgnummer == AANTAL
