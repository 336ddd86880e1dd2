"""Issue 13: each person lands on their work, a step's page shows what earlier steps recorded, one person carries
a case through their consecutive steps in one action each, and only SOPs one may start offer "Mulai kasus"."""

from __future__ import annotations

import re
from typing import Any

from engine.db import Database
from engine.services import get_case, inbox, start_case
from engine.services.attachments import add_attachment

NIB = "pelayanan_nib_oss"
START = {"nama_pemohon": "Baiq Nurul Aini", "nik": "5201014107900001", "email": "baiq.nurul@contoh.id",
         "npwp": "5201014107900001", "nama_usaha": "Jajanan Nurul",
         "alamat_usaha": "Desa Gerung Utara, Kec. Gerung, Lombok Barat"}
ALL = ["fotokopi_ktp", "sku_desa", "memiliki_email", "memiliki_npwp"]
#: What the Pelaksana types in NIB steps 1–4 (the forms' own examples, dates before the test clock's day).
STEPS: list[dict[str, Any]] = [
    {"persyaratan": ["fotokopi_ktp", "sku_desa"], "persyaratan_lengkap": "true"},
    {"persyaratan": ALL, "email_aktivasi_diterima": "true", "tanggal_aktivasi": "2026-11-20"},
    {"persyaratan": ALL, "user_id_oss": "baiqnurul90"},
    {"persyaratan": ALL, "nib": "9120001234567", "tanggal_terbit": "2026-11-20", "risiko": "Rendah"},
]


class CountingSession:
    """Signs in and posts like a browser, counting the requests that change state (every POST after sign-in)."""

    def __init__(self, web: Any) -> None:
        self.web = web
        self.changes = 0

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        self.changes += 1
        return self.web.post(path, data, token_from="/", **kwargs)


def _sign_in_again(web: Any, username: str) -> None:
    web.client.post("/logout", data={"csrf_token": web.csrf_token("/")})
    web.login(username)


def _first_step(db: Database, user_id: int, case_id: int) -> int:
    return next(row.id for row in inbox(db, user_id, "queue").rows if row.case_id == case_id)


def _walk_steps_1_to_4(db: Database, web: Any, staff: dict[str, int]) -> tuple[int, CountingSession]:
    case = start_case(db, staff["pelaksana"], NIB, START)
    web.login("pelaksana")
    browser = CountingSession(web)
    task_id = _first_step(db, staff["pelaksana"], case.id)
    for number, data in enumerate(STEPS, start=1):
        answer = browser.post(f"/tasks/{task_id}/complete", data)
        assert answer.status_code == 303, f"step {number}: {answer.get_data(as_text=True)[:2000]}"
        location = answer.headers["Location"]
        if number < len(STEPS):  # the next step is the Pelaksana's too: given to them, and they go straight to it
            match = re.fullmatch(r"/tasks/(\d+)", location)
            assert match, f"step {number} led to {location}, not to the next step"
            task_id = int(match.group(1))
            page = web.client.get(location).get_data(as_text=True)
            assert "Selesaikan langkah" in page and "Ambil & kerjakan" not in page  # already theirs
        else:  # step 5 is the Jafung's: back home, the step in the Jafung's queue
            assert location == "/"
    return case.id, browser


def test_the_pelaksana_does_steps_1_to_4_of_an_nib_case_in_four_actions(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    case_id, browser = _walk_steps_1_to_4(db, web, staff)
    assert browser.changes == 4
    steps = get_case(db, staff["pelaksana"], case_id).steps
    assert [s.status for s in steps[:4]] == ["completed"] * 4
    assert {s.completed_by for s in steps[:4]} == {"Pelaksana"}
    fifth = steps[4]
    assert fifth.status == "open" and fifth.role_code == "jafung" and fifth.assignee is None


def test_step_5_shows_what_steps_2_to_4_recorded_above_its_form(web, db: Database, staff, tmp_path) -> None:  # type: ignore[no-untyped-def]
    case = start_case(db, staff["pelaksana"], NIB, START)
    web.login("pelaksana")
    task_id = _first_step(db, staff["pelaksana"], case.id)
    for number, data in enumerate(STEPS, start=1):
        if number == 4:  # the NIB letter, uploaded on the step that records the NIB
            add_attachment(db, staff["pelaksana"], task_id, "nib-jajanan-nurul.pdf", b"%PDF-1.4\n%%EOF\n",
                           upload_dir=tmp_path / "uploads", max_bytes=1_000_000)
        answer = web.post(f"/tasks/{task_id}/complete", data, token_from="/")
        if number < 4:
            task_id = int(answer.headers["Location"].rsplit("/", 1)[1])
    fifth = next(s.task_id for s in get_case(db, staff["pelaksana"], case.id).steps if s.status == "open")

    _sign_in_again(web, "jafung")
    html = web.client.get(f"/tasks/{fifth}").get_data(as_text=True)
    earlier = html.index("Yang dicatat langkah sebelumnya")
    form = html.index('id="formulir"')
    assert earlier < form  # the record comes before the form in the page (CSS puts the form first on a phone)
    recorded = html[earlier:form]
    assert "9120001234567" in recorded and "baiqnurul90" in recorded and "nib-jajanan-nurul.pdf" in recorded
    assert "Nomor Induk Berusaha (NIB)" in recorded and "User ID OSS" in recorded
    assert "Baiq Nurul Aini" in html[:form]  # the case's data too


def test_a_step_of_the_queue_is_claimed_and_opened_in_one_action(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    case = start_case(db, staff["pelaksana"], NIB, START)
    task_id = _first_step(db, staff["pelaksana"], case.id)
    web.login("pelaksana")
    home = web.client.get("/").get_data(as_text=True)
    assert "Ambil & kerjakan</button>" in home and ">Ambil</button>" not in home
    answer = web.post(f"/tasks/{task_id}/claim", token_from="/")
    assert answer.status_code == 303 and answer.headers["Location"] == f"/tasks/{task_id}"
    page = web.client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Selesaikan langkah" in page and "Lepas ke antrean" in page


def test_staff_see_their_steps_first_then_the_queue_late_on_top(web, db: Database, staff, clock) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    held = start_case(db, staff["pelaksana"], NIB, {**START, "nama_pemohon": "Dipegang Saya"})
    held_task = _first_step(db, staff["pelaksana"], held.id)
    start_case(db, staff["pelaksana"], NIB, {**START, "nama_pemohon": "Lama Menunggu"})
    clock.advance(timedelta(days=3))  # that one is late now
    start_case(db, staff["pelaksana"], NIB, {**START, "nama_pemohon": "Baru Masuk"})
    web.login("pelaksana")
    web.post(f"/tasks/{held_task}/claim", token_from="/")
    home = web.client.get("/").get_data(as_text=True)
    mine, queue = home.index("Dipegang Saya"), home.index('id="queue-title"')
    assert mine < queue < home.index("Lama Menunggu") < home.index("Baru Masuk")


def test_each_role_lands_on_its_own_home(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("kabid")
    board = web.client.get("/").get_data(as_text=True)
    assert "<h1>Pemantauan</h1>" in board and 'class="totals"' in board and "Daftar tugas" not in board

    _sign_in_again(web, "kadis")
    overview = web.client.get("/").get_data(as_text=True)
    assert "Ringkasan kantor" in overview and "Kasus per SOP" in overview and "Menunggu Anda" in overview
    assert 'href="/reports"' in overview and 'href="/tasks"' in overview  # the reports and their own steps

    _sign_in_again(web, "pelaksana")
    assert "Daftar tugas" in web.client.get("/").get_data(as_text=True)


def test_sign_in_leads_home(web) -> None:  # type: ignore[no-untyped-def]
    answer = web.login("kadis")
    assert answer.status_code == 302 and answer.headers["Location"] == "/"


def test_the_kadis_sees_running_and_late_cases_per_sop_and_the_steps_waiting_for_them(  # type: ignore[no-untyped-def]
        web, db: Database, staff, clock) -> None:
    from datetime import timedelta

    start_case(db, staff["pelaksana"], NIB, START)
    start_case(db, staff["pelaksana"], NIB, {**START, "nama_pemohon": "Kedua"})
    clock.advance(timedelta(days=3))
    web.login("kadis")
    html = web.client.get("/").get_data(as_text=True)
    row = re.search(r"Pelayanan Nomor Induk Berusaha.*?</tr>", html, re.S)
    assert row, html
    numbers = re.findall(r'class="num">(?:<a [^>]*>)?(\d+)', row.group(0))
    assert numbers[:2] == ["2", "2"]  # two running, both with a late step
    assert f'href="/cases?status=active&amp;sop={NIB}&amp;overdue=1"' in row.group(0)


def test_a_lombok_barat_pelaksana_is_offered_no_start_on_ntb_sops(web, db: Database) -> None:  # type: ignore[no-untyped-def]
    web.login("pelaksana")
    catalogue = web.client.get("/processes").get_data(as_text=True)
    assert f'href="/processes/{NIB}/start"' in catalogue
    assert not re.search(r'href="/processes/ntb_[a-z0-9_]+/start"', catalogue)
    ntb = "ntb_penyuluhan_umkm_01_rencana_program"
    assert f'href="/processes/{ntb}/start"' not in web.client.get(f"/processes/{ntb}").get_data(as_text=True)
    assert f'href="/processes/{NIB}/start"' in web.client.get(f"/processes/{NIB}").get_data(as_text=True)
    refused = web.client.get(f"/processes/{ntb}/start")  # refused before anything is typed
    assert refused.status_code == 403


def test_task_counts_in_english_are_singular_for_one(db: Database, web: Any, staff: dict[str, int]) -> None:
    """ "Queue: 1 tasks" and "· 1 open tasks" in the reassign list: the counts used one English form for all."""
    case = start_case(db, staff["pelaksana"], NIB, START)
    queued = inbox(db, staff["pelaksana"], "queue").total
    web.login("pelaksana")
    web.post("/lang/en", {"next": "/"}, token_from="/")
    page = web.client.get("/tasks").get_data(as_text=True)
    words = re.sub(r"<[^>]+>", "", page)
    assert re.search(rf"Queue: {queued} {'task' if queued == 1 else 'tasks'}\b", words), words
    assert not re.search(r"\b1 tasks\b", page)
    web.client.post("/logout", data={"csrf_token": web.csrf_token("/")})
    web.login("kabid")
    web.post("/lang/en", {"next": "/"}, token_from="/")
    step = web.client.get(f"/tasks/{_first_step(db, staff['pelaksana'], case.id)}").get_data(as_text=True)
    assert "open task" in step and not re.search(r"\b1 open tasks\b", step)
