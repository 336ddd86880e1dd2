"""Admin: the office calendar page (holidays, office days, working hours, Ramadan), for administrators only."""

from __future__ import annotations

from datetime import date

import pytest

from engine.db import Database
from engine.services.office_calendar import calendar_overview, parse_week

DEFAULT_WEEK = "Senin-Kamis 07.30-12.00,13.00-16.00; Jumat 07.30-11.30,13.00-16.30"
DEFAULT_RAMADAN = "Senin-Kamis 08.00-12.00,12.30-15.00; Jumat 08.00-11.30,12.30-15.30"


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
                       ("/admin/calendar/hours", {"week": "Senin-Jumat 08.00-16.00", "ramadan_week": DEFAULT_RAMADAN}),
                       ("/admin/calendar/ramadan", {"ramadan_periods": "2026-02-18 s.d. 2026-03-19"})):
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
    assert "perkiraan" in html and "2026-02-19 s.d. 2026-03-20" in html
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


def test_working_hours_are_changed_with_the_text_format(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    answer = web.post("/admin/calendar/hours", {"week": "Senin-Jumat 08.00-12.00,13.00-16.00",
                                                "ramadan_week": DEFAULT_RAMADAN}, token_from="/admin/calendar")
    assert answer.status_code == 303
    overview = calendar_overview(db, staff["admin"], 2026)
    assert overview.week_hours == 35 and overview.ramadan_week_hours == 32.5
    html = web.client.get("/admin/calendar").get_data(as_text=True)
    assert "Jam kerja disimpan." in html and "Senin-Jumat 08.00-12.00,13.00-16.00" in html
    assert "35 jam per minggu" in html


@pytest.mark.parametrize(("week", "ramadan", "field", "message"), [
    ("Someday 07.30-16.00", DEFAULT_RAMADAN, "week", "Hari kerja tidak dikenal"),
    ("Senin-Jumat 08.00-15.00", "Senin 16.00-07.30", "ramadan_week", "jam selesai harus sesudah jam mulai"),
    ("Senin-Jumat 08.00-15.00", "Senin 8.00-12.00", "ramadan_week", "bukan jam (JJ.MM)"),
    ("Senin 08.00-12.00,11.00-15.00", DEFAULT_RAMADAN, "week", "bertumpuk"),
    ("", DEFAULT_RAMADAN, "week", "Jam kerja kosong"),
])
def test_bad_working_hours_change_nothing(  # type: ignore[no-untyped-def]
        web, db: Database, staff, week: str, ramadan: str, field: str, message: str) -> None:
    before = _snapshot(db, staff["admin"])
    web.login("admin")
    answer = web.post("/admin/calendar/hours", {"week": week, "ramadan_week": ramadan}, token_from="/admin/calendar")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert f'id="hours-{field}-error"' in html and message in html
    other = "ramadan_week" if field == "week" else "week"
    assert f'id="hours-{other}-error"' not in html
    assert f">{ramadan}</textarea>" in html  # what was typed comes back
    assert _snapshot(db, staff["admin"]) == before  # the valid one of the two is not stored either


def test_ramadan_periods(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    periods = "2026-02-19 s.d. 2026-03-20\n\n2027-02-08 sampai 2027-03-09"
    answer = web.post("/admin/calendar/ramadan", {"ramadan_periods": periods}, token_from="/admin/calendar")
    assert answer.status_code == 303
    overview = calendar_overview(db, staff["admin"], 2026)
    assert overview.ramadan_periods == ((date(2026, 2, 19), date(2026, 3, 20)),) and not overview.ramadan_estimated
    html = web.client.get("/admin/calendar").get_data(as_text=True)
    assert "Masa Ramadan disimpan." in html and "Kamis, 19 Februari 2026" in html


@pytest.mark.parametrize(("text", "message"), [
    ("19 Februari 2026 s.d. 20 Maret 2026", "tidak terbaca"),
    ("2026-02-30 s.d. 2026-03-20", "tidak terbaca"),
    ("2026-03-20 s.d. 2026-02-19", "akhir sebelum awal"),
])
def test_bad_ramadan_periods_change_nothing(web, db: Database, staff, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot(db, staff["admin"])
    web.login("admin")
    answer = web.post("/admin/calendar/ramadan", {"ramadan_periods": text}, token_from="/admin/calendar")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert 'id="ramadan-ramadan_periods-error"' in html and message in html and f">{text}</textarea>" in html
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
