"""Pemantauan: the late and nearly late steps of the units I supervise, and handing one to someone else.

The board is one engine call (``supervision_board``, which refuses anyone who is not a supervisor).
Every count on it is a link that lists exactly those steps: the query (``status``, ``escalated``,
``unassigned``, ``sop``, ``step``, ``role``, ``person``) becomes an engine ``BoardFilter``, checked here; a value
that is not one of them is said on the page and the whole board is shown (400). The active filter is shown
above the list, each part with a link that removes it. No JavaScript is involved.
Reassigning happens on the board itself: "Alihkan" opens the form for that one step (``?alihkan=<id>``),
so only that step's eligible people are looked up, and the form posts back here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.errors import ValidationFailed
from engine.services import reassign_task
from engine.services.people import eligible_assignees
from engine.services.supervision import BOARD_STATUSES, BoardFilter, Group, SupervisionBoard, supervision_board
from webapp.formatting import error_fields, role_name
from webapp.views import parse_id
from webapp.views.common import db, me, see_other

bp = Blueprint("supervision", __name__, url_prefix="/supervision")

#: The query parameters of the board's filter, in the order they are shown and put in links.
FILTER_ARGS = ("status", "escalated", "unassigned", "sop", "step", "role", "person")
#: An SOP key, a BPMN step id or a role code as they are written: nothing else can match a step.
_CODE = re.compile(r"[A-Za-z0-9_.-]{1,100}")

@bp.get("")
@login_required
def board() -> Any:
    return render_board(parse_id(request.args.get("alihkan", "")))


def render_board(open_task_id: int | None = None, *, reassign_errors: dict[str, str] | None = None,
                 status: int = 200) -> Any:
    """The board, its list narrowed by the query's filter; with ``open_task_id`` the reassign form is open on
    that step's row."""
    board = supervision_board(db(), me())
    only, args, problems = parse_filter(request.args)
    filter_errors = list(problems.values())
    # Only a step on my board: anything else (done meanwhile, another unit) just shows the board.
    reassigning = next((s for s in board.steps if s.task_id == open_task_id), None)
    assignees = eligible_assignees(db(), me(), reassigning.task_id) if reassigning else []
    html = render_template("supervision/board.html", board=board, reassigning=reassigning, assignees=assignees,
                           reassign_errors=reassign_errors or {},
                           reassign_values=request.form if reassign_errors else {},
                           listed=board.listed(only), only=only, filter_args=args, filter_errors=filter_errors,
                           active_filter=_describe(board, args), totals=_totals(board),
                           group_args=group_args)
    return html, 400 if filter_errors and status == 200 else status


def parse_filter(query: Mapping[str, str]) -> tuple[BoardFilter, dict[str, str], dict[str, str]]:
    """The board filter the query asks for, the query parameters that made it (to keep in links), and what was
    wrong with the rest, by parameter (the API's ``GET /overdue`` reads the same query). A wrong value filters
    nothing: the page shows the whole board with the reason; the API refuses the request."""
    errors: dict[str, str] = {}
    args: dict[str, str] = {}
    for name in FILTER_ARGS:
        value = query.get(name, "").strip()
        if not value:
            continue
        if name == "status" and value not in BOARD_STATUSES:
            errors[name] = _("Status “%(value)s” tidak dikenal; pilih overdue (terlambat) atau due_soon (segera "
                             "jatuh tempo).", value=value[:40])
        elif name in ("escalated", "unassigned") and value != "1":
            errors[name] = _("Saringan “%(name)s” hanya menerima nilai 1.", name=name)
        elif name == "person" and parse_id(value) is None:
            errors[name] = _("Saringan “person” harus berupa nomor id pegawai.")
        elif name in ("sop", "step", "role") and not _CODE.fullmatch(value):
            errors[name] = _("Saringan “%(name)s” harus berupa kode: huruf, angka, titik, garis bawah atau tanda "
                             "hubung, paling banyak 100 karakter.", name=name)
        else:
            args[name] = value
    if errors:
        return BoardFilter(), {}, errors
    return BoardFilter(status=args.get("status"), escalated="escalated" in args, unassigned="unassigned" in args,
                       process_key=args.get("sop"), element_id=args.get("step"), role_code=args.get("role"),
                       assignee_id=parse_id(args["person"]) if "person" in args else None), args, {}


def group_args(kind: str, group: Group, status: str | None = None) -> dict[str, str]:
    """The query that lists one row of a summary table (``kind``: process, step, role or person)."""
    args: dict[str, str] = {"status": status} if status else {}
    if kind == "process":
        args["sop"] = group.key
    elif kind == "step":
        args["sop"], args["step"] = group.key.split("/", 1)
    elif kind == "role":
        args["role"] = group.key
    elif group.key:
        args["person"] = group.key
    else:
        args["unassigned"] = "1"
    return args


def _totals(board: SupervisionBoard) -> list[tuple[str, int, str, dict[str, str]]]:
    """The counts at the top: (css class, number, words, the query that lists them)."""
    shown = [("overdue", board.count(BoardFilter(status="overdue")), _("terlambat"), {"status": "overdue"}),
             ("due-soon", board.count(BoardFilter(status="due_soon")), _("segera jatuh tempo"),
              {"status": "due_soon"}),
             ("escalated", board.count(BoardFilter(escalated=True)), _("sudah dieskalasi"), {"escalated": "1"}),
             ("unassigned", board.count(BoardFilter(unassigned=True)), _("belum diambil"), {"unassigned": "1"})]
    return shown


def _describe(board: SupervisionBoard, args: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """Each part of the active filter in words, with the query that is left when it is removed."""
    first = {name: next(iter(board.listed(only)), None) for name, only in (
        ("sop", BoardFilter(process_key=args.get("sop"))),
        ("step", BoardFilter(process_key=args.get("sop"), element_id=args.get("step"))),
        ("person", BoardFilter(assignee_id=parse_id(args.get("person", "")))))}
    words = {
        "status": lambda v: _("Terlambat") if v == "overdue" else _("Segera jatuh tempo"),
        "escalated": lambda v: _("Sudah dieskalasi"),
        "unassigned": lambda v: _("Belum diambil"),
        "sop": lambda v: _("SOP: %(name)s", name=first["sop"].process_name if first["sop"] else v),
        "step": lambda v: _("Langkah: %(name)s", name=first["step"].step_name if first["step"] else v),
        "role": lambda v: _("Peran: %(name)s", name=role_name(v)),
        "person": lambda v: _("Pegawai: %(name)s",
                              name=first["person"].assignee if first["person"] and first["person"].assignee else v),
    }
    # A step is named within its SOP: without the SOP the step goes too.
    gone_with = {"sop": ("sop", "step")}
    return [(words[name](value), {k: v for k, v in args.items() if k not in gone_with.get(name, (name,))})
            for name, value in args.items()]


@bp.post("/tasks/<id:task_id>/reassign")
@login_required
def reassign(task_id: int) -> Any:
    to_user = parse_id(request.form.get("to_user", ""))
    if to_user is None:
        return render_board(task_id, reassign_errors={"to_user": _("Pilih pegawai penerima tugas.")}, status=422)
    try:
        reassign_task(db(), me(), task_id, to_user, request.form.get("reason", ""))
    except ValidationFailed as failed:
        return render_board(task_id, reassign_errors=error_fields(failed, "to_user"),
                            status=422)
    flash(_("Tugas dialihkan."), "success")
    return _to_board(task_id)


def _to_board(task_id: int) -> Response:
    return see_other(url_for("supervision.board", _anchor=f"langkah-{task_id}"))
