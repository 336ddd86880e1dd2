"""People, their roles and units: creating them, signing them in, looking them up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.db import Database
from engine.errors import Conflict, NotFound, TooManyAttempts, ValidationFailed
from engine.models import LoginAttempt, Role, Unit, User, UserRole
from engine.passwords import MIN_PASSWORD_LENGTH, hash_password, needs_rehash, verify_password
from engine.services.common import load_actor, require_admin

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    email: str | None
    unit_code: str
    unit_name: str
    roles: tuple[str, ...]
    active: bool


def _info(user: User) -> UserInfo:
    return UserInfo(id=user.id, username=user.username, full_name=user.full_name, email=user.email,
                    unit_code=user.unit.code, unit_name=user.unit.name, roles=tuple(sorted(user.role_codes)),
                    active=user.active)


def create_user(
    db: Database,
    *,
    username: str,
    full_name: str,
    password: str,
    roles: list[str],
    unit_code: str,
    email: str | None = None,
    actor_id: int | None = None,
) -> UserInfo:
    """Create a person. ``actor_id`` None means the command line (an operator on the server)."""
    with db.transaction() as session:
        if actor_id is not None:
            require_admin(load_actor(session, actor_id))
        return _create_user(session, db, username=username, full_name=full_name, password=password, roles=roles,
                            unit_code=unit_code, email=email)


def _create_user(session: Session, db: Database, *, username: str, full_name: str, password: str,
                 roles: list[str], unit_code: str, email: str | None) -> UserInfo:
    username = username.strip().lower()
    errors: dict[str, str] = {}
    if not _USERNAME.match(username):
        errors["username"] = "Nama pengguna 3–80 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung."
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors["username"] = f"Nama pengguna '{username}' sudah dipakai."
    if not full_name.strip():
        errors["full_name"] = "Nama lengkap wajib diisi."
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter."
    if email and not _EMAIL.match(email.strip()):
        errors["email"] = "Alamat email tidak valid."
    known_roles = {r.code: r for r in session.scalars(select(Role))}
    by_name = {r.name.lower(): r.code for r in known_roles.values()}
    role_codes = []
    for role in roles:
        code = role if role in known_roles else by_name.get(role.strip().lower())
        if code is None:
            errors["roles"] = f"Peran '{role}' tidak dikenal. Peran yang ada: {', '.join(sorted(known_roles))}."
        else:
            role_codes.append(code)
    if not roles:
        errors["roles"] = "Minimal satu peran."
    unit = session.scalar(select(Unit).where(Unit.code == unit_code))
    if unit is None:
        known = ", ".join(session.scalars(select(Unit.code).order_by(Unit.code))) or "belum ada"
        errors["unit"] = f"Unit '{unit_code}' tidak dikenal. Unit yang ada: {known}."
    if errors:
        raise ValidationFailed("Data pengguna tidak valid.", errors)
    assert unit is not None
    user = User(username=username, full_name=full_name.strip(), email=(email or "").strip() or None,
                password_hash=hash_password(password), unit_id=unit.id, active=True, created_at=db.clock.now())
    user.roles = [UserRole(role_code=code) for code in sorted(set(role_codes))]
    session.add(user)
    session.flush()
    return _info(user)


#: Failed sign-ins allowed per username and per source address within the window.
MAX_LOGIN_FAILURES = 5
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)


def authenticate(db: Database, username: str, password: str, *, source: str = "") -> UserInfo | None:
    """The user whose password this is, or None: an unknown name and a wrong password look the same.

    After ``MAX_LOGIN_FAILURES`` failures for a name or an address within the window, further
    attempts are refused with :class:`TooManyAttempts` until the window has passed.
    """
    username = username.strip().lower()[:80]
    source = source[:64]
    now = db.clock.now()
    with db.transaction() as session:
        since = now - LOGIN_FAILURE_WINDOW
        failures = session.scalar(
            select(func.count()).select_from(LoginAttempt).where(
                LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False),
                (LoginAttempt.username == username) | ((LoginAttempt.source == source) & (source != "")),
            )
        ) or 0
        if failures >= MAX_LOGIN_FAILURES:
            raise TooManyAttempts("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit.")
        user = session.scalar(select(User).where(User.username == username))
        ok = verify_password(user.password_hash if user else None, password) and user is not None and user.active
        session.add(LoginAttempt(username=username, source=source, at=now, succeeded=bool(ok)))
        if not ok or user is None:
            return None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        return _info(user)


def get_user(db: Database, user_id: int) -> UserInfo:
    with db.transaction(write=False) as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"Pengguna {user_id} tidak ditemukan.")
        return _info(user)


def find_user(db: Database, username: str) -> UserInfo:
    with db.transaction(write=False) as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise NotFound(f"Pengguna '{username}' tidak ditemukan.")
        return _info(user)


def list_users(db: Database, actor_id: int) -> list[UserInfo]:
    with db.transaction(write=False) as session:
        require_admin(load_actor(session, actor_id))
        return [_info(u) for u in session.scalars(select(User).order_by(User.username))]


def set_user_active(db: Database, actor_id: int, user_id: int, active: bool) -> UserInfo:
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        require_admin(actor)
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"Pengguna {user_id} tidak ditemukan.")
        if user.id == actor.id and not active:
            raise Conflict("Anda tidak dapat menonaktifkan akun Anda sendiri.")
        user.active = active
        return _info(user)


def set_password(db: Database, actor_id: int | None, user_id: int, password: str) -> None:
    with db.transaction() as session:
        if actor_id is not None and actor_id != user_id:
            require_admin(load_actor(session, actor_id))
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"Pengguna {user_id} tidak ditemukan.")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValidationFailed("Kata sandi terlalu pendek.",
                                   {"password": f"Kata sandi minimal {MIN_PASSWORD_LENGTH} karakter."})
        user.password_hash = hash_password(password)


def update_user(db: Database, actor_id: int, user_id: int, *, roles: list[str], unit_code: str) -> UserInfo:
    """Change a person's roles and unit. Steps they hold stay theirs; new steps follow the new roles."""
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        require_admin(actor)
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"Pengguna {user_id} tidak ditemukan.")
        known_roles = {r.code: r for r in session.scalars(select(Role))}
        by_name = {r.name.lower(): r.code for r in known_roles.values()}
        errors: dict[str, str] = {}
        codes = {role if role in known_roles else by_name.get(role.strip().lower(), "") for role in roles}
        if not roles:
            errors["roles"] = "Minimal satu peran."
        elif "" in codes:
            errors["roles"] = f"Peran tidak dikenal. Peran yang ada: {', '.join(sorted(known_roles))}."
        unit = session.scalar(select(Unit).where(Unit.code == unit_code))
        if unit is None:
            errors["unit"] = f"Unit '{unit_code}' tidak dikenal."
        if user.id == actor.id and not any(known_roles[c].is_admin for c in codes if c in known_roles):
            errors["roles"] = "Anda tidak dapat mencabut peran administrator dari akun Anda sendiri."
        if errors:
            raise ValidationFailed("Data pengguna tidak valid.", errors)
        assert unit is not None
        user.unit_id = unit.id
        current = {r.role_code: r for r in user.roles}
        user.roles = [current.get(code) or UserRole(role_code=code) for code in sorted(codes)]
        session.flush()
        return _info(user)
