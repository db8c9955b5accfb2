"""The national milestones are national data: landelijk beheer keeps description, deadline and
criterion in the app, on the timeline; no gemeente role changes them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from buurtplan.catalogus import ensure_transformatieplan
from core import roles
from core.models import Gebeurtenis
from mijlpalen import services
from mijlpalen.models import Mijlpaal
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def landelijk_beheer(db):
    return UserFactory(email="landelijk@test.nl", role=roles.LANDELIJK_BEHEER)


@pytest.fixture
def mijlpaal(db):
    return Mijlpaal.objects.create(
        transformatieplan=ensure_transformatieplan(),
        nummer=99,
        omschrijving="Buurtnetwerk gevormd",
        soort="inspanning",
        deadline=datetime.date(2025, 6, 30),
    )


def test_national_administrator_moves_a_deadline_on_the_timeline(landelijk_beheer, mijlpaal):
    services.wijzig_mijlpaal(landelijk_beheer, mijlpaal, deadline=datetime.date(2025, 9, 30), reden="Besluit VWS")
    mijlpaal.refresh_from_db()
    assert mijlpaal.deadline == datetime.date(2025, 9, 30)
    regel = Gebeurtenis.objects.get(object_id=str(mijlpaal.pk))
    assert (regel.actie, regel.van_status, regel.naar_status) == ("deadline gewijzigd", "2025-06-30", "2025-09-30")


@pytest.mark.parametrize("role", ["beheer", "beleid", "financien", "controle"])
def test_gemeente_roles_cannot_change_national_milestones(role, gemeente, mijlpaal):
    with pytest.raises(PermissionDenied):
        services.wijzig_mijlpaal(UserFactory(role=role, gemeenten=[gemeente]), mijlpaal, criterium="x", reden="x")


def test_number_and_kind_cannot_be_changed(landelijk_beheer, mijlpaal):
    with pytest.raises(TypeError):
        services.wijzig_mijlpaal(landelijk_beheer, mijlpaal, nummer=1, reden="x")
    with pytest.raises(ValidationError, match="reden"):
        services.wijzig_mijlpaal(landelijk_beheer, mijlpaal, criterium="x", reden="")


def test_milestone_pages(login, landelijk_beheer, beheer, mijlpaal, django_assert_max_num_queries):
    client = login(landelijk_beheer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("mijlpalen:beheer_mijlpalen")).status_code == 200
    url = reverse("mijlpalen:beheer_mijlpaal", args=[mijlpaal.pk])
    data = {
        "omschrijving": "Buurtnetwerk gevormd",
        "deadline": "2025-06-30",
        "criterium": "Vier leden",
        "reden": "Helder",
    }
    assert client.post(url, data).status_code == 302
    assert "criterium gewijzigd" in client.get(url).content.decode()
    assert login(beheer).get(url).status_code == 403
