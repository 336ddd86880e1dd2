"""The Survei Kepuasan Masyarakat for staff: typing a paper questionnaire, and the IKM report with its exports
(XLSX, PDF) in the layout offices publish."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from flask import Blueprint, flash, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.errors import ValidationFailed
from engine.public_service.ikm import ELEMENTS
from engine.public_service.survey_report import survey_document
from engine.reports.exports import export
from engine.services.service_standard import public_services
from engine.services.survey import enter_paper_survey
from engine.services.survey_report import survey_report
from webapp.views.common import db, me, see_other
from webapp.views.public import PROFILE
from webapp.views.reports import _date_arg, _today

bp = Blueprint("survey", __name__)

FORMAT = "<any(pdf, xlsx):fmt>"


@bp.route("/survey/paper", methods=["GET", "POST"])
@login_required
def paper() -> Any:
    """A paper questionnaire typed in by staff who serve the service (the engine checks who may)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    services = public_services(db())
    if request.method == "POST":
        values = request.form.to_dict()
        try:
            enter_paper_survey(db(), me(), values.get("process", ""), values, values.get("reference", ""))
        except ValidationFailed as failed:
            errors = failed.field_errors or {"": failed.message}
        else:
            flash(_("Kuesioner kertas disimpan."), "success")
            return see_other(url_for("survey.paper", sop=values.get("process", "")))
    selected = values.get("process") or request.args.get("sop", "")
    html = render_template("survey/paper.html", services=services, selected=selected, elements=ELEMENTS,
                           profile=PROFILE, values=values, errors=errors)
    return html, 422 if errors else 200


def _report_args() -> tuple[str | None, date | None, date | None, str | None]:
    today = _today()
    return (request.args.get("sop") or None, _date_arg("from", date(today.year, 1, 1)), _date_arg("to", today),
            request.args.get("unit") or None)


@bp.get("/reports/ikm")
@login_required
def report() -> str:
    process_key, date_from, date_to, unit_code = _report_args()
    result = survey_report(db(), me(), process_key, date_from, date_to, unit_code)
    args = {k: v for k, v in request.args.items()}
    downloads = [(fmt.upper(), url_for("survey.report_file", fmt=fmt, **args)) for fmt in ("pdf", "xlsx")]
    return render_template("survey/report.html", report=result, services=public_services(db()),
                           process_key=process_key or "", date_from=date_from, date_to=date_to, downloads=downloads)


@bp.get(f"/reports/ikm.{FORMAT}")
@login_required
def report_file(fmt: str) -> Response:
    process_key, date_from, date_to, unit_code = _report_args()
    result = survey_report(db(), me(), process_key, date_from, date_to, unit_code)
    file = export(survey_document(result, db().clock.now()), fmt)
    response = send_file(io.BytesIO(file.content), mimetype=file.mimetype, as_attachment=True,
                         download_name=file.filename, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
