"""A flowchart drawn in Word as one group (or drawing canvas) over the SOP AP table, read symbol by symbol.

Offices group a flowchart's boxes, diamonds and arrows so they move together; Word then anchors the whole picture in
one paragraph. Inside the group Word keeps each shape's place exactly, and the table keeps its column widths, so the
column each symbol stands in is known. Word keeps no row heights (the text decides them when the page is laid out),
so a symbol's height says nothing certain about its row: the symbols are read from the top down instead, those level
with each other making one band, and the reader gives the bands to the activities in order from the row the group
is anchored in (:func:`engine.sop_table.drawn_flowchart.pin_groups`). The arrows join symbols within the picture
(:mod:`engine.sop_table.documents.arrows`), so where a decision's "Tidak" goes is read from them too.

Where Word counts a group's left edge from is read from its anchor: the cell it is laid out in, or the text column
the table stands in (LibreOffice writes the one with the other's flag): of the two, the one that puts more symbols in
columns the table leaves blank for them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.sop_table.documents.arrows import (
    Box,
    Joined,
    Point,
    ShapeBudget,
    branch_named,
    framed_box,
    group_space,
    join,
    line_ends,
    number,
    plain_line,
)
from engine.sop_table.documents.symbols import LINES, A, SymbolKind, mark_of, symbol_kind
from engine.sop_table.headers import START_OR_END

_WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_WPG = "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"
_WPC = "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class GroupedSymbol:
    """A symbol of a grouped flowchart: the 1-based column its centre stands in (0: outside the table) and its mark
    ("Kotak", "◇", or the "Mulai" / "Selesai" written in a capsule)."""

    column: int
    mark: str


@dataclass(frozen=True)
class DrawnGroup:
    """One grouped picture: the 1-based row of its table its anchor is in (None: a paragraph outside the table), and
    its symbols (indices into :attr:`GroupedFlowchart.symbols`) band by band from the top."""

    row: int | None
    bands: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class GroupedFlowchart:
    """The grouped pictures drawn over one table, in the document's order, and the arrows between their symbols."""

    symbols: tuple[GroupedSymbol, ...] = ()
    groups: tuple[DrawnGroup, ...] = ()
    arrows: tuple[Joined, ...] = ()


@dataclass
class Picture:
    """A group or canvas as read from its anchor, before it is placed over a table: its symbols' boxes, lines and
    labels in EMU from the picture's top-left corner, and where its left edge lies."""

    symbols: list[tuple[Box, SymbolKind, str]] = field(default_factory=list)
    lines: list[tuple[Point, Point]] = field(default_factory=list)
    #: Lines with no arrowhead: pieces of an arrow's route.
    segments: list[tuple[Point, Point]] = field(default_factory=list)
    labels: list[tuple[Point, str]] = field(default_factory=list)
    #: The left edge's offset from its origin (EMU), and the origins to count it from: "cell", "column" or "page".
    left: int | None = None
    origins: tuple[str, ...] = ()
    #: Drawn above its anchor paragraph (a negative vertical offset).
    above: bool = False


def is_picture(anchor: Any) -> bool:
    """Whether a ``wp:anchor`` or ``wp:inline`` holds a group or a drawing canvas."""
    data = anchor.find(f"{{{A}}}graphic/{{{A}}}graphicData")
    return data is not None and (data.find(f"{{{_WPG}}}wgp") is not None or data.find(f"{{{_WPC}}}wpc") is not None)


@dataclass(frozen=True)
class Widths:
    """What a picture may be aligned within, in EMU: its table cell (None: anchored outside a table), the text column
    and the page."""

    cell: int | None = None
    column: int = 0
    page: int = 0


def aligned_left(align: str, relative: str, in_cell_layout: bool, widths: Widths, width: int
                 ) -> tuple[int, str] | None:
    """(left edge, origin) of a picture ``width`` EMU wide aligned ("left", "center", "right" …) within what
    ``relative`` names (Word's ``relativeFrom``, VML's ``mso-position-horizontal-relative``); None when that is
    not known."""
    if relative in ("page", "leftMargin", "left-margin-area"):
        container, origin = widths.page, "page"
    elif widths.cell is not None and in_cell_layout and relative in ("column", "text"):
        container, origin = widths.cell, "cell"
    elif relative in ("column", "text", "margin", "insideMargin", "outsideMargin"):
        container, origin = widths.column, "column"
    else:
        return None
    if container <= 0 or align not in _ALIGNED:
        return None
    return round((container - width) * _ALIGNED[align]), origin


#: Where an aligned picture's left edge lies, as a share of the room beside it.
_ALIGNED = {"left": 0.0, "inside": 0.0, "center": 0.5, "right": 1.0, "outside": 1.0}


def read_picture(anchor: Any, widths: Widths, budget: ShapeBudget) -> Picture | None:
    """The group or canvas of an anchor (``widths``: what it may be aligned within; a cell's when anchored in a
    table cell), its shapes taken from the file's ``budget``; None when it is neither, or its size or left edge is
    not stated."""
    data = anchor.find(f"{{{A}}}graphic/{{{A}}}graphicData")
    extent = anchor.find(f"{{{_WP}}}extent")
    if data is None or extent is None:
        return None
    width, height = number(extent.get("cx")), number(extent.get("cy"))
    in_cell = widths.cell is not None
    picture = Picture()
    if anchor.tag == f"{{{_WP}}}inline":
        picture.left, picture.origins = 0, ("cell",) if in_cell else ("column",)
    else:
        position = anchor.find(f"{{{_WP}}}positionH")
        if position is None:
            return None
        offset, align = position.find(f"{{{_WP}}}posOffset"), position.find(f"{{{_WP}}}align")
        relative = position.get("relativeFrom") or "column"
        in_cell_layout = anchor.get("layoutInCell") not in ("0", "false")
        if offset is not None:
            picture.left = number(offset.text)
            origin = "page" if relative in ("page", "leftMargin") else "column"
            picture.origins = (("cell", origin) if in_cell_layout else (origin, "cell")) if in_cell else (origin,)
        elif align is not None and (placed := aligned_left((align.text or "").strip(), relative, in_cell_layout,
                                                          widths, width)):
            picture.left, picture.origins = placed[0], (placed[1],)
        else:
            return None  # placed some other way: its left edge is not known
        vertical = anchor.find(f"{{{_WP}}}positionV/{{{_WP}}}posOffset")
        picture.above = vertical is not None and number(vertical.text) < 0
    group, canvas = data.find(f"{{{_WPG}}}wgp"), data.find(f"{{{_WPC}}}wpc")
    if group is not None:
        shapes = _group_shapes(group, (0, 0, width, height), f"{{{_WPG}}}grpSpPr")
    else:
        shapes = _canvas_shapes(canvas)
    for shape, box in budget.take(shapes):
        _classify(shape, box, picture)
    return picture


def _classify(shape: Any, box: Box, picture: Picture) -> None:
    properties = shape.find(f"{{{_WPS}}}spPr")
    geometry = properties.find(f"{{{A}}}prstGeom") if properties is not None else None
    preset = geometry.get("prst") or "" if geometry is not None else ""
    if shape.find(f"{{{_WPS}}}cNvCnPr") is not None or LINES.match(preset):
        outline = properties.find(f"{{{A}}}ln") if properties is not None else None
        frame = properties.find(f"{{{A}}}xfrm") if properties is not None else None
        if ends := line_ends(frame, outline, box):
            picture.lines.append(ends)
        elif piece := plain_line(frame, outline, box):
            picture.segments.append(piece)
        return
    text = " ".join("".join(t.text or "" for t in shape.iter(f"{{{_W}}}t")).split())
    add_symbol_or_label(picture, box, symbol_kind(shape.find(f"{{{_WPS}}}cNvSpPr"), properties), text)


def add_symbol_or_label(picture: Picture, box: Box, kind: SymbolKind | None, text: str) -> None:
    """A shape that is not a line into ``picture``: a symbol of its ``kind``, or a label naming a branch."""
    if kind:
        picture.symbols.append((box, kind, text))
    elif branch := branch_named(text):
        picture.labels.append((((box[0] + box[2]) // 2, (box[1] + box[3]) // 2), branch))


def _group_shapes(group: Any, box: Box, properties_tag: str) -> Iterator[tuple[Any, Box]]:
    """The shapes of a group whose area is ``box``: each child's box, in the group's own coordinates (``chOff``,
    ``chExt``), placed by its share of that area; groups nest."""
    placed = group_space(group.find(f"{properties_tag}/{{{A}}}xfrm"), box)
    if placed is not None:
        yield from _children(group, placed)


def _canvas_shapes(canvas: Any) -> Iterator[tuple[Any, Box]]:
    """The shapes of a drawing canvas: its children are placed in EMU from its top-left corner."""
    yield from _children(canvas, lambda x, y: (x, y))


def _children(parent: Any, placed: Callable[[int, int], Point]) -> Iterator[tuple[Any, Box]]:
    for child in parent.iterchildren(f"{{{_WPS}}}wsp", f"{{{_WPG}}}grpSp", f"{{{_WPG}}}wgp"):
        is_group = child.tag != f"{{{_WPS}}}wsp"
        properties = f"{{{_WPG}}}grpSpPr" if is_group else f"{{{_WPS}}}spPr"
        child_box = framed_box(child.find(f"{properties}/{{{A}}}xfrm"), placed)
        if child_box is None:
            continue
        if is_group:
            yield from _group_shapes(child, child_box, properties)
        else:
            yield child, child_box


@dataclass
class TableGeometry:
    """What placing a picture over a table needs: the grid's column widths and its indent from the text column
    (EMU), the page's left margin, and the 0-based columns no row below the header writes in."""

    widths: Sequence[int]
    indent: int = 0
    page_margin: int = 0
    blank: frozenset[int] = frozenset()


def place(pictures: Sequence[tuple[Picture, int | None, int]], geometry: TableGeometry) -> GroupedFlowchart:
    """The pictures drawn over one table, each with the 1-based table row its anchor is in (None outside the table)
    and the left edge (EMU) of the cell it is in, as a :class:`GroupedFlowchart`."""
    symbols: list[GroupedSymbol] = []
    groups: list[DrawnGroup] = []
    arrows: list[Joined] = []
    for picture, row, cell_left in pictures:
        if picture.left is None or not picture.symbols:
            continue
        columns = _columns(picture, cell_left, geometry)
        first = len(symbols)
        symbols += [GroupedSymbol(column, text if START_OR_END.match(text) else mark_of(kind))
                    for column, (_box, kind, text) in zip(columns, picture.symbols, strict=True)]
        groups.append(DrawnGroup(row, tuple(tuple(first + i for i in band) for band in _bands(picture.symbols))))
        arrows += [Joined(first + a.start, first + a.end, a.branch)
                   for a in join([(box, kind) for box, kind, _text in picture.symbols], picture.lines,
                                 picture.labels, picture.segments)]
    return GroupedFlowchart(tuple(symbols), tuple(groups), tuple(arrows))


def _columns(picture: Picture, cell_left: int, geometry: TableGeometry) -> list[int]:
    """The 1-based column of each symbol's centre, from the origin that puts the most symbols in blank columns."""
    best: tuple[tuple[int, int], list[int]] | None = None
    for origin in picture.origins:
        start = {"cell": cell_left, "column": -geometry.indent,
                 "page": -geometry.indent - geometry.page_margin}[origin] + (picture.left or 0)
        columns = [_column_at(start + (box[0] + box[2]) // 2, geometry.widths) for box, _kind, _text in picture.symbols]
        score = (sum(c - 1 in geometry.blank for c in columns if c), sum(1 for c in columns if c))
        if best is None or score > best[0]:
            best = (score, columns)
    return best[1] if best else [0] * len(picture.symbols)


def _column_at(x: int, widths: Sequence[int]) -> int:
    for column, width in enumerate(widths, start=1):
        if 0 <= x < width:
            return column
        x -= width
    return 0


def _bands(symbols: Sequence[tuple[Box, SymbolKind, str]]) -> list[list[int]]:
    """The symbols level with each other, band by band from the top: a symbol whose centre lies within the height of
    the band's first symbol (or whose height holds that one's centre) is in its band."""
    order = sorted(range(len(symbols)), key=lambda i: (symbols[i][0][1] + symbols[i][0][3], symbols[i][0][0]))
    bands: list[list[int]] = []
    for index in order:
        top, bottom = symbols[index][0][1], symbols[index][0][3]
        if bands:
            first = symbols[bands[-1][0]][0]
            if first[1] <= (top + bottom) // 2 <= first[3] or top <= (first[1] + first[3]) // 2 <= bottom:
                bands[-1].append(index)
                continue
        bands.append([index])
    return bands
