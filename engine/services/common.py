"""What every use case needs besides its access rule: the event log.

The acting person and what they may do live in :mod:`engine.access`; the names below are re-exported for the
services that still import them from here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from engine.access import Actor, get_visible_case, load_actor, require_admin
from engine.models import Event, EventKind

__all__ = ["Actor", "get_visible_case", "load_actor", "record_event", "require_admin"]


def record_event(
    session: Session,
    *,
    kind: EventKind,
    at: datetime,
    actor_id: int | None,
    case_id: int | None = None,
    task_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> Event:
    """An event that is not a status change of a case or step (those record their own: ``Task.complete`` …)."""
    event = Event(kind=kind, at=at, actor_id=actor_id, case_id=case_id, task_id=task_id, payload=payload or {})
    session.add(event)
    return event
