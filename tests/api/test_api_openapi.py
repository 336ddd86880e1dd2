"""The OpenAPI document is well formed and describes exactly the routes the app serves.

(That each response matches the document is checked on every request of tests/api, in api_support.)
"""

from __future__ import annotations

import re
from typing import Any

from jsonschema import Draft202012Validator

from webapp.api.openapi import DOCUMENT

pytest_plugins = ["api_fixtures"]

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _refs(item)]
    return []


def _pointer(ref: str) -> Any:
    assert ref.startswith("#/"), f"only local references: {ref}"
    target: Any = DOCUMENT
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(target, dict) and part in target, f"{ref} does not resolve"
        target = target[part]
    return target


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, operation) for path, item in DOCUMENT["paths"].items()
            for method, operation in item.items() if method in METHODS]


def test_the_document_has_what_openapi_3_1_requires() -> None:
    assert re.fullmatch(r"3\.1\.\d+", DOCUMENT["openapi"])
    assert DOCUMENT["info"]["title"] and DOCUMENT["info"]["version"]
    assert DOCUMENT["paths"]
    assert DOCUMENT["components"]["securitySchemes"]["bearerAuth"] == {
        **DOCUMENT["components"]["securitySchemes"]["bearerAuth"], "type": "http", "scheme": "bearer"}
    for requirement in DOCUMENT["security"]:
        assert set(requirement) <= set(DOCUMENT["components"]["securitySchemes"])
    operation_ids = [operation["operationId"] for _, _, operation in _operations()]
    assert len(operation_ids) == len(set(operation_ids))
    for path, method, operation in _operations():
        assert path.startswith("/"), path
        assert operation["responses"], f"{method} {path} has no responses"
        for status, response in operation["responses"].items():
            assert re.fullmatch(r"[1-5][0-9]{2}|default", status), (path, status)
            response = _pointer(response["$ref"]) if "$ref" in response else response
            assert response["description"], (path, status)
            assert "schema" in response["content"]["application/json"]
        declared = {p["name"] for p in (_pointer(p["$ref"]) if "$ref" in p else p
                                        for p in operation.get("parameters", [])) if p["in"] == "path"}
        assert declared == set(re.findall(r"\{([^}]+)\}", path)), f"path parameters of {method} {path}"
        for parameter in operation.get("parameters", []):
            parameter = _pointer(parameter["$ref"]) if "$ref" in parameter else parameter
            assert parameter["in"] in ("path", "query", "header", "cookie") and "schema" in parameter
            assert parameter["in"] != "path" or parameter["required"] is True


def test_every_reference_resolves() -> None:
    references = _refs(DOCUMENT)
    assert references
    for ref in references:
        _pointer(ref)


def test_every_schema_is_valid_json_schema_2020_12() -> None:
    for schema in DOCUMENT["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)  # raises SchemaError naming the problem
    for _, _, operation in _operations():
        for response in operation["responses"].values():
            response = _pointer(response["$ref"]) if "$ref" in response else response
            Draft202012Validator.check_schema(response["content"]["application/json"]["schema"])


def test_the_document_lists_exactly_the_routes_the_app_serves(app: Any) -> None:
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule).removeprefix("/api/v1")
            served |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, method, _ in _operations()}
    assert served == documented


def test_the_document_is_served(api: Any) -> None:
    response = api.get("/openapi.json")
    assert response.status_code == 200
    assert response.get_json() == DOCUMENT


def test_only_the_operations_without_security_answer_without_a_token(api: Any) -> None:
    for path, method, operation in _operations():
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        response = api.request(method.upper(), concrete)
        if operation.get("security") == []:
            assert response.status_code != 401, (method, path)
        else:
            assert response.status_code == 401, (method, path)
            assert response.headers["WWW-Authenticate"] == 'Bearer realm="alur"'
