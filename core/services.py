"""State-changing operations of core: the audit timeline, notifications and background reports."""

import hashlib
import logging
import smtplib
import threading
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.db import OperationalError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import dispatch, workflow
from .models import Melding, Opdracht, Rapport
from .reports import registry
from .timeline import log_event, log_transition, timeline

__all__ = [
    "log_event",
    "log_transition",
    "timeline",
    "notify",
    "mark_read",
    "open_melding",
    "resolve_meldingen",
    "vraag_rapport_aan",
]

logger = logging.getLogger(__name__)

EMAIL_TASK = "core.tasks.verstuur_melding_email"
RAPPORT_TASK = "core.tasks.genereer_rapport"
# Failures that pass by themselves: the task retries (core.tasks) instead of ending *mislukt*.
TRANSIENT_ERRORS = (OperationalError, ConnectionError, TimeoutError, smtplib.SMTPException)


def notify(recipients, titel, tekst="", link="", *, email=True, onderwerp=None, open_in=()):
    """In-app notification for each recipient, and the same by e-mail once the transaction commits.

    The e-mail is an outbox row written in the caller's transaction (`dispatch.enqueue`).
    A notification that asks for work names its `onderwerp` (the object) and `open_in`, the
    statuses of that object in which the work is still to be done; `resolve_meldingen` closes it
    when the object's status machine leaves them."""
    onderwerp_velden = {}
    if onderwerp is not None:
        onderwerp_velden = {
            "onderwerp_type": ContentType.objects.get_for_model(onderwerp, for_concrete_model=False),
            "onderwerp_id": str(onderwerp.pk),
            "open_in_statussen": [str(status) for status in open_in],
        }
    meldingen = [
        Melding.objects.create(
            ontvanger=user, titel=titel[:200], tekst=tekst, link=link, email_gewenst=email, **onderwerp_velden
        )
        for user in recipients
        if user is not None and user.is_active
    ]
    if email:
        for melding in meldingen:
            dispatch.enqueue(EMAIL_TASK, melding.pk)
    return meldingen


def resolve_meldingen(sender, instance, target, **kwargs):
    """Receiver of `workflow.transitioned`: the tasks about `instance` that its new status ends are
    done. They turn read too, so the unread badge stays one cheap count on (ontvanger, gelezen_op)."""
    ct = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    open_taken = Melding.objects.filter(
        onderwerp_type=ct, onderwerp_id=str(instance.pk), afgehandeld_op__isnull=True
    ).exclude(onderwerp_id="")
    klaar = [
        m.pk
        for m in open_taken.only("pk", "open_in_statussen")
        if m.open_in_statussen and target not in m.open_in_statussen
    ]
    if klaar:
        now = timezone.now()
        Melding.objects.filter(pk__in=klaar).update(afgehandeld_op=now)
        Melding.objects.filter(pk__in=klaar, gelezen_op__isnull=True).update(gelezen_op=now)


def open_melding(user, melding_id):
    """The user's notification, marked read; None when it is not theirs (the view answers 404)."""
    melding = Melding.objects.filter(ontvanger=user, pk=melding_id).first()
    if melding is not None and melding.gelezen_op is None:
        melding.gelezen_op = timezone.now()
        Melding.objects.filter(pk=melding.pk, gelezen_op__isnull=True).update(gelezen_op=melding.gelezen_op)
    return melding


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
            # The e-mail links through the notification, so opening it from the mail marks it read too.
            link = f"{settings.SITE_URL}{melding.get_absolute_url()}" if melding.link else ""
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
    """Record a report request and, in the same transaction, its generation task (the outbox)."""
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
        queue_rapport(rapport.pk)
    return rapport


def queue_rapport(rapport_id):
    """Put the report's generation in the outbox (sent after the current transaction commits)."""
    return dispatch.enqueue(RAPPORT_TASK, rapport_id)


@dispatch.after_send(RAPPORT_TASK)
def _mark_rapport_sent(rapport_id):
    Rapport.objects.filter(pk=rapport_id, in_wachtrij_gezet_op__isnull=True).update(in_wachtrij_gezet_op=timezone.now())


def probeer_rapport_opnieuw(actor, rapport):
    """A failed report goes back into the queue at its requester's request."""
    with transaction.atomic():
        rapport = workflow.transition(actor, rapport, "opnieuw", in_wachtrij_gezet_op=None, pogingen=0, taak_id="")
        queue_rapport(rapport.pk)
    return rapport


def _heartbeat_is_stale(rapport, now=None):
    last = rapport.hartslag_op or rapport.gestart_op
    now = now or timezone.now()
    return last is None or last < now - timedelta(seconds=settings.RAPPORT_HARTSLAG_STIL)


class _Heartbeat(threading.Thread):
    """Touches `Rapport.hartslag_op` every RAPPORT_HARTSLAG_INTERVAL seconds while a report runs, also
    while the generator is busy in one long call (a PDF rendering) and reports no progress."""

    def __init__(self, rapport_id):
        super().__init__(name=f"rapport-{rapport_id}-hartslag", daemon=True)
        self.rapport_id = rapport_id
        self.stopped = threading.Event()

    def run(self):
        from django.db import connections

        try:
            while not self.stopped.wait(settings.RAPPORT_HARTSLAG_INTERVAL):
                try:
                    Rapport.objects.filter(pk=self.rapport_id, status=Rapport.Status.BEZIG).update(
                        hartslag_op=timezone.now()
                    )
                except Exception:  # noqa: BLE001 - a missed beat is harmless; the next one may succeed
                    logger.warning("Heartbeat of report %s failed", self.rapport_id, exc_info=True)
        finally:
            connections.close_all()

    def stop(self):
        self.stopped.set()
        self.join(timeout=5)


def genereer_rapport(rapport_id, taak_id=""):
    """Generate one report. Idempotent: a duplicate task finds it done or alive and stops; a task whose
    previous attempt died (same task id delivered again, or a stale heartbeat) resumes it."""
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update().get(pk=rapport_id)
        if rapport.status in (Rapport.Status.GEREED, Rapport.Status.MISLUKT):
            return rapport.status
        if rapport.status == Rapport.Status.BEZIG:
            redelivered = bool(taak_id) and rapport.taak_id == taak_id
            if not redelivered and not _heartbeat_is_stale(rapport):
                return rapport.status  # another attempt is alive
            logger.warning("Report %s: previous attempt died; resuming", rapport_id)
        if rapport.pogingen >= settings.RAPPORT_MAX_POGINGEN:
            rapport = workflow.transition(
                None,
                rapport,
                "mislukt",
                locked=True,
                reden="te vaak afgebroken",
                foutmelding=_(
                    "Het maken van het rapport is %(n)s keer afgebroken. Probeer het opnieuw of neem "
                    "contact op met applicatiebeheer als het weer misgaat."
                )
                % {"n": rapport.pogingen},
                gereed_op=timezone.now(),
            )
            return rapport.status
        now = timezone.now()
        rapport = workflow.transition(
            None,
            rapport,
            "start",
            locked=True,
            gestart_op=now,
            hartslag_op=now,
            taak_id=taak_id or "",
            voortgang=0,
            pogingen=rapport.pogingen + 1,
            foutmelding="",
        )

    def progress(percent):
        Rapport.objects.filter(pk=rapport_id).update(
            voortgang=max(0, min(100, int(percent))), hartslag_op=timezone.now()
        )

    kind = registry.get(rapport.soort)
    heartbeat = _Heartbeat(rapport_id)
    heartbeat.start()
    try:
        if kind is None:
            raise ValueError(f"Onbekende rapportsoort {rapport.soort!r}")
        filename, content = kind.generate(rapport, progress)
    except TRANSIENT_ERRORS:
        # The database or the network went away: let the task retry (same task id, so it resumes).
        raise
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
    finally:
        heartbeat.stop()
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


def fail_rapport_for_good(rapport_id, exc):
    """The task gave up after its retries (the database or network stayed away): end *mislukt*."""
    with transaction.atomic():
        rapport = Rapport.objects.select_for_update().get(pk=rapport_id)
        if rapport.status not in (Rapport.Status.WACHTRIJ, Rapport.Status.BEZIG):
            return rapport.status
        rapport = workflow.transition(
            None,
            rapport,
            "mislukt",
            locked=True,
            reden="herhaaldelijk mislukt",
            foutmelding=_(
                "Het rapport kon na herhaalde pogingen niet worden gemaakt, omdat een onderdeel van het systeem "
                "niet bereikbaar was. Probeer het later opnieuw."
            ),
            gereed_op=timezone.now(),
        )
    return rapport.status


def readable_error(exc):
    """A message for the user: our own Dutch validation messages pass, the rest is summarised."""
    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    return f"Het rapport kon niet worden gemaakt ({exc.__class__.__name__}: {exc}). Probeer het opnieuw of neem contact op met applicatiebeheer."


def requeue_stale_reports(now=None):
    """Queue again the reports whose work was lost. Returns the ids queued.

    - *bezig* with a stale heartbeat, unless it was queued again after its last beat (the new task
      is in the broker, waiting for a worker; sending more would only pile up duplicates);
    - *in de wachtrij* with nothing in the outbox for it, or whose last task was handed to the broker
      longer than the broker's visibility timeout ago (the broker lost it)."""
    now = now or timezone.now()
    stil = now - timedelta(seconds=settings.RAPPORT_HARTSLAG_STIL)
    verloren = now - timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT)
    opdrachten = Opdracht.objects.filter(taak=RAPPORT_TASK)
    queued = []
    kandidaten = Rapport.objects.filter(
        Q(status=Rapport.Status.BEZIG) & (Q(hartslag_op__lt=stil) | Q(hartslag_op__isnull=True, gestart_op__lt=stil))
        | Q(status=Rapport.Status.WACHTRIJ, aangevraagd_op__lt=stil)
    ).values_list("pk", "status", "hartslag_op", "gestart_op")
    for pk, status, hartslag_op, gestart_op in kandidaten:
        mine = opdrachten.filter(argumenten=[pk])
        if mine.filter(status=Opdracht.Status.WACHTEND).exists():
            continue
        last_sent = mine.aggregate(m=Max("verstuurd_op"))["m"]
        if status == Rapport.Status.BEZIG:
            last_beat = hartslag_op or gestart_op
            if last_sent is not None and last_beat is not None and last_sent > last_beat:
                continue
        elif last_sent is not None and last_sent > verloren:
            continue
        with transaction.atomic():
            queue_rapport(pk)
        queued.append(pk)
    return queued


def sweep_unqueued(ouder_dan=None):
    """The sweeper: queue reports whose work was lost, then relay the outbox.

    Returns (reports queued again, outbox rows handed to the broker). `ouder_dan` is kept for
    callers of the former signature and has no effect."""
    rapporten = requeue_stale_reports()
    try:
        verstuurd = dispatch.relay(limit=10_000)
    except dispatch.BrokerUnavailable:
        verstuurd = 0
    return len(rapporten), verstuurd
