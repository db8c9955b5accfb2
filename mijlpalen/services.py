"""Every state change of mijlpalen: statuses (with evidence), the mijlpalenoverzicht and KPI measurements.

All functions take the acting user first, check the permission (PermissionDenied), run in one
transaction, lock what may change concurrently and log to the timeline. A status changes through
`core.workflow.transition`; the allowed moves and who may make them are declared on MijlpaalStatus.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtplan.models import Buurt
from core import access, workflow
from core.documents import validate_upload
from core.models import Organisatie, User
from core.services import log_event

from . import xlsx
from .models import Bewijsstuk, Indicator, Meting, Mijlpaal, MijlpaalBedrag, MijlpaalStatus

Status = MijlpaalStatus.Status
TRANSITIE_NAAR: dict[str, str] = {
    Status.BEHAALD: "markeer_behaald",
    Status.NIET_BEHAALD: "markeer_niet_behaald",
    Status.OPEN: "heropen",
}


def _check_plan(mijlpaal, buurt):
    if mijlpaal.transformatieplan_id != buurt.transformatieplan_id:
        raise ValidationError(_("Deze mijlpaal hoort niet bij het transformatieplan van de buurt."))


def _add_bewijsstuk(actor, status_obj, upload):
    content_type = validate_upload(upload)
    stuk = Bewijsstuk(status=status_obj)
    stuk.attach(upload, content_type, actor)
    stuk.save()
    log_event(actor, status_obj, "bewijsstuk toegevoegd", reden=stuk.naam)
    return stuk


def leg_status_vast(
    actor: User,
    mijlpaal: Mijlpaal,
    buurt: Buurt,
    status: str,
    beoordeeld_op: datetime.date | None,
    toelichting: str,
    beoordelaar: Organisatie | None = None,
    bewijsstukken: Iterable[Any] = (),
) -> MijlpaalStatus:
    """Record the coordinating insurer's judgement for one milestone in one buurt (beleid only).

    A judgement (behaald / niet behaald) needs a date and an explanation, back to open needs the
    reason; every change is logged with from, to and reason. Returns the MijlpaalStatus.
    """
    access.require(actor, "mijlpalen.change_status", buurt)
    _check_plan(mijlpaal, buurt)
    if status not in Status.values:
        raise ValidationError(_("Kies een geldige status: open, behaald of niet behaald."))
    toelichting = (toelichting or "").strip()
    # Per field, so the form shows each message at its field; the transitions declare the same rules.
    if status != Status.OPEN:
        if beoordeeld_op is None:
            raise ValidationError({"beoordeeld_op": _("Vul de datum van de beoordeling door de zorgverzekeraar in.")})
        if not toelichting:
            raise ValidationError(
                {"toelichting": _("Licht de beoordeling toe: waarom is de mijlpaal wel of niet behaald?")}
            )
    if beoordeeld_op is not None and beoordeeld_op > timezone.localdate():
        raise ValidationError({"beoordeeld_op": _("De datum van de beoordeling kan niet in de toekomst liggen.")})
    if beoordelaar is not None and beoordelaar.soort != Organisatie.Soort.ZORGVERZEKERAAR:
        raise ValidationError(
            {"beoordelaar": _("De beoordelaar is de coördinerend zorgverzekeraar; kies een zorgverzekeraar.")}
        )
    bewijsstukken = [b for b in bewijsstukken if b]
    for upload in bewijsstukken:
        validate_upload(upload)
    with transaction.atomic():
        Buurt.objects.select_for_update().filter(pk=buurt.pk).first()
        obj = MijlpaalStatus.objects.select_for_update().filter(mijlpaal=mijlpaal, buurt=buurt).first()
        if obj is None:
            obj = MijlpaalStatus(mijlpaal=mijlpaal, buurt=buurt, status=Status.OPEN)
        van = obj.status
        # The judgement's fields are set first: the transition's conditions read them.
        obj.beoordeeld_op = beoordeeld_op
        obj.toelichting = toelichting
        obj.beoordelaar_organisatie = beoordelaar
        obj.vastgelegd_door = actor
        obj.vastgelegd_op = timezone.now()
        if status != van:
            obj = workflow.transition(actor, obj, TRANSITIE_NAAR[status], reden=toelichting, locked=True)
        else:
            obj.save()
            log_event(actor, obj, "beoordeling bijgewerkt", van=van, naar=obj.status, reden=toelichting)
        for upload in bewijsstukken:
            _add_bewijsstuk(actor, obj, upload)
    return obj


def voeg_bewijsstuk_toe(actor: User, status_obj: MijlpaalStatus, upload: Any) -> Bewijsstuk:
    access.require(actor, "mijlpalen.change_status", status_obj.buurt)
    with transaction.atomic():
        obj = MijlpaalStatus.objects.select_for_update().get(pk=status_obj.pk)
        return _add_bewijsstuk(actor, obj, upload)


# ---------------------------------------------------------------------------------- amounts


def bewaar_bedrag(
    actor: User,
    buurt: Buurt,
    mijlpaal: Mijlpaal,
    jaar: int,
    bedrag_sociaal_domein: Decimal,
    bedrag_zorg: Decimal,
    risicodrager: str,
) -> MijlpaalBedrag:
    """Create or change the amount of one milestone in one year for a buurt."""
    access.require(actor, "mijlpalen.change_bedragen", buurt)
    _check_plan(mijlpaal, buurt)
    with transaction.atomic():
        Buurt.objects.select_for_update().filter(pk=buurt.pk).first()
        obj = MijlpaalBedrag.objects.filter(mijlpaal=mijlpaal, buurt=buurt, jaar=jaar).first() or MijlpaalBedrag(
            mijlpaal=mijlpaal, buurt=buurt, jaar=jaar
        )
        nieuw = obj.pk is None
        obj.bedrag_sociaal_domein = bedrag_sociaal_domein
        obj.bedrag_zorg = bedrag_zorg
        obj.risicodrager = risicodrager
        obj.full_clean()
        obj.save()
        log_event(actor, buurt, "mijlpaalbedrag toegevoegd" if nieuw else "mijlpaalbedrag gewijzigd", reden=str(obj))
    return obj


def verwijder_bedrag(actor: User, bedrag: MijlpaalBedrag) -> None:
    access.require(actor, "mijlpalen.change_bedragen", bedrag.buurt)
    with transaction.atomic():
        Buurt.objects.select_for_update().filter(pk=bedrag.buurt_id).first()
        log_event(actor, bedrag.buurt, "mijlpaalbedrag verwijderd", reden=str(bedrag))
        bedrag.delete()


def importeer_mijlpalenoverzicht(actor: User, buurt: Buurt, bestand: Any) -> int:
    """Replace the buurt's mijlpalenoverzicht with the rows of an XLSX (all or nothing).

    Returns the number of rows; raises ValidationError with every problem found.
    """
    access.require(actor, "mijlpalen.change_bedragen", buurt)
    rijen, fouten = xlsx.lees_mijlpalenoverzicht(buurt, bestand)
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        Buurt.objects.select_for_update().filter(pk=buurt.pk).first()
        bestaand = {(b.mijlpaal_id, b.jaar): b for b in MijlpaalBedrag.objects.filter(buurt=buurt)}
        behouden = set()
        for rij in rijen:
            key = (rij["mijlpaal"].pk, rij["jaar"])
            obj = bestaand.get(key) or MijlpaalBedrag(mijlpaal=rij["mijlpaal"], buurt=buurt, jaar=rij["jaar"])
            obj.bedrag_sociaal_domein = rij["bedrag_sociaal_domein"]
            obj.bedrag_zorg = rij["bedrag_zorg"]
            obj.risicodrager = rij["risicodrager"]
            obj.full_clean()
            obj.save()
            behouden.add(key)
        for key, obj in bestaand.items():
            if key not in behouden:
                obj.delete()
        log_event(
            actor, buurt, "mijlpalenoverzicht geïmporteerd", reden=_("%(n)s regels uit Excel") % {"n": len(rijen)}
        )
    return len(rijen)


# ---------------------------------------------------------------------------------- KPI


def leg_meting_vast(
    actor: User,
    buurt: Buurt,
    indicator: Indicator,
    groep: str,
    jaar: int,
    waarde: Decimal,
    vergelijkingsbuurten: str = "",
    bron: str = "",
) -> Meting:
    """Create or change one measurement of an indicator for a buurt (or its comparison group)."""
    access.require(actor, "mijlpalen.change_kpi", buurt)
    with transaction.atomic():
        obj = (
            Meting.objects.select_for_update().filter(indicator=indicator, buurt=buurt, groep=groep, jaar=jaar).first()
        )
        nieuw = obj is None
        if obj is None:
            obj = Meting(indicator=indicator, buurt=buurt, groep=groep, jaar=jaar)
        van = "" if nieuw else str(obj.waarde)
        obj.waarde = waarde
        obj.vergelijkingsbuurten = vergelijkingsbuurten or ""
        obj.bron = bron or ""
        obj.vastgelegd_door = actor
        obj.full_clean()
        obj.save()
        log_event(actor, buurt, "meting vastgelegd", van=van, naar=str(waarde), reden=str(obj))
    return obj


def importeer_metingen(actor: User, buurt: Buurt, bestand: Any) -> int:
    """Add or update the measurements of an XLSX for a buurt (all or nothing). Returns the count."""
    access.require(actor, "mijlpalen.change_kpi", buurt)
    rijen, fouten = xlsx.lees_metingen(buurt, bestand)
    if fouten:
        raise ValidationError(fouten)
    with transaction.atomic():
        for rij in rijen:
            Meting.objects.update_or_create(
                indicator=rij["indicator"],
                buurt=buurt,
                groep=rij["groep"],
                jaar=rij["jaar"],
                defaults={
                    "waarde": rij["waarde"],
                    "vergelijkingsbuurten": rij["vergelijkingsbuurten"],
                    "bron": rij["bron"],
                    "vastgelegd_door": actor,
                },
            )
        log_event(actor, buurt, "metingen geïmporteerd", reden=_("%(n)s metingen uit Excel") % {"n": len(rijen)})
    return len(rijen)
