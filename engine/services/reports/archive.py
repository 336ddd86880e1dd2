"""The case archive: every case a person may see, filtered and paged.

Read from our own tables (cases, task rows), never from the workflow state; lateness is aggregated by the
database per page of cases.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select, tuple_

from engine import access
from engine.access import load_actor, unit_and_descendant_ids
from engine.db import Database
from engine.errors import ValidationFailed
from engine.labels import CASE_STATUS_LABELS
from engine.models import Case, CaseStatus, ProcessDefinition, Task, TaskStatus, Unit
from engine.phrases import N_
from engine.reports.model import ArchiveFilter, ArchivePage, ArchiveRow
from engine.reports.period import local_period
from engine.services.common import capped_count, cursor_of, parse_cursor, user_names
from engine.services.reports.archive_search import search_archive
from engine.services.reports.scope import choices, late_count, unit_by_code

MAX_PER_PAGE = 200
MAX_SEARCH_LENGTH = 100


def case_archive(db: Database, actor_id: int, filters: ArchiveFilter | None = None) -> ArchivePage:
    """Every case I may see, newest first, filtered by SOP, status, period, unit, text and timeliness.

    Supervisors see the cases of the units they supervise; everyone sees the cases they took part in
    (started, held or completed a step). The search matches the reference, the subject, the text fields of
    the start data (name, NIK, business) and identifiers entered in steps (the NIB issued).
    """
    filters = filters or ArchiveFilter()
    if filters.status and filters.status not in CASE_STATUS_LABELS:
        raise ValidationFailed(N_("Status kasus tidak dikenal."),
                               {"status": N_("harus active, completed atau cancelled")})
    if filters.timeliness not in (None, "late", "on_time"):
        raise ValidationFailed(N_("Pilihan ketepatan waktu tidak dikenal."),
                               {"timeliness": N_("harus late atau on_time")})
    after = parse_cursor(filters.after) if filters.after else None
    page, per_page = 1 if after else max(1, filters.page), min(max(1, filters.per_page), MAX_PER_PAGE)
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        now = db.clock.now()
        start, end = local_period(filters.date_from, filters.date_to, db.timezone)
        conditions: list[Any] = [access.archived_cases(actor)]
        if filters.process_key:
            conditions.append(Case.definition_id.in_(
                select(ProcessDefinition.id).where(ProcessDefinition.key == filters.process_key)))
        if filters.status:
            conditions.append(Case.status == CaseStatus(filters.status))
        if start is not None:
            conditions.append(Case.started_at >= start)
        if end is not None:
            conditions.append(Case.started_at < end)
        if filters.unit_code:
            picked = unit_by_code(session, filters.unit_code)
            conditions.append(Case.unit_id.in_(unit_and_descendant_ids(session, picked)))
        text = " ".join(filters.text.split())[:MAX_SEARCH_LENGTH]
        if filters.timeliness:
            late = exists().where(Task.case_id == Case.id, or_(
                Task.finished_late.is_(True), and_(Task.status == TaskStatus.OPEN, Task.due_at < now)))
            conditions.append(late if filters.timeliness == "late" else ~late)
        if after is not None:
            conditions.append(tuple_(Case.started_at, Case.id) < after)
        offset = (page - 1) * per_page
        if text:
            found = search_archive(session, conditions, text, offset, per_page)
            total, capped, conditions, offset = found.total, found.capped, [Case.id.in_(found.ids or [0])], 0
        else:
            total, capped = capped_count(session, select(Case.id).where(*conditions))
        # Plain columns, not the Case entity: its definition is joined eagerly (SOP, forms), which a sort of
        # every visible case would drag along.
        rows = session.execute(
            select(Case.id, Case.reference, Case.subject, Case.status, Case.outcome, Case.started_by_id,
                   Case.started_at, Case.completed_at, Case.cancelled_at, ProcessDefinition.key,
                   ProcessDefinition.name, Unit.name)
            .join(ProcessDefinition, Case.definition_id == ProcessDefinition.id)
            .join(Unit, Case.unit_id == Unit.id)
            .where(*conditions)
            .order_by(Case.started_at.desc(), Case.id.desc())
            .limit(per_page + 1).offset(offset)
        ).all()
        more, rows = len(rows) > per_page, rows[:per_page]
        ids = [row.id for row in rows]
        lateness = {case_id: (late or 0, overdue or 0) for case_id, late, overdue in session.execute(
            select(Task.case_id, late_count(),
                   func.sum(case((and_(Task.status == TaskStatus.OPEN, Task.due_at < now), 1), else_=0)))
            .where(Task.case_id.in_(ids or [0])).group_by(Task.case_id))}
        names = user_names(session, {row.started_by_id for row in rows})
        result = []
        for (case_id, reference, subject, status, outcome, starter, started_at, completed_at, cancelled_at,
             key, name, unit) in rows:
            late_steps, overdue_now = lateness.get(case_id, (0, 0))
            result.append(ArchiveRow(
                id=case_id, reference=reference, process_key=key, process_name=name, unit_name=unit,
                subject=subject, status=CaseStatus(status).value, outcome=outcome,
                started_by=names.get(starter) if starter else None, started_at=started_at,
                completed_at=completed_at, cancelled_at=cancelled_at, late_steps=int(late_steps),
                overdue_now=int(overdue_now)))
        return ArchivePage(rows=tuple(result), total=total, page=page, per_page=per_page, filters=filters,
                           choices=choices(session, actor), total_capped=capped,
                           next_after=cursor_of(rows[-1].started_at, rows[-1].id) if more and rows else None)

