"""A case through the engine's service functions: routing, authorization, validation, history."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from engine.db import Database
from engine.errors import ConcurrentUpdate, Conflict, ExpressionError, NotAuthorized, ValidationFailed
from engine.models import Case, Event, ProcessDefinition, Task
from engine.services import (
    InboxFilter,
    cancel_case,
    claim_task,
    complete_task,
    get_case,
    get_task,
    inbox,
    reassign_task,
    start_case,
    sync_processes,
    unclaim_task,
)
from engine.timekeeping.clock import FixedClock

from support import decision_sketch, write_process

NIK = "5201014107900001"
KEY = "uji_kasus"


@pytest.fixture
def process(db: Database, tmp_path: Path) -> str:
    write_process(tmp_path, decision_sketch(KEY))
    sync_processes(db, tmp_path)
    return KEY


def _only_queue_task(db: Database, user_id: int) -> int:
    rows = inbox(db, user_id, "queue").rows
    assert len(rows) == 1
    return rows[0].id


def _snapshot(db: Database) -> tuple:
    with db.transaction(write=False) as session:
        return (
            session.scalar(select(func.count()).select_from(Event)),
            tuple(session.execute(select(Task.id, Task.status, Task.assignee_id).order_by(Task.id)).all()),
            tuple(session.execute(select(Case.id, Case.status, Case.workflow_state, Case.lock_version)).all()),
        )


def test_a_case_runs_start_to_finish_with_full_history(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    pelaksana, kabid = staff["uji_pelaksana"], staff["uji_kabid"]
    case = start_case(db, pelaksana, process, {"nama_pemohon": "Baiq Nurul"})
    assert case.reference == "UJI-2026-00001"

    check = _only_queue_task(db, pelaksana)
    assert inbox(db, kabid, "queue").rows == ()  # not the Kepala Bidang's step
    claim_task(db, pelaksana, check)
    assert [r.id for r in inbox(db, pelaksana, "mine").rows] == [check]
    clock.advance(minutes=20)
    complete_task(db, pelaksana, check, {"nik": NIK, "lengkap": True})

    approve = _only_queue_task(db, kabid)
    detail = get_task(db, kabid, approve)
    assert (detail.step.name, detail.step.role_code, detail.step.standard_duration) == ("Menyetujui",
                                                                                       "kepala_bidang", "PT1H")
    assert (detail.may_complete and not detail.may_reassign) or detail.may_reassign
    clock.advance(minutes=10)
    result = complete_task(db, kabid, approve)
    assert result.case_status == "completed"

    history = get_case(db, kabid, case.id)
    assert history.status == "completed" and history.outcome == "Selesai"
    assert history.subject == "Baiq Nurul"
    assert [e.kind for e in history.events] == [
        "case_started", "task_created", "task_claimed", "task_completed",
        "task_created", "task_claimed", "task_completed", "case_completed",
    ]
    assert [(s.element_id, s.status, s.completed_by) for s in history.steps] == [
        ("periksa", "completed", "Uji Pelaksana"), ("setujui", "completed", "Uji Kabid")]
    first = history.steps[0]
    assert first.data == {"nik": NIK, "lengkap": True}
    assert first.completed_at - first.started_at == timedelta(minutes=20)
    assert first.due_at - first.started_at == timedelta(minutes=30)  # Monday 09:00 + 30 working minutes
    assert not first.is_overdue


def test_the_decision_takes_the_other_branch(db: Database, process: str, staff: dict[str, int]) -> None:
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "Lalu Ahmad"})
    complete_task(db, staff["uji_pelaksana"], _only_queue_task(db, staff["uji_pelaksana"]),
                  {"nik": NIK, "lengkap": False})
    detail = get_case(db, staff["uji_pelaksana"], case.id)
    assert (detail.status, detail.outcome) == ("completed", "Dikembalikan")
    assert inbox(db, staff["uji_kabid"], "queue").total == 0


def test_invalid_form_changes_nothing(db: Database, process: str, staff: dict[str, int]) -> None:
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "Baiq"})
    task = _only_queue_task(db, staff["uji_pelaksana"])
    before = _snapshot(db)
    with pytest.raises(ValidationFailed) as failed:
        complete_task(db, staff["uji_pelaksana"], task, {"nik": "9901014107900001", "lengkap": "ya"})
    assert set(failed.value.field_errors) == {"nik", "lengkap"}
    assert "NIK" in failed.value.field_errors["nik"]
    assert _snapshot(db) == before


def test_start_form_is_validated(db: Database, process: str, staff: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as failed:
        start_case(db, staff["uji_pelaksana"], process, {})
    assert "nama_pemohon" in failed.value.field_errors
    assert _snapshot(db)[0] == 0


def test_only_the_right_role_and_unit_may_act(db: Database, process: str, staff: dict[str, int]) -> None:
    with pytest.raises(NotAuthorized):
        start_case(db, staff["pelaksana_lain"], process, {"nama_pemohon": "X"})  # another office
    with pytest.raises(NotAuthorized):
        start_case(db, staff["uji_kabid"], process, {"nama_pemohon": "X"})  # not a starter role
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    task = _only_queue_task(db, staff["uji_pelaksana"])
    for outsider in ("pelaksana", "pelaksana_lain", "uji_kabid"):
        with pytest.raises(NotAuthorized):
            claim_task(db, staff[outsider], task)
        with pytest.raises(NotAuthorized):
            complete_task(db, staff[outsider], task, {"nik": NIK, "lengkap": True})
    with pytest.raises(NotAuthorized):
        get_case(db, staff["pelaksana_lain"], case.id)
    with pytest.raises(NotAuthorized):
        reassign_task(db, staff["uji_pelaksana"], task, staff["uji_pelaksana"])  # not a supervisor


def test_a_claimed_task_is_held(db: Database, process: str, staff: dict[str, int]) -> None:
    second = _second_pelaksana(db)
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    task = _only_queue_task(db, staff["uji_pelaksana"])
    claim_task(db, staff["uji_pelaksana"], task)
    assert inbox(db, second, "queue").total == 0
    with pytest.raises(Conflict, match="dipegang oleh Uji Pelaksana"):
        claim_task(db, second, task)
    with pytest.raises(Conflict, match="dipegang"):
        complete_task(db, second, task, {"nik": NIK, "lengkap": True})
    with pytest.raises(NotAuthorized):
        unclaim_task(db, second, task)
    unclaim_task(db, staff["uji_pelaksana"], task)
    claim_task(db, second, task)
    complete_task(db, second, task, {"nik": NIK, "lengkap": True})
    with pytest.raises(Conflict, match="sudah diselesaikan oleh Uji Pelaksana Dua"):
        complete_task(db, staff["uji_pelaksana"], task, {"nik": NIK, "lengkap": True})


def _second_pelaksana(db: Database) -> int:
    from engine.errors import NotFound
    from engine.services import create_user, find_user

    try:
        return find_user(db, "uji_pelaksana2").id
    except NotFound:
        return create_user(db, username="uji_pelaksana2", full_name="Uji Pelaksana Dua", password="kata-sandi-uji",
                           roles=["pelaksana"], unit_code="kantor-uji.bidang-a").id


def test_supervisor_reassigns_to_someone_who_may_do_it(db: Database, process: str, staff: dict[str, int]) -> None:
    second = _second_pelaksana(db)
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    task = _only_queue_task(db, staff["uji_pelaksana"])
    claim_task(db, staff["uji_pelaksana"], task)
    with pytest.raises(ValidationFailed, match="tidak dapat mengerjakan"):
        reassign_task(db, staff["uji_kabid"], task, staff["pelaksana"])  # other unit
    with pytest.raises(NotAuthorized):
        reassign_task(db, staff["kabid_lain"], task, second)  # supervises another division
    reassign_task(db, staff["uji_kabid"], task, second, "cuti")
    assert [r.id for r in inbox(db, second, "mine").rows] == [task]
    assert inbox(db, staff["uji_pelaksana"], "mine").total == 0
    event = get_case(db, staff["uji_kabid"], case.id).events[-1]
    assert event.kind == "task_reassigned"
    assert event.payload["to_user_id"] == second and event.payload["reason"] == "cuti"


def test_cancel_needs_a_reason_and_withdraws_open_steps(db: Database, process: str, staff: dict[str, int]) -> None:
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    with pytest.raises(ValidationFailed):
        cancel_case(db, staff["uji_kabid"], case.id, "  ")
    with pytest.raises(NotAuthorized):
        cancel_case(db, staff["kabid_lain"], case.id, "bukan wewenang")
    cancel_case(db, staff["uji_kabid"], case.id, "Pemohon membatalkan permohonan")
    detail = get_case(db, staff["uji_kabid"], case.id)
    assert detail.status == "cancelled" and detail.cancel_reason == "Pemohon membatalkan permohonan"
    assert [s.status for s in detail.steps] == ["cancelled"]
    assert inbox(db, staff["uji_pelaksana"], "queue").total == 0
    with pytest.raises(Conflict):
        cancel_case(db, staff["uji_kabid"], case.id, "sekali lagi")


def test_a_completion_that_finds_its_case_changed_keeps_nothing(
    db: Database, process: str, staff: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The case's version check decides last: when the case row changed after it was read, the step's rows
    (already written on PostgreSQL's one statement) go too."""
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    task = _only_queue_task(db, staff["uji_pelaksana"])
    before = _snapshot(db)
    import engine.services.tasks as tasks_module

    written = tasks_module.write

    def changed_meanwhile(session, locked):  # type: ignore[no-untyped-def]
        session.execute(update(Case).where(Case.id == locked.case.id).values(lock_version=Case.lock_version + 1))
        written(session, locked)

    monkeypatch.setattr(tasks_module, "write", changed_meanwhile)
    with pytest.raises(ConcurrentUpdate):
        complete_task(db, staff["uji_pelaksana"], task, {"nik": NIK, "lengkap": True})
    assert _snapshot(db) == before


def test_inbox_filters_sorting_and_paging(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    user = staff["uji_pelaksana"]
    for number in range(5):
        start_case(db, user, process, {"nama_pemohon": f"Pemohon {number}"})
        clock.advance(minutes=10)
    page = inbox(db, user, "queue", InboxFilter(per_page=2, page=2))
    assert (page.total, page.pages, len(page.rows), page.counts) == (5, 3, 2, {"mine": 0, "queue": 5})
    assert [r.subject for r in page.rows] == ["Pemohon 2", "Pemohon 3"]
    latest_first = inbox(db, user, "queue", InboxFilter(sort="-due")).rows
    assert latest_first[0].subject == "Pemohon 4"
    clock.advance(minutes=5)  # now +55 min: the steps due at +30, +40 and +50 are late
    overdue = inbox(db, user, "queue", InboxFilter(overdue=True)).rows
    assert [r.subject for r in overdue] == ["Pemohon 0", "Pemohon 1", "Pemohon 2"]
    assert all(r.is_overdue for r in overdue)
    assert inbox(db, user, "queue", InboxFilter(process_key="tidak_ada")).total == 0
    assert inbox(db, user, "queue", InboxFilter(element_id="periksa")).total == 5
    assert inbox(db, user, "queue", InboxFilter(due_today=True)).total == 5


def test_a_failure_mid_completion_leaves_the_case_as_it_was(
    db: Database, process: str, staff: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    task = _only_queue_task(db, staff["uji_pelaksana"])
    before = _snapshot(db)

    import engine.services.tasks as tasks_module

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasks_module, "advance_locked", explode)  # after the workflow already ran in memory
    with pytest.raises(RuntimeError):
        complete_task(db, staff["uji_pelaksana"], task, {"nik": NIK, "lengkap": True})
    assert _snapshot(db) == before
    monkeypatch.undo()
    written = tasks_module.write

    def write_then_explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        written(*args, **kwargs)  # every row of the step is written, the transaction not yet committed
        raise RuntimeError("connection lost")

    monkeypatch.setattr(tasks_module, "write", write_then_explode)
    with pytest.raises(RuntimeError):
        complete_task(db, staff["uji_pelaksana"], task, {"nik": NIK, "lengkap": True})
    assert _snapshot(db) == before
    monkeypatch.undo()
    complete_task(db, staff["uji_pelaksana"], task, {"nik": NIK, "lengkap": True})  # and it still completes
    assert inbox(db, staff["uji_kabid"], "queue").total == 1


def test_a_gateway_error_is_reported_and_rolled_back(
    db: Database, tmp_path: Path, staff: dict[str, int]
) -> None:
    write_process(tmp_path, decision_sketch("uji_gerbang"))
    sync_processes(db, tmp_path)
    # Sync now refuses a condition on a field no form has; this version stands for one registered before.
    with db.transaction() as session:
        definition = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == "uji_gerbang"))
        definition.bpmn_xml = definition.bpmn_xml.replace("lengkap == True", "tidak_ada_isian == True")
        definition.checksum = "sebelum-pemeriksaan-makna"
    start_case(db, staff["uji_pelaksana"], "uji_gerbang", {"nama_pemohon": "X"})
    task = _only_queue_task(db, staff["uji_pelaksana"])
    before = _snapshot(db)
    with pytest.raises(ExpressionError, match="tidak_ada_isian"):
        complete_task(db, staff["uji_pelaksana"], task, {"nik": NIK, "lengkap": True})
    # The step is rolled back; only the case's "perlu perhatian" mark is kept (engine.services.case_repair).
    events, tasks, cases = _snapshot(db)
    assert tasks == before[1] and events == before[0] + 1
    assert [case[:3] for case in cases] == [case[:3] for case in before[2]]


def test_saved_state_does_not_embed_the_spec(db: Database, process: str, staff: dict[str, int]) -> None:
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    with db.transaction(write=False) as session:
        state = session.get(Case, case.id).workflow_state
    assert '"spec":"uji_kasus"' in state
    assert "task_specs" not in state
    assert len(state) < 6000
