"""SiSa files as background reports (eager and with a real worker) and instalment reminders."""

import datetime
import io
import time

import openpyxl
import pytest
from django.core.management import call_command

from core.models import HerinneringRegel, Melding, Rapport
from core.reminders import send_due_reminders
from core.services import vraag_rapport_aan
from spuk import services
from tests.factories.spuk import beschikking as maak_beschikking
from tests.factories.spuk import boek_lasten


@pytest.fixture
def besch(beleid, financien, gemeente, partner_organisatie):
    b = maak_beschikking(beleid, financien, gemeente)
    services.registreer_termijn(financien, b.termijnen.get(jaar=2024), ontvangen_op=datetime.date(2024, 12, 5))
    boek_lasten(
        financien, b, "1234.56", boekdatum=datetime.date(2025, 2, 1), bestedingsjaar=2024, relatie=partner_organisatie
    )
    boek_lasten(
        financien, b, "7000.01", boekdatum=datetime.date(2025, 6, 1), bestedingsjaar=2025, relatie=partner_organisatie
    )
    return b


def _sheets(content):
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {
        name: [tuple(row) for row in workbook[name].iter_rows(values_only=True)] for name in ("SiSa", "Specificatie")
    }


def _synchronous_export(besch, tmp_path):
    out = tmp_path / "sisa.xlsx"
    call_command("sisa_export", "--beschikking", besch.nummer, "--jaar", "2025", "--out", str(out))
    return _sheets(out.read_bytes())


def test_sisa_button_queues_a_report_whose_file_matches_the_command_export(
    login, financien, besch, tmp_path, django_capture_on_commit_callbacks
):
    client = login(financien)
    assert "XLSX op de achtergrond maken" in client.get(f"/spuk/beschikkingen/{besch.pk}/sisa/2025/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/spuk/beschikkingen/{besch.pk}/sisa/2025/xlsx/achtergrond/")
    rapport = Rapport.objects.get()
    assert response.url == f"/rapporten/{rapport.pk}/"
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.GEREED, rapport.foutmelding
    assert _sheets(rapport.bestand.read()) == _synchronous_export(besch, tmp_path)


def test_partner_cannot_queue_a_sisa_report(login, partner, besch):
    assert login(partner).post(f"/spuk/beschikkingen/{besch.pk}/sisa/2025/xlsx/achtergrond/").status_code in (403, 404)
    assert not Rapport.objects.exists()


@pytest.mark.celery_worker
def test_real_worker_takes_a_sisa_report_from_queued_to_ready_matching_the_synchronous_export(
    celery_worker, financien, besch, tmp_path
):
    rapport = vraag_rapport_aan(
        financien, "sisa_xlsx", {"beschikking_id": besch.pk, "jaar": 2025, "versie": None}, besch.gemeente
    )
    assert rapport.status == Rapport.Status.WACHTRIJ
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not rapport.is_klaar:
        time.sleep(0.25)
        rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.GEREED, rapport.foutmelding
    assert rapport.checksum and rapport.in_wachtrij_gezet_op is not None
    assert _sheets(rapport.bestand.read()) == _synchronous_export(besch, tmp_path)


def test_finance_is_reminded_of_an_instalment_not_received(besch, financien, django_capture_on_commit_callbacks):
    HerinneringRegel.objects.all().delete()
    HerinneringRegel.objects.create(
        naam="Termijn niet ontvangen", soort="termijn_niet_ontvangen", dagen_voor=-14, rol="financien"
    )
    termijn = besch.termijnen.get(jaar=2025)
    termijn.verwachte_datum = datetime.date(2025, 3, 1)
    termijn.save(update_fields=["verwachte_datum"])
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(vandaag=datetime.date(2025, 3, 14)) == 0
        assert send_due_reminders(vandaag=datetime.date(2025, 3, 15)) == 1
        assert send_due_reminders(vandaag=datetime.date(2025, 3, 16)) == 0
    assert (
        Melding.objects.get(ontvanger=financien).titel
        == f"Termijn 2025 van beschikking {besch.nummer} is nog niet ontvangen"
    )
