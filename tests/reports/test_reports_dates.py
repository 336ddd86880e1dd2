"""Report dates are bounded (issue 9: 0001-01-01 and 9999-12-31 gave a 500): outside 2000-01-01 .. 2100-12-31 the
engine refuses them with a message naming the field, and the pages and the API answer 422, never 500."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from engine.errors import ValidationFailed
from engine.reports.period import EARLIEST, LATEST, semester_dates
from engine.services.reports import ArchiveFilter, case_archive, compliance_report, register

NIB = "pelayanan_nib_oss"
OUTSIDE = [date(1, 1, 1), date(1999, 12, 31), date(2101, 1, 1), date(9999, 12, 31)]


@pytest.mark.parametrize("day", OUTSIDE)
def test_every_report_refuses_a_date_outside_the_range(db, office, staff, day) -> None:
    kadis = staff["kadis"]
    calls = {
        "from": [lambda: case_archive(db, kadis, ArchiveFilter(date_from=day)),
                 lambda: compliance_report(db, kadis, NIB, day, date(2026, 11, 30)),
                 lambda: register(db, kadis, "nib", day, None)],
        "to": [lambda: case_archive(db, kadis, ArchiveFilter(date_to=day)),
               lambda: compliance_report(db, kadis, NIB, date(2026, 11, 1), day),
               lambda: register(db, kadis, "katalog-ntb", None, day)],
    }
    for field, reports in calls.items():
        for report in reports:
            with pytest.raises(ValidationFailed) as refused:
                report()
            written = f"{day.day:02d}-{day.month:02d}-{day.year:04d}"  # year 1 as 0001, not strftime's "1"
            assert refused.value.message == f"Tanggal {written} di luar rentang laporan."
            assert refused.value.field_errors == {field: "Pilih tanggal antara 01-01-2000 dan 31-12-2100."}


def test_the_range_itself_is_accepted(db, office, staff) -> None:
    page = case_archive(db, staff["kadis"], ArchiveFilter(date_from=EARLIEST, date_to=LATEST))
    assert page.total == 4
    assert register(db, staff["kadis"], "nib", EARLIEST, LATEST).summary[0] == ("Jumlah NIB diterbitkan", "2")
    assert semester_dates(LATEST.year, 2) == (date(2100, 7, 1), LATEST)
    with pytest.raises(ValidationFailed) as refused:
        semester_dates(LATEST.year + 1, 1)
    assert refused.value.field_errors == {"year": "Tahun harus antara 2000 dan 2100."}


PAGES = [
    "/reports/cases?from=0001-01-01", "/reports/cases?to=9999-12-31",
    f"/reports/compliance?sop={NIB}&from=0001-01-01&to=9999-12-31", f"/reports/compliance.csv?sop={NIB}&to=9999-12-31",
    "/reports/registers/nib?from=0001-01-01", "/reports/registers/katalog-ntb.xlsx?to=9999-12-31",
]


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_answer_422_with_the_message(web, office, path) -> None:
    web.login("kadis")
    response = web.client.get(path)
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert "di luar rentang laporan" in response.get_data(as_text=True)


def test_the_monitoring_year_is_bounded_by_the_same_range(web, office) -> None:
    web.login("kadis")
    response = web.client.get("/reports/monitoring?year=0001&semester=1")
    assert response.status_code == 422
    assert "Tahun 1 di luar rentang laporan." in response.get_data(as_text=True)


def test_the_api_answers_422_naming_the_fields(client, office) -> None:
    login = client.post("/api/v1/token", json={"username": "kadis", "password": "kata-sandi-uji"})
    headers: dict[str, Any] = {"Authorization": f"Bearer {login.get_json()['token']}"}
    response = client.get("/api/v1/reports/compliance", headers=headers,
                          query_string={"process": NIB, "from": "0001-01-01", "to": "9999-12-31"})
    assert response.status_code == 422
    body = response.get_json()
    assert body["message"] == "Tanggal 01-01-0001 di luar rentang laporan."
    assert set(body["field_errors"]) == {"from"}
