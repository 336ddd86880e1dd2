"""Repairing running cases (administrators): cases needing attention, one case's repair page (move, suspend,
resume) and migrating an SOP's running cases to a newer version.

Every page and action is refused by the engine (``require_admin`` in ``engine.services.case_repair``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.errors import ValidationFailed
from engine.services.case_repair import (
    MigrationRefused,
    case_repair_view,
    cases_needing_attention,
    migrate_cases,
    move_case,
    plan_migration,
    resume_case,
    suspend_case,
)
from engine.services.people import process_versions
from webapp.formatting import error_fields
from webapp.views import parse_id
from webapp.views.common import db, me, see_other

bp = Blueprint("case_repair", __name__, url_prefix="/admin/cases")


@bp.get("/attention")
@login_required
def attention() -> str:
    return render_template("admin/attention.html", rows=cases_needing_attention(db(), me()))


@bp.get("/<id:case_id>")
@login_required
def case(case_id: int) -> Any:
    return render_case(case_id)


def render_case(case_id: int, *, errors: dict[str, str] | None = None, status: int = 200) -> Any:
    """The repair page; re-rendered with the refused form's errors (nothing saved)."""
    view = case_repair_view(db(), me(), case_id)
    return render_template("admin/case_repair.html", case=view, errors=errors or {},
                           form=request.form if request.method == "POST" else {}), status


@bp.post("/<id:case_id>/move")
@login_required
def move(case_id: int) -> Any:
    return _repair(case_id, lambda: move_case(db(), me(), case_id, request.form.getlist("to_step"),
                                              request.form.get("reason", "")),
                   field="to_step", done=_("Kasus dipindahkan ke langkah yang dipilih."))


@bp.post("/<id:case_id>/suspend")
@login_required
def suspend(case_id: int) -> Any:
    return _repair(case_id, lambda: suspend_case(db(), me(), case_id, request.form.get("reason", "")),
                   field="reason", done=_("Kasus ditangguhkan."))


@bp.post("/<id:case_id>/resume")
@login_required
def resume(case_id: int) -> Any:
    return _repair(case_id, lambda: resume_case(db(), me(), case_id, request.form.get("reason", "")),
                   field="reason",
                   done=_("Kasus dilanjutkan; batas waktu langkahnya bergeser sepanjang masa penangguhan."))


def _repair(case_id: int, action: Callable[[], object], *, field: str, done: str) -> Any:
    """Run one repair; a refusal re-renders the page with its errors (nothing saved), success goes back to it."""
    try:
        action()
    except ValidationFailed as failed:
        return render_case(case_id, errors=_field_errors(failed, field), status=422)
    flash(done, "success")
    return see_other(url_for("case_repair.case", case_id=case_id))


@bp.get("/migrate")
@login_required
def migration() -> Any:
    """The migration form; with a process and version given, the plan of what migrating would do."""
    versions = process_versions(db(), me())
    values = request.args
    plan, errors = None, {}
    if values.get("process") and values.get("version"):
        try:
            key, version, case_ids, mapping = _migration_request(values)
            plan = plan_migration(db(), me(), key, version, case_ids=case_ids, mapping=mapping)
        except ValidationFailed as failed:
            errors = _field_errors(failed, "map")
        except MigrationRefused as refused:
            errors = {"": " ".join(refused.problems)}
    return render_template("admin/migration.html", versions=versions, form=values, plan=plan, errors=errors,
                           problems=()), 422 if errors else 200


@bp.post("/migrate")
@login_required
def migrate() -> Response | Any:
    form = request.form
    try:
        key, version, case_ids, mapping = _migration_request(form)
        plan = migrate_cases(db(), me(), key, version, form.get("reason", ""), case_ids=case_ids, mapping=mapping)
    except ValidationFailed as failed:
        return render_template("admin/migration.html", versions=process_versions(db(), me()), form=form, plan=None,
                               errors=_field_errors(failed, "map"), problems=()), 422
    except MigrationRefused as refused:
        return render_template("admin/migration.html", versions=process_versions(db(), me()), form=form, plan=None,
                               errors={}, problems=refused.problems), 409
    flash(ngettext("%(num)s kasus dipindahkan ke %(key)s versi %(version)s.",
                   "%(num)s kasus dipindahkan ke %(key)s versi %(version)s.", len(plan.cases), key=plan.process_key,
                   version=plan.to_version), "success")
    return see_other(url_for("case_repair.migration"))


def _migration_request(values: Any) -> tuple[str, int, list[int] | None, dict[str, str] | None]:
    """The process, target version, chosen case ids and step mapping as the form gives them."""
    errors = {}
    version = parse_id(values.get("version", "").strip())
    if version is None:
        errors["version"] = _("Versi harus berupa bilangan bulat positif.")
    words = values.get("cases", "").replace(",", " ").split()
    case_ids = [parse_id(word) for word in words]
    if None in case_ids:
        errors["cases"] = _("Tulis nomor id kasus dipisah spasi atau koma.")
    mapping = None
    if values.get("map", "").strip():
        try:
            mapping = json.loads(values["map"])
        except ValueError:
            errors["map"] = _('Pemetaan harus JSON, mis. {"periksa": "periksa_berkas"}.')
        else:
            if not isinstance(mapping, dict):
                errors["map"] = _('Pemetaan harus JSON, mis. {"periksa": "periksa_berkas"}.')
    if errors:
        raise ValidationFailed(_("Periksa isian migrasi."), errors)
    return values.get("process", ""), version, [i for i in case_ids if i is not None] or None, mapping  # type: ignore[return-value]


def _field_errors(failed: ValidationFailed, default_field: str) -> dict[str, str]:
    return error_fields(failed, default_field)
