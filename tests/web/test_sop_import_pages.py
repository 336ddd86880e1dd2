"""The "Impor SOP" page: a bad workbook is refused with every problem (sheet, row, column) and changes nothing; a
good one gives a preview (diagram, steps, changes against the version in force) and "Simpan sebagai draf"
registers a draft; "Unduh tabel SOP (XLSX)" gives the workbook a revision starts from."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from versions_support import new_key, statuses, write_version

from engine.db import Database
from engine.services import sync_processes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def in_force(db: Database, tmp_path: Path) -> str:
    key = new_key("uji_impor")
    write_version(tmp_path, key)
    sync_processes(db, tmp_path)
    return key


def _exported(web, key: str) -> bytes:  # type: ignore[no-untyped-def]
    answer = web.client.get(f"/processes/{key}/sop.xlsx")
    assert answer.status_code == 200 and answer.mimetype == XLSX
    assert f"tabel-SOP-{key}-versi-1.xlsx" in answer.headers["Content-Disposition"]
    return answer.data


def _edited(content: bytes, *, step: str | None = None, column: str = "Waktu", value: str = "",
            identity: dict[str, str] | None = None) -> bytes:
    """The workbook with one Prosedur cell (the row whose Kegiatan is ``step``) or Identitas values changed."""
    book = load_workbook(io.BytesIO(content))
    if step is not None:
        sheet = book["Prosedur"]
        headers = [cell.value for cell in sheet[1]]
        row = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("Kegiatan")].value == step)
        row[headers.index(column)].value = value
    for label, text in (identity or {}).items():
        sheet = book["Identitas"]
        cell = next(r[0] for r in sheet.iter_rows() if r[0].value == label)
        sheet.cell(cell.row, 2, text)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def _upload(web, content: bytes, name: str = "sop.xlsx"):  # type: ignore[no-untyped-def]
    return web.post("/admin/sop-import", {"file": (io.BytesIO(content), name)}, token_from="/admin/sop-import",
                    content_type="multipart/form-data")


def _previewed_and_saved(web, content: bytes, name: str):  # type: ignore[no-untyped-def]
    """As an administrator: upload, check the preview is there, press "Simpan sebagai draf"; (preview HTML, answer)."""
    web.login("admin")
    answer = _upload(web, content, name)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, html
    preview = html[html.index('id="pratinjau"'):]
    token = preview.split('name="token" value="', 1)[1].split('"', 1)[0]
    return preview, web.post("/admin/sop-import/save", {"token": token}, token_from="/admin/sop-import")


def _staged(app) -> list[Path]:  # type: ignore[no-untyped-def]
    folder = Path(app.config["UPLOAD_DIR"]) / "sop-import"
    return sorted(path for kind in (".xlsx", ".ods", ".docx", ".odt", ".pdf") for path in folder.glob(f"*{kind}"))


def test_a_revision_is_previewed_with_its_changes_and_saved_as_a_draft(  # type: ignore[no-untyped-def]
        web, app, db: Database, in_force: str) -> None:
    web.login("admin")
    revised = _edited(_exported(web, in_force), step="Periksa berkas", value="1 Jam")
    answer = _upload(web, revised)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, html
    preview = html[html.index('id="pratinjau"'):]
    assert "<svg" in preview  # the diagram of the generated BPMN
    assert "Perubahan terhadap versi 1" in preview and "Langkah diubah" in preview
    assert "<del>30 Menit</del> → <ins>1 Jam</ins>" in preview
    assert "Menyetujui" in preview and "Kepala Bidang" in preview
    assert statuses(db, in_force) == {1: "effective"}  # a preview registers nothing
    token = preview.split('name="token" value="', 1)[1].split('"', 1)[0]

    saved = web.post("/admin/sop-import/save", {"token": token}, token_from="/admin/sop-import")
    assert saved.status_code == 303 and saved.headers["Location"].endswith(f"/processes/{in_force}/versions#versi")
    assert statuses(db, in_force) == {1: "effective", 2: "draft"}
    assert _staged(app) == []
    page = web.client.get(f"/processes/{in_force}/versions").get_data(as_text=True)
    assert "Versi 2 disimpan sebagai draf" in page
    # The same token again: the upload is gone.
    assert web.post("/admin/sop-import/save", {"token": token}, token_from="/admin/sop-import").status_code == 404


def test_a_bad_workbook_lists_every_problem_and_changes_nothing(  # type: ignore[no-untyped-def]
        web, app, db: Database, in_force: str) -> None:
    web.login("admin")
    exported = _exported(web, in_force)
    bad = _edited(_edited(exported, step="Periksa berkas", value="3 Hri"), step="Menyetujui", value="2 Jem")
    answer = _upload(web, bad)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    problems = html[html.index('id="masalah"'):]
    assert "Prosedur baris 2, kolom Waktu: &#39;3 Hri&#39; bukan waktu yang dikenal" in problems
    assert "&#39;2 Jem&#39;" in problems  # every problem at once
    assert 'id="pratinjau"' not in html and "Simpan sebagai draf" not in html
    assert statuses(db, in_force) == {1: "effective"} and _staged(app) == []


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "sop.xlsx", "bukan buku kerja Excel .xlsx"),
    (b"PK\x03\x04 not really a zip", "sop.xlsx", "bukan buku kerja Excel .xlsx"),
    (b"", "sop.xlsx", "Pilih berkas tabel SOP"),
    (b"No;Kegiatan\n1;Menerima berkas\n", "sop.csv", "dokumen LibreOffice Writer .odt atau PDF"),
    (_zip({"ppt/presentation.xml": "<p/>"}), "sop.pptx", "dokumen LibreOffice Writer .odt atau PDF"),
    (_zip({"word/document.xml": "<w:document/>"}), "sop.xlsx", "nama berkas harus berakhiran .docx"),
    (b"%PDF-1.7\n", "sop.xlsx", "nama berkas harus berakhiran .pdf"),
])
def test_what_is_not_an_xlsx_is_refused_by_its_content(  # type: ignore[no-untyped-def]
        web, app, content: bytes, name: str, message: str) -> None:
    web.login("admin")
    answer = _upload(web, content, name)
    assert answer.status_code == 422 and message in answer.get_data(as_text=True)
    assert _staged(app) == []


def test_a_new_sop_is_saved_as_a_draft_and_waits_for_the_kadis(  # type: ignore[no-untyped-def]
        web, db: Database, in_force: str) -> None:
    web.login("admin")
    key = new_key("uji_impor_baru")
    fresh = _edited(_exported(web, in_force), identity={"Kode proses": key, "Nama SOP": "Layanan uji baru"})
    html = _upload(web, fresh).get_data(as_text=True)
    assert "belum ada: SOP baru" in html and "Layanan uji baru" in html
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    web.post("/admin/sop-import/save", {"token": token}, token_from="/admin/sop-import")
    assert statuses(db, key) == {1: "draft"}
    assert key not in web.client.get("/processes").get_data(as_text=True)


@pytest.mark.parametrize("user", ["kadis", "kabid", "pelaksana"])
def test_importing_is_for_administrators(web, app, db: Database, in_force: str, user: str) -> None:  # type: ignore[no-untyped-def]
    web.login(user)
    exported = _exported(web, in_force)  # everyone may download the table
    assert web.client.get("/admin/sop-import").status_code == 403
    answer = web.post("/admin/sop-import", {"file": (io.BytesIO(exported), "sop.xlsx")}, token_from="/",
                      content_type="multipart/form-data")
    assert answer.status_code == 403 and _staged(app) == []
    assert statuses(db, in_force) == {1: "effective"}


def test_someone_elses_or_a_made_up_token_finds_nothing(web, db: Database, in_force: str) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    for token in ("0" * 32, "../../etc/passwd", ""):
        assert web.post("/admin/sop-import/save", {"token": token}, token_from="/admin/sop-import").status_code == 404
    assert statuses(db, in_force) == {1: "effective"}


def test_an_sop_table_the_team_has_not_seen_imports_through_the_page(  # type: ignore[no-untyped-def]
        web, app, db: Database, tmp_path: Path) -> None:
    """The office-written table of tests/integration/test_sop_table_unseen.py (title row, two-row header, ✓ marks,
    Pemohon, two decisions, a loop back) through the page: a preview, then a draft — no code change."""
    from integration import test_sop_table_unseen as unseen  # the same workbook the CLI test imports

    path = unseen._workbook(tmp_path / "SOP Rekomendasi.xlsx")
    book = load_workbook(path)
    name = next(row for row in book["IDENTITAS SOP"].iter_rows() if row[0].value == "NAMA SOP")[1]
    name.value = "Pelayanan Rekomendasi Izin Usaha Mikro Lewat Halaman"  # its own SOP, apart from the CLI test's
    book.save(path)
    preview, saved = _previewed_and_saved(web, path.read_bytes(), "SOP Rekomendasi.xlsx")
    assert "<svg" in preview and "Pemohon" in preview and "Kepala Dinas" in preview
    key = "pelayanan_rekomendasi_izin_usaha_mikro_lewat_halaman"
    assert saved.status_code == 303 and f"/processes/{key}/versions" in saved.headers["Location"]
    assert statuses(db, key) == {1: "draft"}


def test_one_problem_is_one_problem_in_english(web, app, in_force: str) -> None:  # type: ignore[no-untyped-def]
    """The heading over a refused workbook said "1 problems" on the English page."""
    web.login("admin")
    web.post("/lang/en", {"next": "/"}, token_from="/")
    answer = _upload(web, _edited(_exported(web, in_force), step="Periksa berkas", value="3 Hri"))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "1 problem; nothing was saved" in html and "1 problems" not in html
    # The problem itself in English; the Waktu words it quotes stay as the table must say them.
    assert "&#39;3 Hri&#39; is not a time Alur can read (e.g. 30 Menit, 3 Jam" in html
    assert "bukan waktu yang dikenal" not in html


def test_a_routing_problem_is_said_in_english(web, app, in_force: str) -> None:  # type: ignore[no-untyped-def]
    """The Keterangan's problems were Indonesian sentences inside English problem lines."""
    web.login("admin")
    web.post("/lang/en", {"next": "/"}, token_from="/")
    unclear = _edited(_exported(web, in_force), step="Periksa berkas", column="Keterangan",
                      value="Jika tidak lengkap dikembalikan")
    html = _upload(web, unclear).get_data(as_text=True)
    assert "does not say where it goes" in html and "tidak menyebut ke mana" not in html


def test_the_import_page_offers_the_empty_template(web) -> None:  # type: ignore[no-untyped-def]
    """A new SOP starts from the empty SOP AP workbook; it was only on the command line (`alur sop template`), and
    the page told an office to fill in sheets it had no way to download."""
    web.login("admin")
    page = web.client.get("/admin/sop-import").get_data(as_text=True)
    assert 'href="/admin/sop-import/template.xlsx"' in page
    answer = web.client.get("/admin/sop-import/template.xlsx")
    assert answer.status_code == 200 and answer.mimetype == XLSX
    assert "templat-tabel-SOP.xlsx" in answer.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(answer.data))
    assert {"Petunjuk", "Identitas", "Prosedur", "Contoh"} <= set(book.sheetnames)
    assert "Kepala Bidang" in [cell.value for cell in book["Prosedur"][1]]  # the office's roles as columns


def test_an_sop_ap_written_in_word_imports_through_the_page(  # type: ignore[no-untyped-def]
        web, app, db: Database, tmp_path: Path) -> None:
    """The SOP AP as most offices write it, a Word document with the flowchart's symbols drawn in the role columns,
    uploaded as it is: a preview, then a draft."""
    from unit.test_sop_table_word import IDENTITY_TABLE, _flowchart
    from word_support import write_docx

    path = write_docx(tmp_path / "SOP Rekomendasi.docx", ["STANDAR OPERASIONAL PROSEDUR", IDENTITY_TABLE,
                                                           _flowchart()])
    preview, saved = _previewed_and_saved(web, path.read_bytes(), "SOP Rekomendasi.docx")
    assert "<svg" in preview and "Memaraf konsep surat" in preview and "Kepala Seksi" in preview
    assert saved.status_code == 303
    assert statuses(db, "pelayanan_rekomendasi_usaha") == {1: "draft"}
    assert _staged(app) == []


def test_the_signed_sop_ap_as_pdf_imports_through_the_page(  # type: ignore[no-untyped-def]
        web, app, db: Database, tmp_path: Path) -> None:
    """An office whose SOP AP survives only as the PDF it signed uploads that PDF: a preview, then a draft; a scan
    is told what to bring instead, and nothing is kept."""
    pdf = (Path(__file__).resolve().parent.parent / "data" / "sop_printed_to_pdf_by_libreoffice.pdf").read_bytes()
    preview, saved = _previewed_and_saved(web, pdf, "SOP Rekomendasi.pdf")
    assert "<svg" in preview and "Menyusun konsep surat rekomendasi" in preview and "Kepala Seksi" in preview
    assert saved.status_code == 303
    assert statuses(db, "pelayanan_rekomendasi_usaha_mikro") == {1: "draft"}
    assert _staged(app) == []

    from pdf_support import Page, write_pdf

    scan = Page()
    scan.scan()
    path = write_pdf(tmp_path / "pindaian.pdf", [scan])
    answer = _upload(web, path.read_bytes(), "SOP pindaian.pdf")
    assert answer.status_code == 422
    assert "PDF ini berisi gambar halaman (hasil pindaian)" in answer.get_data(as_text=True)
    assert _staged(app) == []


def test_an_sop_ap_saved_by_libreoffice_calc_imports_through_the_page(  # type: ignore[no-untyped-def]
        web, app, db: Database) -> None:
    """An office with LibreOffice saves its SOP AP workbook as Calc offers, .ods, and uploads it: its flowchart's
    symbols mark the roles and its "Tidak" arrow routes the decision; a preview, then a draft, and nothing staged."""
    ods = (Path(__file__).resolve().parent.parent / "data" /
           "sop_drawn_with_a_tidak_arrow_in_libreoffice_calc.ods").read_bytes()
    preview, saved = _previewed_and_saved(web, ods, "SOP Domisili Usaha.ods")
    assert "<svg" in preview and "Membuat draf surat keterangan" in preview and "Kepala Seksi" in preview
    assert "dibaca dari panah bagan alir: kegiatan 1" in preview
    assert saved.status_code == 303
    assert statuses(db, "penerbitan_surat_keterangan_domisili_usaha") == {1: "draft"}
    assert _staged(app) == []


def test_an_sop_ap_saved_by_libreoffice_writer_imports_through_the_page(  # type: ignore[no-untyped-def]
        web, app, db: Database) -> None:
    """The SOP AP written in LibreOffice Writer and saved as Writer offers, .odt: a preview, then a draft."""
    odt = (Path(__file__).resolve().parent.parent / "data" / "sop_printed_to_pdf_by_libreoffice.odt").read_bytes()
    preview, saved = _previewed_and_saved(web, odt, "SOP Rekomendasi.odt")
    assert "<svg" in preview and "Menyusun konsep surat rekomendasi" in preview and "Kepala Seksi" in preview
    assert saved.status_code == 303
    assert statuses(db, "pelayanan_rekomendasi_usaha_mikro") == {1: "draft"}
    assert _staged(app) == []


def test_a_workbook_of_several_sops_offers_each_sheet(web, app, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A Bidang's workbook, one SOP per sheet, the first with a problem: the problems are shown with a choice of
    sheet, another sheet is previewed from the same upload, and saving registers the SOP of the sheet chosen."""
    from unit.test_sop_table_reader import several_sops

    keys = [new_key("uji_lembar_nib"), new_key("uji_lembar_kur")]
    workbook = several_sops(tmp_path / "SOP Bidang A.xlsx", ["Pelayanan NIB", "Fasilitasi KUR"], keys=keys,
                            broken="Pelayanan NIB")
    web.login("admin")
    answer = _upload(web, workbook.read_bytes(), "SOP Bidang A.xlsx")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "&#39;3 Hri&#39; bukan waktu yang dikenal" in html
    assert "Buku kerja ini berisi 2 SOP, satu per lembar" in html
    assert '<option value="Pelayanan NIB" selected>' in html and '<option value="Fasilitasi KUR">' in html
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    assert len(_staged(app)) == 1  # kept, so another sheet can be chosen

    answer = web.post("/admin/sop-import/sheet", {"token": token, "sheet": "Fasilitasi KUR"},
                      token_from="/admin/sop-import")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, html
    preview = html[html.index('id="pratinjau"'):]
    assert "Pratinjau: Fasilitasi KUR" in preview and "Menerima berkas Fasilitasi KUR" in preview
    assert '<input type="hidden" name="sheet" value="Fasilitasi KUR">' in preview
    saved = web.post("/admin/sop-import/save", {"token": token, "sheet": "Fasilitasi KUR"},
                     token_from="/admin/sop-import")
    assert saved.status_code == 303
    assert statuses(db, keys[1]) == {1: "draft"} and statuses(db, keys[0]) == {}
    assert _staged(app) == []


def test_a_book_of_sops_in_word_offers_each_sop_by_its_name(web, app, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A Word document holding a Bidang's SOPs, the first with a problem: the choice names each SOP's flowchart table
    and its Nama SOP; the second is previewed from the same upload and saved."""
    from unit.test_sop_table_word import sop_book

    keys = [new_key("uji_buku_nib"), new_key("uji_buku_kur")]
    book = sop_book(tmp_path / "Buku SOP.docx", ["Pelayanan NIB", "Fasilitasi KUR"], keys=keys, broken="Pelayanan NIB")
    web.login("admin")
    answer = _upload(web, book.read_bytes(), "Buku SOP.docx")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "&#39;3 Hri&#39; bukan waktu yang dikenal" in html
    assert "Dokumen ini berisi 2 SOP, masing-masing dengan tabel prosedurnya" in html
    assert '<option value="Tabel 2" selected>Tabel 2: Pelayanan NIB</option>' in html
    assert '<option value="Tabel 4">Tabel 4: Fasilitasi KUR</option>' in html
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    answer = web.post("/admin/sop-import/sheet", {"token": token, "sheet": "Tabel 4"}, token_from="/admin/sop-import")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, html
    preview = html[html.index('id="pratinjau"'):]
    assert "Pratinjau: Fasilitasi KUR" in preview and "Menerima berkas Fasilitasi KUR" in preview
    saved = web.post("/admin/sop-import/save", {"token": token, "sheet": "Tabel 4"}, token_from="/admin/sop-import")
    assert saved.status_code == 303
    assert statuses(db, keys[1]) == {1: "draft"} and statuses(db, keys[0]) == {}
    assert _staged(app) == []


def test_a_book_of_sops_is_saved_one_after_another_from_one_upload(web, app, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Saving an SOP of a book goes on to the next one, from the same upload (an office's book of twenty SOPs is
    uploaded once); after the last, the upload is forgotten and its versions page shown."""
    from unit.test_sop_table_word import sop_book

    names = ["Pelayanan NIB", "Fasilitasi KUR", "Pelatihan UMKM"]
    keys = [new_key("uji_buku_nib"), new_key("uji_buku_kur"), new_key("uji_buku_umkm")]
    book = sop_book(tmp_path / "Buku SOP.docx", names, keys=keys)
    web.login("admin")
    html = _upload(web, book.read_bytes(), "Buku SOP.docx").get_data(as_text=True)
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    for number, (name, following) in enumerate([(names[0], "Tabel 4"), (names[1], "Tabel 6")]):
        assert f"Pratinjau: {name}" in html
        assert f"Simpan sebagai draf, lalu SOP berikutnya ({following})" in html
        sheet = html.split('<input type="hidden" name="sheet" value="', 1)[1].split('"', 1)[0]
        saved = web.post("/admin/sop-import/save", {"token": token, "sheet": sheet, "next_sheet": following},
                         token_from="/admin/sop-import")
        assert saved.status_code == 303
        assert saved.headers["Location"].endswith(f"/admin/sop-import/sheet?token={token}&sheet=Tabel+"
                                                  f"{following[-1]}")
        assert statuses(db, keys[number]) == {1: "draft"} and len(_staged(app)) == 1
        html = web.client.get(saved.headers["Location"]).get_data(as_text=True)
        assert f"{name}: versi 1 disimpan sebagai draf" in html
    assert "Pratinjau: Pelatihan UMKM" in html and "lalu SOP berikutnya" not in html
    saved = web.post("/admin/sop-import/save", {"token": token, "sheet": "Tabel 6"}, token_from="/admin/sop-import")
    assert saved.status_code == 303 and f"/processes/{keys[2]}/versions" in saved.headers["Location"]
    assert statuses(db, keys[2]) == {1: "draft"} and _staged(app) == []
    # the same book uploaded again (another upload, its notes read again: the unit the first SOP named exists now)
    # registers nothing new, and the next SOP is still offered
    html = _upload(web, book.read_bytes(), "Buku SOP.docx").get_data(as_text=True)
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    saved = web.post("/admin/sop-import/save", {"token": token, "sheet": "Tabel 2", "next_sheet": "Tabel 4"},
                     token_from="/admin/sop-import")
    html = web.client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Pelayanan NIB sama dengan versi 1 yang sudah ada; tidak ada versi baru." in html
    assert "Pratinjau: Fasilitasi KUR" in html and statuses(db, keys[0]) == {1: "draft"}


def test_the_same_table_uploaded_again_registers_no_new_version(  # type: ignore[no-untyped-def]
        web, app, db: Database, tmp_path: Path) -> None:
    """Uploaded again, a table is the same SOP though its upload has another file name and its import notes are read
    again (before, every upload was a new version for the Kadis to approve or discard)."""
    from unit.test_sop_table_word import sop_book

    from engine.sop_table.service import import_workbook

    in_force, waiting = new_key("uji_sama_berlaku"), new_key("uji_sama_draf")
    book = sop_book(tmp_path / "SOP Berlaku.docx", ["Pelayanan Sama Berlaku"], keys=[in_force])
    import_workbook(db, book, tmp_path / "processes", publish=True, in_force=True)  # by the operator's command
    preview, saved = _previewed_and_saved(web, book.read_bytes(), "SOP Berlaku.docx")
    assert "Tabel ini sama dengan versi yang berlaku; menyimpannya tidak membuat versi baru." in preview
    page = web.client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Tabel SOP ini sama dengan versi 1 yang berlaku; tidak ada versi baru." in page
    assert statuses(db, in_force) == {1: "effective"}
    book = sop_book(tmp_path / "SOP Draf.docx", ["Pelayanan Sama Draf"], keys=[waiting]).read_bytes()
    for _upload_again in range(2):
        html = _upload(web, book, "SOP Draf.docx").get_data(as_text=True)
        token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
        saved = web.post("/admin/sop-import/save", {"token": token}, token_from="/admin/sop-import")
    page = web.client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Tabel SOP ini sudah menunggu pengesahan sebagai versi 1." in page
    assert statuses(db, waiting) == {1: "draft"}
