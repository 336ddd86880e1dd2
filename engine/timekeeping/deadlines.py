"""A step's deadlines, in one place: when it is due, when its holder is reminded, when it is "due soon",
when it is escalated, how late it is — and how each of these is said.

Lateness and time left are counted in working minutes of the office calendar and said against that
calendar's own working day ("terlambat 1 hari kerja 4 jam", "sisa 25 menit kerja"): an office that works
8 hours a day has 8-hour days here too. Escalation levels are numbered from 1 (level k goes to the k-th
supervisor rank above the step's unit) and called "Eskalasi tingkat k" on every page and notice.

Pure: every moment and the calendar are passed in. Wording comes back as :class:`~engine.labels.Phrase`, whose
``str()`` is the Indonesian text and which the web app translates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from engine.labels import N_, ZONE_NAMES, Phrase, When, ngettext
from engine.timekeeping.durations import StandardDuration, add_calendar, add_months
from engine.timekeeping.working_time import WORKING_DAYS_PER_WEEK, OfficeCalendar, aware_utc

#: Holders are reminded once this share of a step's standard (working) time has passed.
REMINDER_SHARE: Final = 0.8
#: A step with less working time than this between start and due gets no reminder (no time to act on it).
MIN_REMINDER_MINUTES: Final = 5
#: A step is "due soon" in the last quarter of its time (wall clock, so the inbox can sort and filter on it).
DUE_SOON_SHARE: Final = 0.25


def due_at(started_at: datetime, duration: StandardDuration, calendar: OfficeCalendar) -> datetime:
    """When a step started at ``started_at`` is due (UTC).

    Working basis: minutes and hours count working time; days count working days ("1 hari" is the next
    working day at the same clock time, never 24 working hours); a week is 5 working days; months and years
    are added calendar-wise in the office zone and then moved to the next working moment.
    Calendar basis: plain calendar arithmetic in the office zone.
    """
    start = aware_utc(started_at, "started_at")
    if duration.basis == "calendar":
        return add_calendar(start.astimezone(calendar.zone), duration).astimezone(UTC)
    if duration.unit in ("minutes", "hours"):
        minutes = duration.amount * (60 if duration.unit == "hours" else 1)
        return calendar.add_working_time(start, minutes)
    if duration.unit in ("days", "weeks"):
        days = duration.amount * (WORKING_DAYS_PER_WEEK if duration.unit == "weeks" else 1)
        return calendar.add_working_days(start, days)
    later = add_months(start.astimezone(calendar.zone), duration.months)
    return calendar.next_working_moment(later)


def reminder_time(started: datetime, due: datetime, calendar: OfficeCalendar) -> datetime | None:
    """``REMINDER_SHARE`` of the working time between start and due; None when there is no time to remind."""
    minutes = calendar.working_minutes_between(started, due)
    if minutes < MIN_REMINDER_MINUTES:
        return None
    return calendar.add_working_time(calendar.next_working_moment(started), round(minutes * REMINDER_SHARE))


def is_due_soon(started_at: datetime, due: datetime, now: datetime) -> bool:
    """In the last ``DUE_SOON_SHARE`` of its time and not yet late."""
    if now > due:
        return False
    return (due - now) <= (due - started_at) * DUE_SOON_SHARE


def escalation_time(due: datetime, standard: StandardDuration, level: int, calendar: OfficeCalendar, *,
                    max_levels: int, factor: float = 1.0) -> datetime | None:
    """When escalation ``level`` (1, 2, …) is due: once the step is late by ``level × factor`` of its
    standard time, counted on the calendar from its due time; None above ``max_levels``."""
    if level < 1 or level > max_levels:
        return None
    amount = max(1, round(standard.amount * level * factor))
    return due_at(due, StandardDuration(amount, standard.unit, standard.basis), calendar)


def late_working_minutes(due: datetime, now: datetime, calendar: OfficeCalendar) -> int:
    """How late a step is at ``now``, in working minutes (0 when it is not late)."""
    return calendar.working_minutes_between(due, now)


def working_day_minutes(calendar: OfficeCalendar, on: date | None = None) -> int:
    """The office's working day in minutes: the length most of its working weekdays have (the longer one on
    a tie), from the Ramadan hours when ``on`` falls in Ramadan. A day in words is this long."""
    week = calendar.ramadan_week if on is not None and calendar.is_ramadan(on) else calendar.week
    lengths = Counter(sum(period.minutes for period in periods) for periods in week.values())
    return max(lengths, key=lambda length: (lengths[length], length))


@dataclass(frozen=True)
class WorkingSpan:
    """An amount of working time split into the office's working days, hours and minutes."""

    days: int
    hours: int
    minutes: int

    @classmethod
    def of(cls, minutes: int, day_minutes: int) -> WorkingSpan:
        if day_minutes <= 0:
            raise ValueError(f"a working day must be longer than 0 minutes, got {day_minutes}")
        days, rest = divmod(max(0, int(minutes)), day_minutes)
        hours, mins = divmod(rest, 60)
        return cls(days, hours, mins)

    def phrase(self) -> Phrase:
        """The two largest units: "1 hari kerja 4 jam", "2 jam 5 menit kerja", "kurang dari 1 menit".

        Without whole days the words end in "kerja", so "25 menit kerja" is not read as clock time.
        """
        units = [unit for amount, unit in (
            (self.days, ngettext("%(num)s hari kerja", "%(num)s hari kerja", self.days)),
            (self.hours, ngettext("%(num)s jam", "%(num)s jam", self.hours)),
            (self.minutes, ngettext("%(num)s menit", "%(num)s menit", self.minutes)),
        ) if amount]
        if not units:
            return Phrase(N_("kurang dari 1 menit"))
        shown = units[0] if len(units) == 1 else Phrase(N_("%(first)s %(second)s"),
                                                         {"first": units[0], "second": units[1]})
        return shown if self.days else Phrase(N_("%(time)s kerja"), {"time": shown})


def working_time_words(minutes: int, day_minutes: int) -> Phrase:
    """Working minutes in words on a working day of ``day_minutes`` (see :func:`working_day_minutes`)."""
    return WorkingSpan.of(minutes, day_minutes).phrase()


def lateness_words(minutes: int, day_minutes: int) -> Phrase:
    """ "terlambat 1 hari kerja 4 jam" """
    return Phrase(N_("terlambat %(span)s"), {"span": working_time_words(minutes, day_minutes)})


def time_left_words(minutes: int, day_minutes: int) -> Phrase:
    """ "sisa 25 menit kerja" """
    return Phrase(N_("sisa %(span)s"), {"span": working_time_words(minutes, day_minutes)})


def due_time_words(due: datetime, now: datetime, timezone: str) -> Phrase:
    """ "jatuh tempo hari ini 14.30 WITA", "jatuh tempo besok 09.00 WITA", "jatuh tempo 24-11-2026 09.00 WITA"."""
    zone = ZoneInfo(timezone)
    local_due = due.astimezone(zone)
    today = now.astimezone(zone).date()
    clock = f"{local_due:%H.%M} {zone_name(local_due)}"
    if local_due.date() == today:
        return Phrase(N_("jatuh tempo hari ini %(time)s"), {"time": clock})
    if local_due.date() == today + timedelta(days=1):
        return Phrase(N_("jatuh tempo besok %(time)s"), {"time": clock})
    return Phrase(N_("jatuh tempo %(date)s %(time)s"), {"date": When(local_due.date()), "time": clock})


def lateness_at(due: datetime, now: datetime, calendar: OfficeCalendar) -> Phrase:
    """ "terlambat 1 hari kerja 4 jam" for a step due at ``due``, on the calendar's working day at ``now``."""
    day = working_day_minutes(calendar, now.astimezone(calendar.zone).date())
    return lateness_words(late_working_minutes(due, now, calendar), day)


def deadline_words(started_at: datetime, due: datetime, now: datetime, calendar: OfficeCalendar) -> Phrase:
    """A step's deadline as one phrase at ``now``: how late it is, how much working time is left once it
    is due soon, otherwise when it is due."""
    if now > due:
        return lateness_at(due, now, calendar)
    if is_due_soon(started_at, due, now):
        day = working_day_minutes(calendar, now.astimezone(calendar.zone).date())
        return time_left_words(calendar.working_minutes_between(now, due), day)
    return due_time_words(due, now, calendar.timezone)


def escalation_words(level: int) -> Phrase:
    """ "Eskalasi tingkat 1": level k is the k-th supervisor rank told, the same number on the board."""
    return Phrase(N_("Eskalasi tingkat %(level)s"), {"level": level})


def zone_name(moment: datetime) -> str:
    """WITA/WIB/WIT for the Indonesian zones, UTC, or the UTC offset ("+09:00") elsewhere."""
    key = getattr(moment.tzinfo, "key", None)
    if key in ZONE_NAMES:
        return ZONE_NAMES[key]
    offset = moment.utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    sign = "-" if offset < timedelta(0) else "+"
    hours, minutes = divmod(abs(int(offset.total_seconds())) // 60, 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
