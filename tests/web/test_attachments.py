"""Attachments: PDF/JPG/PNG by their content, size limits, safe names, and downloads only for those who may see."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.db import Database
from engine.models import Attachment, Event
from engine.services import complete_task, get_task
from engine.services.attachments import MAX_ATTACHMENT_BYTES, sanitize_filename, sniff

NIK = "5201014107900001"  # a valid NIK (the structure checks pass)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def _upload(web, task_id: int, name: str, content: bytes, **fields: str):  # type: ignore[no-untyped-def]
    token = web.csrf_token(f"/tasks/{task_id}")
    data = {"csrf_token": token, **fields, "file": (io.BytesIO(content), name)}
    return web.client.post(f"/tasks/{task_id}/attachments", data=data, content_type="multipart/form-data")


def _stored(db: Database) -> list[Attachment]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(Attachment).order_by(Attachment.id)))


def test_a_pdf_is_stored_under_a_random_name_with_its_checksum(  # type: ignore[no-untyped-def]
        web, db: Database, app, task_id: int) -> None:
    web.login("uji_pelaksana")
    answer = _upload(web, task_id, "KTP Baiq.pdf", PDF)
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/tasks/{task_id}#lampiran")
    [row] = _stored(db)
    assert (row.filename, row.content_type, row.size) == ("KTP Baiq.pdf", "application/pdf", len(PDF))
    assert row.sha256 == hashlib.sha256(PDF).hexdigest()
    stored = Path(app.config["UPLOAD_DIR"]) / row.storage_name
    assert stored.read_bytes() == PDF and "KTP" not in row.storage_name
    html = web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Berkas “KTP Baiq.pdf” diunggah." in html and f'href="/attachments/{row.id}"' in html
    with db.transaction(write=False) as session:
        assert session.scalar(select(Event.kind).where(Event.kind == "attachment_added")) == "attachment_added"


def test_the_same_file_twice_is_stored_once(web, db: Database, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    _upload(web, task_id, "ktp.pdf", PDF)
    _upload(web, task_id, "ktp.pdf", PDF)
    assert len(_stored(db)) == 1


def test_an_exe_renamed_pdf_is_refused_by_its_bytes(web, db: Database, app, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = _upload(web, task_id, "surat.pdf", EXE)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "Jenis berkas tidak diizinkan: hanya PDF, JPG atau PNG" in html
    assert 'id="file-error"' in html
    assert _stored(db) == []
    upload_dir = Path(app.config["UPLOAD_DIR"])
    assert not upload_dir.exists() or list(upload_dir.iterdir()) == []


def test_a_real_pdf_with_another_extension_is_refused(web, db: Database, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = _upload(web, task_id, "halaman.html", PDF)
    assert answer.status_code == 422 and "harus berakhiran .pdf" in answer.get_data(as_text=True)
    assert _stored(db) == []


def test_an_oversized_file_is_refused(web, db: Database, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = _upload(web, task_id, "besar.pdf", PDF + b"0" * MAX_ATTACHMENT_BYTES)
    assert answer.status_code == 422
    assert "Berkas terlalu besar; paling besar 10 MB." in answer.get_data(as_text=True)
    assert _stored(db) == []


def test_a_request_beyond_the_app_limit_is_413(web, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = _upload(web, task_id, "raksasa.pdf", PDF + b"0" * (13 * 1024 * 1024))
    assert answer.status_code == 413


def test_path_traversal_names_are_reduced_to_a_plain_name(web, db: Database, app, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = _upload(web, task_id, "../../etc/passwd.png", PNG)
    assert answer.status_code == 303
    [row] = _stored(db)
    assert row.filename == "passwd.png"
    assert (Path(app.config["UPLOAD_DIR"]) / row.storage_name).is_file()
    assert not (Path(app.config["UPLOAD_DIR"]).parent / "etc").exists()


@pytest.mark.parametrize(("given", "kind", "expected"), [
    ("..\\..\\windows\\win.ini.pdf", "pdf", "win.ini.pdf"),
    ("foto.JPG", "jpeg", "foto.jpg"),
    ("foto.jpg", "png", "foto.png"),
    ("<script>alert(1)</script>.pdf", "pdf", "script.pdf"),
    ('tebal & "kutip".pdf', "pdf", "tebal & _kutip.pdf"),
    ("\u202egpj.exe.pdf", "pdf", "gpj.exe.pdf"),
    ("....pdf", "pdf", "lampiran.pdf"),
    ("a" * 300 + ".pdf", "pdf", "a" * 120 + ".pdf"),
    ("Surat Keterangan Usaha (Desa).pdf", "pdf", "Surat Keterangan Usaha (Desa).pdf"),
])
def test_sanitize_filename(given: str, kind: str, expected: str) -> None:
    assert sanitize_filename(given, kind) == expected


def test_sniff() -> None:
    assert (sniff(PDF), sniff(PNG), sniff(JPEG), sniff(EXE), sniff(b"")) == ("pdf", "png", "jpeg", None, None)


def test_typed_fields_survive_an_upload(web, db: Database, task_id: int, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = _upload(web, task_id, "ktp.jpg", JPEG, nik="5201014107900001", lengkap="true")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert 'value="5201014107900001"' in html and 'value="true" checked' in html
    assert "Berkas “ktp.jpg” diunggah." in html
    assert get_task(db, staff["uji_pelaksana"], task_id).status == "open"


def test_a_file_chosen_but_not_uploaded_stops_the_completion(web, db: Database, task_id: int, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    token = web.csrf_token(f"/tasks/{task_id}")
    answer = web.client.post(f"/tasks/{task_id}/complete", content_type="multipart/form-data", data={
        "csrf_token": token, "nik": NIK, "lengkap": "true", "file": (io.BytesIO(PDF), "ktp.pdf")})
    assert answer.status_code == 422
    assert "Berkas “ktp.pdf” belum diunggah." in answer.get_data(as_text=True)
    assert get_task(db, staff["uji_pelaksana"], task_id).status == "open"
    assert _stored(db) == []


def test_download_only_for_those_who_may_see_the_case(web, db: Database, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    _upload(web, task_id, "ktp.pdf", PDF)
    [row] = _stored(db)
    answer = web.client.get(f"/attachments/{row.id}")
    assert answer.status_code == 200 and answer.data == PDF
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.headers["Content-Disposition"].startswith("attachment;") and "ktp.pdf" in answer.headers[
        "Content-Disposition"]
    assert "no-store" in answer.headers["Cache-Control"]
    web.post("/logout", token_from="/")

    web.login("uji_kabid")  # supervises the unit
    assert web.client.get(f"/attachments/{row.id}").status_code == 200
    web.post("/logout", token_from="/")

    web.login("pelaksana_lain")
    assert web.client.get(f"/attachments/{row.id}").status_code == 403
    assert web.client.get("/attachments/999999").status_code == 404


def test_the_uploader_removes_a_wrong_file_while_the_step_is_open(web, db: Database, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    _upload(web, task_id, "salah.png", PNG)
    [row] = _stored(db)
    html = web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert f'form="remove-file-{row.id}"' in html and f'id="remove-file-{row.id}"' in html
    answer = web.post(f"/attachments/{row.id}/remove", {"next": f"/tasks/{task_id}#lampiran"},
                      token_from=f"/tasks/{task_id}")
    assert answer.status_code == 303
    assert _stored(db)[0].removed_at is not None
    assert f'href="/attachments/{row.id}"' not in web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert web.client.get(f"/attachments/{row.id}").status_code == 404


def test_no_upload_to_a_closed_step_or_by_an_outsider(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff) -> None:
    web.login("pelaksana_lain")
    assert _upload(web, task_id, "x.pdf", PDF).status_code in (400, 403)  # no task page to take a token from
    web.post("/logout", token_from="/")
    web.login("uji_pelaksana")
    token = web.csrf_token(f"/tasks/{task_id}")
    complete_task(db, staff["uji_pelaksana"], task_id, {"nik": NIK, "lengkap": False})
    answer = web.client.post(f"/tasks/{task_id}/attachments", content_type="multipart/form-data",
                             data={"csrf_token": token, "file": (io.BytesIO(PDF), "x.pdf")})
    assert answer.status_code == 409


def test_attachments_show_on_the_case_page_under_their_step(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, case) -> None:
    web.login("uji_pelaksana")
    _upload(web, task_id, "ktp.pdf", PDF)
    html = web.client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "ktp.pdf" in html and "/attachments/" in html
