"""A slow export says it is being made: the report pages' download links carry "Menyiapkan PDF…" for the static
script (no inline script: the CSP allows only 'self'), which sets it with aria-busy until the file has arrived."""

from __future__ import annotations

import re

from reports_support import NIB

COMPLIANCE = f"/reports/compliance?sop={NIB}&from=2026-11-01&to=2026-11-30"


def test_the_compliance_downloads_say_they_are_being_prepared(web, office) -> None:  # type: ignore[no-untyped-def]
    web.login("kadis")
    html = web.client.get(COMPLIANCE).get_data(as_text=True)
    links = re.findall(r'<a class="button" href="([^"]+)" download data-busy-label="([^"]+)">(\w+)</a>', html)
    assert {(label, busy) for _, busy, label in links} == {
        ("PDF", "Menyiapkan PDF…"), ("XLSX", "Menyiapkan XLSX…"), ("CSV", "Menyiapkan CSV…")}
    assert 'id="download-status"' in html and 'role="status"' in html
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.DOTALL)
    assert scripts == [(' src="/static/downloads.js" defer', "")]  # static, no inline code
    script = web.client.get("/static/downloads.js")
    assert script.status_code == 200 and "javascript" in script.mimetype
    code = script.get_data(as_text=True)
    assert "aria-busy" in code and "busyLabel" in code and "download-status" in code
    pdf = next(href for href, _, label in links if label == "PDF").replace("&amp;", "&")
    assert web.client.get(pdf).data.startswith(b"%PDF")  # what the script fetches is the file itself


def test_the_english_page_says_it_in_english(web, office) -> None:  # type: ignore[no-untyped-def]
    web.login("kadis")
    with web.client.session_transaction() as session:
        session["lang"] = "en"
    html = web.client.get(COMPLIANCE).get_data(as_text=True)
    assert 'data-busy-label="Preparing PDF…"' in html
