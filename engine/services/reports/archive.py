"""The case archive: every case a person may see, filtered and paged.

Read from our own tables (cases, task rows), never from the workflow state; lateness is aggregated by the
database per page of cases.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from engine import access
from engine.access import load_actor, unit_and_descendant_ids
from engine.db import Database
from engine.errors import ValidationFailed
from engine.labels import CASE_STATUS_LABELS
from engine.models import Case, CaseStatus, ProcessDefinition, ProcessStep, Task, TaskStatus, Unit
from engine.phrases import N_
from engine.reports.model import ArchiveFilter, ArchivePage, ArchiveRow
from engine.reports.period import local_period
from engine.services.common import user_names
from engine.services.reports.scope import choices, late_count, unit_by_code

MAX_PER_PAGE = 200
MAX_SEARCH_LENGTH = 100
#: Identifier formats whose values in step forms (the NIB issued, a NIK checked) the archive search reads.
SEARCHED_FORMATS = frozenset({"nik", "nib", "npwp"})


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
    page, per_page = max(1, filters.page), min(max(1, filters.per_page), MAX_PER_PAGE)
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
        if text:
            conditions.append(_text_condition(session, text))
        if filters.timeliness:
            late = exists().where(Task.case_id == Case.id, or_(
                Task.finished_late.is_(True), and_(Task.status == TaskStatus.OPEN, Task.due_at < now)))
            conditions.append(late if filters.timeliness == "late" else ~late)
        total = session.scalar(select(func.count()).select_from(Case).where(*conditions)) or 0
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
            .limit(per_page).offset((page - 1) * per_page)
        ).all()
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
                           choices=choices(session, actor))


def _text_condition(session: Session, text: str) -> Any:
    """Reference, subject, the start forms' text fields and identifiers entered in steps, case-insensitively.

    JSON fields are read with the dialect's JSON path operator (``->>`` on PostgreSQL, ``json_extract`` on
    SQLite), so a key name never matches by accident. Identifiers (the NIB issued) are looked up only in the
    steps whose form has such a field, as a set of cases rather than a subquery per case. A maintained
    lowercase ``cases.search_text`` column with a trigram index would make all of it an index lookup; until
    then the text fields are a scan of the visible cases.
    """
    pattern = f"%{_escape_like(text.lower())}%"
    start_fields, step_fields = _searchable_fields(session)
    matches = [func.lower(Case.reference).like(pattern, escape="\\"),
               func.lower(Case.subject).like(pattern, escape="\\")]
    matches += [func.lower(Case.data[name].as_string()).like(pattern, escape="\\") for name in sorted(start_fields)]
    compact = text.replace(" ", "").replace(".", "").replace("-", "")
    if compact.isdecimal() and len(compact) >= 4 and step_fields:
        digits = f"%{compact}%"
        matches.append(Case.id.in_(
            select(Task.case_id).where(Task.step_id.in_(sorted(step_fields)), Task.status == TaskStatus.COMPLETED,
                                       or_(*(Task.data[name].as_string().like(digits)
                                             for name in sorted({n for names in step_fields.values()
                                                                 for n in names}))))))
    return or_(*matches)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _searchable_fields(session: Session) -> tuple[set[str], dict[int, set[str]]]:
    """Text fields of the start forms, and the steps (of every version) whose form has identifier fields
    (NIK, NIB, NPWP), with those fields' names."""
    start_fields: set[str] = set()
    step_fields: dict[int, set[str]] = {}
    for definition_id, sop, forms, is_latest in session.execute(select(
            ProcessDefinition.id, ProcessDefinition.sop, ProcessDefinition.forms, ProcessDefinition.is_latest)):
        start_path = ((sop or {}).get("case") or {}).get("start_form")
        identifiers: dict[str, set[str]] = {}
        for path, schema in (forms or {}).items():
            for name, node in ((schema or {}).get("properties") or {}).items():
                if not isinstance(node, dict) or node.get("type") != "string":
                    continue
                if path == start_path:
                    if is_latest and node.get("format") not in ("date", "date-time"):
                        start_fields.add(name)
                elif node.get("format") in SEARCHED_FORMATS:
                    identifiers.setdefault(path, set()).add(name)
        if identifiers:
            for step_id, form_path in session.execute(select(ProcessStep.id, ProcessStep.form_path).where(
                    ProcessStep.definition_id == definition_id, ProcessStep.form_path.in_(identifiers))):
                step_fields[step_id] = identifiers[form_path]
    return start_fields, step_fields

