"""The semester monitoring form of Permenpan RB 35/2012, pre-filled from the semester's figures."""

from __future__ import annotations

from sqlalchemy import case, func, select

from engine.db import Database
from engine.models import Case, CaseStatus, ProcessDefinition, ProcessStep, Task, TaskStatus
from engine.reports.model import GOOD_PRACTICE_SHARE, MonitoringForm, sop_identity
from engine.reports.monitoring import monitoring_row
from engine.reports.period import local_period, semester_dates
from engine.services.common import load_actor
from engine.services.reports.scope import choices, late_count, require_supervisor, supervised_scope


def monitoring_form(db: Database, actor_id: int, year: int, semester: int,
                    unit_code: str | None = None) -> MonitoringForm:
    """The SOP AP monitoring form (Permenpan RB 35/2012) for a semester, one row per SOP of my units,
    pre-filled from the semester's figures: "Berjalan dengan baik" is proposed when at least 80% of the
    steps completed finished on time, the figures go into the notes, and the evaluator completes and signs.
    """
    date_from, date_to = semester_dates(year, semester)
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        require_supervisor(actor)
        start, end = local_period(date_from, date_to, db.timezone)
        units, unit_name = supervised_scope(session, actor, unit_code)
        unit_ids = units or {0}
        now = db.clock.now()
        definitions = list(session.scalars(
            select(ProcessDefinition).where(ProcessDefinition.is_latest, ProcessDefinition.unit_id.in_(unit_ids))
            .order_by(ProcessDefinition.name)))
        keyed = (select(ProcessDefinition.key).select_from(Task)
                 .join(ProcessStep, Task.step_id == ProcessStep.id)
                 .join(ProcessDefinition, ProcessStep.definition_id == ProcessDefinition.id))
        per_step = session.execute(
            keyed.add_columns(Task.element_id, func.max(Task.step_name), func.count(), late_count())
            .where(Task.completed_at >= start, Task.completed_at < end, Task.unit_id.in_(unit_ids))
            .group_by(ProcessDefinition.key, Task.element_id)).all()
        open_now = dict((key, (count, late)) for key, count, late in session.execute(
            keyed.add_columns(func.count(), func.coalesce(func.sum(case((Task.due_at < now, 1), else_=0)), 0))
            .where(Task.status == TaskStatus.OPEN, Task.completed_at.is_(None), Task.unit_id.in_(unit_ids))
            .group_by(ProcessDefinition.key)))
        cases: dict[str, dict[str, int]] = {}
        for key, status, count in session.execute(
                select(ProcessDefinition.key, Case.status, func.count())
                .join(ProcessDefinition, Case.definition_id == ProcessDefinition.id)
                .where(Case.started_at >= start, Case.started_at < end, Case.unit_id.in_(unit_ids))
                .group_by(ProcessDefinition.key, Case.status)):
            cases.setdefault(key, {})[CaseStatus(status).value] = count
        steps_of: dict[str, list[tuple[str, int, int]]] = {}
        for key, _element, name, count, late in per_step:
            steps_of.setdefault(key, []).append((name, int(count), int(late)))
        rows = tuple(
            monitoring_row(number, d, steps_of.get(d.key, []), cases.get(d.key, {}), open_now.get(d.key, (0, 0)),
                            semester, year)
            for number, d in enumerate(definitions, start=1))
        header = sop_identity(definitions[0]).header_lines if definitions else ()
        return MonitoringForm(year=year, semester=semester, date_from=date_from, date_to=date_to,
                              unit_name=unit_name, header_lines=header, rows=rows, threshold=GOOD_PRACTICE_SHARE,
                              generated_at=now, timezone=db.timezone, choices=choices(session, actor))
