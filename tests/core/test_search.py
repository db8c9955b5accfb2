"""Global search: one field for numbers and names, answering only what the user may see."""

import pytest
from django.urls import reverse

from core import search
from tests.factories.buurtplan import BuurtFactory
from tests.factories.core import OrganisatieFactory, UserFactory
from tests.factories.declaraties import begroting_met_regels, beschikking_voor, ingediend


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def zutphen(beleid, partner, gemeente):
    buurt = BuurtFactory(naam="Zuidwijken", gemeente=gemeente)
    regels = begroting_met_regels(beleid, buurt, partner.organisatie)
    beschikking_voor(buurt, nummer="SPUK-IZA-AZWA-1047323")
    return ingediend(partner, regels[2025], factuurnummer="INV-7781")


@pytest.fixture
def alphen(andere_gemeente):
    beleid = UserFactory(email="beleid-alphen@test.nl", role="beleid", gemeenten=[andere_gemeente])
    org = OrganisatieFactory(naam="Kwadraad")
    partner = UserFactory(email="partner-alphen@test.nl", role="partner", organisatie=org)
    buurt = BuurtFactory(naam="Kerk en Zanen", gemeente=andere_gemeente)
    regels = begroting_met_regels(beleid, buurt, org)
    beschikking_voor(buurt, nummer="SPUK-IZA-AZWA-2000001")
    return ingediend(partner, regels[2025], factuurnummer="INV-7782")


def _titels(user, term):
    return [r.titel for r in search.registry.zoek(user, term)]


def test_finance_finds_a_declaration_by_number_and_not_the_same_number_of_another_gemeente(financien, zutphen, alphen):
    assert zutphen.nummer == alphen.nummer  # numbers run per gemeente
    resultaten = search.registry.zoek(financien, zutphen.nummer)
    declaraties = [r for r in resultaten if str(r.soort) == "Declaratie"]
    assert [r.url for r in declaraties] == [reverse("declaraties:detail", args=[zutphen.pk])]


def test_finance_finds_by_invoice_number_partner_buurt_and_beschikking(financien, zutphen, alphen):
    assert str(zutphen) in _titels(financien, "INV-7781")
    assert str(zutphen) in _titels(financien, "Perspectief")
    assert "Zuidwijken" in _titels(financien, "Zuidwijk")
    assert "SPUK-IZA-AZWA-1047323" in _titels(financien, "1047323")
    assert not any(
        "Kerk en Zanen" in t or "2000001" in t for t in _titels(financien, "Kerk") + _titels(financien, "2000001")
    )
    alphen_url = reverse("declaraties:detail", args=[alphen.pk])
    assert alphen_url not in [r.url for r in search.registry.zoek(financien, "INV-7782")]


def test_finance_finds_a_journal_entry_by_its_number(financien, zutphen):
    from declaraties.services import keur_goed

    post = keur_goed(financien, zutphen).journaalpost
    resultaten = search.registry.zoek(financien, post.stuknummer)
    assert reverse("grootboek:journaalpost", args=[post.pk]) in [r.url for r in resultaten]


def test_partner_finds_only_their_own_declarations(partner, zutphen, alphen):
    from core.models import User

    urls = [r.url for r in search.registry.zoek(partner, "INV-778")]
    assert urls == [reverse("declaraties:detail", args=[zutphen.pk])]
    partner_alphen = User.objects.get(email="partner-alphen@test.nl")
    urls = [r.url for r in search.registry.zoek(partner_alphen, "INV-778")]
    assert urls == [reverse("declaraties:detail", args=[alphen.pk])]
    # A partner has no ledger or beschikkingen to search.
    assert not [r for r in search.registry.zoek(partner, "SPUK-IZA") if str(r.soort) == "Beschikking"]


def test_search_page_lists_results_with_links(client, financien, zutphen):
    client.force_login(financien)
    html = client.get(reverse("core:zoeken"), {"q": "INV-7781"}).content.decode()
    assert reverse("declaraties:detail", args=[zutphen.pk]) in html
    assert 'role="search"' in html
    assert "Typ minstens twee tekens" in client.get(reverse("core:zoeken"), {"q": "x"}).content.decode()


def test_search_page_spends_one_query_per_provider(client, django_assert_max_num_queries, financien, zutphen):
    client.force_login(financien)
    url = reverse("core:zoeken")
    with django_assert_max_num_queries(25):
        assert client.get(url, {"q": "Zuidwijken"}).status_code == 200


def test_without_postgresql_the_search_is_a_plain_substring_match(monkeypatch, financien, zutphen):
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert "Zuidwijken" in _titels(financien, "uidwijk")
    assert "Zuidwijken" not in _titels(financien, "Zuidwjken")  # no similarity without pg_trgm
