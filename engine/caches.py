"""In-process caches of what every request reads and almost nothing changes: a person's standing (roles and the
units they reach), the office calendar, and registered SOP versions.

A completion used to read them from the database each time (nine of its twenty-six round trips, issue 14). Now
the one query that loads the acting person also reads two counters (``cache_versions``: ``directory`` and
``calendar``); a cached value is used only while the counter it was computed under is still the one in the
database. Every change of roles, units, people's roles, office days or office settings raises its counter in the
same transaction (the session hooks below), so the very next request, in any process, recomputes: a revoked role
or a new day off is never served from memory. Who is active and their sign-in (session epoch, password) are read
fresh on every request, never cached. An SOP version never changes once registered: it is cached by id and
checksum for the life of the process.

The hooks see every change made through a session (ORM objects and ORM-enabled ``update``/``delete``/``insert``);
a script that writes these tables with raw SQL must raise the counters itself (:func:`bump`).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, event, insert, update
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from engine.models import CacheVersion, OfficeDay, OfficeSetting, Role, Unit, UserRole

T = TypeVar("T")

#: The one row of ``cache_versions``.
VERSIONS_ROW = 1
#: ``session.info`` keys: the process's caches (set by ``Database.transaction``) and the counters read this
#: transaction (set by ``engine.access.load_actor``).
CACHES_KEY = "alur_caches"
VERSIONS_KEY = "alur_cache_versions"

#: Which counter a change of which table raises. Office settings hold the letterhead logo too: not an hour.
_DIRECTORY_TABLES = frozenset({Role.__table__, Unit.__table__, UserRole.__table__})
_CALENDAR_TABLES = frozenset({OfficeDay.__table__, OfficeSetting.__table__})


@dataclass(frozen=True)
class Versions:
    """The counters as one transaction read them (None: the row is missing, so nothing may be cached)."""

    directory: int | None
    calendar: int | None


def versions_join() -> Any:
    return CacheVersion.id == VERSIONS_ROW


class VersionedCache:
    """Values computed under one version of a counter; a different version empties it first.

    A value computed while another thread already saw a newer version is not kept. ``version`` None (the counter
    row is missing) computes without caching.
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        self._version: int | None = None
        self._values: dict[Hashable, Any] = {}
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, version: int | None, key: Hashable, compute: Callable[[], T]) -> T:
        if version is None:
            return compute()
        with self._lock:
            if version != self._version:
                self._values.clear()
                self._version = version
            value = self._values.get(key)
        if value is None:
            value = compute()
            with self._lock:
                if self._version == version:
                    if len(self._values) >= self._max:
                        self._values.clear()
                    self._values[key] = value
        return value


class TimedValue:
    """A value read again once it is ``seconds`` old: for what the database only estimates (statistics), where a
    value a few minutes old serves as well as the current one."""

    def __init__(self, seconds: float) -> None:
        self._seconds = seconds
        self._value: Any = None
        self._read_at: float | None = None
        self._lock = threading.Lock()

    def get(self, compute: Callable[[], T]) -> T:
        with self._lock:
            if self._read_at is not None and time.monotonic() - self._read_at < self._seconds:
                return self._value  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._value, self._read_at = value, time.monotonic()
        return value


@dataclass
class Caches:
    """One process's caches for one database (kept on its :class:`engine.db.Database`)."""

    standings: VersionedCache = field(default_factory=VersionedCache)
    calendars: VersionedCache = field(default_factory=lambda: VersionedCache(max_entries=64))
    #: (definition id, checksum) → the SOP version as a completion needs it; a registered version never changes.
    definitions: dict[tuple[int, str], Any] = field(default_factory=dict)
    #: How common each trigram of the archive's search column is (engine.services.reports.archive_search).
    search_trigrams: TimedValue = field(default_factory=lambda: TimedValue(600))


def bump(connection: Connection, *, directory: bool = False, calendar: bool = False) -> None:
    """Raise the counters in the caller's transaction: every process recomputes what it cached under them."""
    values = {}
    if directory:
        values["directory"] = CacheVersion.directory + 1
    if calendar:
        values["calendar"] = CacheVersion.calendar + 1
    if not values:
        return
    raised = connection.execute(update(CacheVersion).where(CacheVersion.id == VERSIONS_ROW).values(**values))
    if raised.rowcount == 0:  # the row was deleted: start again somewhere no cache has seen
        start = secrets.randbelow(2**40) + 2
        connection.execute(insert(CacheVersion).values(id=VERSIONS_ROW, directory=start, calendar=start))


def _changed_tables(flush: UOWTransaction) -> set[Any]:
    """Tables of the watched kinds that this flush wrote to: new, changed and deleted rows, orphans included (a
    role taken away by replacing a person's list of roles is deleted by the flush itself)."""
    tables = set()
    for state, (_is_delete, list_only) in flush.states.items():
        table = getattr(state.class_, "__table__", None)
        if list_only or not (table in _DIRECTORY_TABLES or table in _CALENDAR_TABLES):
            continue
        if table is OfficeSetting.__table__ and state.dict.get("key") == "logo":
            continue
        tables.add(table)
    return tables


def _raise_for(session: Session, tables: set[Any]) -> None:
    directory = bool(tables & _DIRECTORY_TABLES)
    calendar = bool(tables & _CALENDAR_TABLES)
    if not (directory or calendar):
        return
    bump(session.connection(), directory=directory, calendar=calendar)
    known = session.info.get(VERSIONS_KEY)
    if known is not None:  # what this transaction read is no longer the current version
        session.info[VERSIONS_KEY] = Versions(None if directory else known.directory,
                                              None if calendar else known.calendar)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush: UOWTransaction) -> None:
    _raise_for(session, _changed_tables(flush))


@event.listens_for(Session, "do_orm_execute")
def _on_orm_execute(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    if table in _DIRECTORY_TABLES or table in _CALENDAR_TABLES:
        _raise_for(state.session, {table})
