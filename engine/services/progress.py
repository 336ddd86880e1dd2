"""Moving a case on: after its workflow moved, open a step row for each newly ready step and close the case when
its workflow ended; and when a step's workflow raised an error, mark the case as needing an administrator.

Starting a case, completing a step and repairing a case all move a case on through here. A public-service case that
finishes owes its applicant the survey's invitation: its outbox row is written here, in the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    DateTime,
    Integer,
    Text,
    bindparam,
    case,
    cast,
    column,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from engine.access import PERSON
from engine.db import Database
from engine.definitions.registered import RegisteredVersion
from engine.definitions.roles import on_behalf_of
from engine.errors import AlurError, ConcurrentUpdate, NotFound
from engine.models import (
    ApplicantMail,
    Case,
    CaseStatus,
    Event,
    EventKind,
    ProcessDefinition,
    Task,
    TaskStatus,
    as_stored,
    plain_row,
)
from engine.phrases import N_
from engine.public_service.invitation import SURVEY_INVITATION, applicant_email
from engine.runtime import CaseWorkflow
from engine.services.common import record_event
from engine.services.office_calendar import office_calendar
from engine.timekeeping.deadlines import due_at, reminder_time
from engine.timekeeping.durations import parse_iso8601
from engine.timekeeping.working_time import OfficeCalendar

#: The longest error text kept on a case (the full text is in the event).
MAX_ATTENTION_TEXT = 2000
#: Why a completion is refused when its case changed after it was read (the version check).
CASE_CHANGED = N_("Data ini baru saja diubah oleh pengguna lain; muat ulang dan coba lagi.")
#: A case that is still running: active, or suspended by an administrator.
RUNNING = (CaseStatus.ACTIVE, CaseStatus.SUSPENDED)


def advance(session: Session, db: Database, case: Case, workflow: CaseWorkflow, now: datetime,
            actor_id: int | None, calendar: OfficeCalendar | None = None) -> list[Task]:
    """After the workflow moved: open a task row for each newly ready step, close the case if done."""
    definition = case.definition
    open_tasks = {t.spiff_task_id: t for t in session.scalars(
        select(Task).where(Task.case_id == case.id, Task.status == TaskStatus.OPEN))}
    ready = workflow.ready_steps()
    ready_ids = {r.spiff_task_id for r in ready}
    for spiff_id, task in open_tasks.items():
        if spiff_id not in ready_ids:  # the workflow withdrew the step (e.g. the case was cancelled)
            task.cancel(now, actor_id)
    created = []
    for step_ready in ready:
        if step_ready.spiff_task_id in open_tasks:
            continue
        step = definition.step(step_ready.element_id)
        calendar = calendar or office_calendar(session, db.timezone, now)
        duration = parse_iso8601(step.standard_duration, basis=step.time_basis)
        due = due_at(now, duration, calendar)
        task = Task(
            case_id=case.id, spiff_task_id=step_ready.spiff_task_id, step_id=step.id, element_id=step.element_id,
            step_name=step.name, role_code=step.role_code, performer_role_code=step.performer_role_code,
            unit_id=case.unit_id, status=TaskStatus.OPEN,
            started_at=now, due_at=due, flag_overdue_at=due, remind_at=reminder_time(now, due, calendar),
            escalation_level=0,
        )
        session.add(task)
        session.flush()
        record_event(session, kind=EventKind.TASK_CREATED, at=now, actor_id=actor_id, case_id=case.id, task_id=task.id,
                     payload={"step": step.name, "element_id": step.element_id, "role": step.role_code,
                              "due_at": task.due_at.isoformat(), **on_behalf_of(task.performer_role_code)})
        created.append(task)
    if workflow.is_completed and case.status == CaseStatus.ACTIVE:
        case.finish(now, actor_id, workflow.reached_end())
        invitation = owed_invitation(case, definition.sop, definition.forms, now)
        if invitation is not None:
            session.add(ApplicantMail(**invitation))
    case.workflow_state = workflow.save()
    return created


def owed_invitation(case: Case, sop: Any, forms: Any, now: datetime) -> dict[str, Any] | None:
    """The outbox row of the survey's invitation a just-finished case owes its applicant, or None (not a public
    service, or no email address on the start form). The scheduler's mail step sends it."""
    address = applicant_email(sop or {}, forms or {}, case.data or {})
    if address is None or not case.tracking_code:
        return None
    return {"case_id": case.id, "kind": SURVEY_INVITATION, "to_address": address, "created_at": now,
            "email_status": "pending", "email_attempts": 0}


def record_attention(db: Database, task_id: int, actor_id: int | None, error: AlurError) -> None:
    """Mark the case of a step whose workflow raised ``error`` as needing an administrator's attention.

    Called after the person's action was rolled back, in a transaction of its own, so the failure is kept
    while nothing of the action is. The same error again adds no second event.
    """
    with db.transaction() as session:
        task = session.get(Task, task_id)
        if task is None:
            return
        case = session.get(Case, task.case_id, with_for_update={"of": Case})
        text = error.message[:MAX_ATTENTION_TEXT]
        if case is None or case.status not in RUNNING or case.attention_error == text:
            return
        now = db.clock.now()
        case.attention_error, case.attention_at = text, now
        record_event(session, kind=EventKind.CASE_NEEDS_ATTENTION, at=now, actor_id=actor_id, case_id=case.id,
                     task_id=task.id, payload={"step": task.step_name, "element_id": task.element_id,
                                               "error": error.message})


# --- A completion's rows in plain SQL (issue 14) ------------------------------------------------------------
#
# Completing a step is the hot path: its rows are read and locked in one SELECT and written with one statement per
# table, outside the ORM's unit of work (whose per-statement cost was most of a completion's time). The rows are
# still ``Task`` and ``Case`` objects, only without a session, so the named transitions (``Task.complete``,
# ``Case.finish`` …) and the access rules run on them unchanged; their events go to the step's outbox and are
# written with one multi-row INSERT.

_TASKS, _CASES, _EVENTS = Task.__table__, Case.__table__, Event.__table__
_TASK_KEYS = tuple(column.key for column in _TASKS.columns)
_CASE_KEYS = tuple(column.key for column in _CASES.columns)
_LOCKED_COLUMNS = (*(c.label(f"t_{c.key}") for c in _TASKS.columns), *(c.label(f"c_{c.key}") for c in _CASES.columns),
                   ProcessDefinition.__table__.c.checksum.label("d_checksum"))
_LOCKED_FROM = select(*_LOCKED_COLUMNS).join(_CASES, _CASES.c.id == _TASKS.c.case_id).join(
    ProcessDefinition.__table__, ProcessDefinition.__table__.c.id == _CASES.c.definition_id)
_LOCK_STEP = _LOCKED_FROM.where(
    _TASKS.c.case_id == select(_TASKS.c.case_id).where(_TASKS.c.id == bindparam("task_id")).scalar_subquery(),
    or_(_TASKS.c.id == bindparam("task_id"), _TASKS.c.status == TaskStatus.OPEN),
).order_by(_TASKS.c.id).with_for_update(of=[_TASKS, _CASES])
#: The person completing and the step, locked, in one SELECT: the person's row (always one, when they exist) with
#: each locked row beside it, or with NULLs when there is no such step. Built once: a statement object reused is
#: compiled and keyed once per process, not per completion.
_PERSON_ROW, _LOCKED_ROWS = PERSON.subquery("person"), _LOCK_STEP.subquery("locked")
_PERSON_AND_STEP = select(_PERSON_ROW, _LOCKED_ROWS).select_from(
    _PERSON_ROW.outerjoin(_LOCKED_ROWS, true())).order_by(_LOCKED_ROWS.c.t_id)
#: Where each row's columns sit in a locking SELECT's row (read by position: no lookup by label per column).
_PERSON_WIDTH = len(PERSON.selected_columns)
_TASK_SLICE = slice(_PERSON_WIDTH, _PERSON_WIDTH + len(_TASK_KEYS))
_CASE_SLICE = slice(_TASK_SLICE.stop, _TASK_SLICE.stop + len(_CASE_KEYS))
_OPEN_STEPS = _LOCKED_FROM.where(
    _TASKS.c.case_id == bindparam("case_id"), _TASKS.c.status == TaskStatus.OPEN, _TASKS.c.id != bindparam("task_id"),
).order_by(_TASKS.c.id).with_for_update(of=[_TASKS])
_INSERT_TASKS = insert(_TASKS).returning(_TASKS.c.id, sort_by_parameter_order=True)
#: RETURNING makes SQLAlchemy write a completion's events as one multi-row INSERT on every database.
_INSERT_EVENTS = insert(_EVENTS).returning(_EVENTS.c.id)


@dataclass
class LockedStep:
    """A step being completed, its case and the case's other open steps, locked; ``write`` saves what changed."""

    task: Task
    case: Case
    #: The case's other open steps, by workflow task id.
    open_tasks: dict[str, Task]
    definition_id: int
    checksum: str
    outbox: list[tuple[Any, Event]] = field(default_factory=list)
    created: list[Task] = field(default_factory=list)
    #: Rows of ``applicant_mails`` the completion owes (the survey's invitation when the case finished).
    mails: list[dict[str, Any]] = field(default_factory=list)
    _loaded: dict[int, dict[str, Any]] = field(default_factory=dict)

    def row(self, model: type[Any], values: dict[str, Any]) -> Any:
        """A ``Task`` or ``Case`` without a session whose transitions record into this step's outbox."""
        instance = plain_row(model, values)
        instance.__dict__["event_outbox"] = self.outbox
        if values.get("id") is not None:
            self._loaded[id(instance)] = values
        return instance


def read_step(session: Session, person_id: int, task_id: int) -> tuple[Any, list[Any]]:
    """The person (:data:`engine.access.PERSON`'s row, None when there is none) and the step, its case and the
    case's open steps, read and locked in one SELECT (``FOR UPDATE`` on PostgreSQL, in step id order so that two
    completions of one case queue instead of deadlocking; SQLite's writing transaction already holds the database).
    The rows go to :func:`access.actor_of` and then :func:`lock_step`."""
    rows = session.connection().execute(_PERSON_AND_STEP, {"user_id": person_id, "task_id": task_id}).all()
    return (rows[0] if rows else None), [row for row in rows if row.t_id is not None]


def lock_step(rows: list[Any], task_id: int) -> LockedStep:
    """The locked step of :func:`read_step`'s rows, or :class:`NotFound`."""
    mine = next((row for row in rows if row.t_id == task_id), None)
    if mine is None:
        raise NotFound(N_("Tugas %(task)s tidak ditemukan."), task=task_id)
    locked = LockedStep(task=None, case=None, open_tasks={}, definition_id=mine.c_definition_id,  # type: ignore[arg-type]
                        checksum=mine.d_checksum)
    locked.case = locked.row(Case, dict(zip(_CASE_KEYS, mine[_CASE_SLICE], strict=True)))
    locked.task = locked.row(Task, dict(zip(_TASK_KEYS, mine[_TASK_SLICE], strict=True)))
    locked.task.__dict__["case"] = locked.case
    _keep_open(locked, rows, task_id)
    return locked


def _keep_open(locked: LockedStep, rows: Any, task_id: int, at: int = _PERSON_WIDTH) -> None:
    """The case's other open steps, from rows whose task columns start at ``at``."""
    columns = slice(at, at + len(_TASK_KEYS))
    for row in rows:
        if row.t_id != task_id:
            task = locked.row(Task, dict(zip(_TASK_KEYS, row[columns], strict=True)))
            task.__dict__["case"] = locked.case
            locked.open_tasks[task.spiff_task_id] = task


def reread_open_steps(session: Session, locked: LockedStep) -> None:
    """The case's open steps read again: the workflow (read under the case's lock) has a ready step the locking
    SELECT did not see, because another completion of this case committed while it waited for the lock."""
    locked.open_tasks.clear()
    rows = session.connection().execute(_OPEN_STEPS, {"case_id": locked.case.id, "task_id": locked.task.id}).all()
    _keep_open(locked, rows, locked.task.id, at=0)


def advance_locked(locked: LockedStep, definition: RegisteredVersion, workflow: CaseWorkflow, now: datetime,
                   actor_id: int | None, calendar: OfficeCalendar) -> list[Task]:
    """:func:`advance` for a locked step: new task rows for the newly ready steps (written by :func:`write`)."""
    case = locked.case
    ready = workflow.ready_steps()
    ready_ids = {r.spiff_task_id for r in ready}
    for spiff_id, task in locked.open_tasks.items():
        if spiff_id not in ready_ids:  # the workflow withdrew the step
            task.cancel(now, actor_id)
    for step_ready in ready:
        if step_ready.spiff_task_id in locked.open_tasks:
            continue
        step = definition.step(step_ready.element_id)
        due = due_at(now, parse_iso8601(step.standard_duration, basis=step.time_basis), calendar)
        task = locked.row(Task, dict(
            case_id=case.id, spiff_task_id=step_ready.spiff_task_id, step_id=step.id, element_id=step.element_id,
            step_name=step.name, role_code=step.role_code, performer_role_code=step.performer_role_code,
            unit_id=case.unit_id, status=TaskStatus.OPEN, started_at=now, due_at=due, flag_overdue_at=due,
            remind_at=reminder_time(now, due, calendar), escalation_level=0))
        task.__dict__["case"] = case
        locked.outbox.append((task, plain_row(Event, dict(
            kind=EventKind.TASK_CREATED, at=now, actor_id=actor_id, case_id=case.id, task_id=None,
            payload={"step": step.name, "element_id": step.element_id, "role": step.role_code,
                     "due_at": due.isoformat(), **on_behalf_of(task.performer_role_code)}))))
        locked.created.append(task)
    if workflow.is_completed and case.status == CaseStatus.ACTIVE:
        case.finish(now, actor_id, workflow.reached_end())
        invitation = owed_invitation(case, definition.sop, definition.forms, now)
        if invitation is not None:
            locked.mails.append(invitation)
    case.workflow_state = workflow.save()
    return locked.created


def write(session: Session, locked: LockedStep) -> None:
    """Save a locked step's changes: an UPDATE per changed task row, the case's UPDATE under its version check, one
    INSERT of the new task rows and one of the events, in this order (the events name the new rows), and the mail
    the applicant is owed. On PostgreSQL all of it is one statement (:func:`_write_at_once`)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        _write_at_once(connection, locked)
        return
    for task in (locked.task, *locked.open_tasks.values()):
        changes = _changes(locked, task, _TASK_KEYS)
        if changes:
            connection.execute(_update_task(frozenset(changes)), {**changes, "row_id": task.id})
    _write_case(connection, locked)
    if locked.created:
        ids = connection.execute(_INSERT_TASKS, [{key: getattr(t, key) for key in _TASK_KEYS if key != "id"}
                                                 for t in locked.created]).scalars().all()
        for task, task_id in zip(locked.created, ids, strict=True):
            task.id = task_id
    if locked.outbox:
        connection.execute(_INSERT_EVENTS, [
            {"case_id": e.case_id, "task_id": owner.id if isinstance(owner, Task) else e.task_id, "at": e.at,
             "actor_id": e.actor_id, "kind": str(e.kind), "payload": e.payload or {}}
            for owner, e in locked.outbox])
    if locked.mails:
        connection.execute(insert(ApplicantMail.__table__), locked.mails)


def _write_case(connection: Connection, locked: LockedStep) -> None:
    case = locked.case
    changes = _changes(locked, case, _CASE_KEYS)
    if not changes:
        return
    version = locked._loaded[id(case)]["lock_version"]
    changes["lock_version"] = version + 1
    saved = connection.execute(_update_case(frozenset(changes)),
                               {**changes, "row_id": case.id, "loaded_version": version})
    if saved.rowcount != 1:
        raise ConcurrentUpdate(CASE_CHANGED)
    case.lock_version = version + 1


@lru_cache(maxsize=64)
def _update_task(keys: frozenset[str]) -> Any:
    return update(_TASKS).where(_TASKS.c.id == bindparam("row_id")).values({k: bindparam(k) for k in sorted(keys)})


@lru_cache(maxsize=64)
def _update_case(keys: frozenset[str]) -> Any:
    return update(_CASES).where(_CASES.c.id == bindparam("row_id"), _CASES.c.lock_version == bindparam(
        "loaded_version")).values({k: bindparam(k) for k in sorted(keys)})


def _changes(locked: LockedStep, row: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    loaded = locked._loaded[id(row)]
    changes = {}
    for key in keys:
        value = getattr(row, key)
        if value is not loaded[key] and value != loaded[key]:
            changes[key] = value
    return changes


# --- PostgreSQL: a completion's writes in one statement ----------------------------------------------------------
#
# Each statement is a round trip and its driver work (issue 14); PostgreSQL runs data-modifying CTEs of one statement
# together, so the task UPDATEs, the case's UPDATE, the new task rows, their events and the owed mail are one
# statement. Its shape (which columns changed, how many rows) picks a statement built once per process. The events
# of new steps find their step's id through the new rows' RETURNING; the foreign keys are checked at the statement's
# end, when every row exists. The case's version check still decides: no case row updated, nothing is kept.


@dataclass(frozen=True)
class _Shape:
    updates: tuple[frozenset[str], ...]  # the changed columns of each task row updated
    case: frozenset[str]  # the case's changed columns (with lock_version), empty when it did not change
    created: tuple[tuple[str, ...], ...]  # each new task row's columns that have a value (the rest stay NULL)
    events: bool  # are there events (they travel as one JSON parameter)
    mails: tuple[str, ...]  # the columns of the mail rows owed (one row each)
    mail_count: int


def _write_at_once(connection: Connection, locked: LockedStep) -> None:
    params: dict[str, Any] = {}
    updates = []
    for task in (locked.task, *locked.open_tasks.values()):
        changes = _changes(locked, task, _TASK_KEYS)
        if changes:
            number = len(updates)
            updates.append(frozenset(changes))
            params[f"u{number}_row_id"] = task.id
            params.update({f"u{number}_{key}": value for key, value in changes.items()})
    case = locked.case
    case_changes = _changes(locked, case, _CASE_KEYS)
    version = locked._loaded[id(case)]["lock_version"]
    if case_changes:
        case_changes["lock_version"] = version + 1
        params.update({f"c_{key}": value for key, value in case_changes.items()})
        params.update(c_row_id=case.id, c_loaded_version=version)
    new = {id(task): number for number, task in enumerate(locked.created)}
    created = []
    for number, task in enumerate(locked.created):
        values = {key: getattr(task, key) for key in _TASK_KEYS if key != "id"}
        created.append(tuple(key for key, value in values.items() if value is not None))
        params.update({f"n{number}_{key}": values[key] for key in created[-1]})
    events = []
    for owner, event in locked.outbox:
        new_step = new.get(id(owner))
        events.append({"case_id": event.case_id, "at": as_stored(event.at).isoformat(), "actor_id": event.actor_id,
                       "kind": str(event.kind), "payload": event.payload or {}, "new": new_step,
                       "task_id": None if new_step is not None else
                       owner.id if isinstance(owner, Task) else event.task_id})
    if events:
        params["events"] = json.dumps(events, ensure_ascii=False)
    mail_keys = tuple(sorted(locked.mails[0])) if locked.mails else ()
    for number, mail in enumerate(locked.mails):
        params.update({f"m{number}_{key}": mail[key] for key in mail_keys})
    shape = _Shape(tuple(updates), frozenset(case_changes), tuple(created), bool(events), mail_keys,
                   len(locked.mails))
    row = connection.execute(_one_statement(shape), params).one()
    if case_changes:
        if row.saved != 1:
            raise ConcurrentUpdate(CASE_CHANGED)
        case.lock_version = version + 1
    for number, task in enumerate(locked.created):
        task.id = row[1 + number]


@lru_cache(maxsize=256)
def _one_statement(shape: _Shape) -> Any:
    """The statement of one completion's writes of ``shape``, built once per shape (one row per INSERT: a
    multi-row VALUES would be compiled again for every completion)."""
    ctes = []
    for number, keys in enumerate(shape.updates):
        ctes.append(update(_TASKS).where(_TASKS.c.id == bindparam(f"u{number}_row_id")).values(
            {key: _bind(_TASKS, key, f"u{number}_{key}") for key in sorted(keys)}).returning(_TASKS.c.id)
            .cte(f"u{number}"))
    saved: Any = literal(1)
    if shape.case:
        changed_case = update(_CASES).where(
            _CASES.c.id == bindparam("c_row_id"), _CASES.c.lock_version == bindparam("c_loaded_version"),
        ).values({key: _bind(_CASES, key, f"c_{key}") for key in sorted(shape.case)}).returning(_CASES.c.id).cte("c")
        ctes.append(changed_case)
        saved = select(func.count()).select_from(changed_case).scalar_subquery()
    new_tasks = [insert(_TASKS).values({key: _bind(_TASKS, key, f"n{number}_{key}") for key in keys})
                 .returning(_TASKS.c.id).cte(f"n{number}") for number, keys in enumerate(shape.created)]
    ctes += new_tasks
    if shape.events:
        # The events travel as one JSON array (one parameter, not six per event: psycopg parses a statement of
        # more than 50 parameters again on every execution) and are inserted in its order, the order of their ids,
        # which a case's history is read in. An event of a new step takes the id its row was given.
        rows = func.jsonb_to_recordset(cast(bindparam("events", type_=Text), JSONB)).table_valued(
            column("case_id", Integer), column("task_id", Integer), column("new", Integer),
            column("at", DateTime), column("actor_id", Integer), column("kind", Text), column("payload", JSONB),
        ).render_derived(name="event", with_types=True)
        task_id: Any = rows.c.task_id
        if new_tasks:
            task_id = func.coalesce(rows.c.task_id, case(*((rows.c.new == number, select(n.c.id).scalar_subquery())
                                                          for number, n in enumerate(new_tasks))))
        ctes.append(insert(_EVENTS).from_select(
            ("case_id", "task_id", "at", "actor_id", "kind", "payload"),
            select(rows.c.case_id, task_id, rows.c.at, rows.c.actor_id, rows.c.kind, rows.c.payload),
        ).returning(_EVENTS.c.id).cte("e"))
    mails = ApplicantMail.__table__
    ctes += [insert(mails).values({key: _bind(mails, key, f"m{number}_{key}") for key in shape.mails})
             .returning(mails.c.id).cte(f"m{number}") for number in range(shape.mail_count)]
    return select(saved.label("saved"), *(select(n.c.id).scalar_subquery().label(n.name) for n in new_tasks)).add_cte(
        *ctes)


def _bind(table: Any, key: str, name: str) -> Any:
    return bindparam(name, type_=table.c[key].type)
