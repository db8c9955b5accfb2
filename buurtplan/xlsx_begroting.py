"""Buurtbegroting as a spreadsheet: export, and read back (budgets arrive as spreadsheets).

Sheet "Begroting": one row per line with the columns below; amounts are numbers with two decimals.
Reading accepts the exported file and hand-made sheets with the same headers (order free, codes or
labels for domein and financiering, amounts as numbers or Dutch text like 1.234,56).
"""

import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.money import parse_bedrag, to_cents
from core.models import Organisatie
from core.xlsx import build_workbook, unneutralise

from .models import Begrotingsregel
from .queries import totalen

KOLOMMEN = [
    ("id", "Regel-id"),
    ("activiteit", "Activiteit"),
    ("thema", "Thema"),
    ("jaar", "Jaar"),
    ("domein", "Domein"),
    ("financiering", "Financiering"),
    ("ontvangende_partner", "Ontvangende partner"),
    ("omschrijving", "Omschrijving"),
    ("bedrag", "Bedrag"),
]
VERPLICHT = {"activiteit", "jaar", "domein", "financiering", "ontvangende_partner", "bedrag"}
SHEET = "Begroting"


def export_begroting(begroting):
    regels = list(
        begroting.regels.select_related("activiteit__thema", "ontvangende_partner").order_by(
            "jaar", "activiteit__naam", "pk"
        )
    )
    rows = [
        [
            regel.pk,
            regel.activiteit.naam,
            regel.activiteit.thema.naam,
            regel.jaar,
            regel.get_domein_display(),
            regel.get_financiering_display(),
            regel.ontvangende_partner.naam,
            regel.omschrijving,
            regel.bedrag,
        ]
        for regel in regels
    ]
    t = totalen(regels)
    fin_labels = dict(Begrotingsregel.Financiering.choices)
    totaal_rows = []
    for jaar in t["jaren"]:
        totaal_rows.append(
            [jaar]
            + [t["per_jaar_financiering"].get((jaar, code), Decimal("0.00")) for code in fin_labels]
            + [t["per_jaar"][jaar]]
        )
    totaal_rows.append(
        [_("Totaal")] + [t["per_financiering"].get(code, Decimal("0.00")) for code in fin_labels] + [t["totaal"]]
    )
    return build_workbook(
        [
            (SHEET, [label for _key, label in KOLOMMEN], rows),
            (_("Totalen"), [_("Jaar")] + [str(label) for label in fin_labels.values()] + [_("Totaal")], totaal_rows),
        ]
    )


def _choice(value, choices, veld, regelnr):
    text = str(value or "").strip().lower()
    for code, label in choices:
        if text in (code.lower(), str(label).lower()):
            return code
    opties = ", ".join(str(label) for _code, label in choices)
    raise ValidationError(
        _("Rij %(rij)s: ‘%(waarde)s’ is geen geldige waarde voor %(veld)s. Kies uit: %(opties)s.")
        % {"rij": regelnr, "waarde": value or "", "veld": veld, "opties": opties}
    )


def _bedrag(value, regelnr):
    if value is None or value == "":
        raise ValidationError(_("Rij %(rij)s: het bedrag ontbreekt.") % {"rij": regelnr})
    try:
        if isinstance(value, bool):
            raise ValidationError("")
        if isinstance(value, float):
            exact = Decimal(repr(value))
            if exact != exact.quantize(Decimal("0.01")):
                raise ValidationError("")
            return to_cents(exact)
        if isinstance(value, (int, Decimal)):
            return to_cents(value)
        return parse_bedrag(value)
    except (ValidationError, InvalidOperation):
        raise ValidationError(
            _("Rij %(rij)s: ‘%(waarde)s’ is geen geldig bedrag. Gebruik een getal met hoogstens twee decimalen.")
            % {"rij": regelnr, "waarde": value}
        ) from None


def lees_begroting(begroting, bestand):
    """Parse an uploaded XLSX into line data for `begroting`.

    Returns (regels, fouten): regels is a list of dicts (id or None, activiteit, jaar, domein,
    financiering, ontvangende_partner, omschrijving, bedrag); fouten a list of Dutch messages.
    Nothing is saved here.
    """
    try:
        workbook = load_workbook(io.BytesIO(bestand.read()), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file gets the same clear message
        return [], [_("Dit bestand kan niet worden gelezen. Upload een Excel-bestand (.xlsx).")]
    sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        return [], [_("Het werkblad is leeg.")]
    labels = {label.lower(): key for key, label in KOLOMMEN}
    posities = {}
    for index, cell in enumerate(header):
        key = labels.get(str(cell or "").strip().lower())
        if key:
            posities[key] = index
    ontbrekend = [label for key, label in KOLOMMEN if key in VERPLICHT and key not in posities]
    if ontbrekend:
        return [], [_("De kolom(men) %(kolommen)s ontbreken in de eerste rij.") % {"kolommen": ", ".join(ontbrekend)}]

    activiteiten = {a.naam.strip().lower(): a for a in begroting.buurtplan.activiteiten.all()}
    organisaties = {o.naam.strip().lower(): o for o in Organisatie.objects.filter(actief=True)}
    bestaande = set(begroting.regels.values_list("pk", flat=True))
    regels, fouten = [], []
    for rijnr, row in enumerate(rows, start=2):

        def cell(key):
            index = posities.get(key)
            return unneutralise(row[index]) if index is not None and index < len(row) else None

        if all(value in (None, "") for value in row):
            continue
        try:
            naam = str(cell("activiteit") or "").strip()
            activiteit = activiteiten.get(naam.lower())
            if activiteit is None:
                raise ValidationError(
                    _(
                        "Rij %(rij)s: de activiteit ‘%(naam)s’ staat niet in deze versie van het buurtplan. "
                        "Voeg haar eerst toe op het tabblad Plan of corrigeer de naam."
                    )
                    % {"rij": rijnr, "naam": naam}
                )
            try:
                jaar = int(cell("jaar"))
            except (TypeError, ValueError):
                raise ValidationError(_("Rij %(rij)s: het jaar ontbreekt of is geen getal.") % {"rij": rijnr}) from None
            if not 2024 <= jaar <= 2028:
                raise ValidationError(_("Rij %(rij)s: het jaar moet tussen 2024 en 2028 liggen.") % {"rij": rijnr})
            domein = _choice(cell("domein"), Begrotingsregel.Domein.choices, _("domein"), rijnr)
            financiering = _choice(cell("financiering"), Begrotingsregel.Financiering.choices, _("financiering"), rijnr)
            partner_naam = str(cell("ontvangende_partner") or "").strip()
            partner = organisaties.get(partner_naam.lower())
            if partner is None:
                raise ValidationError(
                    _(
                        "Rij %(rij)s: de organisatie ‘%(naam)s’ is onbekend. Laat haar eerst registreren door applicatiebeheer."
                    )
                    % {"rij": rijnr, "naam": partner_naam}
                )
            bedrag = _bedrag(cell("bedrag"), rijnr)
            if bedrag < 0:
                raise ValidationError(_("Rij %(rij)s: het bedrag mag niet negatief zijn.") % {"rij": rijnr})
            if financiering == Begrotingsregel.Financiering.SPUK and domein != Begrotingsregel.Domein.SOCIAAL_DOMEIN:
                raise ValidationError(
                    _("Rij %(rij)s: SPUK-middelen zijn alleen voor het sociaal domein.") % {"rij": rijnr}
                )
            regel_id = cell("id")
            try:
                regel_id = int(regel_id) if regel_id not in (None, "") else None
            except (TypeError, ValueError):
                regel_id = None
            regels.append(
                {
                    "id": regel_id if regel_id in bestaande else None,
                    "activiteit": activiteit,
                    "jaar": jaar,
                    "domein": domein,
                    "financiering": financiering,
                    "ontvangende_partner": partner,
                    "omschrijving": str(cell("omschrijving") or "").strip()[:300],
                    "bedrag": bedrag,
                }
            )
        except ValidationError as exc:
            fouten.extend(exc.messages)
    if not regels and not fouten:
        fouten.append(_("Het bestand bevat geen begrotingsregels."))
    return regels, fouten
