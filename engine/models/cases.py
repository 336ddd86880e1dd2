"""Cases, their steps and their history: the named transitions that keep status, timers and events together."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session, relationship

from engine.errors import IllegalTransition
from engine.models.base import (
    Base,
    CaseStatus,
    JSONType,
    TaskStatus,
    UTCDateTime,
    enum_type,
    plain_row,
)
from engine.phrases import N_, Phrase

if TYPE_CHECKING:
    from engine.models.people import Unit, User
    from engine.models.processes import ProcessDefinition, ProcessStep


class Case(Base):
    """One run of an SOP: one NIB registration, one training."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status_started", "status", "started_at"),
        Index("ix_cases_definition_status", "definition_id", "status"),
        # The archive's order, newest first (started_at, id): a page is read off the index even where many cases
        # share a start time.
        Index("ix_cases_started_id", "started_at", "id"),
        Index("ix_cases_started_by", "started_by_id"),
        Index("ix_cases_attention_at", "attention_at"),
        # The archive search: a trigram index on PostgreSQL; SQLite scans the column (an empty partial index there,
        # so the schema is one and the same).
        Index("ix_cases_search_text", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}, sqlite_where=text("0")),
        # A NIK, NPWP or NIB typed whole: one lookup in a GIN index on PostgreSQL, however many cases there are.
        Index("ix_cases_identifiers", "identifiers", postgresql_using="gin",
              postgresql_ops={"identifiers": "jsonb_path_ops"}, sqlite_where=text("0")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    subject: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[CaseStatus] = mapped_column(enum_type(CaseStatus), default=CaseStatus.ACTIVE)
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    # What the archive search reads (engine.reports.search): reference, subject, start text fields and the
    # identifiers entered in steps, lower-cased and accent-folded; written whenever the case's data changes.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: The whole numbers of ``search_text`` (engine.reports.search.whole_numbers), for an exact identifier search.
    identifiers: Mapped[list[str]] = mapped_column(JSONType, default=list, server_default="[]")
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(200))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # Set when a step raised an error (a decision that cannot be evaluated): the case "perlu perhatian" of an
    # administrator until it is migrated or moved (engine.services.case_repair).
    attention_error: Mapped[str | None] = mapped_column(Text)
    attention_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When an administrator suspended the case; on resume its open steps' times move by the working time since.
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A public-service case (sop.json "layanan_publik"): the code on the applicant's receipt that opens the public
    # status page with the reference (engine.public_service.tracking), and when the SOP's standard times promise it
    # finished. Null for other SOPs.
    tracking_code: Mapped[str | None] = mapped_column(String(16))
    promised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # SpiffWorkflow's saved state, without the spec (the definition's spec is cached per process).
    workflow_state: Mapped[str] = mapped_column(Text)
    # Optimistic lock: a concurrent change of the same case fails instead of overwriting.
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    definition: Mapped[ProcessDefinition] = relationship(lazy="joined")
    unit: Mapped[Unit] = relationship()
    started_by: Mapped[User | None] = relationship(foreign_keys=[started_by_id])

    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": lock_version}

    def finish(self, at: datetime, by: int | None, outcome: str | None) -> Event:
        """The workflow reached an end event: the case is completed with that outcome."""
        self._require_running("diselesaikan")
        self.status, self.completed_at, self.outcome = CaseStatus.COMPLETED, at, outcome
        return _record(self, EventKind.CASE_COMPLETED, at, by, {"outcome": outcome}, case_id=self.id)

    def cancel(self, at: datetime, by: int, reason: str) -> Event:
        """Stopped for a stated reason; the caller withdraws its open steps (``Task.cancel``) and its workflow."""
        self._require_running("dibatalkan")
        self.status = CaseStatus.CANCELLED
        self.cancelled_at, self.cancelled_by_id, self.cancel_reason = at, by, reason
        return _record(self, EventKind.CASE_CANCELLED, at, by, {"reason": reason}, case_id=self.id)

    def _require_running(self, doing: str) -> None:
        if self.status != CaseStatus.ACTIVE:
            raise IllegalTransition(N_("Kasus %(case)s tidak sedang berjalan; tidak dapat %(doing)s."),
                                    case=self.reference, doing=Phrase(doing))


#: The columns of a step's pending timers (``Task.stop_timers``), each indexed where it is set.
TIMERS = ("flag_overdue_at", "remind_at", "next_escalation_at")


class Task(Base):
    """One activation of a user task: who may act, who holds it, when it is due, what was entered."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_status_due", "status", "due_at"),
        # The lists, each from an index that leads with what it filters on: "Tugas Saya" (holder, open, due),
        # the queue (open and unclaimed: role, unit, due) and the supervisor's board (open, unit, due).
        Index("ix_tasks_assignee_status_due", "assignee_id", "status", "due_at", "id"),
        Index("ix_tasks_open_queue", "role_code", "unit_id", "due_at", "id",
              postgresql_where=text("status = 'open' AND assignee_id IS NULL"),
              sqlite_where=text("status = 'open' AND assignee_id IS NULL")),
        Index("ix_tasks_status_unit_due", "status", "unit_id", "due_at"),
        Index("ix_tasks_case", "case_id", "id"),
        Index("ix_tasks_step_completed", "step_id", "completed_at"),
        Index("ix_tasks_assignee_case", "assignee_id", "case_id"),
        # The scheduler's timers (below): each index holds only the pending ones, which is all a sweep reads, so
        # completed steps (the million rows of history) are not in them and closing a step writes no entry there.
        *(Index(f"ix_tasks_{timer}", timer, postgresql_where=text(f"{timer} IS NOT NULL"),
                sqlite_where=text(f"{timer} IS NOT NULL")) for timer in TIMERS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    spiff_task_id: Mapped[str] = mapped_column(String(36))
    step_id: Mapped[int] = mapped_column(ForeignKey("process_steps.id"))
    element_id: Mapped[str] = mapped_column(String(120))
    step_name: Mapped[str] = mapped_column(String(400))
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    # Copied from the step: the external party on whose behalf ``role_code`` records this step (else null).
    performer_role_code: Mapped[str | None] = mapped_column(ForeignKey("roles.code"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[TaskStatus] = mapped_column(enum_type(TaskStatus), default=TaskStatus.OPEN)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    data: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    # When the scheduler flagged the step as overdue (once); null while on time.
    overdue_flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    # Pending timers: each is the moment the scheduler must act, and null once handled or when the
    # step closes, so a sweep reads only the rows that are due (its cost follows them, not open tasks).
    flag_overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_escalation_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Maintained when the step completes, so reports aggregate columns instead of recomputing calendars.
    standard_working_minutes: Mapped[int | None] = mapped_column(Integer)
    actual_working_minutes: Mapped[int | None] = mapped_column(Integer)
    finished_late: Mapped[bool | None] = mapped_column(Boolean)

    def stop_timers(self) -> None:
        """A closed step is never flagged, reminded or escalated."""
        self.flag_overdue_at = self.remind_at = self.next_escalation_at = None

    # Named transitions: each checks the step is open, changes status, holder and timers together and records
    # its event, so no caller can change one without the others. Who may do it is engine.access's question.

    def claim(self, user_id: int, at: datetime) -> Event:
        """Taken from the queue into "Tugas Saya"."""
        self._require_open(N_("diambil"))
        self.assignee_id, self.claimed_at = user_id, at
        return self._record(EventKind.TASK_CLAIMED, at, user_id, {})

    def unclaim(self, at: datetime, by: int) -> Event:
        """Put back in the queue by its holder or a supervisor."""
        self._require_open(N_("dilepas"))
        previous, self.assignee_id, self.claimed_at = self.assignee_id, None, None
        return self._record(EventKind.TASK_UNCLAIMED, at, by, {"from_user_id": previous})

    def reassign(self, to_user_id: int, at: datetime, by: int, reason: str) -> Event:
        """Handed by a supervisor to someone else who may do it."""
        self._require_open(N_("dialihkan"))
        previous, self.assignee_id, self.claimed_at = self.assignee_id, to_user_id, at
        return self._record(EventKind.TASK_REASSIGNED, at, by,
                            {"from_user_id": previous, "to_user_id": to_user_id, "reason": reason})

    def complete(self, by: int, at: datetime, data: dict[str, Any], *, standard_working_minutes: int,
                 actual_working_minutes: int, note: dict[str, Any] | None = None) -> Event:
        """Done with its form data (an unclaimed step is claimed on the way); its timers stop."""
        self._require_open(N_("diselesaikan"))
        if self.assignee_id is None:
            self.claim(by, at)
        self.status = TaskStatus.COMPLETED
        self.stop_timers()
        self.completed_at, self.completed_by_id, self.data = at, by, data
        self.standard_working_minutes, self.actual_working_minutes = standard_working_minutes, actual_working_minutes
        self.finished_late = at > self.due_at
        return self._record(EventKind.TASK_COMPLETED, at, by,
                            {"element_id": self.element_id, "data": data, "late": self.finished_late, **(note or {})})

    def cancel(self, at: datetime, by: int | None) -> Event:
        """Withdrawn from every inbox (its case was cancelled, or the workflow no longer waits for it)."""
        self._require_open(N_("dibatalkan"))
        self.status = TaskStatus.CANCELLED
        self.stop_timers()
        return self._record(EventKind.TASK_CANCELLED, at, by, {})

    def _require_open(self, doing: str) -> None:
        if self.status != TaskStatus.OPEN:
            raise IllegalTransition(N_("Langkah '%(step)s' sudah ditutup; tidak dapat %(doing)s."),
                                    step=self.step_name, doing=Phrase(doing))

    def _record(self, kind: EventKind, at: datetime, by: int | None, payload: dict[str, Any]) -> Event:
        return _record(self, kind, at, by, {"step": self.step_name, **payload}, case_id=self.case_id,
                       task_id=self.id)

    case: Mapped[Case] = relationship()
    step: Mapped[ProcessStep] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])


class EventKind(enum.StrEnum):
    """What a history entry records; stored as its value, so old rows and new code name the same kinds."""

    CASE_STARTED = "case_started"
    CASE_COMPLETED = "case_completed"
    CASE_CANCELLED = "case_cancelled"
    CASE_NEEDS_ATTENTION = "case_needs_attention"
    CASE_MIGRATED = "case_migrated"
    CASE_MOVED = "case_moved"
    CASE_SUSPENDED = "case_suspended"
    CASE_RESUMED = "case_resumed"
    TASK_CREATED = "task_created"
    TASK_CLAIMED = "task_claimed"
    TASK_UNCLAIMED = "task_unclaimed"
    TASK_REASSIGNED = "task_reassigned"
    TASK_COMPLETED = "task_completed"
    TASK_CANCELLED = "task_cancelled"
    TASK_OVERDUE = "task_overdue"
    TASK_REMINDED = "task_reminded"
    TASK_ESCALATED = "task_escalated"
    SURVEY_INVITATION_SENT = "survey_invitation_sent"
    SURVEY_INVITATION_NOT_SENT = "survey_invitation_not_sent"
    COMMENT_ADDED = "comment_added"
    ATTACHMENT_ADDED = "attachment_added"
    ATTACHMENT_REMOVED = "attachment_removed"
    USER_ACTIVATED = "user_activated"
    USER_DEACTIVATED = "user_deactivated"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - an event's name, not a password
    PASSWORD_CHANGED = "password_changed"  # noqa: S105
    SESSIONS_ENDED = "sessions_ended"
    ROLE_CREATED = "role_created"
    ROLE_UPDATED = "role_updated"
    VERSION_REGISTERED = "version_registered"
    VERSION_APPROVED = "version_approved"
    VERSION_TOOK_EFFECT = "version_took_effect"
    VERSION_ARCHIVED = "version_archived"
    VERSION_DISCARDED = "version_discarded"


def _record(owner: Base, kind: EventKind, at: datetime, actor_id: int | None, payload: dict[str, Any], *,
            case_id: int | None, task_id: int | None = None) -> Event:
    """Append a history entry in the session ``owner`` belongs to: a transition and its event commit together.

    A row read without a session (the completion's SQL, ``engine.services.progress.LockedStep``) carries an
    ``event_outbox`` list instead: its events are written with the row, in the same transaction.
    """
    session = object_session(owner)
    if session is not None:
        return record_event(session, kind=kind, at=at, actor_id=actor_id, case_id=case_id, task_id=task_id,
                            payload=payload)
    outbox = owner.__dict__.get("event_outbox")
    if outbox is None:
        raise RuntimeError("a transition needs its row in a session")
    event = plain_row(Event, {"kind": kind, "at": at, "actor_id": actor_id, "case_id": case_id, "task_id": task_id,
                              "payload": payload})
    outbox.append((owner, event))
    return event


def record_event(
    session: Session,
    *,
    kind: EventKind,
    at: datetime,
    actor_id: int | None,
    case_id: int | None = None,
    task_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> Event:
    """Append an entry to the history; a status change of a case or step records its own (``Task.complete`` …)."""
    event = Event(kind=kind, at=at, actor_id=actor_id, case_id=case_id, task_id=task_id, payload=payload or {})
    session.add(event)
    return event


class Event(Base):
    """Append-only history: who did what to which case, and when. Never updated, never deleted."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_case", "case_id", "id"),
        Index("ix_events_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)

    actor: Mapped[User | None] = relationship()


class CaseCounter(Base):
    """Per-prefix, per-year numbering of case references (NIB-2026-00017)."""

    __tablename__ = "case_counters"

    prefix: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Comment(Base):
    """A note on a case by someone who may see it (a question, a review remark). Never edited."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_case", "case_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    body: Mapped[str] = mapped_column(Text)

    author: Mapped[User] = relationship()


class Attachment(Base):
    """A file (PDF, JPG, PNG) added to a step; the bytes live on disk under a random storage name.

    ``filename`` is the sanitized original name, shown and offered on download; ``storage_name`` is the
    only thing that touches the file system. A removed attachment keeps its row and its file (history).
    """

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_case", "case_id", "id"), Index("ix_attachments_task", "task_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])
