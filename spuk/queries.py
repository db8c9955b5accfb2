"""Read models of spuk, used by its views and reports and by `declaraties` (keep names stable).

Every amount is computed from the grootboek (SQL aggregates over Journaalregel), never stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page
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
    NogTeOntvangen,
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


def beschikking_voor_buurt(buurt: Buurt, jaar: int | None = None) -> Beschikking | None:
    """The granted beschikking (aanvraag verleend or vastgesteld) whose aanvraag includes `buurt`;
    with `jaar`, the one whose period contains that year (the beschikking is chosen by period, not
    by recency); None when there is none. Without `jaar` (display only): the newest."""
    qs = Beschikking.objects.filter(aanvraag__buurten=buurt, aanvraag__status__in=ACTIEVE_STATUSSEN)
    if jaar is not None:
        qs = qs.filter(periode_start_jaar__lte=int(jaar), periode_eind_jaar__gte=int(jaar))
    return qs.select_related("aanvraag", "gemeente").order_by("-datum", "-pk").first()


def beschikkingsnummer_voor_buurt(buurt: Buurt, jaar: int | None = None) -> str | None:
    """The beschikkingsnummer of `beschikking_voor_buurt(buurt, jaar)`, or None."""
    beschikking = beschikking_voor_buurt(buurt, jaar)
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


def regels_pagina(beschikking: Beschikking, pagina: Any, per_pagina: int = 25) -> Page:
    """One page of the beschikking's ledger lines, the latest booking first: the page shows what
    happened lately, the account's rekeningkaart has the rest."""
    return grootboek.nieuwste_regels_pagina(beschikking.gemeente_id, beschikking.nummer, pagina, per_pagina)


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

    Liability amounts are shown positive (credit balance). Each movement is classified by the source
    of its entry and checked against spuk's own records: the vrijval against the Jaarafsluiting of
    T, the repayments against the Terugbetaling records of T (their part taken from Vooruitontvangen),
    the reclassification *nog te ontvangen* against the NogTeOntvangen records. `overig` holds
    mutations with any other source (manual entries); it must be zero. `sluit` is False on any
    difference, so the statement can fail.
    """

    jaar: int
    beginsaldo: Decimal
    ontvangen: Decimal
    vrijgevallen: Decimal
    terugbetaald: Decimal
    overig: Decimal
    eindsaldo: Decimal
    grootboeksaldo: Decimal
    nog_te_ontvangen: Decimal = ZERO
    vrijval_volgens_jaarafsluiting: Decimal = ZERO
    terug_volgens_terugbetalingen: Decimal = ZERO
    nog_te_ontvangen_volgens_administratie: Decimal = ZERO

    @property
    def verschillen(self) -> list[str]:
        result = []
        if self.overig:
            result.append("overig")
        if self.vrijgevallen != self.vrijval_volgens_jaarafsluiting:
            result.append("vrijgevallen")
        if self.terugbetaald != self.terug_volgens_terugbetalingen:
            result.append("terugbetaald")
        if self.nog_te_ontvangen != self.nog_te_ontvangen_volgens_administratie:
            result.append("nog_te_ontvangen")
        berekend = (
            self.beginsaldo
            + self.ontvangen
            - self.vrijgevallen
            - self.terugbetaald
            + self.nog_te_ontvangen
            + self.overig
        )
        if not (berekend == self.eindsaldo == self.grootboeksaldo):
            result.append("eindsaldo")
        return result

    @property
    def sluit(self) -> bool:
        return not self.verschillen

    def as_dict(self) -> dict[str, Any]:
        return {
            "jaar": self.jaar,
            "beginsaldo": self.beginsaldo,
            "ontvangen": self.ontvangen,
            "vrijgevallen": self.vrijgevallen,
            "terugbetaald": self.terugbetaald,
            "nog_te_ontvangen": self.nog_te_ontvangen,
            "overig": self.overig,
            "eindsaldo": self.eindsaldo,
            "grootboeksaldo": self.grootboeksaldo,
        }


def _records_per_jaar(beschikking: Beschikking) -> dict[str, dict[int, Decimal]]:
    """spuk's own records per year: vrijval per Jaarafsluiting, repayments from Vooruitontvangen per
    boekjaar, and nog te ontvangen (+ on 31-12-T, − on its reversal 1-1-T+1)."""
    vrijval = dict(beschikking.jaarafsluitingen.values_list("jaar", "vrijval"))
    terug: dict[int, Decimal] = {}
    for boekdatum, bedrag in beschikking.terugbetalingen.values_list("boekdatum", "uit_vooruitontvangen"):
        terug[boekdatum.year] = terug.get(boekdatum.year, ZERO) + bedrag
    nto: dict[int, Decimal] = {}
    for rij in beschikking.nog_te_ontvangen.all():
        nto[rij.jaar] = nto.get(rij.jaar, ZERO) + rij.bedrag
        if rij.terugboeking_id:
            nto[rij.jaar + 1] = nto.get(rij.jaar + 1, ZERO) - rij.bedrag
    return {"vrijval": vrijval, "terug": terug, "nto": nto}


def _vooruitontvangen_per_jaar_en_bron(beschikking: Beschikking) -> dict[tuple[int, int | None], Decimal] | None:
    """Vooruitontvangen (credit − debet) per boekjaar and source type, one query; None without the
    account or its lines."""
    sommen = grootboek.netto_per_boekjaar_en_bron(
        beschikking.gemeente_id, beschikking.nummer, R.VOORUITONTVANGEN, credit_positief=True
    )
    return sommen or None


def verloopstaat(
    beschikking: Beschikking,
    jaar: int,
    records: dict[str, dict[int, Decimal]] | None = None,
    sommen: dict[tuple[int, int | None], Decimal] | None = None,
    grootboeksaldo: Decimal | None = None,
) -> Verloopstaat:
    """The verloopstaat of `beschikking` for year `jaar`, from the Vooruitontvangen account.

    Lines are classified by the source of their journal entry (a reversal keeps its original's
    source, so it nets out in the same row): Termijn → ontvangen, Jaarafsluiting → vrijgevallen,
    Terugbetaling → terugbetaald, NogTeOntvangen → nog te ontvangen, anything else → overig. Each is
    compared with spuk's records (see `Verloopstaat`). `sommen`: the account's figures per year and
    source, and `grootboeksaldo` the account's balance at the end of `jaar` (`verloopstaten` reads
    both once for every year).
    """
    jaar = int(jaar)
    records = records if records is not None else _records_per_jaar(beschikking)
    sommen = sommen if sommen is not None else _vooruitontvangen_per_jaar_en_bron(beschikking)
    if sommen is None:
        return Verloopstaat(jaar, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO)
    bron: dict[Any, int] = {
        model: ContentType.objects.get_for_model(model).pk
        for model in (Termijn, Jaarafsluiting, Terugbetaling, NogTeOntvangen)
    }

    def som(model: type | None = None, *, voor: bool = False) -> Decimal:
        if voor:
            return sum((v for (boekjaar, _b), v in sommen.items() if boekjaar < jaar), ZERO)
        return sum(
            (v for (boekjaar, b), v in sommen.items() if boekjaar == jaar and (model is None or b == bron[model])), ZERO
        )

    figures = {
        "begin": som(voor=True),
        "ontvangen": som(Termijn),
        "vrijval": som(Jaarafsluiting),
        "terug": som(Terugbetaling),
        "nto": som(NogTeOntvangen),
        "totaal": som(),
    }
    begin, ontvangen, totaal, nto = figures["begin"], figures["ontvangen"], figures["totaal"], figures["nto"]
    vrijgevallen, terugbetaald = -figures["vrijval"], -figures["terug"]
    overig = totaal - ontvangen + vrijgevallen + terugbetaald - nto
    eind = begin + totaal
    if grootboeksaldo is None:
        grootboeksaldo = _vooruitontvangen_per_jaareinde(beschikking, [jaar])[jaar]
    return Verloopstaat(
        jaar,
        begin,
        ontvangen,
        vrijgevallen,
        terugbetaald,
        overig,
        eind,
        grootboeksaldo,
        nog_te_ontvangen=nto,
        vrijval_volgens_jaarafsluiting=records["vrijval"].get(jaar, ZERO),
        terug_volgens_terugbetalingen=records["terug"].get(jaar, ZERO),
        nog_te_ontvangen_volgens_administratie=records["nto"].get(jaar, ZERO),
    )


def verloopstaten(beschikking: Beschikking) -> list[Verloopstaat]:
    """The verloopstaat of every year of the beschikking period (and later years with entries)."""
    jaren = set(beschikking.jaren) | grootboek.boekjaren_van_rekening(
        beschikking.gemeente_id, R.VOORUITONTVANGEN, beschikking.nummer
    )
    records = _records_per_jaar(beschikking)
    jaren |= set(records["vrijval"]) | set(records["terug"]) | set(records["nto"])
    sommen = _vooruitontvangen_per_jaar_en_bron(beschikking)
    saldi = _vooruitontvangen_per_jaareinde(beschikking, jaren) if sommen is not None else {}
    return [verloopstaat(beschikking, jaar, records, sommen, saldi.get(jaar)) for jaar in sorted(jaren)]


def _vooruitontvangen_per_jaareinde(beschikking: Beschikking, jaren: Iterable[int]) -> dict[int, Decimal]:
    """The credit balance of Vooruitontvangen on 31 December of each year, from the account's totals
    in one query (the ledger's own figure the verloopstaat's end balance is checked against)."""
    per_jaar = grootboek.netto_per_boekjaar(
        beschikking.gemeente_id, beschikking.nummer, R.VOORUITONTVANGEN, credit_positief=True
    )
    return {j: sum((v for boekjaar, v in per_jaar.items() if boekjaar <= j), ZERO) for j in jaren}


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
    """Net Baten SPUK (credit − debet) booked in boekjaar `jaar` on the beschikking."""
    return _netto_in_boekjaar(beschikking, R.BATEN, jaar, credit_positief=True)


def vrijgevallen_in_boekjaar(beschikking: Beschikking, jaar: int) -> Decimal:
    """Net Baten SPUK released (entries of a Jaarafsluiting) in boekjaar `jaar`. A repayment reclaimed
    through the result or a claim on a partner also moves Baten, but is not a release."""
    return grootboek.netto_sommen(
        beschikking.gemeente_id,
        beschikking.nummer,
        R.BATEN,
        {"netto": grootboek.Deel(boekjaar=jaar, bron=Jaarafsluiting)},
        credit_positief=True,
    )["netto"]


def nog_vrij_te_laten(beschikking: Beschikking, jaar: int) -> Decimal:
    """What the jaarafsluiting of `jaar` would release: net Lasten of boekjaar T not released yet."""
    return nog_vrij_te_laten_per_jaar(beschikking, [jaar])[int(jaar)]


def nog_vrij_te_laten_per_jaar(beschikking: Beschikking, jaren: Iterable[int]) -> dict[int, Decimal]:
    """`nog_vrij_te_laten` of several years in two grouped queries: net Lasten per boekjaar from the
    totals, minus the Baten released by Jaarafsluiting entries in that boekjaar (a repayment
    reclaimed through the result also moves Baten, but is not a release)."""
    jaren = [int(j) for j in jaren]
    if not jaren:
        return {}
    lasten = grootboek.netto_per_boekjaar(beschikking.gemeente_id, beschikking.nummer, R.LASTEN)
    jaarafsluiting = ContentType.objects.get_for_model(Jaarafsluiting).pk
    vrijgevallen: dict[int, Decimal] = {}
    for (jaar, bron), bedrag in grootboek.netto_per_boekjaar_en_bron(
        beschikking.gemeente_id, beschikking.nummer, R.BATEN, credit_positief=True
    ).items():
        if bron == jaarafsluiting:
            vrijgevallen[jaar] = vrijgevallen.get(jaar, ZERO) + bedrag
    return {j: lasten.get(j, ZERO) - vrijgevallen.get(j, ZERO) for j in jaren}


def onbesteed(beschikking: Beschikking) -> Decimal:
    """The unspent part of the advance: the credit balance of Vooruitontvangen minus the Lasten that
    are booked but not released yet (they will be released from it), never below zero."""
    vooruit = -grootboek.saldo_op(beschikking.gemeente_id, R.VOORUITONTVANGEN, beschikking.nummer, datetime.date.max)
    lasten = grootboek.netto_sommen(beschikking.gemeente_id, beschikking.nummer, R.LASTEN, {"netto": grootboek.Deel()})[
        "netto"
    ]
    vrijgevallen = grootboek.netto_sommen(
        beschikking.gemeente_id,
        beschikking.nummer,
        R.BATEN,
        {"netto": grootboek.Deel(bron=Jaarafsluiting)},
        credit_positief=True,
    )["netto"]
    return max(vooruit - (lasten - vrijgevallen), ZERO)


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


def termijnen_niet_ontvangen(beschikkingen: QuerySet[Beschikking], vandaag: datetime.date) -> QuerySet[Termijn]:
    """Instalments whose expected date has passed without being received."""
    return Termijn.objects.filter(
        beschikking__in=beschikkingen, status=Termijn.Status.VERWACHT, verwachte_datum__lt=vandaag
    )


def sisa_open(beschikkingen: QuerySet[Beschikking], vandaag: datetime.date) -> list[tuple[int, int]]:
    """(beschikking id, year) of every finished year of the period without a definitief SiSa
    verantwoording: the SiSa is still a concept. Two queries whatever the number of beschikkingen."""
    periodes = list(beschikkingen.order_by().values_list("pk", "periode_start_jaar", "periode_eind_jaar"))
    klaar = set(
        SisaVerantwoording.objects.filter(
            beschikking_id__in=[pk for pk, _s, _e in periodes], status=SisaVerantwoording.Status.DEFINITIEF
        ).values_list("beschikking_id", "jaar")
    )
    return [
        (pk, jaar)
        for pk, start, eind in periodes
        for jaar in range(start, min(eind, vandaag.year - 1) + 1)
        if (pk, jaar) not in klaar
    ]


def kerncijfers_per_jaar(beschikking: Beschikking) -> dict[int, dict[str, Decimal]]:
    """{jaar: {verleend, ontvangen, besteed, vrijgevallen, resterend}} for the dashboards.

    verleend: the amount granted for the year (the aanvraag's amounts); ontvangen: instalments booked
    on Vooruitontvangen in boekjaar T; besteed: net Lasten SPUK with bestedingsjaar T; vrijgevallen:
    Baten released by the jaarafsluiting in boekjaar T; resterend: verleend − besteed. Ledger figures
    through grootboek.api, three queries per beschikking."""
    jaren = beschikking.jaren
    Deel = grootboek.Deel
    gemeente, nummer = beschikking.gemeente_id, beschikking.nummer
    ontvangen = grootboek.netto_sommen(
        gemeente,
        nummer,
        R.VOORUITONTVANGEN,
        {str(j): Deel(boekjaar=j, bron=Termijn) for j in jaren},
        credit_positief=True,
    )
    besteed = grootboek.netto_sommen(gemeente, nummer, R.LASTEN, {str(j): Deel(bestedingsjaar=j) for j in jaren})
    vrijgevallen = grootboek.netto_sommen(
        gemeente,
        nummer,
        R.BATEN,
        {str(j): Deel(boekjaar=j, bron=Jaarafsluiting) for j in jaren},
        credit_positief=True,
    )
    verleend = aangevraagd_per_jaar(beschikking.aanvraag)
    return {
        j: {
            "verleend": verleend.get(j, ZERO),
            "ontvangen": ontvangen[str(j)],
            "besteed": besteed[str(j)],
            "vrijgevallen": vrijgevallen[str(j)],
            "resterend": verleend.get(j, ZERO) - besteed[str(j)],
        }
        for j in jaren
    }


KERNCIJFERS = ("verleend", "ontvangen", "besteed", "vrijgevallen", "resterend")


def kerncijfers_opgeteld(beschikkingen: Iterable[Beschikking]) -> dict[int, dict[str, Decimal]]:
    """`kerncijfers_per_jaar` summed over several beschikkingen (a gemeente, or the country)."""
    totaal: dict[int, dict[str, Decimal]] = {}
    for beschikking in beschikkingen:
        for jaar, cijfers in kerncijfers_per_jaar(beschikking).items():
            rij = totaal.setdefault(jaar, dict.fromkeys(KERNCIJFERS, ZERO))
            for key in KERNCIJFERS:
                rij[key] += cijfers[key]
    return dict(sorted(totaal.items()))


def besteed_per_activiteit(beschikkingen: Iterable[Beschikking]) -> dict[int, Decimal]:
    """{activiteit id: net Lasten SPUK} over the beschikkingen, from the ledger (one query each)."""
    result: dict[int, Decimal] = {}
    for b in beschikkingen:
        for activiteit, bedrag in grootboek.netto_per_activiteit(b.gemeente_id, b.nummer, R.LASTEN).items():
            result[activiteit] = result.get(activiteit, ZERO) + bedrag
    return result


def jaren_overzicht(beschikking: Beschikking, vandaag: datetime.date) -> list[dict[str, Any]]:
    """Per year of the period: its jaarafsluiting (or what it would release) and whether the year is over."""
    afgesloten = {j.jaar: j for j in beschikking.jaarafsluitingen.select_related("journaalpost")}
    open_ = nog_vrij_te_laten_per_jaar(beschikking, [j for j in beschikking.jaren if j not in afgesloten])
    return [
        {
            "jaar": jaar,
            "afsluiting": afgesloten.get(jaar),
            "nog_vrij_te_laten": open_.get(jaar),
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
