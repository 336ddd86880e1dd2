"""The flowchart symbols drawn over an SOP AP written in Excel (.xlsx), as the cells they mark.

Offices that write their SOP AP in Excel (or LibreOffice Calc, WPS Spreadsheets) draw the flowchart as shapes over
the table: a box or a diamond in the column of the role that performs each row, joined by arrows. openpyxl keeps
cell values only, so the shapes are read here from the sheet's drawing part (DrawingML): each symbol
(:mod:`engine.sop_table.documents.symbols`) marks the cell its centre lies in, found from its anchor (the cells it is
pinned to, or its position) and the sheet's column widths and row heights. A flowchart grouped into one shape is read
symbol by symbol, each placed by its share of the group's area. Which marked cell belongs to which activity is the
reader's business (:func:`engine.sop_table.reader.read_workbook`).

The XML is parsed without DTDs, entities or network access; an upload's size, packed and unpacked, is checked
before it gets here (``engine.services.sop_import.check_workbook_upload``).
"""

from __future__ import annotations

import posixpath
import zipfile
from bisect import bisect_right
from collections.abc import Collection, Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl.utils import column_index_from_string

from engine.sop_table.documents.arrows import (
    Box,
    Drawing,
    DrawnMark,
    Point,
    ShapeBudget,
    branch_named,
    drawing_by_cell,
    framed_box,
    group_space,
    line_ends,
    number,
    plain_line,
)
from engine.sop_table.documents.ooxml import parse_part
from engine.sop_table.documents.symbols import LINES, A, SymbolKind, mark_of, symbol_kind
from engine.sop_table.headers import START_OR_END

_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_DRAWING = _REL + "/drawing"
_EMU_PER_PIXEL = 9525
_EMU_PER_POINT = 12700
#: The pixels of one character of a column's width in Excel's default font (Calibri 11); Excel's default column.
_PIXELS_PER_CHARACTER = 7
_DEFAULT_COLUMN_PIXELS = 64
_DEFAULT_ROW_POINTS = 15.0
#: Far enough for any SOP table; a shape anchored beyond is placed at this cell.
_LAST_ROW, _LAST_COLUMN = 10_000, 200


def drawn_flowcharts(path: Path | str, book: Any, titles: Collection[str] | None = None) -> dict[str, Drawing]:
    """The flowchart drawn on each sheet of the workbook at ``path`` (``book``: it loaded by openpyxl, for the column
    widths and row heights), by sheet title; only the sheets ``titles`` names, when it names any (a Bidang's
    workbook of many SOPs is read one SOP at a time, and each gets the whole shape budget); sheets without symbols
    are left out. A part that cannot be read gives nothing: the table is still read, and a table with no mark is
    told so."""
    drawings: dict[str, Drawing] = {}
    budget = ShapeBudget()
    try:
        with zipfile.ZipFile(path) as package:
            for title, drawing_part in _sheet_drawings(package):
                if title not in book.sheetnames or (titles is not None and title not in titles):
                    continue
                grid = _Grid(book[title])
                shapes = budget.take(_shapes(parse_part(package.read(drawing_part), "a workbook"), grid))
                drawing = _flowchart(list(shapes), grid)
                if drawing.marks:
                    drawings[title] = drawing
    except (KeyError, ValueError, zipfile.BadZipFile):
        return {}
    return drawings


def _flowchart(shapes: list[tuple[Any, Box]], grid: _Grid) -> Drawing:
    """The symbols, and the arrows that leave one symbol and reach another
    (:func:`engine.sop_table.documents.arrows.join`)."""
    symbols: list[tuple[Box, DrawnMark, SymbolKind]] = []
    lines: list[tuple[Point, Point]] = []
    segments: list[tuple[Point, Point]] = []  # lines with no arrowhead: pieces of an arrow's route
    labels: list[tuple[Point, str]] = []
    for shape, box in shapes:
        centre = ((box[0] + box[2]) // 2, (box[1] + box[3]) // 2)
        if shape.tag == f"{{{_XDR}}}cxnSp" or LINES.match(_preset(shape)):
            properties = shape.find(f"{{{_XDR}}}spPr")
            outline = properties.find(f"{{{A}}}ln") if properties is not None else None
            if ends := line_ends(_frame(shape), outline, box):
                lines.append(ends)
            elif piece := plain_line(_frame(shape), outline, box):
                segments.append(piece)
        elif kind := _kind(shape):
            text = _text(shape)
            row, column = grid.cell_at(*centre)
            symbols.append((box, DrawnMark(row, column, text if START_OR_END.match(text) else mark_of(kind)), kind))
        elif branch := branch_named(_text(shape)):
            labels.append((centre, branch))
    return drawing_by_cell(symbols, lines, labels, segments)


def _preset(shape: Any) -> str:
    geometry = shape.find(f"{{{_XDR}}}spPr/{{{A}}}prstGeom")
    return geometry.get("prst") or "" if geometry is not None else ""


def _sheet_drawings(package: zipfile.ZipFile) -> Iterator[tuple[str, str]]:
    """(sheet title, its drawing part) of each sheet that has one."""
    workbook, names = "xl/workbook.xml", set(package.namelist())
    targets = _relationships(package, names, workbook)
    for sheet in parse_part(package.read(workbook), "a workbook").iter(f"{{{_MAIN}}}sheet"):
        part = targets.get(sheet.get(f"{{{_REL}}}id") or "")
        if part is None or part not in names:
            continue
        for kind, drawing in _relationships(package, names, part, typed=True).items():
            if kind.startswith(_DRAWING + " ") and drawing in names:
                yield sheet.get("name") or "", drawing


def _relationships(package: zipfile.ZipFile, names: set[str], part: str, typed: bool = False) -> dict[str, str]:
    """A part's relationships: id → target part (``typed``: "type id" → target part); ``names``: the package's."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in names:
        return {}
    found = {}
    for relation in parse_part(package.read(rels), "a workbook").iter(f"{{{_PACKAGE_REL}}}Relationship"):
        target = relation.get("Target") or ""
        if relation.get("TargetMode") == "External":
            continue
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        key = f"{relation.get('Type')} {relation.get('Id')}" if typed else relation.get("Id") or ""
        found[key] = resolved
    return found


class _Grid:
    """A sheet's column and row edges in EMU, from its column widths and row heights (hidden ones are 0 wide)."""

    def __init__(self, ws: Any) -> None:
        default_width = ws.sheet_format.defaultColWidth
        self.default_column = (round(float(default_width) * _PIXELS_PER_CHARACTER) if default_width
                               else _DEFAULT_COLUMN_PIXELS) * _EMU_PER_PIXEL
        self.columns: dict[int, int] = {}
        for dimension in ws.column_dimensions.values():
            first, last = dimension.min, dimension.max
            if first is None or last is None:
                first = last = column_index_from_string(dimension.index)
            width = 0 if dimension.hidden else (round(float(dimension.width) * _PIXELS_PER_CHARACTER) * _EMU_PER_PIXEL
                                                if dimension.width else None)
            if width is not None:
                for index in range(first, min(last, _LAST_COLUMN) + 1):
                    self.columns[index] = width
        self.default_row = round(float(ws.sheet_format.defaultRowHeight or _DEFAULT_ROW_POINTS) * _EMU_PER_POINT)
        self.rows = {index: 0 if dimension.hidden else round(float(dimension.ht) * _EMU_PER_POINT)
                     for index, dimension in ws.row_dimensions.items()
                     if dimension.hidden or dimension.ht is not None}
        #: The left edge of each 0-based column and the top of each 0-based row (and the far edge of the last).
        self.column_edges = list(accumulate((self.width(c) for c in range(1, _LAST_COLUMN + 1)), initial=0))
        self.row_edges = list(accumulate((self.height(r) for r in range(1, _LAST_ROW + 1)), initial=0))

    def width(self, column: int) -> int:
        return self.columns.get(column, self.default_column)

    def height(self, row: int) -> int:
        return self.rows.get(row, self.default_row)

    def x_of(self, column: int, offset: int) -> int:
        """The EMU from the sheet's left edge of a 0-based ``column`` and an offset into it."""
        column = min(max(column, 0), _LAST_COLUMN - 1)
        return self.column_edges[column] + min(max(offset, 0), self.width(column + 1))

    def y_of(self, row: int, offset: int) -> int:
        row = min(max(row, 0), _LAST_ROW - 1)
        return self.row_edges[row] + min(max(offset, 0), self.height(row + 1))

    def cell_at(self, x: int, y: int) -> tuple[int, int]:
        """The 1-based (row, column) of the cell a point lies in (a hidden row or column holds none)."""
        column = min(max(bisect_right(self.column_edges, x), 1), _LAST_COLUMN)
        row = min(max(bisect_right(self.row_edges, y), 1), _LAST_ROW)
        return row, column


def _shapes(drawing: Any, grid: _Grid) -> Iterator[tuple[Any, Box]]:
    """Each shape and connector of a drawing part (those of a group one by one) and its box on the sheet. An anchor
    Excel wraps in ``mc:AlternateContent`` (a shape using a newer feature) is read from its first choice, never also
    its fallback."""
    for anchor in _anchors(drawing):
        box = _anchor_box(anchor, grid)
        if box is None:
            continue
        for child in anchor.iterchildren("*"):
            if child.tag in (f"{{{_XDR}}}sp", f"{{{_XDR}}}cxnSp"):
                yield child, box
            elif child.tag == f"{{{_XDR}}}grpSp":
                yield from _group_shapes(child, box)


def _anchors(drawing: Any) -> Iterator[Any]:
    for child in drawing.iterchildren("*"):  # elements only: a comment has no name to ask for
        if child.tag == f"{{{_MC}}}AlternateContent":
            choice = child.find(f"{{{_MC}}}Choice")
            yield from choice if choice is not None else child.iterfind(f"{{{_MC}}}Fallback/*")
        else:
            yield child


def _anchor_box(anchor: Any, grid: _Grid) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) in EMU of a two-cell, one-cell or absolute anchor."""
    local = etree.QName(anchor).localname
    start = anchor.find(f"{{{_XDR}}}from")
    if local == "twoCellAnchor" and start is not None and anchor.find(f"{{{_XDR}}}to") is not None:
        left, top = _point(start, grid)
        right, bottom = _point(anchor.find(f"{{{_XDR}}}to"), grid)
        return left, top, right, bottom
    extent = anchor.find(f"{{{_XDR}}}ext")
    if local == "oneCellAnchor" and start is not None and extent is not None:
        left, top = _point(start, grid)
        return left, top, left + number(extent.get("cx")), top + number(extent.get("cy"))
    position = anchor.find(f"{{{_XDR}}}pos")
    if local == "absoluteAnchor" and position is not None and extent is not None:
        left, top = number(position.get("x")), number(position.get("y"))
        return left, top, left + number(extent.get("cx")), top + number(extent.get("cy"))
    return None


def _point(marker: Any, grid: _Grid) -> tuple[int, int]:
    def value(name: str) -> int:
        element = marker.find(f"{{{_XDR}}}{name}")
        return number(element.text if element is not None else None)
    return grid.x_of(value("col"), value("colOff")), grid.y_of(value("row"), value("rowOff"))


def _kind(shape: Any) -> SymbolKind | None:
    return symbol_kind(shape.find(f"{{{_XDR}}}nvSpPr/{{{_XDR}}}cNvSpPr"), shape.find(f"{{{_XDR}}}spPr"))


def _text(shape: Any) -> str:
    return " ".join("".join(t.text or "" for t in shape.iter(f"{{{A}}}t")).split())


def _group_shapes(group: Any, box: Box) -> Iterator[tuple[Any, Box]]:
    """The shapes of a group whose area on the sheet is ``box``: each child's box, in the group's own coordinates
    (``chOff``, ``chExt``), is placed by its share of that area; groups nest."""
    placed = group_space(group.find(f"{{{_XDR}}}grpSpPr/{{{A}}}xfrm"), box)
    if placed is None:
        return
    for child in group.iterchildren("*"):
        local = etree.QName(child).localname
        if local not in ("sp", "cxnSp", "grpSp") or (child_box := framed_box(_frame(child), placed)) is None:
            continue
        if local == "grpSp":
            yield from _group_shapes(child, child_box)
        else:
            yield child, child_box


def _frame(shape: Any) -> Any:
    """A shape's, connector's or group's ``a:xfrm`` (position, size, flips)."""
    properties = shape.find(f"{{{_XDR}}}grpSpPr" if etree.QName(shape).localname == "grpSp" else f"{{{_XDR}}}spPr")
    return properties.find(f"{{{A}}}xfrm") if properties is not None else None
