"""Dashboards: key figures from the ledger as SVG charts with their data tables, scoped to the
user's gemeente; the national dashboard only for the landelijk role (superusers until it exists)."""

import datetime
import re

import pytest
from django.urls import reverse

from core import charts
from declaraties.services import keur_goed
from mijlpalen.models import MijlpaalStatus
from tests.factories.buurtplan import BuurtFactory
from tests.factories.core import UserFactory
from tests.factories.declaraties import begroting_met_regels, beschikking_voor, ingediend
from tests.factories.mijlpalen import MijlpaalBedragFactory, MijlpaalFactory, MijlpaalStatusFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def zutphen(beleid, financien, partner, gemeente):
    buurt = BuurtFactory(naam="Zuidwijken", gemeente=gemeente)
    regels = begroting_met_regels(beleid, buurt, partner.organisatie)
    beschikking = beschikking_voor(buurt)
    keur_goed(financien, ingediend(partner, regels[2025], bedrag="1234.00"))
    mijlpaal = MijlpaalFactory(nummer=2, deadline=datetime.date(2025, 6, 30))
    MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=buurt)
    MijlpaalStatusFactory(mijlpaal=mijlpaal, buurt=buurt, status=MijlpaalStatus.Status.OPEN)
    return beschikking


def _tabel(html, titel):
    sectie = html.split(f">{titel}</h2>", 1)[1].split("</section>", 1)[0]
    return sectie


def test_gemeente_dashboard_shows_spending_from_the_ledger_per_year_and_buurt(client, financien, zutphen):
    client.force_login(financien)
    html = client.get(reverse("core:dashboard")).content.decode()
    kern = _tabel(html, "Kerncijfers per jaar")
    assert "<svg" in kern and 'role="img"' in kern and "<desc" in kern and "<table" in kern
    rij_2025 = re.search(r">2025</th>(.*?)</tr>", kern, re.S).group(1)
    assert "1.234,00" in rij_2025  # besteed in 2025: the booked declaration
    buurt = _tabel(html, "Budget en besteding per buurt")
    assert "Zuidwijken" in buurt and "1.234,00" in buurt


def test_milestone_timeline_flags_the_overdue_open_milestone(client, beleid, zutphen):
    client.force_login(beleid)
    tijdlijn = _tabel(client.get(reverse("core:dashboard")).content.decode(), "Tijdlijn van de mijlpalen")
    assert "app-chart__mijlpaal--te-laat" in tijdlijn
    assert "te laat sinds 30 juni 2025" in tijdlijn


def test_dashboard_of_another_gemeente_shows_none_of_ours(client, zutphen, andere_gemeente):
    ander = UserFactory(email="fin-alphen@test.nl", role="financien", gemeenten=[andere_gemeente])
    client.force_login(ander)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Zuidwijken" not in html and "1.234,00" not in html


def test_beschikking_dashboard_has_key_figures_and_activities(client, financien, zutphen):
    client.force_login(financien)
    html = client.get(reverse("spuk:beschikking_dashboard", args=[zutphen.pk])).content.decode()
    assert "Kerncijfers per jaar" in html and "Budget en besteding per activiteit" in html
    assert "1.234,00" in html


def test_national_dashboard_is_for_the_landelijk_role_only(client, financien, partner, zutphen):
    url = reverse("core:dashboard_landelijk")
    for user in (financien, partner):
        client.force_login(user)
        assert client.get(url).status_code == 403
    landelijk = UserFactory(email="landelijk@test.nl", is_superuser=True)
    client.force_login(landelijk)
    html = client.get(url).content.decode()
    assert "Kerncijfers per gemeente" in html and "Gemeente Zutphen" in html


def test_dashboard_query_count_does_not_grow_with_declarations(
    client, django_assert_max_num_queries, financien, partner, zutphen
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from declaraties.models import Declaratie

    client.force_login(financien)
    url = reverse("core:dashboard")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    regel = Declaratie.objects.first().begrotingsregel
    for i in range(5):
        keur_goed(financien, ingediend(partner, regel, bedrag="10.00", factuurnummer=f"X-{i}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_bar_chart_geometry_scales_to_the_largest_value():
    g = charts.staafgrafiek(["a", "b"], [("2025", [100, 50]), ("2026", [None, 25])])
    widths = [b["w"] for grp in g["groups"] for b in grp["bars"]]
    assert widths[0] == max(widths) and widths[1] == widths[0] / 2 and widths[2] == 0
    assert charts.staafgrafiek(["a"], []) is None
