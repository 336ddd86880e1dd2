"""The official SOP AP document of an SOP: its page and its PDF, drawn from the version that runs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from engine.db import Database
from engine.labels import office_role_names
from engine.services import get_process
from engine.services.sop_documents import sop_document

NIB = "pelayanan_nib_oss"


def _squeezed(text: str) -> str:
    """Text without whitespace: a cell's line breaks fall in different places on the page and in the PDF."""
    return re.sub(r"\s+", "", text)


def test_the_sop_page_shows_the_identity_page_and_the_flowchart(web, db: Database) -> None:  # type: ignore[no-untyped-def]
    process = get_process(db, NIB)
    web.login("jafung")
    response = web.client.get(f"/processes/{NIB}/sop")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'style="' not in html and "<script" not in html  # the page's CSP blocks both
    assert html.count('class="sop-flow"') >= len(process.steps) + 2
    for label in ("Nomor SOP", "Tanggal Pembuatan", "Tanggal Revisi", "Tanggal Efektif", "Disahkan oleh", "Nama SOP",
                  "Dasar Hukum", "Kualifikasi Pelaksana", "Keterkaitan", "Peralatan/Perlengkapan", "Peringatan",
                  "Pencatatan dan Pendataan", "Mutu Baku", "Kelengkapan", "Keterangan"):
        assert f">{label}<" in html, label
    assert "MAAD ADNAN, S.Pd., M.Pd" in html and "1 Januari 2023" in html
    assert f"Versi {process.version} · Tanggal Efektif: 1 Januari 2023" in html
    for step in process.steps:
        assert f"<td>{step.name}</td>" in html
    assert "Persyaratan lengkap?" in html and ">Ya</text>" in html and ">Tidak</text>" in html
    assert f'href="/processes/{NIB}/sop.pdf?version={process.version}"' in html


def test_the_process_page_links_to_the_document_and_its_pdf(web) -> None:  # type: ignore[no-untyped-def]
    web.login("pelaksana")
    html = web.client.get(f"/processes/{NIB}").get_data(as_text=True)
    assert f'href="/processes/{NIB}/sop"' in html and f'href="/processes/{NIB}/sop.pdf"' in html


def test_a_version_is_chosen_by_number_and_an_unknown_one_is_not_found(web, db: Database) -> None:  # type: ignore[no-untyped-def]
    version = get_process(db, NIB).version
    web.login("pelaksana")
    assert web.client.get(f"/processes/{NIB}/sop?version={version}").status_code == 200
    for wrong in ("999999", "0", "-1", "satu", "1" * 30):
        assert web.client.get(f"/processes/{NIB}/sop?version={wrong}").status_code == 404, wrong
        assert web.client.get(f"/processes/{NIB}/sop.pdf?version={wrong}").status_code == 404, wrong
    assert web.client.get("/processes/tidak_ada/sop").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    for path in (f"/processes/{NIB}/sop", f"/processes/{NIB}/sop.pdf"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_pdf_holds_every_step_role_and_mutu_baku(web, db: Database, staff: dict[str, int],
                                                      tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        pytest.skip("pdftotext/pdfinfo are not installed (apt-get install poppler-utils)")
    process = get_process(db, NIB)
    web.login("pelaksana")
    response = web.client.get(f"/processes/{NIB}/sop.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"SOP-AP-{NIB}-versi-{process.version}.pdf" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    pdf = tmp_path / "sop.pdf"
    pdf.write_bytes(response.data)
    text = _squeezed(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in info and re.search(r"Page size:\s+841\.\d+ x 595\.\d+", info)  # landscape
    document = sop_document(db, staff["pelaksana"], NIB)
    # each sheet fits its page: the identity page and every flowchart page, no more
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == document.page_count  # type: ignore[union-attr]
    names = office_role_names(db)
    for step in process.steps:
        expected = [step.name, names[step.role_code], *step.requirements, step.standard_time_text or "",
                    *(part.strip() for part in (step.output or "").split(";"))]
        for words in expected:
            assert _squeezed(words) in text, f"{step.name}: {words!r} is not in the PDF"
    for words in ("Persyaratan lengkap?", "Ya", "Tidak", "Mulai", "Selesai", "Disahkan oleh", "19561231 199103 1 091",
                  f"Versi {process.version}", "Tanggal Efektif: 1 Januari 2023"):
        assert _squeezed(words) in text, words


def test_the_sop_ap_pdf_alur_prints_imports_back_as_the_same_sop(web, db: Database,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    """The PDF Alur prints for an SOP, imported as an office's PDF is (``engine.sop_table.documents.pdf``): the same
    steps with their roles and standard times, the decision with where Ya and Tidak go, the identity. The words in
    the symbols ("Mulai", "Selesai") and on the arrows ("Ya", "Tidak") stay out of the cells, the rows of the start
    and the end are no steps, and the unnumbered decision between steps 1 and 2 takes a number of its own."""
    from engine.sop_table.documents.pdf import read_pdf
    from engine.sop_table.model import Target
    from engine.sop_table.reader import read_workbook
    from engine.sop_table.service import built_process, known_roles

    process = get_process(db, NIB)
    web.login("pelaksana")
    pdf = tmp_path / "SOP AP NIB.pdf"
    pdf.write_bytes(web.client.get(f"/processes/{NIB}/sop.pdf").data)
    sheets = read_pdf(pdf).worksheets
    assert [s.title for s in sheets] == ["Identitas (tabel 1)", "Tabel 1 (halaman 1)", "Tabel 2 (halaman 2)"]
    assert not {cell for row in sheets[2].rows for cell in row} & {"Ya", "Tidak"}
    table, problems = read_workbook(pdf, known_roles(db))
    assert problems == [] and table is not None
    names = office_role_names(db)
    assert [(a.text, a.role, a.time.text if a.time else None) for a in table.activities if a.kind == "activity"] == [
        (step.name, names[step.role_code], step.standard_time_text) for step in process.steps]
    decision = next(a for a in table.activities if a.kind == "decision")
    assert (decision.text, decision.yes, decision.no) == (
        "Persyaratan lengkap?", Target(2), Target(None, "Permohonan dikembalikan kepada pemohon"))
    assert table.identity.nama == process.name
    assert built_process(db, pdf).bpmn.count("userTask id=") == len(process.steps)  # and it builds as a process
