"""Inbox ("Tugas Saya" and the role queue) and the task page: claim, release, reassign, complete, attach."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.errors import Conflict, NotFound, ValidationFailed
from engine.services import (
    InboxFilter,
    claim_task,
    complete_task,
    get_process,
    get_task,
    list_processes,
    reassign_task,
    unclaim_task,
)
from engine.services import inbox as inbox_service
from engine.services.attachments import MAX_ATTACHMENT_BYTES, add_attachment, list_attachments
from engine.services.people import eligible_assignees
from webapp.views import parse_id
from webapp.views.common import back, db, int_arg, me, see_other, submitted, upload_dir

bp = Blueprint("tasks", __name__)

TABS = ("mine", "queue")
SORTS = ("due", "-due", "started", "-started")


@bp.get("/")
@login_required
def inbox() -> str:
    tab = request.args.get("tab", "mine")
    tab = tab if tab in TABS else "mine"
    sort = request.args.get("sort", "due")
    process_key = request.args.get("sop") or None
    step = request.args.get("step") or None
    if step and ":" in step:  # the step list names "<sop>:<step>" so a step alone also picks its SOP
        process_key, step = step.split(":", 1)
    filters = InboxFilter(
        process_key=process_key, element_id=step, overdue=request.args.get("overdue") == "1",
        due_today=request.args.get("today") == "1", sort=sort if sort in SORTS else "due",  # type: ignore[arg-type]
        page=int_arg("page"), per_page=min(int_arg("per_page", 25), 100),
    )
    page = inbox_service(db(), me(), tab, filters)  # type: ignore[arg-type]
    return render_template("tasks/inbox.html", page=page, tab=tab, filters=filters, catalogue=list_processes(db()),
                           filtered=bool(process_key or step or filters.overdue or filters.due_today))


@bp.get("/tasks/<id:task_id>")
@login_required
def task(task_id: int) -> Any:
    return render_task(task_id)


def render_task(task_id: int, *, values: dict[str, Any] | None = None, errors: dict[str, str] | None = None,
                reassign_errors: dict[str, str] | None = None, keep_typed: bool = False, status: int = 200) -> Any:
    """The task page; also re-rendered, unchanged in the database, when a submission was refused.

    ``keep_typed`` fills the form with what this request submitted (after an upload, or a refusal).
    """
    detail = get_task(db(), me(), task_id)
    if keep_typed:
        values = submitted(detail.step.form)
    attachments = list_attachments(db(), me(), detail.case_id, task_id)
    assignees = eligible_assignees(db(), me(), task_id) if detail.may_reassign else []
    try:
        start_form = get_process(db(), detail.process_key).start_form
    except NotFound:
        start_form = None
    html = render_template(
        "tasks/task.html", task=detail, attachments=attachments, assignees=assignees, start_form=start_form,
        values=values if values is not None else (detail.data or {}), errors=errors or {},
        reassign_errors=reassign_errors or {}, max_upload_mb=_max_upload() // (1024 * 1024),
        reassign_values=request.form if reassign_errors else {},
    )
    return html, status


@bp.post("/tasks/<id:task_id>/claim")
@login_required
def claim(task_id: int) -> Response:
    try:
        claim_task(db(), me(), task_id)
    except Conflict as conflict:  # a colleague was quicker: say so where the user is
        flash(conflict.message, "error")
        return back(url_for("tasks.inbox", tab="queue"))
    flash(_("Tugas diambil dan masuk ke Tugas Saya."), "success")
    return back(url_for("tasks.task", task_id=task_id))


@bp.post("/tasks/<id:task_id>/unclaim")
@login_required
def unclaim(task_id: int) -> Response:
    try:
        unclaim_task(db(), me(), task_id)
    except Conflict as conflict:
        flash(conflict.message, "error")
        return back(url_for("tasks.inbox"))
    flash(_("Tugas dilepas ke antrean."), "success")
    return back(url_for("tasks.inbox"))


@bp.post("/tasks/<id:task_id>/reassign")
@login_required
def reassign(task_id: int) -> Any:
    to_user = parse_id(request.form.get("to_user", ""))
    if to_user is None:
        return render_task(task_id, reassign_errors={"to_user": _("Pilih pegawai penerima tugas.")}, status=422)
    try:
        reassign_task(db(), me(), task_id, to_user, request.form.get("reason", ""))
    except ValidationFailed as failed:
        return render_task(task_id, reassign_errors=failed.field_errors or {"to_user": failed.message}, status=422)
    flash(_("Tugas dialihkan."), "success")
    return see_other(url_for("tasks.task", task_id=task_id))


@bp.post("/tasks/<id:task_id>/complete")
@login_required
def complete(task_id: int) -> Any:
    detail = get_task(db(), me(), task_id)
    data = submitted(detail.step.form)
    chosen = request.files.get("file")
    if chosen is not None and chosen.filename:
        # A file travels with "Unggah", never with "Selesaikan": the two are separate transactions.
        message = _("Berkas “%(name)s” belum diunggah. Tekan “Unggah berkas” dulu, lalu selesaikan langkah.",
                    name=chosen.filename)
        return render_task(task_id, values=data, errors={"file": message}, status=422)
    try:
        result = complete_task(db(), me(), task_id, data)
    except ValidationFailed as failed:
        return render_task(task_id, values=data, errors=failed.field_errors or {"": failed.message}, status=422)
    if result.case_status == "completed":
        flash(_("Langkah “%(step)s” selesai. Kasus %(ref)s selesai.", step=detail.step.name,
                ref=detail.case_reference), "success")
        return see_other(url_for("cases.case", case_id=result.case_id))
    for next_id in result.next_task_ids:
        following = get_task(db(), me(), next_id)
        if following.may_complete:  # the same person carries on: take them straight to the next step
            flash(_("Langkah “%(step)s” selesai. Lanjutkan dengan langkah berikutnya: %(next)s.",
                    step=detail.step.name, next=following.step.name), "success")
            return see_other(url_for("tasks.task", task_id=next_id))
    flash(_("Langkah “%(step)s” selesai; kasus %(ref)s diteruskan ke langkah berikutnya.", step=detail.step.name,
            ref=detail.case_reference), "success")
    return see_other(url_for("tasks.inbox"))


@bp.post("/tasks/<id:task_id>/attachments")
@login_required
def upload(task_id: int) -> Any:
    """Store one file on the step. Fields typed so far come back filled in; none of them is saved."""
    chosen = request.files.get("file")
    typed = any(name not in ("csrf_token", "next") for name in request.form)
    try:
        stored = add_attachment(db(), me(), task_id, (chosen.filename or "") if chosen else "",
                                chosen.stream if chosen else b"", upload_dir=upload_dir(), max_bytes=_max_upload())
    except ValidationFailed as failed:
        return render_task(task_id, keep_typed=typed, errors=failed.field_errors, status=422)
    flash(_("Berkas “%(name)s” diunggah.", name=stored.filename), "success")
    if typed:
        return render_task(task_id, keep_typed=True)
    return see_other(url_for("tasks.task", task_id=task_id, _anchor="lampiran"))


def _max_upload() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", MAX_ATTACHMENT_BYTES))
