"""The Kadis' review: the case archive, case histories, SOP compliance, the registers SOPs ask for, and the
semester monitoring form of Permenpan RB 35/2012.

Everything is read from our own tables: the append-only event log and the task rows with their maintained
columns (``standard_working_minutes``, ``actual_working_minutes``, ``finished_late``), never from the
workflow state. Figures over many rows are aggregated by the database on indexed columns; only one line
per step or person comes back.

Who sees what: the Kadis and the Sekretaris see their whole office (their unit and below), a Kepala Bidang
their division and below, other staff only the cases they took part in. Compliance, registers and
monitoring are for supervisors only, over the units they supervise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Float, and_, case, cast, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from engine.calendar import OfficeCalendar
from engine.db import Database
from engine.errors import NotAuthorized, NotFound, ValidationFailed
from engine.models import (
    Attachment,
    Case,
    CaseStatus,
    Comment,
    Event,
    ProcessDefinition,
    ProcessStep,
    Task,
    TaskStatus,
    Unit,
    User,
)
from engine.reports.aggregates import grouped_summary
from engine.reports.text import FieldValue, labelled, month_name, percent, working_time
from engine.services.common import Actor, get_visible_case, load_actor
from engine.services.office_calendar import office_calendar

if TYPE_CHECKING:
    from engine.reports.exports import Document, Table

Timeliness = Literal["late", "on_time"]
#: "Berjalan dengan baik" is proposed when at least this share of a semester's steps finished on time.
GOOD_PRACTICE_SHARE = 0.8
MAX_PER_PAGE = 200
MAX_SEARCH_LENGTH = 100
#: Identifier formats whose values in step forms (the NIB issued, a NIK checked) the archive search reads.
SEARCHED_FORMATS = frozenset({"nik", "nib", "npwp"})

STATUS_WORDS = {"active": "Berjalan", "completed": "Selesai", "cancelled": "Dibatalkan", "open": "Terbuka"}
EVENT_WORDS = {
    "case_started": "Kasus dimulai",
    "case_completed": "Kasus selesai",
    "case_cancelled": "Kasus dibatalkan",
    "task_created": "Langkah dibuka",
    "task_claimed": "Langkah diambil",
    "task_unclaimed": "Langkah dilepas ke antrean",
    "task_reassigned": "Langkah dialihkan",
    "task_completed": "Langkah diselesaikan",
    "task_cancelled": "Langkah dibatalkan",
    "task_overdue": "Langkah melewati batas waktu",
    "task_reminded": "Pengingat dikirim",
    "task_escalated": "Keterlambatan dilaporkan ke atasan",
    "comment_added": "Komentar ditambahkan",
    "attachment_added": "Lampiran diunggah",
    "attachment_removed": "Lampiran dihapus",
}


# --- shared pieces ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Approver:
    jabatan: str
    nama: str
    nip: str


@dataclass(frozen=True)
class SopIdentity:
    """The SOP's identity part as its sop.json gives it: what an office puts on the head of a report."""

    key: str
    name: str
    nomor_sop: str | None
    version: int
    unit_name: str
    office_name: str
    header_lines: tuple[str, ...]
    approver: Approver | None
    tanggal_efektif: str | None


def sop_identity(definition: ProcessDefinition) -> SopIdentity:
    sop = definition.sop or {}
    header = sop.get("header") or {}
    office = (sop.get("office") or {}).get("name") or ""
    lines = [str(header.get("pemerintah") or "").upper(), str(header.get("instansi") or office).upper(),
             str(header.get("alamat") or "")]
    approver = sop.get("disahkan_oleh") or {}
    return SopIdentity(
        key=definition.key, name=definition.name, nomor_sop=definition.nomor_sop or None, version=definition.version,
        unit_name=definition.unit.name, office_name=office, header_lines=tuple(line for line in lines if line),
        approver=Approver(str(approver.get("jabatan") or ""), str(approver.get("nama") or ""),
                          str(approver.get("nip") or "")) if approver else None,
        tanggal_efektif=sop.get("tanggal_efektif"),
    )


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    depth: int = 0


@dataclass(frozen=True)
class ReportChoices:
    """What the report forms offer this person: SOPs and units they may report on."""

    processes: tuple[Choice, ...]
    units: tuple[Choice, ...]
    is_supervisor: bool


def report_choices(db: Database, actor_id: int, *, supervisors_only: bool = False) -> ReportChoices:
    """The SOPs and units a person may pick in the report forms (units only for supervisors).

    ``supervisors_only`` refuses anyone else, for the forms of reports only supervisors may run.
    """
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        if supervisors_only:
            _require_supervisor(actor)
        return _choices(session, actor)


def _choices(session: Session, actor: Actor) -> ReportChoices:
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


def _require_supervisor(actor: Actor) -> None:
    if not actor.is_supervisor:
        raise NotAuthorized("Laporan ini untuk atasan (Kepala Seksi, Kepala Bidang, Sekretaris, Kadis).")


def local_period(date_from: date | None, date_to: date | None,
                 timezone: str) -> tuple[datetime | None, datetime | None]:
    """Office-local dates as UTC bounds ``[start of from, start of the day after to)``."""
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed("Periode tidak valid: tanggal awal sesudah tanggal akhir.",
                               {"to": "Tanggal akhir harus sama dengan atau sesudah tanggal awal."})
    zone = ZoneInfo(timezone)
    start = datetime.combine(date_from, time(0), tzinfo=zone) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time(0), tzinfo=zone) if date_to else None
    return start, end


def period_text(date_from: date | None, date_to: date | None) -> str:
    if date_from and date_to:
        return f"{date_from:%d-%m-%Y} s.d. {date_to:%d-%m-%Y}"
    if date_from:
        return f"sejak {date_from:%d-%m-%Y}"
    if date_to:
        return f"sampai {date_to:%d-%m-%Y}"
    return "semua waktu"


def _unit_by_code(session: Session, code: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        raise ValidationFailed("Unit tidak dikenal.", {"unit": f"Unit '{code}' tidak ditemukan."})
    return unit


def _subtree(session: Session, unit: Unit) -> set[int]:
    return set(session.scalars(select(Unit.id).where(Unit.path.startswith(unit.path))))


def _supervised_scope(session: Session, actor: Actor, unit_code: str | None) -> tuple[set[int], str]:
    """The unit ids a supervisor's report covers (a supervised unit and below, or all they supervise)."""
    if not unit_code:
        unit = session.get(Unit, actor.user.unit_id)
        return set(actor.supervised_unit_ids), unit.name if unit else ""
    unit = _unit_by_code(session, unit_code)
    if unit.id not in actor.supervised_unit_ids:
        raise NotAuthorized(f"Unit '{unit.name}' berada di luar unit yang Anda bawahi.")
    return _subtree(session, unit) & set(actor.supervised_unit_ids), unit.name


def _names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(User.id, User.full_name).where(User.id.in_(wanted))).all())


def _chunks(values: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _definitions(session: Session, process_key: str) -> tuple[ProcessDefinition, list[int], list[int]]:
    """The latest definition of an SOP, the ids of all its versions and of all their steps."""
    latest = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == process_key)
                            .order_by(ProcessDefinition.is_latest.desc(), ProcessDefinition.version.desc()).limit(1))
    if latest is None:
        raise NotFound(f"Proses '{process_key}' tidak ditemukan.")
    rows = session.execute(
        select(ProcessDefinition.id, ProcessStep.id)
        .outerjoin(ProcessStep, ProcessStep.definition_id == ProcessDefinition.id)
        .where(ProcessDefinition.key == process_key)
    ).all()
    return latest, sorted({d for d, _ in rows}), sorted({s for _, s in rows if s is not None})


def _late_count() -> Any:
    return func.coalesce(func.sum(case((Task.finished_late.is_(True), 1), else_=0)), 0)


# --- 1. the case archive ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveFilter:
    process_key: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    unit_code: str | None = None
    text: str = ""
    timeliness: Timeliness | None = None
    page: int = 1
    per_page: int = 25


@dataclass(frozen=True)
class ArchiveRow:
    id: int
    reference: str
    process_key: str
    process_name: str
    unit_name: str
    subject: str | None
    status: str
    outcome: str | None
    started_by: str | None
    started_at: datetime
    completed_at: datetime | None
    cancelled_at: datetime | None
    late_steps: int
    overdue_now: int

    @property
    def is_late(self) -> bool:
        return bool(self.late_steps or self.overdue_now)


@dataclass(frozen=True)
class ArchivePage:
    rows: tuple[ArchiveRow, ...]
    total: int
    page: int
    per_page: int
    filters: ArchiveFilter
    choices: ReportChoices

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def case_archive(db: Database, actor_id: int, filters: ArchiveFilter | None = None) -> ArchivePage:
    """Every case I may see, newest first, filtered by SOP, status, period, unit, text and timeliness.

    Supervisors see the cases of the units they supervise; everyone sees the cases they took part in
    (started, held or completed a step). The search matches the reference, the subject, the text fields of
    the start data (name, NIK, business) and identifiers entered in steps (the NIB issued).
    """
    filters = filters or ArchiveFilter()
    if filters.status and filters.status not in STATUS_WORDS:
        raise ValidationFailed("Status kasus tidak dikenal.", {"status": "harus active, completed atau cancelled"})
    if filters.timeliness not in (None, "late", "on_time"):
        raise ValidationFailed("Pilihan ketepatan waktu tidak dikenal.", {"timeliness": "harus late atau on_time"})
    page, per_page = max(1, filters.page), min(max(1, filters.per_page), MAX_PER_PAGE)
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        now = db.clock.now()
        start, end = local_period(filters.date_from, filters.date_to, db.timezone)
        conditions: list[Any] = [_visible_cases(actor)]
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
            conditions.append(Case.unit_id.in_(_subtree(session, _unit_by_code(session, filters.unit_code))))
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
            select(Task.case_id, _late_count(),
                   func.sum(case((and_(Task.status == TaskStatus.OPEN, Task.due_at < now), 1), else_=0)))
            .where(Task.case_id.in_(ids or [0])).group_by(Task.case_id))}
        names = _names(session, (row.started_by_id for row in rows))
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
                           choices=_choices(session, actor))


def _visible_cases(actor: Actor) -> Any:
    """The archive's visibility as a condition the planner runs as a join or a small hash, never as a
    subquery per case row.

    A completed step's holder is its completer (complete_task claims it first), so "held or completed" is
    ``tasks.assignee_id``. Staff: a semi-join on the set of their cases. Supervisors: their units, or one of
    the few cases outside them that they took part in.
    """
    if not actor.is_supervisor:
        return Case.id.in_(select(Task.case_id).where(Task.assignee_id == actor.id).union(
            select(Case.id).where(Case.started_by_id == actor.id)))
    units = actor.supervised_unit_ids
    outside = aliased(Case)
    elsewhere = select(Task.case_id).join(outside, Task.case_id == outside.id).where(
        Task.assignee_id == actor.id, outside.unit_id.not_in(units)).union(
        select(outside.id).where(outside.started_by_id == actor.id, outside.unit_id.not_in(units)))
    return or_(Case.unit_id.in_(units), Case.id.in_(elsewhere))


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


# --- 2. the case history ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holding:
    """Who held a step and for how long; ``how`` says how it came to them."""

    person: str
    since: datetime
    until: datetime | None
    how: str


@dataclass(frozen=True)
class OverduePeriod:
    """From the moment the step was flagged overdue to its completion (or cancellation; None while open)."""

    flagged_at: datetime
    until: datetime | None
    late_working_minutes: int


@dataclass(frozen=True)
class FileRecord:
    id: int
    filename: str
    content_type: str
    size: int
    uploaded_by: str
    uploaded_at: datetime
    removed_at: datetime | None


@dataclass(frozen=True)
class HistoryStep:
    number: int
    task_id: int
    element_id: str
    name: str
    role_code: str
    status: str
    holder: str | None
    holders: tuple[Holding, ...]
    started_at: datetime
    claimed_at: datetime | None
    due_at: datetime
    completed_at: datetime | None
    completed_by: str | None
    cancelled_at: datetime | None
    standard_text: str
    standard_minutes: int
    actual_minutes: int
    finished_late: bool
    is_overdue_now: bool
    overdue: OverduePeriod | None
    reminders: int
    escalation_level: int
    data: tuple[FieldValue, ...]
    files: tuple[FileRecord, ...]

    @property
    def reassignments(self) -> int:
        return sum(1 for h in self.holders if h.how.startswith("dialihkan"))


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    label: str
    actor: str | None
    step_name: str | None
    detail: str


@dataclass(frozen=True)
class CommentRecord:
    at: datetime
    author: str
    step_name: str | None
    body: str


@dataclass(frozen=True)
class CaseHistory:
    id: int
    reference: str
    sop: SopIdentity
    unit_name: str
    subject: str | None
    status: str
    outcome: str | None
    started_by: str | None
    started_at: datetime
    completed_at: datetime | None
    cancelled_at: datetime | None
    cancelled_by: str | None
    cancel_reason: str | None
    start_data: tuple[FieldValue, ...]
    steps: tuple[HistoryStep, ...]
    timeline: tuple[TimelineEntry, ...]
    comments: tuple[CommentRecord, ...]
    case_files: tuple[FileRecord, ...]
    generated_at: datetime
    timezone: str

    @property
    def late_steps(self) -> int:
        return sum(1 for s in self.steps if s.finished_late or s.is_overdue_now)

    @property
    def total_standard_minutes(self) -> int:
        return sum(s.standard_minutes for s in self.steps if s.status != "cancelled")

    @property
    def total_actual_minutes(self) -> int:
        return sum(s.actual_minutes for s in self.steps if s.status != "cancelled")

    def document(self) -> Document:
        from engine.reports.documents import history_document

        return history_document(self)


def case_history(db: Database, actor_id: int, case_id: int) -> CaseHistory:
    """A case from start to end as the office files it: every step with who held it and when, actual against
    standard working time, the overdue periods, each step's data and files, the comments and the full log.

    Built from the event log and the task rows; visible to whoever may see the case.
    """
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        case_row = get_visible_case(session, actor, case_id)
        now = db.clock.now()
        definition = case_row.definition
        tasks = session.scalars(select(Task).where(Task.case_id == case_row.id).order_by(Task.id)).all()
        events = session.scalars(select(Event).where(Event.case_id == case_row.id).order_by(Event.id)).all()
        comments = session.execute(
            select(Comment, Task.step_name).outerjoin(Task, Comment.task_id == Task.id)
            .where(Comment.case_id == case_row.id).order_by(Comment.id)).all()
        files = session.scalars(select(Attachment).where(Attachment.case_id == case_row.id)
                                .order_by(Attachment.id)).all()
        people: set[int | None] = {case_row.started_by_id, case_row.cancelled_by_id}
        for e in events:
            people.add(e.actor_id)
            for key in ("from_user_id", "to_user_id"):
                if isinstance(e.payload.get(key), int):
                    people.add(e.payload[key])
        people |= {t.assignee_id for t in tasks} | {t.completed_by_id for t in tasks}
        people |= {c.author_id for c, _ in comments} | {f.uploaded_by_id for f in files}
        names = _names(session, people)
        calendar = office_calendar(session, db.timezone, case_row.started_at)
        steps_by_id = {s.id: s for s in definition.steps}
        by_task: dict[int, list[Event]] = {}
        for e in events:
            if e.task_id is not None:
                by_task.setdefault(e.task_id, []).append(e)
        files_by_task: dict[int | None, list[FileRecord]] = {}
        for f in files:
            files_by_task.setdefault(f.task_id, []).append(FileRecord(
                f.id, f.filename, f.content_type, f.size, names.get(f.uploaded_by_id, ""), f.uploaded_at,
                f.removed_at))
        steps = tuple(
            _history_step(number, task, steps_by_id.get(task.step_id), definition.forms, by_task.get(task.id, []),
                          names, calendar, now, files_by_task.get(task.id, []))
            for number, task in enumerate(tasks, start=1)
        )
        step_names = {t.id: t.step_name for t in tasks}
        start_path = ((definition.sop or {}).get("case") or {}).get("start_form")
        return CaseHistory(
            id=case_row.id, reference=case_row.reference, sop=sop_identity(definition),
            unit_name=case_row.unit.name, subject=case_row.subject, status=case_row.status.value,
            outcome=case_row.outcome, started_by=names.get(case_row.started_by_id) if case_row.started_by_id else None,
            started_at=case_row.started_at, completed_at=case_row.completed_at, cancelled_at=case_row.cancelled_at,
            cancelled_by=names.get(case_row.cancelled_by_id) if case_row.cancelled_by_id else None,
            cancel_reason=case_row.cancel_reason,
            start_data=labelled(definition.forms.get(start_path) if start_path else None, case_row.data),
            steps=steps,
            timeline=tuple(_timeline_entry(e, names, step_names, db.timezone) for e in events),
            comments=tuple(CommentRecord(c.at, names.get(c.author_id, ""), step, c.body) for c, step in comments),
            case_files=tuple(files_by_task.get(None, [])),
            generated_at=now, timezone=db.timezone,
        )


def _history_step(number: int, task: Task, step: ProcessStep | None, forms: dict[str, Any], events: list[Event],
                  names: dict[int, str], calendar: OfficeCalendar, now: datetime,
                  files: list[FileRecord]) -> HistoryStep:
    holders: list[Holding] = []

    def release(at: datetime) -> None:
        if holders and holders[-1].until is None:
            last = holders[-1]
            holders[-1] = Holding(last.person, last.since, at, last.how)

    cancelled_at = flagged_at = None
    reminders = 0
    for e in events:
        if e.kind == "task_claimed":
            release(e.at)
            holders.append(Holding(names.get(e.actor_id or 0, "?"), e.at, None, "mengambil dari antrean"))
        elif e.kind == "task_unclaimed":
            release(e.at)
        elif e.kind == "task_reassigned":
            release(e.at)
            reason = str(e.payload.get("reason") or "").strip()
            how = f"dialihkan oleh {names.get(e.actor_id or 0, '?')}" + (f": {reason}" if reason else "")
            holders.append(Holding(names.get(e.payload.get("to_user_id") or 0, "?"), e.at, None, how))
        elif e.kind in ("task_completed", "task_cancelled"):
            release(e.at)
            if e.kind == "task_cancelled":
                cancelled_at = e.at
        elif e.kind == "task_overdue" and flagged_at is None:
            flagged_at = e.at
        elif e.kind == "task_reminded":
            reminders += 1
    end = task.completed_at or cancelled_at
    standard = task.standard_working_minutes
    if standard is None:
        standard = calendar.working_minutes_between(task.started_at, task.due_at)
    actual = task.actual_working_minutes
    if actual is None:
        actual = calendar.working_minutes_between(task.started_at, end or now)
    overdue = None
    if flagged_at is not None or (end or now) > task.due_at:
        overdue = OverduePeriod(flagged_at or task.due_at, end,
                                calendar.working_minutes_between(task.due_at, end or now))
    schema = forms.get(step.form_path) if step is not None and step.form_path else None
    standard_text = (step.standard_time_text or step.standard_duration) if step is not None else ""
    return HistoryStep(
        number=number, task_id=task.id, element_id=task.element_id, name=task.step_name, role_code=task.role_code,
        status=task.status.value, holder=names.get(task.assignee_id) if task.assignee_id else None,
        holders=tuple(holders), started_at=task.started_at, claimed_at=holders[0].since if holders else task.claimed_at,
        due_at=task.due_at, completed_at=task.completed_at,
        completed_by=names.get(task.completed_by_id) if task.completed_by_id else None,
        cancelled_at=cancelled_at, standard_text=standard_text, standard_minutes=standard, actual_minutes=actual,
        finished_late=bool(task.finished_late), is_overdue_now=task.status == TaskStatus.OPEN and now > task.due_at,
        overdue=overdue, reminders=reminders, escalation_level=task.escalation_level,
        data=labelled(schema, task.data), files=tuple(files),
    )


def _timeline_entry(e: Event, names: dict[int, str], step_names: dict[int, str], timezone: str) -> TimelineEntry:
    from engine.reports.text import local_datetime

    payload = e.payload or {}
    detail = ""
    if e.kind == "task_created" and payload.get("due_at"):
        detail = f"batas waktu {local_datetime(datetime.fromisoformat(payload['due_at']), timezone)}"
    elif e.kind == "task_reassigned":
        source = names.get(payload.get("from_user_id") or 0, "antrean")
        detail = f"dari {source} kepada {names.get(payload.get('to_user_id') or 0, '?')}"
        if payload.get("reason"):
            detail += f"; alasan: {payload['reason']}"
    elif e.kind == "task_unclaimed" and payload.get("from_user_id"):
        detail = f"dilepas dari {names.get(payload['from_user_id'], '?')}"
    elif e.kind == "task_completed" and payload.get("late"):
        detail = "melewati batas waktu"
    elif e.kind == "task_escalated":
        detail = f"tingkat {payload.get('level', '?')}"
    elif e.kind == "case_cancelled":
        detail = str(payload.get("reason") or "")
    elif e.kind == "case_completed" and payload.get("outcome"):
        detail = f"hasil: {payload['outcome']}"
    elif e.kind == "comment_added":
        detail = str(payload.get("excerpt") or "")
    elif e.kind in ("attachment_added", "attachment_removed"):
        detail = str(payload.get("filename") or "")
    step = step_names.get(e.task_id) if e.task_id is not None else None
    return TimelineEntry(e.at, e.kind, EVENT_WORDS.get(e.kind, e.kind.replace("_", " ")),
                         names.get(e.actor_id) if e.actor_id else None, step, detail)


# --- 3. SOP compliance -----------------------------------------------------------------------------------


class _OnTimeShare:
    """Completions, of which some late: how many and what share were on time."""

    completions: int
    late: int

    @property
    def on_time(self) -> int:
        return self.completions - self.late

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.completions if self.completions else None


@dataclass(frozen=True)
class StepCompliance(_OnTimeShare):
    element_id: str
    position: int
    name: str
    role_code: str
    standard_text: str
    completions: int
    late: int
    standard_minutes: float | None
    median_minutes: float | None
    p90_minutes: float | None
    open_now: int
    overdue_now: int

    @property
    def share_late(self) -> float | None:
        return self.late / self.completions if self.completions else None

    @property
    def median_ratio(self) -> float | None:
        if self.median_minutes is None or not self.standard_minutes:
            return None
        return self.median_minutes / self.standard_minutes


@dataclass(frozen=True)
class PersonCompliance(_OnTimeShare):
    user_id: int
    name: str
    completions: int
    late: int
    median_ratio: float | None
    open_now: int
    overdue_now: int


@dataclass(frozen=True)
class ComplianceTotals(_OnTimeShare):
    completions: int
    late: int
    open_now: int
    overdue_now: int
    cases_started: int
    cases_completed: int
    cases_cancelled: int
    cases_active: int


@dataclass(frozen=True)
class ComplianceReport:
    sop: SopIdentity
    date_from: date
    date_to: date
    unit_code: str | None
    unit_name: str
    steps: tuple[StepCompliance, ...]
    people: tuple[PersonCompliance, ...]
    totals: ComplianceTotals
    bpmn_xml: str = field(repr=False)
    generated_at: datetime
    timezone: str
    choices: ReportChoices

    def heat(self) -> dict[str, float]:
        """Element id → share of completions that were late (0 on time … 1 always late)."""
        return {s.element_id: s.share_late for s in self.steps if s.share_late is not None}

    def heat_labels(self) -> dict[str, str]:
        return {s.element_id: f"median {working_time(s.median_minutes)}" for s in self.steps
                if s.median_minutes is not None}

    def heat_map_svg(self) -> str:
        """The SOP's diagram, each step filled by its share of late completions, labelled with its median."""
        try:
            from engine.diagrams import render_svg
        except ImportError:  # pragma: no cover - the renderer ships with the engine
            return ""
        return render_svg(self.bpmn_xml, title=f"{self.sop.name}: sebaran keterlambatan", heat=self.heat(),
                          labels=self.heat_labels())

    def time_chart_svg(self) -> str:
        from engine.reports.charts import LATE, STANDARD, Series, bar_chart_svg

        steps = self.steps
        over = [LATE if (s.median_ratio or 0) > 1 else "#0b6e4f" for s in steps]
        return bar_chart_svg(
            "Waktu kerja per langkah: median dan persentil ke-90 dibanding standar",
            [f"{s.position}. {s.name}" for s in steps],
            [Series("Standar", tuple(s.standard_minutes for s in steps), STANDARD),
             Series("Median aktual", tuple(s.median_minutes for s in steps), colours=tuple(over)),
             Series("Persentil ke-90", tuple(s.p90_minutes for s in steps), "#f59e0b")],
            value_text=working_time,
            description="Waktu dalam jam kerja kantor; bar merah: median melebihi standar.",
        )

    def share_chart_svg(self) -> str:
        from engine.reports.charts import Series, bar_chart_svg

        steps = self.steps
        colours = tuple("#0b6e4f" if (s.share_on_time or 0) >= GOOD_PRACTICE_SHARE else "#b42318" for s in steps)
        return bar_chart_svg(
            "Persentase langkah selesai tepat waktu",
            [f"{s.position}. {s.name}" for s in steps],
            [Series("Tepat waktu", tuple(s.share_on_time for s in steps), colours=colours)],
            value_text=percent, maximum=1.0,
            description=f"Hijau: sedikitnya {percent(GOOD_PRACTICE_SHARE)} tepat waktu.",
        )

    def document(self) -> Document:
        from engine.reports.documents import compliance_document

        return compliance_document(self)


def compliance_report(db: Database, actor_id: int, process_key: str, date_from: date, date_to: date,
                      unit_code: str | None = None) -> ComplianceReport:
    """How an SOP is followed in a period: per step the completions, median and 90th percentile of actual
    working time against the standard, the share on time, what is open and overdue now; per person too.

    Steps completed between the two office-local dates count, in the units the supervisor covers (or one
    of them and below). Aggregated by the database on ``tasks (step_id, completed_at)`` over every version
    of the SOP, grouped by the step's element id.
    """
    if not process_key:
        raise ValidationFailed("Pilih SOP.", {"process": "SOP wajib dipilih."})
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        _require_supervisor(actor)
        start, end = local_period(date_from, date_to, db.timezone)
        units, unit_name = _supervised_scope(session, actor, unit_code)
        latest, definition_ids, step_ids = _definitions(session, process_key)
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

        names = _names(session, set(per_person) | set(held))
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
            bpmn_xml=latest.bpmn_xml, generated_at=now, timezone=db.timezone, choices=_choices(session, actor),
        )


# --- 4. registers ----------------------------------------------------------------------------------------

REGISTERS = {
    "nib": "Laporan Jumlah Penerbitan NIB",
    "pelatihan": "Daftar Pelatihan dan Peserta Pelatihan Pelaku UMK",
    "fasilitasi": "Daftar Usulan Fasilitasi Usaha Mikro",
    "katalog-ntb": "Katalog Layanan Seksi Penyuluhan UMKM",
}
NIB_PROCESS = "pelayanan_nib_oss"
TRAINING_PROCESS = "pelatihan_pelaku_umk"
FACILITATION_PROCESS = "perencanaan_fasilitasi_usaha_mikro"
CATALOGUE_PREFIX = "ntb_penyuluhan_umkm_"


@dataclass(frozen=True)
class Register:
    name: str
    title: str
    sop: SopIdentity | None
    header_lines: tuple[str, ...]
    date_from: date | None
    date_to: date | None
    unit_name: str
    summary: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...]
    basis: str
    generated_at: datetime
    timezone: str

    def document(self) -> Document:
        from engine.reports.documents import register_document

        return register_document(self)


def register(db: Database, actor_id: int, name: str, date_from: date | None = None, date_to: date | None = None,
             unit_code: str | None = None) -> Register:
    """A register an SOP asks for, from the real cases of the units I supervise.

    ``nib``: NIBs issued per month with the owners' data (by issue date); ``pelatihan``: trainings and their
    participants; ``fasilitasi``: facilitation proposals and their status; ``katalog-ntb``: the NTB service
    catalogue, each service's "Sudah/Belum dilaksanakan" derived from cases completed in the period.
    """
    builders = {"nib": _nib_register, "pelatihan": _training_register, "fasilitasi": _facilitation_register,
                "katalog-ntb": _catalogue_register}
    if name not in builders:
        raise NotFound(f"Register '{name}' tidak dikenal.")
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        _require_supervisor(actor)
        start, end = local_period(date_from, date_to, db.timezone)
        units, unit_name = _supervised_scope(session, actor, unit_code)
        context = _RegisterContext(session, units or {0}, start, end, date_from, date_to, db.clock.now(), db.timezone)
        sop, summary, tables, basis = builders[name](context)
        return Register(name=name, title=REGISTERS[name], sop=sop, header_lines=sop.header_lines if sop else (),
                        date_from=date_from, date_to=date_to, unit_name=unit_name, summary=summary,
                        tables=tables, basis=basis, generated_at=context.now, timezone=db.timezone)


@dataclass(frozen=True)
class _RegisterContext:
    session: Session
    units: set[int]
    start: datetime | None
    end: datetime | None
    date_from: date | None
    date_to: date | None
    now: datetime
    timezone: str

    def cases(self, definition_ids: Sequence[int]) -> list[Case]:
        """The SOP's cases started in the period, in the covered units, oldest first."""
        query = select(Case).where(Case.definition_id.in_(definition_ids or [0]), Case.unit_id.in_(self.units))
        if self.start is not None:
            query = query.where(Case.started_at >= self.start)
        if self.end is not None:
            query = query.where(Case.started_at < self.end)
        return list(self.session.scalars(query.order_by(Case.started_at, Case.id)))

    def latest_tasks(self, case_ids: Sequence[int], element_ids: Iterable[str]) -> dict[int, dict[str, Task]]:
        """case id → element id → the step's latest activation (a step redone after a "Tidak" is redone)."""
        result: dict[int, dict[str, Task]] = {}
        wanted = list(element_ids)
        for chunk in _chunks(list(case_ids)):
            for task in self.session.scalars(select(Task).where(Task.case_id.in_(chunk), Task.element_id.in_(wanted))
                                             .order_by(Task.id)):
                result.setdefault(task.case_id, {})[task.element_id] = task
        return result

    def open_steps(self, case_ids: Sequence[int]) -> dict[int, list[str]]:
        result: dict[int, list[str]] = {}
        for chunk in _chunks(list(case_ids)):
            for case_id, step_name in self.session.execute(
                    select(Task.case_id, Task.step_name).where(Task.case_id.in_(chunk), Task.status == TaskStatus.OPEN)
                    .order_by(Task.id)):
                result.setdefault(case_id, []).append(step_name)
        return result


def _data(task: Task | None) -> dict[str, Any]:
    return dict(task.data or {}) if task is not None and task.status == TaskStatus.COMPLETED else {}


def _case_state(case_row: Case, open_steps: dict[int, list[str]]) -> str:
    word = STATUS_WORDS[case_row.status.value]
    steps = open_steps.get(case_row.id)
    return f"{word}: {', '.join(steps)}" if steps and case_row.status == CaseStatus.ACTIVE else word


def _nib_register(ctx: _RegisterContext) -> tuple[SopIdentity, tuple[tuple[str, str], ...], tuple[Table, ...], str]:
    from engine.reports.exports import Column, Table, rows_of

    latest, _definition_ids, _ = _definitions(ctx.session, NIB_PROCESS)
    step_ids = list(ctx.session.scalars(
        select(ProcessStep.id).join(ProcessDefinition, ProcessStep.definition_id == ProcessDefinition.id)
        .where(ProcessDefinition.key == NIB_PROCESS, ProcessStep.element_id == "penerbitan_nib")))
    issued = Task.data["tanggal_terbit"].as_string()
    query = (select(Task, Case).join(Case, Task.case_id == Case.id)
             .where(Task.step_id.in_(step_ids or [0]), Task.status == TaskStatus.COMPLETED,
                    Task.unit_id.in_(ctx.units)))
    if ctx.date_from:
        query = query.where(issued >= ctx.date_from.isoformat())
    if ctx.date_to:
        query = query.where(issued <= ctx.date_to.isoformat())
    rows = ctx.session.execute(query.order_by(issued, Task.completed_at, Task.id)).all()
    months: dict[tuple[int, int], dict[str, int]] = {}
    detail = []
    for number, (task, case_row) in enumerate(rows, start=1):
        data, owner = task.data or {}, case_row.data or {}
        day = _parse_date(data.get("tanggal_terbit"))
        if day is not None:
            bucket = months.setdefault((day.year, day.month), {})
            bucket[str(data.get("risiko") or "—")] = bucket.get(str(data.get("risiko") or "—"), 0) + 1
        detail.append((number, data.get("nib"), day, data.get("risiko"), owner.get("nama_pemohon"), owner.get("nik"),
                       owner.get("npwp"), owner.get("nama_usaha"), owner.get("alamat_usaha"), owner.get("kbli"),
                       owner.get("no_hp"), owner.get("email"), case_row.reference))
    levels = ("Rendah", "Menengah Rendah", "Menengah Tinggi", "Tinggi")
    monthly = [(number, month_name(*key), sum(counts.values()), *(counts.get(level, 0) for level in levels))
               for number, (key, counts) in enumerate(sorted(months.items()), start=1)]
    total = len(detail)
    summary_table = Table(
        "Jumlah penerbitan NIB per bulan",
        (Column("No", "int"), Column("Bulan"), Column("Jumlah NIB", "int"),
         *(Column(level, "int", group="Tingkat risiko") for level in levels)),
        rows_of([*monthly, ("", "Jumlah", total, *(sum(r[3 + i] for r in monthly) for i in range(len(levels))))]),
    )
    detail_table = Table(
        "Daftar NIB yang diterbitkan dan data pelaku usaha",
        (Column("No", "int"), Column("NIB"), Column("Tanggal terbit", "date"), Column("Tingkat risiko"),
         Column("Nama pemohon"), Column("NIK"), Column("NPWP"), Column("Nama usaha"), Column("Alamat usaha"),
         Column("KBLI"), Column("Nomor HP"), Column("Email"), Column("Nomor kasus")),
        rows_of(detail),
    )
    summary = (("Jumlah NIB diterbitkan", str(total)), ("Jumlah bulan", str(len(monthly))))
    return sop_identity(latest), summary, (summary_table, detail_table), \
        "Menurut tanggal terbit NIB yang dicatat pada langkah 'Penerbitan NIB'."


def _parse_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _training_register(ctx: _RegisterContext) -> tuple[SopIdentity, tuple[tuple[str, str], ...], tuple[Table, ...],
                                                       str]:
    from engine.reports.exports import Column, Table, rows_of

    latest, definition_ids, _ = _definitions(ctx.session, TRAINING_PROCESS)
    cases = ctx.cases(definition_ids)
    ids = [c.id for c in cases]
    steps = ctx.latest_tasks(ids, ("identifikasi_calon_peserta", "penyusunan_panitia", "penandatanganan_sk",
                                   "pelaksanaan_pelatihan"))
    open_steps = ctx.open_steps(ids)
    trainings, participants = [], []
    for number, case_row in enumerate(cases, start=1):
        start, of = case_row.data or {}, steps.get(case_row.id, {})
        candidates, committee = _data(of.get("identifikasi_calon_peserta")), _data(of.get("penyusunan_panitia"))
        decree, held = _data(of.get("penandatanganan_sk")), _data(of.get("pelaksanaan_pelatihan"))
        trainings.append((
            number, start.get("nama_pelatihan") or case_row.subject, _parse_date(start.get("tanggal_rencana")),
            start.get("sumber_dana"), committee.get("lokasi_pelatihan"), decree.get("nomor_sk"),
            start.get("jumlah_peserta_rencana"), candidates.get("jumlah_calon_peserta"),
            held.get("jumlah_peserta_hadir"), _parse_date(held.get("tanggal_mulai")),
            _parse_date(held.get("tanggal_selesai")), _case_state(case_row, open_steps), case_row.reference))
        if candidates.get("daftar_calon_peserta") or held:
            participants.append((
                len(participants) + 1, start.get("nama_pelatihan") or case_row.subject,
                candidates.get("daftar_calon_peserta"), candidates.get("jumlah_calon_peserta"),
                held.get("jumlah_peserta_hadir"), committee.get("narasumber"), case_row.reference))
    held_count = sum(1 for row in trainings if row[8] is not None)
    attended = sum(int(row[8] or 0) for row in trainings)
    tables = (
        Table("Daftar pelatihan",
              (Column("No", "int"), Column("Nama pelatihan"), Column("Tanggal rencana", "date"), Column("Sumber dana"),
               Column("Lokasi"), Column("Nomor SK panitia"), Column("Rencana", "int", group="Jumlah peserta"),
               Column("Calon", "int", group="Jumlah peserta"), Column("Hadir", "int", group="Jumlah peserta"),
               Column("Mulai", "date", group="Pelaksanaan"), Column("Selesai", "date", group="Pelaksanaan"),
               Column("Status"), Column("Nomor kasus")),
              rows_of(trainings)),
        Table("Peserta per pelatihan",
              (Column("No", "int"), Column("Nama pelatihan"), Column("Daftar calon peserta"),
               Column("Jumlah calon", "int"), Column("Jumlah hadir", "int"), Column("Narasumber"),
               Column("Nomor kasus")),
              rows_of(participants),
              note="Daftar peserta sebagaimana dicatat pada langkah identifikasi calon peserta."),
    )
    summary = (("Jumlah pelatihan", str(len(trainings))), ("Pelatihan terlaksana", str(held_count)),
               ("Jumlah peserta hadir", str(attended)))
    return sop_identity(latest), summary, tables, "Menurut tanggal kasus pelatihan dimulai."


def _facilitation_register(ctx: _RegisterContext) -> tuple[SopIdentity, tuple[tuple[str, str], ...],
                                                           tuple[Table, ...], str]:
    from engine.reports.exports import Column, Table, rows_of

    latest, definition_ids, _ = _definitions(ctx.session, FACILITATION_PROCESS)
    cases = ctx.cases(definition_ids)
    ids = [c.id for c in cases]
    kinds = (("proposal_lapak_pkl", "Lapak PKL", "lapak_pkl"), ("proposal_peralatan", "Peralatan", "peralatan"))
    steps = ctx.latest_tasks(ids, [k for k, _, _ in kinds] + ["jadwal_promosi"])
    rows, promotions = [], []
    total_value = 0
    for case_row in cases:
        start, of = case_row.data or {}, steps.get(case_row.id, {})
        for element_id, label, suffix in kinds:
            task = of.get(element_id)
            data = _data(task)
            value = data.get(f"nilai_usulan_{suffix}_rp")
            total_value += int(value or 0)
            rows.append((len(rows) + 1, start.get("judul") or case_row.subject, start.get("tahun_anggaran"), label,
                         data.get(f"jumlah_umk_diusulkan_{suffix}"), value, data.get(f"ringkasan_{suffix}"),
                         _proposal_state(task, case_row), task.completed_at if task and task.completed_at else None,
                         case_row.reference))
        promotion = _data(of.get("jadwal_promosi"))
        if promotion:
            promotions.append((len(promotions) + 1, start.get("judul") or case_row.subject,
                               _parse_date(promotion.get("tanggal_promosi")), promotion.get("tempat"),
                               promotion.get("jumlah_umkm_peserta"), case_row.reference))
    tables = (
        Table("Usulan fasilitasi",
              (Column("No", "int"), Column("Judul perencanaan"), Column("Tahun anggaran", "int"),
               Column("Jenis usulan"), Column("Jumlah UMK diusulkan", "int"), Column("Nilai usulan (Rp)", "int"),
               Column("Ringkasan"), Column("Status"), Column("Tersusun pada", "datetime"), Column("Nomor kasus")),
              rows_of(rows)),
        Table("Jadwal promosi UMKM",
              (Column("No", "int"), Column("Judul perencanaan"), Column("Tanggal promosi", "date"),
               Column("Tempat"), Column("Jumlah UMKM peserta", "int"), Column("Nomor kasus")),
              rows_of(promotions)),
    )
    done = sum(1 for row in rows if row[7] == "Tersusun")
    summary = (("Jumlah perencanaan", str(len(cases))), ("Usulan tersusun", f"{done} dari {len(rows)}"),
               ("Nilai usulan tersusun (Rp)", f"{total_value:,}".replace(",", ".")))
    return sop_identity(latest), summary, tables, "Menurut tanggal kasus perencanaan dimulai."


def _proposal_state(task: Task | None, case_row: Case) -> str:
    if task is None:
        return "Dibatalkan" if case_row.status == CaseStatus.CANCELLED else "Belum disusun"
    return {"completed": "Tersusun", "open": "Dalam penyusunan", "cancelled": "Dibatalkan"}[task.status.value]


def _catalogue_register(ctx: _RegisterContext) -> tuple[SopIdentity | None, tuple[tuple[str, str], ...],
                                                        tuple[Table, ...], str]:
    from engine.reports.exports import Column, Table, rows_of

    definitions = [d for d in ctx.session.scalars(
        select(ProcessDefinition).where(ProcessDefinition.is_latest, ProcessDefinition.key.startswith(CATALOGUE_PREFIX))
        .order_by(ProcessDefinition.key)) if "status_katalog" in (d.sop or {})]
    keys = [d.key for d in definitions]
    started = _case_counts(ctx, keys, Case.started_at)
    completed = _case_counts(ctx, keys, Case.completed_at, CaseStatus.COMPLETED)
    running = dict(ctx.session.execute(
        select(ProcessDefinition.key, func.count()).join(Case, Case.definition_id == ProcessDefinition.id)
        .where(ProcessDefinition.key.in_(keys or [""]), Case.status == CaseStatus.ACTIVE, Case.unit_id.in_(ctx.units))
        .group_by(ProcessDefinition.key)).all())
    rows = []
    for number, definition in enumerate(definitions, start=1):
        sop = definition.sop
        done = completed.get(definition.key, 0)
        status = "Sudah dilaksanakan" if done else "Belum dilaksanakan"
        basis = f"{done} kasus selesai, {started.get(definition.key, 0)} dimulai dalam periode"
        if running.get(definition.key):
            basis += f"; {running[definition.key]} sedang berjalan"
        kind = "Rutin" if definition.jenis == "rutin" else "Biasa"
        if definition.recurrence:
            kind += f" ({definition.recurrence})"
        rows.append((number, definition.name, sop.get("uraian_katalog"), sop.get("sumber_dana"),
                     _total_time(definition), kind, "; ".join(sop.get("dasar_hukum") or []),
                     started.get(definition.key, 0), done, status, basis, sop.get("status_katalog") or "—"))
    table = Table(
        "Katalog layanan",
        (Column("No", "int"), Column("Jenis pelayanan"), Column("Uraian"), Column("Biaya"), Column("Waktu"),
         Column("Jenis"), Column("Dasar hukum"), Column("Dimulai", "int", group="Kasus dalam periode"),
         Column("Selesai", "int", group="Kasus dalam periode"), Column("Keterangan"), Column("Dasar keterangan"),
         Column("Keterangan tertulis di katalog")),
        rows_of(rows),
        note="Keterangan diturunkan dari kasus nyata: 'Sudah dilaksanakan' bila sedikitnya satu kasus layanan itu "
             "selesai dalam periode; keterangan yang tertulis di katalog ditampilkan sebagai pembanding.",
    )
    done_count = sum(1 for row in rows if row[9] == "Sudah dilaksanakan")
    summary = (("Jumlah layanan", str(len(rows))), ("Sudah dilaksanakan", str(done_count)),
               ("Belum dilaksanakan", str(len(rows) - done_count)))
    sop = sop_identity(definitions[0]) if definitions else None
    return sop, summary, (table,), "Menurut kasus yang selesai dalam periode."


def _case_counts(ctx: _RegisterContext, keys: list[str], column: Any,
                 status: CaseStatus | None = None) -> dict[str, int]:
    query = (select(ProcessDefinition.key, func.count()).join(Case, Case.definition_id == ProcessDefinition.id)
             .where(ProcessDefinition.key.in_(keys or [""]), Case.unit_id.in_(ctx.units), column.is_not(None)))
    if status is not None:
        query = query.where(Case.status == status)
    if ctx.start is not None:
        query = query.where(column >= ctx.start)
    if ctx.end is not None:
        query = query.where(column < ctx.end)
    return dict(ctx.session.execute(query.group_by(ProcessDefinition.key)).all())


def _total_time(definition: ProcessDefinition) -> str:
    parts = [s.standard_time_text or s.standard_duration for s in definition.steps]
    return " + ".join(parts)


# --- 5. the semester monitoring form ---------------------------------------------------------------------

ASSESSMENT_GOOD = "Berjalan dengan baik"
ASSESSMENT_BAD = "Tidak berjalan dengan baik"


@dataclass(frozen=True)
class MonitoringRow:
    number: int
    process_key: str
    procedure: str
    nomor_sop: str | None
    assessment: str  # ASSESSMENT_GOOD, ASSESSMENT_BAD, or "" when there is nothing to judge
    notes: str
    action: str
    completions: int
    late: int
    cases_started: int
    cases_completed: int
    cases_cancelled: int
    open_now: int
    overdue_now: int

    @property
    def share_on_time(self) -> float | None:
        return (self.completions - self.late) / self.completions if self.completions else None


@dataclass(frozen=True)
class MonitoringForm:
    year: int
    semester: int
    date_from: date
    date_to: date
    unit_name: str
    header_lines: tuple[str, ...]
    rows: tuple[MonitoringRow, ...]
    threshold: float
    generated_at: datetime
    timezone: str
    choices: ReportChoices

    @property
    def period_label(self) -> str:
        months = "Januari–Juni" if self.semester == 1 else "Juli–Desember"
        return f"Semester {'I' if self.semester == 1 else 'II'} ({months}) {self.year}"

    def document(self) -> Document:
        from engine.reports.documents import monitoring_document

        return monitoring_document(self)


def semester_dates(year: int, semester: int) -> tuple[date, date]:
    if semester not in (1, 2):
        raise ValidationFailed("Semester tidak valid.", {"semester": "Semester harus 1 atau 2."})
    if not 2000 <= year <= 2100:
        raise ValidationFailed("Tahun tidak valid.", {"year": "Tahun harus antara 2000 dan 2100."})
    return (date(year, 1, 1), date(year, 6, 30)) if semester == 1 else (date(year, 7, 1), date(year, 12, 31))


def monitoring_form(db: Database, actor_id: int, year: int, semester: int,
                    unit_code: str | None = None) -> MonitoringForm:
    """The SOP AP monitoring form (Permenpan RB 35/2012) for a semester, one row per SOP of my units,
    pre-filled from the semester's figures: "Berjalan dengan baik" is proposed when at least 80% of the
    steps completed finished on time, the figures go into the notes, and the evaluator completes and signs.
    """
    date_from, date_to = semester_dates(year, semester)
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        _require_supervisor(actor)
        start, end = local_period(date_from, date_to, db.timezone)
        units, unit_name = _supervised_scope(session, actor, unit_code)
        unit_ids = units or {0}
        now = db.clock.now()
        definitions = list(session.scalars(
            select(ProcessDefinition).where(ProcessDefinition.is_latest, ProcessDefinition.unit_id.in_(unit_ids))
            .order_by(ProcessDefinition.name)))
        keyed = (select(ProcessDefinition.key).select_from(Task)
                 .join(ProcessStep, Task.step_id == ProcessStep.id)
                 .join(ProcessDefinition, ProcessStep.definition_id == ProcessDefinition.id))
        per_step = session.execute(
            keyed.add_columns(Task.element_id, func.max(Task.step_name), func.count(), _late_count())
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
            _monitoring_row(number, d, steps_of.get(d.key, []), cases.get(d.key, {}), open_now.get(d.key, (0, 0)),
                            semester, year)
            for number, d in enumerate(definitions, start=1))
        header = sop_identity(definitions[0]).header_lines if definitions else ()
        return MonitoringForm(year=year, semester=semester, date_from=date_from, date_to=date_to,
                              unit_name=unit_name, header_lines=header, rows=rows, threshold=GOOD_PRACTICE_SHARE,
                              generated_at=now, timezone=db.timezone, choices=_choices(session, actor))


def _monitoring_row(number: int, definition: ProcessDefinition, steps: list[tuple[str, int, int]],
                    cases: dict[str, int], open_now: tuple[int, int], semester: int, year: int) -> MonitoringRow:
    completions = sum(count for _, count, _ in steps)
    late = sum(count for _, _, count in steps)
    started = sum(cases.values())
    period = f"Semester {'I' if semester == 1 else 'II'} {year}"
    notes = [f"{period}: {started} kasus dimulai, {cases.get('completed', 0)} selesai, "
             f"{cases.get('cancelled', 0)} dibatalkan, {cases.get('active', 0)} masih berjalan."]
    action: list[str] = []
    if completions:
        share = (completions - late) / completions
        assessment = ASSESSMENT_GOOD if share >= GOOD_PRACTICE_SHARE else ASSESSMENT_BAD
        notes.append(f"{completions - late} dari {completions} langkah selesai tepat waktu ({percent(share)}).")
        worst = max(steps, key=lambda s: (s[2] / s[1] if s[1] else 0, s[2]))
        if worst[2]:
            notes.append(f"Langkah paling sering terlambat: '{worst[0]}' ({worst[2]} dari {worst[1]}).")
            if assessment == ASSESSMENT_BAD:
                action.append(f"Tinjau langkah '{worst[0]}': waktu standar, beban kerja dan pembagian tugas pelaksana.")
    else:
        assessment = ""
        notes.append("Belum ada langkah yang diselesaikan melalui Alur pada semester ini.")
        action.append("Pastikan SOP ini dijalankan dan dicatat melalui Alur.")
    if open_now[0]:
        notes.append(f"Saat formulir dibuat: {open_now[0]} langkah terbuka, {open_now[1]} melewati batas waktu.")
        if open_now[1]:
            action.append(f"Selesaikan {open_now[1]} langkah yang melewati batas waktu.")
    return MonitoringRow(
        number=number, process_key=definition.key, procedure=definition.name, nomor_sop=definition.nomor_sop or None,
        assessment=assessment, notes=" ".join(notes), action=" ".join(action), completions=completions, late=late,
        cases_started=started, cases_completed=cases.get("completed", 0), cases_cancelled=cases.get("cancelled", 0),
        open_now=int(open_now[0]), overdue_now=int(open_now[1]),
    )
