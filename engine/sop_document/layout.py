"""Where everything of the flowchart table goes on A4 landscape paper: row heights, pages, symbols and arrows.

Lengths are millimetres of the printed page. The table is 277 mm wide (A4 landscape less 10 mm margins) with
fixed column shares (``COLUMN_SHARE``, the same numbers as the stylesheet's); the role columns share
``ROLE_SHARE`` equally. A row is as tall as its longest text needs at the table's font (estimated by width,
as :mod:`engine.diagrams.text` does for diagrams) and never shorter than its symbol needs; its symbol sits in
the performing role's column. Rows are split into pages of at most ``MAX_ROWS`` rows and ``ROWS_HEIGHT`` mm;
where the flow runs on to the next page it leaves through a numbered off-page connector (pentagon) at the
bottom and comes back through the same number at the top of the next page.

Arrows are computed per page in page coordinates (x across the role columns, y down from the first row);
:mod:`engine.sop_document.svg` cuts them into the rows they cross. Pure: no database, no rendering.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.diagrams.text import wrap
from engine.sop_document.model import DECISION, END, START, Row

TABLE_WIDTH = 277.0
#: Column shares of the table width, in percent (webapp/static/sop.css sets the same).
COLUMN_SHARE = {"no": 3, "activity": 18, "roles": 36, "requirements": 16, "time": 6, "output": 11, "note": 10}
FONT = 7.5 * 0.3528  # 7.5 pt, in mm
LINE = FONT * 1.25
PAD_Y, PAD_X, INDENT = 1.0, 1.2, 3.0
#: Share of a cell's width that the estimate fills: the real glyphs may be wider than the average.
SAFETY = 0.86
MAX_ROWS = 8
ROWS_HEIGHT = 160.0
CONNECTOR_HEIGHT = 14.0
ELBOW = 3.0  # where an arrow turns between columns, below the top of the row it enters
ARROW = 1.8
SIDE_GAP = 2.5  # the free space left and right of every symbol in its column
CHANNEL_STEP = 1.0

CAPSULE, RECTANGLE, DIAMOND, PENTAGON = "capsule", "rectangle", "diamond", "pentagon"
_SHAPE = {START: CAPSULE, END: CAPSULE, DECISION: DIAMOND}
_HEIGHT = {CAPSULE: 6.0, RECTANGLE: 8.0, DIAMOND: 9.0, PENTAGON: 7.0}
_WIDTH = {CAPSULE: 17.0, RECTANGLE: 20.0, DIAMOND: 13.0, PENTAGON: 7.0}


@dataclass(frozen=True)
class Symbol:
    shape: str
    cx: float
    cy: float
    width: float
    height: float
    text: str = ""

    @property
    def top(self) -> float:
        return self.cy - self.height / 2

    @property
    def bottom(self) -> float:
        return self.cy + self.height / 2

    def side(self, right: bool) -> float:
        return self.cx + (self.width / 2 if right else -self.width / 2)


@dataclass(frozen=True)
class Connector:
    """An off-page connector row: the flow leaves a page (``leaving``) or comes back on the next one."""

    number: int
    leaving: bool

    @property
    def text(self) -> str:
        """The Kegiatan cell of the connector's row."""
        return (f"Bersambung ke halaman berikutnya (penghubung {self.number})" if self.leaving
                else f"Sambungan dari halaman sebelumnya (penghubung {self.number})")


@dataclass(frozen=True)
class Route:
    """An arrow as a polyline in page coordinates; the head at the last point."""

    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class PlacedRow:
    """A row of one page: a flowchart row or a connector, its height, top (page y) and symbols."""

    row: Row | None
    connector: Connector | None
    top: float
    height: float
    symbols: list[Symbol] = field(default_factory=list)


@dataclass
class FlowPage:
    rows: list[PlacedRow]
    column_width: float
    columns: int
    routes: list[Route] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    @property
    def width(self) -> float:
        return self.column_width * self.columns


def column_width(mm_share: float) -> float:
    return TABLE_WIDTH * mm_share / 100


def row_height(row: Row | None, connector_text: str = "") -> float:
    """How tall a row must be: its longest cell's text at the table's font, or its symbol, whichever is more."""
    if row is None:
        return max(CONNECTOR_HEIGHT, _cell_height([connector_text], "activity", 0))
    cells = [
        _cell_height([str(row.number or "")], "no", 0),
        _cell_height([row.activity], "activity", 0),
        _cell_height(list(row.requirements), "requirements", INDENT if len(row.requirements) > 1 else 0),
        _cell_height([row.time_text], "time", 0),
        _cell_height(list(row.outputs), "output", INDENT if len(row.outputs) > 1 else 0),
        _cell_height([row.note], "note", 0),
    ]
    shape = _SHAPE.get(row.kind, RECTANGLE)
    return max([*cells, _symbol_room(shape)])


def _cell_height(paragraphs: Sequence[str], column: str, indent: float) -> float:
    width = (column_width(COLUMN_SHARE[column]) - 2 * PAD_X - indent) * SAFETY
    lines = sum(max(1, len(wrap(text, width, FONT))) for text in paragraphs if text)
    return lines * LINE + 2 * PAD_Y + 0.8


def _symbol_room(shape: str) -> float:
    """Room for an arrow coming in at the top, the symbol, and the arrow leaving it with its label."""
    return _symbol_top() + _HEIGHT[shape] + 3.2


def _symbol_top() -> float:
    return ELBOW + ARROW + 0.7


def paginate(heights: Sequence[float], continues: Sequence[bool]) -> list[list[int]]:
    """Row indexes per page: at most ``MAX_ROWS`` rows and ``ROWS_HEIGHT`` mm with their connectors, the rows
    spread evenly over as few pages as the greedy fill needs. ``continues[i]``: row i flows into row i + 1."""
    def fits(chunk: Sequence[int], first: bool, last: bool) -> bool:
        extra = (0 if first or not continues[chunk[0] - 1] else CONNECTOR_HEIGHT) + \
            (0 if last or not continues[chunk[-1]] else CONNECTOR_HEIGHT)
        return len(chunk) <= MAX_ROWS and sum(heights[i] for i in chunk) + extra <= ROWS_HEIGHT

    greedy: list[list[int]] = []
    for index in range(len(heights)):
        if greedy and fits([*greedy[-1], index], len(greedy) == 1, False):
            greedy[-1].append(index)
        else:
            greedy.append([index])
    count = len(greedy)
    size, extra = divmod(len(heights), count or 1)
    even, start = [], 0
    for page in range(count):
        end = start + size + (1 if page < extra else 0)
        even.append(list(range(start, end)))
        start = end
    return even if all(fits(p, i == 0, i == count - 1) for i, p in enumerate(even)) else greedy


def place(rows: Sequence[Row | None], connectors: Sequence[Connector | None], heights: Sequence[float],
          columns: int) -> FlowPage:
    """One page's rows with their symbols, stacked from y = 0 (:mod:`engine.sop_document.pages` adds arrows)."""
    width = column_width(COLUMN_SHARE["roles"]) / max(1, columns)
    page = FlowPage(rows=[], column_width=width, columns=max(1, columns))
    top = 0.0
    for row, connector, height in zip(rows, connectors, heights, strict=True):
        placed = PlacedRow(row=row, connector=connector, top=top, height=height)
        placed.symbols.append(_symbol(page, row, connector, top, height))
        page.rows.append(placed)
        top += height
    return page


def _symbol(page: FlowPage, row: Row | None, connector: Connector | None, top: float, height: float) -> Symbol:
    """A row's symbol in its role's column (a connector's in the column of the flow it carries, the first)."""
    shape = PENTAGON if row is None else _SHAPE.get(row.kind, RECTANGLE)
    text = str(connector.number) if connector else ("Mulai" if row and row.kind == START else
                                                   "Selesai" if row and row.kind == END else "")
    column = row.column if row else 0
    width = min(_WIDTH[shape], page.column_width - 2 * SIDE_GAP)
    if shape == PENTAGON:
        width = min(width, _WIDTH[PENTAGON])
    box_height = _HEIGHT[shape]
    entered = not ((row is not None and row.kind == START) or (connector is not None and not connector.leaving))
    cy = top + max(height / 2, (_symbol_top() if entered else 1.5) + box_height / 2)
    return Symbol(shape, (column + 0.5) * page.column_width, cy, width, box_height, text)


def beside(page: FlowPage, placed: PlacedRow, right: bool) -> Symbol:
    """An end drawn beside a decision (its "Tidak → Selesai"), in the next column, at the diamond's height."""
    main = placed.symbols[0]
    column = int(main.cx // page.column_width) + (1 if right else -1)
    width = min(_WIDTH[CAPSULE], page.column_width - 2 * SIDE_GAP)
    symbol = Symbol(CAPSULE, (column + 0.5) * page.column_width, main.cy, width, _HEIGHT[CAPSULE], "Selesai")
    placed.symbols.append(symbol)
    return symbol


def down(page: FlowPage, source: Symbol, target: Symbol, label: str) -> None:
    """The arrow from a symbol to the one on the next row: down, across at the elbow, down into it."""
    points = [(source.cx, source.bottom)]
    if not math.isclose(source.cx, target.cx):
        elbow = max(source.bottom + 1.0, _row_top(page, target) + ELBOW)
        points += [(source.cx, elbow), (target.cx, elbow)]
    points.append((target.cx, target.top))
    page.routes.append(Route(tuple(points)))
    if label:
        page.labels.append(Label(source.cx + 1.0, source.bottom + 2.4, label))


def across(page: FlowPage, source: Symbol, target: Symbol, right: bool, label: str) -> None:
    """A straight arrow from a symbol's side to a symbol beside it on the same row."""
    start = source.side(right)
    page.routes.append(Route(((start, source.cy), (target.side(not right), target.cy))))
    if label:
        page.labels.append(Label(start + (0.8 if right else -0.8), source.cy - 0.9, label,
                                 "start" if right else "end"))


def jump(page: FlowPage, source: Symbol, target: Symbol, right: bool, channel_column: int, slot: int,
         label: str) -> None:
    """An arrow to a row that is not the next one: out of the source's side, along a channel beside the
    columns it passes, into the target's side."""
    edge = (channel_column + 1) * page.column_width if right else channel_column * page.column_width
    offset = 1.2 + CHANNEL_STEP * slot
    x = edge - offset if right else edge + offset
    start = source.side(right)
    page.routes.append(Route(((start, source.cy), (x, source.cy), (x, target.cy), (target.side(right), target.cy))))
    if label:  # on the side of the exit the channel does not run along: below it for a loop back, else above
        y = source.cy + 2.6 if target.cy < source.cy else source.cy - 0.9
        page.labels.append(Label(start + (0.8 if right else -0.8), y, label, "start" if right else "end"))


def off_page(page: FlowPage, placed: PlacedRow, symbol: Symbol, right: bool, number: int, leaving: bool,
             label: str = "") -> None:
    """A jump to (or from) a row on another page: a short arrow to (or from) a small numbered connector
    beside the symbol."""
    side = symbol.side(right)
    size = min(_WIDTH[PENTAGON] - 1.5, page.column_width / 2)
    cx = side + (2.2 + size / 2 if right else -2.2 - size / 2)
    mark = Symbol(PENTAGON, cx, symbol.cy - 0.6, size, size, str(number))
    placed.symbols.append(mark)
    near = mark.side(not right)
    points = ((side, symbol.cy), (near, symbol.cy)) if leaving else ((near, symbol.cy), (side, symbol.cy))
    page.routes.append(Route(points))
    if label:
        page.labels.append(Label(side + (0.6 if right else -0.6), symbol.cy - 2.6, label, "start" if right else "end"))


def _row_top(page: FlowPage, symbol: Symbol) -> float:
    for placed in page.rows:
        if symbol in placed.symbols:
            return placed.top
    return symbol.top - ELBOW - ARROW
