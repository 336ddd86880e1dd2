"""Standard times and schedules in words ("30 menit", "9 hari kerja", "setiap 6 bulan, mulai 4 Januari 2027").

Users never read ISO 8601 (``PT30M``, ``R/2027-01-04T08:00:00+08:00/P6M``): every page, export and API label
asks this module. Pure: the words come back as :class:`~engine.labels.Phrase` (Indonesian msgid and
parameters), ``str()`` gives Indonesian, the web app translates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from engine.labels import N_, Phrase, ngettext
from engine.timekeeping.durations import Basis, RecurrenceRule, StandardDuration, parse_iso8601, parse_recurrence

MONTH_NAMES: Final = (N_("Januari"), N_("Februari"), N_("Maret"), N_("April"), N_("Mei"), N_("Juni"),
                      N_("Juli"), N_("Agustus"), N_("September"), N_("Oktober"), N_("November"),
                      N_("Desember"))


def _amount(unit: str, amount: int) -> Phrase:
    """ "%(num)s <unit>" with the plural form English needs (msgids shared with the deadline words)."""
    if unit == "minutes":
        return ngettext("%(num)s menit", "%(num)s menit", amount)
    if unit == "hours":
        return ngettext("%(num)s jam", "%(num)s jam", amount)
    if unit == "days":
        return ngettext("%(num)s hari", "%(num)s hari", amount)
    if unit == "weeks":
        return ngettext("%(num)s minggu", "%(num)s minggu", amount)
    if unit == "months":
        return ngettext("%(num)s bulan", "%(num)s bulan", amount)
    return ngettext("%(num)s tahun", "%(num)s tahun", amount)


def duration_phrase(duration: StandardDuration) -> Phrase:
    """ "30 menit", "3 jam", "9 hari kerja", "28 hari kalender", "2 bulan".

    Days name their basis (that is where offices disagree); other units only when counted on the calendar.
    """
    if duration.unit == "days" and duration.basis == "working":
        return ngettext("%(num)s hari kerja", "%(num)s hari kerja", duration.amount)
    words = _amount(duration.unit, duration.amount)
    if duration.basis == "calendar":
        return Phrase(N_("%(time)s kalender"), {"time": words})
    return words


def total_time_phrases(durations: Iterable[StandardDuration]) -> tuple[Phrase, ...]:
    """The sum of standard times unit by unit ("3 hari kerja", "14 jam"), largest unit first.

    Units are not converted into each other: a working day is not 24 hours, so "1 hari kerja + 3 jam" stays
    "1 hari kerja 3 jam"; only minutes carry into hours.
    """
    amounts: dict[str, int] = {}
    for duration in durations:
        amounts[duration.unit] = amounts.get(duration.unit, 0) + duration.amount
    amounts["hours"], amounts["minutes"] = divmod(amounts.get("minutes", 0) + 60 * amounts.get("hours", 0), 60)
    phrases = []
    for unit in ("years", "months", "weeks", "days", "hours", "minutes"):
        if amounts.get(unit):
            phrases.append(ngettext("%(num)s hari kerja", "%(num)s hari kerja", amounts[unit]) if unit == "days"
                           else _amount(unit, amounts[unit]))
    return tuple(phrases)


def iso_duration_phrase(iso: str, basis: Basis | None = None) -> Phrase:
    """A stored ISO 8601 standard time (``PT30M``, ``P9D``) in words: "30 menit", "9 hari".

    With ``basis`` the words say how it is counted ("9 hari kerja", "28 hari kalender"); without, the unit
    alone, for a page that says the basis elsewhere.
    """
    duration = parse_iso8601(iso, basis or "working")
    return _amount(duration.unit, duration.amount) if basis is None else duration_phrase(duration)


def standard_time_text(iso: str, sop_text: str | None) -> str:
    """A step's standard time for an export or register: as the SOP writes it, else in words, never ISO."""
    return sop_text or str(iso_duration_phrase(iso))


def date_phrase(day: date) -> Phrase:
    """ "4 Januari 2027" / "4 January 2027": the month name is translated, the numbers stay."""
    return Phrase(N_("%(day)s %(month)s %(year)s"),
                  {"day": day.day, "month": Phrase(MONTH_NAMES[day.month - 1]), "year": day.year})


def recurrence_phrase(rule: RecurrenceRule) -> Phrase:
    """ "setiap 6 bulan, mulai 4 Januari 2027" (plus "12 kali" when the schedule has a count).

    The start date is the one the schedule was written with, in its own zone (the office's).
    """
    period = rule.period
    every = (_EVERY_ONE[period.unit] if period.amount == 1
             else Phrase(N_("setiap %(period)s"), {"period": _amount(period.unit, period.amount)}))
    start = date_phrase(rule.first.date())
    if rule.count is None:
        return Phrase(N_("%(every)s, mulai %(start)s"), {"every": every, "start": start})
    return Phrase(N_("%(every)s, %(count)s, mulai %(start)s"),
                  {"every": every, "start": start,
                   "count": ngettext("%(num)s kali", "%(num)s kali", rule.count)})


def iso_recurrence_phrase(iso: str) -> Phrase:
    """A stored ISO 8601 repeating interval (``R/2027-01-04T08:00:00+08:00/P6M``) in words."""
    return recurrence_phrase(parse_recurrence(iso))


_EVERY_ONE: Final[dict[str, Phrase]] = {
    "minutes": Phrase(N_("setiap menit")),
    "hours": Phrase(N_("setiap jam")),
    "days": Phrase(N_("setiap hari")),
    "weeks": Phrase(N_("setiap minggu")),
    "months": Phrase(N_("setiap bulan")),
    "years": Phrase(N_("setiap tahun")),
}
