"""The ERP export (CSV): text that looks like a formula is neutralised; negative amounts stay numbers."""

from datetime import date
from decimal import Decimal

from grootboek import erp
from grootboek.models import ErpExportProfiel


def test_erp_csv_cell_neutralises_formula_text_but_not_negative_amounts():
    profiel = ErpExportProfiel(scheidingsteken=";", decimaalkomma=True, datumformaat="%d-%m-%Y")
    assert (
        erp._csv_value('=HYPERLINK("http://evil.example","Klik")', profiel)
        == '\'=HYPERLINK("http://evil.example","Klik")'
    )
    assert erp._csv_value("-korting", profiel) == "'-korting"
    assert erp._csv_value(Decimal("-12.50"), profiel) == "-12,50"
    assert erp._csv_value(-3, profiel) == "-3"
    assert erp._csv_value(date(2025, 1, 31), profiel) == "31-01-2025"
