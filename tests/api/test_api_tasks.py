"""The inbox, a task's detail, claiming, releasing and completing; every refusal changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.authoring import EndEvent, Flow, ProcessSketch, StartEvent, UserTask, sop_properties
from engine.db import Database
from engine.services import get_task, sync_processes
from engine.timekeeping.clock import FixedClock

from api_support import KEY, NIK, SECOND_PELAKSANA, Api, snapshot
from support import DECISION_FORM, write_process

pytest_plugins = ["api_fixtures"]


def test_the_queue_and_my_tasks(api: Api, api_sop: str, clock: FixedClock) -> None:
    case = api.start()
    queue = api.get("/tasks?scope=queue", user="uji_pelaksana").get_json()
    assert (queue["scope"], queue["total"], queue["page"], queue["per_page"], queue["pages"]) == ("queue", 1, 1, 25, 1)
    assert queue["counts"] == {"mine": 0, "queue": 1}
    row = queue["items"][0]
    assert row["case_id"] == case["id"] and row["case_reference"] == case["reference"]
    assert row["process"] == {"key": KEY, "name": f"Proses uji {KEY}"}
    assert (row["element_id"], row["step_name"], row["role"], row["assignee_id"]) == ("periksa", "Periksa berkas",
                                                                                       "pelaksana", None)
    assert row["due_at"] == "2026-11-23T01:30:00Z" and not row["is_overdue"]

    assert api.get("/tasks", user="uji_pelaksana").get_json()["items"] == []  # scope=mine by default
    assert api.get("/tasks?scope=queue", user="uji_kabid").get_json()["total"] == 0  # not a Kabid's step
    assert api.get("/tasks?scope=queue", user="pelaksana_lain").get_json()["total"] == 0  # another unit

    api.post(f"/tasks/{row['id']}/claim", user="uji_pelaksana")
    mine = api.get("/tasks?scope=mine", user="uji_pelaksana").get_json()
    assert [r["id"] for r in mine["items"]] == [row["id"]] and mine["counts"] == {"mine": 1, "queue": 0}


def test_the_inbox_filters_sorts_and_pages(api: Api, api_sop: str, clock: FixedClock) -> None:
    first = api.start(name="Pertama")
    clock.advance(minutes=10)
    api.start(name="Kedua")
    get = lambda query: api.get(f"/tasks?scope=queue&{query}", user="uji_pelaksana").get_json()  # noqa: E731

    assert [r["subject"] for r in get("sort=-started")["items"]] == ["Kedua", "Pertama"]
    assert [r["subject"] for r in get("sort=due")["items"]] == ["Pertama", "Kedua"]
    page = get("per_page=1&page=2")
    assert (page["total"], page["pages"], [r["subject"] for r in page["items"]]) == (2, 2, ["Kedua"])
    assert get(f"process={KEY}&step=periksa")["total"] == 2
    assert get("process=tidak_ada")["total"] == 0 and get("step=setujui")["total"] == 0
    assert get("due_today=true")["total"] == 2
    assert get("overdue=true")["total"] == 0
    clock.advance(minutes=25)  # the first is due 09:30 WITA, the second 09:40
    overdue = get("overdue=1")
    assert [r["case_id"] for r in overdue["items"]] == [first["id"]] and overdue["items"][0]["is_overdue"]


@pytest.mark.parametrize(("query", "fields"), [
    ("scope=semua", {"scope"}),
    ("page=0&per_page=201", {"page", "per_page"}),
    ("page=satu", {"page"}),
    ("page=" + "9" * 5000, {"page"}),
    ("overdue=mungkin&sort=name", {"overdue", "sort"}),
    ("limit=5", {"limit"}),
])
def test_bad_query_parameters_are_422_per_parameter(api: Api, query: str, fields: set[str]) -> None:
    response = api.get(f"/tasks?{query}", user="uji_pelaksana")
    assert response.status_code == 422
    assert set(response.get_json()["field_errors"]) == fields


def test_a_task_carries_its_form_mutu_baku_and_what_i_may_do(api: Api, api_sop: str) -> None:
    case = api.start()
    task_id = api.only_queue_task("uji_pelaksana")
    task = api.get(f"/tasks/{task_id}", user="uji_pelaksana").get_json()
    assert task["form"] == DECISION_FORM
    assert task["step"]["requirements"] == ["Fotokopi KTP"] and task["step"]["output"] == "Berkas diperiksa"
    assert (task["step"]["standard_duration"], task["step"]["standard_time_text"]) == ("PT30M", "30 Menit")
    assert (task["status"], task["case_id"], task["case_data"]) == ("open", case["id"], {"nama_pemohon": "Baiq Nurul"})
    assert (task["may_claim"], task["may_complete"], task["may_reassign"]) == (True, True, False)
    supervisor = api.get(f"/tasks/{task_id}", user="uji_kabid").get_json()
    assert (supervisor["may_claim"], supervisor["may_complete"], supervisor["may_reassign"]) == (False, False, True)


def test_a_task_of_another_unit_is_403_and_an_unknown_one_404(api: Api, api_sop: str, db: Database) -> None:
    api.start()
    task_id = api.only_queue_task("uji_pelaksana")
    before = snapshot(db)
    assert api.get(f"/tasks/{task_id}", user="pelaksana_lain").status_code == 403
    for action in ("claim", "unclaim", "complete"):
        response = api.post(f"/tasks/{task_id}/{action}", user="pelaksana_lain")
        assert response.status_code == 403, action
        assert response.get_json()["error"] == "NotAuthorized"
    for action in ("", "/claim", "/unclaim", "/complete"):
        assert api.request("GET" if not action else "POST", f"/tasks/987654{action}",
                           user="uji_pelaksana").status_code == 404
    assert snapshot(db) == before


def test_claiming_and_releasing(api: Api, api_sop: str, db: Database, staff: dict[str, int],
                                second_pelaksana: int) -> None:
    api.start()
    task_id = api.only_queue_task("uji_pelaksana")
    claimed = api.post(f"/tasks/{task_id}/claim", user="uji_pelaksana")
    assert claimed.status_code == 200
    body = claimed.get_json()
    assert body["assignee_id"] == staff["uji_pelaksana"] and body["claimed_at"] == "2026-11-23T01:00:00Z"
    assert (body["may_claim"], body["may_complete"]) == (False, True)
    assert api.post(f"/tasks/{task_id}/claim", user="uji_pelaksana").status_code == 200  # again: no change

    before = snapshot(db)
    taken = api.post(f"/tasks/{task_id}/claim", user=SECOND_PELAKSANA)
    assert taken.status_code == 409 and "Uji Pelaksana" in taken.get_json()["message"]
    assert api.post(f"/tasks/{task_id}/unclaim", user=SECOND_PELAKSANA).status_code == 403
    with_fields = api.post(f"/tasks/{task_id}/claim", user=SECOND_PELAKSANA, json={"force": True})
    assert with_fields.status_code == 422 and set(with_fields.get_json()["field_errors"]) == {"force"}
    assert snapshot(db) == before

    released = api.post(f"/tasks/{task_id}/unclaim", user="uji_pelaksana")
    assert released.status_code == 200 and released.get_json()["assignee_id"] is None
    assert get_task(db, second_pelaksana, task_id).may_claim


def test_completing_with_an_invalid_nik_is_422_and_changes_nothing(api: Api, api_sop: str, db: Database) -> None:
    api.start()
    task_id = api.only_queue_task("uji_pelaksana")
    before = snapshot(db)
    response = api.post(f"/tasks/{task_id}/complete", user="uji_pelaksana",
                        json={"data": {"nik": "12345", "lengkap": True}})
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "ValidationFailed" and body["message"] == "Data formulir tidak valid"
    assert set(body["field_errors"]) == {"nik"} and body["field_errors"]["nik"].startswith("NIK Pemohon")
    assert snapshot(db) == before


@pytest.mark.parametrize(("body", "field_errors"), [
    ({"data": [NIK, True]}, {"data": "harus berupa objek"}),
    ({"data": None}, {"data": "harus berupa objek"}),
    ({"nik": NIK, "lengkap": True}, {"nik", "lengkap"}),
    ({}, {"nik": "NIK Pemohon wajib diisi", "lengkap": "Berkas lengkap? wajib diisi"}),
    ({"data": {"nik": NIK, "lengkap": "ya"}}, {"lengkap": "Berkas lengkap? harus berupa ya atau tidak"}),
    ({"data": {"nik": NIK, "lengkap": True}, "carry_on": "ya"}, {"carry_on": "harus berupa true atau false"}),
])
def test_a_completion_of_the_wrong_shape_is_422(api: Api, api_sop: str, db: Database, body: dict[str, Any],
                                                field_errors: dict[str, str] | set[str]) -> None:
    api.start()
    task_id = api.only_queue_task("uji_pelaksana")
    before = snapshot(db)
    response = api.post(f"/tasks/{task_id}/complete", user="uji_pelaksana", json=body)
    assert response.status_code == 422
    got = response.get_json()["field_errors"]
    assert (set(got) if isinstance(field_errors, set) else got) == field_errors
    assert snapshot(db) == before


def test_completing_twice_or_someone_elses_task_is_409(api: Api, api_sop: str, db: Database,
                                                       second_pelaksana: int) -> None:
    api.start()
    task_id = api.only_queue_task("uji_pelaksana")
    api.post(f"/tasks/{task_id}/claim", user="uji_pelaksana")
    before = snapshot(db)
    held = api.post(f"/tasks/{task_id}/complete", user=SECOND_PELAKSANA, json={"data": {"nik": NIK, "lengkap": True}})
    assert held.status_code == 409 and "sedang dipegang" in held.get_json()["message"]
    assert snapshot(db) == before

    done = api.post(f"/tasks/{task_id}/complete", user="uji_pelaksana", json={"data": {"nik": NIK, "lengkap": True}})
    assert done.status_code == 200
    before = snapshot(db)
    again = api.post(f"/tasks/{task_id}/complete", user="uji_pelaksana", json={"data": {"nik": NIK, "lengkap": True}})
    assert again.status_code == 409 and "sudah diselesaikan" in again.get_json()["message"]
    assert api.post(f"/tasks/{task_id}/claim", user="uji_pelaksana").status_code == 409
    assert api.post(f"/tasks/{task_id}/unclaim", user="uji_pelaksana").status_code == 409
    assert snapshot(db) == before


def test_an_unclaimed_task_is_claimed_and_completed_at_once(api: Api, api_sop: str, staff: dict[str, int]) -> None:
    case = api.start()
    task_id = api.only_queue_task("uji_pelaksana")
    response = api.post(f"/tasks/{task_id}/complete", user="uji_pelaksana",
                        json={"data": {"nik": f" {NIK} ", "lengkap": False}})
    assert response.get_json() == {"task_id": task_id, "case_id": case["id"], "case_status": "completed",
                                   "next_task_ids": [], "carried_on_task": None}
    done = api.get(f"/tasks/{task_id}", user="uji_pelaksana").get_json()
    assert done["status"] == "completed" and done["data"] == {"nik": NIK, "lengkap": False}
    assert done["completed_by"] == "Uji Pelaksana" and done["assignee_id"] == staff["uji_pelaksana"]
    assert api.get(f"/cases/{case['id']}", user="uji_pelaksana").get_json()["outcome"] == "Dikembalikan"


def _two_pelaksana_steps(db: Database, root: Path, key: str, **sop: object) -> str:
    """Two consecutive Pelaksana steps of the test unit: the second is the completer's to take too."""
    write_process(root, ProcessSketch(
        id=key, name=f"Uji {key}", lanes=["Pelaksana"],
        nodes=[StartEvent("mulai", "Mulai", "Pelaksana"),
               UserTask("satu", "Siapkan konsep", "Pelaksana", "", sop_properties("PT30M", "30 Menit", [], "")),
               UserTask("dua", "Kirim konsep", "Pelaksana", "", sop_properties("PT30M", "30 Menit", [], "")),
               EndEvent("selesai", "Selesai", "Pelaksana")],
        flows=[Flow("mulai", "satu"), Flow("satu", "dua"), Flow("dua", "selesai")],
    ), sop=sop)
    sync_processes(db, root)
    return key


def test_the_next_step_that_is_mine_too_is_given_to_me_and_named(api: Api, db: Database, tmp_path: Path,
                                                                  staff: dict[str, int]) -> None:
    """As on the web: completing a step whose next step is mine to take too claims it for me, and the answer
    says which one, with its links, so a client goes straight on to it."""
    key = _two_pelaksana_steps(db, tmp_path / "a", "uji_api_lanjut")
    api.post("/cases", user="uji_pelaksana", json={"process": key, "data": {"nama_pemohon": "Satu"}})
    first = api.only_queue_task("uji_pelaksana")
    done = api.post(f"/tasks/{first}/complete", user="uji_pelaksana").get_json()
    following = done["carried_on_task"]["id"]
    assert done["next_task_ids"] == [following]
    assert done["carried_on_task"] == {"id": following, "url": f"/api/v1/tasks/{following}",
                                       "page": f"/tasks/{following}"}
    task = api.get(f"/tasks/{following}", user="uji_pelaksana").get_json()
    assert task["step"]["name"] == "Kirim konsep" and task["assignee_id"] == staff["uji_pelaksana"]
    assert task["may_complete"] and not task["may_claim"]
    assert api.get("/tasks?scope=queue", user="uji_pelaksana").get_json()["total"] == 0
    finished = api.post(f"/tasks/{following}/complete", user="uji_pelaksana").get_json()
    assert finished["case_status"] == "completed" and finished["carried_on_task"] is None


@pytest.mark.parametrize(("sop", "body"), [
    ({"langkah_berikutnya_pelaksana_sama": False}, {}),  # the SOP keeps each step in its queue
    ({}, {"carry_on": False}),  # the client asks for the queue
])
def test_otherwise_the_next_step_waits_in_the_queue(api: Api, db: Database, tmp_path: Path,
                                                    sop: dict[str, Any], body: dict[str, Any]) -> None:
    key = _two_pelaksana_steps(db, tmp_path / "b", "uji_api_antrean", **sop)
    api.post("/cases", user="uji_pelaksana", json={"process": key, "data": {"nama_pemohon": "Dua"}})
    first = api.only_queue_task("uji_pelaksana")
    done = api.post(f"/tasks/{first}/complete", user="uji_pelaksana", json=body).get_json()
    assert done["carried_on_task"] is None and len(done["next_task_ids"]) == 1
    assert api.only_queue_task("uji_pelaksana") == done["next_task_ids"][0]


def test_errors_answer_in_english_with_accept_language_and_keep_their_code(api: Api, api_sop: str) -> None:
    api.start()
    task_id = api.only_queue_task("uji_pelaksana")
    english = api.post(f"/tasks/{task_id}/complete", user="uji_pelaksana",
                       headers={"Accept-Language": "en-GB,en;q=0.9"}, json={"data": {"nik": "12345", "lengkap": True}})
    assert english.status_code == 422
    body = english.get_json()
    assert body["error"] == "ValidationFailed" and body["message"] == "The form data is not valid"
    assert body["field_errors"] == {"nik": "NIK Pemohon must be 16 digits"}
    indonesian = api.post(f"/tasks/{task_id}/complete", user="uji_pelaksana", headers={"Accept-Language": "id"},
                          json={"data": {"nik": "12345", "lengkap": True}})
    assert indonesian.get_json()["field_errors"] == {"nik": "NIK Pemohon harus 16 digit angka"}
    missing = api.get("/tasks/999999", user="uji_pelaksana", headers={"Accept-Language": "en"})
    assert missing.status_code == 404
    assert missing.get_json() == {"error": "NotFound", "message": "Task 999999 was not found."}
