"""PostgreSQL restarted (immediate shutdown, crash recovery) while clients complete steps.

The shared server on port 5432 holds other people's databases, so this test starts a PostgreSQL
server of its own and restarts that one. Clients see errors (HTTP 500, cut connections) while it is
down and retry; afterwards every acknowledged step is there and no step is half-applied.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from chaos_support import (
    KEY,
    START_DATA,
    STEPS,
    CaseWalkers,
    Gunicorn,
    PrivatePostgres,
    check_acknowledged,
    check_cases_consistent,
    check_overdue_once,
    create_pelaksana,
    mint_tokens,
)

from bench.seed import open_cases
from engine.authoring import linear_process
from engine.db import Database
from engine.migrate import upgrade
from engine.services import sync_processes

from support import write_process

pytest_plugins = ["chaos_fixtures"]


@pytest.fixture
def private_postgres(chaos_url: str) -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    try:
        server.start()
    except (OSError, LookupError, subprocess.SubprocessError) as error:
        server.stop()
        detail = getattr(error, "stderr", b"") or b""
        pytest.skip(f"cannot start a private PostgreSQL server to restart: {error} {detail[-300:]!r}")
    yield server
    server.stop()


def _wait_for(walkers: CaseWalkers, acknowledged: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(walkers.ledger.acknowledged()) < acknowledged:
        assert time.monotonic() < deadline, f"no progress: {walkers.ledger.statuses()}"
        time.sleep(0.05)


def test_postgres_restart_under_load_leaves_no_half_applied_step(
    private_postgres: PrivatePostgres, tmp_path: Path,
) -> None:
    url = private_postgres.url("alur_chaos")
    db = Database(url)
    upgrade(db.engine)
    write_process(tmp_path / "sops", linear_process(KEY, "Uji kekacauan", STEPS, lanes=("Pelaksana",)))
    sync_processes(db, tmp_path / "sops")
    staff = create_pelaksana(db, "pg", 8)
    cases = open_cases(db, KEY, 150, data=START_DATA)

    with Gunicorn(url, scratch=tmp_path / "web", workers=2, threads=4) as web:
        tokens = mint_tokens(web, [user_id for user_id, _ in staff])
        walkers = CaseWalkers(web.port, list(zip([u for u, _ in staff], tokens, strict=True)),
                              [c.task_ids[0] for c in cases], retries=60, pause=0.25).start()
        try:
            _wait_for(walkers, 30, timeout=60)
            before_restart = len(walkers.ledger.answers)
            private_postgres.restart()
            _wait_for(walkers, len(walkers.ledger.acknowledged()) + 30, timeout=60)
        finally:
            walkers.join()

    statuses = walkers.ledger.statuses()
    assert set(statuses) <= {200, 409, 500, 0}, walkers.ledger.statuses()
    during = walkers.ledger.answers[before_restart:]
    assert any(a.status in (500, 0) for a in during), f"no client noticed the restart: {statuses}"
    db.dispose()
    db = Database(url)  # fresh connections: the old ones died with the server
    try:
        assert check_acknowledged(db, walkers.ledger) >= 60
        by_status = check_cases_consistent(db)
        assert sum(by_status.values()) == len(cases)
        assert check_overdue_once(db) == 0
    finally:
        db.dispose()
