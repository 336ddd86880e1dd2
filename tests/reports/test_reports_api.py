"""``GET /api/v1/reports/compliance``: the compliance figures as JSON, as the OpenAPI document describes them."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from webapp.api.openapi import DOCUMENT

PATH = "/api/v1/reports/compliance"
QUERY = {"process": "pelayanan_nib_oss", "from": "2026-11-01", "to": "2026-11-30"}


def token(client: Any, username: str) -> dict[str, str]:
    response = client.post("/api/v1/token", json={"username": username, "password": "kata-sandi-uji"})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def assert_documented(response: Any) -> None:
    """The status is listed for the operation and the body matches its schema."""
    operation = DOCUMENT["paths"]["/reports/compliance"]["get"]
    entry = operation["responses"][str(response.status_code)]
    while "$ref" in entry:
        target: Any = DOCUMENT
        for part in entry["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        entry = target
    schema = entry["content"]["application/json"]["schema"]
    validator = Draft202012Validator({**schema, "components": DOCUMENT["components"]})
    assert not [e.message for e in validator.iter_errors(response.get_json())]


def test_the_figures_as_json(client, office) -> None:
    response = client.get(PATH, query_string=QUERY, headers=token(client, "kadis"))
    assert response.status_code == 200, response.get_json()
    assert_documented(response)
    body = response.get_json()
    assert body["process"]["key"] == "pelayanan_nib_oss" and body["period"] == {"from": "2026-11-01",
                                                                                "to": "2026-11-30"}
    assert (body["totals"]["completions"], body["totals"]["late"], body["totals"]["overdue_now"]) == (11, 3, 1)
    first = body["steps"][0]
    assert (first["element_id"], first["completions"], first["median_minutes"], first["standard_minutes"]) == (
        "input_data_pemohon", 3, 20, 30)
    assert first["p90_minutes"] == pytest.approx(36)
    assert {p["name"]: p["completions"] for p in body["people"]} == {"Pelaksana": 6, "Pelaksana2": 3, "Jafung": 2}


@pytest.mark.parametrize("query", [
    {**QUERY, "from": "01-11-2026"},
    {**QUERY, "to": "2026-02-30"},
    {**QUERY, "to": "2026-10-01"},                  # before "from"
    {"process": "pelayanan_nib_oss"},               # no period
    {**QUERY, "sort": "name"},                      # unknown parameter
])
def test_bad_dates_and_parameters_are_422(client, staff, query) -> None:
    response = client.get(PATH, query_string=query, headers=token(client, "kadis"))
    assert response.status_code == 422
    assert_documented(response)


def test_staff_are_refused(client, staff) -> None:
    response = client.get(PATH, query_string=QUERY, headers=token(client, "pelaksana"))
    assert response.status_code == 403
    assert_documented(response)


def test_an_unknown_sop_is_404_and_no_token_is_401(client, staff) -> None:
    response = client.get(PATH, query_string={**QUERY, "process": "tidak_ada"}, headers=token(client, "kadis"))
    assert response.status_code == 404
    assert client.get(PATH, query_string=QUERY).status_code == 401
