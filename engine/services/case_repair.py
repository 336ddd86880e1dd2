"""Repairing running cases, for administrators: migrate to a newer version, move back or on, suspend, resume.

A fixed SOP becomes a new version while running cases stay on theirs; these use cases move them. Each is one
transaction, refused to anyone but an administrator, needs a stated reason and leaves an event in the case's
history. A case whose step raised an error is marked "perlu perhatian" (``progress.record_attention``, called by
``complete_task`` in its own transaction after the step was rolled back) until it is migrated or moved.

Suspending keeps the open steps (and their due times) but takes the case out of work: its steps cannot be
claimed or completed (``engine.access``) and the scheduler does not flag, remind or escalate them. On resume
every pending time of an open step (due, overdue flag, reminder, next escalation) moves forward by the working
time the case spent suspended, on the office calendar: a step suspended with two working hours left has two
working hours left after resuming; a suspension over a weekend moves nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.db import Database
from engine.errors import Conflict, NotFound, ValidationFailed
from engine.models import Case, CaseStatus, EventKind, ProcessDefinition, ProcessStep, Task, TaskStatus
from engine.phrases import N_, Phrase
from engine.runtime import CasePosition, CaseWorkflow, case_position, reposition
from engine.services.common import MIN_CANCEL_REASON, Actor, load_actor, record_event, require_admin
from engine.services.definitions import latest_definition, spec_of
from engine.services.office_calendar import office_calendar
from engine.services.progress import RUNNING, advance
from engine.timekeeping.working_time import OfficeCalendar

#: The shortest reason accepted for a repair: the same rule as for cancelling a case.
MIN_REASON = MIN_CANCEL_REASON


class MigrationRefused(Conflict):
    """Some open step of some case has no place in the target version: nothing was moved."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("Migrasi ditolak; tidak ada kasus yang dipindahkan: " + " ".join(problems))
        self.problems = tuple(problems)


# --- reading --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StepMapping:
    task_id: int
    step_name: str
    from_element: str
    to_element: str | None
    to_name: str | None


@dataclass(frozen=True)
class CaseMigration:
    case_id: int
    reference: str
    from_version: int
    steps: tuple[StepMapping, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class MigrationPlan:
    """What ``migrate_cases`` would do: every case, every open step and where it lands, or why it cannot."""

    process_key: str
    process_name: str
    to_version: int
    cases: tuple[CaseMigration, ...]

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(problem for case in self.cases for problem in case.problems)


@dataclass(frozen=True)
class StepChoice:
    element_id: str
    name: str
    position: int


@dataclass(frozen=True)
class OpenStep:
    task_id: int
    element_id: str
    step_name: str
    role_code: str
    assignee_id: int | None
    due_at: datetime


@dataclass(frozen=True)
class CaseRepairView:
    """One case as an administrator repairing it sees it."""

    id: int
    reference: str
    subject: str | None
    process_key: str
    process_name: str
    version: int
    latest_version: int
    status: str
    attention_error: str | None
    attention_at: datetime | None
    suspended_at: datetime | None
    open_steps: tuple[OpenStep, ...]
    steps: tuple[StepChoice, ...]


@dataclass(frozen=True)
class AttentionRow:
    case_id: int
    reference: str
    subject: str | None
    process_key: str
    process_name: str
    version: int
    latest_version: int
    status: str
    error: str
    at: datetime


def _admin(session: Session, actor_id: int) -> Actor:
    actor = load_actor(session, actor_id)
    require_admin(actor)
    return actor


def _case(session: Session, case_id: int, *, lock: bool = False) -> Case:
    case = session.get(Case, case_id, with_for_update={"of": Case} if lock else None)
    if case is None:
        raise NotFound(N_("Kasus %(case_id)s tidak ditemukan."), case_id=case_id)
    return case


def _open_tasks(session: Session, case: Case) -> list[Task]:
    return list(session.scalars(
        select(Task).where(Task.case_id == case.id, Task.status == TaskStatus.OPEN).order_by(Task.id)))


def _latest_version(session: Session, key: str) -> int:
    return latest_definition(session, key).version


def cases_needing_attention(db: Database, actor_id: int) -> list[AttentionRow]:
    """"Kasus perlu perhatian": running cases whose step raised an error, newest first."""
    with db.transaction(write=False) as session:
        _admin(session, actor_id)
        cases = session.scalars(select(Case).where(Case.attention_at.is_not(None), Case.status.in_(RUNNING))
                                .order_by(Case.attention_at.desc(), Case.id.desc())).all()
        latest: dict[str, int] = {}
        rows = []
        for case in cases:
            key = case.definition.key
            if key not in latest:
                latest[key] = _latest_version(session, key)
            rows.append(AttentionRow(
                case_id=case.id, reference=case.reference, subject=case.subject, process_key=key,
                process_name=case.definition.name, version=case.definition.version, latest_version=latest[key],
                status=case.status.value, error=case.attention_error or "", at=case.attention_at,  # type: ignore[arg-type]
            ))
        return rows


def case_repair_view(db: Database, actor_id: int, case_id: int) -> CaseRepairView:
    """A case's status, error, open steps and the steps it could be moved to."""
    with db.transaction(write=False) as session:
        _admin(session, actor_id)
        case = _case(session, case_id)
        definition = case.definition
        return CaseRepairView(
            id=case.id, reference=case.reference, subject=case.subject, process_key=definition.key,
            process_name=definition.name, version=definition.version,
            latest_version=_latest_version(session, definition.key), status=case.status.value,
            attention_error=case.attention_error, attention_at=case.attention_at, suspended_at=case.suspended_at,
            open_steps=tuple(OpenStep(t.id, t.element_id, t.step_name, t.role_code, t.assignee_id, t.due_at)
                             for t in _open_tasks(session, case)),
            steps=tuple(StepChoice(s.element_id, s.name, s.position) for s in definition.steps),
        )


# --- attention ------------------------------------------------------------------------------------------------

def _clear_attention(case: Case) -> bool:
    had = case.attention_at is not None
    case.attention_error = case.attention_at = None
    return had


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON:
        raise ValidationFailed(N_("Alasan wajib diisi."),
                               {"reason": Phrase(N_("Alasan minimal %(num)s karakter."), {"num": MIN_REASON})})
    return reason


# --- migrating to another version -----------------------------------------------------------------------------

def plan_migration(db: Database, actor_id: int, process_key: str, to_version: int, *,
                   case_ids: Collection[int] | None = None, mapping: Mapping[str, str] | None = None
                   ) -> MigrationPlan:
    """What migrating would do, without doing it (the admin page's preview)."""
    with db.transaction(write=False) as session:
        _admin(session, actor_id)
        target = _target_version(session, process_key, to_version)
        mapping = _checked_mapping(mapping)
        return _plan(session, target, _cases_to_migrate(session, target, case_ids, lock=False), mapping)


def migrate_cases(db: Database, actor_id: int, process_key: str, to_version: int, reason: str, *,
                  case_ids: Collection[int] | None = None, mapping: Mapping[str, str] | None = None
                  ) -> MigrationPlan:
    """Move running cases of an SOP onto a newer version, all or none.

    Each open step must exist in the target version under its own element id or the one ``mapping`` gives.
    The case data and the open steps' due times, holders and history stay; the task rows point at the new
    version's steps. One case that does not map refuses the whole migration, listing every step that does not.
    """
    with db.transaction() as session:
        actor = _admin(session, actor_id)
        reason = _reason(reason)
        target = _target_version(session, process_key, to_version)
        mapping = _checked_mapping(mapping)
        cases = _cases_to_migrate(session, target, case_ids, lock=True)
        plan = _plan(session, target, cases, mapping)
        if plan.problems:
            raise MigrationRefused(plan.problems)
        now = db.clock.now()
        for case, case_plan in zip(cases, plan.cases, strict=True):
            _migrate(session, db, actor, case, case_plan, target, mapping, reason, now)
        return plan


def _target_version(session: Session, key: str, version: int) -> ProcessDefinition:
    definition = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == key,
                                                                ProcessDefinition.version == version))
    if definition is None:
        raise NotFound(N_("Proses '%(key)s' versi %(version)s tidak terdaftar; lihat `alur processes list`."),
                       key=key, version=version)
    return definition


def _checked_mapping(mapping: Mapping[str, str] | None) -> dict[str, str]:
    if mapping is None:
        return {}
    if not isinstance(mapping, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip() for k, v in mapping.items()):
        raise ValidationFailed(N_("Pemetaan langkah tidak valid."),
                               {"map": N_('harus objek JSON {"id_lama": "id_baru"} berisi teks')})
    return {k.strip(): v.strip() for k, v in mapping.items()}


def _cases_to_migrate(session: Session, target: ProcessDefinition, case_ids: Collection[int] | None, *,
                      lock: bool) -> list[Case]:
    """Running cases of the SOP on an older version; named cases must all be such cases."""
    query = (select(Case).join(ProcessDefinition, Case.definition_id == ProcessDefinition.id)
             .where(ProcessDefinition.key == target.key).order_by(Case.id))
    if case_ids:
        wanted = set(case_ids)
        query = query.where(Case.id.in_(wanted))
        cases = list(session.scalars(query.with_for_update(of=Case) if lock else query))
        problems = [f"Kasus {i} tidak ditemukan untuk proses '{target.key}'."
                    for i in sorted(wanted - {c.id for c in cases})]
        for case in cases:
            if case.status not in RUNNING:
                problems.append(f"Kasus {case.reference} tidak sedang berjalan.")
            elif case.definition.version >= target.version:
                problems.append(f"Kasus {case.reference} sudah di versi {case.definition.version}; "
                                f"pindahkan hanya ke versi yang lebih baru.")
        if problems:
            raise MigrationRefused(problems)
        return cases
    query = query.where(Case.status.in_(RUNNING), ProcessDefinition.version < target.version)
    cases = list(session.scalars(query.with_for_update(of=Case) if lock else query))
    if not cases:
        raise Conflict(N_("Tidak ada kasus berjalan proses '%(key)s' pada versi sebelum %(version)s."),
                       key=target.key, version=target.version)
    return cases


def _plan(session: Session, target: ProcessDefinition, cases: list[Case], mapping: dict[str, str]) -> MigrationPlan:
    steps = {s.element_id: s for s in target.steps}
    planned = []
    for case in cases:
        position = _position(case)
        problems: list[str] = []
        mapped_steps = []
        for task in _open_tasks(session, case):
            new_id = mapping.get(task.element_id, task.element_id)
            step = steps.get(new_id)
            if step is None:
                problems.append(f"Kasus {case.reference}: langkah '{task.step_name}' ({task.element_id}) tidak ada "
                                f"di versi {target.version}; petakan ke langkah versi itu (--map).")
            mapped_steps.append(StepMapping(task.id, task.step_name, task.element_id,
                                            step.element_id if step else None, step.name if step else None))
        targets = [m.to_element for m in mapped_steps if m.to_element]
        for twice in sorted({t for t in targets if targets.count(t) > 1}):
            problems.append(f"Kasus {case.reference}: dua langkah terbuka dipetakan ke '{twice}'.")
        known = _element_ids(target)
        for done, join in position.finished_branches:
            for element_id in (mapping.get(done, done), mapping.get(join, join)):
                if element_id not in known:
                    problems.append(f"Kasus {case.reference}: cabang paralel yang sudah selesai ({done} → {join}) "
                                    f"tidak ada di versi {target.version}; petakan '{element_id}' (--map).")
        planned.append(CaseMigration(case.id, case.reference, case.definition.version, tuple(mapped_steps),
                                     tuple(problems)))
    return MigrationPlan(target.key, target.name, target.version, tuple(planned))


def _position(case: Case) -> CasePosition:
    return case_position(CaseWorkflow.restore(spec_of(case.definition), case.workflow_state))


def _element_ids(definition: ProcessDefinition) -> frozenset[str]:
    spec = spec_of(definition).spec
    return frozenset(s.bpmn_id for s in spec.task_specs.values() if s.bpmn_id)


def _migrate(session: Session, db: Database, actor: Actor, case: Case, plan: CaseMigration,
             target: ProcessDefinition, mapping: dict[str, str], reason: str, now: datetime) -> None:
    old = case.definition
    position = _position(case)
    tasks = {t.id: t for t in _open_tasks(session, case)}
    moved = CasePosition(
        open_steps=tuple(m.to_element for m in plan.steps if m.to_element),
        finished_branches=tuple((mapping.get(d, d), mapping.get(j, j)) for d, j in position.finished_branches),
        data=position.data,
    )
    workflow = reposition(spec_of(target), moved)
    ready = {r.element_id: r.spiff_task_id for r in workflow.ready_steps()}
    for step_map in plan.steps:
        task = tasks[step_map.task_id]
        step: ProcessStep = target.step(step_map.to_element or "")
        task.spiff_task_id = ready[step.element_id]
        task.step_id, task.element_id, task.step_name = step.id, step.element_id, step.name
        task.performer_role_code = step.performer_role_code
        if task.role_code != step.role_code:  # the step is now another role's: back to that role's queue
            task.role_code, task.assignee_id, task.claimed_at = step.role_code, None, None
    case.definition_id = target.id
    case.definition = target
    cleared = _clear_attention(case)
    record_event(session, kind=EventKind.CASE_MIGRATED, at=now, actor_id=actor.id, case_id=case.id, payload={
        "process": target.key, "from_version": old.version, "to_version": target.version, "reason": reason,
        "steps": {m.from_element: m.to_element for m in plan.steps}, "attention_cleared": cleared,
    })
    advance(session, db, case, workflow, now, actor.id)


# --- moving back or on ----------------------------------------------------------------------------------------

def move_case(db: Database, actor_id: int, case_id: int, to_steps: Sequence[str], reason: str) -> list[int]:
    """Put a running case back to an earlier step or on to a later one of its own version.

    Its open steps are cancelled (with their events) and the target steps open with new due times, exactly as
    when a step opens in the normal course (``advance``); the case data stays. In a parallel part, name one
    step per branch that is to run. Returns the ids of the opened steps.
    """
    with db.transaction() as session:
        actor = _admin(session, actor_id)
        case = _case(session, case_id, lock=True)
        reason = _reason(reason)
        targets = tuple(dict.fromkeys(s.strip() for s in to_steps if s and s.strip()))
        if case.status == CaseStatus.SUSPENDED:
            raise Conflict(N_("Kasus %(reference)s sedang ditangguhkan; lanjutkan dulu sebelum memindahkannya."),
                           reference=case.reference)
        if case.status != CaseStatus.ACTIVE:
            raise Conflict(N_("Kasus %(reference)s tidak sedang berjalan; tidak dapat dipindahkan."),
                           reference=case.reference)
        known = {s.element_id for s in case.definition.steps}
        if not targets:
            raise ValidationFailed(N_("Pilih langkah tujuan."), {"to_step": N_("pilih minimal satu langkah")})
        unknown = [t for t in targets if t not in known]
        if unknown:
            raise ValidationFailed(N_("Langkah tujuan tidak dikenal."), {"to_step": Phrase(
                N_("tidak ada di versi %(version)s: %(unknown)s"),
                {"version": case.definition.version, "unknown": ", ".join(unknown)})})
        open_tasks = _open_tasks(session, case)
        if sorted(targets) == sorted(t.element_id for t in open_tasks):
            raise Conflict(N_("Kasus %(reference)s sudah berada di langkah itu."), reference=case.reference)
        position = _position(case)
        workflow = reposition(spec_of(case.definition), CasePosition(targets, position.finished_branches,
                                                                     position.data))
        now = db.clock.now()
        cleared = _clear_attention(case)
        record_event(session, kind=EventKind.CASE_MOVED, at=now, actor_id=actor.id, case_id=case.id, payload={
            "from": [t.element_id for t in open_tasks], "to": list(targets), "reason": reason,
            "attention_cleared": cleared,
        })
        return [t.id for t in advance(session, db, case, workflow, now, actor.id)]


# --- suspending and resuming ----------------------------------------------------------------------------------

def suspend_case(db: Database, actor_id: int, case_id: int, reason: str) -> None:
    """Hold a running case: nobody works on it and its steps are not flagged late until it is resumed."""
    with db.transaction() as session:
        actor = _admin(session, actor_id)
        case = _case(session, case_id, lock=True)
        reason = _reason(reason)
        if case.status != CaseStatus.ACTIVE:
            raise Conflict(N_("Hanya kasus yang sedang berjalan yang dapat ditangguhkan; kasus %(reference)s "
                              "berstatus %(status)s."), reference=case.reference, status=case.status.value)
        now = db.clock.now()
        case.status, case.suspended_at = CaseStatus.SUSPENDED, now
        record_event(session, kind=EventKind.CASE_SUSPENDED, at=now, actor_id=actor.id, case_id=case.id,
                     payload={"reason": reason})


def resume_case(db: Database, actor_id: int, case_id: int, reason: str) -> None:
    """Let a suspended case run again; its open steps' times move by the working time it was suspended."""
    with db.transaction() as session:
        actor = _admin(session, actor_id)
        case = _case(session, case_id, lock=True)
        reason = _reason(reason)
        if case.status != CaseStatus.SUSPENDED or case.suspended_at is None:
            raise Conflict(N_("Kasus %(reference)s tidak sedang ditangguhkan."), reference=case.reference)
        now = db.clock.now()
        calendar = office_calendar(session, db.timezone, now)
        minutes = calendar.working_minutes_between(case.suspended_at, now)
        shifted = {}
        for task in _open_tasks(session, case):
            if minutes > 0:
                before = task.due_at
                task.due_at = calendar.add_working_time(task.due_at, minutes)
                task.flag_overdue_at = _later(calendar, task.flag_overdue_at, minutes)
                task.remind_at = _later(calendar, task.remind_at, minutes)
                task.next_escalation_at = _later(calendar, task.next_escalation_at, minutes)
                shifted[task.element_id] = {"from": before.isoformat(), "to": task.due_at.isoformat()}
        case.status, case.suspended_at = CaseStatus.ACTIVE, None
        record_event(session, kind=EventKind.CASE_RESUMED, at=now, actor_id=actor.id, case_id=case.id,
                     payload={"reason": reason, "suspended_working_minutes": minutes, "due_moved": shifted})


def _later(calendar: OfficeCalendar, moment: datetime | None, minutes: int) -> datetime | None:
    return None if moment is None else calendar.add_working_time(moment, minutes)
