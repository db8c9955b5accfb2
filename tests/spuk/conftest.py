import pytest


@pytest.fixture(autouse=True)
def private_media_in_tmp(settings, tmp_path):
    """Generated SiSa files and uploads go to a temporary folder, not the project's var/."""
    settings.MEDIA_ROOT = str(tmp_path / "private")
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT
