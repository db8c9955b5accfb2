import pytest

from tests.factories.grootboek import schema


@pytest.fixture
def rekeningen(gemeente):
    """The standard chart of Zutphen with the accounts of one beschikking."""
    return schema(gemeente)


@pytest.fixture
def andere_rekeningen(andere_gemeente):
    return schema(andere_gemeente, "SPUK-IZA-AZWA-3762946")
