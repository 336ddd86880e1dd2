"""What several use cases share besides their access rule: people's names and the shortest reason for a cancel.

The acting person and what they may do live in :mod:`engine.access`, the history's writer beside the event in
:mod:`engine.models`; the names below are re-exported for the services that still import them from here. This
module imports no other service, so any service may import it without deepening the chain of services.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.access import Actor, get_visible_case, load_actor, require_admin
from engine.models import User, record_event

__all__ = ["MIN_CANCEL_REASON", "Actor", "get_visible_case", "load_actor", "record_event", "require_admin",
           "user_names"]

#: The shortest reason accepted for cancelling a case (and for repairing one).
MIN_CANCEL_REASON = 5


def page_count(total: int, per_page: int) -> int:
    """How many pages ``total`` rows fill at ``per_page`` a page; an empty list still has its one page."""
    return max(1, -(-total // per_page))


def user_names(session: Session, ids: set[int | None]) -> dict[int | None, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {uid: name for uid, name in session.execute(select(User.id, User.full_name).where(User.id.in_(wanted)))}
