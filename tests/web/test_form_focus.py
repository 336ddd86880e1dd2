"""After a failed submit the keyboard starts at the error summary, and an error about a radio or checkbox group
leads to the group's first input (a link to the fieldset itself would leave focus on the page)."""

from __future__ import annotations

import re


def test_the_error_summary_takes_focus_and_group_errors_link_to_their_first_input(web, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = web.post(f"/tasks/{task_id}/complete", {"nik": "1234"}, token_from=f"/tasks/{task_id}")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    summary = re.search(r'<div class="error-summary"[^>]*>', html)
    assert summary and 'tabindex="-1"' in summary[0] and "autofocus" in summary[0]
    assert html.count("autofocus") == 1  # nothing else competes for the first focus
    links = dict((target, text) for target, text in re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', html))
    assert links["f-nik"].startswith("NIK Pemohon harus")  # a text input is its own target
    assert "f-lengkap-ya" in links and "f-lengkap" not in links  # the Ya/Tidak group: its first radio
    assert 'id="f-lengkap-ya"' in html and "<script" not in html.split('id="error-summary"')[1].split("</div>")[0]


def test_a_page_without_errors_does_not_steal_focus(web, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    html = web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "error-summary" not in html and "autofocus" not in html
