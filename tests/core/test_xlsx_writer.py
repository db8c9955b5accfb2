"""The XLSX package (core.xlsx_writer): every part well-formed and declared, values typed as Excel
reads them, text that XML cannot carry escaped, names Excel accepts, rows streamed."""

import datetime
import io
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

from django.utils.safestring import mark_safe
from openpyxl import load_workbook

from core.xlsx import build_workbook
from core.xlsx_writer import Workbook, column_letter, excel_width


def _package(content):
    return zipfile.ZipFile(io.BytesIO(content))


def test_every_part_is_well_formed_xml_and_declared_in_the_content_types():
    content = build_workbook([("Eerste", ["A"], [["x"]]), ("Tweede", ["B"], [[1]])])
    package = _package(content)
    names = package.namelist()
    assert names[0] == "[Content_Types].xml"
    for name in names:
        ElementTree.fromstring(package.read(name))
    types = package.read("[Content_Types].xml").decode()
    for part in ("/xl/workbook.xml", "/xl/styles.xml", "/xl/worksheets/sheet1.xml", "/xl/worksheets/sheet2.xml"):
        assert f'PartName="{part}"' in types
    rels = package.read("xl/_rels/workbook.xml.rels").decode()
    assert "worksheets/sheet2.xml" in rels and "styles.xml" in rels


def test_values_keep_their_type_and_format():
    moment = datetime.datetime(2025, 1, 2, 3, 4)
    rows = [[1, Decimal("-1234.50"), datetime.date(2025, 1, 2), moment, True, 2.5, "tekst", mark_safe("veilig")]]
    sheet = load_workbook(io.BytesIO(build_workbook([("Blad", list("ABCDEFGH"), rows)]))).active
    values = [cell.value for cell in sheet[2]]
    assert values == [1, Decimal("-1234.5"), datetime.datetime(2025, 1, 2), moment, True, 2.5, "tekst", "veilig"]
    assert sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].number_format == "dd-mm-yyyy" and sheet["D2"].number_format == "dd-mm-yyyy hh:mm"
    assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb == "FFDDE3EA"


def test_an_aware_moment_is_written_in_dutch_time():
    moment = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC)
    sheet = load_workbook(io.BytesIO(build_workbook([("Blad", ["Moment"], [[moment]])]))).active
    assert sheet["A2"].value == datetime.datetime(2026, 7, 1, 12, 0)


def test_text_xml_cannot_carry_is_escaped_and_spaces_and_length_are_kept_within_excel_limits():
    rows = [["a\x01b", "  ruimte  ", "<b>&amp;</b>", "x" * 40000, "regel 1\nregel 2"]]
    sheet = load_workbook(io.BytesIO(build_workbook([("Blad", list("ABCDE"), rows)]))).active
    assert sheet["A2"].value == "a_x0001_b"
    assert sheet["B2"].value == "  ruimte  "
    assert sheet["C2"].value == "<b>&amp;</b>"
    assert len(sheet["D2"].value) == 32767
    assert sheet["E2"].value == "regel 1\nregel 2"


def test_sheet_names_are_made_valid_and_unique_and_the_filter_names_them():
    content = build_workbook(
        [
            ("Lasten: 2025/2026 [concept] met een heel lange naam", ["A"], [["x"]]),
            ("lasten: 2025/2026 [concept] met een heel lange naam", ["A"], [["y"]]),
        ]
    )
    book = load_workbook(io.BytesIO(content))
    first, second = book.sheetnames
    assert len(first) <= 31 and len(second) <= 31 and first.lower() != second.lower()
    assert not set("[]:*?/\\") & set(first + second)
    workbook_xml = _package(content).read("xl/workbook.xml").decode()
    assert workbook_xml.count("_xlnm._FilterDatabase") == 2
    assert f"'{first}'!$A$1:$A$2" in workbook_xml


def test_a_sheet_without_headers_has_no_frozen_pane_and_no_filter():
    sheet = load_workbook(io.BytesIO(build_workbook([("Blad", [], [["a", 1]])]))).active
    assert sheet.freeze_panes is None and sheet.auto_filter.ref is None
    assert [c.value for c in sheet[1]] == ["a", 1]


def test_rows_stream_from_a_generator_and_the_count_is_returned():
    buffer = io.BytesIO()
    workbook = Workbook(buffer, 1)
    written = workbook.add_sheet("Blad", ([i, f"r{i}"] for i in range(5000)), head=[[("Nr", 6), ("Tekst", 6)]])
    workbook.close()
    assert written == 5001
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet.max_row == 5001 and sheet["B5001"].value == "r4999"


def test_column_letters_and_widths_as_excel_counts_them():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert excel_width(8) == 8.7109375 and excel_width(12) == 12.7109375


def test_a_number_excel_cannot_hold_is_written_as_its_text():
    rows = [[float("nan"), float("inf"), Decimal("NaN")]]
    sheet = load_workbook(io.BytesIO(build_workbook([("Blad", list("ABC"), rows)]))).active
    assert [c.value for c in sheet[2]] == ["nan", "inf", "NaN"]
