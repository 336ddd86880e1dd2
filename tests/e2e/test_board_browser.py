"""The supervisor's board in Chromium with the demo data: a count taken with the keyboard alone filters the list
below it (a plain link, answered by the server), the active filter is shown and removed the same way, and the
filtered board passes axe at a phone's and a desktop's size. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import re

import pytest
from axe_support import DESKTOP, PHONE
from e2e.test_browser import ARTIFACTS, Visitor, chromium, live_app  # noqa: F401 - fixtures

from engine.db import Database
from engine.demo import load_demo

from support import PROCESSES_DIR

pytestmark = pytest.mark.browser


def test_a_count_filters_the_board_from_the_keyboard(  # type: ignore[no-untyped-def]
        chromium, live_app: str, db: Database) -> None:  # noqa: F811
    load_demo(db, PROCESSES_DIR)
    csp_errors: list[str] = []
    visitor = Visitor(chromium, live_app, csp_errors)
    page = visitor.page
    page.set_viewport_size(PHONE)
    visitor.login("kabid")
    everything = page.locator("table.supervision tr[id^='langkah-']").count()
    late = page.locator(".total.overdue a.count-link")
    shown = int(late.locator(".total-num").inner_text())
    assert 0 < shown <= everything

    late.focus()  # reached by Tab like any link; Enter follows it
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/supervision\?status=overdue"))
    visitor.audit()
    assert page.locator("table.supervision tr[id^='langkah-']").count() == shown
    assert page.locator("table.supervision tr[id^='langkah-']:not(.is-overdue)").count() == 0
    assert page.locator(".filter-chip").all_inner_texts()[0].startswith("Terlambat")
    assert page.locator(".total.overdue a[aria-current='true']").count() == 1
    visitor.fits_the_phone(PHONE["width"])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "board-filtered-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(ARTIFACTS / "board-filtered-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)

    page.get_by_role("link", name="Hapus saringan Terlambat").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/supervision#steps-title$"))
    visitor.audit()
    assert page.locator(".active-filter").count() == 0
    assert page.locator("table.supervision tr[id^='langkah-']").count() == everything
    visitor.close()
    assert csp_errors == []
