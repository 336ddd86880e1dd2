"""Jinja filters and form helpers: how dates, durations, statuses and JSON Schema forms look on a page.

Only presentation lives here. Dates are stored in UTC and shown in the office's zone with the
language's month names ("23 November 2026 09.00 WITA"); forms are turned from JSON Schema into
field descriptions the ``_forms.html`` macros render, so templates hold no schema logic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal
from flask import Flask, current_app, g, request
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from markupsafe import Markup

from engine import forms, labels
from engine.errors import AlurError, ValidationFailed
from engine.labels import ZONE_NAMES, Phrase, When
from engine.services.office_calendar import current_office_calendar
from engine.timekeeping import deadlines
from engine.timekeeping.duration_words import (
    duration_phrase,
    iso_duration_phrase,
    iso_recurrence_phrase,
    total_time_phrases,
)
from engine.timekeeping.durations import parse_iso8601
from engine.timekeeping.working_time import OfficeCalendar


def _locale() -> str:
    locale = get_locale()
    return str(locale) if locale is not None else "id"


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def now() -> datetime:
    """The app's clock (a test's fixed clock, or the system's), so pages agree with the engine."""
    return current_app.extensions["alur_db"].clock.now()


def localdt(moment: datetime | None, with_zone: bool = True) -> str:
    """ "23 November 2026 09.00 WITA" (Indonesian) or "23 November 2026, 09:00 WITA" (English)."""
    if moment is None:
        return ""
    zone = _zone()
    pattern = "d MMMM y HH.mm" if _locale() == "id" else "d MMMM y, HH:mm"
    text = format_datetime(moment, pattern, tzinfo=zone, locale=_locale())
    if not with_zone:
        return text
    name = ZONE_NAMES.get(zone.key) or format_datetime(moment, "ZZZZZ", tzinfo=zone, locale="en")
    return f"{text} {name}"


def localdate(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return format_datetime(moment, "EEEE, d MMMM y", tzinfo=_zone(), locale=_locale())


def isodt(moment: datetime | None) -> str:
    """The machine-readable value of a ``<time datetime>`` element."""
    return moment.isoformat() if moment is not None else ""


def relative(moment: datetime | None) -> str:
    """ "3 jam lagi" / "2 hari yang lalu", measured on the app's clock."""
    if moment is None:
        return ""
    return format_timedelta(moment - now(), add_direction=True, locale=_locale(), threshold=1.5)


def elapsed(start: datetime | None, end: datetime | None) -> str:
    """How long something took, e.g. "1 jam 20 menit" (wall-clock time, not working time)."""
    if start is None or end is None:
        return ""
    return duration_words(end - start)


def duration_words(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    for amount, unit in ((days, "day"), (hours, "hour"), (minutes, "minute")):
        if amount:
            parts.append(format_timedelta(timedelta(**{f"{unit}s": amount}), granularity=unit, threshold=10**9,
                                          locale=_locale()))
    return " ".join(parts[:2]) or format_timedelta(timedelta(0), granularity="minute", locale=_locale())


def standard_time(iso: str | None, text: str | None = None, basis: str | None = None) -> str:
    """A step's standard time in words in the page's language: "30 menit" / "30 minutes" (never ``PT30M``).

    ``text`` (the SOP's own wording) is shown only when there is no ISO value to read; ``basis`` ("working",
    "calendar") adds how it is counted.
    """
    if not iso:
        return text or ""
    return say(iso_duration_phrase(iso, basis))  # type: ignore[arg-type]


def recurrence(iso: str | None) -> str:
    """A routine SOP's schedule in words: "setiap 6 bulan, mulai 4 Januari 2027" (never ``R/…/P6M``)."""
    return say(iso_recurrence_phrase(iso)) if iso else ""


@dataclass(frozen=True)
class TotalTime:
    words: str  # "3 hari kerja 14 jam"
    texts: tuple[str, ...]  # each step's time in words


def total_standard_time(steps: Iterable[Any]) -> TotalTime:
    """The sum of a process's standard times, unit by unit (:func:`total_time_phrases`), and each step's time."""
    # checked when the SOP was synced
    durations = [parse_iso8601(step.standard_duration, getattr(step, "time_basis", None) or "working")
                 for step in steps]
    return TotalTime(words=" ".join(say(phrase) for phrase in total_time_phrases(durations)),
                     texts=tuple(say(duration_phrase(duration)) for duration in durations))


def decimal(value: float, places: int = 2) -> str:
    """A score with a fixed number of decimals in the page's language: "86,11" / "86.11"."""
    return format_decimal(value, "0." + "0" * places, locale=_locale())


def filesize(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{format_decimal(size / 1024, '#,##0.#', locale=_locale())} KB"
    return f"{format_decimal(size / 1024 / 1024, '#,##0.#', locale=_locale())} MB"


def role_name(code: str | None) -> str:
    """The name the office gave a role (the roles table, read once per request)."""
    if "alur_role_names" not in g:
        g.alur_role_names = labels.office_role_names(current_app.extensions["alur_db"])
    return labels.role_label(code, g.alur_role_names)


def status_label(status: str | None) -> str:
    """The engine's word for a status, in the page's language."""
    return _(labels.status_label(status)) if status else ""


def event_label(kind: str) -> str:
    """The engine's words for an event kind, in the page's language."""
    return _(labels.event_label(kind))


def say(phrase: Phrase) -> str:
    """An engine phrase in the page's language (its Indonesian msgid and parameters translated as a whole)."""
    translations = get_translations()
    return phrase.render(translations.gettext, translations.ngettext, _when)


def _when(value: When) -> str:
    """A phrase's day, or its moment (already in the office's zone), the page's way."""
    if isinstance(value.at, datetime):
        return localdt(value.at, with_zone=False)
    return format_date(value.at, "d MMMM y", locale=_locale())


def error_message(error: AlurError) -> str:
    """An engine error's message in the page's (or the API request's) language."""
    return say(error.phrase)


def error_fields(error: ValidationFailed, default_field: str | None = None) -> dict[str, str]:
    """A refused form's field errors in the page's language; with none, the message under ``default_field``."""
    fields = {path: say(phrase) for path, phrase in getattr(error, "field_phrases", {}).items()}
    if not fields and default_field is not None:
        return {default_field: error_message(error)}
    return fields


def _office_calendar() -> OfficeCalendar:
    """Today's office calendar, read once per request: deadlines are said in its working time."""
    if "alur_office_calendar" not in g:
        g.alur_office_calendar = current_office_calendar(current_app.extensions["alur_db"])
    return g.alur_office_calendar


def deadline(started_at: datetime, due: datetime) -> str:
    """ "terlambat 1 hari kerja 4 jam", "sisa 25 menit kerja", "jatuh tempo hari ini 14.30 WITA" (the engine's rule)."""
    return say(deadlines.deadline_words(started_at, due, now(), _office_calendar()))


def working_time(minutes: int) -> str:
    """Working minutes in words on the office calendar's own working day: "1 hari kerja 4 jam", "45 menit kerja"."""
    calendar = _office_calendar()
    day = deadlines.working_day_minutes(calendar, now().astimezone(calendar.zone).date())
    return say(deadlines.working_time_words(minutes, day))


def escalation(level: int) -> str:
    """ "Eskalasi tingkat 2": the number the supervisors' notices use."""
    return say(deadlines.escalation_words(level))


def show_value(value: Any) -> str:
    """A submitted value as text: Ya/Tidak for booleans, comma-separated lists."""
    if isinstance(value, bool):
        return _("Ya") if value else _("Tidak")
    if isinstance(value, list):
        return ", ".join(show_value(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {show_value(item)}" for key, item in value.items())
    if value is None:
        return "—"
    return str(value)


# --- forms --------------------------------------------------------------------------------------------


@dataclass
class FormField:
    """One input as the macros render it; ``name`` is the dotted path ``coerce_form_fields`` reads."""

    name: str
    id: str
    title: str
    kind: str  # checklist, decision, checkbox, select, text, textarea, email, date, integer, number, identifier, group
    required: bool
    value: Any = None
    error: str | None = None
    description: str | None = None
    placeholder: str | None = None
    options: list[tuple[str, str]] = field(default_factory=list)
    children: list[FormField] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)


def ordered_properties(schema: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Properties in their authored order: required fields in the order ``required`` lists them, then the rest.

    PostgreSQL's JSONB does not keep key order, but a list keeps its order everywhere.
    """
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return []
    listed = [name for name in schema.get("x-alur-order") or schema.get("required") or [] if name in properties]
    rest = [name for name in properties if name not in listed]
    return [(name, properties[name]) for name in [*listed, *rest] if isinstance(properties[name], dict)]


def form_fields(schema: Mapping[str, Any] | None, values: Mapping[str, Any] | None = None,
                errors: Mapping[str, str] | None = None, prefix: str = "") -> list[FormField]:
    """The fields of a JSON Schema form, with the submitted values and the engine's field errors."""
    if not schema:
        return []
    values = values or {}
    errors = errors or {}
    required = set(schema.get("required") or [])
    result = []
    for name, node in ordered_properties(schema):
        path = f"{prefix}{name}"
        result.append(_field(path, node, values.get(name), errors, name in required))
    return result


def _field(path: str, node: Mapping[str, Any], value: Any, errors: Mapping[str, str], required: bool) -> FormField:
    title = str(node.get("title") or path.rsplit(".", 1)[-1].replace("_", " ").capitalize())
    item = FormField(name=path, id="f-" + path.replace(".", "-"), title=title, kind="text", required=required,
                     value=value, error=errors.get(path), description=node.get("description"))
    kind = _type_of(node)
    examples = node.get("examples")
    example = examples[0] if isinstance(examples, list) and examples else None
    if node.get(forms.CHECKLIST) is True:
        item.kind = "checklist"
        item.options = forms.checklist_options(node)
        item.value = list(value) if isinstance(value, list) else []
        return item
    if kind == "object" and isinstance(node.get("properties"), dict):
        item.kind = "group"
        item.children = form_fields(node, value if isinstance(value, dict) else {}, errors, prefix=f"{path}.")
        return item
    if kind == "boolean":
        # A decision the next gateway reads must be chosen on purpose: two radios, no default.
        item.kind = "decision" if required else "checkbox"
        return item
    choices = _choices(node)
    if choices:
        item.kind = "select"
        item.options = choices
        return item
    if example is not None and not isinstance(example, bool | list | dict):
        item.placeholder = _("Contoh: %(example)s", example=example)
    if kind in ("integer", "number"):
        item.kind = kind
        item.attrs = {"inputmode": "numeric" if kind == "integer" else "decimal",
                      "min": node.get("minimum"), "max": node.get("maximum")}
        return item
    fmt = node.get("format")
    if fmt == "date":
        item.kind = "date"
    elif fmt == "email":
        item.kind = "email"
        item.attrs = {"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}
    elif fmt in ("nik", "npwp", "nib"):
        item.kind = "identifier"
        item.attrs = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
    elif (node.get("maxLength") or 0) > 200 or path.rsplit(".", 1)[-1] in ("catatan", "keterangan", "alamat"):
        item.kind = "textarea"
    item.attrs = {**item.attrs, "maxlength": node.get("maxLength")}
    return item


def _type_of(node: Mapping[str, Any]) -> str | None:
    """The JSON type a field is entered as (the first non-null one); ``coerce_form_fields`` reads it the same way."""
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if isinstance(k, str) and k != "null"), None)
    if isinstance(kind, str):
        return kind
    if isinstance(node.get("properties"), dict):
        return "object"
    values = [node["const"]] if "const" in node else node.get("enum")
    if isinstance(values, list) and values and all(isinstance(v, bool) for v in values):
        return "boolean"
    return None


def _choices(node: Mapping[str, Any]) -> list[tuple[str, str]]:
    if isinstance(node.get("enum"), list):
        return [(str(v), str(v)) for v in node["enum"] if v is not None]
    options = node.get("oneOf") or node.get("anyOf")
    if isinstance(options, list) and options and all(isinstance(o, dict) and "const" in o for o in options):
        return [(str(o["const"]), str(o.get("title", o["const"]))) for o in options]
    return []


@dataclass(frozen=True)
class DataRow:
    title: str
    value: str


def data_rows(schema: Mapping[str, Any] | None, data: Mapping[str, Any] | None) -> list[DataRow]:
    """Entered data with the form's titles and option titles, in the form's order, for reading."""
    if not data:
        return []
    schema = schema or {}
    properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    names = [name for name, _node in ordered_properties(schema) if name in data]
    names += [name for name in data if name not in names]
    rows = []
    for name in names:
        node = properties.get(name) if isinstance(properties, dict) else None
        value = data[name]
        if isinstance(node, dict) and node.get(forms.CHECKLIST) is True and isinstance(value, list):
            titles = dict(forms.checklist_options(node))
            shown = ", ".join(titles.get(v, str(v)) for v in value) or "—"
        elif isinstance(node, dict) and _choices(node) and not isinstance(value, list | dict):
            shown = dict(_choices(node)).get(str(value), show_value(value))
        else:
            shown = show_value(value)
        title = forms.field_title(dict(schema), name) if node else name.replace("_", " ").capitalize()
        rows.append(DataRow(title, shown))
    return rows


def error_items(errors: Mapping[str, str], fields: Sequence[FormField]) -> list[tuple[str | None, str]]:
    """Every error as (anchor id or None, message), in the order of the fields, for the summary at the top."""
    known: dict[str, str] = {}

    def walk(items: Sequence[FormField]) -> None:
        for item in items:
            known[item.name] = item.id
            walk(item.children)

    walk(fields)
    order = list(known)
    listed = sorted(errors.items(), key=lambda kv: order.index(kv[0]) if kv[0] in known else len(order))
    return [(known.get(path), message) for path, message in listed]


def attrs(values: Mapping[str, Any]) -> Markup:
    """HTML attributes from a dict, leaving out None and False (``{{ field.attrs|attrs }}``)."""
    from markupsafe import escape

    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        parts.append(str(escape(key)) if value is True else f'{escape(key)}="{escape(value)}"')
    return Markup(" ".join(parts))  # noqa: S704 - every part is escaped above


def compact(values: Mapping[str, Any]) -> dict[str, Any]:
    """Query arguments without the empty ones, so paging links stay short."""
    return {key: value for key, value in values.items() if value not in (None, "", False)}


def due_soon(started_at: datetime, due: datetime) -> bool:
    """The engine's "due soon" rule (the last quarter of the standard time), on the app's clock."""
    return deadlines.is_due_soon(started_at, due, now())


def has_page(endpoint: str) -> bool:
    """Whether an area is installed (its blueprint registered), so the menu only links to what exists."""
    return endpoint in current_app.view_functions


def here() -> str:
    """This page's path and query, for a form's ``next`` (``request.full_path`` ends in a bare ``?``)."""
    path = request.full_path
    return path[:-1] if path.endswith("?") else path


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(
        localdt=localdt, localdate=localdate, isodt=isodt, relative=relative, role_name=role_name,
        status_label=status_label, event_label=event_label, filesize=filesize, show_value=show_value,
        attrs=attrs, compact=compact, say=say, decimal=decimal,
    )
    app.jinja_env.globals.update(
        standard_time=standard_time, recurrence=recurrence, total_standard_time=total_standard_time, elapsed=elapsed,
        data_rows=data_rows, form_fields=form_fields, error_items=error_items, now=now, here=here,
        has_page=has_page, due_soon=due_soon, deadline=deadline, working_time=working_time, escalation=escalation,
    )
