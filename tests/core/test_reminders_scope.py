"""Every deadline source filters on the gemeente in its query: the deadline page of one gemeente no
longer reads the whole country (issue 15)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import Organisatie
from core.reminders import calendar, sources

pytestmark = pytest.mark.django_db


def test_each_source_gives_exactly_the_gemeentes_own_deadlines(demo_data):
    van, tot = date.today() - timedelta(days=400), date.today() + timedelta(days=800)
    gemeenten = list(Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE).values_list("pk", flat=True))
    assert len(gemeenten) >= 2
    gevonden = 0
    for key, source in sources.all().items():
        alle = list(source.upcoming(van, tot))
        gevonden += len(alle)
        for gemeente_id in gemeenten:
            eigen = list(source.upcoming(van, tot, gemeente_id=gemeente_id))
            assert {d.gemeente_id for d in eigen} <= {gemeente_id}, key
            assert sorted(d.sleutel for d in eigen) == sorted(
                d.sleutel for d in alle if d.gemeente_id == gemeente_id
            ), key
    assert gevonden, "the demo has deadlines"


def test_the_calendar_asks_the_database_for_one_gemeente_only(demo_data):
    gemeente = Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE).order_by("pk").first()
    with CaptureQueriesContext(connection) as ctx:
        calendar(gemeente.pk, dagen=800)
    landelijk = [
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "core_organisatie"' in q["sql"] and '"core_organisatie"."id" =' not in q["sql"]
    ]
    assert landelijk == []
