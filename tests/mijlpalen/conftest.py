import pytest

from tests.factories.buurtplan import BuurtFactory, ZorgaanbiederFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def sensire(db):
    return ZorgaanbiederFactory(naam="Sensire")


@pytest.fixture
def buurt(gemeente, sensire):
    return BuurtFactory(naam="Zuidwijken", gemeente=gemeente, alliantiepartners=[sensire])


@pytest.fixture
def tweede_buurt(gemeente, sensire):
    return BuurtFactory(naam="Noorderhaven", gemeente=gemeente, alliantiepartners=[sensire])


@pytest.fixture
def andere_buurt(andere_gemeente):
    return BuurtFactory(naam="Boskoop", gemeente=andere_gemeente)
