"""``python -m bench [--quick]``: seed PostgreSQL at scale, measure, and say which targets hold.

Two databases are built side by side: a small one (an office's first 1,000 task rows) and a large one
(``ALUR_BENCH_DATABASE_URL``: 1,000,000 task rows of history), each behind its own gunicorn. Figures
that are compared are measured taking turns, small then large, so the machine's load changes both
sides of a ratio alike. Both databases are dropped and created again each run.
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import random
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench import completion, lists, measure, seed, sops
from bench.harness import ROOT, ApiClient, Gunicorn, mint_tokens
from bench.report import Report, ms, ratio
from engine.db import Database
from engine.runtime import ProcessSpec
from engine.scheduler import PassReport

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/alur_bench"
RESULTS = ROOT / "bench" / "results" / "latest.md"
INBOX_UNIT = "dinkop-lobar.bidang-umkm"


@dataclass(frozen=True)
class Scale:
    name: str
    task_rows: int  # in the large database, once its history is seeded
    open_big: int  # open steps in the large database for its overdue passes
    due_per_pass: int
    completions: int  # SpiffWorkflow steps, API completions and service completions, taking turns
    walk30_cases: int
    throughput_seconds: float  # per number of clients
    workable_cases: int
    inbox_repeats: int
    small_rows: int = 1_000
    open_small: int = 1_000
    passes: int = 3


FULL = Scale("full", task_rows=1_000_000, open_big=100_000, due_per_pass=100, completions=400, walk30_cases=30,
             throughput_seconds=10, workable_cases=8_000, inbox_repeats=200)
QUICK = Scale("quick", task_rows=100_000, open_big=10_000, due_per_pass=50, completions=150, walk30_cases=10,
              throughput_seconds=4, workable_cases=4_000, inbox_repeats=80)


class Progress:
    def __init__(self) -> None:
        self.began = time.monotonic()
        self.phases: list[tuple[str, float]] = []
        self._current: tuple[str, float] | None = None

    def phase(self, name: str) -> None:
        self.done()
        print(f"[{time.monotonic() - self.began:6.0f} s] {name} …", file=sys.stderr, flush=True)
        self._current = (name, time.monotonic())

    def done(self) -> None:
        if self._current:
            name, since = self._current
            self.phases.append((name, time.monotonic() - since))
            self._current = None


@dataclass
class Site:
    """One database with its office, its seeder and (while measured) its web server."""

    name: str
    db: Database
    office: seed.Office
    seeder: seed.Seeder
    server: Gunicorn | None = None
    reader: ApiClient | None = None

    @property
    def inbox_user(self) -> int:
        return self.office.users(INBOX_UNIT, "pelaksana")[0]

    def real_sops(self) -> list[seed.Definition]:
        return [d for key, d in self.office.definitions.items() if not key.startswith("bench_")]

    def counts(self) -> dict[str, int]:
        with self.db.engine.connect() as connection:
            row = connection.execute(text(
                "SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM tasks), "
                "(SELECT count(*) FROM tasks WHERE status = 'open'), (SELECT count(*) FROM events)")).one()
        return {"cases": row[0], "tasks": row[1], "open": row[2], "events": row[3]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller volumes (100k task rows) for a fast check")
    # -- issue 14, lists (bench/lists.py) ---------------------------------------------------------
    parser.add_argument("--lists-only", action="store_true",
                        help="only the list figures: inbox, board, archive search, overdue pass per step")
    # -- end of the lists block ------------------------------------------------------------------
    args = parser.parse_args(argv)
    scale = QUICK if args.quick else FULL
    url = os.environ.get("ALUR_BENCH_DATABASE_URL", DEFAULT_URL)
    scratch = Path(tempfile.mkdtemp(prefix="alur-bench-"))
    try:
        # -- issue 14, lists (bench/lists.py) -----------------------------------------------------
        if args.lists_only:
            progress = Progress()
            report = Report(f"Alur's lists at scale ({scale.name} run, {os.cpu_count() or 1} cores)")
            lists.run_lists(args.quick, url, scratch, report, progress.phase)
            progress.done()
        else:
            report = run(scale, url, scratch)
            lists.run_lists(args.quick, url, scratch, report, Progress().phase)
        # -- end of the lists block --------------------------------------------------------------
    finally:
        for _ in range(5):  # a stopping server may still be closing its log
            shutil.rmtree(scratch, ignore_errors=True)
            if not scratch.exists():
                break
            time.sleep(0.5)
    print(report.text())
    report.write(RESULTS)
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


def run(scale: Scale, url: str, scratch: Path) -> Report:
    progress = Progress()
    cores = os.cpu_count() or 1
    workers = 2 * cores + 1
    report = Report(f"Alur at scale ({scale.name} run, {cores} cores)")
    load_before = os.getloadavg()[0]
    now = datetime.now(UTC)
    sop_dir = sops.write_bench_sops(scratch / "sops")

    sites: dict[str, Site] = {}
    for name, site_url in (("small", _sibling(url, "_small")), ("large", url)):
        progress.phase(f"{name} database: SOPs, 500 staff in 10 units, {scale.small_rows:,} task rows under way")
        seed.recreate_database(site_url)
        db = Database(site_url)
        office = seed.prepare(db, [ROOT / "processes", sop_dir])
        site = sites[name] = Site(name, db, office, seed.Seeder(db, office, rng=random.Random(2026), now=now))
        seed.seed_in_flight(site.seeder, site.real_sops(), task_rows=scale.small_rows)  # the same in both
        site.seeder.finish()
    small, big = sites["small"], sites["large"]

    history_rows = scale.task_rows - big.counts()["tasks"]
    progress.phase(f"large database: {history_rows:,} task rows of history with their cases and events (COPY)")
    with seed.PausedIndexes(big.db, ["cases", "tasks", "events"]):
        seed.seed_history(big.seeder, [(d, 0.8 / len(big.real_sops())) for d in big.real_sops()]
                          + [(big.office.definitions[sops.LINEAR_30], 0.2)], task_rows=history_rows)
    big.seeder.finish()
    seed.analyze(small.db)
    volume = {name: site.counts() for name, site in sites.items()}

    with ExitStack() as running:
        progress.phase(f"starting gunicorn on each database ({workers} workers × 4 threads)")
        for site in sites.values():
            site.server = running.enter_context(Gunicorn(site.db.url, scratch=scratch / site.name, workers=workers))
            site.reader = ApiClient(site.server.port)
            site.reader.login(site.office.usernames[site.inbox_user], seed.PASSWORD)

        progress.phase(f"inbox, {volume['small']['tasks']:,} and {volume['large']['tasks']:,} task rows in turns")
        inbox = _inbox_turns(small, big, scale.inbox_repeats)

        # Each pass has its own batch of steps falling due one minute apart, all before the first flagged
        # step's escalation time (30 working minutes after its due time).
        moments = [now - timedelta(hours=3) + timedelta(minutes=m) for m in range(scale.passes)]
        progress.phase(f"overdue backlog: {scale.open_small:,} and {scale.open_big:,} open steps")
        for site, open_steps in ((small, scale.open_small), (big, scale.open_big)):
            seed.seed_backlog(site.seeder, site.office.definitions[sops.SWEEP], open_tasks=open_steps
                              - site.counts()["open"], due_batches=moments, per_batch=scale.due_per_pass)
            site.seeder.finish()
            seed.analyze(site.db)
        open_steps = {name: site.counts()["open"] for name, site in sites.items()}

        progress.phase("overdue passes in turns")
        reports: dict[str, list[PassReport]] = {"small": [], "large": []}
        passes = [measure.sweep_action(s.db, [m + timedelta(seconds=30) for m in moments], reports[s.name])
                  for s in (small, big)]
        for site in (small, big):  # warm: calendar, holidays, connections (nothing is due yet)
            measure.sweep_action(site.db, [moments[0] - timedelta(minutes=5)], [])(0)
        sweep_small, sweep_big = measure.take_turns(passes, scale.passes)

        progress.phase("inbox again, with the overdue backlog in other units")
        inbox_backlog = _inbox_turns(small, big, scale.inbox_repeats // 2)
        assert small.server is not None and big.server is not None
        small.server.stop()

        progress.phase(f"{scale.workable_cases:,} resumable 5-step cases and {scale.walk30_cases} 30-step cases")
        work5: queue.Queue[int] = queue.Queue()
        for case in seed.open_cases(big.db, sops.LINEAR_5, scale.workable_cases):
            work5.put(case.task_ids[0])
        work30: queue.Queue[int] = queue.Queue()
        for case in seed.open_cases(big.db, sops.LINEAR_30, scale.walk30_cases):
            work30.put(case.task_ids[0])
        staff = big.office.users(sops.WORK_UNIT["code"], "pelaksana")
        tokens = mint_tokens(big.server, staff[:32])
        measure.throughput(big.server.port, tokens, work5, 16, 3)  # warm every worker

        progress.phase(f"{scale.completions} steps each: SpiffWorkflow alone, the API, the service, in turns")
        spec5 = ProcessSpec(sops.LINEAR_5, (sop_dir / sops.LINEAR_5 / "process.bpmn").read_text())
        raw5, http5, service5 = measure.take_turns([
            measure.SpiffSteps(spec5, 5), measure.CaseWalk(ApiClient(big.server.port, tokens[0]), work5),
            measure.ServiceSteps(big.db, staff[1], work5)], scale.completions)

        progress.phase(f"{scale.walk30_cases} cases of 30 steps through the API")
        walk30 = measure.CaseWalk(ApiClient(big.server.port, tokens[0]), work30)
        spec30 = ProcessSpec(sops.LINEAR_30, (sop_dir / sops.LINEAR_30 / "process.bpmn").read_text())
        raw30 = measure.SpiffSteps(spec30, 30)
        measure.take_turns([walk30, raw30], scale.walk30_cases * 30)

        runs = {n: measure.Throughput(clients=n) for n in (1, 8, 32)}
        for round_number in (1, 2):  # two rounds, so a change of load does not favour one level
            for clients, result in runs.items():
                progress.phase(f"throughput, {clients} clients, round {round_number}")
                measure.throughput(big.server.port, tokens, work5, clients, scale.throughput_seconds / 2, result)

        # --- issue 14: the completion path (bench/completion.py) -------------------------------------------
        progress.phase("NIB SOP with its form data: SpiffWorkflow and the API in turns, 8 clients, round trips")
        completion_figures = Report("completion path")
        completion.measure_completion(completion_figures, big.db, big.office, big.server,
                                      completions=scale.completions, seconds=scale.throughput_seconds)
        # --- end of issue 14's completion block ----------------------------------------------------------
    progress.done()
    final = big.counts()
    version = _server_version(big.db)
    for site in sites.values():
        site.db.dispose()

    # -- the table ---------------------------------------------------------------------------------
    report.add("SpiffWorkflow step alone (restore, complete, run, save; 5-step SOP)", f"{ms(raw5.median)} median")
    report.add("completion through the API (gunicorn, PostgreSQL, bearer token)",
               f"{ms(http5.median)} median, {ms(http5.p95)} p95")
    report.add("  the same through the engine's complete_task in-process", f"{ms(service5.median)} median")
    step_ratio = ratio(http5.median, raw5.median)
    report.add("API completion ÷ SpiffWorkflow step", f"{step_ratio:.1f}×", "≤ 5×", step_ratio <= 5)

    rows = f"{volume['small']['tasks']:,} → {volume['large']['tasks']:,} task rows"
    for label, (a_times, b_times) in (("inbox service (queue)", inbox.service),
                                      ("GET /api/v1/tasks?scope=queue", inbox.http)):
        for stat in ("median", "p95"):
            a, b = getattr(a_times, stat), getattr(b_times, stat)
            report.add(f"{label} {stat}, {rows}", f"{ms(a)} → {ms(b)} ({ratio(b, a):.2f}×)", "≤ 2×", ratio(b, a) <= 2)
    for label, (a_times, b_times) in (("inbox service", inbox_backlog.service),
                                      ("GET /api/v1/tasks", inbox_backlog.http)):
        report.add(f"  {label} median, {open_steps['small']:,} → {open_steps['large']:,} open steps",
                   f"{ms(a_times.median)} → {ms(b_times.median)} ({ratio(b_times.median, a_times.median):.2f}×)")

    flagged = {name: {r.flagged for r in rs} for name, rs in reports.items()}
    sweep_ratio = ratio(sweep_big.median, sweep_small.median)
    report.add(f"overdue pass, {scale.due_per_pass} steps due, {open_steps['small']:,} → {open_steps['large']:,} "
               "open steps", f"{ms(sweep_small.median)} → {ms(sweep_big.median)} ({sweep_ratio:.2f}×)", "≤ 2×",
               sweep_ratio <= 2 and flagged["small"] == flagged["large"] == {scale.due_per_pass})

    walk_ratio = ratio(walk30.at(29).median, walk30.at(1).median)
    report.add("30-step SOP via the API: step 29 against step 1",
               f"{ms(walk30.at(1).median)} → {ms(walk30.at(29).median)} ({walk_ratio:.2f}×)", "≤ 1.5×",
               walk_ratio <= 1.5)
    report.add("  SpiffWorkflow alone: step 29 against step 1",
               f"{ms(raw30.at(1).median)} → {ms(raw30.at(29).median)} "
               f"({ratio(raw30.at(29).median, raw30.at(1).median):.2f}×)")

    rates = {n: r.per_second for n, r in runs.items()}
    errors = sum(r.errors for r in runs.values())
    for n, r in runs.items():
        report.add(f"completions/s, {n} client{'s' if n > 1 else ''}", r.said())
    ran_out = sum(r.ran_out for r in runs.values())
    scaling = errors == 0 and not ran_out and rates[8] >= 1.2 * rates[1] and rates[32] >= 0.9 * rates[8]
    report.add("throughput with 1 → 8 → 32 clients", f"{rates[1]:.0f} → {rates[8]:.0f} → {rates[32]:.0f}/s, "
               f"{errors} errors" + (", seeded cases ran out" if ran_out else ""), "0 errors; 8 ≥ 1.2× 1; 32 ≥ 0.9× 8",
               scaling)

    # --- issue 14: the completion path's figures ---------------------------------------------------------
    report.rows += completion_figures.rows
    report.notes += completion_figures.notes
    # --- end of issue 14's completion block ----------------------------------------------------------------

    big_volume = volume["large"]
    report.notes += [
        f"Large database: {big_volume['cases']:,} cases, {big_volume['tasks']:,} task rows and "
        f"{big_volume['events']:,} events when the inbox was read ({final['tasks']:,} task rows, {final['open']:,} "
        f"open steps at the end); small database: {volume['small']['tasks']:,} task rows. Both: 500 staff in 10 "
        "units, the 15 SOPs of processes/ and the benchmark's 5-, 30- and 3-step SOPs; the same cases under way.",
        f"Inbox: the queue of one Pelaksana of {INBOX_UNIT} ({inbox.size} steps in both databases), "
        f"{scale.inbox_repeats} reads each way, small and large in turns.",
        f"Overdue pass: run_pass with {scale.due_per_pass} steps falling due per pass (80 % have a holder, who gets "
        f"one notice; the rest notify everyone who may take them), median of {scale.passes} passes in turns.",
        f"Completions: {scale.completions} each of a SpiffWorkflow step, an API completion (one client, keep-alive) "
        "and an in-process complete_task, in turns, over the steps of the same 5-step SOP without forms.",
        f"Server: gunicorn -w {workers} -k gthread --threads 4 on {cores} cores shared with PostgreSQL and the "
        "clients. The load clients' tokens are issued by the app's own code (one person signs in through the API).",
        *[f"Error sample ({r.clients} clients): {s}" for r in runs.values() for s in r.error_samples[:2]],
        f"Machine: {platform.platform()}, Python {platform.python_version()}, PostgreSQL {version}; load average "
        f"{load_before:.1f} before the run, {os.getloadavg()[0]:.1f} after (other work on the machine makes "
        "absolute figures noisier; compared figures are measured in turns).",
        "Phases: " + "; ".join(f"{name} {seconds:.0f} s" for name, seconds in progress.phases) + ".",
    ]
    return report


@dataclass(frozen=True)
class InboxTurns:
    service: tuple[measure.Timings, measure.Timings]  # small, large
    http: tuple[measure.Timings, measure.Timings]
    size: int


def _inbox_turns(small: Site, big: Site, repeats: int) -> InboxTurns:
    """The same person's queue in both databases, service and API, read in turns."""
    assert small.reader is not None and big.reader is not None
    small_service, small_http, size = measure.inbox_actions(small.db, small.inbox_user, small.reader)
    big_service, big_http, big_size = measure.inbox_actions(big.db, big.inbox_user, big.reader)
    if size != big_size:
        raise RuntimeError(f"the queues differ: {size} steps in the small database, {big_size} in the large one")
    a_service, b_service, a_http, b_http = measure.take_turns([small_service, big_service, small_http, big_http],
                                                              repeats)
    return InboxTurns(service=(a_service, b_service), http=(a_http, b_http), size=size)


def _sibling(url: str, suffix: str) -> str:
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}{suffix}").render_as_string(hide_password=False)


def _server_version(db: Database) -> str:
    with db.engine.connect() as connection:
        return str(connection.scalar(text("SHOW server_version"))).split(" ")[0]


if __name__ == "__main__":
    sys.exit(main())
