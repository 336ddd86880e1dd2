"""In Chromium: after a failed submit the keyboard starts at the error summary, and following an error about a
checklist (or a Ya/Tidak question) lands on the group's first input, not on the page (issue 13, forms)."""

from __future__ import annotations

from typing import Any

import pytest
from e2e.test_browser import Visitor, chromium, live_app  # noqa: F401 - fixtures

from engine.db import Database
from engine.services import inbox, list_processes, start_case

NIB = "pelayanan_nib_oss"
APPLICANT = {"nama_pemohon": "Baiq Nurul Aini", "nik": "5201014107900001", "email": "baiq@contoh.id",
             "npwp": "5201014107900001", "nama_usaha": "Jajanan Nurul", "alamat_usaha": "Gerung"}


def test_a_failed_submit_focuses_the_summary_and_its_links_focus_the_first_input(  # type: ignore[no-untyped-def]
        chromium: Any, live_app: str, db: Database, staff: dict[str, int]) -> None:  # noqa: F811
    if NIB not in {p.key for p in list_processes(db)}:
        pytest.skip("the NIB process is not in processes/ yet")
    case = start_case(db, staff["pelaksana"], NIB, APPLICANT)
    step = next(row.id for row in inbox(db, staff["pelaksana"], "queue").rows if row.case_id == case.id)
    desk = Visitor(chromium, live_app, [])
    desk.login("pelaksana")
    page = desk.page
    desk.goto(f"/tasks/{step}")
    page.locator("#f-persyaratan_lengkap-ya").check()  # "complete", with no document ticked
    desk.complete()
    page.wait_for_selector("#error-summary")
    desk.audit()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary = page.locator("#error-summary").inner_text()
    assert "Foto Copy KTP, Surat Keterangan Usaha dari Desa belum dicentang" in summary
    page.locator("#error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "f-persyaratan-1"  # the checklist's first box
    desk.close()
