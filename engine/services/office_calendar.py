"""The office calendar as stored: national holidays, the office's own days off and corrections, its
working hours and Ramadan periods; and the administrator's use cases that change them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.access import load_actor, require_admin
from engine.caches import CACHES_KEY, VERSIONS_KEY
from engine.db import Database
from engine.errors import NotFound, ValidationFailed
from engine.models import OfficeDay, OfficeSetting
from engine.phrases import N_, Phrase
from engine.timekeeping.working_time import (
    OfficeCalendar,
    WorkingPeriod,
    build_calendar,
    indonesian_public_holidays,
    week_minutes,
)

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_HHMM = re.compile(r"^([01]\d|2[0-3])[.:]([0-5]\d)(?::00)?$")  # "07.30", or "07:30" / "07:30:00" from <input type=time>
#: Sessions an administrator may give one weekday on the calendar page (a morning and an afternoon).
SESSIONS_PER_DAY = 2
#: A weekday's sessions as typed: (start, end) pairs of "JJ.MM"/"HH:MM" text, "" for a session left empty.
WeekRows = Mapping[int, Sequence[tuple[str, str]]]


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

    The office's days and settings are read when the ``calendar`` counter this transaction read with the acting
    person (``engine.caches``) is not the one the process's cached calendar was built under; every change of them
    raises it, so every process sees a change at once. The calendar built from them is cached by their content.
    """
    years = tuple(range(around.year - 1, around.year + 4))
    versions = session.info.get(VERSIONS_KEY)
    caches = session.info.get(CACHES_KEY)
    if versions is None or caches is None:
        return _read_calendar(session, timezone, years)
    return caches.calendars.get(versions.calendar, (timezone, years), lambda: _read_calendar(session, timezone, years))


def _read_calendar(session: Session, timezone: str, years: tuple[int, ...]) -> OfficeCalendar:
    rows = frozenset(tuple(row) for row in session.execute(
        select(OfficeDay.day, OfficeDay.is_working, OfficeDay.description)))
    settings = {s.key: s.value for s in session.scalars(select(OfficeSetting).where(OfficeSetting.key != "logo"))}
    return _calendar(timezone, years, rows, json.dumps(settings, sort_keys=True))  # the letterhead logo is no hour


def current_office_calendar(db: Database) -> OfficeCalendar:
    """Today's office calendar, to say deadlines on a page in working time (hours are not secret: no check)."""
    with db.transaction(write=False) as session:
        return office_calendar(session, db.timezone, db.clock.now())


def _week_from_json(value: dict[str, list[list[str]]]) -> dict[int, tuple[WorkingPeriod, ...]]:
    return {int(day): tuple(WorkingPeriod(_time(a), _time(b)) for a, b in periods) for day, periods in value.items()}


def _time(text: str) -> time:
    match = _HHMM.match(text.strip())
    if not match:
        raise ValidationFailed(N_("Jam kerja tidak valid."), {"week": Phrase(N_("'%(text)s' bukan jam (JJ.MM)"),
                                                                         {"text": text})})
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
        raise ValidationFailed(N_("Keterangan wajib diisi."),
                               {"description": N_("Keterangan wajib diisi (mis. SK Bupati).")})
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
            raise NotFound(N_("Tidak ada hari kantor pada %(day)s."), day=day.isoformat())
        session.delete(row)


def parse_week(text: str) -> dict[int, tuple[WorkingPeriod, ...]]:
    """``"Senin-Kamis 07.30-12.00,13.00-16.00; Jumat 07.30-11.30,13.00-16.30"`` → weekday → periods."""
    week: dict[int, tuple[WorkingPeriod, ...]] = {}
    names = {name.lower(): index for index, name in enumerate(WEEKDAYS)}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        days_text, _, periods_text = part.partition(" ")
        first, _, last = days_text.lower().partition("-")
        if first not in names or (last and last not in names):
            raise ValidationFailed(N_("Hari kerja tidak dikenal."),
                                   {"week": Phrase(N_("'%(days)s': pakai Senin … Minggu"), {"days": days_text})})
        span = range(names[first], names[last or first] + 1)
        periods = []
        for period in filter(None, (p.strip() for p in periods_text.split(","))):
            start, _, end = period.partition("-")
            periods.append(WorkingPeriod(_time(start), _time(end)))
        for weekday in span:
            week[weekday] = tuple(periods)
    if not week:
        raise ValidationFailed(N_("Jam kerja kosong."), {"week": N_("tuliskan minimal satu hari kerja")})
    return week


def week_from_rows(rows: WeekRows, field: str) -> dict[int, tuple[WorkingPeriod, ...]]:
    """The week an administrator filled in on the calendar page (per weekday up to two sessions, start and end),
    checked day by day: every problem at once, each under ``"<field>.<weekday>"``, the whole week under ``field``.

    A session is both times or neither; a day with no session is a day off.
    """
    week: dict[int, tuple[WorkingPeriod, ...]] = {}
    errors: dict[str, str] = {}
    for weekday, sessions in sorted(rows.items()):
        day = WEEKDAYS[weekday]
        if len([s for s in sessions if any(t.strip() for t in s)]) > SESSIONS_PER_DAY:
            errors[f"{field}.{weekday}"] = Phrase(N_("%(day)s: paling banyak %(sessions_per_day)s sesi kerja."),
                                                  {"day": day, "sessions_per_day": SESSIONS_PER_DAY})
            continue
        periods: list[WorkingPeriod] = []
        for number, (start_text, end_text) in enumerate(sessions, start=1):
            problem = _session_problem(day, number, start_text.strip(), end_text.strip())
            if problem:
                errors.setdefault(f"{field}.{weekday}", problem)
            elif start_text.strip():
                periods.append(WorkingPeriod(_time(start_text), _time(end_text)))
        for before, after in pairwise(periods):
            if after.start < before.end:
                errors.setdefault(f"{field}.{weekday}", (
                    f"{day}: sesi 2 mulai {_hhmm(after.start)}, sebelum sesi 1 selesai {_hhmm(before.end)}; "
                    "sesi 2 harus mulai sesudah sesi 1."))
        if periods:
            week[weekday] = tuple(periods)
    if not week and not errors:
        errors[field] = N_("Isi jam kerja untuk paling sedikit satu hari.")
    if errors:
        raise ValidationFailed(N_("Jam kerja belum benar; tidak ada yang disimpan."), errors)
    return week


def _session_problem(day: str, number: int, start: str, end: str) -> str | None:
    if not start and not end:
        return None
    if not start or not end:
        missing = "jam mulai" if not start else "jam selesai"
        return f"{day} sesi {number}: isi juga {missing}, atau kosongkan keduanya bila tidak ada sesi {number}."
    for text in (start, end):
        if not _HHMM.match(text):
            return f"{day} sesi {number}: '{text}' bukan jam; tulis jam dan menit, misalnya 07.30."
    if _time(end) <= _time(start):
        return (f"{day} sesi {number}: jam selesai {_hhmm(_time(end))} harus sesudah jam mulai "
                f"{_hhmm(_time(start))}.")
    return None


def _hhmm(value: time) -> str:
    return value.strftime("%H.%M")


def set_working_week(db: Database, actor_id: int, *, week: WeekRows, ramadan_week: WeekRows) -> CalendarOverview:
    """Normal and Ramadan hours from the calendar page's per-weekday sessions; both checked before either is kept."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    for field, rows, key in (("week", week, "working_week"), ("ramadan_week", ramadan_week, "ramadan_week")):
        try:
            values[key] = _week_to_json(week_from_rows(rows, field))
        except ValidationFailed as failed:
            errors.update(failed.field_errors)
    if errors:
        raise ValidationFailed(N_("Jam kerja belum benar; tidak ada yang disimpan."), errors)
    return _store_settings(db, actor_id, lambda _current: values)


#: Ramadan lasts 29 or 30 days (one lunar month).
RAMADAN_DAYS = (29, 30)


def set_ramadan_period(db: Database, actor_id: int, year: int, start: date | None,
                       end: date | None) -> CalendarOverview:
    """The office's own Ramadan dates for the year that Ramadan starts in (the government's decision), replacing
    the estimate for that year only; both empty brings the estimate back."""
    errors: dict[str, str] = {}
    if start is None and end is not None:
        errors["ramadan_start"] = N_("Isi tanggal awal Ramadan (1 Ramadan).")
    if end is None and start is not None:
        errors["ramadan_end"] = N_("Isi tanggal akhir Ramadan (hari terakhir puasa, sehari sebelum Idul Fitri).")
    if start is not None and start.year != year:
        errors["ramadan_start"] = Phrase(N_("Awal Ramadan untuk tahun %(year)s harus jatuh pada tahun %(year)s."),
                                         {"year": year})
    if start is not None and end is not None and "ramadan_start" not in errors:
        days = (end - start).days + 1
        if end < start:
            errors["ramadan_end"] = N_("Tanggal akhir Ramadan harus sesudah tanggal awal.")
        elif days not in RAMADAN_DAYS:
            errors["ramadan_end"] = (Phrase(N_("Ramadan berlangsung 29 atau 30 hari; %(start)s sampai %(end)s "
                                               "adalah %(days)s hari."),
                                            {"start": start.isoformat(), "end": end.isoformat(), "days": days}))
    if errors:
        raise ValidationFailed(N_("Masa Ramadan belum benar; tidak ada yang disimpan."), errors)

    def other_years_and_this_one(current: dict[str, Any]) -> dict[str, Any]:
        kept = [[a, b] for a, b in current.get("ramadan_periods", []) if date.fromisoformat(a).year != year]
        mine = [[start.isoformat(), end.isoformat()]] if start and end else []
        return {"ramadan_periods": sorted(kept + mine)}

    return _store_settings(db, actor_id, other_years_and_this_one)


def set_working_hours(db: Database, actor_id: int, *, week: str | None = None, ramadan_week: str | None = None,
                      ramadan_periods: list[tuple[date, date]] | None = None) -> CalendarOverview:
    """Change the office's working hours (normal and Ramadan, in the command line's text) or its Ramadan dates;
    checked first."""
    values: dict[str, Any] = {}
    if week is not None:
        values["working_week"] = _week_to_json(parse_week(week))
    if ramadan_week is not None:
        values["ramadan_week"] = _week_to_json(parse_week(ramadan_week))
    if ramadan_periods is not None:
        for start, end in ramadan_periods:
            if end < start:
                raise ValidationFailed(N_("Periode Ramadan tidak valid."),
                                       {"ramadan_periods": Phrase(N_("%(start)s sampai %(end)s: akhir sebelum awal"),
                                                                  {"start": start, "end": end})})
        values["ramadan_periods"] = [[a.isoformat(), b.isoformat()] for a, b in ramadan_periods]
    return _store_settings(db, actor_id, lambda _current: values)


def _store_settings(db: Database, actor_id: int,
                    change: Callable[[dict[str, Any]], dict[str, Any]]) -> CalendarOverview:
    """Keep checked calendar settings (``change`` gives them from the current ones), after building the calendar
    from them once more, in one transaction."""
    now = db.clock.now()
    with db.transaction() as session:
        require_admin(load_actor(session, actor_id))
        current = {s.key: s.value for s in session.scalars(select(OfficeSetting))}
        values = change(current)
        proposed = {**current, **values}
        _calendar(db.timezone, (now.year,), frozenset(), json.dumps(proposed, sort_keys=True))  # validates
        for key, value in values.items():
            setting = session.get(OfficeSetting, key)
            if setting is None:
                session.add(OfficeSetting(key=key, value=value, updated_at=now))
            else:
                setting.value, setting.updated_at = value, now
    return calendar_overview(db, actor_id, now.year)

