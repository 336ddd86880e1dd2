"""A person's notices: the bell's count, the list, marking them read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from engine.db import Database
from engine.models import Notification
from engine.phrases import Phrase
from engine.services.common import load_actor


@dataclass(frozen=True)
class NotificationInfo:
    id: int
    kind: str
    title: str
    body: str
    case_id: int | None
    task_id: int | None
    created_at: datetime
    read_at: datetime | None
    title_phrase: Phrase  # title and body as phrases, for the reader's language; title and body are Indonesian
    body_phrase: Phrase


def unread_count(db: Database, actor_id: int) -> int:
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        return session.scalar(select(func.count()).select_from(Notification).where(
            Notification.user_id == actor.id, Notification.read_at.is_(None))) or 0


def list_notifications(db: Database, actor_id: int, *, unread_only: bool = False, limit: int = 50,
                       ) -> list[NotificationInfo]:
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        query = select(Notification).where(Notification.user_id == actor.id)
        if unread_only:
            query = query.where(Notification.read_at.is_(None))
        rows = session.scalars(query.order_by(Notification.id.desc()).limit(min(max(limit, 1), 500)))
        return [NotificationInfo(id=n.id, kind=n.kind, title=n.title, body=n.body, case_id=n.case_id,
                                 task_id=n.task_id, created_at=n.created_at, read_at=n.read_at,
                                 title_phrase=_phrase(n.message, "title", n.title),
                                 body_phrase=_phrase(n.message, "body", n.body)) for n in rows]


def _phrase(message: dict[str, Any] | None, part: str, text: str) -> Phrase:
    """A notice's title or body as its phrase; a notice written before phrases were kept reads as its text."""
    saved = (message or {}).get(part)
    if isinstance(saved, dict) and saved.get("key"):
        try:
            return Phrase.from_json(saved)
        except (KeyError, TypeError, ValueError):
            pass
    return Phrase(text)


def mark_read(db: Database, actor_id: int, notification_ids: list[int] | None = None) -> int:
    """Mark my notices read (all of them when no ids are given); others' notices are never touched."""
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        statement = update(Notification).where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        if notification_ids is not None:
            statement = statement.where(Notification.id.in_(notification_ids))
        return session.execute(statement.values(read_at=db.clock.now())).rowcount
