"""One tabular model for every report, rendered three ways: CSV, XLSX and PDF.

A report (a case history, the compliance figures, a register, the monitoring form) is built once as a
:class:`Document`: the office's letterhead lines, a title, a few labelled facts, tables and, for paper only,
figures and signature blocks. Each renderer below knows documents, never a particular report, so a new
report needs no export code of its own.

CSV is for machines (plain numbers, ISO dates, UTF-8 with a BOM so Excel reads it); XLSX keeps types
(dates, numbers, percentages) so an officer can sort and sum; PDF is the paper an office files.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from engine.config import DEFAULT_TIMEZONE
from engine.reports import text
from engine.reports.pdf import TEMPLATES, html_to_pdf

ColumnKind = Literal["text", "int", "number", "percent", "date", "datetime", "minutes"]
Format = Literal["csv", "xlsx", "pdf"]
FORMATS: tuple[Format, ...] = ("pdf", "xlsx", "csv")

MIMETYPES: dict[str, str] = {
    "csv": "text/csv",  # Werkzeug adds "; charset=utf-8" to text types (the CSV is UTF-8)
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
#: Characters a spreadsheet reads as the start of a formula: a cell typed by a citizen must stay text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_INDONESIAN_INTEGER = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})*|[0-9]+")
_INDONESIAN_PERCENT = re.compile(r"([0-9]{1,3}(?:,[0-9]+)?)%")
#: Excel refuses a longer sheet name.
SHEET_NAME_LIMIT = 31


@dataclass(frozen=True)
class Column:
    """A column: its title, how its values read, an optional group title spanning neighbours, and its share
    of the printed width in percent (0: as wide as its content)."""

    title: str
    kind: ColumnKind = "text"
    group: str | None = None
    width: int = 0


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str = ""

    def text_rows(self, timezone: str = DEFAULT_TIMEZONE,
                  day_minutes: int = text.WORKING_DAY_MINUTES) -> list[list[str]]:
        """Every cell as a person reads it (pages and PDF); working time on a day of ``day_minutes``."""
        return [[cell_text(value, column.kind, timezone, day_minutes)
                 for value, column in zip(row, self.columns, strict=True)]
                for row in self.rows]

    @property
    def has_groups(self) -> bool:
        return any(column.group for column in self.columns)

    def header_rows(self) -> tuple[list[tuple[str, int, int]], list[str]]:
        """HTML header cells: the top row as (title, colspan, rowspan), and the titles under the groups."""
        if not self.has_groups:
            return [(c.title, 1, 1) for c in self.columns], []
        top: list[tuple[str, int, int]] = []
        index = 0
        for group, span in self.header_groups():
            top.append((group, span, 1) if group else (self.columns[index].title, 1, 2))
            index += span
        return top, [c.title for c in self.columns if c.group]

    def header_groups(self) -> list[tuple[str | None, int]]:
        """Consecutive columns sharing a group, as (group title or None, span)."""
        spans: list[tuple[str | None, int]] = []
        for column in self.columns:
            if spans and column.group and spans[-1][0] == column.group:
                spans[-1] = (column.group, spans[-1][1] + 1)
            else:
                spans.append((column.group, 1))
        return spans


@dataclass(frozen=True)
class Figure:
    """A picture for paper and pages (a chart, the heat map), as SVG text from a trusted renderer."""

    title: str
    svg: str


@dataclass(frozen=True)
class Signature:
    """A signature block: "Mengetahui," / position, space to sign, name and NIP (blank lines if unknown)."""

    caption: str
    position: str
    name: str = ""
    nip: str = ""


Fact = str | int | float
"""A labelled fact's value: text, or a number an XLSX keeps as a number (pages show it the Indonesian way)."""


@dataclass(frozen=True)
class Document:
    """A report as paper and files; ``logo`` is the office's letterhead image as a ``data:`` URI ("" = empty slot)."""

    title: str
    filename: str
    header_lines: tuple[str, ...] = ()
    meta: tuple[tuple[str, Fact], ...] = ()
    tables: tuple[Table, ...] = ()
    figures: tuple[Figure, ...] = ()
    signatures: tuple[Signature, ...] = ()
    place_date: str = ""
    timezone: str = DEFAULT_TIMEZONE
    #: The office calendar's working day: a document with working-time columns passes its report's.
    day_minutes: int = text.WORKING_DAY_MINUTES
    generated_at: datetime | None = None
    landscape: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)
    logo: str = ""

    def fact_texts(self) -> list[tuple[str, str]]:
        """The facts as a person reads them ("1.250", "83%" stays as written)."""
        return [(label, value if isinstance(value, str) else cell_text(value, "number" if isinstance(value, float)
                                                                           else "int", self.timezone))
                for label, value in self.meta]


@dataclass(frozen=True)
class Export:
    content: bytes
    mimetype: str
    filename: str


def export(document: Document, fmt: str) -> Export:
    """The document as a file in ``fmt`` (``pdf``, ``xlsx`` or ``csv``)."""
    renderers = {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf}
    if fmt not in renderers:
        raise ValueError(f"unknown export format {fmt!r}")
    return Export(renderers[fmt](document), MIMETYPES[fmt], f"{safe_filename(document.filename)}.{fmt}")


def safe_filename(name: str) -> str:
    """ASCII letters, digits, dot, dash and underscore: safe in a Content-Disposition header anywhere."""
    return _FILENAME_UNSAFE.sub("-", name).strip("-.") or "laporan"


# --- cells ---------------------------------------------------------------------------------------------


def cell_text(value: Any, kind: ColumnKind, timezone: str = DEFAULT_TIMEZONE,
              day_minutes: int = text.WORKING_DAY_MINUTES) -> str:
    """A cell as a person reads it: "23-11-2026 09.00", "2 jam 5 menit", "83%", "1.250"."""
    if value is None or value == "":
        return ""
    if kind == "minutes" and isinstance(value, int | float):
        return text.working_time(value, day_minutes)
    if kind == "percent" and isinstance(value, int | float):
        return text.percent(value)
    if isinstance(value, datetime):
        return text.local_datetime(value, timezone)
    if isinstance(value, date):
        return text.local_date(value)
    if kind == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        return text.decimal(value, 1)
    return text.show(value)


def cell_csv(value: Any, kind: ColumnKind, timezone: str = DEFAULT_TIMEZONE) -> str:
    """A cell for machines: plain numbers, ISO dates in the office's zone, formula-safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, datetime):
        return value.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if kind == "percent" else f"{value:.1f}"
    return _defuse(text.show(value) if not isinstance(value, str) else value)


def _defuse(value: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _column_title(column: Column, *, machine: bool) -> str:
    title = f"{column.group}: {column.title}" if column.group and machine else column.title
    return f"{title} (menit kerja)" if column.kind == "minutes" else title


# --- CSV -----------------------------------------------------------------------------------------------


def to_csv(document: Document) -> bytes:
    """The letterhead and facts as leading lines, then each table (title, header, rows), blank-line separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for line in document.header_lines:
        writer.writerow([_defuse(line)])
    writer.writerow([_defuse(document.title)])
    for label, value in document.meta:
        writer.writerow([_defuse(label), cell_csv(value, "text", document.timezone)])
    for table in document.tables:
        writer.writerow([])
        writer.writerow([_defuse(table.title)])
        writer.writerow([_defuse(_column_title(c, machine=True)) for c in table.columns])
        for row in table.rows:
            writer.writerow([cell_csv(v, c.kind, document.timezone) for v, c in zip(row, table.columns, strict=True)])
        if table.note:
            writer.writerow([_defuse(table.note)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- XLSX ----------------------------------------------------------------------------------------------


def to_xlsx(document: Document) -> bytes:
    """One sheet per table, each with the letterhead on top, typed cells and a frozen header row."""
    from openpyxl import Workbook  # deferred: half a second to import, needed only when an XLSX is made

    workbook = Workbook()
    workbook.remove(workbook.active)
    tables = document.tables or (Table(document.title, (), ()),)
    names: set[str] = set()
    for index, table in enumerate(tables):
        sheet = workbook.create_sheet(_sheet_name(table.title or document.title, names))
        _fill_sheet(sheet, document, table, last=index == len(tables) - 1)
    workbook.properties.title = document.title[:250]
    workbook.properties.creator = "Alur"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name within Excel's 31 characters that still reads: whole words, an ellipsis when shortened."""
    clean = " ".join(_SHEET_FORBIDDEN.sub(" ", _CONTROL.sub("", title)).split()).strip("'")
    base = _shorten(clean, SHEET_NAME_LIMIT) or "Lembar"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = _shorten(clean, SHEET_NAME_LIMIT - len(suffix)) + suffix
        number += 1
    taken.add(name.lower())
    return name


def _shorten(title: str, limit: int) -> str:
    """``title`` within ``limit`` characters: without a trailing parenthesis first, then cut at a word."""
    if len(title) <= limit:
        return title
    plain = re.sub(r"\s*\([^)]*\)\s*$", "", title)
    if plain and len(plain) <= limit:
        return plain
    cut = plain[: limit - 1]
    if " " in cut and not plain[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.-–:;") + "…"


def _fill_sheet(sheet: Any, document: Document, table: Table, *, last: bool) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # deferred as in to_xlsx
    from openpyxl.utils import get_column_letter

    width = max(1, len(table.columns))
    bold = Font(bold=True)
    row = 1

    def line(value: str, font: Any = None) -> None:
        nonlocal row
        cell = _text_cell(sheet, row, 1, value)
        if font is not None:
            cell.font = font
        if width > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1

    for header in document.header_lines:
        line(header, bold)
    row += 1 if document.header_lines else 0
    line(document.title, Font(bold=True, size=13))
    for label, value in document.meta:
        _text_cell(sheet, row, 1, label).font = bold
        _fact_cell(sheet, row, 2, value)
        row += 1
    row += 1
    if table.title and table.title != document.title:
        line(table.title, Font(bold=True, size=12))
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="E2E8F0")
    wrap = Alignment(wrap_text=True, vertical="top")
    if table.has_groups:
        column = 1
        for group, span in table.header_groups():
            for offset in range(span):
                cell = sheet.cell(row=row, column=column + offset)
                cell.fill, cell.border, cell.font, cell.alignment = fill, border, bold, wrap
            if group:
                _text_cell(sheet, row, column, group)
                if span > 1:
                    sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + span - 1)
            column += span
        row += 1
    header_row = row
    for column, spec in enumerate(table.columns, start=1):
        cell = _text_cell(sheet, row, column, _column_title(spec, machine=False))
        cell.font, cell.fill, cell.border, cell.alignment = bold, fill, border, wrap
    row += 1
    widths = [len(_column_title(c, machine=False)) for c in table.columns]
    for values in table.rows:
        for column, (value, spec) in enumerate(zip(values, table.columns, strict=True), start=1):
            cell = _typed_cell(sheet, row, column, value, spec.kind, document.timezone)
            cell.border, cell.alignment = border, wrap
            widths[column - 1] = max(widths[column - 1], min(60, len(cell_text(value, spec.kind, document.timezone,
                                                                                       document.day_minutes))))
        row += 1
    if table.note:
        row += 1
        line(table.note)
    if last:
        row = _xlsx_signatures(sheet, document, row + 1, width)
    for column, size in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(8, min(60, size + 2))
    if table.columns:
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if table.columns and table.rows:
        last_row = header_row + len(table.rows)
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{last_row}"
    sheet.page_setup.orientation = "landscape" if document.landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _xlsx_signatures(sheet: Any, document: Document, row: int, width: int) -> int:
    if not document.signatures:
        return row
    if document.place_date:
        _text_cell(sheet, row, 1, document.place_date)
        row += 1
    for signature in document.signatures:
        for value in (signature.caption, signature.position, "", "", "", signature.name or "(....................)",
                      f"NIP. {signature.nip}" if signature.nip else "NIP. ...................."):
            if value:
                _text_cell(sheet, row, 1, value)
            row += 1
        row += 1
    return row


def _text_cell(sheet: Any, row: int, column: int, value: str) -> Any:
    """A cell that stays text: never read as a formula, whatever a user typed."""
    cell = sheet.cell(row=row, column=column)
    cell.value = _CONTROL.sub("", value)
    cell.data_type = "s"
    return cell


def _fact_cell(sheet: Any, row: int, column: int, value: Fact) -> Any:
    """A summary figure as a number an officer can sum ("1.250" → 1250, "83%" → 0.83); other facts as text."""
    if isinstance(value, str) and _INDONESIAN_INTEGER.fullmatch(value):
        return _typed_cell(sheet, row, column, int(value.replace(".", "")), "int", DEFAULT_TIMEZONE)
    if isinstance(value, str) and (share := _INDONESIAN_PERCENT.fullmatch(value)):
        return _typed_cell(sheet, row, column, float(share[1].replace(",", ".")) / 100, "percent", DEFAULT_TIMEZONE)
    if isinstance(value, str):
        return _text_cell(sheet, row, column, value)
    return _typed_cell(sheet, row, column, value, "number" if isinstance(value, float) else "int", DEFAULT_TIMEZONE)


def _typed_cell(sheet: Any, row: int, column: int, value: Any, kind: ColumnKind, timezone: str) -> Any:
    if value is None:
        return sheet.cell(row=row, column=column)
    if isinstance(value, bool) or not isinstance(value, int | float | date | datetime):
        return _text_cell(sheet, row, column, value if isinstance(value, str) else text.show(value))
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, datetime):
        cell.value = value.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
        cell.number_format = "dd-mm-yyyy hh:mm"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "dd-mm-yyyy"
    else:
        cell.value = value
        cell.number_format = {"percent": "0%", "number": "#,##0.0", "minutes": "#,##0"}.get(kind, "#,##0")
    return cell


# --- PDF (through HTML) --------------------------------------------------------------------------------

#: The last rows of the last table that go onto the page of the signatures: a signature never stands alone.
ROWS_KEPT_WITH_SIGNATURES = 3



def to_html(document: Document) -> str:
    """The document as a standalone HTML page for print (the PDF's source; autoescaped throughout)."""
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    template = environment.get_template("document.html")
    figures = [(figure.title, Markup(figure.svg)) for figure in document.figures]  # noqa: S704 - our own renderers
    return template.render(
        document=document, figures=figures, facts=document.fact_texts(), keep_rows=ROWS_KEPT_WITH_SIGNATURES,
        tables=[(table, table.text_rows(document.timezone, document.day_minutes)) for table in document.tables],
        generated=text.local_datetime(document.generated_at, document.timezone) if document.generated_at else "",
    )


def to_pdf(document: Document) -> bytes:
    return html_to_pdf(to_html(document))


def rows_of(items: Iterable[Sequence[Any]]) -> tuple[tuple[Any, ...], ...]:
    """Rows as the tuple of tuples a :class:`Table` keeps (frozen, hashable)."""
    return tuple(tuple(item) for item in items)
