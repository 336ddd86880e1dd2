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
    get_case,
    get_process,
    get_task,
    list_processes,
    reassign_task,
    unclaim_task,
)
from engine.services import inbox as inbox_service
from engine.services.attachments import MAX_ATTACHMENT_BYTES, add_attachment, list_attachments
from engine.services.overview import home_of, office_overview
from engine.services.people import eligible_assignees
from webapp.formatting import error_fields, error_message
from webapp.views import parse_id
from webapp.views.common import back, db, int_arg, me, see_other, submitted, upload_dir
from webapp.views.supervision import render_board

bp = Blueprint("tasks", __name__)

TABS = ("mine", "queue")
#: Steps of the queue shown under "Tugas Saya" (the rest are one click away on the queue's tab).
QUEUE_ON_HOME = 10
SORTS = ("due", "-due", "started", "-started")


@bp.get("/")
@login_required
def home() -> Any:
    """Each person lands on their work: the Kadis on the office overview, a supervisor on the board, staff on
    their steps (``home_of`` asks the engine's access rules; no role is named here)."""
    where = home_of(db(), me())
    if where == "office":
        return render_template("home/office.html", overview=office_overview(db(), me()))
    if where == "supervisor":
        return render_board()
    return inbox()


@bp.get("/tasks")
@login_required
def inbox() -> str:
    """Steps I hold, and below them the first of the queue (late and due today first: the default order)."""
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
    filtered = bool(process_key or step or filters.overdue or filters.due_today)
    queue = None
    if tab == "mine" and not filtered and filters.page == 1 and page.counts["queue"]:
        queue = inbox_service(db(), me(), "queue", InboxFilter(per_page=QUEUE_ON_HOME))
    return render_template("tasks/inbox.html", page=page, tab=tab, filters=filters, catalogue=list_processes(db()),
                           filtered=filtered, queue=queue)


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
    files: dict[int | None, list[Any]] = {}
    for item in list_attachments(db(), me(), detail.case_id):
        files.setdefault(item.task_id, []).append(item)
    assignees = eligible_assignees(db(), me(), task_id) if detail.may_reassign else []
    case = get_case(db(), me(), detail.case_id)
    try:
        process = get_process(db(), detail.process_key, case.process_version)
    except NotFound:
        process = None
    step_forms = {s.element_id: s.form for s in process.steps} if process else {}
    # What earlier steps recorded (values and files), oldest first: the work in front of the person.
    earlier = [(step, step_forms.get(step.element_id), files.get(step.task_id, []))
               for step in case.steps
               if step.task_id < task_id and step.status == "completed" and (step.data or files.get(step.task_id))]
    html = render_template(
        "tasks/task.html", task=detail, attachments=files.get(task_id, []), assignees=assignees,
        start_form=process.start_form if process else None, earlier=earlier, case_files=files.get(None, []),
        values=values if values is not None else (detail.data or {}), errors=errors or {},
        reassign_errors=reassign_errors or {}, max_upload_mb=_max_upload() // (1024 * 1024),
        reassign_values=request.form if reassign_errors else {},
    )
    return html, status


@bp.post("/tasks/<id:task_id>/claim")
@login_required
def claim(task_id: int) -> Response:
    """"Ambil & kerjakan": the step becomes mine and its form opens, in one action."""
    try:
        claim_task(db(), me(), task_id)
    except Conflict as conflict:  # a colleague was quicker: say so where the user is
        flash(error_message(conflict), "error")
        return back(url_for("tasks.inbox", tab="queue"))
    flash(_("Tugas diambil dan masuk ke Tugas Saya."), "success")
    return back(url_for("tasks.task", task_id=task_id))


@bp.post("/tasks/<id:task_id>/unclaim")
@login_required
def unclaim(task_id: int) -> Response:
    try:
        unclaim_task(db(), me(), task_id)
    except Conflict as conflict:
        flash(error_message(conflict), "error")
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
        return render_task(task_id, reassign_errors=error_fields(failed, "to_user"), status=422)
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
        result = complete_task(db(), me(), task_id, data, carry_on=True)
    except ValidationFailed as failed:
        return render_task(task_id, values=data, errors=error_fields(failed, ""), status=422)
    if result.case_status == "completed":
        flash(_("Langkah “%(step)s” selesai. Kasus %(ref)s selesai.", step=detail.step.name,
                ref=detail.case_reference), "success")
        return see_other(url_for("cases.case", case_id=result.case_id))
    if result.carried_on_task_id is not None:  # the next step is mine too: the engine gave it to me
        following = get_task(db(), me(), result.carried_on_task_id)
        flash(_("Langkah “%(step)s” selesai. Lanjutkan dengan langkah berikutnya: %(next)s.",
                step=detail.step.name, next=following.step.name), "success")
        return see_other(url_for("tasks.task", task_id=following.id))
    flash(_("Langkah “%(step)s” selesai; kasus %(ref)s diteruskan ke langkah berikutnya.", step=detail.step.name,
            ref=detail.case_reference), "success")
    return see_other(url_for("tasks.home"))


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
        return render_task(task_id, keep_typed=typed, errors=error_fields(failed), status=422)
    flash(_("Berkas “%(name)s” diunggah.", name=stored.filename), "success")
    if typed:
        return render_task(task_id, keep_typed=True)
    return see_other(url_for("tasks.task", task_id=task_id, _anchor="lampiran"))


def _max_upload() -> int:
    return int(current_app.config.get("ATTACHMENT_MAX_BYTES", MAX_ATTACHMENT_BYTES))
