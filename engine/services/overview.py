"""Where each person starts: which home page is theirs, the Kadis's office overview, and which SOPs they may start.

Everything here reads Alur's own indexed tables (cases, tasks, process definitions), never workflow state, and
asks engine.access who the person is: roles are data, so no role code is named here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, distinct, exists, func, select
from sqlalchemy.orm import Session, aliased

from engine import access
from engine.db import Database
from engine.errors import NotAuthorized
from engine.models import Case, CaseStatus, ProcessDefinition, Task, TaskStatus, Unit
from engine.phrases import N_
from engine.services.common import load_actor
from engine.services.definitions import latest_definition, may_start_case
from engine.services.survey_report import IkmFigures, ikm_figures, public_services_in_force

Home = Literal["office", "supervisor", "staff"]


def home_of(db: Database, actor_id: int) -> Home:
    """The page a person lands on: the Kadis the office overview, a supervisor their board, staff their steps."""
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        if access.heads_office(actor):
            return "office"
        return "supervisor" if actor.is_supervisor else "staff"


@dataclass(frozen=True)
class SopFigures:
    """One SOP of the office: cases running, how many of them have a late step, and this month's completions."""

    key: str
    name: str
    running: int
    late: int
    completed: int
    completed_on_standard: int


@dataclass(frozen=True)
class WaitingStep:
    """An open step the Kadis may take (a signature, an approval), held by them or in their queue."""

    task_id: int
    case_id: int
    case_reference: str
    subject: str | None
    process_name: str
    step_name: str
    started_at: datetime
    due_at: datetime
    is_overdue: bool
    held_by_me: bool


@dataclass(frozen=True)
class OfficeOverview:
    unit_name: str
    #: The first moment of this month in the office's zone: "this month's completions" count from it.
    month_start: datetime
    sops: tuple[SopFigures, ...]
    waiting: tuple[WaitingStep, ...]
    #: The Survei Kepuasan Masyarakat of the office's public services this year (None: it serves no applicant).
    ikm: IkmFigures | None = None
    year_start: datetime | None = None

    @property
    def running(self) -> int:
        return sum(s.running for s in self.sops)

    @property
    def late(self) -> int:
        return sum(s.late for s in self.sops)

    @property
    def completed(self) -> int:
        return sum(s.completed for s in self.sops)

    @property
    def completed_on_standard(self) -> int:
        return sum(s.completed_on_standard for s in self.sops)


def office_overview(db: Database, actor_id: int) -> OfficeOverview:
    """The Kadis's first page: per SOP of the office, cases running and late, this month's completions within
    the standard times, and the steps waiting for the Kadis (late first). Refused to anyone else."""
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        if not access.heads_office(actor):
            raise NotAuthorized(N_("Ringkasan kantor hanya untuk Kepala Dinas."))
        now = db.clock.now()
        zone = ZoneInfo(db.timezone)
        local = now.astimezone(zone)
        month_start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        units = actor.supervised_unit_ids or frozenset({0})
        unit = session.get(Unit, actor.user.unit_id)
        return OfficeOverview(
            unit_name=unit.name if unit else "",
            month_start=month_start,
            sops=_sop_figures(session, units, now, month_start.astimezone(now.tzinfo)),
            waiting=_waiting(session, actor, now),
            ikm=_ikm(session, units, local), year_start=local.replace(month=1, day=1, hour=0, minute=0, second=0,
                                                                     microsecond=0),
        )


def _ikm(session: Session, units: frozenset[int], local_now: datetime) -> IkmFigures | None:
    """This year's IKM of the office's public services, with the cases finished and those finished on time."""
    keys = [key for key, d in public_services_in_force(session).items() if d.unit_id in units]
    if not keys:
        return None
    year_start = local_now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    return ikm_figures(session, units, keys, year_start, None)


def _sop_figures(session: Session, units: frozenset[int], now: datetime, since: datetime) -> tuple[SopFigures, ...]:
    per_key = ProcessDefinition.key
    in_office = (Case.unit_id.in_(units),)
    base = select(per_key, func.count(distinct(Case.id))).join(Case, Case.definition_id == ProcessDefinition.id)
    late_step = aliased(Task)
    running = dict(session.execute(base.where(Case.status == CaseStatus.ACTIVE, *in_office).group_by(per_key)).all())
    late = dict(session.execute(base.where(
        Case.status == CaseStatus.ACTIVE, *in_office,
        exists().where(late_step.case_id == Case.id, late_step.status == TaskStatus.OPEN, late_step.due_at < now),
    ).group_by(per_key)).all())
    finished = (Case.status == CaseStatus.COMPLETED, Case.completed_at >= since, *in_office)
    completed = dict(session.execute(base.where(*finished).group_by(per_key)).all())
    on_standard = dict(session.execute(base.where(
        *finished, ~exists().where(and_(late_step.case_id == Case.id, late_step.finished_late.is_(True))),
    ).group_by(per_key)).all())
    names = dict(session.execute(
        select(ProcessDefinition.key, ProcessDefinition.name)
        .where(ProcessDefinition.is_latest, ProcessDefinition.unit_id.in_(units))).all())
    for key in set(running) | set(completed):  # an SOP no longer in force but with cases still counts
        names.setdefault(key, session.scalar(select(ProcessDefinition.name).where(ProcessDefinition.key == key)
                                             .order_by(ProcessDefinition.version.desc()).limit(1)) or key)
    return tuple(
        SopFigures(key, name, running.get(key, 0), late.get(key, 0), completed.get(key, 0), on_standard.get(key, 0))
        for key, name in sorted(names.items(), key=lambda item: item[1].lower())
    )


def _waiting(session: Session, actor: access.Actor, now: datetime) -> tuple[WaitingStep, ...]:
    rows = session.execute(
        select(Task, Case.reference, Case.subject, ProcessDefinition.name)
        .join(Case, Task.case_id == Case.id).join(ProcessDefinition, Case.definition_id == ProcessDefinition.id)
        .where(Task.status == TaskStatus.OPEN, Case.status == CaseStatus.ACTIVE,
               (Task.assignee_id == actor.id) | access.queued_tasks(actor))
        .order_by(Task.due_at.asc(), Task.id.asc()).limit(50)
    ).all()
    return tuple(
        WaitingStep(task.id, task.case_id, reference, subject, process_name, task.step_name,
                    task.started_at, task.due_at, now > task.due_at, task.assignee_id == actor.id)
        for task, reference, subject, process_name in rows
    )


def startable_processes(db: Database, actor_id: int) -> frozenset[str]:
    """Keys of the SOPs in force this person may start a case of (``access.may_start``), for "Mulai kasus"."""
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        definitions = session.scalars(select(ProcessDefinition).where(
            ProcessDefinition.is_latest, ProcessDefinition.unit_id.in_(actor.reachable_unit_ids or {0})))
        return frozenset(d.key for d in definitions if _may_start(session, actor, d))


def require_may_start(db: Database, actor_id: int, process_key: str) -> None:
    """Refuse the start form before anything is typed, with the reason ``start_case`` would give after."""
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        may_start_case(session, actor, latest_definition(session, process_key, None)).enforce()


def _may_start(session: Session, actor: access.Actor, definition: ProcessDefinition) -> bool:
    try:
        may_start_case(session, actor, definition).enforce()
    except NotAuthorized:
        return False
    return True
