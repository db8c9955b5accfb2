"""Celery tasks of core: thin wrappers around services (reports, e-mail, reminders, sweeper).

All are fire-and-forget: their outcome is in the database (the Rapport, the Melding), so no result is
stored (`ignore_result=True`) and sending one never touches the result backend."""

import logging
import smtplib

from celery import Task, shared_task
from django.db import OperationalError

from . import reminders, services

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, ConnectionError, TimeoutError, smtplib.SMTPException, OSError)


class RapportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries used up (the database or network stayed away): the report ends *mislukt*."""
        try:
            services.fail_rapport_for_good(args[0], exc)
        except Exception:  # noqa: BLE001 - the sweeper queues it again when its heartbeat stops
            logger.exception("Could not mark report %s failed", args[0] if args else None)


@shared_task(
    base=RapportTask,
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
    soft_time_limit=10 * 60,
    time_limit=11 * 60,
)
def genereer_rapport(self, rapport_id):
    return services.genereer_rapport(rapport_id, taak_id=self.request.id or "")


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=10,
    max_retries=8,
    soft_time_limit=100,
    time_limit=120,
)
def verstuur_melding_email(self, melding_id):
    services.send_notification_emails([melding_id])


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=25 * 60, time_limit=30 * 60)
def verstuur_herinneringen():
    return reminders.send_due_reminders()


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=4 * 60, time_limit=5 * 60)
def veeg_op():
    """Queue reports whose work was lost and hand the outbox to the broker (see services.sweep_unqueued)."""
    return services.sweep_unqueued()
