"""What every report use case shares: who may run it, which units and SOPs it covers, names of people.

Who sees what: the Kadis and the Sekretaris see their whole office (their unit and below), a Kepala Bidang
their division and below, other staff only the cases they took part in. Compliance, registers and
monitoring are for supervisors only, over the units they supervise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from engine.access import Actor, load_actor, unit_and_descendant_ids
from engine.db import Database
from engine.errors import NotAuthorized, NotFound, ValidationFailed
from engine.models import ProcessDefinition, ProcessStep, Task, Unit
from engine.phrases import N_, Phrase
from engine.reports.model import Choice, ReportChoices


def report_choices(db: Database, actor_id: int, *, supervisors_only: bool = False) -> ReportChoices:
    """The SOPs and units a person may pick in the report forms (units only for supervisors).

    ``supervisors_only`` refuses anyone else, for the forms of reports only supervisors may run.
    """
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        if supervisors_only:
            require_supervisor(actor)
        return choices(session, actor)


def choices(session: Session, actor: Actor) -> ReportChoices:
    """The SOPs of the units a person reaches (supervises), and the units a supervisor may pick."""
    scope = actor.supervised_unit_ids if actor.is_supervisor else actor.reachable_unit_ids
    processes = session.execute(
        select(ProcessDefinition.key, ProcessDefinition.name)
        .where(ProcessDefinition.is_latest, ProcessDefinition.unit_id.in_(scope or {0}))
        .order_by(ProcessDefinition.name)
    ).all()
    units: tuple[Choice, ...] = ()
    if actor.is_supervisor:
        rows = session.scalars(select(Unit).where(Unit.id.in_(actor.supervised_unit_ids))).all()
        by_id = {unit.id: unit for unit in session.scalars(select(Unit))}
        top = min((unit.path.count("/") for unit in rows), default=0)

        def order(unit: Unit) -> list[str]:
            return [by_id[int(p)].name for p in unit.path.strip("/").split("/") if p and int(p) in by_id]

        units = tuple(Choice(u.code, u.name, u.path.count("/") - top) for u in sorted(rows, key=order))
    return ReportChoices(tuple(Choice(key, name) for key, name in processes), units, actor.is_supervisor)


def require_supervisor(actor: Actor) -> None:
    if not actor.is_supervisor:
        raise NotAuthorized(N_("Laporan ini untuk atasan (Kepala Seksi, Kepala Bidang, Sekretaris, Kadis)."))


def unit_by_code(session: Session, code: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise ValidationFailed(N_("Unit tidak dikenal."), {"unit": Phrase(N_("Unit '%(code)s' tidak ditemukan."),
                                                                      {"code": code})})
    return unit


def supervised_scope(session: Session, actor: Actor, unit_code: str | None) -> tuple[set[int], str]:
    """The unit ids a supervisor's report covers (a supervised unit and below, or all they supervise)."""
    if not unit_code:
        unit = session.get(Unit, actor.user.unit_id)
        return set(actor.supervised_unit_ids), unit.name if unit else ""
    unit = unit_by_code(session, unit_code)
    if unit.id not in actor.supervised_unit_ids:
        raise NotAuthorized(N_("Unit '%(name)s' berada di luar unit yang Anda bawahi."), name=unit.name)
    return unit_and_descendant_ids(session, unit) & set(actor.supervised_unit_ids), unit.name


def chunks(values: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def sop_versions(session: Session, process_key: str) -> tuple[ProcessDefinition, list[int], list[int]]:
    """The latest definition of an SOP, the ids of all its versions and of all their steps."""
    latest = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == process_key)
                            .order_by(ProcessDefinition.is_latest.desc(), ProcessDefinition.version.desc()).limit(1))
    if latest is None:
        raise NotFound(N_("Proses '%(process_key)s' tidak ditemukan."), process_key=process_key)
    rows = session.execute(
        select(ProcessDefinition.id, ProcessStep.id)
        .outerjoin(ProcessStep, ProcessStep.definition_id == ProcessDefinition.id)
        .where(ProcessDefinition.key == process_key)
    ).all()
    return latest, sorted({d for d, _ in rows}), sorted({s for _, s in rows if s is not None})


def late_count() -> Any:
    return func.coalesce(func.sum(case((Task.finished_late.is_(True), 1), else_=0)), 0)

