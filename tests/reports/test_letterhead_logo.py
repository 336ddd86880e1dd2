"""The office's logo on the letterhead: set by an administrator (PNG or JPEG, small), printed on every report's
PDF, removed again to leave the slot empty."""

from __future__ import annotations

import base64
import io
import re

import pytest
from reports_support import NIB

from engine.errors import NotAuthorized, ValidationFailed
from engine.services.office_logo import MAX_LOGO_BYTES, office_logo, set_office_logo

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
                       "rkJggg==")
COMPLIANCE_HTML_LOGO = re.compile(r'<div class="logo"><img src="data:image/png;base64,')


@pytest.fixture(autouse=True)
def _no_logo(db, staff):  # type: ignore[no-untyped-def]
    yield
    set_office_logo(db, staff["admin"], None)


def test_an_administrator_sets_and_removes_the_logo(db, staff) -> None:  # type: ignore[no-untyped-def]
    assert office_logo(db) == ""
    set_office_logo(db, staff["admin"], PNG)
    assert office_logo(db) == "data:image/png;base64," + base64.b64encode(PNG).decode()
    set_office_logo(db, staff["admin"], None)
    assert office_logo(db) == ""


@pytest.mark.parametrize(("content", "problem"), [
    (b"<svg onload='x'/>", "PNG atau JPEG"),
    (b"GIF89a....", "PNG atau JPEG"),
    (b"", "Pilih berkas"),
    (b"\x89PNG\r\n\x1a\n" + b"0" * MAX_LOGO_BYTES, "terlalu besar"),
])
def test_anything_but_a_small_png_or_jpeg_is_refused_and_nothing_is_kept(db, staff, content, problem) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as refused:
        set_office_logo(db, staff["admin"], content)
    assert problem in refused.value.field_errors["logo"]
    assert office_logo(db) == ""


def test_only_an_administrator_may_change_it(db, staff) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAuthorized):
        set_office_logo(db, staff["kadis"], PNG)
    assert office_logo(db) == ""


def test_the_admin_page_uploads_it_and_the_reports_print_it(app, web, db, office, staff, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    printed: list[str] = []
    import engine.reports.exports as exports

    real = exports.html_to_pdf
    monkeypatch.setattr(exports, "html_to_pdf", lambda html: printed.append(html) or real(html))
    web.login("admin")
    page = web.client.get("/admin/letterhead").get_data(as_text=True)
    assert "Belum ada logo." in page and 'enctype="multipart/form-data"' in page
    answer = web.post("/admin/letterhead/logo", {"logo": (io.BytesIO(PNG), "logo.png")}, token_from="/admin/letterhead",
                      content_type="multipart/form-data")
    assert answer.status_code == 303 and office_logo(db).startswith("data:image/png;base64,")
    refused = web.post("/admin/letterhead/logo", {"logo": (io.BytesIO(b"GIF89a"), "logo.gif")},
                       token_from="/admin/letterhead", content_type="multipart/form-data")
    assert refused.status_code == 422 and "Logo harus berupa gambar PNG atau JPEG." in refused.get_data(as_text=True)
    web = type(web)(app.test_client())  # the Kadis in a session of their own
    web.login("kadis")
    pdf = web.client.get(f"/reports/compliance.pdf?sop={NIB}&from=2026-11-01&to=2026-11-30")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert COMPLIANCE_HTML_LOGO.search(printed[-1])
    set_office_logo(db, staff["admin"], None)
    web.client.get(f"/reports/compliance.pdf?sop={NIB}&from=2026-11-01&to=2026-11-30")
    assert '<div class="logo"></div>' in printed[-1]
