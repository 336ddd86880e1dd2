"""How the lines of a drawn flowchart join its symbols, whether drawn in Excel or in Word (DrawingML).

Where a line leaves and where it arrives come from its box, its flips and its rotation, and the way from its
arrowhead; an end on a symbol, or near its edge, joins that symbol. A "Ya" or "Tidak" written beside where an arrow
leaves a diamond names that branch. What a symbol and a cell are is the caller's: this module works in one
drawing's own coordinates (EMU), which is all arrows need, and names the symbols and arrows by cell
(:class:`Drawing`) for the reader.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from engine.sop_table.documents.symbols import A, SymbolKind
from engine.sop_table.headers import normalise

Box = tuple[int, int, int, int]  # left, top, right, bottom in EMU
Point = tuple[int, int]

#: DrawingML angles are in 60,000ths of a degree.
_UNITS_PER_DEGREE, _FULL_TURN = 60_000, 21_600_000
#: How far from a symbol's edge a line's end may stop and still be on it (about 4 mm), and how far from where an
#: arrow leaves a diamond its "Ya" or "Tidak" may be written (about 2 cm).
_REACH, _LABEL_REACH = 150_000, 700_000
#: How close (EMU, about 2 mm) the ends of two lines of one route lie, and how many lines a route has at most.
_MEET, _ROUTE = 80_000, 8
#: How many lines all the routes of one drawing follow at most (far more than any flowchart's).
_ROUTE_STEPS = 500
#: More shapes than any SOP's flowchart has, in one drawing (a picture, a sheet's drawing): one drawn with more is
#: read up to here. An upload is read in the web worker, and joining lines to symbols costs their product.
MAX_SHAPES = 2_000
#: The shapes of all the drawings of one file (a book of an office's SOPs has dozens of flowcharts), read up to here.
MAX_FILE_SHAPES = 20_000
#: The branch a label beside an arrow names.
_BRANCHES = {"ya": "ya", "y": "ya", "yes": "ya", "tidak": "tidak", "tdk": "tidak", "t": "tidak", "no": "tidak"}


@dataclass(frozen=True)
class DrawnMark:
    """A symbol drawn over a sheet or table: the 1-based row and column of the cell its centre is in, and its mark
    (:func:`engine.sop_table.documents.symbols.mark_of`, or the "Mulai" / "Selesai" written in a capsule)."""

    row: int
    column: int
    mark: str


@dataclass(frozen=True)
class DrawnArrow:
    """An arrow drawn from one symbol to another: the cells (row, column) of the symbols it leaves and reaches, and
    the branch ("ya" or "tidak") written beside where it leaves, if any."""

    start: tuple[int, int]
    end: tuple[int, int]
    branch: str = ""


@dataclass(frozen=True)
class Drawing:
    """The flowchart drawn over one sheet or table: its symbols, and the arrows between them, by cell (what the
    reader lays into the table: :mod:`engine.sop_table.drawn_flowchart`)."""

    marks: tuple[DrawnMark, ...]
    arrows: tuple[DrawnArrow, ...] = ()


_Shape = TypeVar("_Shape")


class ShapeBudget:
    """The shapes a file may still have read, shared by its sheets or pictures (:data:`MAX_FILE_SHAPES`)."""

    def __init__(self) -> None:
        self.left = MAX_FILE_SHAPES

    def take(self, shapes: Iterable[_Shape]) -> Iterator[_Shape]:
        """One drawing's ``shapes``, up to :data:`MAX_SHAPES` and what is left of the file's."""
        for taken, shape in enumerate(shapes):
            if self.left <= 0 or taken >= MAX_SHAPES:
                return
            self.left -= 1
            yield shape


@dataclass(frozen=True)
class Joined:
    """An arrow from one symbol to another: their places in the list of symbols, and the branch ("ya" or "tidak")
    written beside where it leaves, if any."""

    start: int
    end: int
    branch: str = ""


def branch_named(text: str) -> str | None:
    """The branch a label's text names ("Ya", "Tidak", "T" …), or None."""
    return _BRANCHES.get(normalise(text))


def join(symbols: Sequence[tuple[Box, SymbolKind]], lines: Sequence[tuple[Point, Point]],
         labels: Sequence[tuple[Point, str]], segments: Sequence[tuple[Point, Point]] = ()) -> list[Joined]:
    """The arrows that leave one symbol and reach another (each line given as where it leaves and where it arrives,
    each end on or near a symbol), each with the "Ya" or "Tidak" label nearest where it leaves a diamond: the
    closest label and arrow are paired first, so a label beside one arrow is not taken by another farther away.

    An arrow drawn as several lines (a route round the table drawn line by line, the arrowhead on the last) is
    followed back along the ``segments`` (lines with no arrowhead) that meet end to end, to the symbol it leaves."""
    route = _Route(segments)
    arrows: list[tuple[Point, int, int]] = []
    for start, end in lines:
        start, leaves = route.follow(start, symbols)
        end, reaches = route.follow(end, symbols)
        if leaves is not None and reaches is not None and leaves != reaches:
            arrows.append((start, leaves, reaches))
    pairs = sorted((_distance(at, start), label, number) for label, (at, _branch) in enumerate(labels)
                   for number, (start, leaves, _reaches) in enumerate(arrows)
                   if symbols[leaves][1] == "decision" and _distance(at, start) <= _LABEL_REACH)
    branches: dict[int, str] = {}
    labelled: set[int] = set()
    for _distance_to, label, number in pairs:  # the closest label and arrow first, each used once
        if label not in labelled and number not in branches:
            branches[number] = labels[label][1]
            labelled.add(label)
    return [Joined(leaves, reaches, branches.get(number, ""))
            for number, (_start, leaves, reaches) in enumerate(arrows)]


def drawing_by_cell(symbols: Sequence[tuple[Box, DrawnMark, SymbolKind]], lines: Sequence[tuple[Point, Point]],
                    labels: Sequence[tuple[Point, str]], segments: Sequence[tuple[Point, Point]]) -> Drawing:
    """A sheet's symbols (each with its box and the mark of the cell its centre is in) and the arrows :func:`join`
    finds between them, named by cell."""
    cells = [(mark.row, mark.column) for _box, mark, _kind in symbols]
    return Drawing(tuple(mark for _box, mark, _kind in symbols),
                   tuple(DrawnArrow(cells[arrow.start], cells[arrow.end], arrow.branch)
                         for arrow in join([(box, kind) for box, _mark, kind in symbols], lines, labels, segments)))


class _Route:
    """Lines with no arrowhead by where their ends lie, so an arrow's route is followed end to end at once."""

    def __init__(self, segments: Sequence[tuple[Point, Point]]) -> None:
        self.segments = segments
        self.steps_left = _ROUTE_STEPS  # each step looks at every symbol: a hostile file's routes stay bounded
        self.ends: dict[tuple[int, int], list[int]] = {}
        for number, (first, last) in enumerate(segments):
            for point in (first, last):
                self.ends.setdefault(self._key(point), []).append(number)

    @staticmethod
    def _key(point: Point) -> tuple[int, int]:
        return point[0] // _MEET, point[1] // _MEET

    def follow(self, point: Point, symbols: Sequence[tuple[Box, SymbolKind]]) -> tuple[Point, int | None]:
        """The symbol an arrow's end is on, or reaches through lines that meet end to end (at most
        :data:`_ROUTE` of them), and the point where the route meets it."""
        used: set[int] = set()
        for _step in range(_ROUTE + 1):
            if (symbol := _symbol_at(point, symbols)) is not None:
                return point, symbol
            if self.steps_left <= 0:
                break
            self.steps_left -= 1
            x, y = self._key(point)
            near = [(max(abs(end[0] - point[0]), abs(end[1] - point[1])), number, other)
                    for dx in (-1, 0, 1) for dy in (-1, 0, 1) for number in self.ends.get((x + dx, y + dy), ())
                    if number not in used
                    for end, other in ((self.segments[number][0], self.segments[number][1]),
                                       (self.segments[number][1], self.segments[number][0]))
                    if max(abs(end[0] - point[0]), abs(end[1] - point[1])) <= _MEET]
            if not near:
                break
            _gap, number, point = min(near)
            used.add(number)
        return point, None


def _symbol_at(point: Point, symbols: Sequence[tuple[Box, SymbolKind]]) -> int | None:
    """The symbol a line's end is on, or nearest within :data:`_REACH` of its edge."""
    near = [(_distance(point, box), _distance(point, ((box[0] + box[2]) // 2, (box[1] + box[3]) // 2)), number)
            for number, (box, _kind) in enumerate(symbols) if _distance(point, box) <= _REACH]
    return min(near)[2] if near else None


def _distance(point: Point, to: Point | Box) -> int:
    """From a point to another point, or to a box (0 inside it); in EMU, the longer of the two axes."""
    x, y = point
    if len(to) == 2:
        return max(abs(x - to[0]), abs(y - to[1]))
    left, top, right, bottom = to  # type: ignore[misc]
    return max(left - x, 0, x - right, top - y, 0, y - bottom)


def line_ends(frame: Any, outline: Any, box: Box) -> tuple[Point, Point] | None:
    """(where a line leaves, where it arrives), from its ``a:xfrm`` ``frame`` (flips, rotation), its ``a:ln``
    ``outline`` (arrowheads) and its ``box``: the box's corners as its flips say, turned about the box's centre as
    its rotation says (Excel draws an elbow connector going up as one turned a quarter), the way its arrowhead says.
    None for a line with no arrowhead or two: it says no way."""
    first, last = _points_of(frame, box)
    head, tail = (_arrowhead(outline, end) for end in ("headEnd", "tailEnd"))
    if tail and not head:
        return first, last
    if head and not tail:
        return last, first
    return None


def plain_line(frame: Any, outline: Any, box: Box) -> tuple[Point, Point] | None:
    """A line's two ends when it has no arrowhead at all (a piece of an arrow's route); None otherwise."""
    if _arrowhead(outline, "headEnd") or _arrowhead(outline, "tailEnd"):
        return None
    return _points_of(frame, box)


def _points_of(frame: Any, box: Box) -> tuple[Point, Point]:
    """A line's first and last points: its box's corners as its flips say, turned as its rotation says."""
    flip_h = frame is not None and frame.get("flipH") in ("1", "true")
    flip_v = frame is not None and frame.get("flipV") in ("1", "true")
    first = (box[2] if flip_h else box[0], box[3] if flip_v else box[1])
    last = (box[0] if flip_h else box[2], box[1] if flip_v else box[3])
    if frame is not None and (turn := number(frame.get("rot")) % _FULL_TURN):
        angle = math.radians(turn / _UNITS_PER_DEGREE)
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2

        def turned(point: Point) -> Point:
            dx, dy = point[0] - cx, point[1] - cy  # y grows downwards: a positive angle turns clockwise on screen
            return (round(cx + dx * math.cos(angle) - dy * math.sin(angle)),
                    round(cy + dx * math.sin(angle) + dy * math.cos(angle)))

        first, last = turned(first), turned(last)
    return first, last


def _arrowhead(outline: Any, end: str) -> bool:
    """Whether the line's ``headEnd`` (its first point) or ``tailEnd`` (its last) has an arrowhead."""
    marker = outline.find(f"{{{A}}}{end}") if outline is not None else None
    return marker is not None and marker.get("type", "none") != "none"


def group_space(frame: Any, box: Box) -> Callable[[int, int], Point] | None:
    """Where a point in a group's own coordinates (its ``a:xfrm``'s ``chOff`` and ``chExt``; without them, EMU from
    the group's corner) lands in the group's area ``box``, by its share of it; None for an empty space."""
    child_origin = frame.find(f"{{{A}}}chOff") if frame is not None else None
    child_extent = frame.find(f"{{{A}}}chExt") if frame is not None else None
    x0 = number(child_origin.get("x")) if child_origin is not None else 0
    y0 = number(child_origin.get("y")) if child_origin is not None else 0
    width = number(child_extent.get("cx")) if child_extent is not None else box[2] - box[0]
    height = number(child_extent.get("cy")) if child_extent is not None else box[3] - box[1]
    if width <= 0 or height <= 0:
        return None

    def placed(x: int, y: int) -> Point:
        return (box[0] + (x - x0) * (box[2] - box[0]) // width, box[1] + (y - y0) * (box[3] - box[1]) // height)

    return placed


def framed_box(frame: Any, placed: Callable[[int, int], Point]) -> Box | None:
    """A group's child's box from its ``a:xfrm`` (``off``, ``ext``, in the group's coordinates), placed; None when
    it states no place or size."""
    offset = frame.find(f"{{{A}}}off") if frame is not None else None
    extent = frame.find(f"{{{A}}}ext") if frame is not None else None
    if offset is None or extent is None:
        return None
    x, y = number(offset.get("x")), number(offset.get("y"))
    return (*placed(x, y), *placed(x + number(extent.get("cx")), y + number(extent.get("cy"))))


def number(text: str | None) -> int:
    """An integer attribute of a drawing, 0 when missing or not a number."""
    try:
        return int(text or 0)
    except ValueError:
        return 0
