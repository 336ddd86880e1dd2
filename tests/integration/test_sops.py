"""Every SOP in processes/ passes `alur processes check` (the engine walks every branch of every decision in
memory), and the journeys that walk found run to the same end through the services on a real database, each
step landing in the queue of its role and completed by a user of that role."""

from __future__ import annotations

import pytest
from lxml import etree

from engine.db import Database
from engine.definitions.loader import BPMN_NS, discover
from engine.definitions.walk import Journey
from engine.errors import NotFound
from engine.services import complete_task, create_user, find_user, get_case, get_process, get_task, inbox, start_case
from engine.services.definitions import ProcessInfo, check_processes

from support import PROCESSES_DIR

SOP_KEYS = [folder.name for folder in discover(PROCESSES_DIR)]
REQUIRED_SOPS = {"pelayanan_nib_oss", "pelatihan_pelaku_umk", "perencanaan_fasilitasi_usaha_mikro"}


def test_the_sops_alur_was_created_from_are_all_here() -> None:
    assert set(SOP_KEYS) >= REQUIRED_SOPS
    assert sum(key.startswith("ntb_penyuluhan_umkm_") for key in SOP_KEYS) == 12


def _ids(key: str, tag: str) -> set[str]:
    document = etree.parse(str(PROCESSES_DIR / key / "process.bpmn"))
    return {element.get("id") or "" for element in document.iter(f"{{{BPMN_NS}}}{tag}")}


def _end_names(key: str) -> set[str]:
    document = etree.parse(str(PROCESSES_DIR / key / "process.bpmn"))
    return {e.get("name") or e.get("id") or "" for e in document.iter(f"{{{BPMN_NS}}}endEvent")}


def _user(db: Database, role: str, unit_code: str) -> int:
    username = f"sop_{role}_{unit_code}".replace(".", "_").replace("-", "_")[:80]
    try:
        return find_user(db, username).id
    except NotFound:
        return create_user(db, username=username, full_name=f"{role} {unit_code}", password="kata-sandi-uji",
                           roles=[role], unit_code=unit_code).id


def _replay(db: Database, process: ProcessInfo, journey: Journey) -> None:
    """Run one journey of the dry run through the services: same data, same steps, same end."""
    starter = _user(db, process.sop["starter_roles"][0].lower().replace(" ", "_"), process.unit_code)
    case = start_case(db, starter, process.key, journey.start_data)
    roles = {step.element_id: step.role_code for step in process.steps}
    for element_id, data in journey.steps:
        worker = _user(db, roles[element_id], process.unit_code)
        queued = [row for row in inbox(db, worker, "queue").rows
                  if row.case_id == case.id and row.element_id == element_id]
        assert len(queued) == 1, f"{process.key}: {element_id} is not in the queue of {roles[element_id]}"
        task = get_task(db, worker, queued[0].id)
        assert task.may_complete, f"{process.key}: {roles[element_id]} may not complete {element_id}"
        complete_task(db, worker, task.id, data)
    history = get_case(db, starter, case.id)
    assert history.status == "completed", f"{process.key} ended as {history.status} on {journey.steps}"
    assert history.outcome == journey.outcome
    assert history.events[-1].kind == "case_completed"
    completed = [e for e in history.events if e.kind == "task_completed"]
    assert [e.payload["element_id"] for e in completed] == [element_id for element_id, _ in journey.steps]


@pytest.mark.parametrize("key", SOP_KEYS)
def test_sop_passes_the_check_and_its_journeys_run_through_the_services(db: Database, key: str) -> None:
    [bundle] = check_processes(db, PROCESSES_DIR / key)  # raises, listing every problem, if any check fails
    run = bundle.dry_run
    assert run is not None and not run.problems and not run.stopped_early
    assert run.completed == run.paths >= 1
    assert set(run.steps_reached) == _ids(key, "userTask"), f"{key}: steps never reached"
    assert set(run.outcomes) == _end_names(key), f"{key}: end events never reached"
    decisions = _ids(key, "exclusiveGateway")
    branches = {(gateway, target) for gateway, target in set().union(*(j.moves for j in run.journeys))
                if gateway in decisions}
    assert branches == {(f.get("sourceRef"), f.get("targetRef"))
                        for f in etree.parse(str(PROCESSES_DIR / key / "process.bpmn")).iter(
                            f"{{{BPMN_NS}}}sequenceFlow") if f.get("sourceRef") in decisions}

    process = get_process(db, key)
    journeys = run.covering_journeys()
    for journey in journeys:
        _replay(db, process, journey)
    assert {j.outcome for j in journeys} == _end_names(key)


def test_every_step_names_its_mutu_baku(db: Database) -> None:
    for key in SOP_KEYS:
        process = get_process(db, key)
        assert process.sop["assumptions"], f"{key}: record the assumptions made when modelling the SOP"
        for step in process.steps:
            assert step.standard_duration and step.name, f"{key}/{step.element_id}"
            assert step.output, f"{key}/{step.element_id}: output (Mutu Baku) missing"

