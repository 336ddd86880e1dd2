"""Admin: the office calendar page (holidays, office days, working hours, Ramadan), for administrators only."""

from __future__ import annotations

from datetime import date

import pytest

from engine.db import Database
from engine.services.office_calendar import calendar_overview, parse_week

DEFAULT_WEEK = "Senin-Kamis 07.30-12.00,13.00-16.00; Jumat 07.30-11.30,13.00-16.30"
DEFAULT_RAMADAN = "Senin-Kamis 08.00-12.00,12.30-15.00; Jumat 08.00-11.30,12.30-15.30"


def _week_form(text: str, name: str = "week") -> dict[str, str]:
    """The calendar page's inputs for a week written in the command line's text (``parse_week``): per weekday
    and session ``<name>-<day>-<session>-start|end`` as <input type=time> sends them (HH:MM)."""
    fields = {f"{name}-{day}-{n}-{part}": "" for day in range(7) for n in range(2) for part in ("start", "end")}
    for day, periods in parse_week(text).items():
        for n, period in enumerate(periods):
            fields[f"{name}-{day}-{n}-start"] = period.start.strftime("%H:%M")
            fields[f"{name}-{day}-{n}-end"] = period.end.strftime("%H:%M")
    return fields


def _hours_form(week: str, ramadan: str = DEFAULT_RAMADAN, **changed: str) -> dict[str, str]:
    return {**_week_form(week), **_week_form(ramadan, "ramadan_week"), "year": "2026", **changed}


def _snapshot(db: Database, admin: int, year: int = 2026):  # type: ignore[no-untyped-def]
    overview = calendar_overview(db, admin, year)
    return (overview.days, overview.working_week, overview.ramadan_week, overview.ramadan_periods,
            overview.ramadan_estimated)


@pytest.mark.parametrize("user", ["uji_pelaksana", "kadis", "uji_kabid"])
def test_the_calendar_is_for_administrators_only(web, db: Database, staff, user: str) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(db, staff["admin"])
    web.login(user)
    assert web.client.get("/admin/calendar").status_code == 403
    for path, data in (("/admin/calendar/days", {"day": "2026-12-01", "kind": "off", "description": "Libur"}),
                       ("/admin/calendar/days/2026-12-25/remove", {}),
                       ("/admin/calendar/hours", _hours_form("Senin-Jumat 08.00-16.00")),
                       ("/admin/calendar/ramadan", {"ramadan_start": "2026-02-18", "ramadan_end": "2026-03-19"})):
        assert web.post(path, data, token_from="/").status_code == 403
    assert _snapshot(db, staff["admin"]) == before
    home = web.client.get("/").get_data(as_text=True)
    assert 'href="/admin/calendar"' not in home


def test_the_year_with_its_holidays_cuti_bersama_and_hours(web) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    answer = web.client.get("/admin/calendar")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "Hari libur dan hari kerja khusus 2026" in html  # the office's year by default
    assert 'href="/admin/calendar" aria-current="page"' in html  # the admin tab
    row = _row(html, "2026-12-25")
    assert "Jumat, 25 Desember 2026" in row and "Hari Raya Natal" in row and "Libur nasional" in row
    assert "Hapus" not in row  # national days are not the office's to remove
    assert "Cuti bersama" in _row(html, "2026-12-24")
    assert DEFAULT_WEEK in html and "37,5 jam per minggu" in html and "32,5 jam per minggu" in html
    # The hours as inputs: Monday's two sessions, Friday's afternoon, an empty Saturday.
    for field, value in (("week-0-0-start", "07:30"), ("week-0-0-end", "12:00"), ("week-0-1-start", "13:00"),
                         ("week-4-1-end", "16:30"), ("week-5-0-start", ""), ("ramadan_week-0-1-start", "12:30")):
        assert f'id="{field}" name="{field}" type="time" value="{value}"' in html
    assert '<label for="week-0-0-start">' in html
    assert "perkiraan" in html
    assert 'name="ramadan_start" type="date" value="2026-02-19"' in html
    assert 'name="ramadan_end" type="date" value="2026-03-20"' in html
    other = web.client.get("/admin/calendar?year=2027").get_data(as_text=True)
    assert "Hari libur dan hari kerja khusus 2027" in other and 'id="hari-2027-12-25"' in other
    assert "Hari libur dan hari kerja khusus 2026" in web.client.get("/admin/calendar?year=abc").get_data(as_text=True)


def _row(html: str, day: str) -> str:
    start = html.index(f'id="hari-{day}"')
    return html[start:html.index("</tr>", start)]


def test_add_and_remove_an_office_day_off_and_a_working_day(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    answer = web.post("/admin/calendar/days", {"day": "2026-11-24", "kind": "off", "description": "HUT Kabupaten",
                                               "year": "2026"}, token_from="/admin/calendar")
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/admin/calendar?year=2026#hari-2026-11-24")
    days = {d.day: d for d in calendar_overview(db, staff["admin"], 2026).days}
    assert days[date(2026, 11, 24)].source == "kantor" and days[date(2026, 11, 24)].description == "HUT Kabupaten"
    html = web.client.get("/admin/calendar").get_data(as_text=True)
    assert "Selasa, 24 November 2026 dicatat sebagai hari libur kantor." in html
    row = _row(html, "2026-11-24")
    assert "Libur kantor" in row and 'action="/admin/calendar/days/2026-11-24/remove"' in row

    web.post("/admin/calendar/days", {"day": "2026-12-24", "kind": "working",
                                      "description": "Cuti bersama tidak diikuti"}, token_from="/admin/calendar")
    days = {d.day: d for d in calendar_overview(db, staff["admin"], 2026).days}
    assert days[date(2026, 12, 24)].source == "kantor-kerja"
    assert "Hari kerja kantor (koreksi)" in _row(web.client.get("/admin/calendar").get_data(as_text=True), "2026-12-24")

    answer = web.post("/admin/calendar/days/2026-11-24/remove", token_from="/admin/calendar")
    assert answer.status_code == 303
    assert date(2026, 11, 24) not in {d.day for d in calendar_overview(db, staff["admin"], 2026).days}
    assert "dihapus" in web.client.get("/admin/calendar").get_data(as_text=True)
    assert web.post("/admin/calendar/days/2026-11-24/remove", token_from="/admin/calendar").status_code == 404
    assert web.post("/admin/calendar/days/bukan-tanggal/remove", token_from="/admin/calendar").status_code == 404


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"day": "2026-12-01", "kind": "off", "description": "   "}, "description", "Keterangan wajib diisi"),
    ({"day": "", "kind": "off", "description": "Libur"}, "day", "Isi tanggal yang sah"),
    ({"day": "2026-13-01", "kind": "off", "description": "Libur"}, "day", "Isi tanggal yang sah"),
    ({"day": "2026-12-01", "kind": "", "description": "Libur"}, "kind", "Pilih jenis hari"),
])
def test_a_bad_office_day_changes_nothing(web, db: Database, staff, data, field: str, message: str) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(db, staff["admin"])
    web.login("admin")
    answer = web.post("/admin/calendar/days", data, token_from="/admin/calendar")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert f'id="day-{field}-error"' in html and message in html
    assert 'aria-invalid="true"' in html
    if data["description"].strip():
        assert f'value="{data["description"]}"' in html  # what was typed comes back
    assert _snapshot(db, staff["admin"]) == before


def test_working_hours_are_changed_per_weekday_and_session(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    answer = web.post("/admin/calendar/hours", _hours_form("Senin-Jumat 08.00-12.00,13.00-16.00"),
                      token_from="/admin/calendar")
    assert answer.status_code == 303
    overview = calendar_overview(db, staff["admin"], 2026)
    assert overview.week_hours == 35 and overview.ramadan_week_hours == 32.5
    html = web.client.get("/admin/calendar").get_data(as_text=True)
    assert "Jam kerja disimpan." in html and "Senin-Jumat 08.00-12.00,13.00-16.00" in html
    assert "35 jam per minggu" in html
    # One session on Saturday, the seconds an <input type=time> may add, and the old dotted form are all read.
    web.post("/admin/calendar/hours", _hours_form(DEFAULT_WEEK, **{"week-5-0-start": "08:00:00",
                                                                   "week-5-0-end": "10.00"}),
             token_from="/admin/calendar")
    assert calendar_overview(db, staff["admin"], 2026).working_week["5"] == [["08.00", "10.00"]]


@pytest.mark.parametrize(("changed", "field", "message"), [
    ({"week-0-0-end": ""}, "week-0", "Senin sesi 1: isi juga jam selesai"),
    ({"ramadan_week-2-1-start": "", "ramadan_week-2-1-end": "15.00"}, "ramadan_week-2",
     "Rabu sesi 2: isi juga jam mulai"),
    ({"week-1-0-start": "12:00", "week-1-0-end": "07:30"}, "week-1", "jam selesai 07.30 harus sesudah jam mulai 12.00"),
    ({"week-3-1-start": "11:00"}, "week-3", "sesi 2 mulai 11.00, sebelum sesi 1 selesai 12.00"),
    ({"ramadan_week-4-0-start": "8"}, "ramadan_week-4", "Jumat sesi 1: &#39;8&#39; bukan jam"),
    ({f"week-{d}-{n}-{p}": "" for d in range(5) for n in range(2) for p in ("start", "end")}, "week",
     "paling sedikit satu hari"),
])
def test_bad_working_hours_change_nothing(  # type: ignore[no-untyped-def]
        web, db: Database, staff, changed: dict[str, str], field: str, message: str) -> None:
    before = _snapshot(db, staff["admin"])
    web.login("admin")
    answer = web.post("/admin/calendar/hours", _hours_form(DEFAULT_WEEK, **changed), token_from="/admin/calendar")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert f'id="hours-{field}-error"' in html and message in html
    assert html.count('class="field-error"') == 1  # only the day that is wrong
    for name, value in changed.items():  # what was typed comes back
        assert f'name="{name}" type="time" value="{value}"' in html
    assert _snapshot(db, staff["admin"]) == before  # the valid week of the two is not stored either


def test_the_ramadan_dates_of_one_year(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    answer = web.post("/admin/calendar/ramadan", {"ramadan_start": "2026-02-19", "ramadan_end": "2026-03-19",
                                                  "year": "2026"}, token_from="/admin/calendar")
    assert answer.status_code == 303
    overview = calendar_overview(db, staff["admin"], 2026)
    assert overview.ramadan_periods == ((date(2026, 2, 19), date(2026, 3, 19)),) and not overview.ramadan_estimated
    assert calendar_overview(db, staff["admin"], 2027).ramadan_estimated  # the other years stay estimated
    html = web.client.get("/admin/calendar").get_data(as_text=True)
    assert "Masa Ramadan disimpan." in html and "Kamis, 19 Februari 2026" in html
    web.post("/admin/calendar/ramadan", {"ramadan_start": "2027-02-08", "ramadan_end": "2027-03-09",
                                         "year": "2027"}, token_from="/admin/calendar")
    assert calendar_overview(db, staff["admin"], 2026).ramadan_periods == ((date(2026, 2, 19), date(2026, 3, 19)),)
    # Both dates emptied: this year is estimated again, 2027 keeps the office's dates.
    answer = web.post("/admin/calendar/ramadan", {"ramadan_start": "", "ramadan_end": "", "year": "2026"},
                      token_from="/admin/calendar")
    assert answer.status_code == 303
    assert calendar_overview(db, staff["admin"], 2026).ramadan_estimated
    assert calendar_overview(db, staff["admin"], 2027).ramadan_periods == ((date(2027, 2, 8), date(2027, 3, 9)),)
    assert "kembali memakai perkiraan" in web.client.get("/admin/calendar").get_data(as_text=True)


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    ("2026-02-30", "2026-03-20", "ramadan_start", "Isi tanggal yang sah"),
    ("2026-03-20", "2026-02-19", "ramadan_end", "harus sesudah tanggal awal"),
    ("2026-02-19", "2026-03-30", "ramadan_end", "29 atau 30 hari"),
    ("2026-02-19", "", "ramadan_end", "Isi tanggal akhir Ramadan"),
    ("2027-02-08", "2027-03-09", "ramadan_start", "harus jatuh pada tahun 2026"),
])
def test_bad_ramadan_dates_change_nothing(  # type: ignore[no-untyped-def]
        web, db: Database, staff, start: str, end: str, field: str, message: str) -> None:
    before = _snapshot(db, staff["admin"])
    web.login("admin")
    answer = web.post("/admin/calendar/ramadan", {"ramadan_start": start, "ramadan_end": end, "year": "2026"},
                      token_from="/admin/calendar")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert f'id="ramadan-{field}-error"' in html and message in html
    assert f'name="ramadan_start" type="date" value="{start}"' in html  # what was typed comes back
    assert _snapshot(db, staff["admin"]) == before


def test_forms_need_the_csrf_token(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(db, staff["admin"])
    web.login("admin")
    answer = web.client.post("/admin/calendar/days", data={"day": "2026-12-01", "kind": "off", "description": "x"})
    assert answer.status_code == 400
    assert _snapshot(db, staff["admin"]) == before


def test_the_week_is_shown_in_the_format_it_is_typed(app) -> None:  # type: ignore[no-untyped-def]
    from webapp.views.calendar import week_text

    def stored(text: str) -> dict[str, list[list[str]]]:
        return {str(day): [[p.start.strftime("%H.%M"), p.end.strftime("%H.%M")] for p in periods]
                for day, periods in parse_week(text).items()}

    for text in (DEFAULT_WEEK, DEFAULT_RAMADAN, "Senin 08.00-12.00; Rabu 08.00-12.00; Sabtu 08.00-10.00",
                 "Senin-Sabtu 07.30-14.00"):
        assert week_text(stored(text)) == text
