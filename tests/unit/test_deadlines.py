"""A step's deadlines and their wording: reminder, due soon, escalation, lateness on the office's own day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from engine.labels import Phrase
from engine.timekeeping.deadlines import (
    deadline_words,
    due_at,
    due_time_words,
    escalation_time,
    escalation_words,
    is_due_soon,
    lateness_at,
    lateness_words,
    reminder_time,
    time_left_words,
    working_day_minutes,
    working_time_words,
)
from engine.timekeeping.durations import StandardDuration
from engine.timekeeping.working_time import OfficeCalendar, WorkingPeriod, build_calendar

WITA = ZoneInfo("Asia/Makassar")
#: The default office: 07.30–16.00 with a break, 7.5 working hours a day.
STANDARD = build_calendar(years=[2026], national_holidays={})
#: An office that sets its own hours: 08.00–16.00 without a break, 8 working hours Monday to Friday.
EIGHT_HOURS = (WorkingPeriod(time(8), time(16)),)
LONG_DAYS = build_calendar(years=[2026], national_holidays={}, week={d: EIGHT_HOURS for d in range(5)})


def wita(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026 (the 23rd is a Monday), office time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=WITA)


def test_the_working_day_is_the_office_s_own() -> None:
    assert working_day_minutes(STANDARD) == 450
    assert working_day_minutes(LONG_DAYS) == 480
    ramadan = OfficeCalendar(ramadan_periods=((date(2026, 2, 18), date(2026, 3, 19)),))
    assert working_day_minutes(ramadan, date(2026, 3, 2)) == 390  # Ramadan hours: 6.5 a day
    assert working_day_minutes(ramadan, date(2026, 4, 2)) == 450
    # Four long days and one short one: a day in words is the usual (long) one.
    friday_short = {**{d: EIGHT_HOURS for d in range(4)}, 4: (WorkingPeriod(time(8), time(11)),)}
    assert working_day_minutes(OfficeCalendar(week=friday_short)) == 480


def test_lateness_is_said_on_the_calendar_s_working_day() -> None:
    # Due Monday 08.00, now Tuesday 12.00: 8 + 4 working hours in an 8-hour office.
    assert str(lateness_at(wita(23, 8), wita(24, 12), LONG_DAYS)) == "terlambat 1 hari kerja 4 jam"
    # The same 480 minutes are a whole day in that office, a day and half an hour in a 7.5-hour one.
    assert str(lateness_words(480, 480)) == "terlambat 1 hari kerja"
    assert str(lateness_words(480, 450)) == "terlambat 1 hari kerja 30 menit"
    # Due Monday 09.00 in the standard office, now Tuesday 14.30: 6 h on each day, 12 h = 7.5 h + 4 h 30.
    assert str(lateness_at(wita(23, 9), wita(24, 14, 30), STANDARD)) == "terlambat 1 hari kerja 4 jam"


@pytest.mark.parametrize(("minutes", "words"), [
    (0, "kurang dari 1 menit"),
    (25, "25 menit kerja"),
    (125, "2 jam 5 menit kerja"),
    (480, "1 hari kerja"),
    (480 * 2 + 61, "2 hari kerja 1 jam"),  # two units at most, the larger ones
    (480 + 5, "1 hari kerja 5 menit"),
])
def test_working_time_words(minutes: int, words: str) -> None:
    assert str(working_time_words(minutes, 480)) == words


def test_time_left_and_due_time() -> None:
    assert str(time_left_words(25, 450)) == "sisa 25 menit kerja"
    now = wita(23, 9)
    assert str(due_time_words(wita(23, 14, 30), now, "Asia/Makassar")) == "jatuh tempo hari ini 14.30 WITA"
    assert str(due_time_words(wita(24, 8), now, "Asia/Makassar")) == "jatuh tempo besok 08.00 WITA"
    assert str(due_time_words(wita(26, 8), now, "Asia/Makassar")) == "jatuh tempo 26-11-2026 08.00 WITA"
    assert str(due_time_words(wita(23, 14, 30), now, "Asia/Jakarta")) == "jatuh tempo hari ini 13.30 WIB"


def test_one_phrase_for_a_step_s_deadline() -> None:
    started, due = wita(23, 8), wita(23, 16)  # a whole working day in the 8-hour office
    assert str(deadline_words(started, due, wita(23, 9), LONG_DAYS)) == "jatuh tempo hari ini 16.00 WITA"
    assert str(deadline_words(started, due, wita(23, 15, 35), LONG_DAYS)) == "sisa 25 menit kerja"
    assert str(deadline_words(started, due, wita(24, 10), LONG_DAYS)) == "terlambat 2 jam kerja"


def test_reminder_at_four_fifths_of_the_working_time() -> None:
    # 30 working minutes from Monday 11.50 in the standard office: 10 before the break, 20 after it.
    started = wita(23, 11, 50)
    due = due_at(started, StandardDuration(30, "minutes"), STANDARD)
    assert due == wita(23, 13, 20)
    assert reminder_time(started, due, STANDARD) == wita(23, 13, 14)  # 24 of the 30 minutes
    assert reminder_time(started, started + timedelta(minutes=4), STANDARD) is None  # no time to remind


def test_due_soon_is_the_last_quarter() -> None:
    started, due = wita(23, 8), wita(23, 16)
    assert not is_due_soon(started, due, wita(23, 13, 59))
    assert is_due_soon(started, due, wita(23, 14))
    assert is_due_soon(started, due, due)
    assert not is_due_soon(started, due, due + timedelta(seconds=1))  # late, no longer "soon"


def test_escalation_levels_count_standard_times_after_the_due_time() -> None:
    due, standard = wita(23, 10), StandardDuration(1, "days")
    assert escalation_time(due, standard, 1, STANDARD, max_levels=2) == wita(24, 10)
    assert escalation_time(due, standard, 2, STANDARD, max_levels=2) == wita(25, 10)
    assert escalation_time(due, standard, 3, STANDARD, max_levels=2) is None
    assert escalation_time(due, standard, 0, STANDARD, max_levels=2) is None
    half = escalation_time(wita(23, 11), StandardDuration(4, "hours"), 1, STANDARD, max_levels=2, factor=0.5)
    assert half == wita(23, 14)  # 2 working hours, across the 12.00–13.00 break


def test_escalation_levels_are_numbered_from_one_everywhere() -> None:
    assert str(escalation_words(1)) == "Eskalasi tingkat 1"
    assert escalation_words(2).key == "Eskalasi tingkat %(level)s"  # the board translates the same msgid


def test_phrases_translate_as_a_whole_with_plurals() -> None:
    english = {"terlambat %(span)s": "late by %(span)s", "%(first)s %(second)s": "%(first)s %(second)s",
               "%(time)s kerja": "%(time)s of working time"}
    plurals = {"%(num)s hari kerja": ("%(num)s working day", "%(num)s working days"),
               "%(num)s jam": ("%(num)s hour", "%(num)s hours"), "%(num)s menit": ("%(num)s minute", "%(num)s minutes")}

    def gettext(key: str) -> str:
        return english[key]

    def ngettext(singular: str, plural: str, count: int) -> str:
        return plurals[singular][0 if count == 1 else 1]

    assert lateness_words(480 + 120, 480).render(gettext, ngettext) == "late by 1 working day 2 hours"
    assert lateness_words(61, 480).render(gettext, ngettext) == "late by 1 hour 1 minute of working time"
    assert str(Phrase("tanpa parameter")) == "tanpa parameter"
