"""Named transitions of steps and cases: status, holder, timers and the history entry change together, and a
transition the current status does not allow is refused with ``IllegalTransition`` before anything changes."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.db import Database
from engine.errors import Conflict, IllegalTransition
from engine.models import Case, CaseStatus, Event, EventKind, Task, TaskStatus
from engine.services import cancel_case, complete_task, get_case, start_case, sync_processes

from support import decision_sketch, write_process

KEY = "uji_transisi"
NIK = "5201014107900001"


@pytest.fixture
def case_id(db: Database, staff: dict[str, int], tmp_path: Path) -> int:
    write_process(tmp_path, decision_sketch(KEY))
    sync_processes(db, tmp_path)
    return start_case(db, staff["uji_pelaksana"], KEY, {"nama_pemohon": "Baiq Nurul"}).id


def _kinds(db: Database, case_id: int) -> list[str]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(Event.kind).where(Event.case_id == case_id).order_by(Event.id)))


def test_complete_claims_on_the_way_stops_timers_and_records_in_order(
    db: Database, staff: dict[str, int], case_id: int
) -> None:
    now = db.clock.now()
    with db.transaction() as session:
        task = session.scalars(select(Task).where(Task.case_id == case_id)).one()
        assert task.assignee_id is None and task.remind_at is not None
        event = task.complete(staff["uji_pelaksana"], now + timedelta(hours=2), {"lengkap": True},
                              standard_working_minutes=30, actual_working_minutes=120)
        assert (task.status, task.assignee_id, task.completed_by_id) == (
            TaskStatus.COMPLETED, staff["uji_pelaksana"], staff["uji_pelaksana"])
        assert (task.flag_overdue_at, task.remind_at, task.next_escalation_at) == (None, None, None)
        assert task.finished_late and event.payload["late"] is True and event.kind == EventKind.TASK_COMPLETED
    assert _kinds(db, case_id)[-2:] == [EventKind.TASK_CLAIMED, EventKind.TASK_COMPLETED]


@pytest.mark.parametrize("transition", ["claim", "unclaim", "reassign", "complete", "cancel"])
def test_a_closed_step_refuses_every_transition_and_nothing_changes(
    db: Database, staff: dict[str, int], case_id: int, transition: str
) -> None:
    now = db.clock.now()
    user = staff["uji_pelaksana"]
    with db.transaction() as session:
        task = session.scalars(select(Task).where(Task.case_id == case_id)).one()
        task.cancel(now, user)
    before = _kinds(db, case_id)
    with pytest.raises(IllegalTransition, match="sudah ditutup"), db.transaction() as session:
        task = session.scalars(select(Task).where(Task.case_id == case_id)).one()
        {
            "claim": lambda: task.claim(user, now),
            "unclaim": lambda: task.unclaim(now, user),
            "reassign": lambda: task.reassign(user, now, user, "cuti"),
            "complete": lambda: task.complete(user, now, {}, standard_working_minutes=1, actual_working_minutes=1),
            "cancel": lambda: task.cancel(now, user),
        }[transition]()
    assert _kinds(db, case_id) == before
    with db.transaction(write=False) as session:
        task = session.scalars(select(Task).where(Task.case_id == case_id)).one()
        assert (task.status, task.assignee_id) == (TaskStatus.CANCELLED, None)
    assert issubclass(IllegalTransition, Conflict)  # the web answers 409, like any other state clash


def test_a_case_that_no_longer_runs_can_be_neither_finished_nor_cancelled(
    db: Database, staff: dict[str, int], case_id: int
) -> None:
    cancel_case(db, staff["uji_kabid"], case_id, "Pemohon menarik permohonan")
    assert _kinds(db, case_id)[-2:] == [EventKind.TASK_CANCELLED, EventKind.CASE_CANCELLED]
    now = db.clock.now()
    for transition in ("finish", "cancel"):
        with pytest.raises(IllegalTransition, match="tidak sedang berjalan"), db.transaction() as session:
            case = session.get(Case, case_id)
            assert case is not None
            if transition == "finish":
                case.finish(now, None, "selesai")
            else:
                case.cancel(now, staff["uji_kabid"], "sekali lagi")
    detail = get_case(db, staff["uji_kabid"], case_id)
    assert (detail.status, detail.outcome) == (CaseStatus.CANCELLED, None)


def test_every_event_of_a_whole_case_is_a_named_kind(db: Database, staff: dict[str, int], case_id: int) -> None:
    task = get_case(db, staff["uji_pelaksana"], case_id).steps[0].task_id
    complete_task(db, staff["uji_pelaksana"], task, {"nik": NIK, "lengkap": True})
    approve = get_case(db, staff["uji_kabid"], case_id).steps[-1].task_id
    complete_task(db, staff["uji_kabid"], approve, {})
    kinds = _kinds(db, case_id)
    assert kinds[0] == EventKind.CASE_STARTED and kinds[-1] == EventKind.CASE_COMPLETED
    assert set(kinds) <= {kind.value for kind in EventKind}
