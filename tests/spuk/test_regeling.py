"""The regulation is national data: landelijk beheer keeps it in the app, on the timeline; no
gemeente role changes it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core import roles
from core.models import Gebeurtenis
from spuk import services
from tests.factories.core import UserFactory
from tests.factories.spuk import regeling as maak_regeling

pytestmark = pytest.mark.django_db


@pytest.fixture
def landelijk_beheer(db):
    return UserFactory(email="landelijk@test.nl", role=roles.LANDELIJK_BEHEER)


def test_national_administrator_sets_the_application_deadline(landelijk_beheer):
    regeling = maak_regeling()
    services.wijzig_regeling(
        landelijk_beheer, regeling, aanvraag_deadline=datetime.date(2026, 12, 31), reden="Besluit VWS"
    )
    regeling.refresh_from_db()
    assert regeling.aanvraag_deadline == datetime.date(2026, 12, 31)
    regel = Gebeurtenis.objects.get(object_id=str(regeling.pk))
    assert (regel.actie, regel.van_status, regel.naar_status, regel.gemeente_id) == (
        "uiterste aanvraagdatum gewijzigd",
        "–",
        "2026-12-31",
        None,
    )


def test_period_must_be_consistent(landelijk_beheer):
    with pytest.raises(ValidationError):
        services.wijzig_regeling(landelijk_beheer, maak_regeling(), startjaar=2029, eindjaar=2024, reden="x")


@pytest.mark.parametrize("role", ["beheer", "beleid", "financien", "controle"])
def test_gemeente_roles_cannot_change_the_regulation(role, gemeente):
    with pytest.raises(PermissionDenied):
        services.wijzig_regeling(
            UserFactory(role=role, gemeenten=[gemeente]), maak_regeling(), sisa_code="X", reden="x"
        )


def test_regulation_pages(login, landelijk_beheer, beheer, django_assert_max_num_queries):
    regeling = maak_regeling()
    client = login(landelijk_beheer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("spuk:regelingen")).status_code == 200
    url = reverse("spuk:regeling", args=[regeling.pk])
    data = {
        "naam": regeling.naam,
        "sisa_code": "H15",
        "startjaar": regeling.startjaar,
        "eindjaar": regeling.eindjaar,
        "verantwoording_deadline": regeling.verantwoording_deadline,
        "reden": "Nieuwe SiSa-bijlage",
    }
    assert client.post(url, data).status_code == 302
    assert "SiSa-code gewijzigd" in client.get(url).content.decode()
    assert login(beheer).get(url).status_code == 403
