"""The JSON API's fixtures: the test SOP, a second Pelaksana, and the token-speaking client.

A plugin each test module names in ``pytest_plugins``, not a ``tests/api/conftest.py``: a second module
named ``conftest`` would replace the top one in ``sys.modules`` and break ``from conftest import ...``
in other test folders.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete

from engine.db import Database
from engine.errors import NotFound
from engine.models import LoginAttempt
from engine.services import create_user, find_user, set_password, set_user_active, sync_processes

from api_support import KEY, PASSWORD, SECOND_PELAKSANA, Api
from support import decision_sketch, write_process


@pytest.fixture
def api_sop(db: Database, tmp_path: Path) -> str:
    """The test SOP (decision_sketch) under its own key, in the test unit kantor-uji.bidang-a."""
    write_process(tmp_path / "sops", decision_sketch(KEY))
    sync_processes(db, tmp_path / "sops")
    return KEY


@pytest.fixture
def second_pelaksana(db: Database, staff: dict[str, int]) -> Iterator[int]:
    """Active, with the usual password, whatever an earlier test did to it."""
    try:
        user_id = find_user(db, SECOND_PELAKSANA).id
    except NotFound:
        user_id = create_user(db, username=SECOND_PELAKSANA, full_name="Api Pelaksana Dua", password=PASSWORD,
                              roles=["pelaksana"], unit_code="kantor-uji.bidang-a").id
    set_user_active(db, staff["admin"], user_id, True)
    set_password(db, None, user_id, PASSWORD)
    yield user_id
    set_user_active(db, staff["admin"], user_id, True)


@pytest.fixture
def api(client: Any, db: Database) -> Iterator[Api]:
    yield Api(client)
    # The sign-in attempts these tests left behind must not count against later tests' sign-ins.
    with db.transaction() as session:
        session.execute(delete(LoginAttempt).where(LoginAttempt.source.like("192.0.2.%")))
