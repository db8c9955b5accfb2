"""`boek_in_bulk`: many entries at once (data loads) under the same checks as `boek()`, stuknummers
gapless after what was booked one by one."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from grootboek.api import Boeking, BoekingGeweigerd, Regel, boek_in_bulk
from grootboek.models import Journaalpost, Rekening
from tests.factories.core import UserFactory
from tests.factories.grootboek import boek_simpel, schema

pytestmark = pytest.mark.django_db
R = Rekening.Rol


def boeking(rek, bedrag, datum, *, credit=None):
    return Boeking(
        boekdatum=datum,
        omschrijving="Bulk",
        regels=[Regel(rek[R.BANK], debet=Decimal(bedrag)), Regel(rek[R.CREDITEUREN], credit=Decimal(credit or bedrag))],
    )


def test_bulk_entries_continue_the_gapless_numbers_in_date_order(gemeente):
    financien = UserFactory(role="financien", gemeenten=[gemeente])
    rek = schema(gemeente)
    boek_simpel(financien, gemeente, rek[R.BANK], rek[R.CREDITEUREN], "10.00", boekdatum=datetime.date(2025, 1, 5))
    posten = boek_in_bulk(
        financien,
        gemeente,
        [
            boeking(rek, "3.00", datetime.date(2025, 3, 1)),
            boeking(rek, "1.00", datetime.date(2025, 1, 10)),
            boeking(rek, "2.00", datetime.date(2024, 12, 31)),
        ],
    )
    assert [p.stuknummer for p in posten] == ["2025-000003", "2025-000002", "2024-000001"]
    assert sorted(Journaalpost.objects.filter(boekjaar=2025).values_list("volgnummer", flat=True)) == [1, 2, 3]


def test_an_unbalanced_entry_refuses_the_whole_batch(gemeente):
    financien = UserFactory(role="financien", gemeenten=[gemeente])
    rek = schema(gemeente)
    with pytest.raises(BoekingGeweigerd, match="niet in balans"):
        boek_in_bulk(
            financien,
            gemeente,
            [
                boeking(rek, "1.00", datetime.date(2025, 1, 1)),
                boeking(rek, "1.00", datetime.date(2025, 1, 1), credit="2.00"),
            ],
        )
    assert not Journaalpost.objects.exists()


def test_a_partner_may_not_book_in_bulk(gemeente):
    partner = UserFactory(role="partner")
    with pytest.raises(PermissionDenied):
        boek_in_bulk(partner, gemeente, [boeking(schema(gemeente), "1.00", datetime.date(2025, 1, 1))])
