"""Who may be given a step, which cases a person may see, and the admin's lookups.

Small reads and guarded actions the web pages need beyond the core use cases; each checks its actor itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import exists, func, or_, select

from engine import access
from engine.access import load_actor, require_admin
from engine.db import Database
from engine.errors import NotFound, ValidationFailed
from engine.models import Case, CaseStatus, ProcessDefinition, Role, Task, TaskStatus, Unit, User, UserRole
from engine.phrases import N_
from engine.services.common import capped_count, page_count
from engine.services.definitions import ProcessInfo, SyncResult, list_processes, sync_processes


@dataclass(frozen=True)
class Assignee:
    id: int
    username: str
    full_name: str
    unit_name: str
    open_tasks: int
    is_current: bool


def eligible_assignees(db: Database, actor_id: int, task_id: int) -> list[Assignee]:
    """Active people who may work on the step (its role, in a unit that reaches it), for its supervisor.

    Each comes with their number of open steps, so work can be handed to whoever has the least.
    """
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound(N_("Tugas %(task)s tidak ditemukan."), task=task_id)
        access.may_reassign(session, actor, task).enforce()
        task_unit = session.get(Unit, task.unit_id)
        assert task_unit is not None
        people = session.execute(
            select(User, Unit)
            .join(Unit, User.unit_id == Unit.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(access.people_who_may_work_on(task.role_code, task_unit))
            .order_by(User.full_name)
        ).all()
        load = dict(session.execute(
            select(Task.assignee_id, func.count()).where(
                Task.status == TaskStatus.OPEN, Task.assignee_id.in_([u.id for u, _ in people] or [0]))
            .group_by(Task.assignee_id)
        ).all())
        return [Assignee(user.id, user.username, user.full_name, unit.name, load.get(user.id, 0),
                         user.id == task.assignee_id) for user, unit in people]


CaseFilter = Literal["active", "completed", "cancelled", "all"]


@dataclass(frozen=True)
class CaseRow:
    id: int
    reference: str
    subject: str | None
    process_key: str
    process_name: str
    status: str
    outcome: str | None
    started_at: datetime
    completed_at: datetime | None
    open_steps: tuple[str, ...]
    is_overdue: bool


@dataclass(frozen=True)
class CasePage:
    rows: tuple[CaseRow, ...]
    total: int
    page: int
    per_page: int
    counts: dict[str, int]
    #: The statuses whose count stopped at ``COUNT_CAP`` (shown as "1000+"); "all" too when one of them did.
    counts_capped: frozenset[str] = frozenset()
    total_capped: bool = False

    @property
    def pages(self) -> int:
        pages = page_count(self.total, self.per_page)
        return max(pages, self.page + 1) if self.total_capped and len(self.rows) == self.per_page else pages


def visible_cases(db: Database, actor_id: int, status: CaseFilter = "active", *, process_key: str | None = None,
                  query: str = "", overdue: bool = False, page: int = 1, per_page: int = 25) -> CasePage:
    """The cases a person may open (``access.visible_cases``: the rule of ``may_view_case`` as SQL), newest first.

    Supervisors see their units' cases (the Kadis: the whole office); others the cases they took part in
    or may act on. ``query`` matches the reference or the subject; ``overdue`` keeps cases with a late open step,
    which is how a supervisor finds the steps to chase or reassign.
    """
    if status not in ("active", "completed", "cancelled", "all"):
        raise ValidationFailed(N_("Status kasus tidak dikenal."),
                               {"status": N_("harus active, completed, cancelled atau all")})
    page, per_page = max(1, page), min(max(1, per_page), 200)
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        now = db.clock.now()
        base = (select(Case, ProcessDefinition.key, ProcessDefinition.name)
                .join(ProcessDefinition, Case.definition_id == ProcessDefinition.id)
                .where(access.visible_cases(actor)))
        if process_key:
            base = base.where(ProcessDefinition.key == process_key)
        text = query.strip()[:100]
        if text:
            # autoescape: a typed % or _ is that character, not a LIKE wildcard
            base = base.where(or_(func.lower(Case.reference).contains(text.lower(), autoescape=True),
                                  func.lower(Case.subject).contains(text.lower(), autoescape=True)))
        if overdue:
            late = exists().where(Task.case_id == Case.id, Task.status == TaskStatus.OPEN, Task.due_at < now)
            base = base.where(late)
        counted = {value.value: capped_count(session, base.where(Case.status == value)) for value in CaseStatus}
        counts = {key: number for key, (number, _) in counted.items()}
        counts["all"] = sum(counts.values())
        capped = {key for key, (_, more) in counted.items() if more}
        if capped:
            capped.add("all")
        filtered = base if status == "all" else base.where(Case.status == CaseStatus(status))
        rows = session.execute(filtered.order_by(Case.started_at.desc(), Case.id.desc())
                               .limit(per_page).offset((page - 1) * per_page)).all()
        ids = [case.id for case, _, _ in rows]
        open_tasks: dict[int, list[Task]] = {}
        for task in session.scalars(select(Task).where(Task.case_id.in_(ids or [0]), Task.status == TaskStatus.OPEN)
                                    .order_by(Task.id)):
            open_tasks.setdefault(task.case_id, []).append(task)
        return CasePage(
            rows=tuple(
                CaseRow(id=case.id, reference=case.reference, subject=case.subject, process_key=key,
                        process_name=name, status=case.status.value, outcome=case.outcome,
                        started_at=case.started_at, completed_at=case.completed_at,
                        open_steps=tuple(t.step_name for t in open_tasks.get(case.id, [])),
                        is_overdue=any(now > t.due_at for t in open_tasks.get(case.id, [])))
                for case, key, name in rows
            ),
            total=counts[status], page=page, per_page=per_page, counts=counts, counts_capped=frozenset(capped),
            total_capped=status in capped,
        )


@dataclass(frozen=True)
class RoleChoice:
    code: str
    name: str


@dataclass(frozen=True)
class UnitChoice:
    code: str
    name: str
    depth: int


@dataclass(frozen=True)
class AdminChoices:
    roles: tuple[RoleChoice, ...]
    units: tuple[UnitChoice, ...]


def admin_choices(db: Database, actor_id: int) -> AdminChoices:
    """The roles and units a new user may be given, units in tree order, for the admin's form."""
    with db.transaction(write=False) as session:
        require_admin(load_actor(session, actor_id))
        roles = tuple(RoleChoice(r.code, r.name) for r in session.scalars(select(Role).where(
            Role.is_external.is_(False)).order_by(
            Role.is_admin, Role.escalation_rank.is_not(None), Role.escalation_rank, Role.name)))
        units = session.scalars(select(Unit)).all()
        by_id = {unit.id: unit for unit in units}

        def sort_key(unit: Unit) -> list[str]:
            return [by_id[int(part)].name for part in unit.path.strip("/").split("/") if part and int(part) in by_id]

        ordered = sorted(units, key=sort_key)
        return AdminChoices(roles, tuple(UnitChoice(u.code, u.name, u.path.count("/") - 2) for u in ordered))


def process_versions(db: Database, actor_id: int) -> list[ProcessInfo]:
    """Every registered version of every SOP, for the admin."""
    with db.transaction(write=False) as session:
        require_admin(load_actor(session, actor_id))
    return list_processes(db, include_all_versions=True)


def reload_processes(db: Database, actor_id: int, path: Path) -> list[SyncResult]:
    """An admin registers the SOP folders again (all or nothing; see ``sync_processes``)."""
    with db.transaction(write=False) as session:
        require_admin(load_actor(session, actor_id))
    return sync_processes(db, path)
