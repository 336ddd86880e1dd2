"""The archive's text search: which cases match, how many (up to ``COUNT_CAP``), and which fill the page asked for.

A search reads its matches up to the cap (1000) and has the database sort them for the page, rather than let the
planner walk every case newest first looking for matches. When more match, the page is the planner's choice (for a
common word, walking the newest cases).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, func, or_, select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from engine.models import Case
from engine.reports.search import IDENTIFIERS, WHOLE_NUMBER_DIGITS, digits_of, escape_like, fold
from engine.services.common import COUNT_CAP


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
            return _capped(session, where, offset, per_page)
        if found:
            newest = sorted(found, key=lambda r: (r.started_at, r.id), reverse=True)[offset:offset + per_page + 1]
            return Found([r.id for r in newest], len(found), False)
    where = [*conditions, _text_condition(search, Case.search_text)]
    # The matches up to the cap, sorted by the database, which returns the page and how many it sorted (a name has
    # a thousand matches in two million cases: sending them to be sorted here took longer).
    found = select(Case.id, Case.started_at).where(*where).limit(COUNT_CAP + 1).subquery("found")
    page = session.execute(select(found.c.id, func.count().over()).order_by(found.c.started_at.desc(),
                                                                            found.c.id.desc())
                           .offset(offset).limit(per_page + 1)).all()
    total = page[0][1] if page else session.scalar(select(func.count()).select_from(found)) if offset else 0
    if total > COUNT_CAP:
        return _capped(session, where, offset, per_page)
    return Found([case_id for case_id, _ in page], total, False)


def _capped(session: Session, where: Sequence[Any], offset: int, per_page: int) -> Found:
    """The page of a search with more matches than the cap: the planner's choice (for a common word, walking the
    newest cases; for a rarer one, sorting what the index finds)."""
    ids = session.scalars(select(Case.id).where(*where).order_by(Case.started_at.desc(), Case.id.desc())
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

