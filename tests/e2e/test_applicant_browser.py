"""The applicant's side in a real browser: the desk starts an NIB case and prints the receipt; an anonymous
visitor opens the status page from the QR code's URL and sees it move as the steps are completed, answers the
survey once the case is finished; the Kadis sees the IKM with its grade. Every page is checked with axe."""

from __future__ import annotations

import re

import pytest
from applicant_support import complete_steps
from test_browser import NIB, Visitor, chromium, live_app  # noqa: F401 - the fixtures are used by name

from engine.db import Database
from engine.public_service.qr import qr_svg
from engine.timekeeping.clock import FixedClock

pytestmark = pytest.mark.browser


def _qr_modules(svg: str) -> str:
    """The drawn modules of a segno SVG (its path), whatever the title or attributes around it."""
    match = re.search(r'<path[^>]*\sd="([^"]+)"', svg)
    assert match, svg[:200]
    return match.group(1)


def test_receipt_status_page_survey_and_the_kadis_index(  # type: ignore[no-untyped-def]
        chromium, live_app: str, db: Database, clock: FixedClock, staff: dict[str, int]) -> None:  # noqa: F811
    csp_errors: list[str] = []

    # The desk: starts the case and lands on the receipt, with its code, QR code and PDF.
    desk = Visitor(chromium, live_app, csp_errors)
    desk.login("pelaksana")
    page = desk.page
    desk.goto(f"/processes/{NIB}/start")
    page.get_by_label("Nama pemohon").fill("Baiq Nurul Aini")
    page.get_by_label("NIK pemohon").fill("5201014107900001")
    page.get_by_label("Email pemohon").fill("baiq.nurul@contoh.id")
    page.get_by_label("NPWP pemohon").fill("5201014107900001")
    page.get_by_label("Nama usaha").fill("Jajanan Nurul")
    page.get_by_label("Alamat usaha").fill("Desa Gerung Utara, Kec. Gerung, Lombok Barat")
    page.get_by_role("button", name="Mulai kasus").click()
    page.wait_for_url(re.compile(r"/cases/\d+/receipt$"))
    desk.audit()
    case_id = int(page.url.rsplit("/", 2)[1])
    reference = page.get_by_test_id("receipt-reference").inner_text()
    code = page.get_by_test_id("tracking-code").inner_text()
    assert re.fullmatch(r"NIB-\d{4}-\d{5}", reference) and re.fullmatch(r"[2-9A-Z]{5}-[2-9A-Z]{5}", code)
    assert "Baiq Nurul Aini" in page.locator("article.receipt").inner_text()
    desk.fits_the_phone()
    desk.shot("receipt")
    status_url = page.get_by_test_id("status-url").get_attribute("href") or ""
    assert status_url.startswith(live_app + "/status?")
    # The QR code drawn on the page holds exactly the status page's URL.
    drawn = page.locator("figure.receipt-qr svg").evaluate("svg => svg.outerHTML")
    assert _qr_modules(drawn) == _qr_modules(qr_svg(status_url))
    pdf = page.request.get(f"{live_app}/cases/{case_id}/receipt.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    desk.logout()

    # An anonymous visitor scans the code: the status page, with no sign-in.
    visitor = Visitor(chromium, live_app, csp_errors)
    page = visitor.page
    page.goto(status_url)
    visitor.audit()
    assert page.get_by_test_id("status-reference").inner_text() == reference
    assert "Menginput data NIK" in page.get_by_test_id("current-step").inner_text()
    assert "Pelaksana" in page.get_by_test_id("current-step").inner_text()
    assert "Baiq Nurul Aini" not in page.content()  # nothing of the applicant's data
    clock.advance(minutes=20)
    complete_steps(db, staff, case_id, 1)
    page.reload()
    visitor.audit()
    assert "mengaktivasi akun OSS" in page.get_by_test_id("current-step").inner_text()
    assert page.locator("ol.progress-steps li.step-done").count() == 1
    clock.advance(minutes=40)
    complete_steps(db, staff, case_id, 4, first=1)
    page.reload()
    visitor.audit()
    assert page.get_by_test_id("status-state").inner_text().startswith("Selesai")
    visitor.fits_the_phone()
    visitor.shot("status-page-survey")
    assert page.locator("ol.progress-steps li.step-done").count() == 5

    # The survey: nine answers, a profile, a suggestion; once.
    for element, answer in zip(range(1, 10), (4, 4, 3, 4, 3, 3, 4, 3, 3), strict=True):
        page.locator(f'input[name="u{element}"][value="{answer}"]').check()
    page.get_by_label("Jenis kelamin").select_option("Perempuan")
    page.get_by_label("Usia (tahun)").fill("34")
    page.get_by_label("Saran dan masukan (tidak wajib)").fill("Ruang tunggu diperluas")
    page.get_by_role("button", name="Kirim penilaian").click()
    page.wait_for_url(re.compile(r"/status\?"))
    visitor.audit()
    assert "Terima kasih" in page.locator(".flash").inner_text()
    assert page.get_by_test_id("survey-done").is_visible() and page.locator('input[name="u1"]').count() == 0
    visitor.fits_the_phone()
    visitor.goto(f"/standar-pelayanan/{NIB}")
    assert "Tidak dipungut biaya" in page.locator("table.standard-table").inner_text()
    visitor.fits_the_phone()
    visitor.shot("service-standard")
    visitor.close()

    # The Kadis: the IKM with its grade on the office overview, and the survey report.
    head = Visitor(chromium, live_app, csp_errors)
    head.login("kadis")
    page = head.page
    ikm = page.get_by_test_id("office-ikm").inner_text()
    assert "86,11" in ikm and "mutu B (Baik)" in ikm  # (4+4+3+4+3+3+4+3+3)/9 × 25
    page.get_by_role("link", name="Laporan Survei Kepuasan Masyarakat").click()
    head.audit()
    assert "Ruang tunggu diperluas" in page.content()
    head.logout()
    assert csp_errors == []
