"""People, their roles and units: creating them, signing them in and ending their sessions, looking them up."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, object_session

from engine import access
from engine.db import Database
from engine.errors import Conflict, NotAuthenticated, NotFound, TooManyAttempts, ValidationFailed
from engine.models import EventKind, LoginAttempt, Role, Unit, User, UserRole
from engine.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    credential_fingerprint,
    hash_password,
    needs_rehash,
    verify_password,
)
from engine.phrases import N_, Phrase
from engine.services.common import load_actor, page_count, record_event, require_admin
from engine.services.roles import not_for_people

_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
NIP_DIGITS = 18
USERS_PER_PAGE = 25

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
    #: Nomor Induk Pegawai (18 digits) or None for someone who is not a civil servant (yet).
    nip: str | None = None
    #: From the roles table (``Role.is_supervisor`` / ``Role.is_admin``), so the web app keeps no role codes.
    is_supervisor: bool = False
    is_admin: bool = False


def _info(user: User) -> UserInfo:
    return UserInfo(id=user.id, username=user.username, full_name=user.full_name, email=user.email,
                    unit_code=user.unit.code, unit_name=user.unit.name, roles=tuple(sorted(user.role_codes)),
                    active=user.active, nip=user.nip, is_supervisor=access.is_supervisor([r.role for r in user.roles]),
                    is_admin=access.is_admin([r.role for r in user.roles]))


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
    nip: str | None = None,
) -> UserInfo:
    """Create a person. ``actor_id`` None means the command line (an operator on the server)."""
    with db.transaction() as session:
        if actor_id is not None:
            require_admin(load_actor(session, actor_id))
        return _create_user(session, db, username=username, full_name=full_name, password=password, roles=roles,
                            unit_code=unit_code, email=email, nip=nip)


def _create_user(session: Session, db: Database, *, username: str, full_name: str, password: str,
                 roles: list[str], unit_code: str, email: str | None, nip: str | None = None) -> UserInfo:
    username = username.strip().lower()
    errors: dict[str, str | Phrase] = {}
    nip, nip_error = _checked_nip(session, nip, None)
    if nip_error:
        errors["nip"] = nip_error
    if not _USERNAME.match(username):
        errors["username"] = N_("Nama pengguna 3–80 karakter: huruf kecil, angka, titik, garis bawah atau tanda "
                                "hubung.")
    elif session.scalar(select(User.id).where(User.username == username)) is not None:
        errors["username"] = Phrase(N_("Nama pengguna '%(username)s' sudah dipakai."), {"username": username})
    if not full_name.strip():
        errors["full_name"] = N_("Nama lengkap wajib diisi.")
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = Phrase(N_("Kata sandi minimal %(min_password_length)s karakter."),
                                    {"min_password_length": MIN_PASSWORD_LENGTH})
    if email and not _EMAIL.match(email.strip()):
        errors["email"] = N_("Alamat email tidak valid.")
    known_roles = {r.code: r for r in session.scalars(select(Role))}
    by_name = {r.name.lower(): r.code for r in known_roles.values()}
    role_codes = []
    for role in roles:
        code = role if role in known_roles else by_name.get(role.strip().lower())
        if code is None:
            errors["roles"] = Phrase(N_("Peran '%(role)s' tidak dikenal. Peran yang ada: %(known_roles)s."),
                                     {"role": role, "known_roles": ', '.join(sorted(known_roles))})
        else:
            role_codes.append(code)
    if not roles:
        errors["roles"] = N_("Minimal satu peran.")
    elif external := not_for_people(known_roles[c] for c in role_codes):
        errors["roles"] = external
    unit = session.scalar(select(Unit).where(Unit.code == unit_code))
    if unit is None:
        known = ", ".join(session.scalars(select(Unit.code).order_by(Unit.code))) or "belum ada"
        errors["unit"] = Phrase(N_("Unit '%(unit_code)s' tidak dikenal. Unit yang ada: %(known)s."),
                                {"unit_code": unit_code, "known": known})
    if errors:
        raise ValidationFailed(N_("Data pengguna tidak valid."), errors)
    assert unit is not None
    user = User(username=username, full_name=full_name.strip(), email=(email or "").strip() or None, nip=nip,
                password_hash=hash_password(password), unit_id=unit.id, active=True, created_at=db.clock.now())
    user.roles = [UserRole(role_code=code) for code in sorted(set(role_codes))]
    session.add(user)
    session.flush()
    return _info(user)


@dataclass(frozen=True)
class SignInLimits:
    """How many failed sign-ins within ``window`` stop further tries, the right password included.

    Three counters, so that one guesser cannot lock out an office whose people share one address (a reverse
    proxy, the office's NAT): a name tried from one address is stopped first; a name tried from many addresses
    is stopped a little later; one address trying many names is stopped far above both, so colleagues' typos
    behind the same address never reach it. Attempts with no address count only against the name.
    """

    per_account_address: int = 5
    per_account: int = 20
    per_address: int = 100
    window: timedelta = timedelta(minutes=15)

    def __post_init__(self) -> None:
        if min(self.per_account_address, self.per_account, self.per_address) < 1 or self.window <= timedelta(0):
            raise ValueError("Batas percobaan masuk harus bilangan positif dan jendela waktunya lebih dari nol.")


@dataclass(frozen=True)
class SignIn:
    """A successful sign-in: the person, and the credential their session or token carries from now on."""

    user: UserInfo
    credential: str


def _refuse_when_over_limits(session: Session, username: str, source: str, since: datetime,
                             limits: SignInLimits) -> None:
    failed = (LoginAttempt.at >= since) & LoginAttempt.succeeded.is_(False)
    same_name = LoginAttempt.username == username
    same_address = (LoginAttempt.source == source) & (source != "")
    counted = session.execute(
        select(func.coalesce(func.sum(case((same_name & same_address, 1), else_=0)), 0),
               func.coalesce(func.sum(case((same_name, 1), else_=0)), 0),
               func.coalesce(func.sum(case((same_address, 1), else_=0)), 0))
        .where(failed, same_name | same_address)
    ).one()
    pair, name, address = (int(n) for n in counted)
    if pair >= limits.per_account_address or name >= limits.per_account or address >= limits.per_address:
        minutes = max(1, int(limits.window.total_seconds() // 60))
        raise TooManyAttempts(N_("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam %(minutes)s menit."),
                              retry_after=int(limits.window.total_seconds()), minutes=minutes)


def sign_in(db: Database, username: str, password: str, *, source: str = "",
            limits: SignInLimits | None = None) -> SignIn | None:
    """The person whose password this is, with a fresh credential, or None: an unknown name and a wrong password
    look the same. Over :class:`SignInLimits` the try is refused with :class:`TooManyAttempts` before any check.
    """
    limits = limits or SignInLimits()
    username = username.strip().lower()[:80]
    source = source[:64]
    now = db.clock.now()
    with db.transaction() as session:
        _refuse_when_over_limits(session, username, source, now - limits.window, limits)
        user = session.scalar(select(User).where(User.username == username))
        ok = verify_password(user.password_hash if user else None, password) and user is not None and user.active
        session.add(LoginAttempt(username=username, source=source, at=now, succeeded=bool(ok)))
        if not ok or user is None:
            return None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        return SignIn(user=_info(user), credential=_credential(user))


def authenticate(db: Database, username: str, password: str, *, source: str = "",
                 limits: SignInLimits | None = None) -> UserInfo | None:
    """:func:`sign_in` for callers that need only the person (the API asks for the credential separately)."""
    signed = sign_in(db, username, password, source=source, limits=limits)
    return signed.user if signed else None


def _credential(user: User) -> str:
    return credential_fingerprint(user.password_hash, user.session_epoch)


def _carries_current(user: User, credential: object) -> bool:
    return isinstance(credential, str) and hmac.compare_digest(_credential(user).encode(), credential.encode())


def _end_sessions(user: User) -> None:
    """Every browser session and API token the person holds stops working from the next request on.

    Raised in SQL, so two administrators ending sessions at once both count; the new value is read back on use.
    """
    user.session_epoch = User.session_epoch + 1  # type: ignore[assignment]
    session = object_session(user)
    assert session is not None
    session.flush()


def current_credential(db: Database, user_id: int) -> str | None:
    """The credential a session or token of this person must carry now; None for an unknown or inactive person."""
    with db.transaction(write=False) as session:
        user = session.get(User, user_id)
        return _credential(user) if user is not None and user.active else None


def signed_in_user(db: Database, user_id: int, credential: str | None) -> UserInfo | None:
    """The person a session stands for, checked on every request; None once that sign-in has ended.

    A sign-in ends with the person's logout, a password change or reset, "log out all sessions" and
    deactivation; reactivating a person does not bring old sessions back.
    """
    with db.transaction(write=False) as session:
        user = session.get(User, user_id)
        if user is None or not user.active or not _carries_current(user, credential):
            return None
        return _info(user)


def sign_out(db: Database, user_id: int, credential: str | None) -> None:
    """The person signs out: every session and token of theirs ends, not only this browser's cookie.

    A copied cookie must not outlive the logout, and nothing server-side knows one cookie from another.
    Only a still-valid credential may do this, so an old cookie cannot end newer sessions.
    """
    with db.transaction() as session:
        user = session.get(User, user_id)
        if user is not None and _carries_current(user, credential):
            _end_sessions(user)


def get_user(db: Database, user_id: int) -> UserInfo:
    with db.transaction(write=False) as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(N_("Pengguna %(user_id)s tidak ditemukan."), user_id=user_id)
        return _info(user)


def find_user(db: Database, username: str) -> UserInfo:
    with db.transaction(write=False) as session:
        user = session.scalar(select(User).where(User.username == username.strip().lower()))
        if user is None:
            raise NotFound(N_("Pengguna '%(username)s' tidak ditemukan."), username=username)
        return _info(user)


def list_users(db: Database, actor_id: int) -> list[UserInfo]:
    with db.transaction(write=False) as session:
        require_admin(load_actor(session, actor_id))
        return [_info(u) for u in session.scalars(select(User).order_by(User.username))]


@dataclass(frozen=True)
class UserPage:
    rows: tuple[UserInfo, ...]
    total: int
    page: int
    per_page: int
    query: str

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


def search_users(db: Database, actor_id: int, query: str = "", *, page: int = 1,
                 per_page: int = USERS_PER_PAGE) -> UserPage:
    """People whose name, username or NIP contains ``query`` (all when empty), by username, one page at a time:
    an office of hundreds finds one person without scrolling the whole list."""
    page, per_page = max(1, page), min(max(1, per_page), 200)
    text = " ".join(query.split())[:100]
    with db.transaction(write=False) as session:
        require_admin(load_actor(session, actor_id))
        base = select(User)
        if text:
            needle = text.lower()
            digits = re.sub(r"[\s.]", "", text)  # a NIP as printed: "19650817 199003 1 012"
            # autoescape: a typed % or _ is that character, not a LIKE wildcard
            matches = [func.lower(User.full_name).contains(needle, autoescape=True),
                       func.lower(User.username).contains(needle, autoescape=True)]
            if digits.isdigit():
                matches.append(User.nip.contains(digits, autoescape=True))
            base = base.where(or_(*matches))
        total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
        last = page_count(total, per_page)
        page = min(page, last)
        users = session.scalars(base.order_by(User.username).limit(per_page).offset((page - 1) * per_page))
        return UserPage(rows=tuple(_info(u) for u in users), total=total, page=page, per_page=per_page,
                        query=text)


def nip_problem(nip: str) -> Phrase | None:
    """Why ``nip`` (digits only) is not a NIP, or None. A NIP is 18 digits: birth date (YYYYMMDD), the month the
    person became a civil servant (YYYYMM), sex (1 man, 2 woman) and a 3-digit number, e.g. 19650817 199003 1 012."""
    example = Phrase(N_("contoh: %(nip)s"), {"nip": "19650817 199003 1 012"})
    if not (nip.isascii() and nip.isdigit()) or len(nip) != NIP_DIGITS:
        return Phrase(N_("NIP terdiri atas %(digits)s angka (%(example)s); yang diisi %(length)s karakter."),
                      {"digits": NIP_DIGITS, "example": example, "length": len(nip)})
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return Phrase(N_("8 angka pertama NIP adalah tanggal lahir (TTTTBBHH); '%(nip)s' bukan tanggal."),
                      {"nip": nip[0:8]})
    appointed_year, appointed_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= appointed_month <= 12:
        return Phrase(N_("Angka ke-9 sampai ke-14 NIP adalah tahun dan bulan pengangkatan (TTTTBB); '%(nip)s' bukan "
                         "bulan."), {"nip": nip[8:14]})
    if appointed_year < born.year + 14:
        return Phrase(N_("Tahun pengangkatan %(appointed)s dalam NIP terlalu dekat dengan tahun lahir %(born)s; "
                         "periksa NIP."), {"appointed": appointed_year, "born": born.year})
    if nip[14] not in "12":
        return Phrase(N_("Angka ke-15 NIP adalah jenis kelamin (1 laki-laki, 2 perempuan), bukan %(nip)s."),
                      {"nip": nip[14]})
    return None


def _checked_nip(session: Session, nip: str | None, user_id: int | None) -> tuple[str | None, Phrase | None]:
    """The NIP as stored (digits only; None when left empty) and what is wrong with it, if anything."""
    cleaned = re.sub(r"[\s.]", "", nip or "")
    if not cleaned:
        return None, None
    if problem := nip_problem(cleaned):
        return None, problem
    holder = session.scalar(select(User).where(User.nip == cleaned))
    if holder is not None and holder.id != user_id:
        return None, Phrase(N_("NIP %(nip)s sudah tercatat untuk %(name)s (%(username)s)."),
                            {"nip": cleaned, "name": holder.full_name, "username": holder.username})
    return cleaned, None


def set_user_active(db: Database, actor_id: int, user_id: int, active: bool) -> UserInfo:
    """An administrator deactivates or reactivates a person; either way their old sessions and tokens stay ended."""
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        require_admin(actor)
        user = _load_user(session, user_id)
        if user.id == actor.id and not active:
            raise Conflict(N_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
        if user.active != active:
            user.active = active
            _end_sessions(user)
            record_event(session, kind=EventKind.USER_ACTIVATED if active else EventKind.USER_DEACTIVATED,
                         at=db.clock.now(), actor_id=actor.id, payload={"user_id": user.id})
        return _info(user)


def set_password(db: Database, actor_id: int | None, user_id: int, password: str) -> None:
    """An administrator (or, with ``actor_id`` None, an operator on the server) sets a person's password.

    Anyone else changes their own password with :func:`change_own_password`, which asks for the current one.
    Every session and token the person held ends.
    """
    with db.transaction() as session:
        if actor_id is not None:
            require_admin(load_actor(session, actor_id))
        user = _load_user(session, user_id)
        _check_new_password(password)
        user.password_hash = hash_password(password)
        _end_sessions(user)
        record_event(session, kind=EventKind.PASSWORD_RESET, at=db.clock.now(), actor_id=actor_id,
                     payload={"user_id": user.id})


def change_own_password(db: Database, user_id: int, current_password: str, new_password: str,
                        repeated_password: str, *, source: str = "", limits: SignInLimits | None = None) -> str:
    """The signed-in person changes their own password, proving it is them with the current one.

    Their other sessions and tokens end; the returned credential keeps the browser they did it from signed in.
    A wrong current password counts as a failed sign-in (the same limits), so a borrowed session cannot be used
    to guess it.
    """
    limits = limits or SignInLimits()
    now = db.clock.now()
    errors: dict[str, str | Phrase] = {}
    with db.transaction() as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            raise NotAuthenticated(N_("Sesi tidak valid; silakan masuk kembali."))
        _refuse_when_over_limits(session, user.username, source[:64], now - limits.window, limits)
        if not verify_password(user.password_hash, current_password):
            errors["current"] = N_("Kata sandi saat ini salah.")
            # Kept (the transaction commits) although the change is refused below.
            session.add(LoginAttempt(username=user.username, source=source[:64], at=now, succeeded=False))
        else:
            try:
                _check_new_password(new_password)
            except ValidationFailed as failed:
                errors.update(failed.field_errors)
            if new_password != repeated_password:
                errors.setdefault("repeated", "Kata sandi baru dan ulangannya tidak sama.")
        if not errors:
            user.password_hash = hash_password(new_password)
            _end_sessions(user)
            record_event(session, kind=EventKind.PASSWORD_CHANGED, at=now, actor_id=user.id,
                         payload={"user_id": user.id})
            return _credential(user)
    raise ValidationFailed(N_("Kata sandi tidak diganti."), errors)


def end_all_sessions(db: Database, actor_id: int, user_id: int) -> UserInfo:
    """An administrator ends every session and API token of a person (a lost phone, a shared computer).

    The person signs in again with their password; it is recorded who did this and when.
    """
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        require_admin(actor)
        user = _load_user(session, user_id)
        _end_sessions(user)
        record_event(session, kind=EventKind.SESSIONS_ENDED, at=db.clock.now(), actor_id=actor.id,
                     payload={"user_id": user.id})
        return _info(user)


def _load_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(N_("Pengguna %(user_id)s tidak ditemukan."), user_id=user_id)
    return user


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(N_("Kata sandi terlalu pendek."),
                               {"password": Phrase(N_("Kata sandi minimal %(min_password_length)s karakter."),
                                                   {"min_password_length": MIN_PASSWORD_LENGTH})})
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(N_("Kata sandi terlalu panjang."),
                               {"password": Phrase(N_("Kata sandi maksimal %(max_password_length)s karakter."),
                                                   {"max_password_length": MAX_PASSWORD_LENGTH})})


def update_user(db: Database, actor_id: int, user_id: int, *, roles: list[str], unit_code: str,
                nip: str | None = None) -> UserInfo:
    """Change a person's roles, unit and (unless ``nip`` is None) NIP; an empty NIP removes it. Steps they hold
    stay theirs; new steps follow the new roles."""
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        require_admin(actor)
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(N_("Pengguna %(user_id)s tidak ditemukan."), user_id=user_id)
        known_roles = {r.code: r for r in session.scalars(select(Role))}
        by_name = {r.name.lower(): r.code for r in known_roles.values()}
        errors: dict[str, str | Phrase] = {}
        codes = {role if role in known_roles else by_name.get(role.strip().lower(), "") for role in roles}
        if not roles:
            errors["roles"] = N_("Minimal satu peran.")
        elif "" in codes:
            errors["roles"] = Phrase(N_("Peran tidak dikenal. Peran yang ada: %(known_roles)s."),
                                     {"known_roles": ', '.join(sorted(known_roles))})
        elif external := not_for_people(known_roles[c] for c in codes):
            errors["roles"] = external
        unit = session.scalar(select(Unit).where(Unit.code == unit_code))
        if unit is None:
            errors["unit"] = Phrase(N_("Unit '%(unit_code)s' tidak dikenal."), {"unit_code": unit_code})
        if user.id == actor.id and not any(known_roles[c].is_admin for c in codes if c in known_roles):
            errors["roles"] = N_("Anda tidak dapat mencabut peran administrator dari akun Anda sendiri.")
        cleaned_nip, nip_error = _checked_nip(session, nip, user.id)
        if nip_error:
            errors["nip"] = nip_error
        if errors:
            raise ValidationFailed(N_("Data pengguna tidak valid."), errors)
        assert unit is not None
        user.unit_id = unit.id
        if nip is not None:
            user.nip = cleaned_nip
        current = {r.role_code: r for r in user.roles}
        user.roles = [current.get(code) or UserRole(role_code=code) for code in sorted(codes)]
        session.flush()
        return _info(user)
