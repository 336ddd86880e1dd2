"""The lists as open work and the archive grow, and the overdue pass against a completion (issue 14).

Two databases of their own, a small and a large one, hold the same office and the same open work that is late
or nearly so; the large one adds open work that is on time and years of archived cases. Each figure is read in
turns, small then large, by the engine's services in-process:

- the inbox (the queue of a Pelaksana of the unit holding the open work),
- the supervisor's board (its Kepala Bidang: ``GET /api/v1/overdue`` is one call of the same service),
- the archive search of the Kadis (the whole office), for an applicant's name,
- the scheduler's pass, per due step, against an API completion through gunicorn measured in the same turns.
"""

from __future__ import annotations

import json
import os
import queue
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench import measure, seed, sops
from bench.harness import ROOT, ApiClient, Gunicorn, mint_tokens
from bench.report import Report, ms, ratio
from engine.db import Database
from engine.reports.search import search_text, start_text_fields, whole_numbers
from engine.scheduler import run_pass
from engine.services import inbox
from engine.services.reports import ArchiveFilter, case_archive
from engine.services.supervision import supervision_board

LIST_UNIT = "dinkop-lobar.bidang-umkm"
ARCHIVE_OFFICE = "dinkop-lobar"
NIB = "pelayanan_nib_oss"
FIRST = ("Baiq", "Lalu", "Siti", "Made", "Zainul", "Nurul", "Ahmad", "Ketut", "Wayan", "Rukiah", "Hasanah", "Fauzi",
         "Aminah", "Suarta", "Rahmat", "Sri", "Dewi", "Putu", "Nyoman", "Saleh", "Hadijah", "Mahsun", "Jumadil",
         "Salmah", "Komang", "Yusuf", "Halimah", "Sahnan", "Munawir", "Rabiatul", "Mulyadi", "Zohri", "Fitri",
         "Husnul", "Maesarah", "Sapri", "Irwan", "Juniarti", "Kurniawan", "Lestari")
LAST = ("Aini", "Fauzi", "Majdi", "Suarta", "Hidayat", "Wirawan", "Pratama", "Susanti", "Rahman", "Hakim", "Yasin",
        "Anwar", "Saputra", "Hariadi", "Gunawan", "Rosidi", "Mardiana", "Zulkifli", "Sukardi", "Ismail", "Junaidi",
        "Kusuma", "Nurhayati", "Ramdani", "Sahroni", "Wahyudi", "Yuliani", "Azhari", "Bahri", "Damanhuri")
TRADE = ("Warung", "Toko", "Bengkel", "Kopi", "Tenun", "Jajanan", "Mebel", "Kerajinan", "Dodol", "Madu", "Ikan Asin",
         "Mutiara", "Gerabah", "Anyaman", "Kue", "Sambal", "Rumput Laut", "Bakso", "Jahit", "Sablon")
VILLAGES = ("Gerung Utara", "Kediri", "Labuapi", "Narmada", "Lingsar", "Gunungsari", "Batulayar", "Sekotong",
            "Lembar", "Kuripan", "Lingsar", "Kuripan Selatan")
#: The name the archive is searched for: an applicant of the first archived case, and whoever shares the name.
NEEDLE = ("Rabiatul", "Hakim")


@dataclass(frozen=True)
class ListScale:
    name: str
    open_large: int  # open steps in the inbox person's unit, large database (the small one has OPEN_SMALL)
    cases_large: int  # archived cases, large database (the small one has CASES_SMALL)
    due_per_pass: int
    passes: int
    repeats: int


OPEN_SMALL = 1_000
CASES_SMALL = 10_000
QUICK = ListScale("quick", open_large=100_000, cases_large=100_000, due_per_pass=200, passes=3, repeats=60)
FULL = ListScale("full", open_large=1_000_000, cases_large=1_000_000, due_per_pass=200, passes=5, repeats=150)


@dataclass
class ListSite:
    name: str
    db: Database
    office: seed.Office
    seeder: seed.Seeder

    def user(self, unit: str, role: str) -> int:
        return self.office.users(unit, role)[0]

    def count(self, sql: str) -> int:
        with self.db.engine.connect() as connection:
            return int(connection.scalar(text(sql)) or 0)


def run_lists(quick: bool, url: str, scratch: Path, report: Report, phase: Callable[[str], None]) -> None:
    """Seed the two databases, measure in turns and add the figures (with their targets) to ``report``."""
    scale = QUICK if quick else FULL
    now = datetime.now(UTC)
    sop_dir = sops.write_bench_sops(scratch / "list-sops")
    sites = {}
    for name, open_steps, cases in (("small", OPEN_SMALL, CASES_SMALL), ("large", scale.open_large,
                                                                       scale.cases_large)):
        phase(f"lists, {name} database: {open_steps:,} open steps in {LIST_UNIT}, {cases:,} archived cases")
        site_url = _sibling(url, f"_lists_{name}")
        seed.recreate_database(site_url)
        db = Database(site_url)
        office = seed.prepare(db, [ROOT / "processes", sop_dir])
        site = sites[name] = ListSite(name, db, office, seed.Seeder(db, office, rng=random.Random(2026), now=now))
        with seed.PausedIndexes(db, ["cases", "tasks", "events"]):
            seed_open_work(site, open_steps)
            seed_archive(site, cases)
        site.seeder.finish()
        seed.analyze(db)
    small, big = sites["small"], sites["large"]

    phase("lists: inbox, board and archive search in turns")
    person, kabid, kadis = (big.user(LIST_UNIT, "pelaksana"), big.user(LIST_UNIT, "kepala_bidang"),
                            big.user(ARCHIVE_OFFICE, "kadis"))
    needle = ArchiveFilter(text=" ".join(NEEDLE).lower())
    nik = ArchiveFilter(text=_nik(random.Random(7), 0))
    common = ArchiveFilter(text="warung")
    reads = {
        "inbox": lambda s: inbox(s.db, person, "queue"),
        "board": lambda s: supervision_board(s.db, kabid),
        "search": lambda s: case_archive(s.db, kadis, needle),
        "nik": lambda s: case_archive(s.db, kadis, nik),
        "common": lambda s: case_archive(s.db, kadis, common),
    }
    shown = {}
    for name, read in reads.items():
        for site in (small, big):
            for _ in range(5):  # warm: connections, statement caches, the calendar
                read(site)
        shown[name] = (_size(read(small)), _size(read(big)))
    timings = {name: measure.take_turns([measure.stopwatch(lambda r=read: r(small)),
                                         measure.stopwatch(lambda r=read: r(big))], scale.repeats)
               for name, read in reads.items()}

    phase(f"lists: overdue passes of {scale.due_per_pass} due steps and API completions in turns")
    per_step, completion = _overdue_against_completion(big, scale, scratch, now)

    open_steps = {s.name: s.count(f"SELECT count(*) FROM tasks t JOIN units u ON u.id = t.unit_id "
                                  f"WHERE t.status = 'open' AND u.code = '{LIST_UNIT}'") for s in (small, big)}
    cases = {s.name: s.count("SELECT count(*) FROM cases") for s in (small, big)}
    for site in (small, big):
        site.db.dispose()

    steps = f"{open_steps['small']:,} → {open_steps['large']:,} open steps"
    for name, figure, target in (("inbox", f"inbox (queue), {steps} in the person's own unit", 1.5),
                                 ("board", f"supervisor board, {steps} in the supervisor's units", 1.5),
                                 ("search", f"archive search (a name), {cases['small']:,} → {cases['large']:,} "
                                            "cases", 2.0)):
        a, b = timings[name]
        report.add(figure, f"{ms(a.median)} → {ms(b.median)} ({ratio(b.median, a.median):.2f}×)", f"≤ {target:g}×",
                   ratio(b.median, a.median) <= target)
    for name, label in (("nik", "  archive search, a NIK"), ("common", "  archive search, a common word")):
        a, b = timings[name]
        report.add(f"{label}, {cases['small']:,} → {cases['large']:,} cases",
                   f"{ms(a.median)} → {ms(b.median)} ({ratio(b.median, a.median):.2f}×)")
    overdue_ratio = ratio(per_step, completion)
    report.add("overdue pass, cost per due step ÷ one API completion",
               f"{ms(per_step)} ÷ {ms(completion)} ({overdue_ratio:.2f}×)", "≤ 0.3×", overdue_ratio <= 0.3)
    report.notes += [
        f"Lists ({scale.name}): two databases of their own. Both hold the same {OPEN_SMALL:,} open NIB steps in "
        f"{LIST_UNIT} (10 % late, 5 % due soon, half of them claimed); the large one adds "
        f"{open_steps['large'] - open_steps['small']:,} open steps there that are on time (due in 4–30 days). "
        f"Shown: the queue's first page of {shown['inbox'][0]} → {shown['inbox'][1]} rows (counts capped at 1000), "
        f"a board of {shown['board'][0]} → {shown['board'][1]} late and due-soon steps.",
        f"Archive: {cases['small']:,} → {cases['large']:,} cases over the office's units (names from "
        f"{len(FIRST)}×{len(LAST)} first and last names, a 16-digit NIK, a business), searched by the Kadis: the "
        f"name '{' '.join(NEEDLE)}' finds {shown['search'][0]} → {shown['search'][1]} cases on its first page, a "
        f"NIK {shown['nik'][0]} → {shown['nik'][1]}, the word 'warung' {shown['common'][0]} → {shown['common'][1]}.",
        f"Overdue pass: run_pass with {scale.due_per_pass} steps due (80 % held), {scale.passes} passes in the large "
        "database, each against the median of 20 API completions of a 5-step SOP (gunicorn, one client) in turns.",
        f"Read {scale.repeats} times each way, small and large in turns, through the engine's services in-process.",
    ]


def seed_open_work(site: ListSite, total: int) -> None:
    """Open steps at the first step of the NIB SOP in ``LIST_UNIT``: the same first ``OPEN_SMALL`` in every
    database (late, due soon, on time), then on-time work up to ``total``."""
    seeder = site.seeder
    seeder.refresh()
    definition = site.office.definitions[NIB]
    rng = random.Random(14)
    now = seeder.now
    batch = seed.Batch()
    for number in range(total):
        kind = rng.random() if number < OPEN_SMALL else 1.0
        if kind < 0.10:  # late
            due = now - timedelta(hours=rng.uniform(1, 72))
            started = due - timedelta(days=2)
        elif kind < 0.15:  # in the last quarter of its time
            due = now + timedelta(hours=rng.uniform(1, 4))
            started = now - timedelta(days=3)
        else:
            due = now + timedelta(days=rng.uniform(4, 30))
            started = now - timedelta(days=1)
        seeder.add_case(batch, definition, started, open_at=0, open_due=due, claimed=rng.random() < 0.5)
        if len(batch.tasks) >= 100_000:
            seeder.write(batch)
            batch = seed.Batch()
    seeder.write(batch)


def seed_archive(site: ListSite, total: int, chunk: int = 100_000) -> None:
    """Finished NIB cases of three years, spread over the office's units, with their search column (COPY)."""
    seeder = site.seeder
    seeder.refresh()
    definition = site.office.definitions[NIB]
    with site.db.transaction(write=False) as session:
        from engine.models import ProcessDefinition
        stored = session.get(ProcessDefinition, definition.id)
        assert stored is not None
        fields = start_text_fields(stored.forms.get((stored.sop.get("case") or {}).get("start_form")))
    units = [uid for code, uid in site.office.units.items() if code.startswith(ARCHIVE_OFFICE)]
    starters = site.office.workers[(definition.unit_id, "pelaksana")]
    rng = random.Random(15)
    zone = ZoneInfo(site.db.timezone)
    span = timedelta(days=3 * 365).total_seconds()
    columns = (*seed.CASE_COLUMNS, "search_text", "identifiers")
    rows = []
    for number in range(total):
        case_id = seeder.next_case
        seeder.next_case += 1
        first, last = NEEDLE if number == 0 else (rng.choice(FIRST), rng.choice(LAST))
        name = f"{first} {last}"
        data = {"nama_pemohon": name, "nik": _nik(random.Random(7), number), "email": "pemohon@contoh.id",
                "npwp": _nik(random.Random(7), number), "nama_usaha": f"{rng.choice(TRADE)} {first}",
                "alamat_usaha": f"Desa {rng.choice(VILLAGES)}, Lombok Barat", "no_hp": "081234567890",
                "kbli": "56102"}
        started = seeder.now - timedelta(days=7) - timedelta(seconds=rng.uniform(0, span))
        reference = f"ARS-{started.replace(tzinfo=UTC).astimezone(zone).year}-{number + 1:07d}"
        column = search_text(reference, name, data, fields)
        rows.append((case_id, reference, definition.id, rng.choice(units), name, "completed", json.dumps(data),
                     rng.choice(starters), started, started + timedelta(days=2), "Selesai", "", 1,
                     column, json.dumps(whole_numbers(column))))
        if len(rows) >= chunk:
            _copy_cases(site.db, columns, rows)
            rows = []
    _copy_cases(site.db, columns, rows)


def _copy_cases(db: Database, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    raw = db.engine.raw_connection()
    try:
        driver = raw.driver_connection
        with driver.cursor() as cursor, cursor.copy(f"COPY cases ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        driver.commit()
    finally:
        raw.close()


def _nik(rng: random.Random, number: int) -> str:
    """A 16-digit NIK of Lombok Barat (5201…), different for each case."""
    rng.seed(number)
    return f"520101{rng.randrange(10**10):010d}"


def _size(result: object) -> int:
    rows = getattr(result, "rows", None)
    return len(rows) if rows is not None else len(getattr(result, "steps", ()))


def _overdue_against_completion(site: ListSite, scale: ListScale, scratch: Path, now: datetime) -> tuple[float, float]:
    """Median seconds per due step of a pass, and median seconds of one API completion, measured in turns."""
    moments = [now - timedelta(hours=3) + timedelta(minutes=m) for m in range(scale.passes)]
    seed.seed_backlog(site.seeder, site.office.definitions[sops.SWEEP], open_tasks=scale.passes * scale.due_per_pass,
                      due_batches=moments, per_batch=scale.due_per_pass)
    site.seeder.finish()
    seed.analyze(site.db)
    run_pass(site.db, moments[0] - timedelta(minutes=5))  # warm: nothing is due yet
    work: queue.Queue[int] = queue.Queue()
    for case in seed.open_cases(site.db, sops.LINEAR_5, 25 * scale.passes):
        work.put(case.task_ids[0])
    staff = site.office.users(sops.WORK_UNIT["code"], "pelaksana")
    workers = 2 * (os.cpu_count() or 1) + 1
    per_step, completions = [], []
    with Gunicorn(site.db.url, scratch=scratch / "lists-gunicorn", workers=workers) as server:
        walk = measure.CaseWalk(ApiClient(server.port, mint_tokens(server, staff[:1])[0]), work)
        for _ in range(5):
            walk()
        for moment in moments:
            start = time.perf_counter()
            report = run_pass(site.db, moment + timedelta(seconds=30))
            took = time.perf_counter() - start
            if report.errors or report.flagged != scale.due_per_pass:
                raise RuntimeError(f"the overdue pass flagged {report.flagged}, errors: {report.errors[:3]}")
            per_step.append(took / report.flagged)
            completions += [walk() for _ in range(20)]
    return statistics.median(per_step), statistics.median(completions)


def _sibling(url: str, suffix: str) -> str:
    parsed = make_url(url)
    return parsed.set(database=f"{parsed.database}{suffix}").render_as_string(hide_password=False)
