"""The flowchart drawn over an SOP AP workbook (:mod:`engine.sop_table.documents.workbook_drawings`) laid into its
table: which activity each symbol marks, and where a decision's arrows say its branches go.

A symbol belongs to the row of the activity it stands beside:

- an activity written across several rows (its No and Kegiatan merged down) is its first row;
- a symbol drawn lower than its activity's text, in the :data:`DRAWN_BELOW_ROWS` rows under it left empty, is that
  activity's, unless the activity has a mark of another role already (further down, it is a legend's or the
  signature block's);
- a symbol in a row with no text at all (a start or end capsule drawn in a row of its own) marks nothing, and a
  capsule that says "Mulai" or "Selesai" there is never moved up to the activity above.

A mark typed in the cell stands; of two symbols in one cell, a diamond says more than a box. Where the table says
nothing, the arrows say where the flow goes: a decision's "Tidak" is the arrow labelled so, or the one arrow that does
not go on to the next activity; an activity whose arrows all go to one other place than the next activity goes
there; an arrow to a "Selesai" capsule is the end.

A flowchart Word keeps as one grouped picture (:mod:`engine.sop_table.documents.word_groups`) has no rows of its own:
its bands of symbols, from the top, are pinned to the activities in order from the activity its anchor is in, up
to the next group's or the next activity marked in the table (:func:`pin_groups`). Only a count that comes out even
is pinned, a start or end capsule in a band of its own aside: otherwise the group's symbols would be laid in rows
they were not drawn beside, so the office is told to ungroup them instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.phrases import N_, Phrase
from engine.sop_table.documents.arrows import Drawing, DrawnArrow, DrawnMark
from engine.sop_table.documents.symbols import DECISION_MARK
from engine.sop_table.documents.word_groups import GroupedFlowchart
from engine.sop_table.headers import START_OR_END
from engine.sop_table.identity import cell_text
from engine.sop_table.model import Activity, Target

#: How many rows below its activity's text (rows left empty) a drawn symbol may lie and still be that activity's.
DRAWN_BELOW_ROWS = 2


@dataclass
class LaidMarks:
    """The table's rows with the drawn marks written in, and the row each symbol's cell was laid in (a symbol that
    marks nothing is left out)."""

    rows: list[Any]
    row_of: dict[tuple[int, int], int] = field(default_factory=dict)


def lay_drawn_marks(ws: Any, rows: list[Any], first: int, role_at: set[int], named: Sequence[int], kegiatan_at: int,
                    drawn: Sequence[DrawnMark]) -> LaidMarks:
    """``rows`` (from row ``first``) with the symbols drawn over the role columns (0-based ``role_at``) written into
    them; ``named``: the 0-based columns of No and Kegiatan, whose merged cells make one activity of several rows."""
    if not drawn:
        return LaidMarks(rows)
    table = [list(row) for row in rows]
    merged = ws.merged_cells.ranges if hasattr(ws, "merged_cells") else ()  # a document's table has no merges
    spans = [(r.min_row, r.max_row) for r in merged
             if r.min_row >= first and any(r.min_col <= column + 1 <= r.max_col for column in named)]

    def text_at(row: int, index: int) -> str:
        cells = table[row - first] if 0 <= row - first < len(table) else []
        return cell_text(cells[index]) if index < len(cells) else ""

    def empty(row: int) -> bool:
        return not any(cell_text(c) for c in table[row - first]) if 0 <= row - first < len(table) else True

    placed: dict[tuple[int, int], str] = {}
    row_of: dict[tuple[int, int], int] = {}
    below_text: list[tuple[DrawnMark, int]] = []
    for mark in drawn:
        index, row = mark.column - 1, mark.row
        if index not in role_at or row < first:
            continue
        row = next((top for top, bottom in spans if top < row <= bottom), row)
        if empty(row):
            if not START_OR_END.match(mark.mark):  # a capsule saying Mulai or Selesai in a row of its own is no step's
                below_text.append((mark, row))
            continue
        row_of[(mark.row, mark.column)] = row
        if not text_at(row, index) and placed.get((row, index)) != DECISION_MARK:
            placed[(row, index)] = mark.mark
    for mark, row in below_text:
        index, above = mark.column - 1, row
        while above > first and empty(above) and row - above < DRAWN_BELOW_ROWS:
            above -= 1
        others = {i for i in role_at - {index} if text_at(above, i) or (above, i) in placed}
        if above != row and text_at(above, kegiatan_at) and not others and not text_at(above, index):
            placed.setdefault((above, index), mark.mark)
            row_of[(mark.row, mark.column)] = above
    for (row, index), mark_text in placed.items():
        cells = table[row - first]
        cells += [None] * (index + 1 - len(cells))
        cells[index] = mark_text
    return LaidMarks(table, row_of)


def drawn_branches(decision: Activity, activities: Sequence[Activity], laid: LaidMarks, marks: Sequence[DrawnMark],
                   arrows: Sequence[DrawnArrow]) -> tuple[Target | None, Target | None]:
    """(Ya, Tidak) of ``decision`` as its arrows draw them, each None where they do not say: an arrow labelled
    "Ya" or "Tidak" is that branch; else the one arrow that leaves the decision for anything but the next activity is
    "Tidak" (Ya going on to the next activity, as in the table)."""
    outs = _arrows_out(decision, activities, laid, marks, arrows)
    yes = _only([target for target, branch in outs if branch == "ya"])
    no = _only([target for target, branch in outs if branch == "tidak"])
    if no is None:
        following = _following(decision, activities)
        no = _only([target for target, branch in outs if not branch and target not in (following, yes)])
    return yes, no


def drawn_goto(activity: Activity, activities: Sequence[Activity], laid: LaidMarks, marks: Sequence[DrawnMark],
               arrows: Sequence[DrawnArrow]) -> Target | None:
    """Where an activity goes when its arrows all go to one place that is not the next activity (a step skipped
    because only a decision's branch reaches it, or the end before the rows below); None when they go on to the
    next activity, say nothing, or disagree."""
    following = _following(activity, activities)
    target = _only([target for target, _branch in _arrows_out(activity, activities, laid, marks, arrows)])
    if target is None or target == following or (following is None and target.is_end):
        return None
    return target


def _arrows_out(activity: Activity, activities: Sequence[Activity], laid: LaidMarks, marks: Sequence[DrawnMark],
                arrows: Sequence[DrawnArrow]) -> list[tuple[Target, str]]:
    """Where the arrows leaving an activity's symbol go (an activity, or the end at a "Selesai" capsule of no
    activity's), each with the branch written beside it."""
    number_of = {a.sheet_row: a.number for a in activities}
    ends = {(m.row, m.column) for m in marks if START_OR_END.match(m.mark) and m.mark.lower().startswith("selesai")}
    outs: list[tuple[Target, str]] = []
    for arrow in arrows:
        if laid.row_of.get(arrow.start) != activity.sheet_row:
            continue
        if arrow.end in ends and arrow.end not in laid.row_of:
            outs.append((Target(None), arrow.branch))
        elif (row := laid.row_of.get(arrow.end)) is not None and row != activity.sheet_row and row in number_of:
            outs.append((Target(number_of[row]), arrow.branch))
    return outs


def _following(activity: Activity, activities: Sequence[Activity]) -> Target | None:
    at = next(i for i, other in enumerate(activities) if other is activity)
    return Target(activities[at + 1].number) if at + 1 < len(activities) else None


def _only(targets: list[Target]) -> Target | None:
    return targets[0] if len(set(targets)) == 1 else None


def pin_groups(grouped: GroupedFlowchart, rows: Sequence[Any], first: int, role_at: set[int], at: dict[str, int]
               ) -> tuple[Drawing, list[tuple[int, Phrase]], list[str]]:
    """The grouped pictures over a table (rows from sheet row ``first``; ``at``: the 0-based columns of No,
    Kegiatan and Waktu) as a drawing of its rows, a problem (its row, what to do) for each picture whose bands
    cannot be pinned to its activities one to one, and a note of each one pinned."""
    def text(row: int, kind: str) -> str:
        cells, index = rows[row - first], at.get(kind)
        return cell_text(cells[index]) if index is not None and index < len(cells) else ""

    slots = _slots(range(first, first + len(rows)), text)

    marked = {row for row, own in slots if not own
              and any(i < len(rows[row - first]) and cell_text(rows[row - first][i]) for i in role_at)}
    starts = [_slot_at(group.row, slots) for group in grouped.groups]
    cells: dict[int, tuple[int, int]] = {}
    marks: dict[int, str] = {}  # a capsule in a "Mulai" / "Selesai" row of its own says so
    beyond = first + len(rows)  # rows past the table: a capsule of no activity's is laid there, and marks nothing
    problems: list[tuple[int, Phrase]] = []
    notes: list[str] = []
    cursor = 0
    for number, group in enumerate(grouped.groups):
        start = max(cursor, starts[number])
        if start >= len(slots):
            problems.append((slots[-1][0] if slots else first, Phrase(N_(
                "grup bagan alir ini tidak punya kegiatan lagi untuk ditandai: kegiatan dari baris jangkarnya ke "
                "bawah sudah ditandai grup lain; hapus grup itu, atau pisahkan grupnya (Ungroup)"))))
            continue
        stop = min([s for s in starts[number + 1:] if s > start]
                   + [i for i, (row, _own) in enumerate(slots) if i > start and row in marked] + [len(slots)])
        span = slots[start:stop]
        steps = [row for row, own in span if not own]
        for choice in (span, [(row, own) for row, own in span if not own]):  # the Mulai/Selesai rows drawn or not
            bands, aside = _fit(grouped, group.bands, len(choice))
            if len(bands) == len(choice):
                break
        else:
            problems.append((span[0][0], Phrase(
                N_("bagan alir yang digambar sebagai satu grup punya %(bands)s tingkat simbol untuk %(count)s "
                   "kegiatan (%(first)s–%(last)s), jadi simbolnya tidak dapat dipasangkan dengan barisnya; pisahkan "
                   "grupnya (Ungroup) agar setiap simbol tertambat di barisnya, atau beri tanda X "
                   "di kolom peran setiap kegiatan"),
                {"bands": len(group.bands), "count": len(steps),
                 "first": _number_of(text, steps[0] if steps else span[0][0], 1),
                 "last": _number_of(text, steps[-1] if steps else span[-1][0], len(steps))})))
            continue
        for band, (row, own) in zip(bands, choice, strict=True):
            if own:
                aside.append(band)
                marks.update({index: text(row, "kegiatan") for index in band})
            else:
                cells.update({index: (row, grouped.symbols[index].column) for index in band})
        for band in aside:
            beyond += 1
            cells.update({index: (beyond, grouped.symbols[index].column) for index in band})
        cursor = stop
        notes.append(f"Bagan alir yang digambar sebagai satu grup dibaca dari atas ke bawah: {len(bands)} tingkat "
                     f"simbolnya dipasangkan dengan kegiatan "
                     f"{_number_of(text, steps[0], 1) if steps else '-'}–"
                     f"{_number_of(text, steps[-1], len(steps)) if steps else '-'} menurut urutannya"
                     + (" (kapsul Mulai/Selesai di barisnya sendiri tidak menandai kegiatan)" if aside else "") + ".")
    return (Drawing(tuple(DrawnMark(*cells[i], marks.get(i, grouped.symbols[i].mark)) for i in sorted(cells)),
                    tuple(DrawnArrow(cells[a.start], cells[a.end], a.branch) for a in grouped.arrows
                          if a.start in cells and a.end in cells)),
            problems, notes)


def _fit(grouped: GroupedFlowchart, bands: Sequence[tuple[int, ...]], count: int
         ) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """A picture's bands for ``count`` rows, and those set aside: a capsule saying "Mulai" in a band of its own at
    the top, or "Selesai" at the bottom, while there is one band too many."""
    kept, aside = list(bands), []
    while len(kept) > count and kept and _only_capsules(grouped, kept[0], ("mulai", "start")):
        aside.append(kept.pop(0))
    while len(kept) > count and kept and _only_capsules(grouped, kept[-1], ("selesai", "end")):
        aside.append(kept.pop())
    return kept, aside


def _slots(sheet_rows: range, text: Callable[[int, str], str]) -> list[tuple[int, bool]]:
    """The sheet rows a picture's bands may stand beside (``text``: a row's cell of No, Kegiatan or Waktu), as far
    as a picture needs them, each with whether it is a "Mulai" or "Selesai" row of its own: an activity has a
    Kegiatan written, and a number, a time or a question (where any row is numbered: the other rows carry a step's
    words on)."""
    numbered = any(_NUMBERED.match(text(row, "no")) for row in sheet_rows)
    found = []
    for row in sheet_rows:
        kegiatan = text(row, "kegiatan")
        if START_OR_END.match(kegiatan) and not text(row, "waktu"):
            found.append((row, True))
        elif not kegiatan or _NUMBERED.match(kegiatan):
            continue  # no step, or the row of column numbers
        elif not numbered or _NUMBERED.match(text(row, "no")) or text(row, "waktu") or kegiatan.endswith("?"):
            found.append((row, False))
    return found


_NUMBERED = re.compile(r"^[(\[]?\s*\d+\s*[.)\]]?$")


def _slot_at(row: int | None, slots: Sequence[tuple[int, bool]]) -> int:
    """The slot a picture anchored in ``row`` starts at: the one whose rows hold it (the first, for a picture
    anchored in the header or outside the table)."""
    return max([i for i, (start, _own) in enumerate(slots) if row is not None and start <= row], default=0)


def _only_capsules(grouped: GroupedFlowchart, band: tuple[int, ...], words: tuple[str, ...]) -> bool:
    """Whether a band is only capsules that say where the flow starts (or ends): no activity's symbols."""
    return all(START_OR_END.match(grouped.symbols[i].mark) and grouped.symbols[i].mark.lower().startswith(words)
               for i in band)


def _number_of(text: Callable[[int, str], str], row: int, default: int) -> str:
    """The number an activity's row shows, or its place among the picture's."""
    return text(row, "no") or str(default)
