"""The API refuses what no database can store (422), bodies not sent as JSON (415) and ids beyond 2^31-1 (404).

Findings of the security review (issue 9): a NUL byte in the token endpoint's JSON gave a 500 on PostgreSQL,
a lone surrogate in any JSON body a 500 on both databases, and any Content-Type was read as JSON. Every
answer is also checked against the OpenAPI document (api_support.Api).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from engine.db import Database
from engine.models import Case, Event, LoginAttempt
from engine.services import get_task
from webapp.views import MAX_ID

from api_support import NIK, Api

pytest_plugins = ["api_fixtures"]

UNSTORABLE = "tidak dapat disimpan"
OUT_OF_RANGE = [str(MAX_ID + 1), "9" * 20, str(10**24), "0", "00", "-1"]


def _events(db: Database) -> int:
    with db.transaction(write=False) as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


@pytest.mark.parametrize("body", [
    {"username": "uji_pelaksana\u0000", "password": "x"},
    {"username": "\ud800", "password": "x"},
    {"username": "uji_pelaksana", "password": "\udfff"},
])
def test_the_token_endpoint_refuses_unstorable_text_with_422(api: Api, db: Database, body: dict[str, str]) -> None:
    with db.transaction(write=False) as session:
        attempts = session.scalar(select(func.count()).select_from(LoginAttempt))
    answer = api.post("/token", json=body)
    assert answer.status_code == 422
    [(field, message)] = answer.get_json()["field_errors"].items()
    assert field in ("username", "password") and UNSTORABLE in message
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(LoginAttempt)) == attempts


@pytest.mark.parametrize(("data", "field"), [
    ({"nik": "\ud83d", "lengkap": True}, "data.nik"),
    ({"nik": NIK + "\u0000", "lengkap": True}, "data.nik"),
    ({"nik": NIK, "lengkap": True, "catatan": ["ok", {"x": "\udc00"}]}, "data.catatan.1.x"),
    ({"nik": NIK, "lengkap": True, "n\u0000ik": "1"}, "data"),
])
def test_api_completions_refuse_unstorable_text_with_422(  # type: ignore[no-untyped-def]
        api: Api, api_sop: str, db: Database, staff: dict[str, int], data: dict[str, Any], field: str) -> None:
    api.start()
    task_id = api.only_queue_task("uji_pelaksana")
    before = _events(db)
    answer = api.post(f"/tasks/{task_id}/complete", user="uji_pelaksana", json={"data": data})
    assert answer.status_code == 422 and UNSTORABLE in answer.get_json()["field_errors"][field]
    assert get_task(db, staff["uji_pelaksana"], task_id).status == "open" and _events(db) == before


def test_api_start_with_a_lone_surrogate_is_a_422_and_no_case(api: Api, api_sop: str, db: Database) -> None:
    answer = api.post("/cases", user="uji_pelaksana", json={"process": api_sop, "data": {"nama_pemohon": "\ud800"}})
    assert answer.status_code == 422 and "data.nama_pemohon" in answer.get_json()["field_errors"]
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_api_query_with_a_nul_is_a_422(api: Api) -> None:
    answer = api.get("/tasks?process=uji%00api", user="uji_pelaksana")
    assert answer.status_code == 422 and UNSTORABLE in answer.get_json()["field_errors"]["process"]
    answer = api.get("/notifications?unread=%00", user="uji_pelaksana")
    assert answer.status_code == 422


# --- API bodies must be JSON ---------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_the_api_refuses_a_body_that_is_not_declared_json_with_415(api: Api, content_type: str | None) -> None:
    body = '{"username": "uji_pelaksana", "password": "kata-sandi-uji"}'
    headers = {"Content-Type": content_type} if content_type else {}
    answer = api.post("/token", data=body, headers=headers)
    assert answer.status_code == 415, answer.get_json()
    assert "application/json" in answer.get_json()["message"]


def test_the_api_takes_json_and_an_empty_body_under_any_type(api: Api, api_sop: str) -> None:
    answer = api.post("/token", data='{"username": "uji_pelaksana", "password": "kata-sandi-uji"}',
                      content_type="application/json; charset=utf-8")
    assert answer.status_code == 200
    api.start()
    task_id = api.only_queue_task("uji_pelaksana")
    assert api.post(f"/tasks/{task_id}/claim", user="uji_pelaksana", content_type="text/plain").status_code == 200


@pytest.mark.parametrize("path", ["/tasks/{}", "/cases/{}"])
def test_api_ids_out_of_range_are_404(api: Api, path: str) -> None:
    for number in OUT_OF_RANGE:
        assert api.get(path.format(number), user="kadis").status_code == 404, number


def test_api_answers_are_never_stored(api: Api) -> None:
    assert api.get("/me", user="uji_pelaksana").headers["Cache-Control"] == "no-store"
    assert api.post("/token", json={}).headers["Cache-Control"] == "no-store"
