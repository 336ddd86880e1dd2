"""The office calendar an administrator keeps, and due times that follow it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from engine.db import Database
from engine.errors import NotAuthorized, ValidationFailed
from engine.services import inbox, start_case, sync_processes
from engine.services.office_calendar import (
    calendar_overview,
    estimated_ramadan_periods,
    remove_office_day,
    set_office_day,
    set_working_hours,
)
from engine.timekeeping.clock import FixedClock

from support import decision_sketch, write_process


@pytest.fixture
def process(db: Database, tmp_path: Path) -> str:
    write_process(tmp_path, decision_sketch("uji_kalender", duration="P28D"))
    sync_processes(db, tmp_path)
    return "uji_kalender"


def _due(db: Database, user: int, subject: str = "X") -> datetime:
    [row] = [r for r in inbox(db, user, "queue").rows if r.subject == subject]
    return row.due_at


def test_a_28_day_step_before_idul_fitri_2026_skips_its_holidays_and_cuti_bersama(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    clock.set(datetime(2026, 3, 16, 1, 0, tzinfo=UTC))  # Monday 16 March 2026, 09:00 WITA
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    due = _due(db, staff["uji_pelaksana"])
    # Days off: 18 March (cuti Nyepi), 19 (Nyepi), 20 (cuti), 21-22 (Idul Fitri, a weekend), 23-24 (cuti),
    # 3 April (Good Friday), 1 May (Labour Day) and weekends. Working days from 17 March: 17, 25, 26, 27,
    # 30, 31 March (6); 1-2, 6-10, 13-17, 20-24, 27-30 April (21 → 27); 4 May is the 28th. Same clock time.
    assert due == datetime(2026, 5, 4, 1, 0, tzinfo=UTC)


def test_an_office_day_off_moves_due_times_and_a_correction_undoes_it(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    admin = staff["admin"]
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "A"})
    before = _due(db, staff["uji_pelaksana"], "A")
    set_office_day(db, admin, date(2026, 11, 24), is_working=False, description="Libur HUT Kabupaten")
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "B"})
    assert _due(db, staff["uji_pelaksana"], "B") == before + timedelta(days=1)  # one working day later
    overview = calendar_overview(db, admin, 2026)
    assert any(d.day == date(2026, 11, 24) and d.source == "kantor" for d in overview.days)
    remove_office_day(db, admin, date(2026, 11, 24))
    set_office_day(db, admin, date(2026, 11, 28), is_working=True, description="Sabtu masuk (pengganti)")
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "C"})
    assert _due(db, staff["uji_pelaksana"], "C") < before  # a Saturday made a working day brings it earlier


def test_only_admins_change_the_calendar_and_bad_input_changes_nothing(db: Database, staff: dict[str, int]) -> None:
    with pytest.raises(NotAuthorized):
        set_office_day(db, staff["kadis"], date(2026, 12, 1), is_working=False, description="x")
    with pytest.raises(ValidationFailed):
        set_office_day(db, staff["admin"], date(2026, 12, 1), is_working=False, description="  ")
    with pytest.raises(ValidationFailed, match="Hari kerja tidak dikenal"):
        set_working_hours(db, staff["admin"], week="Someday 07.30-16.00")
    with pytest.raises(ValidationFailed):
        set_working_hours(db, staff["admin"], week="Senin 16.00-07.30")
    overview = calendar_overview(db, staff["admin"], 2026)
    assert overview.week_hours == 37.5 and overview.ramadan_week_hours == 32.5


def test_working_hours_are_configurable(db: Database, process: str, staff: dict[str, int]) -> None:
    overview = set_working_hours(db, staff["admin"],
                                 week="Senin-Kamis 08.00-12.00,13.00-16.30; Jumat 08.00-11.30,13.00-16.00")
    assert overview.week_hours == 7.5 * 4 + 6.5
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})  # Monday 09:00, 28 working days
    assert _due(db, staff["uji_pelaksana"]).weekday() in range(5)


def test_ramadan_is_estimated_from_idul_fitri() -> None:
    periods = estimated_ramadan_periods((2026,))
    assert periods == ((date(2026, 2, 19), date(2026, 3, 20)),)


def test_cli_manages_the_calendar(db: Database, prepared_database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.cli.main import cli

    monkeypatch.setenv("DATABASE_URL", prepared_database)
    runner = CliRunner()
    result = runner.invoke(cli, ["calendar", "set-day", "2026-12-07", "Libur daerah"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(cli, ["calendar", "list", "--year", "2026"])
    assert "2026-12-07  [kantor]  Libur daerah" in listed.output
    assert "2026-12-25  [nasional]" in listed.output
    refused = runner.invoke(cli, ["calendar", "set-day", "2026-12-08", "x", "--as", "kadis"])
    assert refused.exit_code == 1 and "administrator" in refused.output


def test_stored_ramadan_dates_replace_the_estimate_only_for_their_year(db: Database, staff: dict[str, int]) -> None:
    set_working_hours(db, staff["admin"], ramadan_periods=[(date(2026, 2, 18), date(2026, 3, 19))])
    assert calendar_overview(db, staff["admin"], 2026).ramadan_periods == ((date(2026, 2, 18), date(2026, 3, 19)),)
    assert not calendar_overview(db, staff["admin"], 2026).ramadan_estimated
    next_year = calendar_overview(db, staff["admin"], 2027)
    assert next_year.ramadan_estimated and next_year.ramadan_periods == estimated_ramadan_periods((2027,))
    with pytest.raises(NotAuthorized):
        calendar_overview(db, staff["kadis"], 2026)
