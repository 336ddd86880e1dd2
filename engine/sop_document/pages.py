"""The flowchart table's pages: rows split over pages, connectors where the flow runs on, every arrow routed.

Which arrow takes which way: a flow to the next row goes down from the symbol's bottom (a decision's first
exit); a flow to a row further up or down leaves by the symbol's side along a channel beside the columns it
passes; an end drawn beside a decision is reached straight across; a flow to a row on another page ends in a
small numbered connector beside the symbol, and starts from the same number beside its target. Pure.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.sop_document import layout
from engine.sop_document.layout import Connector, FlowPage, PlacedRow, Symbol
from engine.sop_document.model import Exit, Row


@dataclass
class _Channels:
    """Slots of the vertical channels already taken on a page: (side, column) → [(top, bottom, slot)]."""

    taken: dict[tuple[bool, int], list[tuple[float, float, int]]] = field(default_factory=dict)

    def slot(self, right: bool, column: int, top: float, bottom: float) -> int:
        used = self.taken.setdefault((right, column), [])
        busy = {slot for a, b, slot in used if a <= bottom + 1 and top <= b + 1}
        slot = next(i for i in itertools.count() if i not in busy)
        used.append((top, bottom, slot))
        return slot


def flow_pages(rows: Sequence[Row], columns: int) -> list[FlowPage]:
    """The pages of the flowchart table, each with its rows, symbols, arrows and labels."""
    if not rows:
        return []
    heights = [layout.row_height(row) for row in rows]
    continues = [any(e.target == i + 1 for e in row.exits) for i, row in enumerate(rows)]
    chunks = layout.paginate(heights, continues)
    numbers = itertools.count(1)
    breaks = {p: next(numbers) for p in range(len(chunks) - 1) if continues[chunks[p][-1]]}
    pages: list[FlowPage] = []
    where: dict[int, tuple[int, PlacedRow]] = {}
    for p, chunk in enumerate(chunks):
        items: list[tuple[Row | None, Connector | None, float]] = []
        if p - 1 in breaks:
            items.append(_connector_item(Connector(breaks[p - 1], leaving=False)))
        items += [(rows[i], None, heights[i]) for i in chunk]
        if p in breaks:
            items.append(_connector_item(Connector(breaks[p], leaving=True)))
        page = layout.place([i[0] for i in items], [i[1] for i in items], [i[2] for i in items], columns)
        pages.append(page)
        placed_rows = iter(placed for placed in page.rows if placed.row is not None)
        for index in chunk:
            where[index] = (p, next(placed_rows))
    channels = [_Channels() for _ in pages]
    for index, row in enumerate(rows):
        _route_exits(index, row, rows, pages, where, channels, numbers, columns)
    return pages


def _connector_item(connector: Connector) -> tuple[None, Connector, float]:
    return None, connector, layout.row_height(None, connector.text)


def _route_exits(index: int, row: Row, rows: Sequence[Row], pages: list[FlowPage],
                 where: dict[int, tuple[int, PlacedRow]], channels: list[_Channels], numbers: itertools.count,
                 columns: int) -> None:
    """Every arrow out of one row."""
    page_index, placed = where[index]
    page = pages[page_index]
    source = placed.symbols[0]
    preferred = row.column < columns - 1 or columns == 1
    sides = [preferred, not preferred] if columns > 1 else [True, True]
    side_exits: list[Exit] = []
    for exit_ in row.exits:
        target = exit_.target
        if target is not None and target == index + 1:
            target_page, target_placed = where[target]
            if target_page == page_index:
                layout.down(page, source, target_placed.symbols[0], exit_.label)
            else:  # the page ends here: down into the leaving connector, and on from the arriving one
                layout.down(page, source, page.rows[-1].symbols[0], exit_.label)
                layout.down(pages[target_page], pages[target_page].rows[0].symbols[0],
                            target_placed.symbols[0], "")
        else:
            side_exits.append(exit_)
    for number, exit_ in enumerate(side_exits):
        right = sides[min(number, len(sides) - 1)]
        if exit_.terminal is not None:
            layout.across(page, source, layout.beside(page, placed, right), right, exit_.label)
            continue
        assert exit_.target is not None
        target_page, target_placed = where[exit_.target]
        target = target_placed.symbols[0]
        if target_page == page_index:
            _jump(page, channels[page_index], placed, target_placed, right, exit_.label)
        else:
            connector = next(numbers)
            layout.off_page(page, placed, source, right, connector, leaving=True, label=exit_.label)
            target_right = rows[exit_.target].column < columns - 1 or columns == 1
            layout.off_page(pages[target_page], target_placed, target, target_right, connector, leaving=False)


def _jump(page: FlowPage, channels: _Channels, placed: PlacedRow, target_placed: PlacedRow, right: bool,
          label: str) -> None:
    """An arrow along a channel beside every column the rows between source and target use."""
    source, target = placed.symbols[0], target_placed.symbols[0]
    first, last = sorted((page.rows.index(placed), page.rows.index(target_placed)))
    used = [_column(page, symbol) for between in page.rows[first:last + 1] for symbol in between.symbols]
    column = max(used) if right else min(used)
    top, bottom = sorted((source.cy, target.cy))
    slot = channels.slot(right, column, top, bottom)
    layout.jump(page, source, target, right, column, slot, label)


def _column(page: FlowPage, symbol: Symbol) -> int:
    return int(symbol.cx // page.column_width)
