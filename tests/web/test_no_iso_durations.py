"""Issue 13: users never read ISO 8601 (``PT30M``, ``P9D``, ``R/2027-01-04T08:00:00+08:00/P6M``).

Every page a demo user visits — the catalogue, the process pages of all fifteen SOPs, the task and case pages
their links lead to, the supervision board and the reports — is rendered with the demo data, in Indonesian and
in English, and its text (and its labels' attributes) searched for an ISO duration or repeating interval.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from engine.db import Database
from engine.definitions.loader import discover
from engine.demo import DEMO_PASSWORD, load_demo

from support import PROCESSES_DIR

ISO = re.compile(r"\bPT\d+[HMS]\b|\bP\d+[DWMY]\b|\bR\d*/\d{4}-\d{2}-\d{2}")
LABEL_ATTRIBUTES = re.compile(r'\b(?:title|aria-label|alt|placeholder|data-label)="([^"]*)"')
TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<svg\b.*?</svg>|<[^>]+>", re.DOTALL)
LINKED = re.compile(r'href="(/(?:cases|tasks)/\d+)"')
SOP_KEYS = [folder.name for folder in discover(PROCESSES_DIR)]
USERS = ["pelaksana", "jafung", "kabid", "kadis", "kadis.ntb", "pelaksana.ntb"]
PAGES = ["/", "/tasks", "/tasks?tab=queue", "/cases", "/processes", "/supervision", "/reports",
         "/reports/compliance", "/reports/compliance?sop=pelayanan_nib_oss", "/reports/monitoring",
         "/reports/registers/nib", "/reports/registers/katalog-ntb?from=2026-01-01", "/reports/cases", "/notifications"]


def iso_strings(html: str) -> list[str]:
    """ISO durations and intervals a reader sees: in the text and in label attributes (not in scripts)."""
    visible = unescape(TAGS.sub(" ", html))
    labels = " ".join(unescape(value) for value in LABEL_ATTRIBUTES.findall(html))
    return ISO.findall(visible) + ISO.findall(labels)


def test_the_pattern_catches_what_users_must_not_see() -> None:
    assert iso_strings("<td>30 Menit (PT30M)</td>") == ["PT30M"]
    assert iso_strings("<span>P9D</span>") == ["P9D"]
    assert iso_strings("<p>Rutin: R/2027-01-04T08:00:00+08:00/P6M</p>") == ["R/2027-01-04", "P6M"]
    assert iso_strings('<td data-label="P2D">x</td>') == ["P2D"]
    assert iso_strings('<time datetime="2026-11-23T09:00:00+08:00">23 November</time><p>30 menit</p>') == []


@pytest.fixture
def demo(db: Database) -> None:
    load_demo(db, PROCESSES_DIR)


WORDS = {
    "id": ("30 menit", "setiap bulan, mulai 4 Januari 2027", "setiap 2 bulan, mulai 4 Januari 2027"),
    "en": ("30 minutes", "every month, from 4 January 2027", "every 2 months, from 4 January 2027"),
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_standard_times_and_schedules_are_said_in_words(web, demo: None, lang: str) -> None:  # type: ignore[no-untyped-def]
    web.login("kadis.ntb", DEMO_PASSWORD)
    with web.client.session_transaction() as session:
        session["lang"] = lang
    minutes, monthly, two_monthly = WORDS[lang]
    catalogue = unescape(TAGS.sub(" ", web.client.get("/processes").get_data(as_text=True)))
    assert monthly in catalogue and two_monthly in catalogue
    nib = unescape(TAGS.sub(" ", web.client.get("/processes/pelayanan_nib_oss").get_data(as_text=True)))
    assert minutes in nib
    routine = web.client.get("/processes/ntb_penyuluhan_umkm_07_informasi_media_massa").get_data(as_text=True)
    assert monthly in unescape(TAGS.sub(" ", routine)) or two_monthly in unescape(TAGS.sub(" ", routine))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_page_a_demo_user_visits_shows_an_iso_duration(app, web, demo: None, lang: str) -> None:  # type: ignore[no-untyped-def]
    assert len(SOP_KEYS) == 15
    seen: dict[str, list[str]] = {}
    visited = registers = 0
    for username in USERS:
        web = type(web)(app.test_client())  # a fresh session per user
        if web.login(username).status_code != 302:  # the test office's users share some demo names
            assert web.login(username, DEMO_PASSWORD).status_code == 302
        with web.client.session_transaction() as session:
            session["lang"] = lang
        queue = [*PAGES, *(f"/processes/{key}" for key in SOP_KEYS), *(f"/processes/{key}/sop" for key in SOP_KEYS)]
        done: set[str] = set()
        while queue:
            path = queue.pop(0)
            if path in done:
                continue
            done.add(path)
            answer = web.client.get(path)
            if answer.status_code != 200 or answer.mimetype != "text/html":
                continue
            if "/registers/" in path:
                registers += 1
            html = answer.get_data(as_text=True)
            visited += 1
            found = iso_strings(html)
            if found:
                seen[f"{username} {path}"] = found
            queue.extend(link for link in LINKED.findall(html) if link not in done)
    assert visited > 60  # the catalogue, 15 SOPs, cases and tasks for several users
    assert registers >= 2  # the NIB register (Lombok Barat) and the NTB catalogue (its routine SOPs)
    assert seen == {}
