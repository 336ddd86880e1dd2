"""Repairing running cases: needing attention, migration to a fixed version, moving, suspending (issue 11.3)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from repair_support import NIK, register_unchecked, repair_sketch, snapshot
from sqlalchemy import select

from engine.authoring import (
    EndEvent,
    Flow,
    ParallelGateway,
    ProcessSketch,
    StartEvent,
    UserTask,
    sop_properties,
)
from engine.db import Database
from engine.errors import Conflict, ExpressionError, NotAuthorized, ValidationFailed
from engine.models import Case, Event, ProcessStep, Task
from engine.scheduler import run_pass
from engine.services import claim_task, complete_task, get_case, start_case, sync_processes
from engine.services.case_repair import (
    MigrationRefused,
    case_repair_view,
    cases_needing_attention,
    migrate_cases,
    move_case,
    plan_migration,
    resume_case,
    suspend_case,
)
from engine.timekeeping.clock import FixedClock

from support import write_process

REASON = "SOP diperbaiki oleh bagian organisasi"


def open_tasks(db: Database, case_id: int) -> list[Task]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(Task).where(Task.case_id == case_id, Task.status == "open")
                                    .order_by(Task.id)))


def the_open_task(db: Database, case_id: int) -> Task:
    [task] = open_tasks(db, case_id)
    return task


def events(db: Database, case_id: int, kind: str | None = None) -> list[Event]:
    with db.transaction(write=False) as session:
        query = select(Event).where(Event.case_id == case_id).order_by(Event.id)
        return list(session.scalars(query.where(Event.kind == kind) if kind else query))


def start(db: Database, staff: dict[str, int], key: str, name: str = "Baiq Nurul") -> int:
    return start_case(db, staff["uji_pelaksana"], key, {"nama_pemohon": name}).id


@pytest.fixture
def admin(staff: dict[str, int]) -> int:
    return staff["admin"]


def test_a_case_stuck_on_a_broken_decision_needs_attention_then_migrates_to_the_fixed_version_and_completes(
    db: Database, tmp_path: Path, staff: dict[str, int], admin: int, clock: FixedClock
) -> None:
    key = "uji_rusak_keputusan"
    write_process(tmp_path, repair_sketch(key))
    sync_processes(db, tmp_path)
    broken = register_unchecked(db, key, ("lengkap == True", "layk == True"))
    case_id = start(db, staff, key)
    task = the_open_task(db, case_id)
    due = task.due_at

    clock.advance(minutes=5)
    with pytest.raises(ExpressionError):
        complete_task(db, staff["uji_pelaksana"], task.id, {"nik": NIK, "lengkap": True})
    # The step is rolled back (still open, nothing completed) but the case is marked with the error.
    assert the_open_task(db, case_id).id == task.id
    assert events(db, case_id, "task_completed") == []
    [row] = [r for r in cases_needing_attention(db, admin) if r.case_id == case_id]
    assert "layk" in row.error and row.version == broken
    assert case_repair_view(db, admin, case_id).attention_error == row.error
    [marked] = events(db, case_id, "case_needs_attention")
    assert marked.actor_id == staff["uji_pelaksana"] and "layk" in marked.payload["error"]
    # Trying again with the same error adds no second mark.
    with pytest.raises(ExpressionError):
        complete_task(db, staff["uji_pelaksana"], task.id, {"nik": NIK, "lengkap": True})
    assert len(events(db, case_id, "case_needs_attention")) == 1

    write_process(tmp_path, repair_sketch(key))  # the fixed SOP, synced as a new version
    [fixed] = [r.version for r in sync_processes(db, tmp_path) if r.key == key]
    assert fixed == broken + 1
    plan = plan_migration(db, admin, key, fixed)
    assert [(c.case_id, c.problems) for c in plan.cases] == [(case_id, ())]

    clock.advance(minutes=5)
    migrate_cases(db, admin, key, fixed, REASON)
    moved = the_open_task(db, case_id)
    assert (moved.id, moved.element_id, moved.due_at) == (task.id, "periksa", due)  # same row, due time kept
    with db.transaction(write=False) as session:
        step = session.get(ProcessStep, moved.step_id)
        assert step is not None
        case = session.get(Case, case_id)
        assert case is not None
        assert step.definition_id == case.definition_id
        assert case.definition.version == fixed and case.attention_error is None and case.attention_at is None
        assert case.data == {"nama_pemohon": "Baiq Nurul"}
    [migrated] = events(db, case_id, "case_migrated")
    assert migrated.actor_id == admin and migrated.payload["reason"] == REASON
    assert (migrated.payload["from_version"], migrated.payload["to_version"]) == (broken, fixed)
    assert migrated.payload["attention_cleared"] is True
    assert all(r.case_id != case_id for r in cases_needing_attention(db, admin))

    complete_task(db, staff["uji_pelaksana"], moved.id, {"nik": NIK, "lengkap": True})
    approval = the_open_task(db, case_id)
    assert approval.element_id == "setujui"
    done = complete_task(db, staff["uji_kabid"], approval.id, {})
    assert done.case_status == "completed"
    assert get_case(db, staff["uji_kabid"], case_id).outcome == "Selesai"


def test_a_migration_that_cannot_map_is_refused_for_every_case_and_changes_nothing(
    db: Database, tmp_path: Path, staff: dict[str, int], admin: int
) -> None:
    key = "uji_ganti_nama"
    write_process(tmp_path, repair_sketch(key))
    sync_processes(db, tmp_path)
    at_check = start(db, staff, key, "Pertama")
    at_approval = start(db, staff, key, "Kedua")
    complete_task(db, staff["uji_pelaksana"], the_open_task(db, at_approval).id, {"nik": NIK, "lengkap": True})
    write_process(tmp_path, repair_sketch(key, check_id="periksa_berkas"))
    [renamed] = [r.version for r in sync_processes(db, tmp_path) if r.key == key]

    before = snapshot(db)
    with pytest.raises(MigrationRefused) as refused:
        migrate_cases(db, admin, key, renamed, REASON)
    # Only the case at the renamed step is a problem, yet neither case moved.
    [problem] = refused.value.problems
    assert "periksa" in problem and str(renamed) in problem and "--map" in problem
    assert snapshot(db) == before
    with pytest.raises(MigrationRefused):
        migrate_cases(db, admin, key, renamed, REASON, mapping={"periksa": "tidak_ada"})
    assert snapshot(db) == before

    # With the rename mapped, both cases move; the case at the renamed step keeps its row and due time.
    check_task = the_open_task(db, at_check)
    migrate_cases(db, admin, key, renamed, REASON, mapping={"periksa": "periksa_berkas"})
    moved = the_open_task(db, at_check)
    assert (moved.id, moved.element_id, moved.due_at) == (check_task.id, "periksa_berkas", check_task.due_at)
    assert the_open_task(db, at_approval).element_id == "setujui"
    complete_task(db, staff["uji_pelaksana"], moved.id, {"nik": NIK, "lengkap": False})
    assert get_case(db, staff["uji_pelaksana"], at_check).status == "completed"


def test_a_migration_is_refused_for_a_version_that_is_not_newer_or_a_case_that_is_not_running(
    db: Database, tmp_path: Path, staff: dict[str, int], admin: int
) -> None:
    key = "uji_versi_tujuan"
    write_process(tmp_path, repair_sketch(key))
    sync_processes(db, tmp_path)
    case_id = start(db, staff, key)
    before = snapshot(db)
    with pytest.raises(MigrationRefused, match="sudah di versi 1"):
        migrate_cases(db, admin, key, 1, REASON, case_ids=[case_id])
    with pytest.raises(Conflict, match="Tidak ada kasus"):
        migrate_cases(db, admin, key, 1, REASON)
    with pytest.raises(ValidationFailed):
        migrate_cases(db, admin, key, 1, "  ")
    assert snapshot(db) == before


def parallel_sketch(key: str) -> ProcessSketch:
    """Two proposals in parallel, joined, then a schedule."""
    task = lambda i, n: UserTask(i, n, "Pelaksana", "", sop_properties("PT1H", "1 Jam", [], n))  # noqa: E731
    return ProcessSketch(
        id=key, name=f"Proses uji {key}", lanes=["Pelaksana"],
        nodes=[StartEvent("mulai", "Mulai", "Pelaksana"), ParallelGateway("cabang", "Cabang", "Pelaksana"),
               task("usulan_a", "Usulan A"), task("usulan_b", "Usulan B"),
               ParallelGateway("gabung", "Gabung", "Pelaksana"), task("jadwal", "Jadwal"),
               EndEvent("selesai", "Selesai", "Pelaksana")],
        flows=[Flow("mulai", "cabang"), Flow("cabang", "usulan_a"), Flow("cabang", "usulan_b"),
               Flow("usulan_a", "gabung"), Flow("usulan_b", "gabung"), Flow("gabung", "jadwal"),
               Flow("jadwal", "selesai")],
    )


def test_a_case_with_one_parallel_branch_done_migrates_and_its_join_does_not_wait_for_that_branch_again(
    db: Database, tmp_path: Path, staff: dict[str, int], admin: int
) -> None:
    key = "uji_paralel"
    write_process(tmp_path, parallel_sketch(key), forms={})
    sync_processes(db, tmp_path)
    case_id = start(db, staff, key)
    first, second = open_tasks(db, case_id)
    complete_task(db, staff["uji_pelaksana"], first.id, {})
    new_version = register_unchecked(db, key, ('name="Jadwal"', 'name="Jadwal kegiatan"'))
    migrate_cases(db, admin, key, new_version, REASON)
    assert [t.id for t in open_tasks(db, case_id)] == [second.id]
    complete_task(db, staff["uji_pelaksana"], second.id, {})
    assert the_open_task(db, case_id).element_id == "jadwal"


def test_moving_a_case_back_and_on_cancels_its_open_step_and_opens_the_target_with_a_new_due_time(
    db: Database, tmp_path: Path, staff: dict[str, int], admin: int, clock: FixedClock
) -> None:
    key = "uji_pindah"
    write_process(tmp_path, repair_sketch(key))
    sync_processes(db, tmp_path)
    case_id = start(db, staff, key)
    complete_task(db, staff["uji_pelaksana"], the_open_task(db, case_id).id, {"nik": NIK, "lengkap": True})
    approval = the_open_task(db, case_id)
    assert approval.element_id == "setujui"

    clock.advance(hours=2)
    [reopened_id] = move_case(db, admin, case_id, ["periksa"], "Berkas KTP ternyata kurang jelas")
    with db.transaction(write=False) as session:
        cancelled = session.get(Task, approval.id)
        assert cancelled is not None and cancelled.status == "cancelled" and cancelled.flag_overdue_at is None
    reopened = the_open_task(db, case_id)
    assert (reopened.id, reopened.element_id) == (reopened_id, "periksa")
    assert reopened.started_at == clock.now() and reopened.due_at == clock.now() + timedelta(minutes=30)
    kinds = [e.kind for e in events(db, case_id)][-3:]
    assert kinds == ["case_moved", "task_cancelled", "task_created"]
    [moved] = events(db, case_id, "case_moved")
    assert (moved.payload["from"], moved.payload["to"]) == (["setujui"], ["periksa"])

    move_case(db, admin, case_id, ["setujui"], "Berkas sudah dilengkapi langsung")
    forward = the_open_task(db, case_id)
    assert forward.element_id == "setujui" and forward.due_at == clock.now() + timedelta(hours=1)
    with pytest.raises(Conflict, match="sudah berada"):
        move_case(db, admin, case_id, ["setujui"], "sekali lagi ke sana")
    with pytest.raises(ValidationFailed):
        move_case(db, admin, case_id, ["tidak_ada"], "langkah yang salah")
    assert complete_task(db, staff["uji_kabid"], forward.id, {}).case_status == "completed"


def test_a_suspended_case_cannot_be_worked_on_is_not_flagged_and_resumes_with_its_due_times_moved(
    db: Database, tmp_path: Path, staff: dict[str, int], admin: int, clock: FixedClock
) -> None:
    key = "uji_tangguh"
    write_process(tmp_path, repair_sketch(key))
    sync_processes(db, tmp_path)
    case_id = start(db, staff, key)  # Monday 09:00 WITA; the check is due 09:30
    other_id = start(db, staff, key, "Kasus lain yang berjalan")
    task = the_open_task(db, case_id)
    suspend_case(db, admin, case_id, "Menunggu putusan pengadilan")

    with pytest.raises(Conflict, match="ditangguhkan"):
        claim_task(db, staff["uji_pelaksana"], task.id)
    with pytest.raises(Conflict, match="ditangguhkan"):
        complete_task(db, staff["uji_pelaksana"], task.id, {"nik": NIK, "lengkap": True})
    with pytest.raises(Conflict, match="ditangguhkan"):
        move_case(db, admin, case_id, ["setujui"], "tidak boleh saat ditangguhkan")

    clock.advance(hours=2)  # 11:00: both checks are 90 minutes late, only the running case is flagged
    assert run_pass(db, clock.now()).flagged == 1
    assert events(db, case_id, "task_overdue") == [] and len(events(db, other_id, "task_overdue")) == 1

    resume_case(db, admin, case_id, "Putusan sudah keluar")
    resumed = the_open_task(db, case_id)
    assert resumed.due_at == task.due_at + timedelta(hours=2) == resumed.flag_overdue_at  # 11:30 WITA
    [event] = events(db, case_id, "case_resumed")
    assert event.payload["suspended_working_minutes"] == 120
    clock.advance(minutes=20)
    assert run_pass(db, clock.now()).flagged == 0
    clock.advance(minutes=11)
    assert run_pass(db, clock.now()).flagged == 1
    assert len(events(db, case_id, "task_overdue")) == 1
    claim_task(db, staff["uji_pelaksana"], task.id)


def test_repairs_are_for_administrators_only_and_refusing_changes_nothing(
    db: Database, tmp_path: Path, staff: dict[str, int]
) -> None:
    key = "uji_hak_perbaikan"
    write_process(tmp_path, repair_sketch(key))
    sync_processes(db, tmp_path)
    case_id = start(db, staff, key)
    write_process(tmp_path, repair_sketch(key, condition="lengkap != False"))
    sync_processes(db, tmp_path)
    before = snapshot(db)
    for who in ("uji_pelaksana", "uji_kabid", "kadis"):
        actor = staff[who]
        attempts = [
            lambda: migrate_cases(db, actor, key, 2, REASON),  # noqa: B023
            lambda: plan_migration(db, actor, key, 2),  # noqa: B023
            lambda: move_case(db, actor, case_id, ["setujui"], REASON),  # noqa: B023
            lambda: suspend_case(db, actor, case_id, REASON),  # noqa: B023
            lambda: resume_case(db, actor, case_id, REASON),  # noqa: B023
            lambda: cases_needing_attention(db, actor),  # noqa: B023
            lambda: case_repair_view(db, actor, case_id),  # noqa: B023
        ]
        for attempt in attempts:
            with pytest.raises(NotAuthorized):
                attempt()
    assert snapshot(db) == before
