"""SOP AP documents written in Word: the identity table, the flowchart table and the symbols drawn in it."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from unit.test_sop_table_reader import ROLES
from word_support import Cell, Shape, rewrite_document, write_docx

from engine.sop_table.documents.word import is_word_document, read_word
from engine.sop_table.model import Target
from engine.sop_table.reader import read_workbook

IDENTITY_TABLE: list[list[object]] = [
    [Cell("PEMERINTAH KABUPATEN LOMBOK BARAT\n\nDINAS KOPERASI DAN UKM", merge="restart"), "Nomor SOP",
     "800/45/DISKOP/2026"],
    [Cell(merge="continue"), "Tanggal Pembuatan", "2 Januari 2026"],
    [Cell(merge="continue"), "Tanggal Efektif", "1 Februari 2026"],
    [Cell(merge="continue"), "Disahkan oleh",
     "KEPALA DINAS KOPERASI DAN UKM\n\nH. LALU UJI\n\nNIP. 19700101 199503 1 001"],
    [Cell("BIDANG USAHA MIKRO", merge="restart"), "Nama SOP", "Pelayanan Rekomendasi Usaha"],
    ["Dasar Hukum", "Kualifikasi Pelaksana", None],
    ["1. UU Nomor 20 Tahun 2008\n\n2. PP Nomor 7 Tahun 2021", "Memahami perizinan usaha", None],
]
HEADER: list[list[object]] = [
    [Cell("No", merge="restart"), Cell("Kegiatan", merge="restart"), Cell("Pelaksana", span=3),
     Cell("Mutu Baku", span=3), Cell("Keterangan", merge="restart")],
    [Cell(merge="continue"), Cell(merge="continue"), "Pelaksana", "Kasi", "Kabid", "Kelengkapan", "Waktu", "Output",
     Cell(merge="continue")],
]


def _flowchart(*, time_of_four: str = "2 Jam") -> list[list[object]]:
    return [*HEADER,
            ["1", "Menerima berkas permohonan", Cell(shapes=(Shape("flowChartTerminator"),)), None, None,
             "KTP\n\nSurat permohonan", "30 Menit", "Tanda terima", None],
            ["2", "Memeriksa kelengkapan berkas", Cell(shapes=(Shape(), Shape("straightConnector1"))), None, None,
             None, "1 Jam", "Berkas diperiksa", None],
            ["3", "Berkas lengkap?", Cell(shapes=(Shape("flowChartDecision"), Shape(text_box=True, text="Tidak"),
                                                  Shape("bentConnector3"))), None, None, None, None, None,
             "Tidak: kembali ke kegiatan 1"],
            # drawn over the Kasi column but anchored in the Kegiatan cell, as Word often anchors a symbol
            ["4", Cell("Memaraf konsep surat", shapes=(Shape(offset_columns=2.2),)), None, None, None, None,
             time_of_four, "Konsep diparaf", None],
            ["5", "Menandatangani surat rekomendasi", None, None, Cell(shapes=(Shape(vml_only=True),)), None,
             "1 hari", "Surat rekomendasi", "Selesai"]]


def test_an_sop_ap_written_in_word_reads_as_its_workbook_would(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "SOP Rekomendasi.docx", [
        "STANDAR OPERASIONAL PROSEDUR", IDENTITY_TABLE, "", _flowchart()])
    assert is_word_document(path)
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    identity = table.identity
    assert (identity.nama, identity.nomor, identity.tanggal_efektif) == (
        "Pelayanan Rekomendasi Usaha", "800/45/DISKOP/2026", "2026-02-01")
    assert (identity.disahkan_oleh.jabatan, identity.disahkan_oleh.nip) == ("KEPALA DINAS KOPERASI DAN UKM",
                                                                            "19700101 199503 1 001")
    assert (identity.pemerintah, identity.instansi, identity.unit) == (
        "PEMERINTAH KABUPATEN LOMBOK BARAT", "DINAS KOPERASI DAN UKM", "BIDANG USAHA MIKRO")
    assert identity.dasar_hukum == ["UU Nomor 20 Tahun 2008", "PP Nomor 7 Tahun 2021"]
    assert identity.kualifikasi_pelaksana == ["Memahami perizinan usaha"]
    assert table.roles == ["Pelaksana", "Kepala Seksi", "Kepala Bidang"]
    one, two, three, four, five = table.activities
    assert (one.role, one.requirements, one.time.iso) == ("Pelaksana", ["KTP", "Surat permohonan"], "PT30M")
    assert two.role == "Pelaksana"
    assert (three.kind, three.text, three.no, three.role) == ("decision", "Berkas lengkap?", Target(1), "Pelaksana")
    assert (four.role, four.text) == ("Kepala Seksi", "Memaraf konsep surat")
    assert (five.role, five.goto) == ("Kepala Bidang", Target(None))


def test_problems_name_the_table_row_and_column_of_the_document(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "sop.docx", [IDENTITY_TABLE, _flowchart(time_of_four="3 Hri")])
    _table, problems = read_workbook(path, ROLES)
    assert [str(p) for p in problems] == [
        "Tabel 2 baris 6, kolom Waktu: '3 Hri' bukan waktu yang dikenal (contoh: 30 Menit, 3 Jam, 2 Hari, "
        "3 hari kerja, 1 minggu)"]


def test_the_tables_are_sheets_with_words_rows_merged_cells_and_marks(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "sop.docx", ["SOP Pelayanan Uji", IDENTITY_TABLE, _flowchart()])
    sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in read_word(path).worksheets}
    assert list(sheets) == ["Identitas (tabel 1)", "Tabel 1", "Tabel 2"]
    flowchart = sheets["Tabel 2"]
    assert flowchart[0] == ("No", "Kegiatan", "Pelaksana", None, None, "Mutu Baku", None, None, "Keterangan")
    assert flowchart[1][:5] == (None, None, "Pelaksana", "Kasi", "Kabid")  # the merged cells below are empty
    assert flowchart[4][2] == "◇" and flowchart[4][1] == "Berkas lengkap?"  # "Tidak" in its text box is no text
    assert flowchart[5][1:4] == ("Memaraf konsep surat", None, "Kotak")
    # the paragraphs come after the table's rows (which keep their numbers), a blank row between
    assert sheets["Identitas (tabel 1)"][-2:] == [(None,), ("SOP Pelayanan Uji",)]


def test_a_document_without_a_flowchart_table_or_that_is_no_document(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "letter.docx", ["Surat biasa", [["Nama", "Isi"]]])
    table, problems = read_workbook(path, ROLES)
    assert table is None
    assert [str(p) for p in problems] == [
        "Prosedur: dokumen Word ini tidak berisi tabel prosedur (baris judul berisi 'No' dan 'Kegiatan'); tulis "
        "bagan alir SOP AP sebagai tabel, atau pakai templat (alur sop template)"]
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><w:document/>')
    table, problems = read_workbook(broken, ROLES)
    assert table is None
    assert str(problems[0]).startswith("Berkas: bukan dokumen Word (.docx) yang dapat dibaca")


def test_words_automatic_numbering_and_content_controls_are_read(tmp_path: Path) -> None:
    """The No column and the Dasar Hukum list numbered by Word (the numbers are not in the text), a bulleted list,
    and a cell inside a content control."""
    identity: list[list[object]] = [
        ["Nama SOP", Cell("Pelayanan Uji", in_control=True)], ["Instansi", "Dinas Uji"], ["Bidang", "Bidang A"],
        ["Dasar Hukum", Cell("UU Nomor 25 Tahun 2009\n\nPerda Nomor 4 Tahun 2016", numbered=1)],
        ["Peralatan/Perlengkapan", Cell("Komputer\n\nPrinter", numbered=2)]]
    flowchart: list[list[object]] = [
        ["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu", "Keterangan"],
        [Cell(numbered=3), "Memeriksa berkas", Cell(shapes=(Shape(),)), None, "1 jam", None],
        [Cell(numbered=3), "Lengkap?", Cell(shapes=(Shape("diamond"),)), None, None, "Tidak: kembali ke kegiatan 1"],
        [Cell(numbered=3), "Menandatangani", None, Cell(shapes=(Shape(),), in_control=True), "1 hari", None]]
    table, problems = read_workbook(write_docx(tmp_path / "numbered.docx", [identity, flowchart]), ROLES)
    assert problems == []
    assert table is not None
    assert table.identity.nama == "Pelayanan Uji"
    assert table.identity.dasar_hukum == ["UU Nomor 25 Tahun 2009", "Perda Nomor 4 Tahun 2016"]
    assert table.identity.peralatan_perlengkapan == ["Komputer", "Printer"]
    assert [(a.number, a.role, a.kind) for a in table.activities] == [
        (1, "Pelaksana", "activity"), (2, "Pelaksana", "decision"), (3, "Kepala Bidang", "activity")]
    assert table.activities[1].no == Target(1)
    assert not any("tidak bernomor" in note for note in table.assumptions)


def test_a_document_saved_by_another_word_processor_reads_too() -> None:
    """tests/data/sop_written_in_libreoffice.docx is what LibreOffice Writer 7.4 saves for the .fodt beside it
    (``soffice --headless --convert-to docx``): its own way of anchoring the symbols in the role cells."""
    data = Path(__file__).resolve().parent.parent / "data"
    table, problems = read_workbook(data / "sop_written_in_libreoffice.docx", ROLES)
    assert problems == []
    assert table is not None
    assert table.identity.nama == "Pelayanan Uji LibreOffice"
    assert [(a.role, a.kind) for a in table.activities] == [
        ("Pelaksana", "activity"), ("Pelaksana", "decision"), ("Kepala Bidang", "activity")]
    assert table.activities[1].no == Target(1)


def _reklame() -> list[object]:
    """An office's SOP AP in Word: letterhead, the form's identity layout, Word's numbering, a two-row header, Pemohon,
    a capsule, boxes, a diamond with its "Tidak" text box, a connector and an old VML symbol."""
    kop = "PEMERINTAH KABUPATEN LOMBOK TENGAH\n\nDINAS PENANAMAN MODAL DAN PTSP\n\nJl. Pejanggik No. 2, Praya"
    identity: list[list[object]] = [
        [Cell(kop, merge="restart"), "Nomor SOP", "503/12/DPMPTSP/2026"],
        [Cell(merge="continue"), "Tanggal Pembuatan", "5 Januari 2026"],
        [Cell(merge="continue"), "Tanggal Revisi", "-"],
        [Cell(merge="continue"), "Tanggal Efektif", "1 Maret 2026"],
        [Cell(merge="continue"), "Disahkan oleh", "KEPALA DINAS\n\nDrs. H. LALU CONTOH\n\nNIP. 19680202 199303 1 004"],
        [Cell("BIDANG PELAYANAN PERIZINAN", merge="restart"), "Nama SOP", "Penerbitan Izin Reklame"],
        ["Dasar Hukum", "Kualifikasi Pelaksana", None],
        [Cell("Perda Nomor 3 Tahun 2019 tentang Reklame\n\nPerbup Nomor 10 Tahun 2021", numbered=1),
         Cell("Memahami peraturan reklame\n\nMampu mengoperasikan komputer", numbered=1), None],
        ["Keterkaitan", "Peralatan/Perlengkapan", None],
        ["SOP Penerimaan Berkas", Cell("Komputer\n\nPrinter", numbered=2), None],
        ["Peringatan", "Pencatatan dan Pendataan", None],
        ["Izin tidak terbit bila berkas tidak lengkap", "Buku register izin reklame", None],
    ]
    capsule, box = Shape("flowChartTerminator"), Shape()
    flow: list[list[object]] = [
        [Cell("NO", merge="restart"), Cell("KEGIATAN", merge="restart"), Cell("PELAKSANA", span=4),
         Cell("MUTU BAKU", span=3), Cell("KET", merge="restart")],
        [Cell(merge="continue"), Cell(merge="continue"), "Pemohon", "Staf", "Kasi", "Kadis", "Persyaratan", "Waktu",
         "Output", Cell(merge="continue")],
        [Cell(numbered=3), "Mengajukan permohonan izin reklame", Cell(shapes=(capsule,)), None, None, None,
         Cell("Fotokopi KTP\n\nDesain reklame", numbered=2), "15'", "Berkas permohonan", None],
        [Cell(numbered=3), "Memeriksa kelengkapan berkas", None, Cell(shapes=(box, Shape("straightConnector1"))),
         None, None, None, "30 Menit", "Berkas diperiksa", None],
        [Cell(numbered=3), "Berkas lengkap?", None,
         Cell(shapes=(Shape("flowChartDecision"), Shape(text_box=True, text="Tidak"))), None, None, None, None, None,
         "Jika tidak lengkap kembali ke kegiatan 1"],
        [Cell(numbered=3), "Memverifikasi dan memaraf draf izin", None, None, Cell(shapes=(Shape(vml_only=True),)),
         None, None, "1 HK", "Draf izin diparaf", None],
        [Cell(numbered=3), "Menandatangani izin reklame", None, None, None, Cell(shapes=(capsule,)), None, "1 hari",
         "Nomor dan tanggal izin", "Selesai"],
    ]
    return ["STANDAR OPERASIONAL PROSEDUR", "ADMINISTRASI PEMERINTAHAN", identity, "", flow]


def test_the_same_document_re_saved_by_libreoffice_reads_the_same(tmp_path: Path) -> None:
    """tests/data/sop_resaved_by_libreoffice.docx is :func:`_reklame` written by tests/word_support.py, opened and
    saved again by LibreOffice Writer 7.4 (docx → odt → docx), which rewrites every anchor, shape and cell its own
    way (symbols laid out outside their cells, offsets from the cell)."""
    ours, problems = read_workbook(write_docx(tmp_path / "reklame.docx", _reklame()), ROLES)
    assert problems == [] and ours is not None
    resaved, problems = read_workbook(Path(__file__).resolve().parent.parent / "data" /
                                      "sop_resaved_by_libreoffice.docx", ROLES)
    assert problems == [] and resaved is not None
    for table in (ours, resaved):
        assert [(a.number, a.role, a.kind, a.time.iso if a.time else None) for a in table.activities] == [
            (1, "Pemohon", "activity", "PT15M"), (2, "Pelaksana", "activity", "PT30M"),
            (3, "Pelaksana", "decision", None), (4, "Kepala Seksi", "activity", "P1D"), (5, "Kadis", "activity", "P1D")]
        assert table.activities[0].requirements == ["Fotokopi KTP", "Desain reklame"]
        assert (table.identity.nama, table.identity.instansi, table.identity.tanggal_efektif) == (
            "Penerbitan Izin Reklame", "DINAS PENANAMAN MODAL DAN PTSP", "2026-03-01")
        assert table.identity.dasar_hukum == ["Perda Nomor 3 Tahun 2019 tentang Reklame", "Perbup Nomor 10 Tahun 2021"]


def test_an_old_word_file_or_a_docx_that_is_not_one_is_told_what_to_do(tmp_path: Path) -> None:
    old = tmp_path / "SOP lama.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    assert [str(p) for p in read_workbook(old, ROLES)[1]] == [
        'Berkas: berkas .doc belum dapat dibaca; buka di Word dan simpan sebagai "Word Document (.docx)", atau di '
        'LibreOffice Writer sebagai "Word 2007-365 (.docx)"']
    assert "LibreOffice Writer" in str(read_workbook(old.rename(tmp_path / "SOP.rtf"), ROLES)[1][0])
    renamed = tmp_path / "SOP.docx"
    renamed.write_bytes(b"No;Kegiatan\n")
    assert str(read_workbook(renamed, ROLES)[1][0]).startswith("Berkas: bukan dokumen Word (.docx) yang dapat dibaca")


def test_a_text_box_or_an_invisible_shape_beside_a_symbol_marks_no_role(tmp_path: Path) -> None:
    """A "Ya" label in a bordered text box, or a shape drawn without outline and fill, in the next role column: not a
    second mark (that would be "lebih dari satu peran ditandai")."""
    flowchart: list[list[object]] = [
        ["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu"],
        ["1", "Memeriksa berkas", Cell(shapes=(Shape(),)), Cell(shapes=(Shape(text_box=True, invisible=False,
                                                                              text="Ya"),)), "1 jam"],
        ["2", "Mencatat", Cell(shapes=(Shape(),)), Cell(shapes=(Shape(invisible=True),)), "1 jam"]]
    table, problems = read_workbook(write_docx(tmp_path / "labels.docx", [IDENTITY_TABLE, flowchart]), ROLES)
    assert problems == []
    assert table is not None and [a.role for a in table.activities] == ["Pelaksana", "Pelaksana"]


def test_the_connectors_that_carry_the_flow_to_the_next_page_mark_no_role(tmp_path: Path) -> None:
    """The SOP AP's connector circle and off-page pentagon sit beside the symbol of the row the flow leaves or
    reaches, in whichever column the arrow needs: not a second role (DrawingML, and Word's VML types 120 and 177)."""
    flowchart: list[list[object]] = [
        ["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu"],
        ["1", "Memeriksa berkas", Cell(shapes=(Shape(),)),
         Cell(shapes=(Shape(preset="flowChartOffpageConnector"),)), "1 jam"],
        ["2", "Menandatangani", Cell(shapes=(Shape(preset="flowChartConnector", vml_only=True, vml_type=120),)),
         Cell(shapes=(Shape(),)), "1 hari"],
        ["3", "Mengarsipkan", Cell(shapes=(Shape(vml_only=True),)),
         Cell(shapes=(Shape(preset="flowChartOffpageConnector", vml_only=True, vml_type=177),)), "1 jam"]]
    table, problems = read_workbook(write_docx(tmp_path / "pages.docx", [IDENTITY_TABLE, flowchart]), ROLES)
    assert problems == []
    assert table is not None and [a.role for a in table.activities] == ["Pelaksana", "Kepala Bidang", "Pelaksana"]


def test_a_flowchart_written_as_a_table_per_page_reads_as_one(tmp_path: Path) -> None:
    """Offices that start a new table on each printed page, the header written again or the numbering going on: one
    table "Tabel 2–4" (before, the steps after the first page were dropped without a word); a table of other columns
    after it (the signature block) is not part of it."""
    first = [["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu"], ["1", "Menerima berkas", "X", None, "1 jam"],
             ["2", "Memeriksa berkas", "X", None, "1 jam"]]
    second = [["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu"], ["3", "Menandatangani", None, "X", "1 hari"]]
    third = [["4", "Mengarsipkan", "X", None, "1 jam"]]
    signature = [["Mengetahui", "Kepala Dinas"], ["ttd", "Drs. Uji"]]
    path = write_docx(tmp_path / "pages.docx", [IDENTITY_TABLE, first, second, third, signature])
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None
    assert [(a.number, a.role, a.sheet_row) for a in table.activities] == [
        (1, "Pelaksana", 2), (2, "Pelaksana", 3), (3, "Kepala Bidang", 4), (4, "Pelaksana", 5)]
    assert [sheet.title for sheet in read_word(path).worksheets] == ["Identitas (tabel 1)", "Tabel 1", "Tabel 2–4",
                                                                      "Tabel 5"]


def test_a_document_with_tracked_changes_and_hidden_text_reads_as_the_office_sees_it(tmp_path: Path) -> None:
    """Revised with Track Changes on and uploaded before the changes were accepted: a deleted activity row, deleted
    words, the old place of moved words and a deleted symbol are left out, inserted words are read; hidden text is
    left out too."""
    path = write_docx(tmp_path / "revisi.docx", ["STANDAR OPERASIONAL PROSEDUR", IDENTITY_TABLE, "", _flowchart()])
    author = 'w:id="9" w:author="Sekretariat" w:date="2026-11-02T09:00:00Z"'

    def revise(data: bytes) -> bytes:
        xml = data.decode()
        four = xml.rindex("<w:tr>", 0, xml.index("Memaraf konsep surat"))
        xml = xml[:four] + f"<w:tr><w:trPr><w:del {author}/></w:trPr>" + xml[four + len("<w:tr>"):]
        xml = xml.replace('<w:t xml:space="preserve">Memeriksa kelengkapan berkas</w:t></w:r>',
                          '<w:t xml:space="preserve">Memeriksa </w:t></w:r>'
                          f'<w:del {author}><w:r><w:delText xml:space="preserve">kelengkapan </w:delText></w:r>'
                          '<w:r><w:t xml:space="preserve">semua </w:t></w:r></w:del>'
                          f'<w:moveFrom {author}><w:r><w:t xml:space="preserve">lama </w:t></w:r></w:moveFrom>'
                          f'<w:ins {author}><w:r><w:t xml:space="preserve">ulang </w:t></w:r></w:ins>'
                          '<w:r><w:t>berkas</w:t></w:r>'
                          '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> (catatan penyusun)</w:t></w:r>')
        symbol = xml.index("<w:r><w:pict>", xml.index("Menandatangani surat rekomendasi"))  # the last step's box
        end = xml.index("</w:pict></w:r>", symbol) + len("</w:pict></w:r>")
        return (xml[:symbol] + f"<w:del {author}>" + xml[symbol:end] + "</w:del>" + xml[end:]).encode()

    path = rewrite_document(path, tmp_path / "revisi dengan perubahan.docx", revise)
    table, problems = read_workbook(path, ROLES)
    assert table is not None
    assert [(a.number, a.text) for a in table.activities] == [
        (1, "Menerima berkas permohonan"), (2, "Memeriksa ulang berkas"), (3, "Berkas lengkap?"),
        (5, "Menandatangani surat rekomendasi")]
    assert [str(p) for p in problems] == [
        "Tabel 2 baris 6: tidak ada peran yang ditandai; beri tanda (mis. X) di kolom peran yang melaksanakan "
        "kegiatan ini"]


def test_an_sop_framed_by_a_one_cell_table_reads_its_own_tables(tmp_path: Path) -> None:
    """A border round the page drawn as a table of one cell, the whole SOP inside it (its identity and flowchart
    tables nested in that cell): the frame is no table of the SOP's; the tables inside it are."""
    path = write_docx(tmp_path / "berbingkai.docx", ["STANDAR OPERASIONAL PROSEDUR", IDENTITY_TABLE, "", _flowchart()])

    def frame(data: bytes) -> bytes:
        xml = data.decode()
        body, end = xml.index("<w:body>") + len("<w:body>"), xml.index("<w:sectPr")
        return (xml[:body] + '<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="9600"/></w:tblGrid><w:tr><w:tc><w:tcPr/>'
                + xml[body:end] + "<w:p/></w:tc></w:tr></w:tbl>" + xml[end:]).encode()

    path = rewrite_document(path, tmp_path / "berbingkai dalam tabel.docx", frame)
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert table.identity.nama == "Pelayanan Rekomendasi Usaha"
    assert [a.role for a in table.activities] == ["Pelaksana", "Pelaksana", "Pelaksana", "Kepala Seksi",
                                                  "Kepala Bidang"]
    assert table.sheet == "Tabel 2"


def test_an_sop_ap_written_as_one_table_under_a_title_reads_its_identity_from_the_table(tmp_path: Path) -> None:
    """The identity rows and the flowchart in one table, a title above it: the identity is read from both (before,
    only the title was, and the SOP had no name)."""
    one_table: list[list[object]] = [
        ["Nama SOP", "Pelayanan Satu Tabel", None, None, None], ["Nomor SOP", "800/9/DISKOP/2026", None, None, None],
        ["Instansi", "Dinas Uji", None, None, None], ["Bidang", "Bidang A", None, None, None],
        ["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu"], ["1", "Menerima berkas", "X", None, "1 jam"],
        ["2", "Menyetujui", None, "X", "1 hari"]]
    path = write_docx(tmp_path / "satu tabel.docx", ["STANDAR OPERASIONAL PROSEDUR", one_table])
    assert [sheet.title for sheet in read_word(path).worksheets] == ["Identitas (tabel 1)", "Tabel 1"]
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None
    assert (table.identity.nama, table.identity.nomor, [a.role for a in table.activities]) == (
        "Pelayanan Satu Tabel", "800/9/DISKOP/2026", ["Pelaksana", "Kepala Bidang"])
    path = write_docx(tmp_path / "buku.docx", [IDENTITY_TABLE, _flowchart(), "SOP KEDUA", one_table])
    assert [sheet.title for sheet in read_word(path).worksheets][-2:] == ["Identitas (tabel 3)", "Tabel 3"]
    table, problems = read_workbook(path, ROLES, sheet="Tabel 3")
    assert problems == [] and table is not None and table.identity.nama == "Pelayanan Satu Tabel"


def test_the_letterhead_or_the_identity_in_the_page_header_is_read(tmp_path: Path) -> None:
    """Offices that put the letterhead (kop) in the page header, or the whole identity table in the first page's
    header ("Different First Page"): it is read before the body (before, the SOP had no Instansi, or no name)."""
    kop = ["PEMERINTAH KABUPATEN LOMBOK BARAT", "DINAS KOPERASI DAN UKM"]
    identity: list[list[object]] = [["Nama SOP", "Pelayanan Rekomendasi Usaha"], ["Nomor SOP", "800/45/DISKOP/2026"],
                                    ["Bidang", "Bidang Usaha Mikro"]]
    path = write_docx(tmp_path / "kop.docx", [identity, _flowchart()], header=kop)
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None
    assert (table.identity.pemerintah, table.identity.instansi, table.identity.nama) == (
        "PEMERINTAH KABUPATEN LOMBOK BARAT", "DINAS KOPERASI DAN UKM", "Pelayanan Rekomendasi Usaha")
    assert table.activities[0].sheet_row == 3  # the body's tables keep their numbers and rows
    # printed on every page, the letterhead belongs to every SOP of a book
    second: list[list[object]] = [["Nama SOP", "Pelayanan Kedua"], ["Bidang", "Bidang Usaha Mikro"]]
    path = write_docx(tmp_path / "buku kop.docx", [identity, _flowchart(), second, _flowchart()], header=kop)
    table, problems = read_workbook(path, ROLES, sheet="Tabel 4")
    assert problems == [] and table is not None
    assert (table.identity.instansi, table.identity.nama) == ("DINAS KOPERASI DAN UKM", "Pelayanan Kedua")
    spoilt = tmp_path / "spoilt header.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(spoilt, "w") as target:
        for item in source.infolist():
            target.writestr(item, b"<w:hdr" if item.filename == "word/header-default.xml" else source.read(item))
    table, problems = read_workbook(spoilt, ROLES, sheet="Tabel 4")  # a header that cannot be read is left out
    assert table is not None and table.identity.nama == "Pelayanan Kedua" and table.identity.instansi == ""
    path = write_docx(tmp_path / "first page.docx", [_flowchart()], header=["Halaman berikutnya"],
                      first_page_header=[IDENTITY_TABLE])
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None
    assert (table.identity.nama, table.identity.nomor, table.sheet) == (
        "Pelayanan Rekomendasi Usaha", "800/45/DISKOP/2026", "Tabel 1")


def _identity_of(name: str, nomor: str) -> list[list[object]]:
    identity = copy.deepcopy(IDENTITY_TABLE)
    identity[0][2], identity[4][2] = nomor, name
    return identity


def test_a_book_of_sops_in_one_document_offers_each_sop_with_its_own_identity(tmp_path: Path) -> None:
    """A Bidang's SOPs written one after another in one document, each an identity table and a flowchart table: each
    flowchart table is an SOP to choose (before, only the first was read and the others were dropped without a
    word), read with the identity written before it."""
    path = write_docx(tmp_path / "Buku SOP.docx", [
        "STANDAR OPERASIONAL PROSEDUR", IDENTITY_TABLE, _flowchart(),
        "STANDAR OPERASIONAL PROSEDUR", _identity_of("Pelayanan Izin Kedua", "800/46/DISKOP/2026"),
        _flowchart(time_of_four="3 Jam")])
    assert [sheet.title for sheet in read_word(path).worksheets] == [
        "Identitas (tabel 1)", "Tabel 1", "Tabel 2", "Identitas (tabel 3)", "Tabel 3", "Tabel 4"]
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None
    assert (table.sheet, table.identity.nama, table.activities[3].time.iso) == (  # type: ignore[union-attr]
        "Tabel 2", "Pelayanan Rekomendasi Usaha", "PT2H")
    assert (table.sheets, table.sheet_names) == (("Tabel 2", "Tabel 4"),
                                                 ("Pelayanan Rekomendasi Usaha", "Pelayanan Izin Kedua"))
    assert table.assumptions[0] == "Dokumen ini berisi 2 SOP (Tabel 2, Tabel 4); yang dibaca Tabel 2."
    table, problems = read_workbook(path, ROLES, sheet="Tabel 4")
    assert problems == [] and table is not None
    assert (table.identity.nama, table.identity.nomor, table.identity.sheet) == (
        "Pelayanan Izin Kedua", "800/46/DISKOP/2026", "Identitas (tabel 3)")
    assert [a.role for a in table.activities] == ["Pelaksana", "Pelaksana", "Pelaksana", "Kepala Seksi",
                                                  "Kepala Bidang"]
    assert table.activities[3].time.iso == "PT3H"  # type: ignore[union-attr]
    table, problems = read_workbook(path, ROLES, sheet="Identitas (tabel 3)")
    assert table is None and [str(p) for p in problems] == [
        "Berkas: lembar 'Identitas (tabel 3)' tidak ada atau tidak berisi tabel prosedur; lembar yang berisi tabel "
        "prosedur: Tabel 2, Tabel 4"]


def test_the_next_sop_right_after_a_flowchart_table_is_not_taken_for_its_next_page(tmp_path: Path) -> None:
    """The next SOP's flowchart table straight after this one's, its identity written as text: its numbering starts
    again, so it is another SOP, not this table carried on (which would run two SOPs together as one)."""
    next_page = [["6", "Mengarsipkan surat", Cell(shapes=(Shape(),)), None, None, None, "1 Jam", "Arsip", None]]
    path = write_docx(tmp_path / "Buku SOP.docx", [
        IDENTITY_TABLE, _flowchart(), "Nama SOP: Pelayanan Izin Ketiga", "Nomor SOP: 800/47/DISKOP/2026",
        _flowchart(), next_page])
    assert [sheet.title for sheet in read_word(path).worksheets] == [
        "Identitas (tabel 1)", "Tabel 1", "Tabel 2", "Identitas (teks)", "Tabel 3–4"]
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None and len(table.activities) == 5
    table, problems = read_workbook(path, ROLES, sheet="Tabel 3–4")  # carried on over its next page
    assert problems == [] and table is not None
    assert (table.identity.nama, table.identity.nomor, len(table.activities)) == (
        "Pelayanan Izin Ketiga", "800/47/DISKOP/2026", 6)


def test_an_sop_of_a_book_without_an_identity_of_its_own_does_not_borrow_another_ones(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "Buku SOP.docx", [IDENTITY_TABLE, _flowchart(), _flowchart()])
    table, problems = read_workbook(path, ROLES, sheet="Tabel 3")
    assert table is not None and table.identity.nama == "" and table.identity.nomor == ""
    assert [str(p) for p in problems][:1] == ["Tabel 3, kolom Nama SOP: Nama SOP belum diisi"]


def sop_book(path: Path, names: list[str], *, keys: list[str] | None = None, broken: str = "") -> Path:
    """A Bidang's book of SOPs in Word: per SOP a title, an identity table (with its process key from ``keys``) and a
    flowchart table with X marks; the SOP ``broken`` has a Waktu no one can read."""
    blocks: list[object] = []
    for number, name in enumerate(names):
        key = [["Kode proses", keys[number]]] if keys else []
        blocks += ["STANDAR OPERASIONAL PROSEDUR",
                   [["Nama SOP", name], *key, ["Instansi", "Dinas Uji"], ["Bidang", "Bidang A"]],
                   [["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu"],
                    ["1", f"Menerima berkas {name}", "X", None, "3 Hri" if name == broken else "1 jam"],
                    ["2", "Menyetujui", None, "X", "1 hari"]]]
    return write_docx(path, blocks)
