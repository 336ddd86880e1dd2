"""The office calendar as stored: national holidays plus the office's own days off and corrections."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.calendar import OfficeCalendar, build_calendar, indonesian_public_holidays
from engine.models import OfficeDay


@lru_cache(maxsize=16)
def _national_holidays(years: tuple[int, ...]) -> dict:
    return indonesian_public_holidays(years)


def office_calendar(session: Session, timezone: str, around: datetime) -> OfficeCalendar:
    """The calendar for due times near ``around`` (the previous year to three years ahead)."""
    years = tuple(range(around.year - 1, around.year + 4))
    days = list(session.scalars(select(OfficeDay)))
    calendar = build_calendar(
        timezone=timezone,
        years=years,
        office_days_off={d.day: d.description for d in days if not d.is_working},
        office_working_days={d.day: d.description for d in days if d.is_working},
        national_holidays=_national_holidays(years),
    )
    return calendar
