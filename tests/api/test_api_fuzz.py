"""schemathesis generates requests from /api/v1/openapi.json, valid and invalid: no 500, and every answer
matches the document (status codes, headers, content types and bodies)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import negative_data_rejection

from engine.db import Database

from api_support import API_SOURCE, Api

pytest_plugins = ["api_fixtures"]

from webapp.api.openapi import DOCUMENT  # noqa: E402 - after the plugin declaration on purpose

#: Every documented operation is fuzzed: a new endpoint is covered the day it is documented.
OPERATIONS = sorted((method.upper(), path) for path, item in DOCUMENT["paths"].items() for method in item)


def _has_inputs(method: str, path: str) -> bool:
    operation = DOCUMENT["paths"][path][method.lower()]
    return bool(operation.get("parameters") or operation.get("requestBody"))


#: Valid requests for every operation; invalid ones wherever there is an input to break.
RUNS = [(m, p, GenerationMode.POSITIVE) for m, p in OPERATIONS] + [
    (m, p, GenerationMode.NEGATIVE) for m, p in OPERATIONS if _has_inputs(m, p)]


@pytest.mark.parametrize(("method", "path", "mode"), RUNS)
def test_the_api_keeps_its_promises(app: Any, api_sop: str, db: Database, method: str, path: str,
                                    mode: GenerationMode) -> None:
    api = Api(app.test_client())
    api.start()
    token = api.token("uji_pelaksana")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method]

    # A negative case may drop the Authorization header on purpose, but the token is added back here, so
    # "was it rejected" is checked by our own tests instead; no 5xx and conformance are checked for both.
    excluded = [negative_data_rejection] if mode == GenerationMode.NEGATIVE else []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case: Any) -> None:
        headers = dict(case.headers or {})
        headers.setdefault("Authorization", f"Bearer {token}")
        case.call_and_validate(headers=headers, environ_base={"REMOTE_ADDR": API_SOURCE},
                               excluded_checks=excluded)

    check()
