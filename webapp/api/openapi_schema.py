"""The building blocks the OpenAPI document of ``/api/v1`` is written with: JSON Schema 2020-12 pieces (objects,
strings that refuse NUL, nullable references) and the standard error responses."""

from __future__ import annotations

from typing import Any

#: No NUL: PostgreSQL cannot store one, and the API refuses it (422) wherever it comes.
STORABLE = "^[^\\u0000]*$"

Schema = dict[str, Any]


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def object_of(properties: dict[str, Schema], *, description: str | None = None,
            optional: tuple[str, ...] = ()) -> Schema:
    """An object whose fields are all present (nullable where the type says so) unless ``optional``."""
    schema: Schema = {"type": "object", "required": [n for n in properties if n not in optional],
                      "properties": properties}
    if description:
        schema["description"] = description
    return schema


def request(properties: dict[str, Schema], *, optional: tuple[str, ...] = ()) -> Schema:
    """A request body: the API refuses fields it does not know (422), so the schema says so."""
    schema = object_of(properties, optional=optional)
    schema["additionalProperties"] = False
    return schema


def string(description: str | None = None, *, nullable: bool = False, **extra: Any) -> Schema:
    schema: Schema = {"type": ["string", "null"] if nullable else "string", **extra}
    if description:
        schema["description"] = description
    return schema


#: Steps of an external party (engine.definitions.roles): recorded by ``role`` on the party's behalf.
ON_BEHALF_OF = string("An external party's role (pemohon …) whose step 'role' records on its behalf; null "
                        "when 'role' performs the step itself.", nullable=True)


def text(description: str | None = None, **extra: Any) -> Schema:
    """A string the client sends: text the database can store, so no NUL (the API answers 422 to one)."""
    return string(description, pattern=STORABLE, **extra)


def timestamp(description: str | None = None, *, nullable: bool = False) -> Schema:
    return string(description or "ISO 8601, UTC (ends in Z)", nullable=nullable, format="date-time")


def integer(description: str | None = None, *, nullable: bool = False, **extra: Any) -> Schema:
    schema: Schema = {"type": ["integer", "null"] if nullable else "integer", **extra}
    if description:
        schema["description"] = description
    return schema


def number(description: str | None = None) -> Schema:
    """A number, or null when there is nothing to compute it from."""
    schema: Schema = {"type": ["number", "null"]}
    if description:
        schema["description"] = description
    return schema


def boolean(description: str) -> Schema:
    return {"type": "boolean", "description": description}


def nullable_ref(name: str) -> Schema:
    return {"anyOf": [ref(name), {"type": "null"}]}


def json(schema: Schema, description: str, headers: dict[str, Any] | None = None) -> Schema:
    response: Schema = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def errors(*statuses: int) -> dict[str, Any]:
    return {str(status): {"$ref": f"#/components/responses/{ERROR_RESPONSES[status]}"} for status in statuses}


def body(name: str, description: str, *, required: bool = True) -> Schema:
    return {"required": required, "description": description,
            "content": {"application/json": {"schema": ref(name)}}}


ERROR_RESPONSES = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict",
                   415: "UnsupportedMediaType", 422: "ValidationFailed", 429: "TooManyRequests"}

