"""The reports in Chromium with the demo data: the compliance report (its heat map and charts), every register,
the monitoring form, the case archive and a case's history, each checked with axe-core at a phone's and a
desktop's size (``Visitor.audit``; also: no ISO duration on the page), and the compliance report in English.

The drawings and wide tables scroll inside their own box on a narrow screen; each such box is a named region a
keyboard can reach (tabindex 0), which axe's "scrollable-region-focusable" rule asks for.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_support import DESKTOP, PHONE
from e2e.test_browser import ARTIFACTS, NIB, Visitor, chromium, live_app  # noqa: F401 - fixtures

from engine.db import Database
from engine.demo import load_demo

from support import PROCESSES_DIR

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(db: Database) -> None:
    load_demo(db, PROCESSES_DIR)


def _shot(visitor: Visitor, name: str) -> None:
    """``<name>-phone.png`` (390×844) and ``<name>-desktop.png`` (1366×768), whole page."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = visitor.page
    before = page.viewport_size
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(before)


def _scroll_boxes_are_focusable_regions(page: Any) -> None:
    """Every box that scrolls its content sideways can take focus and has a name."""
    boxes = page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
        .map(e => ({cls: e.className, tabindex: e.getAttribute('tabindex'), role: e.getAttribute('role'),
                    label: e.getAttribute('aria-label') || ''}))""")
    for box in boxes:
        assert box["tabindex"] == "0" and box["role"] == "region" and box["label"].strip(), box


def test_the_reports_pass_axe_on_a_phone_and_a_desktop(  # type: ignore[no-untyped-def]
        chromium, live_app: str, demo: None) -> None:  # noqa: F811
    csp_errors: list[str] = []
    visitor = Visitor(chromium, live_app, csp_errors)
    page = visitor.page
    visitor.login("kabid")
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Laporan").click()
    visitor.audit()
    registers = [link.get_attribute("href") for link in page.locator("a[href^='/reports/registers/']").all()]
    assert registers, "the Kabid is offered no register"

    # The compliance report of the NIB SOP: heat map and two charts, each in a focusable, named scroll box.
    visitor.goto("/reports/compliance")
    page.get_by_label("SOP").select_option(NIB)
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_url(re.compile(r"/reports/compliance\?"))
    visitor.audit()
    assert page.locator(".diagram-scroll[tabindex='0'][role='region'][aria-label]").count() == 3
    assert page.locator(".diagram-scroll svg").count() == 3
    _scroll_boxes_are_focusable_regions(page)
    regions = page.locator(".diagram-scroll")
    regions.first.focus()  # the keyboard reaches the drawing and can scroll it
    assert page.evaluate("document.activeElement.classList.contains('diagram-scroll')")
    page.set_viewport_size(PHONE)
    page.keyboard.press("ArrowRight")
    _shot(visitor, "compliance")

    for href in registers:
        visitor.goto(href)
        assert page.locator("h1").count() == 1, href
        _scroll_boxes_are_focusable_regions(page)
    _shot(visitor, "register")

    visitor.goto("/reports/monitoring")
    _scroll_boxes_are_focusable_regions(page)

    # The archive, then one case's history from it.
    visitor.goto("/reports/cases")
    _scroll_boxes_are_focusable_regions(page)
    _shot(visitor, "archive")
    page.locator("main a[href^='/reports/cases/']").first.click()
    page.wait_for_url(re.compile(r"/reports/cases/\d+$"))
    visitor.audit()
    _scroll_boxes_are_focusable_regions(page)
    _shot(visitor, "history")
    visitor.close()
    assert csp_errors == []


def test_the_compliance_report_in_english(  # type: ignore[no-untyped-def]
        chromium, live_app: str, demo: None) -> None:  # noqa: F811
    """The language switch, then the compliance report: the page's headings and the charts' own words (titles,
    series) in English, with no Indonesian chart word left."""
    csp_errors: list[str] = []
    visitor = Visitor(chromium, live_app, csp_errors)
    page = visitor.page
    visitor.login("kadis")
    page.get_by_role("button", name="English").click()
    visitor.audit()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Reports").click()
    visitor.audit()
    page.locator("main").get_by_role("link", name="SOP compliance").first.click()
    visitor.audit()
    page.get_by_label("SOP").select_option(NIB)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"/reports/compliance\?"))
    visitor.audit()
    assert page.locator("h1").inner_text().strip() == "SOP compliance"
    headings = page.locator("main h2").all_inner_texts()
    for heading in ("Summary", "Step heat map", "Chart", "Per step", "Per person"):
        assert heading in headings, headings
    assert page.locator(".diagram-scroll svg.report-chart").count() == 2
    assert "scroll" in (page.locator(".diagram-scroll").nth(1).get_attribute("aria-label") or "")
    charts = " ".join(page.locator("svg.report-chart").all_text_contents())
    for english in ("Working time per step: median and 90th percentile against the standard", "Actual median",
                    "Share of steps completed on time"):
        assert english in charts, charts
    for indonesian in ("Waktu kerja per langkah", "Median aktual", "Persentil", "Tepat waktu", "tepat waktu"):
        assert indonesian not in charts, charts
    _shot(visitor, "compliance-english")
    visitor.close()
    assert csp_errors == []
