"""Spreadsheets of mijlpalen: the buurt's mijlpalenoverzicht, KPI measurements and the exposure
report for the risk paragraph. Export with `core.xlsx.build_workbook`; reading accepts the exported
file and hand-made sheets with the same headers (order free; codes or labels; amounts as numbers or
Dutch text such as 1.234,56). Reading never saves: services do that.
"""

import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.money import parse_bedrag, to_cents
from core.xlsx import build_workbook, unneutralise

from .models import Indicator, Meting, Mijlpaal, MijlpaalBedrag

OVERZICHT_SHEET = "Mijlpalenoverzicht"
OVERZICHT_KOLOMMEN = [
    ("mijlpaal", "Mijlpaal"),
    ("omschrijving", "Omschrijving"),
    ("soort", "Soort"),
    ("jaar", "Jaar"),
    ("bedrag_sociaal_domein", "Bedrag sociaal domein"),
    ("bedrag_zorg", "Bedrag zorg"),
    ("risicodrager", "Risicodrager"),
]
OVERZICHT_VERPLICHT = {"mijlpaal", "jaar", "bedrag_sociaal_domein", "risicodrager"}

METING_SHEET = "Metingen"
METING_KOLOMMEN = [
    ("indicator", "Indicator"),
    ("groep", "Groep"),
    ("jaar", "Jaar"),
    ("waarde", "Waarde"),
    ("vergelijkingsbuurten", "Vergelijkingsbuurten"),
    ("bron", "Bron"),
]
METING_VERPLICHT = {"indicator", "groep", "jaar", "waarde"}


# ------------------------------------------------------------------------------ export


def export_mijlpalenoverzicht(buurt):
    bedragen = (
        MijlpaalBedrag.objects.filter(buurt=buurt).select_related("mijlpaal").order_by("jaar", "mijlpaal__nummer")
    )
    rows = [
        [
            b.mijlpaal.nummer,
            b.mijlpaal.omschrijving,
            b.mijlpaal.get_soort_display(),
            b.jaar,
            b.bedrag_sociaal_domein,
            b.bedrag_zorg,
            b.get_risicodrager_display(),
        ]
        for b in bedragen
    ]
    return build_workbook([(OVERZICHT_SHEET, [label for _k, label in OVERZICHT_KOLOMMEN], rows)])


def export_metingen(buurt):
    metingen = (
        Meting.objects.filter(buurt=buurt).select_related("indicator").order_by("indicator__naam", "groep", "jaar")
    )
    rows = [
        [m.indicator.naam, m.get_groep_display(), m.jaar, m.waarde, m.vergelijkingsbuurten, m.bron] for m in metingen
    ]
    return build_workbook([(METING_SHEET, [label for _k, label in METING_KOLOMMEN], rows)])


def export_blootstelling(data):
    """The exposure (queries.blootstelling) as a workbook for the risk paragraph of the budget."""
    rijen = [[r["gemeente"], r["buurt"], r["jaar"], r["risico_open"], r["terug_te_betalen"]] for r in data["rijen"]]
    rijen.append([_("Totaal"), "", None, data["risico_open"], data["terug_te_betalen"]])
    per_jaar = [[jaar, v["risico_open"], v["terug_te_betalen"]] for jaar, v in data["per_jaar"].items()]
    per_gemeente = [[g["gemeente"], g["risico_open"], g["terug_te_betalen"]] for g in data["per_gemeente"]]
    return build_workbook(
        [
            (
                _("Per buurt en jaar"),
                [_("Gemeente"), _("Buurt"), _("Jaar"), _("Risico (open)"), _("Terug te betalen (niet behaald)")],
                rijen,
            ),
            (_("Per jaar"), [_("Jaar"), _("Risico (open)"), _("Terug te betalen (niet behaald)")], per_jaar),
            (
                _("Per gemeente"),
                [_("Gemeente"), _("Risico (open)"), _("Terug te betalen (niet behaald)")],
                per_gemeente,
            ),
        ]
    )


# ------------------------------------------------------------------------------ reading


def _choice(value, choices, veld, rij):
    text = str(value or "").strip().lower()
    for code, label in choices:
        if text in (str(code).lower(), str(label).lower()):
            return code
    opties = ", ".join(str(label) for _code, label in choices)
    raise ValidationError(
        _("Rij %(rij)s: ‘%(waarde)s’ is geen geldige waarde voor %(veld)s. Kies uit: %(opties)s.")
        % {"rij": rij, "waarde": value or "", "veld": veld, "opties": opties}
    )


def _bedrag(value, rij, veld):
    if value is None or value == "":
        return Decimal("0.00")
    try:
        if isinstance(value, bool):
            raise ValidationError("")
        if isinstance(value, float):
            exact = Decimal(repr(value))
            if exact != exact.quantize(Decimal("0.01")):
                raise ValidationError("")
            result = to_cents(exact)
        elif isinstance(value, (int, Decimal)):
            result = to_cents(value)
        else:
            result = parse_bedrag(value)
    except (ValidationError, InvalidOperation):
        raise ValidationError(
            _(
                "Rij %(rij)s: ‘%(waarde)s’ is geen geldig bedrag voor %(veld)s. Gebruik een getal met hoogstens twee decimalen."
            )
            % {"rij": rij, "waarde": value, "veld": veld}
        ) from None
    if result < 0:
        raise ValidationError(_("Rij %(rij)s: %(veld)s mag niet negatief zijn.") % {"rij": rij, "veld": veld})
    return result


def _jaar(value, rij, laag=2024, hoog=2028):
    try:
        jaar = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Rij %(rij)s: het jaar ontbreekt of is geen getal.") % {"rij": rij}) from None
    if not laag <= jaar <= hoog:
        raise ValidationError(
            _("Rij %(rij)s: het jaar moet tussen %(laag)s en %(hoog)s liggen.")
            % {"rij": rij, "laag": laag, "hoog": hoog}
        )
    return jaar


def _rows(bestand, sheet_name, kolommen, verplicht):
    """(posities, row iterator) or raise ValidationError with a Dutch message."""
    try:
        workbook = load_workbook(io.BytesIO(bestand.read()), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same clear message
        raise ValidationError(_("Dit bestand kan niet worden gelezen. Upload een Excel-bestand (.xlsx).")) from None
    sheet = workbook[sheet_name] if sheet_name in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        raise ValidationError(_("Het werkblad is leeg.")) from None
    labels = {label.lower(): key for key, label in kolommen}
    labels.update({key: key for key, _label in kolommen})
    posities = {}
    for index, cell in enumerate(header):
        key = labels.get(str(cell or "").strip().lower())
        if key:
            posities[key] = index
    ontbrekend = [label for key, label in kolommen if key in verplicht and key not in posities]
    if ontbrekend:
        raise ValidationError(
            _("De kolom(men) %(kolommen)s ontbreken in de eerste rij.") % {"kolommen": ", ".join(ontbrekend)}
        )
    return posities, rows


def lees_mijlpalenoverzicht(buurt, bestand):
    """Parse an uploaded XLSX into amount rows for `buurt`: (rijen, fouten). Nothing is saved."""
    try:
        posities, rows = _rows(bestand, OVERZICHT_SHEET, OVERZICHT_KOLOMMEN, OVERZICHT_VERPLICHT)
    except ValidationError as exc:
        return [], exc.messages
    mijlpalen = {m.nummer: m for m in Mijlpaal.objects.filter(transformatieplan_id=buurt.transformatieplan_id)}
    rijen, fouten, gezien = [], [], set()
    for rijnr, row in enumerate(rows, start=2):

        def cell(key):
            index = posities.get(key)
            return unneutralise(row[index]) if index is not None and index < len(row) else None

        if all(value in (None, "") for value in row):
            continue
        try:
            try:
                nummer = int(cell("mijlpaal"))
            except (TypeError, ValueError):
                raise ValidationError(
                    _("Rij %(rij)s: vul in de kolom Mijlpaal het nummer van de mijlpaal in.") % {"rij": rijnr}
                ) from None
            mijlpaal = mijlpalen.get(nummer)
            if mijlpaal is None:
                raise ValidationError(
                    _("Rij %(rij)s: mijlpaal %(nummer)s bestaat niet in het transformatieplan.")
                    % {"rij": rijnr, "nummer": nummer}
                )
            jaar = _jaar(cell("jaar"), rijnr)
            if (nummer, jaar) in gezien:
                raise ValidationError(
                    _(
                        "Rij %(rij)s: mijlpaal %(nummer)s staat voor %(jaar)s al eerder in het bestand. Voeg de bedragen samen."
                    )
                    % {"rij": rijnr, "nummer": nummer, "jaar": jaar}
                )
            gezien.add((nummer, jaar))
            rijen.append(
                {
                    "mijlpaal": mijlpaal,
                    "jaar": jaar,
                    "bedrag_sociaal_domein": _bedrag(
                        cell("bedrag_sociaal_domein"), rijnr, _("het bedrag sociaal domein")
                    ),
                    "bedrag_zorg": _bedrag(cell("bedrag_zorg"), rijnr, _("het bedrag zorg")),
                    "risicodrager": _choice(
                        cell("risicodrager"), MijlpaalBedrag.Risicodrager.choices, _("risicodrager"), rijnr
                    ),
                }
            )
        except ValidationError as exc:
            fouten.extend(exc.messages)
    if not rijen and not fouten:
        fouten.append(_("Het bestand bevat geen mijlpaalbedragen."))
    return rijen, fouten


def lees_metingen(buurt, bestand):
    """Parse an uploaded XLSX into measurements for `buurt`: (rijen, fouten). Nothing is saved."""
    try:
        posities, rows = _rows(bestand, METING_SHEET, METING_KOLOMMEN, METING_VERPLICHT)
    except ValidationError as exc:
        return [], exc.messages
    indicatoren = {i.naam.strip().lower(): i for i in Indicator.objects.all()}
    rijen, fouten, gezien = [], [], set()
    for rijnr, row in enumerate(rows, start=2):

        def cell(key):
            index = posities.get(key)
            return unneutralise(row[index]) if index is not None and index < len(row) else None

        if all(value in (None, "") for value in row):
            continue
        try:
            naam = str(cell("indicator") or "").strip()
            indicator = indicatoren.get(naam.lower())
            if indicator is None:
                raise ValidationError(
                    _("Rij %(rij)s: de indicator ‘%(naam)s’ is onbekend. Gebruik de naam zoals op de KPI-pagina.")
                    % {"rij": rijnr, "naam": naam}
                )
            groep = _choice(cell("groep"), Meting.Groep.choices, _("groep"), rijnr)
            jaar = _jaar(cell("jaar"), rijnr, 2000, 2100)
            raw = cell("waarde")
            try:
                if isinstance(raw, bool) or raw in (None, ""):
                    raise InvalidOperation
                if isinstance(raw, float):
                    waarde = Decimal(repr(raw))
                elif isinstance(raw, (int, Decimal)):
                    waarde = Decimal(raw)
                else:
                    waarde = (
                        Decimal(str(raw).strip().replace(".", "").replace(",", "."))
                        if "," in str(raw)
                        else Decimal(str(raw).strip())
                    )
                waarde = waarde.quantize(Decimal("0.0001"))
            except (InvalidOperation, ValueError):
                raise ValidationError(
                    _("Rij %(rij)s: ‘%(waarde)s’ is geen geldig getal voor de waarde.")
                    % {"rij": rijnr, "waarde": raw or ""}
                ) from None
            if (indicator.pk, groep, jaar) in gezien:
                raise ValidationError(
                    _("Rij %(rij)s: deze meting (indicator, groep, jaar) staat al eerder in het bestand.")
                    % {"rij": rijnr}
                )
            gezien.add((indicator.pk, groep, jaar))
            rijen.append(
                {
                    "indicator": indicator,
                    "groep": groep,
                    "jaar": jaar,
                    "waarde": waarde,
                    "vergelijkingsbuurten": str(cell("vergelijkingsbuurten") or "").strip()[:300],
                    "bron": str(cell("bron") or "").strip()[:200],
                }
            )
        except ValidationError as exc:
            fouten.extend(exc.messages)
    if not rijen and not fouten:
        fouten.append(_("Het bestand bevat geen metingen."))
    return rijen, fouten
