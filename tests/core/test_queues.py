"""Celery queues (issue 15): reports on a queue of their own, so a heavy report never delays an e-mail."""

import time

import pytest
from django.core import mail

from config.celery import app
from core.models import Melding, Rapport
from core.services import notify, vraag_rapport_aan
from tests.conftest import real_celery_worker


def queue_of(task_name):
    return app.amqp.router.route({}, task_name)["queue"].name


def test_reports_go_to_their_own_queue_and_everything_else_to_the_default_queue():
    assert queue_of("core.tasks.genereer_rapport") == "rapporten"
    for task in ("core.tasks.verstuur_melding_email", "core.tasks.verstuur_herinneringen", "core.tasks.veeg_op"):
        assert queue_of(task) == "celery"
    assert set(app.amqp.queues) == {"celery", "rapporten"}  # a worker without -Q serves both


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_of_the_default_queue_sends_the_email_while_a_report_waits_for_its_own_worker(
    controle, beleid, gemeente
):
    with real_celery_worker(queues=["celery"]):
        rapport = vraag_rapport_aan(controle, "tijdlijn_xlsx", {"jaar": 2026}, gemeente)
        notify([beleid], "Declaratie ingediend", "Er staat een declaratie klaar.", "/")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not mail.outbox:
            time.sleep(0.2)
        assert len(mail.outbox) == 1 and Melding.objects.get().email_verstuurd_op is not None
        rapport.refresh_from_db()
        assert rapport.status == Rapport.Status.WACHTRIJ
    with real_celery_worker(purge=False, queues=["rapporten"]):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not rapport.is_klaar:
            time.sleep(0.3)
            rapport.refresh_from_db()
        assert rapport.status == Rapport.Status.GEREED
