"""How an SOP is followed in a period, per step and per person, aggregated by the database."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Float, and_, case, cast, func, select

from engine.db import Database
from engine.errors import ValidationFailed
from engine.models import Case, CaseStatus, ProcessStep, Task, TaskStatus
from engine.phrases import N_
from engine.reports.aggregates import grouped_summary
from engine.reports.model import ComplianceReport, ComplianceTotals, PersonCompliance, StepCompliance, sop_identity
from engine.reports.period import local_period
from engine.services.common import load_actor, user_names
from engine.services.office_calendar import office_calendar
from engine.services.reports.scope import choices, require_supervisor, sop_versions, supervised_scope
from engine.timekeeping.deadlines import working_day_minutes


def compliance_report(db: Database, actor_id: int, process_key: str, date_from: date, date_to: date,
                      unit_code: str | None = None) -> ComplianceReport:
    """How an SOP is followed in a period: per step the completions, median and 90th percentile of actual
    working time against the standard, the share on time, what is open and overdue now; per person too.

    Steps completed between the two office-local dates count, in the units the supervisor covers (or one
    of them and below). Aggregated by the database on ``tasks (step_id, completed_at)`` over every version
    of the SOP, grouped by the step's element id.
    """
    if not process_key:
        raise ValidationFailed(N_("Pilih SOP."), {"process": N_("SOP wajib dipilih.")})
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        require_supervisor(actor)
        start, end = local_period(date_from, date_to, db.timezone)
        units, unit_name = supervised_scope(session, actor, unit_code)
        latest, definition_ids, step_ids = sop_versions(session, process_key)
        now = db.clock.now()
        unit_ids = units or {0}
        done = and_(Task.step_id.in_(step_ids or [0]), Task.completed_at >= start, Task.completed_at < end,
                    Task.unit_id.in_(unit_ids))
        open_now = and_(Task.step_id.in_(step_ids or [0]), Task.completed_at.is_(None),
                        Task.status == TaskStatus.OPEN, Task.unit_id.in_(unit_ids))
        overdue = func.coalesce(func.sum(case((Task.due_at < now, 1), else_=0)), 0)

        late = case((Task.finished_late.is_(True), 1), else_=0).label("late")
        # One scan of the period's task rows per grouping (on PostgreSQL; SQLite adds one per percentile column).
        per_step = grouped_summary(session, select(
            Task.element_id.label("grp"), late, Task.actual_working_minutes.label("actual"),
            Task.standard_working_minutes.label("standard")).where(done), {"actual": (0.5, 0.9), "standard": (0.5,)})
        ratio = cast(Task.actual_working_minutes, Float) / func.nullif(Task.standard_working_minutes, 0)
        per_person = grouped_summary(session, select(Task.completed_by_id.label("grp"), late, ratio.label("ratio"))
                                     .where(done), {"ratio": (0.5,)})
        opened = {row[0]: row[1:] for row in session.execute(
            select(Task.element_id, func.count(), overdue).where(open_now).group_by(Task.element_id))}
        held = {row[0]: row[1:] for row in session.execute(
            select(Task.assignee_id, func.count(), overdue).where(open_now, Task.assignee_id.is_not(None))
            .group_by(Task.assignee_id))}

        known = {s.element_id: s for s in latest.steps}
        extra = sorted((set(per_step) | set(opened)) - set(known))
        older_names = dict(session.execute(select(ProcessStep.element_id, ProcessStep.name)
                                           .where(ProcessStep.element_id.in_(extra))).all()) if extra else {}
        steps = []
        for position, element_id in enumerate([*(s.element_id for s in latest.steps), *extra], start=1):
            step = known.get(element_id)
            figures = per_step.get(element_id, {"count": 0, "late": 0, "actual": [None, None], "standard": [None]})
            open_count, overdue_count = opened.get(element_id, (0, 0))
            steps.append(StepCompliance(
                element_id=element_id, position=step.position if step else position,
                name=step.name if step else older_names.get(element_id, element_id),
                role_code=step.role_code if step else "",
                standard_text=(step.standard_time_text or step.standard_duration) if step else "",
                completions=figures["count"], late=figures["late"], standard_minutes=figures["standard"][0],
                median_minutes=figures["actual"][0], p90_minutes=figures["actual"][1],
                open_now=int(open_count), overdue_now=int(overdue_count),
            ))

        names = user_names(session, set(per_person) | set(held))
        people = sorted(
            (PersonCompliance(user_id=uid, name=names.get(uid, "?"),
                              completions=per_person.get(uid, {}).get("count", 0),
                              late=per_person.get(uid, {}).get("late", 0),
                              median_ratio=per_person.get(uid, {}).get("ratio", [None])[0],
                              open_now=int(held.get(uid, (0, 0))[0]), overdue_now=int(held.get(uid, (0, 0))[1]))
             for uid in set(per_person) | set(held) if uid is not None),
            key=lambda p: (-p.completions, p.name))

        cases = dict(session.execute(
            select(Case.status, func.count())
            .where(Case.definition_id.in_(definition_ids), Case.started_at >= start, Case.started_at < end,
                   Case.unit_id.in_(unit_ids))
            .group_by(Case.status)).all())
        totals = ComplianceTotals(
            completions=sum(s.completions for s in steps), late=sum(s.late for s in steps),
            open_now=sum(s.open_now for s in steps), overdue_now=sum(s.overdue_now for s in steps),
            cases_started=sum(cases.values()), cases_completed=cases.get(CaseStatus.COMPLETED, 0),
            cases_cancelled=cases.get(CaseStatus.CANCELLED, 0), cases_active=cases.get(CaseStatus.ACTIVE, 0),
        )
        return ComplianceReport(
            sop=sop_identity(latest), date_from=date_from, date_to=date_to, unit_code=unit_code or None,
            unit_name=unit_name, steps=tuple(steps), people=tuple(people), totals=totals,
            bpmn_xml=latest.bpmn_xml, generated_at=now, timezone=db.timezone, choices=choices(session, actor),
            day_minutes=working_day_minutes(office_calendar(session, db.timezone, now)),
        )
