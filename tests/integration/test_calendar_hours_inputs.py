"""Working hours entered two ways store the same week: the calendar page's per-weekday sessions
(``set_working_week``) and the command line's text (``alur calendar set-hours``); Ramadan dates per year."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from engine.db import Database
from engine.errors import ValidationFailed
from engine.services.office_calendar import (
    calendar_overview,
    set_ramadan_period,
    set_working_week,
    week_from_rows,
)

OFFICE_WEEK = {day: [("07:30", "12:00"), ("13:00", "16:00")] for day in range(4)} | {
    4: [("07:30", "11:30"), ("13:00", "16:30")], 5: [("", ""), ("", "")], 6: [("", ""), ("", "")]}
RAMADAN_WEEK = {day: [("08:00", "12:00"), ("12:30", "15:00")] for day in range(4)} | {4: [("08:00", "11:30"), ("", "")]}


def test_the_page_and_the_command_line_store_the_same_week(
        db: Database, staff: dict[str, int], prepared_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.cli.main import cli

    admin = staff["admin"]
    typed = set_working_week(db, admin, week=OFFICE_WEEK, ramadan_week=RAMADAN_WEEK)
    assert typed.week_hours == 37.5 and typed.ramadan_week_hours == 29.5
    monkeypatch.setenv("DATABASE_URL", prepared_database)
    result = CliRunner().invoke(cli, ["calendar", "set-hours",
                                      "--week", "Senin-Jumat 08.00-12.00,13.00-16.00",
                                      "--ramadan", "Senin-Kamis 08.00-12.00,12.30-15.00; Jumat 08.00-11.30"])
    assert result.exit_code == 0, result.output
    from_text = calendar_overview(db, admin, 2026)
    assert (from_text.week_hours, from_text.ramadan_week_hours) == (35, 29.5)
    assert set_working_week(db, admin, week=OFFICE_WEEK, ramadan_week=RAMADAN_WEEK).week_hours == 37.5
    set_working_week(db, admin, week={d: [("08:00", "12:00"), ("13:00", "16:00")] for d in range(5)},
                     ramadan_week=RAMADAN_WEEK)
    assert calendar_overview(db, admin, 2026) == from_text


def test_every_wrong_day_is_named_at_once_and_nothing_is_stored(db: Database, staff: dict[str, int]) -> None:
    before = calendar_overview(db, staff["admin"], 2026)
    week = dict(OFFICE_WEEK) | {0: [("07:30", ""), ("13:00", "16:00")], 2: [("09:00", "08:00"), ("", "")]}
    ramadan = dict(RAMADAN_WEEK) | {3: [("08:00", "12:00"), ("11:00", "15:00")]}
    with pytest.raises(ValidationFailed) as refused:
        set_working_week(db, staff["admin"], week=week, ramadan_week=ramadan)
    assert refused.value.field_errors == {
        "week.0": "Senin sesi 1: isi juga jam selesai, atau kosongkan keduanya bila tidak ada sesi 1.",
        "week.2": "Rabu sesi 1: jam selesai 08.00 harus sesudah jam mulai 09.00.",
        "ramadan_week.3": "Kamis: sesi 2 mulai 11.00, sebelum sesi 1 selesai 12.00; sesi 2 harus mulai sesudah sesi 1.",
    }
    assert calendar_overview(db, staff["admin"], 2026) == before
    with pytest.raises(ValidationFailed) as empty:
        week_from_rows({day: [("", ""), ("", "")] for day in range(7)}, "week")
    assert empty.value.field_errors == {"week": "Isi jam kerja untuk paling sedikit satu hari."}
    with pytest.raises(ValidationFailed) as three:
        week_from_rows({0: [("07:00", "08:00"), ("09:00", "10:00"), ("11:00", "12:00")]}, "week")
    assert three.value.field_errors == {"week.0": "Senin: paling banyak 2 sesi kerja."}


def test_ramadan_dates_are_one_lunar_month_of_their_own_year(db: Database, staff: dict[str, int]) -> None:
    admin = staff["admin"]
    with pytest.raises(ValidationFailed) as long_month:
        set_ramadan_period(db, admin, 2026, date(2026, 2, 18), date(2026, 3, 31))
    assert "Ramadan berlangsung 29 atau 30 hari" in long_month.value.field_errors["ramadan_end"]
    with pytest.raises(ValidationFailed) as other_year:
        set_ramadan_period(db, admin, 2026, date(2027, 2, 8), date(2027, 3, 9))
    assert "harus jatuh pada tahun 2026" in other_year.value.field_errors["ramadan_start"]
    assert calendar_overview(db, admin, 2026).ramadan_estimated
    set_ramadan_period(db, admin, 2026, date(2026, 2, 18), date(2026, 3, 18))  # 29 days
    set_ramadan_period(db, admin, 2027, date(2027, 2, 8), date(2027, 3, 9))  # 30 days
    assert calendar_overview(db, admin, 2026).ramadan_periods == ((date(2026, 2, 18), date(2026, 3, 18)),)
    set_ramadan_period(db, admin, 2026, None, None)
    assert calendar_overview(db, admin, 2026).ramadan_estimated
    assert calendar_overview(db, admin, 2027).ramadan_periods == ((date(2027, 2, 8), date(2027, 3, 9)),)
