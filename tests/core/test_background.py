"""Background work: reports, e-mail, reminders, the sweeper — eagerly and with a real worker."""

import inspect
import io
import threading
import time
from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from openpyxl import load_workbook

from core.models import HerinneringRegel, Melding, Opdracht, Rapport, VerstuurdeHerinnering
from core.reminders import send_due_reminders
from core.services import genereer_rapport, log_transition, notify, sweep_unqueued, vraag_rapport_aan


def _sheet_values(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def _timeline(beleid, gemeente, n=3):
    for i in range(n):
        log_transition(beleid, gemeente, f"stap{i}", f"stap{i + 1}", f"Reden {i}")


def test_report_request_runs_to_ready_with_file_and_checksum(
    controle, beleid, gemeente, django_capture_on_commit_callbacks
):
    _timeline(beleid, gemeente)
    jaar = date.today().year
    with django_capture_on_commit_callbacks(execute=True):
        rapport = vraag_rapport_aan(controle, "tijdlijn_xlsx", {"jaar": jaar}, gemeente)
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.GEREED and rapport.voortgang == 100
    content = rapport.bestand.read()
    import hashlib

    assert hashlib.sha256(content).hexdigest() == rapport.checksum
    rows = _sheet_values(content)
    assert rows[0][0] == "Tijdstip" and len(rows) == 5  # three transitions and the request itself
    assert rows[1][5:8] == ("stap0", "stap1", "Reden 0")


def test_duplicate_or_retried_task_does_not_make_a_second_file(controle, gemeente, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        rapport = vraag_rapport_aan(controle, "tijdlijn_xlsx", {"jaar": 2025}, gemeente)
    rapport.refresh_from_db()
    first_file, first_attempts = rapport.bestand.name, rapport.pogingen
    assert genereer_rapport(rapport.pk) == Rapport.Status.GEREED
    rapport.refresh_from_db()
    assert (rapport.bestand.name, rapport.pogingen) == (first_file, first_attempts)


def test_failing_report_ends_as_failed_with_a_readable_dutch_message(
    controle, gemeente, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rapport = vraag_rapport_aan(controle, "tijdlijn_xlsx", {"jaar": "vorig jaar"}, gemeente)
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.MISLUKT
    assert rapport.foutmelding == "Geef een jaartal op, bijvoorbeeld 2025."
    assert not rapport.bestand


def test_partner_may_not_request_a_gemeente_report(partner, gemeente):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        vraag_rapport_aan(partner, "tijdlijn_xlsx", {"jaar": 2025}, gemeente)
    assert not Rapport.objects.exists()


def test_report_pages_show_progress_then_download_only_for_the_requester(
    login, controle, beleid, gemeente, django_capture_on_commit_callbacks
):
    client = login(controle)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/gemeenten/{gemeente.pk}/tijdlijn-export/", {"jaar": "2025"})
    rapport = Rapport.objects.get()
    assert response.url == f"/rapporten/{rapport.pk}/"
    page = client.get(response.url).content.decode()
    assert "Download tijdlijn-0301-2025.xlsx" in page
    assert client.get(f"/rapporten/{rapport.pk}/download/")["Content-Disposition"].startswith("attachment")
    other = login(beleid)
    assert other.get(f"/rapporten/{rapport.pk}/").status_code == 404
    assert other.get(f"/rapporten/{rapport.pk}/download/").status_code == 404


def test_queued_report_page_polls_with_htmx(login, controle, gemeente):
    rapport = Rapport.objects.create(
        soort="tijdlijn_xlsx", parameters={"jaar": 2025}, gemeente=gemeente, aangevraagd_door=controle
    )
    client = login(controle)
    page = client.get(f"/rapporten/{rapport.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "In de wachtrij" in page
    partial = client.get(f"/rapporten/{rapport.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="rapport-status"')


@pytest.fixture
def sisa_rule(db):
    HerinneringRegel.objects.all().delete()
    return HerinneringRegel.objects.create(
        naam="SiSa over 30 dagen", soort="sisa_deadline", dagen_voor=30, rol="financien"
    )


def test_reminder_is_sent_once_per_rule_object_and_deadline_however_often_it_runs(
    sisa_rule, financien, beleid, gemeente, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(vandaag=date(2026, 6, 15)) == 1
        assert send_due_reminders(vandaag=date(2026, 6, 15)) == 0
        assert send_due_reminders(vandaag=date(2026, 6, 16)) == 0
    assert (
        Melding.objects.filter(ontvanger=financien, titel="SiSa-verantwoording 2025 indienen bij het Rijk").count() == 1
    )
    assert not Melding.objects.filter(ontvanger=beleid).exists()
    assert [m.to for m in mail.outbox] == [[financien.email]]


def test_reminder_is_not_sent_before_its_day(sisa_rule, financien):
    assert send_due_reminders(vandaag=date(2026, 6, 14)) == 0
    assert not VerstuurdeHerinnering.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_reminders_at_once_send_each_reminder_once(financien, gemeente):
    HerinneringRegel.objects.all().delete()
    HerinneringRegel.objects.create(naam="SiSa over 30 dagen", soort="sisa_deadline", dagen_voor=30, rol="financien")
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL (SQLite serialises the whole database)")
    barrier = threading.Barrier(4)
    results = []

    def run():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results.append(send_due_reminders(vandaag=date(2026, 6, 15)))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 0, 0, 1]
    assert Melding.objects.filter(ontvanger=financien).count() == 1


def test_deadline_calendar_lists_the_sisa_deadline_for_the_active_gemeente(login, financien, gemeente):
    page = login(financien).get("/kalender/").content.decode()
    assert "SiSa-verantwoording" in page and "15 juli" in page


def test_every_beat_schedule_entry_imports_and_its_arguments_fit_the_task():
    from celery import current_app  # noqa: F401
    from django.utils.module_loading import import_string

    assert settings.CELERY_BEAT_SCHEDULE
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        task = import_string(entry["task"])
        inspect.signature(task.run).bind(*entry.get("args", ()), **entry.get("kwargs", {}))


def test_broker_down_keeps_the_notification_and_the_sweeper_sends_it_later(
    beleid, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([beleid], "Declaratie ingediend", "Er staat een declaratie klaar.", "/")
    melding = Melding.objects.get()
    assert melding.email_verstuurd_op is None and mail.outbox == []


def test_sweeper_queues_what_the_broker_missed(
    beleid, controle, gemeente, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([beleid], "Declaratie ingediend", "", "/")
        rapport = vraag_rapport_aan(controle, "tijdlijn_xlsx", {"jaar": 2025}, gemeente)
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.WACHTRIJ and rapport.in_wachtrij_gezet_op is None
    from config.celery import app

    assert list(Opdracht.objects.values_list("taak", "status")) == [
        ("core.tasks.verstuur_melding_email", "pending"),
        ("core.tasks.genereer_rapport", "pending"),
    ]
    app.conf.task_always_eager = True  # the broker is back
    assert sweep_unqueued() == (0, 2)
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.GEREED and rapport.in_wachtrij_gezet_op is not None
    assert len(mail.outbox) == 1 and Melding.objects.get().email_verstuurd_op is not None
    assert sweep_unqueued() == (0, 0)  # what the broker has is never sent again
    assert set(Opdracht.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.celery_worker
def test_real_worker_turns_a_queued_report_into_the_same_file_as_the_synchronous_export(
    celery_worker, controle, beleid, gemeente
):
    _timeline(beleid, gemeente, n=5)
    jaar = date.today().year
    rapport = vraag_rapport_aan(controle, "tijdlijn_xlsx", {"jaar": jaar}, gemeente)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rapport.refresh_from_db()
        if rapport.is_klaar:
            break
        time.sleep(0.2)
    assert rapport.status == Rapport.Status.GEREED, rapport.foutmelding
    assert rapport.in_wachtrij_gezet_op is not None
    synchronous = Rapport.objects.create(
        soort="tijdlijn_xlsx", parameters={"jaar": jaar}, gemeente=gemeente, aangevraagd_door=controle
    )
    genereer_rapport(synchronous.pk)
    synchronous.refresh_from_db()
    assert _sheet_values(rapport.bestand.read()) == _sheet_values(synchronous.bestand.read())


@pytest.mark.celery_worker
def test_real_worker_marks_a_failing_report_failed_with_a_message(celery_worker, controle, gemeente):
    rapport = vraag_rapport_aan(controle, "tijdlijn_xlsx", {"jaar": "1800"}, gemeente)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not rapport.is_klaar:
        time.sleep(0.2)
        rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.MISLUKT
    assert rapport.foutmelding == "1800 is geen geldig jaar voor de tijdlijn."


# The outbox and the report heartbeat (issue 18) ----------------------------------------------------


def test_work_enqueued_in_a_transaction_that_rolls_back_leaves_no_outbox_row(beleid):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        notify([beleid], "Declaratie ingediend", "", "/")
        assert Opdracht.objects.count() == 1
        raise RuntimeError("the change fails")
    assert not Opdracht.objects.exists() and not Melding.objects.exists()


def test_broker_down_a_request_skips_its_attempt_after_one_failure_and_the_relay_command_sends_later(
    beleid, broker_down, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from core import dispatch

    with django_capture_on_commit_callbacks(execute=True):
        notify([beleid], "Eerste", "", "/")
    assert dispatch.broker_paused()
    first = Opdracht.objects.get()
    assert first.status == "pending" and first.pogingen == 1 and "Error" in first.laatste_fout
    with django_capture_on_commit_callbacks(execute=True):
        notify([beleid], "Tweede", "", "/")
    assert Opdracht.objects.order_by("pk").last().pogingen == 0  # no attempt while the broker is known down
    from config.celery import app

    app.conf.task_always_eager = True  # the broker is back
    call_command("relay_outbox", "--once")
    assert set(Opdracht.objects.values_list("status", flat=True)) == {"sent"}
    assert sorted(m.subject for m in mail.outbox) == ["[SPUK-beheer] Eerste", "[SPUK-beheer] Tweede"]


def _running_report(controle, gemeente, *, taak_id="taak-1", beat_seconds_ago=0):
    from datetime import timedelta

    from django.utils import timezone

    beat = timezone.now() - timedelta(seconds=beat_seconds_ago)
    return Rapport.objects.create(
        soort="tijdlijn_xlsx",
        parameters={"jaar": 2025},
        gemeente=gemeente,
        aangevraagd_door=controle,
        status=Rapport.Status.BEZIG,
        gestart_op=beat,
        hartslag_op=beat,
        taak_id=taak_id,
        pogingen=1,
    )


def test_redelivered_task_of_an_attempt_that_died_resumes_the_report_at_once(controle, gemeente):
    rapport = _running_report(controle, gemeente, taak_id="taak-1")
    assert genereer_rapport(rapport.pk, taak_id="taak-1") == Rapport.Status.GEREED
    rapport.refresh_from_db()
    assert rapport.pogingen == 2 and rapport.bestand


def test_duplicate_task_leaves_a_report_with_a_live_heartbeat_alone(controle, gemeente):
    rapport = _running_report(controle, gemeente, taak_id="taak-1")
    assert genereer_rapport(rapport.pk, taak_id="taak-2") == Rapport.Status.BEZIG
    rapport.refresh_from_db()
    assert rapport.pogingen == 1 and not rapport.bestand


def test_report_with_a_stale_heartbeat_is_queued_again_once_and_then_finishes(controle, gemeente, settings):
    from django.utils import timezone

    from core.services import requeue_stale_reports

    rapport = _running_report(controle, gemeente, beat_seconds_ago=settings.RAPPORT_HARTSLAG_STIL + 5)
    fresh = _running_report(controle, gemeente, taak_id="taak-9")
    from config.celery import app

    app.conf.task_always_eager = False  # keep the rows in the outbox to look at them
    try:
        assert requeue_stale_reports() == [rapport.pk]
        assert requeue_stale_reports() == []  # already waiting in the outbox
        Opdracht.objects.update(status="sent", verstuurd_op=timezone.now())
        assert requeue_stale_reports() == []  # already in the broker: not sent again
    finally:
        app.conf.task_always_eager = True
    assert genereer_rapport(rapport.pk, taak_id="nieuw") == Rapport.Status.GEREED
    assert Opdracht.objects.filter(argumenten=[fresh.pk]).count() == 0


def test_report_whose_attempts_keep_dying_ends_failed_with_a_dutch_message_and_a_retry(
    login, controle, gemeente, settings, django_capture_on_commit_callbacks
):
    rapport = _running_report(controle, gemeente, beat_seconds_ago=settings.RAPPORT_HARTSLAG_STIL + 5)
    Rapport.objects.filter(pk=rapport.pk).update(pogingen=settings.RAPPORT_MAX_POGINGEN)
    assert genereer_rapport(rapport.pk, taak_id="laatste") == Rapport.Status.MISLUKT
    rapport.refresh_from_db()
    assert rapport.foutmelding.startswith(
        f"Het maken van het rapport is {settings.RAPPORT_MAX_POGINGEN} keer afgebroken"
    )
    client = login(controle)
    page = client.get(f"/rapporten/{rapport.pk}/").content.decode()
    assert "Opnieuw proberen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/rapporten/{rapport.pk}/opnieuw/")
    assert response.status_code == 302
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.GEREED and rapport.pogingen == 1


def test_every_task_is_fire_and_forget():
    from core import tasks

    for task in (tasks.genereer_rapport, tasks.verstuur_melding_email, tasks.verstuur_herinneringen, tasks.veeg_op):
        assert task.ignore_result is True
