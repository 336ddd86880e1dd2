"""The supervisor's view: overdue and due-soon steps of the units I supervise, with how late each is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from engine import access
from engine.access import load_actor
from engine.db import Database, without_parallel_workers
from engine.errors import NotAuthorized
from engine.models import Case, ProcessDefinition, Task, TaskStatus, User
from engine.phrases import N_
from engine.services.office_calendar import office_calendar
from engine.timekeeping.deadlines import is_due_soon

#: Steps due within this window (and past three quarters of their time) count as due soon.
DUE_SOON_WINDOW = timedelta(days=3)


@dataclass(frozen=True)
class LateStep:
    task_id: int
    case_id: int
    case_reference: str
    subject: str | None
    process_key: str
    process_name: str
    element_id: str
    step_name: str
    role_code: str
    assignee_id: int | None
    assignee: str | None
    started_at: datetime
    due_at: datetime
    is_overdue: bool
    late_working_minutes: int
    escalation_level: int


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    overdue: int
    due_soon: int


#: What a board filter may ask of a step's time: late already, or due soon.
BOARD_STATUSES = ("overdue", "due_soon")


@dataclass(frozen=True)
class BoardFilter:
    """Which of the board's steps to list. Every count on the board is the number of steps one of these matches
    (``SupervisionBoard.count``), so a count and the list it opens cannot disagree. Fields left empty match all."""

    status: str | None = None  # one of BOARD_STATUSES
    escalated: bool = False
    unassigned: bool = False
    process_key: str | None = None
    element_id: str | None = None
    role_code: str | None = None
    assignee_id: int | None = None

    def matches(self, step: LateStep) -> bool:
        return ((self.status is None or (self.status == "overdue") == step.is_overdue)
                and (not self.escalated or step.escalation_level > 0)
                and (not self.unassigned or step.assignee_id is None)
                and self.process_key in (None, step.process_key)
                and self.element_id in (None, step.element_id)
                and self.role_code in (None, step.role_code)
                and self.assignee_id in (None, step.assignee_id))

    @property
    def is_active(self) -> bool:
        return self != BoardFilter()


@dataclass(frozen=True)
class SupervisionBoard:
    steps: tuple[LateStep, ...]
    by_process: tuple[Group, ...]
    by_step: tuple[Group, ...]
    by_role: tuple[Group, ...]
    by_person: tuple[Group, ...]
    totals: dict[str, int] = field(default_factory=dict)

    def listed(self, only: BoardFilter) -> tuple[LateStep, ...]:
        """The steps ``only`` matches, in the board's order (most late first)."""
        return tuple(step for step in self.steps if only.matches(step))

    def count(self, only: BoardFilter) -> int:
        """How many steps ``only`` lists: the number a count on the board shows."""
        return sum(only.matches(step) for step in self.steps)


def supervision_board(db: Database, actor_id: int) -> SupervisionBoard:
    """Overdue and due-soon open steps of my units, most late first, grouped four ways.

    Read from the index on (status, unit, due time): one range per unit I supervise, up to the due-soon window,
    so the board costs what is late or nearly so, never the open work that is on time.
    """
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        if not actor.is_supervisor:
            raise NotAuthorized(N_("Halaman ini untuk atasan (Kepala Seksi, Kepala Bidang, Sekretaris, Kadis)."))
        now = db.clock.now()
        without_parallel_workers(session)
        rows = session.execute(
            select(Task, Case.reference, Case.subject, ProcessDefinition.key, ProcessDefinition.name)
            .join(Case, Task.case_id == Case.id)
            .join(ProcessDefinition, Case.definition_id == ProcessDefinition.id)
            .where(Task.status == TaskStatus.OPEN, access.supervised_tasks(actor),
                   Task.due_at < now + DUE_SOON_WINDOW)
            .order_by(Task.due_at, Task.id)
        ).all()
        calendar = office_calendar(session, db.timezone, now)
        holders = dict(session.execute(select(User.id, User.full_name).where(  # names only: not the User's roles
            User.id.in_({t.assignee_id for t, *_ in rows if t.assignee_id}))).all())
        steps = []
        for task, reference, subject, key, name in rows:
            overdue = now > task.due_at
            if not overdue and not is_due_soon(task.started_at, task.due_at, now):
                continue
            steps.append(LateStep(
                task_id=task.id, case_id=task.case_id, case_reference=reference, subject=subject, process_key=key,
                process_name=name, element_id=task.element_id, step_name=task.step_name, role_code=task.role_code,
                assignee_id=task.assignee_id, assignee=holders.get(task.assignee_id), started_at=task.started_at,
                due_at=task.due_at, is_overdue=overdue,
                late_working_minutes=calendar.working_minutes_between(task.due_at, now) if overdue else 0,
                escalation_level=task.escalation_level,
            ))
        steps.sort(key=lambda s: (-s.late_working_minutes, s.due_at))
        return SupervisionBoard(
            steps=tuple(steps),
            by_process=_group(steps, lambda s: (s.process_key, s.process_name)),
            by_step=_group(steps, lambda s: (f"{s.process_key}/{s.element_id}", f"{s.process_name}: {s.step_name}")),
            by_role=_group(steps, lambda s: (s.role_code, s.role_code)),
            by_person=_group(steps, lambda s: (str(s.assignee_id or ""), s.assignee or "Belum diambil")),
            totals={"overdue": sum(s.is_overdue for s in steps), "due_soon": sum(not s.is_overdue for s in steps)},
        )


def _group(steps: list[LateStep], key_of) -> tuple[Group, ...]:  # type: ignore[no-untyped-def]
    groups: dict[str, list] = {}
    labels: dict[str, str] = {}
    for step in steps:
        key, label = key_of(step)
        groups.setdefault(key, []).append(step)
        labels[key] = label
    result = [Group(key=k, label=labels[k], overdue=sum(s.is_overdue for s in v),
                    due_soon=sum(not s.is_overdue for s in v)) for k, v in groups.items()]
    return tuple(sorted(result, key=lambda g: (-g.overdue, -g.due_soon, g.label)))
