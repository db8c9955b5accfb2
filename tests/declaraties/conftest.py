import pytest

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
def andere_partner_organisatie(db):
    return OrganisatieFactory(naam="Participe")


@pytest.fixture
def andere_partner(andere_partner_organisatie):
    return UserFactory(email="partner-b@test.nl", role="partner", organisatie=andere_partner_organisatie)


@pytest.fixture
def financien3(gemeente):
    """A third finance officer: registers payments of what the other two approved."""
    return UserFactory(email="financien3@test.nl", role="financien", gemeenten=[gemeente])
