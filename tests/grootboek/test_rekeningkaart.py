"""Rekeningkaart: keyset pages with the opening balance carried in a signed cursor. Walking the
pages forward or backward, oldest or newest first, gives exactly the lines and running balances of
the one-query window function (queries.rekeningkaart)."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from grootboek import queries
from tests.factories.grootboek import boek_simpel

pytestmark = pytest.mark.django_db

GROOTTE = 4


@pytest.fixture
def kaart(financien, gemeente, rekeningen):
    """17 entries on Bank in three years, booked out of date order (back-dated ones included)."""
    for i in range(17):
        datum = datetime.date(2023 + i % 3, 1 + (i * 5) % 12, 1 + (i * 7) % 28)
        if i % 2:
            boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["baten"], f"{100 + i}.25", boekdatum=datum)
        else:
            boek_simpel(
                financien, gemeente, rekeningen["crediteuren"], rekeningen["bank"], f"{10 + i}.10", boekdatum=datum
            )
    return rekeningen["bank"]


def _verwacht(rekening, **filters):
    _begin, qs = queries.rekeningkaart(rekening, **filters)
    return [(r.pk, r.lopend_saldo) for r in qs]


def _loop(rekening, richting, **filters):
    """All pages from the first, following `volgende` (or, from the last page, `vorige`)."""
    gezien, cursor, paginas = [], None, 0
    while True:
        pagina = queries.rekeningkaart_pagina(rekening, cursor=cursor, grootte=GROOTTE, **filters)
        gezien.append([(r.pk, r.lopend_saldo) for r in pagina.regels])
        paginas += 1
        assert paginas < 20
        cursor = getattr(pagina, richting)
        if cursor is None:
            return gezien, pagina


@pytest.mark.parametrize(
    "filters",
    [{}, {"van": datetime.date(2024, 3, 1)}, {"tot": datetime.date(2024, 9, 30)}, {"van": datetime.date(2024, 1, 1)}],
)
def test_walking_the_pages_forward_and_back_gives_the_window_function_balances(kaart, filters):
    verwacht = _verwacht(kaart, **filters)
    vooruit, laatste = _loop(kaart, "volgende", **filters)
    assert [regel for blok in vooruit for regel in blok] == verwacht
    assert all(len(blok) == GROOTTE for blok in vooruit[:-1])
    assert laatste.aantal == len(verwacht)

    # And back from the last page, through the cursors only.
    terug, cursor = [], laatste.vorige
    while cursor:
        pagina = queries.rekeningkaart_pagina(kaart, cursor=cursor, grootte=GROOTTE, **filters)
        terug.insert(0, [(r.pk, r.lopend_saldo) for r in pagina.regels])
        cursor = pagina.vorige
    assert [regel for blok in terug for regel in blok] + vooruit[-1] == verwacht


def test_newest_first_pages_show_the_same_balances_in_reverse(kaart):
    verwacht = _verwacht(kaart)
    aflopend, _laatste = _loop(kaart, "volgende", aflopend=True)
    assert [regel for blok in aflopend for regel in blok] == verwacht[::-1]


def test_bestedingsjaar_filter_and_count_without_reading_lines(financien, gemeente, rekeningen):
    for jaar in (2023, 2024, 2024):
        boek_simpel(financien, gemeente, rekeningen["lasten"], rekeningen["crediteuren"], "5.00", bestedingsjaar=jaar)
    pagina = queries.rekeningkaart_pagina(rekeningen["lasten"], bestedingsjaar=2024)
    assert pagina.aantal == 2
    assert [r.lopend_saldo for r in pagina.regels] == [Decimal("5.00"), Decimal("10.00")]
    assert queries.aantal_regels(rekeningen["lasten"], datetime.date(2025, 3, 15), None, None) == 3
    assert queries.aantal_regels(rekeningen["lasten"], datetime.date(2025, 3, 16), None, None) == 0


def test_a_tampered_or_foreign_cursor_is_ignored(kaart, rekeningen):
    eerste = queries.rekeningkaart_pagina(kaart, grootte=GROOTTE)
    tweede = queries.rekeningkaart_pagina(kaart, cursor=eerste.volgende, grootte=GROOTTE)
    assert tweede.regels[0].pk != eerste.regels[0].pk
    vervalst = eerste.volgende[:-2] + ("AA" if not eerste.volgende.endswith("AA") else "BB")
    for cursor in (vervalst, "onzin"):
        assert [r.pk for r in queries.rekeningkaart_pagina(kaart, cursor=cursor, grootte=GROOTTE).regels] == [
            r.pk for r in eerste.regels
        ]
    # A cursor of other filters (or another account) starts at the first page.
    andere = queries.rekeningkaart_pagina(kaart, cursor=eerste.volgende, grootte=GROOTTE, van=datetime.date(2020, 1, 1))
    assert [r.pk for r in andere.regels] == [r.pk for r in eerste.regels]


def test_a_line_booked_while_paging_does_not_shift_the_carried_balance(financien, gemeente, kaart, rekeningen):
    verwacht = _verwacht(kaart)
    eerste = queries.rekeningkaart_pagina(kaart, grootte=GROOTTE)
    # Back-dated before everything on the next page: outside the snapshot of this walk.
    boek_simpel(financien, gemeente, kaart, rekeningen["baten"], "999.00", boekdatum=datetime.date(2023, 1, 1))
    tweede = queries.rekeningkaart_pagina(kaart, cursor=eerste.volgende, grootte=GROOTTE)
    assert [(r.pk, r.lopend_saldo) for r in tweede.regels] == verwacht[GROOTTE : 2 * GROOTTE]


def test_the_page_links_to_the_next_and_previous_page(financien, login, kaart, django_assert_max_num_queries):
    client = login(financien)
    url = reverse("grootboek:rekeningkaart", args=[kaart.pk])
    verwacht = _verwacht(kaart)
    response = client.get(url)
    html = response.content.decode()
    assert "17 resultaten" in html
    assert [r.pk for r in response.context["object_list"]] == [pk for pk, _s in verwacht[:50]]
    # Fewer than a page: no page links. With a page size of four there are.
    response = client.get(url)
    assert 'rel="next"' not in response.content.decode()


def test_the_page_follows_its_own_next_link(financien, login, kaart, monkeypatch):
    from grootboek.views import RekeningkaartView

    monkeypatch.setattr(RekeningkaartView, "page_size", GROOTTE)
    client = login(financien)
    url = reverse("grootboek:rekeningkaart", args=[kaart.pk])
    verwacht = _verwacht(kaart)
    gezien, next_url = [], url + "?sort=boekdatum"
    while next_url:
        html = client.get(next_url).content.decode()
        gezien += [r for r in re.findall(r'href="/grootboek/journaalposten/(\d+)/"', html)]
        match = re.search(r'href="([^"]+)" rel="next"', html)
        next_url = url + unescape(match.group(1)) if match else None
    assert len(gezien) == len(verwacht)
