"""The SOP AP document of every SOP in a real browser (Debian's Chromium through Playwright).

For each SOP the page opens without a blocked inline style, every flowchart row is exactly as tall as its
drawing (so the arrows cut at the rows' edges meet), the role columns of the header line up with the drawn
columns, and a screenshot goes to ``test-artifacts/sop-<key>.png``.
"""

from __future__ import annotations

from typing import Any

import pytest
from e2e.test_browser import ARTIFACTS, DESKTOP, PASSWORD, Visitor, chromium, live_app  # noqa: F401 - fixtures

from engine.db import Database
from engine.definitions.loader import discover
from engine.services import list_processes

from support import PROCESSES_DIR

pytestmark = pytest.mark.browser

ROW_GEOMETRY = """() => [...document.querySelectorAll('table.sop-flowchart')].map(table => {
  const svg = table.querySelector('tbody svg.sop-flow').getBoundingClientRect().width;
  const roles = [...table.querySelectorAll('th.sop-role')].map(th => th.getBoundingClientRect().width);
  const rows = [...table.querySelectorAll('tr.sop-row')].map(tr =>
    [tr.getBoundingClientRect().height, tr.querySelector('svg.sop-flow').getBoundingClientRect().height]);
  return {svg, roles, rows};
})"""


def test_every_sop_document_opens_and_its_rows_meet(chromium: Any, live_app: str, db: Database,  # noqa: F811
                                                    staff: dict[str, int]) -> None:
    keys = {folder.name for folder in discover(PROCESSES_DIR)}
    processes = [p for p in list_processes(db) if p.key in keys]
    assert len(processes) == len(keys)
    csp_errors: list[str] = []
    visitor = Visitor(chromium, live_app, csp_errors)
    page = visitor.page
    page.goto(f"{live_app}/login")  # signed in wherever the app lands after it (the inbox's address may move)
    page.get_by_label("Nama pengguna").fill("pelaksana")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.set_viewport_size(DESKTOP)
    ARTIFACTS.mkdir(exist_ok=True)
    for process in processes:
        page.goto(f"{live_app}/processes/{process.key}/sop")
        assert page.locator("h1").count() == 1, process.key
        tables = page.evaluate(ROW_GEOMETRY)
        assert tables, process.key
        for table in tables:
            for role in table["roles"]:
                assert abs(role - table["svg"] / len(table["roles"])) < 2, (process.key, table["roles"])
            for row, drawing in table["rows"]:
                assert drawing > 30 and row - drawing < 1.5, (process.key, row, drawing)
        names = page.locator("table.sop-flowchart td:nth-child(2)").all_inner_texts()
        for step in process.steps:
            assert step.name in names, (process.key, step.name)
        page.screenshot(path=str(ARTIFACTS / f"sop-{process.key}.png"), full_page=True)
    visitor.context.close()
    assert csp_errors == []
