"""The archive search through ``cases.search_text`` finds what the fifteen ``lower(data->>…) LIKE`` filters found."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from reports_support import NIB, applicant
from sqlalchemy import event, func, or_, select, update

from engine import caches
from engine.caches import TimedValue
from engine.db import Database
from engine.models import Case, ProcessDefinition, ProcessStep, Task, TaskStatus
from engine.reports.search import (
    IDENTIFIERS,
    WHOLE_NUMBER_DIGITS,
    digits_of,
    fold,
    matcher,
    probe_trigrams,
    search_text,
    whole_numbers,
    with_identifiers,
)
from engine.services import start_case
from engine.services.reports import ArchiveFilter, archive_search, case_archive
from engine.services.reports.archive_search import TRIGRAM_STATISTICS, SearchStatistics

QUERIES = ["fauzi", "5201011203850002", "5201", "bengkel", "9120007654321", "912000", "nib-2026-00001", "nib-2026",
           "nama_pemohon", "100%_", "%", "_", "a", "Nurul Aini", "warung rukiah", "zainul  majdi", "12 0007",
           "9120.0012", "jajanan", "2026", "HJ.", "mebel", "rendah", "Menengah", "persen%lah", "garis_bawah"]


def _legacy_condition(session, text: str):  # type: ignore[no-untyped-def]
    """Today's search before the column (its code as it was), the reference the column must agree with."""
    def escape(value: str) -> str:
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

    pattern = f"%{escape(text.lower())}%"
    start_fields: set[str] = set()
    step_fields: dict[int, set[str]] = {}
    for definition_id, sop, forms, is_latest in session.execute(select(
            ProcessDefinition.id, ProcessDefinition.sop, ProcessDefinition.forms, ProcessDefinition.is_latest)):
        start_path = ((sop or {}).get("case") or {}).get("start_form")
        identifiers: dict[str, set[str]] = {}
        for path, schema in (forms or {}).items():
            for name, node in ((schema or {}).get("properties") or {}).items():
                if not isinstance(node, dict) or node.get("type") != "string":
                    continue
                if path == start_path:
                    if is_latest and node.get("format") not in ("date", "date-time"):
                        start_fields.add(name)
                elif node.get("format") in {"nik", "nib", "npwp"}:
                    identifiers.setdefault(path, set()).add(name)
        if identifiers:
            for step_id, form_path in session.execute(select(ProcessStep.id, ProcessStep.form_path).where(
                    ProcessStep.definition_id == definition_id, ProcessStep.form_path.in_(identifiers))):
                step_fields[step_id] = identifiers[form_path]
    matches = [func.lower(Case.reference).like(pattern, escape="\\"),
               func.lower(Case.subject).like(pattern, escape="\\")]
    matches += [func.lower(Case.data[name].as_string()).like(pattern, escape="\\") for name in sorted(start_fields)]
    compact = text.replace(" ", "").replace(".", "").replace("-", "")
    if compact.isdecimal() and len(compact) >= 4 and step_fields:
        names = sorted({n for names in step_fields.values() for n in names})
        matches.append(Case.id.in_(select(Task.case_id).where(
            Task.step_id.in_(sorted(step_fields)), Task.status == TaskStatus.COMPLETED,
            or_(*(Task.data[name].as_string().like(f"%{compact}%") for name in names)))))
    return or_(*matches)


@pytest.fixture
def more_cases(db: Database, office, staff) -> list[str]:  # type: ignore[no-untyped-def]
    """Applicants whose words hold LIKE's wildcards and look like each other's."""
    return [start_case(db, staff["pelaksana"], NIB, applicant(name, nik, business)).reference
            for name, nik, business in (("Persen%lah Usaha", "5201014107900011", "Toko 100%_"),
                                        ("Garis_Bawah", "5201011203850012", "Warung Nurul Aini"))]


@pytest.mark.parametrize("text", QUERIES)
def test_the_column_finds_what_the_filters_found(db: Database, office, more_cases, staff, text: str) -> None:
    _finds_what_the_filters_found(db, staff["kadis"], text)


@pytest.fixture
def trigram_statistics(db: Database, postgres_only, office, more_cases, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """ANALYZE has sampled the cases' trigrams (migration 0017), so a search asks the index for its rare ones (every
    search counts as rare here, where most words are held by one case in six)."""
    monkeypatch.setattr(archive_search, "RARE_SHARE", 1.0)
    with db.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE cases")


@pytest.mark.parametrize("query", QUERIES)
def test_the_rare_trigrams_find_what_the_filters_found(db: Database, trigram_statistics, staff, query: str) -> None:
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        _finds_what_the_filters_found(db, staff["kadis"], query)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql(
            "SELECT count(*) FROM pg_stats_ext_exprs WHERE statistics_name = %(name)s AND most_common_elems IS NOT "
            "NULL", {"name": TRIGRAM_STATISTICS}).scalar() == 1
    probed = any("cases.search_text || " in s for s in statements)
    whole_number = len(digits_of(query)) >= WHOLE_NUMBER_DIGITS  # these two are found among identifiers
    assert probed == (bool(probe_trigrams(fold(query), {}, 0.5)) and not whole_number)


def _finds_what_the_filters_found(db: Database, kadis: int, text: str) -> None:
    kadis_sees = {row.id for row in case_archive(db, kadis, ArchiveFilter(per_page=200)).rows}
    normalized = " ".join(text.split())
    with db.transaction(write=False) as session:
        legacy = set(session.scalars(select(Case.id).where(_legacy_condition(session, normalized))))
    found = {row.id for row in case_archive(db, kadis, ArchiveFilter(text=text, per_page=200)).rows}
    assert found == legacy & kadis_sees
    holds = matcher(normalized)  # what the statistics' sample is read with agrees
    with db.transaction(write=False) as session:
        assert {case_id for case_id, column in session.execute(select(Case.id, Case.search_text))
                if holds(column)} == legacy


def test_the_probe_reads_the_rarest_trigram_of_each_word_and_what_pays_for_itself() -> None:
    shares = {"abi": 0.01, "bia": 0.02, "iat": 0.02, "atu": 0.05, "tul": 0.05, "rab": 0.04, "hak": 0.02,
              "aki": 0.03, "kim": 0.015}
    # One of each word, the rarest; then nothing: one case in 6,700 gets through, and the next trigram (iat,
    # overlapping abi anyway; tul, held by one case in twenty) would cost more to read than it rules out.
    assert probe_trigrams("rabiatul hakim", shares, 0.001) == ["abi", "kim"]
    # A word alone: trigrams that do not overlap the first one, then one that does, while they pay for themselves.
    assert probe_trigrams("rabiatul", shares, 0.001) == ["abi", "atu", "bia"]
    # A short word of common trigrams: the overlapping one too, or a tenth of the cases would be rechecked.
    assert probe_trigrams("arin", {"ari": 0.1, "rin": 0.12}, 0.001) == ["ari", "rin"]
    # An unlisted trigram counts as rarer than any listed.
    assert probe_trigrams("zabiatul", shares, 0.001) == ["zab", "iat"]
    # A trigram held by nearly every case is not read after a rare one, whatever the order of the words.
    assert probe_trigrams("desa rabiatul", {"des": 0.9, "esa": 0.9, **shares}, 0.001) == ["abi", "atu", "bia"]


def test_the_expected_matches_read_the_sample_as_the_planner_does() -> None:
    """Half the cases have an empty column (a common value); the other half are sampled by four values."""
    column = search_text("NIB-1", "Warung Baiq", {}, [], ["9120001234567"])
    sample = [column, column.replace("warung", "toko"), search_text("NIB-2", "Kopi", {}, []), "x\nwarung"]
    statistics = SearchStatistics(shares={}, unseen=0.0, common=[("", 0.5)], sample=sample, sampled=0.5,
                                  cases=1000)
    assert statistics.expected("warung") == 0.5 * 1 / 4  # "x\nwarung" has no identifiers' separator
    assert statistics.expected("baiq") == 0.5 * 2 / 4
    assert statistics.expected("9120 0012") == 0.5 * 2 / 4 and statistics.expected("lain") == 0
    assert statistics.rare("lain") and not statistics.rare("warung")


def test_the_statistics_are_read_again_after_ten_minutes(monkeypatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(caches.time, "monotonic", lambda: now[0])
    reads: list[float] = []
    statistics = TimedValue(600)
    for seconds in (0, 599, 601, 1000):
        now[0] = 1000.0 + seconds
        statistics.get(lambda: reads.append(now[0]) or len(reads))  # type: ignore[func-returns-value]
    assert reads == [1000.0, 1601.0]


@pytest.mark.parametrize("folded", ["", "ab", "a b c", "hj. ab", "ṣa", "%_%"])
def test_no_trigram_no_probe(folded: str) -> None:
    """Then the whole search is asked of the index, as before."""
    assert probe_trigrams(folded, {}, 0.001) == []


def test_accents_and_case_are_folded(db: Database, office, staff) -> None:
    reference = start_case(db, staff["pelaksana"], NIB, applicant("Ṣalāḥ Ĺombok", "5201015002750013", "Kopi")).reference
    for text in ("salah lombok", "SALAH", "Ṣalāḥ"):
        assert [row.reference for row in case_archive(db, staff["kadis"], ArchiveFilter(text=text)).rows] == [
            reference]


def test_a_completed_steps_identifier_joins_the_column(db: Database, office) -> None:
    with db.transaction(write=False) as session:
        text = session.scalar(select(Case.search_text).where(Case.id == office.late))
    words, _, identifiers = text.partition(IDENTIFIERS)
    assert "bengkel fauzi" in words.split("\n") and identifiers.split("\n") == ["9120007654321"]
    assert with_identifiers(text, []) == text


def _migration(name: str):  # type: ignore[no-untyped-def]
    """A migration's module, to run its backfill on cases the services wrote."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).parents[2] / "migrations" / "versions" /
                                                  f"{name}.py")
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


def test_the_migration_backfills_what_the_services_write(db: Database, office) -> None:
    migration = _migration("0011_list_indexes")
    ids = [office.on_time, office.late, office.cancelled, office.open]
    with db.transaction(write=False) as session:
        written = dict(session.execute(select(Case.id, Case.search_text).where(Case.id.in_(ids))).all())
    with db.engine.begin() as connection:
        migration._backfill(connection)
    with db.transaction(write=False) as session:
        backfilled = dict(session.execute(select(Case.id, Case.search_text).where(Case.id.in_(ids))).all())
    assert backfilled == written
    assert written[office.on_time].startswith(fold("NIB-2026-00001")) and "9120001234567" in written[office.on_time]


def test_search_text_keeps_fields_apart() -> None:
    value = search_text("X-1", "Ab", {"a": "Cd", "b": None, "c": 5}, ["a", "b", "c"], ["123"])
    assert value == "x-1\nab\ncd\n\n5" + IDENTIFIERS + "123"


@pytest.mark.parametrize("text", ["", "nib-2026"])
def test_keyset_pages_walk_the_same_cases_as_numbered_pages(db: Database, office, staff, text: str) -> None:
    numbered = [row.id for number in (1, 2) for row in case_archive(
        db, staff["kadis"], ArchiveFilter(text=text, per_page=2, page=number)).rows]
    walked, after = [], None
    for _ in range(2):
        page = case_archive(db, staff["kadis"], ArchiveFilter(text=text, per_page=2, after=after))
        walked += [row.id for row in page.rows]
        after = page.next_after
    assert walked == numbered and len(walked) == 4
    assert case_archive(db, staff["kadis"], ArchiveFilter(text=text, per_page=200)).next_after is None


def test_a_number_typed_whole_is_looked_up_exactly(db: Database, office, staff) -> None:
    """A NIB, NIK or NPWP typed whole (however it is spaced) is found through ``cases.identifiers``, without the
    text search; a part of one is still found as text."""
    with db.transaction(write=False) as session:
        column, numbers = session.execute(select(Case.search_text, Case.identifiers)
                                          .where(Case.id == office.late)).one()
    assert numbers == whole_numbers(column) and "9120007654321" in numbers
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        for text in ("9120007654321", "9120 0076 54321", "9120.0076-54321"):
            assert [row.id for row in case_archive(db, staff["kadis"], ArchiveFilter(text=text)).rows] == [
                office.late]
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert any("identifiers" in s for s in statements) and not any("search_text LIKE" in s for s in statements)
    assert office.late in {row.id for row in case_archive(db, staff["kadis"], ArchiveFilter(text="912000765")).rows}


def test_the_identifiers_migration_backfills_what_the_services_write(db: Database, office) -> None:
    migration = _migration("0015_case_identifiers")
    ids = [office.on_time, office.late, office.cancelled, office.open]
    with db.transaction(write=False) as session:
        written = dict(session.execute(select(Case.id, Case.identifiers).where(Case.id.in_(ids))).all())
    with db.engine.begin() as connection:
        connection.execute(update(Case).where(Case.id.in_(ids)).values(identifiers=[]))
        for batch in migration._batches(connection):
            migration._fill(connection, batch)
    with db.transaction(write=False) as session:
        backfilled = dict(session.execute(select(Case.id, Case.identifiers).where(Case.id.in_(ids))).all())
    assert backfilled == written and all(written.values())
