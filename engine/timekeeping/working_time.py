"""The office's working calendar: when it works, and working time added and counted on it.

Deadlines must count the office's real working time: hours set by the office
(Perpres 21/2023 sets only the weekly total and start), shorter Ramadan hours,
national holidays and cuti bersama (SKB 3 Menteri, changed during the year) and
the office's own days off and corrections.

Pure: every moment is passed in; nothing reads the clock or the environment.
All public methods take timezone-aware datetimes, reject naive ones with
``ValueError`` and return UTC.  Work is done in UTC intervals built from local
wall-clock periods, so it is also correct in zones with daylight saving,
although the offices Alur targets (WITA, ``Asia/Makassar``) have none.
A step's due, reminder and escalation moments are :mod:`engine.timekeeping.deadlines`, over this calendar.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from types import MappingProxyType
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from engine.errors import ValidationFailed
from engine.phrases import N_, Phrase

DEFAULT_TIMEZONE: Final = "Asia/Makassar"
WEEKDAY_NAMES: Final = (N_("Senin"), N_("Selasa"), N_("Rabu"), N_("Kamis"), N_("Jumat"), N_("Sabtu"), N_("Minggu"))
WORKING_DAYS_PER_WEEK: Final = 5

_EMPTY: Final[Mapping[date, str]] = MappingProxyType({})
_ONE_DAY: Final = timedelta(days=1)
_MINUTE: Final = timedelta(minutes=1)
#: Local dates whose intervals one calendar keeps (about ten years of dates).
_DAYS_KEPT: Final = 4096

Interval = tuple[datetime, datetime]


@dataclass(frozen=True, order=True)
class WorkingPeriod:
    """One stretch of working time within a day, local wall clock, ``[start, end)``.

    Periods cannot cross midnight: offices do not work night shifts.
    """

    start: time
    end: time

    def __post_init__(self) -> None:
        if not isinstance(self.start, time) or not isinstance(self.end, time):
            raise ValidationFailed(N_("Jam kerja harus berupa jam (misalnya 07.30)."))
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValidationFailed(
                N_("Jam kerja ditulis tanpa zona waktu; zona waktu diatur pada kalender kantor.")
            )
        if self.end <= self.start:
            raise ValidationFailed(
                N_("Jam kerja %(start)s–%(end)s tidak sah: jam selesai harus sesudah jam mulai."),
                start=_hhmm(self.start), end=_hhmm(self.end))

    @property
    def minutes(self) -> int:
        """Length in whole minutes (wall clock)."""
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        return end - start

    def __str__(self) -> str:
        return f"{_hhmm(self.start)}–{_hhmm(self.end)}"


Week = Mapping[int, tuple[WorkingPeriod, ...]]


def _hhmm(value: time) -> str:
    """Indonesian clock notation, 07.30."""
    return f"{value.hour:02d}.{value.minute:02d}"


def _p(start: str, end: str) -> WorkingPeriod:
    return WorkingPeriod(time.fromisoformat(start), time.fromisoformat(end))


def default_week() -> dict[int, tuple[WorkingPeriod, ...]]:
    """Common five-day schedule under Perpres 21/2023: 37.5 h a week from 07.30.

    Monday–Thursday 07.30–12.00 and 13.00–16.00 (7.5 h); Friday 07.30–11.30 and
    13.00–16.30 (7.5 h, longer break for Friday prayers).  Offices may set their own.
    """
    mon_thu = (_p("07:30", "12:00"), _p("13:00", "16:00"))
    friday = (_p("07:30", "11:30"), _p("13:00", "16:30"))
    return {0: mon_thu, 1: mon_thu, 2: mon_thu, 3: mon_thu, 4: friday}


def default_ramadan_week() -> dict[int, tuple[WorkingPeriod, ...]]:
    """Common Ramadan schedule: 32.5 h a week from 08.00.

    Monday–Thursday 08.00–12.00 and 12.30–15.00 (6.5 h); Friday 08.00–11.30 and
    12.30–15.30 (6.5 h), as in the usual MenPAN-RB Ramadan circulars.
    """
    mon_thu = (_p("08:00", "12:00"), _p("12:30", "15:00"))
    friday = (_p("08:00", "11:30"), _p("12:30", "15:30"))
    return {0: mon_thu, 1: mon_thu, 2: mon_thu, 3: mon_thu, 4: friday}


def week_minutes(week: Week) -> int:
    """Total working minutes in a week schedule (to check it against the regulation)."""
    return sum(period.minutes for periods in week.values() for period in periods)


def _freeze_week(week: Week, name: str) -> Mapping[int, tuple[WorkingPeriod, ...]]:
    """Validate a week schedule and return a read-only, sorted copy."""
    frozen: dict[int, tuple[WorkingPeriod, ...]] = {}
    for weekday, periods in week.items():
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise ValidationFailed(
                N_("Hari %(weekday)s pada %(name)s tidak sah; pakai 0 (Senin) sampai 6 (Minggu)."),
                {f"{name}.{weekday}": N_("Hari harus 0 (Senin) sampai 6 (Minggu).")},
                weekday=repr(weekday), name=name)
        for period in periods:
            if not isinstance(period, WorkingPeriod):
                raise ValidationFailed(N_("Jam kerja %(period)s pada %(name)s tidak sah."), period=repr(period),
                                       name=name)
        ordered = tuple(sorted(periods))
        for before, after in pairwise(ordered):
            if after.start < before.end:
                message = Phrase(N_("Jam kerja hari %(day)s bertumpuk: %(before)s dan %(after)s."),
                                 {"day": Phrase(WEEKDAY_NAMES[weekday]), "before": str(before), "after": str(after)})
                raise ValidationFailed(message, {f"{name}.{weekday}": message})
        if ordered:
            frozen[weekday] = ordered
    if not frozen:
        raise ValidationFailed(
            N_("%(name)s tidak punya jam kerja sama sekali."), {name: N_("Isi paling sedikit satu hari kerja.")},
            name=name)
    return MappingProxyType(dict(sorted(frozen.items())))


@dataclass(frozen=True)
class OfficeCalendar:
    """When an office works.

    Precedence for a date: ``extra_working_days`` (a correction, wins over
    everything) > ``days_off`` > ``ramadan_week`` inside ``ramadan_periods`` >
    ``week``.  An extra working day uses the hours of its own weekday when that
    weekday normally has any (a holiday taken back), otherwise Monday's hours
    (a weekend made a working day; if Monday is off, the first weekday that
    works); inside ``ramadan_periods`` these come from ``ramadan_week``.
    """

    timezone: str = DEFAULT_TIMEZONE
    week: Mapping[int, tuple[WorkingPeriod, ...]] = field(default_factory=default_week)
    ramadan_week: Mapping[int, tuple[WorkingPeriod, ...]] = field(default_factory=default_ramadan_week)
    ramadan_periods: tuple[tuple[date, date], ...] = ()
    days_off: Mapping[date, str] = field(default_factory=dict)
    extra_working_days: Mapping[date, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise ValidationFailed(
                N_("Zona waktu %(timezone)s tidak dikenal; pakai nama IANA seperti Asia/Makassar."),
                {"timezone": N_("Zona waktu tidak dikenal.")},
                timezone=repr(self.timezone)) from None
        object.__setattr__(self, "week", _freeze_week(self.week, "week"))
        object.__setattr__(self, "ramadan_week", _freeze_week(self.ramadan_week, "ramadan_week"))
        ranges = tuple((start, end) for start, end in self.ramadan_periods)
        for start, end in ranges:
            if not isinstance(start, date) or not isinstance(end, date) or end < start:
                message = (
                    f"Masa Ramadan {start}–{end} tidak sah: "
                    "tanggal akhir harus sama dengan atau sesudah tanggal awal."
                )
                raise ValidationFailed(message, {"ramadan_periods": message})
        object.__setattr__(self, "ramadan_periods", ranges)
        object.__setattr__(self, "days_off", MappingProxyType(dict(self.days_off)))
        object.__setattr__(self, "extra_working_days", MappingProxyType(dict(self.extra_working_days)))
        # A calendar never changes once built (an edit builds a new one, engine.caches): each local date's UTC
        # intervals are computed once. Every completion asks for the same few days (issue 14).
        object.__setattr__(self, "_zone", ZoneInfo(self.timezone))
        object.__setattr__(self, "_days", {})

    @property
    def zone(self) -> ZoneInfo:
        """The office's zone."""
        return self._zone  # type: ignore[no-any-return, attr-defined]

    def is_ramadan(self, day: date) -> bool:
        """Whether the Ramadan hours apply on ``day``."""
        return any(start <= day <= end for start, end in self.ramadan_periods)

    def periods_on(self, day: date) -> tuple[WorkingPeriod, ...]:
        """Working periods of a local date, empty on a day off."""
        week = self.ramadan_week if self.is_ramadan(day) else self.week
        if day in self.extra_working_days:
            return week.get(day.weekday()) or week.get(0) or next(iter(week.values()))
        if day in self.days_off:
            return ()
        return week.get(day.weekday(), ())

    def is_working_day(self, day: date) -> bool:
        """Whether any working period falls on the local date ``day``."""
        return bool(self.periods_on(day))

    def day_off_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day (holiday name, "Sabtu"...), ``None`` when it is one."""
        if self.is_working_day(day):
            return None
        return self.days_off.get(day) or WEEKDAY_NAMES[day.weekday()]

    def next_working_moment(self, at: datetime) -> datetime:
        """``at`` itself when inside a working period, else the start of the next one (UTC)."""
        at = aware_utc(at, "at")
        for start, end in self._intervals_from(self._local_date(at)):
            if at < end:
                return max(start, at)
        raise AssertionError("unreachable: the interval stream is endless")  # pragma: no cover

    def add_working_time(self, start: datetime, minutes: int) -> datetime:
        """The moment when ``minutes`` of working time have passed since ``start`` (UTC).

        Time outside working periods does not count; a result landing exactly on
        a period end stays there (the step is due at 16.00, not 07.30 next day).
        Zero minutes returns ``start`` unchanged.
        """
        start = aware_utc(start, "start")
        remaining = timedelta(minutes=_non_negative(minutes, "minutes"))
        if not remaining:
            return start
        for period_start, period_end in self._intervals_from(self._local_date(start)):
            if period_end <= start:
                continue
            begin = max(period_start, start)
            available = period_end - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        raise AssertionError("unreachable: the interval stream is endless")  # pragma: no cover

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The same local clock time ``days`` working days later (UTC).

        ``start`` is first moved to the next working moment, so a task that
        arrives on Saturday starts on Monday morning.  On the target day the
        time is kept inside working hours: after the last period it is clamped
        to the day's end, before the first period or in a break it moves to the
        next period's start.
        """
        moment = self.next_working_moment(start)
        count = _non_negative(days, "days")
        if count == 0:
            return moment
        zone = self.zone
        local = moment.astimezone(zone)
        day = local.date()
        while count:
            day += _ONE_DAY
            if self.is_working_day(day):
                count -= 1
        target = datetime.combine(day, local.time().replace(fold=0), tzinfo=zone).astimezone(UTC)
        intervals = self._intervals_on(day)
        for period_start, period_end in intervals:
            if target <= period_end:
                return max(period_start, target)
        return intervals[-1][1]

    def working_minutes_between(self, a: datetime, b: datetime) -> int:
        """Whole working minutes in ``[a, b)``, 0 when ``b <= a``: how late a step is in working time."""
        a, b = aware_utc(a, "a"), aware_utc(b, "b")
        if b <= a:
            return 0
        total = timedelta(0)
        for period_start, period_end in self._intervals_from(self._local_date(a)):
            if period_start >= b:
                break
            overlap = min(period_end, b) - max(period_start, a)
            if overlap > timedelta(0):
                total += overlap
        return total // _MINUTE

    def is_working_moment(self, at: datetime) -> bool:
        """Whether ``at`` lies inside a working period (``[start, end)``)."""
        return self.next_working_moment(at) == aware_utc(at, "at")

    def _local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def _intervals_on(self, day: date) -> tuple[Interval, ...]:
        """UTC intervals of one local date, in order (kept: the calendar is immutable)."""
        days: dict[date, tuple[Interval, ...]] = self._days  # type: ignore[attr-defined]
        found = days.get(day)
        if found is None:
            zone = self.zone
            found = tuple(
                (
                    datetime.combine(day, period.start, tzinfo=zone).astimezone(UTC),
                    datetime.combine(day, period.end, tzinfo=zone).astimezone(UTC),
                )
                for period in self.periods_on(day)
            )
            if len(days) >= _DAYS_KEPT:
                days.clear()
            days[day] = found
        return found

    def _intervals_from(self, day: date) -> Iterator[Interval]:
        """Endless UTC intervals from local date ``day`` on, one day at a time.

        Endless because every week has a working day (checked at construction)
        and ``days_off`` is finite.
        """
        while True:
            yield from self._intervals_on(day)
            day += _ONE_DAY


def indonesian_public_holidays(years: Iterable[int]) -> dict[date, str]:
    """National holidays and cuti bersama for ``years``, named in Indonesian.

    Cuti bersama come only with the ``government`` category.  Islamic dates of
    future years are the package's estimates ("perkiraan"); offices correct them
    through their own lists.
    """
    wanted = sorted(set(years))
    if not wanted:
        return {}
    found = holidays.country_holidays("ID", years=wanted, categories=("public", "government"), language="id")
    return dict(sorted(found.items()))


def build_calendar(
    *,
    timezone: str = DEFAULT_TIMEZONE,
    week: Week | None = None,
    ramadan_week: Week | None = None,
    ramadan_periods: Iterable[tuple[date, date]] = (),
    years: Iterable[int],
    office_days_off: Mapping[date, str] = _EMPTY,
    office_working_days: Mapping[date, str] = _EMPTY,
    national_holidays: Mapping[date, str] | None = None,
) -> OfficeCalendar:
    """An office calendar: national holidays of ``years`` plus the office's own lists.

    Dates outside ``years`` have no national holidays, so pass every year a
    deadline may reach (e.g. this year and the next two).  ``national_holidays``,
    when given, replaces the lookup (a cached result of
    :func:`indonesian_public_holidays` for the same ``years``).  An office day off
    on a national holiday keeps both descriptions.  A date in both office lists
    is a contradiction and is refused.
    """
    clash = sorted(set(office_days_off) & set(office_working_days))
    if clash:
        listed = ", ".join(day.isoformat() for day in clash)
        message = f"Tanggal {listed} tercatat sebagai hari libur kantor dan sekaligus hari kerja tambahan."
        raise ValidationFailed(message, {"office_working_days": message})
    days_off = indonesian_public_holidays(years) if national_holidays is None else dict(national_holidays)
    for day, reason in office_days_off.items():
        national = days_off.get(day)
        days_off[day] = reason if not national or national == reason else f"{national}; {reason}"
    return OfficeCalendar(
        timezone=timezone,
        week=default_week() if week is None else week,
        ramadan_week=default_ramadan_week() if ramadan_week is None else ramadan_week,
        ramadan_periods=tuple(ramadan_periods),
        days_off=dict(sorted(days_off.items())),
        extra_working_days=dict(office_working_days),
    )


def aware_utc(moment: datetime, name: str) -> datetime:
    """Refuse naive datetimes (their moment depends on the server) and normalise to UTC."""
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {moment!r}")
    return moment.astimezone(UTC)


def _non_negative(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, got {value!r}")
    return value
