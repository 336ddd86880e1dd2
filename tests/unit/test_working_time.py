"""The office calendar: working hours, holidays, corrections and due moments.

Unless a test says otherwise, dates are in 2026 with the real national calendar
from the ``holidays`` package (cuti bersama included).  Two plain working weeks
are used for the simple cases: Monday 2 – Friday 6 and Monday 9 – Friday 13
February 2026 (no holiday between 16 January and 16 February).
"""

from __future__ import annotations

import time as stopwatch
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import ValidationFailed
from engine.timekeeping.deadlines import due_at
from engine.timekeeping.durations import StandardDuration, parse_sop_text
from engine.timekeeping.working_time import (
    OfficeCalendar,
    WorkingPeriod,
    build_calendar,
    default_ramadan_week,
    default_week,
    indonesian_public_holidays,
    week_minutes,
)

MAKASSAR = ZoneInfo("Asia/Makassar")
JAKARTA = ZoneInfo("Asia/Jakarta")
#: Ramadan 1447 H as an office would enter it (1 Ramadan ≈ 19 February, Idul Fitri 21 March 2026).
RAMADAN_2026 = (date(2026, 2, 19), date(2026, 3, 20))
CAL = build_calendar(years=[2025, 2026, 2027], ramadan_periods=[RAMADAN_2026])
PLAIN = build_calendar(years=[2026])  # no Ramadan hours


def wita(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MAKASSAR)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def p(start: str, end: str) -> WorkingPeriod:
    return WorkingPeriod(time.fromisoformat(start), time.fromisoformat(end))


# --- Working weeks --------------------------------------------------------------------------------


def test_default_week_is_37_and_a_half_hours_from_0730() -> None:
    week = default_week()
    assert week_minutes(week) == 37.5 * 60
    assert sorted(week) == [0, 1, 2, 3, 4]  # Saturday and Sunday off
    assert all(periods[0].start == time(7, 30) for periods in week.values())
    assert all(sum(period.minutes for period in week[day]) == 450 for day in range(5))
    assert week[0] == (p("07:30", "12:00"), p("13:00", "16:00"))
    assert week[4] == (p("07:30", "11:30"), p("13:00", "16:30"))


def test_default_ramadan_week_is_32_and_a_half_hours_from_0800() -> None:
    week = default_ramadan_week()
    assert week_minutes(week) == 32.5 * 60
    assert sorted(week) == [0, 1, 2, 3, 4]
    assert all(periods[0].start == time(8, 0) for periods in week.values())
    assert week[0] == (p("08:00", "12:00"), p("12:30", "15:00"))
    assert week[4] == (p("08:00", "11:30"), p("12:30", "15:30"))


def test_working_period_must_end_after_it_starts() -> None:
    with pytest.raises(ValidationFailed, match=r"16\.00–07\.30"):
        p("16:00", "07:30")
    with pytest.raises(ValidationFailed):
        p("08:00", "08:00")
    with pytest.raises(ValidationFailed, match="zona waktu"):
        WorkingPeriod(time(8, tzinfo=UTC), time(9, tzinfo=UTC))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timezone": "Asia/Mataram"},
        {"timezone": "../etc/passwd"},
        {"week": {0: (p("07:30", "12:00"), p("11:00", "16:00"))}},  # overlapping
        {"week": {7: (p("07:30", "12:00"),)}},  # no eighth weekday
        {"week": {}},  # never works
        {"week": {0: ()}},
        {"ramadan_week": {}},
        {"week": {0: ("07:30-16:00",)}},
        {"ramadan_periods": ((date(2026, 3, 20), date(2026, 2, 19)),)},
    ],
)
def test_invalid_calendars_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationFailed):
        OfficeCalendar(**kwargs)  # type: ignore[arg-type]


def test_calendar_is_read_only_and_sorts_periods() -> None:
    afternoon, morning = p("13:00", "16:00"), p("07:30", "12:00")
    days_off = {date(2026, 2, 4): "Rapat"}
    calendar = OfficeCalendar(week={0: (afternoon, morning)}, days_off=days_off)
    assert calendar.week[0] == (morning, afternoon)
    days_off[date(2026, 2, 5)] = "changed later"
    assert date(2026, 2, 5) not in calendar.days_off  # copied, not shared
    with pytest.raises(TypeError):
        calendar.days_off[date(2026, 2, 6)] = "x"  # type: ignore[index]


# --- National holidays ----------------------------------------------------------------------------


def test_national_holidays_include_cuti_bersama_2026() -> None:
    found = indonesian_public_holidays([2026])
    # Idul Fitri 1447 H is Saturday 21 March 2026; the SKB 3 Menteri adds cuti bersama on
    # Friday 20 and Monday 23 – Tuesday 24 March. Cuti bersama only come with 'government'.
    assert found[date(2026, 3, 21)] == "Hari Raya Idul Fitri"
    for day in (date(2026, 3, 20), date(2026, 3, 23), date(2026, 3, 24)):
        assert found[day] == "Cuti Bersama Hari Raya Idul Fitri"
    assert found[date(2026, 12, 24)] == "Cuti Bersama Hari Raya Natal"
    assert found[date(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia"
    assert found[date(2026, 1, 1)] == "Tahun Baru Masehi"
    assert all(day.year == 2026 for day in found)


def test_national_holidays_for_no_year() -> None:
    assert indonesian_public_holidays([]) == {}


def test_build_calendar_merges_office_lists() -> None:
    calendar = build_calendar(
        years=[2026],
        office_days_off={date(2026, 2, 4): "HUT Kabupaten", date(2026, 8, 17): "Upacara"},
        office_working_days={date(2026, 2, 7): "Sabtu pengganti"},
    )
    assert calendar.days_off[date(2026, 2, 4)] == "HUT Kabupaten"
    assert calendar.days_off[date(2026, 8, 17)] == "Hari Kemerdekaan Republik Indonesia; Upacara"
    assert calendar.days_off[date(2026, 3, 20)] == "Cuti Bersama Hari Raya Idul Fitri"
    assert calendar.extra_working_days == {date(2026, 2, 7): "Sabtu pengganti"}
    assert calendar.timezone == "Asia/Makassar"
    assert calendar.week == default_week() and calendar.ramadan_week == default_ramadan_week()


def test_build_calendar_refuses_a_date_both_off_and_working() -> None:
    with pytest.raises(ValidationFailed, match="2026-02-04"):
        build_calendar(
            years=[2026],
            office_days_off={date(2026, 2, 4): "Libur"},
            office_working_days={date(2026, 2, 4): "Masuk"},
        )


def test_build_calendar_accepts_cached_national_holidays() -> None:
    calendar = build_calendar(years=[2026], national_holidays={date(2026, 2, 3): "Uji"})
    assert not calendar.is_working_day(date(2026, 2, 3))
    assert calendar.is_working_day(date(2026, 3, 20))  # the package was not asked


def test_years_outside_the_list_have_no_holidays() -> None:
    assert build_calendar(years=[2025]).is_working_day(date(2026, 3, 20))


# --- Working days and periods ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working", "reason"),
    [
        (date(2026, 2, 2), True, None),  # Monday
        (date(2026, 2, 6), True, None),  # Friday
        (date(2026, 2, 7), False, "Sabtu"),
        (date(2026, 2, 8), False, "Minggu"),
        (date(2026, 3, 20), False, "Cuti Bersama Hari Raya Idul Fitri"),
        (date(2026, 3, 21), False, "Hari Raya Idul Fitri"),
        (date(2026, 8, 17), False, "Hari Kemerdekaan Republik Indonesia"),
    ],
)
def test_is_working_day(day: date, working: bool, reason: str | None) -> None:
    assert CAL.is_working_day(day) is working
    assert CAL.day_off_reason(day) == reason


def test_periods_on() -> None:
    assert CAL.periods_on(date(2026, 2, 2)) == default_week()[0]
    assert CAL.periods_on(date(2026, 2, 6)) == default_week()[4]
    assert CAL.periods_on(date(2026, 2, 7)) == ()
    assert CAL.periods_on(date(2026, 3, 20)) == ()


def test_ramadan_hours_apply_inside_the_ramadan_period() -> None:
    assert CAL.is_ramadan(date(2026, 2, 19)) and CAL.is_ramadan(date(2026, 3, 20))
    assert not CAL.is_ramadan(date(2026, 2, 18))
    assert CAL.periods_on(date(2026, 2, 18)) == default_week()[2]
    assert CAL.periods_on(date(2026, 2, 19)) == default_ramadan_week()[3]
    assert CAL.periods_on(date(2026, 2, 20)) == default_ramadan_week()[4]
    assert CAL.periods_on(date(2026, 3, 25)) == default_week()[2]


def test_extra_working_days() -> None:
    calendar = build_calendar(
        years=[2026],
        ramadan_periods=[RAMADAN_2026],
        office_working_days={
            date(2026, 2, 7): "Sabtu pengganti",  # a weekend made a working day
            date(2026, 2, 21): "Sabtu pengganti di bulan Ramadan",
            date(2026, 3, 20): "Cuti bersama dibatalkan kantor",  # a Friday holiday taken back
            date(2026, 2, 4): "Rabu biasa",
        },
    )
    # A weekend day works Monday's hours; a holiday taken back works its own weekday's hours.
    assert calendar.periods_on(date(2026, 2, 7)) == default_week()[0]
    assert calendar.periods_on(date(2026, 2, 21)) == default_ramadan_week()[0]
    assert calendar.periods_on(date(2026, 3, 20)) == default_ramadan_week()[4]
    assert calendar.periods_on(date(2026, 2, 4)) == default_week()[2]
    assert calendar.day_off_reason(date(2026, 3, 20)) is None


def test_extra_working_day_without_monday_hours_uses_the_first_working_weekday() -> None:
    calendar = OfficeCalendar(
        week={2: (p("08:00", "12:00"),)}, extra_working_days={date(2026, 2, 7): "Sabtu"}
    )
    assert calendar.periods_on(date(2026, 2, 7)) == (p("08:00", "12:00"),)


# --- next_working_moment --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (wita(2026, 2, 2, 10), wita(2026, 2, 2, 10)),  # inside: itself
        (wita(2026, 2, 2, 7, 30), wita(2026, 2, 2, 7, 30)),  # a period start is inside
        (wita(2026, 2, 2, 6), wita(2026, 2, 2, 7, 30)),  # before work
        (wita(2026, 2, 2, 12), wita(2026, 2, 2, 13)),  # a period end is outside
        (wita(2026, 2, 2, 12, 30), wita(2026, 2, 2, 13)),  # lunch
        (wita(2026, 2, 2, 16), wita(2026, 2, 3, 7, 30)),  # after work
        (wita(2026, 2, 6, 16, 15), wita(2026, 2, 6, 16, 15)),  # Friday works until 16.30
        (wita(2026, 2, 6, 17), wita(2026, 2, 9, 7, 30)),  # Friday evening → Monday
        (wita(2026, 2, 7, 10), wita(2026, 2, 9, 7, 30)),  # Saturday → Monday
        (wita(2026, 3, 17, 16), wita(2026, 3, 25, 7, 30)),  # Nyepi and Idul Fitri: 18–24 March off
    ],
)
def test_next_working_moment(at: datetime, expected: datetime) -> None:
    assert PLAIN.next_working_moment(at) == expected


def test_next_working_moment_in_ramadan() -> None:
    assert CAL.next_working_moment(wita(2026, 2, 23, 7, 30)) == wita(2026, 2, 23, 8)
    assert CAL.next_working_moment(wita(2026, 2, 23, 12, 15)) == wita(2026, 2, 23, 12, 30)
    assert CAL.next_working_moment(wita(2026, 2, 23, 15, 30)) == wita(2026, 2, 24, 8)


# --- add_working_time -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (wita(2026, 2, 2, 10), 30, wita(2026, 2, 2, 10, 30)),  # Monday 10.00 + 30 minutes
        (wita(2026, 2, 2, 11, 45), 30, wita(2026, 2, 2, 13, 15)),  # across the lunch break
        (wita(2026, 2, 2, 11, 30), 30, wita(2026, 2, 2, 12)),  # lands on a period end: stays
        (wita(2026, 2, 2, 15), 60, wita(2026, 2, 2, 16)),  # lands on the day's end: stays
        (wita(2026, 2, 2, 15), 61, wita(2026, 2, 3, 7, 31)),
        (wita(2026, 2, 6, 16), 60, wita(2026, 2, 9, 8)),  # Friday 16.00 + 1 h: 30 min Fri, 30 min Mon
        (wita(2026, 2, 7, 10), 30, wita(2026, 2, 9, 8)),  # Saturday: counting starts Monday
        (wita(2026, 2, 2, 12, 30), 30, wita(2026, 2, 2, 13, 30)),  # from the lunch break
        (wita(2026, 2, 2, 7, 30), 450, wita(2026, 2, 2, 16)),  # one full day
        (wita(2026, 2, 2, 7, 30), 2250, wita(2026, 2, 6, 16, 30)),  # one full week: 37.5 h
        (wita(2026, 2, 2, 10), 0, wita(2026, 2, 2, 10)),
        (wita(2026, 2, 7, 10), 0, wita(2026, 2, 7, 10)),  # zero minutes: start unchanged
    ],
)
def test_add_working_time(start: datetime, minutes: int, expected: datetime) -> None:
    assert PLAIN.add_working_time(start, minutes) == expected


def test_add_working_time_in_ramadan() -> None:
    # Monday 23 February 2026 is in Ramadan: work ends at 15.00 and starts at 08.00.
    assert CAL.add_working_time(wita(2026, 2, 23, 14, 30), 60) == wita(2026, 2, 24, 8, 30)
    assert CAL.add_working_time(wita(2026, 2, 23, 11, 45), 30) == wita(2026, 2, 23, 12, 45)


def test_add_working_time_skips_holidays() -> None:
    # Tuesday 17 March 2026 15.30: 30 minutes that day, then 18–24 March are off.
    assert PLAIN.add_working_time(wita(2026, 3, 17, 15, 30), 60) == wita(2026, 3, 25, 8)


@pytest.mark.parametrize("minutes", [-1, 1.5, True])
def test_add_working_time_refuses_odd_minutes(minutes: object) -> None:
    with pytest.raises(ValueError, match="non-negative int"):
        PLAIN.add_working_time(wita(2026, 2, 2, 10), minutes)  # type: ignore[arg-type]


# --- add_working_days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (wita(2026, 2, 6, 10), 1, wita(2026, 2, 9, 10)),  # "1 hari" from Friday 10.00 → Monday 10.00
        (wita(2026, 2, 2, 10), 1, wita(2026, 2, 3, 10)),
        (wita(2026, 2, 2, 10), 5, wita(2026, 2, 9, 10)),
        (wita(2026, 2, 7, 9), 1, wita(2026, 2, 10, 7, 30)),  # Saturday → starts Monday 07.30
        (wita(2026, 2, 5, 16), 1, wita(2026, 2, 9, 7, 30)),  # Thursday 16.00 is after work
        (wita(2026, 2, 5, 15, 50), 1, wita(2026, 2, 6, 15, 50)),  # Friday works until 16.30
        (wita(2026, 2, 6, 16, 20), 1, wita(2026, 2, 9, 16)),  # Monday ends 16.00: clamped
        (wita(2026, 2, 2, 11, 45), 4, wita(2026, 2, 6, 13)),  # Friday's break 11.30–13.00
        (wita(2026, 2, 2, 12, 30), 1, wita(2026, 2, 3, 13)),  # moved to 13.00 first
        (wita(2026, 2, 2, 10), 0, wita(2026, 2, 2, 10)),
        (wita(2026, 2, 7, 10), 0, wita(2026, 2, 9, 7, 30)),
    ],
)
def test_add_working_days(start: datetime, days: int, expected: datetime) -> None:
    assert PLAIN.add_working_days(start, days) == expected


def test_add_working_days_into_ramadan_keeps_inside_ramadan_hours() -> None:
    # Wednesday 18 February is a normal day; Thursday 19 February is the first Ramadan day (08.00–15.00).
    assert CAL.add_working_days(wita(2026, 2, 18, 7, 45), 1) == wita(2026, 2, 19, 8)
    assert CAL.add_working_days(wita(2026, 2, 18, 15, 30), 1) == wita(2026, 2, 19, 15)
    # Thursday 11.45 falls in the Ramadan Friday break (11.30–12.30): moved to 12.30.
    assert CAL.add_working_days(wita(2026, 2, 19, 11, 45), 1) == wita(2026, 2, 20, 12, 30)


def test_28_working_days_across_idul_fitri_2026() -> None:
    # Started Tuesday 17 March 2026, 10.00 WITA (in Ramadan, inside 08.00–12.00).
    # Off: 18 Mar (cuti bersama Nyepi), 19 Mar (Nyepi), 20 Mar (cuti bersama Idul Fitri),
    # 21–22 Mar (Idul Fitri, a weekend), 23–24 Mar (cuti bersama), 3 Apr (Wafat Yesus Kristus),
    # 1 May (Hari Buruh), and every weekend. Counting working days after 17 March:
    #   March 25, 26, 27, 30, 31                       →  1– 5
    #   April 1, 2, 6, 7, 8, 9, 10                     →  6–12
    #   April 13–17                                    → 13–17
    #   April 20–24                                    → 18–22
    #   April 27, 28, 29, 30                           → 23–26
    #   May 4, 5                                       → 27–28
    # so the step is due Tuesday 5 May 2026 at the same clock time, 10.00 WITA (02.00 UTC).
    started = wita(2026, 3, 17, 10)
    expected = utc(2026, 5, 5, 2)
    assert CAL.add_working_days(started, 28) == expected
    assert due_at(started, parse_sop_text("28 hari"), CAL) == expected
    assert due_at(started, parse_sop_text("28 hari kerja"), CAL) == expected
    # The same 28 days counted on the calendar: 14 April, holidays or not.
    assert due_at(started, parse_sop_text("28 hari kalender"), CAL) == wita(2026, 4, 14, 10)


def test_office_day_off_and_extra_working_day() -> None:
    calendar = build_calendar(
        years=[2026],
        office_days_off={date(2026, 2, 4): "HUT Kabupaten Lombok Barat"},
        office_working_days={date(2026, 2, 7): "Sabtu pengganti"},
    )
    one_day = parse_sop_text("1 hari")
    # Tuesday + 1 day skips the office's own day off on Wednesday.
    assert due_at(wita(2026, 2, 3, 10), one_day, calendar) == wita(2026, 2, 5, 10)
    # Friday + 1 day lands on the Saturday that the office works.
    assert due_at(wita(2026, 2, 6, 10), one_day, calendar) == wita(2026, 2, 7, 10)
    # Friday 16.15 + 1 day: Saturday works Monday's hours, which end at 16.00.
    assert due_at(wita(2026, 2, 6, 16, 15), one_day, calendar) == wita(2026, 2, 7, 16)
    assert calendar.working_minutes_between(wita(2026, 2, 2), wita(2026, 2, 9)) == 5 * 450


def test_holiday_taken_back_by_the_office() -> None:
    calendar = build_calendar(years=[2026], office_working_days={date(2026, 3, 20): "Masuk"})
    # Tuesday 17 March 10.00 + 1 day: 18–19 March are off, Friday 20 March now works.
    assert due_at(wita(2026, 3, 17, 10), parse_sop_text("1 hari"), calendar) == wita(2026, 3, 20, 10)


@pytest.mark.parametrize("days", [-1, 2.0, False])
def test_add_working_days_refuses_odd_days(days: object) -> None:
    with pytest.raises(ValueError, match="non-negative int"):
        PLAIN.add_working_days(wita(2026, 2, 2, 10), days)  # type: ignore[arg-type]


# --- working_minutes_between ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "minutes"),
    [
        (wita(2026, 2, 2, 10), wita(2026, 2, 2, 10, 30), 30),
        (wita(2026, 2, 2, 11, 45), wita(2026, 2, 2, 13, 15), 30),  # lunch does not count
        (wita(2026, 2, 6, 16), wita(2026, 2, 9, 8), 60),  # nor does the weekend
        (wita(2026, 2, 2), wita(2026, 2, 3), 450),
        (wita(2026, 2, 2), wita(2026, 2, 9), 2250),  # 37.5 h
        (wita(2026, 2, 7), wita(2026, 2, 9), 0),
        (wita(2026, 2, 2, 10), wita(2026, 2, 2, 10), 0),
        (wita(2026, 2, 2, 11), wita(2026, 2, 2, 10), 0),  # b before a
        (wita(2026, 2, 2, 10), wita(2026, 2, 2, 10, 0) + timedelta(seconds=119), 1),  # whole minutes
        (wita(2026, 3, 17), wita(2026, 3, 26), 2 * 450),  # 17 and 25 March only
    ],
)
def test_working_minutes_between(a: datetime, b: datetime, minutes: int) -> None:
    assert PLAIN.working_minutes_between(a, b) == minutes


def test_working_minutes_in_ramadan_week() -> None:
    # Monday 23 – Friday 27 February 2026: all Ramadan days, 32.5 h.
    assert CAL.working_minutes_between(wita(2026, 2, 23), wita(2026, 2, 28)) == 32.5 * 60


def test_a_year_is_counted_day_by_day_and_quickly() -> None:
    begin = stopwatch.perf_counter()
    total = CAL.working_minutes_between(wita(2026, 1, 1), wita(2027, 1, 1))
    due = CAL.add_working_days(wita(2026, 1, 2, 9), 28)
    elapsed = stopwatch.perf_counter() - begin
    by_day = sum(
        period.minutes
        for offset in range(365)
        for period in CAL.periods_on(date(2026, 1, 1) + timedelta(days=offset))
    )
    assert total == by_day
    # 261 weekdays minus 21 weekday holidays and cuti bersama = 240 working days,
    # 19 of them in Ramadan (6.5 h) and 221 outside (7.5 h).
    assert sum(CAL.is_working_day(date(2026, 1, 1) + timedelta(days=n)) for n in range(365)) == 240
    assert total == 221 * 450 + 19 * 390
    assert due > wita(2026, 2, 10)
    assert elapsed < 0.5


# --- due_at ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "text", "expected"),
    [
        (wita(2026, 2, 2, 10), "30 Menit", wita(2026, 2, 2, 10, 30)),
        (wita(2026, 2, 2, 10), "3 Jam", wita(2026, 2, 2, 14)),  # 2 h before lunch, 1 h after
        (wita(2026, 2, 6, 16), "1 jam", wita(2026, 2, 9, 8)),
        (wita(2026, 2, 6, 10), "1 hari", wita(2026, 2, 9, 10)),
        (wita(2026, 2, 6, 10), "1 hari kerja", wita(2026, 2, 9, 10)),
        (wita(2026, 2, 2, 10), "2 Minggu", wita(2026, 2, 18, 10)),  # 10 working days; 16–17 Feb off
        (wita(2026, 2, 2, 10), "1 minggu", wita(2026, 2, 9, 10)),
        (wita(2026, 1, 31, 10), "2 Bulan", wita(2026, 3, 31, 10)),  # Saturday start, Tuesday result
        (wita(2026, 1, 20, 10), "2 bulan", wita(2026, 3, 25, 7, 30)),  # 20 March is cuti bersama
        (wita(2026, 2, 2, 10), "1 Tahun", wita(2027, 2, 2, 10)),
        (wita(2026, 2, 6, 16), "3 jam kalender", wita(2026, 2, 6, 19)),  # calendar: no adjustment
        (wita(2026, 3, 19, 10), "1 hari kalender", wita(2026, 3, 20, 10)),  # may land on a day off
        (wita(2026, 2, 6, 10), "2 minggu kalender", wita(2026, 2, 20, 10)),
        (wita(2026, 1, 31, 10), "1 bulan kalender", wita(2026, 2, 28, 10)),  # a Saturday, kept
    ],
)
def test_due_at(start: datetime, text: str, expected: datetime) -> None:
    due = due_at(start, parse_sop_text(text), PLAIN)
    assert due == expected
    assert due.tzinfo is UTC


def test_one_day_is_a_working_day_not_24_working_hours() -> None:
    start = wita(2026, 2, 2, 10)
    one_day = due_at(start, StandardDuration(1, "days"), PLAIN)
    assert one_day == wita(2026, 2, 3, 10)
    assert PLAIN.add_working_time(start, 24 * 60) > wita(2026, 2, 5)  # the known bug elsewhere


def test_utc_in_utc_out() -> None:
    # Monday 2 February 2026 10.00 WITA is 02.00 UTC and 09.00 WIB: the same moment.
    for start in (utc(2026, 2, 2, 2), wita(2026, 2, 2, 10), datetime(2026, 2, 2, 9, tzinfo=JAKARTA)):
        due = due_at(start, StandardDuration(30, "minutes"), PLAIN)
        assert due == utc(2026, 2, 2, 2, 30)
        assert due.tzinfo is UTC and due.utcoffset() == timedelta(0)
    assert PLAIN.next_working_moment(utc(2026, 2, 1, 23, 30)).tzinfo is UTC  # 07.30 WITA Monday
    assert PLAIN.next_working_moment(utc(2026, 2, 1, 23, 30)) == utc(2026, 2, 1, 23, 30)
    assert PLAIN.add_working_days(utc(2026, 2, 2, 2), 1).tzinfo is UTC
    # 23.00 UTC on Sunday is already Monday 07.00 in Makassar: work starts half an hour later.
    assert PLAIN.next_working_moment(utc(2026, 2, 1, 23)) == utc(2026, 2, 1, 23, 30)


def test_other_office_timezone() -> None:
    calendar = build_calendar(timezone="Asia/Jakarta", years=[2026])
    # 07.30 WIB is 00.30 UTC.
    assert calendar.next_working_moment(utc(2026, 2, 2)) == utc(2026, 2, 2, 0, 30)


NAIVE = datetime(2026, 2, 2, 10)


@pytest.mark.parametrize(
    "call",
    [
        lambda: PLAIN.next_working_moment(NAIVE),
        lambda: PLAIN.add_working_time(NAIVE, 30),
        lambda: PLAIN.add_working_days(NAIVE, 1),
        lambda: PLAIN.working_minutes_between(NAIVE, wita(2026, 2, 3)),
        lambda: PLAIN.working_minutes_between(wita(2026, 2, 1), NAIVE),
        lambda: PLAIN.is_working_moment(NAIVE),
        lambda: due_at(NAIVE, StandardDuration(1, "days"), PLAIN),
        lambda: due_at(NAIVE, StandardDuration(1, "days", "calendar"), PLAIN),
    ],
)
def test_naive_datetimes_are_rejected(call: object) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call()  # type: ignore[operator]


# --- Properties -----------------------------------------------------------------------------------

#: A calendar with every kind of exception: Ramadan, holidays and cuti bersama, office days off
#: and corrections, so properties cross all of them.
PROPERTY_CAL = build_calendar(
    years=[2025, 2026, 2027],
    ramadan_periods=[(date(2025, 3, 1), date(2025, 3, 30)), RAMADAN_2026],
    office_days_off={date(2026, 2, 4): "HUT Kabupaten", date(2026, 6, 2): "Rapat kerja"},
    office_working_days={date(2026, 2, 7): "Sabtu pengganti", date(2026, 3, 20): "Masuk"},
)

moments = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2027, 6, 30),
    timezones=st.sampled_from([UTC, MAKASSAR]),
)
minute_moments = moments.map(lambda moment: moment.replace(second=0, microsecond=0))
WORKING_UNIT_LIMITS = {"minutes": 5000, "hours": 100, "days": 60, "weeks": 12, "months": 12, "years": 2}
working_durations = st.sampled_from(sorted(WORKING_UNIT_LIMITS)).flatmap(
    lambda unit: st.integers(1, WORKING_UNIT_LIMITS[unit]).map(lambda n: StandardDuration(n, unit))
)
any_durations = st.tuples(working_durations, st.sampled_from(["working", "calendar"])).map(
    lambda pair: StandardDuration(pair[0].amount, pair[0].unit, pair[1])  # type: ignore[arg-type]
)
PROPERTY = settings(deadline=None)


def inside_working_hours(calendar: OfficeCalendar, moment: datetime) -> bool:
    """Inside a working period, its end included (a result may land exactly on a period end)."""
    local = moment.astimezone(calendar.zone)
    return any(period.start <= local.time() <= period.end for period in calendar.periods_on(local.date()))


@PROPERTY
@given(start=moments, duration=any_durations)
def test_due_is_never_before_start(start: datetime, duration: StandardDuration) -> None:
    assert due_at(start, duration, PROPERTY_CAL) >= start


@PROPERTY
@given(start=moments, duration=working_durations, extra=st.integers(0, 30))
def test_due_is_monotonic_in_the_amount(start: datetime, duration: StandardDuration, extra: int) -> None:
    limit = WORKING_UNIT_LIMITS[duration.unit]
    longer = StandardDuration(min(duration.amount + extra, limit), duration.unit)
    assert due_at(start, duration, PROPERTY_CAL) <= due_at(start, longer, PROPERTY_CAL)


@PROPERTY
@given(start=moments, days=st.integers(0, 40), extra=st.integers(1, 5))
def test_more_working_days_is_later(start: datetime, days: int, extra: int) -> None:
    assert PROPERTY_CAL.add_working_days(start, days) < PROPERTY_CAL.add_working_days(start, days + extra)


@PROPERTY
@given(start=moments, duration=working_durations)
def test_working_due_falls_in_working_hours(start: datetime, duration: StandardDuration) -> None:
    due = due_at(start, duration, PROPERTY_CAL)
    local_day = due.astimezone(MAKASSAR).date()
    assert PROPERTY_CAL.is_working_day(local_day)
    assert inside_working_hours(PROPERTY_CAL, due)


@PROPERTY
@given(raw=moments, minutes=st.integers(0, 20_000))
def test_working_minutes_invert_add_working_time(raw: datetime, minutes: int) -> None:
    start = PROPERTY_CAL.next_working_moment(raw)
    between, add = PROPERTY_CAL.working_minutes_between, PROPERTY_CAL.add_working_time
    assert between(start, add(start, minutes)) == minutes
    # Time before the first working moment does not count either.
    assert between(raw, add(raw, minutes)) == minutes


@PROPERTY
@given(start=moments, first=st.integers(0, 3000), second=st.integers(0, 3000))
def test_adding_working_time_in_two_steps(start: datetime, first: int, second: int) -> None:
    halfway = PROPERTY_CAL.add_working_time(start, first)
    in_one_step = PROPERTY_CAL.add_working_time(start, first + second)
    assert PROPERTY_CAL.add_working_time(halfway, second) == in_one_step


@PROPERTY
@given(a=minute_moments, b=minute_moments, c=minute_moments)
def test_working_minutes_add_up(a: datetime, b: datetime, c: datetime) -> None:
    a, b, c = sorted((a, b, c))
    between = PROPERTY_CAL.working_minutes_between
    assert between(a, b) + between(b, c) == between(a, c)
    assert between(c, a) == 0


@PROPERTY
@given(at=moments)
def test_next_working_moment_is_a_working_moment(at: datetime) -> None:
    moment = PROPERTY_CAL.next_working_moment(at)
    assert moment >= at and moment.tzinfo is UTC
    assert PROPERTY_CAL.is_working_moment(moment)
    assert PROPERTY_CAL.next_working_moment(moment) == moment
    assert PROPERTY_CAL.working_minutes_between(at, moment) == 0


@PROPERTY
@given(naive=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)))
def test_any_naive_datetime_is_rejected(naive: datetime) -> None:
    for call in (
        lambda: PROPERTY_CAL.next_working_moment(naive),
        lambda: PROPERTY_CAL.add_working_time(naive, 1),
        lambda: PROPERTY_CAL.add_working_days(naive, 1),
        lambda: PROPERTY_CAL.working_minutes_between(naive, utc(2026, 1, 1)),
        lambda: due_at(naive, StandardDuration(1, "hours"), PROPERTY_CAL),
    ):
        with pytest.raises(ValueError, match="timezone-aware"):
            call()
