"""Admin: the "Peran" page (list, create, edit, external parties), and the "dicatat atas nama Pemohon" label
on the inbox, the task page and the case page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from roles_support import SUBMISSION_FORM, _roles, applicant_sketch, roles_restored  # noqa: F401  (fixture)

from engine.db import Database
from engine.services import inbox, start_case, sync_processes

from support import write_process


def _row(html: str, code: str) -> str:
    start = html.index(f'id="peran-{code}"')
    return html[start:html.index("</tr>", start)]


@pytest.mark.parametrize("user", ["uji_pelaksana", "kadis", "uji_kabid"])
def test_the_roles_page_is_for_administrators_only(web, db: Database, user: str) -> None:  # type: ignore[no-untyped-def]
    before = _roles(db)
    web.login(user)
    assert web.client.get("/admin/roles").status_code == 403
    assert web.post("/admin/roles", {"code": "kepala_upt", "name": "Kepala UPT"}, token_from="/").status_code == 403
    assert web.post("/admin/roles/pelaksana", {"name": "Staf"}, token_from="/").status_code == 403
    assert _roles(db) == before
    assert 'href="/admin/roles"' not in web.client.get("/").get_data(as_text=True)


def test_roles_are_listed_with_external_parties_and_who_records_them(web) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    answer = web.client.get("/admin/roles")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert 'href="/admin/roles" aria-current="page"' in html
    pemohon = _row(html, "pemohon")
    assert "Pemohon" in pemohon and "Pihak luar" in pemohon and "dicatat oleh Pelaksana" in pemohon
    assert "eskalasi ke-2" in _row(html, "kepala_bidang")
    assert "Administrator" in _row(html, "admin")
    # External parties record nothing themselves: they are not offered as recorders.
    create_form = html[html.index('action="/admin/roles"'):html.index("</form>", html.index('action="/admin/roles"'))]
    assert 'value="pelaksana"' in create_form and 'value="pemohon"' not in create_form


def test_an_administrator_creates_and_edits_a_role(web, db: Database, roles_restored) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    web.login("admin")
    made = web.post("/admin/roles", {"code": "sistem_oss", "name": "Sistem OSS", "external": "1",
                                     "recorded_by": "pelaksana", "escalation_rank": ""})
    assert made.status_code == 303 and made.headers["Location"].endswith("/admin/roles#peran-sistem_oss")
    html = web.client.get("/admin/roles").get_data(as_text=True)
    assert "Peran Sistem OSS dibuat." in html and "dicatat oleh Pelaksana" in _row(html, "sistem_oss")

    edited = web.post("/admin/roles/sistem_oss", {"name": "Sistem OSS RBA", "external": "1",
                                                  "recorded_by": "jafung"}, token_from="/admin/roles")
    assert edited.status_code == 303
    assert _roles(db)["sistem_oss"] == ("Sistem OSS RBA", False, None, False, True, "jafung")

    boss = web.post("/admin/roles", {"code": "kepala_upt", "name": "Kepala UPT", "supervises": "1",
                                     "escalation_rank": "5"})
    assert boss.status_code == 303
    assert _roles(db)["kepala_upt"] == ("Kepala UPT", True, 5, False, False, None)
    unchecked = web.post("/admin/roles/kepala_upt", {"name": "Kepala UPT", "escalation_rank": ""},
                         token_from="/admin/roles")
    assert unchecked.status_code == 303
    assert _roles(db)["kepala_upt"] == ("Kepala UPT", False, None, False, False, None)


@pytest.mark.parametrize(
    ("path", "form", "field", "message"),
    [
        ("/admin/roles", {"code": "pelaksana", "name": "Pelaksana Lain"}, "code", "sudah dipakai oleh Pelaksana"),
        ("/admin/roles", {"code": "pihak_bank", "name": "Bank", "external": "1", "recorded_by": ""}, "recorded_by",
         "wajib punya peran yang mencatat"),
        ("/admin/roles", {"code": "kepala_upt", "name": "Kepala UPT", "supervises": "1", "escalation_rank": "dua"},
         "escalation_rank", "Urutan eskalasi berupa angka"),
        ("/admin/roles/jafung", {"name": "Jafung", "external": "1", "recorded_by": "pelaksana"}, "external",
         "pengguna memegang peran ini"),
        ("/admin/roles/pemohon", {"name": "Pemohon", "external": "1", "recorded_by": "pemohon"}, "recorded_by",
         "tidak dapat mencatat langkahnya sendiri"),
    ],
)
def test_a_bad_role_form_is_shown_again_with_its_error_and_nothing_is_stored(  # type: ignore[no-untyped-def]
    web, db: Database, path: str, form: dict[str, str], field: str, message: str
) -> None:
    before = _roles(db)
    web.login("admin")
    answer = web.post(path, form, token_from="/admin/roles")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert re.search(rf'id="[a-z_-]+-{field}-error"[^>]*>.*{re.escape(message)}', html), html[:200]
    assert _roles(db) == before


def test_a_role_form_without_its_csrf_token_is_refused(web, db: Database) -> None:  # type: ignore[no-untyped-def]
    before = _roles(db)
    web.login("admin")
    answer = web.client.post("/admin/roles", data={"code": "kepala_upt", "name": "Kepala UPT"})
    assert answer.status_code == 400 and _roles(db) == before


def test_pages_say_the_applicants_step_is_recorded_on_their_behalf(  # type: ignore[no-untyped-def]
    web, db: Database, tmp_path: Path, staff: dict[str, int]
) -> None:
    write_process(tmp_path, applicant_sketch("uji_web_pemohon"), forms={"forms/ajukan.json": SUBMISSION_FORM})
    sync_processes(db, tmp_path)
    case = start_case(db, staff["uji_pelaksana"], "uji_web_pemohon", {"nama_pemohon": "Baiq Nurul"})
    task = next(r.id for r in inbox(db, staff["uji_pelaksana"], "queue").rows if r.case_id == case.id)
    web.login("uji_pelaksana")
    queue = web.client.get("/?tab=queue").get_data(as_text=True)
    row = queue[queue.index(f'id="task-{task}"'):]
    assert "dicatat atas nama Pemohon" in row[:row.index("</td>")]
    assert "dicatat atas nama Pemohon" in web.client.get(f"/tasks/{task}").get_data(as_text=True)
    done = web.post(f"/tasks/{task}/complete", {"nama_usaha": "UD Sasak Jaya"}, token_from=f"/tasks/{task}")
    assert done.status_code in (302, 303)
    page = web.client.get(f"/cases/{case.id}").get_data(as_text=True)
    # On the applicant's step and on its two events (opened, completed); not on the Pelaksana's own step.
    assert page.count("dicatat atas nama Pemohon") == 3
