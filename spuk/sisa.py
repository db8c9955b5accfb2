"""The SiSa verantwoording of one beschikking and year T, computed from the ledger (DESIGN.md §3).

Indicators (per beschikking, year T), all from the lines on the beschikking's Lasten SPUK account;
the *bestedingsjaar* on a line decides T versus a T-1 correction, the boekjaar decides in which
SiSa year it is reported. Reversals net out because every sum is debet − credit.

- 1 the beschikkingsnummer;
- 2 Ja when the coordinating health insurer has judged every milestone of the aanvraag's buurten
  (an amount in their mijlpalenoverzicht or a linked activity) with a deadline in or before T as
  behaald nationally — the recorded `LandelijkOordeel`, never the local statuses per buurt; a
  milestone without a national judgement is not realised (`alle_mijlpalen_landelijk_behaald`);
- 3 lines with bestedingsjaar T booked in boekjaar T, SiSa category zelfstandig;
- 4 lines with bestedingsjaar T-1 booked in boekjaar T, SiSa category zelfstandig;
- 5 lines with bestedingsjaar T-1 booked in boekjaar T, SiSa category medeoverheid;
  the category is stored on the ledger line when it is booked (a gemeente partner is a
  medeoverheid); lines booked before the category was stored fall back to their relatie;
- 6 per milestone judged *niet behaald* nationally: the actual spending on the activities linked
  to it (Lasten lines carrying the activity, bestedingsjaar ≤ T booked in boekjaar ≤ T, every
  category including medeoverheden), capped at that milestone's social-domain amount in the
  aanvraag's buurten (all years, as granted or amended); summed over the missed milestones and
  capped at the spending on the union of their activities, so spending on an activity that serves
  two missed milestones is not counted twice beyond what was spent;
- 7 Ja when T is the last year of the beschikking period or the year marked for the
  eindverantwoording.

Spending by a medeoverheid in year T itself has no indicator of its own in this regulation: it is
counted in indicator 6 (cumulative, incl. medeoverheden), shown as `bestedingen_medeoverheid` and
listed with the lines *niet toegerekend*.

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
from mijlpalen.queries import alle_mijlpalen_landelijk_behaald, mijlpaalwijzigingen, niet_gerealiseerde_mijlpalen

from . import queries
from .models import Beschikking

ZERO = Decimal("0.00")
Deel = grootboek.Deel
ZELFSTANDIG = grootboek.SisaCategorie.ZELFSTANDIG
MEDEOVERHEID = grootboek.SisaCategorie.MEDEOVERHEID
MONEY_KEYS = {
    "besteed",
    "telt_mee",
    "oud",
    "nieuw",
    "bestedingen_medeoverheid",
    "besteed_totaal",
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


def indicator_bedragen(
    beschikking: Beschikking, jaar: int, rijen: list[dict[str, Any]] | None = None
) -> dict[str, Decimal]:
    """Indicators 3, 4, 5, a medeoverheid's spending of T, and the cumulative spending t/m T.

    3–5 are sums over the lines of boekjaar T by bestedingsjaar and SiSa category: they come from
    the same grouped query as the page's specification (`rijen`, read here when not given), so the
    figures and their specification can never disagree. The cumulative figure asks only years and
    comes from the ledger's totals."""
    jaar = int(jaar)
    if rijen is None:
        rijen = _groeprijen(beschikking, jaar)
    bedragen = {"i3": ZERO, "i4": ZERO, "i5": ZERO, "medeoverheid_t": ZERO}
    for rij in rijen:
        if rij["bestedingsjaar"] == jaar:
            sleutel = "medeoverheid_t" if rij["medeoverheid"] else "i3"
        elif rij["bestedingsjaar"] == jaar - 1:
            sleutel = "i5" if rij["medeoverheid"] else "i4"
        else:
            continue
        bedragen[sleutel] += rij["bedrag"]
    bedragen["cumulatief"] = grootboek.netto_sommen(
        beschikking.gemeente_id,
        beschikking.nummer,
        grootboek.Rol.LASTEN,
        {"cumulatief": Deel(tot_bestedingsjaar=jaar)},
        binnen=Deel(tot_boekjaar=jaar),
    )["cumulatief"]
    return {k: v.quantize(Decimal("0.01")) for k, v in bedragen.items()}


def _groeprijen(beschikking: Beschikking, jaar: int) -> list[dict[str, Any]]:
    return grootboek.groepen_van_beschikking(
        beschikking.gemeente_id, beschikking.nummer, rol=grootboek.Rol.LASTEN, boekjaar=int(jaar)
    )


def _is_medeoverheid(regel: dict[str, Any]) -> bool:
    """The SiSa category stored on the line; lines from before it was stored: the relatie."""
    if regel["sisa_categorie"]:
        return regel["sisa_categorie"] == MEDEOVERHEID
    return regel["relatie__soort"] == Organisatie.Soort.GEMEENTE


def _indicator(bestedingsjaar: int | None, medeoverheid: bool, jaar: int) -> int | None:
    """The indicator (3, 4 or 5) a line of boekjaar `jaar` counts in, None for none."""
    if bestedingsjaar == jaar and not medeoverheid:
        return 3
    if bestedingsjaar == jaar - 1:
        return 5 if medeoverheid else 4
    return None


# The fields a specification line shows, read as values: a SiSa workbook of 6,300 lines spent
# 0.6 s building model instances with their entry, account and relatie (issue 15: XLSX ≤ 1 s).
_VELDEN = (
    "id",
    "journaalpost_id",
    "journaalpost__boekjaar",
    "journaalpost__volgnummer",
    "journaalpost__boekdatum",
    "journaalpost__omschrijving",
    "journaalpost__bron_referentie",
    "journaalpost__tegenboeking_van_id",
    "bestedingsjaar",
    "rekening__nummer",
    "rekening__naam",
    "relatie__naam",
    "relatie__soort",
    "sisa_categorie",
    "omschrijving",
    "debet",
    "credit",
)


def _regel_dict(regel: dict[str, Any], jaar: int) -> dict[str, Any]:
    medeoverheid = _is_medeoverheid(regel)
    return {
        "indicator": _indicator(regel["bestedingsjaar"], medeoverheid, jaar),
        "stuknummer": grootboek.Journaalpost.format_stuknummer(
            regel["journaalpost__boekjaar"], regel["journaalpost__volgnummer"]
        ),
        "journaalpost_id": regel["journaalpost_id"],
        "boekdatum": regel["journaalpost__boekdatum"].isoformat(),
        "boekjaar": regel["journaalpost__boekjaar"],
        "bestedingsjaar": regel["bestedingsjaar"],
        "rekening": f"{regel['rekening__nummer']} {regel['rekening__naam']}",
        "relatie": regel["relatie__naam"] or "",
        "sisa_categorie": "medeoverheid" if medeoverheid else "zelfstandig",
        "omschrijving": regel["omschrijving"] or regel["journaalpost__omschrijving"],
        "bron": regel["journaalpost__bron_referentie"],
        "debet": regel["debet"],
        "credit": regel["credit"],
        "bedrag": regel["debet"] - regel["credit"],
        "tegenboeking": regel["journaalpost__tegenboeking_van_id"] is not None,
    }


def _regels(beschikking: Beschikking, jaar: int, **filters: Any) -> list[dict[str, Any]]:
    """The Lasten lines of boekjaar `jaar` (optionally narrowed), in booking order, as dicts."""
    regels = grootboek.regels_van_beschikking(
        beschikking.gemeente_id, beschikking.nummer, rol=grootboek.Rol.LASTEN, boekjaar=jaar
    ).filter(**filters)
    return [_regel_dict(regel, jaar) for regel in regels.values(*_VELDEN)]


def specificatie(beschikking: Beschikking, jaar: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(lines behind indicators 3–5, lines of boekjaar T not in any indicator), in booking order."""
    jaar = int(jaar)
    toegerekend: list[dict[str, Any]] = []
    overig: list[dict[str, Any]] = []
    for regel in _regels(beschikking, jaar):
        (toegerekend if regel["indicator"] else overig).append(regel)
    toegerekend.sort(key=lambda r: (r["indicator"], r["boekdatum"], r["stuknummer"]))
    return toegerekend, overig


def specificatie_groepen(
    beschikking: Beschikking, jaar: int, rijen: list[dict[str, Any]] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`samenvatting()` of both halves of `specificatie()`, summed in SQL: the page needs the
    groups, not 17,000 lines in Python (issue 15)."""
    jaar = int(jaar)
    groepen: dict[str, dict[str, Any]] = {}
    for rij in _groeprijen(beschikking, jaar) if rijen is None else rijen:
        indicator = _indicator(rij["bestedingsjaar"], rij["medeoverheid"], jaar)
        sleutel = f"{indicator or 0}|{rij['maand']}|{rij['relatie']}"
        groep = groepen.setdefault(
            sleutel,
            {
                "sleutel": sleutel,
                "indicator": indicator,
                "maand": rij["maand"],
                "relatie": rij["relatie"],
                "aantal": 0,
                "bedrag": ZERO,
            },
        )
        groep["aantal"] += rij["aantal"]
        groep["bedrag"] += rij["bedrag"]
    geordend = sorted(groepen.values(), key=lambda g: (g["indicator"] or 0, g["maand"], g["relatie"]))
    return [g for g in geordend if g["indicator"]], [g for g in geordend if not g["indicator"]]


def groep_specificatie(beschikking: Beschikking, jaar: int, sleutel: str) -> list[dict[str, Any]]:
    """The lines of one group of `specificatie_groepen()` (the page's "Regels bekijken"), read for
    that month only, in booking order."""
    jaar = int(jaar)
    try:
        _, maand, relatie = sleutel.split("|", 2)
        begin = datetime.date.fromisoformat(f"{maand}-01")
    except ValueError:
        return []
    einde = (begin + datetime.timedelta(days=32)).replace(day=1)
    relatie_filter = {"relatie__naam": relatie} if relatie else {"relatie__isnull": True}
    regels = _regels(
        beschikking, jaar, journaalpost__boekdatum__gte=begin, journaalpost__boekdatum__lt=einde, **relatie_filter
    )
    return [r for r in regels if groep_sleutel(r) == sleutel]


def mijlpaal_specificatie(beschikking: Beschikking, jaar: int) -> tuple[list[dict[str, Any]], Decimal, Decimal]:
    """Indicator 6: ([per missed milestone {mijlpaal, omschrijving, beoordelaar, beoordeeld_op,
    bedrag (its amount), besteed (spending on its activities t/m T), telt_mee (min of both)}],
    spending on all their activities together, the indicator value)."""
    jaar = int(jaar)
    gemist = niet_gerealiseerde_mijlpalen(beschikking.aanvraag.buurten.all())
    if not gemist:
        return [], ZERO, ZERO
    per_activiteit = grootboek.netto_per_activiteit(
        beschikking.gemeente_id,
        beschikking.nummer,
        grootboek.Rol.LASTEN,
        binnen=Deel(tot_boekjaar=jaar, tot_bestedingsjaar=jaar),
    )
    rijen, alle_activiteiten = [], set()
    for item in gemist:
        besteed = sum((per_activiteit.get(a, ZERO) for a in item["activiteiten"]), ZERO)
        alle_activiteiten.update(item["activiteiten"])
        oordeel = item["oordeel"]
        rijen.append(
            {
                "indicator": 6,
                "mijlpaal": item["mijlpaal"].nummer,
                "omschrijving": item["mijlpaal"].omschrijving,
                "beoordelaar": oordeel.beoordelaar.naam if oordeel else "",
                "beoordeeld_op": oordeel.beoordeeld_op.isoformat() if oordeel else "",
                "activiteiten": len(item["activiteiten"]),
                "bedrag": item["bedrag"],
                "besteed": besteed,
                "telt_mee": min(max(besteed, ZERO), item["bedrag"]),
            }
        )
    besteed_totaal = max(sum((per_activiteit.get(a, ZERO) for a in alle_activiteiten), ZERO), ZERO)
    waarde = min(sum((r["telt_mee"] for r in rijen), ZERO), besteed_totaal)
    return rijen, besteed_totaal, waarde


def wijzigingen_specificatie(beschikking: Beschikking) -> list[dict[str, Any]]:
    """Amendments of granted milestone amounts of the aanvraag's buurten (shown with the SiSa, so
    no amount changes under a concept verantwoording unseen)."""
    return [
        {
            "mijlpaal": w.bedrag.mijlpaal.nummer,
            "buurt": w.bedrag.buurt.naam,
            "jaar": w.bedrag.jaar,
            "versie": w.versie,
            "oud": w.oud_sociaal_domein,
            "nieuw": w.nieuw_sociaal_domein,
            "reden": w.reden,
            "door": str(w.gewijzigd_door),
            "op": timezone.localtime(w.gewijzigd_op).strftime("%d-%m-%Y %H:%M"),
        }
        for w in mijlpaalwijzigingen(beschikking.aanvraag.buurten.all())
    ]


def bereken(beschikking: Beschikking, jaar: int, *, regels: bool = True) -> dict[str, Any]:
    """The concept verantwoording: everything the page, the XLSX and the PDF show. Decimals for
    amounts; `serialiseer()` turns it into the JSON snapshot. With `regels=False` (the page) the
    specification comes only as groups summed in SQL (`specificatie_groepen`,
    `niet_toegerekend_groepen`); the lists of lines are then empty."""
    jaar = int(jaar)
    aanvraag = beschikking.aanvraag
    regeling = aanvraag.regeling
    buurten = list(aanvraag.buurten.order_by("naam"))
    rijen = _groeprijen(beschikking, jaar)
    bedragen = indicator_bedragen(beschikking, jaar, rijen)
    mijlpalen, besteed_totaal, i6 = mijlpaal_specificatie(beschikking, jaar)
    mijlpalen_bedrag = sum((m["bedrag"] for m in mijlpalen), ZERO)
    waarden = {
        1: beschikking.nummer,
        2: "Ja" if alle_mijlpalen_landelijk_behaald(buurten, jaar) else "Nee",
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
    if regels:
        toegerekend, overig = specificatie(beschikking, jaar)
        groepen, overig_groepen = samenvatting(toegerekend), samenvatting(overig)
    else:
        toegerekend, overig = [], []
        groepen, overig_groepen = specificatie_groepen(beschikking, jaar, rijen)
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
        "specificatie_groepen": groepen,
        "niet_toegerekend_groepen": overig_groepen,
        "mijlpalen": mijlpalen,
        "mijlpalen_bedrag": mijlpalen_bedrag,
        "besteed_totaal": besteed_totaal,
        "mijlpaalwijzigingen": wijzigingen_specificatie(beschikking),
        "bestedingen_medeoverheid": bedragen["medeoverheid_t"],
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


# Derived from the lines, so left out of the snapshot (its format and checksum stay as they were).
AFGELEID = ("specificatie_groepen", "niet_toegerekend_groepen")


def serialiseer(data: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe copy (amounts as strings with two decimals) for the snapshot and the checksum."""
    return _convert({k: v for k, v in data.items() if k not in AFGELEID}, True)


def deserialiseer(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot back to the data shape of `bereken()` (amounts as Decimal)."""
    data = _convert(snapshot, False)
    data["specificatie_groepen"] = samenvatting(data["specificatie"])
    data["niet_toegerekend_groepen"] = samenvatting(data["niet_toegerekend"])
    return data


def groep_sleutel(regel: dict[str, Any]) -> str:
    """The group of a specification line on the page and in the PDF: indicator, relatie, month."""
    return f"{regel['indicator'] or 0}|{str(regel['boekdatum'])[:7]}|{regel['relatie']}"


def samenvatting(regels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines grouped by indicator, relatie and month of booking, with their number and total: a page
    and a PDF stay small however many lines there are (issue 15: 17,355 lines made 11 MB of HTML).
    The details stay in the XLSX and one click away on the page (`?groep=<sleutel>`)."""
    groepen: dict[str, dict[str, Any]] = {}
    for regel in regels:
        sleutel = groep_sleutel(regel)
        groep = groepen.get(sleutel)
        if groep is None:
            groep = groepen[sleutel] = {
                "sleutel": sleutel,
                "indicator": regel["indicator"],
                "maand": str(regel["boekdatum"])[:7],
                "relatie": regel["relatie"],
                "aantal": 0,
                "bedrag": ZERO,
            }
        groep["aantal"] += 1
        groep["bedrag"] += Decimal(str(regel["bedrag"]))
    return sorted(groepen.values(), key=lambda g: (g["indicator"] or 0, g["maand"], g["relatie"]))
