"""Seeding a realistic volume fast, and cases that can really be resumed.

The history (finished cases, their steps and events) goes in with PostgreSQL's COPY: those cases are
never resumed, so they carry an empty workflow state. Cases a benchmark or a fault test works on get a
real SpiffWorkflow state from :func:`open_cases`, which writes exactly what ``start_case`` writes, in
bulk instead of one transaction per case.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from engine.db import Database
from engine.migrate import upgrade
from engine.models import (
    Case,
    CaseCounter,
    CaseStatus,
    Event,
    ProcessDefinition,
    Task,
    TaskStatus,
    Unit,
    UnitKind,
    User,
    UserRole,
)
from engine.passwords import hash_password
from engine.runtime import CaseWorkflow
from engine.services import sync_processes
from engine.services.definitions import ensure_unit, spec_of
from engine.services.office_calendar import office_calendar
from engine.timekeeping.deadlines import due_at as calendar_due_at
from engine.timekeeping.deadlines import reminder_time
from engine.timekeeping.durations import parse_iso8601

PASSWORD = "bench-alur-2026"
#: Units with staff but no SOP of their own, so the office has ten units as a real Dinas would.
EXTRA_UNITS = (
    ("dinkop-lobar", "dinkop-lobar.bidang-koperasi", "Bidang Koperasi", UnitKind.DIVISION),
    ("dinkop-ntb", "dinkop-ntb.sekretariat", "Sekretariat", UnitKind.DIVISION),
)
#: Who works in a unit of each kind (50 people each): mostly Pelaksana and Jafung, one head.
STAFFING = {
    UnitKind.OFFICE: (("kadis", 1), ("sekretaris", 1), ("admin", 1), ("jafung", 10), ("pelaksana", 37)),
    UnitKind.DIVISION: (("kepala_bidang", 1), ("kepala_seksi", 2), ("jafung", 12), ("pelaksana", 35)),
    UnitKind.SECTION: (("kepala_seksi", 1), ("jafung", 12), ("pelaksana", 37)),
}
TASK_COLUMNS = ("id", "case_id", "spiff_task_id", "step_id", "element_id", "step_name", "role_code", "unit_id",
                "assignee_id", "status", "started_at", "claimed_at", "due_at", "completed_at", "completed_by_id",
                "data", "overdue_flagged_at", "reminder_sent_at", "escalation_level", "flag_overdue_at", "remind_at",
                "next_escalation_at", "standard_working_minutes", "actual_working_minutes", "finished_late")
CASE_COLUMNS = ("id", "reference", "definition_id", "unit_id", "subject", "status", "data", "started_by_id",
                "started_at", "completed_at", "outcome", "workflow_state", "lock_version")
EVENT_COLUMNS = ("id", "case_id", "task_id", "at", "actor_id", "kind", "payload")


# --------------------------------------------------------------------------------------------
# The database and the office
# --------------------------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    """Drop and create the benchmark's own database (refused for a name without "bench")."""
    parsed = make_url(url)
    name = parsed.database or ""
    if "bench" not in name:
        raise SystemExit(f"refusing to recreate database {name!r}: its name must contain 'bench'")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()


@dataclass(frozen=True)
class StepDef:
    id: int
    element_id: str
    name: str
    role_code: str
    minutes: int  # the standard time in working minutes (a working day is 450)


@dataclass(frozen=True)
class Definition:
    id: int
    key: str
    unit_id: int
    prefix: str
    steps: tuple[StepDef, ...]


@dataclass
class Office:
    """Ids the seeding and the measurements need, read back from the database once."""

    units: dict[str, int]
    definitions: dict[str, Definition]
    usernames: dict[int, str]
    #: (unit id, role) → the people who may act on such a step: that role, in the unit, above or below it.
    workers: dict[tuple[int, str], list[int]] = field(default_factory=dict)

    def users(self, unit_code: str, role: str) -> list[int]:
        """People of ``role`` whose own unit is ``unit_code``."""
        prefix = f"{unit_code}.{role}."
        return sorted(uid for uid, name in self.usernames.items() if name.startswith(prefix))


def prepare(db: Database, processes_dirs: Sequence[Path]) -> Office:
    """Migrate, register the SOPs, add the extra units and 500 staff."""
    upgrade(db.engine)
    for folder in processes_dirs:
        sync_processes(db, folder)
    with db.transaction() as session:
        for office_code, code, name, kind in EXTRA_UNITS:
            office = session.scalar(select(Unit).where(Unit.code == office_code))
            ensure_unit(session, code, name, kind, office)
    _create_staff(db)
    return load_office(db)


def _create_staff(db: Database) -> None:
    # One Argon2 hash for everyone: hashing 500 passwords would take half a minute and prove nothing.
    password_hash = hash_password(PASSWORD)
    now = db.clock.now()
    with db.transaction() as session:
        units = session.execute(select(Unit.id, Unit.code, Unit.kind).order_by(Unit.id)).all()
        users, roles = [], []
        for unit_id, code, kind in units:
            for role, count in STAFFING[kind]:
                for number in range(1, count + 1):
                    username = f"{code}.{role}.{number}"
                    users.append({"username": username, "full_name": f"{role.replace('_', ' ').title()} {number}",
                                  "email": f"{username}@contoh.go.id", "password_hash": password_hash,
                                  "unit_id": unit_id, "active": True, "created_at": now})
                    roles.append((username, role))
        ids = session.execute(insert(User).returning(User.id, sort_by_parameter_order=True), users).scalars().all()
        session.execute(insert(UserRole), [{"user_id": uid, "role_code": role}
                                           for uid, (_, role) in zip(ids, roles, strict=True)])


def load_office(db: Database) -> Office:
    with db.transaction(write=False) as session:
        # Ordered reads: two databases built alike get the same random cases from the same seed.
        units = {code: uid for uid, code in session.execute(select(Unit.id, Unit.code).order_by(Unit.id))}
        paths = dict(session.execute(select(Unit.id, Unit.path).order_by(Unit.id)).all())
        definitions = {}
        for definition in session.scalars(select(ProcessDefinition).where(ProcessDefinition.is_latest)
                                          .order_by(ProcessDefinition.key)):
            steps = tuple(
                StepDef(s.id, s.element_id, s.name, s.role_code,
                        _working_minutes(s.standard_duration, s.time_basis))
                for s in definition.steps
            )
            definitions[definition.key] = Definition(definition.id, definition.key, definition.unit_id,
                                                     definition.sop["case"]["reference_prefix"], steps)
        usernames = dict(session.execute(select(User.id, User.username).order_by(User.id)).all())
        user_units = dict(session.execute(select(User.id, User.unit_id)).all())
        user_roles = session.execute(select(UserRole.user_id, UserRole.role_code)
                                     .order_by(UserRole.user_id, UserRole.role_code)).all()
    office = Office(units=units, definitions=definitions, usernames=usernames)
    for unit_id, path in paths.items():
        for user_id, role in user_roles:
            other = paths[user_units[user_id]]
            if path.startswith(other) or other.startswith(path):
                office.workers.setdefault((unit_id, role), []).append(user_id)
    return office


def _working_minutes(duration: str, basis: str) -> int:
    standard = parse_iso8601(duration, basis=basis)
    per_unit = {"minutes": 1, "hours": 60, "days": 450, "weeks": 2250, "months": 9000, "years": 108000}
    return standard.amount * per_unit[standard.unit]


# --------------------------------------------------------------------------------------------
# The history, by COPY
# --------------------------------------------------------------------------------------------


@dataclass
class Batch:
    cases: list[tuple[Any, ...]] = field(default_factory=list)
    tasks: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)


class Seeder:
    """Writes cases, steps and events with COPY, numbering ids and references itself."""

    def __init__(self, db: Database, office: Office, *, rng: random.Random, now: datetime) -> None:
        self.db = db
        self.office = office
        self.rng = rng
        self.now = now.astimezone(UTC).replace(tzinfo=None)  # the columns hold naive UTC
        self.zone = ZoneInfo(db.timezone)
        self.refresh()

    def refresh(self) -> None:
        """Continue after the rows the services wrote since (a scheduler pass, a completion)."""
        with self.db.engine.connect() as connection:
            self.next_case = (connection.scalar(text("SELECT coalesce(max(id), 0) FROM cases")) or 0) + 1
            self.next_task = (connection.scalar(text("SELECT coalesce(max(id), 0) FROM tasks")) or 0) + 1
            self.next_event = (connection.scalar(text("SELECT coalesce(max(id), 0) FROM events")) or 0) + 1
            self.counters = {(p, y): n for p, y, n in connection.execute(
                text("SELECT prefix, year, last FROM case_counters"))}

    # -- one case ---------------------------------------------------------------------------

    def _reference(self, prefix: str, started: datetime) -> str:
        year = started.replace(tzinfo=UTC).astimezone(self.zone).year
        number = self.counters.get((prefix, year), 0) + 1
        self.counters[(prefix, year)] = number
        return f"{prefix}-{year}-{number:05d}"

    def _event(self, batch: Batch, case_id: int, task_id: int | None, at: datetime, actor: int | None, kind: str,
               payload: dict[str, Any]) -> None:
        batch.events.append((self.next_event, case_id, task_id, at, actor, kind, json.dumps(payload)))
        self.next_event += 1

    def add_case(self, batch: Batch, definition: Definition, started: datetime, *, open_at: int | None = None,
                 open_due: datetime | None = None, claimed: bool = False, flagged: bool | None = None) -> int:
        """A case that went through its steps in order; with ``open_at`` it waits at that step (0-based).

        A waiting step past its due time was already flagged by the scheduler, unless ``flagged`` is False.
        """
        rng = self.rng
        case_id = self.next_case
        self.next_case += 1
        steps = definition.steps if open_at is None else definition.steps[:open_at + 1]
        starter = rng.choice(self.office.workers[(definition.unit_id, "pelaksana")])
        self._event(batch, case_id, None, started, starter, "case_started", {"process": definition.key})
        moment = started
        for position, step in enumerate(steps):
            task_id = self.next_task
            self.next_task += 1
            worker = rng.choice(self.office.workers.get((definition.unit_id, step.role_code)) or [starter])
            spiff_id = f"00000000-0000-4000-8000-{task_id:012x}"
            self._event(batch, case_id, task_id, moment, None, "task_created",
                        {"step": step.name, "element_id": step.element_id, "role": step.role_code})
            is_open = open_at is not None and position == open_at
            if is_open:
                due = open_due or moment + timedelta(minutes=step.minutes * 3)
                late = due < self.now if flagged is None else flagged
                holder = worker if claimed else None
                claimed_at = moment + timedelta(minutes=5) if claimed else None
                batch.tasks.append((
                    task_id, case_id, spiff_id, step.id, step.element_id, step.name, step.role_code,
                    definition.unit_id, holder, "open", moment, claimed_at, due, None, None, None,
                    due if late else None, None, 0, None if late else due, None, None, None, None, None))
                if claimed:
                    self._event(batch, case_id, task_id, claimed_at, holder, "task_claimed", {"step": step.name})
                if late:
                    self._event(batch, case_id, task_id, due, None, "task_overdue", {"step": step.name})
                break
            took = max(1, int(step.minutes * rng.uniform(0.2, 1.6)))
            due = moment + timedelta(minutes=step.minutes * 3)  # working time spread over calendar time
            done = moment + timedelta(minutes=took * 3)
            batch.tasks.append((
                task_id, case_id, spiff_id, step.id, step.element_id, step.name, step.role_code, definition.unit_id,
                worker, "completed", moment, moment + timedelta(minutes=1), due, done, worker, "{}",
                due if done > due else None, None, 0, None, None, None, step.minutes, took, done > due))
            self._event(batch, case_id, task_id, done, worker, "task_completed",
                        {"step": step.name, "element_id": step.element_id, "data": {}, "late": done > due})
            moment = done
        finished = open_at is None
        if finished:
            self._event(batch, case_id, None, moment, None, "case_completed", {"outcome": "Selesai"})
        batch.cases.append((case_id, self._reference(definition.prefix, started), definition.id, definition.unit_id,
                            None, "completed" if finished else "active", "{}", starter, started,
                            moment if finished else None, "Selesai" if finished else None, "", 1))
        return case_id

    # -- writing ----------------------------------------------------------------------------

    def write(self, batch: Batch) -> None:
        """One COPY per table, foreign-key triggers off (the rows are consistent by construction)."""
        raw = self.db.engine.raw_connection()
        try:
            driver = raw.driver_connection
            with driver.cursor() as cursor:
                try:
                    cursor.execute("SET session_replication_role = replica")
                except Exception:  # noqa: BLE001 - not a superuser: keep the checks, only slower
                    driver.rollback()
                for table, columns, rows in (("cases", CASE_COLUMNS, batch.cases),
                                             ("tasks", TASK_COLUMNS, batch.tasks),
                                             ("events", EVENT_COLUMNS, batch.events)):
                    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
            driver.commit()
        finally:
            raw.close()

    def finish(self) -> None:
        """Move the id sequences past the copied ids and the reference counters past the numbers used."""
        with self.db.engine.begin() as connection:
            for table in ("cases", "tasks", "events"):
                connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT coalesce(max(id), 1) FROM {table}))"))
            for (prefix, year), last in self.counters.items():
                connection.execute(text(
                    "INSERT INTO case_counters (prefix, year, last) VALUES (:p, :y, :n) "
                    "ON CONFLICT (prefix, year) DO UPDATE SET last = greatest(case_counters.last, excluded.last)"),
                    {"p": prefix, "y": year, "n": last})


class PausedIndexes:
    """Drop the secondary indexes for a big load and build them again after (much faster than
    maintaining them row by row); unique ones stay, they back constraints."""

    def __init__(self, db: Database, tables: Iterable[str]) -> None:
        self.db = db
        self.tables = tuple(tables)
        self.definitions: list[tuple[str, str]] = []

    def __enter__(self) -> PausedIndexes:
        with self.db.engine.begin() as connection:
            self.definitions = [(name, definition) for name, definition in connection.execute(text(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
                "AND tablename = ANY(:tables) AND indexdef NOT LIKE 'CREATE UNIQUE%'"), {"tables": list(self.tables)})]
            for name, _ in self.definitions:
                connection.execute(text(f'DROP INDEX "{name}"'))
        return self

    def __exit__(self, *exc: object) -> None:
        with self.db.engine.begin() as connection:
            connection.execute(text("SET maintenance_work_mem = '256MB'"))
            for _, definition in self.definitions:
                connection.execute(text(definition))
        analyze(self.db)


def analyze(db: Database) -> None:
    """VACUUM ANALYZE after seeding: the bench measures a database in its steady state, where autovacuum has kept
    the visibility map (what an index-only scan needs) and the planner's statistics; rows just copied in have
    neither until autovacuum reaches them minutes later."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


def seed_history(seeder: Seeder, definitions: Sequence[tuple[Definition, float]], *, task_rows: int,
                 years: int = 3, chunk: int = 200_000) -> int:
    """Finished cases spread over the past ``years``, until ``task_rows`` steps were written."""
    seeder.refresh()
    rng = seeder.rng
    weights = [w for _, w in definitions]
    choices = [d for d, _ in definitions]
    written = 0
    batch = Batch()
    span = timedelta(days=365 * years).total_seconds()
    while written < task_rows:
        definition = rng.choices(choices, weights)[0]
        started = seeder.now - timedelta(days=7) - timedelta(seconds=rng.uniform(0, span))
        before = len(batch.tasks)
        seeder.add_case(batch, definition, started)
        written += len(batch.tasks) - before
        if len(batch.tasks) >= chunk:
            seeder.write(batch)
            batch = Batch()
    seeder.write(batch)
    return written


def seed_in_flight(seeder: Seeder, definitions: Sequence[Definition], *, task_rows: int) -> int:
    """Cases under way: each waits at some step, a third of them late, half of the waiting steps claimed."""
    seeder.refresh()
    rng = seeder.rng
    batch = Batch()
    while len(batch.tasks) < task_rows:
        definition = rng.choice(definitions)
        open_at = rng.randrange(len(definition.steps))
        late = rng.random() < 0.3
        # Due times well away from now, so no scheduler pass of the benchmark picks these up.
        due = seeder.now + (-timedelta(hours=rng.uniform(2, 72)) if late else timedelta(days=rng.uniform(1, 10)))
        started = due - timedelta(days=rng.uniform(3, 20))
        seeder.add_case(batch, definition, started, open_at=open_at, open_due=due, claimed=rng.random() < 0.5)
    seeder.write(batch)
    return len(batch.tasks)


def seed_backlog(seeder: Seeder, definition: Definition, *, open_tasks: int, due_batches: Sequence[datetime],
                 per_batch: int) -> None:
    """Open steps waiting at step 1 of the sweep SOP: ``per_batch`` falling due at each moment of
    ``due_batches``, the rest due weeks ahead (the backlog a scheduler pass must not pay for)."""
    seeder.refresh()
    rng = seeder.rng
    batch = Batch()
    dues = [moment.astimezone(UTC).replace(tzinfo=None) for moment in due_batches for _ in range(per_batch)]
    for number in range(open_tasks):
        due = dues[number] if number < len(dues) else seeder.now + timedelta(days=rng.uniform(14, 60))
        started = due - timedelta(hours=2)
        # Flagging an unclaimed step notifies everyone who may take it; most backlog steps have a holder.
        seeder.add_case(batch, definition, started, open_at=0, open_due=due, claimed=rng.random() < 0.8,
                        flagged=False)
        if len(batch.tasks) >= 100_000:
            seeder.write(batch)
            batch = Batch()
    seeder.write(batch)


# --------------------------------------------------------------------------------------------
# Resumable cases
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenCase:
    case_id: int
    task_ids: tuple[int, ...]


def open_cases(db: Database, key: str, count: int, *, data: dict[str, Any] | None = None,
               due: datetime | None = None, assignee_ids: Sequence[int] = ()) -> list[OpenCase]:
    """``count`` cases of SOP ``key`` at their first step, with real workflow state, inserted in bulk.

    The rows ``start_case`` writes (case, first steps with due and reminder times, ``case_started`` and
    ``task_created`` events) without a transaction per case; ``data`` is taken as valid start data.
    ``due`` overrides the computed due time (a fault test wants steps already late); ``assignee_ids``
    hands the steps out in turn.
    """
    data = dict(data or {})
    now = db.clock.now()
    with db.transaction() as session:
        definition = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == key,
                                                                    ProcessDefinition.is_latest))
        if definition is None:
            raise LookupError(f"no SOP {key!r} registered")
        spec = spec_of(definition)
        calendar = office_calendar(session, db.timezone, now)
        prefix = definition.sop["case"]["reference_prefix"]
        subject_field = definition.sop["case"].get("subject_field")
        subject = (str(data.get(subject_field, "")).strip()[:300] or None) if subject_field else None
        year = now.astimezone(ZoneInfo(db.timezone)).year
        counter = session.get(CaseCounter, (prefix, year), with_for_update=True)
        if counter is None:
            counter = CaseCounter(prefix=prefix, year=year, last=0)
            session.add(counter)
        first = counter.last + 1
        counter.last += count
        workflows = [CaseWorkflow.start(spec, data) for _ in range(count)]
        case_ids = session.execute(insert(Case).returning(Case.id, sort_by_parameter_order=True), [
            {"reference": f"{prefix}-{year}-{first + n:05d}", "definition_id": definition.id,
             "unit_id": definition.unit_id, "subject": subject, "status": CaseStatus.ACTIVE, "data": data,
             "started_by_id": None, "started_at": now, "workflow_state": workflow.save(), "lock_version": 1}
            for n, workflow in enumerate(workflows)
        ]).scalars().all()
        rows, events = [], []
        for case_id, workflow in zip(case_ids, workflows, strict=True):
            events.append({"case_id": case_id, "task_id": None, "at": now, "actor_id": None, "kind": "case_started",
                           "payload": {"process": definition.key, "version": definition.version, "data": data}})
            for ready in workflow.ready_steps():
                step = definition.step(ready.element_id)
                step_due = due or calendar_due_at(now, parse_iso8601(step.standard_duration, basis=step.time_basis),
                                                  calendar)
                holder = assignee_ids[len(rows) % len(assignee_ids)] if assignee_ids else None
                rows.append({
                    "case_id": case_id, "spiff_task_id": ready.spiff_task_id, "step_id": step.id,
                    "element_id": step.element_id, "step_name": step.name, "role_code": step.role_code,
                    "unit_id": definition.unit_id, "assignee_id": holder, "status": TaskStatus.OPEN,
                    "started_at": now, "claimed_at": now if holder else None, "due_at": step_due,
                    "flag_overdue_at": step_due, "remind_at": None if due else reminder_time(now, step_due, calendar),
                    "escalation_level": 0,
                })
        task_ids = session.execute(insert(Task).returning(Task.id, Task.case_id, sort_by_parameter_order=True),
                                   rows).all()
        by_case: dict[int, list[int]] = {}
        for (task_id, case_id), row in zip(task_ids, rows, strict=True):
            by_case.setdefault(case_id, []).append(task_id)
            events.append({"case_id": case_id, "task_id": task_id, "at": now, "actor_id": None,
                           "kind": "task_created", "payload": {"step": row["step_name"], "element_id":
                                                               row["element_id"], "role": row["role_code"],
                                                               "due_at": row["due_at"].isoformat()}})
        session.execute(insert(Event), events)
        return [OpenCase(case_id, tuple(by_case.get(case_id, ()))) for case_id in case_ids]
