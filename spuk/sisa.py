"""The SiSa verantwoording of one beschikking and year T, computed from the ledger (DESIGN.md §3).

Indicators (per beschikking, year T), all from the lines on the beschikking's Lasten SPUK account;
the *bestedingsjaar* on a line decides T versus a T-1 correction, the boekjaar decides in which
SiSa year it is reported. Reversals net out because every sum is debet − credit.

- 1 the beschikkingsnummer;
- 2 Ja when every milestone of the aanvraag's buurten with a deadline in or before T is achieved
  nationally (`mijlpalen.queries.alle_mijlpalen_behaald`), else Nee;
- 3 lines with bestedingsjaar T booked in boekjaar T, except lines whose relatie is a gemeente;
- 4 lines with bestedingsjaar T-1 booked in boekjaar T, except lines whose relatie is a gemeente;
- 5 lines with bestedingsjaar T-1 booked in boekjaar T whose relatie is a gemeente (medeoverheid);
- 6 the social-domain milestone amounts of years ≤ T of the aanvraag's buurten whose milestone is
  not achieved nationally, for every risk bearer (the Rijk reclaims from the gemeente; whether the
  care provider reimburses the gemeente is a matter between them), capped at the cumulative
  spending up to and including T (boekjaar ≤ T): you cannot have spent more on missed milestones
  than you spent in total;
- 7 Ja when T is the last year of the beschikking period or the year marked for the
  eindverantwoording.

Lines booked in boekjaar T that fall in none of 3–5 (bestedingsjaar before T-1, or spending of T by
a medeoverheid) are listed as *niet toegerekend* so the accountant sees them.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.models import Organisatie
from grootboek import api as grootboek
from mijlpalen.models import MijlpaalBedrag
from mijlpalen.queries import NIET_BEHAALD, alle_mijlpalen_behaald, mijlpalen_met_landelijke_status

from . import queries
from .models import Beschikking

ZERO = Decimal("0.00")
Deel = grootboek.Deel
MONEY_KEYS = {
    "waarde_bedrag",
    "debet",
    "credit",
    "bedrag",
    "beginsaldo",
    "ontvangen",
    "vrijgevallen",
    "terugbetaald",
    "overig",
    "nog_te_ontvangen",
    "eindsaldo",
    "grootboeksaldo",
    "cumulatief",
    "mijlpalen_bedrag",
    "verleend_bedrag",
}


def indicator_bedragen(beschikking: Beschikking, jaar: int) -> dict[str, Decimal]:
    """Indicators 3, 4, 5 and the cumulative spending t/m T, as one SQL aggregate."""
    jaar = int(jaar)
    return grootboek.netto_sommen(
        beschikking.gemeente_id,
        beschikking.nummer,
        grootboek.Rol.LASTEN,
        {
            "i3": Deel(boekjaar=jaar, bestedingsjaar=jaar, relatie_is_gemeente=False),
            "i4": Deel(boekjaar=jaar, bestedingsjaar=jaar - 1, relatie_is_gemeente=False),
            "i5": Deel(boekjaar=jaar, bestedingsjaar=jaar - 1, relatie_is_gemeente=True),
            "cumulatief": Deel(tot_bestedingsjaar=jaar),
        },
        binnen=Deel(tot_boekjaar=jaar),
    )


def _categorie(regel: Any, jaar: int) -> int | None:
    gemeente = regel.relatie is not None and regel.relatie.soort == Organisatie.Soort.GEMEENTE
    if regel.bestedingsjaar == jaar and not gemeente:
        return 3
    if regel.bestedingsjaar == jaar - 1:
        return 5 if gemeente else 4
    return None


def _regel_dict(regel: Any, indicator: int | None) -> dict[str, Any]:
    post = regel.journaalpost
    return {
        "indicator": indicator,
        "stuknummer": post.stuknummer,
        "journaalpost_id": post.pk,
        "boekdatum": post.boekdatum.isoformat(),
        "boekjaar": post.boekjaar,
        "bestedingsjaar": regel.bestedingsjaar,
        "rekening": f"{regel.rekening.nummer} {regel.rekening.naam}",
        "relatie": regel.relatie.naam if regel.relatie else "",
        "omschrijving": regel.omschrijving or post.omschrijving,
        "bron": post.bron_referentie,
        "debet": regel.debet,
        "credit": regel.credit,
        "bedrag": regel.debet - regel.credit,
        "tegenboeking": post.tegenboeking_van_id is not None,
    }


def specificatie(beschikking: Beschikking, jaar: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(lines behind indicators 3–5, lines of boekjaar T not in any indicator), in booking order."""
    jaar = int(jaar)
    regels = grootboek.regels_van_beschikking(
        beschikking.gemeente_id, beschikking.nummer, rol=grootboek.Rol.LASTEN, boekjaar=jaar
    )
    toegerekend: list[dict[str, Any]] = []
    overig: list[dict[str, Any]] = []
    for regel in regels:
        categorie = _categorie(regel, jaar)
        (toegerekend if categorie else overig).append(_regel_dict(regel, categorie))
    toegerekend.sort(key=lambda r: (r["indicator"], r["boekdatum"], r["stuknummer"]))
    return toegerekend, overig


def mijlpaal_specificatie(beschikking: Beschikking, jaar: int) -> list[dict[str, Any]]:
    """The milestone amounts behind indicator 6: years ≤ T of the aanvraag's buurten, milestone
    niet behaald nationally, every risk bearer."""
    buurt_ids = list(beschikking.aanvraag.buurten.values_list("pk", flat=True))
    niet_behaald = mijlpalen_met_landelijke_status().filter(landelijk=NIET_BEHAALD).values("pk")  # type: ignore[misc]  # annotation
    rows = (
        MijlpaalBedrag.objects.filter(buurt_id__in=buurt_ids, jaar__lte=int(jaar), mijlpaal__in=niet_behaald)
        .select_related("mijlpaal", "buurt")
        .order_by("jaar", "mijlpaal__nummer", "buurt__naam")
    )
    return [
        {
            "indicator": 6,
            "mijlpaal": row.mijlpaal.nummer,
            "omschrijving": row.mijlpaal.omschrijving,
            "buurt": row.buurt.naam,
            "jaar": row.jaar,
            "risicodrager": row.get_risicodrager_display(),
            "bedrag": row.bedrag_sociaal_domein,
        }
        for row in rows
        if row.bedrag_sociaal_domein
    ]


def bereken(beschikking: Beschikking, jaar: int) -> dict[str, Any]:
    """The concept verantwoording: everything the page, the XLSX and the PDF show. Decimals for
    amounts; `serialiseer()` turns it into the JSON snapshot."""
    jaar = int(jaar)
    aanvraag = beschikking.aanvraag
    regeling = aanvraag.regeling
    buurten = list(aanvraag.buurten.order_by("naam"))
    bedragen = indicator_bedragen(beschikking, jaar)
    mijlpalen = mijlpaal_specificatie(beschikking, jaar)
    mijlpalen_bedrag = sum((m["bedrag"] for m in mijlpalen), ZERO)
    i6 = min(mijlpalen_bedrag, max(bedragen["cumulatief"], ZERO))
    waarden = {
        1: beschikking.nummer,
        2: "Ja" if alle_mijlpalen_behaald(buurten, jaar) else "Nee",
        3: bedragen["i3"],
        4: bedragen["i4"],
        5: bedragen["i5"],
        6: i6,
        7: "Ja" if beschikking.is_eindjaar(jaar) else "Nee",
    }
    indicatoren = []
    for item in sorted(regeling.indicatoren, key=lambda i: int(i["nummer"])):
        nummer = int(item["nummer"])
        waarde = waarden.get(nummer)
        indicatoren.append(
            {
                "nummer": nummer,
                "tekst": item["tekst"],
                "controle": item.get("controle", ""),
                "soort": item.get("soort", ""),
                "waarde_tekst": "" if isinstance(waarde, Decimal) else (waarde or ""),
                "waarde_bedrag": waarde if isinstance(waarde, Decimal) else None,
            }
        )
    toegerekend, overig = specificatie(beschikking, jaar)
    verloop = queries.verloopstaat(beschikking, jaar)
    return {
        "regeling": {"naam": regeling.naam, "sisa_code": regeling.sisa_code},
        "gemeente": {"naam": beschikking.gemeente.naam, "cbs_code": beschikking.gemeente.cbs_code},
        "beschikking": {
            "nummer": beschikking.nummer,
            "datum": beschikking.datum.isoformat(),
            "verleend_bedrag": beschikking.bedrag,
            "periode": f"{beschikking.periode_start_jaar}–{beschikking.periode_eind_jaar}",
            "zaaknummer": aanvraag.zaaknummer,
        },
        "buurten": [b.naam for b in buurten],
        "jaar": jaar,
        "indicatoren": indicatoren,
        "specificatie": toegerekend,
        "niet_toegerekend": overig,
        "mijlpalen": mijlpalen,
        "mijlpalen_bedrag": mijlpalen_bedrag,
        "cumulatief": bedragen["cumulatief"],
        "verloopstaat": verloop.as_dict(),
        "berekend_op": timezone.localtime().strftime("%d-%m-%Y %H:%M:%S"),
    }


def indicator_waarde(data: dict[str, Any], nummer: int) -> Any:
    """The value of indicator `nummer` in computed or snapshot data (Decimal or text)."""
    for item in data["indicatoren"]:
        if int(item["nummer"]) == int(nummer):
            return item["waarde_bedrag"] if item.get("waarde_bedrag") is not None else item["waarde_tekst"]
    raise KeyError(nummer)


def _convert(value: Any, to_json: bool) -> Any:
    if isinstance(value, dict):
        return {k: (_money(v, to_json) if k in MONEY_KEYS else _convert(v, to_json)) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(v, to_json) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)) and to_json:
        return value.isoformat()
    return value


def _money(value: Any, to_json: bool) -> Any:
    if value is None:
        return None
    if to_json:
        return f"{Decimal(value).quantize(Decimal('0.01'))}"
    return Decimal(str(value)).quantize(Decimal("0.01"))


def serialiseer(data: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe copy (amounts as strings with two decimals) for the snapshot and the checksum."""
    return _convert(data, True)


def deserialiseer(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot back to the data shape of `bereken()` (amounts as Decimal)."""
    return _convert(snapshot, False)
