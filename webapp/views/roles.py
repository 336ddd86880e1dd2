"""Admin: the office's roles ("Peran"). Staff roles, supervisors with their escalation rank, and external parties
(Pemohon, Sistem OSS) with the role that records their steps.

Every read and change is refused by the engine (``engine.services.roles``) for anyone but an administrator.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from engine.errors import ValidationFailed
from engine.services.roles import create_role, list_roles, update_role
from webapp.formatting import error_fields
from webapp.views.common import db, me, see_other

bp = Blueprint("roles", __name__, url_prefix="/admin/roles")


@bp.get("")
@login_required
def index() -> Any:
    return render_roles()


def render_roles(*, create_errors: dict[str, str] | None = None, edit_code: str | None = None,
                 edit_errors: dict[str, str] | None = None, status: int = 200) -> Any:
    roles = list_roles(db(), me())
    html = render_template("admin/roles.html", roles=roles, recorders=[r for r in roles if not r.is_external],
                           create_errors=create_errors or {}, edit_code=edit_code, edit_errors=edit_errors or {},
                           form=request.form if request.method == "POST" else {})
    return html, status


@bp.post("")
@login_required
def create() -> Any:
    form = request.form
    rank, errors = _rank(form.get("escalation_rank", ""))
    if errors:
        return render_roles(create_errors=errors, status=422)
    try:
        info = create_role(db(), me(), code=form.get("code", ""), name=form.get("name", ""),
                           supervises=form.get("supervises") == "1", external=form.get("external") == "1",
                           recorded_by=form.get("recorded_by") or None, escalation_rank=rank)
    except ValidationFailed as failed:
        return render_roles(create_errors=error_fields(failed, ""), status=422)
    flash(_("Peran %(name)s dibuat.", name=info.name), "success")
    return see_other(url_for("roles.index", _anchor=f"peran-{info.code}"))


@bp.post("/<string(maxlength=40):code>")
@login_required
def update(code: str) -> Any:
    form = request.form
    rank, errors = _rank(form.get("escalation_rank", ""))
    if errors:
        return render_roles(edit_code=code, edit_errors=errors, status=422)
    try:
        info = update_role(db(), me(), code, name=form.get("name", ""), supervises=form.get("supervises") == "1",
                           external=form.get("external") == "1", recorded_by=form.get("recorded_by", ""),
                           escalation_rank=rank or 0)
    except ValidationFailed as failed:
        return render_roles(edit_code=code, edit_errors=error_fields(failed, ""), status=422)
    flash(_("Peran %(name)s disimpan.", name=info.name), "success")
    return see_other(url_for("roles.index", _anchor=f"peran-{info.code}"))


def _rank(text: str) -> tuple[int | None, dict[str, str]]:
    """The escalation rank typed in the form: blank is none; anything but a small number is said so."""
    text = text.strip()
    if not text:
        return None, {}
    if text.isascii() and text.isdecimal() and len(text) <= 2:
        return int(text), {}
    return None, {"escalation_rank": _("Urutan eskalasi berupa angka 1–99 (1 dieskalasi lebih dulu).")}
