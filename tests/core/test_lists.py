"""The list cells rendered in Python (core.lists.Column.cell_html) show what `{{ value }}` showed."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone, translation

from core.lists import Column, cells_html


def _obj(**kwargs):
    return SimpleNamespace(get_absolute_url=lambda: "/ding/1/", **kwargs)


def test_text_cell_escapes_what_a_partner_typed():
    html = Column("omschrijving", "Omschrijving").cell_html(_obj(), '<script>alert("x")</script>')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_money_cell_is_right_aligned_in_dutch_notation():
    html = Column("bedrag", "Bedrag", money=True).cell_html(_obj(), Decimal("-1234567.5"))
    assert "utrecht-table__cell--numeric-data" in html
    assert "€\xa0-1.234.567,50" in html


def test_link_cell_points_at_the_row_url_or_the_object_and_escapes_its_text():
    column = Column("nummer", "Nummer", link=True)
    assert 'href="/ding/1/"' in column.cell_html(_obj(), "D-1")
    html = column.cell_html(_obj(), "<b>", url="/elders/?a=1&b=2")
    assert 'href="/elders/?a=1&amp;b=2"' in html
    assert "&lt;b&gt;" in html


def test_dates_and_moments_are_localised_and_in_dutch_time():
    with translation.override("nl"):
        assert ">01-03-2026<" in Column("datum", "Datum").cell_html(_obj(), datetime.date(2026, 3, 1))
        moment = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
        with timezone.override("Europe/Amsterdam"):
            # 23:30 UTC is already 2 March in Amsterdam.
            assert "02-03-2026" in Column("moment", "Moment").cell_html(_obj(), moment)


def test_empty_yes_no_and_badge_cells():
    with translation.override("nl"):
        assert 'class="app-help">–<' in Column("x", "X").cell_html(_obj(), None)
        assert ">ja<" in Column("x", "X").cell_html(_obj(), True)
        assert ">nee<" in Column("x", "X").cell_html(_obj(), False)
    badge = Column("get_status_display", "Status").cell_html(_obj(status="afgewezen"), "Afgewezen")
    assert "app-status--error" in badge and 'data-status="afgewezen"' in badge and ">Afgewezen<" in badge


def test_a_row_is_its_cells_in_column_order():
    columns = [Column("a", "A"), Column("b", "B", money=True)]
    html = cells_html([(columns[0], "eerste"), (columns[1], Decimal("2"))], _obj())
    assert html.index("eerste") < html.index("€\xa02,00")
    assert html.count("<td") == 2
