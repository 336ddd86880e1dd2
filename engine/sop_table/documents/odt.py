"""An SOP AP written in LibreOffice Writer and saved in its own format (.odt), read as a Word document is
(:mod:`.word`): each table a sheet named after its place ("Tabel 2"), the text before a flowchart table its identity
(:mod:`.sheets`), the page header with it.

Writer keeps what the page shows: a list's numbers are worked out from its list style (a No column numbered by
Writer), the text a tracked change deleted is kept apart from the text (so the file reads as its final view), and a
table that only frames others (a page border drawn as a one-cell table) is looked through. A flowchart symbol drawn in
a role cell is that cell's mark ("Kotak", or "◇" for a diamond), moved across the table's columns by its offset from
the cell when it reaches past it. A flowchart drawn as one group (``draw:g``) over the table, anchored in a cell or in
a paragraph beside the table, is read as Word's is (:mod:`.word_groups`): its symbols, lines and "Ya"/"Tidak" labels
keep their places within the picture, the columns come from the table's widths, and the reader gives its bands of
symbols to the activities from the row it is anchored in.

The XML is parsed without DTDs, entities or network access; an upload's size, packed and unpacked, is checked
before it gets here (``engine.services.sop_import.check_workbook_upload``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.sop_table.documents.arrows import ShapeBudget, branch_named
from engine.sop_table.documents.odf import (
    DRAW,
    LINES,
    OFFICE,
    STYLE,
    SVG,
    SYMBOLS,
    TABLE,
    TEXT,
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
from engine.sop_table.documents.sheets import (
    DocumentTable,
    DocumentText,
    Rows,
    TextDocument,
    document_sheets,
    join_continued_tables,
)
from engine.sop_table.documents.symbols import mark_of
from engine.sop_table.documents.word import shifted_column
from engine.sop_table.documents.word_groups import Picture, TableGeometry, add_symbol_or_label, place

MIMETYPE = "application/vnd.oasis.opendocument.text"
#: What a symbol drawn on its own in a cell writes there: not the row's own text.
_MARKS = {mark_of("box"), mark_of("decision")}
#: Far more columns and rows than any SOP table has.
MAX_COLUMNS, MAX_ROWS = 200, 5_000
#: How deep tables within tables are read (a page border round the SOP is one level).
_NESTING = 4
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_GROUP = f"{{{DRAW}}}g"


def is_odt(path: Path | str) -> bool:
    """Whether the file is an OpenDocument text document, told by its content (its ``mimetype`` entry)."""
    return is_package(path, MIMETYPE)


def read_odt(path: Path | str) -> TextDocument:
    """The document's tables as sheets; ValueError when it is not one that can be read."""
    content, styles = read_parts(path, "an OpenDocument text document")
    body = content.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    if body is None:
        raise ValueError("the document has no text")
    reader = _Reader(Styles(content, styles), content, styles)
    document = DocumentText()
    first, others = _page_headers(styles)
    document.page_header = reader.header_rows(others)
    document.first_page_header = document.page_header if first is others else reader.header_rows(first)
    reader.pictures = []  # a header's groups are no flowchart of the body's tables
    waiting: list[Picture] = []  # groups anchored in paragraphs, for the table that follows them
    for element in reader.blocks(body):
        if element.tag == f"{{{TABLE}}}table":
            number = len(document.tables) + 1
            widths = reader.widths(element)
            table = DocumentTable(number, f"Tabel {number}", reader.table_rows(element, widths))
            table.pictures = [(picture, None, 0) for picture in waiting] + reader.pictures
            table.geometry = reader.geometry(table.rows, widths)
            waiting, reader.pictures = [], []
            document.tables.append(table)
            continue
        for picture in reader.groups(element, "column"):
            if picture.above and document.tables:  # drawn up over the table before its paragraph
                document.tables[-1].pictures.append((picture, None, 0))
            else:
                waiting.append(picture)
        if line := reader.paragraph(element):
            document.add_line(line)
    if waiting and document.tables:
        document.tables[-1].pictures += [(picture, None, 0) for picture in waiting]
    join_continued_tables(document)
    for table in document.tables:
        if table.pictures and table.geometry is not None:
            table.grouped = place(table.pictures, table.geometry)
    return document_sheets(document, "odt")


def _page_headers(styles: Any) -> tuple[Any, Any]:
    """The first master page's headers: on the first page (its own when it has one) and on the others."""
    page = styles.find(f"{{{OFFICE}}}master-styles/{{{STYLE}}}master-page") if styles is not None else None
    if page is None:
        return None, None
    others = page.find(f"{{{STYLE}}}header")
    first = page.find(f"{{{STYLE}}}header-first")
    return (first if first is not None else others), others


class _Reader:
    """Paragraphs with their list numbers, and tables with their symbols as marks, in reading order."""

    def __init__(self, look: Styles, *parts: Any) -> None:
        self.look = look
        self.budget = ShapeBudget()
        #: The groups anchored in the cells of the table being read: (picture, 1-based row, its cell's left edge).
        self.pictures: list[tuple[Picture, int | None, int]] = []
        self.counters: dict[tuple[str, int], int] = {}
        #: The number Writer shows before a list item's first paragraph.
        self.numbers: dict[Any, str] = {}
        self.formats: dict[tuple[str, int], tuple[str, str, str, int]] = {}
        for part in parts:
            for list_style in part.iter(f"{{{TEXT}}}list-style") if part is not None else ():
                name = list_style.get(f"{{{STYLE}}}name") or ""
                for level in list_style.iter(f"{{{TEXT}}}list-level-style-number"):
                    self.formats[(name, _int(level.get(f"{{{TEXT}}}level"), 1))] = (
                        level.get(f"{{{STYLE}}}num-format") or "", level.get(f"{{{STYLE}}}num-prefix") or "",
                        level.get(f"{{{STYLE}}}num-suffix") or "", _int(level.get(f"{{{TEXT}}}start-value"), 1))
        self.page_width, self.page_margin = self._text_width(parts[1] if len(parts) > 1 else None)

    def _text_width(self, styles: Any) -> tuple[int | None, int]:
        """The width between the first page layout's margins (a table aligned to the margins is this wide), and the
        left margin."""
        layout = styles.find(f"{{{OFFICE}}}automatic-styles/{{{STYLE}}}page-layout/{{{STYLE}}}page-layout-properties") \
            if styles is not None else None
        if layout is None:
            return None, 0
        width = length(layout.get(f"{{{_FO}}}page-width"))
        margins = [length(layout.get(f"{{{_FO}}}margin-{side}")) or 0 for side in ("left", "right")]
        return (width - sum(margins) if width else None), margins[0]

    def groups(self, anchor: Any, outside: str) -> list[Picture]:
        """The groups anchored in a paragraph or cell (not in a table within it) as pictures: each child's box as
        Writer keeps it, from where the group is anchored (``outside``: "cell" in a table cell, "column" in a
        paragraph of the text), or from the page's edge when it is placed on the page."""
        pictures = []
        for group in anchor.iter(_GROUP):
            if _inside(group, {_GROUP, f"{{{TABLE}}}table"}, anchor):
                continue
            style = group.get(f"{{{DRAW}}}style-name")
            relative = self.look.get(style, "horizontal-rel") or "paragraph"
            if (self.look.get(style, "horizontal-pos") or "from-left") != "from-left":
                continue  # aligned some other way: its left edge is not known
            picture = Picture(left=0, origins=("page",) if relative.startswith("page") else (outside,))
            for shape in self.budget.take(shape for shape in group.iter() if shape.tag in SYMBOLS | LINES):
                self._classify(shape, picture)
            tops = [box[1] for box, _kind, _text in picture.symbols]
            picture.above = bool(tops) and min(tops) < 0
            pictures.append(picture)
        return pictures

    def _classify(self, shape: Any, picture: Picture) -> None:
        text = " ".join(" ".join(paragraph_text(p) for p in paragraphs(shape, framed=True)).split())
        if shape.tag in LINES:
            drawn = drawn_line(shape, self.look)
            if drawn is not None and not drawn[0]:
                picture.segments.append(drawn[1])
            elif drawn is not None:
                picture.lines.append(drawn[1])
                if branch := branch_named(text):  # "Tidak" written on the arrow itself
                    picture.labels.append((drawn[1][0], branch))
            return
        x, y = length(shape.get(f"{{{SVG}}}x")), length(shape.get(f"{{{SVG}}}y"))
        width, height = length(shape.get(f"{{{SVG}}}width")), length(shape.get(f"{{{SVG}}}height"))
        if x is None or y is None or width is None or height is None:
            return
        add_symbol_or_label(picture, (x, y, x + width, y + height), shape_kind(shape, self.look), text)

    def geometry(self, rows: Rows, widths: list[int]) -> TableGeometry:
        """What placing a group over a table needs: its column widths, the page's margin, and the columns no
        numbered row writes in (left blank for the symbols)."""
        numbered = [row for row in rows if row and re.fullmatch(r"\d+\.?", (row[0] or "").strip())]
        used = {column for row in numbered for column, value in enumerate(row) if value and value not in _MARKS}
        return TableGeometry(widths, 0, self.page_margin, frozenset(range(len(widths))) - used)

    def blocks(self, parent: Any, depth: int = 0) -> Iterator[Any]:
        """Paragraphs, list items' paragraphs (numbered) and tables in reading order; a section's too; a table that
        only frames others is looked through."""
        for child in parent:
            name = local(child.tag)
            if child.tag == f"{{{TABLE}}}table":
                if depth < _NESTING and _frames_others(child):
                    for row in _rows(child):
                        for cell in row.iterfind(f"{{{TABLE}}}table-cell"):
                            yield from self.blocks(cell, depth + 1)
                else:
                    yield child
            elif name in ("p", "h") and child.tag.startswith(f"{{{TEXT}}}"):
                yield child
            elif child.tag == f"{{{TEXT}}}list":
                yield from self._list(child, 1)
            elif name in ("section", "div") and child.tag.startswith(f"{{{TEXT}}}"):
                yield from self.blocks(child, depth)

    def _list(self, element: Any, level: int, style: str | None = None) -> Iterator[Any]:
        """A list's paragraphs, each item's first one with the number Writer shows before it (``numbers``)."""
        style = element.get(f"{{{TEXT}}}style-name") or style or ""
        key = (style, level)
        continues = element.get(f"{{{TEXT}}}continue-numbering") == "true" or element.get(f"{{{TEXT}}}continue-list")
        if not continues:
            self.counters.pop(key, None)
        for item in element:
            if local(item.tag) not in ("list-item", "list-header"):
                continue
            start = item.get(f"{{{TEXT}}}start-value")
            first = True
            for child in item:
                if child.tag == f"{{{TEXT}}}list":
                    yield from self._list(child, level + 1, style)
                elif local(child.tag) in ("p", "h"):
                    if first and local(item.tag) == "list-item":
                        self.numbers[child] = self._next(key, start)
                    first = False
                    yield child

    def _next(self, key: tuple[str, int], start: str | None) -> str:
        number_format, prefix, suffix, start_value = self.formats.get(key, ("", "", "", 1))
        value = _int(start, 0) or (self.counters[key] + 1 if key in self.counters else start_value)
        self.counters[key] = value
        for deeper in [k for k in self.counters if k[0] == key[0] and k[1] > key[1]]:
            del self.counters[deeper]
        shown = _formatted(value, number_format)
        return f"{prefix}{shown}{suffix}" if shown else ""

    def paragraph(self, element: Any) -> str:
        text = paragraph_text(element)
        number = self.numbers.get(element)
        return f"{number} {text}".strip() if number else text.strip()

    def cell_text(self, cell: Any) -> str:
        lines = [self.paragraph(p) for p in self.blocks(cell) if p.tag != f"{{{TABLE}}}table"]
        lines += [" ".join(filter(None, row)) for table in cell.iterfind(f"{{{TABLE}}}table")
                  for row in self.table_rows(table)]
        return "\n".join(line for line in lines if line).strip()

    def header_rows(self, header: Any) -> Rows:
        """A page header's tables and paragraphs as rows of text (not tables of the document)."""
        rows: Rows = []
        for element in self.blocks(header) if header is not None else ():
            if element.tag == f"{{{TABLE}}}table":
                rows += [*self.table_rows(element), [None]]
            elif line := self.paragraph(element):
                rows.append([line])
        return rows

    def table_rows(self, table: Any, widths: list[int] | None = None) -> Rows:
        """The table's rows: cell texts (a merged cell's in its first cell, None in the others) and, in a cell left
        blank, the symbol drawn in its row there (``widths``: the table's, when already known)."""
        widths = self.widths(table) if widths is None else widths
        rows: Rows = []
        for tr in _rows(table):
            row: list[str | None] = []
            marks: list[tuple[list[int], str]] = []
            for cell in tr:
                if local(cell.tag) not in ("table-cell", "covered-table-cell"):
                    continue
                column = len(row)
                span = max(_int(cell.get(f"{{{TABLE}}}number-columns-spanned"), 1), 1)
                text = self.cell_text(cell) if local(cell.tag) == "table-cell" else ""
                row += [text or None] * repeat(cell, "columns", MAX_COLUMNS - len(row))
                if local(cell.tag) == "table-cell":
                    left = sum(widths[:column]) if widths else 0
                    self.pictures += [(picture, len(rows) + 1, left) for picture in self.groups(cell, "cell")]
                for centre, mark in self._marks(cell):
                    marks.append(([shifted_column(column, span, centre, widths) if widths else column, column], mark))
            for places, mark in marks:
                at = next((p for p in places if 0 <= p < len(row) and not row[p]), None)
                if at is not None:
                    row[at] = mark
            rows += [list(row) for _ in range(repeat(tr, "rows", MAX_ROWS - len(rows)))]
        return rows

    def _marks(self, cell: Any) -> Iterator[tuple[int | None, str]]:
        """(its centre's offset from the cell's left edge in EMU, or None; "Kotak" or "◇") of each symbol drawn in
        the cell on its own (not in a group, nor in a table within the cell)."""
        for shape in cell.iter(*SYMBOLS):
            if _inside(shape, {_GROUP, f"{{{TABLE}}}table"}, cell):
                continue
            kind = shape_kind(shape, self.look)
            if kind is not None:
                yield self._centre(shape), mark_of(kind)

    def _centre(self, shape: Any) -> int | None:
        """A symbol's centre from the left of its paragraph (its cell), when it is placed by an offset from there."""
        style = shape.get(f"{{{DRAW}}}style-name")
        if (self.look.get(style, "horizontal-pos") or "from-left") != "from-left" or \
                (self.look.get(style, "horizontal-rel") or "paragraph") not in ("paragraph", "paragraph-content"):
            return None
        x, width = length(shape.get(f"{{{SVG}}}x")), length(shape.get(f"{{{SVG}}}width"))
        return None if x is None else x + (width or 0) // 2

    def widths(self, table: Any) -> list[int]:
        """The table's column widths in EMU: stated, or relative ones shared out over the table's width (or the
        width between the page's margins); [] when neither is known."""
        absolute: list[int | None] = []
        relative: list[int] = []
        for column in table.iterfind(f".//{{{TABLE}}}table-column"):
            if _inside(column, {f"{{{TABLE}}}table-cell"}, table):
                continue
            style = column.get(f"{{{TABLE}}}style-name")
            times = repeat(column, "columns", MAX_COLUMNS - len(absolute))
            absolute += [length(self.look.get(style, "column-width"))] * times
            relative += [_int((self.look.get(style, "rel-column-width") or "").rstrip("*"), 0)] * times
        if absolute and all(absolute):
            return [width or 0 for width in absolute]
        whole = length(self.look.get(table.get(f"{{{TABLE}}}style-name"), "width")) or self.page_width
        if whole and relative and all(relative):
            return [whole * share // sum(relative) for share in relative]
        return []


def _rows(table: Any) -> Iterator[Any]:
    """A table's rows, those of its header rows and row groups too, not those of tables within its cells."""
    for child in table:
        if child.tag == f"{{{TABLE}}}table-row":
            yield child
        elif local(child.tag) in ("table-header-rows", "table-rows", "table-row-group"):
            yield from _rows(child)


def _frames_others(table: Any) -> bool:
    """A table that only frames others: every row one cell, and a table inside."""
    rows = list(_rows(table))
    return bool(rows) and all(len([c for c in row if local(c.tag) == "table-cell"]) == 1 for row in rows) and \
        any(cell.find(f"{{{TABLE}}}table") is not None for row in rows for cell in row)


def _inside(node: Any, tags: set[str], stop: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _formatted(value: int, number_format: str) -> str:
    """A list number as its style shows it: 1, a, A, i, I (a bullet or no number shows none)."""
    if number_format == "1":
        return str(value)
    if number_format in ("a", "A"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if number_format == "A" else letters
    if number_format in ("i", "I"):
        numerals = ""
        for amount, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            count, value = divmod(value, amount)
            numerals += numeral * count
        return numerals.upper() if number_format == "I" else numerals
    return ""


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or default)
    except ValueError:
        return default
