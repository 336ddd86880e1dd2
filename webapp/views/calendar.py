"""Admin: the office calendar. National holidays and cuti bersama, the office's own days off and
working-day corrections, working hours and Ramadan hours, all of which move every due time.

Changes are refused by the engine (``require_admin``) for anyone but an administrator; the page itself
is an administration page, so it is shown to administrators only. Bad input is shown next to its field
and nothing is stored.
"""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import Blueprint, abort, current_app, flash, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from engine.errors import ValidationFailed
from engine.services.office_calendar import (
    SESSIONS_PER_DAY,
    WEEKDAYS,
    calendar_overview,
    remove_office_day,
    set_office_day,
    set_ramadan_period,
    set_working_week,
)
from webapp.formatting import error_fields, now
from webapp.views.common import db, me, see_other

bp = Blueprint("calendar", __name__, url_prefix="/admin/calendar")

MIN_YEAR, MAX_YEAR = 2000, 2100
HOURS_FIELDS = ("week", "ramadan_week")
RAMADAN_FIELDS = ("ramadan_start", "ramadan_end")


@bp.before_request
def _administrators_only() -> None:
    # calendar_overview answers any signed-in user (due times are public knowledge in the office); this
    # page is the administrator's, and every change below is checked again by the engine.
    if current_user.is_authenticated and not current_user.is_admin:
        abort(403)


@bp.get("")
@login_required
def index() -> Any:
    return render_calendar(_year(request.args.get("year")))


def render_calendar(year: int, *, day_errors: dict[str, str] | None = None,
                    hours_errors: dict[str, str] | None = None, ramadan_errors: dict[str, str] | None = None,
                    status: int = 200) -> Any:
    overview = calendar_overview(db(), me(), year)
    form = request.form if request.method == "POST" else {}
    current = {"week": week_text(overview.working_week), "ramadan_week": week_text(overview.ramadan_week)}
    stored = {"week": overview.working_week, "ramadan_week": overview.ramadan_week}
    hours = {name: _typed_rows(form, name) if hours_errors else _stored_rows(stored[name]) for name in HOURS_FIELDS}
    own = next((p for p in overview.ramadan_periods if p[0].year == year), None)
    ramadan = {"ramadan_start": own[0].isoformat() if own else "", "ramadan_end": own[1].isoformat() if own else ""}
    if ramadan_errors:
        ramadan = {name: form.get(name, "") for name in RAMADAN_FIELDS}
    html = render_template(
        "admin/calendar.html", overview=overview, year=year, min_year=MIN_YEAR, max_year=MAX_YEAR,
        day_errors=day_errors or {}, day_values=form if day_errors else {}, current_hours=current, hours=hours,
        hours_errors=hours_errors or {}, ramadan=ramadan, ramadan_errors=ramadan_errors or {},
        weekdays=WEEKDAYS, sessions=range(SESSIONS_PER_DAY),
        source_label=source_label, day_label=day_label, hours_label=hours_label,
    )
    return html, status


def _stored_rows(week: dict[str, list[list[str]]]) -> list[list[tuple[str, str]]]:
    """A stored week as the page's rows: per weekday, ``SESSIONS_PER_DAY`` (start, end) pairs as HH:MM."""
    rows = []
    for day in range(len(WEEKDAYS)):
        periods = [(a.replace(".", ":"), b.replace(".", ":")) for a, b in week.get(str(day), [])]
        rows.append(periods + [("", "")] * (SESSIONS_PER_DAY - len(periods)))
    return rows


def _typed_rows(form: Any, name: str) -> list[list[tuple[str, str]]]:
    """What the administrator typed for one week: inputs named ``<week>-<weekday>-<session>-start|end``."""
    return [[(form.get(f"{name}-{day}-{n}-start", ""), form.get(f"{name}-{day}-{n}-end", ""))
             for n in range(SESSIONS_PER_DAY)] for day in range(len(WEEKDAYS))]


@bp.post("/days")
@login_required
def add_day() -> Any:
    """Add (or change) an office day off, or a working day that corrects the national calendar."""
    form = request.form
    year = _year(form.get("year"))
    errors: dict[str, str] = {}
    day = _date(form.get("day", ""))
    if day is None:
        errors["day"] = _("Isi tanggal yang sah (TTTT-BB-HH).")
    kind = form.get("kind", "")
    if kind not in ("off", "working"):
        errors["kind"] = _("Pilih jenis hari: libur kantor atau hari kerja.")
    if errors:
        return render_calendar(year, day_errors=errors, status=422)
    assert day is not None
    try:
        set_office_day(db(), me(), day, is_working=kind == "working", description=form.get("description", ""))
    except ValidationFailed as failed:
        return render_calendar(year, day_errors=error_fields(failed, ""), status=422)
    message = _("%(day)s dicatat sebagai hari kerja kantor.", day=day_label(day)) if kind == "working" else \
        _("%(day)s dicatat sebagai hari libur kantor.", day=day_label(day))
    flash(message, "success")
    return see_other(url_for("calendar.index", year=day.year, _anchor=f"hari-{day.isoformat()}"))


@bp.post("/days/<day>/remove")
@login_required
def remove_day(day: str) -> Response:
    parsed = _date(day)
    if parsed is None:
        abort(404)
    remove_office_day(db(), me(), parsed)  # NotFound (404) when the office has no entry on that day
    flash(_("Hari kantor %(day)s dihapus; kalender nasional berlaku lagi untuk tanggal itu.",
            day=day_label(parsed)), "success")
    return see_other(url_for("calendar.index", year=parsed.year, _anchor="hari"))


@bp.post("/hours")
@login_required
def hours() -> Any:
    """Normal and Ramadan working hours: per weekday up to two sessions, each a start and an end time."""
    form = request.form
    year = _year(form.get("year"))
    rows = {name: dict(enumerate(_typed_rows(form, name))) for name in HOURS_FIELDS}
    try:
        set_working_week(db(), me(), week=rows["week"], ramadan_week=rows["ramadan_week"])
    except ValidationFailed as failed:
        return render_calendar(year, hours_errors=error_fields(failed, "week"), status=422)
    flash(_("Jam kerja disimpan. Batas waktu langkah baru dihitung dengan jam ini."), "success")
    return see_other(url_for("calendar.index", year=year, _anchor="jam-kerja"))


@bp.post("/ramadan")
@login_required
def ramadan() -> Any:
    """The year's Ramadan dates (when the Ramadan hours apply): a start and an end date; both empty brings the
    estimate back."""
    form = request.form
    year = _year(form.get("year"))
    errors: dict[str, str] = {}
    dates: dict[str, date | None] = {}
    for name in RAMADAN_FIELDS:
        raw = form.get(name, "").strip()
        dates[name] = _date(raw) if raw else None
        if raw and dates[name] is None:
            errors[name] = _("Isi tanggal yang sah (TTTT-BB-HH).")
    if errors:
        return render_calendar(year, ramadan_errors=errors, status=422)
    try:
        set_ramadan_period(db(), me(), year, dates["ramadan_start"], dates["ramadan_end"])
    except ValidationFailed as failed:
        return render_calendar(year, ramadan_errors=error_fields(failed, "ramadan_start"),
                               status=422)
    if dates["ramadan_start"] is None:
        flash(_("Masa Ramadan %(year)s kembali memakai perkiraan.", year=year), "success")
    else:
        flash(_("Masa Ramadan disimpan."), "success")
    return see_other(url_for("calendar.index", year=year, _anchor="ramadan"))


# --- presentation -----------------------------------------------------------------------------------


def week_text(week: dict[str, list[list[str]]]) -> str:
    """A stored week as the text an administrator types: consecutive days with the same hours share a line.

    ``{"0": [["07.30", "12.00"], …], …}`` → ``"Senin-Kamis 07.30-12.00,13.00-16.00; Jumat 07.30-11.30,…"``.
    """
    days = sorted((int(day), ",".join(f"{a}-{b}" for a, b in periods)) for day, periods in week.items() if periods)
    parts = []
    # Runs of consecutive weekdays with identical hours: day minus position is constant along a run.
    for _key, run in groupby(enumerate(days), key=lambda item: (item[1][0] - item[0], item[1][1])):
        members = [day for _index, day in run]
        first, last = members[0][0], members[-1][0]
        names = WEEKDAYS[first] if first == last else f"{WEEKDAYS[first]}-{WEEKDAYS[last]}"
        parts.append(f"{names} {members[0][1]}")
    return "; ".join(parts)


def source_label(day: Any) -> str:
    if day.source == "kantor":
        return _("Libur kantor")
    if day.source == "kantor-kerja":
        return _("Hari kerja kantor (koreksi)")
    if day.description.lower().startswith("cuti bersama"):
        return _("Cuti bersama")
    return _("Libur nasional")


def day_label(day: date) -> str:
    """ "Selasa, 24 November 2026" in the page's language."""
    return format_date(day, "EEEE, d MMMM y", locale=str(get_locale() or "id"))


def hours_label(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if str(get_locale() or "id") == "id" else text


# --- parsing ----------------------------------------------------------------------------------------


def _year(raw: str | None) -> int:
    """The year asked for, else this year in the office's zone."""
    year = (raw or "").strip()
    if year.isascii() and year.isdecimal() and len(year) <= 4 and MIN_YEAR <= int(year) <= MAX_YEAR:
        return int(year)
    return now().astimezone(ZoneInfo(current_app.config["TIMEZONE"])).year


def _date(raw: str) -> date | None:
    try:
        parsed = date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return parsed if MIN_YEAR <= parsed.year <= MAX_YEAR else None

