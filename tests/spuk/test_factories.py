"""BeschikkingFactory writes rows directly; this keeps it equal to what `verleen` leaves behind."""

import pytest

from grootboek.models import Rekening
from tests.factories.core import GemeenteFactory
from tests.factories.spuk import BeschikkingFactory
from tests.factories.spuk import beschikking as via_services

pytestmark = pytest.mark.django_db


def _inhoud(beschikking):
    return {
        "bedrag": beschikking.bedrag,
        "periode": (beschikking.periode_start_jaar, beschikking.periode_eind_jaar),
        "aanvraag": (beschikking.aanvraag.status, sorted(beschikking.aanvraag.bedragen.values_list("jaar", "bedrag"))),
        "termijnen": sorted(beschikking.termijnen.values_list("jaar", "verwacht_bedrag", "verwachte_datum", "status")),
        "rekeningen": sorted(
            Rekening.objects.filter(gemeente=beschikking.gemeente, beschikkingsnummer=beschikking.nummer).values_list(
                "rol", flat=True
            )
        ),
    }


def test_beschikking_with_termijnen_equals_what_verleen_records(beleid, financien, gemeente):
    verleend = via_services(beleid, financien, gemeente)
    andere_gemeente = GemeenteFactory()
    direct = BeschikkingFactory(gemeente=andere_gemeente, datum=verleend.datum, met_termijnen=True)
    assert _inhoud(direct) == _inhoud(verleend)
    assert direct.aanvraag.gemeente == direct.gemeente == andere_gemeente
