"""The diagram use cases: a case's steps marked from our task rows, the catalogue's diagram, and who may see them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from engine.db import Database
from engine.errors import NotAuthorized, NotFound
from engine.models import Task, TaskStatus
from engine.services import cancel_case, complete_task, inbox, start_case, sync_processes
from engine.services.diagrams import case_diagram_svg, process_diagram_svg, step_marks
from engine.timekeeping.clock import FixedClock

from support import decision_sketch, write_process

SVG = "http://www.w3.org/2000/svg"
KEY = "uji_diagram_layanan"
NIK = "5201014107900001"


@pytest.fixture
def process(db: Database, tmp_path: Path) -> str:
    write_process(tmp_path, decision_sketch(KEY))
    sync_processes(db, tmp_path)
    return KEY


def _states(svg: str) -> dict[str, str]:
    root = etree.fromstring(svg.encode("utf-8"))
    return {g.get("data-element-id"): g.get("data-state") for g in root.iter(f"{{{SVG}}}g")
            if g.get("data-state")}


def _visited(svg: str) -> set[str]:
    root = etree.fromstring(svg.encode("utf-8"))
    return {g.get("data-element-id") for g in root.iter(f"{{{SVG}}}g") if "state-visited" in g.get("class", "")}


def _open_task(db: Database, user_id: int) -> int:
    rows = inbox(db, user_id, "queue").rows
    assert len(rows) == 1
    return rows[0].id


def test_a_new_case_shows_its_first_step_active(db: Database, process: str, staff: dict[str, int]) -> None:
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    svg = case_diagram_svg(db, staff["uji_pelaksana"], case.id)
    assert _states(svg) == {"periksa": "active"}
    root = etree.fromstring(svg.encode("utf-8"))
    assert root.get("aria-label") == f"Proses uji {KEY} — {case.reference}"
    assert _visited(svg) == {"flow_mulai_periksa"}


def test_an_open_step_past_its_due_time_is_overdue(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    clock.advance(hours=2)  # the step's standard time is 30 working minutes
    svg = case_diagram_svg(db, staff["uji_pelaksana"], case.id)
    assert _states(svg) == {"periksa": "overdue"}
    assert "terlambat" in svg


def test_completed_steps_are_done_and_the_next_one_active(
    db: Database, process: str, staff: dict[str, int]
) -> None:
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    complete_task(db, staff["uji_pelaksana"], _open_task(db, staff["uji_pelaksana"]), {"nik": NIK, "lengkap": True})
    svg = case_diagram_svg(db, staff["uji_pelaksana"], case.id)
    assert _states(svg) == {"periksa": "done", "setujui": "active"}
    assert _visited(svg) == {"flow_mulai_periksa", "flow_periksa_cek_lengkap", "flow_cek_lengkap_setujui"}
    # The Kepala Bidang who may act on the open step sees the case too.
    assert _states(case_diagram_svg(db, staff["uji_kabid"], case.id)) == _states(svg)


def test_a_finished_case_marks_the_end_it_reached(db: Database, process: str, staff: dict[str, int]) -> None:
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    complete_task(db, staff["uji_pelaksana"], _open_task(db, staff["uji_pelaksana"]), {"nik": NIK, "lengkap": False})
    svg = case_diagram_svg(db, staff["uji_pelaksana"], case.id)
    assert _states(svg) == {"periksa": "done", "ditolak": "done"}
    assert "flow_cek_lengkap_ditolak" in _visited(svg)
    assert "flow_cek_lengkap_setujui" not in _visited(svg)


def test_a_cancelled_case_greys_its_open_step(db: Database, process: str, staff: dict[str, int]) -> None:
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    cancel_case(db, staff["uji_pelaksana"], case.id, "Pemohon membatalkan permohonan")
    assert _states(case_diagram_svg(db, staff["uji_pelaksana"], case.id)) == {"periksa": "cancelled"}


def test_only_who_may_see_the_case_gets_its_diagram(db: Database, process: str, staff: dict[str, int]) -> None:
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    for outsider in ("pelaksana_lain", "pelaksana", "kabid_lain"):
        with pytest.raises(NotAuthorized):
            case_diagram_svg(db, staff[outsider], case.id)
    with pytest.raises(NotFound):
        case_diagram_svg(db, staff["uji_pelaksana"], case.id + 10_000)


def test_the_catalogue_diagram_is_unmarked(db: Database, process: str) -> None:
    svg = process_diagram_svg(db, KEY)
    root = etree.fromstring(svg.encode("utf-8"))
    assert root.get("aria-label") == f"Proses uji {KEY}"
    assert _states(svg) == {}
    assert {"periksa", "setujui", "cek_lengkap"} <= {g.get("data-element-id") for g in root.iter(f"{{{SVG}}}g")}
    assert process_diagram_svg(db, KEY, 1) == svg
    with pytest.raises(NotFound):
        process_diagram_svg(db, KEY, 99)
    with pytest.raises(NotFound):
        process_diagram_svg(db, "tidak_ada")


def _task(element_id: str, status: TaskStatus, due: datetime) -> Task:
    return Task(element_id=element_id, status=status, due_at=due)


def test_step_marks_latest_activation_wins() -> None:
    now = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
    later, earlier = now + timedelta(hours=1), now - timedelta(hours=1)
    tasks = [
        _task("periksa", TaskStatus.COMPLETED, earlier),  # sent back …
        _task("setujui", TaskStatus.COMPLETED, earlier),
        _task("periksa", TaskStatus.OPEN, later),  # … and checked again
        _task("arsip", TaskStatus.OPEN, earlier),
        _task("batal", TaskStatus.CANCELLED, later),
    ]
    assert step_marks(tasks, now) == {"periksa": "active", "setujui": "done", "arsip": "overdue",
                                      "batal": "cancelled"}
