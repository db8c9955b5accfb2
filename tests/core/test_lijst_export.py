"""A list's XLSX above EXPORT_DIRECT_MAX rows is made by a background report (issue 15), with the
page's own filters, sort, scope and permission; below it the download stays direct."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import Rapport
from core.xlsx import table_rows
from tests.factories.grootboek import boek_simpel, schema

pytestmark = pytest.mark.django_db


def _rijen(content):
    """Header and data rows (the title block with the filters and export date skipped)."""
    return table_rows(load_workbook(io.BytesIO(content)).active)


def test_a_small_export_downloads_directly_and_a_large_one_goes_to_the_background(
    financien, gemeente, login, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_DIRECT_MAX = 2
    rekeningen = schema(gemeente)
    client = login(financien)
    url = reverse("grootboek:journaalposten")
    for i in range(2):
        boek_simpel(
            financien, gemeente, rekeningen["bank"], rekeningen["baten"], f"{i + 1}.00", omschrijving=f"Klein {i}"
        )
    direct = client.get(url, {"format": "xlsx"})
    assert direct.status_code == 200 and direct["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Rapport.objects.exists()

    for i in range(3):
        boek_simpel(
            financien, gemeente, rekeningen["bank"], rekeningen["baten"], f"{i + 10}.00", omschrijving=f"Groot {i}"
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url, {"format": "xlsx", "sort": "stuknummer", "zoek": "Groot"})
    rapport = Rapport.objects.get()
    assert response.status_code == 302 and response["Location"] == rapport.get_absolute_url()
    rapport.refresh_from_db()
    assert rapport.soort == "lijst_xlsx" and rapport.status == Rapport.Status.GEREED
    assert rapport.aangevraagd_door == financien
    rijen = _rijen(rapport.bestand.read())
    # The page's filter went along: only the three "Groot" entries (plus the header), in its sort order.
    assert len(rijen) == 4, rijen


def test_the_background_export_keeps_the_pages_permission(partner, gemeente, login, settings):
    from core.reports import registry

    kind = registry.get("lijst_xlsx")
    assert not kind.permission(partner, {"pad": reverse("grootboek:journaalposten"), "query": ""}, gemeente)
    assert not kind.permission(partner, {"pad": "/bestaat/niet/", "query": ""}, gemeente)


def test_a_large_erp_export_goes_to_the_background_and_a_large_csv_is_refused_in_dutch(
    financien, gemeente, login, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_DIRECT_MAX = 4
    rekeningen = schema(gemeente)
    client = login(financien)
    for i in range(3):
        boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["baten"], f"{i + 1}.00")
    url = reverse("grootboek:erp_export")
    periode = {"van": "2025-01-01", "tot": "2025-12-31"}
    response = client.get(url, {**periode, "formaat": "csv"})
    assert response.status_code == 400
    assert "te veel boekingen" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url, {**periode, "formaat": "xlsx"})
    rapport = Rapport.objects.get()
    assert response.status_code == 302 and rapport.soort == "grootboek_erp_xlsx"
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.GEREED
    assert len(_rijen(rapport.bestand.read())) == 1 + 6
