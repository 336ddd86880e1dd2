"""Two people completing the same step at the same moment: exactly one wins, the case moves once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from engine import forms
from engine.db import Database
from engine.errors import Conflict
from engine.models import Event, Task
from engine.services import complete_task, inbox, start_case, sync_processes
from engine.timekeeping.clock import FixedClock

from support import decision_sketch, write_process

NIK = "5201014107900001"


@pytest.fixture
def racing_task(db: Database, tmp_path: Path, staff: dict[str, int]) -> int:
    write_process(tmp_path, decision_sketch("uji_balapan"))
    sync_processes(db, tmp_path)
    start_case(db, staff["uji_pelaksana"], "uji_balapan", {"nama_pemohon": "X"})
    return inbox(db, staff["uji_pelaksana"], "queue").rows[0].id


def _second_pelaksana(db: Database) -> int:
    from test_case_lifecycle import _second_pelaksana as make

    return make(db)


def _outcomes_are_exactly_once(db: Database, results: dict[str, object], task_id: int) -> None:
    successes = [r for r in results.values() if not isinstance(r, Exception)]
    failures = [r for r in results.values() if isinstance(r, Exception)]
    assert len(successes) == 1, results
    assert len(failures) == 1 and isinstance(failures[0], Conflict), results
    assert "sudah diselesaikan" in failures[0].message or "dipegang" in failures[0].message
    with db.transaction(write=False) as session:
        completed = session.scalar(select(func.count()).select_from(Event).where(
            Event.kind == "task_completed", Event.task_id == task_id))
        approvals = session.scalar(select(func.count()).select_from(Task).where(Task.element_id == "setujui"))
    assert completed == 1
    assert approvals == 1  # the case advanced once


def test_two_connections_racing_on_postgres(
    postgres_only: None, db: Database, racing_task: int, staff: dict[str, int], prepared_database: str,
    clock: FixedClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A holds the step's row lock; B is seen waiting on it in pg_stat_activity; then A commits."""
    second = _second_pelaksana(db)
    a_holds_lock = threading.Event()
    release_a = threading.Event()
    original = forms.validate_form

    def validate_then_wait(schema, data, **options):  # type: ignore[no-untyped-def]
        if threading.current_thread().name == "A":  # runs after the task row was locked
            a_holds_lock.set()
            assert release_a.wait(20)
        return original(schema, data, **options)

    monkeypatch.setattr(forms, "validate_form", validate_then_wait)
    results: dict[str, object] = {}

    def run(name: str, user_id: int) -> None:
        conn = Database(prepared_database, clock=clock)  # a connection pool of its own
        try:
            results[name] = complete_task(conn, user_id, racing_task, {"nik": NIK, "lengkap": True})
        except Exception as error:
            results[name] = error
        finally:
            conn.dispose()

    a = threading.Thread(target=run, args=("A", staff["uji_pelaksana"]), name="A")
    b = threading.Thread(target=run, args=("B", second), name="B")
    a.start()
    assert a_holds_lock.wait(20), results
    b.start()
    _wait_until_a_backend_waits_on_a_lock(db)
    release_a.set()
    a.join(30)
    b.join(30)
    assert isinstance(results["B"], Conflict)
    _outcomes_are_exactly_once(db, results, racing_task)


def _wait_until_a_backend_waits_on_a_lock(db: Database) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with db.engine.connect() as connection:
            waiting = connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )).scalar()
        if waiting:
            return
        time.sleep(0.02)
    raise AssertionError("the second completion never waited on the row lock")


def test_two_threads_racing_on_any_database(
    db: Database, racing_task: int, staff: dict[str, int], prepared_database: str, clock: FixedClock
) -> None:
    second = _second_pelaksana(db)
    results: dict[str, object] = {}
    start = threading.Barrier(2)

    def run(name: str, user_id: int) -> None:
        conn = Database(prepared_database, clock=clock)
        start.wait()
        try:
            results[name] = complete_task(conn, user_id, racing_task, {"nik": NIK, "lengkap": True})
        except Exception as error:
            results[name] = error
        finally:
            conn.dispose()

    threads = [threading.Thread(target=run, args=(n, u)) for n, u in (("A", staff["uji_pelaksana"]), ("B", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    _outcomes_are_exactly_once(db, results, racing_task)
