"""An SOP table saved by LibreOffice Calc in its own format (.ods), read as the sheets of a workbook.

An office with LibreOffice opens Alur's template (or its own SOP AP workbook) in Calc, and Calc offers to save it in
OpenDocument format first. Such a file is read as openpyxl reads an .xlsx: each sheet by its name, cells with their
typed values (numbers, dates), a merged cell's text in its first cell and None in the others. The flowchart drawn over
a sheet is read as Excel's is (:mod:`.workbook_drawings`): each symbol marks the cell its centre lies in, placed from
its anchor (a cell, or the page) and the sheet's column widths and row heights, and the lines and connectors join the
symbols (:func:`engine.sop_table.documents.arrows.join`), with a "Ya" or "Tidak" beside them.

The XML is parsed without DTDs, entities or network access; an upload's size, packed and unpacked, is checked
before it gets here (``engine.services.sop_import.check_workbook_upload``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from datetime import datetime
from itertools import accumulate
from pathlib import Path
from typing import Any

from engine.sop_table.documents.arrows import (
    Box,
    Drawing,
    DrawnMark,
    Point,
    ShapeBudget,
    branch_named,
    drawing_by_cell,
)
from engine.sop_table.documents.odf import (
    DRAW,
    LINES,
    OFFICE,
    SVG,
    SYMBOLS,
    TABLE,
    Styles,
    drawn_line,
    is_package,
    length,
    local,
    paragraph_text,
    paragraphs,
    read_parts,
    repeat,
    shape_kind,
)
from engine.sop_table.documents.sheets import TextSheet
from engine.sop_table.documents.symbols import SymbolKind, mark_of
from engine.sop_table.headers import START_OR_END

MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
#: Far more rows and columns than any SOP table has: a sheet is read up to here (Calc writes a sheet's million empty
#: rows as one repeated row, so only what lies before the last written cell counts).
MAX_ROWS, MAX_COLUMNS = 5_000, 200
#: Calc's default column width and row height (0.889 in, 0.178 in).
_DEFAULT_WIDTH, _DEFAULT_HEIGHT = 812_902, 162_763


class SpreadsheetBook:
    """The sheets of an .ods file, as an openpyxl workbook has them (``worksheets``, ``sheetnames``); each sheet's
    ``drawing`` is the flowchart drawn over it, if any."""

    def __init__(self, worksheets: list[TextSheet]) -> None:
        self.worksheets = worksheets
        self.sheetnames = [ws.title for ws in worksheets]


def is_ods(path: Path | str) -> bool:
    """Whether the file is an OpenDocument spreadsheet, told by its content (its ``mimetype`` entry)."""
    return is_package(path, MIMETYPE)


def read_ods(path: Path | str) -> SpreadsheetBook:
    """The sheets of an .ods file; ValueError when it is not one that can be read."""
    content, styles = read_parts(path, "an OpenDocument spreadsheet")
    look = Styles(content, styles)
    budget = ShapeBudget()
    sheets = []
    for table in content.iterfind(f"{{{OFFICE}}}body/{{{OFFICE}}}spreadsheet/{{{TABLE}}}table"):
        rows, shapes, grid = _read_table(table, look)
        sheet = TextSheet(table.get(f"{{{TABLE}}}name") or f"Lembar {len(sheets) + 1}", rows)  # type: ignore[arg-type]
        drawing = _flowchart(list(budget.take(_ungrouped(shapes))), grid, look)
        sheet.drawing = drawing if drawing.marks else None
        sheets.append(sheet)
    return SpreadsheetBook(sheets)


class _Grid:
    """A sheet's column and row edges in EMU, from its column widths and row heights."""

    def __init__(self, widths: list[int], heights: list[int]) -> None:
        self.column_edges = list(accumulate(widths, initial=0))
        self.row_edges = list(accumulate(heights, initial=0))

    def origin(self, row: int, column: int) -> Point:
        """The top left corner of a 0-based cell."""
        return (self._edge(self.column_edges, column, _DEFAULT_WIDTH), self._edge(self.row_edges, row, _DEFAULT_HEIGHT))

    @staticmethod
    def _edge(edges: list[int], index: int, default: int) -> int:
        return edges[index] if index < len(edges) else edges[-1] + (index - len(edges) + 1) * default

    def cell_at(self, x: int, y: int) -> tuple[int, int]:
        """The 1-based (row, column) of the cell a point lies in."""
        column = min(max(bisect_right(self.column_edges, x), 1), MAX_COLUMNS)
        row = min(max(bisect_right(self.row_edges, y), 1), MAX_ROWS)
        if x >= self.column_edges[-1]:
            column = min(len(self.column_edges) + int((x - self.column_edges[-1]) // _DEFAULT_WIDTH), MAX_COLUMNS)
        if y >= self.row_edges[-1]:
            row = min(len(self.row_edges) + int((y - self.row_edges[-1]) // _DEFAULT_HEIGHT), MAX_ROWS)
        return row, column


def _read_table(table: Any, look: Styles) -> tuple[list[list[Any]], list[tuple[Any, Point]], _Grid]:
    """A sheet's rows (cut after the last one with a value), its shapes each with the origin its position counts
    from (the page's, or the corner of the cell it is anchored to), and its grid."""
    widths: list[int] = []
    for column in table.iter(f"{{{TABLE}}}table-column"):
        width = length(look.get(column.get(f"{{{TABLE}}}style-name"), "column-width")) or _DEFAULT_WIDTH
        widths += [width] * repeat(column, "columns", MAX_COLUMNS - len(widths))
    rows: list[list[Any]] = []
    heights: list[int] = []
    anchored: list[tuple[Any, int, int]] = []  # (shape, 0-based row, 0-based column) of the shapes in cells
    kept = 0  # rows up to the last with a value
    for row in table.iter(f"{{{TABLE}}}table-row"):
        cells: list[Any] = []
        for cell in row:
            if local(cell.tag) not in ("table-cell", "covered-table-cell"):
                continue
            value = _value(cell) if local(cell.tag) == "table-cell" else None
            for shape in cell:
                if shape.tag in LINES | SYMBOLS or local(shape.tag) in ("frame", "g"):
                    anchored.append((shape, len(rows), len(cells)))
            cells += [value] * repeat(cell, "columns", MAX_COLUMNS - len(cells))
        while cells and cells[-1] is None:
            cells.pop()
        height = length(look.get(row.get(f"{{{TABLE}}}style-name"), "row-height")) or _DEFAULT_HEIGHT
        for _ in range(repeat(row, "rows", MAX_ROWS - len(rows))):
            rows.append(list(cells))
            heights.append(height)
            if cells:
                kept = len(rows)
        if len(rows) >= MAX_ROWS:
            break
    grid = _Grid(widths, heights)
    shapes = [(shape, (0, 0)) for shapes in table.iterfind(f"{{{TABLE}}}shapes") for shape in shapes]
    shapes += [(shape, grid.origin(row, column)) for shape, row, column in anchored]
    return rows[:kept], shapes, grid


def _value(cell: Any) -> Any:
    """A cell's value as openpyxl gives it: a number, a date, a boolean, or its text (None when empty)."""
    kind = cell.get(f"{{{OFFICE}}}value-type")
    try:
        if kind in ("float", "percentage", "currency"):
            number = float(cell.get(f"{{{OFFICE}}}value") or "")
            return int(number) if number.is_integer() else number
        if kind == "date":
            return datetime.fromisoformat(cell.get(f"{{{OFFICE}}}date-value") or "")
        if kind == "boolean":
            return (cell.get(f"{{{OFFICE}}}boolean-value") or "").lower() == "true"
    except ValueError:
        pass  # a value Calc would not write: read the text it shows
    text = "\n".join(paragraph_text(p) for p in paragraphs(cell))
    return text if text.strip() else None


def _flowchart(shapes: list[tuple[Any, Point]], grid: _Grid, look: Styles) -> Drawing:
    """The symbols, and the arrows that leave one symbol and reach another (``shapes`` one by one, out of their
    groups, each with the origin its position counts from)."""
    symbols: list[tuple[Box, DrawnMark, SymbolKind]] = []
    lines: list[tuple[Point, Point]] = []
    segments: list[tuple[Point, Point]] = []  # lines with no arrowhead: pieces of an arrow's route
    labels: list[tuple[Point, str]] = []
    for shape, origin in shapes:
        text = " ".join(" ".join(paragraph_text(p) for p in paragraphs(shape, framed=True)).split())
        if shape.tag in LINES:
            drawn = drawn_line(shape, look, origin)
            if drawn is not None and not drawn[0]:
                segments.append(drawn[1])
            elif drawn is not None:
                lines.append(drawn[1])
                if branch := branch_named(text):  # "Tidak" written on the arrow itself
                    labels.append((drawn[1][0], branch))
            continue
        box = _box(shape, origin)
        if box is None:
            continue
        centre = ((box[0] + box[2]) // 2, (box[1] + box[3]) // 2)
        kind = shape_kind(shape, look)
        if kind is not None:
            row, column = grid.cell_at(*centre)
            symbols.append((box, DrawnMark(row, column, text if START_OR_END.match(text) else mark_of(kind)), kind))
        elif branch := branch_named(text):
            labels.append((centre, branch))
    return drawing_by_cell(symbols, lines, labels, segments)


def _ungrouped(shapes: list[tuple[Any, Point]]) -> Iterator[tuple[Any, Point]]:
    """Each shape, those of a group (``draw:g``, whose children keep their own positions) one by one."""
    waiting = list(reversed(shapes))
    while waiting:
        shape, origin = waiting.pop()
        if shape.tag == f"{{{DRAW}}}g":
            waiting += [(child, origin) for child in reversed(shape)]
        else:
            yield shape, origin


def _box(shape: Any, origin: Point) -> Box | None:
    x, y = length(shape.get(f"{{{SVG}}}x")), length(shape.get(f"{{{SVG}}}y"))
    if x is None or y is None:
        moved = re.search(r"translate\s*\(\s*([^\s,)]+)[\s,]+([^\s,)]+)\s*\)", shape.get(f"{{{DRAW}}}transform") or "")
        x, y = (length(moved.group(1)), length(moved.group(2))) if moved else (None, None)
    width, height = length(shape.get(f"{{{SVG}}}width")), length(shape.get(f"{{{SVG}}}height"))
    if x is None or y is None or width is None or height is None:
        return None
    left, top = origin[0] + x, origin[1] + y
    return left, top, left + width, top + height
