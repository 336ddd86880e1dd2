"""The scheduler killed in the middle of a pass, two of them at once, then run again.

Each late step is handled in its own transaction with a conditional update and unique notice keys,
so a killed pass leaves whole rows behind or none, and the next pass finishes the rest: one flag,
one event and one notice per person for each step, one escalation per level.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

from chaos_support import KEY, START_DATA, check_cases_consistent, check_overdue_once, steps_of
from sqlalchemy import func, select

from bench.seed import open_cases
from engine.db import Database
from engine.models import Event, Task
from engine.timekeeping.clock import FixedClock

pytest_plugins = ["chaos_fixtures"]

LATE_STEPS = 200


def _command(now: str) -> list[str]:
    """``alur scheduler --once --now …``, as an operator runs it to catch up."""
    return [sys.executable, "-c", "from webapp.cli import main; main()", "scheduler", "--once", "--now", now]


def _scheduler(url: str, now: str) -> subprocess.Popen[str]:
    return subprocess.Popen(_command(now), env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _run_scheduler(url: str, now: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(now), env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True,
                          timeout=170)


def _flagged(db: Database) -> int:
    with db.transaction(write=False) as session:
        return session.scalar(select(func.count()).select_from(Event).where(Event.kind == "task_overdue",
                                                                            Event.task_id.in_(steps_of()))) or 0


def test_scheduler_killed_mid_pass_flags_each_step_once(
    chaos_url: str, chaos_sop: str, racers: list[tuple[int, str]], db: Database, clock: FixedClock,
) -> None:
    holders = [user_id for user_id, _ in racers]
    due = clock.now()
    # Most late steps have a holder (one notice each); the rest notify every Pelaksana who may take them.
    open_cases(db, KEY, LATE_STEPS - 30, data=START_DATA, due=due, assignee_ids=holders)
    open_cases(db, KEY, 30, data=START_DATA, due=due)
    later = (due + timedelta(days=3)).isoformat()  # past the due time and both escalation times

    first = [_scheduler(chaos_url, later), _scheduler(chaos_url, later)]
    deadline = time.monotonic() + 60
    while _flagged(db) < 10 and time.monotonic() < deadline and any(p.poll() is None for p in first):
        time.sleep(0.02)
    for process in first:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.communicate(timeout=30)
    flagged_when_killed = _flagged(db)
    assert 0 < flagged_when_killed < LATE_STEPS, f"the kill did not land mid-pass ({flagged_when_killed} flagged)"
    assert any(p.returncode == -signal.SIGKILL for p in first)

    again = _run_scheduler(chaos_url, later)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "errors=0" in again.stdout, again.stdout + again.stderr[-2000:]
    once_more = _run_scheduler(chaos_url, later)
    assert "flagged=0 reminded=0 escalated=0" in once_more.stdout, once_more.stdout

    assert check_overdue_once(db) == LATE_STEPS
    with db.transaction(write=False) as session:
        mine = Task.id.in_(steps_of())
        pending = session.scalar(select(func.count()).select_from(Task).where(Task.flag_overdue_at.is_not(None), mine))
        levels = set(session.scalars(select(Task.escalation_level).where(mine)))
    assert pending == 0
    # Every step escalated up the same chain, each level once (check_overdue_once): one rank, Kepala Bidang, when
    # the chaos tests run alone; more when other tests added supervisors to the unit's chain.
    assert len(levels) == 1 and min(levels) >= 1, levels
    assert check_cases_consistent(db) == {"active": LATE_STEPS}
