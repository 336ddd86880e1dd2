"""Reports for the Kadis' review: the case archive and histories, SOP compliance, registers, monitoring.

Each view parses the request, calls one engine use case, and renders the page or returns the file
(PDF, XLSX or CSV, the same document rendered three ways by ``engine.reports.exports``).
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from flask import Blueprint, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale, get_translations, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from engine.errors import ValidationFailed
from engine.reports import text
from engine.reports.compliance import heat_map_svg, share_chart_svg, time_chart_svg
from engine.reports.documents import document
from engine.reports.exports import FORMATS, export
from engine.reports.model import Choice
from engine.services.office_logo import office_logo
from engine.services.reports import (
    ArchiveFilter,
    CaseHistory,
    ComplianceReport,
    MonitoringForm,
    Register,
    case_archive,
    case_history,
    compliance_report,
    monitoring_form,
    register,
    register_list,
    report_choices,
)
from webapp.views.common import db, int_arg, me

bp = Blueprint("reports", __name__, url_prefix="/reports")

FORMAT = "<any(pdf, xlsx, csv):fmt>"
REGISTER = "<name>"  # the registers are declared by the SOPs; an unknown one is the engine's 404
STATUSES = ("active", "completed", "cancelled")
TIMELINESS = ("late", "on_time")


def _today() -> date:
    database = db()
    return database.clock.now().astimezone(ZoneInfo(database.timezone)).date()


def _date_arg(name: str, default: date | None = None) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(_("Tanggal tidak valid."),
                               {name: _("Tulis tanggal sebagai TTTT-BB-HH, misalnya 2026-11-23.")}) from None


def _choice_arg(name: str, allowed: tuple[str, ...]) -> str | None:
    value = request.args.get(name, "")
    return value if value in allowed else None


def _download(report: CaseHistory | ComplianceReport | Register | MonitoringForm, fmt: str) -> Response:
    """The report's document as a file download; never cached (case data and names)."""
    result = export(replace(document(report), logo=office_logo(db())), fmt)  # the office's letterhead logo
    response = send_file(io.BytesIO(result.content), mimetype=result.mimetype, as_attachment=True,
                         download_name=result.filename, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


def _downloads(endpoint: str, **values: Any) -> list[tuple[str, str]]:
    """(format label, URL) for each export of the page, keeping its query."""
    args = {k: v for k, v in request.args.items() if k != "page"}
    return [(fmt.upper(), url_for(endpoint, fmt=fmt, **values, **args)) for fmt in FORMATS]


def _svg(text: str) -> Markup:
    """SVG from the engine's renderers, which escape every label and write presentation attributes only."""
    return Markup(text)  # noqa: S704 - produced by engine.diagrams / engine.reports.charts, sanitized there


@bp.app_template_filter("report_minutes")
def report_minutes(minutes: float | None) -> str:
    """Working minutes in words in the page's language ("2 jam 5 menit", "3,2 hari kerja"), as the exports say them."""
    if minutes is None:
        return "—"
    total = round(minutes)
    if total < 60:
        return ngettext("%(num)s menit", "%(num)s menit", total)
    if total < text.WORKING_DAY_MINUTES:
        hours, rest = divmod(total, 60)
        words = ngettext("%(num)s jam", "%(num)s jam", hours)
        return f"{words} {ngettext('%(num)s menit', '%(num)s menit', rest)}" if rest else words
    days = minutes / text.WORKING_DAY_MINUTES
    template = get_translations().ngettext("%(num)s hari kerja", "%(num)s hari kerja", 1 if round(days, 1) == 1 else 2)
    return template % {"num": format_decimal(days, "#,##0.0", locale=get_locale())}


@bp.app_template_filter("report_percent")
def report_percent(share: float | None) -> str:
    return text.percent(share)


@bp.app_template_filter("report_ratio")
def report_ratio(ratio: float | None) -> str:
    """Actual against standard time as "0,7×"."""
    return "—" if ratio is None else f"{text.decimal(ratio, 1)}×"


@bp.get("")
@login_required
def index() -> Any:
    if not current_user.is_supervisor:
        return redirect(url_for("reports.archive"))
    return render_template("reports/index.html", registers=_register_menu(register_list(db(), me())))


def _register_menu(registers: tuple[Choice, ...]) -> dict[str, str]:
    return {choice.value: choice.label for choice in registers}


# --- archive and history -----------------------------------------------------------------------------------


@bp.get("/cases")
@login_required
def archive() -> str:
    filters = ArchiveFilter(
        process_key=request.args.get("sop") or None, status=_choice_arg("status", STATUSES),
        date_from=_date_arg("from"), date_to=_date_arg("to"), unit_code=request.args.get("unit") or None,
        text=request.args.get("q", ""), timeliness=_choice_arg("timeliness", TIMELINESS),  # type: ignore[arg-type]
        page=int_arg("page"),
    )
    page = case_archive(db(), me(), filters)
    keep = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("reports/archive.html", page=page, keep=keep, filtered=bool(keep))


@bp.get("/cases/<id:case_id>")
@login_required
def history(case_id: int) -> str:
    return render_template("reports/history.html", history=case_history(db(), me(), case_id),
                           downloads=_downloads("reports.history_file", case_id=case_id))


@bp.get(f"/cases/<id:case_id>.{FORMAT}")
@login_required
def history_file(case_id: int, fmt: str) -> Response:
    return _download(case_history(db(), me(), case_id), fmt)


# --- compliance ----------------------------------------------------------------------------------------------


def _compliance_args() -> tuple[str, date, date, str | None]:
    today = _today()
    date_from = _date_arg("from", date(today.year, 1, 1))
    date_to = _date_arg("to", today)
    assert date_from is not None and date_to is not None
    return request.args.get("sop", ""), date_from, date_to, request.args.get("unit") or None


@bp.get("/compliance")
@login_required
def compliance() -> str:
    process_key, date_from, date_to, unit_code = _compliance_args()
    if not process_key:
        choices = report_choices(db(), me(), supervisors_only=True)
        return render_template("reports/compliance.html", report=None, choices=choices, date_from=date_from,
                               date_to=date_to, unit_code=unit_code, process_key="")
    report = compliance_report(db(), me(), process_key, date_from, date_to, unit_code)
    return render_template(
        "reports/compliance.html", report=report, choices=report.choices, date_from=date_from, date_to=date_to,
        unit_code=unit_code, process_key=process_key, heat_map=_svg(heat_map_svg(report)),
        # Each chart with its name, for the focusable box that scrolls it on a narrow screen.
        charts=[(_("Grafik waktu kerja per langkah"), _svg(time_chart_svg(report))),
                (_("Grafik persentase langkah tepat waktu"), _svg(share_chart_svg(report)))],
        downloads=_downloads("reports.compliance_file"),
    )


@bp.get(f"/compliance.{FORMAT}")
@login_required
def compliance_file(fmt: str) -> Response:
    process_key, date_from, date_to, unit_code = _compliance_args()
    return _download(compliance_report(db(), me(), process_key, date_from, date_to, unit_code), fmt)


# --- registers -----------------------------------------------------------------------------------------------


def _register_args() -> tuple[date | None, date | None, str | None]:
    today = _today()
    return _date_arg("from", date(today.year, 1, 1)), _date_arg("to", today), request.args.get("unit") or None


@bp.get(f"/registers/{REGISTER}")
@login_required
def register_page(name: str) -> str:
    date_from, date_to, unit_code = _register_args()
    result = register(db(), me(), name, date_from, date_to, unit_code)
    return render_template("reports/register.html", register=result, registers=_register_menu(result.registers),
                           unit_code=unit_code,
                           downloads=_downloads("reports.register_file", name=name))


@bp.get(f"/registers/{REGISTER}.{FORMAT}")
@login_required
def register_file(name: str, fmt: str) -> Response:
    date_from, date_to, unit_code = _register_args()
    return _download(register(db(), me(), name, date_from, date_to, unit_code), fmt)


# --- monitoring ----------------------------------------------------------------------------------------------


def _monitoring_args() -> tuple[int, int, str | None]:
    today = _today()
    year = request.args.get("year", "")
    semester = request.args.get("semester", "")
    return (int(year) if year.isdecimal() and len(year) == 4 else today.year,
            int(semester) if semester in ("1", "2") else (1 if today.month <= 6 else 2),
            request.args.get("unit") or None)


@bp.get("/monitoring")
@login_required
def monitoring() -> str:
    year, semester, unit_code = _monitoring_args()
    form = monitoring_form(db(), me(), year, semester, unit_code)
    return render_template("reports/monitoring.html", form=form, unit_code=unit_code,
                           downloads=_downloads("reports.monitoring_file"))


@bp.get(f"/monitoring.{FORMAT}")
@login_required
def monitoring_file(fmt: str) -> Response:
    year, semester, unit_code = _monitoring_args()
    return _download(monitoring_form(db(), me(), year, semester, unit_code), fmt)
