"""Who may do what to a case or a step: each rule written once, asked by pages, actions and list queries.

The flags a page or the API shows (``may_complete`` …), the checks inside the actions (``complete_task`` …) and
the filters of the lists (the queue, the case list, the supervision board, the scheduler's "who should act")
all come from here, so a button is shown exactly when pressing it would be accepted.

The rules, in the office's words:

- A *supervisor* holds a role marked ``is_supervisor`` in the roles table, an *administrator* one marked
  ``is_admin``: roles are data, no role code is written in code. A supervisor supervises their own unit and
  every unit below it.
- To *work on* a step (claim it, complete it, attach a file to it) a person needs the step's role in a unit that
  reaches the step's unit: their own unit, one above it or one below it. The role and the unit decide, not who
  holds the step: a holder whose role was taken away (or who moved to another unit) may no longer complete the
  step or add files to it; they (or a supervisor) release it, or a supervisor reassigns it.
- A held step is *released* to the queue by its holder (even one who lost the role: giving work back is always
  allowed) or by a supervisor of its unit.
- A step is *reassigned* by a supervisor of its unit, to an active person who may work on it.
- A case, and every step of it, is *seen* by the supervisors of its unit, by the people who took part (started it,
  held or completed one of its steps) and by whoever may work on one of its open steps. Whoever may see a case may
  *comment* on it, whatever its status (the Kadis reviews finished cases).
- A running case is *cancelled* by a supervisor of its unit or by the person who started it.
- A case of an SOP is *started* by a person with one of the SOP's starter roles in a unit that reaches the SOP's.
- A paper questionnaire of the Survei Kepuasan Masyarakat is *entered* by whoever may start the public service's
  cases or supervises its unit.
- A draft version of an SOP is *approved* ("disahkan") by the Kadis: a person holding a role marked
  ``approves_sops`` in the roles table, in a unit that reaches the SOP's unit (their own office's SOPs). A draft is
  *discarded* by the Kadis or by an administrator (who imported it); SOP workbooks are *imported* by an administrator.

Each action rule answers with a :class:`Decision`: allowed; allowed with nothing left to do (claiming a step one
already holds); or refused with the error the action raises, whose message tells the person why.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam, exists, or_, select
from sqlalchemy.orm import Session, aliased

from engine.caches import CACHES_KEY, VERSIONS_KEY, Versions, versions_join
from engine.errors import AlurError, Conflict, NotAuthenticated, NotAuthorized, NotFound
from engine.models import CacheVersion, Case, CaseStatus, Role, Task, TaskStatus, Unit, User, UserRole, plain_row
from engine.passwords import credential_fingerprint
from engine.phrases import N_, Phrase


@dataclass(frozen=True)
class Actor:
    """The person acting in this transaction, with the roles and units their rules are decided on."""

    user: User
    roles: frozenset[str]
    supervisor_roles: frozenset[str]
    admin: bool
    #: Units whose steps the person may work on: their own unit, the units above it and the units below it.
    reachable_unit_ids: frozenset[int]
    #: Units the person supervises (if they hold a supervisor role): their unit and every unit below it.
    supervised_unit_ids: frozenset[int]
    #: Holds a role that approves SOP versions (``Role.approves_sops``: the Kadis).
    approves_sops: bool = False

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def is_supervisor(self) -> bool:
        return bool(self.supervisor_roles)


def load_actor(session: Session, user_id: int | None, *, credential: str | None = None) -> Actor:
    """The active person ``user_id``, with their roles read from the roles table; anyone else is signed out.

    One query reads the person (always fresh: deactivation and the sign-in's credential count at once) and the
    cache counters (:mod:`engine.caches`); their roles and units come from the process's cache while the
    ``directory`` counter is unchanged. ``credential``: what the caller's session or bearer token carries
    (``engine.passwords.credential_fingerprint``), checked in the same query instead of a transaction of its own.
    """
    row = session.connection().execute(PERSON, {"user_id": user_id}).first() if user_id is not None else None
    return actor_of(session, row, credential=credential)


def actor_of(session: Session, row: Any, *, credential: str | None = None) -> Actor:
    """:func:`load_actor` from a row that starts with :data:`PERSON`'s columns (None: no such person), for a
    service that reads the person in the same SELECT as its own rows (a completion, issue 14)."""
    if row is None or not row.active:
        raise NotAuthenticated(SIGNED_OUT if credential is None else SIGN_IN_ENDED)
    # A plain row (issue 14): the rules read only its columns; a service that changes the person loads them itself.
    user = plain_row(User, dict(zip(_PERSON_KEYS, row[:len(_PERSON_KEYS)], strict=True)))
    if credential is not None and not hmac.compare_digest(
            credential_fingerprint(user.password_hash, user.session_epoch).encode(), credential.encode()):
        raise NotAuthenticated(SIGN_IN_ENDED)
    versions = session.info[VERSIONS_KEY] = Versions(row.cache_directory, row.cache_calendar)
    caches = session.info.get(CACHES_KEY)
    if caches is None:
        standing = _read_standing(session, user.id, user.unit_id)
    else:
        standing = caches.standings.get(versions.directory, (user.id, user.unit_id),
                                        lambda: _read_standing(session, user.id, user.unit_id))
    return Actor(user=user, roles=standing.roles, supervisor_roles=standing.supervisor_roles, admin=standing.admin,
                 reachable_unit_ids=standing.reachable_unit_ids, supervised_unit_ids=standing.supervised_unit_ids,
                 approves_sops=standing.approves_sops)


_PERSON_KEYS = tuple(column.key for column in User.__table__.columns)
#: The person ``:user_id`` and the cache counters, as :func:`load_actor` reads them.
PERSON = select(*User.__table__.columns, CacheVersion.directory.label("cache_directory"),
                 CacheVersion.calendar.label("cache_calendar")).outerjoin_from(
    User, CacheVersion, versions_join()).where(User.id == bindparam("user_id"))

#: Why a person is signed out: no such active person, or the sign-in a token or session began with has ended.
SIGNED_OUT = N_("Sesi tidak valid; silakan masuk kembali.")
SIGN_IN_ENDED = N_("Token sudah dicabut (kata sandi diganti, sesi diakhiri, atau akun dinonaktifkan); "
                   "minta token baru.")


@dataclass(frozen=True)
class _Standing:
    """What the rules read about a person besides who they are: cached per (person, unit) and directory version."""

    roles: frozenset[str]
    supervisor_roles: frozenset[str]
    admin: bool
    reachable_unit_ids: frozenset[int]
    supervised_unit_ids: frozenset[int]
    approves_sops: bool


def _read_standing(session: Session, user_id: int, unit_id: int) -> _Standing:
    roles = session.execute(select(Role.code, Role.is_supervisor, Role.is_admin, Role.approves_sops)
                            .join(UserRole, UserRole.role_code == Role.code).where(UserRole.user_id == user_id)).all()
    unit = session.get(Unit, unit_id)
    assert unit is not None
    below = unit_and_descendant_ids(session, unit)
    above = set(ancestor_ids(unit))
    supervisor_roles = frozenset(code for code, supervises_, _admin, _approves in roles if supervises_)
    return _Standing(
        roles=frozenset(code for code, *_flags in roles),
        supervisor_roles=supervisor_roles,
        admin=any(admin for _code, _sup, admin, _approves in roles),
        reachable_unit_ids=frozenset(below | above),
        supervised_unit_ids=frozenset(below) if supervisor_roles else frozenset(),
        approves_sops=any(approves for *_rest, approves in roles),
    )


def unit_and_descendant_ids(session: Session, unit: Unit) -> set[int]:
    return set(session.scalars(select(Unit.id).where(Unit.path.startswith(unit.path))))


def ancestor_ids(unit: Unit) -> list[int]:
    """The unit and every unit above it, from the office down (read from its materialized path)."""
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def heads_office(actor: Actor) -> bool:
    """The Kadis, head of the office: holds the role that approves the office's SOPs (``Role.approves_sops``).
    Their first page is the office overview rather than a supervisor's board."""
    return actor.approves_sops


def is_supervisor(roles: Collection[Role]) -> bool:
    """Whether these roles make a person a supervisor (``Role.is_supervisor``)."""
    return any(role.is_supervisor for role in roles)


def is_admin(roles: Collection[Role]) -> bool:
    """Whether these roles make a person an administrator (``Role.is_admin``)."""
    return any(role.is_admin for role in roles)


def role_standing(session: Session, role_codes: Collection[str]) -> tuple[bool, bool]:
    """(supervisor, administrator) for a set of role codes, as the roles table says."""
    roles = list(session.scalars(select(Role).where(Role.code.in_(list(role_codes) or [""]))))
    return is_supervisor(roles), is_admin(roles)


@dataclass(frozen=True)
class Decision:
    """An answer to "may this person do this now?".

    ``bool(decision)`` is the page's ``may_*`` flag: true when the action would be accepted and change something.
    ``enforce()`` is what the action does: raise the refusal, or go on (and stop early if nothing is left to do).
    """

    refusal: AlurError | None = None
    nothing_to_do: bool = False

    def __bool__(self) -> bool:
        return self.refusal is None and not self.nothing_to_do

    def enforce(self) -> Decision:
        if self.refusal is not None:
            raise self.refusal
        return self


ALLOWED = Decision()
NOTHING_TO_DO = Decision(nothing_to_do=True)


def _refused(error: AlurError) -> Decision:
    return Decision(refusal=error)


# --- the building blocks ------------------------------------------------------------------------------------

def may_work_on(actor: Actor, task: Task) -> bool:
    """The step's role, in a unit that reaches the step's unit; holding the step does not replace either."""
    return task.role_code in actor.roles and task.unit_id in actor.reachable_unit_ids


def supervises(actor: Actor, unit_id: int) -> bool:
    """A supervisor role, and the unit is theirs or below theirs."""
    return actor.is_supervisor and unit_id in actor.supervised_unit_ids


def require_admin(actor: Actor) -> None:
    if not actor.admin:
        raise NotAuthorized(N_("Hanya administrator yang boleh melakukan ini."))


def took_part(session: Session, actor: Actor, case: Case) -> bool:
    """Started the case, or holds or completed one of its steps."""
    if case.started_by_id == actor.id:
        return True
    return session.scalar(
        select(Task.id).where(
            Task.case_id == case.id,
            (Task.assignee_id == actor.id) | (Task.completed_by_id == actor.id),
        ).limit(1)
    ) is not None


def _user_name(session: Session, user_id: int | None) -> str | Phrase:
    user = session.get(User, user_id) if user_id is not None else None
    return user.full_name if user is not None else Phrase(N_("pengguna lain"))


def _closed(session: Session, task: Task) -> Decision | None:
    """The refusal for a step that is no longer open, naming who completed it."""
    if task.status == TaskStatus.COMPLETED:
        who = _user_name(session, task.completed_by_id)
        return _refused(Conflict(N_("Tugas '%(step)s' sudah diselesaikan oleh %(who)s."), step=task.step_name, who=who))
    if task.status != TaskStatus.OPEN:
        return _refused(Conflict(N_("Tugas '%(step)s' sudah dibatalkan."), step=task.step_name))
    return None


def _suspended(task: Task) -> Decision | None:
    """The refusal for a step of a case an administrator suspended (engine.services.case_repair)."""
    if task.case.status == CaseStatus.SUSPENDED:
        return _refused(Conflict(N_("Kasus %(case)s sedang ditangguhkan oleh administrator; langkah "
                                    "'%(step)s' dapat dikerjakan lagi setelah kasus dilanjutkan."),
                                 case=task.case.reference, step=task.step_name))
    return None


def _held_by_other(session: Session, task: Task) -> Decision:
    who = _user_name(session, task.assignee_id)
    return _refused(Conflict(N_("Tugas '%(step)s' sedang dipegang oleh %(who)s."), step=task.step_name, who=who))


# --- cases --------------------------------------------------------------------------------------------------

def may_view_case(session: Session, actor: Actor, case: Case) -> Decision:
    """Supervisors of the case's unit, people who took part, and whoever may work on one of its open steps."""
    if supervises(actor, case.unit_id) or took_part(session, actor, case):
        return ALLOWED
    open_tasks = session.scalars(select(Task).where(Task.case_id == case.id, Task.status == TaskStatus.OPEN))
    if any(may_work_on(actor, task) for task in open_tasks):
        return ALLOWED
    return _refused(NotAuthorized(N_("Kasus ini berada di luar peran atau unit Anda.")))


def may_comment(session: Session, actor: Actor, case: Case) -> Decision:
    """Whoever may see a case may comment on it, on any status."""
    return may_view_case(session, actor, case)


def get_visible_case(session: Session, actor: Actor, case_id: int, *, lock: bool = False,
                     rule: Callable[[Session, Actor, Case], Decision] = may_view_case) -> Case:
    """The case, if ``rule`` lets this person have it (by default ``may_view_case``); refused otherwise."""
    case = session.get(Case, case_id, with_for_update={"of": Case} if lock else None)
    if case is None:
        raise NotFound(N_("Kasus %(case)s tidak ditemukan."), case=case_id)
    rule(session, actor, case).enforce()
    return case


_CASE_STATUS_WORDS = {CaseStatus.ACTIVE: N_("berjalan"), CaseStatus.COMPLETED: N_("selesai"),
                      CaseStatus.CANCELLED: N_("dibatalkan"), CaseStatus.SUSPENDED: N_("ditangguhkan")}


def may_cancel_case(session: Session, actor: Actor, case: Case) -> Decision:
    """A supervisor of the case's unit or its starter (both may see it), while the case runs."""
    if not (supervises(actor, case.unit_id) or case.started_by_id == actor.id):
        return _refused(NotAuthorized(N_("Hanya atasan unit ini atau yang memulai kasus yang boleh membatalkannya.")))
    if case.status != CaseStatus.ACTIVE:
        return _refused(Conflict(
            N_("Kasus %(case)s sudah %(status)s; tidak dapat dibatalkan."),
            case=case.reference, status=Phrase(_CASE_STATUS_WORDS.get(case.status, case.status.value))))
    return ALLOWED


def may_start(actor: Actor, process_name: str, unit_id: int, starter_role_codes: Collection[str]) -> Decision:
    """One of the SOP's starter roles, in a unit that reaches the SOP's unit."""
    if not (actor.roles & set(starter_role_codes)) or unit_id not in actor.reachable_unit_ids:
        return _refused(NotAuthorized(
            N_("Anda tidak berwenang memulai kasus '%(process)s': peran atau unit Anda tidak sesuai."),
            process=process_name))
    return ALLOWED


def may_enter_paper_survey(actor: Actor, process_name: str, unit_id: int,
                           starter_role_codes: Collection[str]) -> Decision:
    """A paper questionnaire of a public service is typed by those who serve it (may start its cases) or by a
    supervisor of its unit. (The applicant's own answer needs no person: the reference and tracking code.)"""
    if may_start(actor, process_name, unit_id, starter_role_codes) or supervises(actor, unit_id):
        return ALLOWED
    return _refused(NotAuthorized(f"Kuesioner kertas layanan '{process_name}' diisikan oleh petugas layanan ini "
                                  "atau atasannya."))


# --- SOP versions -------------------------------------------------------------------------------------------

def may_approve_sop(actor: Actor, unit_id: int) -> Decision:
    """The Kadis (a role marked ``approves_sops``) of the office the SOP's unit belongs to."""
    if not actor.approves_sops or unit_id not in actor.reachable_unit_ids:
        return _refused(NotAuthorized(
            N_("Hanya Kepala Dinas (pengesah SOP) kantor pemilik SOP ini yang dapat mengesahkannya.")))
    return ALLOWED


def may_discard_sop_draft(actor: Actor, unit_id: int) -> Decision:
    """A draft goes by the Kadis who would approve it, or by an administrator (who imported it)."""
    if actor.admin or may_approve_sop(actor, unit_id):
        return ALLOWED
    return _refused(NotAuthorized(N_("Hanya Kepala Dinas atau administrator yang dapat membuang draf SOP.")))


def may_import_sop(actor: Actor) -> Decision:
    """SOP workbooks are turned into draft versions by an administrator."""
    if not actor.admin:
        return _refused(NotAuthorized(N_("Hanya administrator yang boleh mengimpor tabel SOP.")))
    return ALLOWED


# --- steps --------------------------------------------------------------------------------------------------

def may_view_task(session: Session, actor: Actor, task: Task) -> Decision:
    """A step is seen by whoever may see its case: one rule for the case page and the step page."""
    decision = may_view_case(session, actor, task.case)
    if decision:
        return decision
    return _refused(NotAuthorized(N_("Tugas ini berada di luar peran atau unit Anda.")))


def may_claim(session: Session, actor: Actor, task: Task) -> Decision:
    """Take an open, unclaimed step of my role and unit; claiming one I already hold changes nothing."""
    if not may_work_on(actor, task):
        return _refused(NotAuthorized(N_("Tugas ini bukan untuk peran atau unit Anda.")))
    if (closed := _closed(session, task)) is not None:
        return closed
    if (suspended := _suspended(task)) is not None:
        return suspended
    if task.assignee_id == actor.id:
        return NOTHING_TO_DO
    if task.assignee_id is not None:
        return _held_by_other(session, task)
    return ALLOWED


def may_complete(session: Session, actor: Actor, task: Task) -> Decision:
    """Complete an open step I may work on that nobody else holds (an unclaimed one is claimed on the way).

    Holding the step is not enough: without the step's role in a unit that reaches it, the holder is refused
    and told to release it.
    """
    if not may_work_on(actor, task):
        if task.assignee_id == actor.id:
            return _refused(NotAuthorized(
                N_("Anda tidak lagi memiliki peran '%(role)s' untuk unit langkah ini; lepaskan tugas ini ke "
                   "antrean agar dikerjakan oleh yang berwenang."), role=task.role_code))
        return _refused(NotAuthorized(N_("Tugas ini bukan untuk peran atau unit Anda.")))
    if (closed := _closed(session, task)) is not None:
        return closed
    if (suspended := _suspended(task)) is not None:
        return suspended
    if task.assignee_id not in (None, actor.id):
        return _held_by_other(session, task)
    return ALLOWED


def may_attach(session: Session, actor: Actor, task: Task) -> Decision:
    """Files are added to a step by whoever may complete it, while it is open."""
    return may_complete(session, actor, task)


def may_unclaim(session: Session, actor: Actor, task: Task) -> Decision:
    """Release a held step: its holder (role or not) or a supervisor of its unit.

    Releasing a step nobody holds changes nothing, for those who could hold or supervise it.
    """
    holder = task.assignee_id is not None and task.assignee_id == actor.id
    in_queue_for_me = task.assignee_id is None and may_work_on(actor, task)
    if not (holder or supervises(actor, task.unit_id) or in_queue_for_me):
        return _refused(NotAuthorized(N_("Hanya pemegang tugas atau atasannya yang dapat melepaskan tugas ini.")))
    if (closed := _closed(session, task)) is not None:
        return closed
    if task.assignee_id is None:
        return NOTHING_TO_DO
    return ALLOWED


def may_reassign(session: Session, actor: Actor, task: Task) -> Decision:
    """A supervisor of the step's unit hands an open step to someone else (who must be able to work on it)."""
    if not supervises(actor, task.unit_id):
        return _refused(NotAuthorized(N_("Hanya atasan unit ini yang dapat mengalihkan tugas.")))
    if (closed := _closed(session, task)) is not None:
        return closed
    return ALLOWED


# --- the same rules as SQL, for lists -----------------------------------------------------------------------

def workable_tasks(actor: Actor) -> ColumnElement[bool]:
    """SQL over ``Task``: the steps this person may work on (``may_work_on``)."""
    return Task.role_code.in_(actor.roles or {""}) & Task.unit_id.in_(actor.reachable_unit_ids or {0})


def queued_tasks(actor: Actor) -> ColumnElement[bool]:
    """SQL over ``Task``: unclaimed steps this person may take (their queue; open status is the caller's)."""
    return Task.assignee_id.is_(None) & workable_tasks(actor)


def queue_parts(actor: Actor, most: int = 24) -> list[ColumnElement[bool]]:
    """``queued_tasks`` cut into one condition per role and unit, whose union is the queue: each part is one
    ordered range of the open-queue index (role, unit, due), so the first page of a queue of any length is read
    from the index, a few rows per part, never sorted whole. More parts than ``most``: one condition."""
    roles, units = sorted(actor.roles), sorted(actor.reachable_unit_ids)
    if not roles or not units or len(roles) * len(units) > most:
        return [queued_tasks(actor)]
    return [Task.assignee_id.is_(None) & (Task.role_code == role) & (Task.unit_id == unit)
            for role in roles for unit in units]


def supervised_tasks(actor: Actor) -> ColumnElement[bool]:
    """SQL over ``Task``: steps of the units this person supervises (none for someone who supervises nothing)."""
    return Task.unit_id.in_(actor.supervised_unit_ids or {0})


def visible_cases(actor: Actor) -> ColumnElement[bool]:
    """SQL over ``Case``: the cases this person may see (``may_view_case``)."""
    visible = [
        Case.started_by_id == actor.id,
        exists().where(Task.case_id == Case.id, (Task.assignee_id == actor.id) | (Task.completed_by_id == actor.id)),
        exists().where(Task.case_id == Case.id, Task.status == TaskStatus.OPEN, workable_tasks(actor)),
    ]
    if actor.is_supervisor:
        visible.append(Case.unit_id.in_(actor.supervised_unit_ids))
    return or_(*visible)


def archived_cases(actor: Actor) -> ColumnElement[bool]:
    """SQL over ``Case``: the cases a person's case archive lists: those they took part in (``took_part``) and,
    for a supervisor, every case of the units they supervise. Narrower than :func:`visible_cases` on purpose:
    a case that only waits in someone's queue is not yet theirs to look back on.

    Written as a join or a small hash for the planner, never a subquery per case row. A completed step's holder
    is its completer (complete_task claims it first), so "held or completed" is ``tasks.assignee_id``. Staff: a
    semi-join on the set of their cases. Supervisors: their units, or one of the few cases outside them that
    they took part in.
    """
    if not actor.is_supervisor:
        return Case.id.in_(select(Task.case_id).where(Task.assignee_id == actor.id).union(
            select(Case.id).where(Case.started_by_id == actor.id)))
    units = actor.supervised_unit_ids
    outside = aliased(Case)
    elsewhere = select(Task.case_id).join(outside, Task.case_id == outside.id).where(
        Task.assignee_id == actor.id, outside.unit_id.not_in(units)).union(
        select(outside.id).where(outside.started_by_id == actor.id, outside.unit_id.not_in(units)))
    return or_(Case.unit_id.in_(units), Case.id.in_(elsewhere))


def people_who_may_work_on(role_code: str, unit: Unit) -> ColumnElement[bool]:
    """SQL over ``User`` joined with ``UserRole`` and their ``Unit``: active people who may work on a step of
    this role in this unit (``may_work_on`` seen from the step: their unit is the step's, above it or below it)."""
    return (UserRole.role_code == role_code) & User.active.is_(True) & (
        Unit.id.in_(ancestor_ids(unit)) | Unit.path.startswith(unit.path))


def supervisors_of(unit: Unit) -> ColumnElement[bool]:
    """SQL over ``User`` joined with ``Role`` (through ``UserRole``): active supervisors of this unit
    (``supervises`` seen from the unit: a supervisor role, in the unit or above it)."""
    return Role.is_supervisor.is_(True) & User.active.is_(True) & User.unit_id.in_(ancestor_ids(unit))
