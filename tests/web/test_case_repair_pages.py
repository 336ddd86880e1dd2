"""Admin pages for repairing running cases: "Kasus perlu perhatian", a case's repair page, migration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from repair_support import NIK, register_unchecked, repair_sketch, snapshot
from sqlalchemy import select

from engine.db import Database
from engine.models import Case, Task
from engine.services import start_case, sync_processes

from support import write_process

KEY = "uji_web_perbaikan"


@pytest.fixture
def stuck_case(db: Database, tmp_path: Path, staff: dict[str, int]) -> int:
    """A case on a version whose decision names a misspelled field; its check step is open."""
    write_process(tmp_path / "sop", repair_sketch(KEY))
    sync_processes(db, tmp_path / "sop")
    register_unchecked(db, KEY, ("lengkap == True", "layk == True"))
    return start_case(db, staff["uji_pelaksana"], KEY, {"nama_pemohon": "Baiq Nurul"}).id


def _open_task(db: Database, case_id: int) -> Task:
    with db.transaction(write=False) as session:
        return session.scalars(select(Task).where(Task.case_id == case_id, Task.status == "open")).one()


def _case(db: Database, case_id: int) -> Case:
    with db.transaction(write=False) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def test_a_failing_step_is_refused_to_the_user_and_shown_to_the_admin_as_needing_attention(
    web, db: Database, stuck_case: int, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    task = _open_task(db, stuck_case)
    web.login("uji_pelaksana")
    answer = web.post(f"/tasks/{task.id}/complete", {"nik": NIK, "lengkap": "true"}, token_from=f"/tasks/{task.id}")
    assert answer.status_code == 400
    assert _open_task(db, stuck_case).id == task.id  # the step was not completed
    case_page = web.client.get(f"/cases/{stuck_case}").get_data(as_text=True)
    assert "Perlu perhatian" in case_page and "layk" in case_page
    assert f"/admin/cases/{stuck_case}" not in case_page  # the repair link is for administrators
    assert web.client.get("/admin/cases/attention").status_code == 403

    web.post("/logout", token_from="/")
    web.login("admin")
    listed = web.client.get("/admin/cases/attention").get_data(as_text=True)
    assert _case(db, stuck_case).reference in listed and "layk" in listed
    repair = web.client.get(f"/admin/cases/{stuck_case}").get_data(as_text=True)
    assert "Perlu perhatian" in repair and "layk" in repair

    write_process(tmp_path / "sop", repair_sketch(KEY))  # the fixed SOP
    [fixed] = [r.version for r in sync_processes(db, tmp_path / "sop") if r.key == KEY]
    preview = web.client.get(f"/admin/cases/migrate?process={KEY}&version={fixed}&cases={stuck_case}")
    assert preview.status_code == 200 and "periksa</code> → <code>periksa" in preview.get_data(as_text=True)
    done = web.post("/admin/cases/migrate", {"process": KEY, "version": str(fixed), "cases": str(stuck_case),
                                             "map": "", "reason": "SOP sudah diperbaiki"},
                    token_from="/admin/cases/migrate")
    assert done.status_code == 303
    assert _case(db, stuck_case).attention_error is None
    assert _case(db, stuck_case).definition.version == fixed
    assert _case(db, stuck_case).reference not in web.client.get("/admin/cases/attention").get_data(as_text=True)


def test_a_refused_migration_lists_the_steps_that_do_not_map_and_changes_nothing(
    web, db: Database, tmp_path: Path, staff: dict[str, int]  # type: ignore[no-untyped-def]
) -> None:
    key = "uji_web_ganti_nama"
    write_process(tmp_path / "sop", repair_sketch(key))
    sync_processes(db, tmp_path / "sop")
    case_id = start_case(db, staff["uji_pelaksana"], key, {"nama_pemohon": "Baiq"}).id
    write_process(tmp_path / "sop", repair_sketch(key, check_id="periksa_berkas"))
    sync_processes(db, tmp_path / "sop")
    web.login("admin")
    before = snapshot(db)
    refused = web.post("/admin/cases/migrate", {"process": key, "version": "2", "reason": "SOP diperbaiki"},
                       token_from="/admin/cases/migrate")
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "tidak ada kasus yang dipindahkan" in page and "(periksa)" in page
    bad_map = web.post("/admin/cases/migrate", {"process": key, "version": "2", "reason": "SOP diperbaiki",
                                                "map": "{periksa"}, token_from="/admin/cases/migrate")
    assert bad_map.status_code == 422 and "Pemetaan harus JSON" in bad_map.get_data(as_text=True)
    assert snapshot(db) == before
    moved = web.post("/admin/cases/migrate", {"process": key, "version": "2", "reason": "SOP diperbaiki",
                                              "map": json.dumps({"periksa": "periksa_berkas"})},
                     token_from="/admin/cases/migrate")
    assert moved.status_code == 303
    assert _open_task(db, case_id).element_id == "periksa_berkas"


def test_the_admin_moves_suspends_and_resumes_a_case_from_its_repair_page(
    web, db: Database, stuck_case: int  # type: ignore[no-untyped-def]
) -> None:
    web.login("admin")
    page = f"/admin/cases/{stuck_case}"
    short = web.post(f"{page}/move", {"to_step": "setujui", "reason": "x"}, token_from=page)
    assert short.status_code == 422 and "minimal 5 karakter" in short.get_data(as_text=True)
    assert web.post(f"{page}/move", {"to_step": "setujui", "reason": "Diputuskan kepala bidang"},
                    token_from=page).status_code == 303
    assert _open_task(db, stuck_case).element_id == "setujui"
    assert web.post(f"{page}/suspend", {"reason": "Menunggu berkas asli"}, token_from=page).status_code == 303
    assert _case(db, stuck_case).status == "suspended"
    assert "Lanjutkan kasus" in web.client.get(page).get_data(as_text=True)
    assert web.post(f"{page}/resume", {"reason": "Berkas asli diterima"}, token_from=page).status_code == 303
    assert _case(db, stuck_case).status == "active"


def test_the_attention_list_is_named_as_a_list_in_english(web) -> None:  # type: ignore[no-untyped-def]
    """"Case needs attention" named the list in the admin menu, its title and every repair page's breadcrumb."""
    web.login("admin")
    web.post("/lang/en", {"next": "/"}, token_from="/")
    page = web.client.get("/admin/cases/attention").get_data(as_text=True)
    assert "<h1>Cases needing attention</h1>" in page and "Case needs attention" not in page
