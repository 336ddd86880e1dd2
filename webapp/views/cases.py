"""Cases: the list a person may see, and one case's page (timeline, data, files, comments, diagram, cancel)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from engine.errors import NotFound, ValidationFailed
from engine.services import cancel_case, get_case, get_process, list_processes
from engine.services.attachments import list_attachments
from engine.services.comments import add_comment, list_comments
from engine.services.people import visible_cases
from webapp.formatting import error_fields
from webapp.views.common import db, int_arg, me, see_other
from webapp.views.receipts import invitations_can_go

bp = Blueprint("cases", __name__)

STATUSES = ("active", "completed", "cancelled", "all")


@bp.get("/cases")
@login_required
def index() -> str:
    status = request.args.get("status", "active")
    status = status if status in STATUSES else "active"
    query = request.args.get("q", "")
    process_key = request.args.get("sop") or None
    overdue = request.args.get("overdue") == "1"
    page = visible_cases(db(), me(), status, process_key=process_key, query=query, overdue=overdue,  # type: ignore[arg-type]
                         page=int_arg("page"))
    return render_template("cases/list.html", page=page, status=status, query=query, process_key=process_key,
                           overdue=overdue, catalogue=list_processes(db()))


@bp.get("/cases/<id:case_id>")
@login_required
def case(case_id: int) -> Any:
    return render_case(case_id)


def render_case(case_id: int, *, comment_errors: dict[str, str] | None = None,
                cancel_errors: dict[str, str] | None = None, status: int = 200) -> Any:
    """The case page; re-rendered with field errors (nothing saved) when a comment or cancellation is refused."""
    detail = get_case(db(), me(), case_id)
    try:
        process = get_process(db(), detail.process_key, detail.process_version)
    except NotFound:
        process = None
    steps = {s.element_id: s for s in process.steps} if process else {}
    files: dict[int | None, list[Any]] = {}
    for item in list_attachments(db(), me(), case_id):
        files.setdefault(item.task_id, []).append(item)
    html = render_template(
        "cases/case.html", case=detail, process=process, steps=steps, files=files,
        comments=list_comments(db(), me(), case_id), diagram=_diagram(case_id),
        comment_errors=comment_errors or {}, cancel_errors=cancel_errors or {},
        form=request.form if request.method == "POST" else {},
        invitations_can_go=invitations_can_go(),
    )
    return html, status


def _diagram(case_id: int) -> Markup | None:
    """The case's diagram, server-rendered and sanitized SVG; the page works without it."""
    try:
        from engine.services.diagrams import case_diagram_svg
    except ImportError:  # the renderer is optional: a page without a picture is still the whole case
        return None
    try:
        return Markup(case_diagram_svg(db(), me(), case_id))  # noqa: S704 - sanitized by engine.diagrams
    except Exception:  # a drawing problem must not hide the case
        current_app.logger.exception("diagram of case %s failed", case_id)
        return None


@bp.post("/cases/<id:case_id>/comments")
@login_required
def comment(case_id: int) -> Any:
    try:
        add_comment(db(), me(), case_id, request.form.get("body", ""))
    except ValidationFailed as failed:
        return render_case(case_id, comment_errors=error_fields(failed, "body"), status=422)
    flash(_("Komentar ditambahkan."), "success")
    return see_other(url_for("cases.case", case_id=case_id, _anchor="komentar"))


@bp.post("/cases/<id:case_id>/cancel")
@login_required
def cancel(case_id: int) -> Response | Any:
    try:
        ref = cancel_case(db(), me(), case_id, request.form.get("reason", ""))
    except ValidationFailed as failed:
        return render_case(case_id, cancel_errors=error_fields(failed, "reason"), status=422)
    flash(_("Kasus %(ref)s dibatalkan.", ref=ref.reference), "success")
    return see_other(url_for("cases.case", case_id=case_id))
