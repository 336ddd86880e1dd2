"""Which kind of file an uploaded SOP is, told by its content first and its name second, opened for the reader:
an Excel workbook (openpyxl), a LibreOffice Calc spreadsheet (:mod:`.ods`), a Word document (:mod:`.word`), a
LibreOffice Writer document (:mod:`.odt`) or a PDF (:mod:`.pdf`); a kind Alur cannot read is told how to save it as
one it can."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from engine.phrases import N_, Phrase
from engine.sop_table.documents.ods import is_ods, read_ods
from engine.sop_table.documents.odt import is_odt, read_odt
from engine.sop_table.documents.pdf import UnreadablePdf, is_pdf, read_pdf
from engine.sop_table.documents.word import is_word_document, read_word
from engine.sop_table.model import Problem


def open_sop_file(path: Path | str) -> tuple[Any, list[Problem]]:
    """(the opened book, []) or (None, the one problem that says why it cannot be read and what to do)."""
    suffix, word = Path(path).suffix.lower(), is_word_document(path)
    spreadsheet = not word and is_ods(path)
    if not word and not spreadsheet and (suffix == ".odt" or is_odt(path)):
        try:
            return read_odt(path), []
        except ValueError as error:
            return None, [Problem("Berkas", Phrase(N_("bukan dokumen LibreOffice Writer (.odt) yang dapat dibaca: "
                                                      "%(error)s"), {"error": str(error)}))]
    if suffix in (".doc", ".rtf") and not word:
        return None, [Problem("Berkas", Phrase(N_("berkas %(suffix)s belum dapat dibaca; buka di Word dan simpan "
                                                  "sebagai \"Word Document (.docx)\", atau di LibreOffice Writer "
                                                  "sebagai \"Word 2007-365 (.docx)\""), {"suffix": suffix}))]
    if suffix in (".xls", ".et") and not word:
        return None, [Problem("Berkas", Phrase(N_("berkas %(suffix)s belum dapat dibaca; buka di Excel atau "
                                                  "LibreOffice Calc dan simpan sebagai \"Excel Workbook (.xlsx)\""),
                                               {"suffix": suffix}))]
    if not word and not spreadsheet and (suffix == ".pdf" or is_pdf(path)):
        try:
            return read_pdf(path), []
        except UnreadablePdf as error:
            return None, [Problem("Berkas", error.phrase)]
    if word or suffix == ".docx":
        try:
            return read_word(path), []
        except ValueError as error:
            return None, [Problem("Berkas", Phrase(N_("bukan dokumen Word (.docx) yang dapat dibaca: %(error)s"),
                                                   {"error": str(error)}))]
    if spreadsheet or suffix == ".ods":
        try:
            return read_ods(path), []
        except ValueError as error:
            return None, [Problem("Berkas", Phrase(N_("bukan lembar kerja LibreOffice Calc (.ods) yang dapat dibaca: "
                                                      "%(error)s"), {"error": str(error)}))]
    try:
        return load_workbook(path, data_only=True), []
    except Exception as error:  # noqa: BLE001 - openpyxl meets a broken part with any error (lxml's among them)
        return None, [Problem("Berkas", Phrase(N_("bukan buku kerja Excel (.xlsx) yang dapat dibaca: %(error)s"),
                                               {"error": str(error)}))]
