"""The office's own records: calendar corrections, settings, notices and routine SOP runs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from engine.models.base import (
    Base,
    JSONType,
    UTCDateTime,
)


class OfficeDay(Base):
    """An office's own correction to the national calendar: a day off, or a working day."""

    __tablename__ = "office_days"
    __table_args__ = (UniqueConstraint("day", name="uq_office_days_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    is_working: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(String(300))


class OfficeSetting(Base):
    """An office-wide setting kept in the database, so every web worker and scheduler sees one value.

    Keys: ``working_week`` and ``ramadan_week`` (weekday → periods), ``ramadan_periods`` (date ranges),
    ``logo`` (the letterhead's image as a data URI, :mod:`engine.services.office_logo`).
    """

    __tablename__ = "office_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Notification(Base):
    """A notice to one person, in the app and (if they have an address) by email.

    ``dedupe_key`` is unique: however often a sweep runs, a notice is written once.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_read", "user_id", "read_at"),
        Index("ix_notifications_email", "email_status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # {"title": …, "body": …} as Phrase.to_json(): shown in the reader's language; empty on notices before 0013
    message: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    # none (no email wanted), pending, sending, sent, failed
    email_status: Mapped[str] = mapped_column(String(20), default="none")
    email_attempts: Mapped[int] = mapped_column(Integer, default=0)
    email_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    email_error: Mapped[str | None] = mapped_column(Text)


class RecurringRun(Base):
    """One occurrence of a routine SOP's schedule: unique, so a case is started once per occurrence."""

    __tablename__ = "recurring_runs"
    __table_args__ = (UniqueConstraint("process_key", "occurrence_at", name="uq_recurring_runs_occurrence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_key: Mapped[str] = mapped_column(String(120))
    occurrence_at: Mapped[datetime] = mapped_column(UTCDateTime())
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(Text)


class CacheVersion(Base):
    """Counters the in-process caches are keyed on (:mod:`engine.caches`): one row, raised in the same
    transaction as every change of what they hold, so the next request anywhere sees the change.

    ``directory``: roles, units and who holds which role (a person's standing). ``calendar``: the office's days and
    working hours (every due time).
    """

    __tablename__ = "cache_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    directory: Mapped[int] = mapped_column(BigInteger, default=1, server_default="1")
    calendar: Mapped[int] = mapped_column(BigInteger, default=1, server_default="1")
