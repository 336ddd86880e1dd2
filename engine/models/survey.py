"""The Survei Kepuasan Masyarakat: one questionnaire of Permenpan RB 14/2017 per row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
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
