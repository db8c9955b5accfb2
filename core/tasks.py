"""Celery tasks of core: thin wrappers around services (reports, e-mail, reminders, sweeper)."""

import logging
import smtplib

from celery import shared_task
from django.db import OperationalError

from . import reminders, services

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, ConnectionError, TimeoutError, smtplib.SMTPException, OSError)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
    soft_time_limit=10 * 60,
    time_limit=11 * 60,
)
def genereer_rapport(self, rapport_id):
    return services.genereer_rapport(rapport_id)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=10,
    max_retries=8,
    soft_time_limit=100,
    time_limit=120,
)
def verstuur_melding_email(self, melding_id):
    services.send_notification_emails([melding_id])


@shared_task(acks_late=True, soft_time_limit=25 * 60, time_limit=30 * 60)
def verstuur_herinneringen():
    return reminders.send_due_reminders()


@shared_task(acks_late=True, soft_time_limit=4 * 60, time_limit=5 * 60)
def veeg_op():
    """Queue what failed to reach the broker (reports, e-mails) while it was down."""
    return services.sweep_unqueued()
