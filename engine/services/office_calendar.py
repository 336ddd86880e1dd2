"""The office calendar as stored: national holidays plus the office's own days off and corrections."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.calendar import OfficeCalendar, build_calendar, indonesian_public_holidays
from engine.models import OfficeDay


@lru_cache(maxsize=16)
def _national_holidays(years: tuple[int, ...]) -> dict[date, str]:
    return indonesian_public_holidays(years)


@lru_cache(maxsize=64)
def _calendar(timezone: str, years: tuple[int, ...],
              office_days: frozenset[tuple[date, bool, str]]) -> OfficeCalendar:
    return build_calendar(
        timezone=timezone,
        years=years,
        office_days_off={day: text for day, working, text in office_days if not working},
        office_working_days={day: text for day, working, text in office_days if working},
        national_holidays=_national_holidays(years),
    )


def office_calendar(session: Session, timezone: str, around: datetime) -> OfficeCalendar:
    """The calendar for due times near ``around`` (the previous year to three years ahead).

    The office's own days are read on every call (a small table, so every process sees a change at
    once); the calendar built from them is cached by their content.
    """
    years = tuple(range(around.year - 1, around.year + 4))
    rows = frozenset(tuple(row) for row in session.execute(
        select(OfficeDay.day, OfficeDay.is_working, OfficeDay.description)))
    return _calendar(timezone, years, rows)
