"""The catalogue, starting, reading and cancelling cases; errors that change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from engine.db import Database
from engine.services import get_case

from api_support import KEY, Api, snapshot
from support import START_FORM

pytest_plugins = ["api_fixtures"]


def test_the_catalogue_lists_the_sop_with_its_steps_and_start_form(api: Api, api_sop: str) -> None:
    response = api.get("/processes", user="uji_pelaksana")
    assert response.status_code == 200
    process = next(p for p in response.get_json()["items"] if p["key"] == KEY)
    assert process["version"] >= 1 and process["name"] == f"Proses uji {KEY}"
    assert process["unit"] == {"code": "kantor-uji.bidang-a", "name": "Bidang A"}
    assert (process["jenis"], process["recurrence"]) == ("biasa", None)
    assert process["start_form"] == START_FORM
    check, approve = process["steps"]
    assert check == {
        "element_id": "periksa", "position": check["position"], "name": "Periksa berkas",
        "documentation": "Memeriksa berkas pemohon.", "role": "pelaksana", "standard_duration": "PT30M",
        "standard_time_text": "30 Menit", "time_basis": "working", "requirements": ["Fotokopi KTP"],
        "output": "Berkas diperiksa", "has_form": True, "on_behalf_of": None,
    }
    assert (approve["role"], approve["standard_duration"], approve["has_form"]) == ("kepala_bidang", "PT1H", False)


def test_one_process_by_key(api: Api, api_sop: str) -> None:
    assert api.get(f"/processes/{KEY}", user="kadis").get_json()["key"] == KEY
    missing = api.get("/processes/tidak_ada", user="kadis")
    assert missing.status_code == 404 and missing.get_json()["error"] == "NotFound"


def test_starting_a_case_answers_201_with_the_case_and_its_location(api: Api, api_sop: str) -> None:
    response = api.post("/cases", user="uji_pelaksana", json={"process": KEY, "data": {"nama_pemohon": " Baiq "}})
    assert response.status_code == 201
    case = response.get_json()
    assert response.headers["Location"] == f"/api/v1/cases/{case['id']}"
    assert case["reference"] == "UJI-2026-00001" and case["status"] == "active"
    assert case["subject"] == "Baiq" and case["data"] == {"nama_pemohon": "Baiq"}
    assert case["process"]["key"] == KEY and case["may_cancel"] is True
    assert [s["name"] for s in case["steps"]] == ["Periksa berkas"]
    assert case["started_at"] == "2026-11-23T01:00:00Z"
    assert [e["kind"] for e in case["events"]] == ["case_started", "task_created"]
    # The same words as the pages and exports (engine/labels.py).
    assert [e["label"] for e in case["events"]] == ["Kasus dimulai", "Langkah dibuka"]
    assert case["status_label"] == "Berjalan" and [s["status_label"] for s in case["steps"]] == ["Terbuka"]
    assert api.get(f"/cases/{case['id']}", user="uji_pelaksana").get_json() == case


def test_a_case_is_hidden_from_other_units(api: Api, api_sop: str, db: Database) -> None:
    case = api.start()
    response = api.get(f"/cases/{case['id']}", user="pelaksana_lain")
    assert response.status_code == 403 and response.get_json()["error"] == "NotAuthorized"


@pytest.mark.parametrize("case_id", ["999999", "2147483648", "99999999999999999999", "0", "abc", "-1", "1.5"])
def test_unknown_or_impossible_case_ids_are_404(api: Api, case_id: str) -> None:
    response = api.get(f"/cases/{case_id}", user="uji_pelaksana")
    assert response.status_code == 404


@pytest.mark.parametrize(("body", "status", "field_errors"), [
    ({"process": KEY, "data": {}}, 422, {"nama_pemohon": "Nama pemohon wajib diisi"}),
    ({"process": KEY, "data": {"nama_pemohon": "Baiq", "umur": 30}}, 422, {"umur": "Isian 'umur' tidak dikenal"}),
    ({"process": KEY, "data": ["Baiq"]}, 422, {"data": "harus berupa objek"}),
    ({"process": KEY, "data": "Baiq"}, 422, {"data": "harus berupa objek"}),
    ({"process": 7, "data": {}}, 422, {"process": "harus berupa teks"}),
    ({"data": {"nama_pemohon": "Baiq"}}, 422, {"process": "wajib diisi"}),
    ({"process": KEY, "date": {}}, 422, None),
    ({"process": "tidak_ada", "data": {}}, 404, None),
])
def test_a_bad_start_request_changes_nothing(api: Api, api_sop: str, db: Database, body: dict[str, Any],
                                            status: int, field_errors: dict[str, str] | None) -> None:
    before = snapshot(db)
    response = api.post("/cases", user="uji_pelaksana", json=body)
    assert response.status_code == status
    if field_errors is not None:
        assert response.get_json()["field_errors"] == field_errors
    assert snapshot(db) == before


def test_starting_outside_my_unit_is_403(api: Api, api_sop: str, db: Database) -> None:
    before = snapshot(db)
    response = api.post("/cases", user="pelaksana_lain", json={"process": KEY, "data": {"nama_pemohon": "Baiq"}})
    assert response.status_code == 403
    assert snapshot(db) == before


def test_malformed_json_is_400_and_changes_nothing(api: Api, api_sop: str, db: Database) -> None:
    before = snapshot(db)
    response = api.post("/cases", user="uji_pelaksana", data='{"process": "uji_api", "data": {',
                        content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.get_json()["message"]
    assert snapshot(db) == before


def test_the_starter_cancels_a_case_once(api: Api, api_sop: str, db: Database, staff: dict[str, int]) -> None:
    case = api.start()
    before = snapshot(db)
    short = api.post(f"/cases/{case['id']}/cancel", user="uji_pelaksana", json={"reason": "x"})
    assert short.status_code == 422 and set(short.get_json()["field_errors"]) == {"reason"}
    outsider = api.post(f"/cases/{case['id']}/cancel", user="pelaksana_lain", json={"reason": "Salah input"})
    assert outsider.status_code == 403
    assert snapshot(db) == before

    response = api.post(f"/cases/{case['id']}/cancel", user="uji_pelaksana", json={"reason": "Salah input data"})
    assert response.status_code == 200
    cancelled = response.get_json()
    assert cancelled["status"] == "cancelled" and cancelled["cancel_reason"] == "Salah input data"
    assert cancelled["cancelled_at"] == "2026-11-23T01:00:00Z" and cancelled["may_cancel"] is False
    assert [s["status"] for s in cancelled["steps"]] == ["cancelled"]
    assert get_case(db, staff["uji_pelaksana"], case["id"]).status == "cancelled"

    again = api.post(f"/cases/{case['id']}/cancel", user="uji_pelaksana", json={"reason": "Salah input data"})
    assert again.status_code == 409 and again.get_json()["error"] == "Conflict"

