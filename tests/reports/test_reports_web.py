"""The report pages and downloads: what the Kadis gets, what staff are refused, and the CSP's rules."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from engine.errors import NotFound
from engine.services import create_user, find_user

from support import PASSWORD

NIB = "pelayanan_nib_oss"
COMPLIANCE = f"/reports/compliance?sop={NIB}&from=2026-11-01&to=2026-11-30"
PAGES = ["/reports", "/reports/cases", "/reports/cases?q=fauzi&status=completed&from=2026-11-01&to=2026-11-30",
         "/reports/compliance", COMPLIANCE, "/reports/registers/nib?from=2026-11-01&to=2026-12-31",
         "/reports/registers/pelatihan", "/reports/registers/fasilitasi",
         "/reports/monitoring?year=2026&semester=2"]


def assert_csp_clean(html: str) -> None:
    """The pages' Content-Security-Policy forbids inline script and style: none may be written (a script file of
    our own, ``<script src="/static/…">`` with nothing inside, is what ``script-src 'self'`` allows)."""
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.IGNORECASE | re.DOTALL)
    assert all(re.search(r'\ssrc="/static/[^"]+"', attrs) and not body.strip() for attrs, body in scripts), scripts
    assert html.lower().count("<script") == len(scripts)
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html, re.IGNORECASE)


@pytest.mark.parametrize("path", PAGES)
def test_the_kadis_gets_every_page(web, office, path) -> None:
    web.login("kadis")
    response = web.client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert "Content-Security-Policy" in response.headers
    assert_csp_clean(response.get_data(as_text=True))


def test_the_archive_and_a_history_page(web, office) -> None:
    web.login("kadis")
    archive = web.client.get("/reports/cases?timeliness=late").get_data(as_text=True)
    assert "NIB-2026-00002" in archive and "NIB-2026-00004" in archive and "NIB-2026-00001" not in archive
    page = web.client.get(f"/reports/cases/{office.late}").get_data(as_text=True)
    assert "Riwayat kasus NIB-2026-00002" in page
    assert "dialihkan oleh Kabid: Pelaksana 2 dipanggil rapat" in page
    for fmt in ("pdf", "xlsx", "csv"):
        assert f"/reports/cases/{office.late}.{fmt}" in page
    assert_csp_clean(page)


def test_the_compliance_page_draws_the_heat_map_and_charts(web, office) -> None:
    web.login("kadis")
    page = web.client.get(COMPLIANCE).get_data(as_text=True)
    assert page.count('class="report-chart"') == 2 and page.count('class="bpmn-diagram"') == 1
    assert "data-heat=" in page and "median 20 menit" in page
    assert "Persentase langkah selesai tepat waktu" in page
    assert f"/reports/compliance.xlsx?sop={NIB}" in page


def test_the_compliance_charts_in_english(web, office) -> None:
    web.login("kadis")
    web.post("/lang/en", {"next": "/"}, token_from="/")
    page = web.client.get(COMPLIANCE).get_data(as_text=True)
    assert page.count('class="report-chart"') == 2
    assert "Share of steps completed on time" in page and "Actual median" in page and "90th percentile" in page
    assert "Working time per step: median and 90th percentile against the standard" in page
    assert "median 20 minutes of working time" in page  # the heat map's labels
    assert "Persentase langkah selesai tepat waktu" not in page and "Median aktual" not in page
    assert "menit kerja" not in page


@pytest.mark.parametrize(("path", "mimetype"), [
    ("/reports/cases/{late}.pdf", "application/pdf"),
    ("/reports/cases/{late}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("/reports/cases/{late}.csv", "text/csv"),
    (COMPLIANCE.replace("/compliance?", "/compliance.pdf?"), "application/pdf"),
    ("/reports/registers/nib.xlsx?from=2026-11-01&to=2026-12-31",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("/reports/registers/fasilitasi.csv", "text/csv"),
    ("/reports/monitoring.pdf?year=2026&semester=2", "application/pdf"),
])
def test_downloads(web, office, path, mimetype) -> None:
    web.login("kadis")
    response = web.client.get(path.format(late=office.late))
    assert response.status_code == 200 and response.mimetype == mimetype
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Cache-Control"] == "no-store"
    if mimetype == "application/pdf":
        assert response.data.startswith(b"%PDF")
    elif mimetype == "text/csv":
        assert next(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    else:
        assert load_workbook(io.BytesIO(response.data)).sheetnames


@pytest.mark.parametrize("path", [COMPLIANCE, "/reports/compliance", COMPLIANCE.replace("?", ".pdf?"),
                                  "/reports/registers/nib", "/reports/registers/katalog-ntb.xlsx",
                                  "/reports/monitoring", "/reports/monitoring.csv"])
def test_staff_are_refused_the_supervisors_reports(web, office, path) -> None:
    web.login("pelaksana")
    assert web.client.get(path).status_code == 403


def test_staff_see_their_own_archive_only(web, office) -> None:
    web.login("pelaksana")
    assert web.client.get("/reports").status_code == 302
    archive = web.client.get("/reports/cases").get_data(as_text=True)
    assert "NIB-2026-00001" in archive and "NIB-2026-00004" not in archive
    assert "Kepatuhan SOP" not in archive  # the supervisors' menu is not shown
    assert web.client.get(f"/reports/cases/{office.on_time}").status_code == 200


def test_a_history_follows_who_may_see_the_case(web, office) -> None:
    web.login("pelaksana_lain")
    assert web.client.get(f"/reports/cases/{office.late}").status_code == 403
    assert web.client.get(f"/reports/cases/{office.late}.pdf").status_code == 403


def test_bad_input(web, office) -> None:
    web.login("kadis")
    assert web.client.get("/reports/cases?from=23-11-2026").status_code == 422
    assert web.client.get(COMPLIANCE.replace("2026-11-30", "2026-10-01")).status_code == 422
    assert web.client.get("/reports/compliance?sop=tidak_ada").status_code == 404
    assert web.client.get("/reports/registers/lain").status_code == 404
    assert web.client.get("/reports/cases/999999").status_code == 404


def test_pages_need_a_signed_in_user(client) -> None:
    response = client.get("/reports/cases")
    assert response.status_code in (302, 401)


def test_each_office_gets_its_own_registers(web, db, office) -> None:
    """The NTB province's catalogue register is built from NTB's SOPs: its Kadis gets it, Lombok Barat's does not
    (neither offered nor built), and Lombok Barat's NIB register is not offered to NTB."""
    web.login("kadis")
    assert "katalog-ntb" not in web.client.get("/reports").get_data(as_text=True)
    assert web.client.get("/reports/registers/katalog-ntb").status_code == 403
    web.client.post("/logout", data={"csrf_token": web.csrf_token("/reports")})
    try:
        find_user(db, "kadis_ntb_uji")
    except NotFound:
        create_user(db, username="kadis_ntb_uji", full_name="Kadis NTB Uji", password=PASSWORD, roles=["kadis"],
                    unit_code="dinkop-ntb")
    web.login("kadis_ntb_uji")
    index = web.client.get("/reports").get_data(as_text=True)
    assert "katalog-ntb" in index and "registers/nib" not in index
    page = web.client.get("/reports/registers/katalog-ntb")
    assert page.status_code == 200
    assert_csp_clean(page.get_data(as_text=True))
    download = web.client.get("/reports/registers/katalog-ntb.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert web.client.get("/reports/registers/nib").status_code == 403


def test_a_history_page_in_english_says_its_times_and_holders_in_english(web, office) -> None:
    """The report pages' working times (on the office's own day) and how a step came to its holder were once
    Indonesian inside English sentences ("45 menit of the standard 30 menit")."""
    web.login("kadis")
    web.post("/lang/en", {"next": "/"}, token_from="/")
    page = web.client.get(f"/reports/cases/{office.late}").get_data(as_text=True)
    assert "Working time" in page
    assert not re.search(r"\d+ (menit|jam)\b|hari kerja", page), re.findall(r"[^>]{0,30}\d+ (?:menit|jam)\b", page)
    assert re.search(r"\d+ minutes? of working time of the standard \d+ minutes? of working time", page)
    assert "taken from the queue" in page and "mengambil dari antrean" not in page
    assert "reassigned by Kabid: Pelaksana 2 dipanggil rapat" in page and "dialihkan oleh" not in page
    assert "(standard time 30 Menit)" in page and "quality standards" not in page  # the SOP's own words follow
    web.post("/lang/id", {"next": "/"}, token_from="/")
    indonesian = web.client.get(f"/reports/cases/{office.late}").get_data(as_text=True)
    assert re.search(r"\d+ menit kerja dari standar \d+ menit kerja", indonesian)
    assert "mengambil dari antrean" in indonesian and "dialihkan oleh Kabid: Pelaksana 2 dipanggil rapat" in indonesian
