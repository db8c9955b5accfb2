"""Every state change of a declaration: permission-checked, transactional, locked, logged, notified.

Locking order everywhere (no deadlocks): the first version of the budget line → the Toekenning
(partner, buurt, year) → the Declaratie. Two finance officers approving at the same moment are
thus serialised per budget line, so the budget and the ceiling can never be overspent.
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtplan.documents import MAX_BYTES, sniff_content_type
from buurtplan.models import Begrotingsregel, Buurtbegroting
from core.money import format_bedrag
from core.services import log_event, log_transition, notify

from . import queries
from .models import Beoordeling, Betaling, Bijlage, Declaratie, DeclaratieInstelling, Nummerteller, Toekenning

S = Declaratie.Status


class DeclaratieGeweigerd(ValidationError):
    """A business rule refuses the action; the Dutch message says why and what to do."""


def _require(actor, perm, obj=None, message=None):
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(message or _("U mag dit niet doen."))


def _label(status):
    return str(S(status).label)


# ---------------------------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------------------------


def valideer_bijlage(upload):
    """Content type of an uploaded file (PDF, PNG, JPEG by its first bytes), or a Dutch error."""
    if upload is None:
        raise ValidationError(_("Voeg een factuur of bewijsstuk toe (PDF, PNG of JPEG)."))
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("‘%(naam)s’ is groter dan 10 MB. Verklein het bestand of splits het op en probeer het opnieuw.")
            % {"naam": upload.name}
        )
    if upload.size == 0:
        raise ValidationError(_("‘%(naam)s’ is leeg. Kies het juiste bestand.") % {"naam": upload.name})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            _("‘%(naam)s’ is geen PDF, PNG of JPEG. Sla de factuur op als PDF of maak er een foto (PNG/JPEG) van.")
            % {"naam": upload.name}
        )
    return content_type


def voeg_bijlage_toe(actor, declaratie, upload):
    _require(actor, "declaraties.change_declaratie", declaratie,
             _("U kunt alleen bijlagen toevoegen aan een eigen declaratie die nog niet in behandeling is."))
    content_type = valideer_bijlage(upload)
    with transaction.atomic():
        bijlage = Bijlage(
            declaratie=declaratie, naam=(upload.name or "bijlage")[:255], content_type=content_type,
            grootte=upload.size, geupload_door=actor,
        )
        bijlage.bestand.save(upload.name or "bijlage", upload, save=False)
        bijlage.save()
        log_event(actor, declaratie, _("bijlage toegevoegd"), reden=bijlage.naam)
    return bijlage


def verwijder_bijlage(actor, bijlage):
    declaratie = bijlage.declaratie
    _require(actor, "declaraties.change_declaratie", declaratie,
             _("Bijlagen van een declaratie in behandeling kunnen niet meer worden verwijderd."))
    with transaction.atomic():
        naam, bestand = bijlage.naam, bijlage.bestand
        bijlage.delete()
        log_event(actor, declaratie, _("bijlage verwijderd"), reden=naam)
        transaction.on_commit(lambda: bestand.storage.delete(bestand.name))


# ---------------------------------------------------------------------------------------------
# Partner: concept and submission
# ---------------------------------------------------------------------------------------------

CONCEPT_VELDEN = {
    "begrotingsregel", "periode_van", "periode_tot", "bedrag", "uren", "omschrijving", "factuurnummer",
    "niet_elders_gefinancierd",
}


def _check_regel(actor, regel, *, bij_indienen=False):
    from buurtplan.queries import spuk_regels

    if regel is None:
        raise ValidationError({"begrotingsregel": _("Kies de activiteit en het jaar waarvoor u declareert.")})
    if regel.ontvangende_partner_id != actor.organisatie_id:
        raise PermissionDenied(_("Op deze begrotingsregel mag uw organisatie niet declareren."))
    if regel.financiering != Begrotingsregel.Financiering.SPUK or regel.domein != Begrotingsregel.Domein.SOCIAAL_DOMEIN:
        raise ValidationError({"begrotingsregel": _("Alleen SPUK-regels van het sociaal domein kunnen worden gedeclareerd.")})
    buurt = regel.begroting.buurtplan.buurt
    if not spuk_regels(buurt).filter(pk=regel.pk).exists():
        raise ValidationError(
            {"begrotingsregel": _("Deze begrotingsregel hoort niet (meer) bij de geldende begroting van %(buurt)s. "
                                  "Kies een regel uit de huidige begroting.") % {"buurt": buurt}}
        )
    if bij_indienen and regel.begroting.status != Buurtbegroting.Status.GOEDGEKEURD:
        raise ValidationError(
            {"begrotingsregel": _("De begroting van %(buurt)s is nog niet goedgekeurd. U kunt de declaratie als concept "
                                  "bewaren en indienen zodra de begroting is goedgekeurd.") % {"buurt": buurt}}
        )


def _check_dubbele_factuur(declaratie):
    if not declaratie.factuurnummer or declaratie.bedrag is None:
        return
    dubbel = (
        Declaratie.objects.filter(
            partner_id=declaratie.partner_id, factuurnummer=declaratie.factuurnummer, bedrag=declaratie.bedrag
        )
        .exclude(status=S.AFGEWEZEN)
        .exclude(pk=declaratie.pk)
        .first()
    )
    if dubbel is not None:
        raise ValidationError(
            {"factuurnummer": _("Factuur %(f)s van %(b)s is al gedeclareerd (%(d)s). Dezelfde factuur kan maar één keer "
                                "worden gedeclareerd.") % {"f": declaratie.factuurnummer, "b": format_bedrag(declaratie.bedrag), "d": dubbel}}
        )


def bewaar_concept(actor, declaratie=None, **velden):
    """Create or update the partner's declaration while it is a concept or a change was asked.

    Only the given fields change; nothing is required yet except the budget line (the statement,
    amount and attachments are checked when submitting). Returns the declaration.
    """
    onbekend = set(velden) - CONCEPT_VELDEN
    if onbekend:
        raise TypeError(f"Unknown fields: {sorted(onbekend)}")
    if actor is None or not actor.has_perm("declaraties.view_portaal"):
        raise PermissionDenied(_("Alleen medewerkers van een partnerorganisatie dienen declaraties in."))
    with transaction.atomic():
        if declaratie is None:
            declaratie = Declaratie(partner_id=actor.organisatie_id, aangemaakt_door=actor)
            nieuw = True
        else:
            declaratie = Declaratie.objects.select_for_update().get(pk=declaratie.pk)
            _require(actor, "declaraties.change_declaratie", declaratie,
                     _("Deze declaratie is in behandeling en kan niet meer worden gewijzigd."))
            nieuw = False
        regel = velden.pop("begrotingsregel", None) or (declaratie.begrotingsregel if not nieuw else None)
        _check_regel(actor, regel)
        buurt = regel.begroting.buurtplan.buurt
        if declaratie.nummer and declaratie.gemeente_id != buurt.gemeente_id:
            raise ValidationError({"begrotingsregel": _("Kies een regel van een buurt in dezelfde gemeente als de oorspronkelijke declaratie.")})
        declaratie.begrotingsregel = regel
        declaratie.buurt = buurt
        declaratie.gemeente_id = buurt.gemeente_id
        declaratie.bestedingsjaar = regel.jaar
        declaratie.regel_oorsprong_id = queries.regel_oorsprong_id(regel)
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


def _volgend_nummer(gemeente_id, jaar):
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


def _vergrendel(declaratie):
    """Lock the budget line (first version), the Toekenning and the declaration; return the fresh,
    locked declaration and its Toekenning (or None)."""
    basis = Declaratie.objects.values("regel_oorsprong_id", "partner_id", "buurt_id", "bestedingsjaar").get(pk=declaratie.pk)
    Begrotingsregel.objects.select_for_update().filter(pk=basis["regel_oorsprong_id"]).order_by().first()
    toekenning = (
        Toekenning.objects.select_for_update()
        .filter(partner_id=basis["partner_id"], buurt_id=basis["buurt_id"], jaar=basis["bestedingsjaar"])
        .order_by()
        .first()
    )
    locked = Declaratie.objects.select_for_update().get(pk=declaratie.pk)
    if locked.regel_oorsprong_id != basis["regel_oorsprong_id"] or locked.bestedingsjaar != basis["bestedingsjaar"]:
        raise DeclaratieGeweigerd(_("De declaratie is net gewijzigd. Laad de pagina opnieuw en probeer het nog eens."))
    return locked, toekenning


def _check_budget(declaratie, toekenning, statussen, veld="bedrag"):
    regel = declaratie.begrotingsregel
    resterend = queries.resterend_op_regel(regel, statussen, exclude_pk=declaratie.pk, oorsprong_id=declaratie.regel_oorsprong_id)
    if declaratie.bedrag > resterend:
        raise DeclaratieGeweigerd(
            {veld: _("Het bedrag %(bedrag)s is hoger dan het resterende SPUK-budget van deze begrotingsregel: nog %(rest)s "
                     "beschikbaar. Declareer hoogstens %(rest)s of kies een andere regel.")
             % {"bedrag": format_bedrag(declaratie.bedrag), "rest": format_bedrag(max(resterend, 0))}}
        )
    if toekenning is not None:
        rest = queries.resterend_plafond(toekenning, statussen, exclude_pk=declaratie.pk)
        if declaratie.bedrag > rest:
            raise DeclaratieGeweigerd(
                {veld: _("Het bedrag %(bedrag)s gaat boven het plafond van de toekenning voor %(buurt)s in %(jaar)s: nog "
                         "%(rest)s beschikbaar. Declareer hoogstens %(rest)s.")
                 % {"bedrag": format_bedrag(declaratie.bedrag), "buurt": declaratie.buurt, "jaar": toekenning.jaar,
                    "rest": format_bedrag(max(rest, 0))}}
            )


def _volledigheid(declaratie):
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


def dien_in(actor, declaratie, *, datum=None):
    """Submit (or re-submit after a change was asked). Checks completeness, the statement, the
    duplicate invoice, the remaining budget of the line and the partner's ceiling; numbers the
    declaration on its first submission (D<jaar>-0001 per gemeente). `datum` only for backfill."""
    with transaction.atomic():
        d, toekenning = _vergrendel(declaratie)
        _require(actor, "declaraties.dien_in", d,
                 _("U kunt alleen een eigen declaratie indienen die een concept is of waarvoor een aanpassing is gevraagd."))
        _check_regel(actor, d.begrotingsregel, bij_indienen=True)
        _volledigheid(d)
        _check_dubbele_factuur(d)
        _check_budget(d, toekenning, Declaratie.RESERVERENDE_STATUSSEN)
        van = d.status
        moment = timezone.now() if datum is None else timezone.make_aware(datetime.datetime.combine(datum, datetime.time(12)))
        if van == S.CONCEPT:
            d.indienen()
        else:
            d.opnieuw_indienen()
        if not d.nummer:
            d.nummer = _volgend_nummer(d.gemeente_id, timezone.localtime(moment).year)
        d.ronde += 1
        d.ingediend_door = actor
        d.ingediend_op = moment
        d.reden = ""
        d.save()
        log_transition(actor, d, _label(van), _label(d.status))
        link = d.get_absolute_url()
        notify(
            queries.financien_van(d.gemeente_id),
            _("Declaratie %(nr)s ingediend door %(p)s") % {"nr": d.nummer, "p": d.partner},
            _("%(p)s heeft declaratie %(nr)s van %(b)s ingediend voor %(buurt)s. Beoordeel de declaratie in de werkvoorraad.")
            % {"p": d.partner, "nr": d.nummer, "b": format_bedrag(d.bedrag), "buurt": d.buurt},
            link,
        )
        _meld_partner(d, van, link)
    return d


# ---------------------------------------------------------------------------------------------
# Finance: review, approval (four-eyes), booking, rejection
# ---------------------------------------------------------------------------------------------


def _meld_partner(d, van, link=None, reden=""):
    titel = _("Declaratie %(nr)s: %(status)s") % {"nr": d.nummer or d.pk, "status": d.partner_status}
    tekst = _("De status van uw declaratie %(nr)s (%(b)s) is gewijzigd van ‘%(van)s’ naar ‘%(naar)s’.") % {
        "nr": d.nummer, "b": format_bedrag(d.bedrag), "van": Declaratie.PARTNER_LABELS.get(van, van), "naar": d.partner_status,
    }
    if reden:
        tekst += "\n\n" + _("Toelichting: %(r)s") % {"r": reden}
    notify(queries.partner_gebruikers(d.partner_id), titel, tekst, link or d.get_absolute_url())


def _check_in_behandeling(d, actie):
    if d.status not in Declaratie.IN_BEHANDELING:
        raise DeclaratieGeweigerd(
            _("Declaratie %(nr)s is ‘%(status)s’ en kan niet meer worden %(actie)s.")
            % {"nr": d.nummer, "status": d.get_status_display(), "actie": actie}
        )


def _check_niet_eigen(actor, d):
    if actor.pk in (d.ingediend_door_id, d.aangemaakt_door_id):
        raise PermissionDenied(
            _("U heeft declaratie %(nr)s zelf aangemaakt of ingediend. Een andere medewerker van Financiën moet haar beoordelen.")
            % {"nr": d.nummer}
        )


def _beschikking(d):
    from spuk.queries import beschikking_voor_buurt

    beschikking = beschikking_voor_buurt(d.buurt)
    if beschikking is None:
        raise DeclaratieGeweigerd(
            _("Voor %(buurt)s is nog geen SPUK-beschikking vastgelegd, dus er is geen rekening om op te boeken. Leg eerst de "
              "beschikking vast (SPUK → aanvraag → beschikking) en keur de declaratie daarna goed.") % {"buurt": d.buurt}
        )
    return beschikking


def drempel(d):
    return DeclaratieInstelling.drempel_voor(d.gemeente_id)


def benodigde_goedkeuringen(d):
    return 2 if d.bedrag is not None and d.bedrag >= drempel(d) else 1


def _boek(actor, d, beschikking, boekdatum):
    from grootboek.services import Regel, boek, standaard_rekening

    gemeente = beschikking.gemeente
    lasten = standaard_rekening(gemeente, "lasten", beschikking.nummer)
    crediteuren = standaard_rekening(gemeente, "crediteuren")
    omschrijving = _("Declaratie %(nr)s %(p)s") % {"nr": d.nummer, "p": d.partner}
    return boek(
        actor,
        gemeente=gemeente,
        boekdatum=boekdatum,
        omschrijving=omschrijving,
        regels=[
            Regel(lasten, debet=d.bedrag, relatie=d.partner, bestedingsjaar=d.bestedingsjaar, omschrijving=omschrijving),
            Regel(crediteuren, credit=d.bedrag, relatie=d.partner, bestedingsjaar=d.bestedingsjaar, omschrijving=omschrijving),
        ],
        bron=d,
        bron_referentie=d.nummer,
        bestedingsjaar=d.bestedingsjaar,
    )


def keur_goed(actor, declaratie, *, boekdatum=None, toelichting=""):
    """Approve. Below the gemeente's threshold one approval suffices; at or above it a second,
    different finance officer must approve too. The final approval books debit Lasten SPUK /
    credit Crediteuren on the beschikking of the buurt in the same transaction (→ geboekt).
    `boekdatum` defaults to today (only backfills pass another date)."""
    with transaction.atomic():
        d, toekenning = _vergrendel(declaratie)
        _require(actor, "declaraties.beoordeel", d, _("Alleen Financiën van de gemeente keurt declaraties goed."))
        _check_in_behandeling(d, _("goedgekeurd"))
        _check_niet_eigen(actor, d)
        eerdere = list(queries.goedkeuringen_in_ronde(d))
        if any(b.beoordelaar_id == actor.pk for b in eerdere):
            raise PermissionDenied(
                _("U heeft declaratie %(nr)s al goedgekeurd. De tweede goedkeuring moet van een andere medewerker van "
                  "Financiën komen (vier ogen).") % {"nr": d.nummer}
            )
        beschikking = _beschikking(d)
        _check_budget(d, toekenning, Declaratie.GOEDGEKEURDE_STATUSSEN)
        Beoordeling.objects.create(
            declaratie=d, beoordelaar=actor, besluit=Beoordeling.Besluit.GOEDGEKEURD, ronde=d.ronde, toelichting=toelichting
        )
        van = d.status
        if len(eerdere) + 1 >= benodigde_goedkeuringen(d):
            post = _boek(actor, d, beschikking, boekdatum or timezone.localdate())
            d.boeken()
            d.journaalpost = post
            d.goedgekeurd_op = timezone.now()
            d.save()
            log_transition(actor, d, _label(van), _label(d.status),
                           _("Geboekt als journaalpost %(nr)s") % {"nr": post.stuknummer})
            _meld_partner(d, van)
        else:
            d.eerste_goedkeuring()
            d.save()
            log_transition(actor, d, _label(van), _label(d.status),
                           _("Eerste goedkeuring; vanaf %(drempel)s is een tweede goedkeuring nodig.")
                           % {"drempel": format_bedrag(drempel(d))})
            andere = queries.financien_van(d.gemeente_id).exclude(pk=actor.pk)
            notify(
                andere,
                _("Tweede goedkeuring nodig: declaratie %(nr)s") % {"nr": d.nummer},
                _("%(wie)s heeft declaratie %(nr)s (%(b)s) goedgekeurd. Voor dit bedrag is een tweede goedkeuring nodig.")
                % {"wie": actor, "nr": d.nummer, "b": format_bedrag(d.bedrag)},
                d.get_absolute_url(),
            )
            _meld_partner(d, van)
    return d


def _reden_verplicht(reden, wat):
    reden = (reden or "").strip()
    if not reden:
        raise DeclaratieGeweigerd({"reden": _("Geef de reden op waarom u %(wat)s.") % {"wat": wat}})
    return reden


def vraag_wijziging(actor, declaratie, reden):
    """Send the declaration back to the partner with the reason; approvals of this round lapse."""
    reden = _reden_verplicht(reden, _("een aanpassing vraagt"))
    with transaction.atomic():
        d, _toekenning = _vergrendel(declaratie)
        _require(actor, "declaraties.beoordeel", d, _("Alleen Financiën van de gemeente beoordeelt declaraties."))
        _check_in_behandeling(d, _("teruggestuurd"))
        _check_niet_eigen(actor, d)
        Beoordeling.objects.create(
            declaratie=d, beoordelaar=actor, besluit=Beoordeling.Besluit.WIJZIGING_GEVRAAGD, ronde=d.ronde, toelichting=reden
        )
        van = d.status
        d.wijziging_vragen()
        d.reden = reden
        d.save()
        log_transition(actor, d, _label(van), _label(d.status), reden)
        _meld_partner(d, van, reden=reden)
    return d


def wijs_af(actor, declaratie, reden):
    """Reject with a required reason. The invoice may then be declared again (corrected)."""
    reden = _reden_verplicht(reden, _("de declaratie afwijst"))
    with transaction.atomic():
        d, _toekenning = _vergrendel(declaratie)
        _require(actor, "declaraties.beoordeel", d, _("Alleen Financiën van de gemeente beoordeelt declaraties."))
        _check_in_behandeling(d, _("afgewezen"))
        _check_niet_eigen(actor, d)
        Beoordeling.objects.create(
            declaratie=d, beoordelaar=actor, besluit=Beoordeling.Besluit.AFGEWEZEN, ronde=d.ronde, toelichting=reden
        )
        van = d.status
        d.afwijzen()
        d.reden = reden
        d.save()
        log_transition(actor, d, _label(van), _label(d.status), reden)
        _meld_partner(d, van, reden=reden)
    return d


def _batch(actor, declaraties, functie, **kwargs):
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


def keur_goed_batch(actor, declaraties):
    """Approve several declarations; each goes through `keur_goed` (same rules, own transaction)."""
    return _batch(actor, declaraties, keur_goed)


def wijs_af_batch(actor, declaraties, reden):
    return _batch(actor, declaraties, wijs_af, reden=reden)


# ---------------------------------------------------------------------------------------------
# Payments
# ---------------------------------------------------------------------------------------------


def registreer_betaling(actor, declaraties, betaaldatum, referentie=""):
    """Register the payment of booked declarations: per booking gemeente one Betaling and one
    journal entry debit Crediteuren / credit Bank (a line pair per declaration, partner as
    relation). All or nothing. Returns the list of Betalingen."""
    from grootboek.services import Regel, boek, standaard_rekening

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
        groepen = {}
        for d in locked:
            _require(actor, "declaraties.betaal", d, _("Alleen Financiën van de gemeente registreert betalingen."))
            if d.status != S.GEBOEKT:
                raise DeclaratieGeweigerd(
                    _("Declaratie %(nr)s is ‘%(status)s’; alleen goedgekeurde en geboekte declaraties kunnen worden betaald.")
                    % {"nr": d.nummer, "status": d.get_status_display()}
                )
            groepen.setdefault(d.journaalpost.gemeente, []).append(d)
        betalingen = []
        for gemeente, groep in groepen.items():
            totaal = sum((d.bedrag for d in groep), start=groep[0].bedrag * 0)
            betaling = Betaling.objects.create(
                gemeente=gemeente, betaaldatum=betaaldatum, referentie=referentie, totaal=totaal, geregistreerd_door=actor
            )
            bank = standaard_rekening(gemeente, "bank")
            crediteuren = standaard_rekening(gemeente, "crediteuren")
            regels = []
            for d in groep:
                tekst = _("Betaling declaratie %(nr)s") % {"nr": d.nummer}
                regels.append(Regel(crediteuren, debet=d.bedrag, relatie=d.partner, bestedingsjaar=d.bestedingsjaar, omschrijving=tekst))
                regels.append(Regel(bank, credit=d.bedrag, relatie=d.partner, bestedingsjaar=d.bestedingsjaar, omschrijving=tekst))
            omschrijving = _("Betaling declaraties %(nrs)s") % {"nrs": ", ".join(d.nummer for d in groep)}
            if referentie:
                omschrijving = f"{omschrijving} ({referentie})"
            post = boek(actor, gemeente=gemeente, boekdatum=betaaldatum, omschrijving=omschrijving[:300], regels=regels,
                        bron=betaling, bron_referentie=referentie or str(betaling))
            betaling.journaalpost = post
            betaling.save(update_fields=["journaalpost"])
            log_event(actor, betaling, _("betaling geregistreerd"), naar=post.stuknummer, gemeente=gemeente)
            for d in groep:
                van = d.status
                d.betalen()
                d.betaling = betaling
                d.save()
                log_transition(actor, d, _label(van), _label(d.status),
                               _("Betaald op %(datum)s, journaalpost %(nr)s") % {"datum": betaaldatum.strftime("%d-%m-%Y"), "nr": post.stuknummer})
                _meld_partner(d, van)
            betalingen.append(betaling)
    return betalingen


# ---------------------------------------------------------------------------------------------
# Master data: ceilings and the four-eyes threshold
# ---------------------------------------------------------------------------------------------


def leg_toekenning_vast(actor, *, partner, buurt, jaar, plafond, besluit_kenmerk="", besluit_datum=None, verantwoordingseisen="",
                        verantwoording_uiterlijk=None):
    """Create or update the ceiling of a partner in a buurt for a year. A ceiling below what is
    already declared (submitted or approved) is refused."""
    _require(actor, "declaraties.beheer_toekenningen", buurt, _("Alleen Financiën of Beleid van de gemeente legt toekenningen vast."))
    with transaction.atomic():
        toekenning = Toekenning.objects.select_for_update().filter(partner=partner, buurt=buurt, jaar=jaar).first()
        nieuw = toekenning is None
        if nieuw:
            toekenning = Toekenning(partner=partner, buurt=buurt, jaar=jaar, plafond=plafond)
        gebruikt = queries.gebruikt_onder_plafond(partner.pk, buurt.pk, jaar)
        if plafond < gebruikt:
            raise DeclaratieGeweigerd(
                {"plafond": _("Er is al %(g)s gedeclareerd; het plafond kan niet lager zijn dan dat.") % {"g": format_bedrag(gebruikt)}}
            )
        oud = None if nieuw else toekenning.plafond
        toekenning.plafond = plafond
        toekenning.besluit_kenmerk = besluit_kenmerk
        toekenning.besluit_datum = besluit_datum
        toekenning.verantwoordingseisen = verantwoordingseisen
        toekenning.verantwoording_uiterlijk = verantwoording_uiterlijk
        toekenning.save()
        log_event(actor, toekenning, _("toekenning vastgelegd") if nieuw else _("toekenning gewijzigd"),
                  van=format_bedrag(oud) if oud is not None else "", naar=format_bedrag(plafond), gemeente=buurt.gemeente)
    return toekenning


def stel_drempel_in(actor, gemeente, drempel_bedrag):
    _require(actor, "declaraties.stel_drempel_in", gemeente, _("Alleen Financiën van de gemeente stelt de drempel in."))
    with transaction.atomic():
        instelling, _created = DeclaratieInstelling.objects.select_for_update().get_or_create(gemeente=gemeente)
        oud = instelling.vier_ogen_drempel
        instelling.vier_ogen_drempel = drempel_bedrag
        instelling.save()
        log_event(actor, instelling, _("drempel tweede goedkeuring gewijzigd"), van=format_bedrag(oud),
                  naar=format_bedrag(drempel_bedrag), gemeente=gemeente)
    return instelling


def link_naar(declaratie):
    return reverse("declaraties:detail", args=[declaratie.pk])
