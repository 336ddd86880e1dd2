"""The endpoints: parse the request, call the engine's use case, serialize its answer.

Actions answer with the resource as it stands afterwards (a second, read-only use case), so a client
never needs a follow-up GET; if the action failed nothing was changed and nothing is read.
"""

from __future__ import annotations

from flask import Response, g, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from engine.errors import NotAuthenticated, ValidationFailed
from engine.phrases import N_
from engine.services import (
    authenticate,
    cancel_case,
    claim_task,
    complete_task,
    get_case,
    get_process,
    get_task,
    get_user,
    inbox,
    list_processes,
    start_case,
    unclaim_task,
)
from engine.services.notifications import list_notifications, mark_read, unread_count
from engine.services.public_status import public_case_status
from engine.services.reports import compliance_report
from engine.services.supervision import supervision_board
from engine.services.users import current_credential
from webapp import get_db
from webapp.api import bp, openapi, serialize
from webapp.api.parsing import Field, board_query, compliance_query, id_list, json_body, task_query
from webapp.api.tokens import InvalidToken, claims_of_token, issue_token, user_of_token
from webapp.auth import sign_in_limits

#: Endpoints reachable without a bearer token.
PUBLIC = frozenset({"api.create_token", "api.openapi_document", "api.public_case"})
#: Endpoints whose use case checks the token's credential in its own transaction (one round trip fewer,
#: issue 14); the others check it here, before the use case runs.
CHECKS_OWN_CREDENTIAL = frozenset({"api.complete"})
NO_FIELDS: dict[str, Field] = {}


@bp.before_request
def _authenticate() -> None:
    if request.endpoint in PUBLIC:
        return
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise NotAuthenticated(N_("Sertakan header 'Authorization: Bearer <token>'; token diperoleh dari POST "
                                  "/api/v1/token."))
    try:
        if request.endpoint in CHECKS_OWN_CREDENTIAL:
            g.api_token = credentials.strip()
            g.api_user_id, g.api_credential = claims_of_token(g.api_token)
        else:
            g.api_user_id = user_of_token(credentials.strip())
    except InvalidToken:
        g.api_invalid_token = True
        raise


@bp.after_request
def _headers(response: Response) -> Response:
    # Cache-Control: no-store is set on every answer but static files (webapp.security).
    if response.status_code == 401:
        challenge = 'Bearer realm="alur"'
        if g.get("api_invalid_token"):
            challenge += ', error="invalid_token"'
        response.headers["WWW-Authenticate"] = challenge
    elif response.status_code == 429:
        response.headers["Retry-After"] = str(int(sign_in_limits().window.total_seconds()))
    return response


def _me() -> int:
    return int(g.api_user_id)


@bp.post("/token")
def create_token() -> ResponseReturnValue:
    body = json_body({"username": Field(str, required=True), "password": Field(str, required=True)})
    db = get_db()
    info = authenticate(db, body["username"], body["password"], source=request.remote_addr or "",
                        limits=sign_in_limits())
    fingerprint = current_credential(db, info.id) if info is not None else None
    if info is None or fingerprint is None:
        raise NotAuthenticated(N_("Nama pengguna atau kata sandi salah."))
    return jsonify(serialize.token(issue_token(info.id, fingerprint), info))


@bp.get("/me")
def me() -> ResponseReturnValue:
    return jsonify(serialize.user(get_user(get_db(), _me())))


@bp.get("/processes")
def processes() -> ResponseReturnValue:
    return jsonify({"items": [serialize.process(p) for p in list_processes(get_db())]})


@bp.get("/processes/<key>")
def process(key: str) -> ResponseReturnValue:
    return jsonify(serialize.process(get_process(get_db(), key)))


@bp.post("/cases")
def create_case() -> ResponseReturnValue:
    body = json_body({"process": Field(str, required=True), "data": Field(dict)})
    db = get_db()
    ref = start_case(db, _me(), body["process"], body.get("data", {}))
    return jsonify(serialize.case(get_case(db, _me(), ref.id))), 201, {"Location": url_for(".case", case_id=ref.id)}


@bp.get("/cases/<id:case_id>")
def case(case_id: int) -> ResponseReturnValue:
    return jsonify(serialize.case(get_case(get_db(), _me(), case_id)))


@bp.post("/cases/<id:case_id>/cancel")
def cancel(case_id: int) -> ResponseReturnValue:
    body = json_body({"reason": Field(str, required=True)})
    db = get_db()
    cancel_case(db, _me(), case_id, body["reason"])
    return jsonify(serialize.case(get_case(db, _me(), case_id)))


@bp.get("/public/cases/<reference>")
def public_case(reference: str) -> ResponseReturnValue:
    """Cek status permohonan for other systems: the reference and the tracking code, no token."""
    from webapp.views.public import lookup_limits

    found = public_case_status(get_db(), reference, request.args.get("code", ""), source=request.remote_addr or "",
                               limits=lookup_limits())
    return jsonify(serialize.public_status(found))


@bp.get("/tasks")
def tasks() -> ResponseReturnValue:
    scope, filters = task_query()
    return jsonify(serialize.task_page(inbox(get_db(), _me(), scope, filters)))


@bp.get("/tasks/<id:task_id>")
def task(task_id: int) -> ResponseReturnValue:
    return jsonify(serialize.task(get_task(get_db(), _me(), task_id)))


@bp.post("/tasks/<id:task_id>/claim")
def claim(task_id: int) -> ResponseReturnValue:
    json_body(NO_FIELDS)
    db = get_db()
    claim_task(db, _me(), task_id)
    return jsonify(serialize.task(get_task(db, _me(), task_id)))


@bp.post("/tasks/<id:task_id>/unclaim")
def unclaim(task_id: int) -> ResponseReturnValue:
    json_body(NO_FIELDS)
    db = get_db()
    unclaim_task(db, _me(), task_id)
    return jsonify(serialize.task(get_task(db, _me(), task_id)))


@bp.post("/tasks/<id:task_id>/complete")
def complete(task_id: int) -> ResponseReturnValue:
    """As on the web, a next step that is mine to take too is given to me (``carry_on``, unless the body says
    ``"carry_on": false``); the answer names it so a client goes straight on to it."""
    try:
        body = json_body({"data": Field(dict), "carry_on": Field(bool)})
    except ValidationFailed:  # a revoked token is told so first, as on every other endpoint
        user_of_token(g.api_token)
        raise
    try:
        completion = complete_task(get_db(), _me(), task_id, body.get("data", {}),
                                   carry_on=body.get("carry_on", True), credential=g.api_credential)
    except NotAuthenticated as error:  # the token's sign-in has ended: the same answer as before the use case
        g.api_invalid_token = True
        raise InvalidToken(error.message) from None
    return jsonify(serialize.completion(completion))


@bp.get("/overdue")
def overdue() -> ResponseReturnValue:
    """The board's list narrowed as on the page (``status``, ``escalated``, ``unassigned``, ``sop``, ``step``,
    ``role``, ``person``); the totals and groups are the whole board's, as the page's counts are."""
    only = board_query()
    return jsonify(serialize.supervision(supervision_board(get_db(), _me()), only))


@bp.get("/notifications")
def notifications() -> ResponseReturnValue:
    unread_only = request.args.get("unread", "false").lower() in ("true", "1", "yes")
    db = get_db()
    return jsonify({"unread": unread_count(db, _me()),
                    "items": [serialize.notification(n) for n in list_notifications(db, _me(),
                                                                                     unread_only=unread_only)]})


@bp.post("/notifications/read")
def notifications_read() -> ResponseReturnValue:
    body = json_body({"ids": Field(list)})
    ids = id_list(body["ids"], "ids") if "ids" in body else None
    return jsonify({"marked": mark_read(get_db(), _me(), ids)})


@bp.get("/reports/compliance")
def compliance() -> ResponseReturnValue:
    process_key, date_from, date_to, unit_code = compliance_query()
    return jsonify(serialize.compliance(compliance_report(get_db(), _me(), process_key, date_from, date_to,
                                                          unit_code)))


@bp.get("/openapi.json")
def openapi_document() -> ResponseReturnValue:
    return jsonify(openapi.DOCUMENT)
