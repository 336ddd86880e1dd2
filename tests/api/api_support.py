"""Helpers of the JSON API's tests: a client that signs in with tokens, and a check of every response
against the OpenAPI document (so the document cannot drift from what the API answers).

The fixtures built on these live in :mod:`api_fixtures`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import func, select

from engine.db import Database
from engine.models import Case, Event, Task
from webapp.api.openapi import DOCUMENT

#: The password tests/conftest.py gives every staff member. Not imported: another folder's conftest.py can
#: take the module name ``conftest`` (pytest imports each as ``conftest``), so ``from conftest import`` is fragile.
PASSWORD = "kata-sandi-uji"
KEY = "uji_api"
NIK = "5201014107900001"
PREFIX = "/api/v1"
#: Every request of these tests comes from this address, so the sign-in attempts they leave behind
#: (which the rate limit counts) can be removed without touching other tests'.
API_SOURCE = "192.0.2.10"
#: A second Pelaksana of the test unit, for "held by someone else"; created once per run.
SECOND_PELAKSANA = "api_pelaksana2"


def snapshot(db: Database) -> tuple[Any, ...]:
    """Everything a failed request must leave as it was."""
    with db.transaction(write=False) as session:
        return (
            session.scalar(select(func.count()).select_from(Event)),
            tuple(session.execute(select(Task.id, Task.status, Task.assignee_id, Task.data).order_by(Task.id)).all()),
            tuple(session.execute(select(Case.id, Case.status, Case.data, Case.workflow_state)
                                  .order_by(Case.id)).all()),
        )


# --- the OpenAPI check ---------------------------------------------------------------------------------


def _closed(node: Any) -> Any:
    """The schemas with every object that lists properties closed: an undocumented field fails the test."""
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {key: _closed(value) for key, value in node.items()}
    if isinstance(node.get("properties"), dict) and "additionalProperties" not in node:
        copy["additionalProperties"] = False
    return copy


_FORMATS = FormatChecker(formats=())


@_FORMATS.checks("date-time")
def _utc_timestamp(value: object) -> bool:
    """The API promises ISO 8601 in UTC, written with a Z."""
    if not isinstance(value, str):
        return True
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return value.endswith("Z")


_CLOSED_COMPONENTS = _closed(DOCUMENT["components"])


def _template_of(path: str) -> str | None:
    for template in DOCUMENT["paths"]:
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            return template
    return None


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = DOCUMENT
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def check_response(method: str, url: str, response: Any) -> None:
    """Fail unless the status is documented for the operation and the body and headers match it."""
    path = url.split("?", 1)[0].removeprefix(PREFIX)
    template = _template_of(path)
    operation = DOCUMENT["paths"].get(template or "", {}).get(method.lower())
    body = response.get_json(silent=True)
    if operation is None:  # an unknown path or method: the generic error shape
        assert response.status_code in (404, 405), (method, url, response.status_code)
        schema: dict[str, Any] = {"$ref": "#/components/schemas/Error"}
        headers: dict[str, Any] = {}
    else:
        documented = operation["responses"]
        assert str(response.status_code) in documented, (
            f"{method} {template} answered {response.status_code}, which the OpenAPI document does not list")
        entry = _resolve(documented[str(response.status_code)])
        schema = entry["content"]["application/json"]["schema"]
        headers = entry.get("headers", {})
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:200]
    validator = Draft202012Validator({**schema, "components": _CLOSED_COMPONENTS}, format_checker=_FORMATS)
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]
    assert not problems, f"{method} {url} → {response.status_code} does not match the document: {problems}"
    for header in headers:
        assert header in response.headers, f"{method} {url}: documented header {header} missing"


class Api:
    """The test client speaking bearer tokens, checking every answer against the OpenAPI document."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.client.environ_base["REMOTE_ADDR"] = API_SOURCE
        self._tokens: dict[str, str] = {}

    def token(self, username: str, password: str = PASSWORD) -> str:
        if username not in self._tokens:
            response = self.post("/token", json={"username": username, "password": password})
            assert response.status_code == 200, response.get_json()
            self._tokens[username] = response.get_json()["token"]
        return self._tokens[username]

    def request(self, method: str, path: str, *, user: str | None = None, token: str | None = None,
                headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        headers = dict(headers or {})
        if user is not None:
            token = self.token(user)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        url = PREFIX + path
        response = self.client.open(url, method=method, headers=headers, **kwargs)
        check_response(method, url, response)
        return response

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.request("POST", path, **kwargs)

    # The steps of the test SOP, as a client would take them.

    def start(self, user: str = "uji_pelaksana", name: str = "Baiq Nurul") -> dict[str, Any]:
        response = self.post("/cases", user=user, json={"process": KEY, "data": {"nama_pemohon": name}})
        assert response.status_code == 201, response.get_json()
        return dict(response.get_json())

    def only_queue_task(self, user: str) -> int:
        items = self.get("/tasks?scope=queue", user=user).get_json()["items"]
        assert len(items) == 1, items
        return int(items[0]["id"])
