"""An SOP AP document written in Word (.docx), read as sheets the workbook reader reads.

Most offices write their SOP AP in Word: the identity table on the first page, the flowchart table after it, the
performing role shown by a flowchart symbol drawn in its column (a box, a diamond, a capsule) rather than an "X".
Each table becomes a sheet named after its place ("Tabel 2") with Word's rows, so a problem names the table, row
and column the office sees. A symbol drawn in a role cell is that cell's mark: "Kotak", or "◇" for a diamond
(a decision); lines, arrows and text boxes ("Ya", "Tidak" beside a diamond) are not marks, and their text is not
the cell's. A symbol is in the cell its anchor is in, moved across the table's columns by its offset (from the
cell, or from the table's text column when Word lays it out outside the cell). A group or canvas of several
symbols (a flowchart drawn as one picture over the table) is read by :mod:`.word_groups` (VML: :mod:`.vml`), and
pinned to the rows by the reader. Everything before the flowchart table
(the identity table, the title paragraphs) is the identity (:mod:`engine.sop_table.documents.sheets`), and before it
the page header, where some offices put the letterhead (kop) or the identity table. The document
is read as the office sees it: what tracked changes not yet accepted took out (deleted text, rows and shapes) and
hidden text are left out, what they put in is read.

The XML is parsed without DTDs, entities or network access; an upload's size, packed and unpacked, is checked
before it gets here (``engine.services.sop_import.check_workbook_upload``).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from engine.sop_table.documents.arrows import ShapeBudget
from engine.sop_table.documents.ooxml import parse_part
from engine.sop_table.documents.sheets import (
    DocumentTable,
    DocumentText,
    Rows,
    TextDocument,
    document_sheets,
    join_continued_tables,
)
from engine.sop_table.documents.symbols import SymbolKind, mark_of, symbol_kind
from engine.sop_table.documents.vml import EMU_PER_POINT, points, read_vml_group, style_of, vml_kind
from engine.sop_table.documents.word_groups import Picture, TableGeometry, Widths, is_picture, place, read_picture
from engine.sop_table.headers import names_no_and_kegiatan

_NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}


def _q(name: str) -> str:
    """``"w:tbl"`` in Clark notation, as lxml names elements."""
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


_W = f"{{{_NS['w']}}}"
DOCUMENT_PART = "word/document.xml"
NUMBERING_PART = "word/numbering.xml"
RELATIONSHIPS_PART = "word/_rels/document.xml.rels"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_EMU_PER_TWIP = 635
#: Symbol-font characters offices type as marks (Wingdings): a tick, a cross, boxes, a diamond.
_SYMBOLS = {"F0FC": "✓", "F0FB": "✗", "F0FE": "☑", "F0FD": "☒", "F06F": "□", "F0A8": "□", "F075": "◇",
            "F0A4": "◇", "F0B2": "◇"}


def is_word_document(path: Path | str) -> bool:
    """Whether the file is a Word document (a ZIP holding ``word/document.xml``), by its content."""
    try:
        with zipfile.ZipFile(path) as archive:
            return DOCUMENT_PART in archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


def read_word(path: Path | str) -> TextDocument:
    """The document's tables as sheets; raises ValueError when it is not a Word document that can be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            root = parse_part(archive.read(DOCUMENT_PART), "a Word document")
            numbering = (parse_part(archive.read(NUMBERING_PART), "a Word document")
                         if NUMBERING_PART in archive.namelist() else None)
            body = root.find(f"{_W}body")
            if body is None:
                raise ValueError("the document has no body")
            headers = _page_headers(archive, body)
    except (OSError, zipfile.BadZipFile, KeyError) as error:
        raise ValueError(str(error)) from None
    text = _Text(numbering)
    document = DocumentText()
    margin, size = body.find(f"{_W}sectPr/{_W}pgMar"), body.find(f"{_W}sectPr/{_W}pgSz")
    page_margin = _int_attribute(margin, "left") * _EMU_PER_TWIP
    page_width = _int_attribute(size, "w") * _EMU_PER_TWIP
    page = Widths(None, max(0, page_width - page_margin - _int_attribute(margin, "right") * _EMU_PER_TWIP), page_width)
    waiting: list[Picture] = []  # pictures anchored in paragraphs, for the table that follows them
    budget = ShapeBudget()
    first_page, other_pages = headers
    document.page_header = _header_rows(other_pages, text, page, page_margin, budget)
    document.first_page_header = (document.page_header if first_page is other_pages
                                  else _header_rows(first_page, text, page, page_margin, budget))
    for element in _blocks(body):
        if element.tag == f"{_W}tbl":
            number = len(document.tables) + 1
            table = DocumentTable(number, f"Tabel {number}", [])
            table.rows, table.pictures, table.geometry = _table_rows(element, text, page, page_margin, budget)
            table.pictures += [(picture, None, 0) for picture in waiting]
            waiting = []
            document.tables.append(table)
            continue
        for picture in _pictures(element, page, budget):
            if picture.above and document.tables:  # drawn up over the table before its paragraph
                document.tables[-1].pictures.append((picture, None, 0))
            else:
                waiting.append(picture)
        if line := text.paragraph(element):
            document.add_line(line)
    if waiting and document.tables:
        document.tables[-1].pictures += [(picture, None, 0) for picture in waiting]
    join_continued_tables(document)
    for table in document.tables:
        if table.pictures:
            table.grouped = place(table.pictures, table.geometry)
    return document_sheets(document, "docx")


def _page_headers(archive: zipfile.ZipFile, body: Any) -> tuple[Any, Any]:
    """The headers the first section prints (parsed; None where there is none): on its first page (the "first page"
    one when the section has a different first page) and on the others."""
    section = next(body.iter(f"{_W}sectPr"), None)  # the first section's properties come first in the document
    if section is None or RELATIONSHIPS_PART not in archive.namelist():
        return None, None
    references = {reference.get(f"{_W}type") or "default": reference.get(f"{_R}id")
                  for reference in section.findall(f"{_W}headerReference")}
    relationships = parse_part(archive.read(RELATIONSHIPS_PART), "a Word document")
    targets = {r.get("Id"): r.get("Target") or "" for r in relationships.iter(_RELATIONSHIP)}

    def part(kind: str) -> Any:
        target = targets.get(references.get(kind) or "", "")
        name = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join("word", target))
        try:
            return parse_part(archive.read(name), "a Word document") if target and name in archive.namelist() else None
        except ValueError:  # a header that cannot be read is left out: the body is the SOP
            return None

    others = part("default")
    return (part("first") if section.find(f"{_W}titlePg") is not None else others), others


def _header_rows(header: Any, text: _Text, page: Widths, page_margin: int, budget: ShapeBudget) -> Rows:
    """A page header's tables and paragraphs as rows of text (not tables of the document: theirs keep their
    numbers)."""
    rows: Rows = []
    for element in _blocks(header) if header is not None else ():
        if element.tag == f"{_W}tbl":
            rows += [*_table_rows(element, text, page, page_margin, budget)[0], [None]]
        elif line := text.paragraph(element):
            rows.append([line])
    return rows


def _blocks(parent: Any) -> Iterator[Any]:
    """The body's paragraphs and tables in reading order. A table that only frames others (one cell a row, holding a
    table: a border drawn round the page as a table) gives what its cells hold instead, so the SOP's own tables
    inside it are read as tables."""
    for element in _children(parent, f"{_W}p", f"{_W}tbl"):
        if element.tag == f"{_W}tbl" and _frames_others(element):
            for tr in _children(element, f"{_W}tr"):
                for tc in _children(tr, f"{_W}tc"):
                    yield from _blocks(tc)
        else:
            yield element


def _frames_others(table: Any) -> bool:
    rows = list(_children(table, f"{_W}tr"))
    return bool(rows) and all(len(list(_children(tr, f"{_W}tc"))) == 1 for tr in rows) \
        and table.find(f".//{_W}tbl") is not None


def _pictures(element: Any, widths: Widths, budget: ShapeBudget) -> Iterator[Picture]:
    """The groups and canvases anchored in a paragraph or cell: DrawingML, or VML where Word kept no DrawingML
    (never Word's VML copy of a DrawingML one)."""
    fallback = {_q("mc:Fallback")}
    for anchor in element.iter(_q("wp:anchor"), _q("wp:inline"), _q("v:group")):
        if _inside(anchor, fallback | _REMOVED | {_q("v:group")}, element):
            continue
        if anchor.tag == _q("v:group"):
            picture = read_vml_group(anchor, widths, budget)
        else:
            picture = read_picture(anchor, widths, budget) if is_picture(anchor) else None
        if picture is not None:
            yield picture


def _int_attribute(element: Any, name: str) -> int:
    try:
        return int(element.get(f"{_W}{name}") or 0) if element is not None else 0
    except ValueError:
        return 0


def _children(parent: Any, *tags: str) -> Iterator[Any]:
    """``parent``'s children named one of ``tags``, in order, also those inside content controls (``w:sdt``) and
    custom XML: the body's paragraphs and tables, a table's rows, a row's cells."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}customXml"):
            content = child.find(f"{_W}sdtContent")
            yield from _children(content if content is not None else child, *tags)


def _table_rows(table: Any, text: _Text, page: Widths, page_margin: int, budget: ShapeBudget
                ) -> tuple[list[list[str | None]], list[tuple[Picture, int | None, int]], TableGeometry]:
    """The table's rows (cell texts and marks), the grouped pictures anchored in its cells (each with its 1-based row
    and its cell's left edge), and what placing a picture over it needs."""
    widths = _grid_widths(table)
    indent = table.find(f"{_W}tblPr/{_W}tblInd")
    indent_emu = int(indent.get(f"{_W}w") or 0) * _EMU_PER_TWIP \
        if indent is not None and indent.get(f"{_W}type", "dxa") == "dxa" and (indent.get(f"{_W}w") or "").isdigit() \
        else 0
    rows: list[list[str | None]] = []
    written: list[set[int]] = []  # the columns each row writes text in
    pictures: list[tuple[Picture, int | None, int]] = []
    for tr in _children(table, f"{_W}tr"):
        if _removed(tr):
            continue
        row: list[str | None] = [None] * len(widths)
        written.append(set())
        marks: list[tuple[list[int], str]] = []  # each symbol's columns, the likeliest first, and its mark
        column = _int(tr.find(f"{_W}trPr/{_W}gridBefore"), 0)
        for tc in _children(tr, f"{_W}tc"):
            span = max(1, _int(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1))
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            continued = merge is not None and merge.get(f"{_W}val") in (None, "continue")
            while len(row) < column + span:
                row.append(None)
            content = text.cell(tc)
            if content and not continued:
                row[column] = content
                written[-1].add(column)
            in_cell = replace(page, cell=sum(widths[column:column + span]))
            pictures += [(picture, len(rows) + 1, sum(widths[:column])) for picture in _pictures(tc, in_cell, budget)]
            for centre, in_cell, mark in _cell_marks(tc):
                # Placed in its cell ("layout in table cell", Word's default), a symbol's offset counts from the
                # cell; otherwise from the text column the table stands in (LibreOffice writes the former's offsets
                # with the latter's flag: the first of the places that is an empty cell is taken).
                places = [_column_at(centre - indent_emu, widths)] if centre is not None and not in_cell else []
                marks.append(([*places, shifted_column(column, span, centre, widths), column], mark))
            column += span
        for places, mark in marks:
            at = next((p for p in places if p is not None and 0 <= p < len(row) and not row[p]), None)
            if at is not None:
                row[at] = mark
        rows.append(row)
    # The columns an activity's row writes in (a row numbered in its first cell; under a one- or two-row header):
    # the others are left blank for the symbols.
    numbered = [number for number, row in enumerate(rows) if re.fullmatch(r"\d+\.?", (row[0] or "").strip())]
    header = next((number for number, row in enumerate(rows) if names_no_and_kegiatan(row)), -1)
    used = set().union(*(written[n] for n in numbered)) if numbered else set().union(*written[header + 1:])
    blank = frozenset(range(len(widths))) - used
    return rows, pictures, TableGeometry(widths, indent_emu, page_margin, blank)


def _grid_widths(table: Any) -> list[int]:
    """The table's column widths in EMU: its grid's, or, where a word processor wrote the grid without widths, those
    of the cells of its first row that states them all (each spread over the columns it spans)."""
    widths = [_int_attribute(col, "w") * _EMU_PER_TWIP for col in table.findall(f"{_W}tblGrid/{_W}gridCol")]
    if any(widths):
        return widths
    for tr in _children(table, f"{_W}tr"):
        from_cells: list[int] = []
        for tc in _children(tr, f"{_W}tc"):
            width = tc.find(f"{_W}tcPr/{_W}tcW")
            span = max(1, _int(tc.find(f"{_W}tcPr/{_W}gridSpan"), 1))
            if width is None or width.get(f"{_W}type", "dxa") != "dxa" or _int_attribute(width, "w") <= 0:
                break
            from_cells += [_int_attribute(width, "w") * _EMU_PER_TWIP // span] * span
        else:
            if from_cells and len(from_cells) >= len(widths):
                return from_cells
    return widths


def _int(element: Any, default: int) -> int:
    try:
        return int(_val(element) or default)
    except ValueError:
        return default


def _column_at(x: int, widths: Sequence[int]) -> int | None:
    """The grid column at ``x`` EMU from the table's left edge, or None outside the table."""
    for column, width in enumerate(widths):
        if 0 <= x < width:
            return column
        x -= width
    return None


def shifted_column(column: int, span: int, centre: int | None, widths: Sequence[int]) -> int:
    """The grid column a symbol's centre lies in: its cell's, or one to the right or left when its offset from the
    cell's left edge (EMU) reaches past the cell."""
    if centre is None or column >= len(widths):
        return column
    at = column
    if centre < 0:
        while centre < 0 and at > 0:
            at -= 1
            centre += widths[at]
        return at
    while at < len(widths) - 1 and centre >= widths[at]:
        centre -= widths[at]
        at += 1
    return column if at < column + span else at


class _Text:
    """Paragraph and cell texts in reading order, with the numbers Word's automatic numbering shows ("1.", "2." in a
    No column or a Dasar Hukum list): they are not in the text, but in the paragraphs' numbering (numbering.xml)."""

    def __init__(self, numbering: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, level) → (format, text, start)
        self.counters: dict[tuple[str, int], int] = {}
        if numbering is not None:
            abstract = {a.get(f"{_W}abstractNumId"): a for a in numbering.findall(f"{_W}abstractNum")}
            for num in numbering.findall(f"{_W}num"):
                definition = abstract.get(_val(num.find(f"{_W}abstractNumId")))
                for level in definition.findall(f"{_W}lvl") if definition is not None else ():
                    key = (num.get(f"{_W}numId") or "", int(level.get(f"{_W}ilvl") or 0))
                    self.formats[key] = (_val(level.find(f"{_W}numFmt")) or "", _val(level.find(f"{_W}lvlText")) or "",
                                         int(_val(level.find(f"{_W}start")) or 1))

    def cell(self, cell: Any) -> str:
        lines = []
        for paragraph in cell.iter(f"{_W}p"):
            if not _inside(paragraph, _DRAWINGS, cell) and (line := self.paragraph(paragraph)):
                lines.append(line)
        return "\n".join(lines)

    def paragraph(self, paragraph: Any) -> str:
        """The paragraph's own text: its number, runs, tabs and breaks, symbol-font marks; not the text of drawings
        in it."""
        parts: list[str] = [self._number(paragraph)]
        for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}sym"):
            if _inside(node, _DRAWINGS | _REMOVED, paragraph) or _hidden(node.getparent()):
                continue
            if node.tag == f"{_W}t":
                parts.append(node.text or "")
            elif node.tag == f"{_W}tab":
                parts.append(" ")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            else:
                parts.append(_SYMBOLS.get((node.get(f"{_W}char") or "").upper(), "•"))
        return "\n".join(line.strip() for line in "".join(parts).split("\n")).strip()

    def _number(self, paragraph: Any) -> str:
        """"3. " for a paragraph Word numbers 3 in decimal; "" for a bullet, another format or no numbering."""
        numbered = paragraph.find(f"{_W}pPr/{_W}numPr")
        if numbered is None:
            return ""
        key = (_val(numbered.find(f"{_W}numId")) or "", int(_val(numbered.find(f"{_W}ilvl")) or 0))
        kind, shown, start = self.formats.get(key, ("", "", 1))
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for deeper in [k for k in self.counters if k[0] == key[0] and k[1] > key[1]]:
            del self.counters[deeper]  # a new item restarts the levels below it
        if kind not in ("decimal", "decimalZero"):
            return ""
        return re.sub(r"%(\d)", lambda level: str(self.counters.get((key[0], int(level[1]) - 1), 1)),
                      shown or f"%{key[1] + 1}.") + " "


def _val(element: Any) -> str | None:
    return element.get(f"{_W}val") if element is not None else None


_DRAWINGS = {_q("w:drawing"), _q("w:pict"), _q("w:object"), _q("mc:AlternateContent")}
#: What tracked changes took out (a deletion, the old place of a move): not in the document the office sees.
_REMOVED = {_q("w:del"), _q("w:moveFrom")}


def _hidden(run: Any) -> bool:
    """Whether a run is hidden text (``w:vanish``): not shown, nor printed."""
    vanish = run.find(f"{_W}rPr/{_W}vanish") if run is not None else None
    return vanish is not None and _val(vanish) not in ("0", "false", "off")


def _removed(row: Any) -> bool:
    """Whether a table row is deleted by a tracked change not yet accepted."""
    return row.find(f"{_W}trPr/{_W}del") is not None


def _cell_marks(cell: Any) -> Iterator[tuple[int | None, bool, str]]:
    """(the symbol's centre from its horizontal origin in EMU, or None; whether it is laid out in the cell (the
    origin is the cell's left edge); "Kotak" or "◇") of each symbol drawn in the cell: DrawingML shapes, or VML
    where Word kept no DrawingML (never both copies of one shape)."""
    fallback, group = {_q("mc:Fallback")}, {_q("v:group")}
    for anchor in cell.iter(_q("wp:anchor"), _q("wp:inline")):
        if _inside(anchor, fallback | _REMOVED, cell) or is_picture(anchor):
            continue
        kinds = [kind for kind in map(_drawing_kind, anchor.iter(_q("wps:wsp"))) if kind]
        mark = mark_of(kinds[0]) if len(kinds) == 1 else None
        if mark:
            yield _drawing_centre(anchor), anchor.get("layoutInCell") not in ("0", "false"), mark
    for shape in cell.iter(_q("v:shape"), _q("v:rect"), _q("v:roundrect"), _q("v:oval")):
        if _inside(shape, fallback | group | _REMOVED, cell):
            continue
        kind = vml_kind(shape)
        if kind:
            in_cell = shape.get(_q("o:allowincell")) not in ("f", "false")
            yield _vml_centre(shape), in_cell, mark_of(kind)


def _inside(node: Any, tags: set[str], stop: Any) -> bool:
    """Whether ``node`` lies inside an element named one of ``tags``, below ``stop``."""
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _drawing_kind(shape: Any) -> SymbolKind | None:
    return symbol_kind(shape.find("wps:cNvSpPr", _NS), shape.find("wps:spPr", _NS))


def _drawing_centre(anchor: Any) -> int | None:
    position = anchor.find("wp:positionH", _NS)
    extent = anchor.find("wp:extent", _NS)
    offset = position.find("wp:posOffset", _NS) if position is not None else None
    if position is None or position.get("relativeFrom") not in ("column", "character") or offset is None:
        return None
    try:
        return int(offset.text or 0) + (int(extent.get("cx") or 0) // 2 if extent is not None else 0)
    except ValueError:
        return None


def _vml_centre(shape: Any) -> int | None:
    style = style_of(shape)
    if style.get("position") != "absolute" or "margin-left" not in style:
        return None
    left, width = points(style.get("margin-left")), points(style.get("width", "0pt"))
    return None if left is None else int((left + (width or 0) / 2) * EMU_PER_POINT)
