import pytest
from rest_framework.test import APIClient

from api import services
from tests.declaraties.conftest import beschikking, buurt, private_media, regels  # noqa: F401  (the same scenario)
from tests.factories.core import OrganisatieFactory, UserFactory


@pytest.fixture
def andere_partner_organisatie(buurt, beleid):  # noqa: F811 - the imported fixture
    """A second partner in the same buurt (a toekenning of its own), so the same gemeente issues its key."""
    from declaraties.models import Toekenning

    organisatie = OrganisatieFactory(naam="Participe")
    Toekenning.objects.create(partner=organisatie, buurt=buurt, jaar=2025, plafond="1000.00")
    return organisatie


@pytest.fixture
def andere_partner(andere_partner_organisatie):
    return UserFactory(email="partner-b@test.nl", role="partner", organisatie=andere_partner_organisatie)


@pytest.fixture
def financien3(gemeente):
    """A third finance officer: registers payments of what the other two approved."""
    return UserFactory(email="financien3@test.nl", role="financien", gemeenten=[gemeente])


@pytest.fixture
def sleutel(beheer):
    """`sleutel(organisatie, *scopes)` issues a key through the service: (ApiSleutel, key)."""

    def _issue(organisatie, *scopes, naam="Koppeling"):
        return services.geef_uit(beheer, organisatie=organisatie, naam=naam, scopes=scopes)

    return _issue


@pytest.fixture
def api():
    """`api(key)`: a DRF test client that sends the key as a bearer token."""

    def _client(key=None):
        client = APIClient()
        if key:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client

    return _client
