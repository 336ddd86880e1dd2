"""What every table shares: the declarative base, UTC timestamps, JSON columns and the status enums.

Spiff's saved state (``Case.workflow_state``) exists only to resume a case. Everything a person or a
report asks about (status, role, unit, assignee, due time, history) lives in plain indexed columns
here and in the append-only ``events`` table.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Enum,
    MetaData,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = JSON().with_variant(JSONB(), "postgresql")


def as_stored(moment: datetime) -> datetime:
    """An aware moment as a ``UTCDateTime`` column keeps it (naive UTC): for the column, and for rows that travel to
    PostgreSQL inside a JSON document (a completion's events, a sweep's notices)."""
    if moment.tzinfo is None:
        raise ValueError("refusing to store a naive datetime; pass an aware one")
    return moment.astimezone(UTC).replace(tzinfo=None)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, always hands back aware UTC: the same on SQLite and PostgreSQL."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return as_stored(value)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def plain_row(model: type[Base], values: dict[str, Any]) -> Any:
    """A ``model`` object holding ``values`` as if read, without a session and without the ORM's per-attribute
    events (building it through the constructor was a tenth of a completion's CPU, issue 14).

    For rows read with SQLAlchemy Core that the named transitions and the access rules then work on: reading an
    attribute, and setting one later, behave as on any object outside a session.
    """
    instance = model.__mapper__.class_manager.new_instance()
    instance.__dict__.update(values)
    return instance


class UnitKind(enum.StrEnum):
    OFFICE = "office"
    DIVISION = "division"
    SECTION = "section"


class CaseStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    #: Held by an administrator: its steps cannot be claimed or completed and are not flagged overdue.
    SUSPENDED = "suspended"


class TaskStatus(enum.StrEnum):
    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class VersionStatus(enum.StrEnum):
    """Where a version of an SOP is in its life (openSOP: DRAFT → REVIEW → APPROVED → ACTIVE → ARCHIVED).

    The moves between them are engine.services.process_versions' named transitions.
    """

    #: Registered (imported or revised), not yet approved by the Kadis: no case starts on it.
    DRAFT = "draft"
    #: Approved ("Disahkan oleh"), waiting for its Tanggal Efektif.
    APPROVED = "approved"
    #: In force: new cases start on it (at most one per SOP).
    EFFECTIVE = "effective"
    #: Replaced by a newer version that took effect (its running cases stay on it).
    ARCHIVED = "archived"
    #: A draft thrown away; kept for the record, never approved.
    DISCARDED = "discarded"


def enum_type(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)
