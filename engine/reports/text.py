"""How report values read in Indonesian: working time, dates, numbers, form data.

Shared by the exports and the web pages so that a figure reads the same on screen, in Excel and on paper.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from engine import forms
from engine.phrases import Phrase
from engine.timekeeping.deadlines import working_time_words

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")
#: A civil-service working day (37.5 hours over 5 days, Perpres 21/2023): only for a document that shows no
#: working time; every report that does carries its office calendar's own day (``day_minutes``).
WORKING_DAY_MINUTES = 450


def working_time_phrase(minutes: float | None, day_minutes: int) -> Phrase | None:
    """Working minutes in words on the office's working day of ``day_minutes`` (the engine's one measure of time,
    :func:`engine.timekeeping.deadlines.working_time_words`): "25 menit kerja", "1 hari kerja 4 jam"."""
    if minutes is None:
        return None
    return working_time_words(round(minutes), day_minutes)


def working_time(minutes: float | None, day_minutes: int) -> str:
    """:func:`working_time_phrase` in Indonesian (exports, PDFs); "—" when there is no figure."""
    phrase = working_time_phrase(minutes, day_minutes)
    return "—" if phrase is None else str(phrase)


def decimal(value: float, places: int = 1) -> str:
    """A number the Indonesian way: 1.234,5."""
    text = f"{value:,.{places}f}" if places else f"{round(value):,}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def percent(share: float | None) -> str:
    return "—" if share is None else f"{decimal(share * 100, 0)}%"


def local_datetime(moment: datetime | None, timezone: str) -> str:
    """ "23-11-2026 09.00" in the office's zone (the way Indonesian forms write a moment)."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d-%m-%Y %H.%M")


def local_date(value: date | datetime | None, timezone: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(timezone)).date() if timezone else value.date()
    return value.strftime("%d-%m-%Y")


def month_name(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def show(value: Any) -> str:
    """A stored value as text: Ya/Tidak, lists joined, nested objects as "key: value"."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, int | float):
        return decimal(value, 0) if float(value).is_integer() else decimal(value, 2)
    if isinstance(value, list):
        return ", ".join(show(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {show(item)}" for key, item in value.items())
    return str(value)


@dataclass(frozen=True)
class FieldValue:
    """One entered field, with the title its form gives it."""

    name: str
    title: str
    value: str


def labelled(schema: Mapping[str, Any] | None, data: Mapping[str, Any] | None) -> tuple[FieldValue, ...]:
    """Entered data with the form's titles and option titles, in the form's order (unknown names last)."""
    if not data:
        return ()
    schema = schema or {}
    properties = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    order = [n for n in [*(schema.get("x-alur-order") or schema.get("required") or []), *properties] if n in data]
    names = list(dict.fromkeys([*order, *data]))
    result = []
    for name in names:
        node = properties.get(name) if isinstance(properties, dict) else None
        value = data[name]
        if isinstance(node, dict) and node.get(forms.CHECKLIST) is True and isinstance(value, list):
            titles = dict(forms.checklist_options(node))
            text = ", ".join(titles.get(v, str(v)) for v in value) or "—"
        elif isinstance(node, dict) and not isinstance(value, list | dict) and _option_titles(node):
            text = _option_titles(node).get(str(value), show(value))
        else:
            text = show(value)
        title = forms.field_title(dict(schema), name) if isinstance(node, dict) else name.replace("_", " ").capitalize()
        result.append(FieldValue(name, title, text))
    return tuple(result)


def _option_titles(node: Mapping[str, Any]) -> dict[str, str]:
    options = node.get("oneOf") or node.get("anyOf")
    if isinstance(options, list) and options and all(isinstance(o, dict) and "const" in o for o in options):
        return {str(o["const"]): str(o.get("title", o["const"])) for o in options}
    return {}
