"""Export of ledger lines for the gemeente's own ERP (CSV and XLSX) in the gemeente's template."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.xlsx import csv_value

from .models import ErpExportProfiel, Journaalregel

# field key -> (default column name, value of a Journaalregel with its entry, account and relation)
VELDEN = {
    "boekdatum": (gettext_lazy("Boekdatum"), lambda r: r.journaalpost.boekdatum),
    "boekjaar": (gettext_lazy("Boekjaar"), lambda r: r.journaalpost.boekjaar),
    "periode": (gettext_lazy("Periode"), lambda r: r.journaalpost.boekdatum.month),
    "stuknummer": (gettext_lazy("Stuknummer"), lambda r: r.journaalpost.stuknummer),
    "rekening": (gettext_lazy("Rekening"), lambda r: r.rekening.nummer),
    "rekeningnaam": (gettext_lazy("Rekeningnaam"), lambda r: r.rekening.naam),
    "kostenplaats": (gettext_lazy("Kostenplaats"), lambda r: r.rekening.kostenplaats),
    "taakveld": (gettext_lazy("Taakveld"), lambda r: r.rekening.taakveld),
    "economische_categorie": (gettext_lazy("Economische categorie"), lambda r: r.rekening.economische_categorie),
    "debet": (gettext_lazy("Debet"), lambda r: r.debet),
    "credit": (gettext_lazy("Credit"), lambda r: r.credit),
    "relatie": (gettext_lazy("Relatie"), lambda r: r.relatie.naam if r.relatie_id else ""),
    "relatie_kvk": (gettext_lazy("KvK-nummer relatie"), lambda r: r.relatie.kvk_nummer if r.relatie_id else ""),
    "omschrijving": (
        gettext_lazy("Omschrijving"),
        lambda r: r.omschrijving or r.journaalpost.omschrijving,
    ),
    "beschikkingsnummer": (gettext_lazy("Beschikkingsnummer"), lambda r: r.rekening.beschikkingsnummer),
    "bestedingsjaar": (gettext_lazy("Bestedingsjaar"), lambda r: r.bestedingsjaar),
    "bron": (gettext_lazy("Bronverwijzing"), lambda r: r.journaalpost.bron_referentie),
}

STANDAARD_KOLOMMEN = [
    "boekdatum",
    "boekjaar",
    "periode",
    "stuknummer",
    "rekening",
    "kostenplaats",
    "taakveld",
    "debet",
    "credit",
    "relatie",
    "omschrijving",
    "beschikkingsnummer",
    "bestedingsjaar",
    "bron",
]


def standaard_kolommen():
    return [[veld, str(VELDEN[veld][0])] for veld in STANDAARD_KOLOMMEN]


def valideer_kolommen(kolommen):
    """[[veld, kolomnaam], ...] with known fields and non-empty, unique column names."""
    result, names = [], set()
    if not kolommen:
        raise ValidationError(_("Kies minstens één kolom voor de export."))
    for item in kolommen:
        try:
            veld, naam = item
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Elke kolom bestaat uit een veld en een kolomnaam.")) from exc
        veld, naam = str(veld).strip(), str(naam).strip()
        if veld not in VELDEN:
            raise ValidationError(
                _("Onbekend veld ‘%(veld)s’. Kies uit: %(velden)s.") % {"veld": veld, "velden": ", ".join(VELDEN)}
            )
        if not naam:
            naam = str(VELDEN[veld][0])
        if naam in names:
            raise ValidationError(_("De kolomnaam ‘%(naam)s’ komt twee keer voor.") % {"naam": naam})
        names.add(naam)
        result.append([veld, naam])
    return result


def profiel_van(gemeente):
    """The gemeente's profile, or an unsaved default one."""
    profiel = ErpExportProfiel.objects.filter(gemeente=gemeente).first()
    if profiel is None:
        profiel = ErpExportProfiel(gemeente=gemeente, kolommen=standaard_kolommen())
    if not profiel.kolommen:
        profiel.kolommen = standaard_kolommen()
    return profiel


def regels_in_periode(gemeente, van, tot):
    return (
        Journaalregel.objects.filter(
            journaalpost__gemeente=gemeente, journaalpost__boekdatum__gte=van, journaalpost__boekdatum__lte=tot
        )
        .select_related("journaalpost", "rekening", "relatie")
        .order_by("journaalpost__boekdatum", "journaalpost__boekjaar", "journaalpost__volgnummer", "id")
    )


def export_tabel(gemeente, van, tot, profiel=None):
    """(headers, rows) with typed values (Decimal, date, int, str) in the profile's column order."""
    profiel = profiel or profiel_van(gemeente)
    kolommen = profiel.kolommen
    headers = [naam for _veld, naam in kolommen]
    getters = [VELDEN[veld][1] for veld, _naam in kolommen]

    def rows():
        for regel in regels_in_periode(gemeente, van, tot).iterator(chunk_size=2000):
            yield [getter(regel) for getter in getters]

    return headers, rows()


def export_csv(gemeente, van, tot, profiel=None):
    """The CSV text (UTF-8 with BOM so that Excel reads the accents)."""
    profiel = profiel or profiel_van(gemeente)
    headers, rows = export_tabel(gemeente, van, tot, profiel)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=profiel.scheidingsteken, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(value, profiel) for value in row])
    return "\ufeff" + buffer.getvalue()


def _csv_value(value, profiel):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = f"{value:.2f}"
        return text.replace(".", ",") if profiel.decimaalkomma else text
    if isinstance(value, date):
        return value.strftime(profiel.datumformaat)
    return csv_value(value) if isinstance(value, str) else str(value)
