"""Roles as data: an administrator (or the operator, on the command line) lists, adds and changes them.

What a role means for steps is in :mod:`engine.definitions.roles`; who supervises and administers in
:mod:`engine.access`.
A role's code never changes (steps, tasks and people refer to it); its name, whether it supervises, its
escalation rank and whether it is an external party recorded by another role do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.db import Database
from engine.definitions.roles import CODE_PATTERN, MAX_NAME_LENGTH
from engine.errors import NotFound, ValidationFailed
from engine.models import EventKind, Role, UserRole
from engine.phrases import N_, Phrase
from engine.services.common import load_actor, record_event, require_admin

MAX_ESCALATION_RANK = 99


@dataclass(frozen=True)
class RoleInfo:
    code: str
    name: str
    is_supervisor: bool
    escalation_rank: int | None
    is_admin: bool
    is_external: bool
    #: For an external party: the internal role whose queue its steps land in ("dicatat oleh").
    recorded_by_code: str | None
    recorded_by_name: str | None
    #: People holding the role (an external party is held by nobody).
    user_count: int


def list_roles(db: Database, actor_id: int | None) -> list[RoleInfo]:
    """Every role: staff roles (supervisors by escalation rank, the administrator last), then external parties.

    ``actor_id`` None is the operator on the command line; anyone else must be an administrator.
    """
    with db.transaction(write=False) as session:
        _authorize(session, actor_id)
        return _all(session)


def create_role(db: Database, actor_id: int | None, *, code: str, name: str, supervises: bool = False,
                external: bool = False, recorded_by: str | None = None,
                escalation_rank: int | None = None) -> RoleInfo:
    """Add a role the office's SOPs name in their lanes; an external party needs the role that records its steps.

    Every problem is reported at once, in the field it belongs to, and nothing is written.
    """
    code = (code or "").strip()
    with db.transaction() as session:
        _authorize(session, actor_id)
        roles = {r.code: r for r in session.scalars(select(Role))}
        errors: dict[str, str | Phrase] = {}
        if not CODE_PATTERN.match(code):
            errors["code"] = (N_("Kode peran 2–40 karakter: huruf kecil, angka dan garis bawah, diawali huruf (mis. "
                                 "kepala_upt)."))
        elif code in roles:
            errors["code"] = Phrase(N_("Kode peran '%(code)s' sudah dipakai oleh %(name)s."),
                                    {"code": code, "name": roles[code].name})
        elif (clash := _name_owner(roles, code, None)) is not None:
            errors["code"] = Phrase(N_("'%(code)s' sudah menjadi nama peran %(code2)s; pilih kode lain."),
                                    {"code": code, "code2": clash.code})
        role = Role(code=code, name="", is_supervisor=False, escalation_rank=None, is_admin=False,
                    is_external=False, recorded_by_code=None)
        clean = _settle(roles, role, errors, name=name, supervises=supervises, external=external,
                        recorded_by=recorded_by, escalation_rank=escalation_rank, users=0)
        session.add(role)
        session.flush()
        record_event(session, kind=EventKind.ROLE_CREATED, at=db.clock.now(), actor_id=actor_id,
                     payload={"role": role.code, **clean})
        return _info(session, role, {**roles, role.code: role})


def update_role(db: Database, actor_id: int | None, code: str, *, name: str | None = None,
                supervises: bool | None = None, external: bool | None = None, recorded_by: str | None = None,
                escalation_rank: int | None = None) -> RoleInfo:
    """Change a role's name, supervision, escalation rank or external standing; None keeps a value as it is.

    ``recorded_by`` "" and ``escalation_rank`` 0 clear them. Steps already registered keep the queue they were
    given; the next ``alur processes sync`` registers a new version of an SOP whose external steps change queue.
    """
    with db.transaction() as session:
        _authorize(session, actor_id)
        roles = {r.code: r for r in session.scalars(select(Role))}
        role = roles.get((code or "").strip())
        if role is None:
            raise NotFound(N_("Peran '%(code)s' tidak ditemukan. Peran yang ada: %(roles)s."),
                           code=code, roles=', '.join(sorted(roles)))
        users = session.scalar(select(func.count()).select_from(UserRole).where(UserRole.role_code == role.code))
        before = _values(role)
        if escalation_rank is None and supervises is False:
            escalation_rank = 0  # a role that no longer supervises is no longer escalated to
        clean = _settle(
            roles, role, {}, name=role.name if name is None else name,
            supervises=role.is_supervisor if supervises is None else supervises,
            external=role.is_external if external is None else external,
            recorded_by=role.recorded_by_code if recorded_by is None else (recorded_by or None),
            escalation_rank=role.escalation_rank if escalation_rank is None else (escalation_rank or None),
            users=users or 0,
        )
        changes = {key: value for key, value in clean.items() if before[key] != value}
        if changes:
            record_event(session, kind=EventKind.ROLE_UPDATED, at=db.clock.now(), actor_id=actor_id,
                         payload={"role": role.code, "changes": changes})
        session.flush()
        return _info(session, role, roles)


def not_for_people(roles: Iterable[Role]) -> Phrase | None:
    """Why these roles cannot be given to a person (an external party is held by nobody in the office), or None."""
    external = sorted(role.name for role in roles if role.is_external)
    if not external:
        return None
    return Phrase(N_("%(roles)s adalah pihak luar: tidak dipegang pegawai; langkahnya masuk ke antrean peran "
                     "yang mencatatnya."), {"roles": ", ".join(external)})


def _authorize(session: Session, actor_id: int | None) -> None:
    if actor_id is not None:
        require_admin(load_actor(session, actor_id))


def _settle(roles: dict[str, Role], role: Role, errors: dict[str, str | Phrase], *, name: str, supervises: bool,
            external: bool, recorded_by: str | None, escalation_rank: int | None, users: int) -> dict[str, Any]:
    """Check the values a role is to have, against the other roles; raise every problem at once, else set them."""
    name = " ".join((name or "").split())
    recorded_by = (recorded_by or "").strip() or None
    recorder: Role | None = None
    if not name:
        errors["name"] = N_("Nama peran wajib diisi (mis. Kepala UPT).")
    elif len(name) > MAX_NAME_LENGTH:
        errors["name"] = Phrase(N_("Nama peran paling panjang %(max_name_length)s karakter."),
                                {"max_name_length": MAX_NAME_LENGTH})
    elif (clash := _name_owner(roles, name, role.code)) is not None:
        errors["name"] = (Phrase(N_("Nama '%(name)s' sudah dipakai peran %(name2)s (%(code)s); lane menyebut peran "
                                    "dengan nama atau kodenya, jadi keduanya harus unik."),
                                 {"name": name, "name2": clash.name, "code": clash.code}))
    if escalation_rank is not None and not 1 <= escalation_rank <= MAX_ESCALATION_RANK:
        errors["escalation_rank"] = Phrase(N_("Urutan eskalasi 1–%(max_escalation_rank)s (1 dieskalasi lebih dulu)."),
                                           {"max_escalation_rank": MAX_ESCALATION_RANK})
    elif escalation_rank is not None and not supervises:
        errors["escalation_rank"] = N_("Urutan eskalasi hanya untuk peran atasan (centang 'mengawasi').")
    if external:
        recorder = roles.get(recorded_by or "") or _name_owner(roles, recorded_by or "", None)
        if supervises or role.is_admin:
            errors["external"] = (N_("Pihak luar tidak dipegang pegawai, jadi tidak dapat mengawasi atau mengelola; "
                                     "hapus centang 'mengawasi' atau 'pihak luar'."))
        elif users:
            errors["external"] = (Phrase(N_("%(users)s pengguna memegang peran ini; cabut dulu peran ini dari "
                                            "mereka sebelum menjadikannya pihak luar."), {"users": users}))
        elif any(r.recorded_by_code == role.code for r in roles.values() if r.code != role.code):
            errors["external"] = N_("Peran ini mencatat langkah pihak luar lain, jadi tidak dapat menjadi pihak "
                                    "luar.")
        if recorded_by is None:
            errors["recorded_by"] = N_("Pihak luar wajib punya peran yang mencatat langkahnya (mis. Pelaksana).")
        elif recorder is None:
            staff = ", ".join(sorted(c for c, r in roles.items() if not r.is_external))
            errors["recorded_by"] = Phrase(N_("Peran pencatat '%(recorded_by)s' tidak dikenal. Peran yang ada: "
                                              "%(known)s."), {"recorded_by": recorded_by, "known": staff})
        elif recorder.code == role.code:
            errors["recorded_by"] = N_("Pihak luar tidak dapat mencatat langkahnya sendiri; pilih peran pegawai.")
        elif recorder.is_external:
            errors["recorded_by"] = (Phrase(N_("%(name)s juga pihak luar; langkah pihak luar dicatat oleh peran "
                                               "pegawai (mis. Pelaksana)."), {"name": recorder.name}))
    elif recorded_by is not None:
        errors["recorded_by"] = N_("Hanya pihak luar yang dicatat oleh peran lain; centang 'pihak luar' atau "
                                   "kosongkan.")
    if errors:
        raise ValidationFailed(N_("Data peran tidak valid."), errors)
    role.name, role.is_supervisor, role.escalation_rank = name, supervises, escalation_rank
    role.is_external, role.recorded_by_code = external, recorder.code if external and recorder else None
    return _values(role)


def _name_owner(roles: dict[str, Role], name: str, own_code: str | None) -> Role | None:
    """The other role already called ``name`` (by name or code, case ignored): lanes could not tell them apart."""
    wanted = name.strip().lower()
    for other in roles.values():
        if other.code != own_code and wanted in (other.code.lower(), other.name.strip().lower()):
            return other
    return None


def _values(role: Role) -> dict[str, Any]:
    return {"name": role.name, "supervises": bool(role.is_supervisor), "escalation_rank": role.escalation_rank,
            "external": bool(role.is_external), "recorded_by": role.recorded_by_code}


def _all(session: Session) -> list[RoleInfo]:
    roles = {r.code: r for r in session.scalars(select(Role))}
    counts = dict(session.execute(select(UserRole.role_code, func.count()).group_by(UserRole.role_code)).all())
    ordered = sorted(roles.values(), key=lambda r: (r.is_external, r.is_admin, r.escalation_rank is not None,
                                                    r.escalation_rank or 0, r.name.lower()))
    return [_info(session, r, roles, counts.get(r.code, 0)) for r in ordered]


def _info(session: Session, role: Role, roles: dict[str, Role], user_count: int | None = None) -> RoleInfo:
    if user_count is None:
        user_count = session.scalar(select(func.count()).select_from(UserRole)
                                    .where(UserRole.role_code == role.code)) or 0
    recorder = roles.get(role.recorded_by_code or "")
    return RoleInfo(code=role.code, name=role.name, is_supervisor=bool(role.is_supervisor),
                    escalation_rank=role.escalation_rank, is_admin=bool(role.is_admin),
                    is_external=bool(role.is_external), recorded_by_code=role.recorded_by_code,
                    recorded_by_name=recorder.name if recorder else None, user_count=user_count)


def get_role(db: Database, actor_id: int | None, code: str) -> RoleInfo:
    """One role, for its edit form."""
    with db.transaction(write=False) as session:
        _authorize(session, actor_id)
        roles = {r.code: r for r in session.scalars(select(Role))}
        if code not in roles:
            raise NotFound(N_("Peran '%(code)s' tidak ditemukan."), code=code)
        return _info(session, roles[code], roles)
