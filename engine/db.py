"""Database access: one engine per process, one transaction per use case.

SQLite is the embedded default, PostgreSQL production; the same code runs on both. On SQLite a
writing transaction starts with ``BEGIN IMMEDIATE`` so that two writers queue for the lock instead of
failing when the first one commits; on PostgreSQL rows are locked with ``SELECT … FOR UPDATE``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.caches import CACHES_KEY, Caches
from engine.config import DEFAULT_TIMEZONE
from engine.errors import ConcurrentUpdate
from engine.timekeeping.clock import Clock, SystemClock

_RETRYABLE_PG_CODES = {"40001", "40P01"}  # serialization failure, deadlock detected
#: Pooled connections older than this are replaced before use (below common idle timeouts of proxies).
POOL_RECYCLE_SECONDS = 1800


def create_db_engine(url: str, *, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, echo=echo, connect_args={"timeout": 30})
        _configure_sqlite(engine)
        return engine
    # No pre-ping: it is a round trip before every transaction (issue 14). Connections are recycled before
    # servers and proxies drop idle ones; a connection that died anyway (a restarted server) fails that one
    # transaction, and SQLAlchemy then discards every pooled connection of the old server.
    return create_engine(url, echo=echo, pool_recycle=POOL_RECYCLE_SECONDS, pool_size=10, max_overflow=20)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # type: ignore[no-untyped-def]
        writing = connection.get_execution_options().get("alur_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


class Database:
    """The unit-of-work factory handed to every service function, with the clock it runs on."""

    def __init__(self, url: str, *, clock: Clock | None = None, timezone: str = DEFAULT_TIMEZONE,
                 echo: bool = False) -> None:
        self.url = url
        self.engine = create_db_engine(url, echo=echo)
        self.clock: Clock = clock or SystemClock()
        #: The office's zone: due times count its working hours, pages show its local time.
        self.timezone = timezone
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._writer = self.engine.execution_options(alur_write=True) if self.is_sqlite else self.engine
        #: This process's caches of this database, keyed on its version counters (engine.caches).
        self.caches = Caches()

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error.

        Lock and serialization conflicts surface as :class:`ConcurrentUpdate`, which the caller may
        retry; nothing of the failed transaction is kept.
        """
        session = Session(bind=self._writer if write else self.engine, expire_on_commit=False,
                          info={CACHES_KEY: self.caches})
        try:
            with session.begin():
                yield session
        except StaleDataError as error:
            raise ConcurrentUpdate("Data ini baru saja diubah oleh pengguna lain; muat ulang dan coba lagi.") from error
        except OperationalError as error:
            if _is_lock_conflict(error):
                raise ConcurrentUpdate("Basis data sedang sibuk; coba lagi sebentar lagi.") from error
            raise
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) in _RETRYABLE_PG_CODES:
                raise ConcurrentUpdate("Data ini baru saja diubah oleh pengguna lain; coba lagi.") from error
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def without_parallel_workers(session: Session) -> None:
    """This transaction reads a short list through an index: PostgreSQL starts no parallel workers for it.

    At a million open steps the planner's row estimate tips the supervisor board into a parallel plan whose
    workers cost more to start than the read itself (9.5 ms against 1.9 ms for 167 rows, issue 14). ``SET LOCAL``
    ends with the transaction; SQLite has no parallel plans.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def _is_lock_conflict(error: OperationalError) -> bool:
    text = str(error.orig).lower()
    return "database is locked" in text or getattr(error.orig, "sqlstate", None) in _RETRYABLE_PG_CODES
