"""Embedded mode (SQLite): two finance officers approving at the same moment both succeed — the
second waits for the first (busy timeout, IMMEDIATE transactions) instead of failing with
"database is locked". Run on SQLite by tests/core/test_hardening.py; skipped on PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from declaraties import services
from declaraties.models import Declaratie
from tests.factories.buurtplan import BuurtFactory, ZorgaanbiederFactory
from tests.factories.core import GemeenteFactory, OrganisatieFactory, UserFactory
from tests.factories.declaraties import begroting_met_regels, beschikking_voor, ingediend

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_parallel_approvals_on_sqlite_both_succeed(settings, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the embedded (SQLite) setup; tests/core/test_hardening.py runs this on SQLite")
    settings.MEDIA_ROOT = tmp_path
    gemeente = GemeenteFactory(naam="Gemeente Zutphen", cbs_code="0301")
    beleid = UserFactory(role="beleid", gemeenten=[gemeente])
    financien = [UserFactory(role="financien", gemeenten=[gemeente]) for _ in range(2)]
    organisatie = OrganisatieFactory(naam="Stichting Perspectief")
    partner = UserFactory(role="partner", organisatie=organisatie)
    buurt = BuurtFactory(naam="Zuidwijken", gemeente=gemeente, alliantiepartners=[ZorgaanbiederFactory(naam="Sensire")])
    regels = begroting_met_regels(beleid, buurt, organisatie)
    beschikking_voor(buurt)
    declaraties = [ingediend(partner, regels[2025], bedrag="100.00", factuurnummer=f"S-{i}") for i in range(2)]

    barrier = threading.Barrier(2)
    errors = []

    def approve(declaratie, user):
        try:
            barrier.wait(timeout=30)
            services.keur_goed(user, declaratie)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(d, u)) for d, u in zip(declaraties, financien, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    statuses = set(Declaratie.objects.filter(pk__in=[d.pk for d in declaraties]).values_list("status", flat=True))
    assert statuses == {Declaratie.Status.GEBOEKT}
