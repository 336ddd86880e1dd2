"""Shapes Word keeps as VML: older documents (a .doc saved as .docx, a file in compatibility mode) draw their
flowchart this way, one shape at a time or grouped (``v:group``), with no DrawingML copy.

A shape's kind comes from its element (``v:rect``, ``v:oval`` …) or its type number (``_x0000_t110``, a decision);
a shape with neither outline nor fill is a label, never a mark. A group's children are placed in its own coordinates
(``coordorigin``, ``coordsize``) over the group's box, which its style gives in points; groups nest. Lines
(``v:line``, a connector's type, ``v:polyline``) say their way by their arrowheads (``v:stroke`` ``startarrow``,
``endarrow``). What a group becomes over the table is :mod:`.word_groups`'s business, as for DrawingML.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from engine.sop_table.documents.arrows import Box, Point, ShapeBudget
from engine.sop_table.documents.symbols import SymbolKind
from engine.sop_table.documents.word_groups import Picture, Widths, add_symbol_or_label, aligned_left

V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EMU_PER_POINT = 12700
#: Farther than any page reaches, in any unit: a coordinate beyond is no coordinate.
_FAR = 1e9
#: VML shape types: 109 process, 110 decision, 116 terminator … ; 202 is a text box, 32–40 connectors, 20 a line,
#: 13 and 66–68 block arrows, 75 a picture (a logo), 120 and 177 the connectors between pages
#: (:mod:`engine.sop_table.documents.symbols`).
_DECISION = {"110", "4"}
_CONNECTORS = {"32", "33", "34", "35", "36", "37", "38", "39", "40", "20"}
_NOT_MARKS = _CONNECTORS | {"202", "13", "66", "67", "68", "75", "120", "177"}
#: The shapes a group holds: symbols, labels and lines.
SHAPES = tuple(f"{{{V}}}{local}" for local in ("shape", "rect", "roundrect", "oval"))
_LINES = (f"{{{V}}}line", f"{{{V}}}polyline")


def vml_kind(shape: Any) -> SymbolKind | None:
    """The kind of symbol a VML shape is; None for a line, connector, text box, picture or invisible label."""
    if shape.get("stroked") in ("f", "false") and (shape.get("filled") in ("f", "false") or _fill_off(shape)):
        return None  # neither outline nor fill: a label ("Ya", "Tidak")
    if etree.QName(shape).localname in ("rect", "roundrect", "oval"):
        return "box"
    number = _type_number(shape)
    if shape.find(f"{{{V}}}imagedata") is not None:
        return None  # a picture (a logo)
    if number is None:
        return None if shape.get("path") else "box"  # a free-form path is a line
    if number in _DECISION:
        return "decision"
    return None if number in _NOT_MARKS else "box"


def _fill_off(shape: Any) -> bool:
    fill = shape.find(f"{{{V}}}fill")
    return fill is not None and fill.get("on") in ("f", "false")


def _type_number(shape: Any) -> str | None:
    number = re.search(r"_x0000_t(\d+)", shape.get("type") or "")
    return number[1] if number else None


def style_of(shape: Any) -> dict[str, str]:
    """A VML element's ``style`` as a dictionary of lower-cased names."""
    return {key.strip().lower(): value.strip() for key, _, value in
            (part.partition(":") for part in (shape.get("style") or "").split(";"))}


def points(value: str | None) -> float | None:
    """A length of a VML style in points ("12.5pt", "1in", "2cm", "10px", a bare number: points)."""
    match = re.fullmatch(r"(-?[\d.]+)\s*(pt|in|cm|mm|px)?", value or "")
    if match is None:
        return None
    try:
        number = float(match[1])
    except ValueError:
        return None
    if abs(number) >= _FAR:
        return None
    return number * {"pt": 1, None: 1, "in": 72, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}[match[2]]


def read_vml_group(group: Any, widths: Widths, budget: ShapeBudget) -> Picture | None:
    """A ``v:group`` drawn in a paragraph or cell (``widths``: what it may be aligned within; a cell's when in a
    table cell) as a :class:`Picture`; None when its place or size is not stated."""
    style = style_of(group)
    left, top = points(style.get("margin-left", "0")), points(style.get("margin-top", "0"))
    width, height = points(style.get("width")), points(style.get("height"))
    if left is None or width is None or height is None or width <= 0 or height <= 0:
        return None
    relative = style.get("mso-position-horizontal-relative", "text")
    in_cell_layout = group.get(f"{{{_O}}}allowincell") not in ("f", "false")
    align = style.get("mso-position-horizontal", "absolute")
    if align != "absolute":
        placed = aligned_left(align, relative, in_cell_layout, widths, round(width * EMU_PER_POINT))
        if placed is None:
            return None
        picture = Picture(left=placed[0], origins=(placed[1],), above=(top or 0) < 0)
    else:
        origin = "page" if relative in ("page", "left-margin-area") else "column"
        in_cell = widths.cell is not None
        picture = Picture(left=round(left * EMU_PER_POINT),
                          origins=(("cell", origin) if in_cell_layout else (origin, "cell")) if in_cell else (origin,),
                          above=(top or 0) < 0)
    for shape, box in budget.take(_group_shapes(group, (0, 0, round(width * EMU_PER_POINT),
                                                        round(height * EMU_PER_POINT)))):
        if shape.tag in _LINES or _type_number(shape) in _CONNECTORS:
            ends, way = _line_ends(shape, box)
            if way == 1:
                picture.lines.append(ends)
            elif way == 0:
                picture.segments.append(ends)
        else:
            text = " ".join("".join(t.text or "" for t in shape.iter(f"{{{_W}}}t")).split())
            add_symbol_or_label(picture, box, vml_kind(shape), text)
    return picture


def _group_shapes(group: Any, box: Box) -> Iterator[tuple[Any, Box]]:
    """The shapes of a group whose area is ``box``, each with its box (a line's: its two points as corners, in
    order), placed by its share of the group's coordinates; groups nest."""
    origin = _pair(group.get("coordorigin"), (0, 0))
    size = _pair(group.get("coordsize"), (1000, 1000))
    if size[0] <= 0 or size[1] <= 0:
        return

    def placed(x: float, y: float) -> Point:
        return (box[0] + round((x - origin[0]) * (box[2] - box[0]) / size[0]),
                box[1] + round((y - origin[1]) * (box[3] - box[1]) / size[1]))

    for child in group.iterchildren(f"{{{V}}}group", *SHAPES, *_LINES):
        if child.tag == f"{{{V}}}line":
            first = placed(*_pair(child.get("from"), (0, 0)))
            last = placed(*_pair(child.get("to"), (10, 10)))
            yield child, _flipped(child, first, last)
            continue
        if child.tag == f"{{{V}}}polyline":
            corners = [_pair(point, (0, 0)) for point in re.findall(r"-?[\d.]+\s*,\s*-?[\d.]+",
                                                                      child.get("points") or "")]
            if len(corners) >= 2:
                yield child, (*placed(*corners[0]), *placed(*corners[-1]))
            continue
        style = style_of(child)
        x, y = (_number(style.get("left")), _number(style.get("top")))
        w, h = (_number(style.get("width")), _number(style.get("height")))
        child_box = (*placed(x, y), *placed(x + w, y + h))
        if child.tag == f"{{{V}}}group":
            yield from _group_shapes(child, child_box)
        else:
            yield child, child_box


def _flipped(line: Any, first: Point, last: Point) -> Box:
    """A line's two points as its style's ``flip`` mirrors them within their box (LibreOffice writes a line going
    up and left as one going down and right, flipped)."""
    flip = style_of(line).get("flip", "")
    left, right = min(first[0], last[0]), max(first[0], last[0])
    top, bottom = min(first[1], last[1]), max(first[1], last[1])
    if "x" in flip:
        first, last = (left + right - first[0], first[1]), (left + right - last[0], last[1])
    if "y" in flip:
        first, last = (first[0], top + bottom - first[1]), (last[0], top + bottom - last[1])
    return (*first, *last)


def _line_ends(shape: Any, box: Box) -> tuple[tuple[Point, Point], int]:
    """(where a line leaves, where it arrives) by its arrowheads, and how many it has (0: a piece of a route; 2:
    no way); a connector's points are its box's corners as its flips say."""
    if shape.tag in _LINES:
        first, last = (box[0], box[1]), (box[2], box[3])
    else:
        flip = style_of(shape).get("flip", "")
        first = (box[2] if "x" in flip else box[0], box[3] if "y" in flip else box[1])
        last = (box[0] if "x" in flip else box[2], box[1] if "y" in flip else box[3])
    stroke = shape.find(f"{{{V}}}stroke")
    start = stroke is not None and stroke.get("startarrow", "none") != "none"
    end = stroke is not None and stroke.get("endarrow", "none") != "none"
    if start and not end:
        return (last, first), 1
    return (first, last), int(start) + int(end)


def _pair(text: str | None, default: tuple[float, float]) -> tuple[float, float]:
    parts = (text or "").split(",")
    if len(parts) != 2:
        return default
    return _number(parts[0], default[0]), _number(parts[1], default[1])


def _number(text: str | None, default: float = 0.0) -> float:
    """A coordinate of a VML shape; ``default`` for one that is not a finite number ("1e999", "nan", "10pt")."""
    try:
        value = float((text or "").strip() or default)
    except ValueError:
        return default
    return value if math.isfinite(value) and abs(value) < _FAR else default
