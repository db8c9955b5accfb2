"""The main menu: a few groups, the current section by path prefix (detail pages too), "Meldingen"
once, and breadcrumbs on detail pages."""

import re

import pytest
from django.urls import reverse

from core import nav
from tests.factories.buurtplan import BuurtFactory
from tests.factories.declaraties import begroting_met_regels, beschikking_voor, ingediend


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "private"


def _current(html):
    return re.findall(r'<a [^>]*aria-current="(?:page|true)"[^>]*>([^<]+)</a>', html)


def test_finance_menu_has_the_five_groups_and_meldingen_only_once(client, financien):
    client.force_login(financien)
    html = client.get(reverse("core:start_role", args=["financien"])).content.decode()
    labels = [str(g.label) for g in nav.groups_for(financien, "/")]
    assert labels == ["Werkvoorraad", "Buurten & plannen", "Mijlpalen", "Financiën", "Verantwoording"]
    assert html.count(">Meldingen<") == 1


def test_every_item_is_in_a_known_group():
    assert all(item.group in nav.GROUPS for item in nav.collect_items())


def test_detail_page_marks_its_section_and_item_current(client, beleid, financien, partner, gemeente):
    buurt = BuurtFactory(gemeente=gemeente)
    regels = begroting_met_regels(beleid, buurt, partner.organisatie)
    beschikking_voor(buurt)
    declaratie = ingediend(partner, regels[2025])
    client.force_login(financien)
    html = client.get(reverse("declaraties:detail", args=[declaratie.pk])).content.decode()
    assert _current(html)[:2] == ["Werkvoorraad", "Declaraties"]
    assert 'aria-current="true"' in html  # not "page": the item's own page is the list
    assert 'class="utrecht-breadcrumb-nav"' in html
    client.force_login(partner)
    html = client.get(reverse("declaraties:detail", args=[declaratie.pk])).content.decode()
    assert "Mijn declaraties" in _current(html)


def test_list_page_is_current_page_and_its_group_current(client, financien):
    client.force_login(financien)
    html = client.get(reverse("grootboek:proefbalans")).content.decode()
    assert re.search(r'aria-current="page"[^>]*>Proefbalans<', html)
    assert re.search(r'aria-current="true"[^>]*>Financiën<', html)


def test_longest_prefix_wins():
    items = [nav.NavItem("A", "grootboek:journaalposten"), nav.NavItem("B", "grootboek:proefbalans")]
    assert nav.current_item(items, "/grootboek/proefbalans/").label == "B"
    assert nav.current_item(items, "/grootboek/journaalposten/7/").label == "A"
    assert nav.current_item(items, "/meldingen/") is None


def test_detail_pages_have_breadcrumbs(client, financien, beleid, partner, gemeente):
    from declaraties.services import keur_goed

    buurt = BuurtFactory(gemeente=gemeente)
    regels = begroting_met_regels(beleid, buurt, partner.organisatie)
    beschikking = beschikking_voor(buurt)
    declaratie = keur_goed(financien, ingediend(partner, regels[2025]))
    client.force_login(financien)
    for url, crumb in [
        (reverse("grootboek:journaalpost", args=[declaratie.journaalpost_id]), "Grootboek"),
        (reverse("spuk:beschikking_detail", args=[beschikking.pk]), "Beschikkingen"),
        (reverse("declaraties:detail", args=[declaratie.pk]), "Declaraties"),
    ]:
        html = client.get(url).content.decode()
        kruimelpad = html.split('class="utrecht-breadcrumb-nav"', 1)[1].split("</nav>", 1)[0]
        assert ">Start<" in kruimelpad and f">{crumb}<" in kruimelpad and 'aria-current="page"' in kruimelpad
