"""One page of a PDF: its ruling lines, flowchart symbols and text, as tables of cell texts and lines of text
(:mod:`engine.sop_table.documents.pdf` reads a whole file).

A line or a hairline rectangle (Word draws borders so) is a border when both its ends meet another border; a
connector between two symbols ends on a symbol, so it is no border, even where it crosses a row. A closed shape big
enough to be a flowchart symbol is its cell's mark ("Kotak", "◇" for a diamond, or the "Mulai" / "Selesai" written
in it); the text in a symbol is no cell's, nor is a branch label ("Ya", "Tidak") alone in a column that holds
symbols. A line the word processor wrapped in its cell is joined to the next with a space.

The arrows are read too, the page's geometry being exact: a line or an open path whose one end has an arrowhead (a
small filled shape touching it) goes from the symbol at its other end to the symbol at that one, with the branch
label written nearest where it leaves a diamond (:mod:`engine.sop_table.documents.arrows`); each table keeps the
cells of its symbols and of its arrows' ends, for the reader to follow where the table is silent.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from pdfplumber.utils import extract_text, extract_words
from pdfplumber.utils.text import chars_to_textmap

from engine.sop_table.documents.arrows import Drawing, DrawnArrow, DrawnMark, Point, branch_named, join
from engine.sop_table.documents.sheets import Rows
from engine.sop_table.headers import START_OR_END

#: Points: two borders meet when an end lies this close to the other; columns match within this.
MEET = 2.0
#: A filled rectangle thinner than this is a ruling line.
_HAIRLINE = 2.5
#: A symbol is at least this big on both sides and this long on one: smaller shapes are arrowheads and dots.
_SYMBOL_SIDE, _SYMBOL_LONG = 4.0, 9.0
#: A shape covering this share of its cell both ways is the cell's shading, not a symbol.
_SHADING = 0.85
#: The words of a label beside a decision's arrows.
_BRANCH_LABEL = re.compile(r"^(ya|tidak|tdk|y|t|yes|no|ok)[.:]?$", re.IGNORECASE)
#: Points: a word nearer than this to another on its line is part of a phrase, not a label.
_LABEL_GAP = 6.0
#: Points: an arrowhead is no bigger than this, and touches its line's end within this.
_HEAD_SIZE, _HEAD_TOUCH = 14.0, 2.0
#: The arrows module measures in EMU: 12,700 to a point.
_EMU_PER_POINT = 12_700


# --- a page ----------------------------------------------------------------------------------------------------------

@dataclass
class PageTable:
    #: The x of each column's left border and of the table's right border (continued tables match on them).
    columns: tuple[float, ...]
    rows: Rows
    #: Its symbols and the arrows between them, by 1-based (row, column) of the table.
    drawing: Drawing | None = None


@dataclass
class Page:
    number: int
    has_text: bool
    #: Tables and the text lines outside them, top to bottom.
    items: list[tuple[float, PageTable | str]]


@dataclass(frozen=True)
class _Symbol:
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    mark: str

    @property
    def centre(self) -> tuple[float, float]:
        return (self.bbox[0] + self.bbox[2]) / 2, (self.bbox[1] + self.bbox[3]) / 2


def read_page(page: Any) -> Page:
    """A pdfplumber page's tables (from its borders, with the symbols in their cells as marks) and its text lines
    outside them, top to bottom."""
    chars = page.chars
    borders = _borders(page)
    found = page.find_tables({
        "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
        "explicit_vertical_lines": [b for b in borders if b["orientation"] == "v"],
        "explicit_horizontal_lines": [b for b in borders if b["orientation"] == "h"],
        "snap_tolerance": MEET, "join_tolerance": MEET, "intersection_tolerance": MEET,
    }) if _enough(borders) else []
    cells = [cell for table in found for cell in table.cells]
    located = _Chars(chars)
    symbols = [s for s in _symbols(page, located) if any(_marks(cell, s) for cell in cells)]
    inside_symbol = {id(c) for s in symbols for c in located.within(s.bbox)}
    text_chars = [c for c in chars if id(c) not in inside_symbol]
    arrows = _arrows(page, borders)
    items: list[tuple[float, PageTable | str]] = [
        (table.bbox[1], _table(table, text_chars, symbols, arrows)) for table in found]
    boxes = [table.bbox for table in found]
    outside = [c for c in text_chars if not any(_contains(box, _mid(c)) for box in boxes)]
    for line in chars_to_textmap(outside).extract_text_lines(strip=True, return_chars=False) if outside else []:
        if line["text"]:
            items.append((line["top"], line["text"]))
    items.sort(key=lambda item: item[0])
    return Page(page.page_number, bool(chars), items)


class _Chars:
    """A page's characters by their middle, in bands down the page, so those in a box are found without a pass over
    the page."""

    BAND = 10.0

    def __init__(self, chars: list[dict[str, Any]]) -> None:
        self.bands: dict[int, list[tuple[float, float, dict[str, Any]]]] = {}
        for char in chars:
            x, y = _mid(char)
            self.bands.setdefault(int(y // self.BAND), []).append((x, y, char))

    def within(self, box: Sequence[float]) -> list[dict[str, Any]]:
        return [char for band in range(int(box[1] // self.BAND), int(box[3] // self.BAND) + 1)
                for x, y, char in self.bands.get(band, ()) if box[0] <= x < box[2] and box[1] <= y < box[3]]


def _mid(obj: dict[str, Any]) -> tuple[float, float]:
    return (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2


def _contains(box: Sequence[float], point: tuple[float, float]) -> bool:
    return box[0] <= point[0] < box[2] and box[1] <= point[1] < box[3]


def _enough(borders: list[dict[str, Any]]) -> bool:
    vertical = sum(1 for b in borders if b["orientation"] == "v")
    return vertical >= 2 and len(borders) - vertical >= 2


# --- borders -------------------------------------------------------------------------------------------------------

def _borders(page: Any) -> list[dict[str, Any]]:
    """The ruling lines of the page's tables, as pdfplumber edges: straight lines and hairline rectangles, kept
    while both ends meet another kept line across them (a border ends on a border; a connector, on a symbol)."""
    lines: list[dict[str, Any]] = []
    for line in page.lines:
        if abs(line["top"] - line["bottom"]) <= 0.5:
            lines.append(_edge("h", (line["top"] + line["bottom"]) / 2, line["x0"], line["x1"]))
        elif abs(line["x0"] - line["x1"]) <= 0.5:
            lines.append(_edge("v", (line["x0"] + line["x1"]) / 2, line["top"], line["bottom"]))
    for rect in page.rects:
        if rect["height"] <= _HAIRLINE < rect["width"]:
            lines.append(_edge("h", (rect["top"] + rect["bottom"]) / 2, rect["x0"], rect["x1"]))
        elif rect["width"] <= _HAIRLINE < rect["height"]:
            lines.append(_edge("v", (rect["x0"] + rect["x1"]) / 2, rect["top"], rect["bottom"]))
    kept = lines
    while True:
        ends = _Ends(kept)
        still = [edge for edge in kept if all(ends.meet(end, edge) for end in _ends(edge))]
        if len(still) == len(kept):
            return still
        kept = still


def _edge(orientation: str, at: float, start: float, end: float) -> dict[str, Any]:
    start, end = min(start, end), max(start, end)
    if orientation == "h":
        return {"object_type": "line_edge", "orientation": "h", "x0": start, "x1": end, "top": at, "bottom": at,
                "width": end - start, "height": 0.0}
    return {"object_type": "line_edge", "orientation": "v", "x0": at, "x1": at, "top": start, "bottom": end,
            "width": 0.0, "height": end - start}


def _ends(edge: dict[str, Any]) -> tuple[tuple[float, float], tuple[float, float]]:
    if edge["orientation"] == "h":
        return (edge["x0"], edge["top"]), (edge["x1"], edge["top"])
    return (edge["x0"], edge["top"]), (edge["x0"], edge["bottom"])


class _Ends:
    """Where lines are, by their position across (rounded to a point), so an end finds its neighbours at once."""

    def __init__(self, edges: Iterable[dict[str, Any]]) -> None:
        self.horizontal: dict[int, list[dict[str, Any]]] = {}
        self.vertical: dict[int, list[dict[str, Any]]] = {}
        for edge in edges:
            horizontal = edge["orientation"] == "h"
            at = edge["top"] if horizontal else edge["x0"]
            (self.horizontal if horizontal else self.vertical).setdefault(round(at), []).append(edge)

    def lies_on(self, point: tuple[float, float]) -> bool:
        """Whether ``point`` lies on one of the lines."""
        return self.meet(point, {})

    def meet(self, point: tuple[float, float], edge: dict[str, Any]) -> bool:
        """Whether ``point`` (an end of ``edge``) lies on a line across ``edge``, or on one that goes on from it (the
        side of a merged cell is drawn row by row)."""
        x, y = point
        reach = range(-int(MEET) - 1, int(MEET) + 2)
        for step in reach:
            for other in self.horizontal.get(round(y) + step, ()):
                if other is not edge and abs(other["top"] - y) <= MEET and \
                        other["x0"] - MEET <= x <= other["x1"] + MEET:
                    return True
            for other in self.vertical.get(round(x) + step, ()):
                if other is not edge and abs(other["x0"] - x) <= MEET and \
                        other["top"] - MEET <= y <= other["bottom"] + MEET:
                    return True
        return False


# --- symbols -------------------------------------------------------------------------------------------------------

def _symbols(page: Any, chars: _Chars) -> list[_Symbol]:
    """The closed shapes big enough to be flowchart symbols, each with its mark: "◇" for a diamond, "Mulai" or
    "Selesai" for a symbol saying so, else "Kotak"; a box holding only a branch label is a text box (its mark is "",
    and its text is no cell's)."""
    found: list[_Symbol] = []
    seen: set[tuple[int, int, int, int]] = set()  # a shape filled, then outlined, is one symbol
    shapes = [(rect, False) for rect in page.rects if min(rect["width"], rect["height"]) > _HAIRLINE]
    shapes += [(curve, _is_diamond(curve)) for curve in page.curves if _closed(curve) and not _is_triangle(curve)]
    for shape, diamond in shapes:
        width, height = shape["x1"] - shape["x0"], shape["bottom"] - shape["top"]
        if min(width, height) < _SYMBOL_SIDE or max(width, height) < _SYMBOL_LONG:
            continue
        bbox = (shape["x0"], shape["top"], shape["x1"], shape["bottom"])
        if (key := (round(bbox[0]), round(bbox[1]), round(bbox[2]), round(bbox[3]))) in seen:
            continue
        seen.add(key)
        words = extract_text(chars.within(bbox)).strip()
        if words and _BRANCH_LABEL.match(words):
            mark = ""  # a text box
        elif START_OR_END.match(words):
            mark = words.rstrip(".").capitalize()  # "Mulai", "Selesai": where the flow starts or ends
        else:
            mark = "◇" if diamond else "Kotak"
        found.append(_Symbol(bbox, mark))
    return found


def _closed(curve: dict[str, Any]) -> bool:
    points = curve.get("pts") or []
    if curve.get("fill"):
        return len(points) >= 3
    return len(points) >= 4 and abs(points[0][0] - points[-1][0]) <= 1 and abs(points[0][1] - points[-1][1]) <= 1


def _corners(curve: dict[str, Any]) -> list[tuple[float, float]]:
    """A closed path's points without repeats, its closing point (the first again) left out."""
    corners: list[tuple[float, float]] = []
    for point in curve["pts"]:
        if not corners or abs(point[0] - corners[-1][0]) > 0.5 or abs(point[1] - corners[-1][1]) > 0.5:
            corners.append(point)
    if len(corners) > 1 and abs(corners[0][0] - corners[-1][0]) <= 0.5 and abs(corners[0][1] - corners[-1][1]) <= 0.5:
        corners.pop()
    return corners


def _is_triangle(curve: dict[str, Any]) -> bool:
    """Three straight corners: an arrowhead, never an SOP AP symbol."""
    return len(_corners(curve)) == 3


def _is_diamond(curve: dict[str, Any]) -> bool:
    """Four corners, each at the middle of a side of the shape's box."""
    corners = _corners(curve)
    if len(corners) != 4:
        return False
    x0, top, x1, bottom = curve["x0"], curve["top"], curve["x1"], curve["bottom"]
    slack_x, slack_y = (x1 - x0) * 0.15, (bottom - top) * 0.15
    middles = [((x0 + x1) / 2, top), (x1, (top + bottom) / 2), ((x0 + x1) / 2, bottom), (x0, (top + bottom) / 2)]
    return all(any(abs(cx - mx) <= slack_x and abs(cy - my) <= slack_y for cx, cy in corners) for mx, my in middles)


# --- a table -------------------------------------------------------------------------------------------------------

def _table(table: Any, chars: list[dict[str, Any]], symbols: list[_Symbol], arrows: _Lines) -> PageTable:
    """The table's rows of cell texts, a symbol's mark in an empty cell it is centred in, and its drawing."""
    xs = sorted({cell[0] for cell in table.cells})
    columns = (*xs, table.bbox[2])
    labels = _branch_labels(table.bbox, columns, chars, symbols)
    label_chars = {id(c) for word in labels for c in word["chars"]}
    chars = [c for c in chars if id(c) not in label_chars]
    in_cell = _chars_by_cell(table.cells, chars)
    rows: Rows = [[None if cell is None else (_cell_text(cell, in_cell.get(cell, [])) or _mark_in(cell, symbols))
                   for cell in row.cells] for row in table.rows]
    return PageTable(columns, rows, _drawing(table, symbols, arrows, labels))


def _drawing(table: Any, symbols: list[_Symbol], arrows: _Lines, labels: list[dict[str, Any]]) -> Drawing:
    """The table's symbols by cell, and the arrows that join two of them, each with its branch label."""
    placed: list[tuple[_Symbol, tuple[int, int]]] = []
    for symbol in symbols:
        if not symbol.mark:
            continue  # a text box
        at = next(((r, c) for r, row in enumerate(table.rows, start=1) for c, cell in enumerate(row.cells, start=1)
                   if cell is not None and _marks(cell, symbol)), None)
        if at is not None:
            placed.append((symbol, at))
    if not placed:
        return Drawing(())
    branches = [(w, branch) for w in labels if (branch := branch_named(w["text"].rstrip(".:")))]

    def emu(point: tuple[float, float]) -> Point:
        return round(point[0] * _EMU_PER_POINT), round(point[1] * _EMU_PER_POINT)

    joined = join([((*emu(s.bbox[:2]), *emu(s.bbox[2:])), "decision" if s.mark == "◇" else "box") for s, _ in placed],
                  [(emu(start), emu(end)) for start, end in arrows.arrows],
                  [(emu(((w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2)), branch) for w, branch in branches],
                  [(emu(first), emu(last)) for first, last in arrows.segments])
    return Drawing(tuple(DrawnMark(*at, symbol.mark) for symbol, at in placed),
                   tuple(DrawnArrow(placed[a.start][1], placed[a.end][1], a.branch) for a in joined))


@dataclass
class _Lines:
    """The page's arrows, (where it leaves, where it arrives) in points, and its lines with no arrowhead that are no
    table border (pieces of an arrow's route drawn line by line)."""

    arrows: list[tuple[Point, Point]]
    segments: list[tuple[Point, Point]]


def _arrows(page: Any, borders: list[dict[str, Any]]) -> _Lines:
    """Each line or open path with an arrowhead at one end only (a small filled closed shape touching that end) as
    an arrow; each with none, and not on a border, as a piece of a route."""
    heads = [(c["x0"] - _HEAD_TOUCH, c["top"] - _HEAD_TOUCH, c["x1"] + _HEAD_TOUCH, c["bottom"] + _HEAD_TOUCH)
             for c in page.curves if c.get("fill") and _closed(c)
             and max(c["x1"] - c["x0"], c["bottom"] - c["top"]) <= _HEAD_SIZE]
    found = _Lines([], [])
    if not heads:
        return found
    on_border = _Ends(borders)
    paths = [line["pts"] for line in page.lines] + [c["pts"] for c in page.curves if not _closed(c)]
    for points in paths:
        if not points or len(points) < 2:
            continue
        first, last = tuple(points[0]), tuple(points[-1])
        at_first = any(_contains(box, first) for box in heads)
        at_last = any(_contains(box, last) for box in heads)
        if at_last and not at_first:
            found.arrows.append((first, last))
        elif at_first and not at_last:
            found.arrows.append((last, first))
        elif not at_first and not at_last and not (on_border.lies_on(first) and on_border.lies_on(last)):
            found.segments.append((first, last))
    return found


def _chars_by_cell(cells: list[tuple[float, float, float, float]], chars: list[dict[str, Any]]
                   ) -> dict[tuple[float, float, float, float], list[dict[str, Any]]]:
    """Each cell's characters (by their middle), found through the table's grid: one look-up per character."""
    xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
    ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
    at: dict[tuple[int, int], tuple[float, float, float, float]] = {}
    for cell in cells:
        for i in range(bisect_left(xs, cell[0]), bisect_left(xs, cell[2])):
            for j in range(bisect_left(ys, cell[1]), bisect_left(ys, cell[3])):
                at[i, j] = cell
    found: dict[tuple[float, float, float, float], list[dict[str, Any]]] = {}
    for char in chars:
        x, y = _mid(char)
        cell = at.get((bisect_right(xs, x) - 1, bisect_right(ys, y) - 1))
        if cell is not None:
            found.setdefault(cell, []).append(char)
    return found


def _cell_text(cell: Sequence[float], chars: list[dict[str, Any]]) -> str:
    """A cell's lines, a line the word processor wrapped joined to the next with a space: it broke because the next
    line's first word did not fit (the cell's right padding taken as its left one). Other breaks stay new lines: a
    list's items, the lines of a name and title."""
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(extract_words(chars), key=lambda w: (w["top"], w["x0"])) if chars else []:
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= 2.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    if not lines:
        return ""
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    right = cell[2] - max(0.0, min(line[0]["x0"] for line in lines) - cell[0])
    text = " ".join(w["text"] for w in lines[0])
    for before, line in pairwise(lines):
        space = (before[-1]["bottom"] - before[-1]["top"]) * 0.3
        wrapped = before[-1]["x1"] + space + (line[0]["x1"] - line[0]["x0"]) > right - 0.5
        text += (" " if wrapped else "\n") + " ".join(w["text"] for w in line)
    return text


def _branch_labels(box: Sequence[float], columns: Sequence[float], chars: list[dict[str, Any]],
                   symbols: list[_Symbol]) -> list[dict[str, Any]]:
    """The labels on a decision's arrows ("Ya", "Tidak"), as words with their characters: a branch word standing
    alone in a column that holds a symbol. (In another column, such as Keterangan, the word is the cell's text.)"""
    held = {n for s in symbols if s.mark and _contains(box, s.centre)
            for n in range(len(columns) - 1) if columns[n] <= s.centre[0] < columns[n + 1]}
    inside = [c for c in chars if _contains(box, _mid(c))]
    if not held or not inside:
        return []
    words = extract_words(inside, return_chars=True)
    labels: list[dict[str, Any]] = []
    for word in words:
        x = (word["x0"] + word["x1"]) / 2
        alone = not any(other is not word and abs(other["top"] - word["top"]) < 3 and (
            -_LABEL_GAP < other["x0"] - word["x1"] < _LABEL_GAP or -_LABEL_GAP < word["x0"] - other["x1"] < _LABEL_GAP)
            for other in words)
        if alone and _BRANCH_LABEL.match(word["text"]) and any(
                columns[n] <= x < columns[n + 1] for n in held):
            labels.append(word)
    return labels


def _mark_in(cell: Sequence[float], symbols: list[_Symbol]) -> str | None:
    marks = [s.mark for s in symbols if s.mark and _marks(cell, s)]
    return ("◇" if "◇" in marks else marks[0]) if marks else None


def _marks(cell: Sequence[float], symbol: _Symbol) -> bool:
    """Whether ``symbol`` is a mark in ``cell``: centred in it, and not covering it (the cell's shading)."""
    width, height = cell[2] - cell[0], cell[3] - cell[1]
    return _contains(cell, symbol.centre) and not (
        symbol.bbox[2] - symbol.bbox[0] >= _SHADING * width and symbol.bbox[3] - symbol.bbox[1] >= _SHADING * height)
