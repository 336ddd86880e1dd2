"""What every use case needs: the acting user, unit scopes, authorization checks and the event log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import NotAuthenticated, NotAuthorized, NotFound
from engine.models import Case, Event, Role, Task, Unit, User


@dataclass(frozen=True)
class Actor:
    """The user acting in this transaction, with what their unit and roles let them reach."""

    user: User
    roles: frozenset[str]
    supervisor_roles: frozenset[str]
    admin: bool
    # Units whose queues the user serves: their own unit, the units above it and the units below it.
    reachable_unit_ids: frozenset[int]
    # Units the user supervises (if they hold a supervisor role): their unit and every unit below it.
    supervised_unit_ids: frozenset[int]

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def is_supervisor(self) -> bool:
        return bool(self.supervisor_roles)

    def may_work_on(self, task: Task) -> bool:
        return task.role_code in self.roles and task.unit_id in self.reachable_unit_ids

    def supervises(self, unit_id: int) -> bool:
        return self.is_supervisor and unit_id in self.supervised_unit_ids


def load_actor(session: Session, user_id: int | None) -> Actor:
    user = session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active:
        raise NotAuthenticated("Sesi tidak valid; silakan masuk kembali.")
    roles = {r.code: r for r in session.scalars(select(Role).where(Role.code.in_(user.role_codes)))}
    unit = session.get(Unit, user.unit_id)
    assert unit is not None
    below = unit_and_descendant_ids(session, unit)
    above = {int(part) for part in unit.path.strip("/").split("/") if part}
    supervisor_roles = frozenset(code for code, role in roles.items() if role.is_supervisor)
    return Actor(
        user=user,
        roles=frozenset(roles),
        supervisor_roles=supervisor_roles,
        admin=any(role.is_admin for role in roles.values()),
        reachable_unit_ids=frozenset(below | above),
        supervised_unit_ids=frozenset(below) if supervisor_roles else frozenset(),
    )


def unit_and_descendant_ids(session: Session, unit: Unit) -> set[int]:
    return set(session.scalars(select(Unit.id).where(Unit.path.startswith(unit.path))))


def require_admin(actor: Actor) -> None:
    if not actor.admin:
        raise NotAuthorized("Hanya administrator yang boleh melakukan ini.")


def took_part(session: Session, actor: Actor, case: Case) -> bool:
    if case.started_by_id == actor.id:
        return True
    return session.scalar(
        select(Task.id).where(
            Task.case_id == case.id,
            (Task.assignee_id == actor.id) | (Task.completed_by_id == actor.id),
        ).limit(1)
    ) is not None


def may_view_case(session: Session, actor: Actor, case: Case) -> bool:
    """Supervisors of the case's unit, people who took part, and whoever may act on one of its open steps."""
    if actor.supervises(case.unit_id) or took_part(session, actor, case):
        return True
    open_tasks = session.scalars(select(Task).where(Task.case_id == case.id, Task.status == "open"))
    return any(actor.may_work_on(task) for task in open_tasks)


def get_visible_case(session: Session, actor: Actor, case_id: int, *, lock: bool = False) -> Case:
    case = session.get(Case, case_id, with_for_update={"of": Case} if lock else None)
    if case is None:
        raise NotFound(f"Kasus {case_id} tidak ditemukan.")
    if not may_view_case(session, actor, case):
        raise NotAuthorized("Kasus ini berada di luar peran atau unit Anda.")
    return case


def record_event(
    session: Session,
    *,
    kind: str,
    at: datetime,
    actor_id: int | None,
    case_id: int | None = None,
    task_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> Event:
    event = Event(kind=kind, at=at, actor_id=actor_id, case_id=case_id, task_id=task_id, payload=payload or {})
    session.add(event)
    return event
