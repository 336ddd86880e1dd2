"""The scheduler's pass: flag overdue steps, remind holders, escalate, start routine SOPs, send email (notices to
staff, the survey's invitation to applicants).

Each sweep is a pure function of the database and the given moment, safe to run again, and safe to run
in two processes at once: due rows are handled a batch per transaction, picked with ``FOR UPDATE SKIP
LOCKED`` on PostgreSQL (SQLite serializes writers) and changed with a conditional update, and every
notice has a unique dedupe key. The database decides what was done, never process memory. A failure on
one row is logged and the sweep carries on (the batch is tried again row by row); the row is retried on the
next pass.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.db import Database
from engine.errors import AlurError
from engine.mailer import Mailer, OutgoingMail
from engine.models import (
    Case,
    CaseStatus,
    EventKind,
    Notification,
    ProcessDefinition,
    RecurringRun,
    Task,
    TaskStatus,
    User,
)
from engine.phrases import N_, Phrase, When
from engine.scheduler.applicant_mail import deliver_applicant_mails
from engine.scheduler.batch import SweepBatch
from engine.scheduler.outbox import EMAIL_MAX_ATTEMPTS as EMAIL_MAX_ATTEMPTS
from engine.scheduler.outbox import EMAIL_RECLAIM_AFTER as EMAIL_RECLAIM_AFTER
from engine.scheduler.outbox import EMAIL_RETRY_AFTER as EMAIL_RETRY_AFTER
from engine.scheduler.outbox import send_outbox
from engine.services.cases import start_case_for_schedule
from engine.services.common import record_event
from engine.services.process_versions import bring_due_versions_into_force
from engine.timekeeping.deadlines import due_time_words, escalation_time, escalation_words, lateness_at
from engine.timekeeping.durations import parse_iso8601, parse_recurrence
from engine.timekeeping.working_time import OfficeCalendar

log = logging.getLogger("alur.scheduler")


@dataclass(frozen=True)
class SchedulerPolicy:
    """How the office wants late steps handled."""

    #: Escalation levels: level k goes to the k-th supervisor rank above the step's unit (e.g. Kepala
    #: Bidang, then Sekretaris), when the step is late by ``k * escalation_factor`` of its standard time.
    max_escalation_levels: int = 2
    escalation_factor: float = 1.0
    send_email: bool = True


@dataclass
class PassReport:
    flagged: int = 0
    reminded: int = 0
    escalated: int = 0
    recurring_started: int = 0
    emails_sent: int = 0
    #: The Survei Kepuasan Masyarakat's invitations emailed to applicants of finished public cases.
    invitations_sent: int = 0
    versions_in_force: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"flagged": self.flagged, "reminded": self.reminded, "escalated": self.escalated,
                "recurring_started": self.recurring_started, "emails_sent": self.emails_sent,
                "invitations_sent": self.invitations_sent,
                "versions_in_force": self.versions_in_force,
                "errors": len(self.errors)}


def run_pass(db: Database, now: datetime, *, policy: SchedulerPolicy | None = None,
             mailer: Mailer | None = None, public_url: str | None = None) -> PassReport:
    """One full pass at ``now``: what a scheduler does every minute, and what ``--once`` does. With a ``mailer``
    it emails notices and the applicants' survey invitations, whose links start with ``public_url``
    (``ALUR_PUBLIC_URL``; None: the invitations are not sent)."""
    policy = policy or SchedulerPolicy()
    report = PassReport()
    # Approved SOP versions whose Tanggal Efektif has come, before routines start on them.
    report.versions_in_force = bring_due_versions_into_force(db, now, report.errors)
    report.recurring_started = start_recurring_cases(db, now, report)
    report.flagged = flag_overdue(db, now, policy, report)
    report.reminded = send_reminders(db, now, policy, report)
    report.escalated = escalate(db, now, policy, report)
    if mailer is not None:
        report.emails_sent = deliver_emails(db, mailer, now, report)
        report.invitations_sent = deliver_applicant_mails(db, mailer, now, report.errors, public_url)
    return report


#: Due steps handled in one transaction: their conditional updates, one multi-row INSERT of events and one of notices.
SWEEP_BATCH = 100
def _sweep(db: Database, report: PassReport, column: Any, now: datetime,
           handle: Callable[[SweepBatch], int], what: str, policy: SchedulerPolicy) -> int:
    """Handle the rows whose timer ``column`` is due, a batch of them per transaction.

    A batch is picked with ``FOR UPDATE SKIP LOCKED`` (another scheduler takes the next batch), decided by the
    handler's conditional update, and written with one INSERT of events and one of notices. A batch that fails
    is rolled back and its rows are tried one per transaction, so a failing row waits a pass and the others go on.
    """
    done = 0
    failed: set[int] = set()
    while True:
        picked: list[int] = []
        try:
            with db.transaction() as session:
                tasks = _due(session, column, now, failed, SWEEP_BATCH)
                if not tasks:
                    return done
                picked = [t.id for t in tasks]
                done += _handle(session, db, policy, now, tasks, handle)
        except Exception as error:  # one of the batch's rows: find it, row by row
            log.warning("%s: a batch of %d failed (%s); its rows are tried one by one", what, len(picked), error)
            if not picked:
                log.exception("%s failed", what)
                report.errors.append(f"{what}: {error}")
                return done
            for task_id in picked:
                try:
                    with db.transaction() as session:
                        tasks = _due(session, column, now, failed, 1, only=task_id)
                        if tasks:
                            done += _handle(session, db, policy, now, tasks, handle)
                except Exception as row_error:
                    log.exception("%s failed for task %s", what, task_id)
                    report.errors.append(f"{what} task {task_id}: {row_error}")
                    failed.add(task_id)


def _due(session: Session, column: Any, now: datetime, failed: set[int], limit: int,
         only: int | None = None) -> list[Task]:
    query = select(Task).where(column <= now, Task.status == TaskStatus.OPEN)
    # A suspended case waits: its steps are not flagged, reminded or escalated until it resumes.
    query = query.where(Task.case_id.not_in(select(Case.id).where(Case.status == CaseStatus.SUSPENDED)))
    if failed:
        query = query.where(Task.id.not_in(failed))
    if only is not None:
        query = query.where(Task.id == only)
    return list(session.scalars(query.order_by(column, Task.id).limit(limit)
                                .with_for_update(skip_locked=True, of=Task)))


def _handle(session: Session, db: Database, policy: SchedulerPolicy, now: datetime, tasks: list[Task],
            handle: Callable[[SweepBatch], int]) -> int:
    batch = SweepBatch(session, db, now, tasks, send_email=policy.send_email)
    handled = handle(batch)
    batch.write_notices()
    return handled


def flag_overdue(db: Database, now: datetime, policy: SchedulerPolicy, report: PassReport) -> int:
    """Mark each step past its due time once: an event and one notice to whoever should act."""

    def handle(batch: SweepBatch) -> int:
        following = {t.id: _escalation_time(t, 1, batch.calendar, policy) for t in batch.tasks}
        claimed = batch.claim(Task.flag_overdue_at.is_not(None) & (Task.flag_overdue_at <= now),
                              flag_overdue_at=None, overdue_flagged_at=now, next_escalation_at=following)
        for task in batch.tasks:
            if task.id not in claimed:
                continue
            case = batch.case_of(task)
            record_event(batch.session, kind=EventKind.TASK_OVERDUE, at=now, actor_id=None, case_id=case.id,
                         task_id=task.id, payload={"step": task.step_name, "due_at": task.due_at.isoformat()})
            late = lateness_at(task.due_at, now, batch.calendar)
            title = Phrase(N_("Terlambat: %(step)s (%(case)s)"), _names(task, case))
            body = Phrase(N_("Langkah '%(step)s' pada kasus %(case)s %(subject)smelewati waktu standar sejak "
                             "%(due)s (%(late)s)."),
                          {**_names(task, case), "due": _local(task.due_at, db.timezone), "late": late})
            for user in batch.people_who_act(task):
                batch.notify(user, kind="overdue", task=task, case=case, title=title, body=body)
        return len(claimed)

    return _sweep(db, report, Task.flag_overdue_at, now, handle, "flag_overdue", policy)


def send_reminders(db: Database, now: datetime, policy: SchedulerPolicy, report: PassReport) -> int:
    """Remind whoever holds a step (or may take it) once most of its standard time has passed."""

    def handle(batch: SweepBatch) -> int:
        claimed = batch.claim(Task.remind_at.is_not(None) & (Task.remind_at <= now),
                              remind_at=None, reminder_sent_at=now)
        reminded = 0
        for task in batch.tasks:
            if task.id not in claimed or now >= task.due_at:  # too late for a reminder: the overdue notice says it
                continue
            case = batch.case_of(task)
            record_event(batch.session, kind=EventKind.TASK_REMINDED, at=now, actor_id=None, case_id=case.id,
                         task_id=task.id, payload={"step": task.step_name, "due_at": task.due_at.isoformat()})
            title = Phrase(N_("Segera jatuh tempo: %(step)s (%(case)s)"), _names(task, case))
            body = Phrase(N_("Langkah '%(step)s' pada kasus %(case)s %(subject)s%(due)s."),
                          {**_names(task, case), "due": due_time_words(task.due_at, now, db.timezone)})
            for user in batch.people_who_act(task):
                batch.notify(user, kind="reminder", task=task, case=case, title=title, body=body)
            reminded += 1
        return reminded

    return _sweep(db, report, Task.remind_at, now, handle, "send_reminders", policy)


def escalate(db: Database, now: datetime, policy: SchedulerPolicy, report: PassReport) -> int:
    """Tell the next supervisor rank above the step's unit, once per level, while the step stays late."""

    def handle(batch: SweepBatch) -> int:
        levels = {t.id: t.escalation_level + 1 for t in batch.tasks}
        following = {}
        for task in batch.tasks:
            level, ranks = levels[task.id], batch.supervisor_ranks(task.unit_id)
            following[task.id] = _escalation_time(task, level + 1, batch.calendar, policy) if level < min(
                policy.max_escalation_levels, len(ranks)) else None
        claimed = batch.claim(
            Task.next_escalation_at.is_not(None) & (Task.next_escalation_at <= now)
            & (Task.escalation_level == case(*((Task.id == t.id, t.escalation_level) for t in batch.tasks))),
            escalation_level=levels, next_escalation_at=following)
        escalated = 0
        for task in batch.tasks:
            level, ranks = levels[task.id], batch.supervisor_ranks(task.unit_id)
            if task.id not in claimed or level > len(ranks):
                continue
            case_row = batch.case_of(task)
            role_code, supervisors = ranks[level - 1]
            record_event(batch.session, kind=EventKind.TASK_ESCALATED, at=now, actor_id=None, case_id=case_row.id,
                         task_id=task.id, payload={"step": task.step_name, "level": level, "role": role_code,
                                                   "to_user_ids": [u.id for u in supervisors]})
            late = lateness_at(task.due_at, now, batch.calendar)
            holder = batch.session.get(User, task.assignee_id) if task.assignee_id else None
            held = (Phrase(N_("dipegang oleh %(name)s"), {"name": holder.full_name}) if holder
                    else Phrase(N_("belum diambil siapa pun")))
            title = Phrase(N_("%(level)s: %(step)s (%(case)s)"),
                           {**_names(task, case_row), "level": escalation_words(level)})
            body = Phrase(N_("Langkah '%(step)s' pada kasus %(case)s %(subject)s%(late)s; %(holder)s."),
                          {**_names(task, case_row), "late": late, "holder": held})
            for user in supervisors:
                batch.notify(user, kind="escalation", task=task, case=case_row,
                             dedupe=f"escalation:{task.id}:{level}:{user.id}", title=title, body=body)
            escalated += 1
        return escalated

    return _sweep(db, report, Task.next_escalation_at, now, handle, "escalate", policy)


def _escalation_time(task: Task, level: int, calendar: OfficeCalendar, policy: SchedulerPolicy) -> datetime | None:
    standard = parse_iso8601(task.step.standard_duration, basis=task.step.time_basis)
    return escalation_time(task.due_at, standard, level, calendar, max_levels=policy.max_escalation_levels,
                           factor=policy.escalation_factor)


def _names(task: Task, case: Case) -> dict[str, str]:
    """What every notice about a step names: the step, the case's reference and its subject ("(PT Maju) ")."""
    return {"step": task.step_name, "case": case.reference, "subject": f"({case.subject}) " if case.subject else ""}


def _local(moment: datetime, timezone: str) -> When:
    return When(moment.astimezone(ZoneInfo(timezone)))


def start_recurring_cases(db: Database, now: datetime, report: PassReport) -> int:
    """Start each routine SOP once per occurrence of its schedule, catching up after downtime."""
    started = 0
    with db.transaction(write=False) as session:
        routines = session.execute(
            select(ProcessDefinition.key, ProcessDefinition.recurrence)
            .where(ProcessDefinition.is_latest, ProcessDefinition.recurrence.is_not(None))
        ).all()
    for key, interval in routines:
        try:
            rule = parse_recurrence(interval)
        except AlurError as error:
            report.errors.append(f"recurrence {key}: {error.message}")
            continue
        with db.transaction(write=False) as session:
            since = _recurrence_since(session, key)
        for occurrence in rule.occurrences_between(since, now):
            try:
                with db.transaction() as session:
                    if _start_occurrence(session, db, key, occurrence, now):
                        started += 1
            except Exception as error:
                log.exception("recurring start %s at %s failed", key, occurrence)
                report.errors.append(f"recurring {key} {occurrence.isoformat()}: {error}")
                _record_failed_occurrence(db, key, occurrence, now, str(error))
    return started


def _recurrence_since(session: Session, key: str) -> datetime:
    """After the last occurrence handled, or since the SOP first took effect (a draft waits for no occurrence)."""
    last = session.scalar(select(func.max(RecurringRun.occurrence_at)).where(RecurringRun.process_key == key))
    if last is not None:
        return last
    first = session.scalar(select(func.coalesce(func.min(ProcessDefinition.took_effect_at),
                                                func.min(ProcessDefinition.created_at)))
                           .where(ProcessDefinition.key == key))
    assert first is not None
    return first - timedelta(microseconds=1)


def _start_occurrence(session: Session, db: Database, key: str, occurrence: datetime, now: datetime) -> bool:
    try:
        with session.begin_nested():
            run = RecurringRun(process_key=key, occurrence_at=occurrence, created_at=now)
            session.add(run)
            session.flush()
    except IntegrityError:
        return False  # another scheduler took this occurrence
    case = start_case_for_schedule(session, db, key, occurrence, now)
    run.case_id = case.id
    return True


def _record_failed_occurrence(db: Database, key: str, occurrence: datetime, now: datetime, error: str) -> None:
    try:
        with db.transaction() as session:
            session.add(RecurringRun(process_key=key, occurrence_at=occurrence, created_at=now, error=error[:2000]))
    except Exception:  # noqa: BLE001 - another scheduler recorded it
        log.info("failed occurrence %s %s already recorded", key, occurrence)


def deliver_emails(db: Database, mailer: Mailer, now: datetime, report: PassReport, *, batch: int = 100) -> int:
    """Send pending notices by email: claim, send, mark; a sender that died is retried later."""

    def compose(session: Session, notice: Notification) -> OutgoingMail:
        user = session.get(User, notice.user_id)
        return OutgoingMail(to=(user.email if user else None) or "", subject=notice.title, body=notice.body,
                            message_id=f"<alur-notice-{notice.id}@{mailer.domain}>")

    return send_outbox(db, mailer, now, report.errors, Notification, compose, "email", batch=batch)
