"""The SOP catalogue, one SOP's page, and starting a case from its start form."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from engine.db import Database
from engine.models import Case


def _cases(db: Database) -> int:
    with db.transaction(write=False) as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


def test_the_catalogue_lists_each_sop_with_steps_and_total_time(web, sop: str) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    html = web.client.get("/processes").get_data(as_text=True)
    row = html[html.index(f'id="sop-{sop}"'):]
    row = row[: row.index("</tr>")]
    assert "Proses uji uji_web" in row and "Bidang A" in row
    assert re.search(r'data-label="Langkah">2<', row)
    assert "1 jam 30 menit" in row and "PT1H30M" not in row
    assert "Sesuai permintaan" in row
    assert f'href="/processes/{sop}/start"' in row


def test_one_sop_page_shows_its_steps_and_standard_times(web, sop: str) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    html = web.client.get(f"/processes/{sop}").get_data(as_text=True)
    assert "Periksa berkas" in html and ">30 menit<" in html and ">1 jam<" in html
    assert "Fotokopi KTP" in html and "Kepala Bidang" in html
    assert "1 jam 30 menit" in html and "30 menit + 1 jam" in html and "PT" not in html
    assert web.client.get("/processes/tidak_ada").status_code == 404


def test_starting_a_case_validates_then_redirects_to_the_case(web, db: Database, sop: str) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    form = web.client.get(f"/processes/{sop}/start").get_data(as_text=True)
    assert '<label for="f-nama_pemohon">Nama pemohon</label>' in form and 'placeholder="Contoh: Baiq Nurul"' in form
    before = _cases(db)
    refused = web.post(f"/processes/{sop}/start", {"nama_pemohon": "  "})
    assert refused.status_code == 422
    assert "Nama pemohon wajib diisi" in refused.get_data(as_text=True)
    assert _cases(db) == before
    answer = web.post(f"/processes/{sop}/start", {"nama_pemohon": "Lalu Ahmad"})
    assert answer.status_code == 303
    location = answer.headers["Location"]
    assert re.fullmatch(r"/cases/\d+", location)
    html = web.client.get(location).get_data(as_text=True)
    assert "Kasus UJI-2026-00001 dimulai." in html and "Lalu Ahmad" in html


def test_only_starter_roles_may_start(web, db: Database, sop: str) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    before = _cases(db)
    answer = web.post(f"/processes/{sop}/start", {"nama_pemohon": "Lalu Ahmad"})
    assert answer.status_code == 403
    assert _cases(db) == before
