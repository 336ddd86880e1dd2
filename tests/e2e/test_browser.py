"""An NIB case from start to finish in a real browser (Debian's Chromium through Playwright), role by role.

The app runs on a free port in a background thread against the test database and the test clock, so the
test moves time instead of waiting. Screenshots of the inbox, a task page and a case page, at phone width,
go to ``test-artifacts/``. Without /usr/bin/chromium the test is skipped, unless ALUR_REQUIRE_BROWSER=1.

Every page a test loads is checked with axe-core (WCAG 2.1 A and AA) at a phone's (390×844) and a desktop's
(1366×768) size, and searched for an ISO 8601 duration (``PT30M``, ``P9D``, ``R/2027-…``) a reader would see:
a visitor refuses to sign out while a page it loaded has not been checked.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_support import DESKTOP as AXE_DESKTOP
from axe_support import PHONE as AXE_PHONE
from axe_support import assert_accessible
from sqlalchemy import delete
from werkzeug.serving import make_server

from engine.db import Database
from engine.models import Attachment, Comment
from engine.services import find_user, get_case, list_processes
from engine.timekeeping.clock import FixedClock

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NIB = "pelayanan_nib_oss"
PASSWORD = "kata-sandi-uji"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
#: An ISO 8601 duration or repeating interval, which a reader must never see (issue 13).
ISO_DURATION = re.compile(r"\bPT\d+[HMS]\b|\bP\d+[DWMY]\b|\bR\d*/\d{4}-\d{2}-\d{2}")
#: What a reader sees of the page: its rendered text (SVG text included) and the words of its labels.
VISIBLE_WORDS = """() => [document.body.innerText,
  ...[...document.querySelectorAll('svg text, svg title')].map(e => e.textContent),
  ...[...document.querySelectorAll('[title],[aria-label],[alt],[placeholder],[data-label]')].flatMap(e =>
     ['title', 'aria-label', 'alt', 'placeholder', 'data-label'].map(a => e.getAttribute(a) || ''))].join('\\n')"""
# A PNG header is all the server checks (magic bytes); the bytes after it are not decoded.
SCAN_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 256


@pytest.fixture(autouse=True)
def _forget_comments_and_files(db: Database) -> Iterator[None]:
    """Comments and attachments point at cases, which the shared ``db`` fixture deletes after each test.

    Here rather than in a tests/e2e/conftest.py: a second module named ``conftest`` would shadow the root one
    for modules that ``from conftest import ...`` (tests/integration).
    """
    yield
    with db.transaction() as session:
        for table in (Comment, Attachment):
            session.execute(delete(table))


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("ALUR_REQUIRE_BROWSER") == "1":
            pytest.fail("ALUR_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing (apt-get install chromium)")
        pytest.skip("/usr/bin/chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_app(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The test app served over HTTP on a free port, in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


class Visitor:
    """One browser context (one person's session), with what every step needs."""

    def __init__(self, browser: Any, base: str, csp_errors: list[str]) -> None:
        self.context = browser.new_context(viewport=PHONE, locale="id-ID")
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.base = base
        self.page.on("console", lambda msg: csp_errors.append(msg.text)
                     if "Content Security Policy" in msg.text else None)
        self.unchecked: list[str] = []  # pages loaded and not yet checked with axe
        self.page.on("load", lambda loaded: self.unchecked.append(loaded.url))

    def audit(self) -> None:
        """axe on the page as it is now (phone and desktop sizes), and no ISO duration in what a reader sees;
        it counts as checked."""
        self.page.wait_for_load_state()
        assert_accessible(self.page)
        seen = ISO_DURATION.findall(self.page.evaluate(VISIBLE_WORDS))
        assert not seen, f"ISO 8601 durations on {self.page.url}: {seen}"
        self.unchecked.clear()

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.audit()

    def login(self, username: str) -> None:
        page = self.page
        page.goto(f"{self.base}/login")
        self.audit()
        page.get_by_label("Nama pengguna").fill(username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(re.compile(r"/(\?.*)?$"))
        self.audit()

    def close(self) -> None:
        self.page.wait_for_load_state()
        assert self.unchecked == [], f"pages loaded but not checked with axe: {self.unchecked}"
        self.context.close()

    def logout(self) -> None:
        assert self.unchecked == [], f"pages loaded but not checked with axe: {self.unchecked}"
        self.page.get_by_role("button", name="Keluar").click()
        self.page.wait_for_url(re.compile(r"/login"))
        self.audit()
        self.close()

    def fits_the_phone(self, width: int = PHONE["width"]) -> None:
        scrolled = self.page.evaluate("document.documentElement.scrollWidth")
        assert scrolled <= width, f"{self.page.url} is {scrolled}px wide at {width}px"

    def shot(self, name: str) -> None:
        """``<name>.png`` at phone width, and ``<name>-desktop.png``."""
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        self.page.set_viewport_size(DESKTOP)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}-desktop.png"), full_page=True)
        self.page.set_viewport_size(PHONE)

    def tick(self, *labels: str) -> None:
        for label in labels:
            self.page.get_by_label(label, exact=True).check()

    def complete(self) -> None:
        self.page.get_by_role("button", name="Selesaikan langkah").click()


def test_an_nib_case_from_start_to_finish(  # type: ignore[no-untyped-def]
        chromium, live_app: str, db: Database, clock: FixedClock) -> None:
    if NIB not in {p.key for p in list_processes(db)}:
        pytest.skip("the NIB process is not in processes/ yet")
    csp_errors: list[str] = []

    # Pelaksana: starts the case; an invalid NIK is refused with the field's Indonesian message.
    desk = Visitor(chromium, live_app, csp_errors)
    desk.login("pelaksana")
    page = desk.page
    page.get_by_role("link", name="Layanan SOP").click()
    desk.audit()
    page.locator(f'a[href="/processes/{NIB}/start"]').click()
    desk.audit()
    page.get_by_label("Nama pemohon").fill("Baiq Nurul Aini")
    page.get_by_label("NIK pemohon").fill("1234567890123456")
    page.get_by_label("Email pemohon").fill("baiq.nurul@contoh.id")
    page.get_by_label("NPWP pemohon").fill("5201014107900001")
    page.get_by_label("Nama usaha").fill("Jajanan Nurul")
    page.get_by_label("Alamat usaha").fill("Desa Gerung Utara, Kec. Gerung, Lombok Barat")
    page.get_by_role("button", name="Mulai kasus").click()
    desk.audit()  # the form again, with its error summary
    summary = page.locator("#error-summary")
    assert "NIK pemohon" in summary.inner_text()
    assert "tanggal lahir" in page.locator("#f-nik-error").inner_text()
    assert page.get_by_label("Nama usaha").input_value() == "Jajanan Nurul"  # nothing typed is lost
    assert _count_cases(db) == 0
    page.get_by_label("NIK pemohon").fill("5201014107900001")
    page.get_by_role("button", name="Mulai kasus").click()
    page.wait_for_url(re.compile(r"/cases/\d+/receipt$"))  # a public service: the applicant's receipt first
    desk.audit()
    assert "dimulai" in page.locator(".flash").inner_text()
    page.get_by_role("link", name="Buka kasus").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    desk.audit()
    case_id = int(page.url.rsplit("/", 1)[1])

    # Step 1: the requirements checklist, the decision, a scanned KTP uploaded, then completed.
    page.get_by_role("link", name="Menginput data NIK atau email perorangan").click()
    desk.audit()
    page.get_by_role("button", name="Ambil & kerjakan").click()
    desk.audit()
    desk.tick("Foto Copy KTP", "Surat Keterangan Usaha dari Desa")
    page.locator("#f-persyaratan_lengkap-ya").check()
    page.get_by_label("Catatan").fill("Berkas lengkap")
    page.get_by_label("Tambah berkas").set_input_files(
        files=[{"name": "ktp-baiq.png", "mimeType": "image/png", "buffer": SCAN_PNG}])
    page.get_by_role("button", name="Unggah berkas").click()
    desk.audit()
    assert "ktp-baiq.png" in page.locator("#lampiran").inner_text()
    assert page.locator("#f-persyaratan_lengkap-ya").is_checked()  # the typed answers survive the upload
    desk.fits_the_phone()
    desk.shot("task-page")
    clock.advance(minutes=20)
    desk.complete()

    # Steps 2–4 follow for the same Pelaksana: each opens straight after the one before.
    page.wait_for_selector("h1:has-text('mengaktivasi akun OSS')")
    desk.audit()
    desk.tick("Foto Copy KTP", "Surat Keterangan Usaha dari Desa", "Memiliki Email", "Memiliki NPWP")
    page.locator("#f-email_aktivasi_diterima-ya").check()
    page.get_by_label("Tanggal aktivasi akun").fill("2026-11-23")
    clock.advance(minutes=25)
    desk.complete()
    page.wait_for_selector("h1:has-text('Login pada sistem OSS')")
    desk.audit()
    desk.tick("Foto Copy KTP", "Surat Keterangan Usaha dari Desa", "Memiliki Email", "Memiliki NPWP")
    page.get_by_label("User ID OSS").fill("baiqnurul90")
    clock.advance(minutes=10)
    desk.complete()
    page.wait_for_selector("h1:has-text('menerbitkan Nomor Induk Berusaha')")
    desk.audit()
    desk.tick("Foto Copy KTP", "Surat Keterangan Usaha dari Desa", "Memiliki Email", "Memiliki NPWP")
    page.get_by_label("Nomor Induk Berusaha (NIB)").fill("12345")
    page.get_by_label("Tanggal terbit NIB").fill("2026-11-23")
    page.get_by_label("Tingkat risiko usaha").select_option("Rendah")
    desk.complete()
    desk.audit()
    assert "Nomor Induk Berusaha (NIB)" in page.locator("#f-nib-error").inner_text()  # refused, nothing saved
    page.get_by_label("Nomor Induk Berusaha (NIB)").fill("9120001234567")
    clock.advance(minutes=4)
    desk.complete()
    page.wait_for_url(re.compile(r"/$"))
    desk.audit()
    assert "diteruskan" in page.locator(".flash").inner_text()
    desk.logout()

    # Kepala Bidang: sees the case among the unit's, and hands the Jafung step to the Jafung.
    boss = Visitor(chromium, live_app, csp_errors)
    boss.login("kabid")
    page = boss.page
    page.get_by_role("link", name="Kasus", exact=True).click()
    boss.audit()
    page.locator(f'a[href="/cases/{case_id}"]').click()
    boss.audit()
    page.get_by_role("link", name="Tracking/penelusuran sistem pendaftaran").click()
    boss.audit()
    jafung_id = find_user(db, "jafung").id
    page.get_by_label("Pegawai penerima").select_option(str(jafung_id))
    page.get_by_label("Alasan").fill("Penelusuran oleh pengawas koperasi")
    page.get_by_role("button", name="Alihkan", exact=True).click()
    boss.audit()
    assert "Tugas dialihkan." in page.locator(".flash").inner_text()
    boss.logout()

    # Jafung: finds the step in "Tugas Saya" and closes the case.
    clock.advance(minutes=6)
    checker = Visitor(chromium, live_app, csp_errors)
    checker.login("jafung")
    page = checker.page
    assert "Tracking/penelusuran sistem pendaftaran" in page.locator("table.tasks").inner_text()
    checker.fits_the_phone()
    checker.shot("inbox")
    page.get_by_role("link", name="Kerjakan").first.click()
    checker.audit()
    checker.tick("Foto Copy KTP", "Surat Keterangan Usaha dari Desa", "Memiliki Email", "Memiliki NPWP")
    page.get_by_label("Hasil penelusuran").select_option("Terdaftar")
    checker.complete()
    page.wait_for_url(re.compile(rf"/cases/{case_id}$"))
    checker.audit()
    assert "selesai" in page.locator(".flash").inner_text()
    checker.logout()

    # Kadis: reviews the completed case, its steps, data, file and diagram, and leaves a note.
    head = Visitor(chromium, live_app, csp_errors)
    head.login("kadis")
    page = head.page
    page.get_by_role("link", name="Kasus", exact=True).click()
    head.audit()
    page.locator("nav.tabs").get_by_role("link", name=re.compile("Selesai")).click()
    head.audit()
    page.locator(f'a[href="/cases/{case_id}"]').click()
    head.audit()
    assert "NIB terbit" in page.locator(".page-head").inner_text()
    assert page.locator("ol.timeline > li").count() == 5
    assert page.locator("ol.timeline").inner_text().count("Selesai") == 5
    assert page.locator(".diagram svg").count() == 1
    assert "ktp-baiq.png" in page.locator("ol.timeline").inner_text()
    page.get_by_label("Tulis komentar").fill("Sudah diperiksa. Terima kasih.")
    page.get_by_role("button", name="Kirim komentar").click()
    head.audit()
    assert "Sudah diperiksa. Terima kasih." in page.locator("#komentar").inner_text()
    head.fits_the_phone()
    head.shot("case-page")
    head.logout()

    detail = get_case(db, find_user(db, "kadis").id, case_id)
    assert (detail.status, detail.outcome) == ("completed", "NIB terbit")
    assert csp_errors == []


def _count_cases(db: Database) -> int:
    from sqlalchemy import func, select

    from engine.models import Case

    with db.transaction(write=False) as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_page_fits_a_phone_and_keeps_the_csp(  # type: ignore[no-untyped-def]
        chromium, live_app: str, db: Database, staff, lang: str) -> None:
    """No sideways scrolling at 360 px and no blocked inline script or style, in both languages."""
    from engine.services import start_case

    start_case(db, staff["pelaksana"], NIB, {
        "nama_pemohon": "Lalu Ahmad Fauzi", "nik": "5201011203850002", "email": "lalu@contoh.id",
        "npwp": "5201011203850002", "nama_usaha": "Bengkel Fauzi", "alamat_usaha": "Gerung"})
    csp_errors: list[str] = []
    pages = {
        "pelaksana": ["/", "/?tab=queue", "/cases?status=all", "/processes", f"/processes/{NIB}",
                      f"/processes/{NIB}/start", "/tasks/{task}", "/cases/{case}"],
        "admin": ["/admin/users", "/admin/users?q=pelaksana", "/admin/processes", "/admin/calendar"],
        "kabid": ["/", "/supervision", "/reports", "/reports/registers/nib"],
        "kadis": ["/", "/reports"],
    }
    from engine.services import inbox

    task = inbox(db, staff["pelaksana"], "queue").rows[0]
    for user, paths in pages.items():
        visitor = Visitor(chromium, live_app, csp_errors)
        visitor.login(user)
        if lang == "en":
            visitor.page.get_by_role("button", name="English").click()
            visitor.audit()
        for path in paths:
            visitor.goto(path.format(task=task.id, case=task.case_id))
            assert visitor.page.locator("h1").count() == 1, path
            visitor.fits_the_phone()
        visitor.close()
    assert csp_errors == []


def test_axe_finds_what_it_is_there_to_find(chromium) -> None:  # type: ignore[no-untyped-def]
    """The check itself can fail: the old green badge (4.47:1), an image without a text and a scrolling box a
    keyboard cannot reach are each reported."""
    from axe_support import violations

    page = chromium.new_page()
    page.set_content('<!doctype html><html lang="id"><head><title>uji</title></head><body><main><h1>Uji</h1>'
                     '<p style="color:#1a7f37;background:#e6f4ea">Selesai</p><img src="data:,">'
                     '<div style="overflow:auto;width:100px"><table><tr><td>' + "lebar" * 60 + '</td></tr></table>'
                     '</div></main></body></html>')
    assert {v["id"] for v in violations(page)} == {"color-contrast", "image-alt", "scrollable-region-focusable"}
    page.close()


#: The first page of each demo supervisor (issue 13): what it is called and what it must show, never the empty
#: "Tugas Saya" they used to land on.
FIRST_PAGES = {
    "kabid": ("Pemantauan", "table.supervision tr[id^='langkah-']"),
    "kadis": ("Ringkasan kantor", "table.office-sops tbody tr"),
}


@pytest.mark.parametrize("user", ["kabid", "kadis"])
def test_a_supervisor_reaches_every_menu_item_on_a_phone(  # type: ignore[no-untyped-def]
        chromium, live_app: str, db: Database, user: str) -> None:
    """With the demo data, the Kabid lands on the board (late steps listed) and the Kadis on the office
    overview, not on an empty inbox. On a 390×844 phone the whole menu of either is on the screen ("Laporan"
    included, no sideways scrolling); their first page is screenshotted at phone and desktop size, the menu
    at phone size."""
    from engine.demo import load_demo

    from support import PROCESSES_DIR

    load_demo(db, PROCESSES_DIR)
    csp_errors: list[str] = []
    visitor = Visitor(chromium, live_app, csp_errors)
    page = visitor.page
    page.set_viewport_size(AXE_PHONE)
    visitor.login(user)
    heading, content = FIRST_PAGES[user]
    assert page.locator("h1").inner_text().strip() == heading
    assert page.locator(content).count() >= 1, f"{user}'s first page shows nothing to act on"
    assert "Anda tidak sedang memegang tugas" not in page.locator("main").inner_text()
    visitor.fits_the_phone(AXE_PHONE["width"])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{user}-first-page.png"), full_page=True)
    page.set_viewport_size(AXE_DESKTOP)
    page.screenshot(path=str(ARTIFACTS / f"{user}-first-page-desktop.png"), full_page=True)
    page.set_viewport_size(AXE_PHONE)
    menu = page.get_by_role("navigation", name="Menu utama")
    links = menu.get_by_role("link")
    assert links.count() >= 5
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= AXE_PHONE["width"], \
            f"{links.nth(index).inner_text()} is off the screen: {box}"
        assert box["height"] >= 24  # a target a thumb can hit (WCAG 2.5.8)
    reports = menu.get_by_role("link", name="Laporan")
    assert reports.is_visible()
    menu.screenshot(path=str(ARTIFACTS / f"{user}-phone-menu.png"))
    page.screenshot(path=str(ARTIFACTS / f"{user}-phone-menu-page.png"))
    reports.click()
    page.wait_for_url(re.compile(r"/reports$"))
    visitor.audit()
    visitor.close()
    assert csp_errors == []
