"""The API says which steps a role records on an external party's behalf (``on_behalf_of``), as the pages do."""

from __future__ import annotations

from pathlib import Path

from roles_support import SUBMISSION_FORM, applicant_sketch

from engine.db import Database
from engine.services import sync_processes

from api_support import Api
from support import write_process

pytest_plugins = ["api_fixtures"]
KEY = "uji_api_pemohon"


def test_steps_recorded_for_the_applicant_say_so(api: Api, db: Database, tmp_path: Path) -> None:
    write_process(tmp_path, applicant_sketch(KEY), forms={"forms/ajukan.json": SUBMISSION_FORM})
    sync_processes(db, tmp_path)
    steps = api.get(f"/processes/{KEY}", user="uji_pelaksana").get_json()["steps"]
    assert [(s["element_id"], s["role"], s["on_behalf_of"]) for s in steps] == [
        ("ajukan", "pelaksana", "pemohon"), ("periksa", "pelaksana", None), ("setujui", "kepala_bidang", None)]

    case = api.post("/cases", user="uji_pelaksana", json={"process": KEY, "data": {"nama_pemohon": "Baiq"}})
    assert case.status_code == 201
    queue = [t for t in api.get("/tasks?scope=queue", user="uji_pelaksana").get_json()["items"]
             if t["case_id"] == case.get_json()["id"]]
    assert [(t["element_id"], t["role"], t["on_behalf_of"]) for t in queue] == [("ajukan", "pelaksana", "pemohon")]
    done = api.post(f"/tasks/{queue[0]['id']}/complete", user="uji_pelaksana",
                    json={"data": {"nama_usaha": "UD Sasak"}})
    assert done.status_code == 200, done.get_json()
    detail = api.get(f"/cases/{case.get_json()['id']}", user="uji_pelaksana").get_json()
    assert [(s["element_id"], s["on_behalf_of"]) for s in detail["steps"]] == [("ajukan", "pemohon"),
                                                                                ("periksa", None)]
    assert [e["payload"].get("on_behalf_of") for e in detail["events"] if e["kind"] == "task_completed"] == ["pemohon"]
