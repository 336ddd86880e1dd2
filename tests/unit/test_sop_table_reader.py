"""Reading SOP workbooks written the ways offices write them, and listing every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from engine.sop_table.model import RoleInfo, Target
from engine.sop_table.reader import read_workbook
from engine.sop_table.template import write_workbook

ROLES = [RoleInfo("pelaksana", "Pelaksana"), RoleInfo("jafung", "Jafung"), RoleInfo("kepala_seksi", "Kepala Seksi"),
         RoleInfo("kepala_bidang", "Kepala Bidang"), RoleInfo("sekretaris", "Sekretaris"), RoleInfo("kadis", "Kadis"),
         RoleInfo("pemohon", "Pemohon", external=True, recorded_by="pelaksana")]

IDENTITY = [("Nama SOP", "Pelayanan Uji"), ("Instansi", "Dinas Uji"), ("Bidang", "Bidang A"),
            ("Tanggal Efektif", "1 Januari 2026"),
            ("Dasar Hukum", "1. UU Nomor 25 Tahun 2009\n2. Perda Nomor 4 Tahun 2016")]


def _book(path: Path, header: list[list[object]], rows: list[list[object]], *, identity=IDENTITY,
          sheet: str = "Prosedur") -> Path:
    book = Workbook()
    ident = book.active
    ident.title = "Identitas"
    for row in identity:
        ident.append(list(row))
    table = book.create_sheet(sheet)
    for row in [*header, *rows]:
        table.append(row)
    book.save(path)
    return path


def test_the_strict_form(tmp_path: Path) -> None:
    path = _book(tmp_path / "a.xlsx",
                 [["No", "Kegiatan", "Pelaksana", "Kepala Bidang", "Kelengkapan", "Waktu", "Output", "Keterangan"]],
                 [[1, "Memeriksa berkas", "X", None, "KTP\nSurat permohonan", "30 Menit", "Berkas diperiksa", None],
                  [2, "Berkas lengkap?", "Keputusan", None, None, None, None, "Ya: 3; Tidak: 1"],
                  [3, "Menandatangani surat", None, "X", None, "1 Hari", "Nomor surat", None]])
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert table.identity.nama == "Pelayanan Uji"
    assert table.identity.tanggal_efektif == "2026-01-01"
    assert table.identity.dasar_hukum == ["UU Nomor 25 Tahun 2009", "Perda Nomor 4 Tahun 2016"]
    assert table.roles == ["Pelaksana", "Kepala Bidang"]
    first, decision, last = table.activities
    assert (first.role, first.requirements, first.time.iso, first.kind) == (
        "Pelaksana", ["KTP", "Surat permohonan"], "PT30M", "activity")
    assert (decision.kind, decision.yes, decision.no, decision.question, decision.time) == (
        "decision", Target(3), Target(1), "Berkas lengkap?", None)
    assert (last.role, last.time.iso) == ("Kepala Bidang", "P1D")


def test_office_variants_two_row_header_abbreviations_marks_and_wording(tmp_path: Path) -> None:
    header = [["NO", "  URAIAN KEGIATAN ", "PELAKSANA", None, None, None, None, "MUTU BAKU", None, None, "Ket"],
              [None, None, "Pemohon", "Staf", "Kasi", "Kabid", "Sekeretaris", "Persyaratan", "Wakt u", "Out Put",
               None]]
    rows = [["1.", "Mengajukan permohonan", "✓", None, None, None, None, "- KTP\n- NPWP", "15 mnt", "Permohonan", None],
            ["2.", "Memeriksa kelengkapan berkas", None, "v", None, None, None, None, "2 x 24 jam",
             "Tanggal pemeriksaan", "Jika tidak lengkap kembali ke kegiatan 1"],
            [None, None, None, None, None, None, None, "- Surat kuasa", None, None, None],
            ["3", "Memaraf konsep", None, None, "X", None, None, None, "3 jam", "Konsep diparaf", None],
            ["4", "Disetujui?", None, None, None, "◇", None, None, None, None, "Tidak: Selesai (permohonan ditolak)"],
            ["5", "Menandatangani surat izin", None, None, None, None, "x", None, "1 Hari", "SK izin", None]]
    table, problems = read_workbook(_book(tmp_path / "b.xlsx", header, rows, sheet="SOP"), ROLES)
    assert problems == []
    assert table is not None
    assert table.roles == ["Pemohon", "Pelaksana", "Kepala Seksi", "Kepala Bidang", "Sekretaris"]
    one, two, three, four, five = table.activities
    assert [a.number for a in table.activities] == [1, 2, 3, 4, 5]
    assert one.requirements == ["KTP", "NPWP"] and one.time.iso == "PT15M"
    assert (two.kind, two.no, two.question, two.time.iso, two.time.basis) == (
        "decision", Target(1), "Lengkap?", "P2D", "calendar")
    assert two.requirements == ["Surat kuasa"]  # continued on the row below
    assert (four.kind, four.no, four.yes, four.role) == ("decision", Target(None, "permohonan ditolak"), None,
                                                          "Kepala Bidang")
    assert (three.role, five.role) == ("Kepala Seksi", "Sekretaris")
    assert any("Sekeretaris" in note for note in table.assumptions)
    assert any("2 x 24 jam" in note for note in table.assumptions)


def test_one_sheet_with_the_identity_above_the_table(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Lembar1"
    for row in [["Nama SOP : Pelayanan Satu Lembar"], ["Instansi", "Dinas Uji"], ["Bidang", "Bidang A"], [],
                ["No", "Aktivitas", "Pelaksana", "Persyaratan", "Waktu", "Keluaran", "Keterangan"],
                [1, "Mencatat", "X", None, "1 jam", "Catatan", None]]:
        sheet.append(row)
    book.save(tmp_path / "c.xlsx")
    table, problems = read_workbook(tmp_path / "c.xlsx", ROLES)
    assert problems == []
    assert table.identity.nama == "Pelayanan Satu Lembar"
    assert [a.text for a in table.activities] == ["Mencatat"]


def test_every_problem_is_listed_at_once_with_sheet_row_and_column(tmp_path: Path) -> None:
    header = [["No", "Kegiatan", "Pelaksana", "Kabid", "Bendahara", "Kelengkapan", "Waktu", "Output", "Keterangan"]]
    rows = [[1, "Menerima berkas", "X", None, None, None, "30 Menit", None, None],
            [2, "Memeriksa berkas", "X", "X", None, None, "1 Hari", None, None],
            [3, "Memverifikasi", None, "X", None, None, None, None, None],
            [4, "Menyusun laporan", "X", None, None, None, None, None, None],
            [5, "Mengarsipkan", "X", None, None, None, "3 Hri", None, None],
            [6, "Lengkap?", None, "Keputusan", None, None, None, None, "Ya: 9"],
            [7, "Menyerahkan", None, None, None, None, "1 jam", None, None]]
    _table, problems = read_workbook(_book(tmp_path / "d.xlsx", header, rows, identity=[("Instansi", "Dinas")]), ROLES)
    said = [str(p) for p in problems]
    assert "Identitas, kolom Nama SOP: Nama SOP belum diisi" in said
    assert any(s.startswith("Prosedur baris 1, kolom Bendahara: kolom peran 'Bendahara' tidak menyebut peran yang "
                            "dikenal; peran yang dikenal: Pelaksana, Jafung") for s in said)
    assert any(s.startswith("Prosedur baris 3, kolom Pelaksana: lebih dari satu peran ditandai") for s in said)
    assert "Prosedur baris 4, kolom Waktu: kosong; isi waktu baku kegiatan (contoh: 30 Menit, 3 Jam, 2 Hari, " \
           "3 hari kerja, 1 minggu)" in said
    assert "Prosedur baris 6, kolom Waktu: '3 Hri' bukan waktu yang dikenal (contoh: 30 Menit, 3 Jam, 2 Hari, " \
           "3 hari kerja, 1 minggu)" in said
    assert any(s.startswith("Prosedur baris 7, kolom Keterangan: keputusan tanpa tujuan 'Tidak'") for s in said)
    assert any(s.startswith("Prosedur baris 7, kolom Keterangan: Ya menuju kegiatan 9, yang tidak ada") for s in said)
    assert any(s.startswith("Prosedur baris 8: tidak ada peran yang ditandai") for s in said)
    assert len(problems) == 9, said


def test_not_a_workbook_and_no_table(tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_text("bukan excel")
    assert "bukan buku kerja Excel" in str(read_workbook(tmp_path / "x.xlsx", ROLES)[1][0])
    book = Workbook()
    book.active.append(["Judul", "Isi"])
    book.save(tmp_path / "y.xlsx")
    table, problems = read_workbook(tmp_path / "y.xlsx", ROLES)
    assert table is None and "tidak ada lembar dengan tabel prosedur" in str(problems[0])


@pytest.mark.parametrize("name", ["SOP lama.xls", "SOP.et"])
def test_an_old_excel_or_another_spreadsheets_file_is_told_what_to_do(tmp_path: Path, name: str) -> None:
    """An .xls (Excel 97–2003) or a WPS .et: told to save it as .xlsx, not shown openpyxl's English error (a
    LibreOffice .ods is read: test_sop_table_ods.py)."""
    old = tmp_path / name
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    suffix = name.rsplit(".", 1)[1]
    assert [str(p) for p in read_workbook(old, ROLES)[1]] == [
        f'Berkas: berkas .{suffix} belum dapat dibaca; buka di Excel atau LibreOffice Calc dan simpan sebagai "Excel '
        'Workbook (.xlsx)"']


def test_the_template_has_drop_downs_and_its_filled_model_reads_without_problems(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    write_workbook(tmp_path / "t.xlsx", ROLES)
    book = load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames[:4] == ["Petunjuk", "Identitas", "Prosedur", "Contoh"]
    formulas = {dv.formula1 for dv in book["Prosedur"].data_validations.dataValidation}
    assert formulas == {"=Daftar!$A$1:$A$7", "=Daftar!$B$1:$B$2"}
    assert [book["Daftar"]["B1"].value, book["Daftar"]["B2"].value] == ["X", "Keputusan"]
    _template, problems = read_workbook(tmp_path / "t.xlsx", ROLES)
    assert [str(p) for p in problems] == ["Identitas, kolom Nama SOP: Nama SOP belum diisi",
                                          "Prosedur: tabel prosedur belum berisi kegiatan"]
    book["Identitas"]["B1"] = "Contoh"
    del book["Prosedur"]
    book["Contoh"].title = "Prosedur"
    book.save(tmp_path / "filled.xlsx")
    table, problems = read_workbook(tmp_path / "filled.xlsx", ROLES)
    assert problems == []
    assert [a.kind for a in table.activities] == ["activity", "decision", "activity", "activity", "activity"]
    assert table.activities[1].no == Target(1)
    assert table.activities[4].goto == Target(None)


@pytest.mark.parametrize("header", ["kegiatan", "KEGIATAN", " Kegiatan ", "Kegiatn", "Aktivitas", "Uraian Kegiatan"])
def test_header_spelling(tmp_path: Path, header: str) -> None:
    path = _book(tmp_path / "h.xlsx", [["No.", header, "pelaksana ", "waktu", "OUTPUT"]],
                 [[1, "Mencatat", "X", "1 jam", None]])
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table.activities[0].text == "Mencatat"


def test_disahkan_oleh_in_one_cell_and_a_decision_drawn_between_columns(tmp_path: Path) -> None:
    identity = [*IDENTITY, ("Disahkan oleh", "KEPALA DINAS UJI\nDrs. UJI COBA\nNIP. 19700101 199503 1 001")]
    path = _book(tmp_path / "e.xlsx", [["No", "Kegiatan", "Pelaksana", "Kadis", "Waktu", "Keterangan"]],
                 [[1, "Memeriksa berkas", "X", None, "1 jam", None],
                  [2, "Lengkap?", None, None, None, "Tidak: 1"],
                  [3, "Menandatangani", None, "X", "1 hari", None]], identity=identity)
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    approval = table.identity.disahkan_oleh
    assert (approval.jabatan, approval.nama, approval.nip) == ("KEPALA DINAS UJI", "Drs. UJI COBA",
                                                               "19700101 199503 1 001")
    assert (table.activities[1].kind, table.activities[1].role) == ("decision", "Pelaksana")
    assert any("Keputusan baris 3 tanpa tanda peran" in note for note in table.assumptions)


def test_the_lombok_barat_table_as_scanned(tmp_path: Path) -> None:
    """shared/sop-sources/001…, SOP 1: "Aktivitas", "Sek/Pro g", "Wakt u", "Out Put", a section as a column."""
    header = [["No", "Aktivitas", "Pelaksana", None, None, None, None, "Mutu Baku", None, None, "Ket"],
              [None, None, "Kabid", "Jafung", "Sek/Pro g", "Kadis", "Seksi Pengem- bangan Usaha", "Persyaratan",
               "Wakt u", "Out Put", None]]
    rows = [[1, "Penyusunan Program dan Kegiatan Seksi Fasilitasi Usaha Mikro", None, "X", None, None, None,
             "Membuat Proposal Bantuan Fasilitasi UMK (Lapak PKL)", "28 hari",
             "Tersedianya Kelengkapan Data Pengajuan proposal", None]]
    _table, problems = read_workbook(_book(tmp_path / "lobar.xlsx", header, rows), ROLES)
    assert [str(p) for p in problems] == [
        "Prosedur baris 2, kolom Seksi Pengem- bangan Usaha: kolom peran 'Seksi Pengem- bangan Usaha' tidak menyebut "
        "peran yang dikenal; peran yang dikenal: Pelaksana, Jafung, Kepala Seksi, Kepala Bidang, Sekretaris, Kadis, "
        "Pemohon (pihak luar). Tambahkan perannya (alur role create) atau pakai salah satu nama itu"]
    header[1][6] = "Kasi"
    table, problems = read_workbook(_book(tmp_path / "lobar2.xlsx", header, rows), ROLES)
    assert problems == []
    assert table.activities[0].role == "Jafung" and table.activities[0].time.iso == "P28D"
    assert table.activities[0].requirements == ["Membuat Proposal Bantuan Fasilitasi UMK (Lapak PKL)"]


def _one_sheet(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "SOP"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


SIUP_TABLE: list[list[object]] = [
    ["No", "Kegiatan", "Pelaksana", None, None, None, "Mutu Baku", None, None, "Ket"],
    [None, None, "Pemohon", "Staf Pelayanan", "Kasi Perizinan", "Kepala Dinas Koperasi", "Kelengkapan", "Waktu",
     "Output", None],
    [1, "Mengajukan permohonan", "√", None, None, None, "KTP, NPWP", "10 menit", "Berkas permohonan", None],
    [2, "Memeriksa berkas", None, "√", None, None, "Berkas permohonan", "30 mnt", "Berkas diperiksa", None],
    [3, "Membuat draf izin", None, None, "√", None, "Berkas lengkap", "1 (satu) hari", "Draf izin", None],
    [4, "Menandatangani izin", None, None, None, "√", "Draf izin", "2 jam", "Izin", None],
]


def test_a_role_column_may_name_its_field_and_the_title_row_names_the_sop(tmp_path: Path) -> None:
    """As another office writes it: one sheet, the SOP's name only in the title over the table, and role columns
    that carry their field ("Kasi Perizinan", "Staf Pelayanan")."""
    path = _one_sheet(tmp_path / "siup.xlsx", [
        ["PEMERINTAH KABUPATEN CONTOH"],
        ["STANDAR OPERASIONAL PROSEDUR PENERBITAN SURAT IZIN USAHA PERDAGANGAN"],
        ["Instansi", "Dinas Uji"], ["Bidang", "Bidang A"], [], *SIUP_TABLE])
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert table.identity.nama == "PENERBITAN SURAT IZIN USAHA PERDAGANGAN"
    assert table.roles == ["Pemohon", "Pelaksana", "Kepala Seksi", "Kadis"]
    assert [a.role for a in table.activities] == ["Pemohon", "Pelaksana", "Kepala Seksi", "Kadis"]
    said = " ".join(table.assumptions)
    assert "Nama SOP diambil dari judul" in said
    assert "'Kasi Perizinan' dibaca sebagai Kepala Seksi" in said
    assert "'Staf Pelayanan' dibaca sebagai Pelaksana" in said


def test_a_bare_sop_heading_takes_the_name_from_the_next_line_and_a_named_sop_keeps_its_name(tmp_path: Path) -> None:
    bare = _one_sheet(tmp_path / "a.xlsx", [["SOP"], ["Pelayanan Izin"], ["Instansi", "Dinas Uji"], [], *SIUP_TABLE])
    assert read_workbook(bare, ROLES)[0].identity.nama == "Pelayanan Izin"  # type: ignore[union-attr]
    form = _one_sheet(tmp_path / "f.xlsx", [["STANDAR OPERASIONAL PROSEDUR ADMINISTRASI PEMERINTAHAN (SOP AP)"],
                                            ["PELAYANAN NIB"], [], *SIUP_TABLE])
    assert read_workbook(form, ROLES)[0].identity.nama == "PELAYANAN NIB"  # type: ignore[union-attr]  # not the form
    named = _one_sheet(tmp_path / "b.xlsx", [["SOP PENERBITAN SIUP"], ["Nama SOP", "Penerbitan SIUP"], [], *SIUP_TABLE])
    table, _ = read_workbook(named, ROLES)
    assert table is not None and table.identity.nama == "Penerbitan SIUP"
    assert not any("judul" in note for note in table.assumptions)


def test_two_columns_of_one_role_in_different_fields_are_refused(tmp_path: Path) -> None:
    header = [["No", "Kegiatan", "Kasi Perizinan", "Kasi Pelayanan", "Waktu"]]
    rows: list[list[object]] = [[1, "Memeriksa", "X", None, "1 jam"], [2, "Mencatat", None, "X", "1 jam"]]
    path = _book(tmp_path / "c.xlsx", header, rows)
    _, problems = read_workbook(path, ROLES)
    assert ("Prosedur baris 1, kolom Kasi Pelayanan: kolom 'Kasi Pelayanan' dan 'Kasi Perizinan' sama-sama dibaca "
            "sebagai peran Kepala Seksi; buat peran untuk salah satunya (alur role create) atau gabungkan kedua kolom"
            ) in [str(p) for p in problems]


def test_a_word_that_only_starts_like_a_role_is_no_role(tmp_path: Path) -> None:
    header = [["No", "Kegiatan", "Pelaksana", "Bendahara Pengeluaran", "Waktu"]]
    path = _book(tmp_path / "d.xlsx", header, [[1, "Membayar", None, "X", "1 jam"]])
    _, problems = read_workbook(path, ROLES)
    assert any("'Bendahara Pengeluaran' tidak menyebut peran yang dikenal" in str(p) for p in problems)


def test_a_row_that_only_carries_on_the_text_above_is_part_of_that_activity(tmp_path: Path) -> None:
    """A long Kegiatan wrapped into a row of its own (no number, no mark, no time) continues the activity above;
    a row without a number that marks a role is still an activity of its own."""
    header = [["No.", "Uraian Prosedur", "Pelaksana", "Kasi", "Kabid", "Persyaratan", "Waktu", "Output", "Ket"]]
    rows: list[list[object]] = [
        ["1.", "Menerima berkas permohonan", "X", None, None, "KTP", "15 menit", "Berkas", None],
        [None, "dan mencatat di buku register", None, None, None, "NPWP", None, "Register", "di loket"],
        ["2)", "Memeriksa berkas", None, "X", None, None, "1 jam", "Berkas", None],
        [None, "Memberi paraf", None, "X", None, None, "5 menit", "Paraf", None],
        [None, "Berkas lengkap?", None, None, None, None, None, None, "Tidak: 1"],
        ["5", "Menandatangani", None, None, "X", None, "30 menit", "Surat", None]]
    table, problems = read_workbook(_book(tmp_path / "w.xlsx", header, rows), ROLES)
    assert problems == []
    assert table is not None
    first, *_ = table.activities
    assert (first.text, first.requirements, first.output, first.note) == (
        "Menerima berkas permohonan dan mencatat di buku register", ["KTP", "NPWP"], "Berkas; Register", "di loket")
    assert [(a.number, a.kind) for a in table.activities] == [(1, "activity"), (2, "activity"), (3, "activity"),
                                                              (4, "decision"), (5, "activity")]
    assert any("Baris 3 tanpa nomor, tanda peran dan waktu dibaca sebagai lanjutan kegiatan 1" in note
               for note in table.assumptions)


@pytest.mark.parametrize(("header", "cells", "isos"), [
    ("Waktu (Menit)", [15, "60"], ["PT15M", "PT60M"]),
    ("Waktu / jam", [2, "1,5"], ["PT2H", "PT90M"]),
    ("Lama (hari kerja)", [3, "2 jam"], ["P3D", "PT2H"]),  # a cell with its own unit keeps it
])
def test_a_unit_in_the_waktu_header_is_the_unit_of_bare_numbers(tmp_path: Path, header: str, cells: list[object],
                                                                 isos: list[str]) -> None:
    rows: list[list[object]] = [[1, "Menerima berkas", "X", cells[0]], [2, "Mencatat", "X", cells[1]]]
    table, problems = read_workbook(_book(tmp_path / "u.xlsx", [["No", "Kegiatan", "Pelaksana", header]], rows),
                                    ROLES)
    assert problems == []
    assert table is not None and [a.time.iso for a in table.activities if a.time] == isos


def test_longer_headers_are_read_by_their_words_and_a_role_keeps_its_column(tmp_path: Path) -> None:
    header = [["No Urut", "Nama Kegiatan", "Pelaksana", "Petugas Dokumen", "Bahan/Dokumen", "Standar Waktu",
               "Keluaran (Output)", "Keterangan/Catatan"]]
    rows: list[list[object]] = [[1, "Menerima berkas", "X", None, "KTP", "15 menit", "Berkas", "di loket"]]
    table, problems = read_workbook(_book(tmp_path / "h.xlsx", header, rows), ROLES)
    # "Petugas Dokumen" is a role column Alur does not know (not a Kelengkapan column that ends the roles).
    assert [p.column for p in problems] == ["Petugas Dokumen"]
    assert table is not None
    [activity] = table.activities
    assert (activity.requirements, activity.time.iso, activity.output, activity.note) == (  # type: ignore[union-attr]
        ["KTP"], "PT15M", "Berkas", "di loket")
    assert any("'Standar Waktu' dibaca sebagai Waktu" in note for note in table.assumptions)



@pytest.mark.parametrize("kegiatan", ["Rincian Kegiatan", "Deskripsi Kegiatan", "Uraian Pekerjaan", "Uraian Tugas"])
def test_other_offices_words_for_the_kegiatan_column_are_read(tmp_path: Path, kegiatan: str) -> None:
    table, problems = read_workbook(_book(tmp_path / "k.xlsx", [["No", kegiatan, "Pelaksana", "Waktu"]],
                                          [[1, "Menerima berkas", "X", "1 jam"]]), ROLES)
    assert problems == [] and table is not None and table.activities[0].text == "Menerima berkas"

def test_the_identity_laid_out_as_the_printed_sop_ap_form(tmp_path: Path) -> None:
    """The identity as the form prints it: the letterhead on the left, label and value pairs on the right, and
    "Dasar Hukum | Kualifikasi Pelaksana" side by side over their lists."""
    form: list[tuple[object, ...]] = [
        ("PEMERINTAH KABUPATEN LOMBOK BARAT\nDINAS KOPERASI DAN UKM\nJl. Soekarno Hatta No. 1, Gerung", None,
         "Nomor SOP", "800/123/DISKOP/2026"),
        (None, None, "Tanggal Pembuatan", "2 Januari 2026"),
        (None, None, "Tanggal Revisi", "-"),
        (None, None, "Tanggal Efektif", "1 Februari 2026"),
        (None, None, "Disahkan oleh", "KEPALA DINAS KOPERASI DAN UKM\nH. LALU UJI\nNIP. 19700101 199503 1 001"),
        ("BIDANG USAHA MIKRO", None, "Nama SOP", "Pelayanan NIB melalui OSS"),
        ("Dasar Hukum", None, "Kualifikasi Pelaksana", None),
        ("1. UU Nomor 20 Tahun 2008\n2. PP Nomor 5 Tahun 2021", None, "1. Memahami OSS\n2. Mampu mengoperasikan "
         "komputer", None),
        ("Keterkaitan", None, "Peralatan/Perlengkapan", None),
        ("SOP Pelayanan Izin Usaha", None, "1. Komputer", None),
        (None, None, "2. Jaringan internet", None),
        ("Peringatan", None, "Pencatatan dan Pendataan", None),
        ("Bila tidak dilaksanakan, pelaku usaha tidak memperoleh NIB", None, "Buku register", None),
    ]
    path = _book(tmp_path / "form.xlsx", [["No", "Kegiatan", "Pelaksana", "Waktu"]],
                 [[1, "Memeriksa berkas", "X", "30 Menit"]], identity=form)
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    identity = table.identity
    assert (identity.nama, identity.nomor) == ("Pelayanan NIB melalui OSS", "800/123/DISKOP/2026")
    assert (identity.tanggal_pembuatan, identity.tanggal_revisi, identity.tanggal_efektif) == (
        "2026-01-02", None, "2026-02-01")
    approval = identity.disahkan_oleh
    assert (approval.jabatan, approval.nama, approval.nip) == ("KEPALA DINAS KOPERASI DAN UKM", "H. LALU UJI",
                                                               "19700101 199503 1 001")
    assert identity.dasar_hukum == ["UU Nomor 20 Tahun 2008", "PP Nomor 5 Tahun 2021"]
    assert identity.kualifikasi_pelaksana == ["Memahami OSS", "Mampu mengoperasikan komputer"]
    assert identity.keterkaitan == ["SOP Pelayanan Izin Usaha"]
    assert identity.peralatan_perlengkapan == ["Komputer", "Jaringan internet"]
    assert identity.peringatan == ["Bila tidak dilaksanakan, pelaku usaha tidak memperoleh NIB"]
    assert identity.pencatatan_pendataan == ["Buku register"]
    assert (identity.pemerintah, identity.instansi, identity.unit, identity.alamat) == (
        "PEMERINTAH KABUPATEN LOMBOK BARAT", "DINAS KOPERASI DAN UKM", "BIDANG USAHA MIKRO",
        "Jl. Soekarno Hatta No. 1, Gerung")
    said = " ".join(table.assumptions)
    assert "Instansi diambil dari kop: 'DINAS KOPERASI DAN UKM'" in said
    assert "Bidang diambil dari kop: 'BIDANG USAHA MIKRO'" in said


def test_labels_side_by_side_take_the_values_under_them_and_a_label_beats_the_letterhead(tmp_path: Path) -> None:
    path = _one_sheet(tmp_path / "side.xlsx", [
        ["DINAS KOPERASI DAN UKM"],
        ["Nama SOP", "Nomor SOP", "Tanggal Efektif"],
        ["Pelayanan Uji", "800/1/2026", "1 Maret 2026"],
        ["Instansi", "Dinas Uji"], ["Bidang", "Bidang A"],
        ["Jadwal mulai"],  # left empty, then a blank row: what follows is not its value
        [],
        ["Catatan penyusun"],
        [], *SIUP_TABLE])
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    identity = table.identity
    assert (identity.nama, identity.nomor, identity.tanggal_efektif) == ("Pelayanan Uji", "800/1/2026", "2026-03-01")
    assert (identity.instansi, identity.unit, identity.jadwal_mulai) == ("Dinas Uji", "Bidang A", None)
    assert not any("kop" in note for note in table.assumptions)


def test_a_label_in_a_cell_of_its_own_with_an_unreadable_date_below_is_located_there(tmp_path: Path) -> None:
    path = _one_sheet(tmp_path / "date.xlsx", [
        ["Nama SOP", "Tanggal Efektif"], ["Pelayanan Uji", "besok pagi"], ["Instansi", "Dinas Uji"],
        ["Bidang", "Bidang A"], [], *SIUP_TABLE])
    _table, problems = read_workbook(path, ROLES)
    assert [str(p) for p in problems] == [
        "SOP baris 2, kolom Tanggal Efektif: 'besok pagi' bukan tanggal yang dikenal (contoh: 1 Januari 2026 atau "
        "2026-01-01)"]


def test_a_table_with_no_role_marked_at_all_is_told_why_once(tmp_path: Path) -> None:
    """A table copied from Word keeps its text but not the flowchart's drawn shapes: every role cell is empty."""
    header = [["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu"]]
    rows: list[list[object]] = [[1, "Memeriksa berkas", None, None, "1 jam"], [2, "Mencatat", None, None, "3 Hri"],
                                [3, "Menandatangani", None, None, "1 hari"]]
    _table, problems = read_workbook(_book(tmp_path / "copied.xlsx", header, rows), ROLES)
    assert [str(p) for p in problems] == [
        "Prosedur baris 2: tidak satu pun kegiatan punya tanda di kolom peran (Pelaksana, Kepala Bidang). Simbol bagan "
        "alir yang digambar (kotak, belah ketupat) tidak ikut bila tabel disalin dari Word atau PDF, dan tidak terbaca "
        "bila bagan alir digambar sebagai satu gambar di atas tabel: beri tanda X di kolom peran yang melaksanakan "
        "setiap kegiatan",
        "Prosedur baris 3, kolom Waktu: '3 Hri' bukan waktu yang dikenal (contoh: 30 Menit, 3 Jam, 2 Hari, "
        "3 hari kerja, 1 minggu)"]
    rows[0][2] = "X"  # one row marked: the others are told one by one
    _table, problems = read_workbook(_book(tmp_path / "one.xlsx", header, rows), ROLES)
    assert [p.row for p in problems if "tidak ada peran yang ditandai" in str(p)] == [3, 4]


def test_start_and_end_capsules_and_a_decision_between_numbered_rows(tmp_path: Path) -> None:
    """The way a flowchart printed with its start and end reads (Alur's own SOP AP among them): a row of its own with
    only "Mulai" or "Selesai" in a role column is the start or the end, no step; a "Selesai" drawn beside a decision
    is where a branch ends, not a second role; an unnumbered decision between rows 1 and 2 takes a number no row has,
    so "lanjut ke kegiatan 2" still means the row numbered 2."""
    path = _book(tmp_path / "a.xlsx",
                 [["No", "Kegiatan", "Pelaksana", None, "Mutu Baku", "Keterangan"],
                  [None, None, "Pelaksana", "Kepala Bidang", "Waktu", None]],
                 [[None, "Pemohon datang", "Mulai", None, None, None],
                  [1, "Memeriksa berkas", "Kotak", None, "30 Menit", None],
                  [None, "Berkas lengkap?", "◇", "Selesai", None, "Ya: lanjut ke kegiatan 2. Tidak: selesai"],
                  [2, "Menandatangani surat", None, "Kotak", "1 Hari", None],
                  [None, "Surat terbit", None, "Selesai", None, None]])
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert [(a.number, a.text, a.role, a.kind) for a in table.activities] == [
        (1, "Memeriksa berkas", "Pelaksana", "activity"), (3, "Berkas lengkap?", "Pelaksana", "decision"),
        (2, "Menandatangani surat", "Kepala Bidang", "activity")]
    decision = table.activities[1]
    assert (decision.yes, decision.no) == (Target(2), Target(None))
    assert "Baris 5 tidak bernomor; dianggap kegiatan 3." in table.assumptions


@pytest.mark.parametrize(("header", "role"), [
    # echelon IV under a Sekretariat or a Bidang: never the Kepala Bidang their words resemble
    ("Kepala Sub Bidang", "Kepala Seksi"), ("Kepala Sub Bagian Umum", "Kepala Seksi"), ("Kasubbag TU", "Kepala Seksi"),
    ("Kepala Bagian Umum", "Kepala Bidang"),
    # the heads and secretaries of other kinds of office
    ("Kepala Kantor", "Kadis"), ("Camat", "Kadis"), ("Lurah", "Kadis"), ("Kepala Desa", "Kadis"),
    ("Sekretaris Camat", "Sekretaris"),
    # staff positions (2024 nomenclature) and the front desk
    ("Pengadministrasi Umum", "Pelaksana"), ("Pengolah Data", "Pelaksana"),
    ("Pengelola Layanan Operasional", "Pelaksana"), ("Penata Layanan Operasional", "Pelaksana"),
    ("Front Office", "Pelaksana"), ("Customer Service", "Pelaksana"),
    # functional positions by family
    ("Analis Perdagangan Ahli Muda", "Jafung"), ("Pranata Komputer", "Jafung"), ("Arsiparis", "Jafung"),
    ("Penyuluh Koperasi", "Jafung"),
])
def test_role_columns_as_other_offices_head_them(header: str, role: str) -> None:
    from engine.sop_table.headers import match_role

    found, _approximate = match_role(header, ROLES)
    assert found is not None and found.name == role


def test_a_position_alias_does_not_reach_a_role_that_is_not_there() -> None:
    """"Bendahara" or "Kepala UPTD" are no role of these: the import asks for the role to be created, not a guess."""
    from engine.sop_table.headers import match_role

    assert [match_role(h, ROLES)[0] for h in ("Bendahara", "Kepala UPTD", "Tim Teknis")] == [None, None, None]


def several_sops(path: Path, names: list[str], *, keys: list[str] | None = None, broken: str = "") -> Path:
    """A Bidang's workbook: one SOP per sheet (named after it), each with its identity above its table; the sheet
    ``broken`` has a Waktu no one can read."""
    book = Workbook()
    book.remove(book.active)
    for number, name in enumerate(names):
        sheet = book.create_sheet(name)
        for row in [["Nama SOP", name], *([["Kode proses", keys[number]]] if keys else []),
                    ["Instansi", "Dinas Uji"], ["Bidang", "Bidang A"], [],
                    ["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu"],
                    [1, f"Menerima berkas {name}", "X", None, "3 Hri" if name == broken else "1 jam"],
                    [2, "Menyetujui", None, "X", "1 hari"]]:
            sheet.append(row)
    book.create_sheet("Petunjuk").append(["No", "Kegiatan", "cara mengisi"])  # instructions: no SOP
    book.save(path)
    return path


def test_a_workbook_of_several_sops_reads_the_one_asked_for_and_names_the_others(tmp_path: Path) -> None:
    path = several_sops(tmp_path / "bidang.xlsx", ["Pelayanan NIB", "Fasilitasi KUR", "Pelatihan UMKM"])
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None
    assert (table.identity.nama, table.sheet) == ("Pelayanan NIB", "Pelayanan NIB")
    assert table.sheets == ("Pelayanan NIB", "Fasilitasi KUR", "Pelatihan UMKM")
    assert table.sheet_names == table.sheets  # each sheet's Nama SOP, to choose by
    assert table.assumptions[0] == ("Buku kerja ini berisi 3 tabel prosedur (lembar Pelayanan NIB, Fasilitasi KUR, "
                                    "Pelatihan UMKM); yang dibaca lembar 'Pelayanan NIB'.")
    table, problems = read_workbook(path, ROLES, sheet="Fasilitasi KUR")
    assert problems == [] and table is not None
    assert (table.identity.nama, table.activities[0].text) == ("Fasilitasi KUR", "Menerima berkas Fasilitasi KUR")
    for wrong in ("Petunjuk", "Tidak ada"):
        table, problems = read_workbook(path, ROLES, sheet=wrong)
        assert table is None and [str(p) for p in problems] == [
            f"Berkas: lembar '{wrong}' tidak ada atau tidak berisi tabel prosedur; lembar yang berisi tabel prosedur: "
            "Pelayanan NIB, Fasilitasi KUR, Pelatihan UMKM"]
    table, _problems = read_workbook(_book(tmp_path / "one.xlsx", [["No", "Kegiatan", "Pelaksana", "Waktu"]],
                                           [[1, "Menerima berkas", "X", "1 jam"]]), ROLES)
    assert table is not None and (table.sheet, table.sheets) == ("Prosedur", ())


def test_a_decisions_dash_in_the_waktu_is_no_time_but_an_activitys_is_a_problem(tmp_path: Path) -> None:
    header = [["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu", "Keterangan"]]
    rows: list[list[object]] = [[1, "Memeriksa berkas", "X", None, "1 jam", None],
                                [2, "Berkas lengkap?", "◇", None, "-", "Tidak: kembali ke kegiatan 1"],
                                [3, "Menandatangani", None, "X", "—", None]]
    table, problems = read_workbook(_book(tmp_path / "dash.xlsx", header, rows), ROLES)
    assert table is not None and table.activities[1].time is None
    assert [str(p) for p in problems] == [
        "Prosedur baris 4, kolom Waktu: '—' tidak menyebut lama kegiatan; setiap kegiatan perlu waktu baku agar "
        "keterlambatannya terlihat: tulis lama yang biasa (contoh: 30 Menit, 3 Jam, 2 Hari, 3 hari kerja, 1 minggu)"]


def test_the_colon_between_a_label_and_its_value_is_no_part_of_it(tmp_path: Path) -> None:
    """"No. SOP | : | 470/…", the colon in a cell of its own or leading the value's cell, as offices type the identity:
    dates read, lists keep their items, nothing starts with ':'."""
    path = _one_sheet(tmp_path / "colon.xlsx", [
        ["No. SOP", ":", "470/01/DUKCAPIL/2026"], ["Tgl. Pembuatan", ":", "5 Januari 2026"],
        ["Tgl. Efektif", ":", "1 Februari 2026"], ["Judul SOP", ":", "Penerbitan Akta Kelahiran"],
        ["Instansi", ": Dinas Uji"], ["Bidang", "：", "Bidang A"], ["Dasar Hukum", ":", "1. UU 24/2013"],
        [None, None, "2. PP 40/2019"], ["Peralatan/Perlengkapan", ": Komputer"], ["Keterkaitan", ":", "-"], [],
        ["No", "Kegiatan", "Pelaksana", "Waktu"], [1, "Menerima berkas", "X", "15 menit"]])
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None
    identity = table.identity
    assert (identity.nomor, identity.nama, identity.instansi, identity.unit) == (
        "470/01/DUKCAPIL/2026", "Penerbitan Akta Kelahiran", "Dinas Uji", "Bidang A")
    assert (identity.tanggal_pembuatan, identity.tanggal_efektif) == ("2026-01-05", "2026-02-01")
    assert (identity.dasar_hukum, identity.peralatan_perlengkapan, identity.keterkaitan) == (
        ["UU 24/2013", "PP 40/2019"], ["Komputer"], [])


@pytest.mark.parametrize("numbers", [["(1)", "(2)", "(3)", "(4)", "(5)"], ["1.", "2.", "3.", "4.", "5."],
                                     ["[1]", "[2]", "[3]", "[4]", "[5]"], [1, 2, 3, 4, 5]])
def test_the_row_of_column_numbers_under_the_header_is_skipped(tmp_path: Path, numbers: list[object]) -> None:
    """Under a one-row or a two-row header, however the office writes the numbers."""
    rows: list[list[object]] = [numbers, [1, "Menerima berkas", "X", None, "15 menit"],
                                [2, "Menyetujui", None, "X", "1 hari"]]
    for name, header in (("one", [["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu"]]),
                         ("two", [["No", "Kegiatan", "Pelaksana", None, "Mutu Baku"],
                                  [None, None, "Pelaksana", "Kabid", "Waktu"]])):
        table, problems = read_workbook(_book(tmp_path / f"{name}.xlsx", header, rows), ROLES)
        assert problems == [], (name, [str(p) for p in problems])
        assert table is not None and [(a.number, a.role) for a in table.activities] == [
            (1, "Pelaksana"), (2, "Kepala Bidang")]


@pytest.mark.parametrize(("kegiatan", "yes", "no", "question"), [
    ("Memeriksa kelengkapan berkas. Jika tidak lengkap, dikembalikan ke pemohon (kembali ke no. 1)", None, Target(1),
     "Lengkap?"),
    ("Berkas lengkap? Ya: ke 3; Tidak: ke 1", Target(3), Target(1), "Berkas lengkap?"),
])
def test_a_decision_whose_kegiatan_says_where_its_branches_go(
        tmp_path: Path, kegiatan: str, yes: Target | None, no: Target, question: str) -> None:
    """Offices often write the routing in the decision's own text: read from there when nothing else says it, the
    question without the routing words, and said among the assumptions."""
    header = [["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu", "Keterangan"]]
    rows: list[list[object]] = [[1, "Menerima berkas", "X", None, "10 menit", None],
                                [2, kegiatan, "◇", None, "10 menit", "dicatat di buku register"],
                                [3, "Menandatangani", None, "X", "1 hari", None]]
    table, problems = read_workbook(_book(tmp_path / "text.xlsx", header, rows), ROLES)
    assert problems == [] and table is not None
    decision = table.activities[1]
    assert (decision.kind, decision.yes, decision.no, decision.question, decision.note, decision.text) == (
        "decision", yes, no, question, "dicatat di buku register", kegiatan)
    assert f"Tujuan cabang keputusan 2 dibaca dari teks Kegiatan: '{kegiatan}'." in table.assumptions


def test_a_header_written_again_where_a_printed_page_begins_is_skipped(tmp_path: Path) -> None:
    header = [["NO", "URAIAN KEGIATAN", "PELAKSANA", None, "MUTU BAKU", None],
              [None, None, "Staf", "Kabid", "Waktu", "Output"], ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]]
    rows: list[list[object]] = [[1, "Menerima berkas", "X", None, "10 menit", "Berkas"],
                                [2, "Memeriksa berkas", "X", None, "1 jam", "Berkas"],
                                *header, [3, "Menandatangani", None, "X", "1 hari", "Surat"]]
    table, problems = read_workbook(_book(tmp_path / "pages.xlsx", header, rows), ROLES)
    assert problems == [] and table is not None
    assert [(a.number, a.role) for a in table.activities] == [(1, "Pelaksana"), (2, "Pelaksana"), (3, "Kepala Bidang")]
    assert "Baris judul tabel yang diulang (baris 6, 7) dilewati." in table.assumptions


def test_the_signature_block_and_notes_under_the_table_are_no_part_of_the_last_step(tmp_path: Path) -> None:
    """Past a blank row, rows with nothing of a step (no number, mark or time) are the page's foot: before, the
    signature block was read into the last step's Output and a note under the No column was a problem."""
    header = [["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu", "Output"]]
    rows: list[list[object]] = [
        [1, "Menerima berkas", "X", None, "10 menit", "Berkas"], [2, "Menandatangani", None, "X", "1 hari", "Surat"],
        [], [None, None, None, None, None, "Gerung, 2 Januari 2026"], [None, None, None, None, None, "Kepala Dinas"],
        [], [None, None, None, None, None, "NIP. 19700101 199503 1 001"], [], ["Catatan:"],
        [None, "Simbol kotak = kegiatan"]]
    table, problems = read_workbook(_book(tmp_path / "foot.xlsx", header, rows), ROLES)
    assert problems == [] and table is not None
    assert [(a.number, a.output) for a in table.activities] == [(1, "Berkas"), (2, "Surat")]
    assert "Baris 5–11 di bawah tabel (tanda tangan, catatan) tidak dibaca sebagai kegiatan." in table.assumptions
    rows[3:] = [[], [3, "Mengarsipkan", "X", None, "1 jam", "Arsip"]]  # past a blank row, a step is a step
    table, problems = read_workbook(_book(tmp_path / "gap.xlsx", header, rows), ROLES)
    assert problems == [] and table is not None and [a.number for a in table.activities] == [1, 2, 3]


def test_invisible_characters_copied_with_the_text_change_nothing(tmp_path: Path) -> None:
    """Text pasted from a web page or a chat carries no-break and zero-width spaces and byte-order marks: "1\u200b"
    is still the number 1 (it was "not a number"), "10\u00a0menit" still ten minutes."""
    header = [["No\u200b", "Kegiatan", "Pelaksana", "Kabid\u00a0", "Waktu"]]
    rows: list[list[object]] = [["1\u200b", "Menerima\u00a0berkas", "X", None, "10\u00a0menit"],
                                ["\ufeff2", "Menandatangani", None, "X", "1 hari\u200b"]]
    table, problems = read_workbook(_book(tmp_path / "pasted.xlsx", header, rows), ROLES)
    assert problems == [] and table is not None
    assert [(a.number, a.text, a.role, a.time.iso if a.time else None) for a in table.activities] == [
        (1, "Menerima berkas", "Pelaksana", "PT10M"), (2, "Menandatangani", "Kepala Bidang", "P1D")]


@pytest.mark.parametrize("mark", ["◇", "◆", "♦", "◊", "⧫", "<>", "Keputusan", "Belah ketupat"])
def test_a_decision_marked_as_offices_type_a_diamond(tmp_path: Path, mark: str) -> None:
    header = [["No", "Kegiatan", "Pelaksana", "Kabid", "Waktu", "Keterangan"]]
    rows: list[list[object]] = [[1, "Menerima berkas", "√", None, "10 menit", None],
                                [2, "Memeriksa kelengkapan", mark, None, "10 menit", None],
                                [3, "Menandatangani", None, "√", "1 hari", None]]
    table, problems = read_workbook(_book(tmp_path / "mark.xlsx", header, rows), ROLES)
    assert table is not None
    assert [(a.role, a.kind) for a in table.activities] == [
        ("Pelaksana", "activity"), ("Pelaksana", "decision"), ("Kepala Bidang", "activity")]
    assert [p.row for p in problems if "keputusan tanpa tujuan 'Tidak'" in str(p)] == [3]  # only the mark says so
