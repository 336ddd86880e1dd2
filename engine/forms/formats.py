"""Formats a form field may declare (``format``): Alur's identifiers, email and dates.

Only these are checked; any other ``format`` would silently check nothing, so :mod:`engine.forms` refuses it at
sync. Their regular expressions have no nested repetition (linear time), and the email one only runs on at most
254 characters.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Final

from jsonschema import FormatChecker

from engine.forms.identifiers import nib_problem, nik_problem, npwp_problem
from engine.phrases import N_, Phrase

SUPPORTED_FORMATS: Final = ("nik", "npwp", "nib", "email", "date", "date-time")

_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)


def format_problem(format_name: str, value: str) -> Phrase | None:
    """Why ``value`` does not have the format, in words that follow a field title; ``None`` when it does."""
    if format_name == "nik":
        return nik_problem(value)
    if format_name == "npwp":
        return npwp_problem(value)
    if format_name == "nib":
        return nib_problem(value)
    if format_name == "email":
        local = value.rpartition("@")[0]
        if len(value) > 254 or len(local) > 64 or not _EMAIL.fullmatch(value):
            return Phrase(N_("harus berupa alamat email yang valid (misalnya nama@contoh.go.id)"))
        return None
    if format_name == "date":
        if not _DATE.fullmatch(value) or _real_date(value) is None:
            return Phrase(N_("harus berupa tanggal yang valid dengan bentuk TTTT-BB-HH (misalnya 2026-01-31)"))
        return None
    if format_name == "date-time":
        if not _DATE_TIME.fullmatch(value) or _real_datetime(value) is None:
            return Phrase(N_("harus berupa tanggal dan jam ISO 8601 dengan zona waktu "
                             "(misalnya 2026-01-31T08:00:00+08:00)"))
        return None
    return None


def _real_date(value: str) -> date | None:
    try:
        return date(int(value[0:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return None


def _real_datetime(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return None


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name in SUPPORTED_FORMATS:

        def check(instance: object, name: str = name) -> bool:
            # Formats apply to strings only; ``type`` reports anything else.
            return not isinstance(instance, str) or format_problem(name, instance) is None

        checker.checks(name)(check)
    return checker


FORMAT_CHECKER: Final = _format_checker()
"""Checks Alur's formats (nik, npwp, nib, email, date, date-time) and nothing else; never uses the network."""
