"""A case's history as the office files it, built from the event log and the task rows."""

from __future__ import annotations

from sqlalchemy import select

from engine.db import Database
from engine.models import Attachment, Comment, Event, Task
from engine.reports.history import history_step, timeline_entry
from engine.reports.model import CaseHistory, CommentRecord, FileRecord, sop_identity
from engine.reports.text import labelled
from engine.services.common import get_visible_case, load_actor, user_names
from engine.services.office_calendar import office_calendar
from engine.timekeeping.deadlines import working_day_minutes


def case_history(db: Database, actor_id: int, case_id: int) -> CaseHistory:
    """A case from start to end as the office files it: every step with who held it and when, actual against
    standard working time, the overdue periods, each step's data and files, the comments and the full log.

    Built from the event log and the task rows; visible to whoever may see the case.
    """
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        case_row = get_visible_case(session, actor, case_id)
        now = db.clock.now()
        definition = case_row.definition
        tasks = session.scalars(select(Task).where(Task.case_id == case_row.id).order_by(Task.id)).all()
        events = session.scalars(select(Event).where(Event.case_id == case_row.id).order_by(Event.id)).all()
        comments = session.execute(
            select(Comment, Task.step_name).outerjoin(Task, Comment.task_id == Task.id)
            .where(Comment.case_id == case_row.id).order_by(Comment.id)).all()
        files = session.scalars(select(Attachment).where(Attachment.case_id == case_row.id)
                                .order_by(Attachment.id)).all()
        people: set[int | None] = {case_row.started_by_id, case_row.cancelled_by_id}
        for e in events:
            people.add(e.actor_id)
            for key in ("from_user_id", "to_user_id"):
                if isinstance(e.payload.get(key), int):
                    people.add(e.payload[key])
        people |= {t.assignee_id for t in tasks} | {t.completed_by_id for t in tasks}
        people |= {c.author_id for c, _ in comments} | {f.uploaded_by_id for f in files}
        names = user_names(session, people)
        calendar = office_calendar(session, db.timezone, case_row.started_at)
        steps_by_id = {s.id: s for s in definition.steps}
        by_task: dict[int, list[Event]] = {}
        for e in events:
            if e.task_id is not None:
                by_task.setdefault(e.task_id, []).append(e)
        files_by_task: dict[int | None, list[FileRecord]] = {}
        for f in files:
            files_by_task.setdefault(f.task_id, []).append(FileRecord(
                f.id, f.filename, f.content_type, f.size, names.get(f.uploaded_by_id, ""), f.uploaded_at,
                f.removed_at))
        steps = tuple(
            history_step(number, task, steps_by_id.get(task.step_id), definition.forms, by_task.get(task.id, []),
                          names, calendar, now, files_by_task.get(task.id, []))
            for number, task in enumerate(tasks, start=1)
        )
        step_names = {t.id: t.step_name for t in tasks}
        start_path = ((definition.sop or {}).get("case") or {}).get("start_form")
        return CaseHistory(
            id=case_row.id, reference=case_row.reference, sop=sop_identity(definition),
            unit_name=case_row.unit.name, subject=case_row.subject, status=case_row.status.value,
            outcome=case_row.outcome, started_by=names.get(case_row.started_by_id) if case_row.started_by_id else None,
            started_at=case_row.started_at, completed_at=case_row.completed_at, cancelled_at=case_row.cancelled_at,
            cancelled_by=names.get(case_row.cancelled_by_id) if case_row.cancelled_by_id else None,
            cancel_reason=case_row.cancel_reason,
            start_data=labelled(definition.forms.get(start_path) if start_path else None, case_row.data),
            steps=steps,
            timeline=tuple(timeline_entry(e, names, step_names, db.timezone) for e in events),
            comments=tuple(CommentRecord(c.at, names.get(c.author_id, ""), step, c.body) for c, step in comments),
            case_files=tuple(files_by_task.get(None, [])),
            generated_at=now, timezone=db.timezone, day_minutes=working_day_minutes(calendar),
        )
