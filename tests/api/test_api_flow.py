"""The test SOP from start to finish through the API alone, as an integrating system would run it."""

from __future__ import annotations

from engine.timekeeping.clock import FixedClock

from api_support import KEY, NIK, Api

pytest_plugins = ["api_fixtures"]


def test_a_case_runs_start_to_finish_through_the_api(api: Api, api_sop: str, clock: FixedClock) -> None:
    pelaksana, kabid = api.token("uji_pelaksana"), api.token("uji_kabid")

    catalogue = api.get("/processes", token=pelaksana).get_json()["items"]
    process = next(p for p in catalogue if p["key"] == KEY)
    start_fields = set(process["start_form"]["required"])
    case = api.post("/cases", token=pelaksana,
                    json={"process": KEY, "data": dict.fromkeys(start_fields, "Baiq Nurul")}).get_json()

    check = api.get("/tasks?scope=queue", token=pelaksana).get_json()["items"][0]
    assert check["case_id"] == case["id"]
    detail = api.get(f"/tasks/{check['id']}", token=pelaksana).get_json()
    assert detail["may_claim"] and set(detail["form"]["required"]) == {"nik", "lengkap"}
    api.post(f"/tasks/{check['id']}/claim", token=pelaksana)
    clock.advance(minutes=20)
    done = api.post(f"/tasks/{check['id']}/complete", token=pelaksana,
                    json={"data": {"nik": NIK, "lengkap": True}}).get_json()
    assert done["case_status"] == "active" and len(done["next_task_ids"]) == 1

    assert api.get("/tasks?scope=queue", token=pelaksana).get_json()["total"] == 0
    approve = api.get("/tasks?scope=queue", token=kabid).get_json()["items"]
    assert [t["id"] for t in approve] == done["next_task_ids"] and approve[0]["step_name"] == "Menyetujui"
    assert api.get(f"/tasks/{approve[0]['id']}", token=kabid).get_json()["form"] is None
    clock.advance(minutes=10)
    finished = api.post(f"/tasks/{approve[0]['id']}/complete", token=kabid).get_json()
    assert finished == {"task_id": approve[0]["id"], "case_id": case["id"], "case_status": "completed",
                        "next_task_ids": [], "carried_on_task": None}

    history = api.get(f"/cases/{case['id']}", token=kabid).get_json()
    assert (history["status"], history["outcome"]) == ("completed", "Selesai")
    assert history["completed_at"] == "2026-11-23T01:30:00Z"
    assert [(s["name"], s["status"], s["completed_by"]) for s in history["steps"]] == [
        ("Periksa berkas", "completed", "Uji Pelaksana"), ("Menyetujui", "completed", "Uji Kabid")]
    assert history["steps"][0]["data"] == {"nik": NIK, "lengkap": True}
    assert [e["kind"] for e in history["events"]] == [
        "case_started", "task_created", "task_claimed", "task_completed", "task_created",
        "task_claimed", "task_completed", "case_completed"]
    assert [e["at"] for e in history["events"]][-1] == "2026-11-23T01:30:00Z"
