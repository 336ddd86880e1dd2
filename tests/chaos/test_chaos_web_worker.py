"""A web worker killed with SIGKILL in the middle of completions.

Whatever the worker was doing is lost with its connection, and PostgreSQL rolls its transaction back:
every completion a client was told about is stored, none is stored halfway, and gunicorn replaces the
worker while the other workers go on serving.
"""

from __future__ import annotations

import time

from chaos_support import (
    KEY,
    START_DATA,
    CaseWalkers,
    Gunicorn,
    check_acknowledged,
    check_cases_consistent,
    check_overdue_once,
    kill_worker_mid_transaction,
)

from bench.seed import open_cases
from engine.db import Database

pytest_plugins = ["chaos_fixtures"]


def _wait_for_completions(walkers: CaseWalkers, more_than: int, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = len(walkers.ledger.acknowledged())
        if done > more_than:
            return done
        time.sleep(0.05)
    raise AssertionError(f"no progress: {len(walkers.ledger.acknowledged())} completions, answers "
                         f"{walkers.ledger.statuses()}")


def _wait_for_workers(server: Gunicorn, killed: set[int], timeout: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = server.worker_pids()
        if len(pids) == server.workers and not killed & set(pids):
            return pids
        time.sleep(0.2)
    raise AssertionError(f"gunicorn did not replace the killed workers {killed}: {server.worker_pids()}")


def test_worker_killed_mid_completion_loses_nothing_acknowledged(
    chaos_url: str, chaos_sop: str, server: Gunicorn, people: list[tuple[int, str]], db: Database,
) -> None:
    cases = open_cases(db, KEY, 150, data=START_DATA)
    walkers = CaseWalkers(server.port, people[:8], [c.task_ids[0] for c in cases]).start()
    killed: dict[int, bool] = {}
    done = 0
    try:
        for _ in range(3):
            done = _wait_for_completions(walkers, done + 20)
            pid, inside_transaction = kill_worker_mid_transaction(server, db)
            killed[pid] = inside_transaction
        answers_at_last_kill = len(walkers.ledger.answers)
        _wait_for_completions(walkers, len(walkers.ledger.acknowledged()) + 20, timeout=60)
        walkers.wait_until_done(timeout=120)
    finally:
        walkers.join()

    assert any(killed.values()), "no worker was caught inside a transaction: the test proved nothing"
    statuses = walkers.ledger.statuses()
    assert statuses[0] >= 1, f"no request was cut off by the kills: {statuses}"
    assert set(statuses) <= {200, 409, 0}, f"unexpected answers: {statuses}: " + "; ".join(
        a.message for a in walkers.ledger.answers if a.status not in (200, 409, 0))[:1500]
    later = walkers.ledger.answers[answers_at_last_kill:]
    assert any(a.status == 200 for a in later), "nothing was completed after the last kill"
    _wait_for_workers(server, set(killed))

    assert check_acknowledged(db, walkers.ledger) >= 60
    by_status = check_cases_consistent(db)
    assert sum(by_status.values()) == len(cases)
    assert by_status["completed"] > 0
    assert check_overdue_once(db) == 0
