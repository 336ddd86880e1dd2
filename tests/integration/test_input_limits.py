"""Free text is bounded before anything is stored: the review's 11 MB ``alamat_usaha`` through the services."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine import forms
from engine.db import Database
from engine.errors import ValidationFailed
from engine.forms import MAX_TEXT_LENGTH
from engine.models import Case, Event, Task
from engine.services import complete_task, inbox, start_case, sync_processes

from support import DECISION_FORM, START_FORM, decision_sketch, write_process

KEY = "uji_batas"
NIK = "5201014107900001"


@pytest.fixture
def process(db: Database, tmp_path: Path) -> str:
    start = {**START_FORM, "properties": {
        **START_FORM["properties"],
        "alamat_usaha": {"title": "Alamat usaha", "type": "string", "examples": ["Jl. Raya Gerung No. 1"]},
    }}
    step = {**DECISION_FORM, "properties": {
        **DECISION_FORM["properties"],
        "catatan": {"title": "Catatan", "type": "string", "examples": ["Berkas lengkap"]},
    }}
    write_process(tmp_path, decision_sketch(KEY), forms={"forms/start.json": start, "forms/periksa.json": step})
    sync_processes(db, tmp_path)
    return KEY


def _count(db: Database, model: type) -> int:
    with db.transaction(write=False) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_an_eleven_megabyte_address_starts_no_case(db: Database, staff: dict[str, int], process: str) -> None:
    events = _count(db, Event)  # registering the process recorded its version's events
    with pytest.raises(ValidationFailed) as failed:
        start_case(db, staff["uji_pelaksana"], process,
                   {"nama_pemohon": "Baiq Nurul", "alamat_usaha": "x" * (11 * 1024 * 1024)})
    assert "terlalu besar" in failed.value.field_errors[""]
    assert "Alamat usaha" in failed.value.field_errors[""]
    assert (_count(db, Case), _count(db, Event)) == (0, events)


def test_a_long_address_is_refused_naming_the_field_and_the_limit(
    db: Database, staff: dict[str, int], process: str
) -> None:
    with pytest.raises(ValidationFailed) as failed:
        start_case(db, staff["uji_pelaksana"], process,
                   {"nama_pemohon": "Baiq Nurul", "alamat_usaha": "x" * (MAX_TEXT_LENGTH + 1)})
    assert failed.value.field_errors == {"alamat_usaha": "Alamat usaha paling banyak 2.000 karakter"}
    assert _count(db, Case) == 0
    started = start_case(db, staff["uji_pelaksana"], process,
                         {"nama_pemohon": "Baiq Nurul", "alamat_usaha": "x" * MAX_TEXT_LENGTH})
    assert started.id


def test_a_step_with_a_long_note_stays_open(db: Database, staff: dict[str, int], process: str) -> None:
    started = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "Baiq Nurul"})
    task = next(row for row in inbox(db, staff["uji_pelaksana"], "queue").rows if row.case_id == started.id)
    events = _count(db, Event)
    with pytest.raises(ValidationFailed) as failed:
        complete_task(db, staff["uji_pelaksana"], task.id,
                      {"nik": NIK, "lengkap": True, "catatan": "x" * (MAX_TEXT_LENGTH + 1)})
    assert failed.value.field_errors == {"catatan": "Catatan paling banyak 2.000 karakter"}
    assert _count(db, Event) == events
    with db.transaction(write=False) as session:
        stored = session.get(Task, task.id)
        assert stored is not None and stored.completed_at is None and stored.data in (None, {})


def test_a_case_holds_at_most_its_cap_of_data(
    db: Database, staff: dict[str, int], process: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each submission is bounded, and so is the case: its saved state plus what a step adds."""
    started = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "Baiq Nurul"})
    task = next(row for row in inbox(db, staff["uji_pelaksana"], "queue").rows if row.case_id == started.id)
    with db.transaction(write=False) as session:
        stored = len(session.get(Case, started.id).workflow_state)  # type: ignore[union-attr]
    monkeypatch.setattr(forms.schema, "MAX_CASE_DATA_BYTES", stored + 100)
    events = _count(db, Event)
    with pytest.raises(ValidationFailed) as failed:
        complete_task(db, staff["uji_pelaksana"], task.id, {"nik": NIK, "lengkap": True, "catatan": "x" * 200})
    assert "melampaui batas" in failed.value.field_errors[""]
    assert _count(db, Event) == events
    completed = complete_task(db, staff["uji_pelaksana"], task.id, {"nik": NIK, "lengkap": True})
    assert completed.case_id == started.id
