"""Report periods: office-local dates as UTC bounds, their wording, and the range of dates a report accepts.

One rule for every report (archive, compliance, registers, monitoring): a date outside
:data:`EARLIEST`–:data:`LATEST` is refused with a message, never passed on to date arithmetic or the database.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from engine.errors import ValidationFailed
from engine.phrases import N_, Phrase

#: No case predates Alur; the far end leaves room for planned dates (trainings, budget years).
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


def check_report_date(value: date | None, name: str) -> None:
    """Refuse a report date outside the range Alur reports on (``name`` is the form field: ``from``, ``to``)."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValidationFailed(
            N_("Tanggal %(date)s di luar rentang laporan."),
            {name: Phrase(N_("Pilih tanggal antara %(first)s dan %(last)s."),
                          {"first": f"{EARLIEST:%d-%m-%Y}", "last": f"{LATEST:%d-%m-%Y}"})},
            date=f"{value.day:02d}-{value.month:02d}-{value.year:04d}")


def local_period(date_from: date | None, date_to: date | None,
                 timezone: str) -> tuple[datetime | None, datetime | None]:
    """Office-local dates as UTC bounds ``[start of from, start of the day after to)``."""
    check_report_date(date_from, "from")
    check_report_date(date_to, "to")
    if date_from and date_to and date_from > date_to:
        raise ValidationFailed(N_("Periode tidak valid: tanggal awal sesudah tanggal akhir."),
                               {"to": N_("Tanggal akhir harus sama dengan atau sesudah tanggal awal.")})
    zone = ZoneInfo(timezone)
    start = datetime.combine(date_from, time(0), tzinfo=zone) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time(0), tzinfo=zone) if date_to else None
    return start, end


def period_text(date_from: date | None, date_to: date | None) -> str:
    if date_from and date_to:
        return f"{date_from:%d-%m-%Y} s.d. {date_to:%d-%m-%Y}"
    if date_from:
        return f"sejak {date_from:%d-%m-%Y}"
    if date_to:
        return f"sampai {date_to:%d-%m-%Y}"
    return "semua waktu"


def semester_dates(year: int, semester: int) -> tuple[date, date]:
    """The first and last day of a semester (1: January–June, 2: July–December)."""
    if semester not in (1, 2):
        raise ValidationFailed(N_("Semester tidak valid."), {"semester": N_("Semester harus 1 atau 2.")})
    if not EARLIEST.year <= year <= LATEST.year:
        raise ValidationFailed(N_("Tahun %(year)s di luar rentang laporan."),
                               {"year": Phrase(N_("Tahun harus antara %(first)s dan %(last)s."),
                                               {"first": EARLIEST.year, "last": LATEST.year})}, year=year)
    return (date(year, 1, 1), date(year, 6, 30)) if semester == 1 else (date(year, 7, 1), date(year, 12, 31))
