"""Moving a case on: after its workflow moved, open a step row for each newly ready step and close the case when
its workflow ended; and when a step's workflow raised an error, mark the case as needing an administrator.

Starting a case, completing a step and repairing a case all move a case on through here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.db import Database
from engine.definitions.roles import on_behalf_of
from engine.errors import AlurError
from engine.models import Case, CaseStatus, EventKind, Task, TaskStatus
from engine.runtime import CaseWorkflow
from engine.services.common import record_event
from engine.services.office_calendar import office_calendar
from engine.timekeeping.deadlines import due_at, reminder_time
from engine.timekeeping.durations import parse_iso8601
from engine.timekeeping.working_time import OfficeCalendar

#: The longest error text kept on a case (the full text is in the event).
MAX_ATTENTION_TEXT = 2000
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
    case.workflow_state = workflow.save()
    return created


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
