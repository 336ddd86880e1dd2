"""The inbox reads only what it shows: capped counts, keyset pages that agree with numbered pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.db import Database
from engine.errors import NotFound, ValidationFailed
from engine.services import InboxFilter, claim_task, create_user, find_user, inbox, start_case, sync_processes
from engine.timekeeping.clock import FixedClock

from support import decision_sketch, write_process

KEY = "uji_antrean_panjang"
OFFICE = {"code": "kantor-antrean", "name": "Dinas Uji Antrean"}
UNIT = {"code": "kantor-antrean.bidang", "name": "Bidang Antrean", "kind": "division"}


@pytest.fixture
def queue_of_seven(db: Database, tmp_path: Path, clock: FixedClock) -> int:
    """A person alone in a unit of their own, with seven steps in their queue, due one minute apart."""
    write_process(tmp_path, decision_sketch(KEY), sop={"office": OFFICE, "unit": UNIT})
    sync_processes(db, tmp_path)
    try:
        person = find_user(db, "pelaksana.antrean").id
    except NotFound:
        person = create_user(db, username="pelaksana.antrean", full_name="Pelaksana Antrean",
                             password="kata-sandi-uji", roles=["pelaksana"], unit_code=UNIT["code"]).id
    for _ in range(7 - inbox(db, person, "queue").total):
        start_case(db, person, KEY, {"nama_pemohon": "Pemohon Antrean"})
        clock.advance(minutes=1)
    return person


def test_keyset_pages_walk_the_same_rows_as_numbered_pages(db: Database, queue_of_seven: int) -> None:
    for sort in ("due", "-due", "started", "-started"):
        numbered = [row.id for number in (1, 2, 3)
                    for row in inbox(db, queue_of_seven, "queue", InboxFilter(sort=sort, page=number, per_page=3)).rows]
        walked, after = [], None
        while True:
            page = inbox(db, queue_of_seven, "queue", InboxFilter(sort=sort, per_page=3, after=after))
            walked += [row.id for row in page.rows]
            if page.next_after is None:
                break
            after = page.next_after
        assert walked == numbered and len(walked) == 7


def test_counts_stop_at_the_cap(db: Database, queue_of_seven: int, monkeypatch: pytest.MonkeyPatch) -> None:
    full = inbox(db, queue_of_seven, "queue", InboxFilter(per_page=3))
    assert (full.total, full.total_capped, full.counts["queue"], full.pages) == (7, False, 7, 3)
    monkeypatch.setattr("engine.services.common.COUNT_CAP", 4)
    capped = inbox(db, queue_of_seven, "queue", InboxFilter(per_page=3))
    assert (capped.total, capped.total_capped, capped.counts["queue"]) == (4, True, 4)
    assert "queue" in capped.counts_capped and "mine" not in capped.counts_capped
    assert [r.id for r in capped.rows] == [r.id for r in full.rows]
    assert capped.pages == 2  # more than four: at least the page after this one
    third = inbox(db, queue_of_seven, "queue", InboxFilter(per_page=3, page=3))
    assert len(third.rows) == 1 and third.next_after is None


def test_mine_is_read_by_its_holder(db: Database, queue_of_seven: int) -> None:
    first = inbox(db, queue_of_seven, "queue", InboxFilter(per_page=2)).rows
    for row in first:
        claim_task(db, queue_of_seven, row.id)
    mine = inbox(db, queue_of_seven, "mine")
    assert [r.id for r in mine.rows] == [r.id for r in first] and mine.counts == {"mine": 2, "queue": 5}


@pytest.mark.parametrize("cursor", ["kemarin", "2026-11-23T09:00:00~1", "2026-11-23T09:00:00+00:00~x",
                                    "2026-11-23T09:00:00+00:00~99999999999"])
def test_a_broken_cursor_is_refused(db: Database, queue_of_seven: int, cursor: str) -> None:
    with pytest.raises(ValidationFailed):
        inbox(db, queue_of_seven, "queue", InboxFilter(after=cursor))
