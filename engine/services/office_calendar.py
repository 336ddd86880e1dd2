"""The office calendar as stored: national holidays, the office's own days off and corrections, its
working hours and Ramadan periods; and the administrator's use cases that change them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.db import Database
from engine.errors import NotFound, ValidationFailed
from engine.models import OfficeDay, OfficeSetting
from engine.services.common import load_actor, require_admin
from engine.working_time import (
    OfficeCalendar,
    WorkingPeriod,
    build_calendar,
    indonesian_public_holidays,
    week_minutes,
)

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_HHMM = re.compile(r"^([01]\d|2[0-3])[.:]([0-5]\d)$")


@lru_cache(maxsize=16)
def _national_holidays(years: tuple[int, ...]) -> dict[date, str]:
    return indonesian_public_holidays(years)


def estimated_ramadan_periods(years: tuple[int, ...]) -> tuple[tuple[date, date], ...]:
    """Ramadan as the 30 days before each Idul Fitri of the national calendar (an estimate the office
    may override with its own ``ramadan_periods`` setting)."""
    periods = []
    for day, name in sorted(_national_holidays(years).items()):
        if name.startswith("Hari Raya Idul Fitri"):
            periods.append((day - timedelta(days=30), day - timedelta(days=1)))
    return tuple(periods)


@lru_cache(maxsize=64)
def _calendar(timezone: str, years: tuple[int, ...], office_days: frozenset[tuple[date, bool, str]],
              settings: str) -> OfficeCalendar:
    stored = json.loads(settings)
    estimated = estimated_ramadan_periods(years)
    stored_periods = [(date.fromisoformat(a), date.fromisoformat(b)) for a, b in stored.get("ramadan_periods", [])]
    # The office's own dates replace the estimate for the years they cover; other years stay estimated.
    covered = {day.year for period in stored_periods for day in period}
    ramadan = stored_periods + [p for p in estimated if p[1].year not in covered]
    return build_calendar(
        timezone=timezone,
        years=years,
        week=_week_from_json(stored["working_week"]) if "working_week" in stored else None,
        ramadan_week=_week_from_json(stored["ramadan_week"]) if "ramadan_week" in stored else None,
        ramadan_periods=sorted(ramadan),
        office_days_off={day: text for day, working, text in office_days if not working},
        office_working_days={day: text for day, working, text in office_days if working},
        national_holidays=_national_holidays(years),
    )


def office_calendar(session: Session, timezone: str, around: datetime) -> OfficeCalendar:
    """The calendar for due times near ``around`` (the previous year to three years ahead).

    The office's days and settings are read on every call (small tables, so every process sees a
    change at once); the calendar built from them is cached by their content.
    """
    years = tuple(range(around.year - 1, around.year + 4))
    rows = frozenset(tuple(row) for row in session.execute(
        select(OfficeDay.day, OfficeDay.is_working, OfficeDay.description)))
    settings = {s.key: s.value for s in session.scalars(select(OfficeSetting))}
    return _calendar(timezone, years, rows, json.dumps(settings, sort_keys=True))


def current_office_calendar(db: Database) -> OfficeCalendar:
    """Today's office calendar, to say deadlines on a page in working time (hours are not secret: no check)."""
    with db.transaction(write=False) as session:
        return office_calendar(session, db.timezone, db.clock.now())


def _week_from_json(value: dict[str, list[list[str]]]) -> dict[int, tuple[WorkingPeriod, ...]]:
    return {int(day): tuple(WorkingPeriod(_time(a), _time(b)) for a, b in periods) for day, periods in value.items()}


def _time(text: str) -> time:
    match = _HHMM.match(text.strip())
    if not match:
        raise ValidationFailed("Jam kerja tidak valid.", {"week": f"'{text}' bukan jam (JJ.MM)"})
    return time(int(match.group(1)), int(match.group(2)))


def _week_to_json(week: dict[int, tuple[WorkingPeriod, ...]]) -> dict[str, list[list[str]]]:
    return {str(day): [[p.start.strftime("%H.%M"), p.end.strftime("%H.%M")] for p in periods]
            for day, periods in sorted(week.items())}


@dataclass(frozen=True)
class CalendarDay:
    day: date
    description: str
    source: str  # "nasional", "kantor" (office day off) or "kantor-kerja" (office working day)


@dataclass(frozen=True)
class CalendarOverview:
    year: int
    days: tuple[CalendarDay, ...]
    working_week: dict[str, list[list[str]]]
    ramadan_week: dict[str, list[list[str]]]
    week_hours: float
    ramadan_week_hours: float
    ramadan_periods: tuple[tuple[date, date], ...]
    ramadan_estimated: bool


def calendar_overview(db: Database, actor_id: int, year: int) -> CalendarOverview:
    """The year's days off (national and office), working-day corrections, hours and Ramadan periods."""
    with db.transaction(write=False) as session:
        require_admin(load_actor(session, actor_id))
        now = datetime(year, 7, 1, tzinfo=db.clock.now().tzinfo)
        calendar = office_calendar(session, db.timezone, now)
        office = {d.day: d for d in session.scalars(select(OfficeDay))}
        setting = session.get(OfficeSetting, "ramadan_periods")
        has_ramadan_setting = setting is not None and any(
            year in (date.fromisoformat(a).year, date.fromisoformat(b).year) for a, b in setting.value)
    national = _national_holidays((year,))
    days = [CalendarDay(day, text, "nasional") for day, text in national.items() if day not in office]
    days += [CalendarDay(d.day, d.description, "kantor-kerja" if d.is_working else "kantor")
             for d in office.values() if d.day.year == year]
    return CalendarOverview(
        year=year, days=tuple(sorted(days, key=lambda d: d.day)),
        working_week=_week_to_json(dict(calendar.week)), ramadan_week=_week_to_json(dict(calendar.ramadan_week)),
        week_hours=week_minutes(calendar.week) / 60, ramadan_week_hours=week_minutes(calendar.ramadan_week) / 60,
        ramadan_periods=tuple(p for p in calendar.ramadan_periods if p[0].year == year or p[1].year == year),
        ramadan_estimated=not has_ramadan_setting,
    )


def set_office_day(db: Database, actor_id: int, day: date, *, is_working: bool, description: str) -> None:
    """Add or change an office day off (or a working day that corrects the national calendar)."""
    description = description.strip()
    if not description:
        raise ValidationFailed("Keterangan wajib diisi.", {"description": "Keterangan wajib diisi (mis. SK Bupati)."})
    with db.transaction() as session:
        require_admin(load_actor(session, actor_id))
        row = session.scalar(select(OfficeDay).where(OfficeDay.day == day))
        if row is None:
            session.add(OfficeDay(day=day, is_working=is_working, description=description[:300]))
        else:
            row.is_working, row.description = is_working, description[:300]


def remove_office_day(db: Database, actor_id: int, day: date) -> None:
    with db.transaction() as session:
        require_admin(load_actor(session, actor_id))
        row = session.scalar(select(OfficeDay).where(OfficeDay.day == day))
        if row is None:
            raise NotFound(f"Tidak ada hari kantor pada {day.isoformat()}.")
        session.delete(row)


def parse_week(text: str) -> dict[int, tuple[WorkingPeriod, ...]]:
    """``"Senin-Kamis 07.30-12.00,13.00-16.00; Jumat 07.30-11.30,13.00-16.30"`` → weekday → periods."""
    week: dict[int, tuple[WorkingPeriod, ...]] = {}
    names = {name.lower(): index for index, name in enumerate(WEEKDAYS)}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        days_text, _, periods_text = part.partition(" ")
        first, _, last = days_text.lower().partition("-")
        if first not in names or (last and last not in names):
            raise ValidationFailed("Hari kerja tidak dikenal.", {"week": f"'{days_text}': pakai Senin … Minggu"})
        span = range(names[first], names[last or first] + 1)
        periods = []
        for period in filter(None, (p.strip() for p in periods_text.split(","))):
            start, _, end = period.partition("-")
            periods.append(WorkingPeriod(_time(start), _time(end)))
        for weekday in span:
            week[weekday] = tuple(periods)
    if not week:
        raise ValidationFailed("Jam kerja kosong.", {"week": "tuliskan minimal satu hari kerja"})
    return week


def set_working_hours(db: Database, actor_id: int, *, week: str | None = None, ramadan_week: str | None = None,
                      ramadan_periods: list[tuple[date, date]] | None = None) -> CalendarOverview:
    """Change the office's working hours (normal and Ramadan) or its Ramadan dates; checked first."""
    values: dict[str, Any] = {}
    if week is not None:
        values["working_week"] = _week_to_json(parse_week(week))
    if ramadan_week is not None:
        values["ramadan_week"] = _week_to_json(parse_week(ramadan_week))
    if ramadan_periods is not None:
        for start, end in ramadan_periods:
            if end < start:
                raise ValidationFailed("Periode Ramadan tidak valid.",
                                       {"ramadan_periods": f"{start} sampai {end}: akhir sebelum awal"})
        values["ramadan_periods"] = [[a.isoformat(), b.isoformat()] for a, b in ramadan_periods]
    now = db.clock.now()
    with db.transaction() as session:
        require_admin(load_actor(session, actor_id))
        current = {s.key: s.value for s in session.scalars(select(OfficeSetting))}
        proposed = {**current, **values}
        _calendar(db.timezone, (now.year,), frozenset(), json.dumps(proposed, sort_keys=True))  # validates
        for key, value in values.items():
            setting = session.get(OfficeSetting, key)
            if setting is None:
                session.add(OfficeSetting(key=key, value=value, updated_at=now))
            else:
                setting.value, setting.updated_at = value, now
    return calendar_overview(db, actor_id, now.year)

