"""Request shapes checked before any engine call, so bad input is a 400, 415 or 422 and never a 500.

Bodies are JSON objects sent as ``Content-Type: application/json``, whose fields are listed per endpoint;
unknown fields and query parameters are refused rather than ignored, so a typo (``"date"`` for ``"data"``)
is reported, not silently dropped. Text no database can store (NUL, lone surrogates) is refused too.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from flask import request
from werkzeug.exceptions import UnsupportedMediaType

from engine.errors import AlurError, ValidationFailed
from engine.phrases import N_, Phrase
from engine.services import InboxFilter
from engine.services.supervision import BoardFilter
from engine.services.tasks import Scope
from webapp.security import UNSTORABLE_MESSAGE, is_storable, unstorable_fields
from webapp.views import MAX_ID
from webapp.views.supervision import FILTER_ARGS, parse_filter


class MalformedRequest(AlurError):
    """The body is not JSON or not a JSON object (HTTP 400: the web app maps unknown errors to 400)."""


@dataclass(frozen=True)
class Field:
    """One body field: the JSON type it must have (``str``, ``dict``, ``list``, ``bool``) and if it is required."""

    kind: type
    required: bool = False


_TYPE_WORDS = {str: N_("teks"), dict: N_("objek"), list: N_("daftar"), bool: N_("true atau false")}


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} bukan nilai JSON")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"angka {text[:20]} terlalu besar")
    return number


def json_body(fields: dict[str, Field]) -> dict[str, Any]:
    """The request's JSON object checked against ``fields``; an empty body is ``{}``."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        body: Any = {}
    elif request.mimetype != "application/json":
        raise UnsupportedMediaType()  # the message is webapp.errors' for 415
    else:
        try:
            # NaN and Infinity (also 1e400) are not JSON: they would pass a "number" field and break the JSON columns.
            body = json.loads(raw, parse_constant=_reject_constant, parse_float=_finite_float)
        except (ValueError, RecursionError) as error:
            raise MalformedRequest(N_("Badan permintaan bukan JSON yang valid: %(error)s"),
                                   error=_short(error)) from None
    if not isinstance(body, dict):
        raise MalformedRequest(N_("Badan permintaan harus berupa objek JSON ({...})."))
    # NUL and lone surrogates (\u0000, \ud800) decode fine but no database column can hold them.
    errors: dict[str, str | Phrase] = {path: UNSTORABLE_MESSAGE for path in unstorable_fields(body)}
    for name, value in body.items():
        if name in errors or not is_storable(name):
            continue
        field = fields.get(name)
        if field is None:
            errors[name] = Phrase(N_("isian '%(name)s' tidak dikenal; yang diterima: %(known)s"),
                                  {"name": name, "known": ", ".join(fields) or Phrase(N_("tidak ada"))})
        elif not isinstance(value, field.kind):
            errors[name] = Phrase(N_("harus berupa %(kind)s"), {"kind": Phrase(_TYPE_WORDS[field.kind])})
    for name, field in fields.items():
        if field.required and name not in body:
            errors[name] = N_("wajib diisi")
    if errors:
        raise ValidationFailed(N_("Badan permintaan tidak valid."), errors)
    return body


def id_list(value: list[Any], name: str) -> list[int]:
    """A body field that must be a list of ids."""
    if len(value) > 1000 or not all(type(item) is int and 1 <= item <= MAX_ID for item in value):
        raise ValidationFailed(N_("Badan permintaan tidak valid."),
                               {name: Phrase(N_("harus berupa daftar id (bilangan bulat 1–%(max_id)s), paling "
                                                "banyak 1000"), {"max_id": MAX_ID})})
    return list(value)


def _short(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


_SORTS = ("due", "-due", "started", "-started")
_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no", "")
TASK_QUERY = ("scope", "process", "step", "overdue", "due_today", "sort", "page", "per_page", "after")


def _unknown_parameters(known: tuple[str, ...]) -> dict[str, str | Phrase]:
    """A field error for each query parameter the endpoint does not take, naming those it does."""
    return {name: Phrase(N_("parameter '%(name)s' tidak dikenal; yang diterima: %(known)s"),
                         {"name": name, "known": ", ".join(known)})
            for name in request.args if name not in known}


def task_query() -> tuple[Scope, InboxFilter]:
    """``GET /tasks``' query string as the inbox's scope and filter."""
    args = request.args
    errors = _unknown_parameters(TASK_QUERY)
    scope = args.get("scope", "mine")
    if scope not in ("mine", "queue"):
        errors["scope"] = N_("harus 'mine' atau 'queue'")
    sort = args.get("sort", "due")
    if sort not in _SORTS:
        errors["sort"] = Phrase(N_("harus salah satu dari %(sorts)s"), {"sorts": ', '.join(_SORTS)})
    flags = {name: _flag(args.get(name, ""), name, errors) for name in ("overdue", "due_today")}
    page = _integer(args.get("page", "1"), "page", 1, 1_000_000, errors)
    per_page = _integer(args.get("per_page", "25"), "per_page", 1, 200, errors)
    if errors:
        raise ValidationFailed(N_("Parameter permintaan tidak valid."), errors)
    return cast(Scope, scope), InboxFilter(
        process_key=args.get("process") or None, element_id=args.get("step") or None,
        overdue=flags["overdue"], due_today=flags["due_today"], sort=sort,  # type: ignore[arg-type]
        page=page, per_page=per_page, after=args.get("after") or None,
    )


def board_query() -> BoardFilter:
    """``GET /overdue``'s query as the board's filter: the board page's parameters, read by its own parser
    (``webapp.views.supervision.parse_filter``), with ``escalated`` and ``unassigned`` as true/false."""
    args = request.args
    errors = _unknown_parameters(FILTER_ARGS)
    query = {name: args.get(name, "") for name in FILTER_ARGS}
    for name in ("escalated", "unassigned"):
        query[name] = "1" if _flag(query[name], name, errors) else ""
    only, _args, problems = parse_filter(query)
    errors.update(problems)
    if errors:
        raise ValidationFailed(N_("Parameter permintaan tidak valid."), errors)
    return only


def _flag(value: str, name: str, errors: dict[str, str | Phrase]) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() not in _FALSE:
        errors[name] = N_("harus 'true' atau 'false'")
    return False


def _integer(value: str, name: str, low: int, high: int, errors: dict[str, str | Phrase]) -> int:
    if value.isascii() and value.isdecimal() and len(value) <= 9 and low <= int(value) <= high:
        return int(value)
    errors[name] = Phrase(N_("harus bilangan bulat dari %(low)s sampai %(high)s"), {"low": low, "high": high})
    return low


COMPLIANCE_QUERY = ("process", "from", "to", "unit")


def compliance_query() -> tuple[str, date, date, str | None]:
    """``GET /reports/compliance``' query string: the SOP, the period (office dates) and an optional unit."""
    args = request.args
    errors = _unknown_parameters(COMPLIANCE_QUERY)
    if not args.get("process"):
        errors["process"] = N_("wajib diisi")
    dates = {name: _date(args.get(name, ""), name, errors) for name in ("from", "to")}
    if errors:
        raise ValidationFailed(N_("Parameter permintaan tidak valid."), errors)
    return args["process"], dates["from"], dates["to"], args.get("unit") or None


def _date(value: str, name: str, errors: dict[str, str | Phrase]) -> date:
    if not value:
        errors[name] = N_("wajib diisi (TTTT-BB-HH)")
        return date.min
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = N_("harus tanggal TTTT-BB-HH, misalnya 2026-11-30")
        return date.min
