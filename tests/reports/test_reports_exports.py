"""One document model, three files: XLSX opens with openpyxl, CSV parses, PDF is a PDF; and the monitoring form."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from reports_support import MONDAY, NIB, applicant, finish_step

from engine.errors import NotAuthorized, ValidationFailed
from engine.reports.documents import document as document_of
from engine.reports.exports import Column, Document, Signature, Table, export, safe_filename
from engine.reports.model import ASSESSMENT_BAD, ASSESSMENT_GOOD
from engine.services import start_case
from engine.services.reports import case_history, compliance_report, monitoring_form, register

SAMPLE = Document(
    title="Daftar Uji", filename="daftar uji/2026",
    header_lines=("PEMERINTAH KABUPATEN LOMBOK BARAT", "DINAS KOPERASI DAN UKM", "Jl. Soekarno Hatta"),
    meta=(("Periode", "01-11-2026 s.d. 30-11-2026"),),
    tables=(Table("Tabel satu", (Column("No", "int"), Column("Nama"), Column("Waktu", "datetime"),
                                 Column("Tepat", "percent", group="Kinerja"),
                                 Column("Lama", "minutes", group="Kinerja")),
                  ((1, "=HYPERLINK(\"http://x\")", datetime(2026, 11, 23, 1, 0, tzinfo=UTC), 0.75, 90),
                   (2, "Baiq \x07Nurul", None, None, None))),),
    signatures=(Signature("Mengetahui,", "Kepala Dinas", "MAAD ADNAN", "19561231 199103 1 091"),),
)


def test_xlsx_has_the_letterhead_typed_cells_and_safe_text() -> None:
    result = export(SAMPLE, "xlsx")
    assert result.filename == "daftar-uji-2026.xlsx" and result.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(result.content)).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0][0] == "PEMERINTAH KABUPATEN LOMBOK BARAT" and cells[2][0] == "Jl. Soekarno Hatta"
    header = next(i for i, row in enumerate(cells) if row[0] == "No")
    assert cells[header - 1][3] == "Kinerja"  # the group title above its columns
    assert cells[header][:5] == ["No", "Nama", "Waktu", "Tepat", "Lama (menit kerja)"]
    first = sheet[header + 2]
    assert first[0].value == 1 and first[2].value == datetime(2026, 11, 23, 9, 0)  # office-local time
    assert first[3].value == 0.75 and first[3].number_format == "0%"
    assert first[1].value.startswith("=HYPERLINK") and first[1].data_type == "s"  # text, never a formula
    assert sheet[header + 3][1].value == "Baiq Nurul"
    assert any(row[0] == "MAAD ADNAN" for row in cells)


def test_csv_parses_with_plain_values_and_defused_formulas() -> None:
    result = export(SAMPLE, "csv")
    assert result.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(result.content.decode("utf-8-sig"))))
    assert rows[0] == ["PEMERINTAH KABUPATEN LOMBOK BARAT"] and rows[3] == ["Daftar Uji"]
    header = rows.index(["No", "Nama", "Waktu", "Kinerja: Tepat", "Kinerja: Lama (menit kerja)"])
    assert rows[header + 1] == ["1", "'=HYPERLINK(\"http://x\")", "2026-11-23 09:00", "0.75", "90"]


def test_pdf_is_a_pdf() -> None:
    result = export(SAMPLE, "pdf")
    assert result.content.startswith(b"%PDF") and result.mimetype == "application/pdf"


def test_unknown_formats_and_unsafe_names() -> None:
    with pytest.raises(ValueError):
        export(SAMPLE, "docx")
    assert safe_filename("../../etc/passwd") == "etc-passwd"
    assert safe_filename("Riwayat NIB-2026-00001") == "Riwayat-NIB-2026-00001"


def test_a_case_history_in_three_formats(db, office, staff) -> None:
    document = document_of(case_history(db, staff["kadis"], office.late))
    workbook = load_workbook(io.BytesIO(export(document, "xlsx").content))
    assert workbook.sheetnames[:2] == ["Langkah-langkah", "Pemegang langkah dan pengalihan"]
    steps = [[c.value for c in row] for row in workbook["Langkah-langkah"].iter_rows()]
    assert steps[0][0] == "PEMERINTAH KABUPATEN LOMBOK BARAT"
    assert [row[0] for row in steps if str(row[0]).startswith("Riwayat")] == ["Riwayat Kasus NIB-2026-00002"]
    assert [row[1] for row in steps if isinstance(row[0], int)] == [s.name for s in case_history(
        db, staff["kadis"], office.late).steps]
    text = export(document, "csv").content.decode("utf-8-sig")
    assert "dialihkan oleh Kabid: Pelaksana 2 dipanggil rapat" in text and "Lalu Ahmad Fauzi" in text
    assert export(document, "pdf").content.startswith(b"%PDF")


def test_compliance_and_register_exports(db, office, staff) -> None:
    report = compliance_report(db, staff["kadis"], NIB, date(2026, 11, 1), date(2026, 11, 30))
    sheet = load_workbook(io.BytesIO(export(document_of(report), "xlsx").content))["Kepatuhan per langkah"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[0] == "No")
    assert rows[header + 1][:7] == [1, "Menginput data NIK atau email perorangan", "30 Menit", 3, 2, 1,
                                    pytest.approx(2 / 3)]
    assert export(document_of(report), "pdf").content.startswith(b"%PDF")
    nib = document_of(register(db, staff["kadis"], "nib", date(2026, 11, 1), date(2026, 12, 31)))
    csv_rows = list(csv.reader(io.StringIO(export(nib, "csv").content.decode("utf-8-sig"))))
    header = next(i for i, r in enumerate(csv_rows) if r[:2] == ["No", "NIB"])
    assert csv_rows[header + 1][:6] == ["1", "9120001234567", "2026-11-23", "Rendah", "Baiq Nurul Aini",
                                        "5201014107900001"]


def test_monitoring_proposes_an_assessment_from_the_semester(db, office, staff) -> None:
    form = monitoring_form(db, staff["kadis"], 2026, 2)
    assert form.period_label == "Semester II (Juli–Desember) 2026"
    nib = next(r for r in form.rows if r.process_key == NIB)
    # 8 of 11 steps on time: 73% is under the 80% the form asks for.
    assert nib.assessment == ASSESSMENT_BAD
    assert "4 kasus dimulai, 2 selesai, 1 dibatalkan, 1 masih berjalan" in nib.notes
    assert "8 dari 11 langkah selesai tepat waktu (73%)" in nib.notes
    assert "Tinjau langkah" in nib.action and "Selesaikan 1 langkah" in nib.action
    idle = next(r for r in form.rows if r.process_key == "pelatihan_pelaku_umk")
    assert idle.assessment == "" and "Belum ada langkah" in idle.notes
    assert all(r.process_key != "ntb_penyuluhan_umkm_01_rencana_program" for r in form.rows)  # another office
    first_semester = monitoring_form(db, staff["kadis"], 2026, 1)
    assert next(r for r in first_semester.rows if r.process_key == NIB).completions == 0


def test_monitoring_good_practice_and_its_export(db, clock, staff) -> None:
    clock.set(MONDAY)
    case_id = start_case(db, staff["pelaksana"], NIB, applicant("Baiq Nurul Aini", "5201014107900001", "Jajanan")).id
    for _ in range(4):
        finish_step(db, clock, staff["pelaksana"], case_id, 4)
    finish_step(db, clock, staff["jafung"], case_id, 4)
    form = monitoring_form(db, staff["kabid"], 2026, 2)
    row = next(r for r in form.rows if r.process_key == NIB)
    assert row.assessment == ASSESSMENT_GOOD and row.action == ""
    sheet = load_workbook(io.BytesIO(export(document_of(form), "xlsx").content)).active
    cells = [[c.value for c in r] for r in sheet.iter_rows()]
    header = next(i for i, r in enumerate(cells) if r[0] == "No")
    assert cells[header - 1][2] == "Penilaian terhadap Penerapan"
    assert cells[header][:7] == ["No", "Prosedur", ASSESSMENT_GOOD, ASSESSMENT_BAD, "Catatan Hasil Penilaian",
                                 "Tindakan yang harus diambil", "Paraf Penilai"]
    nib_row = next(r for r in cells[header + 1:] if r[1] and str(r[1]).startswith("Pelayanan Nomor Induk"))
    assert nib_row[2:4] == ["✓", None] and nib_row[6] is None
    assert export(document_of(form), "pdf").content.startswith(b"%PDF")


def test_monitoring_is_for_supervisors_and_real_semesters(db, staff) -> None:
    with pytest.raises(NotAuthorized):
        monitoring_form(db, staff["pelaksana"], 2026, 2)
    with pytest.raises(ValidationFailed):
        monitoring_form(db, staff["kadis"], 2026, 3)
