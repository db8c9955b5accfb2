"""Vaststellen and removing a signature ask for confirmation first; GET changes nothing."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from buurtplan.models import Buurtplan, Ondertekening
from tests.factories.buurtplan import klaar_voor_vaststelling

pytestmark = pytest.mark.django_db


def _duplicate_ids(html):
    counts = Counter(re.findall(r'\sid="([^"]+)"', re.sub(r"<template.*?</template>", "", html, flags=re.S)))
    return sorted(i for i, n in counts.items() if n > 1)


@pytest.fixture
def plan(beleid, buurt, partner_organisatie):
    return klaar_voor_vaststelling(beleid, buurt, partner_organisatie)


def test_vaststellen_is_a_link_to_a_confirmation_page_then_a_post(login, beleid, plan, buurt):
    client = login(beleid)
    html = client.get(reverse("buurtplan:buurt_plan", args=[buurt.pk])).content.decode()
    url = reverse("buurtplan:plan_vaststellen", args=[buurt.pk, plan.versie])
    assert f'href="{url}"' in html and not _duplicate_ids(html)
    page = client.get(url)
    assert page.status_code == 200
    assert "nieuwe versie" in page.content.decode() and not _duplicate_ids(page.content.decode())
    plan.refresh_from_db()
    assert plan.status != Buurtplan.Status.VASTGESTELD
    client.post(url)
    plan.refresh_from_db()
    assert plan.status == Buurtplan.Status.VASTGESTELD


def test_vaststellen_confirmation_refused_to_controle(login, controle, plan, buurt):
    response = login(controle).get(reverse("buurtplan:plan_vaststellen", args=[buurt.pk, plan.versie]))
    assert response.status_code in (403, 404)


def test_removing_a_signature_asks_first(login, beleid, plan, buurt):
    client = login(beleid)
    ondertekening = plan.ondertekeningen.first()
    html = client.get(reverse("buurtplan:buurt_ondertekeningen", args=[buurt.pk])).content.decode()
    url = reverse("buurtplan:ondertekening_verwijderen", args=[buurt.pk, ondertekening.pk])
    assert f'href="{url}"' in html and not _duplicate_ids(html)
    page = client.get(url)
    assert page.status_code == 200 and "worden verwijderd" in page.content.decode()
    assert Ondertekening.objects.filter(pk=ondertekening.pk).exists()
    client.post(url)
    assert not Ondertekening.objects.filter(pk=ondertekening.pk).exists()
