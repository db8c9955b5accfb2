"""The SiSa files: XLSX (SiSa sheet, specification of every ledger line behind indicators 3–6,
verloopstaat) and PDF (WeasyPrint) with the same figures and the BBV art. 52a verloopstaat.

Both take the data of `sisa.bereken()` (concept) or `sisa.deserialiseer(snapshot)` (definitief).
"""

import datetime

from django.utils.translation import gettext as _

from core.pdf import render_pdf
from core.xlsx import XLSX_CONTENT_TYPE, build_workbook

from . import sisa

__all__ = ["XLSX_CONTENT_TYPE", "sisa_xlsx", "sisa_pdf", "sheets"]

SISA_SHEET = "SiSa"
SPEC_SHEET = "Specificatie"


def _date(value):
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


def _data(verantwoording_or_data):
    """Accept computed data, or a SisaVerantwoording (its frozen snapshot)."""
    if hasattr(verantwoording_or_data, "snapshot"):
        return sisa.deserialiseer(verantwoording_or_data.snapshot), verantwoording_or_data
    return verantwoording_or_data, None


def _status(verantwoording):
    if verantwoording is None:
        return _("Concept (berekend uit het grootboek)")
    return _("Definitief, versie %(v)s") % {"v": verantwoording.versie}


def sheets(data, verantwoording=None):
    """The sheets of the workbook as (title, headers, rows) for core.xlsx.build_workbook."""
    sisa_rows = [
        [
            item["nummer"],
            item["tekst"],
            item["controle"],
            item["waarde_bedrag"] if item.get("waarde_bedrag") is not None else item["waarde_tekst"],
        ]
        for item in data["indicatoren"]
    ]
    spec_rows = [
        [
            r["indicator"],
            r["stuknummer"],
            _date(r["boekdatum"]),
            r["boekjaar"],
            r["bestedingsjaar"],
            r["rekening"],
            r["relatie"],
            r["omschrijving"],
            r["bron"],
            r["debet"],
            r["credit"],
            r["bedrag"],
        ]
        for r in data["specificatie"]
    ]
    spec_rows += [
        [
            6,
            "",
            None,
            None,
            m.get("jaar"),
            _("Mijlpaal %(n)s") % {"n": m["mijlpaal"]},
            m.get("buurt") or m.get("beoordelaar", ""),
            _mijlpaal_omschrijving(m),
            _("landelijk oordeel") if "telt_mee" in m else _("mijlpalenoverzicht"),
            m.get("besteed"),
            m.get("bedrag"),
            m.get("telt_mee", m.get("bedrag")),
        ]
        for m in data["mijlpalen"]
    ]
    spec_headers = [
        _("Indicator"),
        _("Stuknummer"),
        _("Boekdatum"),
        _("Boekjaar"),
        _("Bestedingsjaar"),
        _("Rekening"),
        _("Relatie / buurt"),
        _("Omschrijving"),
        _("Bron"),
        _("Debet"),
        _("Credit"),
        _("Bedrag"),
    ]
    v = data["verloopstaat"]
    verloop_rows = [
        [_("Beginsaldo 1 januari %(j)s") % {"j": v["jaar"]}, v["beginsaldo"]],
        [_("Ontvangen termijnen"), v["ontvangen"]],
        [_("Vrijgevallen naar baten (bestedingen)"), v["vrijgevallen"]],
        [_("Terugbetaald / terug te betalen aan het Rijk"), v["terugbetaald"]],
        [_("Overige mutaties"), v["overig"]],
        [_("Eindsaldo 31 december %(j)s") % {"j": v["jaar"]}, v["eindsaldo"]],
        [_("Saldo volgens grootboek"), v["grootboeksaldo"]],
    ]
    gegevens = [
        [_("Regeling"), data["regeling"]["naam"]],
        [_("SiSa-code"), data["regeling"]["sisa_code"]],
        [_("Gemeente"), data["gemeente"]["naam"]],
        [_("CBS-code"), data["gemeente"]["cbs_code"]],
        [_("Beschikkingsnummer"), data["beschikking"]["nummer"]],
        [_("Datum beschikking"), _date(data["beschikking"]["datum"])],
        [_("Verleend bedrag"), data["beschikking"]["verleend_bedrag"]],
        [_("Periode"), data["beschikking"]["periode"]],
        [_("Jaar T"), data["jaar"]],
        [_("Buurten"), ", ".join(data["buurten"])],
        [_("Status"), _status(verantwoording)],
        [_("Controlegetal (SHA-256)"), verantwoording.checksum if verantwoording else ""],
        [_("Berekend op"), data["berekend_op"]],
        [_("Mijlpaalbedragen niet gerealiseerd (ongemaximeerd)"), data["mijlpalen_bedrag"]],
        [_("Bestedingen aan activiteiten van niet-gerealiseerde mijlpalen"), data.get("besteed_totaal")],
        [_("Bestedingen jaar T door medeoverheden (in indicator 6)"), data.get("bestedingen_medeoverheid")],
        [_("Cumulatieve bestedingen t/m jaar T"), data["cumulatief"]],
    ]
    result = [
        (SISA_SHEET, [_("Indicatornummer"), _("Indicator"), _("Controle"), _("Waarde")], sisa_rows),
        (SPEC_SHEET, spec_headers, spec_rows),
        (_("Verloopstaat"), [_("Verloopstaat Vooruitontvangen (BBV art. 52a)"), _("Bedrag")], verloop_rows),
    ]
    if data["niet_toegerekend"]:
        result.append(
            (
                _("Niet toegerekend"),
                spec_headers,
                [
                    [
                        r["indicator"] or "",
                        r["stuknummer"],
                        _date(r["boekdatum"]),
                        r["boekjaar"],
                        r["bestedingsjaar"],
                        r["rekening"],
                        r["relatie"],
                        r["omschrijving"],
                        r["bron"],
                        r["debet"],
                        r["credit"],
                        r["bedrag"],
                    ]
                    for r in data["niet_toegerekend"]
                ],
            )
        )
    result.append((_("Gegevens"), [_("Gegeven"), _("Waarde")], gegevens))
    return result


def _mijlpaal_omschrijving(m: dict) -> str:
    if "telt_mee" in m:
        return _(
            "%(o)s – niet behaald volgens %(b)s (%(d)s); kolom debet: besteed aan de gekoppelde activiteiten, "
            "credit: mijlpaalbedrag, bedrag: telt mee"
        ) % {"o": m["omschrijving"], "b": m.get("beoordelaar", ""), "d": m.get("beoordeeld_op", "")}
    return f"{m['omschrijving']} ({m.get('risicodrager', '')})"


def sisa_xlsx(verantwoording_or_data, verantwoording=None):
    """The SiSa workbook as bytes."""
    data, frozen = _data(verantwoording_or_data)
    return build_workbook(sheets(data, verantwoording or frozen))


def sisa_pdf(verantwoording_or_data, verantwoording=None, gemeente=None):
    """The SiSa verantwoording with specification and verloopstaat as a PDF (bytes), in the house
    style of `gemeente` (default: the gemeente of the frozen version's beschikking)."""
    data, frozen = _data(verantwoording_or_data)
    verantwoording = verantwoording or frozen
    if gemeente is None and verantwoording is not None:
        gemeente = verantwoording.beschikking.gemeente
    title = _("SiSa-verantwoording %(nr)s %(jaar)s") % {"nr": data["beschikking"]["nummer"], "jaar": data["jaar"]}
    return render_pdf(
        "spuk/sisa_pdf.html",
        {
            "data": data,
            "verantwoording": verantwoording,
            "status": _status(verantwoording),
            "verloop": data["verloopstaat"],
            # Grouped (indicator, relatie, month): the PDF stays a few pages for any number of
            # lines (3,321 lines took 70 s and 666 MB); the XLSX keeps every line.
            "specificatie_groepen": data["specificatie_groepen"],
            "niet_toegerekend_groepen": data["niet_toegerekend_groepen"],
        },
        gemeente=gemeente,
        title=title,
    )
