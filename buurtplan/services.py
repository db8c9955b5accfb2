"""Every state change of buurtplan: permission-checked, transactional, logged.

All functions take the acting user first and raise PermissionDenied (wrong role or gemeente) or a
Dutch ValidationError (a rule is broken). Status changes of the buurtplan and the buurtbegroting
go through `core.workflow.transition`; their permissions and conditions are declared on the models.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import access, workflow
from core.documents import validate_upload
from core.frozen import FrozenError
from core.models import Organisatie, User
from core.services import log_event

from .catalogus import ensure_transformatieplan
from .compliance import vaststelling_blokkades
from .models import (
    FROZEN_MESSAGE,
    Activiteit,
    Begrotingsregel,
    Buurt,
    Buurtbegroting,
    Buurtplan,
    Netwerklid,
    Ondertekening,
    PlanThema,
    Thema,
)
from .signals import versie_gekopieerd
from .xlsx_begroting import lees_begroting

BUURT_VELDEN = {
    "naam",
    "gemeente",
    "regio",
    "alliantiepartners",
    "cohort",
    "inwoners",
    "marktaandeel",
    "startdatum",
    "crit_professionals",
    "crit_professionals_toelichting",
    "crit_burgers",
    "crit_burgers_toelichting",
    "crit_samenwerking",
    "crit_samenwerking_toelichting",
    "crit_marktaandeel",
    "crit_marktaandeel_toelichting",
    "crit_case_for_change",
    "crit_case_for_change_toelichting",
    "crit_executiekracht",
    "crit_executiekracht_toelichting",
}
LID_VELDEN = {"naam", "discipline", "kartrekker", "organisatie_naam", "email"}
ACTIVITEIT_VELDEN = {"thema", "interventie", "naam", "omschrijving", "uitvoerende_partner", "volgorde"}
REGEL_VELDEN = {"activiteit", "jaar", "domein", "financiering", "ontvangende_partner", "omschrijving", "bedrag"}


def _set(obj, velden, toegestaan):
    onbekend = set(velden) - toegestaan
    if onbekend:
        raise TypeError(f"Unknown fields: {sorted(onbekend)}")
    for key, value in velden.items():
        setattr(obj, key, value)


def _refuse_if_frozen(buurtplan):
    # The models refuse too; saying it first keeps the message the same whatever the edit is.
    if buurtplan.is_vastgesteld:
        raise FrozenError(FROZEN_MESSAGE, code="frozen")


def _lock_plan(buurtplan):
    locked = Buurtplan.objects.select_for_update().select_related("buurt").get(pk=buurtplan.pk)
    _refuse_if_frozen(locked)
    return locked


def _lock_begroting(begroting):
    locked = Buurtbegroting.objects.select_for_update().select_related("buurtplan__buurt").get(pk=begroting.pk)
    _refuse_if_frozen(locked.buurtplan)
    return locked


def _werkt_in(buurt, organisatie):
    """An organisation named in a buurt's plan or budget works in that buurt (the beheer page of
    partner organisations and the organisation choices of the buurt follow from this link)."""
    if organisatie is not None and organisatie.soort != Organisatie.Soort.GEMEENTE:
        buurt.partners.add(organisatie)


def _bewaar_regel(regel):
    regel.full_clean()
    regel.save()
    _werkt_in(regel.begroting.buurtplan.buurt, regel.ontvangende_partner)


def _check_begroting_bewerkbaar(begroting):
    if begroting.status not in (Buurtbegroting.Status.CONCEPT, Buurtbegroting.Status.TERUGGESTUURD):
        raise ValidationError(
            _("De begroting is %(status)s en kan nu niet worden gewijzigd. Heropen de begroting eerst.")
            % {"status": begroting.get_status_display().lower()}
        )


# ------------------------------------------------------------------------------------------
# Buurt and network
# ------------------------------------------------------------------------------------------


def _alliantiepartners(velden: dict[str, Any], verplicht: bool) -> list[Organisatie] | None:
    """Take the alliance partners out of `velden` (a many-to-many is set after the save)."""
    if "alliantiepartners" not in velden:
        if verplicht:
            raise ValidationError({"alliantiepartners": _("Kies ten minste één alliantiepartner.")})
        return None
    partners = list(velden.pop("alliantiepartners") or ())
    if not partners:
        raise ValidationError({"alliantiepartners": _("Kies ten minste één alliantiepartner.")})
    if any(org.soort != Organisatie.Soort.ZORGAANBIEDER for org in partners):
        raise ValidationError({"alliantiepartners": _("Een alliantiepartner is een zorgaanbieder (wijkverpleging).")})
    return partners


def _zet_alliantie(actor: User, buurt: Buurt, partners: list[Organisatie] | None, nieuw: bool) -> None:
    if partners is None:
        return
    oud = buurt.alliantie if not nieuw else ""
    buurt.alliantiepartners.set(partners)
    for org in partners:
        _werkt_in(buurt, org)
    buurt.__dict__.pop("_prefetched_objects_cache", None)
    if buurt.alliantie != oud and not nieuw:
        log_event(actor, buurt, _("alliantiepartners gewijzigd"), van=oud, naar=buurt.alliantie)


def maak_buurt(actor: User, **velden: Any) -> Buurt:
    """Create a buurt in a gemeente the actor works for (beleid)."""
    access.require(actor, "buurtplan.add_buurt")
    access.require(
        actor,
        "buurtplan.add_buurt_in_gemeente",
        velden.get("gemeente"),
        _("U kunt alleen buurten aanmaken in uw eigen gemeente."),
    )
    partners = _alliantiepartners(velden, verplicht=True)
    with transaction.atomic():
        buurt = Buurt(transformatieplan=ensure_transformatieplan())
        _set(buurt, velden, BUURT_VELDEN)
        buurt.full_clean()
        buurt.save()
        _zet_alliantie(actor, buurt, partners, nieuw=True)
        log_event(actor, buurt, "buurt aangemaakt", naar=buurt.alliantie)
    return buurt


def wijzig_buurt(actor: User, buurt: Buurt, **velden: Any) -> Buurt:
    access.require(actor, "buurtplan.change_buurt", buurt)
    if "gemeente" in velden:
        access.require(
            actor,
            "buurtplan.add_buurt_in_gemeente",
            velden["gemeente"],
            _("U kunt een buurt alleen aan uw eigen gemeente koppelen."),
        )
    partners = _alliantiepartners(velden, verplicht=False)
    with transaction.atomic():
        buurt = Buurt.objects.select_for_update().get(pk=buurt.pk)
        _set(buurt, velden, BUURT_VELDEN)
        buurt.full_clean()
        buurt.save()
        _zet_alliantie(actor, buurt, partners, nieuw=False)
        log_event(actor, buurt, "buurt gewijzigd")
    return buurt


def voeg_netwerklid_toe(actor: User, buurt: Buurt, **velden: Any) -> Netwerklid:
    access.require(actor, "buurtplan.change_buurt", buurt)
    with transaction.atomic():
        Buurt.objects.select_for_update().get(pk=buurt.pk)
        lid = Netwerklid(buurt=buurt)
        _set(lid, velden, LID_VELDEN)
        lid.full_clean()
        lid.save()
        log_event(actor, buurt, "netwerklid toegevoegd", reden=str(lid))
    return lid


def wijzig_netwerklid(actor: User, lid: Netwerklid, **velden: Any) -> Netwerklid:
    access.require(actor, "buurtplan.change_buurt", lid.buurt)
    with transaction.atomic():
        Buurt.objects.select_for_update().get(pk=lid.buurt_id)
        lid = Netwerklid.objects.get(pk=lid.pk)
        _set(lid, velden, LID_VELDEN)
        lid.full_clean()
        lid.save()
        log_event(actor, lid.buurt, "netwerklid gewijzigd", reden=str(lid))
    return lid


def verwijder_netwerklid(actor: User, lid: Netwerklid) -> None:
    access.require(actor, "buurtplan.change_buurt", lid.buurt)
    with transaction.atomic():
        Buurt.objects.select_for_update().get(pk=lid.buurt_id)
        log_event(actor, lid.buurt, "netwerklid verwijderd", reden=str(lid))
        lid.delete()


# ------------------------------------------------------------------------------------------
# Plan versions, themes, activities
# ------------------------------------------------------------------------------------------


def maak_buurtplan(actor: User, buurt: Buurt, samenvatting: str = "") -> Buurtplan:
    """Version 1 of the plan of a buurt, with every theme van toepassing and an empty begroting."""
    access.require(actor, "buurtplan.change_buurt", buurt)
    with transaction.atomic():
        buurt = Buurt.objects.select_for_update().get(pk=buurt.pk)
        if buurt.buurtplannen.exists():
            raise ValidationError(_("Deze buurt heeft al een buurtplan. Maak zo nodig een nieuwe versie."))
        plan = Buurtplan.objects.create(buurt=buurt, versie=1, samenvatting=samenvatting)
        for thema in buurt.transformatieplan.themas.all():
            PlanThema.objects.create(buurtplan=plan, thema=thema, van_toepassing=True)
        Buurtbegroting.objects.create(buurtplan=plan)
        log_event(actor, plan, "buurtplan aangemaakt", naar=plan.status)
    return plan


def wijzig_samenvatting(actor: User, buurtplan: Buurtplan, samenvatting: str) -> Buurtplan:
    access.require(actor, "buurtplan.change_buurt", buurtplan.buurt)
    with transaction.atomic():
        plan = _lock_plan(buurtplan)
        plan.samenvatting = samenvatting
        plan.save(update_fields=["samenvatting"])
        log_event(actor, plan, "samenvatting gewijzigd")
    return plan


def zet_thema(actor: User, buurtplan: Buurtplan, thema: Thema, van_toepassing: bool, reden: str = "") -> PlanThema:
    """Mark a theme van toepassing, or not with a written reason (never for mandatory themes)."""
    access.require(actor, "buurtplan.change_buurt", buurtplan.buurt)
    with transaction.atomic():
        plan = _lock_plan(buurtplan)
        keuze, _created = PlanThema.objects.get_or_create(buurtplan=plan, thema=thema)
        keuze.van_toepassing = bool(van_toepassing)
        keuze.reden = "" if van_toepassing else (reden or "").strip()
        keuze.full_clean()
        keuze.save()
        log_event(
            actor,
            plan,
            "thema gewijzigd",
            reden=f"{thema.naam}: {'van toepassing' if van_toepassing else 'niet van toepassing – ' + keuze.reden}",
        )
    return keuze


def voeg_activiteit_toe(actor: User, buurtplan: Buurtplan, **velden: Any) -> Activiteit:
    access.require(actor, "buurtplan.change_buurt", buurtplan.buurt)
    with transaction.atomic():
        plan = _lock_plan(buurtplan)
        activiteit = Activiteit(buurtplan=plan)
        _set(activiteit, velden, ACTIVITEIT_VELDEN)
        if not activiteit.naam and activiteit.interventie_id:
            assert activiteit.interventie is not None  # interventie_id is set
            activiteit.naam = activiteit.interventie.naam
        activiteit.full_clean()
        activiteit.save()
        _werkt_in(plan.buurt, activiteit.uitvoerende_partner)
        log_event(actor, plan, "activiteit toegevoegd", reden=activiteit.naam)
    return activiteit


def wijzig_activiteit(actor: User, activiteit: Activiteit, **velden: Any) -> Activiteit:
    access.require(actor, "buurtplan.change_buurt", activiteit.buurtplan.buurt)
    with transaction.atomic():
        plan = _lock_plan(activiteit.buurtplan)
        activiteit = Activiteit.objects.get(pk=activiteit.pk)
        _set(activiteit, velden, ACTIVITEIT_VELDEN)
        activiteit.full_clean()
        activiteit.save()
        _werkt_in(plan.buurt, activiteit.uitvoerende_partner)
        log_event(actor, plan, "activiteit gewijzigd", reden=activiteit.naam)
    return activiteit


def verwijder_activiteit(actor: User, activiteit: Activiteit) -> None:
    access.require(actor, "buurtplan.change_buurt", activiteit.buurtplan.buurt)
    with transaction.atomic():
        plan = _lock_plan(activiteit.buurtplan)
        if activiteit.begrotingsregels.exists():
            raise ValidationError(
                _("De activiteit ‘%(naam)s’ heeft begrotingsregels. Verwijder of verplaats die regels eerst.")
                % {"naam": activiteit.naam}
            )
        log_event(actor, plan, "activiteit verwijderd", reden=activiteit.naam)
        activiteit.delete()


# ------------------------------------------------------------------------------------------
# Buurtbegroting
# ------------------------------------------------------------------------------------------


def _nieuwe_regel(begroting, velden):
    regel = Begrotingsregel(begroting=begroting)
    _set(regel, velden, REGEL_VELDEN)
    _bewaar_regel(regel)
    return regel


def voeg_regel_toe(actor: User, begroting: Buurtbegroting, **velden: Any) -> Begrotingsregel:
    access.require(actor, "buurtplan.change_buurt", begroting.buurtplan.buurt)
    with transaction.atomic():
        begroting = _lock_begroting(begroting)
        _check_begroting_bewerkbaar(begroting)
        regel = _nieuwe_regel(begroting, velden)
        log_event(actor, begroting, "begrotingsregel toegevoegd", reden=str(regel))
    return regel


def _verwijder_regel(regel):
    """Remove a line of an editable begroting; a line that other records (declarations) point to stays."""
    try:
        with transaction.atomic():
            regel.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "De regel ‘%(regel)s’ kan niet weg: er zijn al declaraties op gedaan. Zet het bedrag lager in plaats "
                "van de regel te verwijderen."
            )
            % {"regel": regel}
        ) from None


def bewaar_begroting(actor: User, begroting: Buurtbegroting, wijzigingen: Iterable[dict[str, Any]]) -> int:
    """Apply the rows of the budget editor in one transaction.

    `wijzigingen`: list of dicts with optional "regel" (an existing line of this begroting),
    "verwijderen" (bool) and the line fields. Returns the number of changed lines.
    """
    access.require(actor, "buurtplan.change_buurt", begroting.buurtplan.buurt)
    aantal = 0
    with transaction.atomic():
        begroting = _lock_begroting(begroting)
        _check_begroting_bewerkbaar(begroting)
        for wijziging in wijzigingen:
            wijziging = dict(wijziging)
            regel = wijziging.pop("regel", None)
            verwijderen = wijziging.pop("verwijderen", False)
            if regel is not None and regel.begroting_id != begroting.pk:
                raise PermissionDenied(_("Deze regel hoort niet bij deze begroting."))
            if regel is not None and verwijderen:
                _verwijder_regel(regel)
                aantal += 1
            elif regel is not None:
                changed = any(getattr(regel, k) != v for k, v in wijziging.items())
                if changed:
                    _set(regel, wijziging, REGEL_VELDEN)
                    _bewaar_regel(regel)
                    aantal += 1
            elif not verwijderen:
                _nieuwe_regel(begroting, wijziging)
                aantal += 1
        if aantal:
            log_event(actor, begroting, "begroting gewijzigd", reden=_("%(n)s regel(s) gewijzigd") % {"n": aantal})
    return aantal


def importeer_begroting(actor: User, begroting: Buurtbegroting, bestand: Any) -> int:
    """Replace the lines of a begroting by those of an XLSX (see xlsx_begroting). All or nothing.

    Lines whose Regel-id belongs to this begroting are updated in place (their id stays); lines not
    in the file are removed. Returns the number of lines; raises ValidationError with every problem.
    """
    access.require(actor, "buurtplan.change_buurt", begroting.buurtplan.buurt)
    with transaction.atomic():
        begroting = _lock_begroting(begroting)
        _check_begroting_bewerkbaar(begroting)
        regels, fouten = lees_begroting(begroting, bestand)
        if fouten:
            raise ValidationError(fouten)
        bestaand = {regel.pk: regel for regel in begroting.regels.all()}
        behouden = set()
        for data in regels:
            data = dict(data)
            regel_id = data.pop("id")
            if regel_id and regel_id not in behouden:
                regel = bestaand[regel_id]
                _set(regel, data, REGEL_VELDEN)
                _bewaar_regel(regel)
                behouden.add(regel_id)
            else:
                _nieuwe_regel(begroting, data)
        for regel_id, regel in bestaand.items():
            if regel_id not in behouden:
                _verwijder_regel(regel)
        log_event(actor, begroting, "begroting geïmporteerd", reden=_("%(n)s regels uit Excel") % {"n": len(regels)})
    return len(regels)


def dien_begroting_in(actor: User, begroting: Buurtbegroting) -> Buurtbegroting:
    """Submit the begroting to the begrotingscommissie."""
    return workflow.transition(
        actor, begroting, "indienen", reden=_("Ingediend bij de begrotingscommissie"), ingediend_op=timezone.now()
    )


def beoordeel_begroting(
    actor: User,
    begroting: Buurtbegroting,
    *,
    goedgekeurd: bool,
    opmerkingen: str = "",
    datum: datetime.date | None = None,
) -> Buurtbegroting:
    """Record the begrotingscommissie's decision: approve, or send back with remarks."""
    opmerkingen = (opmerkingen or "").strip()
    with transaction.atomic():
        locked = Buurtbegroting.objects.select_for_update().select_related("buurtplan__buurt").get(pk=begroting.pk)
        # Set before the transition is checked: sending back requires the remarks.
        locked.opmerkingen = opmerkingen
        return workflow.transition(
            actor,
            locked,
            "goedkeuren" if goedgekeurd else "terugsturen",
            reden=opmerkingen,
            locked=True,
            beoordeeld_op=datum or timezone.localdate(),
            beoordeeld_door=actor,
        )


def heropen_begroting(actor: User, begroting: Buurtbegroting, reden: str) -> Buurtbegroting:
    """Back to concept (e.g. to change an approved budget before vaststelling); needs a reason."""
    if not (reden or "").strip():
        raise ValidationError(_("Geef een reden op voor het heropenen van de begroting."))
    return workflow.transition(actor, begroting, "heropenen", reden=reden)


# ------------------------------------------------------------------------------------------
# Signatures, vaststelling and new versions
# ------------------------------------------------------------------------------------------


def voeg_ondertekening_toe(
    actor: User,
    buurtplan: Buurtplan,
    *,
    soort: str,
    ondertekenaar: str,
    functie: str,
    getekend_op: datetime.date,
    document: Any,
    organisatie: Organisatie | None = None,
    organisatie_naam: str = "",
) -> Ondertekening:
    access.require(actor, "buurtplan.change_buurt", buurtplan.buurt)
    content_type = validate_upload(document, missing=_("Voeg het gescande document toe (PDF, PNG of JPEG)."))
    with transaction.atomic():
        plan = _lock_plan(buurtplan)
        ondertekening = Ondertekening(
            buurtplan=plan,
            soort=soort,
            ondertekenaar=ondertekenaar,
            functie=functie,
            getekend_op=getekend_op,
            organisatie=organisatie,
            organisatie_naam=organisatie_naam or "",
            naam=(getattr(document, "name", "") or "bestand")[:255],
            content_type=content_type,
        )
        # Check the record before the scan is written to storage.
        ondertekening.full_clean(exclude=["bestand"])
        ondertekening.attach(document, content_type, actor)
        ondertekening.save()
        log_event(actor, plan, "ondertekening toegevoegd", reden=str(ondertekening))
    return ondertekening


def verwijder_ondertekening(actor: User, ondertekening: Ondertekening) -> None:
    access.require(actor, "buurtplan.change_buurt", ondertekening.buurtplan.buurt)
    with transaction.atomic():
        plan = _lock_plan(ondertekening.buurtplan)
        log_event(actor, plan, "ondertekening verwijderd", reden=str(ondertekening))
        ondertekening.delete()


def stel_vast(actor: User, buurtplan: Buurtplan) -> Buurtplan:
    """Set a version vastgesteld: network rules hold, themes in order, budget approved, signatures present."""
    with transaction.atomic():
        Buurt.objects.select_for_update().get(pk=buurtplan.buurt_id)
        plan = Buurtplan.objects.select_for_update().select_related("buurt").get(pk=buurtplan.pk)
        Buurtbegroting.objects.select_for_update().filter(buurtplan=plan).first()
        workflow.check(actor, plan, "vaststellen")
        # Every unmet precondition at once, so the gemeente sees the whole list.
        blokkades = vaststelling_blokkades(plan)
        if blokkades:
            raise ValidationError(blokkades)
        return workflow.transition(
            actor,
            plan,
            "vaststellen",
            reden=_("Buurtplan vastgesteld"),
            locked=True,
            vastgesteld_op=timezone.now(),
            vastgesteld_door=actor,
        )


# Signatures that belong to the gemeente's commitment rather than to one version are carried over.
MEENEMEN_ONDERTEKENINGEN = {
    Ondertekening.Soort.COMMITMENTVERKLARING,
    Ondertekening.Soort.INTENTIEVERKLARING,
    Ondertekening.Soort.OVEREENKOMST,
}


def nieuwe_versie(actor: User, buurtplan: Buurtplan, reden: str = "") -> Buurtplan:
    """Start version n+1 (concept) from `buurtplan`: copies themes, activities, budget lines and the
    gemeente's commitment signatures. The buurtplan and buurtbegroting need to be signed again."""
    access.require(actor, "buurtplan.change_buurt", buurtplan.buurt)
    with transaction.atomic():
        buurt = Buurt.objects.select_for_update().get(pk=buurtplan.buurt_id)
        laatste = buurt.buurtplannen.order_by("-versie").first()
        assert laatste is not None  # the buurt has at least `buurtplan`
        if laatste.status != Buurtplan.Status.VASTGESTELD:
            raise ValidationError(
                _("Versie %(versie)s is nog in concept. Werk die versie bij in plaats van een nieuwe te maken.")
                % {"versie": laatste.versie}
            )
        bron = Buurtplan.objects.get(pk=buurtplan.pk)
        nieuw = Buurtplan.objects.create(
            buurt=buurt, versie=laatste.versie + 1, samenvatting=bron.samenvatting, wijzigingsreden=reden or ""
        )
        for keuze in bron.planthemas.all():
            PlanThema.objects.create(
                buurtplan=nieuw, thema_id=keuze.thema_id, van_toepassing=keuze.van_toepassing, reden=keuze.reden
            )
        activiteit_map = {}
        for activiteit in bron.activiteiten.all():
            kopie = Activiteit.objects.create(
                buurtplan=nieuw,
                thema_id=activiteit.thema_id,
                interventie_id=activiteit.interventie_id,
                naam=activiteit.naam,
                omschrijving=activiteit.omschrijving,
                uitvoerende_partner_id=activiteit.uitvoerende_partner_id,
                volgorde=activiteit.volgorde,
            )
            activiteit_map[activiteit.pk] = kopie
        begroting = Buurtbegroting.objects.create(buurtplan=nieuw)
        try:
            oude_regels = list(bron.begroting.regels.all())
        except Buurtbegroting.DoesNotExist:
            oude_regels = []
        for regel in oude_regels:
            Begrotingsregel.objects.create(
                begroting=begroting,
                activiteit=activiteit_map[regel.activiteit_id],
                jaar=regel.jaar,
                domein=regel.domein,
                financiering=regel.financiering,
                ontvangende_partner_id=regel.ontvangende_partner_id,
                omschrijving=regel.omschrijving,
                bedrag=regel.bedrag,
                vorige_regel=regel,
            )
        for ondertekening in bron.ondertekeningen.filter(soort__in=MEENEMEN_ONDERTEKENINGEN):
            Ondertekening.objects.create(
                buurtplan=nieuw,
                soort=ondertekening.soort,
                ondertekenaar=ondertekening.ondertekenaar,
                organisatie_id=ondertekening.organisatie_id,
                organisatie_naam=ondertekening.organisatie_naam,
                functie=ondertekening.functie,
                getekend_op=ondertekening.getekend_op,
                bestand=ondertekening.bestand.name,
                naam=ondertekening.naam,
                content_type=ondertekening.content_type,
                grootte=ondertekening.grootte,
                geupload_door=ondertekening.geupload_door,
            )
        versie_gekopieerd.send(sender=Buurtplan, actor=actor, bron=bron, nieuw=nieuw, activiteiten=activiteit_map)
        log_event(actor, nieuw, "nieuwe versie", naar=nieuw.status, reden=reden or "")
    return nieuw


# ------------------------------------------------------------------------------------------
# Partner organisations (beheer): which organisations work in the gemeente's buurten
# ------------------------------------------------------------------------------------------

ORGANISATIE_VELDEN = ("naam", "soort", "kvk_nummer", "email")
ORGANISATIE_LABELS = {
    "naam": gettext_lazy("naam"),
    "soort": gettext_lazy("soort"),
    "kvk_nummer": gettext_lazy("KvK-nummer"),
    "email": gettext_lazy("e-mailadres"),
}
PARTNER_SOORTEN = frozenset(Organisatie.Soort.values) - {Organisatie.Soort.GEMEENTE}


def _reden(reden: str) -> str:
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van deze wijziging.")})
    return reden


def _eigen_buurten(actor: User, buurten: Iterable[Buurt]) -> set[Buurt]:
    buurten = set(buurten)
    if any(buurt.gemeente_id not in actor.gemeente_ids for buurt in buurten):
        raise PermissionDenied(_("U kunt een organisatie alleen aan buurten van uw eigen gemeente(n) koppelen."))
    return buurten


def _namen(buurten: Iterable[Buurt]) -> str:
    return ", ".join(sorted(buurt.naam for buurt in buurten)) or "–"


def _log_organisatie(actor: User, organisatie: Organisatie, gemeente_ids: set[int], actie: str, **kwargs: Any) -> None:
    """One line on the timeline of each of the actor's gemeenten the change concerns."""
    for gemeente_id in sorted(gemeente_ids & set(actor.gemeente_ids)):
        log_event(actor, organisatie, actie, gemeente=Organisatie(pk=gemeente_id), **kwargs)


def _check_velden(velden: dict[str, Any]) -> None:
    onbekend = set(velden) - set(ORGANISATIE_VELDEN)
    if onbekend:
        raise TypeError(f"Unknown fields: {sorted(onbekend)}")
    if "soort" in velden and velden["soort"] not in PARTNER_SOORTEN:
        raise ValidationError({"soort": _("Kies het soort partnerorganisatie; gemeenten worden hier niet beheerd.")})


def maak_organisatie(actor: User, *, buurten: Iterable[Buurt], reden: str, **velden: Any) -> Organisatie:
    """A new partner organisation, working in at least one buurt of the actor's gemeenten."""
    access.require(actor, "buurtplan.beheer_organisaties", None, _("Alleen applicatiebeheer beheert organisaties."))
    reden = _reden(reden)
    _check_velden(velden)
    buurten = _eigen_buurten(actor, buurten)
    if not buurten:
        raise ValidationError({"buurten": _("Kies ten minste één buurt waarin de organisatie werkt.")})
    with transaction.atomic():
        organisatie = Organisatie(**velden)
        organisatie.full_clean()
        organisatie.save()
        organisatie.werkbuurten.set(buurten)
        _log_organisatie(
            actor,
            organisatie,
            {buurt.gemeente_id for buurt in buurten},
            _("organisatie aangemaakt"),
            naar=_namen(buurten),
            reden=reden,
        )
    return organisatie


def wijzig_organisatie(
    actor: User, organisatie: Organisatie, *, buurten: Iterable[Buurt] | None = None, reden: str, **velden: Any
) -> Organisatie:
    """Change the details of an organisation (only one that works in the actor's gemeenten alone) and
    its links to the actor's buurten (links to other gemeenten's buurten stay). Each changed field is
    one timeline line with before and after."""
    access.require(actor, "buurtplan.koppel_organisatie", organisatie, _("U beheert deze organisatie niet."))
    reden = _reden(reden)
    _check_velden(velden)
    with transaction.atomic():
        organisatie = Organisatie.objects.select_for_update().get(pk=organisatie.pk)
        wijzigingen = [
            (veld, getattr(organisatie, veld), waarde)
            for veld, waarde in velden.items()
            if getattr(organisatie, veld) != waarde
        ]
        if wijzigingen:
            access.require(
                actor,
                "buurtplan.change_organisatie",
                organisatie,
                _(
                    "Deze organisatie werkt ook in een andere gemeente; alleen de koppeling met uw buurten kunt u wijzigen."
                ),
            )
        alle = set(organisatie.werkbuurten.all())
        oud = {buurt for buurt in alle if buurt.gemeente_id in actor.gemeente_ids}
        nieuw = oud if buurten is None else _eigen_buurten(actor, buurten)
        if not (alle - oud) | nieuw:
            raise ValidationError(
                {
                    "buurten": _(
                        "Een organisatie werkt in ten minste één buurt; deactiveer haar als zij nergens meer werkt."
                    )
                }
            )
        alliantie = [buurt.naam for buurt in oud - nieuw if buurt.alliantiepartners.filter(pk=organisatie.pk).exists()]
        if alliantie:
            raise ValidationError(
                {
                    "buurten": _(
                        "%(org)s is alliantiepartner van %(buurten)s; beleid wijzigt eerst de alliantie van die buurt."
                    )
                    % {"org": organisatie.naam, "buurten": ", ".join(sorted(alliantie))}
                }
            )
        if not wijzigingen and nieuw == oud:
            raise ValidationError(_("Er is niets gewijzigd."))
        gemeente_ids = {buurt.gemeente_id for buurt in oud | nieuw}
        for veld, _van, naar in wijzigingen:
            setattr(organisatie, veld, naar)
        organisatie.full_clean()
        organisatie.save()
        for veld, van, naar in wijzigingen:
            label = ORGANISATIE_LABELS[veld]
            _log_organisatie(
                actor,
                organisatie,
                gemeente_ids,
                _("%(veld)s gewijzigd") % {"veld": label},
                van=van or "–",
                naar=naar or "–",
                reden=reden,
            )
        if nieuw != oud:
            organisatie.werkbuurten.remove(*(oud - nieuw))
            organisatie.werkbuurten.add(*(nieuw - oud))
            _log_organisatie(
                actor,
                organisatie,
                gemeente_ids,
                _("buurten gewijzigd"),
                van=_namen(oud),
                naar=_namen(nieuw),
                reden=reden,
            )
    return organisatie


def zet_organisatie_actief(actor: User, organisatie: Organisatie, *, actief: bool, reden: str) -> Organisatie:
    """Deactivate (never delete: declarations, budget lines and the ledger keep naming it) or reactivate."""
    access.require(actor, "buurtplan.change_organisatie", organisatie, _("U mag deze organisatie niet (de)activeren."))
    reden = _reden(reden)
    with transaction.atomic():
        organisatie = Organisatie.objects.select_for_update().get(pk=organisatie.pk)
        if organisatie.actief == actief:
            raise ValidationError(_("Er is niets gewijzigd."))
        organisatie.actief = actief
        organisatie.save(update_fields=["actief"])
        _log_organisatie(
            actor,
            organisatie,
            set(organisatie.werkbuurten.values_list("gemeente_id", flat=True)),
            _("organisatie geactiveerd") if actief else _("organisatie gedeactiveerd"),
            van=_("inactief") if actief else _("actief"),
            naar=_("actief") if actief else _("inactief"),
            reden=reden,
        )
    return organisatie
