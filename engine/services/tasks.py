"""Use cases of a step: the inbox, claiming, reassigning and completing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine import access, forms
from engine.access import Actor, load_actor
from engine.db import Database
from engine.definitions.loader import SAME_PERFORMER_KEY
from engine.definitions.roles import on_behalf_of
from engine.errors import DefinitionError, NotFound, ValidationFailed
from engine.models import Case, ProcessDefinition, Task, TaskStatus, User
from engine.phrases import N_, Phrase
from engine.runtime import CaseWorkflow
from engine.services.common import page_count, user_names
from engine.services.definitions import StepInfo, spec_of, step_info
from engine.services.office_calendar import office_calendar
from engine.services.process_versions import office_today
from engine.services.progress import advance, record_attention
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

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


@dataclass(frozen=True)
class InboxFilter:
    process_key: str | None = None
    element_id: str | None = None
    overdue: bool = False
    due_today: bool = False
    sort: Literal["due", "-due", "started", "-started"] = "due"
    page: int = 1
    per_page: int = 25


def _scope_condition(actor: Actor, scope: Scope) -> Any:
    if scope == "mine":
        return Task.assignee_id == actor.id
    return access.queued_tasks(actor)


def inbox(db: Database, actor_id: int, scope: Scope = "mine", filters: InboxFilter | None = None) -> InboxPage:
    """"Tugas Saya" (steps I hold) or the queue of unclaimed steps of my roles in my unit."""
    filters = filters or InboxFilter()
    if scope not in ("mine", "queue"):
        raise ValidationFailed(N_("Cakupan kotak tugas tidak dikenal."), {"scope": N_("harus 'mine' atau 'queue'")})
    page = max(1, filters.page)
    per_page = min(max(1, filters.per_page), 200)
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        now = db.clock.now()
        base = (
            select(Task, Case.reference, Case.subject, ProcessDefinition.key, ProcessDefinition.name)
            .join(Case, Task.case_id == Case.id)
            .join(ProcessDefinition, Case.definition_id == ProcessDefinition.id)
            .where(Task.status == TaskStatus.OPEN)
        )
        conditions = []
        if filters.process_key:
            conditions.append(ProcessDefinition.key == filters.process_key)
        if filters.element_id:
            conditions.append(Task.element_id == filters.element_id)
        if filters.overdue:
            conditions.append(Task.due_at < now)
        if filters.due_today:
            conditions.append(Task.due_at < _end_of_local_day(now, db.timezone))
        counts = {
            s: session.scalar(select(func.count()).select_from(Task).where(
                Task.status == TaskStatus.OPEN, _scope_condition(actor, s))) or 0
            for s in ("mine", "queue")
        }
        query = base.where(_scope_condition(actor, scope), *conditions)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        order = {
            "due": (Task.due_at.asc(), Task.id.asc()), "-due": (Task.due_at.desc(), Task.id.desc()),
            "started": (Task.started_at.asc(), Task.id.asc()), "-started": (Task.started_at.desc(), Task.id.desc()),
        }.get(filters.sort, (Task.due_at.asc(), Task.id.asc()))
        rows = session.execute(query.order_by(*order).limit(per_page).offset((page - 1) * per_page)).all()
        return InboxPage(
            scope=scope,
            rows=tuple(_task_row(task, ref, subject, key, name, now) for task, ref, subject, key, name in rows),
            total=total, page=page, per_page=per_page, counts=counts,
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
                  carry_on: bool = False) -> Completion:
    """Complete a step (``_complete_task``); when its workflow raises an error the step is rolled back and the
    case is marked as needing an administrator's attention (``progress.record_attention``).

    ``carry_on``: the person goes on working (the step's page): a next step that is theirs to take too is given
    to them in the same transaction (``Completion.carried_on_task_id``). Without it every new step waits in its
    role's queue.
    """
    try:
        return _complete_task(db, actor_id, task_id, data, carry_on)
    except DefinitionError as error:
        record_attention(db, task_id, actor_id, error)
        raise


def _complete_task(db: Database, actor_id: int, task_id: int, data: dict[str, Any] | None,
                   carry_on: bool) -> Completion:
    """Complete a step with its form data; the case moves on once, whatever races with it.

    The task row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite serializes writers), so of two
    people completing the same step one succeeds and the other is told it is already done. Any
    failure, including in the workflow, rolls the whole step back. Who may complete is
    ``access.may_complete``: the step's role and unit decide, so a holder who lost the role is refused.
    """
    data = dict(data or {})
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        task = _task(session, task_id, lock=True)
        access.may_complete(session, actor, task).enforce()
        case = session.get(Case, task.case_id, with_for_update={"of": Case})
        assert case is not None
        definition = case.definition
        schema = definition.forms.get(task.step.form_path) if task.step.form_path else None
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
        workflow = CaseWorkflow.restore(spec_of(definition), case.workflow_state)
        workflow.complete(task.spiff_task_id, clean)
        now = db.clock.now()
        calendar = office_calendar(session, db.timezone, now)
        task.complete(actor.id, now, clean,
                      standard_working_minutes=calendar.working_minutes_between(task.started_at, task.due_at),
                      actual_working_minutes=calendar.working_minutes_between(task.started_at, now),
                      note=on_behalf_of(task.performer_role_code))
        created = advance(session, db, case, workflow, now, actor.id, calendar)
        carried_on = _carry_on(session, actor, task, created, now) if carry_on else None
        return Completion(task.id, case.id, case.status.value, tuple(t.id for t in created),
                          carried_on.id if carried_on is not None else None)


def _carry_on(session: Session, actor: Actor, done: Task, created: list[Task], now: datetime) -> Task | None:
    """The new step the completer keeps, claimed for them in the same transaction: one of the same role and unit
    as the step just done that they may claim (``access.may_claim``), unless the SOP turned this off."""
    if done.case.definition.sop.get(SAME_PERFORMER_KEY, True) is False:
        return None
    for following in created:
        if (following.role_code, following.unit_id) == (done.role_code, done.unit_id) \
                and access.may_claim(session, actor, following):
            following.claim(actor.id, now)
            return following
    return None
