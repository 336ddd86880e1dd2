"""The SOP catalogue, one SOP's page, and starting a case from its start form."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup

from engine.errors import ValidationFailed
from engine.services import get_process, list_processes, start_case
from webapp.views.common import db, me, see_other, submitted

bp = Blueprint("processes", __name__)


@bp.get("/processes")
@login_required
def catalogue() -> str:
    return render_template("processes/catalogue.html", processes=list_processes(db()))


@bp.get("/processes/<key>")
@login_required
def process(key: str) -> str:
    info = get_process(db(), key)
    return render_template("processes/process.html", process=info, diagram=_diagram(key))


@bp.route("/processes/<key>/start", methods=["GET", "POST"])
@login_required
def start(key: str) -> Any:
    info = get_process(db(), key)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = submitted(info.start_form)
        try:
            ref = start_case(db(), me(), key, values)
        except ValidationFailed as failed:
            errors = failed.field_errors or {"": failed.message}
        else:
            flash(_("Kasus %(ref)s dimulai. Langkah pertama sudah masuk ke antrean.", ref=ref.reference), "success")
            return see_other(url_for("cases.case", case_id=ref.id))
    html = render_template("processes/start.html", process=info, values=values, errors=errors)
    return html, 422 if errors else 200


def _diagram(key: str) -> Markup | None:
    try:
        from engine.services.diagrams import process_diagram_svg
    except ImportError:  # optional: the catalogue works without pictures
        return None
    try:
        return Markup(process_diagram_svg(db(), key))  # noqa: S704 - sanitized by engine.diagrams
    except Exception:
        current_app.logger.exception("diagram of process %s failed", key)
        return None
