"""The Survei Kepuasan Masyarakat: one questionnaire of Permenpan RB 14/2017 per row; and the mail Alur owes an
applicant (the invitation to answer it), kept as an outbox the scheduler sends from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import Base, UTCDateTime


class SurveyResponse(Base):
    """Nine answers (1–4) with the optional respondent profile and suggestion.

    Answered by the applicant on the status page of their finished case (``case_id`` set, at most one per case), or
    typed by staff from a paper questionnaire (``entered_by_id`` set; its case is named when known). The SOP and the
    unit are kept on the row, so the index per SOP, unit and period reads one table.
    """

    __tablename__ = "survey_responses"
    __table_args__ = (Index("ix_survey_responses_process_at", "process_key", "answered_at"),
                      Index("ix_survey_responses_unit_at", "unit_id", "answered_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), unique=True)
    process_key: Mapped[str] = mapped_column(String(120))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: "online" (the applicant, on the status page) or "kertas" (typed by staff from paper).
    channel: Mapped[str] = mapped_column(String(10))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    u1: Mapped[int] = mapped_column(Integer)
    u2: Mapped[int] = mapped_column(Integer)
    u3: Mapped[int] = mapped_column(Integer)
    u4: Mapped[int] = mapped_column(Integer)
    u5: Mapped[int] = mapped_column(Integer)
    u6: Mapped[int] = mapped_column(Integer)
    u7: Mapped[int] = mapped_column(Integer)
    u8: Mapped[int] = mapped_column(Integer)
    u9: Mapped[int] = mapped_column(Integer)
    jenis_kelamin: Mapped[str | None] = mapped_column(String(20))
    pendidikan: Mapped[str | None] = mapped_column(String(40))
    pekerjaan: Mapped[str | None] = mapped_column(String(40))
    usia: Mapped[int | None] = mapped_column(Integer)
    saran: Mapped[str | None] = mapped_column(Text)

    def answers(self) -> tuple[int, ...]:
        return (self.u1, self.u2, self.u3, self.u4, self.u5, self.u6, self.u7, self.u8, self.u9)


class ApplicantMail(Base):
    """An email owed to the applicant of a public-service case, written in the transaction that made it due.

    The applicant is no user, so this is not a notice: it is addressed to the start form's email field and sent by
    the scheduler's mail step, claimed and marked like notices (``email_status`` pending, sending, sent, failed, or
    skipped when it may not be sent, with the reason in ``email_error``). One row per case and kind: the case's
    finishing writes it once, however often anything runs. The text is composed when sent, from the case.
    """

    __tablename__ = "applicant_mails"
    __table_args__ = (UniqueConstraint("case_id", "kind", name="uq_applicant_mails_case_kind"),
                      Index("ix_applicant_mails_status", "email_status", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    #: "survey_invitation" (engine.public_service.invitation).
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    email_status: Mapped[str] = mapped_column(String(20), default="pending")
    email_attempts: Mapped[int] = mapped_column(Integer, default=0)
    email_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_error: Mapped[str | None] = mapped_column(Text)
