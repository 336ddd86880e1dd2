"""External parties: a step in the Pemohon lane keeps its lane, lands in the Pelaksana queue of the case's unit,
and is recorded on the applicant's behalf; a lane naming no known role is refused with the roles and the command.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from roles_support import SUBMISSION_FORM, applicant_sketch, roles_restored  # noqa: F401  (fixture)
from sqlalchemy import func, select

from engine.db import Database
from engine.definitions.loader import ProcessLoadFailed
from engine.models import Event, ProcessDefinition, Task
from engine.services import complete_task, get_case, get_process, get_task, inbox, start_case, sync_processes
from engine.services.roles import update_role

from support import write_process

FORMS = {"forms/ajukan.json": SUBMISSION_FORM}


def _sync(db: Database, root: Path, key: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
    write_process(root, applicant_sketch(key, **kwargs), forms=FORMS)
    sync_processes(db, root)


def _refusals(db: Database, root: Path) -> list[str]:
    with pytest.raises(ProcessLoadFailed) as failed:
        sync_processes(db, root)
    return [p.message for p in failed.value.problems]


def test_the_applicants_step_is_recorded_by_a_pelaksana_of_the_unit(
    db: Database, tmp_path: Path, staff: dict[str, int]
) -> None:
    _sync(db, tmp_path, "uji_pemohon")
    steps = {s.element_id: s for s in get_process(db, "uji_pemohon").steps}
    ajukan, periksa = steps["ajukan"], steps["periksa"]
    assert (ajukan.role_code, ajukan.performer_role_code, ajukan.lane_role_code, ajukan.is_external) == \
        ("pelaksana", "pemohon", "pemohon", True)
    assert (periksa.role_code, periksa.performer_role_code, periksa.lane_role_code, periksa.is_external) == \
        ("pelaksana", None, "pelaksana", False)

    case = start_case(db, staff["uji_pelaksana"], "uji_pemohon", {"nama_pemohon": "Baiq Nurul"})
    queue = [r for r in inbox(db, staff["uji_pelaksana"], "queue").rows if r.case_id == case.id]
    assert [(r.element_id, r.role_code, r.performer_role_code) for r in queue] == [("ajukan", "pelaksana", "pemohon")]
    # The case's unit decides, as for any step: a Pelaksana of another unit does not see it.
    assert not [r for r in inbox(db, staff["pelaksana"], "queue").rows if r.case_id == case.id]
    assert get_task(db, staff["uji_pelaksana"], queue[0].id).step.performer_role_code == "pemohon"

    complete_task(db, staff["uji_pelaksana"], queue[0].id, {"nama_usaha": "UD Sasak Jaya"})

    detail = get_case(db, staff["uji_pelaksana"], case.id)
    assert [(s.element_id, s.role_code, s.performer_role_code, s.completed_by) for s in detail.steps] == [
        ("ajukan", "pelaksana", "pemohon", "Uji Pelaksana"), ("periksa", "pelaksana", None, None)]
    said = [(e.kind, e.payload.get("step"), e.payload.get("on_behalf_of"), e.actor) for e in detail.events
            if e.kind in ("task_created", "task_completed")]
    assert said == [
        ("task_created", "Mengajukan permohonan dan berkas", "pemohon", "Uji Pelaksana"),
        ("task_completed", "Mengajukan permohonan dan berkas", "pemohon", "Uji Pelaksana"),
        ("task_created", "Periksa berkas", None, "Uji Pelaksana"),
    ]
    with db.transaction(write=False) as session:
        rows = session.execute(select(Task.element_id, Task.role_code, Task.performer_role_code)
                               .where(Task.case_id == case.id).order_by(Task.id)).all()
    assert [tuple(r) for r in rows] == [("ajukan", "pelaksana", "pemohon"), ("periksa", "pelaksana", None)]


def test_a_lane_naming_no_known_role_is_refused_with_the_known_roles_and_the_command(
    db: Database, tmp_path: Path, prepared_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_process(tmp_path, applicant_sketch("uji_lane_asing", applicant_lane="Sistem OSS"), forms=FORMS)
    problems = [p for p in _refusals(db, tmp_path) if "Sistem OSS" in p]
    assert len(problems) == 1  # once per lane, not once per step
    problem = problems[0]
    assert "elemen ajukan" in problem
    assert "lane 'Sistem OSS' tidak menyebut peran yang dikenal (langkah ajukan)" in problem
    assert "Peran yang dikenal: " in problem
    for known in ("Pelaksana", "Jafung", "Kepala Bidang", "Kadis", "Pemohon (pihak luar, dicatat oleh Pelaksana)"):
        assert known in problem
    assert 'alur role create sistem_oss --name "Sistem OSS"' in problem
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).where(ProcessDefinition.key == "uji_lane_asing")) == 0

    from engine.cli.main import cli

    monkeypatch.setenv("DATABASE_URL", prepared_database)
    answer = CliRunner().invoke(cli, ["processes", "sync", str(tmp_path)])
    assert answer.exit_code == 1
    assert 'alur role create sistem_oss --name "Sistem OSS"' in answer.output


def test_an_external_party_cannot_be_a_starter_role(db: Database, tmp_path: Path) -> None:
    write_process(tmp_path, applicant_sketch("uji_pemula_luar"), forms=FORMS, sop={"starter_roles": ["Pemohon"]})
    assert any("peran 'Pemohon' pada starter_roles adalah pihak luar" in p and "(pelaksana)" in p
               for p in _refusals(db, tmp_path))


def test_who_records_the_applicant_is_data_and_a_new_version_follows_it(
    db: Database, tmp_path: Path, staff: dict[str, int], roles_restored  # noqa: F811
) -> None:
    _sync(db, tmp_path, "uji_pencatat")
    running = start_case(db, staff["uji_pelaksana"], "uji_pencatat", {"nama_pemohon": "Lama"})
    update_role(db, staff["admin"], "pemohon", recorded_by="jafung")

    results = sync_processes(db, tmp_path)
    assert [(r.key, r.version, r.changed) for r in results] == [("uji_pencatat", 2, True)]
    steps = {s.element_id: s for s in get_process(db, "uji_pencatat").steps}
    assert (steps["ajukan"].role_code, steps["ajukan"].performer_role_code) == ("jafung", "pemohon")
    # The running case stays on version 1, its step in the Pelaksana queue.
    with db.transaction(write=False) as session:
        task = session.scalars(select(Task).where(Task.case_id == running.id)).one()
        assert (task.role_code, task.performer_role_code) == ("pelaksana", "pemohon")
        assert session.scalar(select(func.count()).select_from(Event).where(
            Event.kind == "role_updated", Event.actor_id == staff["admin"])) == 1
    assert sync_processes(db, tmp_path)[0].changed is False
