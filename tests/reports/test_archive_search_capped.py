"""A search with more matches than the count stops at: its total says "3+", and its pages are still every match,
newest first, by page number and by cursor, whether the planner reads the page (a search expected to be common, or
no statistics) or every match is read through the search's rare trigrams and sorted (PostgreSQL, expected rare)."""

from __future__ import annotations

import pytest
from reports_support import NIB, applicant
from sqlalchemy import event

from engine.db import Database
from engine.services import start_case
from engine.services.reports import ArchiveFilter, archive_search, case_archive
from engine.timekeeping.clock import FixedClock

CAP = 3


@pytest.fixture
def shops(db: Database, clock: FixedClock, staff: dict[str, int]) -> list[int]:
    """Seven cases of a "Warung", two of them started in the same minute, then three newer ones of a "Toko": the
    warung cases' ids, newest first (same start: the higher id first)."""
    warung = []
    for number in range(7):
        if number != 4:
            clock.advance(minutes=1)
        warung.append(start_case(db, staff["pelaksana"], NIB, applicant(
            f"Pemohon {number}", f"520101410790{number + 20:04d}", f"Warung Nomor {number}")).id)
    for number in range(3):
        clock.advance(minutes=1)
        start_case(db, staff["pelaksana"], NIB, applicant(f"Lain {number}", f"520101120385{number + 20:04d}",
                                                          f"Toko Nomor {number}"))
    return warung[::-1]


@pytest.fixture
def statements(db: Database):  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    event.remove(db.engine, "before_cursor_execute", note)


@pytest.fixture(params=["planner", "rare-trigrams"])
def path(request, db: Database, shops: list[int], monkeypatch) -> str:  # type: ignore[no-untyped-def]
    """How a capped page is read: by the planner (no statistics, or "warung" expected common), or, on PostgreSQL
    after an ANALYZE (migration 0017's statistics), through the rare trigrams of a search expected to be rare."""
    if request.param == "planner":
        monkeypatch.setattr(archive_search, "RARE", -1)
    else:
        request.getfixturevalue("postgres_only")
        monkeypatch.setattr(archive_search, "RARE_SHARE", 1.0)  # seven cases in ten here
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE cases")
    return str(request.param)


def _pages(db: Database, kadis: int, per_page: int) -> tuple[list[int], list[int]]:
    """Every page of the search for "warung", by page number and by keyset cursor."""
    numbered, after, keyset = [], None, []
    for number in range(1, 6):
        numbered += [row.id for row in case_archive(db, kadis, ArchiveFilter(
            text="warung", per_page=per_page, page=number)).rows]
    for _ in range(6):
        page = case_archive(db, kadis, ArchiveFilter(text="Warung", per_page=per_page, after=after))
        keyset += [row.id for row in page.rows]
        if (after := page.next_after) is None:
            break
    return numbered, keyset


def test_a_capped_search_pages_through_every_match_newest_first(
        db: Database, shops: list[int], staff: dict[str, int], statements: list[str], monkeypatch, path: str) -> None:
    monkeypatch.setattr(archive_search, "COUNT_CAP", CAP)
    first = case_archive(db, staff["kadis"], ArchiveFilter(text="warung", per_page=2))
    assert (first.total, first.total_capped, first.pages) == (CAP, True, 2)
    assert [row.id for row in first.rows] == shops[:2]
    probed, sorted_all = (any(part in s for s in statements) for part in ("cases.search_text || ", "WITH found"))
    assert probed == sorted_all == (path == "rare-trigrams")
    numbered, keyset = _pages(db, staff["kadis"], per_page=2)
    assert numbered == keyset == shops


def test_below_the_cap_the_total_is_exact(db: Database, shops: list[int], staff: dict[str, int], monkeypatch,
                                          path: str) -> None:
    monkeypatch.setattr(archive_search, "COUNT_CAP", len(shops))
    page = case_archive(db, staff["kadis"], ArchiveFilter(text="warung", per_page=2, page=4))
    assert (page.total, page.total_capped, [row.id for row in page.rows]) == (len(shops), False, shops[6:])
    beyond = case_archive(db, staff["kadis"], ArchiveFilter(text="warung", per_page=2, page=9))
    assert (beyond.total, beyond.total_capped, beyond.rows) == (len(shops), False, ())
    numbered, keyset = _pages(db, staff["kadis"], per_page=2)
    assert numbered == keyset == shops


def test_a_search_expected_to_be_common_is_asked_whole(db: Database, shops: list[int], staff: dict[str, int],
                                                      statements: list[str], postgres_only) -> None:
    """The statistics sample every case here: "warung" is held by seven of ten, more than one in a hundred; a
    word no case holds is expected rare, so its rare trigrams are asked."""
    with db.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE cases")
    assert case_archive(db, staff["kadis"], ArchiveFilter(text="warung")).total == len(shops)
    assert not any("cases.search_text || " in s for s in statements)
    assert case_archive(db, staff["kadis"], ArchiveFilter(text="tidak ada")).total == 0
    assert any("cases.search_text || " in s for s in statements)
