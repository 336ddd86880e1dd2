"""Use cases of a case: start it, complete its steps, cancel it, read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine import access, forms
from engine.access import get_visible_case, load_actor
from engine.db import Database
from engine.errors import Conflict, ValidationFailed
from engine.models import (
    ApplicantMail,
    Case,
    CaseCounter,
    CaseStatus,
    Event,
    EventKind,
    ProcessDefinition,
    Task,
    TaskStatus,
)
from engine.phrases import N_, Phrase
from engine.public_service.invitation import SURVEY_INVITATION
from engine.public_service.promise import promised_completion
from engine.public_service.tracking import is_public_service, new_tracking_code
from engine.reports.search import search_text, start_text_fields, whole_numbers
from engine.runtime import CaseWorkflow
from engine.services.common import MIN_CANCEL_REASON, record_event, user_names
from engine.services.definitions import may_start_case, spec_of
from engine.services.office_calendar import office_calendar
from engine.services.process_versions import definition_in_force, office_today
from engine.services.progress import advance


@dataclass(frozen=True)
class CaseRef:
    id: int
    reference: str
    status: str
    #: The code on the applicant's receipt (a public-service SOP), else None.
    tracking_code: str | None = None


def start_case(db: Database, actor_id: int, process_key: str, data: dict[str, Any] | None = None) -> CaseRef:
    """Start a case of the version of an SOP in force today; its first steps land in the right queues."""
    data = dict(data or {})
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        definition = definition_in_force(session, db, process_key)
        may_start_case(session, actor, definition).enforce()
        start_form = _start_form(definition)
        today = office_today(db.clock.now(), db.timezone)
        clean = forms.validate_form(start_form, data, today=today) if start_form is not None else _no_data(data)
        case = _open_case(session, db, definition, clean, actor.id, db.clock.now(), {})
        return CaseRef(case.id, case.reference, case.status.value, case.tracking_code)


def start_case_for_schedule(session: Session, db: Database, process_key: str, occurrence: datetime,
                            now: datetime) -> Case:
    """Start a routine SOP's case for one occurrence of its schedule (by the system, inside the caller's
    transaction).

    Its start data: the SOP's ``recurrence.data``, the subject field set to the SOP's name and the
    period, and any integer field named ``tahun…`` set to the occurrence's year.
    """
    definition = definition_in_force(session, db, process_key)
    local = occurrence.astimezone(ZoneInfo(db.timezone))
    start_form = _start_form(definition)
    data: dict[str, Any] = dict((definition.sop.get("recurrence") or {}).get("data") or {})
    fields = (start_form or {}).get("properties", {})
    subject_field = (definition.sop.get("case") or {}).get("subject_field")
    if subject_field and subject_field not in data:
        data[subject_field] = f"{definition.name} — {local:%d-%m-%Y}"
    for name, field in fields.items():
        if name.startswith("tahun") and field.get("type") == "integer" and name not in data:
            data[name] = local.year
    clean = forms.validate_form(start_form, data) if start_form is not None else {}
    return _open_case(session, db, definition, clean, None, now, {"occurrence": occurrence.isoformat()})


def _open_case(session: Session, db: Database, definition: ProcessDefinition, clean: dict[str, Any],
               starter_id: int | None, now: datetime, extra: dict[str, Any]) -> Case:
    case_settings = definition.sop.get("case") or {}
    subject_field = case_settings.get("subject_field")
    subject = str(clean.get(subject_field, "")).strip()[:300] if subject_field else ""
    reference = _next_reference(session, case_settings["reference_prefix"], now, db.timezone)
    workflow = CaseWorkflow.start(spec_of(definition), clean)
    column = search_text(reference, subject or None, clean, start_text_fields(_start_form(definition)))
    case = Case(
        reference=reference, definition_id=definition.id, unit_id=definition.unit_id,
        subject=subject or None, status=CaseStatus.ACTIVE, data=clean, started_by_id=starter_id,
        started_at=now, workflow_state="",
        search_text=column, identifiers=whole_numbers(column),
    )
    if is_public_service(definition):  # the applicant leaves with a receipt: a code and a promised date
        case.tracking_code = new_tracking_code()
        case.promised_at = promised_completion(now, definition.steps, office_calendar(session, db.timezone, now))
    session.add(case)
    session.flush()
    record_event(session, kind=EventKind.CASE_STARTED, at=now, actor_id=starter_id, case_id=case.id,
                 payload={"process": definition.key, "version": definition.version, "data": clean, **extra})
    advance(session, db, case, workflow, now, starter_id)
    return case


def _start_form(definition: ProcessDefinition) -> dict[str, Any] | None:
    path = (definition.sop.get("case") or {}).get("start_form")
    return definition.forms.get(path) if path else None


def _no_data(data: dict[str, Any]) -> dict[str, Any]:
    if data:
        raise ValidationFailed(N_("Langkah ini tidak memiliki formulir; data tidak diterima."),
                               {key: N_("isian tidak dikenal") for key in data})
    return {}


def _next_reference(session: Session, prefix: str, now: datetime, timezone: str) -> str:
    year = now.astimezone(ZoneInfo(timezone)).year
    for _ in range(3):
        number = session.execute(
            update(CaseCounter).where(CaseCounter.prefix == prefix, CaseCounter.year == year)
            .values(last=CaseCounter.last + 1).returning(CaseCounter.last)
        ).scalar()
        if number is not None:
            return f"{prefix}-{year}-{number:05d}"
        try:
            with session.begin_nested():
                session.execute(insert(CaseCounter).values(prefix=prefix, year=year, last=0))
        except IntegrityError:
            continue  # another transaction created the counter first; take the next number from it
    raise Conflict(N_("Nomor kasus tidak dapat dibuat; coba lagi."))


def cancel_case(db: Database, actor_id: int, case_id: int, reason: str) -> CaseRef:
    """Stop a case for a stated reason; its open steps are withdrawn from every inbox."""
    reason = (reason or "").strip()
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        case = get_visible_case(session, actor, case_id, lock=True, rule=access.may_cancel_case)
        if len(reason) < MIN_CANCEL_REASON:
            raise ValidationFailed(N_("Alasan pembatalan wajib diisi."),
                                   {"reason": Phrase(N_("Alasan pembatalan minimal %(num)s karakter."),
                                                     {"num": MIN_CANCEL_REASON})})
        now = db.clock.now()
        workflow = CaseWorkflow.restore(spec_of(case.definition), case.workflow_state)
        workflow.cancel()
        for task in session.scalars(select(Task).where(Task.case_id == case.id, Task.status == TaskStatus.OPEN)):
            task.cancel(now, actor.id)
        case.cancel(now, actor.id, reason)
        case.workflow_state = workflow.save()
        return CaseRef(case.id, case.reference, case.status.value)


@dataclass(frozen=True)
class StepRecord:
    task_id: int
    element_id: str
    step_name: str
    role_code: str
    status: str
    assignee: str | None
    started_at: datetime
    claimed_at: datetime | None
    due_at: datetime
    completed_at: datetime | None
    completed_by: str | None
    standard_duration: str
    data: dict[str, Any] | None
    is_overdue: bool
    #: The external party the step was recorded for ("dicatat atas nama Pemohon"), else None.
    performer_role_code: str | None = None


@dataclass(frozen=True)
class EventRecord:
    id: int
    at: datetime
    kind: str
    actor: str | None
    task_id: int | None
    payload: dict[str, Any]


@dataclass(frozen=True)
class InvitationState:
    """Where the email inviting the applicant to the survey stands: "pending", "sending", "sent", "failed" or
    "skipped" (with the reason)."""

    status: str
    to_address: str
    sent_at: datetime | None
    error: str | None


@dataclass(frozen=True)
class CaseDetail:
    id: int
    reference: str
    process_key: str
    process_name: str
    process_version: int
    nomor_sop: str | None
    unit_name: str
    subject: str | None
    status: str
    outcome: str | None
    data: dict[str, Any]
    started_by: str | None
    started_at: datetime
    completed_at: datetime | None
    cancelled_at: datetime | None
    cancel_reason: str | None
    steps: tuple[StepRecord, ...]
    events: tuple[EventRecord, ...]
    may_cancel: bool
    #: Set while a step's error waits for an administrator (engine.services.case_repair).
    attention_error: str | None = None
    #: A public-service case: the code on the applicant's receipt and the promised completion (else None).
    tracking_code: str | None = None
    promised_at: datetime | None = None
    #: A finished public-service case whose applicant gave an email address: the survey's invitation.
    survey_invitation: InvitationState | None = None


def get_case(db: Database, actor_id: int, case_id: int) -> CaseDetail:
    """A case with every step it went through and its full event history (from our tables only)."""
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        case = get_visible_case(session, actor, case_id)
        now = db.clock.now()
        tasks = session.scalars(select(Task).where(Task.case_id == case.id).order_by(Task.id)).all()
        events = session.scalars(select(Event).where(Event.case_id == case.id).order_by(Event.id)).all()
        names = user_names(session, {case.started_by_id, *(e.actor_id for e in events),
                                     *(t.assignee_id for t in tasks), *(t.completed_by_id for t in tasks)})
        steps = {s.id: s for s in case.definition.steps}
        return CaseDetail(
            id=case.id, reference=case.reference, process_key=case.definition.key,
            process_name=case.definition.name, process_version=case.definition.version,
            nomor_sop=case.definition.nomor_sop, unit_name=case.unit.name, subject=case.subject,
            status=case.status.value, outcome=case.outcome, data=case.data,
            started_by=names.get(case.started_by_id), started_at=case.started_at,
            completed_at=case.completed_at, cancelled_at=case.cancelled_at, cancel_reason=case.cancel_reason,
            steps=tuple(
                StepRecord(
                    task_id=t.id, element_id=t.element_id, step_name=t.step_name, role_code=t.role_code,
                    status=t.status.value, assignee=names.get(t.assignee_id), started_at=t.started_at,
                    claimed_at=t.claimed_at, due_at=t.due_at, completed_at=t.completed_at,
                    completed_by=names.get(t.completed_by_id),
                    standard_duration=steps[t.step_id].standard_duration, data=t.data,
                    is_overdue=(t.completed_at or now) > t.due_at and t.status != TaskStatus.CANCELLED,
                    performer_role_code=t.performer_role_code,
                )
                for t in tasks
            ),
            events=tuple(
                EventRecord(id=e.id, at=e.at, kind=e.kind, actor=names.get(e.actor_id), task_id=e.task_id,
                            payload=e.payload)
                for e in events
            ),
            may_cancel=bool(access.may_cancel_case(session, actor, case)),
            attention_error=case.attention_error,
            tracking_code=case.tracking_code, promised_at=case.promised_at,
            survey_invitation=_invitation(session, case) if case.tracking_code else None,
        )


def _invitation(session: Session, case: Case) -> InvitationState | None:
    mail = session.scalar(select(ApplicantMail).where(ApplicantMail.case_id == case.id,
                                                      ApplicantMail.kind == SURVEY_INVITATION))
    return None if mail is None else InvitationState(mail.email_status, mail.to_address, mail.email_sent_at,
                                                     mail.email_error)
