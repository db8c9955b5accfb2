"""Status changes only through the service, by beleid of the buurt's gemeente, always logged."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import workflow
from core.services import timeline
from mijlpalen import services
from mijlpalen.models import Bewijsstuk, MijlpaalStatus
from tests.factories.buurtplan import PDF_BYTES
from tests.factories.core import OrganisatieFactory, UserFactory
from tests.factories.mijlpalen import MijlpaalBedragFactory, MijlpaalFactory

pytestmark = pytest.mark.django_db
DATUM = datetime.date(2025, 3, 1)


@pytest.fixture
def mijlpaal(buurt):
    m = MijlpaalFactory()
    MijlpaalBedragFactory(mijlpaal=m, buurt=buurt)
    return m


@pytest.mark.parametrize("rol", ["financien", "controle", "beheer"])
def test_only_beleid_changes_a_status(rol, request, mijlpaal, buurt):
    user = request.getfixturevalue(rol)
    with pytest.raises(PermissionDenied):
        services.leg_status_vast(user, mijlpaal, buurt, "behaald", DATUM, "Gehaald")
    assert not MijlpaalStatus.objects.exists()


def test_partner_cannot_change_a_status(partner, mijlpaal, buurt):
    with pytest.raises(PermissionDenied):
        services.leg_status_vast(partner, mijlpaal, buurt, "behaald", DATUM, "Gehaald")


def test_beleid_of_other_gemeente_cannot_change_a_status(andere_gemeente, mijlpaal, buurt):
    other = UserFactory(role="beleid", gemeenten=[andere_gemeente])
    with pytest.raises(PermissionDenied):
        services.leg_status_vast(other, mijlpaal, buurt, "niet_behaald", DATUM, "Niet gehaald")


def test_status_change_is_logged_with_from_to_and_reason(beleid, mijlpaal, buurt):
    zk = OrganisatieFactory(naam="Menzis", soort="zorgverzekeraar")
    status = services.leg_status_vast(beleid, mijlpaal, buurt, "niet_behaald", DATUM, "Geen verslag", beoordelaar=zk)
    assert status.status == "niet_behaald"
    assert status.vastgelegd_door == beleid
    services.leg_status_vast(beleid, mijlpaal, buurt, "behaald", DATUM, "Alsnog aangetoond", beoordelaar=zk)
    regels = list(timeline(status).order_by("id"))
    assert [(g.van_status, g.naar_status, g.reden) for g in regels] == [
        ("open", "niet_behaald", "Geen verslag"),
        ("niet_behaald", "behaald", "Alsnog aangetoond"),
    ]
    assert regels[0].actor == beleid
    assert status.history.count() == 2


def test_judgement_needs_date_and_explanation(beleid, mijlpaal, buurt):
    with pytest.raises(ValidationError):
        services.leg_status_vast(beleid, mijlpaal, buurt, "behaald", None, "Gehaald")
    with pytest.raises(ValidationError):
        services.leg_status_vast(beleid, mijlpaal, buurt, "behaald", DATUM, "  ")


def test_beoordelaar_must_be_a_health_insurer(beleid, mijlpaal, buurt, partner_organisatie):
    with pytest.raises(ValidationError):
        services.leg_status_vast(beleid, mijlpaal, buurt, "behaald", DATUM, "Ok", beoordelaar=partner_organisatie)


def test_evidence_is_stored_when_pdf(beleid, mijlpaal, buurt):
    upload = SimpleUploadedFile("verslag.pdf", PDF_BYTES, content_type="application/pdf")
    status = services.leg_status_vast(beleid, mijlpaal, buurt, "behaald", DATUM, "Ok", bewijsstukken=[upload])
    stuk = Bewijsstuk.objects.get(status=status)
    assert stuk.content_type == "application/pdf"
    assert stuk.naam == "verslag.pdf"


def test_evidence_that_is_not_pdf_png_or_jpeg_is_refused(beleid, mijlpaal, buurt):
    upload = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.leg_status_vast(beleid, mijlpaal, buurt, "behaald", DATUM, "Ok", bewijsstukken=[upload])
    assert not MijlpaalStatus.objects.exists()


def test_bewaar_bedrag_only_for_beleid_of_gemeente(beleid, financien, mijlpaal, buurt):
    obj = services.bewaar_bedrag(beleid, buurt, mijlpaal, 2026, Decimal("12.34"), Decimal("0"), "gemeente")
    assert obj.bedrag_sociaal_domein == Decimal("12.34")
    with pytest.raises(PermissionDenied):
        services.bewaar_bedrag(financien, buurt, mijlpaal, 2026, Decimal("1"), Decimal("0"), "gemeente")


def test_judgement_back_to_open_needs_a_reason(beleid, mijlpaal, buurt):
    services.leg_status_vast(beleid, mijlpaal, buurt, "behaald", DATUM, "Gehaald")
    with pytest.raises(ValidationError) as exc:
        services.leg_status_vast(beleid, mijlpaal, buurt, "open", None, "  ")
    assert "teruggezet naar open" in str(exc.value)
    status = services.leg_status_vast(beleid, mijlpaal, buurt, "open", None, "Verkeerde buurt beoordeeld")
    assert status.status == "open"
    assert list(timeline(status).order_by("id").values_list("van_status", "naar_status")) == [
        ("open", "behaald"),
        ("behaald", "open"),
    ]


def test_mijlpaal_status_machine_is_declared():
    rows = {row.name: row for row in workflow.table(MijlpaalStatus)}
    assert set(rows) == {"markeer_behaald", "markeer_niet_behaald", "heropen"}
    assert {row.permission for row in rows.values()} == {"mijlpalen.change_status"}
    assert rows["heropen"].sources == ("behaald", "niet_behaald")
    assert rows["markeer_behaald"].sources == ("niet_behaald", "open")
