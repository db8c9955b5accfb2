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

from buurtplan.models import Activiteit, Buurt, Buurtplan
from core import access, workflow
from core.documents import validate_upload
from core.models import Organisatie, User
from core.money import format_bedrag, to_cents
from core.services import log_event

from . import xlsx
from .models import (
    TOEGEKEND_MESSAGE,
    ActiviteitMijlpaal,
    Bewijsstuk,
    Indicator,
    LandelijkOordeel,
    Meting,
    Mijlpaal,
    MijlpaalBedrag,
    MijlpaalStatus,
    MijlpaalWijziging,
    wijziging_context,
)

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


def _weiger_toegekend(bedragen: Iterable[MijlpaalBedrag]) -> None:
    toegekend = [b for b in bedragen if b.is_toegekend]
    if toegekend:
        raise ValidationError(
            _("%(bericht)s (%(wat)s)") % {"bericht": TOEGEKEND_MESSAGE, "wat": ", ".join(str(b) for b in toegekend)}
        )


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
        _weiger_toegekend([obj])
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
        _weiger_toegekend([MijlpaalBedrag.objects.get(pk=bedrag.pk)])
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
        _weiger_toegekend(bestaand.values())
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


def wijzig_toegekend_bedrag(
    actor: User,
    bedrag: MijlpaalBedrag,
    *,
    bedrag_sociaal_domein: Decimal,
    bedrag_zorg: Decimal,
    reden: str,
) -> MijlpaalWijziging:
    """Amend a granted milestone amount: a new version with who, when, why and old/new amounts.

    Only beleid of the buurt's gemeente; a reason is required; a milestone that the coordinating
    insurer has judged nationally is not amended any more (the judgement was made on its amounts).
    The database refuses any change of a granted amount that has no matching amendment."""
    access.require(actor, "mijlpalen.change_bedragen", bedrag.buurt)
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van de wijziging van het toegekende mijlpaalbedrag.")})
    sd, zorg = to_cents(bedrag_sociaal_domein), to_cents(bedrag_zorg)
    if sd < 0 or zorg < 0:
        raise ValidationError(_("Een mijlpaalbedrag kan niet negatief zijn."))
    with transaction.atomic():
        Buurt.objects.select_for_update().filter(pk=bedrag.buurt_id).first()
        obj = MijlpaalBedrag.objects.select_for_update().select_related("mijlpaal", "buurt").get(pk=bedrag.pk)
        if not obj.is_toegekend:
            raise ValidationError(
                _("Dit mijlpaalbedrag is nog niet toegekend; wijzig het gewoon in het mijlpalenoverzicht.")
            )
        if LandelijkOordeel.objects.filter(mijlpaal_id=obj.mijlpaal_id).exists():
            raise ValidationError(
                _(
                    "Mijlpaal %(nr)s is landelijk beoordeeld; het bedrag waarop het oordeel is gegeven wordt "
                    "niet meer gewijzigd."
                )
                % {"nr": obj.mijlpaal.nummer}
            )
        if sd == obj.bedrag_sociaal_domein and zorg == obj.bedrag_zorg:
            raise ValidationError(_("De nieuwe bedragen zijn gelijk aan de huidige; er is niets te wijzigen."))
        wijziging = MijlpaalWijziging.objects.create(
            bedrag=obj,
            versie=obj.versie + 1,
            oud_sociaal_domein=obj.bedrag_sociaal_domein,
            nieuw_sociaal_domein=sd,
            oud_zorg=obj.bedrag_zorg,
            nieuw_zorg=zorg,
            reden=reden,
            gewijzigd_door=actor,
        )
        obj.versie = wijziging.versie
        obj.bedrag_sociaal_domein = sd
        obj.bedrag_zorg = zorg
        with wijziging_context():
            obj.save(update_fields=["versie", "bedrag_sociaal_domein", "bedrag_zorg"])
        log_event(
            actor,
            obj.buurt,
            "mijlpaalbedrag gewijzigd na toekenning",
            van=format_bedrag(wijziging.oud_sociaal_domein),
            naar=format_bedrag(sd),
            reden=f"{obj} (versie {wijziging.versie}): {reden}",
        )
    return wijziging


def ken_bedragen_toe(buurt_ids: Iterable[int], *, datum: datetime.date, beschikkingsnummer: str) -> int:
    """Freeze the milestone amounts of these buurten: the aanvraag covering them is granted.

    Called from the `workflow.transitioned` receiver when an aanvraag becomes verleend (the
    beschikking exists from then on). Returns the number of amounts frozen."""
    return MijlpaalBedrag.objects.filter(buurt_id__in=list(buurt_ids), toegekend_op__isnull=True).update(
        toegekend_op=datum, toegekend_in=beschikkingsnummer[:100]
    )


# ---------------------------------------------------------------------------------- activities


def koppel_activiteiten(
    actor: User, mijlpaal: Mijlpaal, buurtplan: Buurtplan, activiteiten: Iterable[Activiteit]
) -> list[ActiviteitMijlpaal]:
    """Set which activities of a concept buurtplan serve `mijlpaal` (replaces the current links of
    that version). Beleid of the buurt's gemeente; refused once the version is vastgesteld."""
    buurt = buurtplan.buurt
    access.require(actor, "mijlpalen.change_bedragen", buurt)
    _check_plan(mijlpaal, buurt)
    activiteiten = list(activiteiten)
    with transaction.atomic():
        plan = Buurtplan.objects.select_for_update().get(pk=buurtplan.pk)
        if plan.status != Buurtplan.Status.CONCEPT:
            raise ValidationError(
                _(
                    "Versie %(versie)s van het buurtplan is vastgesteld; de koppeling van activiteiten aan "
                    "mijlpalen ligt daarmee vast. Maak een nieuwe versie om haar te wijzigen."
                )
                % {"versie": plan.versie}
            )
        vreemd = [a for a in activiteiten if a.buurtplan_id != plan.pk]
        if vreemd:
            raise ValidationError(_("Kies alleen activiteiten uit deze versie van het buurtplan."))
        bestaand = {
            k.activiteit_id: k for k in ActiviteitMijlpaal.objects.filter(mijlpaal=mijlpaal, activiteit__buurtplan=plan)
        }
        gewenst = {a.pk: a for a in activiteiten}
        for aid, koppeling in bestaand.items():
            if aid not in gewenst:
                koppeling.delete()
        for aid, activiteit in gewenst.items():
            if aid not in bestaand:
                ActiviteitMijlpaal.objects.create(activiteit=activiteit, mijlpaal=mijlpaal)
        namen = ", ".join(sorted(a.naam for a in activiteiten)) or _("geen")
        log_event(actor, plan, "activiteiten aan mijlpaal gekoppeld", naar=str(mijlpaal.nummer), reden=namen)
        log_event(actor, mijlpaal, "activiteiten gekoppeld", naar=str(plan), reden=namen, gemeente=buurt.gemeente)
    return list(ActiviteitMijlpaal.objects.filter(mijlpaal=mijlpaal, activiteit__buurtplan=plan))


def kopieer_koppelingen(activiteiten: dict[int, Activiteit]) -> int:
    """Copy the milestone links of activities to their copies in a new plan version
    ({old activity id: new activity}); called when buurtplan makes a new version."""
    nieuw = [
        ActiviteitMijlpaal(activiteit=activiteiten[k.activiteit_id], mijlpaal_id=k.mijlpaal_id)
        for k in ActiviteitMijlpaal.objects.filter(activiteit_id__in=list(activiteiten))
    ]
    for koppeling in nieuw:
        koppeling.save()
    return len(nieuw)


# ---------------------------------------------------------------------------------- national judgement


def leg_landelijk_oordeel_vast(
    actor: User,
    mijlpaal: Mijlpaal,
    *,
    uitkomst: str,
    beoordelaar: Organisatie | None,
    beoordeeld_op: datetime.date | None,
    toelichting: str,
    bewijsstuk: Any,
) -> LandelijkOordeel:
    """Record the coordinating insurer's national judgement of a milestone (SiSa indicator 2 and
    the missed milestones of indicator 6). Who judged (a zorgverzekeraar), when (not in the future),
    behaald or niet behaald, why, and the evidence document are all required. A later judgement
    supersedes an earlier one; none is ever changed."""
    access.require(actor, "mijlpalen.leg_landelijk_oordeel_vast", mijlpaal)
    fouten: dict[str, str] = {}
    if uitkomst not in LandelijkOordeel.Uitkomst.values:
        fouten["uitkomst"] = _("Kies of de mijlpaal landelijk behaald of niet behaald is.")
    if beoordelaar is None or beoordelaar.soort != Organisatie.Soort.ZORGVERZEKERAAR:
        fouten["beoordelaar"] = _("Kies de coördinerend zorgverzekeraar die het oordeel gaf.")
    if beoordeeld_op is None:
        fouten["beoordeeld_op"] = _("Vul de datum van het oordeel in.")
    elif beoordeeld_op > timezone.localdate():
        fouten["beoordeeld_op"] = _("De datum van het oordeel kan niet in de toekomst liggen.")
    toelichting = (toelichting or "").strip()
    if not toelichting:
        fouten["toelichting"] = _("Licht het oordeel toe.")
    if not bewijsstuk:
        fouten["bewijsstuk"] = _("Voeg het oordeel van de zorgverzekeraar toe als bewijsstuk (PDF, PNG of JPEG).")
    if fouten or beoordeeld_op is None:
        raise ValidationError(fouten)
    content_type = validate_upload(bewijsstuk)
    with transaction.atomic():
        Mijlpaal.objects.select_for_update().filter(pk=mijlpaal.pk).first()
        vorige = LandelijkOordeel.objects.filter(mijlpaal=mijlpaal).order_by("-beoordeeld_op", "-pk").first()
        oordeel = LandelijkOordeel(
            mijlpaal=mijlpaal,
            uitkomst=uitkomst,
            beoordelaar=beoordelaar,
            beoordeeld_op=beoordeeld_op,
            toelichting=toelichting,
            vastgelegd_door=actor,
        )
        oordeel.attach(bewijsstuk, content_type, actor)
        oordeel.save()
        log_event(
            actor,
            mijlpaal,
            "landelijk oordeel vastgelegd",
            van=vorige.get_uitkomst_display() if vorige else _("Open"),
            naar=oordeel.get_uitkomst_display(),
            reden=f"{beoordelaar} ({beoordeeld_op:%d-%m-%Y}): {toelichting}",
        )
    return oordeel


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


# ------------------------------------------------------------------------------------------
# National milestones (landelijk beheer)
# ------------------------------------------------------------------------------------------

MIJLPAAL_VELDEN = ("omschrijving", "deadline", "criterium")


def wijzig_mijlpaal(actor: User, mijlpaal: Mijlpaal, *, reden: str, **velden: Any) -> Mijlpaal:
    """Change a national milestone's description, deadline or criterion (landelijk beheer); its number
    and kind stay (amounts and statuses of every buurt point to it). One timeline line per field."""
    access.require(actor, "mijlpalen.beheer_mijlpalen", None, _("Alleen landelijk beheer wijzigt mijlpalen."))
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van deze wijziging.")})
    onbekend = set(velden) - set(MIJLPAAL_VELDEN)
    if onbekend:
        raise TypeError(f"Unknown fields: {sorted(onbekend)}")
    labels = {"omschrijving": _("omschrijving"), "deadline": _("deadline"), "criterium": _("criterium")}
    with transaction.atomic():
        mijlpaal = Mijlpaal.objects.select_for_update().get(pk=mijlpaal.pk)
        wijzigingen = [(k, getattr(mijlpaal, k), v) for k, v in velden.items() if getattr(mijlpaal, k) != v]
        if not wijzigingen:
            raise ValidationError(_("Er is niets gewijzigd."))
        for veld, _van, naar in wijzigingen:
            setattr(mijlpaal, veld, naar)
        mijlpaal.full_clean()
        mijlpaal.save()
        for veld, van, naar in wijzigingen:
            log_event(
                actor,
                mijlpaal,
                _("%(veld)s gewijzigd") % {"veld": labels[veld]},
                van=str(van or "–"),
                naar=str(naar or "–"),
                reden=reden,
            )
    return mijlpaal
