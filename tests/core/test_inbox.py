"""The task inbox ("Wat moet ik doen"): counts from every app's provider, scoped to the user,
each linking to the list filtered on what was counted, in a bounded number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import inbox
from declaraties import services
from declaraties.models import Declaratie
from mijlpalen.models import MijlpaalStatus
from tests.factories.buurtplan import BuurtFactory
from tests.factories.declaraties import begroting_met_regels, beschikking_voor, ingediend
from tests.factories.mijlpalen import MijlpaalBedragFactory, MijlpaalFactory, MijlpaalStatusFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def buurt(gemeente):
    return BuurtFactory(naam="Zuidwijken", gemeente=gemeente)


@pytest.fixture
def regels(beleid, buurt, partner_organisatie):
    return begroting_met_regels(beleid, buurt, partner_organisatie)


def _taak(taken, label):
    return next(t for t in taken if str(t.label) == label)


def _ingediend(partner, regels, n, start=0):
    return [ingediend(partner, regels[2025], bedrag="100.00", factuurnummer=f"F-{start + i}") for i in range(n)]


def test_finance_inbox_counts_declarations_to_review_and_links_to_the_filtered_list(
    client, financien, partner, regels, buurt
):
    beschikking_voor(buurt)
    _ingediend(partner, regels, 3)
    taken = inbox.registry.taken(financien)
    te_beoordelen = _taak(taken, "Declaraties te beoordelen")
    assert te_beoordelen.aantal == 3
    client.force_login(financien)
    lijst = client.get(te_beoordelen.url).content.decode()
    assert lijst.count(reverse("declaraties:detail", args=[Declaratie.objects.first().pk])) >= 1
    assert len(re.findall(r'href="/declaraties/\d+/"', lijst)) == 3


def test_approved_declaration_moves_from_review_to_payment(financien, partner, regels, buurt):
    beschikking_voor(buurt)
    [d] = _ingediend(partner, regels, 1)
    services.keur_goed(financien, d)
    taken = inbox.registry.taken(financien)
    assert _taak(taken, "Declaraties te beoordelen").aantal == 0
    assert _taak(taken, "Te betalen").aantal == 1
    assert _taak(taken, "Te betalen").url == reverse("declaraties:betalingen") + "?status=geboekt"


def test_finance_of_another_gemeente_counts_none_of_ours(partner, regels, buurt, andere_gemeente):
    from tests.factories.core import UserFactory

    beschikking_voor(buurt)
    _ingediend(partner, regels, 2)
    ander = UserFactory(email="fin-elders@test.nl", role="financien", gemeenten=[andere_gemeente])
    assert _taak(inbox.registry.taken(ander), "Declaraties te beoordelen").aantal == 0


def test_overdue_open_milestone_is_flagged_with_text_not_plain_open(client, beleid, buurt):
    mijlpaal = MijlpaalFactory(nummer=2, deadline=datetime.date(2025, 6, 30), omschrijving="Netwerk gevormd")
    MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=buurt)
    MijlpaalStatusFactory(mijlpaal=mijlpaal, buurt=buurt, status=MijlpaalStatus.Status.OPEN)
    taak = _taak(inbox.registry.taken(beleid, datetime.date(2026, 11, 29)), "Mijlpalen te laat")
    assert taak.aantal == 1 and taak.te_laat
    assert str(taak.toelichting) == "te laat sinds 30 juni 2025"
    client.force_login(beleid)
    start = client.get(reverse("core:start_role", args=["beleid"])).content.decode()
    assert "app-inbox__item--te-laat" in start and "te laat sinds 30 juni 2025" in start
    lijst = client.get(reverse("mijlpalen:lijst") + "?termijn=te_laat").content.decode()
    assert "Netwerk gevormd" in lijst and "Open – te laat sinds 30 juni 2025" in lijst


def test_milestone_counts_equal_the_lists_they_link_to_with_shared_deadlines_and_two_buurten(beleid, buurt, gemeente):
    vandaag = datetime.date(2026, 11, 29)
    tweede = BuurtFactory(naam="Noordveen", gemeente=gemeente)
    behaald = MijlpaalFactory(nummer=9, deadline=datetime.date(2026, 10, 1))
    MijlpaalBedragFactory(mijlpaal=behaald, buurt=buurt)
    MijlpaalStatusFactory(mijlpaal=behaald, buurt=buurt, status=MijlpaalStatus.Status.BEHAALD)
    for nummer, deadline in [
        (1, "2026-10-01"),
        (2, "2026-10-01"),
        (3, "2026-12-10"),
        (4, "2026-12-29"),
        (5, "2027-03-01"),
    ]:
        mijlpaal = MijlpaalFactory(nummer=nummer, deadline=datetime.date.fromisoformat(deadline))
        MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=buurt)
        MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=tweede)
    from mijlpalen import queries

    taken = inbox.registry.taken(beleid, vandaag)
    te_laat = queries.filter_termijn(queries.mijlpalen_voor(beleid), "te_laat", vandaag).count()
    binnenkort = queries.filter_termijn(queries.mijlpalen_voor(beleid), "binnenkort", vandaag).count()
    # Two open milestones share a deadline, each in two buurten; the behaald one and the one due in
    # March are not counted.
    assert (te_laat, binnenkort) == (2, 2)
    assert _taak(taken, "Mijlpalen te laat").aantal == te_laat
    assert _taak(taken, "Mijlpalen met deadline binnen 30 dagen").aantal == binnenkort


def test_beleid_sees_budgets_waiting_for_the_commissie_and_concept_plans(beleid, buurt):
    from buurtplan.models import Buurtbegroting
    from tests.factories.buurtplan import BuurtplanFactory

    plan = BuurtplanFactory(buurt=buurt, door=beleid)
    Buurtbegroting.objects.filter(buurtplan=plan).update(status=Buurtbegroting.Status.INGEDIEND)
    taken = inbox.registry.taken(beleid)
    assert _taak(taken, "Buurtplannen in concept").aantal == 1
    commissie = _taak(taken, "Begrotingen bij de begrotingscommissie")
    assert commissie.aantal == (1 if Buurtbegroting.objects.filter(buurtplan=plan).exists() else 0)


def test_spuk_tasks_and_remaining_budget_for_finance(client, financien, buurt):
    beschikking = beschikking_voor(buurt)
    taken = inbox.registry.taken(financien, datetime.date(2026, 11, 29))
    sisa = _taak(taken, "SiSa-verantwoording nog concept")
    assert sisa.aantal == 2  # 2024 and 2025 have ended without a definitief SiSa
    assert _taak(taken, "Resterend budget").waarde == "€\xa0341.840,00"
    client.force_login(financien)
    lijst = client.get(sisa.url).content.decode()
    assert beschikking.nummer in lijst


def test_partner_lands_on_the_portal(client, partner):
    client.force_login(partner)
    assert client.get(reverse("core:start")).url == reverse("declaraties:portaal")


def test_inbox_query_count_does_not_grow_with_the_work(
    client, django_assert_max_num_queries, financien, partner, regels, buurt
):
    beschikking_voor(buurt)
    client.force_login(financien)
    url = reverse("core:start_role", args=["financien"])
    _ingediend(partner, regels, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _ingediend(partner, regels, 6, start=100)
    for _ in range(3):
        MijlpaalBedragFactory(mijlpaal=MijlpaalFactory(deadline=datetime.date(2025, 1, 1)), buurt=buurt)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
