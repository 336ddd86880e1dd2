"""The registers the SOPs declare (``registers`` in sop.json), made from the real cases of the units a
supervisor covers.

Which SOP feeds which register, and which of its fields each table lists, is read from the latest
definitions; this module only reads the rows a declaration asks for (:mod:`engine.reports.registers` lays
them out).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.db import Database
from engine.errors import NotAuthorized, NotFound
from engine.models import Case, CaseStatus, ProcessDefinition, ProcessStep, Task, TaskStatus
from engine.phrases import N_
from engine.reports.model import Choice, Register, sop_identity
from engine.reports.period import local_period
from engine.reports.register_declaration import RegisterSpec, parse_registers
from engine.reports.registers import CaseRecord, Record, SopRecord, StepRecord, build_register
from engine.services.common import Actor, load_actor
from engine.services.reports.scope import chunks, require_supervisor, supervised_scope
from engine.timekeeping.duration_words import iso_recurrence_phrase, standard_time_text

Declared = dict[str, list[tuple[ProcessDefinition, RegisterSpec]]]


def register_list(db: Database, actor_id: int) -> tuple[Choice, ...]:
    """The registers the SOPs declare (key and title), for supervisors."""
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        require_supervisor(actor)
        return _menu(_declared(session, actor))


def register(db: Database, actor_id: int, name: str, date_from: date | None = None, date_to: date | None = None,
             unit_code: str | None = None) -> Register:
    """A register an SOP declares, from the real cases of the units I supervise (or one of them and below).

    A register of cases lists the feeding SOPs' cases started in the period (or, with ``dated_by``, whose
    step recorded a date in the period); a register of SOPs lists each feeding SOP with its cases in the
    period.
    """
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        require_supervisor(actor)
        start, end = local_period(date_from, date_to, db.timezone)
        declared = _declared(session, actor)
        if name not in declared:
            if name in _declared(session, None):
                raise NotAuthorized(N_("Register '%(name)s' disusun dari SOP di luar unit yang Anda awasi."), name=name)
            raise NotFound(N_("Register '%(name)s' tidak dikenal."), name=name)
        units, unit_name = supervised_scope(session, actor, unit_code)
        feeding = declared[name]
        spec = feeding[0][1]
        definitions = [definition for definition, _ in feeding]
        period = _Period(start, end, date_from, date_to)
        records: Sequence[Record]
        if spec.rows == "sops":
            records = _sop_records(session, definitions, units or {0}, period)
        else:
            records = _case_records(session, spec, [d.key for d in definitions], units or {0}, period)
        tables, summary = build_register(spec, records)
        sop = sop_identity(definitions[0])
        return Register(name=name, title=spec.title, sop=sop, header_lines=sop.header_lines, date_from=date_from,
                        date_to=date_to, unit_name=unit_name, summary=summary, tables=tables, basis=spec.basis,
                        generated_at=db.clock.now(), timezone=db.timezone, registers=_menu(declared))


def _declared(session: Session, actor: Actor | None) -> Declared:
    """Register key → the latest definitions that feed it with their declaration, by SOP key: only SOPs of the
    units this supervisor covers (all, without ``actor``), so another office's register is neither offered nor
    labelled as theirs."""
    declared: Declared = {}
    query = select(ProcessDefinition).where(ProcessDefinition.is_latest).order_by(ProcessDefinition.key)
    if actor is not None:
        query = query.where(ProcessDefinition.unit_id.in_(actor.supervised_unit_ids or {0}))
    for definition in session.scalars(query):
        for spec in parse_registers((definition.sop or {}).get("registers")):
            declared.setdefault(spec.key, []).append((definition, spec))
    return declared


def _menu(declared: Declared) -> tuple[Choice, ...]:
    return tuple(sorted((Choice(key, feeding[0][1].title) for key, feeding in declared.items()),
                        key=lambda choice: choice.label))


@dataclass(frozen=True)
class _Period:
    """The report's period: UTC bounds for timestamps, office dates for dates recorded in step forms."""

    start: datetime | None
    end: datetime | None
    date_from: date | None
    date_to: date | None

    def within(self, query: Any, column: Any) -> Any:
        if self.start is not None:
            query = query.where(column >= self.start)
        if self.end is not None:
            query = query.where(column < self.end)
        return query


# --- registers of cases ----------------------------------------------------------------------------------


def _case_records(session: Session, spec: RegisterSpec, keys: list[str], units: set[int],
                  period: _Period) -> list[CaseRecord]:
    definition_ids = list(session.scalars(select(ProcessDefinition.id).where(ProcessDefinition.key.in_(keys))))
    wanted = spec.step_ids()
    if spec.dated_by:
        pairs = _dated(session, spec.dated_by, definition_ids, units, period)
    else:
        query = select(Case).where(Case.definition_id.in_(definition_ids or [0]), Case.unit_id.in_(units))
        pairs = [(None, c) for c in session.scalars(period.within(query, Case.started_at)
                                                    .order_by(Case.started_at, Case.id))]
    case_ids = sorted({c.id for _, c in pairs})
    steps = _latest_steps(session, case_ids, wanted)
    open_steps = _open_steps(session, case_ids)
    records = []
    for dated, case_row in pairs:
        of_case = dict(steps.get(case_row.id, {}))
        if dated is not None:
            of_case[dated.element_id] = _step(dated)
        records.append(CaseRecord(reference=case_row.reference, subject=case_row.subject,
                                  status=CaseStatus(case_row.status).value, start=dict(case_row.data or {}),
                                  steps=of_case, open_steps=tuple(open_steps.get(case_row.id, ()))))
    return records


def _dated(session: Session, dated_by: str, definition_ids: list[int], units: set[int],
           period: _Period) -> list[tuple[Task | None, Case]]:
    """Completed activations of the dating step whose recorded date lies in the period, by that date."""
    element_id, _, field = dated_by.partition(".")
    step_ids = list(session.scalars(select(ProcessStep.id).where(
        ProcessStep.definition_id.in_(definition_ids or [0]), ProcessStep.element_id == element_id)))
    recorded = Task.data[field].as_string()
    query = (select(Task, Case).join(Case, Task.case_id == Case.id)
             .where(Task.step_id.in_(step_ids or [0]), Task.status == TaskStatus.COMPLETED, Task.unit_id.in_(units)))
    if period.date_from:
        query = query.where(recorded >= period.date_from.isoformat())
    if period.date_to:
        query = query.where(recorded <= period.date_to.isoformat())
    return [(task, case_row) for task, case_row in session.execute(
        query.order_by(recorded, Task.completed_at, Task.id)).all()]


def _step(task: Task) -> StepRecord:
    return StepRecord(TaskStatus(task.status).value, dict(task.data or {}), task.completed_at)


def _latest_steps(session: Session, case_ids: Sequence[int],
                  element_ids: Iterable[str]) -> dict[int, dict[str, StepRecord]]:
    """case id → step id → the step's latest activation (a step redone after a "Tidak" is redone)."""
    result: dict[int, dict[str, StepRecord]] = {}
    wanted = sorted(element_ids)
    if not wanted:
        return result
    for chunk in chunks(list(case_ids)):
        for task in session.scalars(select(Task).where(Task.case_id.in_(chunk), Task.element_id.in_(wanted))
                                    .order_by(Task.id)):
            result.setdefault(task.case_id, {})[task.element_id] = _step(task)
    return result


def _open_steps(session: Session, case_ids: Sequence[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for chunk in chunks(list(case_ids)):
        for case_id, step_name in session.execute(
                select(Task.case_id, Task.step_name).where(Task.case_id.in_(chunk), Task.status == TaskStatus.OPEN)
                .order_by(Task.id)):
            result.setdefault(case_id, []).append(step_name)
    return result


# --- registers of SOPs -----------------------------------------------------------------------------------


def _sop_records(session: Session, definitions: list[ProcessDefinition], units: set[int],
                 period: _Period) -> list[SopRecord]:
    keys = [d.key for d in definitions]
    started = _case_counts(session, keys, units, period, Case.started_at)
    completed = _case_counts(session, keys, units, period, Case.completed_at, CaseStatus.COMPLETED)
    running = dict(session.execute(
        select(ProcessDefinition.key, func.count()).join(Case, Case.definition_id == ProcessDefinition.id)
        .where(ProcessDefinition.key.in_(keys or [""]), Case.status == CaseStatus.ACTIVE, Case.unit_id.in_(units))
        .group_by(ProcessDefinition.key)).all())
    records = []
    for definition in definitions:
        kind = "Rutin" if definition.jenis == "rutin" else "Biasa"
        if definition.recurrence:
            kind += f" ({iso_recurrence_phrase(definition.recurrence)})"
        records.append(SopRecord(
            sop=dict(definition.sop or {}),
            standard_time=" + ".join(standard_time_text(s.standard_duration, s.standard_time_text)
                                      for s in definition.steps),
            kind=kind, started=started.get(definition.key, 0), completed=completed.get(definition.key, 0),
            running=running.get(definition.key, 0)))
    return records


def _case_counts(session: Session, keys: list[str], units: set[int], period: _Period, column: Any,
                 status: CaseStatus | None = None) -> dict[str, int]:
    query = (select(ProcessDefinition.key, func.count()).join(Case, Case.definition_id == ProcessDefinition.id)
             .where(ProcessDefinition.key.in_(keys or [""]), Case.unit_id.in_(units), column.is_not(None)))
    if status is not None:
        query = query.where(Case.status == status)
    return dict(session.execute(period.within(query, column).group_by(ProcessDefinition.key)).all())
