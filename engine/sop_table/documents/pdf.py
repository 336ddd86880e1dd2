"""An SOP AP saved as PDF (from Word or LibreOffice), read as sheets the workbook reader reads.

Offices sign and publish their SOP AP as PDF, and often the PDF is all that is left of it. Each page's ruled tables
and drawn symbols are read by :mod:`engine.sop_table.documents.pdf_page`; here the pages become one document. Each
table is a sheet "Tabel N (halaman P)" with its rows and merged cells, as a Word table is (:mod:`.word`), and a
table that goes on over pages is one sheet: the first table on a page with the columns of the table that ended the
page before continues it, and the header rows it repeats are left out. A scanned PDF (pictures of pages, no text)
cannot be read, and is told so.

pdfminer (through pdfplumber) parses the file in a Python process of its own with a time and a memory limit
(:func:`read_pdf`); its size is checked before it gets here (``engine.services.sop_import.check_workbook_upload``)
and its pages here, since an SOP is a few pages.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import subprocess
import sys
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pdfplumber
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from engine.phrases import N_, Phrase
from engine.sop_table.documents.arrows import Drawing, DrawnArrow, DrawnMark
from engine.sop_table.documents.pdf_page import MEET, Page, PageTable, read_page
from engine.sop_table.documents.sheets import (
    DocumentTable,
    DocumentText,
    TextDocument,
    TextSheet,
    document_sheets,
    starts_again,
)

log = logging.getLogger(__name__)

#: A book of an office's SOPs, two or three pages each.
MAX_PAGES = 100
#: The limits of one PDF's parse (:func:`read_pdf`): an SOP of a few pages takes about a second and 100 MB, a book of
#: 60 pages 4 seconds and 130 MB. Below gunicorn's default worker timeout (30 s), so the office is told why.
PARSE_SECONDS = 25
PARSE_MEMORY_BYTES = 1024 * 1024 * 1024
_PDF_MAGIC = b"%PDF-"
#: The children's answers of the last few files read (:func:`read_pdf`), by path, size, time and the limits.
_ANSWERS: OrderedDict[tuple[object, ...], dict[str, Any]] = OrderedDict()
_ANSWERS_LOCK = threading.Lock()
_KEPT_ANSWERS = 4


class UnreadablePdf(ValueError):
    """Why a PDF cannot be read, said to the person who uploaded it."""

    def __init__(self, phrase: Phrase) -> None:
        super().__init__(str(phrase))
        self.phrase = phrase


def is_pdf(path: Path | str) -> bool:
    """Whether the file is a PDF, by its content (:func:`starts_as_pdf`)."""
    try:
        with open(path, "rb") as file:
            return starts_as_pdf(file.read(1024))
    except OSError:
        return False


def starts_as_pdf(head: bytes) -> bool:
    """Whether a file's first bytes are a PDF's: the header may follow up to 1 KB of other bytes, but not a ZIP's
    signature (a workbook's first entry may hold any text)."""
    return not head.startswith(b"PK") and _PDF_MAGIC in head[:1024]


def read_pdf(path: Path | str) -> TextDocument:
    """The PDF's tables as sheets; raises :class:`UnreadablePdf` when it cannot be read.

    The PDF is parsed by a Python process of its own (``python -m engine.sop_table.documents.pdf``), limited to
    ``PARSE_SECONDS`` and ``PARSE_MEMORY_BYTES``: pdfminer has no limits, and a small file can unpack to gigabytes (a
    compressed stream of nothing) or never end. The web worker or command that asked only waits for its answer. The
    answer is kept for the same file (its path, size and time), so a preview that reads it twice, or choosing the
    SOPs of a book one after another, parses it once.
    """
    try:
        stat = os.stat(path)
        kept: tuple[object, ...] | None = (os.path.realpath(path), stat.st_size, stat.st_mtime_ns, MAX_PAGES,
                                            PARSE_SECONDS, PARSE_MEMORY_BYTES)
    except OSError:
        kept = None  # the child says what is wrong with it
    with _ANSWERS_LOCK:
        answer = _ANSWERS.get(kept) if kept else None
    if answer is None:
        answer = _parse_in_child(path)
        with _ANSWERS_LOCK:
            if kept:
                _ANSWERS[kept] = answer
            while len(_ANSWERS) > _KEPT_ANSWERS:
                _ANSWERS.popitem(last=False)
    if "sheets" in answer:
        sheets = []
        for title, rows, drawing, identity in answer["sheets"]:
            sheets.append(TextSheet(title, rows, drawing=_drawing_of(drawing)))
            sheets[-1].identity = None if identity is None else TextSheet(*identity)
        return TextDocument(sheets, "pdf")
    if "error" in answer:
        message, params = answer["error"]
        raise UnreadablePdf(Phrase(message, params))
    raise _too_heavy()


def _parse_in_child(path: Path | str) -> dict[str, Any]:
    """The child's answer (sheets, or a phrase saying why not); :class:`UnreadablePdf` when it gave none in time."""
    command = [sys.executable, "-m", "engine.sop_table.documents.pdf", str(path), str(MAX_PAGES),
               str(PARSE_MEMORY_BYTES)]
    try:  # no shell: the file's path is one argument, whatever it holds
        done = subprocess.run(command, capture_output=True, timeout=PARSE_SECONDS, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        raise _too_heavy() from None
    try:
        answer: dict[str, Any] = json.loads(done.stdout)
    except ValueError:  # no answer: the child was stopped by the memory limit (or the system)
        log.warning("the PDF reader ended with %s: %s", done.returncode, done.stderr.decode(errors="replace")[-2000:])
        raise _too_heavy() from None
    if "too heavy" in answer:
        raise _too_heavy()
    return answer


def _main(arguments: Sequence[str]) -> int:
    """:func:`read_pdf`'s child: FILE MAX_PAGES MEMORY_BYTES → one JSON answer on stdout: the sheets, the phrase
    that says why not, or that the memory ran out."""
    path, max_pages, memory_bytes = arguments[0], int(arguments[1]), int(arguments[2])
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    answer: dict[str, Any]
    try:
        answer = {"sheets": [[sheet.title, sheet.rows, _drawing_json(sheet.drawing),
                              None if sheet.identity is None else [sheet.identity.title, sheet.identity.rows]]
                             for sheet in _parse(path, max_pages).worksheets]}
    except UnreadablePdf as error:
        answer = {"error": [error.phrase.key, dict(error.phrase.params)]}
    except MemoryError:
        answer = {"too heavy": True}
    except Exception as error:  # noqa: BLE001 - an office's file met a parser's bug: say so, as for a broken file
        answer = {"error": [(phrase := _not_a_pdf(_reason(error)).phrase).key, dict(phrase.params)]}
    sys.stdout.write(json.dumps(answer))
    return 0


def _parse(path: str, max_pages: int) -> TextDocument:
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > max_pages:
                raise UnreadablePdf(Phrase(N_(
                    "PDF ini %(pages)s halaman; SOP yang diimpor paling banyak %(max_pages)s halaman. Simpan halaman "
                    "identitas dan prosedurnya saja sebagai PDF"), {"pages": len(pdf.pages), "max_pages": max_pages}))
            if not pdf.pages:
                raise _not_a_pdf("0 halaman")
            pages = [read_page(page) for page in pdf.pages]
    except (PdfminerException, MalformedPDFException, OSError) as error:
        if isinstance(error.args[0] if error.args else None, MemoryError):
            raise MemoryError from None
        raise _not_a_pdf(_reason(error)) from None
    if not any(page.has_text for page in pages):
        raise UnreadablePdf(Phrase(N_(
            "PDF ini berisi gambar halaman (hasil pindaian), bukan teks, sehingga tabelnya tidak dapat dibaca; "
            "unggah dokumen Word aslinya (.docx), atau ketik tabelnya di templat (alur sop template)")))
    return document_sheets(_in_order(pages), "pdf")


def _drawing_json(drawing: Drawing | None) -> dict[str, Any] | None:
    """A sheet's drawing as the child sends it: its marks [row, column, mark], its arrows [[row, column], [row,
    column], branch]."""
    if drawing is None or not (drawing.marks or drawing.arrows):
        return None
    return {"marks": [[m.row, m.column, m.mark] for m in drawing.marks],
            "arrows": [[list(a.start), list(a.end), a.branch] for a in drawing.arrows]}


def _drawing_of(answer: Any) -> Drawing | None:
    """A drawing from the child's answer (checked as it is read: the answer is the child's output, not trusted)."""
    if not isinstance(answer, dict):
        return None
    try:
        return Drawing(tuple(DrawnMark(int(row), int(column), str(mark)) for row, column, mark in answer["marks"]),
                       tuple(DrawnArrow((int(a[0]), int(a[1])), (int(b[0]), int(b[1])), str(branch))
                             for a, b, branch in answer["arrows"]))
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def _too_heavy() -> UnreadablePdf:
    return UnreadablePdf(Phrase(N_(
        "PDF ini terlalu berat untuk dibaca (lebih dari %(seconds)s detik atau %(megabytes)s MB setelah dibuka); "
        "simpan halaman identitas dan prosedurnya saja sebagai PDF, atau unggah dokumen Word aslinya (.docx)"),
        {"seconds": PARSE_SECONDS, "megabytes": PARSE_MEMORY_BYTES // (1024 * 1024)}))


def _not_a_pdf(reason: str) -> UnreadablePdf:
    return UnreadablePdf(Phrase(N_("bukan PDF yang dapat dibaca (%(error)s); PDF yang dikunci dengan kata sandi "
                                   "disimpan ulang dulu tanpa kata sandi"), {"error": reason}))


def _reason(error: Exception) -> str:
    cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    return f"{type(cause).__name__}: {cause}"[:200]


# --- the document --------------------------------------------------------------------------------------------------

def _in_order(pages: list[Page]) -> DocumentText:
    """The pages' tables and lines as one document; a table continued on the next page joins the one before."""
    document = DocumentText()
    pages_of: dict[int, list[int]] = {}
    last: PageTable | None = None  # the last table of the page before
    for page in pages:
        first = True
        for _top, item in page.items:
            if isinstance(item, str):
                document.add_line(item)
                continue
            if first and last is not None and _same_columns(last.columns, item.columns) \
                    and not starts_again(document.tables[-1].rows, list(item.rows)):
                table = document.tables[-1]
                table.carry_on(DocumentTable(0, "", list(item.rows), drawing=item.drawing))
                pages_of[table.number].append(page.number)
            else:
                number = len(document.tables) + 1
                document.tables.append(DocumentTable(number, "", list(item.rows), drawing=item.drawing))
                pages_of[number] = [page.number]
            first, last = False, item
        if first:  # no table on this page: the next page's first table starts a new one
            last = None
    for table in document.tables:
        shown = pages_of[table.number]
        where = f"{shown[0]}" if shown[0] == shown[-1] else f"{shown[0]}–{shown[-1]}"
        table.title = f"Tabel {table.number} (halaman {where})"
    return document


def _same_columns(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= MEET * 1.5 for x, y in zip(a, b, strict=True))


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
