"""Use cases of a step: the inbox, claiming, reassigning and completing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select, tuple_, union_all
from sqlalchemy.orm import Session

from engine import access, forms
from engine.access import Actor, load_actor
from engine.db import Database
from engine.definitions.loader import SAME_PERFORMER_KEY
from engine.definitions.registered import RegisteredVersion, registered_version
from engine.definitions.roles import on_behalf_of
from engine.errors import DefinitionError, NotFound, ValidationFailed
from engine.models import Case, ProcessDefinition, Task, TaskStatus, User
from engine.phrases import N_, Phrase
from engine.reports.search import note_step
from engine.runtime import CaseWorkflow
from engine.services.common import capped_count, cursor_of, page_count, parse_cursor, user_names
from engine.services.definitions import StepInfo, step_info
from engine.services.office_calendar import office_calendar
from engine.services.process_versions import office_today
from engine.services.progress import (
    advance_locked,
    lock_step,
    read_step,
    record_attention,
    reread_open_steps,
    write,
)
from engine.timekeeping.deadlines import is_due_soon

Scope = Literal["mine", "queue"]
#: A step is "due soon" once less than this share of its standard time remains.


@dataclass(frozen=True)
class TaskRow:
    id: int
    case_id: int
    case_reference: str
    subject: str | None
    process_key: str
    process_name: str
    element_id: str
    step_name: str
    role_code: str
    assignee_id: int | None
    started_at: datetime
    due_at: datetime
    is_overdue: bool
    is_due_soon: bool
    #: The external party this step is recorded for ("dicatat atas nama Pemohon"), else None.
    performer_role_code: str | None = None


@dataclass(frozen=True)
class InboxPage:
    scope: Scope
    rows: tuple[TaskRow, ...]
    total: int
    page: int
    per_page: int
    counts: dict[str, int]
    #: ``total`` (and each count in ``counts_capped``) stopped at ``COUNT_CAP``: shown as "1000+".
    total_capped: bool = False
    counts_capped: frozenset[str] = frozenset()
    #: The cursor of the page after this one (``InboxFilter.after``), None on the last page.
    next_after: str | None = None

    @property
    def pages(self) -> int:
        pages = page_count(self.total, self.per_page)
        return max(pages, self.page + 1) if self.total_capped and self.next_after else pages


@dataclass(frozen=True)
class InboxFilter:
    process_key: str | None = None
    element_id: str | None = None
    overdue: bool = False
    due_today: bool = False
    sort: Literal["due", "-due", "started", "-started"] = "due"
    page: int = 1
    per_page: int = 25
    #: Keyset paging: the page after this cursor (a ``next_after`` of an earlier page) instead of ``page``.
    after: str | None = None


def _scope_condition(actor: Actor, scope: Scope) -> Any:
    """The scope as one condition, for counting (the queue: the open-queue index's role and unit ranges)."""
    return Task.assignee_id == actor.id if scope == "mine" else access.queued_tasks(actor)


def _scope_parts(actor: Actor, scope: Scope) -> list[Any]:
    if scope == "mine":
        return [Task.assignee_id == actor.id]
    return access.queue_parts(actor)


_SORT_COLUMNS = {"due": (Task.due_at, False), "-due": (Task.due_at, True),
                 "started": (Task.started_at, False), "-started": (Task.started_at, True)}


def inbox(db: Database, actor_id: int, scope: Scope = "mine", filters: InboxFilter | None = None) -> InboxPage:
    """"Tugas Saya" (steps I hold) or the queue of unclaimed steps of my roles in my unit.

    Reads what it shows: each part of the scope (``access.queue_parts``) is an ordered index range read up to the
    page's end and merged, and the counts stop at ``COUNT_CAP``; a long queue costs what a short one does.
    """
    filters = filters or InboxFilter()
    if scope not in ("mine", "queue"):
        raise ValidationFailed(N_("Cakupan kotak tugas tidak dikenal."), {"scope": N_("harus 'mine' atau 'queue'")})
    column, descending = _SORT_COLUMNS.get(filters.sort, _SORT_COLUMNS["due"])
    after = parse_cursor(filters.after) if filters.after else None
    page = 1 if after else max(1, filters.page)
    per_page = min(max(1, filters.per_page), 200)
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        now = db.clock.now()
        conditions: list[Any] = [Task.status == TaskStatus.OPEN]
        if filters.process_key:
            conditions.append(Task.case_id.in_(select(Case.id).join(
                ProcessDefinition, Case.definition_id == ProcessDefinition.id).where(
                ProcessDefinition.key == filters.process_key)))
        if filters.element_id:
            conditions.append(Task.element_id == filters.element_id)
        if filters.overdue:
            conditions.append(Task.due_at < now)
        if filters.due_today:
            conditions.append(Task.due_at < _end_of_local_day(now, db.timezone))
        counted = {s: capped_count(session, select(Task.id).where(Task.status == TaskStatus.OPEN,
                                                                  _scope_condition(actor, s)))
                   for s in ("mine", "queue")}
        parts = _scope_parts(actor, scope)
        # Unfiltered, the scope's total is its count above: not counted twice (up to the cap, issue 14).
        total, capped = counted[scope] if len(conditions) == 1 else capped_count(
            session, select(Task.id).where(_scope_condition(actor, scope), *conditions))
        if after is not None:
            key = tuple_(column, Task.id)
            conditions.append(key < after if descending else key > after)
        order = (column.desc(), Task.id.desc()) if descending else (column.asc(), Task.id.asc())
        offset = (page - 1) * per_page
        reach = offset + per_page + 1  # one more: is there a next page?
        branches = [select(Task.id.label("id"), column.label("key")).where(part, *conditions).order_by(*order)
                    .limit(reach).subquery() for part in parts]
        merged = union_all(*(select(b.c.id, b.c.key) for b in branches)).subquery()
        ordered = (merged.c.key.desc(), merged.c.id.desc()) if descending else (merged.c.key, merged.c.id)
        ids = list(session.scalars(select(merged.c.id).order_by(*ordered).limit(per_page + 1).offset(offset)))
        more, ids = len(ids) > per_page, ids[:per_page]
        found = {task.id: (task, ref, subject, key, name) for task, ref, subject, key, name in session.execute(
            select(Task, Case.reference, Case.subject, ProcessDefinition.key, ProcessDefinition.name)
            .join(Case, Task.case_id == Case.id)
            .join(ProcessDefinition, Case.definition_id == ProcessDefinition.id)
            .where(Task.id.in_(ids or [0])))}
        rows = tuple(_task_row(*found[i], now) for i in ids if i in found)
        last = rows[-1] if rows else None
        next_after = cursor_of(getattr(last, "due_at" if column is Task.due_at else "started_at"), last.id) \
            if more and last is not None else None
        return InboxPage(
            scope=scope, rows=rows, total=total, page=page, per_page=per_page,
            counts={s: n for s, (n, _) in counted.items()}, total_capped=capped,
            counts_capped=frozenset(s for s, (_, more_rows) in counted.items() if more_rows), next_after=next_after,
        )


def _task_row(task: Task, reference: str, subject: str | None, key: str, name: str, now: datetime) -> TaskRow:
    return TaskRow(
        id=task.id, case_id=task.case_id, case_reference=reference, subject=subject, process_key=key,
        process_name=name, element_id=task.element_id, step_name=task.step_name, role_code=task.role_code,
        assignee_id=task.assignee_id, started_at=task.started_at, due_at=task.due_at,
        is_overdue=now > task.due_at, is_due_soon=is_due_soon(task.started_at, task.due_at, now),
        performer_role_code=task.performer_role_code,
    )



def _end_of_local_day(now: datetime, timezone: str) -> datetime:
    local = now.astimezone(ZoneInfo(timezone))
    return (local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)).astimezone(now.tzinfo)


@dataclass(frozen=True)
class TaskDetail:
    id: int
    case_id: int
    case_reference: str
    subject: str | None
    process_key: str
    process_name: str
    status: str
    step: StepInfo
    assignee_id: int | None
    assignee: str | None
    started_at: datetime
    claimed_at: datetime | None
    due_at: datetime
    completed_at: datetime | None
    completed_by: str | None
    data: dict[str, Any] | None
    case_data: dict[str, Any]
    is_overdue: bool
    may_claim: bool
    may_complete: bool
    may_reassign: bool
    may_unclaim: bool


def get_task(db: Database, actor_id: int, task_id: int) -> TaskDetail:
    """A step as the SOP describes it, with its form and what this user may do with it."""
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        task = _task(session, task_id)
        access.may_view_task(session, actor, task).enforce()
        case = task.case
        names = user_names(session, {task.assignee_id, task.completed_by_id})
        return TaskDetail(
            id=task.id, case_id=case.id, case_reference=case.reference, subject=case.subject,
            process_key=case.definition.key, process_name=case.definition.name, status=task.status.value,
            step=step_info(case.definition, task.step), assignee_id=task.assignee_id,
            assignee=names.get(task.assignee_id), started_at=task.started_at, claimed_at=task.claimed_at,
            due_at=task.due_at, completed_at=task.completed_at, completed_by=names.get(task.completed_by_id),
            data=task.data, case_data=case.data,
            is_overdue=(task.completed_at or db.clock.now()) > task.due_at,
            may_claim=bool(access.may_claim(session, actor, task)),
            may_complete=bool(access.may_complete(session, actor, task)),
            may_reassign=bool(access.may_reassign(session, actor, task)),
            may_unclaim=bool(access.may_unclaim(session, actor, task)),
        )


def _task(session: Session, task_id: int, *, lock: bool = False) -> Task:
    task = session.get(Task, task_id, with_for_update={"of": Task} if lock else None)
    if task is None:
        raise NotFound(N_("Tugas %(task)s tidak ditemukan."), task=task_id)
    return task


def claim_task(db: Database, actor_id: int, task_id: int) -> None:
    """Take an unclaimed step from my queue into "Tugas Saya"."""
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        task = _task(session, task_id, lock=True)
        if access.may_claim(session, actor, task).enforce().nothing_to_do:
            return
        task.claim(actor.id, db.clock.now())


def unclaim_task(db: Database, actor_id: int, task_id: int) -> None:
    """Put a step I hold (or, as supervisor, someone's step) back in the queue."""
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        task = _task(session, task_id, lock=True)
        if access.may_unclaim(session, actor, task).enforce().nothing_to_do:
            return
        now = db.clock.now()
        task.unclaim(now, actor.id)


def reassign_task(db: Database, actor_id: int, task_id: int, to_user_id: int, reason: str = "") -> None:
    """A supervisor hands a step to another person who may do it."""
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        task = _task(session, task_id, lock=True)
        access.may_reassign(session, actor, task).enforce()
        target_user = session.get(User, to_user_id)
        if target_user is None or not target_user.active:
            raise ValidationFailed(N_("Penerima tugas tidak ditemukan."),
                                   {"to_user": N_("pengguna tidak ditemukan atau nonaktif")})
        target = load_actor(session, to_user_id)
        if not access.may_work_on(target, task):
            raise ValidationFailed(
                N_("Penerima tidak dapat mengerjakan tugas ini."),
                {"to_user": Phrase(N_("%(name)s tidak memiliki peran '%(role)s' di unit ini"),
                                   {"name": target_user.full_name, "role": task.role_code})},
            )
        if task.assignee_id == to_user_id:
            return
        now = db.clock.now()
        task.reassign(to_user_id, now, actor.id, reason.strip())


@dataclass(frozen=True)
class Completion:
    task_id: int
    case_id: int
    case_status: str
    next_task_ids: tuple[int, ...]
    #: The next step, given to whoever completed this one because it is theirs to take too (same role and unit,
    #: sop.json ``langkah_berikutnya_pelaksana_sama`` not false): the page takes them straight to it.
    carried_on_task_id: int | None = None


def complete_task(db: Database, actor_id: int, task_id: int, data: dict[str, Any] | None = None, *,
                  carry_on: bool = False, credential: str | None = None) -> Completion:
    """Complete a step (``_complete_task``); when its workflow raises an error the step is rolled back and the
    case is marked as needing an administrator's attention (``progress.record_attention``).

    ``carry_on``: the person goes on working (the step's page): a next step that is theirs to take too is given
    to them in the same transaction (``Completion.carried_on_task_id``). Without it every new step waits in its
    role's queue. ``credential``: what the caller's bearer token carries, checked in the completion's own
    transaction (``access.load_actor``).
    """
    try:
        return _complete_task(db, actor_id, task_id, data, carry_on, credential)
    except DefinitionError as error:
        record_attention(db, task_id, actor_id, error)
        raise


def _complete_task(db: Database, actor_id: int, task_id: int, data: dict[str, Any] | None,
                   carry_on: bool, credential: str | None = None) -> Completion:
    """Complete a step with its form data; the case moves on once, whatever races with it.

    The task row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite serializes writers), so of two
    people completing the same step one succeeds and the other is told it is already done. Any
    failure, including in the workflow, rolls the whole step back. Who may complete is
    ``access.may_complete``: the step's role and unit decide, so a holder who lost the role is refused.

    The hot path of the API (issue 14): the person with the step, its case and open steps (one locking SELECT),
    then only writes (``progress.write``, one statement on PostgreSQL); the SOP version, the person's standing and
    the calendar come from the process's caches (``engine.caches``).
    """
    data = dict(data or {})
    with db.transaction() as session:
        person, rows = read_step(session, actor_id, task_id)
        actor = access.actor_of(session, person, credential=credential)
        locked = lock_step(rows, task_id)
        task, case = locked.task, locked.case
        access.may_complete(session, actor, task).enforce()
        definition = registered_version(session, locked.definition_id, locked.checksum)
        form_path = definition.step(task.element_id).form_path
        schema = definition.forms.get(form_path) if form_path else None
        if schema is not None:
            clean = forms.validate_form(schema, data, today=office_today(db.clock.now(), db.timezone))
        elif data:
            raise ValidationFailed(N_("Langkah ini tidak memiliki formulir; data tidak diterima."),
                                   {key: N_("isian tidak dikenal") for key in data})
        else:
            clean = {}
        no_room = forms.case_room_problem(len(case.workflow_state or ""), clean)
        if no_room:
            raise ValidationFailed(forms.INVALID_FORM, {"": no_room})
        workflow = CaseWorkflow.restore(definition.spec, case.workflow_state)
        if {r.spiff_task_id for r in workflow.ready_steps()} - {task.spiff_task_id, *locked.open_tasks}:
            reread_open_steps(session, locked)
        workflow.complete(task.spiff_task_id, clean)
        now = db.clock.now()
        calendar = office_calendar(session, db.timezone, now)
        task.complete(actor.id, now, clean,
                      standard_working_minutes=calendar.working_minutes_between(task.started_at, task.due_at),
                      actual_working_minutes=calendar.working_minutes_between(task.started_at, now),
                      note=on_behalf_of(task.performer_role_code))
        note_step(case, schema, clean)
        created = advance_locked(locked, definition, workflow, now, actor.id, calendar)
        carried_on = _carry_on(session, actor, definition, task, created, now) if carry_on else None
        write(session, locked)
        return Completion(task.id, case.id, case.status.value, tuple(t.id for t in created),
                          carried_on.id if carried_on is not None else None)


def _carry_on(session: Session, actor: Actor, definition: RegisteredVersion, done: Task, created: list[Task],
              now: datetime) -> Task | None:
    """The new step the completer keeps, claimed for them in the same transaction: one of the same role and unit
    as the step just done that they may claim (``access.may_claim``), unless the SOP turned this off."""
    if definition.sop.get(SAME_PERFORMER_KEY, True) is False:
        return None
    for following in created:
        if (following.role_code, following.unit_id) == (done.role_code, done.unit_id) \
                and access.may_claim(session, actor, following):
            following.claim(actor.id, now)
            return following
    return None
