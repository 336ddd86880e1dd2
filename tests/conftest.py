"""Fixtures: one migrated database per test run (SQLite by default, PostgreSQL when
``ALUR_TEST_DATABASE_URL`` says so), a clock the tests move, and staff of every role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import select, text

from engine.db import Database
from engine.definitions.loader import discover
from engine.migrate import upgrade
from engine.models import Base
from engine.services import create_user, sync_processes
from engine.timekeeping.clock import FixedClock

from support import KEPT_TABLES, MONDAY_9_WITA, PASSWORD, PROCESSES_DIR, STAFF

# Property tests: a quick look by default (`make test` while working), a thorough search in CI (.ci/run sets
# HYPOTHESIS_PROFILE=ci). Tests set no example counts of their own, so the profile decides.
settings.register_profile("fast", max_examples=25, deadline=None)
settings.register_profile("ci", max_examples=300, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


def pytest_report_header() -> str:
    return f"database: {_database_kind()}"


def _database_kind() -> str:
    url = os.environ.get("ALUR_TEST_DATABASE_URL", "")
    return "postgresql" if url.startswith("postgresql") else "sqlite"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("ALUR_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'alur-test.db'}"


@pytest.fixture(scope="session")
def prepared_database(database_url: str) -> Iterator[str]:
    """Migrated once per run, with the real SOPs synced and the staff created."""
    database = Database(database_url, clock=FixedClock(MONDAY_9_WITA))
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(database.engine)
    if discover(PROCESSES_DIR):  # tests/integration/test_sops.py insists that the SOPs are there
        sync_processes(database, PROCESSES_DIR)
    _ensure_test_units(database)
    for username, (roles, unit) in STAFF.items():
        create_user(database, username=username, full_name=username.replace("_", " ").title(), password=PASSWORD,
                    roles=roles, unit_code=unit, email=f"{username}@contoh.go.id")
    database.dispose()
    yield database_url


def _ensure_test_units(database: Database) -> None:
    from engine.models import Unit, UnitKind
    from engine.services.definitions import ensure_unit, ensure_unit_chain

    with database.transaction() as session:
        # The SOPs create their own units when synced; these are only the ones tests need besides them.
        if session.scalar(select(Unit).where(Unit.code == "dinkop-lobar.bidang-umkm")) is None:
            ensure_unit_chain(session, {"code": "dinkop-lobar", "name": "Dinas Koperasi dan UKM"},
                              {"code": "dinkop-lobar.bidang-umkm", "name": "Bidang UMKM"})
        office = session.scalar(select(Unit).where(Unit.code == "dinkop-lobar"))
        ensure_unit(session, "dinkop-lobar.bidang-lain", "Bidang Koperasi", UnitKind.DIVISION, office)
        ensure_unit_chain(session, {"code": "kantor-uji", "name": "Dinas Uji"},
                          {"code": "kantor-uji.bidang-a", "name": "Bidang A", "kind": "division"})


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_9_WITA)


@pytest.fixture
def db(prepared_database: str, clock: FixedClock) -> Iterator[Database]:
    database = Database(prepared_database, clock=clock)
    yield database
    with database.transaction() as session:  # cases are per test; definitions, units and users per run
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                session.execute(table.delete())
    database.dispose()


@pytest.fixture
def staff(db: Database) -> dict[str, int]:
    from engine.services import find_user

    return {username: find_user(db, username).id for username in STAFF}


@pytest.fixture
def postgres_only(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("needs PostgreSQL: run with ALUR_TEST_DATABASE_URL=postgresql+psycopg://…")


@pytest.fixture
def app(db: Database, prepared_database: str, clock: FixedClock, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The web app on the test database and clock; CSRF stays on (tests send the token)."""
    from webapp import create_app

    application = create_app({
        "TESTING": True, "DATABASE_URL": prepared_database, "CLOCK": clock, "SECRET_KEY": "uji-rahasia",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    })
    yield application
    application.extensions["alur_db"].dispose()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


class WebSession:
    """Signs in as a user and sends forms with the page's CSRF token, as a browser would."""

    def __init__(self, client) -> None:  # type: ignore[no-untyped-def]
        self.client = client

    def csrf_token(self, path: str = "/login") -> str:
        import re

        html = self.client.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token" value="([^"]+)"', html)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        token = self.csrf_token("/login")
        return self.client.post("/login", data={"username": username, "password": password, "csrf_token": token})

    def post(self, path: str, data: dict | None = None, *, token_from: str | None = None, **kwargs):  # type: ignore[no-untyped-def]
        token = self.csrf_token(token_from or path)
        return self.client.post(path, data={**(data or {}), "csrf_token": token}, **kwargs)


@pytest.fixture
def web(client) -> WebSession:  # type: ignore[no-untyped-def]
    return WebSession(client)
