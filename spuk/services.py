"""Every state change and ledger posting of spuk.

Each function takes the acting user first, runs in one transaction (the booking and the status
change commit together or not at all) and locks the rows it changes. Status changes go through
`core.workflow.transition`, which checks the permission and conditions declared on the model's
transition (PermissionDenied / TransitionRefused) and logs the change on the timeline. Bookings go through `grootboek.api.boek` on the
accounts of the beschikking (`standaard_rekening(gemeente, rol, beschikking.nummer)`).
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
from core import workflow
from core.access import require
from core.documents import validate_upload
from core.models import Organisatie, Rapport
from core.money import format_bedrag, to_cents
from core.services import log_event, vraag_rapport_aan
from grootboek import api as grootboek
from grootboek.api import Regel, boek, ensure_standaard_rekeningschema, standaard_rekening

from . import queries, sisa, sisa_output
from .models import (
    Aanvraag,
    AanvraagBedrag,
    AanvraagDocument,
    Beschikking,
    Jaarafsluiting,
    NogTeOntvangen,
    Regeling,
    SisaVerantwoording,
    Termijn,
    Terugbetaling,
    Vaststelling,
    checksum_of,
)
from .queries import geldende_verantwoording

ZERO = Decimal("0.00")
R = grootboek.Rol

__all__ = [
    "betaal_terugbetaling",
    "dien_in",
    "geldende_verantwoording",
    "jaarafsluiting",
    "leg_vaststelling_vast",
    "maak_aanvraag",
    "maak_sisa_definitief",
    "registreer_terugbetaling",
    "registreer_termijn",
    "sisa_bestand",
    "sisa_gegevens",
    "storneer_termijn",
    "te_veel_ontvangen",
    "trek_in",
    "verleen",
    "voeg_document_toe",
    "vraag_sisa_rapport_aan",
    "wijs_af",
    "wijzig_aanvraag",
    "zet_eindverantwoording",
]


def _bedragen(bedragen: Any, regeling: Regeling) -> dict[int, Decimal]:
    """Normalise {jaar: bedrag} (bedrag Decimal/str/int): years within the regulation, amounts ≥ 0."""
    result = {}
    for jaar, bedrag in (bedragen or {}).items():
        jaar = int(jaar)
        if not (regeling.startjaar <= jaar <= regeling.eindjaar):
            raise ValidationError(
                _("Het jaar %(jaar)s valt buiten de looptijd van de regeling (%(van)s–%(tot)s).")
                % {"jaar": jaar, "van": regeling.startjaar, "tot": regeling.eindjaar}
            )
        if bedrag in (None, ""):
            continue
        bedrag = to_cents(bedrag)
        if bedrag < 0:
            raise ValidationError(_("Een aangevraagd bedrag kan niet negatief zijn."))
        result[jaar] = bedrag
    return result


def _zet_bedragen(aanvraag: Aanvraag, bedragen: dict[int, Decimal]) -> None:
    bestaand = {b.jaar: b for b in aanvraag.bedragen.all()}
    for jaar, bedrag in bedragen.items():
        rij = bestaand.pop(jaar, None)
        if rij is None:
            AanvraagBedrag.objects.create(aanvraag=aanvraag, jaar=jaar, bedrag=bedrag)
        elif rij.bedrag != bedrag:
            rij.bedrag = bedrag
            rij.save()
    for rij in bestaand.values():
        rij.delete()


def _check_buurten(gemeente: Organisatie, buurten: list[Buurt], deelnemende_gemeenten: list[Organisatie]) -> None:
    toegestaan = {gemeente.pk} | {g.pk for g in deelnemende_gemeenten}
    for buurt in buurten:
        if buurt.gemeente_id not in toegestaan:
            raise ValidationError(
                _(
                    "Buurt %(buurt)s ligt niet in de aanvragende of een deelnemende gemeente. Voeg die gemeente toe "
                    "of kies een andere buurt."
                )
                % {"buurt": buurt}
            )


# ---------------------------------------------------------------------------------------------
# Aanvraag
# ---------------------------------------------------------------------------------------------


def maak_aanvraag(
    actor: Any,
    *,
    gemeente: Organisatie,
    regeling: Regeling,
    titel: str,
    zaaknummer: str,
    buurten: Iterable[Buurt],
    bedragen: dict[int, Any],
    deelnemende_gemeenten: Iterable[Organisatie] = (),
    datum_collegebesluit: datetime.date | None = None,
    portefeuillehouder: str = "",
    opsteller: str = "",
    toelichting: str = "",
) -> Aanvraag:
    """A new aanvraag in status concept. Permission: beleid of the gemeente."""
    require(
        actor, "spuk.beheer_aanvraag", gemeente, _("Alleen beleidsmedewerkers van deze gemeente maken een aanvraag.")
    )
    buurten, deelnemende_gemeenten = list(buurten), [g for g in deelnemende_gemeenten if g.pk != gemeente.pk]
    _check_buurten(gemeente, buurten, deelnemende_gemeenten)
    bedragen = _bedragen(bedragen, regeling)
    with transaction.atomic():
        if Aanvraag.objects.filter(gemeente=gemeente, zaaknummer=zaaknummer).exists():
            raise ValidationError(
                {"zaaknummer": _("Er is al een aanvraag met dit zaaknummer. Kies een ander zaaknummer.")}
            )
        aanvraag = Aanvraag.objects.create(
            regeling=regeling,
            gemeente=gemeente,
            titel=titel,
            zaaknummer=zaaknummer,
            datum_collegebesluit=datum_collegebesluit,
            portefeuillehouder=portefeuillehouder,
            opsteller=opsteller,
            toelichting=toelichting,
            aangemaakt_door=actor,
        )
        aanvraag.buurten.set(buurten)
        aanvraag.deelnemende_gemeenten.set(deelnemende_gemeenten)
        _zet_bedragen(aanvraag, bedragen)
        log_event(actor, aanvraag, _("aanvraag aangemaakt"), naar=aanvraag.status)
    return aanvraag


AANVRAAG_VELDEN = ("titel", "zaaknummer", "datum_collegebesluit", "portefeuillehouder", "opsteller", "toelichting")


def wijzig_aanvraag(
    actor: Any,
    aanvraag: Aanvraag,
    *,
    bedragen: dict[int, Any] | None = None,
    buurten: Iterable[Buurt] | None = None,
    deelnemende_gemeenten: Iterable[Organisatie] | None = None,
    **velden: Any,
) -> Aanvraag:
    """Change a concept aanvraag (fields, buurten, amounts per year). Permission: beleid."""
    require(actor, "spuk.beheer_aanvraag", aanvraag)
    unknown = set(velden) - set(AANVRAAG_VELDEN)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
        if not aanvraag.bewerkbaar:
            raise ValidationError(_("Alleen een aanvraag in concept kan worden gewijzigd. Trek de aanvraag eerst in."))
        for veld, waarde in velden.items():
            setattr(aanvraag, veld, waarde)
        if (
            "zaaknummer" in velden
            and Aanvraag.objects.filter(gemeente_id=aanvraag.gemeente_id, zaaknummer=aanvraag.zaaknummer)
            .exclude(pk=aanvraag.pk)
            .exists()
        ):
            raise ValidationError(
                {"zaaknummer": _("Er is al een aanvraag met dit zaaknummer. Kies een ander zaaknummer.")}
            )
        aanvraag.save()
        if deelnemende_gemeenten is not None:
            aanvraag.deelnemende_gemeenten.set([g for g in deelnemende_gemeenten if g.pk != aanvraag.gemeente_id])
        if buurten is not None:
            buurten = list(buurten)
            _check_buurten(aanvraag.gemeente, buurten, list(aanvraag.deelnemende_gemeenten.all()))
            aanvraag.buurten.set(buurten)
        if bedragen is not None:
            _zet_bedragen(aanvraag, _bedragen(bedragen, aanvraag.regeling))
        log_event(actor, aanvraag, _("aanvraag gewijzigd"))
    return aanvraag


def voeg_document_toe(actor: Any, aanvraag: Aanvraag, *, omschrijving: str, bestand: Any) -> AanvraagDocument:
    """Attach a document (PDF/PNG/JPEG, ≤ 10 MB) to an aanvraag. Permission: beleid."""
    require(actor, "spuk.beheer_aanvraag", aanvraag)
    content_type = validate_upload(bestand)
    if not (omschrijving or "").strip():
        raise ValidationError({"omschrijving": _("Beschrijf wat voor document dit is.")})
    with transaction.atomic():
        document = AanvraagDocument(aanvraag=aanvraag, omschrijving=omschrijving.strip())
        document.attach(bestand, content_type, actor)
        document.save()
        log_event(actor, aanvraag, _("bijlage toegevoegd"), reden=document.omschrijving)
    return document


def dien_in(actor: Any, aanvraag: Aanvraag, *, reden: str = "", datum: datetime.date | None = None) -> Aanvraag:
    """concept → ingediend. With a mismatch between the requested amounts and the buurtbegrotingen or
    the milestone amounts, `reden` (why it differs) is required. Permission: beleid."""
    reden = (reden or "").strip()
    with transaction.atomic():
        aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
        workflow.check(actor, aanvraag, "indienen")
        datum = datum or timezone.localdate()
        deadline = aanvraag.regeling.aanvraag_deadline
        if deadline is not None and datum > deadline:
            raise ValidationError(
                _("De aanvraagtermijn van de regeling is verstreken op %(d)s. Een aanvraag indienen kan niet meer.")
                % {"d": deadline.strftime("%d-%m-%Y")}
            )
        controle = queries.reconciliatie(aanvraag)
        if not controle["klopt"] and not reden:
            raise ValidationError(
                _(
                    "De aangevraagde bedragen wijken af van de buurtbegrotingen of de mijlpalen (%(jaren)s). "
                    "Geef een reden voor de afwijking of pas de bedragen aan."
                )
                % {"jaren": ", ".join(str(r["jaar"]) for r in controle["verschillen"])},
                code="afwijking",
            )
        return workflow.transition(
            actor,
            aanvraag,
            "indienen",
            reden=reden,
            locked=True,
            ingediend_op=datum,
            afwijking_reden=reden if not controle["klopt"] else "",
        )


def trek_in(actor: Any, aanvraag: Aanvraag, reden: str) -> Aanvraag:
    """ingediend → concept (to correct it). Permission: beleid."""
    reden = (reden or "").strip()
    with transaction.atomic():
        aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
        workflow.check(actor, aanvraag, "terug_naar_concept")
        if not reden:
            raise ValidationError(_("Geef de reden waarom de aanvraag wordt ingetrokken."))
        return workflow.transition(actor, aanvraag, "terug_naar_concept", reden=reden, locked=True)


def _verdeel(bedrag: Decimal, aangevraagd: dict[int, Decimal]) -> dict[int, Decimal]:
    """Spread `bedrag` over the years in proportion to the requested amounts (remainder in the last year)."""
    jaren = sorted(aangevraagd)
    totaal = sum(aangevraagd.values(), ZERO)
    if not jaren:
        return {}
    if totaal == bedrag or totaal == 0:
        return dict(aangevraagd) if totaal == bedrag else {jaren[0]: bedrag}
    result, rest = {}, bedrag
    for jaar in jaren[:-1]:
        deel = to_cents(bedrag * aangevraagd[jaar] / totaal)
        result[jaar] = deel
        rest -= deel
    result[jaren[-1]] = rest
    return result


def verleen(
    actor: Any,
    aanvraag: Aanvraag,
    *,
    nummer: str,
    datum: datetime.date,
    bedrag: Any,
    periode_start_jaar: int | None = None,
    periode_eind_jaar: int | None = None,
    termijnen: list[tuple[int, Any, datetime.date | None]] | None = None,
) -> Beschikking:
    """ingediend → verleend: records the beschikking and its instalment schedule, and creates the
    beschikking's accounts in the grootboek. `termijnen`: [(jaar, bedrag, verwachte_datum|None)];
    default: the granted amount spread over the requested years. Permission: beleid or financien."""
    nummer = (nummer or "").strip()
    with transaction.atomic():
        aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
        workflow.check(actor, aanvraag, "verlenen")
        if not nummer:
            raise ValidationError({"nummer": _("Vul het beschikkingsnummer in.")})
        bedrag = to_cents(bedrag)
        if Beschikking.objects.filter(nummer=nummer).exists():
            raise ValidationError({"nummer": _("Dit beschikkingsnummer bestaat al.")})
        aangevraagd = queries.aangevraagd_per_jaar(aanvraag)
        jaren = sorted(aangevraagd) or [aanvraag.regeling.startjaar]
        start = int(periode_start_jaar or jaren[0])
        eind = int(periode_eind_jaar or jaren[-1])
        if termijnen is None:
            termijnen = [
                # Expected on 1 January of its year, never before the beschikking itself exists.
                (jaar, b, max(datetime.date(jaar, 1, 1), datum))
                for jaar, b in _verdeel(bedrag, aangevraagd).items()
                if b
            ]
        termijnen = [(int(j), to_cents(b), d) for j, b, d in termijnen if b]
        if sum((b for _j, b, _d in termijnen), ZERO) != bedrag:
            raise ValidationError(
                _("De termijnen tellen op tot %(som)s, het verleende bedrag is %(bedrag)s. Maak ze gelijk.")
                % {"som": format_bedrag(sum((b for _j, b, _d in termijnen), ZERO)), "bedrag": format_bedrag(bedrag)}
            )
        if len({j for j, _b, _d in termijnen}) != len(termijnen):
            raise ValidationError(_("Er is maar één termijn per jaar."))
        if any(not (start <= j <= eind) for j, _b, _d in termijnen):
            raise ValidationError(
                _("Elke termijn valt binnen de periode van de beschikking (%(van)s–%(tot)s).")
                % {"van": start, "tot": eind}
            )
        beschikking = Beschikking(
            aanvraag=aanvraag,
            gemeente=aanvraag.gemeente,
            nummer=nummer,
            datum=datum,
            bedrag=bedrag,
            periode_start_jaar=start,
            periode_eind_jaar=eind,
            aangemaakt_door=actor,
        )
        beschikking.full_clean(exclude=["aanvraag"])
        beschikking.save()
        for jaar, b, d in termijnen:
            Termijn.objects.create(beschikking=beschikking, jaar=jaar, verwacht_bedrag=b, verwachte_datum=d)
        workflow.transition(
            actor,
            aanvraag,
            "verlenen",
            locked=True,
            reden=_("Beschikking %(nr)s van %(bedrag)s") % {"nr": nummer, "bedrag": format_bedrag(bedrag)},
        )
        ensure_standaard_rekeningschema(aanvraag.gemeente, nummer)
        log_event(actor, beschikking, _("beschikking vastgelegd"), naar=nummer)
    return beschikking


def wijs_af(actor: Any, aanvraag: Aanvraag, reden: str) -> Aanvraag:
    """ingediend → afgewezen. Permission: beleid or financien."""
    reden = (reden or "").strip()
    with transaction.atomic():
        aanvraag = Aanvraag.objects.select_for_update().get(pk=aanvraag.pk)
        workflow.check(actor, aanvraag, "afwijzen")
        if not reden:
            raise ValidationError(_("Geef de reden van de afwijzing op (uit de brief van het ministerie)."))
        return workflow.transition(actor, aanvraag, "afwijzen", reden=reden, locked=True, afwijzing_reden=reden)


def zet_eindverantwoording(actor: Any, beschikking: Beschikking, jaar: int | None) -> Beschikking:
    """Mark year `jaar` as the eindverantwoording (SiSa indicator 7) before the period ends; None clears it."""
    require(actor, "spuk.financieel", beschikking)
    with transaction.atomic():
        beschikking = Beschikking.objects.select_for_update().get(pk=beschikking.pk)
        if jaar is not None and not (beschikking.periode_start_jaar <= int(jaar) <= beschikking.periode_eind_jaar):
            raise ValidationError(_("Het jaar van de eindverantwoording ligt binnen de periode van de beschikking."))
        van = beschikking.eindverantwoording_jaar
        beschikking.eindverantwoording_jaar = int(jaar) if jaar is not None else None
        beschikking.save()
        log_event(actor, beschikking, _("eindverantwoording gewijzigd"), van=str(van or ""), naar=str(jaar or ""))
    return beschikking


# ---------------------------------------------------------------------------------------------
# Money: termijnen, jaarafsluiting, terugbetalingen, vaststelling
# ---------------------------------------------------------------------------------------------


def _check_loopt(beschikking: Beschikking, wat: str) -> None:
    """A vastgestelde (or otherwise no longer granted) beschikking takes no new bookings."""
    if beschikking.aanvraag.status != Aanvraag.Status.VERLEEND:
        raise ValidationError(
            _(
                "Beschikking %(nr)s is %(status)s: %(wat)s kan niet meer. Na de vaststelling (of intrekking) wordt op "
                "deze beschikking niets meer geboekt."
            )
            % {"nr": beschikking.nummer, "status": beschikking.aanvraag.get_status_display().lower(), "wat": wat}
        )


def _rekeningen(beschikking: Beschikking) -> dict[str, Any]:
    gemeente, nr = beschikking.gemeente, beschikking.nummer
    return {
        "bank": standaard_rekening(gemeente, R.BANK),
        "vooruit": standaard_rekening(gemeente, R.VOORUITONTVANGEN, nr),
        "baten": standaard_rekening(gemeente, R.BATEN, nr),
        "rijk": standaard_rekening(gemeente, R.TE_BETALEN_RIJK, nr),
    }


def _lock_beschikking(beschikking: Beschikking) -> Beschikking:
    return Beschikking.objects.select_for_update().select_related("aanvraag", "gemeente").get(pk=beschikking.pk)


def registreer_termijn(actor: Any, termijn: Termijn, *, ontvangen_op: datetime.date, bedrag: Any = None) -> Termijn:
    """verwacht → ontvangen: books Bank (debit) / Vooruitontvangen SPUK (credit). Permission: financien."""
    with transaction.atomic():
        termijn = Termijn.objects.select_for_update().select_related("beschikking__gemeente").get(pk=termijn.pk)
        workflow.check(actor, termijn, "ontvang")
        bedrag = to_cents(bedrag if bedrag is not None else termijn.verwacht_bedrag)
        if bedrag <= 0:
            raise ValidationError(_("Het ontvangen bedrag moet groter dan nul zijn."))
        beschikking = termijn.beschikking
        rek = _rekeningen(beschikking)
        post = boek(
            actor,
            gemeente=beschikking.gemeente,
            boekdatum=ontvangen_op,
            omschrijving=_("Ontvangen termijn %(jaar)s SPUK %(nr)s") % {"jaar": termijn.jaar, "nr": beschikking.nummer},
            regels=[Regel(rek["bank"], debet=bedrag), Regel(rek["vooruit"], credit=bedrag)],
            bron=termijn,
        )
        return workflow.transition(
            actor,
            termijn,
            "ontvang",
            locked=True,
            reden=_("%(bedrag)s geboekt in %(nr)s") % {"bedrag": format_bedrag(bedrag), "nr": post.stuknummer},
            ontvangen_op=ontvangen_op,
            ontvangen_bedrag=bedrag,
            journaalpost=post,
            geregistreerd_door=actor,
        )


def storneer_termijn(actor: Any, termijn: Termijn, *, reden: str, boekdatum: datetime.date | None = None) -> Termijn:
    """ontvangen → verwacht: the receipt was booked by mistake (wrong amount, wrong date, never
    arrived). Reverses its entry (Vooruitontvangen debit / Bank credit) dated `boekdatum` (default
    today) and sets the termijn back to verwacht, so the subledger follows the ledger; the receipt can
    then be registered again. Permission: financien."""
    reden = (reden or "").strip()
    with transaction.atomic():
        termijn = Termijn.objects.select_for_update().select_related("beschikking__gemeente").get(pk=termijn.pk)
        workflow.check(actor, termijn, "storneren")
        if not reden:
            raise ValidationError({"reden": _("Geef de reden van de storno.")})
        post = termijn.journaalpost
        if post is None:
            raise ValidationError(_("Deze termijn heeft geen geboekte ontvangst om te storneren."))
        # The liability must still hold the receipt: money already released or repaid from it cannot
        # be "un-received" (Vooruitontvangen would turn debit without a nog-te-ontvangen booking).
        besch = termijn.beschikking
        beschikbaar = -grootboek.saldo_op(
            besch.gemeente, grootboek.Rol.VOORUITONTVANGEN, besch.nummer, datetime.date.max
        )
        ontvangen = termijn.ontvangen_bedrag or Decimal("0.00")
        if beschikbaar < ontvangen:
            raise ValidationError(
                _(
                    "Deze ontvangst van %(bedrag)s kan niet worden gestorneerd: op Vooruitontvangen staat nog "
                    "%(saldo)s, de rest is al vrijgevallen of terugbetaald. Corrigeer eerst de terugbetaling "
                    "of neem contact op met de controller."
                )
                % {"bedrag": format_bedrag(ontvangen), "saldo": format_bedrag(beschikbaar)}
            )
        tegen = grootboek.tegenboek(actor, post, reden, boekdatum=boekdatum or timezone.localdate())
        return workflow.transition(
            actor,
            termijn,
            "storneren",
            locked=True,
            reden=_("%(reden)s (tegenboeking %(nr)s)") % {"reden": reden, "nr": tegen.stuknummer},
            ontvangen_op=None,
            ontvangen_bedrag=None,
            journaalpost=None,
        )


def jaarafsluiting(
    actor: Any, beschikking: Beschikking, jaar: int, *, vandaag: datetime.date | None = None
) -> Jaarafsluiting:
    """Release the spending of year T: Vooruitontvangen (debit) / Baten SPUK (credit) for the net Lasten
    booked in boekjaar T that was not released before, dated 31-12-T. A negative net (more reversals
    than spending) books the other way round. Records one Jaarafsluiting per (beschikking, jaar).

    Then, if Vooruitontvangen has a debit balance at 31-12-T (more released than received), books it
    as *nog te ontvangen* (Nog te ontvangen SPUK debit / Vooruitontvangen credit, 31-12-T, reversed on
    1-1-T+1). Finally closes year T of the beschikking's accounts (`grootboek.sluit_periode`): no
    entry can be booked into boekjaar T on them afterwards, so the release stays complete. Closing
    the grootboek year itself is a separate step of finance (grootboek.sluit_boekjaar), refused until
    every release of the year ran. Permission: financien."""
    require(actor, "spuk.financieel", beschikking, _("Alleen financiën voert de jaarafsluiting uit."))
    jaar = int(jaar)
    vandaag = vandaag or timezone.localdate()
    if datetime.date(jaar, 12, 31) > vandaag:
        raise ValidationError(_("Jaar %(jaar)s is nog niet voorbij; sluit het af vanaf 31 december.") % {"jaar": jaar})
    with transaction.atomic():
        beschikking = _lock_beschikking(beschikking)
        if Jaarafsluiting.objects.filter(beschikking=beschikking, jaar=jaar).exists():
            raise ValidationError(_("De jaarafsluiting %(jaar)s is al uitgevoerd.") % {"jaar": jaar})
        _check_loopt(beschikking, _("een jaarafsluiting (vrijval)"))
        if not (beschikking.periode_start_jaar <= jaar):
            raise ValidationError(_("Jaar %(jaar)s ligt vóór de periode van de beschikking.") % {"jaar": jaar})
        vrijval = queries.nog_vrij_te_laten(beschikking, jaar)
        post = None
        if vrijval:
            rek = _rekeningen(beschikking)
            amount = abs(vrijval)
            regels = (
                [Regel(rek["vooruit"], debet=amount), Regel(rek["baten"], credit=amount, bestedingsjaar=jaar)]
                if vrijval > 0
                else [Regel(rek["baten"], debet=amount, bestedingsjaar=jaar), Regel(rek["vooruit"], credit=amount)]
            )
            afsluiting = Jaarafsluiting(beschikking=beschikking, jaar=jaar, vrijval=vrijval, uitgevoerd_door=actor)
            afsluiting.save()
            post = boek(
                actor,
                gemeente=beschikking.gemeente,
                boekdatum=datetime.date(jaar, 12, 31),
                omschrijving=_("Vrijval bestedingen %(jaar)s SPUK %(nr)s") % {"jaar": jaar, "nr": beschikking.nummer},
                regels=regels,
                bron=afsluiting,
            )
            afsluiting.journaalpost = post
            afsluiting.save(update_fields=["journaalpost"])
        else:
            afsluiting = Jaarafsluiting.objects.create(
                beschikking=beschikking, jaar=jaar, vrijval=ZERO, uitgevoerd_door=actor
            )
        _boek_nog_te_ontvangen(actor, beschikking, jaar)
        grootboek.sluit_periode(
            actor, beschikking.gemeente, beschikking.nummer, jaar, reden=_("Jaarafsluiting %(jaar)s") % {"jaar": jaar}
        )
        log_event(
            actor,
            beschikking,
            _("jaarafsluiting"),
            naar=str(jaar),
            reden=_("Vrijval %(bedrag)s") % {"bedrag": format_bedrag(vrijval)},
        )
    return afsluiting


def _boek_nog_te_ontvangen(actor: Any, beschikking: Beschikking, jaar: int) -> NogTeOntvangen | None:
    """A debit balance on Vooruitontvangen at 31-12-T is an overlopend actief (BBV art. 40a): book it
    as Nog te ontvangen SPUK (debit) / Vooruitontvangen (credit) on 31-12-T and reverse that on
    1-1-T+1, so the balance sheet of T shows a receivable and no negative liability."""
    eind = datetime.date(jaar, 12, 31)
    debetsaldo = grootboek.saldo_op(beschikking.gemeente_id, R.VOORUITONTVANGEN, beschikking.nummer, eind)
    if debetsaldo <= 0 or NogTeOntvangen.objects.filter(beschikking=beschikking, jaar=jaar).exists():
        return None
    rij = NogTeOntvangen.objects.create(beschikking=beschikking, jaar=jaar, bedrag=debetsaldo)
    rek = _rekeningen(beschikking)
    nto = standaard_rekening(beschikking.gemeente, R.NOG_TE_ONTVANGEN, beschikking.nummer)
    rij.journaalpost = boek(
        actor,
        gemeente=beschikking.gemeente,
        boekdatum=eind,
        omschrijving=_("Nog te ontvangen SPUK %(nr)s per 31-12-%(jaar)s") % {"nr": beschikking.nummer, "jaar": jaar},
        regels=[Regel(nto, debet=debetsaldo), Regel(rek["vooruit"], credit=debetsaldo)],
        bron=rij,
    )
    rij.terugboeking = grootboek.tegenboek(
        actor,
        rij.journaalpost,
        _("terugboeking nog te ontvangen per 1 januari"),
        boekdatum=datetime.date(jaar + 1, 1, 1),
    )
    rij.save(update_fields=["journaalpost", "terugboeking"])
    log_event(actor, beschikking, _("nog te ontvangen geboekt"), naar=str(jaar), reden=format_bedrag(debetsaldo))
    return rij


def registreer_terugbetaling(
    actor: Any,
    beschikking: Beschikking,
    *,
    reden: str,
    bedrag: Any,
    boekdatum: datetime.date,
    toelichting: str = "",
    partner: Organisatie | None = None,
    verhaald_bedrag: Any = None,
) -> Terugbetaling:
    """A repayment owed to the Rijk (BBV): the unspent part of the advance (`queries.onbesteed`) is
    taken from Vooruitontvangen (debit) and the rest, money already spent and released, is reclaimed
    through the result (debit Baten SPUK); both credit Te betalen aan Rijk. When a partner bears the
    risk (e.g. the care provider for a missed milestone), `verhaald_bedrag` (at most the part through
    the result) is claimed from `partner`: Debiteuren (debit, relatie partner) / Baten SPUK (credit).
    One entry. Permission: financien."""
    require(actor, "spuk.financieel", beschikking, _("Alleen financiën legt terugbetalingen vast."))
    bedrag = to_cents(bedrag)
    verhaald = to_cents(verhaald_bedrag) if verhaald_bedrag not in (None, "") else ZERO
    if bedrag <= 0:
        raise ValidationError({"bedrag": _("Het terug te betalen bedrag moet groter dan nul zijn.")})
    if reden not in Terugbetaling.Reden.values:
        raise ValidationError({"reden": _("Kies een reden.")})
    if verhaald < 0:
        raise ValidationError({"verhaald_bedrag": _("Het verhaalde bedrag kan niet negatief zijn.")})
    if verhaald and partner is None:
        raise ValidationError({"partner": _("Kies de partner op wie het bedrag wordt verhaald.")})
    with transaction.atomic():
        beschikking = _lock_beschikking(beschikking)
        uit_vooruit = min(bedrag, queries.onbesteed(beschikking))
        uit_resultaat = bedrag - uit_vooruit
        if verhaald > uit_resultaat:
            raise ValidationError(
                {
                    "verhaald_bedrag": _(
                        "Op een partner kan alleen het deel worden verhaald dat al besteed en vrijgevallen is "
                        "(%(max)s); het onbestede deel komt uit Vooruitontvangen."
                    )
                    % {"max": format_bedrag(uit_resultaat)}
                }
            )
        terugbetaling = Terugbetaling.objects.create(
            beschikking=beschikking,
            reden=reden,
            bedrag=bedrag,
            boekdatum=boekdatum,
            toelichting=toelichting,
            uit_vooruitontvangen=uit_vooruit,
            uit_resultaat=uit_resultaat,
            partner=partner if verhaald else None,
            verhaald_bedrag=verhaald,
            aangemaakt_door=actor,
        )
        rek = _rekeningen(beschikking)
        regels = []
        if uit_vooruit:
            regels.append(Regel(rek["vooruit"], debet=uit_vooruit, omschrijving=_("onbesteed deel")))
        if uit_resultaat:
            regels.append(
                Regel(
                    rek["baten"],
                    debet=uit_resultaat,
                    bestedingsjaar=boekdatum.year,
                    omschrijving=_("besteed en vrijgevallen deel, ten laste van het resultaat"),
                )
            )
        regels.append(Regel(rek["rijk"], credit=bedrag))
        if verhaald:
            regels += [
                Regel(
                    standaard_rekening(beschikking.gemeente, R.DEBITEUREN),
                    debet=verhaald,
                    relatie=partner,
                    omschrijving=_("vordering op %(p)s") % {"p": partner},
                ),
                Regel(
                    rek["baten"],
                    credit=verhaald,
                    relatie=partner,
                    bestedingsjaar=boekdatum.year,
                    omschrijving=_("verhaald op %(p)s") % {"p": partner},
                ),
            ]
        post = boek(
            actor,
            gemeente=beschikking.gemeente,
            boekdatum=boekdatum,
            omschrijving=_("Terug te betalen aan Rijk SPUK %(nr)s: %(reden)s")
            % {"nr": beschikking.nummer, "reden": terugbetaling.get_reden_display()},
            regels=regels,
            bron=terugbetaling,
        )
        terugbetaling.journaalpost = post
        terugbetaling.save()
        log_event(actor, terugbetaling, _("terugbetaling vastgelegd"), naar=terugbetaling.status, reden=toelichting)
    return terugbetaling


def betaal_terugbetaling(actor: Any, terugbetaling: Terugbetaling, *, betaald_op: datetime.date) -> Terugbetaling:
    """verschuldigd → betaald: Te betalen aan Rijk (debit) / Bank (credit). Permission: financien."""
    with transaction.atomic():
        terugbetaling = (
            Terugbetaling.objects.select_for_update().select_related("beschikking__gemeente").get(pk=terugbetaling.pk)
        )
        workflow.check(actor, terugbetaling, "betaal")
        beschikking = terugbetaling.beschikking
        rek = _rekeningen(beschikking)
        post = boek(
            actor,
            gemeente=beschikking.gemeente,
            boekdatum=betaald_op,
            omschrijving=_("Terugbetaling aan Rijk SPUK %(nr)s") % {"nr": beschikking.nummer},
            regels=[Regel(rek["rijk"], debet=terugbetaling.bedrag), Regel(rek["bank"], credit=terugbetaling.bedrag)],
            bron=terugbetaling,
        )
        return workflow.transition(
            actor,
            terugbetaling,
            "betaal",
            locked=True,
            reden=post.stuknummer,
            betaald_op=betaald_op,
            betaal_journaalpost=post,
        )


def te_veel_ontvangen(beschikking: Beschikking, vastgesteld_bedrag: Any) -> Decimal:
    """Received termijnen − vastgesteld amount − repayments already recognised (≥ 0)."""
    overzicht = queries.financieel_overzicht(beschikking)
    verschil = overzicht["ontvangen"] - to_cents(vastgesteld_bedrag) - overzicht["terugbetaald"]
    return max(verschil, ZERO)


def leg_vaststelling_vast(
    actor: Any,
    beschikking: Beschikking,
    *,
    datum: datetime.date,
    bedrag: Any,
    kenmerk: str = "",
    toelichting: str = "",
    boek_terugbetaling: bool = True,
    partner: Organisatie | None = None,
    verhaald_bedrag: Any = None,
) -> Vaststelling:
    """Record the ministry's final amount; aanvraag verleend → vastgesteld. When more was received
    than the final amount (minus repayments already recognised), books that difference as a
    Terugbetaling (onderbesteding) dated `datum`, split as `registreer_terugbetaling` does (unspent
    from Vooruitontvangen, the rest through the result; optionally claimed from a `partner`).
    Refused while Lasten of a year are not released yet (run the jaarafsluiting first): after the
    vaststelling nothing is booked on the beschikking any more. Permission: financien."""
    with transaction.atomic():
        beschikking = _lock_beschikking(beschikking)
        aanvraag = Aanvraag.objects.select_for_update().get(pk=beschikking.aanvraag_id)
        workflow.check(actor, aanvraag, "vaststellen")
        bedrag = to_cents(bedrag)
        if bedrag < 0:
            raise ValidationError({"bedrag": _("Het vastgestelde bedrag kan niet negatief zijn.")})
        open_jaren = [
            jaar
            for jaar in sorted(grootboek.boekjaren_van_rekening(beschikking.gemeente_id, R.LASTEN, beschikking.nummer))
            if queries.nog_vrij_te_laten(beschikking, jaar)
        ]
        if open_jaren:
            raise ValidationError(
                _("Voer eerst de jaarafsluiting uit van %(jaren)s: daar zijn lasten nog niet vrijgevallen.")
                % {"jaren": ", ".join(str(j) for j in open_jaren)}
            )
        vaststelling = Vaststelling.objects.create(
            beschikking=beschikking,
            datum=datum,
            bedrag=bedrag,
            kenmerk=kenmerk,
            toelichting=toelichting,
            vastgelegd_door=actor,
        )
        terug = te_veel_ontvangen(beschikking, bedrag)
        if boek_terugbetaling and terug > 0:
            registreer_terugbetaling(
                actor,
                beschikking,
                reden=Terugbetaling.Reden.ONDERBESTEDING,
                bedrag=terug,
                boekdatum=datum,
                toelichting=_("Vaststelling %(kenmerk)s: vastgesteld %(bedrag)s")
                % {"kenmerk": kenmerk or "", "bedrag": format_bedrag(bedrag)},
                partner=partner,
                verhaald_bedrag=verhaald_bedrag,
            )
        workflow.transition(
            actor,
            aanvraag,
            "vaststellen",
            locked=True,
            reden=_("Vastgesteld op %(bedrag)s") % {"bedrag": format_bedrag(bedrag)},
        )
    return vaststelling


# ---------------------------------------------------------------------------------------------
# SiSa
# ---------------------------------------------------------------------------------------------


def maak_sisa_definitief(actor: Any, beschikking: Beschikking, jaar: int, *, reden: str = "") -> SisaVerantwoording:
    """Freeze the current figures as a definitief version with a sha256 checksum. A later version
    supersedes the previous one and needs a reason. Permission: financien."""
    jaar = int(jaar)
    reden = (reden or "").strip()
    with transaction.atomic():
        beschikking = _lock_beschikking(beschikking)
        vorige = geldende_verantwoording(beschikking, jaar)
        laatste = SisaVerantwoording.objects.filter(beschikking=beschikking, jaar=jaar).order_by("-versie").first()
        # The concept is never stored: the transition saves the new version straight as definitief.
        verantwoording = SisaVerantwoording(
            beschikking=beschikking,
            jaar=jaar,
            versie=(laatste.versie + 1) if laatste else 1,
            vervangt=vorige,
            reden=reden,
        )
        workflow.check(actor, verantwoording, "maak_definitief")
        if vorige is not None and not reden:
            raise ValidationError(
                _("Er is al een definitieve versie %(v)s. Geef de reden voor een nieuwe versie.") % {"v": vorige.versie}
            )
        snapshot = sisa.serialiseer(sisa.bereken(beschikking, jaar))
        checksum = checksum_of(snapshot)
        return workflow.transition(
            actor,
            verantwoording,
            "maak_definitief",
            locked=True,
            reden=reden or _("Controlegetal %(c)s") % {"c": checksum[:12]},
            snapshot=snapshot,
            checksum=checksum,
            definitief_op=timezone.now(),
            definitief_door=actor,
        )


def sisa_gegevens(
    beschikking: Beschikking, jaar: int, versie: int | None = None, *, regels: bool = True
) -> tuple[dict[str, Any], SisaVerantwoording | None]:
    """(data, verantwoording|None): the frozen snapshot of `versie` (an int) or the live concept;
    `regels=False` computes the concept's specification as groups only (`sisa.bereken`)."""
    if versie is not None:
        verantwoording = SisaVerantwoording.objects.get(beschikking=beschikking, jaar=int(jaar), versie=int(versie))
        return sisa.deserialiseer(verantwoording.snapshot), verantwoording
    return sisa.bereken(beschikking, jaar, regels=regels), None


def sisa_bestand(
    beschikking: Beschikking, jaar: int, formaat: str, versie: int | None = None
) -> tuple[str, bytes, str]:
    """(bestandsnaam, inhoud, content_type) of the SiSa XLSX or PDF (concept or a frozen version)."""
    # The PDF holds the grouped specification only (the lines stay in the XLSX): its concept needs
    # no line read into Python.
    data, verantwoording = sisa_gegevens(beschikking, jaar, versie, regels=formaat != "pdf")
    status = f"v{verantwoording.versie}" if verantwoording else "concept"
    basis = f"sisa-{beschikking.nummer}-{jaar}-{status}"
    if formaat == "xlsx":
        return f"{basis}.xlsx", sisa_output.sisa_xlsx(data, verantwoording), sisa_output.XLSX_CONTENT_TYPE
    if formaat == "pdf":
        return (
            f"{basis}.pdf",
            sisa_output.sisa_pdf(data, verantwoording, gemeente=beschikking.gemeente),
            "application/pdf",
        )
    raise ValueError(f"Unknown format {formaat!r}")


def vraag_sisa_rapport_aan(
    actor: Any, beschikking: Beschikking, jaar: int, formaat: str, versie: int | None = None
) -> Rapport:
    """Queue the SiSa XLSX or PDF as a background report (core.reports); its page shows the download."""
    if formaat not in ("xlsx", "pdf"):
        raise ValueError(f"Unknown format {formaat!r}")
    parameters = {"beschikking_id": beschikking.pk, "jaar": int(jaar), "versie": versie}
    return vraag_rapport_aan(actor, f"sisa_{formaat}", parameters, beschikking.gemeente)


# ------------------------------------------------------------------------------------------
# The regulation (national data, landelijk beheer)
# ------------------------------------------------------------------------------------------

REGELING_VELDEN = ("naam", "sisa_code", "startjaar", "eindjaar", "aanvraag_deadline", "verantwoording_deadline")


def wijzig_regeling(actor: Any, regeling: Regeling, *, reden: str, **velden: Any) -> Regeling:
    """Change the regulation's facts (landelijk beheer); one timeline line per changed field."""
    require(actor, "spuk.beheer_regeling", None, _("Alleen landelijk beheer wijzigt de regeling."))
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van deze wijziging.")})
    onbekend = set(velden) - set(REGELING_VELDEN)
    if onbekend:
        raise TypeError(f"Unknown fields: {sorted(onbekend)}")
    with transaction.atomic():
        regeling = Regeling.objects.select_for_update().get(pk=regeling.pk)
        wijzigingen = [(k, getattr(regeling, k), v) for k, v in velden.items() if getattr(regeling, k) != v]
        if not wijzigingen:
            raise ValidationError(_("Er is niets gewijzigd."))
        for veld, _van, naar in wijzigingen:
            setattr(regeling, veld, naar)
        regeling.full_clean()
        regeling.save()
        for veld, van, naar in wijzigingen:
            label = {
                "naam": _("naam"),
                "sisa_code": _("SiSa-code"),
                "startjaar": _("eerste jaar"),
                "eindjaar": _("laatste jaar"),
                "aanvraag_deadline": _("uiterste aanvraagdatum"),
                "verantwoording_deadline": _("verantwoordingstermijn"),
            }[veld]
            log_event(
                actor,
                regeling,
                _("%(veld)s gewijzigd") % {"veld": label},
                van=str(van if van not in (None, "") else "–"),
                naar=str(naar if naar not in (None, "") else "–"),
                reden=reden,
            )
    return regeling
