"""The archive's text search: which cases match, how many (up to ``COUNT_CAP``), and which fill the page asked for.

A search reads its matches up to the cap (1000) and has the database sort them for the page, rather than let the
planner walk every case newest first looking for matches. When more match, the page is the planner's choice for the
whole search (for a common word, walking the newest cases), or, for a search expected to be rare, every match read
through its rare trigrams and sorted.

On PostgreSQL, a search that the statistics expect to be rare asks the trigram index only for its rare trigrams
(``engine.reports.search.probe_trigrams``; the statistics ANALYZE keeps on the column's trigrams, migration 0017)
and checks the cases they let through against the whole search. A common one is asked as a whole, so that the
planner, which then sees what the search is, may rather scan the cases (its count stops at the cap).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, and_, func, or_, select, text, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from engine.caches import CACHES_KEY
from engine.models import Case
from engine.reports.search import (
    IDENTIFIERS,
    WHOLE_NUMBER_DIGITS,
    digits_of,
    escape_like,
    fold,
    matcher,
    probe_trigrams,
)
from engine.services.common import COUNT_CAP

#: The statistics object on ``show_trgm(cases.search_text)`` (migration 0017).
TRIGRAM_STATISTICS = "st_cases_search_trigrams"
#: A search expected (from the statistics) to match at most this share of the cases, and at most ``RARE`` cases, is
#: asked of the trigram index by its rare trigrams; any other is left to the planner, which finds the count and the
#: page of a common one sooner by scanning than any index. One value in the column's statistics sample stands for
#: about 1 % of the cases, so a search that one sampled value holds is still rare.
RARE_SHARE = 0.01
RARE = 20_000


@dataclass(frozen=True)
class Found:
    """The cases of the page asked for, newest first, with one more when a next page follows; and the total."""

    ids: list[int]
    total: int
    capped: bool


def search_archive(session: Session, conditions: Sequence[Any], search: str, offset: int, per_page: int) -> Found:
    """The cases among ``conditions`` that hold ``search`` (already space-collapsed). A number typed whole (a NIK,
    NPWP, NIB) is first looked up exactly; only when no case holds it is it searched as text."""
    number = digits_of(search)
    if len(number) >= WHOLE_NUMBER_DIGITS:
        # A case or two hold a number: read them and sort them here, the smallest query there is.
        where = [*conditions, _holds_number(session, number)]
        found = session.execute(select(Case.id, Case.started_at).where(*where).limit(COUNT_CAP + 1)).all()
        if len(found) > COUNT_CAP:
            return _capped(session, where, None, offset, per_page)
        if found:
            newest = sorted(found, key=lambda r: (r.started_at, r.id), reverse=True)[offset:offset + per_page + 1]
            return Found([r.id for r in newest], len(found), False)
    probe = _probe(session, search)
    if probe is None:
        where = [*conditions, _text_condition(search, Case.search_text)]
    else:  # checked on the cases the probe lets through; not as the column, or the planner would ask the index too
        where = [*conditions, _text_condition(search, Case.search_text + ""), probe]
    # The matches up to the cap, sorted by the database, which returns the page and how many it sorted (a name has
    # a thousand matches in two million cases: sending them to be sorted here took longer).
    found = select(Case.id, Case.started_at).where(*where).limit(COUNT_CAP + 1).subquery("found")
    page = session.execute(select(found.c.id, func.count().over()).order_by(found.c.started_at.desc(),
                                                                            found.c.id.desc())
                           .offset(offset).limit(per_page + 1)).all()
    total = page[0][1] if page else session.scalar(select(func.count()).select_from(found)) if offset else 0
    if total > COUNT_CAP:
        return _capped(session, where, probe, offset, per_page)
    return Found([case_id for case_id, _ in page], total, False)


def _capped(session: Session, where: Sequence[Any], probe: Any, offset: int, per_page: int) -> Found:
    """The page of a search with more matches than the cap."""
    if probe is None:  # the planner's choice: walk the newest cases for a common word, or sort what the index finds
        ids = session.scalars(select(Case.id).where(*where).order_by(Case.started_at.desc(), Case.id.desc())
                              .offset(offset).limit(per_page + 1)).all()
    else:  # expected rare: every match through the probe, sorted (MATERIALIZED: the planner may not walk instead)
        every = select(Case.id, Case.started_at).where(*where).cte("found").prefix_with("MATERIALIZED",
                                                                                       dialect="postgresql")
        ids = session.scalars(select(every.c.id).order_by(every.c.started_at.desc(), every.c.id.desc())
                              .offset(offset).limit(per_page + 1)).all()
    return Found(list(ids), COUNT_CAP, True)


def _holds_number(session: Session, number: str) -> Any:
    """The case holds ``number`` whole among its ``identifiers``: JSON containment through the GIN index on
    PostgreSQL; the quoted number in the JSON text on SQLite (the same cases, unindexed)."""
    if session.get_bind().dialect.name == "postgresql":
        return type_coerce(Case.identifiers, JSONB).contains([number])
    return type_coerce(Case.identifiers, Text).like(f'%"{number}"%')


def _text_condition(search: str, column: Any) -> Any:
    """Reference, subject, the start forms' text fields and identifiers entered in steps, case- and
    accent-insensitively, through the maintained ``cases.search_text`` (engine.reports.search; a trigram index on
    PostgreSQL). A typed ``%`` or ``_`` is that character. Words match before the identifiers' separator, so a
    text search never matches an identifier; digits (4 or more, spaces, dots and dashes left out) also match an
    identifier a step recorded (the NIB issued).
    """
    matches = [column.like(f"%{escape_like(fold(search))}%{IDENTIFIERS}%", escape="\\")]
    compact = digits_of(search)
    if len(compact) >= 4:
        matches.append(column.like(f"%{IDENTIFIERS}%{escape_like(compact)}%", escape="\\"))
    return or_(*matches)


def _probe(session: Session, search: str) -> Any:
    """What the trigram index is asked for a search the statistics expect to be rare: its rare trigrams (for its
    words, and for its digits when they may be an identifier). None for the whole search: where there is no trigram
    index or no statistics, for a search expected to be common, or one without a trigram."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    caches = session.info.get(CACHES_KEY)
    statistics = caches.search_trigrams.get(lambda: _statistics(session)) if caches else _statistics(session)
    if statistics is None or not statistics.rare(search):
        return None
    branches = [fold(search)] + ([compact] if len(compact := digits_of(search)) >= 4 else [])
    probes = []
    for branch in branches:
        trigrams = probe_trigrams(branch, statistics.shares, statistics.unseen)
        if not trigrams:
            return None
        probes.append(and_(*(Case.search_text.like(f"%{t}%") for t in trigrams)))
    return or_(*probes)


@dataclass(frozen=True)
class SearchStatistics:
    """What the last ANALYZE of ``cases`` sampled of the search column."""

    #: The share of cases holding each of the commonest trigrams, and a share for any other (half the least).
    shares: dict[str, float]
    unseen: float
    #: The column's most common values with their shares (the empty column of cases without words), and a sample
    #: of the others (the histogram's bounds) standing for ``sampled`` of the cases.
    common: list[tuple[str, float]]
    sample: list[str]
    sampled: float
    cases: float

    def expected(self, search: str) -> float:
        """The share of cases expected to match ``search``, read from the sample as the planner reads it for a LIKE."""
        holds = matcher(search)
        share = sum(f for value, f in self.common if holds(value))
        if self.sample:
            share += self.sampled * sum(map(holds, self.sample)) / len(self.sample)
        return share

    def rare(self, search: str) -> bool:
        share = self.expected(search)
        return share <= RARE_SHARE and share * self.cases <= RARE


def _statistics(session: Session) -> SearchStatistics | None:
    """The search column's statistics; None before an ANALYZE, before PostgreSQL 14 (no statistics on
    expressions), or when the database's role may not read them (it does not own the table)."""
    version = session.get_bind().dialect.server_version_info or (0,)
    if version < (14,):
        return None
    row = session.execute(text(
        "SELECT e.most_common_elems::text::text[], e.most_common_elem_freqs, s.most_common_vals::text::text[],"
        " s.most_common_freqs, s.histogram_bounds::text::text[], s.null_frac, c.reltuples"
        " FROM pg_stats_ext_exprs e JOIN pg_stats s ON s.schemaname = e.schemaname AND s.tablename = e.tablename"
        " AND s.attname = 'search_text' AND NOT s.inherited JOIN pg_class c ON c.oid = 'cases'::regclass"
        " WHERE e.statistics_name = :name AND e.statistics_schemaname = current_schema()"),
        {"name": TRIGRAM_STATISTICS}).first()
    if row is None or not row[0]:
        return None
    trigrams, shares, values, frequencies, sample, nulls, cases = row
    common = list(zip(values or [], frequencies or [], strict=True))
    # The trigrams' shares end with the least and the greatest of them, and the share of null elements.
    return SearchStatistics(shares=dict(zip(trigrams, shares, strict=False)), unseen=min(shares[:len(trigrams)]) / 2,
                            common=common, sample=list(sample or []),
                            sampled=max(0.0, 1.0 - nulls - sum(f for _, f in common)), cases=max(cases, 0.0))
