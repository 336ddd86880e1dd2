"""Every SOP in processes/ runs to completion through the engine, by users of the right roles, along
every branch of every decision."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from engine.db import Database
from engine.errors import NotFound
from engine.expressions import check_expression
from engine.processes import BPMN_NS, discover
from engine.services import (
    complete_task,
    create_user,
    find_user,
    get_case,
    get_process,
    get_task,
    inbox,
    start_case,
)
from engine.services.definitions import ProcessInfo

from support import PROCESSES_DIR

SOP_KEYS = [folder.name for folder in discover(PROCESSES_DIR)]
REQUIRED_SOPS = {"pelayanan_nib_oss", "pelatihan_pelaku_umk", "perencanaan_fasilitasi_usaha_mikro"}
MAX_STEPS = 80


def test_the_sops_alur_was_created_from_are_all_here() -> None:
    assert set(SOP_KEYS) >= REQUIRED_SOPS
    assert sum(key.startswith("ntb_penyuluhan_umkm_") for key in SOP_KEYS) == 12


def _example(field: dict[str, Any]) -> Any:
    return field["examples"][0]


def _examples(schema: dict[str, Any] | None) -> dict[str, Any]:
    if not schema:
        return {}
    return {name: _example(field) for name, field in schema.get("properties", {}).items()}


def _alternatives(field: dict[str, Any]) -> list[Any]:
    if field.get("type") == "boolean":
        return [True, False]
    if "enum" in field:
        return list(field["enum"])
    if "oneOf" in field:
        return [option["const"] for option in field["oneOf"] if "const" in option]
    return list(field.get("examples", []))


def _decision_names(key: str) -> set[str]:
    document = etree.parse(str(PROCESSES_DIR / key / "process.bpmn"))
    names: set[str] = set()
    for condition in document.iter(f"{{{BPMN_NS}}}conditionExpression"):
        names |= check_expression((condition.text or "").strip())
    return names


def _elements(key: str, tag: str) -> set[str]:
    document = etree.parse(str(PROCESSES_DIR / key / "process.bpmn"))
    return {element.get("id") for element in document.iter(f"{{{BPMN_NS}}}{tag}")}


def _user(db: Database, role: str, unit_code: str) -> int:
    username = f"sop_{role}_{unit_code}".replace(".", "_").replace("-", "_")[:80]
    try:
        return find_user(db, username).id
    except NotFound:
        return create_user(db, username=username, full_name=f"{role} {unit_code}", password="kata-sandi-uji",
                           roles=[role], unit_code=unit_code).id


def _run(db: Database, process: ProcessInfo, first_choice: dict[str, Any]) -> tuple[set[str], str | None]:
    """Drive one case; decision fields take ``first_choice`` the first time they are asked, then examples."""
    asked: set[str] = set()

    def fill(schema: dict[str, Any] | None) -> dict[str, Any]:
        data = _examples(schema)
        for name in data.keys() & first_choice.keys():
            if name not in asked:
                data[name] = first_choice[name]
                asked.add(name)
        return data

    starter = _user(db, process.sop["starter_roles"][0].lower().replace(" ", "_"), process.unit_code)
    case = start_case(db, starter, process.key, fill(process.start_form))
    visited: set[str] = set()
    for _ in range(MAX_STEPS):
        open_steps = _open_steps(db, case.id, process)
        if not open_steps:
            break
        for task_id, role in open_steps:
            worker = _user(db, role, process.unit_code)
            task = get_task(db, worker, task_id)
            assert task.may_complete, f"{process.key}: {role} may not complete {task.step.element_id}"
            visited.add(task.step.element_id)
            complete_task(db, worker, task_id, fill(task.step.form))
    else:
        pytest.fail(f"{process.key}: still running after {MAX_STEPS} steps with choices {first_choice}")
    history = get_case(db, starter, case.id)
    assert history.status == "completed", f"{process.key} ended as {history.status}"
    assert history.events[-1].kind == "case_completed"
    completed = [e for e in history.events if e.kind == "task_completed"]
    assert len(completed) == len([s for s in history.steps if s.status == "completed"])
    return visited, history.outcome


def _open_steps(db: Database, case_id: int, process: ProcessInfo) -> list[tuple[int, str]]:
    roles = {step.role_code for step in process.steps}
    found: dict[int, str] = {}
    for role in sorted(roles):
        user = _user(db, role, process.unit_code)
        for row in inbox(db, user, "queue").rows:
            if row.case_id == case_id:
                found[row.id] = row.role_code
    return sorted(found.items())


@pytest.mark.parametrize("key", SOP_KEYS)
def test_sop_runs_to_completion_along_every_branch(db: Database, key: str) -> None:
    process = get_process(db, key)
    fields: dict[str, dict[str, Any]] = {}
    for schema in [process.start_form, *(step.form for step in process.steps)]:
        fields.update((schema or {}).get("properties", {}))
    decisions = sorted(_decision_names(key))
    for name in decisions:
        assert name in fields, f"{key}: decision reads '{name}', which no form asks for"
    runs = [{}] + [{name: value} for name in decisions for value in _alternatives(fields[name])]
    visited: set[str] = set()
    outcomes: set[str | None] = set()
    for choice in runs:
        steps, outcome = _run(db, process, choice)
        visited |= steps
        outcomes.add(outcome)
    assert visited == _elements(key, "userTask"), f"{key}: steps never reached"
    assert outcomes == _end_event_names(key), f"{key}: end events never reached"


def _end_event_names(key: str) -> set[str | None]:
    document = etree.parse(str(PROCESSES_DIR / key / "process.bpmn"))
    return {e.get("name") or e.get("id") for e in document.iter(f"{{{BPMN_NS}}}endEvent")}


def test_every_step_names_its_mutu_baku(db: Database) -> None:
    for key in SOP_KEYS:
        process = get_process(db, key)
        assert process.sop["assumptions"], f"{key}: record the assumptions made when modelling the SOP"
        for step in process.steps:
            assert step.standard_duration and step.name, f"{key}/{step.element_id}"
            assert step.output, f"{key}/{step.element_id}: output (Mutu Baku) missing"

