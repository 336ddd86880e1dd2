"""Pemantauan: the late and nearly late steps of the units I supervise, and handing one to someone else.

The board is one engine call (``supervision_board``, which refuses anyone who is not a supervisor).
Reassigning happens on the board itself: "Alihkan" opens the form for that one step (``?alihkan=<id>``),
so only that step's eligible people are looked up, and the form posts back here.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.errors import ValidationFailed
from engine.services import reassign_task
from engine.services.people import eligible_assignees
from engine.services.supervision import supervision_board
from webapp.formatting import error_fields
from webapp.views import parse_id
from webapp.views.common import db, me, see_other

bp = Blueprint("supervision", __name__, url_prefix="/supervision")

@bp.get("")
@login_required
def board() -> Any:
    return render_board(parse_id(request.args.get("alihkan", "")))


def render_board(open_task_id: int | None = None, *, reassign_errors: dict[str, str] | None = None,
                 status: int = 200) -> Any:
    """The board; with ``open_task_id`` the reassign form is open on that step's row."""
    board = supervision_board(db(), me())
    # Only a step on my board: anything else (done meanwhile, another unit) just shows the board.
    reassigning = next((s for s in board.steps if s.task_id == open_task_id), None)
    assignees = eligible_assignees(db(), me(), reassigning.task_id) if reassigning else []
    html = render_template("supervision/board.html", board=board, reassigning=reassigning, assignees=assignees,
                           reassign_errors=reassign_errors or {},
                           reassign_values=request.form if reassign_errors else {})
    return html, status


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
