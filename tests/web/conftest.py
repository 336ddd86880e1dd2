"""Fixtures for the web pages: the small test SOP, a started case, and clean-up of comments and files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete

from engine.db import Database
from engine.models import Attachment, Comment
from engine.services import CaseRef, inbox, start_case, sync_processes

from support import decision_sketch, write_process

KEY = "uji_web"
NIK = "5201014107900001"  # a valid NIK, the one the test SOP's examples use


@pytest.fixture(autouse=True)
def _forget_comments_and_files(db: Database) -> Iterator[None]:
    """Comments and attachments point at cases, which the shared ``db`` fixture deletes after each test."""
    yield
    with db.transaction() as session:
        for table in (Comment, Attachment):
            session.execute(delete(table))


@pytest.fixture
def sop(db: Database, tmp_path: Path) -> str:
    """The decision SOP of tests/support.py, in the test office (uji_pelaksana, uji_kabid)."""
    write_process(tmp_path / "sops", decision_sketch(KEY))
    sync_processes(db, tmp_path / "sops")
    return KEY


@pytest.fixture
def case(db: Database, sop: str, staff: dict[str, int]) -> CaseRef:
    return start_case(db, staff["uji_pelaksana"], sop, {"nama_pemohon": "Baiq Nurul"})


@pytest.fixture
def task_id(db: Database, case: CaseRef, staff: dict[str, int]) -> int:
    """The case's first step ("Periksa berkas"), unclaimed in the Pelaksana's queue."""
    rows = inbox(db, staff["uji_pelaksana"], "queue").rows
    return next(row.id for row in rows if row.case_id == case.id)
