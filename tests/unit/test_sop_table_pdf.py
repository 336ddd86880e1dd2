"""SOP AP documents saved as PDF: tables found from their ruling lines, the symbols drawn in the role columns,
tables that go on over pages, and the PDFs that cannot be read (scans, broken files)."""

from __future__ import annotations

import zlib
from itertools import pairwise
from pathlib import Path

import pytest
from pdf_support import Grid, Page, write_objects, write_pdf
from unit.test_sop_table_reader import ROLES

from engine.sop_table.documents import pdf as pdf_reader
from engine.sop_table.documents.pdf import is_pdf, read_pdf
from engine.sop_table.model import Target
from engine.sop_table.reader import read_workbook

DATA = Path(__file__).resolve().parent.parent / "data"
#: No, Kegiatan, Pelaksana, Kasi, Kabid, Kelengkapan, Waktu, Output, Keterangan
WIDTHS = [20, 120, 45, 45, 45, 60, 45, 55, 90]
HEADER: list[list[str | None]] = [
    ["No", "Kegiatan", "Pelaksana", None, None, "Mutu Baku", None, None, "Keterangan"],
    [None, None, "Pelaksana", "Kasi", "Kabid", "Kelengkapan", "Waktu", "Output", None]]
HEADER_MERGES = [(0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 3), (0, 5, 1, 3), (0, 8, 2, 1)]


def _identity(page: Page) -> None:
    page.text(40, 30, "STANDAR OPERASIONAL PROSEDUR", 11)
    grid = Grid(page, 40, 50, [150, 375], [14] * 4).draw("hairlines")
    grid.rows([["Nomor SOP", "800/45/DISKOP/2026"], ["Nama SOP", "Pelayanan Rekomendasi Usaha"],
               ["Instansi", "Dinas Koperasi dan UKM"], ["Dasar Hukum", "1. UU Nomor 20 Tahun 2008"]])


#: The steps of :func:`_word_style_page`: (role, kind) in order.
WORD_STYLE_STEPS = [("Pelaksana", "activity"), ("Pelaksana", "activity"), ("Pelaksana", "decision"),
                    ("Kepala Seksi", "activity"), ("Kepala Bidang", "activity")]


def _word_style_page(keterangan: str | None = "Tidak: kembali ke\nkegiatan 1", tidak_head: bool = True,
                     tidak_in_pieces: bool = False) -> Page:
    """An SOP AP as Word exports it: hairline borders, a two-row header, a capsule, boxes and a diamond with bent
    connectors that cross rows, and the "Ya" and "Tidak" labels of the diamond's arrows in the role columns
    (``keterangan``: what the decision's Keterangan says; ``tidak_head``: the "Tidak" arrow drawn with its head;
    ``tidak_in_pieces``: drawn line by line, the arrowhead on the last)."""
    page = Page()
    _identity(page)
    grid = Grid(page, 40, 130, WIDTHS, [14, 14, 40, 40, 40, 40, 40], merged=HEADER_MERGES)
    grid.draw("hairlines")
    grid.rows([*HEADER,
               ["1", "Menerima berkas", None, None, None, "KTP", "30 Menit", "Tanda terima", None],
               ["2", "Memeriksa berkas", None, None, None, None, "1 Jam", "Berkas", None],
               ["3", "Berkas lengkap?", None, None, None, None, None, None, keterangan],
               ["4", "Memaraf konsep", None, None, None, None, "2 Jam", "Konsep", None],
               ["5", "Menandatangani", None, None, None, None, "1 hari", "Surat", "Selesai"]])
    first, second = grid.symbol(2, 2, "capsule"), grid.symbol(3, 2)
    decision, fourth, fifth = grid.symbol(4, 2, "diamond"), grid.symbol(5, 3), grid.symbol(6, 4, "capsule")
    page.arrow([(first[0], first[1] + 8), (second[0], second[1] - 8)])
    page.arrow([(second[0], second[1] + 8), (decision[0], decision[1] - 8)])
    page.arrow([(decision[0] + 15, decision[1]), (fourth[0], decision[1]), (fourth[0], fourth[1] - 8)])
    page.arrow([(fourth[0], fourth[1] + 8), (fourth[0], fifth[1]), (fifth[0] - 15, fifth[1])])
    # "Tidak": back up to the first step along the left of the Pelaksana column, across two whole rows
    left = decision[0] - 19
    back = [(decision[0] - 15, decision[1]), (left, decision[1]), (left, first[1]), (first[0] - 15, first[1])]
    if tidak_in_pieces:  # round through the Kegiatan column, far enough that only the route leads back
        wide = decision[0] - 32
        route = [(decision[0] - 15, decision[1]), (wide, decision[1]), (wide, first[1]), (first[0] - 15, first[1])]
        for (x0, y0), (x1, y1) in pairwise(route[:-1]):
            page.line(x0, y0, x1, y1, 0.75)
        page.arrow(route[-2:])
    elif tidak_head:
        page.arrow(back)
    else:
        for (x0, y0), (x1, y1) in pairwise(back):
            page.line(x0, y0, x1, y1, 0.75)
    page.text(decision[0] + 17, decision[1] - 9, "Ya", 7)
    page.text(left + 1, decision[1] + 2, "Tidak", 7)
    return page


def test_an_sop_ap_exported_from_word_as_pdf_reads_as_the_document_would(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "SOP Rekomendasi.pdf", [_word_style_page()])
    assert is_pdf(path)
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert (table.identity.nama, table.identity.nomor) == ("Pelayanan Rekomendasi Usaha", "800/45/DISKOP/2026")
    assert [(a.role, a.kind) for a in table.activities] == WORD_STYLE_STEPS
    assert table.activities[2].no == Target(1)
    sheet = next(s for s in read_pdf(path).worksheets if s.title.startswith("Tabel 2"))
    assert sheet.title == "Tabel 2 (halaman 1)"
    # Nine columns in every row: neither the connectors nor the labels made a cell of their own.
    assert {len(row) for row in sheet.rows} == {9}
    assert sheet.rows[4][2:5] == ["◇", None, None]  # the labels beside the diamond are no text and no mark
    assert sheet.rows[4][8] == "Tidak: kembali ke kegiatan 1"  # wrapped: "kegiatan" did not fit


@pytest.mark.parametrize("rotate", [90, 270])
def test_a_page_stored_on_its_side_with_rotate_reads_as_it_is_shown(tmp_path: Path, rotate: int) -> None:
    """A page whose media box lies on its side and whose ``/Rotate`` turns it upright (scanners' and printers' PDFs
    store landscape and portrait pages this way) is read in the orientation a viewer shows."""
    path = write_pdf(tmp_path / "SOP diputar.pdf", [_word_style_page()], rotate=rotate)
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert table.identity.nomor == "800/45/DISKOP/2026"
    assert [(a.role, a.kind) for a in table.activities] == WORD_STYLE_STEPS
    assert table.activities[0].text == "Menerima berkas"


def test_a_pdf_saved_by_libreoffice_reads_as_its_document_would() -> None:
    """tests/data/sop_printed_to_pdf_by_libreoffice.pdf is what LibreOffice Writer 7.4 exports for the .fodt beside
    it (``soffice --headless --convert-to pdf``): bordered tables, a header repeated on the second page, symbols with
    connectors across the rows, a "Tidak" text box, lines the word processor wrapped."""
    path = DATA / "sop_printed_to_pdf_by_libreoffice.pdf"
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert (table.identity.nama, table.identity.nomor) == ("Pelayanan Rekomendasi Usaha Mikro", "800/46/DISKOP/2026")
    assert table.identity.dasar_hukum == ["UU Nomor 20 Tahun 2008", "PP Nomor 7 Tahun 2021"]
    roles = ["Pelaksana"] * 4 + ["Kepala Seksi"] * 3 + ["Kepala Bidang"] * 2 + ["Pelaksana"] * 3
    assert [a.role for a in table.activities] == roles
    assert [a.kind for a in table.activities].count("decision") == 1
    first = table.activities[0]
    assert first.text == "Menerima berkas permohonan dari pemohon"  # one line wrapped in its cell
    assert first.requirements == ["KTP", "Surat permohonan"]  # two lines written as two
    sheets = {s.title: s for s in read_pdf(path).worksheets}
    assert "Tabel 2 (halaman 1–2)" in sheets
    assert sum(1 for row in sheets["Tabel 2 (halaman 1–2)"].rows if row[1] == "Kegiatan") == 1


def test_a_decisions_tidak_drawn_only_as_an_arrow_is_read_from_the_pdf(tmp_path: Path) -> None:
    """The Keterangan says nothing: the arrow that leaves the diamond labelled "Tidak" and goes back up to the first
    step says it, and the import says what it read; drawn line by line, the route is followed back to the diamond.
    Drawn without its head, the line says no way."""
    table, problems = read_workbook(write_pdf(tmp_path / "SOP.pdf", [_word_style_page(None)]), ROLES)
    assert problems == []
    assert table is not None
    assert [(a.role, a.kind) for a in table.activities] == WORD_STYLE_STEPS
    assert table.activities[2].no == Target(1)
    assert "Tujuan 'Tidak' keputusan 3 dibaca dari panah bagan alir: kegiatan 1; 'Ya': kegiatan 4." in \
        table.assumptions
    table, problems = read_workbook(write_pdf(tmp_path / "pieces.pdf", [_word_style_page(None, True, True)]), ROLES)
    assert problems == [] and table is not None and table.activities[2].no == Target(1)  # followed line by line
    _table, problems = read_workbook(write_pdf(tmp_path / "no head.pdf", [_word_style_page(None, False)]), ROLES)
    assert [str(p) for p in problems] == ["Tabel 2 (halaman 1) baris 5, kolom Keterangan: keputusan tanpa tujuan "
                                          "'Tidak'; tulis mis. 'Tidak: kembali ke kegiatan 1' atau 'Tidak: Selesai' "
                                          "di Keterangan"]


def test_a_libreoffice_pdf_whose_tidak_is_only_drawn_reads_it_from_the_arrow() -> None:
    """tests/data/sop_drawn_as_one_group_in_libreoffice_writer.pdf is what LibreOffice Writer 7.4 prints for the
    .fodt beside it: lines with arrowheads drawn as separate filled triangles (no symbols: a triangle marks
    nothing), each shape filled and then outlined (one symbol)."""
    path = DATA / "sop_drawn_as_one_group_in_libreoffice_writer.pdf"
    drawing = read_pdf(path).worksheets[-1].drawing
    assert drawing is not None
    assert [(m.row, m.column, m.mark) for m in drawing.marks] == [
        (2, 3, "Mulai"), (3, 3, "Kotak"), (4, 4, "◇"), (5, 5, "Kotak"), (6, 5, "Selesai")]
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert [(a.number, a.role, a.kind) for a in table.activities] == [
        (1, "Pelaksana", "activity"), (2, "Pelaksana", "activity"), (3, "Kepala Seksi", "decision"),
        (4, "Kepala Bidang", "activity"), (5, "Kepala Bidang", "activity")]
    assert table.activities[2].no == Target(1)


def test_arrows_on_a_continued_page_are_read_in_the_rows_of_the_whole_table(tmp_path: Path) -> None:
    """The decision and its "Tidak" arrow are on the second page, under the header printed again: the arrow's rows
    are the whole table's, the repeated header left out."""
    pages = [Page(), Page()]
    _identity(pages[0])
    first = Grid(pages[0], 40, 130, WIDTHS, [14, 14, 40, 40], merged=HEADER_MERGES).draw("lines")
    first.rows([*HEADER, ["1", "Menerima berkas", "X", None, None, None, "30 Menit", None, None],
                ["2", "Memeriksa berkas", "X", None, None, None, "1 Jam", None, None]])
    second = Grid(pages[1], 40, 40, WIDTHS, [14, 14, 40, 40, 40], merged=HEADER_MERGES).draw("lines")
    second.rows([*HEADER, ["3", "Memeriksa lapangan", None, None, None, None, "1 hari", None, None],
                 ["4", "Hasil sesuai?", None, None, None, None, None, None, None],
                 ["5", "Menandatangani", None, None, None, None, "1 hari", None, None]])
    third, decision, fifth = second.symbol(2, 2), second.symbol(3, 3, "diamond"), second.symbol(4, 4)
    pages[1].arrow([(third[0], third[1] + 8), (decision[0], decision[1] - 8)])
    pages[1].arrow([(decision[0], decision[1] + 8), (fifth[0], fifth[1] - 8)])
    pages[1].arrow([(decision[0] + 15, decision[1]), (decision[0] + 25, decision[1]),
                    (decision[0] + 25, third[1]), (third[0] + 15, third[1])])
    table, problems = read_workbook(write_pdf(tmp_path / "dua halaman.pdf", pages), ROLES)
    assert problems == []
    assert table is not None
    assert [(a.number, a.role, a.kind) for a in table.activities] == [
        (1, "Pelaksana", "activity"), (2, "Pelaksana", "activity"), (3, "Pelaksana", "activity"),
        (4, "Kepala Seksi", "decision"), (5, "Kepala Bidang", "activity")]
    assert table.activities[3].no == Target(3)


def test_a_table_that_goes_on_over_pages_is_one_sheet_without_its_repeated_header(tmp_path: Path) -> None:
    pages = [Page(), Page()]
    _identity(pages[0])
    for page, top, rows in ((pages[0], 130, [["1", "Menerima berkas", "X", None, None, None, "30 Menit", None, None],
                                             ["2", "Memeriksa berkas", "X", None, None, None, "1 Jam", None, None]]),
                            (pages[1], 40, [["3", "Menandatangani", None, None, "X", None, "1 hari", None, None]])):
        grid = Grid(page, 40, top, WIDTHS, [14, 14] + [30] * len(rows), merged=HEADER_MERGES).draw("lines")
        grid.rows([*HEADER, *rows])
    # a table of other columns after it on the second page is a table of its own
    Grid(pages[1], 40, 200, [100, 200], [14, 14]).draw("lines").rows([["Catatan", "Revisi"], ["1", "-"]])
    path = write_pdf(tmp_path / "dua halaman.pdf", pages)
    titles = [s.title for s in read_pdf(path).worksheets]
    assert titles == ["Identitas (tabel 1)", "Tabel 1 (halaman 1)", "Tabel 2 (halaman 1–2)", "Tabel 3 (halaman 2)"]
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert [(a.text, a.role) for a in table.activities] == [
        ("Menerima berkas", "Pelaksana"), ("Memeriksa berkas", "Pelaksana"), ("Menandatangani", "Kepala Bidang")]


def test_a_book_of_sops_as_pdf_offers_each_sop_with_its_own_identity(tmp_path: Path) -> None:
    """A Bidang's SOPs printed one after another: each flowchart table is an SOP to choose, read with the identity
    before it; a page that starts with the next SOP's flowchart table (its numbering starting again, its identity
    written as text above it) is that SOP, not the table before carried on."""
    pages = [Page(), Page(), Page()]
    _identity(pages[0])
    pages[1].text(40, 30, "Nama SOP: Pelayanan Izin Kedua", 9)
    pages[2].text(40, 30, "STANDAR OPERASIONAL PROSEDUR", 11)
    Grid(pages[2], 40, 50, [150, 375], [14] * 2).draw("hairlines").rows(
        [["Nomor SOP", "800/47/DISKOP/2026"], ["Nama SOP", "Pelayanan Izin Ketiga"]])
    for page, signer in ((pages[0], "Kabid"), (pages[1], "Kasi"), (pages[2], "Pelaksana")):
        roles = {"Pelaksana": 2, "Kasi": 3, "Kabid": 4}
        second: list[str | None] = ["2", f"Menandatangani ({signer})", None, None, None, None, "1 hari", None, None]
        second[roles[signer]] = "X"
        grid = Grid(page, 40, 130, WIDTHS, [14, 14, 30, 30], merged=HEADER_MERGES).draw("lines")
        grid.rows([*HEADER, ["1", "Menerima berkas", "X", None, None, None, "30 Menit", None, None], second])
    path = write_pdf(tmp_path / "buku SOP.pdf", pages)
    assert [s.title for s in read_pdf(path).worksheets] == [
        "Identitas (tabel 1)", "Tabel 1 (halaman 1)", "Tabel 2 (halaman 1)", "Identitas (teks)", "Tabel 3 (halaman 2)",
        "Identitas (tabel 4)", "Tabel 4 (halaman 3)", "Tabel 5 (halaman 3)"]
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None
    assert table.sheets == ("Tabel 2 (halaman 1)", "Tabel 3 (halaman 2)", "Tabel 5 (halaman 3)")
    assert table.sheet_names == ("Pelayanan Rekomendasi Usaha", "Pelayanan Izin Kedua", "Pelayanan Izin Ketiga")
    assert [a.role for a in table.activities] == ["Pelaksana", "Kepala Bidang"]
    for sheet, name, signer in (("Tabel 3 (halaman 2)", "Pelayanan Izin Kedua", "Kepala Seksi"),
                                ("Tabel 5 (halaman 3)", "Pelayanan Izin Ketiga", "Pelaksana")):
        table, problems = read_workbook(path, ROLES, sheet=sheet)
        assert problems == [] and table is not None
        assert (table.identity.nama, [a.role for a in table.activities]) == (name, ["Pelaksana", signer])


def test_a_whole_offices_book_of_sops_longer_than_one_sop_is_read(tmp_path: Path) -> None:
    """A book of 40 SOPs, a page each, is read (an SOP's page limit of 30 refused it before)."""
    pages = []
    for number in range(1, 41):
        page = Page()
        Grid(page, 40, 40, [150, 375], [14]).draw("lines").rows([["Nama SOP", f"Pelayanan Nomor {number}"]])
        Grid(page, 40, 100, [20, 200, 60, 60, 50], [14, 30]).draw("lines").rows(
            [["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu"], ["1", f"Menerima berkas {number}", "X", None, "1 jam"]])
        pages.append(page)
    path = write_pdf(tmp_path / "buku SOP dinas.pdf", pages)
    table, problems = read_workbook(path, ROLES, sheet="Tabel 80 (halaman 40)")
    assert problems == [] and table is not None
    assert (len(table.sheets), table.sheet_names[-1]) == (40, "Pelayanan Nomor 40")
    assert (table.identity.nama, table.activities[0].text) == ("Pelayanan Nomor 40", "Menerima berkas 40")


def test_a_pdf_read_again_is_parsed_once_and_a_changed_one_anew(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A preview reads its file twice and a book's SOPs are chosen one after another: one parse of a long PDF."""
    children = []
    real_run = pdf_reader.subprocess.run
    monkeypatch.setattr(pdf_reader.subprocess, "run", lambda *a, **k: children.append(a) or real_run(*a, **k))
    page = Page()
    Grid(page, 40, 40, [20, 200, 60], [14, 30]).draw("lines").rows([["No", "Kegiatan", "Pelaksana"],
                                                                     ["1", "Satu", "X"]])
    path = write_pdf(tmp_path / "SOP.pdf", [page])
    assert [s.rows for s in read_pdf(path).worksheets] == [s.rows for s in read_pdf(path).worksheets]
    assert len(children) == 1
    page = Page()
    Grid(page, 40, 40, [20, 200, 60], [14, 30]).draw("lines").rows([["No", "Kegiatan", "Pelaksana"],
                                                                     ["1", "Dua", "X"]])
    write_pdf(path, [page])
    assert read_pdf(path).worksheets[-1].rows[1][1] == "Dua" and len(children) == 2


def test_shading_text_in_a_symbol_and_a_bordered_text_box_are_no_marks(tmp_path: Path) -> None:
    page = Page()
    _identity(page)
    grid = Grid(page, 40, 130, WIDTHS, [14, 14, 40, 40], merged=HEADER_MERGES)
    for column in range(len(WIDTHS)):  # the header shaded grey, as offices print it
        x0, top, x1, _bottom = grid.cell(0, column)
        page.shade(x0, top, x1 - x0, 28)
    grid.draw("hairlines")
    grid.rows([*HEADER, ["1", "Memeriksa berkas", None, None, None, None, "1 Jam", None, "Tidak: Selesai"],
               ["2", "Menandatangani", None, None, None, None, "1 hari", None, "Selesai"]])
    x, y = grid.symbol(2, 2, "diamond")
    page.text(x - 3, y - 4, "1", 7)  # the step's number written in its symbol
    grid.symbol(3, 4, "box")
    label_x, label_y = grid.centre(2, 3)
    page.symbol("box", label_x, label_y, 22, 11)  # a text box with a border, beside the diamond
    page.text(label_x - 9, label_y - 4, "Tidak", 7)
    path = write_pdf(tmp_path / "SOP.pdf", [page])
    sheet = next(s for s in read_pdf(path).worksheets if s.title.startswith("Tabel 2"))
    assert sheet.rows[:2] == HEADER
    assert sheet.rows[2][2:5] == ["◇", None, None]
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert [(a.role, a.kind) for a in table.activities] == [("Pelaksana", "decision"), ("Kepala Bidang", "activity")]


def test_a_word_in_another_column_is_text_even_when_it_is_a_branch_word(tmp_path: Path) -> None:
    """Only in a column that holds symbols is a lone "Ya" or "Tidak" a label of an arrow."""
    page = Page()
    _identity(page)
    grid = Grid(page, 40, 130, [20, 120, 45, 45, 60], [14, 40, 40]).draw("lines")
    grid.rows([["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu"], ["1", "Memeriksa berkas", None, None, "1 Jam"],
               ["2", "Tidak", None, None, "1 hari"]])
    grid.symbol(1, 2)
    grid.symbol(2, 3)
    sheet = next(s for s in read_pdf(write_pdf(tmp_path / "SOP.pdf", [page])).worksheets
                 if s.title.startswith("Tabel 2"))
    assert sheet.rows[2] == ["2", "Tidak", None, "Kotak", "1 hari"]


@pytest.mark.parametrize(("pages", "message"), [
    ("scan", "PDF ini berisi gambar halaman (hasil pindaian), bukan teks"),
    ("text only", "PDF ini tidak berisi tabel prosedur bergaris"),
    ("broken", "bukan PDF yang dapat dibaca"),
])
def test_a_pdf_that_cannot_be_read_says_why_and_what_to_do(tmp_path: Path, pages: str, message: str) -> None:
    path = tmp_path / "SOP.pdf"
    if pages == "broken":
        path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n")
    else:
        page = Page()
        if pages == "scan":
            page.scan()
        else:
            page.text(40, 40, "No Kegiatan Pelaksana Waktu\n1 Menerima berkas X 30 Menit")
        write_pdf(path, [page])
    table, problems = read_workbook(path, ROLES)
    assert table is None
    assert len(problems) == 1
    assert message in str(problems[0])


def test_a_pdf_longer_than_an_sop_is_refused_before_its_pages_are_read(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    path = write_pdf(tmp_path / "laporan.pdf", [Page(), Page(), Page()])
    _table, problems = read_workbook(path, ROLES)
    assert [str(p) for p in problems] == [
        "Berkas: PDF ini 3 halaman; SOP yang diimpor paling banyak 2 halaman. Simpan halaman identitas dan "
        "prosedurnya saja sebagai PDF"]


def test_a_workbook_is_not_taken_for_a_pdf(tmp_path: Path) -> None:
    """A ZIP whose first entry holds "%PDF-" stays a workbook: the header counts only outside a ZIP."""
    path = tmp_path / "SOP.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"%PDF-1.4" + b"\0" * 100)
    assert not is_pdf(path)


def test_a_straight_connector_across_whole_cells_is_no_border(tmp_path: Path) -> None:
    """A straight line from one symbol to another crosses the cells between them from side to side; it ends on the
    symbols, not on a border, so it splits no cell (a border ends on another border)."""
    page = Page()
    _identity(page)
    grid = Grid(page, 40, 130, [20, 120, 45, 45, 45, 60], [14, 40, 40, 40]).draw("hairlines")
    grid.rows([["No", "Kegiatan", "Pelaksana", "Kasi", "Kabid", "Waktu"], ["1", "Menerima berkas", None, None, None,
               "30 Menit"], ["2", "Memeriksa berkas", None, None, None, "1 Jam"],
               ["3", "Menandatangani", None, None, None, "1 hari"]])
    first, second, third = grid.symbol(1, 2), grid.symbol(2, 4), grid.symbol(3, 2)
    page.line(first[0] + 15, first[1], second[0], first[1])  # across the Kasi cell of row 1, side to side
    page.line(second[0], first[1], second[0], second[1] - 8)
    page.line(first[0], first[1] + 8, third[0], third[1] - 8)  # down the Pelaksana column, across row 2
    sheet = next(s for s in read_pdf(write_pdf(tmp_path / "SOP.pdf", [page])).worksheets
                 if s.title.startswith("Tabel 2"))
    assert sheet.rows == [["No", "Kegiatan", "Pelaksana", "Kasi", "Kabid", "Waktu"],
                          ["1", "Menerima berkas", "Kotak", None, None, "30 Menit"],
                          ["2", "Memeriksa berkas", None, None, "Kotak", "1 Jam"],
                          ["3", "Menandatangani", "Kotak", None, None, "1 hari"]]


def _compressed_page_pdf(path: Path, content: bytes) -> Path:
    """A one-page PDF whose page content is ``content``, deflated (as every exporter writes it)."""
    packed = zlib.compress(content, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"]
    return write_objects(path, objects)


def test_a_pdf_that_unpacks_past_the_memory_limit_is_refused_and_the_reader_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small file whose page unpacks to hundreds of megabytes (a compressed stream of spaces) is parsed in a process
    of its own: the limit stops it there, and whoever asked is told, instead of a web worker running out of memory."""
    monkeypatch.setattr(pdf_reader, "PARSE_MEMORY_BYTES", 300 * 1024 * 1024)
    bomb = _compressed_page_pdf(tmp_path / "bom.pdf", b" " * (400 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    _table, problems = read_workbook(bomb, ROLES)
    assert [str(p) for p in problems] == [
        "Berkas: PDF ini terlalu berat untuk dibaca (lebih dari 25 detik atau 300 MB setelah dibuka); simpan halaman "
        "identitas dan prosedurnya saja sebagai PDF, atau unggah dokumen Word aslinya (.docx)"]
    table, problems = read_workbook(DATA / "sop_printed_to_pdf_by_libreoffice.pdf", ROLES)
    assert problems == [] and table is not None


def test_a_pdf_that_takes_too_long_is_given_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "PARSE_SECONDS", 0.001)
    _table, problems = read_workbook(DATA / "sop_printed_to_pdf_by_libreoffice.pdf", ROLES)
    assert len(problems) == 1
    assert "PDF ini terlalu berat untuk dibaca (lebih dari 0.001 detik" in str(problems[0])
