"""Issue 13's "work in front of the person" in Chromium, with the demo accounts: a Pelaksana does steps 1–4 of
an NIB case in four actions — one "Selesaikan langkah" each, no "Ambil" — because each next step of the same
role and unit is given to them and opens at once; then the Jafung's step 5 shows what steps 2–4 recorded (the
NIB, the OSS User ID) above its form. Screenshots at a phone's (390×844) and a desktop's (1366×768) size go to
``test-artifacts/``; every page is checked with axe and for ISO durations (``Visitor.audit``).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_support import DESKTOP, PHONE
from e2e.test_browser import ARTIFACTS, NIB, Visitor, chromium, live_app  # noqa: F401 - fixtures

from engine.db import Database
from engine.services import get_case, inbox, list_processes, start_case
from engine.timekeeping.clock import FixedClock

pytestmark = pytest.mark.browser

APPLICANT = {"nama_pemohon": "Baiq Nurul Aini", "nik": "5201014107900001", "email": "baiq.nurul@contoh.id",
             "npwp": "5201014107900001", "nama_usaha": "Jajanan Nurul",
             "alamat_usaha": "Desa Gerung Utara, Kec. Gerung, Lombok Barat"}
NIB_NUMBER = "9120001234567"
OSS_USER = "baiqnurul90"
CHECKLIST = ("Foto Copy KTP", "Surat Keterangan Usaha dari Desa", "Memiliki Email", "Memiliki NPWP")


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    before = page.viewport_size
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(before)


def test_steps_one_to_four_in_four_actions_and_step_five_shows_the_nib(  # type: ignore[no-untyped-def]
        chromium, live_app: str, db: Database, staff, clock: FixedClock) -> None:  # noqa: F811
    if NIB not in {p.key for p in list_processes(db)}:
        pytest.skip("the NIB process is not in processes/")
    case = start_case(db, staff["pelaksana"], NIB, APPLICANT)
    first = next(row.id for row in inbox(db, staff["pelaksana"], "queue").rows if row.case_id == case.id)
    csp_errors: list[str] = []

    desk = Visitor(chromium, live_app, csp_errors)
    page = desk.page
    page.set_viewport_size(PHONE)
    desk.login("pelaksana")
    posts: list[str] = []  # every form sent from here on: only the four completions
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.locator(f'main a[href="/tasks/{first}"]').first.click()  # the step in the queue on the home page
    desk.audit()
    assert page.get_by_role("button", name="Selesaikan langkah").is_visible()  # the form, without taking it first

    def complete(heading: str) -> None:
        clock.advance(minutes=10)
        page.get_by_role("button", name="Selesaikan langkah").click()
        page.wait_for_selector(f"h1:has-text('{heading}')")
        desk.audit()

    # 1. Requirements complete: the next step is the Pelaksana's too, and opens straight away.
    assert "Menginput data NIK" in page.locator("h1").inner_text()
    desk.tick("Foto Copy KTP", "Surat Keterangan Usaha dari Desa")
    page.locator("#f-persyaratan_lengkap-ya").check()
    complete("mengaktivasi akun OSS")
    assert "Lanjutkan dengan langkah berikutnya" in page.locator(".flash").inner_text()
    # 2. The OSS account activated.
    desk.tick(*CHECKLIST)
    page.locator("#f-email_aktivasi_diterima-ya").check()
    page.get_by_label("Tanggal aktivasi akun").fill("2026-11-23")
    complete("Login pada sistem OSS")
    # 3. Signed in to OSS with the applicant's User ID.
    desk.tick(*CHECKLIST)
    page.get_by_label("User ID OSS").fill(OSS_USER)
    complete("menerbitkan Nomor Induk Berusaha")
    assert OSS_USER in page.locator(".earlier-steps").inner_text()  # recorded in step 3
    _shot(page, "carry-on-step-4")
    # 4. The NIB issued: the next step is the Jafung's, so the Pelaksana goes home.
    desk.tick(*CHECKLIST)
    page.get_by_label("Nomor Induk Berusaha (NIB)").fill(NIB_NUMBER)
    page.get_by_label("Tanggal terbit NIB").fill("2026-11-23")
    page.get_by_label("Tingkat risiko usaha").select_option("Rendah")
    clock.advance(minutes=10)
    page.get_by_role("button", name="Selesaikan langkah").click()
    page.wait_for_url(re.compile(r"/$"))
    desk.audit()
    assert "diteruskan" in page.locator(".flash").inner_text()
    completions = [url for url in posts if re.search(r"/tasks/\d+/complete$", url)]
    assert len(completions) == 4 and posts == completions, posts  # four actions, not one "Ambil" among them
    assert len(set(completions)) == 4  # four different steps
    desk.logout()

    steps = [s for s in get_case(db, staff["pelaksana"], case.id).steps if s.status == "completed"]
    assert len(steps) == 4 and len({s.completed_by for s in steps}) == 1  # all four by the one Pelaksana

    # 5. The Jafung's step: the NIB and the OSS User ID recorded earlier are shown above the form.
    checker = Visitor(chromium, live_app, csp_errors)
    page = checker.page
    page.set_viewport_size(PHONE)
    checker.login("jafung")
    page.get_by_role("link", name="Tracking/penelusuran sistem pendaftaran").first.click()
    checker.audit()
    earlier = page.locator(".earlier-steps")
    assert earlier.is_visible()
    recorded = earlier.inner_text()
    assert NIB_NUMBER in recorded and OSS_USER in recorded and "Rendah" in recorded
    assert page.locator(".earlier-step").count() == 4
    _shot(page, "carry-on-step-5")
    checker.close()
    assert csp_errors == []
