"""Mijlpalenoverzicht and KPI measurements survive an XLSX round trip; bad files are refused clearly."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from mijlpalen import queries, services, xlsx
from mijlpalen.models import Meting, MijlpaalBedrag
from tests.factories.mijlpalen import IndicatorFactory, MetingFactory, MijlpaalBedragFactory, MijlpaalFactory

pytestmark = pytest.mark.django_db


def _upload(data, name="bestand.xlsx"):
    return SimpleUploadedFile(name, data)


def _rows(buurt):
    return sorted(
        MijlpaalBedrag.objects.filter(buurt=buurt).values_list(
            "mijlpaal__nummer", "jaar", "bedrag_sociaal_domein", "bedrag_zorg", "risicodrager"
        )
    )


def test_mijlpalenoverzicht_round_trip_into_another_buurt(beleid, buurt, tweede_buurt):
    a, b = MijlpaalFactory(), MijlpaalFactory(soort="resultaat")
    MijlpaalBedragFactory(mijlpaal=a, buurt=buurt, jaar=2024, bedrag_sociaal_domein=Decimal("34851.00"))
    MijlpaalBedragFactory(
        mijlpaal=b,
        buurt=buurt,
        jaar=2025,
        bedrag_sociaal_domein=Decimal("1234.56"),
        bedrag_zorg=Decimal("99.99"),
        risicodrager="zorgaanbieder",
    )
    data = xlsx.export_mijlpalenoverzicht(buurt)
    assert services.importeer_mijlpalenoverzicht(beleid, tweede_buurt, _upload(data)) == 2
    assert _rows(tweede_buurt) == _rows(buurt)


def test_mijlpalenoverzicht_import_replaces_existing_rows(beleid, buurt):
    a, b = MijlpaalFactory(), MijlpaalFactory()
    MijlpaalBedragFactory(mijlpaal=a, buurt=buurt, jaar=2024)
    data = xlsx.export_mijlpalenoverzicht(buurt)
    MijlpaalBedragFactory(mijlpaal=b, buurt=buurt, jaar=2025)
    services.importeer_mijlpalenoverzicht(beleid, buurt, _upload(data))
    assert [r[0] for r in _rows(buurt)] == [a.nummer]


def test_mijlpalenoverzicht_import_accepts_dutch_amounts_and_reports_errors(beleid, buurt):
    m = MijlpaalFactory()
    wb = Workbook()
    ws = wb.active
    ws.title = "Mijlpalenoverzicht"
    ws.append(["Mijlpaal", "Jaar", "Bedrag sociaal domein", "Risicodrager"])
    ws.append([m.nummer, 2025, "1.234,56", "Gemeente"])
    ws.append([999, 2025, "10", "Gemeente"])
    ws.append([m.nummer, 2031, "abc", "provincie"])
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ValidationError) as exc:
        services.importeer_mijlpalenoverzicht(beleid, buurt, _upload(buffer.getvalue()))
    text = " ".join(exc.value.messages)
    assert "mijlpaal 999 bestaat niet" in text
    assert "Rij 4" in text
    assert not MijlpaalBedrag.objects.exists()
    rijen, fouten = xlsx.lees_mijlpalenoverzicht(buurt, _upload(buffer.getvalue()))
    assert rijen[0]["bedrag_sociaal_domein"] == Decimal("1234.56")


def test_unreadable_file_gives_clear_message(beleid, buurt):
    with pytest.raises(ValidationError) as exc:
        services.importeer_mijlpalenoverzicht(beleid, buurt, _upload(b"not an xlsx"))
    assert "kan niet worden gelezen" in exc.value.messages[0]


def test_metingen_round_trip(beleid, buurt, tweede_buurt):
    indicator = IndicatorFactory(naam="Uren wijkverpleging per cliënt per jaar")
    MetingFactory(indicator=indicator, buurt=buurt, jaar=2024, waarde=Decimal("62.0000"))
    MetingFactory(indicator=indicator, buurt=buurt, jaar=2025, waarde=Decimal("58.3000"))
    MetingFactory(
        indicator=indicator,
        buurt=buurt,
        groep="vergelijking",
        jaar=2024,
        waarde=Decimal("60.5"),
        vergelijkingsbuurten="Noorderhaven",
    )
    data = xlsx.export_metingen(buurt)
    assert services.importeer_metingen(beleid, tweede_buurt, _upload(data)) == 3
    fields = ("indicator_id", "groep", "jaar", "waarde", "vergelijkingsbuurten")
    assert sorted(Meting.objects.filter(buurt=tweede_buurt).values_list(*fields)) == sorted(
        Meting.objects.filter(buurt=buurt).values_list(*fields)
    )


def test_blootstelling_export_contains_figures_as_numbers(buurt, gemeente):
    from openpyxl import load_workbook

    MijlpaalBedragFactory(mijlpaal=MijlpaalFactory(), buurt=buurt, jaar=2025, bedrag_sociaal_domein=Decimal("100.50"))
    data = xlsx.export_blootstelling(queries.blootstelling(gemeente=gemeente))
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:4] == ("Gemeente Zutphen", "Zuidwijken", 2025, 100.5)
    assert rows[-1][3] == 100.5
