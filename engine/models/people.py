"""People and where they sit: units, roles, users and their roles, sign-in attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from engine.models.base import (
    Base,
    UnitKind,
    UTCDateTime,
    enum_type,
)


class Unit(Base):
    """An office (Dinas), division (Bidang) or section (Seksi): routing follows this tree."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(250))
    kind: Mapped[UnitKind] = mapped_column(enum_type(UnitKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # Materialized path of ids, "/1/4/": ancestors and descendants without recursive queries.
    path: Mapped[str] = mapped_column(String(500), default="/", index=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id])


class Role(Base):
    """A role as offices name it (Pelaksana, Jafung, Kepala Bidang …): data, not code."""

    __tablename__ = "roles"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    is_supervisor: Mapped[bool] = mapped_column(Boolean, default=False)
    # Lower ranks are escalated to first (Kepala Seksi, then Kepala Bidang, then Sekretaris).
    escalation_rank: Mapped[int | None] = mapped_column(Integer)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    # Approves ("mengesahkan") the office's SOP versions: the Kadis (engine.access.may_approve_sop).
    approves_sops: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # An external party (Pemohon, Sistem OSS, pihak ketiga): nobody in the office holds it; its steps keep their
    # own lane and land in the queue of ``recorded_by_code``, the internal role that records them
    # (engine.definitions.roles).
    is_external: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    recorded_by_code: Mapped[str | None] = mapped_column(ForeignKey("roles.code"))


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    # Nomor Induk Pegawai (18 digits) of a civil servant, printed under their name where they sign a PDF.
    nip: Mapped[str | None] = mapped_column(String(18), index=True, unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Raised whenever every existing sign-in must end (logout, password change or reset,
    # deactivation, "log out all sessions"); sessions and API tokens carry the value they began with.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    unit: Mapped[Unit] = relationship()
    roles: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def role_codes(self) -> frozenset[str]:
        return frozenset(r.role_code for r in self.roles)


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role_code: Mapped[str] = mapped_column(ForeignKey("roles.code"), primary_key=True)

    # Whether the role supervises or administers is data on the role (engine.access reads it).
    role: Mapped[Role] = relationship(lazy="selectin")


class LoginAttempt(Base):
    """Sign-in attempts, to slow down password guessing across every web worker."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_username_at", "username", "at"),
                      Index("ix_login_attempts_source_at", "source", "at"),
                      Index("ix_login_attempts_username_source_at", "username", "source", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    succeeded: Mapped[bool] = mapped_column(Boolean)
