"""The XLSX package itself (Office Open XML SpreadsheetML), written row by row into a zip.

Why our own: the SiSa workbook of the largest beschikking at national scale (11,000 ledger lines, 133,000
cells) took 0.7–0.8 s in XlsxWriter, nearly all of it in the library's per-cell bookkeeping, against
a target of 1 s for the whole file (issue 15). Here a row is one formatted string: 0.12 s.

What it writes is what XlsxWriter wrote for our exports, part for part (content types, relationships,
workbook with the autofilter's defined names, one style sheet, worksheets with frozen header, column
widths and autofilter), minus the shared-string table and the theme: text goes inline (`inlineStr`),
fonts name their colour. Rows stream into the zip entry, so memory does not grow with the rows.

`core.xlsx` decides what goes in a sheet (neutralised text, widths, title block); this module only
knows the file format. Style ids are the `STYLE_*` constants, matching `_STYLES`.
"""

from __future__ import annotations

import datetime
import math
import re
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import IO
from xml.sax.saxutils import escape, quoteattr

MONEY_FORMAT, DATE_FORMAT, DATETIME_FORMAT = "#,##0.00", "dd-mm-yyyy", "dd-mm-yyyy hh:mm"
STYLE_DEFAULT, STYLE_MONEY, STYLE_DATE, STYLE_DATETIME, STYLE_TITLE, STYLE_KOP, STYLE_HEADER = range(7)
MAX_TEXT = 32767  # Excel's limit for one cell
MAX_ROWS = 1_048_576
_EPOCH = datetime.datetime(1899, 12, 30)
_EPOCH_DATE = _EPOCH.date()
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FLUSH_ROWS = 2000

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_FONT = '<font>{}<sz val="{}"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>'
_STYLES = (
    _XML_DECL + f'<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="3"><numFmt numFmtId="164" formatCode="{MONEY_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{DATE_FORMAT}"/><numFmt numFmtId="166" formatCode="{DATETIME_FORMAT}"/></numFmts>'
    '<fonts count="4">'
    + _FONT.format("", 11)
    + _FONT.format("<b/>", 14)
    + _FONT.format("<i/>", 11)
    + _FONT.format("<b/>", 11)
    + "</fonts>"
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FFDDE3EA"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="7">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="3" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
    "</styleSheet>"
)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excel_width(characters: float) -> float:
    """A column width in characters as Excel stores it (the digit width of 7 pixels plus 5 of padding),
    the same figure XlsxWriter's set_column wrote."""
    pixels = int(characters * 7 + 0.5) + 5 if characters >= 1 else int(characters * 12 + 0.5)
    return int(pixels / 7 * 256) / 256


def _text(value: str) -> str:
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    value = escape(value)
    if _ILLEGAL_XML.search(value):
        value = _ILLEGAL_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    if value[:1].isspace() or value[-1:].isspace():
        return f'<is><t xml:space="preserve">{value}</t></is>'
    return f"<is><t>{value}</t></is>"


def _serial(value: datetime.date | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        delta = value.replace(tzinfo=None) - _EPOCH
        return repr(delta.days + (delta.seconds + delta.microseconds / 1_000_000) / 86400)
    return str((value - _EPOCH_DATE).days)


def cell_xml(ref: str, value: object, style: int = STYLE_DEFAULT) -> str:
    """One <c> element; None gives no cell. Text must already be neutralised by the caller."""
    kind = type(value)
    s = f' s="{style}"' if style else ""
    if kind is str:
        return f'<c r="{ref}"{s} t="inlineStr">{_text(value)}</c>'  # type: ignore[arg-type]
    if kind is Decimal:
        if not value.is_finite():  # type: ignore[attr-defined]
            return f'<c r="{ref}"{s} t="inlineStr">{_text(str(value))}</c>'
        return f'<c r="{ref}" s="{style or STYLE_MONEY}"><v>{value:f}</v></c>'
    if kind is bool:
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'  # type: ignore[call-overload]
    if kind is int:
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if kind is float:
        if not math.isfinite(value):  # type: ignore[arg-type]
            return f'<c r="{ref}"{s} t="inlineStr">{_text(str(value))}</c>'
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    if isinstance(value, datetime.datetime):
        return f'<c r="{ref}" s="{style or STYLE_DATETIME}"><v>{_serial(value)}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="{style or STYLE_DATE}"><v>{_serial(value)}</v></c>'
    if value is None:
        return ""
    # Subclasses (SafeString, IntEnum, ...) as their base type; anything else as its text.
    if isinstance(value, str):
        return cell_xml(ref, value[:], style)  # a slice of a str subclass is a plain str
    for base in (int, float, Decimal):
        if isinstance(value, base):
            return cell_xml(ref, base(value), style)  # type: ignore[call-overload]
    return cell_xml(ref, str(value)[:], style)


class Workbook:
    """Sheets are added one after the other (`add_sheet` streams the rows); `close()` finishes the file."""

    def __init__(self, target: IO[bytes], sheet_count: int):
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
        self._sheet_count = sheet_count
        self._sheets: list[tuple[str, str | None]] = []  # (name, autofilter range)
        self._names: set[str] = set()
        self._write_package_parts()

    def _unique_name(self, title: str) -> str:
        base = _SHEET_NAME_FORBIDDEN.sub(" ", str(title)).strip().strip("'")[:31] or "Blad"
        name, n = base, 2
        while name.lower() in self._names:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        self._names.add(name.lower())
        return name

    def add_sheet(
        self,
        title: str,
        rows: Iterable[Iterable[object]],
        *,
        head: Iterable[Iterable[tuple[object, int]]] = (),
        widths: Iterable[float] = (),
        freeze_below: int | None = None,
        autofilter: tuple[int, int] | None = None,
    ) -> int:
        """Write one sheet: first the `head` rows of (value, style) pairs (title block, header), then
        `rows` of plain values (a Decimal in the money format, dates in the date formats).
        freeze_below: the 1-based row under which the pane is frozen (the header row);
        autofilter: (header row, number of columns), 1-based, over every row written.
        Returns the number of rows written."""
        name = self._unique_name(title)
        number = len(self._sheets) + 1
        parts = [_XML_DECL, f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews><sheetView']
        parts.append(' tabSelected="1"' if number == 1 else "")
        parts.append(' workbookViewId="0">')
        if freeze_below:
            top = f"A{freeze_below + 1}"
            parts.append(
                f'<pane ySplit="{freeze_below}" topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/>'
            )
        parts.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
        cols = [f'<col min="{i}" max="{i}" width="{excel_width(w)}" customWidth="1"/>' for i, w in enumerate(widths, 1)]
        if cols:
            parts.append("<cols>" + "".join(cols) + "</cols>")
        parts.append("<sheetData>")
        letters: list[str] = []
        written = 0
        with self._zip.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as entry:
            entry.write("".join(parts).encode())
            chunk: list[str] = []
            for styled_row in head:
                written += 1
                cells = "".join(
                    cell_xml(f"{column_letter(i)}{written}", value, style)
                    for i, (value, style) in enumerate(styled_row)
                    if value is not None
                )
                chunk.append(f'<row r="{written}">{cells}</row>')
            for row in rows:
                written += 1
                if written > MAX_ROWS:
                    raise ValueError(f"Sheet {name!r}: more than {MAX_ROWS} rows")
                values = list(row)
                while len(letters) < len(values):
                    letters.append(column_letter(len(letters)))
                cells = "".join(
                    cell_xml(f"{letters[i]}{written}", value) for i, value in enumerate(values) if value is not None
                )
                chunk.append(f'<row r="{written}">{cells}</row>')
                if len(chunk) >= _FLUSH_ROWS:
                    entry.write("".join(chunk).encode())
                    chunk = []
            tail = "".join(chunk) + "</sheetData>"
            filter_range = None
            if autofilter:
                header, columns = autofilter
                last = column_letter(max(columns, 1) - 1)
                filter_range = (
                    f"A{header}:{last}{max(written, header)}",
                    f"$A${header}:${last}${max(written, header)}",
                )
                tail += f'<autoFilter ref="{filter_range[0]}"/>'
            tail += (
                '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
            )
            entry.write(tail.encode())
        self._sheets.append((name, filter_range[1] if filter_range else None))
        return written

    def close(self) -> None:
        sheets = "".join(
            f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, _) in enumerate(self._sheets, 1)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{escape(_quoted(name))}!{ref}</definedName>"
            for i, (name, ref) in enumerate(self._sheets)
            if ref
        )
        workbook = (
            f'{_XML_DECL}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{sheets}</sheets>" + (f"<definedNames>{names}</definedNames>" if names else "") + "</workbook>"
        )
        if len(self._sheets) != self._sheet_count:
            raise ValueError(f"{self._sheet_count} sheets announced, {len(self._sheets)} written")
        self._zip.writestr("xl/workbook.xml", workbook)
        self._zip.close()

    def _write_package_parts(self) -> None:
        """Content types, relationships, properties and styles: everything that does not depend on the
        rows, first in the zip as Excel writes them."""
        count = self._sheet_count
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, count + 1)
        )
        rels += f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, count + 1)
        )
        moment = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._zip.writestr(
            "[Content_Types].xml",
            f'{_XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        self._zip.writestr(
            "_rels/.rels",
            f'{_XML_DECL}<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>",
        )
        self._zip.writestr(
            "docProps/core.xml",
            f"{_XML_DECL}<cp:coreProperties "
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>SPUK-beheer</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{moment}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{moment}</dcterms:modified></cp:coreProperties>',
        )
        self._zip.writestr(
            "xl/_rels/workbook.xml.rels", f'{_XML_DECL}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'
        )
        self._zip.writestr("xl/styles.xml", _STYLES)


def _quoted(name: str) -> str:
    """A sheet name as a formula reference names it."""
    return "'" + name.replace("'", "''") + "'"
