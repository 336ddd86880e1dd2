"""What several use cases share besides their access rule: people's names and the shortest reason for a cancel.

The acting person and what they may do live in :mod:`engine.access`, the history's writer beside the event in
:mod:`engine.models`; the names below are re-exported for the services that still import them from here. This
module imports no other service, so any service may import it without deepening the chain of services.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.access import Actor, get_visible_case, load_actor, require_admin
from engine.errors import ValidationFailed
from engine.models import User, record_event
from engine.phrases import N_

__all__ = ["COUNT_CAP", "MIN_CANCEL_REASON", "Actor", "capped_count", "get_visible_case", "load_actor",
           "record_event", "require_admin", "user_names"]

#: The shortest reason accepted for cancelling a case (and for repairing one).
MIN_CANCEL_REASON = 5


#: Lists count at most this many rows and then say "1.000+": a count never reads more than a page's worth of the
#: index many times over, however much work is open or how many cases are stored.
COUNT_CAP = 1000


def capped_count(session: Session, query: Any, cap: int | None = None) -> tuple[int, bool]:
    """The number of rows ``query`` (a SELECT) returns, read up to ``cap`` (``COUNT_CAP``); and whether there are
    more."""
    cap = COUNT_CAP if cap is None else cap
    found = session.scalar(select(func.count()).select_from(query.limit(cap + 1).subquery())) or 0
    return min(found, cap), found > cap


def cursor_of(moment: datetime, row_id: int) -> str:
    """A keyset cursor: the last row's sort time and id; the next page starts after it, at the same cost however
    deep (``parse_cursor`` reads it back)."""
    return f"{moment.isoformat()}~{row_id}"


def parse_cursor(text: str) -> tuple[datetime, int]:
    """A cursor of ``cursor_of``; anything else is refused with a message."""
    moment, _, number = text.rpartition("~")
    try:
        at, row_id = datetime.fromisoformat(moment), int(number)
        if at.tzinfo is None or not 0 < row_id < 2**31:
            raise ValueError(text)
        return at.astimezone(UTC), row_id
    except (ValueError, OverflowError):
        raise ValidationFailed(N_("Penanda halaman tidak valid."),
                               {"after": N_("gunakan next_after dari halaman sebelumnya")}) from None


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` rows fill at ``per_page`` a page; an empty list still has its one page."""
    return max(1, -(-total // per_page))


def user_names(session: Session, ids: set[int | None]) -> dict[int | None, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {uid: name for uid, name in session.execute(select(User.id, User.full_name).where(User.id.in_(wanted)))}
