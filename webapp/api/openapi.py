"""The OpenAPI 3.1 document of ``/api/v1``, served at ``/api/v1/openapi.json``.

Written by hand, next to the code it describes; ``tests/api`` checks that every route is documented and
that every response the tests receive matches the schema documented for its status code. OpenAPI 3.1
schemas are JSON Schema 2020-12, so null is ``"type": [..., "null"]`` and the same validator checks both
the forms and these documents.
"""

from __future__ import annotations

from typing import Any

from webapp.views import MAX_ID

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Schema], *, description: str | None = None,
            optional: tuple[str, ...] = ()) -> Schema:
    """An object whose fields are all present (nullable where the type says so) unless ``optional``."""
    schema: Schema = {"type": "object", "required": [n for n in properties if n not in optional],
                      "properties": properties}
    if description:
        schema["description"] = description
    return schema


def _request(properties: dict[str, Schema], *, optional: tuple[str, ...] = ()) -> Schema:
    """A request body: the API refuses fields it does not know (422), so the schema says so."""
    schema = _object(properties, optional=optional)
    schema["additionalProperties"] = False
    return schema


def _string(description: str | None = None, *, nullable: bool = False, **extra: Any) -> Schema:
    schema: Schema = {"type": ["string", "null"] if nullable else "string", **extra}
    if description:
        schema["description"] = description
    return schema


#: Steps of an external party (engine.roles): recorded by ``role`` on the party's behalf.
_ON_BEHALF_OF = _string("An external party's role (pemohon …) whose step 'role' records on its behalf; null "
                        "when 'role' performs the step itself.", nullable=True)


def _text(description: str | None = None, **extra: Any) -> Schema:
    """A string the client sends: text the database can store, so no NUL (the API answers 422 to one)."""
    return _string(description, pattern=STORABLE, **extra)


def _timestamp(description: str | None = None, *, nullable: bool = False) -> Schema:
    return _string(description or "ISO 8601, UTC (ends in Z)", nullable=nullable, format="date-time")


def _integer(description: str | None = None, *, nullable: bool = False, **extra: Any) -> Schema:
    schema: Schema = {"type": ["integer", "null"] if nullable else "integer", **extra}
    if description:
        schema["description"] = description
    return schema


def _number(description: str | None = None) -> Schema:
    """A number, or null when there is nothing to compute it from."""
    schema: Schema = {"type": ["number", "null"]}
    if description:
        schema["description"] = description
    return schema


def _boolean(description: str) -> Schema:
    return {"type": "boolean", "description": description}


def _nullable_ref(name: str) -> Schema:
    return {"anyOf": [_ref(name), {"type": "null"}]}


def _json(schema: Schema, description: str, headers: dict[str, Any] | None = None) -> Schema:
    response: Schema = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(status): {"$ref": f"#/components/responses/{ERROR_RESPONSES[status]}"} for status in statuses}


def _body(name: str, description: str, *, required: bool = True) -> Schema:
    return {"required": required, "description": description,
            "content": {"application/json": {"schema": _ref(name)}}}


ERROR_RESPONSES = {400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict",
                   415: "UnsupportedMediaType", 422: "ValidationFailed", 429: "TooManyRequests"}

ID_MAX = MAX_ID
#: No NUL: PostgreSQL cannot store one, and the API refuses it (422) wherever it comes.
STORABLE = "^[^\\u0000]*$"
CASE_STATUSES = ["active", "completed", "cancelled"]
TASK_STATUSES = ["open", "completed", "cancelled"]

SCHEMAS: dict[str, Schema] = {
    "Error": _object({
        "error": _string("Kind of error: an engine error (NotAuthenticated, InvalidToken, NotAuthorized, "
                         "NotFound, Conflict, ConcurrentUpdate, TooManyAttempts, MalformedRequest) or an "
                         "HTTP reason phrase (Not Found, Method Not Allowed…)."),
        "message": _string("What went wrong, in Bahasa Indonesia, for the person using the client."),
    }),
    "ValidationError": _object({
        "error": _string("Always ValidationFailed.", const="ValidationFailed"),
        "message": _string(),
        "field_errors": {
            "type": "object", "additionalProperties": {"type": "string"},
            "description": "Field path → message. Form fields use dotted paths (alamat.kota, anggota.0.nama); "
                           "\"\" is the data as a whole. Body fields and query parameters use their name.",
        },
    }),
    "TokenRequest": _request({"username": _text(), "password": _text(format="password")}),
    "Token": _object({
        "token": _string("Send as 'Authorization: Bearer <token>'."),
        "token_type": _string(const="Bearer"),
        "expires_at": _timestamp("When the token stops working (ISO 8601, UTC)."),
        "expires_in": _integer("Lifetime in seconds."),
        "user": _ref("User"),
    }),
    "Unit": _object({"code": _string(), "name": _string()}),
    "User": _object({
        "id": _integer(), "username": _string(), "full_name": _string(), "email": _string(nullable=True),
        "unit": _ref("Unit"), "roles": {"type": "array", "items": _string(), "description": "Role codes."},
    }),
    "FormSchema": {
        "type": "object",
        "description": "A form as JSON Schema (draft 2020-12), as written in the SOP folder (see "
                       "processes/README.md): fields with Indonesian titles and examples; formats nik, npwp, "
                       "nib, email, date, date-time; checklists marked \"x-alur-checklist\": true. "
                       "Fields not listed are refused.",
    },
    "Step": _object({
        "element_id": _string("The BPMN element id; the 'step' filter of GET /tasks."),
        "position": _integer(), "name": _string(), "documentation": _string(nullable=True),
        "role": _string("Code of the role that performs the step (pelaksana, kepala_bidang…)."),
        "on_behalf_of": _ON_BEHALF_OF,
        "standard_duration": _string("Mutu Baku, Waktu: ISO 8601 duration (PT30M, P1D)."),
        "standard_time_text": _string("The Waktu as the SOP writes it (30 Menit).", nullable=True),
        "time_basis": _string("Whether the standard time counts working or calendar time.",
                              enum=["working", "calendar"]),
        "requirements": {"type": "array", "items": _string(),
                         "description": "Mutu Baku, Kelengkapan/Persyaratan."},
        "output": _string("Mutu Baku, Output.", nullable=True),
        "has_form": _boolean("Whether completing the step takes form data (see the task's form)."),
    }, description="A step as the SOP describes it, with its Mutu Baku."),
    "Process": _object({
        "key": _string(), "version": _integer(), "name": _string(), "nomor_sop": _string(nullable=True),
        "unit": _ref("Unit"), "jenis": _string("biasa (started on demand) or rutin (routine).",
                                               enum=["biasa", "rutin"]),
        "recurrence": _string("For a routine SOP: ISO 8601 repeating interval.", nullable=True),
        "steps": {"type": "array", "items": _ref("Step")},
        "start_form": {**_nullable_ref("FormSchema"), "description": "The data POST /cases takes, if any."},
    }),
    "ProcessList": _object({"items": {"type": "array", "items": _ref("Process")}}),
    "StartCaseRequest": _request({
        "process": _text("Key of the process (its latest version is started)."),
        "data": {"type": "object", "description": "The start form's data (omit when there is no start form)."},
    }, optional=("data",)),
    "CancelCaseRequest": _request({"reason": _text("Why the case stops (at least 5 characters).")}),
    "CompleteTaskRequest": _request({
        "data": {"type": "object", "description": "The step form's data (omit when the step has no form)."},
    }, optional=("data",)),
    "CaseProcess": _object({"key": _string(), "name": _string(), "version": _integer(),
                            "nomor_sop": _string(nullable=True)}),
    "ProcessRef": _object({"key": _string(), "name": _string()}),
    "CaseStep": _object({
        "task_id": _integer(), "element_id": _string(), "name": _string(), "role": _string(),
        "status": _string(enum=TASK_STATUSES), "status_label": _string("The status in words (Bahasa Indonesia)."),
        "assignee": _string("Full name.", nullable=True),
        "started_at": _timestamp(), "claimed_at": _timestamp(nullable=True), "due_at": _timestamp(),
        "completed_at": _timestamp(nullable=True), "completed_by": _string("Full name.", nullable=True),
        "standard_duration": _string(), "data": {"type": ["object", "null"]}, "on_behalf_of": _ON_BEHALF_OF,
        "is_overdue": _boolean("Finished (or still open) after its due time."),
    }),
    "Event": _object({
        "id": _integer(), "at": _timestamp(),
        "kind": _string("case_started, task_created, task_claimed, task_unclaimed, task_reassigned, "
                        "task_completed, task_cancelled, case_completed, case_cancelled, …"),
        "label": _string("The event in words (Bahasa Indonesia), as the case page shows it."),
        "actor": _string("Full name; null for the system.", nullable=True),
        "task_id": _integer(nullable=True), "payload": {"type": "object"},
    }),
    "Case": _object({
        "id": _integer(), "reference": _string("UJI-2026-00001"), "process": _ref("CaseProcess"),
        "unit_name": _string(), "subject": _string(nullable=True), "status": _string(enum=CASE_STATUSES),
        "status_label": _string("The status in words (Bahasa Indonesia)."),
        "outcome": _string("Name of the end event reached.", nullable=True), "data": {"type": "object"},
        "started_by": _string(nullable=True), "started_at": _timestamp(),
        "completed_at": _timestamp(nullable=True), "cancelled_at": _timestamp(nullable=True),
        "cancel_reason": _string(nullable=True), "may_cancel": _boolean("Whether I may cancel it."),
        "steps": {"type": "array", "items": _ref("CaseStep")},
        "events": {"type": "array", "items": _ref("Event"), "description": "The full history, oldest first."},
    }),
    "TaskRow": _object({
        "id": _integer(), "case_id": _integer(), "case_reference": _string(), "subject": _string(nullable=True),
        "process": _ref("ProcessRef"), "element_id": _string(), "step_name": _string(), "role": _string(),
        "assignee_id": _integer(nullable=True), "started_at": _timestamp(), "due_at": _timestamp(),
        "is_overdue": _boolean("Past its due time."),
        "is_due_soon": _boolean("Less than a quarter of its standard time left."), "on_behalf_of": _ON_BEHALF_OF,
    }),
    "TaskPage": _object({
        "scope": _string(enum=["mine", "queue"]), "items": {"type": "array", "items": _ref("TaskRow")},
        "total": _integer(minimum=0), "page": _integer(minimum=1), "per_page": _integer(minimum=1),
        "pages": _integer(minimum=1),
        "counts": _object({"mine": _integer(minimum=0), "queue": _integer(minimum=0)},
                          description="Open tasks in each scope, ignoring the filters."),
    }),
    "Task": _object({
        "id": _integer(), "case_id": _integer(), "case_reference": _string(), "subject": _string(nullable=True),
        "process": _ref("ProcessRef"), "status": _string(enum=TASK_STATUSES), "step": _ref("Step"),
        "form": {**_nullable_ref("FormSchema"), "description": "What POST …/complete takes as data."},
        "assignee_id": _integer(nullable=True), "assignee": _string(nullable=True),
        "started_at": _timestamp(), "claimed_at": _timestamp(nullable=True), "due_at": _timestamp(),
        "completed_at": _timestamp(nullable=True), "completed_by": _string(nullable=True),
        "data": {"type": ["object", "null"], "description": "The data it was completed with."},
        "case_data": {"type": "object"}, "is_overdue": _boolean("Finished (or still open) after its due time."),
        "may_claim": _boolean("Whether I may claim it now."),
        "may_complete": _boolean("Whether I may complete it now."),
        "may_reassign": _boolean("Whether I may hand it to someone else (supervisors)."),
    }),
    "LateStep": _object({
        "task_id": _integer(), "case_id": _integer(), "case_reference": _string(),
        "subject": _string(nullable=True), "process": _ref("ProcessRef"), "element_id": _string(),
        "step_name": _string(), "role": _string(), "assignee_id": _integer(nullable=True),
        "assignee": _string("Full name of the holder.", nullable=True), "started_at": _timestamp(),
        "due_at": _timestamp(), "is_overdue": _boolean("Past its due time (otherwise: due soon)."),
        "late_working_minutes": _integer("How late, in working minutes of the office calendar.", minimum=0),
        "escalation_level": _integer("How many supervisor ranks were told so far.", minimum=0),
    }),
    "LateGroup": _object({"key": _string(), "label": _string(), "overdue": _integer(minimum=0),
                          "due_soon": _integer(minimum=0)}),
    "Supervision": _object({
        "totals": _object({"overdue": _integer(minimum=0), "due_soon": _integer(minimum=0)}),
        "items": {"type": "array", "items": _ref("LateStep"), "description": "Most late first."},
        "by_process": {"type": "array", "items": _ref("LateGroup")},
        "by_step": {"type": "array", "items": _ref("LateGroup")},
        "by_role": {"type": "array", "items": _ref("LateGroup")},
        "by_person": {"type": "array", "items": _ref("LateGroup")},
    }),
    "Notification": _object({
        "id": _integer(), "kind": _string("overdue, reminder, escalation"), "title": _string(), "body": _string(),
        "case_id": _integer(nullable=True), "task_id": _integer(nullable=True), "created_at": _timestamp(),
        "read_at": _timestamp(nullable=True),
    }),
    "NotificationList": _object({"unread": _integer(minimum=0),
                                 "items": {"type": "array", "items": _ref("Notification")}}),
    "MarkReadRequest": _request({"ids": {"type": "array", "items": _integer(minimum=1, maximum=ID_MAX),
                                        "description": "Which notices; omit for all of mine."}},
                               optional=("ids",)),
    "MarkReadResult": _object({"marked": _integer(minimum=0)}),
    "ComplianceStep": _object({
        "element_id": _string(), "position": _integer(), "name": _string(), "role": _string(),
        "standard_time_text": _string("The Waktu as the SOP writes it."),
        "completions": _integer("Completed in the period.", minimum=0), "on_time": _integer(minimum=0),
        "late": _integer(minimum=0), "share_on_time": _number("on_time / completions; null without completions."),
        "standard_minutes": _number("Median standard, in working minutes."),
        "median_minutes": _number("Median actual working minutes."),
        "p90_minutes": _number("90th percentile of actual working minutes (percentile_cont)."),
        "median_ratio": _number("median_minutes / standard_minutes."),
        "open_now": _integer("Open now (whatever the period).", minimum=0),
        "overdue_now": _integer("Open now and past due.", minimum=0),
    }),
    "CompliancePerson": _object({
        "user_id": _integer(), "name": _string(), "completions": _integer(minimum=0),
        "on_time": _integer(minimum=0), "late": _integer(minimum=0), "share_on_time": _number(),
        "median_ratio": _number("Median of actual / standard working minutes over the person's steps."),
        "open_now": _integer("Steps the person holds now.", minimum=0), "overdue_now": _integer(minimum=0),
    }),
    "Compliance": _object({
        "process": _ref("CaseProcess"),
        "period": _object({"from": _string(format="date"), "to": _string(format="date")},
                          description="Office-local dates; steps completed in between count."),
        "unit": _object({"code": _string("The unit asked for; null: all units I supervise.", nullable=True),
                         "name": _string()}),
        "totals": _object({
            "completions": _integer(minimum=0), "on_time": _integer(minimum=0), "late": _integer(minimum=0),
            "share_on_time": _number(), "open_now": _integer(minimum=0), "overdue_now": _integer(minimum=0),
            "cases_started": _integer(minimum=0), "cases_completed": _integer(minimum=0),
            "cases_cancelled": _integer(minimum=0), "cases_active": _integer(minimum=0),
        }),
        "steps": {"type": "array", "items": _ref("ComplianceStep"), "description": "In the SOP's order."},
        "people": {"type": "array", "items": _ref("CompliancePerson"), "description": "Most completions first."},
        "generated_at": _timestamp(),
    }, description="How an SOP is followed: per step and per person, times in working minutes."),
    "Completion": _object({
        "task_id": _integer(), "case_id": _integer(), "case_status": _string(enum=CASE_STATUSES),
        "next_task_ids": {"type": "array", "items": _integer(), "description": "Steps opened by this one."},
    }),
}


def _error_response(description: str, schema: str = "Error", headers: dict[str, Any] | None = None) -> Schema:
    return _json(_ref(schema), description, headers)


RESPONSES: dict[str, Schema] = {
    "BadRequest": _error_response("The body is not JSON, or not a JSON object (error: MalformedRequest)."),
    "Unauthorized": _error_response(
        "No bearer token, or it is invalid, expired or revoked (error: InvalidToken) — or, for POST /token, "
        "wrong credentials.",
        headers={"WWW-Authenticate": {"description": "Bearer realm=\"alur\"[, error=\"invalid_token\"]",
                                      "schema": {"type": "string"}}},
    ),
    "Forbidden": _error_response("Outside my role or unit (error: NotAuthorized)."),
    "NotFound": _error_response("No such case, task or process, or an id that is not a positive integer."),
    "Conflict": _error_response("The current state does not allow it: already completed or cancelled, held by "
                                "someone else, or changed at the same moment (ConcurrentUpdate; retry)."),
    "UnsupportedMediaType": _error_response(
        "A body sent with a Content-Type other than application/json; nothing was changed."),
    "ValidationFailed": _error_response(
        "Invalid data, body fields or query parameters — including text holding NUL or a lone surrogate "
        "(\\u0000, \\ud800), which no database can store; nothing was changed.", "ValidationError"),
    "TooManyRequests": _error_response(
        "Too many failed sign-ins for this name or address (error: TooManyAttempts).",
        headers={"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
    ),
}

PARAMETERS: dict[str, Schema] = {
    "CaseId": {"name": "case_id", "in": "path", "required": True,
               "schema": _integer(minimum=1, maximum=ID_MAX)},
    "TaskId": {"name": "task_id", "in": "path", "required": True,
               "schema": _integer(minimum=1, maximum=ID_MAX)},
}


def _query(name: str, description: str, schema: Schema) -> Schema:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


_TASK_PARAMETER = [{"$ref": "#/components/parameters/TaskId"}]
_CASE_PARAMETER = [{"$ref": "#/components/parameters/CaseId"}]

PATHS: dict[str, Any] = {
    "/token": {"post": {
        "operationId": "createToken", "tags": ["auth"], "security": [],
        "summary": "Exchange a username and password for a bearer token.",
        "description": "Failed attempts count towards the sign-in limit (5 per name or address per 15 minutes).",
        "requestBody": _body("TokenRequest", "The credentials."),
        "responses": {"200": _json(_ref("Token"), "A token."), **_errors(400, 401, 415, 422, 429)},
    }},
    "/me": {"get": {
        "operationId": "getMe", "tags": ["auth"], "summary": "The user the token stands for.",
        "responses": {"200": _json(_ref("User"), "The user."), **_errors(401)},
    }},
    "/processes": {"get": {
        "operationId": "listProcesses", "tags": ["processes"],
        "summary": "The SOP catalogue: the latest version of every process.",
        "responses": {"200": _json(_ref("ProcessList"), "The processes, by name."), **_errors(401)},
    }},
    "/processes/{key}": {"get": {
        "operationId": "getProcess", "tags": ["processes"], "summary": "One process, latest version.",
        "parameters": [{"name": "key", "in": "path", "required": True, "schema": _string()}],
        "responses": {"200": _json(_ref("Process"), "The process."), **_errors(401, 404)},
    }},
    "/cases": {"post": {
        "operationId": "startCase", "tags": ["cases"],
        "summary": "Start a case; its first steps land in the right queues.",
        "requestBody": _body("StartCaseRequest", "The process and its start form's data."),
        "responses": {
            "201": _json(_ref("Case"), "The new case.",
                         {"Location": {"description": "The case's URL.", "schema": {"type": "string"}}}),
            **_errors(400, 401, 403, 404, 409, 415, 422),
        },
    }},
    "/cases/{case_id}": {"get": {
        "operationId": "getCase", "tags": ["cases"], "summary": "A case with its steps and full history.",
        "parameters": _CASE_PARAMETER,
        "responses": {"200": _json(_ref("Case"), "The case."), **_errors(401, 403, 404)},
    }},
    "/cases/{case_id}/cancel": {"post": {
        "operationId": "cancelCase", "tags": ["cases"],
        "summary": "Stop a case (its starter or a supervisor of its unit); open steps are withdrawn.",
        "parameters": _CASE_PARAMETER,
        "requestBody": _body("CancelCaseRequest", "The reason."),
        "responses": {"200": _json(_ref("Case"), "The cancelled case."),
                      **_errors(400, 401, 403, 404, 409, 415, 422)},
    }},
    "/tasks": {"get": {
        "operationId": "listTasks", "tags": ["tasks"],
        "summary": "My tasks (scope=mine) or the unclaimed tasks of my roles and units (scope=queue).",
        "parameters": [
            _query("scope", "Which inbox.", {"type": "string", "enum": ["mine", "queue"], "default": "mine"}),
            _query("process", "Only this process key.", _text()),
            _query("step", "Only this step (element_id).", _text()),
            _query("overdue", "Only tasks past their due time.", {"type": "boolean", "default": False}),
            _query("due_today", "Only tasks due before the end of today (office time).",
                   {"type": "boolean", "default": False}),
            _query("sort", "Order.", {"type": "string", "enum": ["due", "-due", "started", "-started"],
                                      "default": "due"}),
            _query("page", "Page number.", _integer(minimum=1, maximum=1_000_000, default=1)),
            _query("per_page", "Tasks per page.", _integer(minimum=1, maximum=200, default=25)),
        ],
        "responses": {"200": _json(_ref("TaskPage"), "A page of tasks."), **_errors(401, 422)},
    }},
    "/tasks/{task_id}": {"get": {
        "operationId": "getTask", "tags": ["tasks"],
        "summary": "A task: its step and Mutu Baku, its form as JSON Schema, and what I may do with it.",
        "parameters": _TASK_PARAMETER,
        "responses": {"200": _json(_ref("Task"), "The task."), **_errors(401, 403, 404)},
    }},
    "/tasks/{task_id}/claim": {"post": {
        "operationId": "claimTask", "tags": ["tasks"], "summary": "Take an unclaimed task from my queue.",
        "description": "Claiming a task I already hold changes nothing. Send no body (or {}).",
        "parameters": _TASK_PARAMETER,
        "responses": {"200": _json(_ref("Task"), "The task, now mine."),
                      **_errors(400, 401, 403, 404, 409, 415, 422)},
    }},
    "/tasks/{task_id}/unclaim": {"post": {
        "operationId": "unclaimTask", "tags": ["tasks"],
        "summary": "Put a task I hold (or, as supervisor, someone's) back in the queue.",
        "description": "Send no body (or {}).",
        "parameters": _TASK_PARAMETER,
        "responses": {"200": _json(_ref("Task"), "The task, back in the queue."),
                      **_errors(400, 401, 403, 404, 409, 415, 422)},
    }},
    "/tasks/{task_id}/complete": {"post": {
        "operationId": "completeTask", "tags": ["tasks"],
        "summary": "Complete a task with its form's data; the case moves on.",
        "description": "An unclaimed task is claimed and completed at once. All or nothing: on any error "
                       "nothing changes.",
        "parameters": _TASK_PARAMETER,
        "requestBody": _body("CompleteTaskRequest", "The form's data.", required=False),
        "responses": {"200": _json(_ref("Completion"), "The task is done."),
                      **_errors(400, 401, 403, 404, 409, 415, 422)},
    }},
    "/overdue": {"get": {
        "operationId": "getOverdue", "tags": ["supervision"],
        "summary": "Overdue and due-soon steps of the units I supervise, with how late each is in working time.",
        "responses": {"200": _json(_ref("Supervision"), "The board."), **_errors(401, 403)},
    }},
    "/notifications": {"get": {
        "operationId": "listNotifications", "tags": ["notifications"], "summary": "My notices, newest first.",
        "parameters": [_query("unread", "Only unread notices.", {"type": "boolean", "default": False})],
        "responses": {"200": _json(_ref("NotificationList"), "The notices."), **_errors(401, 422)},
    }},
    "/notifications/read": {"post": {
        "operationId": "markNotificationsRead", "tags": ["notifications"], "summary": "Mark my notices read.",
        "requestBody": _body("MarkReadRequest", "Which notices.", required=False),
        "responses": {"200": _json(_ref("MarkReadResult"), "How many were marked."),
                      **_errors(400, 401, 415, 422)},
    }},
    "/reports/compliance": {"get": {
        "operationId": "getComplianceReport", "tags": ["reports"],
        "summary": "SOP compliance in a period: per step and per person (supervisors only).",
        "description": "Steps completed between the two office-local dates, in the units I supervise (or one of "
                       "them and below): completions, median and 90th percentile of actual working time against "
                       "the standard, share on time; and what is open and overdue now.",
        "parameters": [
            {**_query("process", "Key of the SOP.", _text()), "required": True},
            {**_query("from", "First day (office time zone), YYYY-MM-DD.", _string(format="date")),
             "required": True},
            {**_query("to", "Last day (office time zone), YYYY-MM-DD.", _string(format="date")), "required": True},
            _query("unit", "Code of a unit I supervise (and the units below it).", _text()),
        ],
        "responses": {"200": _json(_ref("Compliance"), "The figures."), **_errors(401, 403, 404, 422)},
    }},
    "/openapi.json": {"get": {
        "operationId": "getOpenApi", "tags": ["meta"], "security": [], "summary": "This document.",
        "responses": {"200": _json({"type": "object"}, "The OpenAPI document.")},
    }},
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Alur API",
        "version": "1.0.0",
        "summary": "Run Indonesian government SOPs as executable processes: start cases, work your inbox.",
        "description": (
            "Get a token with POST /token and send it as 'Authorization: Bearer <token>'. Tokens expire "
            "(12 hours by default) and stop working when the password changes or the account is deactivated. "
            "Errors are JSON {error, message}; 422 adds field_errors. A body must be sent as "
            "'Content-Type: application/json' (otherwise 415). Text holding NUL or a lone surrogate is refused "
            "with 422. Any endpoint may also answer 405 "
            "(wrong method), 413 (body over 12 MB) or 500 with the same Error shape; on every error nothing "
            "is changed. Timestamps are ISO 8601 in UTC. Messages are in Bahasa Indonesia."
        ),
        "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
    },
    "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerAuth": []}],
    # Every tag an operation uses, in order of first use.
    "tags": [{"name": name} for name in dict.fromkeys(
        tag for item in PATHS.values() for operation in item.values() for tag in operation.get("tags", []))],
    "paths": PATHS,
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "itsdangerous",
                                           "description": "A token from POST /token."}},
        "schemas": SCHEMAS,
        "responses": RESPONSES,
        "parameters": PARAMETERS,
    },
}
