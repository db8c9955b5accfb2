"""Read models of spuk, used by its views and reports and by `declaraties` (keep names stable).

Every amount is computed from the grootboek (SQL aggregates over Journaalregel), never stored.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from buurtplan.models import Buurt
from buurtplan.queries import spuk_totalen_per_jaar
from core.models import Organisatie
from grootboek import api as grootboek
from mijlpalen.queries import mijlpalen_totalen_per_jaar

from .models import (
    Aanvraag,
    AanvraagBedrag,
    Beschikking,
    Jaarafsluiting,
    Regeling,
    SisaVerantwoording,
    Termijn,
    Terugbetaling,
)

ZERO = Decimal("0.00")
R = grootboek.Rol
_MONEY = DecimalField(max_digits=16, decimal_places=2)
ACTIEVE_STATUSSEN = (Aanvraag.Status.VERLEEND, Aanvraag.Status.VASTGESTELD)


# ---------------------------------------------------------------------------------------------
# Public interface for declaraties
# ---------------------------------------------------------------------------------------------


def beschikking_voor_buurt(buurt: Buurt) -> Beschikking | None:
    """The granted beschikking (aanvraag verleend or vastgesteld) whose aanvraag includes `buurt`,
    newest first; None when the buurt has none. Declaraties books on its accounts."""
    return (
        Beschikking.objects.filter(aanvraag__buurten=buurt, aanvraag__status__in=ACTIEVE_STATUSSEN)
        .select_related("aanvraag", "gemeente")
        .order_by("-datum", "-pk")
        .first()
    )


def beschikkingsnummer_voor_buurt(buurt: Buurt) -> str | None:
    """The beschikkingsnummer of `beschikking_voor_buurt(buurt)`, or None."""
    beschikking = beschikking_voor_buurt(buurt)
    return beschikking.nummer if beschikking else None


def beschikkingen_van_gemeente(gemeente: Organisatie) -> QuerySet[Beschikking]:
    """Granted beschikkingen of a gemeente (penvoerder), newest first."""
    return Beschikking.objects.filter(gemeente=gemeente, aanvraag__status__in=ACTIEVE_STATUSSEN).select_related(
        "aanvraag"
    )


# ---------------------------------------------------------------------------------------------
# Aanvraag: reconciliation of requested amounts, buurtbegrotingen and milestone amounts
# ---------------------------------------------------------------------------------------------


def aangevraagd_per_jaar(aanvraag: Aanvraag) -> dict[int, Decimal]:
    return {b.jaar: b.bedrag for b in aanvraag.bedragen.all()}


def reconciliatie(aanvraag: Aanvraag, aangevraagd: dict[int, Decimal] | None = None) -> dict[str, Any]:
    """Per year: requested amount against the SPUK lines of the buurtbegrotingen (sum over the
    aanvraag's buurten) and against the social-domain milestone amounts.

    Returns {"rijen": [{jaar, aangevraagd, begroting, mijlpalen, verschil_begroting, verschil_mijlpalen,
    klopt}], "totaal": {...same keys...}, "verschillen": [rij...], "klopt": bool}.
    verschil_* = aangevraagd − other. `aangevraagd` may be passed ({jaar: Decimal}) to check
    amounts that are not saved yet.
    """
    aangevraagd = aangevraagd if aangevraagd is not None else aangevraagd_per_jaar(aanvraag)
    begroting: dict[int, Decimal] = {}
    mijlpalen: dict[int, Decimal] = {}
    for buurt in aanvraag.buurten.all():
        for jaar, bedrag in spuk_totalen_per_jaar(buurt).items():
            begroting[jaar] = begroting.get(jaar, ZERO) + bedrag
        for jaar, bedrag in mijlpalen_totalen_per_jaar(buurt).items():
            mijlpalen[jaar] = mijlpalen.get(jaar, ZERO) + bedrag
    rijen: list[dict[str, Any]] = []
    for jaar in sorted(set(aangevraagd) | set(begroting) | set(mijlpalen)):
        a, b, m = aangevraagd.get(jaar, ZERO), begroting.get(jaar, ZERO), mijlpalen.get(jaar, ZERO)
        rijen.append(
            {
                "jaar": jaar,
                "aangevraagd": a,
                "begroting": b,
                "mijlpalen": m,
                "verschil_begroting": a - b,
                "verschil_mijlpalen": a - m,
                "klopt": a == b and a == m,
            }
        )
    totaal = {
        key: sum((r[key] for r in rijen), ZERO)
        for key in ("aangevraagd", "begroting", "mijlpalen", "verschil_begroting", "verschil_mijlpalen")
    }
    totaal["klopt"] = all(r["klopt"] for r in rijen)
    verschillen = [r for r in rijen if not r["klopt"]]
    return {"rijen": rijen, "totaal": totaal, "verschillen": verschillen, "klopt": not verschillen}


# ---------------------------------------------------------------------------------------------
# Beschikking: termijnen, bookings, verloopstaat
# ---------------------------------------------------------------------------------------------


def regels_van_beschikking(beschikking: Beschikking) -> QuerySet:
    """Every ledger line on the beschikking's accounts, with entry, account and relation."""
    return grootboek.regels_van_beschikking(beschikking.gemeente_id, beschikking.nummer, rol=None)


def termijnen_overzicht(beschikking: Beschikking) -> dict[str, Any]:
    termijnen = list(beschikking.termijnen.select_related("journaalpost").order_by("jaar"))
    return {
        "termijnen": termijnen,
        "verwacht": sum((t.verwacht_bedrag for t in termijnen), ZERO),
        "ontvangen": sum((t.ontvangen_bedrag or ZERO for t in termijnen), ZERO),
    }


@dataclass
class Verloopstaat:
    """BBV art. 52a: the course of the Vooruitontvangen balance of one beschikking in year T.

    Liability amounts are shown positive (credit balance). `overig` holds mutations that are
    not termijnen, vrijval or terugbetalingen (manual entries), so the statement always closes.
    """

    jaar: int
    beginsaldo: Decimal
    ontvangen: Decimal
    vrijgevallen: Decimal
    terugbetaald: Decimal
    overig: Decimal
    eindsaldo: Decimal
    grootboeksaldo: Decimal

    @property
    def sluit(self) -> bool:
        berekend = self.beginsaldo + self.ontvangen - self.vrijgevallen - self.terugbetaald + self.overig
        return berekend == self.eindsaldo == self.grootboeksaldo

    def as_dict(self) -> dict[str, Any]:
        return {
            "jaar": self.jaar,
            "beginsaldo": self.beginsaldo,
            "ontvangen": self.ontvangen,
            "vrijgevallen": self.vrijgevallen,
            "terugbetaald": self.terugbetaald,
            "overig": self.overig,
            "eindsaldo": self.eindsaldo,
            "grootboeksaldo": self.grootboeksaldo,
        }


def verloopstaat(beschikking: Beschikking, jaar: int) -> Verloopstaat:
    """The verloopstaat of `beschikking` for year `jaar`, from the Vooruitontvangen account.

    Lines are classified by the source of their journal entry (a reversal keeps its original's
    source, so it nets out in the same row): Termijn → ontvangen, Jaarafsluiting → vrijgevallen,
    Terugbetaling → terugbetaald, anything else → overig. The closing balance is checked against
    the ledger balance at 31-12-T.
    """
    jaar = int(jaar)
    if grootboek.rekening(beschikking.gemeente_id, R.VOORUITONTVANGEN, beschikking.nummer) is None:
        return Verloopstaat(jaar, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO)
    Deel = grootboek.Deel
    figures = grootboek.netto_sommen(
        beschikking.gemeente_id,
        beschikking.nummer,
        R.VOORUITONTVANGEN,
        {
            "begin": Deel(voor_boekjaar=jaar),
            "ontvangen": Deel(boekjaar=jaar, bron=Termijn),
            "vrijval": Deel(boekjaar=jaar, bron=Jaarafsluiting),
            "terug": Deel(boekjaar=jaar, bron=Terugbetaling),
            "totaal": Deel(boekjaar=jaar),
        },
        binnen=Deel(tot_boekjaar=jaar),
        credit_positief=True,
    )
    begin, ontvangen, totaal = figures["begin"], figures["ontvangen"], figures["totaal"]
    vrijgevallen, terugbetaald = -figures["vrijval"], -figures["terug"]
    overig = totaal - ontvangen + vrijgevallen + terugbetaald
    eind = begin + totaal
    grootboeksaldo = -grootboek.saldo_op(
        beschikking.gemeente_id, R.VOORUITONTVANGEN, beschikking.nummer, datetime.date(jaar, 12, 31)
    )
    return Verloopstaat(jaar, begin, ontvangen, vrijgevallen, terugbetaald, overig, eind, grootboeksaldo)


def verloopstaten(beschikking: Beschikking) -> list[Verloopstaat]:
    """The verloopstaat of every year of the beschikking period (and later years with entries)."""
    jaren = set(beschikking.jaren) | grootboek.boekjaren_van_rekening(
        beschikking.gemeente_id, R.VOORUITONTVANGEN, beschikking.nummer
    )
    return [verloopstaat(beschikking, jaar) for jaar in sorted(jaren)]


def _netto_in_boekjaar(beschikking: Beschikking, rol: str, jaar: int, *, credit_positief: bool) -> Decimal:
    return grootboek.netto_sommen(
        beschikking.gemeente_id,
        beschikking.nummer,
        rol,
        {"netto": grootboek.Deel(boekjaar=jaar)},
        credit_positief=credit_positief,
    )["netto"]


def lasten_netto_in_boekjaar(beschikking: Beschikking, jaar: int) -> Decimal:
    """Net Lasten SPUK (debet − credit) booked in boekjaar `jaar` on the beschikking."""
    return _netto_in_boekjaar(beschikking, R.LASTEN, jaar, credit_positief=False)


def baten_netto_in_boekjaar(beschikking: Beschikking, jaar: int) -> Decimal:
    """Net Baten SPUK (credit − debet) booked in boekjaar `jaar` on the beschikking (released so far)."""
    return _netto_in_boekjaar(beschikking, R.BATEN, jaar, credit_positief=True)


def nog_vrij_te_laten(beschikking: Beschikking, jaar: int) -> Decimal:
    """What the jaarafsluiting of `jaar` would release: net Lasten of boekjaar T not released yet."""
    return lasten_netto_in_boekjaar(beschikking, jaar) - baten_netto_in_boekjaar(beschikking, jaar)


def financieel_overzicht(beschikking: Beschikking) -> dict[str, Decimal]:
    """Totals over the life of the beschikking: received, spent (Lasten), released, repaid, balance."""
    result = {
        "ontvangen": ZERO,
        "lasten": ZERO,
        "vrijgevallen": ZERO,
        "terugbetaald": ZERO,
        "saldo_vooruitontvangen": ZERO,
        "te_betalen_rijk": ZERO,
    }
    per_rol = grootboek.sommen_per_rol(beschikking.gemeente_id, beschikking.nummer)
    d, c = per_rol.get(R.LASTEN, (ZERO, ZERO))
    result["lasten"] = d - c
    d, c = per_rol.get(R.BATEN, (ZERO, ZERO))
    result["vrijgevallen"] = c - d
    d, c = per_rol.get(R.VOORUITONTVANGEN, (ZERO, ZERO))
    result["saldo_vooruitontvangen"] = c - d
    d, c = per_rol.get(R.TE_BETALEN_RIJK, (ZERO, ZERO))
    result["te_betalen_rijk"] = c - d
    result["ontvangen"] = sum(
        (t.ontvangen_bedrag or ZERO for t in beschikking.termijnen.all() if t.status == Termijn.Status.ONTVANGEN), ZERO
    )
    result["terugbetaald"] = sum((t.bedrag for t in beschikking.terugbetalingen.all()), ZERO)
    return result


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


def huidige_regeling() -> Regeling | None:
    """The regulation new aanvragen are made under (the first one recorded), or None when no
    regulation has been recorded yet."""
    return Regeling.objects.order_by("pk").first()


def aanvragen_lijst(user: Any) -> QuerySet[Aanvraag]:
    """The aanvragen the user may see, with requested total and beschikkingsnummer."""
    totaal = Coalesce(
        Subquery(
            AanvraagBedrag.objects.filter(aanvraag=OuterRef("pk"))
            .order_by()
            .values("aanvraag")
            .annotate(t=Sum("bedrag"))
            .values("t")[:1],
            output_field=_MONEY,
        ),
        Decimal("0.00"),
        output_field=_MONEY,
    )
    return (
        Aanvraag.objects.visible_to(user)
        .select_related("gemeente")
        .annotate(totaal=totaal, beschikkingsnummer=F("beschikking__nummer"))
    )


def beschikkingen_lijst(user: Any) -> QuerySet[Beschikking]:
    """The beschikkingen the user may see, with the amount received so far."""
    ontvangen = Coalesce(
        Subquery(
            Termijn.objects.filter(beschikking=OuterRef("pk"), status=Termijn.Status.ONTVANGEN)
            .order_by()
            .values("beschikking")
            .annotate(t=Sum("ontvangen_bedrag"))
            .values("t")[:1],
            output_field=_MONEY,
        ),
        Decimal("0.00"),
        output_field=_MONEY,
    )
    return Beschikking.objects.visible_to(user).select_related("gemeente", "aanvraag").annotate(ontvangen=ontvangen)


def jaren_overzicht(beschikking: Beschikking, vandaag: datetime.date) -> list[dict[str, Any]]:
    """Per year of the period: its jaarafsluiting (or what it would release) and whether the year is over."""
    afgesloten = {j.jaar: j for j in beschikking.jaarafsluitingen.select_related("journaalpost")}
    return [
        {
            "jaar": jaar,
            "afsluiting": afgesloten.get(jaar),
            "nog_vrij_te_laten": nog_vrij_te_laten(beschikking, jaar) if jaar not in afgesloten else None,
            "voorbij": jaar not in afgesloten and datetime.date(jaar, 12, 31) <= vandaag,
        }
        for jaar in beschikking.jaren
    ]


def terugbetalingen(beschikking: Beschikking) -> list[Terugbetaling]:
    return list(beschikking.terugbetalingen.select_related("journaalpost", "betaal_journaalpost"))


def definitieve_verantwoordingen(beschikking: Beschikking, jaar: int | None = None) -> QuerySet[SisaVerantwoording]:
    qs = beschikking.verantwoordingen.filter(status=SisaVerantwoording.Status.DEFINITIEF)
    if jaar is not None:
        qs = qs.filter(jaar=int(jaar))
    return qs.order_by("jaar", "versie")


def versies(beschikking: Beschikking, jaar: int) -> list[SisaVerantwoording]:
    """Every stored version of the SiSa verantwoording of (beschikking, jaar), newest first."""
    return list(beschikking.verantwoordingen.filter(jaar=int(jaar)).order_by("-versie"))


def versie_bestaat(beschikking: Beschikking, jaar: int, versie: int) -> bool:
    return beschikking.verantwoordingen.filter(jaar=int(jaar), versie=int(versie)).exists()


def geldende_verantwoording(beschikking: Beschikking, jaar: int) -> SisaVerantwoording | None:
    """The newest definitief version of (beschikking, jaar), or None."""
    return (
        SisaVerantwoording.objects.filter(
            beschikking=beschikking, jaar=int(jaar), status=SisaVerantwoording.Status.DEFINITIEF
        )
        .order_by("-versie")
        .first()
    )
