"""A document's tables as sheets the workbook reader reads: what a Word (.docx) or PDF SOP AP becomes.

A document has no sheets, only tables and the text between them. Each table becomes a sheet named after its place
("Tabel 2", "Tabel 2 (halaman 1–2)"), so a problem names the table, row and column the office sees. Everything
before a flowchart table (the identity table, the title "STANDAR OPERASIONAL PROSEDUR …") is one more sheet,
"Identitas (…)", read as a workbook's Identitas sheet. A book of SOPs (a Bidang's or a whole office's SOPs in one
document, each an identity and a flowchart table) gives one such pair per SOP, to be imported one by one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from engine.sop_table.documents.arrows import Drawing, DrawnArrow, DrawnMark
from engine.sop_table.headers import names_no_and_kegiatan

if TYPE_CHECKING:
    from engine.sop_table.documents.word_groups import GroupedFlowchart

Rows = list[list[str | None]]
_ACTIVITY_NUMBER = re.compile(r"(\d+)\.?")


class TextSheet:
    """A table (or the text before the flowchart table) as rows of cell texts, like an openpyxl worksheet."""

    def __init__(self, title: str, rows: Rows, grouped: GroupedFlowchart | None = None,
                 drawing: Drawing | None = None) -> None:
        self.title = title
        self.rows = rows
        #: The flowchart drawn over the table as grouped pictures (Word), read in the reader's terms of activities.
        self.grouped = grouped
        #: The flowchart drawn over the table by cell (a PDF's symbols and arrows).
        self.drawing = drawing
        #: A flowchart table's identity: the tables and text between the flowchart table before it (or the
        #: document's start) and this one.
        self.identity: TextSheet | None = None

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, values_only: bool = True
                  ) -> Iterator[tuple[str | None, ...]]:
        stop = len(self.rows) if max_row is None else min(max_row, len(self.rows))
        for row in self.rows[max(min_row, 1) - 1:stop]:
            yield tuple(row)


class TextDocument:
    """The sheets of a document: ``worksheets`` as an openpyxl workbook has them; ``kind`` says which reader
    made them (its problems name the kind of file)."""

    def __init__(self, worksheets: list[TextSheet], kind: Literal["docx", "odt", "pdf"]) -> None:
        self.worksheets = worksheets
        self.kind = kind


@dataclass
class DocumentTable:
    """One table of a document: its number, its sheet's title and its rows (merged cells as Excel has them: the
    text in the first cell, None in the others)."""

    number: int
    title: str
    rows: Rows
    #: Word's grouped pictures over the table, each with the 1-based row its anchor is in (None: outside the
    #: table) and its cell's left edge (:mod:`engine.sop_table.documents.word_groups`), what placing them needs, and
    #: the flowchart they make.
    pictures: list[tuple[Any, int | None, int]] = field(default_factory=list)
    geometry: Any = None
    grouped: GroupedFlowchart | None = None
    #: A PDF's symbols and arrows by the table's cells.
    drawing: Drawing | None = None

    def carry_on(self, following: DocumentTable) -> None:
        """The rows of a table that carries this one on (a printed page's), without the header it repeats, and what
        is drawn over them (Word's pictures, a PDF's drawing), moved down by the rows before them."""
        kept = without_repeated_header(following.rows, self.rows)
        dropped, before = len(following.rows) - len(kept), len(self.rows)
        self.rows += kept
        self.pictures += [(picture, None if row is None else before + max(row - dropped, 1), left)
                          for picture, row, left in following.pictures]
        drawing = following.drawing
        if drawing is not None and (drawing.marks or drawing.arrows):
            def moved(cell: tuple[int, int]) -> tuple[int, int]:
                return cell[0] - dropped + before, cell[1]

            earlier = self.drawing or Drawing(())
            self.drawing = Drawing(
                earlier.marks + tuple(DrawnMark(*moved((m.row, m.column)), m.mark) for m in drawing.marks
                                      if m.row > dropped),
                earlier.arrows + tuple(DrawnArrow(moved(a.start), moved(a.end), a.branch) for a in drawing.arrows
                                       if a.start[0] > dropped and a.end[0] > dropped))


@dataclass
class DocumentText:
    """A document read in order: its tables, the text lines before the first table, and the lines after each one
    (by the number of the table they follow)."""

    tables: list[DocumentTable] = field(default_factory=list)
    before: Rows = field(default_factory=list)
    after: dict[int, Rows] = field(default_factory=dict)
    #: The page header's text (Word's; a PDF's is among its lines): the first page's, and the other pages'.
    first_page_header: Rows = field(default_factory=list)
    page_header: Rows = field(default_factory=list)

    def add_line(self, line: str) -> None:
        """A paragraph or text line outside the tables, as a one-cell row."""
        (self.after.setdefault(len(self.tables), []) if self.tables else self.before).append([line])


def document_sheets(document: DocumentText, kind: Literal["docx", "odt", "pdf"]) -> TextDocument:
    """Each table as a sheet and, before each flowchart table (one whose header names No and Kegiatan), its identity:
    the page header (the first page's for the first SOP: a letterhead printed on every page belongs to every SOP of a
    book), the tables since the flowchart table before it (or the document's start), then the text, then the
    flowchart table's own rows above its header (the SOP AP written as one table under a title), a blank row between
    each (the last label before it ends)."""
    tables: Sequence[DocumentTable] = document.tables
    flowcharts = [t.number for t in tables if is_flowchart(t.rows)]
    sheets = {t.number: TextSheet(t.title, t.rows, t.grouped, t.drawing) for t in tables}
    identities: dict[int, TextSheet] = {}
    for previous, flowchart in zip([0, *flowcharts], flowcharts, strict=False):
        between = [t.number for t in tables if previous < t.number < flowchart]
        lines = (document.before if previous == 0 else []) + [
            row for number in range(max(previous, 1), flowchart) for row in document.after.get(number, [])]
        table = sheets[flowchart].rows
        inside = table[:next(at for at, row in enumerate(table) if names_no_and_kegiatan(row))]
        rows: Rows = []
        header = document.first_page_header if previous == 0 else document.page_header
        for part in [header, *(sheets[number].rows for number in between), lines, inside]:
            rows += ([[None]] if rows and part else []) + part
        held = between + ([flowchart] if inside else [])
        where = ("teks" if not held else f"tabel {held[0]}" if len(held) == 1 else
                 f"tabel {held[0]}–{held[-1]}" if held[-1] - held[0] == len(held) - 1 else
                 "tabel " + ", ".join(str(number) for number in held))
        sheets[flowchart].identity = identity = TextSheet(f"Identitas ({where})", rows)
        if rows:  # listed before the first table it holds
            identities[between[0] if between else flowchart] = identity
    ordered: list[TextSheet] = []
    for number, sheet in sheets.items():
        ordered += [identities[number], sheet] if number in identities else [sheet]
    return TextDocument(ordered, kind)


def is_flowchart(rows: Rows) -> bool:
    """Whether a table is a flowchart table: a header naming No and Kegiatan in its first 40 rows."""
    return any(names_no_and_kegiatan(row) for row in rows[:40])


def join_continued_tables(document: DocumentText) -> None:
    """Each flowchart table and the tables that carry it on, as one table "Tabel 2–3": offices that write a table per
    printed page start the next one with the same columns and the header again, or the numbering going on. A table
    that does neither is another table (a signature block), and so is one whose numbering starts again (the next
    SOP's, in a book of SOPs)."""
    tables = document.tables
    for at, flowchart in enumerate(tables):
        if not is_flowchart(flowchart.rows):
            continue
        last = flowchart.number
        while at + 1 < len(tables) and _carries_on(flowchart.rows, tables[at + 1].rows):
            following = tables.pop(at + 1)
            flowchart.carry_on(following)
            document.after.setdefault(flowchart.number, []).extend(document.after.pop(following.number, []))
            last = following.number
        if last != flowchart.number:
            flowchart.title = f"Tabel {flowchart.number}–{last}"


def _carries_on(table: Rows, rows: Rows) -> bool:
    if not table or not rows or len(rows[0]) != len(table[0]) or starts_again(table, rows):
        return False
    return _texts(rows[0]) == _texts(table[0]) or bool(re.fullmatch(r"\d+\.?", (rows[0][0] or "").strip()))


def starts_again(table: Rows, rows: Rows) -> bool:
    """Whether ``rows``, after the header they repeat, number their first activity at or below the last one of
    ``table``: the next SOP of a book of SOPs, not the rest of this one."""
    numbers = [int(match[1]) for row in table if row and (match := _ACTIVITY_NUMBER.fullmatch((row[0] or "").strip()))]
    following = next((int(match[1]) for row in without_repeated_header(rows, table)
                      if row and (match := _ACTIVITY_NUMBER.fullmatch((row[0] or "").strip()))), None)
    return bool(numbers) and following is not None and following <= max(numbers)


def without_repeated_header(rows: Rows, table: Rows) -> Rows:
    """A continued table's rows without the first rows of the table it repeats (Word's "repeat header rows")."""
    repeated = 0
    while repeated < min(len(rows), len(table), 4) and _texts(rows[repeated]) == _texts(table[repeated]) \
            and any(rows[repeated]):
        repeated += 1
    return rows[repeated:]


def _texts(row: list[str | None]) -> list[str]:
    return [" ".join((cell or "").split()) for cell in row]
