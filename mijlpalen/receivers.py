"""Receivers that tie mijlpalen to events of other apps without importing them.

- An aanvraag (spuk, right of mijlpalen) that becomes *verleend* freezes the milestone amounts of its
  buurten: from the grant on, an amount changes only through a `MijlpaalWijziging`. mijlpalen may not
  import spuk, so it listens to `core.workflow.transitioned` and reads the aanvraag's buurten and
  beschikking through the instance it is handed.
- A new buurtplan version copies the links of its activities to milestones.
"""

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from buurtplan.signals import versie_gekopieerd
from core import workflow

from . import services

VERLEEND = "verleend"


@receiver(workflow.transitioned, dispatch_uid="mijlpalen_bedragen_toekennen")
def bedragen_toekennen(sender: Any, instance: Any, target: str, **kwargs: Any) -> None:
    if sender._meta.label != "spuk.Aanvraag" or target != VERLEEND:
        return
    beschikking = getattr(instance, "beschikking", None)
    datum = getattr(beschikking, "datum", None) or timezone.localdate()
    services.ken_bedragen_toe(
        instance.buurten.values_list("pk", flat=True),
        datum=datum,
        beschikkingsnummer=getattr(beschikking, "nummer", "") or "",
    )


@receiver(versie_gekopieerd, dispatch_uid="mijlpalen_koppelingen_kopieren")
def koppelingen_kopieren(sender: Any, activiteiten: dict, **kwargs: Any) -> None:
    services.kopieer_koppelingen(activiteiten)
