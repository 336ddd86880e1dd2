"""`alur cases …`: migrate (with a mapping file), move, suspend, resume and the attention list from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from repair_support import NIK, register_unchecked, repair_sketch, snapshot
from sqlalchemy import select

from engine.db import Database
from engine.errors import ExpressionError
from engine.models import Case, Task
from engine.services import complete_task, start_case, sync_processes

from support import write_process


@pytest.fixture
def runner(prepared_database: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", prepared_database)
    return CliRunner()


def _open(db: Database, case_id: int) -> list[str]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(Task.element_id).where(Task.case_id == case_id, Task.status == "open")))


def _status(db: Database, case_id: int) -> str:
    with db.transaction(write=False) as session:
        return session.scalars(select(Case.status).where(Case.id == case_id)).one().value


def test_cli_migrates_with_a_mapping_file_after_refusing_without_it(
    db: Database, tmp_path: Path, staff: dict[str, int], runner: CliRunner
) -> None:
    from engine.cli.main import cli

    key = "uji_cli_migrasi"
    write_process(tmp_path / "sop", repair_sketch(key))
    sync_processes(db, tmp_path / "sop")
    case_id = start_case(db, staff["uji_pelaksana"], key, {"nama_pemohon": "Baiq"}).id
    write_process(tmp_path / "sop", repair_sketch(key, check_id="periksa_berkas"))
    sync_processes(db, tmp_path / "sop")

    before = snapshot(db)
    refused = runner.invoke(cli, ["cases", "migrate", key, "--to-version", "2", "--reason", "SOP diperbaiki"])
    assert refused.exit_code == 1
    assert "tidak ada kasus yang dipindahkan" in refused.output and "(periksa)" in refused.output
    assert snapshot(db) == before
    dry = runner.invoke(cli, ["cases", "migrate", key, "--to-version", "2", "--reason", "x", "--dry-run"])
    assert dry.exit_code == 1 and "periksa → ?" in dry.output and snapshot(db) == before

    mapping = tmp_path / "peta.json"
    mapping.write_text(json.dumps({"periksa": "periksa_berkas"}), encoding="utf-8")
    done = runner.invoke(cli, ["cases", "migrate", key, "--to-version", "2", "--case", str(case_id),
                               "--map", str(mapping), "--reason", "SOP diperbaiki"])
    assert done.exit_code == 0, done.output
    assert "periksa → periksa_berkas" in done.output
    assert _open(db, case_id) == ["periksa_berkas"]
    as_staff = runner.invoke(cli, ["cases", "suspend", str(case_id), "--reason", "coba-coba", "--as", "kadis"])
    assert as_staff.exit_code == 1 and "administrator" in as_staff.output


def test_cli_moves_suspends_resumes_and_lists_cases_needing_attention(
    db: Database, tmp_path: Path, staff: dict[str, int], runner: CliRunner
) -> None:
    from engine.cli.main import cli

    key = "uji_cli_pindah"
    write_process(tmp_path, repair_sketch(key))
    sync_processes(db, tmp_path)
    register_unchecked(db, key, ("lengkap == True", "layk == True"))
    case_id = start_case(db, staff["uji_pelaksana"], key, {"nama_pemohon": "Baiq"}).id
    [task_id] = _task_ids(db, case_id)
    with pytest.raises(ExpressionError):
        complete_task(db, staff["uji_pelaksana"], task_id, {"nik": NIK, "lengkap": True})
    listed = runner.invoke(cli, ["cases", "attention"])
    assert listed.exit_code == 0 and f"{case_id}  UJI-" in listed.output and "layk" in listed.output

    moved = runner.invoke(cli, ["cases", "move", str(case_id), "--to", "setujui", "--reason", "diputuskan kabid"])
    assert moved.exit_code == 0, moved.output
    assert _open(db, case_id) == ["setujui"]
    assert "Tidak ada kasus" in runner.invoke(cli, ["cases", "attention"]).output

    assert runner.invoke(cli, ["cases", "suspend", str(case_id), "--reason", "menunggu"]).exit_code == 0
    assert _status(db, case_id) == "suspended"
    assert runner.invoke(cli, ["cases", "resume", str(case_id), "--reason", "lanjut"]).exit_code == 0
    assert _status(db, case_id) == "active"
    again = runner.invoke(cli, ["cases", "resume", str(case_id), "--reason", "lanjut"])
    assert again.exit_code == 1 and "tidak sedang ditangguhkan" in again.output


def _task_ids(db: Database, case_id: int) -> list[int]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(Task.id).where(Task.case_id == case_id, Task.status == "open")))
