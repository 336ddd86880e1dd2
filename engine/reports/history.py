"""A case's history from its task rows and event log: who held each step, actual against standard working
time, the overdue periods, and each event in words.

Pure: the report use case (:func:`engine.services.reports.case_history`) reads the rows and calls these.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from engine.labels import N_, Phrase, event_label
from engine.models import Event, ProcessStep, Task, TaskStatus
from engine.reports.model import FileRecord, HistoryStep, Holding, OverduePeriod, TimelineEntry
from engine.reports.text import labelled, local_datetime
from engine.timekeeping.duration_words import standard_time_text
from engine.timekeeping.working_time import OfficeCalendar


def _holding(person: str, since: datetime, how: Phrase) -> Holding:
    return Holding(person, since, None, str(how), how)


def history_step(number: int, task: Task, step: ProcessStep | None, forms: dict[str, Any], events: list[Event],
                  names: dict[int, str], calendar: OfficeCalendar, now: datetime,
                  files: list[FileRecord]) -> HistoryStep:
    """One activation of a step: its holders in turn, its working times, its overdue period, data and files."""
    holders: list[Holding] = []

    def release(at: datetime) -> None:
        if holders and holders[-1].until is None:
            last = holders[-1]
            holders[-1] = replace(last, until=at)

    cancelled_at = flagged_at = None
    reminders = 0
    for e in events:
        if e.kind == "task_claimed":
            release(e.at)
            holders.append(_holding(names.get(e.actor_id or 0, "?"), e.at, Phrase(N_("mengambil dari antrean"))))
        elif e.kind == "task_unclaimed":
            release(e.at)
        elif e.kind == "task_reassigned":
            release(e.at)
            reason = str(e.payload.get("reason") or "").strip()
            by = names.get(e.actor_id or 0, "?")
            how = (Phrase(N_("dialihkan oleh %(by)s: %(reason)s"), {"by": by, "reason": reason}) if reason
                   else Phrase(N_("dialihkan oleh %(by)s"), {"by": by}))
            holders.append(_holding(names.get(e.payload.get("to_user_id") or 0, "?"), e.at, how))
        elif e.kind in ("task_completed", "task_cancelled"):
            release(e.at)
            if e.kind == "task_cancelled":
                cancelled_at = e.at
        elif e.kind == "task_overdue" and flagged_at is None:
            flagged_at = e.at
        elif e.kind == "task_reminded":
            reminders += 1
    end = task.completed_at or cancelled_at
    standard = task.standard_working_minutes
    if standard is None:
        standard = calendar.working_minutes_between(task.started_at, task.due_at)
    actual = task.actual_working_minutes
    if actual is None:
        actual = calendar.working_minutes_between(task.started_at, end or now)
    overdue = None
    if flagged_at is not None or (end or now) > task.due_at:
        overdue = OverduePeriod(flagged_at or task.due_at, end,
                                calendar.working_minutes_between(task.due_at, end or now))
    schema = forms.get(step.form_path) if step is not None and step.form_path else None
    standard_text = standard_time_text(step.standard_duration, step.standard_time_text) if step is not None else ""
    return HistoryStep(
        number=number, task_id=task.id, element_id=task.element_id, name=task.step_name, role_code=task.role_code,
        status=task.status.value, holder=names.get(task.assignee_id) if task.assignee_id else None,
        holders=tuple(holders), started_at=task.started_at, claimed_at=holders[0].since if holders else task.claimed_at,
        due_at=task.due_at, completed_at=task.completed_at,
        completed_by=names.get(task.completed_by_id) if task.completed_by_id else None,
        cancelled_at=cancelled_at, standard_text=standard_text, standard_minutes=standard, actual_minutes=actual,
        finished_late=bool(task.finished_late), is_overdue_now=task.status == TaskStatus.OPEN and now > task.due_at,
        overdue=overdue, reminders=reminders, escalation_level=task.escalation_level,
        data=labelled(schema, task.data), files=tuple(files),
    )


def timeline_entry(e: Event, names: dict[int, str], step_names: dict[int, str], timezone: str) -> TimelineEntry:
    """One event of the log as the history shows it: its words, who, which step and the detail that matters."""
    payload = e.payload or {}
    detail = ""
    if e.kind == "task_created" and payload.get("due_at"):
        detail = f"batas waktu {local_datetime(datetime.fromisoformat(payload['due_at']), timezone)}"
    elif e.kind == "task_reassigned":
        source = names.get(payload.get("from_user_id") or 0, "antrean")
        detail = f"dari {source} kepada {names.get(payload.get('to_user_id') or 0, '?')}"
        if payload.get("reason"):
            detail += f"; alasan: {payload['reason']}"
    elif e.kind == "task_unclaimed" and payload.get("from_user_id"):
        detail = f"dilepas dari {names.get(payload['from_user_id'], '?')}"
    elif e.kind == "task_completed" and payload.get("late"):
        detail = "melewati batas waktu"
    elif e.kind == "task_escalated":
        detail = f"tingkat {payload.get('level', '?')}"
    elif e.kind == "case_cancelled":
        detail = str(payload.get("reason") or "")
    elif e.kind == "case_completed" and payload.get("outcome"):
        detail = f"hasil: {payload['outcome']}"
    elif e.kind == "comment_added":
        detail = str(payload.get("excerpt") or "")
    elif e.kind in ("attachment_added", "attachment_removed"):
        detail = str(payload.get("filename") or "")
    step = step_names.get(e.task_id) if e.task_id is not None else None
    return TimelineEntry(e.at, e.kind, event_label(e.kind),
                         names.get(e.actor_id) if e.actor_id else None, step, detail)
