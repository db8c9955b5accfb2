"""The audit timeline: one `Gebeurtenis` per change, written in the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import Gebeurtenis
from .rules import gemeente_id_of


def log_event(
    actor: Any, obj: models.Model, actie: str, *, van: str = "", naar: str = "", reden: str = "", gemeente: Any = None
) -> Gebeurtenis:
    """Append one line to the timeline of `obj`."""
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


def log_transition(actor: Any, obj: models.Model, van: str, naar: str, reden: str = "") -> Gebeurtenis:
    """A status change: who, when, from, to and why."""
    return log_event(actor, obj, "statuswijziging", van=van, naar=naar, reden=reden)


def timeline(obj: models.Model) -> models.QuerySet[Gebeurtenis]:
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return Gebeurtenis.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
