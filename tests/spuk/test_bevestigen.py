"""Irreversible actions on a beschikking ask for confirmation: GET shows what will happen and
changes nothing; only the POST acts. The beschikking page has unique ids."""

import datetime
import re
from collections import Counter

import pytest
from django.urls import reverse

from spuk import services
from spuk.models import Aanvraag
from tests.factories.spuk import beschikking as maak_beschikking
from tests.factories.spuk import boek_lasten

pytestmark = pytest.mark.django_db


@pytest.fixture
def besch(beleid, financien, gemeente):
    b = maak_beschikking(beleid, financien, gemeente)
    services.registreer_termijn(financien, b.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2024, 12, 1))
    boek_lasten(financien, b, "3000.00", boekdatum=datetime.date(2024, 12, 10), bestedingsjaar=2024)
    return b


def _duplicate_ids(html):
    counts = Counter(re.findall(r'\sid="([^"]+)"', re.sub(r"<template.*?</template>", "", html, flags=re.S)))
    return sorted(i for i, n in counts.items() if n > 1)


def test_jaarafsluiting_confirmation_page_changes_nothing(besch, financien, login):
    client = login(financien)
    url = reverse("spuk:jaarafsluiting", args=[besch.pk])
    response = client.get(url, {"jaar": "2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "3.000,00" in html and "wordt gesloten" in html and "Dit kunt u niet ongedaan maken." in html
    assert not besch.jaarafsluitingen.exists()
    assert not _duplicate_ids(html)
    client.post(url, {"jaar": "2024"})
    assert besch.jaarafsluitingen.filter(jaar=2024).exists()


def test_confirmation_page_refused_to_who_cannot_act(besch, beleid, login):
    client = login(beleid)
    assert client.get(reverse("spuk:jaarafsluiting", args=[besch.pk]), {"jaar": "2024"}).status_code == 403
    assert client.get(reverse("spuk:vaststelling", args=[besch.pk])).status_code == 403


def test_vaststelling_confirmation_shows_repayment_then_post_acts(besch, financien, login):
    client = login(financien)
    services.jaarafsluiting(financien, besch, 2024)
    url = reverse("spuk:vaststelling", args=[besch.pk])
    data = {"datum": "2025-10-01", "bedrag": "30000,00", "kenmerk": "DUS-I/1"}
    html = client.get(url, data).content.decode()
    assert "4.851,00" in html and "terugbetaling" in html
    besch.aanvraag.refresh_from_db()
    assert besch.aanvraag.status != Aanvraag.Status.VASTGESTELD
    client.post(url, data)
    besch.aanvraag.refresh_from_db()
    assert besch.aanvraag.status == Aanvraag.Status.VASTGESTELD


def test_vaststelling_confirmation_with_invalid_input_shows_error_summary(besch, financien, login):
    html = login(financien).get(reverse("spuk:vaststelling", args=[besch.pk]), {"bedrag": "abc"}).content.decode()
    assert "<title>Fout:" in html
    assert "data-error-summary" in html and 'href="#id_datum"' in html and 'href="#id_bedrag"' in html


def test_beschikking_page_has_unique_ids(besch, financien, login):
    html = login(financien).get(reverse("spuk:beschikking_detail", args=[besch.pk])).content.decode()
    assert not _duplicate_ids(html)
    # The year-end release is a link to its confirmation page, not a one-click POST.
    assert f'href="{reverse("spuk:jaarafsluiting", args=[besch.pk])}?jaar=2024"' in html


def test_aanvraag_page_has_unique_ids(beleid, gemeente, login):
    from tests.factories.spuk import aanvraag as maak_aanvraag

    aanvraag = maak_aanvraag(beleid, gemeente)
    html = login(beleid).get(aanvraag.get_absolute_url()).content.decode()
    assert not _duplicate_ids(html)


def test_sisa_definitief_asks_for_confirmation_first(besch, beleid, financien, login):
    from spuk import queries

    url = reverse("spuk:sisa", args=[besch.pk, 2024])
    assert login(beleid).get(url, {"definitief": "1"}).status_code == 403
    client = login(financien)
    html = client.get(url).content.decode()
    assert 'name="definitief" value="1"' in html and not _duplicate_ids(html)
    page = client.get(url, {"definitief": "1"})
    assert page.status_code == 200 and "niet meer worden gewijzigd" in page.content.decode()
    assert queries.geldende_verantwoording(besch, 2024) is None
    client.post(url)
    assert queries.geldende_verantwoording(besch, 2024) is not None
