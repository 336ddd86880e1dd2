"""The supervisor's board: every count is a link that lists exactly those steps (server-side, no script), the
active filter is shown and can be removed, and a filter the board does not know is said, not guessed."""

from __future__ import annotations

import html as markup
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest

from engine.db import Database
from engine.scheduler import SchedulerPolicy, run_pass
from engine.services import claim_task, complete_task, inbox, start_case
from engine.timekeeping.clock import FixedClock

NIK = "5201014107900001"  # valid, as in the test SOP's examples


@dataclass(frozen=True)
class Board:
    """Three steps of the test SOP at Monday 10.05 WITA, after the scheduler's pass:

    - ``late_held``: "Periksa berkas" of case A, held by Uji Pelaksana, late 35 minutes, so escalated (level 1);
    - ``due_soon``: "Periksa berkas" of case B, unclaimed, 25 of its 30 minutes gone;
    - ``late_kabid``: "Menyetujui" of case C (a Kepala Bidang's step), unclaimed, late 5 minutes, not escalated.
    """

    late_held: int
    due_soon: int
    late_kabid: int


def _queue_step(db: Database, user_id: int, case_id: int) -> int:
    return next(row.id for row in inbox(db, user_id, "queue").rows if row.case_id == case_id)


@pytest.fixture
def board(db: Database, sop: str, staff, clock: FixedClock) -> Board:  # type: ignore[no-untyped-def]
    pelaksana, kabid = staff["uji_pelaksana"], staff["uji_kabid"]
    first = start_case(db, pelaksana, sop, {"nama_pemohon": "Kasus A"})
    third = start_case(db, pelaksana, sop, {"nama_pemohon": "Kasus C"})
    done = complete_task(db, pelaksana, _queue_step(db, pelaksana, third.id), {"nik": NIK, "lengkap": True})
    clock.advance(minutes=40)
    second = start_case(db, pelaksana, sop, {"nama_pemohon": "Kasus B"})
    late_held = _queue_step(db, pelaksana, first.id)
    claim_task(db, pelaksana, late_held)
    clock.advance(minutes=25)  # 10.05 WITA
    run_pass(db, clock.now(), policy=SchedulerPolicy(send_email=False))
    return Board(late_held=late_held, due_soon=_queue_step(db, pelaksana, second.id),
                 late_kabid=_queue_step(db, kabid, done.case_id))


def _rows(page: str) -> set[int]:
    return {int(n) for n in re.findall(r'<tr id="langkah-(\d+)"', page)}


def _count_links(page: str) -> list[tuple[str, int, str]]:
    """Every count link on the board: (its query, the number it claims, the number it shows or "")."""
    links = []
    for attributes, text in re.findall(r'<a class="count-link" ([^>]*)>(.*?)</a>', page, re.S):
        href = markup.unescape(re.search(r'href="([^"]*)"', attributes).group(1))  # type: ignore[union-attr]
        claimed = int(re.search(r'data-count="(\d+)"', attributes).group(1))  # type: ignore[union-attr]
        shown = re.search(r'(?:total-num|badge [\w-]+)">(\d+)<', text)
        links.append((href, claimed, shown.group(1) if shown else ""))
    return links


def test_every_count_lists_exactly_its_steps(web, board: Board) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    page = web.client.get("/supervision").get_data(as_text=True)
    assert _rows(page) == {board.late_held, board.due_soon, board.late_kabid}
    links = _count_links(page)
    # the four totals, then per SOP (1 row), per step (2), per role (2) and per person (2), each row's label
    # and its non-zero numbers
    assert len(links) >= 4 + 3 + 2 * 2 + 2 * 2 + 2 * 2
    for href, claimed, shown in links:
        assert shown in ("", str(claimed)), href  # the number a person reads is the one the link stands for
        assert urlsplit(href).path == "/supervision" and href.endswith("#steps-title")
        answer = web.client.get(href)
        assert answer.status_code == 200, href
        listed = _rows(answer.get_data(as_text=True))
        assert len(listed) == claimed, (href, listed)


@pytest.mark.parametrize(("query", "expected"), [
    ("status=overdue", {"late_held", "late_kabid"}),
    ("status=due_soon", {"due_soon"}),
    ("escalated=1", {"late_held"}),
    ("unassigned=1", {"due_soon", "late_kabid"}),
    ("role=pelaksana", {"late_held", "due_soon"}),
    ("role=kepala_bidang", {"late_kabid"}),
    ("sop=uji_web&step=setujui", {"late_kabid"}),
    ("sop=uji_web&step=periksa&status=due_soon", {"due_soon"}),
    ("sop=uji_web", {"late_held", "due_soon", "late_kabid"}),
    ("sop=tidak_ada", set()),
    ("status=due_soon&escalated=1", set()),
])
def test_the_filter_of_a_known_board(web, board: Board, query: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    page = web.client.get(f"/supervision?{query}").get_data(as_text=True)
    assert _rows(page) == {getattr(board, name) for name in expected}
    assert f'{len(expected)} dari 3 langkah ditampilkan' in page
    if not expected:
        assert "Tidak ada langkah yang cocok dengan saringan ini." in page


def test_the_totals_count_late_due_soon_escalated_and_unassigned(web, board: Board) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    page = web.client.get("/supervision").get_data(as_text=True)
    totals = dict((words, int(number)) for number, words in
                  re.findall(r'total-num">(\d+)</span> ([\w ]+?)(?:</a>|</li>)', page))
    assert totals == {"terlambat": 2, "segera jatuh tempo": 1, "sudah dieskalasi": 1, "belum diambil": 2}
    person = web.client.get(f"/supervision?person={_staff_id(page, 'Uji Pelaksana')}").get_data(as_text=True)
    assert _rows(person) == {board.late_held} and "Pegawai: Uji Pelaksana" in person


def _staff_id(page: str, name: str) -> str:
    return re.search(rf'href="/supervision\?person=(\d+)#steps-title">{name}<', page).group(1)  # type: ignore[union-attr]


def test_the_active_filter_is_shown_and_each_part_can_be_removed(web, board: Board) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    page = web.client.get("/supervision?status=overdue&role=pelaksana").get_data(as_text=True)
    assert _rows(page) == {board.late_held}
    assert 'aria-current="true"' not in page  # not one of the totals alone
    chips = re.findall(r'<li class="filter-chip">(.*?) <a href="([^"]*)"', page)
    assert [(words, markup.unescape(href)) for words, href in chips] == [
        ("Terlambat", "/supervision?role=pelaksana#steps-title"),
        ("Peran: Pelaksana", "/supervision?status=overdue#steps-title"),
    ]
    assert 'aria-label="Hapus saringan Terlambat"' in page
    assert 'href="/supervision#steps-title" class="button">Tampilkan semua langkah' in page
    # removing a part keeps the rest; the total that is now the whole filter says so
    rest = web.client.get("/supervision?status=overdue").get_data(as_text=True)
    assert _rows(rest) == {board.late_held, board.late_kabid}
    assert re.search(r'href="/supervision\?status=overdue#steps-title" aria-current="true"', rest)
    # a step is named in its SOP: removing the SOP removes the step too
    step = web.client.get("/supervision?sop=uji_web&step=setujui").get_data(as_text=True)
    chips = dict(re.findall(r'<li class="filter-chip">(.*?) <a href="([^"]*)"', step))
    assert chips["SOP: Proses uji uji_web"] == "/supervision#steps-title"
    assert markup.unescape(chips["Langkah: Menyetujui"]) == "/supervision?sop=uji_web#steps-title"
    # no filter, no filter box
    assert 'class="active-filter"' not in web.client.get("/supervision").get_data(as_text=True)


def test_reassigning_keeps_the_filter(web, board: Board) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    page = web.client.get("/supervision?unassigned=1").get_data(as_text=True)
    link = markup.unescape(re.search(rf'href="([^"]*alihkan={board.due_soon}[^"]*)"', page).group(1))  # type: ignore[union-attr]
    assert parse_qs(urlsplit(link).query) == {"alihkan": [str(board.due_soon)], "unassigned": ["1"]}
    opened = web.client.get(link).get_data(as_text=True)
    assert f'id="alihkan-{board.due_soon}"' in opened and _rows(opened) == {board.due_soon, board.late_kabid}


@pytest.mark.parametrize(("query", "message"), [
    ("status=late", "Status “late” tidak dikenal"),
    ("escalated=ya", "Saringan “escalated” hanya menerima nilai 1."),
    ("unassigned=0", "Saringan “unassigned” hanya menerima nilai 1."),
    ("person=abc", "Saringan “person” harus berupa nomor id pegawai."),
    ("person=99999999999999999999", "Saringan “person” harus berupa nomor id pegawai."),
    ("role=%3Cscript%3E", "Saringan “role” harus berupa kode"),
    ("sop=" + "a" * 101, "Saringan “sop” harus berupa kode"),
    ("step=a%20b&status=overdue", "Saringan “step” harus berupa kode"),
])
def test_a_filter_the_board_does_not_know_is_said_and_filters_nothing(  # type: ignore[no-untyped-def]
        web, board: Board, query: str, message: str) -> None:
    web.login("uji_kabid")
    answer = web.client.get(f"/supervision?{query}")
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert message in page and "Saringan tidak dapat dipakai; semua langkah ditampilkan." in page
    assert _rows(page) == {board.late_held, board.due_soon, board.late_kabid}
    assert "<script>" not in page.split("<main", 1)[1]


def test_an_empty_value_is_no_filter(web, board: Board) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    answer = web.client.get("/supervision?status=&sop=&person=")
    assert answer.status_code == 200
    assert _rows(answer.get_data(as_text=True)) == {board.late_held, board.due_soon, board.late_kabid}


def test_a_zero_count_is_not_a_link(web, sop: str) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    page = web.client.get("/supervision").get_data(as_text=True)
    assert re.search(r'<li class="total overdue"><span class="total-num">0</span> terlambat</li>', page)
    assert "count-link" not in page



@pytest.mark.parametrize("name", ["status", "escalated", "unassigned", "sop", "step", "role", "person"])
def test_hostile_values_are_refused_never_a_crash(web, board: Board, name: str) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    for value in ("-1", "0", "9" * 5000, "%25_%5C%27%22", "%C3%A4%20%D9%82%20%E4%B8%AD%20%F0%9F%98%80", "%ED%A0%80",
                  "%0D%0ASet-Cookie:%20a=b"):
        answer = web.client.get(f"/supervision?{name}={value}")
        assert answer.status_code in (200, 400), (name, value)
        listed = _rows(answer.get_data(as_text=True))
        # refused: the whole board; a well-formed code no step has ("-1" as an SOP key): nothing
        assert len(listed) == (3 if answer.status_code == 400 else 0), (name, value)
