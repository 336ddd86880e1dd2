"""What the import preview says changed between two versions' steps, and which uploads it reads at all."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from engine.errors import ValidationFailed
from engine.services.sop_import import MAX_UNPACKED_BYTES, StepLine, check_workbook_upload, step_changes


def _step(element_id: str, name: str, role: str = "Pelaksana", time: str = "30 Menit", iso: str = "PT30M",
          requirements: tuple[str, ...] = (), on_behalf_of: str = "") -> StepLine:
    return StepLine(1, element_id, name, role, on_behalf_of, time, iso, requirements, "")


def test_added_removed_and_changed_steps() -> None:
    before = (_step("terima", "Menerima berkas"), _step("periksa", "Memeriksa berkas", requirements=("KTP",)),
              _step("arsip", "Mengarsipkan"))
    after = (_step("kegiatan_1", "Menerima  berkas", role="Jafung"),  # new id, same name: the same step
             _step("periksa", "Memeriksa kelengkapan berkas", time="1 Jam", iso="PT1H", requirements=("KTP", "NIB")),
             _step("tandatangan", "Menandatangani surat"))
    changes = {(c.change, c.name): {f.field: (f.before, f.after) for f in c.fields}
               for c in step_changes(before, after)}
    assert changes == {
        ("changed", "Menerima  berkas"): {"role": ("Pelaksana", "Jafung")},
        ("changed", "Memeriksa kelengkapan berkas"): {"name": ("Memeriksa berkas", "Memeriksa kelengkapan berkas"),
                                                      "time": ("30 Menit", "1 Jam"),
                                                      "requirements": ("KTP", "KTP; NIB")},
        ("added", "Menandatangani surat"): {},
        ("removed", "Mengarsipkan"): {},
    }


def test_the_same_time_written_otherwise_is_no_change_and_an_applicant_step_names_its_recorder() -> None:
    before = (_step("a", "Mengajukan", time="30 menit"),)
    assert step_changes(before, (_step("a", "Mengajukan", time="30 Menit"),)) == []
    moved = step_changes(before, (_step("a", "Mengajukan", on_behalf_of="Pemohon"),))
    assert [(f.field, f.after) for f in moved[0].fields] == [("role", "Pemohon (dicatat oleh Pelaksana)")]


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(("content", "name", "problem"), [
    (_zip({"word/document.xml": b"<w/>"}), "surat.xlsx", "nama berkas harus berakhiran .docx"),  # a .docx renamed
    (_zip({"ppt/presentation.xml": b"<p/>"}), "sop.pptx", "dokumen LibreOffice Writer .odt atau PDF"),
    (_zip({"xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": b"0" * (MAX_UNPACKED_BYTES + 1)}), "sop.xlsx",
     "Isi berkas terlalu besar"),
    (_zip({"word/document.xml": b"0" * (MAX_UNPACKED_BYTES + 1)}), "sop.docx", "Isi berkas terlalu besar"),
    (_zip({"xl/workbook.xml": b"<w/>"}), "sop.xls", "berakhiran .xlsx"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<c/>"}), "sop.xlsx",
     "berakhiran .ods"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.presentation", "content.xml": b"<c/>"}), "sop.odp",
     "dokumen LibreOffice Writer .odt"),  # an Impress presentation: told what can be read
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<c/>"}), "sop.ods",
     "berakhiran .odt"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
           "content.xml": b"0" * (MAX_UNPACKED_BYTES + 1)}), "sop.ods", "Isi berkas terlalu besar"),
    (b"x" * (10 * 1024 * 1024 + 1), "sop.xlsx", "paling besar 10 MB"),
    (b"%PDF-1.7\n" + b"0" * 64, "SOP.docx", "nama berkas harus berakhiran .pdf"),  # a PDF renamed
    (b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), "SOP.pdf", "paling besar 10 MB"),
])
def test_uploads_that_are_not_a_readable_workbook(content: bytes, name: str, problem: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_workbook_upload(name, content)
    assert problem in refused.value.field_errors["file"]


def test_a_workbook_a_word_document_or_a_pdf_is_accepted_as_what_it_is() -> None:
    assert check_workbook_upload("SOP Pelayanan.XLSX", _zip({"[Content_Types].xml": b"<t/>",
                                                             "xl/workbook.xml": b"<w/>"})) == ".xlsx"
    assert check_workbook_upload("SOP Pelayanan.docx", _zip({"word/document.xml": b"<w/>"})) == ".docx"
    assert check_workbook_upload("SOP Pelayanan.PDF", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n") == ".pdf"
    calc = (Path(__file__).resolve().parent.parent / "data" / "sop_drawn_in_libreoffice_calc.ods").read_bytes()
    assert check_workbook_upload("SOP Pelayanan.ods", calc) == ".ods"
    writer = (Path(__file__).resolve().parent.parent / "data" / "sop_written_in_libreoffice.odt").read_bytes()
    assert check_workbook_upload("SOP Pelayanan.odt", writer) == ".odt"
    # a workbook whose first entry holds "%PDF-" is still a workbook
    assert check_workbook_upload("SOP.xlsx", _zip({"a.txt": b"%PDF-1.4", "xl/workbook.xml": b"<w/>"})) == ".xlsx"


def test_the_content_of_a_version_leaves_out_what_the_import_noted_about_itself() -> None:
    from engine.definitions.loader import content_fingerprint

    sop = {"nama": "Pelayanan Uji", "nomor_sop": "800/1", "source": "tabel SOP 3-1f2e.docx",
           "assumptions": ["Unit 'Bidang A' belum ada di Alur"]}
    forms = {"forms/terima.json": {"type": "object"}}
    same = content_fingerprint("<bpmn/>", sop, forms, [("ajukan", "pelaksana", "pemohon"), ("terima", "kabid", None)])
    assert content_fingerprint("<bpmn/>", {**sop, "source": "tabel SOP 3-9ab0.docx", "assumptions": []}, forms,
                               [("terima", "kabid", None), ("ajukan", "pelaksana", "pemohon")]) == same
    for changed in (content_fingerprint("<bpmn />", sop, forms, []),
                    content_fingerprint("<bpmn/>", {**sop, "nomor_sop": "800/2"}, forms, []),
                    content_fingerprint("<bpmn/>", sop, {"forms/terima.json": {"type": "string"}}, []),
                    content_fingerprint("<bpmn/>", sop, forms, [("ajukan", "jafung", "pemohon")])):
        assert changed != same
