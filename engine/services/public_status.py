"""Cek status permohonan: what an applicant with the reference and the tracking code may know about their case.

No sign-in and no person: the reference and the code are the only key. The answer is the SOP, the current step
and the role that holds it (never a person), the progress through the SOP's steps, the start and promised dates,
whether it is late, and the outcome once finished — nothing else about the case and nothing about other cases.
An unknown reference, a case of an SOP that serves no applicant and a wrong code give the same answer, and failed
tries are limited per address and per reference with the sign-in's mechanism (the ``login_attempts`` table).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.db import Database
from engine.errors import NotFound, TooManyAttempts
from engine.labels import role_label, role_names
from engine.models import Case, CaseStatus, LoginAttempt, SurveyResponse, Task, TaskStatus
from engine.phrases import N_
from engine.public_service.tracking import codes_match, is_public_service

#: ``login_attempts.username`` of a failed status lookup: this prefix and the reference (no user name has a colon).
LOOKUP_KEY_PREFIX = "cek-status:"
#: The one answer to an unknown reference and to a wrong code.
NO_MATCH = N_("Nomor permohonan dan kode lacak tidak cocok. Periksa keduanya pada tanda terima Anda.")
MAX_REFERENCE = 60


@dataclass(frozen=True)
class StatusLookupLimits:
    """Failed lookups within ``window`` after which an address (or a reference, from any address) is refused."""

    per_address: int = 10
    per_reference: int = 20
    window: timedelta = timedelta(minutes=15)

    def __post_init__(self) -> None:
        if min(self.per_address, self.per_reference) < 1 or self.window <= timedelta(0):
            raise ValueError("Batas cek status harus bilangan positif dan jendela waktunya lebih dari nol.")


@dataclass(frozen=True)
class PublicStep:
    position: int
    name: str
    #: "done", "current" or "waiting".
    state: str


@dataclass(frozen=True)
class CurrentStep:
    name: str
    role: str


@dataclass(frozen=True)
class PublicStatus:
    reference: str
    process_key: str
    process_name: str
    status: str
    current: tuple[CurrentStep, ...]
    steps: tuple[PublicStep, ...]
    started_at: datetime
    promised_at: datetime | None
    finished_at: datetime | None
    late: bool
    outcome: str | None
    #: The case is finished and its survey not yet answered: the page invites the applicant.
    survey_open: bool
    survey_answered: bool


def find_public_case(session: Session, reference: str, code: str, *, source: str, now: datetime,
                     limits: StatusLookupLimits) -> Case | None:
    """The public-service case with this reference and code, or None with the failed try recorded (the caller
    commits it, then answers :data:`NO_MATCH`); over the limits, :class:`TooManyAttempts` before any look-up."""
    reference = (reference or "").strip().upper()[:MAX_REFERENCE]
    source = (source or "")[:64]
    key = LOOKUP_KEY_PREFIX + reference
    _refuse_when_over_limits(session, key, source, now - limits.window, limits)
    case = session.scalar(select(Case).where(Case.reference == reference)) if reference else None
    stored = case.tracking_code if case is not None and is_public_service(case.definition) else None
    if case is None or not codes_match(stored, code):
        session.add(LoginAttempt(username=key, source=source, at=now, succeeded=False))
        return None
    return case


def _refuse_when_over_limits(session: Session, key: str, source: str, since: datetime,
                             limits: StatusLookupLimits) -> None:
    failed = (LoginAttempt.at >= since) & LoginAttempt.succeeded.is_(False) \
        & LoginAttempt.username.startswith(LOOKUP_KEY_PREFIX, autoescape=True)
    from_address = session.scalar(select(func.count()).select_from(LoginAttempt)
                                  .where(failed, LoginAttempt.source == source)) if source else 0
    for_reference = session.scalar(select(func.count()).select_from(LoginAttempt)
                                   .where(failed, LoginAttempt.username == key))
    if (from_address or 0) >= limits.per_address or (for_reference or 0) >= limits.per_reference:
        minutes = max(1, int(limits.window.total_seconds() // 60))
        raise TooManyAttempts(N_("Terlalu banyak percobaan cek status yang salah. Coba lagi dalam %(minutes)s menit."),
                              minutes=minutes, retry_after=int(limits.window.total_seconds()))


def public_case_status(db: Database, reference: str, code: str, *, source: str = "",
                       limits: StatusLookupLimits | None = None) -> PublicStatus:
    """The status of the case ``reference`` for whoever holds its tracking ``code``."""
    limits = limits or StatusLookupLimits()
    now = db.clock.now()
    with db.transaction() as session:  # writes only a failed try
        case = find_public_case(session, reference, code, source=source, now=now, limits=limits)
        status = _status(session, case, now) if case is not None else None
    if status is None:
        raise NotFound(NO_MATCH)
    return status


def _status(session: Session, case: Case, now: datetime) -> PublicStatus:
    tasks = session.scalars(select(Task).where(Task.case_id == case.id).order_by(Task.id)).all()
    names = role_names(session)
    open_tasks = [t for t in tasks if t.status == TaskStatus.OPEN]
    done = {t.element_id for t in tasks if t.status == TaskStatus.COMPLETED}
    current_ids = {t.element_id for t in open_tasks}
    steps = tuple(
        PublicStep(s.position, s.name, "current" if s.element_id in current_ids
                   else "done" if s.element_id in done else "waiting")
        for s in sorted(case.definition.steps, key=lambda s: s.position)
    )
    finished_at = case.completed_at or case.cancelled_at
    late = case.promised_at is not None and (finished_at or now) > case.promised_at
    answered = session.scalar(select(SurveyResponse.id).where(SurveyResponse.case_id == case.id)) is not None
    return PublicStatus(
        reference=case.reference, process_key=case.definition.key, process_name=case.definition.name,
        status=case.status.value,
        # The party that must act: the applicant for a step recorded on their behalf, else the role.
        current=tuple(CurrentStep(t.step_name, role_label(t.performer_role_code or t.role_code, names))
                      for t in open_tasks),
        steps=steps, started_at=case.started_at, promised_at=case.promised_at, finished_at=finished_at,
        late=late, outcome=case.outcome if case.status == CaseStatus.COMPLETED else None,
        survey_open=case.status == CaseStatus.COMPLETED and not answered, survey_answered=answered,
    )
