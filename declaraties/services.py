"""Every state change of a declaration: permission-checked, transactional, locked, logged, notified.

Statuses change only through `core.workflow.transition` on the status machine declared on
`Declaratie` (sources, permissions, conditions); the timeline and the notifications
(`notifications.py`) follow from it. What spans rows stays here: budget, ceiling, four eyes,
numbering and the ledger postings, all in the same transaction as the transition.

Locking order everywhere (no deadlocks): the first version of the budget line → the Toekenning
(partner, buurt, year) → the Declaratie. Two finance officers approving at the same moment are
thus serialised per budget line, so the budget and the ceiling can never be overspent.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buurtplan.models import Begrotingsregel, Buurt, Buurtbegroting
from buurtplan.queries import spuk_regels
from core import workflow
from core.access import require
from core.documents import validate_upload
from core.models import Organisatie, User
from core.money import format_bedrag
from core.services import log_event
from grootboek.api import Journaalpost, Regel, Rol, boek, standaard_rekening, tegenboek, tegenboeking_van
from spuk import api as spuk_api
from spuk.models import Beschikking
from spuk.queries import beschikking_voor_buurt

from . import notifications, queries
from .models import (
    Beoordeling,
    Bericht,
    Betaling,
    Bijlage,
    Declaratie,
    DeclaratieInstelling,
    InstellingWijziging,
    Nummerteller,
    Toekenning,
)

S = Declaratie.Status


class DeclaratieGeweigerd(ValidationError):
    """A business rule refuses the action; the Dutch message says why and what to do."""


# ---------------------------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------------------------

GEEN_BIJLAGE = gettext_lazy("Voeg een factuur of bewijsstuk toe (PDF, PNG of JPEG).")


def voeg_bijlage_toe(actor: User, declaratie: Declaratie, upload: Any) -> Bijlage:
    require(
        actor,
        "declaraties.change_declaratie",
        declaratie,
        _("U kunt alleen bijlagen toevoegen aan een eigen declaratie die nog niet in behandeling is."),
    )
    content_type = validate_upload(upload, missing=GEEN_BIJLAGE)
    with transaction.atomic():
        bijlage = Bijlage(declaratie=declaratie)
        bijlage.attach(upload, content_type, actor)
        bijlage.save()
        log_event(actor, declaratie, _("bijlage toegevoegd"), reden=bijlage.naam)
    return bijlage


def verwijder_bijlage(actor: User, bijlage: Bijlage) -> None:
    declaratie = bijlage.declaratie
    require(
        actor,
        "declaraties.change_declaratie",
        declaratie,
        _("Bijlagen van een declaratie in behandeling kunnen niet meer worden verwijderd."),
    )
    with transaction.atomic():
        naam, bestand = bijlage.naam, bijlage.bestand
        pad = bestand.name
        assert pad is not None  # a stored Bijlage has its file (required field)
        bijlage.delete()
        log_event(actor, declaratie, _("bijlage verwijderd"), reden=naam)
        transaction.on_commit(lambda: bestand.storage.delete(pad))


# ---------------------------------------------------------------------------------------------
# Review comfort: the conversation with the partner, "in behandeling bij"
# ---------------------------------------------------------------------------------------------

BERICHT_MAX = 5000


def plaats_bericht(actor: User, declaratie: Declaratie, tekst: str) -> Bericht:
    """A message from finance to the partner or back, on the declaration's thread and timeline;
    the other side is notified (in-app and e-mail)."""
    require(
        actor,
        "declaraties.plaats_bericht",
        declaratie,
        _("U kunt alleen berichten plaatsen bij een ingediende declaratie van uw eigen organisatie of gemeente."),
    )
    tekst = (tekst or "").strip()
    if not tekst:
        raise DeclaratieGeweigerd({"tekst": _("Schrijf een bericht.")})
    if len(tekst) > BERICHT_MAX:
        raise DeclaratieGeweigerd(
            {
                "tekst": _("Een bericht is hoogstens %(n)s tekens; dit zijn er %(m)s.")
                % {"n": BERICHT_MAX, "m": len(tekst)}
            }
        )
    with transaction.atomic():
        # Who holds the declaration now decides who hears of a partner's message: read it fresh.
        declaratie = Declaratie.objects.select_related("in_behandeling_bij", "partner").get(pk=declaratie.pk)
        bericht = Bericht.objects.create(
            declaratie=declaratie,
            auteur=actor,
            van_partner=actor.has_perm("declaraties.view_als_partner", declaratie),
            tekst=tekst,
        )
        log_event(actor, declaratie, _("bericht geplaatst"), reden=tekst[:300])
        notifications.meld_bericht(bericht)
    return bericht


def pak_op(actor: User, declaratie: Declaratie) -> Declaratie:
    """ "Ik pak dit op": the declaration is in behandeling bij the actor (taking it over if need be)."""
    require(
        actor, "declaraties.pak_op", declaratie, _("U kunt alleen een declaratie die wacht op beoordeling oppakken.")
    )
    with transaction.atomic():
        d = Declaratie.objects.select_for_update().get(pk=declaratie.pk)
        vorige = d.in_behandeling_bij
        if vorige is not None and vorige.pk == actor.pk:
            return d
        d.in_behandeling_bij = actor
        d.save(update_fields=["in_behandeling_bij"])
        declaratie.in_behandeling_bij = actor
        reden = _("overgenomen van %(wie)s") % {"wie": vorige} if vorige is not None else ""
        log_event(actor, d, _("in behandeling genomen"), reden=reden)
    return d


def geef_vrij(actor: User, declaratie: Declaratie) -> Declaratie:
    """Release a declaration the actor took on, so a colleague can pick it up."""
    require(actor, "declaraties.geef_vrij", declaratie, _("U heeft deze declaratie niet in behandeling."))
    with transaction.atomic():
        d = Declaratie.objects.select_for_update().get(pk=declaratie.pk)
        if d.in_behandeling_bij_id != actor.pk:
            raise DeclaratieGeweigerd(_("U heeft deze declaratie niet (meer) in behandeling."))
        d.in_behandeling_bij = None
        d.save(update_fields=["in_behandeling_bij"])
        declaratie.in_behandeling_bij = None
        log_event(actor, d, _("vrijgegeven"))
    return d


# ---------------------------------------------------------------------------------------------
# Partner: concept and submission
# ---------------------------------------------------------------------------------------------

CONCEPT_VELDEN = {
    "begrotingsregel",
    "periode_van",
    "periode_tot",
    "bedrag",
    "uren",
    "omschrijving",
    "factuurnummer",
    "niet_elders_gefinancierd",
}


def _check_regel(actor: User, regel: Begrotingsregel | None, *, bij_indienen: bool = False) -> None:
    if regel is None:
        raise ValidationError({"begrotingsregel": _("Kies de activiteit en het jaar waarvoor u declareert.")})
    if regel.ontvangende_partner_id != actor.organisatie_id:
        raise PermissionDenied(_("Op deze begrotingsregel mag uw organisatie niet declareren."))
    if regel.financiering != Begrotingsregel.Financiering.SPUK or regel.domein != Begrotingsregel.Domein.SOCIAAL_DOMEIN:
        raise ValidationError(
            {"begrotingsregel": _("Alleen SPUK-regels van het sociaal domein kunnen worden gedeclareerd.")}
        )
    buurt = regel.begroting.buurtplan.buurt
    if not spuk_regels(buurt).filter(pk=regel.pk).exists():
        raise ValidationError(
            {
                "begrotingsregel": _(
                    "Deze begrotingsregel hoort niet (meer) bij de geldende begroting van %(buurt)s. "
                    "Kies een regel uit de huidige begroting."
                )
                % {"buurt": buurt}
            }
        )
    if bij_indienen and regel.begroting.status != Buurtbegroting.Status.GOEDGEKEURD:
        raise ValidationError(
            {
                "begrotingsregel": _(
                    "De begroting van %(buurt)s is nog niet goedgekeurd. U kunt de declaratie als concept "
                    "bewaren en indienen zodra de begroting is goedgekeurd."
                )
                % {"buurt": buurt}
            }
        )


def _check_dubbele_factuur(declaratie: Declaratie) -> None:
    """One invoice number per partner: the same number again is refused, also with another amount
    (a rejected or credited declaration frees its number)."""
    if not declaratie.factuurnummer:
        return
    dubbel = queries.zelfde_factuur(declaratie)
    if dubbel is None:
        return
    if declaratie.bedrag is not None and dubbel.bedrag == declaratie.bedrag:
        bericht = _(
            "Factuur %(f)s van %(b)s is al gedeclareerd (%(d)s). Dezelfde factuur kan maar één keer worden gedeclareerd."
        ) % {"f": declaratie.factuurnummer, "b": format_bedrag(declaratie.bedrag), "d": dubbel}
    else:
        bericht = _(
            "Factuurnummer %(f)s is al gebruikt voor declaratie %(d)s van %(b)s. Een factuurnummer kan maar één keer "
            "worden gedeclareerd, ook met een ander bedrag. Is het bedrag van die declaratie onjuist, vraag Financiën "
            "dan om een storno (creditnota) en declareer daarna opnieuw."
        ) % {"f": declaratie.factuurnummer, "d": dubbel, "b": format_bedrag(dubbel.bedrag)}
    raise ValidationError({"factuurnummer": bericht})


def bewaar_concept(actor: User, declaratie: Declaratie | None = None, **velden: Any) -> Declaratie:
    """Create or update the partner's declaration while it is a concept or a change was asked.

    Only the given fields change; nothing is required yet except the budget line (the statement,
    amount and attachments are checked when submitting). Returns the declaration.
    """
    onbekend = set(velden) - CONCEPT_VELDEN
    if onbekend:
        raise TypeError(f"Unknown fields: {sorted(onbekend)}")
    require(
        actor,
        "declaraties.view_portaal",
        None,
        _("Alleen medewerkers van een partnerorganisatie dienen declaraties in."),
    )
    with transaction.atomic():
        if declaratie is None:
            declaratie = Declaratie(partner_id=actor.organisatie_id, aangemaakt_door=actor)  # type: ignore[misc]  # None is refused by _check_regel below
            nieuw = True
        else:
            declaratie = Declaratie.objects.select_for_update().get(pk=declaratie.pk)
            require(
                actor,
                "declaraties.change_declaratie",
                declaratie,
                _("Deze declaratie is in behandeling en kan niet meer worden gewijzigd."),
            )
            nieuw = False
        regel = velden.pop("begrotingsregel", None) or (declaratie.begrotingsregel if not nieuw else None)
        _check_regel(actor, regel)
        assert regel is not None  # _check_regel refuses None
        buurt = regel.begroting.buurtplan.buurt
        if declaratie.nummer and declaratie.gemeente_id != buurt.gemeente_id:
            raise ValidationError(
                {
                    "begrotingsregel": _(
                        "Kies een regel van een buurt in dezelfde gemeente als de oorspronkelijke declaratie."
                    )
                }
            )
        declaratie.begrotingsregel = regel
        declaratie.buurt = buurt
        declaratie.gemeente_id = buurt.gemeente_id
        declaratie.bestedingsjaar = regel.jaar
        declaratie.regel_oorsprong_id = queries.regel_oorsprong_id(regel)
        if velden.get("bedrag") is not None and Decimal(str(velden["bedrag"])) <= 0:
            raise ValidationError({"bedrag": _("Vul het bedrag in dat u declareert (groter dan nul).")})
        for key, value in velden.items():
            if key in ("omschrijving", "factuurnummer"):
                value = (value or "").strip()
            elif key == "niet_elders_gefinancierd":
                value = bool(value)
            setattr(declaratie, key, value)
        _check_dubbele_factuur(declaratie)
        try:
            with transaction.atomic():
                declaratie.save()
        except IntegrityError as exc:
            _check_dubbele_factuur(declaratie)
            raise ValidationError(_("De declaratie kon niet worden bewaard. Controleer de gegevens.")) from exc
        if nieuw:
            log_event(actor, declaratie, _("concept aangemaakt"))
    return declaratie


def _volgend_nummer(gemeente_id: int, jaar: int) -> str:
    locked = Nummerteller.objects.select_for_update()
    teller = locked.filter(gemeente_id=gemeente_id, jaar=jaar).first()
    if teller is None:
        try:
            with transaction.atomic():
                teller = Nummerteller.objects.create(gemeente_id=gemeente_id, jaar=jaar)
        except IntegrityError:
            teller = locked.get(gemeente_id=gemeente_id, jaar=jaar)
    teller.laatste += 1
    teller.save(update_fields=["laatste"])
    return f"D{jaar}-{teller.laatste:04d}"


def _vergrendel_budget(oorsprong_id: int, partner_id: int | None, buurt_id: int, jaar: int) -> Toekenning | None:
    """Lock the budget line (first version) and the Toekenning, in that order; return the latter."""
    Begrotingsregel.objects.select_for_update().filter(pk=oorsprong_id).order_by().first()
    return (
        Toekenning.objects.select_for_update()
        .filter(partner_id=partner_id, buurt_id=buurt_id, jaar=jaar)
        .order_by()
        .first()
    )


def _vergrendel(declaratie: Declaratie) -> tuple[Declaratie, Toekenning | None]:
    """Lock the budget line (first version), the Toekenning and the declaration; return the fresh,
    locked declaration and its Toekenning (or None)."""
    basis = Declaratie.objects.values("regel_oorsprong_id", "partner_id", "buurt_id", "bestedingsjaar").get(
        pk=declaratie.pk
    )
    toekenning = _vergrendel_budget(
        basis["regel_oorsprong_id"], basis["partner_id"], basis["buurt_id"], basis["bestedingsjaar"]
    )
    locked = Declaratie.objects.select_for_update().get(pk=declaratie.pk)
    if locked.regel_oorsprong_id != basis["regel_oorsprong_id"] or locked.bestedingsjaar != basis["bestedingsjaar"]:
        raise DeclaratieGeweigerd(_("De declaratie is net gewijzigd. Laad de pagina opnieuw en probeer het nog eens."))
    return locked, toekenning


def _check_budget(
    declaratie: Declaratie, toekenning: Toekenning | None, statussen: Iterable[str], veld: str = "bedrag"
) -> None:
    assert declaratie.bedrag is not None  # checked by _volledigheid when submitted
    regel = declaratie.begrotingsregel
    resterend = queries.resterend_op_regel(
        regel, statussen, exclude_pk=declaratie.pk, oorsprong_id=declaratie.regel_oorsprong_id
    )
    if declaratie.bedrag > resterend:
        raise DeclaratieGeweigerd(
            {
                veld: _(
                    "Het bedrag %(bedrag)s is hoger dan het resterende SPUK-budget van deze begrotingsregel: nog %(rest)s "
                    "beschikbaar. Declareer hoogstens %(rest)s of kies een andere regel."
                )
                % {"bedrag": format_bedrag(declaratie.bedrag), "rest": format_bedrag(max(resterend, 0))}
            }
        )
    if toekenning is not None:
        rest = queries.resterend_plafond(toekenning, statussen, exclude_pk=declaratie.pk)
        if declaratie.bedrag > rest:
            raise DeclaratieGeweigerd(
                {
                    veld: _(
                        "Het bedrag %(bedrag)s gaat boven het plafond van de toekenning voor %(buurt)s in %(jaar)s: nog "
                        "%(rest)s beschikbaar. Declareer hoogstens %(rest)s."
                    )
                    % {
                        "bedrag": format_bedrag(declaratie.bedrag),
                        "buurt": declaratie.buurt,
                        "jaar": toekenning.jaar,
                        "rest": format_bedrag(max(rest, 0)),
                    }
                }
            )


def _volledigheid(declaratie: Declaratie) -> None:
    errors = {}
    if declaratie.bedrag is None or declaratie.bedrag <= 0:
        errors["bedrag"] = _("Vul het bedrag in dat u declareert (groter dan nul).")
    if declaratie.periode_van is None:
        errors["periode_van"] = _("Vul de eerste dag van de periode in.")
    if declaratie.periode_tot is None:
        errors["periode_tot"] = _("Vul de laatste dag van de periode in.")
    if declaratie.periode_van and declaratie.periode_tot:
        if declaratie.periode_tot < declaratie.periode_van:
            errors["periode_tot"] = _("De periode eindigt vóór zij begint. Controleer de data.")
        elif not (declaratie.periode_van.year == declaratie.periode_tot.year == declaratie.bestedingsjaar):
            errors["periode_van"] = _(
                "De periode moet in %(jaar)s liggen, het jaar van de begrotingsregel. Kosten van een ander jaar "
                "declareert u op de regel van dat jaar."
            ) % {"jaar": declaratie.bestedingsjaar}
    if not declaratie.omschrijving:
        errors["omschrijving"] = _("Beschrijf kort welke kosten u declareert.")
    if not declaratie.factuurnummer:
        errors["factuurnummer"] = _("Vul het nummer van uw factuur in.")
    if not declaratie.niet_elders_gefinancierd:
        errors["niet_elders_gefinancierd"] = _(
            "Verklaar dat deze kosten niet uit andere middelen worden betaald; zonder die verklaring kunt u niet indienen."
        )
    if not declaratie.bijlagen.exists():
        errors["bijlagen"] = _("Voeg minstens één factuur of bewijsstuk toe (PDF, PNG of JPEG).")
    if errors:
        raise DeclaratieGeweigerd(errors)


def dien_in(actor: User, declaratie: Declaratie, *, datum: datetime.date | None = None) -> Declaratie:
    """Submit (or re-submit after a change was asked). Checks completeness, the statement, the
    duplicate invoice, the remaining budget of the line and the partner's ceiling; numbers the
    declaration on its first submission (D<jaar>-0001 per gemeente). `datum` only for backfill."""
    with transaction.atomic():
        d, toekenning = _vergrendel(declaratie)
        naam = "indienen" if d.status == S.CONCEPT else "opnieuw_indienen"
        # Who and from which status first, so an outsider learns nothing about budgets or fields.
        workflow.check(actor, d, naam)
        _check_regel(actor, d.begrotingsregel, bij_indienen=True)
        _volledigheid(d)
        _check_dubbele_factuur(d)
        _check_budget(d, toekenning, Declaratie.RESERVERENDE_STATUSSEN)
        moment = (
            timezone.now()
            if datum is None
            else timezone.make_aware(datetime.datetime.combine(datum, datetime.time(12)))
        )
        if not d.nummer:
            d.nummer = _volgend_nummer(d.gemeente_id, timezone.localtime(moment).year)
        d.reden = ""
        d = workflow.transition(
            actor, d, naam, locked=True, ronde=d.ronde + 1, ingediend_door=actor, ingediend_op=moment
        )
    return d


@dataclass
class Invoer:
    """What `bewaar_en_dien_in` did: the declaration as saved (None if nothing could be saved),
    whether it was submitted, and the Dutch errors that kept it a concept (per field, "" = general)."""

    declaratie: Declaratie | None
    ingediend: bool = False
    fouten: dict[str, list[str]] = field(default_factory=dict)

    def add(self, veld: str, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                self.fouten.setdefault(key, []).extend(messages)
        else:
            self.fouten.setdefault(veld, []).extend(error.messages)


def bewaar_en_dien_in(
    actor: User,
    declaratie: Declaratie | None,
    velden: dict[str, Any],
    uploads: Iterable[Any] = (),
    *,
    indienen: bool = False,
    controleer: bool = False,
) -> Invoer:
    """The partner's form in one transaction: keep what is valid in the concept, add the uploads,
    and submit when asked. Typed input is never lost: a refused submission (or a refused upload)
    leaves the concept and its attachments saved, with the reasons in `Invoer.fouten`.

    Pass `indienen=False` when the form itself already has errors: then nothing is submitted; with
    `controleer=True` the submission's completeness checks still run (nothing is submitted) so the
    partner sees every missing item at once, not one error per attempt.
    """
    invoer = Invoer(declaratie)
    with transaction.atomic():
        if indienen:
            # Budget line and Toekenning before the declaration (the locking order), because the
            # concept is saved first and submitted in the same transaction.
            regel = velden.get("begrotingsregel") or (declaratie.begrotingsregel if declaratie is not None else None)
            if regel is not None:
                partner_id = declaratie.partner_id if declaratie is not None else actor.organisatie_id
                _vergrendel_budget(
                    queries.regel_oorsprong_id(regel), partner_id, regel.begroting.buurtplan.buurt_id, regel.jaar
                )
        if declaratie is not None or velden.get("begrotingsregel") is not None:
            try:
                invoer.declaratie = bewaar_concept(actor, declaratie, **velden)
            except ValidationError as exc:
                invoer.add("", exc)
        if invoer.declaratie is None:
            return invoer
        for upload in uploads:
            try:
                voeg_bijlage_toe(actor, invoer.declaratie, upload)
            except ValidationError as exc:
                invoer.add("bijlagen", exc)
        if indienen and not invoer.fouten:
            try:
                with transaction.atomic():
                    invoer.declaratie = dien_in(actor, invoer.declaratie)
                invoer.ingediend = True
            except ValidationError as exc:
                invoer.add("", exc)
        elif (indienen or controleer) and invoer.declaratie is not None:
            try:
                _volledigheid(invoer.declaratie)
            except ValidationError as exc:
                invoer.add("", exc)
    return invoer


# ---------------------------------------------------------------------------------------------
# Finance: review, approval (four-eyes), booking, rejection
# ---------------------------------------------------------------------------------------------


def _check_niet_eigen(actor: User, d: Declaratie) -> None:
    if actor.pk in (d.ingediend_door_id, d.aangemaakt_door_id):
        raise PermissionDenied(
            _(
                "U heeft declaratie %(nr)s zelf aangemaakt of ingediend. Een andere medewerker van Financiën moet haar beoordelen."
            )
            % {"nr": d.nummer}
        )


def _check_vier_ogen(actor: User, d: Declaratie, eerdere: list[Beoordeling]) -> None:
    _check_niet_eigen(actor, d)
    if any(b.beoordelaar_id == actor.pk for b in eerdere):
        raise PermissionDenied(
            _(
                "U heeft declaratie %(nr)s al goedgekeurd. De tweede goedkeuring moet van een andere medewerker van "
                "Financiën komen (vier ogen)."
            )
            % {"nr": d.nummer}
        )


def _beschikking(d: Declaratie) -> Beschikking:
    beschikking = beschikking_voor_buurt(d.buurt)
    if beschikking is not None:
        # By period, still verleend, within the granted amount (spuk's guards).
        return spuk_api.beschikking_voor_lasten(d.buurt, d.bestedingsjaar, d.bedrag)
    if beschikking is None:
        raise DeclaratieGeweigerd(
            _(
                "Voor %(buurt)s is nog geen SPUK-beschikking vastgelegd, dus er is geen rekening om op te boeken. Leg eerst de "
                "beschikking vast (SPUK → aanvraag → beschikking) en keur de declaratie daarna goed."
            )
            % {"buurt": d.buurt}
        )
    return beschikking


def _boek(actor: User, d: Declaratie, beschikking: Beschikking, boekdatum: datetime.date) -> Journaalpost:
    assert d.bedrag is not None  # checked by _volledigheid when submitted
    gemeente = beschikking.gemeente
    lasten = standaard_rekening(gemeente, Rol.LASTEN, beschikking.nummer)
    crediteuren = standaard_rekening(gemeente, Rol.CREDITEUREN)
    omschrijving = _("Declaratie %(nr)s %(p)s") % {"nr": d.nummer, "p": d.partner}
    return boek(
        actor,
        gemeente=gemeente,
        boekdatum=boekdatum,
        omschrijving=omschrijving,
        regels=[
            Regel(
                lasten,
                debet=d.bedrag,
                relatie=d.partner,
                bestedingsjaar=d.bestedingsjaar,
                omschrijving=omschrijving,
                activiteit=d.begrotingsregel.activiteit_id,
            ),
            Regel(
                crediteuren,
                credit=d.bedrag,
                relatie=d.partner,
                bestedingsjaar=d.bestedingsjaar,
                omschrijving=omschrijving,
            ),
        ],
        bron=d,
        bron_referentie=d.nummer,
        bestedingsjaar=d.bestedingsjaar,
    )


def keur_goed(
    actor: User, declaratie: Declaratie, *, boekdatum: datetime.date | None = None, toelichting: str = ""
) -> Declaratie:
    """Approve. Below the gemeente's threshold one approval suffices; at or above it a second,
    different finance officer must approve too. The final approval books debit Lasten SPUK /
    credit Crediteuren on the beschikking of the buurt in the same transaction (→ geboekt).
    `boekdatum` defaults to today (only backfills pass another date)."""
    with transaction.atomic():
        d, toekenning = _vergrendel(declaratie)
        eerdere = list(queries.goedkeuringen_in_ronde(d))
        definitief = len(eerdere) + 1 >= d.benodigde_goedkeuringen()
        naam = "boeken" if definitief else "eerste_goedkeuring"
        # Role and status first: only then do the four-eyes messages make sense.
        workflow.check(actor, d, naam)
        _check_vier_ogen(actor, d, eerdere)
        beschikking = _beschikking(d)
        _check_budget(d, toekenning, Declaratie.GOEDGEKEURDE_STATUSSEN)
        Beoordeling.objects.create(
            declaratie=d,
            beoordelaar=actor,
            besluit=Beoordeling.Besluit.GOEDGEKEURD,
            ronde=d.ronde,
            toelichting=toelichting,
        )
        if definitief:
            post = _boek(actor, d, beschikking, spuk_api.boekdatum_lasten(beschikking, d.bestedingsjaar, boekdatum))
            d = workflow.transition(
                actor,
                d,
                "boeken",
                locked=True,
                reden=_("Geboekt als journaalpost %(nr)s") % {"nr": post.stuknummer},
                journaalpost=post,
                geboekt_op_beschikking=beschikking.nummer,
                goedgekeurd_op=timezone.now(),
            )
        else:
            reden = _("Eerste goedkeuring; vanaf %(drempel)s is een tweede goedkeuring nodig.") % {
                "drempel": format_bedrag(d.drempel())
            }
            if d.is_gesplitst_boven_drempel():
                reden = _(
                    "Eerste goedkeuring; samen met %(nrs)s (zelfde partner, activiteit en kwartaal) is de claim "
                    "%(som)s, vanaf %(drempel)s is een tweede goedkeuring nodig."
                ) % {
                    "nrs": ", ".join(x.nummer for x in d.samenhangende_declaraties()),
                    "som": format_bedrag(d.samenhangend_bedrag()),
                    "drempel": format_bedrag(d.drempel()),
                }
            d = workflow.transition(actor, d, "eerste_goedkeuring", locked=True, reden=reden)
    return d


def _reden_verplicht(reden: str, wat: str) -> str:
    reden = (reden or "").strip()
    if not reden:
        raise DeclaratieGeweigerd({"reden": _("Geef de reden op waarom u %(wat)s.") % {"wat": wat}})
    return reden


def _beoordeel_met_reden(actor: User, declaratie: Declaratie, naam: str, besluit: str, reden: str) -> Declaratie:
    with transaction.atomic():
        d, _toekenning = _vergrendel(declaratie)
        workflow.check(actor, d, naam)
        _check_niet_eigen(actor, d)
        Beoordeling.objects.create(declaratie=d, beoordelaar=actor, besluit=besluit, ronde=d.ronde, toelichting=reden)
        d.reden = reden
        d = workflow.transition(actor, d, naam, locked=True, reden=reden)
    return d


def vraag_wijziging(actor: User, declaratie: Declaratie, reden: str) -> Declaratie:
    """Send the declaration back to the partner with the reason; approvals of this round lapse."""
    reden = _reden_verplicht(reden, _("een aanpassing vraagt"))
    return _beoordeel_met_reden(actor, declaratie, "wijziging_vragen", Beoordeling.Besluit.WIJZIGING_GEVRAAGD, reden)


def wijs_af(actor: User, declaratie: Declaratie, reden: str) -> Declaratie:
    """Reject with a required reason. The invoice may then be declared again (corrected)."""
    reden = _reden_verplicht(reden, _("de declaratie afwijst"))
    return _beoordeel_met_reden(actor, declaratie, "afwijzen", Beoordeling.Besluit.AFGEWEZEN, reden)


Resultaat = tuple[Declaratie, bool, str]


def _batch(
    actor: User, declaraties: Iterable[Declaratie], functie: Callable[..., Declaratie], **kwargs: Any
) -> list[Resultaat]:
    """Call `functie` for each declaration in its own transaction; [(declaratie, ok, bericht)]."""
    resultaten = []
    for declaratie in declaraties:
        try:
            d = functie(actor, declaratie, **kwargs)
            resultaten.append((d, True, _("%(nr)s: %(status)s") % {"nr": d.nummer, "status": d.get_status_display()}))
        except (PermissionDenied, ValidationError) as exc:
            if isinstance(exc, ValidationError):
                bericht = " ".join(str(m) for m in exc.messages)
            else:
                bericht = str(exc) or _("U mag dit niet doen.")
            resultaten.append((declaratie, False, f"{declaratie.nummer}: {bericht}"))
    return resultaten


def keur_goed_batch(actor: User, declaraties: Iterable[Declaratie]) -> list[Resultaat]:
    """Approve several declarations; each goes through `keur_goed` (same rules, own transaction)."""
    declaraties = list(declaraties)
    if not declaraties:
        raise DeclaratieGeweigerd(_("Selecteer eerst één of meer declaraties."))
    return _batch(actor, declaraties, keur_goed)


def wijs_af_batch(actor: User, declaraties: Iterable[Declaratie], reden: str) -> list[Resultaat]:
    return _batch(actor, declaraties, wijs_af, reden=reden)


# ---------------------------------------------------------------------------------------------
# Payments
# ---------------------------------------------------------------------------------------------


def _check_functiescheiding(actor: User, d: Declaratie) -> None:
    """Whoever approved a declaration (in the round that booked it) does not register its payment,
    unless the gemeente switched this off (DeclaratieInstelling.scheiding_goedkeuren_betalen)."""
    if not DeclaratieInstelling.scheiding_voor(d.gemeente_id):
        return
    if queries.goedkeuringen_in_ronde(d).filter(beoordelaar=actor).exists():
        raise DeclaratieGeweigerd(
            _(
                "U heeft declaratie %(nr)s goedgekeurd. Een andere medewerker van Financiën registreert haar betaling "
                "(functiescheiding)."
            )
            % {"nr": d.nummer}
        )


def registreer_betaling(
    actor: User, declaraties: Iterable[Declaratie], betaaldatum: datetime.date | None, referentie: str = ""
) -> list[Betaling]:
    """Register the payment of booked declarations: per booking gemeente one Betaling and one
    journal entry debit Crediteuren / credit Bank (a line pair per declaration, partner as
    relation). All or nothing. Returns the list of Betalingen."""
    ids = sorted({d.pk for d in declaraties})
    if not ids:
        raise DeclaratieGeweigerd(_("Kies minstens één declaratie om als betaald te registreren."))
    if betaaldatum is None:
        raise DeclaratieGeweigerd({"betaaldatum": _("Vul de betaaldatum in.")})
    referentie = (referentie or "").strip()
    with transaction.atomic():
        locked = list(
            Declaratie.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("journaalpost__gemeente", "partner")
            .order_by("pk")
        )
        if len(locked) != len(ids):
            raise PermissionDenied(_("Een van de gekozen declaraties bestaat niet of is niet van uw gemeente."))
        groepen: dict[Organisatie, list[Declaratie]] = {}
        for d in locked:
            try:
                workflow.check(actor, d, "betalen")
            except workflow.TransitionRefused as exc:
                if exc.code == "condition":
                    raise DeclaratieGeweigerd(
                        _("Declaratie %(nr)s: %(bericht)s") % {"nr": d.nummer, "bericht": " ".join(exc.messages)}
                    ) from exc
                raise DeclaratieGeweigerd(
                    _(
                        "Declaratie %(nr)s is ‘%(status)s’; alleen goedgekeurde en geboekte declaraties kunnen worden betaald."
                    )
                    % {"nr": d.nummer, "status": d.get_status_display()}
                ) from exc
            assert d.journaalpost is not None  # "betalen" starts from geboekt, which set it
            _check_functiescheiding(actor, d)
            geboekt_op = d.journaalpost.boekdatum
            if geboekt_op and betaaldatum < geboekt_op:
                raise DeclaratieGeweigerd(
                    {
                        "betaaldatum": _(
                            "De betaaldatum %(datum)s ligt vóór de boeking van declaratie %(nr)s op %(geboekt)s. "
                            "Een declaratie wordt betaald op of na de dag waarop zij is goedgekeurd en geboekt."
                        )
                        % {
                            "datum": betaaldatum.strftime("%d-%m-%Y"),
                            "nr": d.nummer,
                            "geboekt": geboekt_op.strftime("%d-%m-%Y"),
                        }
                    }
                )
            groepen.setdefault(d.journaalpost.gemeente, []).append(d)
        betalingen = []
        for gemeente, groep in groepen.items():
            # Booked declarations have an amount (checked by _volledigheid when submitted).
            totaal = sum((cast(Decimal, d.bedrag) for d in groep), start=cast(Decimal, groep[0].bedrag) * 0)
            betaling = Betaling.objects.create(
                gemeente=gemeente,
                betaaldatum=betaaldatum,
                referentie=referentie,
                totaal=totaal,
                geregistreerd_door=actor,
            )
            bank = standaard_rekening(gemeente, Rol.BANK)
            crediteuren = standaard_rekening(gemeente, Rol.CREDITEUREN)
            regels = []
            for d in groep:
                assert d.bedrag is not None  # booked, see above
                tekst = _("Betaling declaratie %(nr)s") % {"nr": d.nummer}
                regels.append(
                    Regel(
                        crediteuren,
                        debet=d.bedrag,
                        relatie=d.partner,
                        bestedingsjaar=d.bestedingsjaar,
                        omschrijving=tekst,
                    )
                )
                regels.append(
                    Regel(bank, credit=d.bedrag, relatie=d.partner, bestedingsjaar=d.bestedingsjaar, omschrijving=tekst)
                )
            omschrijving = _("Betaling declaraties %(nrs)s") % {"nrs": ", ".join(d.nummer for d in groep)}
            if referentie:
                omschrijving = f"{omschrijving} ({referentie})"
            post = boek(
                actor,
                gemeente=gemeente,
                boekdatum=betaaldatum,
                omschrijving=omschrijving[:300],
                regels=regels,
                bron=betaling,
                bron_referentie=referentie or str(betaling),
            )
            betaling.journaalpost = post
            betaling.save(update_fields=["journaalpost"])
            log_event(actor, betaling, _("betaling geregistreerd"), naar=post.stuknummer, gemeente=gemeente)
            for d in groep:
                workflow.transition(
                    actor,
                    d,
                    "betalen",
                    locked=True,
                    reden=_("Betaald op %(datum)s, journaalpost %(nr)s")
                    % {"datum": betaaldatum.strftime("%d-%m-%Y"), "nr": post.stuknummer},
                    betaling=betaling,
                )
            betalingen.append(betaling)
    return betalingen


# ---------------------------------------------------------------------------------------------
# Master data: ceilings and the four-eyes threshold
# ---------------------------------------------------------------------------------------------


def leg_toekenning_vast(
    actor: User,
    *,
    partner: Organisatie,
    buurt: Buurt,
    jaar: int,
    plafond: Decimal,
    besluit_kenmerk: str = "",
    besluit_datum: datetime.date | None = None,
    verantwoordingseisen: str = "",
    verantwoording_uiterlijk: datetime.date | None = None,
) -> Toekenning:
    """Create or update the ceiling of a partner in a buurt for a year. A ceiling below what is
    already declared (submitted or approved) is refused."""
    require(
        actor,
        "declaraties.beheer_toekenningen",
        buurt,
        _("Alleen Financiën of Beleid van de gemeente legt toekenningen vast."),
    )
    with transaction.atomic():
        toekenning = Toekenning.objects.select_for_update().filter(partner=partner, buurt=buurt, jaar=jaar).first()
        nieuw = toekenning is None
        if toekenning is None:
            toekenning = Toekenning(partner=partner, buurt=buurt, jaar=jaar, plafond=plafond)
        if plafond is None or plafond <= 0:
            raise DeclaratieGeweigerd(
                {"plafond": _("Vul een plafond in dat groter is dan € 0,00, bijvoorbeeld 15.000,00.")}
            )
        gebruikt = queries.gebruikt_onder_plafond(partner.pk, buurt.pk, jaar)
        if plafond < gebruikt:
            raise DeclaratieGeweigerd(
                {
                    "plafond": _("Er is al %(g)s gedeclareerd; het plafond kan niet lager zijn dan dat.")
                    % {"g": format_bedrag(gebruikt)}
                }
            )
        oud = None if nieuw else toekenning.plafond
        toekenning.plafond = plafond
        toekenning.besluit_kenmerk = besluit_kenmerk
        toekenning.besluit_datum = besluit_datum
        toekenning.verantwoordingseisen = verantwoordingseisen
        toekenning.verantwoording_uiterlijk = verantwoording_uiterlijk
        toekenning.save()
        log_event(
            actor,
            toekenning,
            _("toekenning vastgelegd") if nieuw else _("toekenning gewijzigd"),
            van=format_bedrag(oud) if oud is not None else "",
            naar=format_bedrag(plafond),
            gemeente=buurt.gemeente,
        )
    return toekenning


def stel_instelling_voor(
    actor: User,
    gemeente: Organisatie,
    *,
    drempel: Decimal | None,
    scheiding_goedkeuren_betalen: bool = True,
    toelichting: str = "",
) -> InstellingWijziging:
    """Propose new declaration settings for a gemeente (four-eyes threshold, segregation of approval
    and payment). Nothing changes until a different finance officer confirms (`bevestig_instelling`)."""
    require(actor, "declaraties.stel_drempel_in", gemeente, _("Alleen Financiën van de gemeente stelt de drempel in."))
    if drempel is None or drempel < 0:
        raise DeclaratieGeweigerd({"drempel": _("Vul een drempel in van nul euro of meer.")})
    toelichting = _reden_verplicht(toelichting, _("de instellingen wilt wijzigen"))
    with transaction.atomic():
        Organisatie.objects.select_for_update().filter(pk=gemeente.pk).first()
        open_voorstel = InstellingWijziging.objects.filter(
            gemeente=gemeente, status=InstellingWijziging.Status.VOORGESTELD
        ).first()
        if open_voorstel is not None:
            raise DeclaratieGeweigerd(
                _(
                    "Er ligt al een voorstel van %(door)s (drempel %(drempel)s) dat op bevestiging wacht. Laat het eerst "
                    "bevestigen of afwijzen."
                )
                % {"door": open_voorstel.voorgesteld_door, "drempel": format_bedrag(open_voorstel.vier_ogen_drempel)}
            )
        instelling = DeclaratieInstelling.objects.filter(gemeente=gemeente).first()
        oud_drempel = instelling.vier_ogen_drempel if instelling else DeclaratieInstelling.drempel_voor(gemeente.pk)
        oud_scheiding = instelling.scheiding_goedkeuren_betalen if instelling else True
        if drempel == oud_drempel and bool(scheiding_goedkeuren_betalen) == oud_scheiding:
            raise DeclaratieGeweigerd({"drempel": _("Dit zijn de huidige instellingen; er is niets te wijzigen.")})
        wijziging = InstellingWijziging.objects.create(
            gemeente=gemeente,
            vier_ogen_drempel=drempel,
            scheiding_goedkeuren_betalen=bool(scheiding_goedkeuren_betalen),
            oude_drempel=oud_drempel,
            oude_scheiding=oud_scheiding,
            toelichting=toelichting,
            voorgesteld_door=actor,
        )
        log_event(
            actor,
            wijziging,
            _("wijziging van de declaratie-instellingen voorgesteld"),
            van=_instelling_tekst(oud_drempel, oud_scheiding),
            naar=_instelling_tekst(drempel, bool(scheiding_goedkeuren_betalen)),
            reden=toelichting,
            gemeente=gemeente,
        )
    return wijziging


def _instelling_tekst(drempel: Decimal, scheiding: bool) -> str:
    tekst = _("drempel %(d)s") % {"d": format_bedrag(drempel)}
    if scheiding:
        return tekst + ", " + _("goedkeurder betaalt niet")
    return tekst + ", " + _("goedkeurder mag betalen")


def bevestig_instelling(actor: User, wijziging: InstellingWijziging) -> DeclaratieInstelling:
    """A second finance officer confirms a proposal: only now do the settings change (both on the
    timeline of the proposal and of the gemeente's settings)."""
    if actor.pk == wijziging.voorgesteld_door_id:
        raise PermissionDenied(
            _("U heeft deze wijziging zelf voorgesteld. Een andere medewerker van Financiën moet haar bevestigen.")
        )
    with transaction.atomic():
        instelling, _created = DeclaratieInstelling.objects.select_for_update().get_or_create(
            gemeente_id=wijziging.gemeente_id
        )
        wijziging = workflow.transition(
            actor,
            wijziging,
            "bevestigen",
            reden=_("Bevestigd; voorgesteld door %(door)s") % {"door": wijziging.voorgesteld_door},
            beoordeeld_door=actor,
            beoordeeld_op=timezone.now(),
        )
        oud = _instelling_tekst(instelling.vier_ogen_drempel, instelling.scheiding_goedkeuren_betalen)
        instelling.vier_ogen_drempel = wijziging.vier_ogen_drempel
        instelling.scheiding_goedkeuren_betalen = wijziging.scheiding_goedkeuren_betalen
        instelling.save()
        log_event(
            actor,
            instelling,
            _("declaratie-instellingen gewijzigd"),
            van=oud,
            naar=_instelling_tekst(instelling.vier_ogen_drempel, instelling.scheiding_goedkeuren_betalen),
            reden=_("Voorgesteld door %(door)s: %(toelichting)s; bevestigd door %(bevestiger)s")
            % {"door": wijziging.voorgesteld_door, "toelichting": wijziging.toelichting, "bevestiger": actor},
            gemeente=wijziging.gemeente,
        )
    return instelling


def wijs_instelling_af(actor: User, wijziging: InstellingWijziging, reden: str) -> InstellingWijziging:
    """Reject a proposal (another finance officer) or withdraw it (the proposer); nothing changes."""
    reden = _reden_verplicht(reden, _("het voorstel afwijst of intrekt"))
    return workflow.transition(
        actor, wijziging, "afwijzen", reden=reden, beoordeeld_door=actor, beoordeeld_op=timezone.now()
    )


# ---------------------------------------------------------------------------------------------
# Corrections through the source: declaration storno (credit note) and payment storno
# ---------------------------------------------------------------------------------------------


def _boek_vordering(actor: User, d: Declaratie, boekdatum: datetime.date) -> Journaalpost:
    """The claim on the partner for a credited declaration that was already paid. The reversal of
    the declaration entry debited Crediteuren although the partner was paid; this entry moves that
    debit to Debiteuren: debit Debiteuren / credit Crediteuren (partner as relation)."""
    post = d.journaalpost
    assert post is not None and d.bedrag is not None  # gestorneerd only from geboekt/betaald (constraint)
    gemeente = post.gemeente
    debiteuren = standaard_rekening(gemeente, Rol.DEBITEUREN)
    crediteuren = standaard_rekening(gemeente, Rol.CREDITEUREN)
    omschrijving = _("Vordering op %(p)s: creditnota declaratie %(nr)s (al betaald)") % {"p": d.partner, "nr": d.nummer}
    return boek(
        actor,
        gemeente=gemeente,
        boekdatum=boekdatum,
        omschrijving=omschrijving,
        regels=[
            Regel(
                debiteuren,
                debet=d.bedrag,
                relatie=d.partner,
                bestedingsjaar=d.bestedingsjaar,
                omschrijving=omschrijving,
            ),
            Regel(
                crediteuren,
                credit=d.bedrag,
                relatie=d.partner,
                bestedingsjaar=d.bestedingsjaar,
                omschrijving=omschrijving,
            ),
        ],
        bron=d,
        bron_referentie=d.nummer,
        bestedingsjaar=d.bestedingsjaar,
    )


def storneer(actor: User, declaratie: Declaratie, *, reden: str, boekdatum: datetime.date | None = None) -> Declaratie:
    """Credit a booked or paid declaration (storno / creditnota) with a required reason.

    The declaration entry (Lasten SPUK debit / Crediteuren credit) is reversed with
    `grootboek.api.tegenboek`; was it already paid, a claim on the partner is booked as well
    (Debiteuren debit / Crediteuren credit). The status becomes gestorneerd in the same transaction,
    so the declaration no longer uses budget or ceiling and its invoice number is free again.
    An entry that was already reversed on the ledger page is linked, not reversed twice."""
    reden = _reden_verplicht(reden, _("de declaratie storneert"))
    boekdatum = boekdatum or timezone.localdate()
    with transaction.atomic():
        d, _toekenning = _vergrendel(declaratie)
        workflow.check(actor, d, "storneren")
        assert d.journaalpost is not None  # geboekt/betaald always have their entry (constraint)
        tegenboeking = tegenboeking_van(d.journaalpost)
        if tegenboeking is None:
            tegenboeking = tegenboek(actor, d.journaalpost, reden=reden, boekdatum=boekdatum)
        vordering = _boek_vordering(actor, d, boekdatum) if d.status == S.BETAALD else None
        tekst = _("%(reden)s (tegenboeking %(nr)s") % {"reden": reden, "nr": tegenboeking.stuknummer}
        if vordering is not None:
            tekst += _("; vordering op de partner %(nr)s") % {"nr": vordering.stuknummer}
        d.reden = reden
        d = workflow.transition(
            actor,
            d,
            "storneren",
            locked=True,
            reden=tekst + ")",
            storno_journaalpost=tegenboeking,
            vordering_journaalpost=vordering,
            gestorneerd_op=timezone.now(),
        )
    return d


def storneer_betaling(
    actor: User, betaling: Betaling, *, reden: str, boekdatum: datetime.date | None = None
) -> Betaling:
    """Reverse a registered payment with a required reason (returned by the bank, registered by
    mistake): its entry (Crediteuren debit / Bank credit per declaration) is reversed and every
    declaration of the payment goes back to geboekt, ready to be paid again. Refused when one of
    them was credited after the payment (its claim on the partner rests on this payment)."""
    reden = _reden_verplicht(reden, _("de betaling storneert"))
    boekdatum = boekdatum or timezone.localdate()
    with transaction.atomic():
        b = Betaling.objects.select_for_update().get(pk=betaling.pk)
        workflow.check(actor, b, "storneren")
        # Declarations that were credited after the payment left this payment (status gestorneerd
        # but still linked): their claim rests on it.
        gecrediteerd = list(
            Declaratie.objects.filter(betaling=b, status=S.GESTORNEERD).values_list("nummer", flat=True)
        )
        if gecrediteerd:
            raise DeclaratieGeweigerd(
                _(
                    "Declaratie %(nrs)s van deze betaling is na de betaling gecrediteerd, met een vordering op de "
                    "partner. Deze betaling kan daarom niet meer worden gestorneerd; verreken de vordering."
                )
                % {"nrs": ", ".join(gecrediteerd)}
            )
        declaraties = list(
            Declaratie.objects.select_for_update().filter(betaling=b).order_by("pk").select_related("partner")
        )
        for d in declaraties:
            workflow.check(actor, d, "betaling_storneren")
        assert b.journaalpost is not None  # booked in the same transaction as the Betaling
        tegenboeking = tegenboeking_van(b.journaalpost) or tegenboek(
            actor, b.journaalpost, reden=reden, boekdatum=boekdatum
        )
        b = workflow.transition(
            actor,
            b,
            "storneren",
            locked=True,
            reden=_("%(reden)s (tegenboeking %(nr)s)") % {"reden": reden, "nr": tegenboeking.stuknummer},
            storno_journaalpost=tegenboeking,
            gestorneerd_op=timezone.now(),
        )
        b.gestorneerde_declaraties.add(*declaraties)
        for d in declaraties:
            workflow.transition(
                actor,
                d,
                "betaling_storneren",
                locked=True,
                reden=_("Betaling %(b)s gestorneerd: %(reden)s (tegenboeking %(nr)s)")
                % {"b": b, "reden": reden, "nr": tegenboeking.stuknummer},
                betaling=None,
            )
    return b
