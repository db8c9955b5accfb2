import pytest
from rest_framework.test import APIClient

from api import services
from tests.factories.buurtplan import BuurtFactory, ZorgaanbiederFactory
from tests.factories.core import OrganisatieFactory, UserFactory
from tests.factories.declaraties import begroting_met_regels, beschikking_voor


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def buurt(gemeente):
    return BuurtFactory(naam="Zuidwijken", gemeente=gemeente, alliantiepartners=[ZorgaanbiederFactory(naam="Sensire")])


@pytest.fixture
def regels(beleid, buurt, partner_organisatie):
    """{2024: regel (€ 5.000), 2025: regel (€ 20.000)} for Stichting Perspectief."""
    return begroting_met_regels(beleid, buurt, partner_organisatie)


@pytest.fixture
def beschikking(buurt):
    return beschikking_voor(buurt)


@pytest.fixture
def andere_partner_organisatie(buurt, beleid):
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
