"""The scheduler's mail to applicants: the Survei Kepuasan Masyarakat's invitation of each finished public case.

The rows were written when the case finished (``engine.services.progress``); here they are sent through the same
outbox machinery as notices, so each goes out once however many schedulers run. Links need the office's public
address (``ALUR_PUBLIC_URL``): without it the invitations are marked skipped, never sent with a link that would not
open, and the status page still invites. An invitation that could not go out within :data:`INVITATION_VALID_FOR` of
the case finishing (no email server for weeks) is skipped too: a survey long after the service reads as spam.
Whatever becomes of an invitation — sent, failed for good, or skipped — goes into the case's history with it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.db import Database
from engine.mailer import Mailer, OutgoingMail
from engine.models import ApplicantMail, Case, CaseStatus, EventKind, SurveyResponse, record_event
from engine.phrases import N_
from engine.public_service.invitation import SURVEY_INVITATION, FinishedCase, survey_invitation
from engine.scheduler.outbox import send_outbox

INVITATION_VALID_FOR: Final = timedelta(days=14)
# Why an invitation was not sent (``email_error`` of a skipped row; the case page says it in the reader's language).
NO_PUBLIC_URL: Final = N_("alamat publik kantor (ALUR_PUBLIC_URL) belum diatur")
NOT_FINISHED: Final = N_("permohonan tidak selesai")
TOO_LATE: Final = N_("terlalu lama setelah permohonan selesai")
ALREADY_ANSWERED: Final = N_("survei permohonan ini sudah diisi")


def deliver_applicant_mails(db: Database, mailer: Mailer, now: datetime, errors: list[str],
                            public_url: str | None) -> int:
    """Send the applicants' pending invitations; the number sent."""
    if public_url is None:
        with db.transaction() as session:  # conditional on "pending": a row another scheduler claimed is left alone
            skipped = session.execute(update(ApplicantMail).where(ApplicantMail.email_status == "pending")
                                      .values(email_status="skipped", email_error=NO_PUBLIC_URL)
                                      .returning(ApplicantMail.case_id)).scalars().all()
            for case_id in skipped:
                record_event(session, kind=EventKind.SURVEY_INVITATION_NOT_SENT, at=now, actor_id=None,
                             case_id=case_id, payload={"reason": NO_PUBLIC_URL})
        return 0

    def settled(session: Session, row_id: int, status: str, error: str | None) -> None:
        mail = session.get(ApplicantMail, row_id)
        assert mail is not None
        if status == "sent":
            record_event(session, kind=EventKind.SURVEY_INVITATION_SENT, at=now, actor_id=None,
                         case_id=mail.case_id, payload={"to": mail.to_address})
        else:
            record_event(session, kind=EventKind.SURVEY_INVITATION_NOT_SENT, at=now, actor_id=None,
                         case_id=mail.case_id, payload={"to": mail.to_address, "reason": error or ""})

    def compose(session: Session, row: ApplicantMail) -> OutgoingMail | str:
        if row.kind != SURVEY_INVITATION:
            return f"jenis email '{row.kind}' tidak dikenal"
        case = session.get(Case, row.case_id)
        if case is None or case.status != CaseStatus.COMPLETED or not case.tracking_code:
            return NOT_FINISHED
        if row.created_at < now - INVITATION_VALID_FOR:
            return TOO_LATE
        if session.scalar(select(SurveyResponse.id).where(SurveyResponse.case_id == case.id)) is not None:
            return ALREADY_ANSWERED
        subject, body = survey_invitation(_finished(case), public_url, db.timezone)
        return OutgoingMail(to=row.to_address, subject=subject, body=body,
                            message_id=f"<alur-survei-{row.id}@{mailer.domain}>")

    return send_outbox(db, mailer, now, errors, ApplicantMail, compose, "applicant mail", settled=settled)


def _finished(case: Case) -> FinishedCase:
    sop = case.definition.sop or {}
    subject_field = (sop.get("case") or {}).get("subject_field")
    name = (case.data or {}).get(subject_field) if subject_field else None
    complaints = sop.get("pengaduan")
    return FinishedCase(
        reference=case.reference, tracking_code=case.tracking_code or "", process_name=case.definition.name,
        office_name=str((sop.get("office") or {}).get("name") or case.unit.name),
        applicant_name=str(name).strip() if name else (case.subject or ""), outcome=case.outcome,
        finished_at=case.completed_at or case.started_at,
        complaints=tuple(str(c) for c in complaints) if isinstance(complaints, list) else (),
    )
