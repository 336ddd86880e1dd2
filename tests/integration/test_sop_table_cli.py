"""`alur sop template | import | export` on the command line: what an office types, what it is told."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from engine.cli.main import cli


@pytest.fixture
def run(prepared_database: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", prepared_database)
    return lambda *args: CliRunner().invoke(cli, ["sop", *args])


def test_template_then_a_broken_import_lists_every_problem_and_writes_nothing(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    template = tmp_path / "templat.xlsx"
    result = run("template", str(template))
    assert result.exit_code == 0, result.output
    book = load_workbook(template)
    assert {"Petunjuk", "Identitas", "Prosedur", "Contoh"} <= set(book.sheetnames)
    book["Identitas"]["B1"] = "SOP Uji CLI"
    sheet = book["Prosedur"]
    headers = [c.value for c in sheet[1]]
    sheet.cell(2, 1, 1)
    sheet.cell(2, 2, "Menerima berkas")
    sheet.cell(2, headers.index("Waktu") + 1, "3 Hri")
    sheet.cell(3, 1, 2)
    sheet.cell(3, 2, "Memeriksa berkas")
    sheet.cell(3, 3, "X")
    sheet.cell(3, headers.index("Waktu") + 1, "1 jam")
    book.save(template)
    out = tmp_path / "processes"
    result = run("import", str(template), "--out", str(out))
    assert result.exit_code == 1
    assert "Gagal: 2 masalah; tidak ada yang ditulis." in result.output
    assert "Prosedur baris 2: tidak ada peran yang ditandai" in result.output
    assert "Prosedur baris 2, kolom Waktu: '3 Hri' bukan waktu yang dikenal" in result.output
    assert not out.exists()


def test_export_import_of_a_registered_sop_and_an_unknown_key(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workbook = tmp_path / "nib.xlsx"
    result = run("export", "pelayanan_nib_oss", str(workbook))
    assert result.exit_code == 0, result.output
    result = run("import", str(workbook), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "pelayanan_nib_oss: 5 langkah ditulis" in result.output
    assert "Belum didaftarkan" in result.output
    assert (tmp_path / "out" / "pelayanan_nib_oss" / "process.bpmn").is_file()
    result = run("export", "tidak_ada", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 1 and "tidak ditemukan" in result.output


def test_a_database_never_migrated_is_named_not_traced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`alur sop template` (or any command that reads a table) on a database `alur db upgrade` never ran on
    printed a page of SQLAlchemy traceback ending in "no such table: roles"."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'kosong.db'}")
    result = CliRunner().invoke(cli, ["sop", "template", str(tmp_path / "templat.xlsx")])
    assert result.exit_code == 1
    assert "alur db upgrade" in result.output and "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_an_sop_ap_written_in_word_imports_on_the_command_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from unit.test_sop_table_word import IDENTITY_TABLE, _flowchart
    from word_support import write_docx

    document = write_docx(tmp_path / "SOP Rekomendasi.docx", [IDENTITY_TABLE, _flowchart()])
    out = tmp_path / "processes"
    result = run("import", str(document), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "pelayanan_rekomendasi_usaha: 4 langkah ditulis" in result.output  # the decision is asked in step 2
    assert "Instansi diambil dari kop: 'DINAS KOPERASI DAN UKM'" in result.output
    assert (out / "pelayanan_rekomendasi_usaha" / "process.bpmn").is_file()


def test_an_sop_ap_saved_as_pdf_imports_on_the_command_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    document = Path(__file__).resolve().parent.parent / "data" / "sop_printed_to_pdf_by_libreoffice.pdf"
    out = tmp_path / "processes"
    result = run("import", str(document), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "pelayanan_rekomendasi_usaha_mikro: " in result.output
    assert "Pemerintah diambil dari kop: 'PEMERINTAH KABUPATEN LOMBOK BARAT'" in result.output
    assert (out / "pelayanan_rekomendasi_usaha_mikro" / "process.bpmn").is_file()


@pytest.mark.parametrize("name", ["sop_drawn_in_libreoffice_calc", "sop_drawn_with_a_tidak_arrow_in_libreoffice_calc"])
def test_an_sop_ap_drawn_in_a_spreadsheet_imports_and_its_process_runs(  # type: ignore[no-untyped-def]
        run, db, tmp_path: Path, name: str) -> None:
    """The SOP AP drawn in LibreOffice Calc (tests/data/: symbols as shapes over the table, no typed mark; in the
    second, the decision's "Tidak" only drawn, as an arrow back) becomes a process whose every path the dry run
    walks to an end."""
    from lxml import etree

    from engine.services.definitions import check_processes

    workbook = Path(__file__).resolve().parent.parent / "data" / f"{name}.xlsx"
    out = tmp_path / "processes"
    result = run("import", str(workbook), "--out", str(out))
    assert result.exit_code == 0, result.output
    key = "penerbitan_surat_keterangan_domisili_usaha"
    assert f"{key}: 5 langkah ditulis" in result.output
    [bundle] = check_processes(db, out / key)
    lanes = {lane.get("name"): len(lane) for lane in etree.fromstring(bundle.bpmn_xml.encode())
             .iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}lane")}
    assert list(lanes) == ["Pelaksana", "Kepala Seksi", "Kepala Bidang"]
    assert bundle.dry_run is not None and not bundle.dry_run.problems
    assert {m[0] for j in bundle.dry_run.journeys for m in j.moves if m[0].endswith("_gw")}


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_an_sop_ap_grouped_in_word_imports_and_its_process_runs(  # type: ignore[no-untyped-def]
        run, db, tmp_path: Path, suffix: str) -> None:
    """The SOP AP written in LibreOffice Writer with its flowchart one group over the table (tests/data/), the
    decision's "Tidak" only an arrow back, as a document and printed to PDF: every path of its process reaches an
    end."""
    from lxml import etree

    from engine.services.definitions import check_processes

    data = Path(__file__).resolve().parent.parent / "data"
    document = data / f"sop_drawn_as_one_group_in_libreoffice_writer.{suffix}"
    out = tmp_path / "processes"
    result = run("import", str(document), "--out", str(out))
    assert result.exit_code == 0, result.output
    key = "pelayanan_rekomendasi_digambar_satu_grup"
    assert f"{key}: 5 langkah ditulis" in result.output
    assert "Tujuan 'Tidak' keputusan 3 dibaca dari panah bagan alir: kegiatan 1" in result.output
    [bundle] = check_processes(db, out / key)
    lanes = [lane.get("name") for lane in etree.fromstring(bundle.bpmn_xml.encode())
             .iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}lane")]
    assert lanes == ["Pelaksana", "Kepala Seksi", "Kepala Bidang"]
    assert bundle.dry_run is not None and not bundle.dry_run.problems
    assert len(bundle.dry_run.journeys) >= 2  # the "Tidak" back to activity 1 is a path of its own


def test_a_book_of_sops_in_word_imports_one_sop_at_a_time(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A document holding a Bidang's SOPs: the first is imported, and the command lines that import the others are
    printed with the Nama SOP of each; --sheet names a flowchart table as the import calls it."""
    from unit.test_sop_table_word import sop_book

    book = sop_book(tmp_path / "Buku SOP Bidang A.docx", ["Pelayanan NIB", "Fasilitasi KUR", "Pelatihan UMKM"])
    out = tmp_path / "processes"
    result = run("import", str(book), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "pelayanan_nib: 2 langkah ditulis" in result.output
    assert ("'Tabel 2' yang dibaca; berkas ini berisi SOP lain juga, impor masing-masing dengan --sheet (atau "
            "semuanya dengan --all):" in result.output)
    assert f"  alur sop import '{book}' --sheet 'Tabel 4'   # Fasilitasi KUR" in result.output
    assert f"  alur sop import '{book}' --sheet 'Tabel 6'   # Pelatihan UMKM" in result.output
    result = run("import", str(book), "--out", str(out), "--sheet", "Tabel 6")
    assert result.exit_code == 0, result.output
    assert "pelatihan_umkm: 2 langkah ditulis" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["pelatihan_umkm", "pelayanan_nib"]


def test_a_book_of_sops_is_imported_whole_or_not_at_all(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``--all`` imports every SOP of a book, all checked first: one SOP's problem (or two SOPs with one name) is told
    with its table, and nothing of the others is written."""
    from unit.test_sop_table_word import sop_book

    out = tmp_path / "processes"
    names = ["Pelayanan Buku Satu", "Pelayanan Buku Dua", "Pelayanan Buku Tiga"]
    broken = sop_book(tmp_path / "rusak.docx", names, broken="Pelayanan Buku Dua")
    result = run("import", str(broken), "--out", str(out), "--all")
    assert result.exit_code == 1
    assert "  - Tabel 4 baris 2, kolom Waktu: '3 Hri' bukan waktu yang dikenal" in result.output
    assert not out.exists()
    twice = sop_book(tmp_path / "kembar.docx", [names[0], names[0]])
    result = run("import", str(twice), "--out", str(out), "--all")
    assert result.exit_code == 1 and not out.exists()
    assert ("  - Tabel 4, kolom Kode proses: kode proses 'pelayanan_buku_satu' sudah dipakai SOP di Tabel 2; beri "
            "setiap SOP Nama SOP atau Kode proses sendiri") in result.output
    result = run("import", str(sop_book(tmp_path / "buku.docx", names)), "--out", str(out), "--all", "--publish")
    assert result.exit_code == 0, result.output
    assert [line.split(" v")[0] for line in result.output.splitlines() if line.startswith("Didaftarkan")] == [
        "Didaftarkan: pelayanan_buku_satu", "Didaftarkan: pelayanan_buku_dua", "Didaftarkan: pelayanan_buku_tiga"]
    assert "3 SOP dari buku.docx diimpor." in result.output and "--sheet" not in result.output
    assert run("import", str(twice), "--all", "--sheet", "Tabel 2").exit_code == 2  # one or the other


def test_a_workbook_of_several_sops_imports_one_sheet_at_a_time(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Without --sheet the first SOP is imported and the command lines that import the others are printed (also when
    the first has problems); with it, the one named; a sheet that holds no SOP is told which do."""
    from unit.test_sop_table_reader import several_sops

    workbook = several_sops(tmp_path / "SOP Bidang A.xlsx", ["Pelayanan NIB", "Fasilitasi KUR"])
    out = tmp_path / "processes"
    result = run("import", str(workbook), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "pelayanan_nib: 2 langkah ditulis" in result.output
    assert f"  alur sop import '{workbook}' --sheet 'Fasilitasi KUR'" in result.output
    result = run("import", str(workbook), "--out", str(out), "--sheet", "Fasilitasi KUR")
    assert result.exit_code == 0, result.output
    assert "fasilitasi_kur: 2 langkah ditulis" in result.output
    assert "--sheet 'Pelayanan NIB'" in result.output and "--sheet 'Fasilitasi KUR'" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["fasilitasi_kur", "pelayanan_nib"]
    broken = several_sops(tmp_path / "SOP Bidang B.xlsx", ["Pelayanan NIB", "Fasilitasi KUR"], broken="Pelayanan NIB")
    result = run("import", str(broken))
    assert result.exit_code == 1
    assert "'3 Hri' bukan waktu yang dikenal" in result.output
    assert f"  alur sop import '{broken}' --sheet 'Fasilitasi KUR'" in result.output
    result = run("import", str(workbook), "--out", str(out), "--sheet", "Petunjuk")
    assert result.exit_code == 1
    assert "lembar 'Petunjuk' tidak ada atau tidak berisi tabel prosedur" in result.output
