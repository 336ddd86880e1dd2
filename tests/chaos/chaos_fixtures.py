"""The fault tests' fixtures: PostgreSQL only, run on their own by ``make chaos``, one gunicorn per run.

A plugin each test module names in ``pytest_plugins`` (like tests/api/api_fixtures.py), not a second
``conftest.py``, which would shadow the top one's module name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from chaos_support import KEY, PASSWORD, STEPS, ApiClient, Gunicorn, create_pelaksana, mint_tokens

from engine.authoring import linear_process
from engine.db import Database
from engine.services import sync_processes

from support import write_process

HERE = Path(__file__).resolve().parent


def _asked_for(config: pytest.Config) -> bool:
    """Whether the run names tests/chaos (or a file in it) rather than the whole suite."""
    for arg in config.args:
        path = (Path(config.invocation_params.dir) / arg.split("::")[0]).resolve()
        if path == HERE or HERE in path.parents:
            return True
    return False


@pytest.fixture(scope="session")
def chaos_url(request: pytest.FixtureRequest, database_url: str) -> str:
    """The test database, if this run may break things on PostgreSQL."""
    if not database_url.startswith("postgresql"):
        pytest.skip("fault tests need PostgreSQL: ALUR_TEST_DATABASE_URL=postgresql+psycopg://… make chaos")
    if not _asked_for(request.config):
        pytest.skip("fault tests run on their own with `make chaos` (they kill processes and take minutes)")
    return database_url


@pytest.fixture(scope="session")
def chaos_sop(chaos_url: str, prepared_database: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A straight line of three Pelaksana steps in the test unit, so every check can be exact."""
    folder = tmp_path_factory.mktemp("chaos-sops")
    write_process(folder, linear_process(KEY, "Uji kekacauan", STEPS, lanes=("Pelaksana",)))
    database = Database(prepared_database)
    sync_processes(database, folder)
    database.dispose()
    return KEY


@pytest.fixture(scope="session")
def racers(chaos_url: str, prepared_database: str) -> list[tuple[int, str]]:
    """Fifty Pelaksana of the test unit: (user id, username)."""
    database = Database(prepared_database)
    people = create_pelaksana(database, "kacau", 50)
    database.dispose()
    return people


@pytest.fixture(scope="session")
def server(chaos_url: str, prepared_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gunicorn]:
    """gunicorn with three gthread workers on the test database, as a web host runs it."""
    with Gunicorn(prepared_database, scratch=tmp_path_factory.mktemp("gunicorn"), workers=3, threads=4) as web:
        yield web


@pytest.fixture(scope="session")
def people(server: Gunicorn, racers: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The fifty racers with their API tokens: (user id, bearer token). One signs in through the API; the
    others' tokens are issued by the same code without fifty Argon2 checks."""
    tokens = [ApiClient(server.port).login(racers[0][1], PASSWORD)]
    tokens += mint_tokens(server, [user_id for user_id, _ in racers[1:]])
    return [(user_id, token) for (user_id, _), token in zip(racers, tokens, strict=True)]
