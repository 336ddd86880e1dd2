"""How the report queries scale: seed N task rows with bulk inserts, time the compliance report and the case
archive, and compare with a 10,000-row database.

    .venv/bin/python bench/reports_bench.py                     # SQLite in a temporary folder, 100,000 rows
    ALUR_BENCH_DATABASE_URL=postgresql+psycopg://user@host/alur_bench .venv/bin/python bench/reports_bench.py
    .venv/bin/python bench/reports_bench.py --rows 20000 --runs 3
    .venv/bin/python bench/reports_bench.py --report-index    # with the covering index the report would like

On PostgreSQL the default is 1,000,000 task rows. The bench DROPS and recreates the database's ``public``
schema (PostgreSQL) or writes a new file (SQLite): never point it at a database you care about.
Rows are written with COPY (PostgreSQL) or executemany (SQLite), bypassing the engine, in the shape the
engine writes them (maintained standard/actual minutes, finished_late). Timings are medians of several
runs after one warm-up; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.db import Database  # noqa: E402
from engine.migrate import upgrade  # noqa: E402
from engine.models import ProcessDefinition  # noqa: E402
from engine.services import create_user, sync_processes  # noqa: E402
from engine.services.reports import ArchiveFilter, case_archive, compliance_report  # noqa: E402
from engine.timekeeping.clock import FixedClock  # noqa: E402
from engine.timekeeping.durations import parse_iso8601  # noqa: E402

NIB = "pelayanan_nib_oss"
BASELINE_ROWS = 10_000
#: The bench's "now": every seeded case started in the two years before it.
NOW = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
SPAN = timedelta(days=730)
PASSWORD = "kata-sandi-bench"
#: username → (roles, unit): an office with twenty desk officers and ten functional officers.
USERS = {
    "kadis": (["kadis"], "dinkop-lobar"),
    "kabid": (["kepala_bidang"], "dinkop-lobar.bidang-umkm"),
    **{f"pelaksana{n}": (["pelaksana"], "dinkop-lobar.bidang-umkm") for n in range(1, 21)},
    **{f"jafung{n}": (["jafung"], "dinkop-lobar.bidang-umkm") for n in range(1, 11)},
}
#: What the report queries would like beside ix_tasks_step_completed: the same key with the aggregated
#: columns included, so the compliance report reads the index only (PostgreSQL 11+; SQLite: a wide index).
REPORT_INDEX = {
    "postgresql": "CREATE INDEX ix_tasks_report_cover ON tasks (step_id, completed_at) INCLUDE (element_id, "
                  "unit_id, completed_by_id, finished_late, actual_working_minutes, standard_working_minutes)",
    "sqlite": "CREATE INDEX ix_tasks_report_cover ON tasks (step_id, completed_at, element_id, unit_id, "
              "completed_by_id, finished_late, actual_working_minutes, standard_working_minutes)",
}
CASE_COLUMNS = ("id", "reference", "definition_id", "unit_id", "subject", "status", "data", "started_by_id",
                "started_at", "completed_at", "cancelled_at", "workflow_state", "lock_version")
TASK_COLUMNS = ("id", "case_id", "spiff_task_id", "step_id", "element_id", "step_name", "role_code", "unit_id",
                "assignee_id", "status", "started_at", "claimed_at", "due_at", "completed_at", "completed_by_id",
                "data", "escalation_level", "standard_working_minutes", "actual_working_minutes", "finished_late")


def standard_minutes(iso: str) -> int:
    """A step's standard in working minutes (a working day is 450)."""
    duration = parse_iso8601(iso)
    per_unit = {"minutes": 1, "hours": 60, "days": 450, "weeks": 2250, "months": 9450, "years": 113_400}
    return duration.amount * per_unit[duration.unit]


def fresh_database(url: str) -> Database:
    database = Database(url, clock=FixedClock(NOW))
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(database.engine)
    sync_processes(database, ROOT / "processes")
    for username, (roles, unit) in USERS.items():
        create_user(database, username=username, full_name=username.title(), password=PASSWORD, roles=roles,
                    unit_code=unit)
    return database


def plans(database: Database) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Each SOP's definition, unit and steps (with standard minutes), and the users' ids."""
    with database.transaction(write=False) as session:
        result = []
        for definition in session.scalars(select(ProcessDefinition).where(ProcessDefinition.is_latest)):
            result.append({"key": definition.key, "id": definition.id, "unit_id": definition.unit_id,
                           "steps": [(s.id, s.element_id, s.name, s.role_code, standard_minutes(s.standard_duration))
                                     for s in definition.steps]})
        users = dict(session.execute(text("SELECT username, id FROM users")).all())
    return sorted(result, key=lambda p: p["key"]), users


def generate(task_rows: int, processes: list[dict[str, Any]], users: dict[str, int],
             seed: int = 35) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Cases and their task rows: 40% NIB cases, the rest spread over the other SOPs; 3% still open,
    2% cancelled; actual times scattered around the standard, so about a third of the steps are late."""
    rng = random.Random(seed)
    nib = next(p for p in processes if p["key"] == NIB)
    others = [p for p in processes if p["key"] != NIB]
    workers = [uid for name, uid in users.items() if name.startswith(("pelaksana", "jafung"))]
    cases: list[tuple[Any, ...]] = []
    tasks: list[tuple[Any, ...]] = []
    case_id = 0
    while len(tasks) < task_rows:
        case_id += 1
        process = nib if rng.random() < 0.4 else rng.choice(others)
        started = NOW - SPAN * rng.random()
        fate = rng.random()
        steps = process["steps"]
        done = len(steps) if fate >= 0.05 else rng.randrange(0, len(steps))
        status = "completed" if fate >= 0.05 else ("cancelled" if fate < 0.02 else "active")
        moment = started
        starter = rng.choice(workers)
        data = {"nama_pemohon": f"Pemohon {case_id}", "nik": f"52010141{case_id:08d}"[-16:],
                "nama_usaha": f"Usaha {case_id}"}
        for number, (step_id, element_id, name, role, standard) in enumerate(steps):
            if len(tasks) >= task_rows or number > done:
                break
            actual = max(1, round(standard * rng.lognormvariate(-0.25, 0.6)))
            due = moment + timedelta(minutes=standard)
            holder = rng.choice(workers)
            if number < done:
                finished = moment + timedelta(minutes=actual)
                step_data = ({"nib": f"91200{case_id:08d}"[-13:], "tanggal_terbit": finished.date().isoformat(),
                              "risiko": "Rendah"} if element_id == "penerbitan_nib" else None)
                tasks.append((len(tasks) + 1, case_id, f"{case_id:032x}{number:04x}", step_id, element_id, name,
                              role, process["unit_id"], holder, "completed", moment, moment, due, finished, holder,
                              step_data, 0, standard, actual, actual > standard))
                moment = finished
            else:
                tasks.append((len(tasks) + 1, case_id, f"{case_id:032x}{number:04x}", step_id, element_id, name,
                              role, process["unit_id"], None if rng.random() < 0.5 else holder,
                              "open" if status == "active" else "cancelled", moment, None, due, None, None, None,
                              0, None, None, None))
        completed_at = moment if status == "completed" else None
        cases.append((case_id, f"B{process['key'][:6].upper()}-{case_id:08d}", process["id"], process["unit_id"],
                      data["nama_pemohon"], status, data, starter, started, completed_at,
                      moment if status == "cancelled" else None, "", 1))
    return cases, tasks


def _naive(value: Any) -> Any:
    return value.astimezone(UTC).replace(tzinfo=None) if isinstance(value, datetime) else value


def bulk_insert(database: Database, cases: list[tuple[Any, ...]], tasks: list[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL, executemany on SQLite; datetimes stored as naive UTC, as UTCDateTime does."""
    if database.engine.dialect.name == "postgresql":
        from psycopg.types.json import Jsonb

        raw = database.engine.raw_connection()
        try:
            connection = raw.driver_connection
            with connection.cursor() as cursor:
                for table, columns, rows in (("cases", CASE_COLUMNS, cases), ("tasks", TASK_COLUMNS, tasks)):
                    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row([Jsonb(v) if isinstance(v, dict) else _naive(v) for v in row])
                for table in ("cases", "tasks"):
                    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT max(id) FROM {table}))")
            connection.commit()
        finally:
            raw.close()
        return
    with database.engine.begin() as connection:
        for table, columns, rows in (("cases", CASE_COLUMNS, cases), ("tasks", TASK_COLUMNS, tasks)):
            statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            for chunk in _chunks(rows, 50_000):
                connection.exec_driver_sql(statement, [
                    tuple(json.dumps(v) if isinstance(v, dict) else _naive(v) for v in row) for row in chunk])


def settle(database: Database) -> None:
    """Statistics, and on PostgreSQL the visibility map (what autovacuum keeps for a database in use), without
    which no index-only scan is chosen right after a bulk load."""
    if database.engine.dialect.name == "postgresql":
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def median_seconds(action: Callable[[], Any], runs: int) -> float:
    action()  # warm-up: caches, the spec cache, the planner's statistics
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def queries(database: Database, users: dict[str, int]) -> dict[str, Callable[[], Any]]:
    year = (date(2025, 11, 24), date(2026, 11, 23))
    return {
        "kepatuhan NIB, 1 tahun (Kadis)": lambda: compliance_report(database, users["kadis"], NIB, *year),
        "kepatuhan NIB, 1 bulan (Kabid)": lambda: compliance_report(database, users["kabid"], NIB,
                                                                     date(2026, 10, 1), date(2026, 10, 31)),
        "arsip, halaman 1 (Kadis)": lambda: case_archive(database, users["kadis"]),
        "arsip, SOP + status + periode": lambda: case_archive(database, users["kadis"], ArchiveFilter(
            process_key=NIB, status="completed", date_from=date(2026, 1, 1), date_to=date(2026, 6, 30))),
        "arsip, terlambat": lambda: case_archive(database, users["kadis"], ArchiveFilter(timeliness="late")),
        "arsip, cari NIK": lambda: case_archive(database, users["kadis"], ArchiveFilter(text="0000123")),
        "arsip, halaman 1 (Pelaksana)": lambda: case_archive(database, users["pelaksana1"]),
    }


def measure(url: str, rows: int, runs: int, *, report_index: bool = False) -> dict[str, float]:
    started = time.perf_counter()
    database = fresh_database(url)
    try:
        processes, users = plans(database)
        cases, tasks = generate(rows, processes, users)
        bulk_insert(database, cases, tasks)
        if report_index:
            with database.engine.begin() as connection:
                connection.exec_driver_sql(REPORT_INDEX[database.engine.dialect.name])
        settle(database)
        print(f"  {len(tasks):>10,} task rows, {len(cases):,} cases seeded in {time.perf_counter() - started:.1f} s",
              flush=True)
        return {name: median_seconds(action, runs) for name, action in queries(database, users).items()}
    finally:
        database.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("ALUR_BENCH_DATABASE_URL"),
                        help="database URL (default: ALUR_BENCH_DATABASE_URL, else a temporary SQLite file)")
    parser.add_argument("--rows", type=int, help="task rows (default 1,000,000 on PostgreSQL, 100,000 on SQLite)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (median is printed)")
    parser.add_argument("--report-index", action="store_true",
                        help="also create the covering index the compliance report would like (see REPORT_INDEX)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="alur-bench-") as folder:
        url = args.url or f"sqlite:///{folder}/bench.db"
        postgres = url.startswith("postgresql")
        rows = args.rows or (1_000_000 if postgres else 100_000)
        print(f"Database: {'PostgreSQL' if postgres else 'SQLite'}; medians of {args.runs} runs"
              + ("; with the covering report index" if args.report_index else ""), flush=True)
        baseline = measure(url if postgres else f"sqlite:///{folder}/baseline.db", BASELINE_ROWS, args.runs,
                           report_index=args.report_index)
        full = measure(url, rows, args.runs, report_index=args.report_index)
    width = max(len(name) for name in full)
    print(f"\n{'query':<{width}}  {f'{BASELINE_ROWS:,} rows':>12}  {f'{rows:,} rows':>14}  {'ratio':>7}")
    for name, seconds in full.items():
        base = baseline[name]
        print(f"{name:<{width}}  {base * 1000:>9.1f} ms  {seconds * 1000:>11.1f} ms  {seconds / base:>6.1f}×")


if __name__ == "__main__":
    main()
