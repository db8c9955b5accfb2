"""Issue 17 (first-day findings) in spuk: termijnen are never expected before the beschikking."""

import datetime
from decimal import Decimal

import pytest

from spuk import services
from tests.factories.spuk import aanvraag as maak_aanvraag

pytestmark = pytest.mark.django_db


def test_first_termijn_of_a_beschikking_dated_15_may_is_expected_on_15_may_not_1_january(beleid, financien, gemeente):
    aanvraag = maak_aanvraag(
        beleid, gemeente, bedragen={2026: Decimal("40000.00"), 2027: Decimal("39510.00")}, zaaknummer="3762946"
    )
    services.dien_in(beleid, aanvraag, reden="test")
    besch = services.verleen(
        financien, aanvraag, nummer="SPUK-15-MEI", datum=datetime.date(2026, 5, 15), bedrag=Decimal("79510.00")
    )
    verwacht = {t.jaar: t.verwachte_datum for t in besch.termijnen.all()}
    assert verwacht == {2026: datetime.date(2026, 5, 15), 2027: datetime.date(2027, 1, 1)}
    assert all(datum >= besch.datum for datum in verwacht.values())
