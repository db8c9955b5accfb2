"""State-changing operations of core: the audit timeline and notifications."""
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Gebeurtenis, Melding
from .rules import gemeente_id_of


def log_event(actor, obj, actie, *, van="", naar="", reden="", gemeente=None):
    """Append one line to the timeline of `obj`. Called inside the caller's transaction."""
    gemeente_id = gemeente.pk if gemeente is not None else gemeente_id_of(obj)
    return Gebeurtenis.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        gemeente_id=gemeente_id,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        onderwerp_omschrijving=str(obj)[:300],
        actie=str(actie)[:100],
        van_status=str(van or "")[:50],
        naar_status=str(naar or "")[:50],
        reden=reden or "",
    )


def log_transition(actor, obj, van, naar, reden=""):
    """A status change: who, when, from, to and why."""
    return log_event(actor, obj, "statuswijziging", van=van, naar=naar, reden=reden)


def timeline(obj):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return Gebeurtenis.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")


def notify(recipients, titel, tekst="", link="", *, email=True):
    """In-app notification for each recipient, and the same by e-mail once the transaction commits."""
    meldingen = [
        Melding.objects.create(ontvanger=user, titel=titel[:200], tekst=tekst, link=link)
        for user in recipients
        if user is not None and user.is_active
    ]
    if email and meldingen:
        ids = [m.pk for m in meldingen]
        transaction.on_commit(lambda: send_notification_emails(ids))
    return meldingen


def send_notification_emails(melding_ids):
    """Send the e-mail of each notification once (email_verstuurd_op marks it sent)."""
    for melding in Melding.objects.filter(pk__in=melding_ids, email_verstuurd_op__isnull=True).select_related("ontvanger"):
        link = f"{settings.SITE_URL}{melding.link}" if melding.link.startswith("/") else melding.link
        body = f"{melding.tekst}\n\n{link}".strip()
        send_mail(f"[SPUK-beheer] {melding.titel}", body, settings.DEFAULT_FROM_EMAIL, [melding.ontvanger.email])
        Melding.objects.filter(pk=melding.pk).update(email_verstuurd_op=timezone.now())


def mark_read(user, melding_ids=None):
    qs = Melding.objects.filter(ontvanger=user, gelezen_op__isnull=True)
    if melding_ids is not None:
        qs = qs.filter(pk__in=melding_ids)
    return qs.update(gelezen_op=timezone.now())
