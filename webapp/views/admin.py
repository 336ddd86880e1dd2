"""Administration: people (create, change roles and unit, deactivate, reset password, end their sessions) and
SOP versions.

Every action is refused by the engine (``require_admin``) for anyone but an administrator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from engine.definitions.loader import ProcessLoadFailed
from engine.errors import ValidationFailed
from engine.services import create_user, set_password, set_user_active, update_user
from engine.services.office_logo import MAX_LOGO_BYTES, office_logo, set_office_logo
from engine.services.people import admin_choices, process_versions, reload_processes
from engine.services.users import end_all_sessions, search_users
from webapp.formatting import error_fields, error_message
from webapp.views.common import db, me, see_other

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@login_required
def users() -> Any:
    return render_users()


def render_users(*, create_errors: dict[str, str] | None = None, password_errors: dict[int, str] | None = None,
                 edit_errors: dict[int, dict[str, str]] | None = None, status: int = 200) -> Any:
    """The page of people found by the search (``q``, ``page`` from the address, or kept in a form that failed)."""
    people = search_users(db(), me(), request.values.get("q", ""), page=_page(request.values.get("page")))
    html = render_template("admin/users.html", users=people.rows, people=people, choices=admin_choices(db(), me()),
                           create_errors=create_errors or {}, password_errors=password_errors or {},
                           edit_errors=edit_errors or {}, form=request.form if create_errors else {},
                           edit_form=request.form if edit_errors else {})
    return html, status


def _page(raw: str | None) -> int:
    return int(raw) if raw and raw.isascii() and raw.isdecimal() and len(raw) <= 6 else 1


def _back_to_list(user_id: int) -> Response:
    """Back to the same search and page the administrator acted from, at the person's row."""
    form = request.form
    return see_other(url_for("admin.users", q=form.get("q") or None, page=form.get("page") or None,
                             _anchor=f"user-{user_id}"))


@bp.post("/users")
@login_required
def create() -> Any:
    form = request.form
    try:
        created = create_user(db(), actor_id=me(), username=form.get("username", ""),
                              full_name=form.get("full_name", ""), password=form.get("password", ""),
                              roles=form.getlist("roles"), unit_code=form.get("unit", ""),
                              email=form.get("email") or None, nip=form.get("nip") or None)
    except ValidationFailed as failed:
        return render_users(create_errors=error_fields(failed, ""), status=422)
    flash(_("Pengguna %(name)s dibuat.", name=created.username), "success")
    return see_other(url_for("admin.users"))


@bp.post("/users/<id:user_id>/active")
@login_required
def activate(user_id: int) -> Response:
    info = set_user_active(db(), me(), user_id, request.form.get("active") == "1")
    message = _("%(name)s diaktifkan.", name=info.username) if info.active else \
        _("%(name)s dinonaktifkan.", name=info.username)
    flash(message, "success")
    return _back_to_list(user_id)


@bp.post("/users/<id:user_id>/access")
@login_required
def access(user_id: int) -> Any:
    try:
        info = update_user(db(), me(), user_id, roles=request.form.getlist("roles"),
                           unit_code=request.form.get("unit", ""), nip=request.form.get("nip"))
    except ValidationFailed as failed:
        return render_users(edit_errors={user_id: error_fields(failed, "")}, status=422)
    flash(_("Peran, unit dan NIP %(name)s disimpan.", name=info.username), "success")
    return _back_to_list(user_id)


@bp.post("/users/<id:user_id>/password")
@login_required
def password(user_id: int) -> Any:
    try:
        set_password(db(), me(), user_id, request.form.get("password", ""))
    except ValidationFailed as failed:
        message = error_fields(failed, "password").get("password", error_message(failed))
        return render_users(password_errors={user_id: message}, status=422)
    flash(_("Kata sandi diganti dan semua sesi pengguna itu diakhiri. Sampaikan kata sandi baru kepada pengguna "
            "secara langsung."), "success")
    return _back_to_list(user_id)


@bp.post("/users/<id:user_id>/sessions/end")
@login_required
def end_sessions(user_id: int) -> Response:
    info = end_all_sessions(db(), me(), user_id)
    flash(_("Semua sesi dan token API %(name)s diakhiri; ia perlu masuk lagi.", name=info.username), "success")
    return _back_to_list(user_id)


@bp.get("/processes")
@login_required
def processes() -> str:
    return render_template("admin/processes.html", versions=process_versions(db(), me()), results=None,
                           problems=None)


@bp.post("/processes/reload")
@login_required
def reload() -> Any:
    """Shows the outcome on the page itself (not a redirect): per-file problems are too many for a flash."""
    folder = Path(current_app.config["PROCESSES_DIR"])
    try:
        results = reload_processes(db(), me(), folder)
    except ProcessLoadFailed as failed:
        return render_template("admin/processes.html", versions=process_versions(db(), me()), results=None,
                               problems=failed.problems), 422
    return render_template("admin/processes.html", versions=process_versions(db(), me()), results=results,
                           problems=None)


# --- the letterhead's logo (printed on every report) -------------------------------------------------------


@bp.get("/letterhead")
@login_required
def letterhead() -> Any:
    return _render_letterhead()


def _render_letterhead(errors: dict[str, str] | None = None, status: int = 200) -> Any:
    if not current_user.is_admin:  # the logo is printed for anyone; this page is the administrator's
        abort(403)
    return render_template("admin/letterhead.html", logo=office_logo(db()), errors=errors or {}), status


@bp.post("/letterhead/logo")
@login_required
def letterhead_logo() -> Any:
    upload = request.files.get("logo")
    try:
        set_office_logo(db(), me(), upload.read(MAX_LOGO_BYTES + 1) if upload else b"")
    except ValidationFailed as failed:
        return _render_letterhead(error_fields(failed, "logo"), 422)
    flash(_("Logo disimpan; laporan berikutnya mencetaknya di kop."), "success")
    return see_other(url_for("admin.letterhead"))


@bp.post("/letterhead/logo/remove")
@login_required
def letterhead_logo_remove() -> Response:
    set_office_logo(db(), me(), None)
    flash(_("Logo dihapus; kop laporan menyisakan tempat kosong."), "success")
    return see_other(url_for("admin.letterhead"))
