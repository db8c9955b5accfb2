"""State-changing operations of core: the audit timeline, notifications and background reports."""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.db import transaction
from django.utils import timezone

from . import dispatch, workflow
from .models import Melding, Rapport
from .reports import registry
from .timeline import log_event, log_transition, timeline

__all__ = ["log_event", "log_transition", "timeline", "notify", "mark_read", "vraag_rapport_aan"]

logger = logging.getLogger(__name__)

EMAIL_TASK = "core.tasks.verstuur_melding_email"
RAPPORT_TASK = "core.tasks.genereer_rapport"


def notify(recipients, titel, tekst="", link="", *, email=True):
    """In-app notification for each recipient, and the same by e-mail once the transaction commits."""
    meldingen = [
        Melding.objects.create(ontvanger=user, titel=titel[:200], tekst=tekst, link=link, email_gewenst=email)
        for user in recipients
        if user is not None and user.is_active
    ]
    if email and meldingen:
        ids = [m.pk for m in meldingen]
        transaction.on_commit(lambda: queue_notification_emails(ids))
    return meldingen


def queue_notification_emails(melding_ids):
    for melding_id in melding_ids:
        dispatch.send_now(EMAIL_TASK, melding_id)


def send_notification_emails(melding_ids):
    """Send the e-mail of each notification exactly once, even if two tasks run for it at once."""
    for melding_id in melding_ids:
        with transaction.atomic():
            melding = (
                Melding.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("ontvanger")
                .filter(pk=melding_id, email_gewenst=True, email_verstuurd_op__isnull=True)
                .first()
            )
            if melding is None:
                continue
            link = f"{settings.SITE_URL}{melding.link}" if melding.link.startswith("/") else melding.link
            body = render_to_string("core/email/melding.txt", {"melding": melding, "link": link})
            send_mail(f"[SPUK-beheer] {melding.titel}", body, settings.DEFAULT_FROM_EMAIL, [melding.ontvanger.email])
            Melding.objects.filter(pk=melding.pk).update(email_verstuurd_op=timezone.now())


def mark_read(user, melding_ids=None):
    qs = Melding.objects.filter(ontvanger=user, gelezen_op__isnull=True)
    if melding_ids is not None:
        qs = qs.filter(pk__in=melding_ids)
    return qs.update(gelezen_op=timezone.now())


# Background reports ---------------------------------------------------------------------------


def vraag_rapport_aan(actor, soort, parameters, gemeente=None):
    """Record a report request and queue its generation once the transaction commits."""
    kind = registry.get(soort)
    if kind is None:
        raise ValueError(f"Unknown report kind {soort!r}")
    if not kind.permission(actor, parameters, gemeente):
        raise PermissionDenied
    with transaction.atomic():
        rapport = Rapport.objects.create(
            soort=soort, label=str(kind.label)[:200], parameters=parameters, gemeente=gemeente, aangevraagd_door=actor
        )
        log_event(actor, rapport, "rapport aangevraagd", naar=Rapport.Status.WACHTRIJ, gemeente=gemeente)
        transaction.on_commit(lambda: queue_rapport(rapport.pk))
    return rapport


def queue_rapport(rapport_id):
    def mark_sent():
        Rapport.objects.filter(pk=rapport_id, in_wachtrij_gezet_op__isnull=True).update(
            in_wachtrij_gezet_op=timezone.now()
        )

    dispatch.send_now(RAPPORT_TASK, rapport_id, on_sent=mark_sent)


def probeer_rapport_opnieuw(actor, rapport):
    """A failed report goes back into the queue at its requester's request."""
    with transaction.atomic():
        rapport = workflow.transition(actor, rapport, "opnieuw", in_wachtrij_gezet_op=None)
        transaction.on_commit(lambda: queue_rapport(rapport.pk))
    return rapport


def genereer_rapport(rapport_id):
    """Generate one report. Idempotent: a duplicate or retried task finds it done or busy and stops."""
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update().get(pk=rapport_id)
        stale = rapport.gestart_op and rapport.gestart_op < timezone.now() - timedelta(
            seconds=settings.CELERY_TASK_TIME_LIMIT
        )
        if rapport.status == Rapport.Status.GEREED or (rapport.status == Rapport.Status.BEZIG and not stale):
            return rapport.status
        rapport = workflow.transition(
            None,
            rapport,
            "start",
            locked=True,
            gestart_op=timezone.now(),
            voortgang=0,
            pogingen=rapport.pogingen + 1,
            foutmelding="",
        )

    def progress(percent):
        Rapport.objects.filter(pk=rapport_id).update(voortgang=max(0, min(100, int(percent))))

    kind = registry.get(rapport.soort)
    try:
        if kind is None:
            raise ValueError(f"Onbekende rapportsoort {rapport.soort!r}")
        filename, content = kind.generate(rapport, progress)
    except Exception as exc:
        logger.exception("Report %s failed", rapport_id)
        with transaction.atomic():
            rapport = Rapport.objects.select_for_update().get(pk=rapport_id)
            if rapport.status != Rapport.Status.BEZIG:
                return rapport.status
            rapport = workflow.transition(
                None,
                rapport,
                "mislukt",
                locked=True,
                reden=readable_error(exc)[:500],
                foutmelding=readable_error(exc),
                gereed_op=timezone.now(),
            )
        return rapport.status
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update().get(pk=rapport_id)
        if rapport.status != Rapport.Status.BEZIG:
            return rapport.status
        rapport.bestand.save(filename, ContentFile(content), save=False)
        rapport = workflow.transition(
            None,
            rapport,
            "rond_af",
            locked=True,
            bestandsnaam=filename,
            checksum=hashlib.sha256(content).hexdigest(),
            voortgang=100,
            gereed_op=timezone.now(),
        )
    return rapport.status


def readable_error(exc):
    """A message for the user: our own Dutch validation messages pass, the rest is summarised."""
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return f"Het rapport kon niet worden gemaakt ({exc.__class__.__name__}: {exc}). Probeer het opnieuw of neem contact op met applicatiebeheer."


def sweep_unqueued(ouder_dan=timedelta(minutes=1)):
    """Queue reports and e-mails that never reached the broker. Returns (reports, e-mails) queued."""
    grens = timezone.now() - ouder_dan
    rapporten = list(
        Rapport.objects.filter(
            status=Rapport.Status.WACHTRIJ, in_wachtrij_gezet_op__isnull=True, aangevraagd_op__lte=grens
        ).values_list("pk", flat=True)
    )
    for rapport_id in rapporten:
        queue_rapport(rapport_id)
    meldingen = list(
        Melding.objects.filter(
            email_gewenst=True, email_verstuurd_op__isnull=True, aangemaakt_op__lte=grens
        ).values_list("pk", flat=True)
    )
    queue_notification_emails(meldingen)
    return len(rapporten), len(meldingen)
