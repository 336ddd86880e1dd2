"""The OpenAPI 3.1 document of ``/api/v1``, served at ``/api/v1/openapi.json``.

Written by hand, next to the code it describes; ``tests/api`` checks that every route is documented and
that every response the tests receive matches the schema documented for its status code. OpenAPI 3.1
schemas are JSON js.Schema 2020-12, so null is ``"type": [..., "null"]`` and the same validator checks both
the forms and these documents.
"""

from __future__ import annotations

from typing import Any

from webapp.api import openapi_schema as js
from webapp.views import MAX_ID

ID_MAX = MAX_ID
CASE_STATUSES = ["active", "completed", "cancelled"]
TASK_STATUSES = ["open", "completed", "cancelled"]

SCHEMAS: dict[str, js.Schema] = {
    "Error": js.object_of({
        "error": js.string("Kind of error: an engine error (NotAuthenticated, InvalidToken, NotAuthorized, "
                         "NotFound, Conflict, ConcurrentUpdate, TooManyAttempts, MalformedRequest) or an "
                         "HTTP reason phrase (Not Found, Method Not Allowed…)."),
        "message": js.string("What went wrong, in Bahasa Indonesia, for the person using the client."),
    }),
    "ValidationError": js.object_of({
        "error": js.string("Always ValidationFailed.", const="ValidationFailed"),
        "message": js.string(),
        "field_errors": {
            "type": "object", "additionalProperties": {"type": "string"},
            "description": "Field path → message. Form fields use dotted paths (alamat.kota, anggota.0.nama); "
                           "\"\" is the data as a whole. Body fields and query parameters use their name.",
        },
    }),
    "TokenRequest": js.request({"username": js.text(), "password": js.text(format="password")}),
    "Token": js.object_of({
        "token": js.string("Send as 'Authorization: Bearer <token>'."),
        "token_type": js.string(const="Bearer"),
        "expires_at": js.timestamp("When the token stops working (ISO 8601, UTC)."),
        "expires_in": js.integer("Lifetime in seconds."),
        "user": js.ref("User"),
    }),
    "Unit": js.object_of({"code": js.string(), "name": js.string()}),
    "User": js.object_of({
        "id": js.integer(), "username": js.string(), "full_name": js.string(), "email": js.string(nullable=True),
        "unit": js.ref("Unit"), "roles": {"type": "array", "items": js.string(), "description": "Role codes."},
    }),
    "FormSchema": {
        "type": "object",
        "description": "A form as JSON js.Schema (draft 2020-12), as written in the SOP folder (see "
                       "processes/README.md): fields with Indonesian titles and examples; formats nik, npwp, "
                       "nib, email, date, date-time; checklists marked \"x-alur-checklist\": true. "
                       "Fields not listed are refused.",
    },
    "Step": js.object_of({
        "element_id": js.string("The BPMN element id; the 'step' filter of GET /tasks."),
        "position": js.integer(), "name": js.string(), "documentation": js.string(nullable=True),
        "role": js.string("Code of the role that performs the step (pelaksana, kepala_bidang…)."),
        "on_behalf_of": js.ON_BEHALF_OF,
        "standard_duration": js.string("Mutu Baku, Waktu: ISO 8601 duration (PT30M, P1D)."),
        "standard_time_text": js.string("The Waktu as the SOP writes it (30 Menit).", nullable=True),
        "time_basis": js.string("Whether the standard time counts working or calendar time.",
                              enum=["working", "calendar"]),
        "requirements": {"type": "array", "items": js.string(),
                         "description": "Mutu Baku, Kelengkapan/Persyaratan."},
        "output": js.string("Mutu Baku, Output.", nullable=True),
        "has_form": js.boolean("Whether completing the step takes form data (see the task's form)."),
    }, description="A step as the SOP describes it, with its Mutu Baku."),
    "Process": js.object_of({
        "key": js.string(), "version": js.integer(), "name": js.string(), "nomor_sop": js.string(nullable=True),
        "unit": js.ref("Unit"), "jenis": js.string("biasa (started on demand) or rutin (routine).",
                                               enum=["biasa", "rutin"]),
        "recurrence": js.string("For a routine SOP: ISO 8601 repeating interval.", nullable=True),
        "steps": {"type": "array", "items": js.ref("Step")},
        "start_form": {**js.nullable_ref("FormSchema"), "description": "The data POST /cases takes, if any."},
    }),
    "ProcessList": js.object_of({"items": {"type": "array", "items": js.ref("Process")}}),
    "StartCaseRequest": js.request({
        "process": js.text("Key of the process (its latest version is started)."),
        "data": {"type": "object", "description": "The start form's data (omit when there is no start form)."},
    }, optional=("data",)),
    "CancelCaseRequest": js.request({"reason": js.text("Why the case stops (at least 5 characters).")}),
    "CompleteTaskRequest": js.request({
        "data": {"type": "object", "description": "The step form's data (omit when the step has no form)."},
        "carry_on": {"type": "boolean", "default": True,
                     "description": "Whether a next step that is mine to take too is claimed for me at once (as on "
                                    "the web); false leaves every new step in its queue."},
    }, optional=("data", "carry_on")),
    "CaseProcess": js.object_of({"key": js.string(), "name": js.string(), "version": js.integer(),
                            "nomor_sop": js.string(nullable=True)}),
    "ProcessRef": js.object_of({"key": js.string(), "name": js.string()}),
    "CaseStep": js.object_of({
        "task_id": js.integer(), "element_id": js.string(), "name": js.string(), "role": js.string(),
        "status": js.string(enum=TASK_STATUSES), "status_label": js.string("The status in words (Bahasa Indonesia)."),
        "assignee": js.string("Full name.", nullable=True),
        "started_at": js.timestamp(), "claimed_at": js.timestamp(nullable=True), "due_at": js.timestamp(),
        "completed_at": js.timestamp(nullable=True), "completed_by": js.string("Full name.", nullable=True),
        "standard_duration": js.string(), "data": {"type": ["object", "null"]}, "on_behalf_of": js.ON_BEHALF_OF,
        "is_overdue": js.boolean("Finished (or still open) after its due time."),
    }),
    "Event": js.object_of({
        "id": js.integer(), "at": js.timestamp(),
        "kind": js.string("case_started, task_created, task_claimed, task_unclaimed, task_reassigned, "
                        "task_completed, task_cancelled, case_completed, case_cancelled, …"),
        "label": js.string("The event in words (Bahasa Indonesia), as the case page shows it."),
        "actor": js.string("Full name; null for the system.", nullable=True),
        "task_id": js.integer(nullable=True), "payload": {"type": "object"},
    }),
    "SurveyInvitation": js.object_of({
        "status": js.string("pending, sending, sent, failed or skipped.",
                            enum=["pending", "sending", "sent", "failed", "skipped"]),
        "to_address": js.string("The applicant's email address from the start form."),
        "sent_at": js.timestamp(nullable=True),
        "reason": js.string("Why it was not sent (skipped or failed), in the request's language.", nullable=True),
    }, description="A finished public-service case's email inviting its applicant to the satisfaction survey; null "
                   "for other cases and applicants without an email address."),
    "Case": js.object_of({
        "id": js.integer(), "reference": js.string("UJI-2026-00001"), "process": js.ref("CaseProcess"),
        "unit_name": js.string(), "subject": js.string(nullable=True), "status": js.string(enum=CASE_STATUSES),
        "status_label": js.string("The status in words (Bahasa Indonesia)."),
        "outcome": js.string("Name of the end event reached.", nullable=True), "data": {"type": "object"},
        "started_by": js.string(nullable=True), "started_at": js.timestamp(),
        "completed_at": js.timestamp(nullable=True), "cancelled_at": js.timestamp(nullable=True),
        "cancel_reason": js.string(nullable=True), "may_cancel": js.boolean("Whether I may cancel it."),
        "tracking_code": js.string("A public service's code on the applicant's receipt (with the reference it "
                                   "opens GET /public/cases/{reference}); null for other SOPs.", nullable=True),
        "promised_at": js.timestamp("When the SOP's standard times promise a public-service case finished.",
                                    nullable=True),
        "survey_invitation": js.nullable_ref("SurveyInvitation"),
        "steps": {"type": "array", "items": js.ref("CaseStep")},
        "events": {"type": "array", "items": js.ref("Event"), "description": "The full history, oldest first."},
    }),
    "PublicCase": js.object_of({
        "reference": js.string("NIB-2026-00001"),
        "process": js.object_of({"key": js.string(), "name": js.string()}),
        "status": js.string(enum=CASE_STATUSES), "status_label": js.string("The status in words (Bahasa Indonesia)."),
        "current_steps": {"type": "array", "description": "Open steps and the role that holds each (never a person).",
                          "items": js.object_of({"name": js.string(), "role": js.string()})},
        "steps": {"type": "array", "description": "The SOP's steps in order and how far the case is.",
                  "items": js.object_of({"position": js.integer(), "name": js.string(),
                                         "state": js.string(enum=["done", "current", "waiting"])})},
        "started_at": js.timestamp(), "promised_at": js.timestamp(nullable=True),
        "finished_at": js.timestamp(nullable=True), "late": js.boolean("Past (or finished after) the promised time."),
        "outcome": js.string("The end reached, once completed.", nullable=True),
        "survey_open": js.boolean("Finished and not yet rated: the Survei Kepuasan Masyarakat is open."),
    }, description="Cek status permohonan: what the reference and tracking code show, nothing more."),
    "TaskRow": js.object_of({
        "id": js.integer(), "case_id": js.integer(), "case_reference": js.string(), "subject": js.string(nullable=True),
        "process": js.ref("ProcessRef"), "element_id": js.string(), "step_name": js.string(), "role": js.string(),
        "assignee_id": js.integer(nullable=True), "started_at": js.timestamp(), "due_at": js.timestamp(),
        "is_overdue": js.boolean("Past its due time."),
        "is_due_soon": js.boolean("Less than a quarter of its standard time left."), "on_behalf_of": js.ON_BEHALF_OF,
    }),
    "TaskPage": js.object_of({
        "scope": js.string(enum=["mine", "queue"]), "items": {"type": "array", "items": js.ref("TaskRow")},
        "total": js.integer("Tasks matching the filters, counted up to 1000 (see total_capped).", minimum=0),
        "total_capped": js.boolean("More tasks match than total says (it stopped counting at 1000)."),
        "page": js.integer(minimum=1), "per_page": js.integer(minimum=1),
        "pages": js.integer("Pages of total; while total_capped, at least one more than this page.", minimum=1),
        "next_after": js.string("Pass as after= for the next page (keyset paging); null on the last page.",
                                nullable=True),
        "counts": js.object_of({"mine": js.integer(minimum=0), "queue": js.integer(minimum=0)},
                          description="Open tasks in each scope, ignoring the filters, counted up to 1000."),
        "counts_capped": {"type": "array", "items": js.string(enum=["mine", "queue"]),
                          "description": "The scopes whose count stopped at 1000 (there are more)."},
    }),
    "Task": js.object_of({
        "id": js.integer(), "case_id": js.integer(), "case_reference": js.string(), "subject": js.string(nullable=True),
        "process": js.ref("ProcessRef"), "status": js.string(enum=TASK_STATUSES), "step": js.ref("Step"),
        "form": {**js.nullable_ref("FormSchema"), "description": "What POST …/complete takes as data."},
        "assignee_id": js.integer(nullable=True), "assignee": js.string(nullable=True),
        "started_at": js.timestamp(), "claimed_at": js.timestamp(nullable=True), "due_at": js.timestamp(),
        "completed_at": js.timestamp(nullable=True), "completed_by": js.string(nullable=True),
        "data": {"type": ["object", "null"], "description": "The data it was completed with."},
        "case_data": {"type": "object"}, "is_overdue": js.boolean("Finished (or still open) after its due time."),
        "may_claim": js.boolean("Whether I may claim it now."),
        "may_complete": js.boolean("Whether I may complete it now."),
        "may_reassign": js.boolean("Whether I may hand it to someone else (supervisors)."),
    }),
    "LateStep": js.object_of({
        "task_id": js.integer(), "case_id": js.integer(), "case_reference": js.string(),
        "subject": js.string(nullable=True), "process": js.ref("ProcessRef"), "element_id": js.string(),
        "step_name": js.string(), "role": js.string(), "assignee_id": js.integer(nullable=True),
        "assignee": js.string("Full name of the holder.", nullable=True), "started_at": js.timestamp(),
        "due_at": js.timestamp(), "is_overdue": js.boolean("Past its due time (otherwise: due soon)."),
        "late_working_minutes": js.integer("How late, in working minutes of the office calendar.", minimum=0),
        "escalation_level": js.integer("How many supervisor ranks were told so far.", minimum=0),
    }),
    "LateGroup": js.object_of({"key": js.string(), "label": js.string(), "overdue": js.integer(minimum=0),
                          "due_soon": js.integer(minimum=0)}),
    "Supervision": js.object_of({
        "totals": js.object_of({"overdue": js.integer(minimum=0), "due_soon": js.integer(minimum=0)}),
        "items": {"type": "array", "items": js.ref("LateStep"), "description": "Most late first."},
        "by_process": {"type": "array", "items": js.ref("LateGroup")},
        "by_step": {"type": "array", "items": js.ref("LateGroup")},
        "by_role": {"type": "array", "items": js.ref("LateGroup")},
        "by_person": {"type": "array", "items": js.ref("LateGroup")},
    }),
    "Notification": js.object_of({
        "id": js.integer(), "kind": js.string("overdue, reminder, escalation"), "title": js.string(),
        "body": js.string(),
        "case_id": js.integer(nullable=True), "task_id": js.integer(nullable=True), "created_at": js.timestamp(),
        "read_at": js.timestamp(nullable=True),
    }),
    "NotificationList": js.object_of({"unread": js.integer(minimum=0),
                                 "items": {"type": "array", "items": js.ref("Notification")}}),
    "MarkReadRequest": js.request({"ids": {"type": "array", "items": js.integer(minimum=1, maximum=ID_MAX),
                                        "description": "Which notices; omit for all of mine."}},
                                  optional=("ids",)),
    "MarkReadResult": js.object_of({"marked": js.integer(minimum=0)}),
    "ComplianceStep": js.object_of({
        "element_id": js.string(), "position": js.integer(), "name": js.string(), "role": js.string(),
        "standard_time_text": js.string("The Waktu as the SOP writes it."),
        "completions": js.integer("Completed in the period.", minimum=0), "on_time": js.integer(minimum=0),
        "late": js.integer(minimum=0), "share_on_time": js.number("on_time / completions; null without completions."),
        "standard_minutes": js.number("Median standard, in working minutes."),
        "median_minutes": js.number("Median actual working minutes."),
        "p90_minutes": js.number("90th percentile of actual working minutes (percentile_cont)."),
        "median_ratio": js.number("median_minutes / standard_minutes."),
        "open_now": js.integer("Open now (whatever the period).", minimum=0),
        "overdue_now": js.integer("Open now and past due.", minimum=0),
    }),
    "CompliancePerson": js.object_of({
        "user_id": js.integer(), "name": js.string(), "completions": js.integer(minimum=0),
        "on_time": js.integer(minimum=0), "late": js.integer(minimum=0), "share_on_time": js.number(),
        "median_ratio": js.number("Median of actual / standard working minutes over the person's steps."),
        "open_now": js.integer("Steps the person holds now.", minimum=0), "overdue_now": js.integer(minimum=0),
    }),
    "Compliance": js.object_of({
        "process": js.ref("CaseProcess"),
        "period": js.object_of({"from": js.string(format="date"), "to": js.string(format="date")},
                          description="Office-local dates; steps completed in between count."),
        "unit": js.object_of({"code": js.string("The unit asked for; null: all units I supervise.", nullable=True),
                         "name": js.string()}),
        "totals": js.object_of({
            "completions": js.integer(minimum=0), "on_time": js.integer(minimum=0), "late": js.integer(minimum=0),
            "share_on_time": js.number(), "open_now": js.integer(minimum=0), "overdue_now": js.integer(minimum=0),
            "cases_started": js.integer(minimum=0), "cases_completed": js.integer(minimum=0),
            "cases_cancelled": js.integer(minimum=0), "cases_active": js.integer(minimum=0),
        }),
        "steps": {"type": "array", "items": js.ref("ComplianceStep"), "description": "In the SOP's order."},
        "people": {"type": "array", "items": js.ref("CompliancePerson"), "description": "Most completions first."},
        "generated_at": js.timestamp(),
    }, description="How an SOP is followed: per step and per person, times in working minutes."),
    "Completion": js.object_of({
        "task_id": js.integer(), "case_id": js.integer(), "case_status": js.string(enum=CASE_STATUSES),
        "next_task_ids": {"type": "array", "items": js.integer(), "description": "Steps opened by this one."},
        "carried_on_task": {**js.nullable_ref("CarriedOnTask"),
                            "description": "The next step, given to me because it is mine to take too (same role "
                                           "and unit, and the SOP keeps consecutive steps with one person); null "
                                           "when every new step waits in its queue."},
    }),
    "CarriedOnTask": js.object_of({
        "id": js.integer("The task's id, one of next_task_ids."),
        "url": js.string("The task in this API (GET it for its form)."),
        "page": js.string("The task's page in the web app."),
    }, description="A next step already claimed for whoever completed the one before it."),
}


def _error_response(description: str, schema: str = "Error", headers: dict[str, Any] | None = None) -> js.Schema:
    return js.json(js.ref(schema), description, headers)


RESPONSES: dict[str, js.Schema] = {
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

PARAMETERS: dict[str, js.Schema] = {
    "CaseId": {"name": "case_id", "in": "path", "required": True,
               "schema": js.integer(minimum=1, maximum=ID_MAX)},
    "TaskId": {"name": "task_id", "in": "path", "required": True,
               "schema": js.integer(minimum=1, maximum=ID_MAX)},
}


def _query(name: str, description: str, schema: js.Schema) -> js.Schema:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


_TASK_PARAMETER = [{"$ref": "#/components/parameters/TaskId"}]
_CASE_PARAMETER = [{"$ref": "#/components/parameters/CaseId"}]

PATHS: dict[str, Any] = {
    "/token": {"post": {
        "operationId": "createToken", "tags": ["auth"], "security": [],
        "summary": "Exchange a username and password for a bearer token.",
        "description": "Failed attempts count towards the sign-in limit (5 per name or address per 15 minutes).",
        "requestBody": js.body("TokenRequest", "The credentials."),
        "responses": {"200": js.json(js.ref("Token"), "A token."), **js.errors(400, 401, 415, 422, 429)},
    }},
    "/me": {"get": {
        "operationId": "getMe", "tags": ["auth"], "summary": "The user the token stands for.",
        "responses": {"200": js.json(js.ref("User"), "The user."), **js.errors(401)},
    }},
    "/processes": {"get": {
        "operationId": "listProcesses", "tags": ["processes"],
        "summary": "The SOP catalogue: the latest version of every process.",
        "responses": {"200": js.json(js.ref("ProcessList"), "The processes, by name."), **js.errors(401)},
    }},
    "/processes/{key}": {"get": {
        "operationId": "getProcess", "tags": ["processes"], "summary": "One process, latest version.",
        "parameters": [{"name": "key", "in": "path", "required": True, "schema": js.string()}],
        "responses": {"200": js.json(js.ref("Process"), "The process."), **js.errors(401, 404)},
    }},
    "/cases": {"post": {
        "operationId": "startCase", "tags": ["cases"],
        "summary": "Start a case; its first steps land in the right queues.",
        "requestBody": js.body("StartCaseRequest", "The process and its start form's data."),
        "responses": {
            "201": js.json(js.ref("Case"), "The new case.",
                         {"Location": {"description": "The case's URL.", "schema": {"type": "string"}}}),
            **js.errors(400, 401, 403, 404, 409, 415, 422),
        },
    }},
    "/cases/{case_id}": {"get": {
        "operationId": "getCase", "tags": ["cases"], "summary": "A case with its steps and full history.",
        "parameters": _CASE_PARAMETER,
        "responses": {"200": js.json(js.ref("Case"), "The case."), **js.errors(401, 403, 404)},
    }},
    "/cases/{case_id}/cancel": {"post": {
        "operationId": "cancelCase", "tags": ["cases"],
        "summary": "Stop a case (its starter or a supervisor of its unit); open steps are withdrawn.",
        "parameters": _CASE_PARAMETER,
        "requestBody": js.body("CancelCaseRequest", "The reason."),
        "responses": {"200": js.json(js.ref("Case"), "The cancelled case."),
                      **js.errors(400, 401, 403, 404, 409, 415, 422)},
    }},
    "/public/cases/{reference}": {"get": {
        "operationId": "getPublicCase", "tags": ["public"], "security": [],
        "summary": "Cek status permohonan: a public-service case by its reference and tracking code, no token.",
        "description": "A wrong code and an unknown reference get the same 404. Wrong tries are limited per address "
                       "and per reference (429).",
        "parameters": [{"name": "reference", "in": "path", "required": True, "schema": js.string()},
                       {**_query("code", "The tracking code from the receipt (case, spaces and dashes ignored).",
                                 js.text()), "required": True}],
        "responses": {"200": js.json(js.ref("PublicCase"), "The case's status."), **js.errors(404, 422, 429)},
    }},
    "/tasks": {"get": {
        "operationId": "listTasks", "tags": ["tasks"],
        "summary": "My tasks (scope=mine) or the unclaimed tasks of my roles and units (scope=queue).",
        "parameters": [
            _query("scope", "Which inbox.", {"type": "string", "enum": ["mine", "queue"], "default": "mine"}),
            _query("process", "Only this process key.", js.text()),
            _query("step", "Only this step (element_id).", js.text()),
            _query("overdue", "Only tasks past their due time.", {"type": "boolean", "default": False}),
            _query("due_today", "Only tasks due before the end of today (office time).",
                   {"type": "boolean", "default": False}),
            _query("sort", "Order.", {"type": "string", "enum": ["due", "-due", "started", "-started"],
                                      "default": "due"}),
            _query("page", "Page number.", js.integer(minimum=1, maximum=1_000_000, default=1)),
            _query("per_page", "Tasks per page.", js.integer(minimum=1, maximum=200, default=25)),
            _query("after", "Keyset paging: the next_after of the page before (page is then ignored); reads "
                   "the same cost however deep.", js.text()),
        ],
        "responses": {"200": js.json(js.ref("TaskPage"), "A page of tasks."), **js.errors(401, 422)},
    }},
    "/tasks/{task_id}": {"get": {
        "operationId": "getTask", "tags": ["tasks"],
        "summary": "A task: its step and Mutu Baku, its form as JSON js.Schema, and what I may do with it.",
        "parameters": _TASK_PARAMETER,
        "responses": {"200": js.json(js.ref("Task"), "The task."), **js.errors(401, 403, 404)},
    }},
    "/tasks/{task_id}/claim": {"post": {
        "operationId": "claimTask", "tags": ["tasks"], "summary": "Take an unclaimed task from my queue.",
        "description": "Claiming a task I already hold changes nothing. Send no body (or {}).",
        "parameters": _TASK_PARAMETER,
        "responses": {"200": js.json(js.ref("Task"), "The task, now mine."),
                      **js.errors(400, 401, 403, 404, 409, 415, 422)},
    }},
    "/tasks/{task_id}/unclaim": {"post": {
        "operationId": "unclaimTask", "tags": ["tasks"],
        "summary": "Put a task I hold (or, as supervisor, someone's) back in the queue.",
        "description": "Send no body (or {}).",
        "parameters": _TASK_PARAMETER,
        "responses": {"200": js.json(js.ref("Task"), "The task, back in the queue."),
                      **js.errors(400, 401, 403, 404, 409, 415, 422)},
    }},
    "/tasks/{task_id}/complete": {"post": {
        "operationId": "completeTask", "tags": ["tasks"],
        "summary": "Complete a task with its form's data; the case moves on.",
        "description": "An unclaimed task is claimed and completed at once. All or nothing: on any error "
                       "nothing changes. When the next step is mine to take too (same role and unit, and the SOP "
                       "keeps consecutive steps with one person) it is claimed for me and named in carried_on_task.",
        "parameters": _TASK_PARAMETER,
        "requestBody": js.body("CompleteTaskRequest", "The form's data.", required=False),
        "responses": {"200": js.json(js.ref("Completion"), "The task is done."),
                      **js.errors(400, 401, 403, 404, 409, 415, 422)},
    }},
    "/overdue": {"get": {
        "operationId": "getOverdue", "tags": ["supervision"],
        "summary": "Overdue and due-soon steps of the units I supervise, with how late each is in working time.",
        "description": "The filters narrow items as the board page's counts do; totals and groups stay the whole "
                       "board's.",
        "parameters": [
            _query("status", "Only overdue or only due-soon steps.",
                   {"type": "string", "enum": ["overdue", "due_soon"]}),
            _query("escalated", "Only steps already escalated.", {"type": "boolean", "default": False}),
            _query("unassigned", "Only steps nobody has claimed.", {"type": "boolean", "default": False}),
            _query("sop", "Only this process key.", js.text()),
            _query("step", "Only this step (element_id; with sop).", js.text()),
            _query("role", "Only steps of this role code.", js.text()),
            _query("person", "Only steps held by this person (user id).", js.integer(minimum=1, maximum=MAX_ID)),
        ],
        "responses": {"200": js.json(js.ref("Supervision"), "The board."), **js.errors(401, 403, 422)},
    }},
    "/notifications": {"get": {
        "operationId": "listNotifications", "tags": ["notifications"], "summary": "My notices, newest first.",
        "parameters": [_query("unread", "Only unread notices.", {"type": "boolean", "default": False})],
        "responses": {"200": js.json(js.ref("NotificationList"), "The notices."), **js.errors(401, 422)},
    }},
    "/notifications/read": {"post": {
        "operationId": "markNotificationsRead", "tags": ["notifications"], "summary": "Mark my notices read.",
        "requestBody": js.body("MarkReadRequest", "Which notices.", required=False),
        "responses": {"200": js.json(js.ref("MarkReadResult"), "How many were marked."),
                      **js.errors(400, 401, 415, 422)},
    }},
    "/reports/compliance": {"get": {
        "operationId": "getComplianceReport", "tags": ["reports"],
        "summary": "SOP compliance in a period: per step and per person (supervisors only).",
        "description": "Steps completed between the two office-local dates, in the units I supervise (or one of "
                       "them and below): completions, median and 90th percentile of actual working time against "
                       "the standard, share on time; and what is open and overdue now.",
        "parameters": [
            {**_query("process", "Key of the SOP.", js.text()), "required": True},
            {**_query("from", "First day (office time zone), YYYY-MM-DD.", js.string(format="date")),
             "required": True},
            {**_query("to", "Last day (office time zone), YYYY-MM-DD.", js.string(format="date")), "required": True},
            _query("unit", "Code of a unit I supervise (and the units below it).", js.text()),
        ],
        "responses": {"200": js.json(js.ref("Compliance"), "The figures."), **js.errors(401, 403, 404, 422)},
    }},
    "/openapi.json": {"get": {
        "operationId": "getOpenApi", "tags": ["meta"], "security": [], "summary": "This document.",
        "responses": {"200": js.json({"type": "object"}, "The OpenAPI document.")},
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
            "is changed. Timestamps are ISO 8601 in UTC. Messages (an error's message and field_errors, a notice's "
            "title and body) are in Bahasa Indonesia, or in English with 'Accept-Language: en'; the error code "
            "stays the same in both."
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
