"""Pemantauan: late and nearly late steps of the supervisor's units, grouped, with reassigning from the board."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from engine.db import Database
from engine.errors import NotFound
from engine.models import Task
from engine.scheduler import SchedulerPolicy, run_pass
from engine.services import CaseRef, claim_task, create_user, find_user, get_task, inbox, start_case
from engine.timekeeping.clock import FixedClock

#: Wednesday 25 November 2026, 13.30 WITA: the first step (due Monday 09.30 WITA) is then late by
#: 150 + 180 minutes on Monday, 450 on Tuesday and 270 + 30 on Wednesday = 1080 working minutes.
WEDNESDAY_13_30_WITA = datetime(2026, 11, 25, 5, 30, tzinfo=UTC)


@pytest.fixture
def colleague(db: Database) -> int:
    """A second Pelaksana in the test unit, to hand a step to."""
    try:
        return find_user(db, "uji_pelaksana2").id
    except NotFound:
        return create_user(db, username="uji_pelaksana2", full_name="Uji Pelaksana Dua", password="kata-sandi-uji",
                           roles=["pelaksana"], unit_code="kantor-uji.bidang-a").id


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr id="langkah-(\d+)"', html)


def test_the_board_is_for_supervisors_only(web) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = web.client.get("/supervision")
    assert answer.status_code == 403
    assert "Halaman ini untuk atasan" in answer.get_data(as_text=True)
    assert 'href="/supervision"' not in web.client.get("/").get_data(as_text=True)  # no menu link for staff


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/supervision")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_supervisor_sees_the_menu_link_and_an_empty_board(web, sop: str) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    home = web.client.get("/").get_data(as_text=True)
    assert re.search(r'<a href="/supervision">\s*Pemantauan\s*</a>', home)
    answer = web.client.get("/supervision")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert 'href="/supervision" aria-current="page"' in html
    assert "Tidak ada langkah yang terlambat atau segera jatuh tempo" in html


def test_due_soon_then_overdue_with_late_working_time_holder_and_escalation(  # type: ignore[no-untyped-def]
        web, db: Database, case: CaseRef, task_id: int, staff, clock: FixedClock) -> None:
    web.login("uji_kabid")
    assert _rows(web.client.get("/supervision").get_data(as_text=True)) == []  # 09.00: just started

    clock.advance(minutes=25)  # 09.25, due 09.30: the last quarter of its 30 minutes
    html = web.client.get("/supervision").get_data(as_text=True)
    assert _rows(html) == [str(task_id)]
    assert "Segera jatuh tempo" in html and "23 November 2026 09.30 WITA" in html
    assert "sisa 5 menit kerja" in html  # time left in working time, not "in 5 minutes"
    assert re.search(r'total-num">0</span> terlambat', html) and re.search(r'total-num">1</span> segera', html)

    claim_task(db, staff["uji_pelaksana"], task_id)
    clock.set(WEDNESDAY_13_30_WITA)
    run_pass(db, clock.now(), policy=SchedulerPolicy(send_email=False))  # flags and escalates to Kepala Bidang
    html = web.client.get("/supervision").get_data(as_text=True)
    row = html[html.index(f'id="langkah-{task_id}"'):]
    row = row[:row.index("</tr>")]
    assert "2 hari kerja 3 jam" in row
    assert "Uji Pelaksana" in row and "Pelaksana" in row  # holder and role
    assert "23 November 2026 09.30 WITA" in row
    with db.transaction(write=False) as session:  # 1, or 2 when an earlier test left a Sekretaris above the unit
        level = session.get(Task, task_id).escalation_level
    assert level >= 1 and f"Eskalasi tingkat {level}" in row  # the number and words of the notice
    assert f'href="/tasks/{task_id}"' in row and f'href="/cases/{case.id}"' in row
    assert re.search(r'total-num">1</span> terlambat', html)


def test_groups_count_overdue_and_due_soon_by_sop_step_role_and_person(  # type: ignore[no-untyped-def]
        web, db: Database, sop: str, staff, clock: FixedClock) -> None:
    first = start_case(db, staff["uji_pelaksana"], sop, {"nama_pemohon": "Pertama"})
    clock.advance(minutes=20)
    start_case(db, staff["uji_pelaksana"], sop, {"nama_pemohon": "Kedua"})
    clock.advance(minutes=25)  # 09.45: the first is late (due 09.30), the second due soon (due 09.50)
    late = _first_task(db, staff, first)
    claim_task(db, staff["uji_pelaksana"], late)
    web.login("uji_kabid")
    html = web.client.get("/supervision").get_data(as_text=True)
    rows = _rows(html)
    assert len(rows) == 2 and rows[0] == str(late)  # most late first
    for section in ("by-process", "by-step", "by-role", "by-person"):
        assert f'aria-labelledby="{section}"' in html
    process = _section(html, "by-process")
    assert f"Proses uji {sop}" in process and _counts(process) == [("1", "1")]
    assert f"Proses uji {sop}: Periksa berkas" in _section(html, "by-step")
    assert "Pelaksana" in _section(html, "by-role")
    person = _section(html, "by-person")
    assert "Uji Pelaksana" in person and "Belum diambil" in person
    assert sorted(_counts(person)) == [("0", "1"), ("1", "0")]


def _first_task(db: Database, staff, case: CaseRef) -> int:  # type: ignore[no-untyped-def]
    return next(row.id for row in inbox(db, staff["uji_pelaksana"], "queue").rows if row.case_id == case.id)


def _section(html: str, anchor: str) -> str:
    start = html.index(f'aria-labelledby="{anchor}"')
    return html[start:html.index("</section>", start)]


def _counts(section: str) -> list[tuple[str, str]]:
    cells = re.findall(r'<td class="num">(?:<a [^>]*>)?(?:<span class="badge [\w-]+">)?(\d+)', section)
    return list(zip(cells[::2], cells[1::2], strict=True))


def test_reassign_from_the_board(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff, colleague: int, clock: FixedClock) -> None:
    clock.advance(hours=1)
    web.login("uji_kabid")
    board = web.client.get("/supervision").get_data(as_text=True)
    assert f'href="/supervision?alihkan={task_id}#alihkan-{task_id}"' in board
    assert 'name="to_user"' not in board  # the form opens for one step at a time
    opened = web.client.get(f"/supervision?alihkan={task_id}").get_data(as_text=True)
    assert f'action="/supervision/tasks/{task_id}/reassign"' in opened
    assert f'value="{colleague}"' in opened and "Uji Pelaksana Dua" in opened
    assert f'value="{staff["pelaksana_lain"]}"' not in opened  # another unit: not eligible

    answer = web.post(f"/supervision/tasks/{task_id}/reassign", {"to_user": str(colleague), "reason": "Cuti"},
                      token_from="/supervision")
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/supervision#langkah-{task_id}")
    assert get_task(db, staff["uji_kabid"], task_id).assignee_id == colleague
    html = web.client.get("/supervision").get_data(as_text=True)
    assert "Tugas dialihkan." in html and "Uji Pelaksana Dua" in html


def test_bad_reassignments_change_nothing(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff, clock: FixedClock) -> None:
    clock.advance(hours=1)
    web.login("uji_kabid")
    empty = web.post(f"/supervision/tasks/{task_id}/reassign", {"to_user": ""}, token_from="/supervision")
    assert empty.status_code == 422
    html = empty.get_data(as_text=True)
    assert "Pilih pegawai penerima tugas." in html and 'aria-invalid="true"' in html
    assert f'id="alihkan-{task_id}"' in html  # the form stays open on its row
    outsider = web.post(f"/supervision/tasks/{task_id}/reassign", {"to_user": str(staff["pelaksana_lain"])},
                        token_from="/supervision")
    assert outsider.status_code == 422
    assert "tidak memiliki peran" in outsider.get_data(as_text=True)
    assert get_task(db, staff["uji_kabid"], task_id).assignee_id is None
    no_token = web.client.post(f"/supervision/tasks/{task_id}/reassign", data={"to_user": str(staff["uji_kabid"])})
    assert no_token.status_code == 400
    assert get_task(db, staff["uji_kabid"], task_id).assignee_id is None


def test_staff_and_other_units_supervisors_may_not_reassign(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff, colleague: int) -> None:
    web.login("uji_pelaksana")
    answer = web.post(f"/supervision/tasks/{task_id}/reassign", {"to_user": str(colleague)}, token_from="/")
    assert answer.status_code == 403
    web.post("/logout", token_from="/")
    web.login("kabid_lain")
    answer = web.post(f"/supervision/tasks/{task_id}/reassign", {"to_user": str(colleague)}, token_from="/")
    assert answer.status_code == 403
    assert get_task(db, staff["uji_kabid"], task_id).assignee_id is None


def test_an_unknown_step_to_reassign_just_shows_the_board(web, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    for value in ("999999", "x"):
        answer = web.client.get(f"/supervision?alihkan={value}")
        assert answer.status_code == 200 and 'name="to_user"' not in answer.get_data(as_text=True)


@pytest.mark.parametrize(("minutes", "words", "english"), [
    (1080, "2 hari kerja 3 jam", "2 working days 3 hours"),
    (450, "1 hari kerja", "1 working day"),
    (95, "1 jam 35 menit kerja", "1 hour 35 minutes of working time"),
    (0, "kurang dari 1 menit", "less than 1 minute"),
])
def test_late_time_in_words(app, minutes: int, words: str, english: str) -> None:  # type: ignore[no-untyped-def]
    from flask import session

    from webapp.formatting import working_time  # the board's words: the engine's, on a 7.5-hour office day

    with app.test_request_context("/supervision"):
        assert working_time(minutes) == words
    with app.test_request_context("/supervision"):
        session["lang"] = "en"
        assert working_time(minutes) == english
