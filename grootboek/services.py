"""Every write to the ledger goes through here.

Other apps book with `boek(...)` inside their own `transaction.atomic()` (for example when a
declaration is approved) and find their accounts with `standaard_rekening(gemeente, rol, nr)`.
Corrections are made only with `tegenboek(...)`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import require
from core.models import Organisatie
from core.money import CENT, format_bedrag
from core.services import log_event, log_transition

from . import controles, queries
from .erp import valideer_kolommen
from .models import (
    AfgeslotenPeriode,
    Boekjaar,
    ErpExportProfiel,
    Journaalpost,
    Journaalregel,
    Rekening,
    Rekeningtotaal,
    SisaCategorie,
    boeking_context,
)


class BoekingGeweigerd(ValidationError):
    """The ledger refuses an entry; the message (Dutch) says why and what to do."""


@dataclass(frozen=True)
class Regel:
    """One line of an entry to book: exactly one of debet/credit positive."""

    rekening: Rekening
    debet: Decimal = Decimal("0")
    credit: Decimal = Decimal("0")
    relatie: Organisatie | None = None
    bestedingsjaar: int | None = None
    omschrijving: str = ""
    # SiSa category of an expense line; blank on a lasten line: derived from the relatie when booked.
    sisa_categorie: str = ""
    # buurtplan.Activiteit id the cost was made for (declarations pass it).
    activiteit: int | None = None


# ---------------------------------------------------------------------------------------------
# The standard chart of accounts (finance may renumber / rename / code them afterwards).
# ---------------------------------------------------------------------------------------------

R = Rekening.Rol
S = Rekening.Soort

# rol -> (base grootboeknummer, name, soort, Iv3 taakveld, economische categorie)
STANDAARD_SCHEMA = {
    R.BANK: ("1100", "Bank", S.ACTIVA, "", ""),
    R.CREDITEUREN: ("1600", "Crediteuren", S.PASSIVA, "", ""),
    R.DEBITEUREN: ("1300", "Debiteuren", S.ACTIVA, "", ""),
    R.VOORUITONTVANGEN: ("1700", "Vooruitontvangen SPUK", S.PASSIVA, "", ""),
    R.TE_BETALEN_RIJK: ("1750", "Te betalen aan Rijk SPUK", S.PASSIVA, "", ""),
    R.LASTEN: ("4400", "Lasten SPUK", S.LASTEN, "6.1", ""),
    R.BATEN: ("8400", "Baten SPUK", S.BATEN, "6.1", "4.3.1"),
    R.NOG_TE_ONTVANGEN: ("1450", "Nog te ontvangen SPUK", S.ACTIVA, "", ""),
}
ALGEMENE_ROLLEN = (R.BANK, R.CREDITEUREN, R.DEBITEUREN)
BESCHIKKING_ROLLEN = (R.VOORUITONTVANGEN, R.LASTEN, R.BATEN, R.TE_BETALEN_RIJK)
# Created on first use only (most beschikkingen never need it): the overlopend actief for a debit
# balance on Vooruitontvangen. Debiteuren (claims on partners) is a general account of every gemeente.
LATERE_ALGEMENE_ROLLEN: tuple[str, ...] = ()
LATERE_BESCHIKKING_ROLLEN = (R.NOG_TE_ONTVANGEN,)


def _check_rol(rol: str, beschikkingsnummer: str) -> None:
    if rol not in STANDAARD_SCHEMA:
        raise ValueError(f"Unknown account role {rol!r}")
    if rol in BESCHIKKING_ROLLEN + LATERE_BESCHIKKING_ROLLEN and not beschikkingsnummer:
        raise ValueError(f"Role {rol!r} needs a beschikkingsnummer")
    if rol in ALGEMENE_ROLLEN + LATERE_ALGEMENE_ROLLEN and beschikkingsnummer:
        raise ValueError(f"Role {rol!r} is not kept per beschikking")


def _free_nummer(gemeente: Organisatie, base: str, volgnummer: int | None = None) -> str:
    taken = set(Rekening.objects.filter(gemeente=gemeente).values_list("nummer", flat=True))
    n = volgnummer or 0
    candidate = base if volgnummer is None else f"{base}.{n:02d}"
    while candidate in taken:
        n += 1
        candidate = f"{base}.{n:02d}"
    return candidate


def ensure_standaard_rekeningschema(gemeente: Organisatie, beschikkingsnummer: str = "") -> dict[str, Rekening]:
    """Create the missing accounts of the standard chart: Bank and Crediteuren, and with a
    beschikkingsnummer also its Vooruitontvangen / Lasten / Baten / Te betalen aan Rijk.

    Idempotent and safe to call concurrently (locks the gemeente row). Existing accounts keep the
    numbers, names and coding finance gave them. Returns {rol: Rekening} for the requested set.
    """
    beschikkingsnummer = (beschikkingsnummer or "").strip()
    with transaction.atomic():
        Organisatie.objects.select_for_update(no_key=True).filter(pk=gemeente.pk).first()
        existing = {
            (r.rol, r.beschikkingsnummer): r for r in Rekening.objects.filter(gemeente=gemeente).exclude(rol="")
        }
        rollen = [(rol, "") for rol in ALGEMENE_ROLLEN]
        if beschikkingsnummer:
            rollen += [(rol, beschikkingsnummer) for rol in BESCHIKKING_ROLLEN]
            volgnummer = len({nr for (_rol, nr) in existing if nr} | {beschikkingsnummer})
        result: dict[str, Rekening] = {}
        for rol, nr in rollen:
            rekening = existing.get((rol, nr))
            if rekening is None:
                base, naam, soort, taakveld, categorie = STANDAARD_SCHEMA[rol]
                rekening = Rekening.objects.create(
                    gemeente=gemeente,
                    rol=rol,
                    beschikkingsnummer=nr,
                    nummer=_free_nummer(gemeente, base, volgnummer if nr else None),
                    naam=f"{naam} {nr}".strip(),
                    soort=soort,
                    taakveld=taakveld,
                    economische_categorie=categorie,
                )
                log_event(None, rekening, _("rekening aangemaakt (standaardschema)"), gemeente=gemeente)
            result[rol] = rekening
        return result


def standaard_rekening(gemeente: Organisatie, rol: str, beschikkingsnummer: str = "") -> Rekening:
    """The account with this role (and beschikking) of the gemeente, created from the standard
    chart if it does not exist yet."""
    beschikkingsnummer = (beschikkingsnummer or "").strip()
    _check_rol(rol, beschikkingsnummer)
    rekening = Rekening.objects.filter(gemeente=gemeente, rol=rol, beschikkingsnummer=beschikkingsnummer).first()
    if rekening is None and rol in LATERE_ALGEMENE_ROLLEN + LATERE_BESCHIKKING_ROLLEN:
        rekening = _maak_latere_rekening(gemeente, rol, beschikkingsnummer)
    if rekening is None:
        rekening = ensure_standaard_rekeningschema(gemeente, beschikkingsnummer)[rol]
    return rekening


def _maak_latere_rekening(gemeente: Organisatie, rol: str, beschikkingsnummer: str) -> Rekening:
    """Create an account of a role that is made on first use (Debiteuren, Nog te ontvangen)."""
    with transaction.atomic():
        Organisatie.objects.select_for_update(no_key=True).filter(pk=gemeente.pk).first()
        rekening = Rekening.objects.filter(gemeente=gemeente, rol=rol, beschikkingsnummer=beschikkingsnummer).first()
        if rekening is not None:
            return rekening
        base, naam, soort, taakveld, categorie = STANDAARD_SCHEMA[R(rol)]
        volgnummer = None
        if beschikkingsnummer:
            # Same NN as the beschikking's other accounts (1700.NN → 1450.NN) when it can be read off.
            vooruit = Rekening.objects.filter(
                gemeente=gemeente, rol=R.VOORUITONTVANGEN, beschikkingsnummer=beschikkingsnummer
            ).first()
            suffix = vooruit.nummer.rpartition(".")[2] if vooruit is not None and "." in vooruit.nummer else ""
            volgnummer = int(suffix) if suffix.isdigit() else 1
        rekening = Rekening.objects.create(
            gemeente=gemeente,
            rol=rol,
            beschikkingsnummer=beschikkingsnummer,
            nummer=_free_nummer(gemeente, base, volgnummer),
            naam=f"{naam} {beschikkingsnummer}".strip(),
            soort=soort,
            taakveld=taakveld,
            economische_categorie=categorie,
        )
        log_event(None, rekening, _("rekening aangemaakt (standaardschema)"), gemeente=gemeente)
        return rekening


# ---------------------------------------------------------------------------------------------
# Booking
# ---------------------------------------------------------------------------------------------


def _bedrag(value: Any, wat: str) -> Decimal:
    if isinstance(value, float):
        raise BoekingGeweigerd(_("Bedragen worden als Decimal doorgegeven, nooit als float (%(wat)s).") % {"wat": wat})
    try:
        amount = Decimal(value if value is not None else 0)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise BoekingGeweigerd(_("Ongeldig bedrag voor %(wat)s: %(v)s.") % {"wat": wat, "v": value}) from exc
    if not amount.is_finite() or amount != amount.quantize(CENT):
        raise BoekingGeweigerd(
            _("Het bedrag %(v)s voor %(wat)s heeft meer dan twee decimalen; rond het af op centen.")
            % {"v": value, "wat": wat}
        )
    if abs(amount) >= Decimal("1e12"):
        raise BoekingGeweigerd(_("Het bedrag voor %(wat)s is te groot.") % {"wat": wat})
    return amount.quantize(CENT)


def _valideer(
    gemeente: Organisatie, boekdatum: datetime.date, omschrijving: str, regels: list[Regel], bestedingsjaar: int | None
) -> list[tuple[Regel, Decimal, Decimal, int | None]]:
    if not getattr(gemeente, "pk", None) or gemeente.soort != Organisatie.Soort.GEMEENTE:
        raise BoekingGeweigerd(_("Boeken kan alleen in het grootboek van een gemeente."))
    if boekdatum is None or not hasattr(boekdatum, "year"):
        raise BoekingGeweigerd(_("Vul een boekdatum in."))
    if not (omschrijving or "").strip():
        raise BoekingGeweigerd(_("Geef de journaalpost een omschrijving."))
    if len(regels) < 2:
        raise BoekingGeweigerd(_("Een journaalpost heeft minstens twee regels: een debet- en een creditregel."))
    checked = []
    totaal_debet = totaal_credit = Decimal("0.00")
    for nummer, regel in enumerate(regels, start=1):
        wat = _("regel %(n)s") % {"n": nummer}
        rekening = regel.rekening
        if not isinstance(rekening, Rekening) or rekening.pk is None:
            raise BoekingGeweigerd(_("Regel %(n)s heeft geen bestaande rekening.") % {"n": nummer})
        if rekening.gemeente_id != gemeente.pk:
            raise BoekingGeweigerd(
                _(
                    "Regel %(n)s boekt op rekening %(rek)s van een andere gemeente. Boek alleen op "
                    "rekeningen van %(gemeente)s."
                )
                % {"n": nummer, "rek": rekening, "gemeente": gemeente}
            )
        if not rekening.actief:
            raise BoekingGeweigerd(
                _("Rekening %(rek)s is niet actief. Activeer de rekening of kies een andere.") % {"rek": rekening}
            )
        debet = _bedrag(regel.debet, wat)
        credit = _bedrag(regel.credit, wat)
        if debet < 0 or credit < 0:
            raise BoekingGeweigerd(
                _("Regel %(n)s heeft een negatief bedrag. Boek het bedrag positief aan de andere kant.") % {"n": nummer}
            )
        if (debet > 0) == (credit > 0):
            raise BoekingGeweigerd(
                _("Regel %(n)s moet precies één bedrag hebben: óf debet óf credit, groter dan nul.") % {"n": nummer}
            )
        jaar = regel.bestedingsjaar if regel.bestedingsjaar is not None else bestedingsjaar
        if jaar is not None and not (2000 <= int(jaar) <= 2100):
            raise BoekingGeweigerd(
                _("Regel %(n)s heeft een ongeldig bestedingsjaar: %(j)s.") % {"n": nummer, "j": jaar}
            )
        if jaar is None and rekening.soort == Rekening.Soort.LASTEN:
            raise BoekingGeweigerd(
                _(
                    "Regel %(n)s boekt lasten op %(rek)s zonder bestedingsjaar. Vul het jaar in waarin "
                    "de kosten zijn gemaakt."
                )
                % {"n": nummer, "rek": rekening}
            )
        if regel.relatie is not None and not isinstance(regel.relatie, Organisatie):
            raise BoekingGeweigerd(_("De relatie op regel %(n)s is geen organisatie.") % {"n": nummer})
        if regel.sisa_categorie and regel.sisa_categorie not in SisaCategorie.values:
            raise BoekingGeweigerd(
                _("Regel %(n)s heeft een onbekende SiSa-categorie: %(c)s.") % {"n": nummer, "c": regel.sisa_categorie}
            )
        totaal_debet += debet
        totaal_credit += credit
        checked.append((regel, debet, credit, jaar))
    if totaal_debet == 0:
        raise BoekingGeweigerd(_("Een journaalpost van nul euro wordt niet geboekt."))
    if totaal_debet != totaal_credit:
        raise BoekingGeweigerd(
            _(
                "De journaalpost is niet in balans: debet %(d)s, credit %(c)s (verschil %(v)s). "
                "Pas de bedragen aan zodat debet en credit gelijk zijn."
            )
            % {
                "d": format_bedrag(totaal_debet),
                "c": format_bedrag(totaal_credit),
                "v": format_bedrag(totaal_debet - totaal_credit),
            }
        )
    return checked


def _check_afgesloten_perioden(gemeente: Organisatie, jaar: int, rekeningen: list[Rekening]) -> None:
    """Refuse an entry into boekjaar `jaar` on the accounts of a beschikking whose year `jaar` is
    closed (its release has been booked: `AfgeslotenPeriode`)."""
    nummers = {r.beschikkingsnummer for r in rekeningen if r.beschikkingsnummer}
    if not nummers:
        return
    gesloten = sorted(
        AfgeslotenPeriode.objects.filter(gemeente=gemeente, jaar=jaar, beschikkingsnummer__in=nummers).values_list(
            "beschikkingsnummer", flat=True
        )
    )
    if gesloten:
        raise BoekingGeweigerd(
            _(
                "Jaar %(jaar)s van beschikking %(nr)s is afgesloten: de vrijval over %(jaar)s is geboekt. Boek in een "
                "later jaar (kosten van %(jaar)s worden dan een correctie T-1 in de SiSa van het volgende jaar)."
            )
            % {"jaar": jaar, "nr": ", ".join(gesloten)}
        )


def _sisa_categorie(regel: Regel) -> str:
    """The SiSa category stored on a line: the one given, else for an expense line a relatie of
    soort gemeente means uitvoering door een medeoverheid, anything else zelfstandige uitvoering."""
    if regel.sisa_categorie:
        return regel.sisa_categorie
    if regel.rekening.soort != Rekening.Soort.LASTEN:
        return ""
    if regel.relatie is not None and regel.relatie.soort == Organisatie.Soort.GEMEENTE:
        return SisaCategorie.MEDEOVERHEID
    return SisaCategorie.ZELFSTANDIG


def _lock_boekjaar(gemeente: Organisatie, jaar: int) -> Boekjaar:
    """The Boekjaar row of (gemeente, jaar), locked until the end of the transaction."""
    locked = Boekjaar.objects.select_for_update()
    boekjaar = locked.filter(gemeente=gemeente, jaar=jaar).first()
    if boekjaar is not None:
        return boekjaar
    try:
        with transaction.atomic():
            return Boekjaar.objects.create(gemeente=gemeente, jaar=jaar)
    except IntegrityError:
        # Someone else created it at the same moment; wait for their lock.
        return locked.get(gemeente=gemeente, jaar=jaar)


def _boek(
    actor: Any,
    *,
    gemeente: Organisatie,
    boekdatum: datetime.date,
    omschrijving: str,
    regels: Iterable[Regel],
    bron: models.Model | None,
    bron_referentie: str,
    bestedingsjaar: int | None,
    tegenboeking_van: Journaalpost | None = None,
) -> Journaalpost:
    regels = list(regels)
    checked = _valideer(gemeente, boekdatum, omschrijving, regels, bestedingsjaar)
    bron_type = bron_id = None
    if bron is not None:
        if getattr(bron, "pk", None) is None:
            raise BoekingGeweigerd(_("De bron van een boeking moet een opgeslagen object zijn."))
        bron_type = ContentType.objects.get_for_model(bron)
        bron_id = str(bron.pk)
        if not bron_referentie:
            bron_referentie = str(bron)
    with transaction.atomic(), boeking_context():
        boekjaar = _lock_boekjaar(gemeente, boekdatum.year)
        if boekjaar.gesloten:
            raise BoekingGeweigerd(
                _("Boekjaar %(jaar)s van %(gemeente)s is gesloten. Kies een boekdatum in een open boekjaar.")
                % {"jaar": boekjaar.jaar, "gemeente": gemeente}
            )
        _check_afgesloten_perioden(gemeente, boekjaar.jaar, [regel.rekening for regel, *_rest in checked])
        boekjaar.laatste_volgnummer += 1
        boekjaar.save(update_fields=["laatste_volgnummer"])
        post = Journaalpost(
            gemeente=gemeente,
            boekjaar=boekjaar.jaar,
            volgnummer=boekjaar.laatste_volgnummer,
            boekdatum=boekdatum,
            omschrijving=omschrijving.strip()[:300],
            bron_type=bron_type,
            bron_id=bron_id or "",
            bron_referentie=(bron_referentie or "")[:200],
            tegenboeking_van=tegenboeking_van,
            aangemaakt_door=actor if getattr(actor, "is_authenticated", False) else None,
        )
        post.save()
        Journaalregel.objects.bulk_create(
            [
                Journaalregel(
                    journaalpost=post,
                    rekening=regel.rekening,
                    debet=debet,
                    credit=credit,
                    relatie=regel.relatie,
                    bestedingsjaar=jaar,
                    omschrijving=(regel.omschrijving or "")[:300],
                    sisa_categorie=_sisa_categorie(regel),
                    activiteit_ref=regel.activiteit,
                )
                for regel, debet, credit, jaar in checked
            ]
        )
        log_event(actor, post, _("geboekt"), naar=post.stuknummer)
    return post


@dataclass(frozen=True)
class Boeking:
    """One entry for `boek_in_bulk`: what `boek()` takes, with the source as content type and id
    (bulk loaders know their source ids before the rows exist)."""

    boekdatum: datetime.date
    omschrijving: str
    regels: list[Regel]
    bron_type: ContentType | None = None
    bron_id: str = ""
    bron_referentie: str = ""


def boek_in_bulk(
    actor: Any, gemeente: Organisatie, boekingen: list[Boeking], *, batch_size: int = 5000
) -> list[Journaalpost]:
    """Book many balanced entries of one gemeente at once (data loads such as `manage.py schaal_data`).

    Each entry passes the same checks as `boek()` (balance, one side per line, accounts of this
    gemeente, bestedingsjaar on lasten, open boekjaar and period); stuknummers stay gapless: every
    boekjaar is locked and its entries numbered in boekdatum order after its last volgnummer. One
    timeline entry per boekjaar instead of one per entry. Returns the entries in the order given.
    Permission: `grootboek.boeken` on the gemeente."""
    require(actor, "grootboek.boeken", gemeente, _("U mag niet boeken in het grootboek van deze gemeente."))
    checked = [(b, _valideer(gemeente, b.boekdatum, b.omschrijving, b.regels, None)) for b in boekingen]
    per_jaar: dict[int, list[int]] = {}
    for index, (b, _regels) in enumerate(checked):
        per_jaar.setdefault(b.boekdatum.year, []).append(index)
    posten: list[Journaalpost | None] = [None] * len(checked)
    door = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic(), boeking_context():
        for jaar in sorted(per_jaar):
            boekjaar = _lock_boekjaar(gemeente, jaar)
            if boekjaar.gesloten:
                raise BoekingGeweigerd(
                    _("Boekjaar %(jaar)s van %(gemeente)s is gesloten. Kies een boekdatum in een open boekjaar.")
                    % {"jaar": jaar, "gemeente": gemeente}
                )
            indexen = sorted(per_jaar[jaar], key=lambda i: (checked[i][0].boekdatum, i))
            rekeningen = {regel.rekening.pk: regel.rekening for i in indexen for regel, *_rest in checked[i][1]}
            _check_afgesloten_perioden(gemeente, jaar, list(rekeningen.values()))
            eerste = boekjaar.laatste_volgnummer + 1
            nieuw = []
            for volgnummer, i in enumerate(indexen, start=eerste):
                b = checked[i][0]
                post = Journaalpost(
                    gemeente=gemeente,
                    boekjaar=jaar,
                    volgnummer=volgnummer,
                    boekdatum=b.boekdatum,
                    omschrijving=b.omschrijving.strip()[:300],
                    bron_type=b.bron_type,
                    bron_id=b.bron_id,
                    bron_referentie=b.bron_referentie[:200],
                    aangemaakt_door=door,
                )
                posten[i] = post
                nieuw.append(post)
            Journaalpost.objects.bulk_create(nieuw, batch_size=batch_size)
            Journaalregel.objects.bulk_create(
                (
                    Journaalregel(
                        journaalpost=posten[i],
                        rekening=regel.rekening,
                        debet=debet,
                        credit=credit,
                        relatie=regel.relatie,
                        bestedingsjaar=regeljaar,
                        omschrijving=(regel.omschrijving or "")[:300],
                        sisa_categorie=_sisa_categorie(regel),
                        activiteit_ref=regel.activiteit,
                    )
                    for i in indexen
                    for regel, debet, credit, regeljaar in checked[i][1]
                ),
                batch_size=batch_size,
            )
            boekjaar.laatste_volgnummer = eerste + len(indexen) - 1
            boekjaar.save(update_fields=["laatste_volgnummer"])
            log_event(
                actor,
                boekjaar,
                _("%(n)s journaalposten in één keer geboekt (%(van)s t/m %(tot)s)")
                % {
                    "n": len(indexen),
                    "van": Journaalpost.format_stuknummer(jaar, eerste),
                    "tot": Journaalpost.format_stuknummer(jaar, boekjaar.laatste_volgnummer),
                },
                gemeente=gemeente,
            )
    return [p for p in posten if p is not None]


def boek(
    actor: Any,
    *,
    gemeente: Organisatie,
    boekdatum: datetime.date,
    omschrijving: str,
    regels: Iterable[Regel],
    bron: models.Model | None = None,
    bron_referentie: str = "",
    bestedingsjaar: int | None = None,
) -> Journaalpost:
    """Book one balanced entry in one transaction, or refuse it with BoekingGeweigerd.

    `regels`: list of `Regel`. `bestedingsjaar` is the default for lines that do not set their
    own; lines on a lasten account must have one. `bron`: the source object (stored as a generic
    reference) with `bron_referentie` as the human reference (default `str(bron)`).
    Callable inside the caller's own transaction. Permission: `grootboek.boeken` on the gemeente
    (financien or beleid of that gemeente).
    """
    require(actor, "grootboek.boeken", gemeente, _("U mag niet boeken in het grootboek van deze gemeente."))
    return _boek(
        actor,
        gemeente=gemeente,
        boekdatum=boekdatum,
        omschrijving=omschrijving,
        regels=regels,
        bron=bron,
        bron_referentie=bron_referentie,
        bestedingsjaar=bestedingsjaar,
    )


def tegenboek(
    actor: Any, journaalpost: Journaalpost, reden: str, *, boekdatum: datetime.date | None = None
) -> Journaalpost:
    """Reverse an entry: a mirrored entry (debet and credit swapped, same accounts, relations and
    bestedingsjaren) with `tegenboeking_van` set. An entry can be reversed once. `boekdatum`
    defaults to today. Permission: `grootboek.tegenboeken` (financien of the gemeente)."""
    require(
        actor,
        "grootboek.tegenboeken",
        journaalpost,
        _("U mag geen tegenboekingen maken in het grootboek van deze gemeente."),
    )
    reden = (reden or "").strip()
    if not reden:
        raise BoekingGeweigerd(_("Geef de reden van de tegenboeking op."))
    boekdatum = boekdatum or timezone.localdate()
    with transaction.atomic():
        origineel = Journaalpost.objects.select_for_update().select_related("gemeente").get(pk=journaalpost.pk)
        if Journaalpost.objects.filter(tegenboeking_van=origineel).exists():
            raise BoekingGeweigerd(
                _("Journaalpost %(nr)s is al tegengeboekt; een post wordt maar één keer tegengeboekt.")
                % {"nr": origineel.stuknummer}
            )
        regels = [
            Regel(
                rekening=regel.rekening,
                debet=regel.credit,
                credit=regel.debet,
                relatie=regel.relatie,
                bestedingsjaar=regel.bestedingsjaar,
                omschrijving=regel.omschrijving,
                sisa_categorie=regel.sisa_categorie,
                activiteit=regel.activiteit_ref,
            )
            for regel in origineel.regels.select_related("rekening", "relatie").order_by("id")
        ]
        omschrijving = _("Tegenboeking van %(nr)s: %(reden)s") % {"nr": origineel.stuknummer, "reden": reden}
        try:
            with transaction.atomic():
                post = _boek(
                    actor,
                    gemeente=origineel.gemeente,
                    boekdatum=boekdatum,
                    omschrijving=omschrijving,
                    regels=regels,
                    bron=origineel.bron if origineel.bron_type_id else None,
                    bron_referentie=origineel.bron_referentie,
                    bestedingsjaar=None,
                    tegenboeking_van=origineel,
                )
        except IntegrityError as exc:
            raise BoekingGeweigerd(_("Journaalpost %(nr)s is al tegengeboekt.") % {"nr": origineel.stuknummer}) from exc
        log_event(actor, origineel, _("tegengeboekt"), naar=post.stuknummer, reden=reden)
    return post


def tegenboek_handmatig(
    actor: Any, journaalpost: Journaalpost, reden: str, *, boekdatum: datetime.date | None = None
) -> Journaalpost:
    """A reversal made on the ledger page. Only for entries without a source document: an entry of a
    declaratie, termijn, betaling, vrijval or terugbetaling is corrected through that source's own
    correction action, so the subledger status always follows the ledger."""
    if journaalpost.bron_type_id:
        raise BoekingGeweigerd(
            _(
                "Journaalpost %(nr)s hoort bij %(bron)s. Corrigeer deze boeking via de correctieactie van die bron "
                "(bijvoorbeeld storno van de declaratie, de betaling of de ontvangen termijn), niet met een "
                "tegenboeking in het grootboek; dan blijft de status van de bron gelijk aan het grootboek."
            )
            % {"nr": journaalpost.stuknummer, "bron": journaalpost.bron_referentie or journaalpost.bron_type}
        )
    return tegenboek(actor, journaalpost, reden, boekdatum=boekdatum)


def sluit_periode(actor: Any, gemeente: Organisatie, beschikkingsnummer: str, jaar: int, *, reden: str = "") -> None:
    """Close year `jaar` of one beschikking's accounts: no entry may be booked into boekjaar `jaar` on
    them afterwards. Called by spuk's jaarafsluiting right after it booked the release, in the same
    transaction. Permission: `grootboek.boeken` on the gemeente."""
    require(actor, "grootboek.boeken", gemeente, _("U mag niet boeken in het grootboek van deze gemeente."))
    with transaction.atomic():
        _perioden, created = AfgeslotenPeriode.objects.get_or_create(
            gemeente=gemeente,
            beschikkingsnummer=beschikkingsnummer,
            jaar=int(jaar),
            defaults={
                "reden": reden[:200],
                "afgesloten_door": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        if created:
            log_event(actor, gemeente, _("periode afgesloten"), naar=f"{beschikkingsnummer} {jaar}", reden=reden)


def periode_afgesloten(gemeente: Organisatie | int, beschikkingsnummer: str, jaar: int) -> bool:
    return AfgeslotenPeriode.objects.filter(
        gemeente=gemeente, beschikkingsnummer=beschikkingsnummer, jaar=int(jaar)
    ).exists()


def bezwaren_tegen_sluiten(gemeente: Organisatie, jaar: int) -> list[str]:
    """Why boekjaar `jaar` may not be closed yet (Dutch texts; empty: it may). Every beschikking whose
    accounts carry lines in `jaar` needs its period closed (its release booked); apps add their own
    reasons in `controles.py` (`boekjaar_bezwaren(gemeente, jaar)`; spuk: a beschikking whose period
    covers the year without a jaarafsluiting, or with Lasten of the year not yet released)."""
    jaar = int(jaar)
    bezwaren: list[str] = []
    nummers = set(
        Journaalregel.objects.filter(journaalpost__gemeente=gemeente, journaalpost__boekjaar=jaar)
        .exclude(rekening__beschikkingsnummer="")
        .values_list("rekening__beschikkingsnummer", flat=True)
        .distinct()
    )
    gesloten = set(
        AfgeslotenPeriode.objects.filter(gemeente=gemeente, jaar=jaar).values_list("beschikkingsnummer", flat=True)
    )
    for nr in sorted(nummers - gesloten):
        bezwaren.append(
            _("De jaarafsluiting (vrijval) %(jaar)s van beschikking %(nr)s is nog niet uitgevoerd.")
            % {"jaar": jaar, "nr": nr}
        )
    for check in controles.boekjaar_checks():
        for tekst in check(gemeente, jaar):
            if tekst not in bezwaren:
                bezwaren.append(tekst)
    return bezwaren


def sluit_boekjaar(actor: Any, gemeente: Organisatie, jaar: int) -> Boekjaar:
    """Close a year: no entry can be booked in it afterwards. Refused while a release (vrijval) of the
    year is missing or incomplete (`bezwaren_tegen_sluiten`). Permission: financien of the gemeente."""
    require(actor, "grootboek.sluit_boekjaar", gemeente, _("U mag boekjaren van deze gemeente niet sluiten."))
    with transaction.atomic():
        boekjaar = _lock_boekjaar(gemeente, int(jaar))
        if boekjaar.gesloten:
            raise BoekingGeweigerd(_("Boekjaar %(jaar)s is al gesloten.") % {"jaar": boekjaar.jaar})
        bezwaren = bezwaren_tegen_sluiten(gemeente, boekjaar.jaar)
        if bezwaren:
            raise BoekingGeweigerd(
                [_("Boekjaar %(jaar)s kan nog niet worden gesloten.") % {"jaar": boekjaar.jaar}, *bezwaren]
            )
        boekjaar.gesloten = True
        boekjaar.gesloten_op = timezone.now()
        boekjaar.gesloten_door = actor
        boekjaar.save(update_fields=["gesloten", "gesloten_op", "gesloten_door"])
        log_transition(actor, boekjaar, _("open"), _("gesloten"))
    return boekjaar


# ---------------------------------------------------------------------------------------------
# Master data: the account mapping and the ERP export profile (not booked records, so editable).
# ---------------------------------------------------------------------------------------------

REKENING_WIJZIGBARE_VELDEN = ("nummer", "naam", "kostenplaats", "taakveld", "economische_categorie", "actief")


def wijzig_rekening(actor: Any, rekening: Rekening, **velden: Any) -> Rekening:
    """Map an account onto the gemeente's own chart: number, name, kostenplaats, Iv3 coding."""
    require(
        actor,
        "grootboek.wijzig_rekeningschema",
        rekening,
        _("U mag het rekeningschema van deze gemeente niet wijzigen."),
    )
    unknown = set(velden) - set(REKENING_WIJZIGBARE_VELDEN)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        rekening = Rekening.objects.select_for_update().get(pk=rekening.pk)
        changes = []
        for veld, waarde in velden.items():
            if isinstance(waarde, str):
                waarde = waarde.strip()
            oud = getattr(rekening, veld)
            if oud != waarde:
                changes.append(f"{veld}: {oud} → {waarde}")
                setattr(rekening, veld, waarde)
        if not changes:
            return rekening
        if not rekening.nummer:
            raise ValidationError({"nummer": _("Vul een grootboeknummer in.")})
        if (
            Rekening.objects.filter(gemeente_id=rekening.gemeente_id, nummer=rekening.nummer)
            .exclude(pk=rekening.pk)
            .exists()
        ):
            raise ValidationError(
                {
                    "nummer": _("Grootboeknummer %(nr)s bestaat al in deze gemeente. Kies een ander nummer.")
                    % {"nr": rekening.nummer}
                }
            )
        rekening._change_reason = "; ".join(changes)[:100]  # type: ignore[attr-defined]  # read by simple_history
        rekening.save()
        log_event(actor, rekening, _("rekening gewijzigd"), reden="; ".join(changes))
    return rekening


def sla_erp_profiel_op(
    actor: Any, gemeente: Organisatie, *, kolommen: Any, scheidingsteken: str, decimaalkomma: bool, datumformaat: str
) -> ErpExportProfiel:
    """Store the ERP export template of a gemeente. Permission: financien of the gemeente."""
    require(
        actor,
        "grootboek.wijzig_rekeningschema",
        gemeente,
        _("U mag het ERP-exportprofiel van deze gemeente niet wijzigen."),
    )
    kolommen = valideer_kolommen(kolommen)
    with transaction.atomic():
        profiel, _created = ErpExportProfiel.objects.select_for_update().get_or_create(gemeente=gemeente)
        profiel.kolommen = kolommen
        profiel.scheidingsteken = scheidingsteken
        profiel.decimaalkomma = decimaalkomma
        profiel.datumformaat = datumformaat
        profiel.save()
        log_event(actor, profiel, _("ERP-exportprofiel gewijzigd"), gemeente=gemeente)
    return profiel


def herbereken_rekeningtotalen(gemeente: Organisatie | None = None) -> int:
    """Rebuild `Rekeningtotaal` from the lines (of one gemeente, or all): after loading lines with
    COPY or raw SQL, which bypasses boek(). Holds the Boekjaar locks, so no booking runs meanwhile.
    Returns the number of totals rows written. An operator's repair, not a booking: no actor."""
    with transaction.atomic():
        boekjaren = Boekjaar.objects.select_for_update().order_by("gemeente_id", "jaar")
        rekeningen = Rekening.objects.all()
        if gemeente is not None:
            boekjaren = boekjaren.filter(gemeente=gemeente)
            rekeningen = rekeningen.filter(gemeente=gemeente)
        list(boekjaren)
        Rekeningtotaal.objects.filter(rekening__in=rekeningen).delete()
        totalen = [
            Rekeningtotaal(
                rekening_id=row["rekening"],
                boekjaar=row["boekjaar"],
                bestedingsjaar=row["jaar"],
                maand=row["maand"],
                relatie_ref=row["relatie_ref"],
                sisa_categorie=row["sisa_categorie"] or "",
                debet=row["debet"],
                credit=row["credit"],
                aantal=row["aantal"],
            )
            for row in queries.totalen_van_regels(Journaalregel.objects.filter(rekening__in=rekeningen))
        ]
        Rekeningtotaal.objects.bulk_create(totalen, batch_size=5000)
    return len(totalen)
