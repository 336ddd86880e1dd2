"""The SOPs as registered: one row per version, and its steps with their Mutu Baku."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engine.models.base import (
    Base,
    JSONType,
    UTCDateTime,
    VersionStatus,
    enum_type,
)

if TYPE_CHECKING:
    from engine.models.people import Unit


class ProcessDefinition(Base):
    """One version of one SOP. A case stays on the version it started with."""

    __tablename__ = "process_definitions"
    __table_args__ = (UniqueConstraint("key", "version", name="uq_process_definitions_key_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    nomor_sop: Mapped[str | None] = mapped_column(String(120))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    jenis: Mapped[str] = mapped_column(String(20), default="biasa")
    recurrence: Mapped[str | None] = mapped_column(String(120))
    # Read only to parse the spec once per process (engine.runtime.SPEC_CACHE), never per request.
    bpmn_xml: Mapped[str] = mapped_column(Text, deferred=True)
    sop: Mapped[dict[str, Any]] = mapped_column(JSONType)
    forms: Mapped[dict[str, Any]] = mapped_column(JSONType)
    checksum: Mapped[str] = mapped_column(String(64))
    # The version in force (status EFFECTIVE): the catalogue, reports and new cases read it.
    is_latest: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Approval lifecycle (engine.services.process_versions).
    status: Mapped[VersionStatus] = mapped_column(enum_type(VersionStatus), default=VersionStatus.EFFECTIVE,
                                                  server_default=VersionStatus.EFFECTIVE.value)
    #: The office-local day it takes (or took) effect: the SOP's Tanggal Efektif, set when approved or published.
    effective_on: Mapped[date | None] = mapped_column(Date)
    took_effect_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    discarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: "Disahkan oleh" as the Kadis recorded it in Alur: who, in which office, on which day.
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    approved_on: Mapped[date | None] = mapped_column(Date)
    approver_position: Mapped[str | None] = mapped_column(String(250))
    approver_name: Mapped[str | None] = mapped_column(String(200))
    approver_nip: Mapped[str | None] = mapped_column(String(40))

    unit: Mapped[Unit] = relationship()
    steps: Mapped[list[ProcessStep]] = relationship(
        order_by="ProcessStep.position", cascade="all, delete-orphan", lazy="selectin"
    )

    def step(self, element_id: str) -> ProcessStep:
        for step in self.steps:
            if step.element_id == element_id:
                return step
        raise KeyError(element_id)


class ProcessStep(Base):
    """A user task of a definition with its Mutu Baku, read from the BPMN at sync time."""

    __tablename__ = "process_steps"
    __table_args__ = (UniqueConstraint("definition_id", "element_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id", ondelete="CASCADE"))
    element_id: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(400))
    documentation: Mapped[str | None] = mapped_column(Text)
    # Whose queue the step lands in. For a step in an external party's lane that is the recording role, and
    # ``performer_role_code`` is the party's own role (its lane); null when the queue's role performs it.
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"))
    performer_role_code: Mapped[str | None] = mapped_column(ForeignKey("roles.code"))
    standard_duration: Mapped[str] = mapped_column(String(40))
    standard_time_text: Mapped[str | None] = mapped_column(String(80))
    time_basis: Mapped[str] = mapped_column(String(20), default="working")
    requirements: Mapped[list[str]] = mapped_column(JSONType)
    output: Mapped[str | None] = mapped_column(Text)
    form_path: Mapped[str | None] = mapped_column(String(200))
