"""Issue 13 in the engine: the next step stays with whoever did the one before it (same role and unit, per-SOP
setting), whose home is which, the Kadis's office overview, and who is offered which SOPs and registers."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.authoring import EndEvent, Flow, ProcessSketch, StartEvent, UserTask, sop_properties
from engine.db import Database
from engine.errors import AlurError, NotAuthorized
from engine.models import Event, Task
from engine.services import complete_task, get_case, inbox, start_case, sync_processes
from engine.services.overview import home_of, office_overview, require_may_start, startable_processes
from engine.services.reports.registers import register, register_list
from engine.timekeeping.clock import FixedClock

from support import write_process

LOBAR = {"office": {"code": "dinkop-lobar", "name": "Dinas Koperasi dan UKM"},
         "unit": {"code": "dinkop-lobar.bidang-umkm", "name": "Bidang UMKM", "kind": "division"}}


def _sketch(key: str, second_lane: str = "Pelaksana") -> ProcessSketch:
    lanes = ["Pelaksana"] if second_lane == "Pelaksana" else ["Pelaksana", second_lane]
    return ProcessSketch(
        id=key, name=f"Uji {key}", lanes=lanes,
        nodes=[StartEvent("mulai", "Mulai", "Pelaksana"),
               UserTask("satu", "Siapkan konsep", "Pelaksana", "", sop_properties("PT30M", "30 Menit", [], "")),
               UserTask("dua", "Tanda tangani SK", second_lane, "", sop_properties("PT30M", "30 Menit", [], "")),
               EndEvent("selesai", "Selesai", second_lane)],
        flows=[Flow("mulai", "satu"), Flow("satu", "dua"), Flow("dua", "selesai")],
    )


def _sync(db: Database, root: Path, sketch: ProcessSketch, **sop: object) -> str:
    write_process(root, sketch, sop={**LOBAR, **sop})
    sync_processes(db, root)
    return sketch.id


def _first(db: Database, user_id: int, case_id: int) -> int:
    return next(row.id for row in inbox(db, user_id, "queue").rows if row.case_id == case_id)


def test_the_next_step_of_the_same_role_and_unit_is_given_to_the_completer(  # type: ignore[no-untyped-def]
        db: Database, staff, tmp_path: Path) -> None:
    key = _sync(db, tmp_path / "a", _sketch("uji_tetap_sama"))
    case = start_case(db, staff["pelaksana"], key, {"nama_pemohon": "Satu"})
    done = complete_task(db, staff["pelaksana"], _first(db, staff["pelaksana"], case.id), carry_on=True)
    assert done.carried_on_task_id is not None and done.next_task_ids == (done.carried_on_task_id,)
    with db.transaction(write=False) as session:
        following = session.get(Task, done.carried_on_task_id)
        assert following is not None and following.assignee_id == staff["pelaksana"]
        claimed = session.scalars(select(Event.kind).where(Event.task_id == following.id)).all()
    assert "task_claimed" in claimed  # in the history like any claim
    assert [r.id for r in inbox(db, staff["pelaksana"], "mine").rows] == [done.carried_on_task_id]
    assert not [r for r in inbox(db, staff["pelaksana2"], "queue").rows if r.case_id == case.id]


def test_without_carry_on_the_next_step_waits_in_the_queue(db: Database, staff, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Callers that do not go on working (scripts, the demo, integrations) leave every new step in its queue."""
    key = _sync(db, tmp_path / "a2", _sketch("uji_tetap_sama"))
    case = start_case(db, staff["pelaksana"], key, {"nama_pemohon": "Satu"})
    done = complete_task(db, staff["pelaksana"], _first(db, staff["pelaksana"], case.id))
    assert done.carried_on_task_id is None
    assert [r.id for r in inbox(db, staff["pelaksana2"], "queue").rows if r.case_id == case.id] == \
        list(done.next_task_ids)


def test_an_sop_can_keep_its_next_step_in_the_queue(db: Database, staff, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = _sync(db, tmp_path / "b", _sketch("uji_tetap_antrean"), langkah_berikutnya_pelaksana_sama=False)
    case = start_case(db, staff["pelaksana"], key, {"nama_pemohon": "Dua"})
    done = complete_task(db, staff["pelaksana"], _first(db, staff["pelaksana"], case.id), carry_on=True)
    assert done.carried_on_task_id is None and len(done.next_task_ids) == 1
    assert [r.id for r in inbox(db, staff["pelaksana2"], "queue").rows if r.case_id == case.id] == \
        list(done.next_task_ids)


def test_a_step_of_another_role_stays_in_that_roles_queue(db: Database, staff, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = _sync(db, tmp_path / "c", _sketch("uji_ke_kadis", "Kadis"))
    case = start_case(db, staff["pelaksana"], key, {"nama_pemohon": "Tiga"})
    done = complete_task(db, staff["pelaksana"], _first(db, staff["pelaksana"], case.id), carry_on=True)
    assert done.carried_on_task_id is None
    step = get_case(db, staff["pelaksana"], case.id).steps[-1]
    assert step.role_code == "kadis" and step.assignee is None


def test_sync_refuses_a_setting_that_is_not_true_or_false(db: Database, tmp_path: Path) -> None:
    with pytest.raises(AlurError) as refused:
        _sync(db, tmp_path / "d", _sketch("uji_setelan_salah"), langkah_berikutnya_pelaksana_sama="ya")
    assert "langkah_berikutnya_pelaksana_sama" in str(refused.value)


def test_each_person_has_their_home(db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    assert home_of(db, staff["pelaksana"]) == "staff"
    assert home_of(db, staff["jafung"]) == "staff"
    assert home_of(db, staff["kabid"]) == "supervisor"
    assert home_of(db, staff["sekretaris"]) == "supervisor"
    assert home_of(db, staff["kadis"]) == "office"


def test_the_office_overview_is_the_kadiss_alone(db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    for name in ("pelaksana", "kabid", "sekretaris"):
        with pytest.raises(NotAuthorized):
            office_overview(db, staff[name])


def test_the_office_overview_counts_running_late_and_this_months_completions(  # type: ignore[no-untyped-def]
        db: Database, staff, tmp_path: Path, clock: FixedClock) -> None:
    key = _sync(db, tmp_path / "e", _sketch("uji_tanda_tangan", "Kadis"))
    on_time = start_case(db, staff["pelaksana"], key, {"nama_pemohon": "Tepat"})
    complete_task(db, staff["pelaksana"], _first(db, staff["pelaksana"], on_time.id))
    complete_task(db, staff["kadis"], _first(db, staff["kadis"], on_time.id))
    waiting = start_case(db, staff["pelaksana"], key, {"nama_pemohon": "Menunggu SK"})
    complete_task(db, staff["pelaksana"], _first(db, staff["pelaksana"], waiting.id))
    start_case(db, staff["pelaksana"], key, {"nama_pemohon": "Belum mulai"})
    clock.advance(timedelta(days=2))

    overview = office_overview(db, staff["kadis"])
    figures = next(s for s in overview.sops if s.key == key)
    assert (figures.running, figures.late, figures.completed, figures.completed_on_standard) == (2, 2, 1, 1)
    assert [(w.case_reference, w.step_name, w.is_overdue) for w in overview.waiting
            if w.process_name == "Uji uji_tanda_tangan"] == [
        (get_case(db, staff["kadis"], waiting.id).reference, "Tanda tangani SK", True)]
    assert not any(s.key.startswith("ntb_") for s in overview.sops)  # another office's SOPs are not theirs


def test_only_sops_one_may_start_are_offered(db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    offered = startable_processes(db, staff["pelaksana"])
    assert "pelayanan_nib_oss" in offered
    assert not any(key.startswith("ntb_") for key in offered)
    assert "pelayanan_nib_oss" not in startable_processes(db, staff["jafung"])  # not a starter role
    with pytest.raises(NotAuthorized):
        require_may_start(db, staff["pelaksana"], "ntb_penyuluhan_umkm_01_rencana_program")
    require_may_start(db, staff["pelaksana"], "pelayanan_nib_oss")


def test_registers_are_offered_only_for_the_units_one_supervises(db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    offered = {choice.value for choice in register_list(db, staff["kadis"])}
    assert "nib" in offered and "katalog-ntb" not in offered
    nib = register(db, staff["kadis"], "nib")
    assert nib.unit_name == "Dinas Koperasi dan UKM"  # labelled with the Kadis's own unit
