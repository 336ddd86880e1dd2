"""Comments on a case: a thread everyone who may see the case can read and add to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from engine import access
from engine.access import get_visible_case, load_actor
from engine.db import Database
from engine.errors import ValidationFailed
from engine.models import Comment, EventKind, Task
from engine.phrases import N_, Phrase
from engine.services.common import record_event

#: Long enough for a review note, short enough that a comment is not used as a document store.
MAX_COMMENT_LENGTH = 4000


@dataclass(frozen=True)
class CommentInfo:
    id: int
    case_id: int
    task_id: int | None
    step_name: str | None
    author_id: int
    author: str
    at: datetime
    body: str


def add_comment(db: Database, actor_id: int, case_id: int, body: str, task_id: int | None = None) -> CommentInfo:
    """Add a comment to a case (optionally about one of its steps), on any status: the Kadis reviews finished cases.

    Recorded in the case history as ``comment_added``.
    """
    text = (body or "").strip()
    if not text:
        raise ValidationFailed(N_("Komentar kosong."), {"body": N_("Komentar wajib diisi.")})
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationFailed(N_("Komentar terlalu panjang."),
                               {"body": Phrase(N_("Komentar paling banyak %(num)s karakter."),
                                               {"num": MAX_COMMENT_LENGTH})})
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        case = get_visible_case(session, actor, case_id, rule=access.may_comment)
        step_name = None
        if task_id is not None:
            task = session.get(Task, task_id)
            if task is None or task.case_id != case.id:
                raise ValidationFailed(N_("Langkah tidak dikenal."),
                                       {"task_id": N_("Langkah ini bukan bagian dari kasus.")})
            step_name = task.step_name
        now = db.clock.now()
        comment = Comment(case_id=case.id, task_id=task_id, author_id=actor.id, at=now, body=text)
        session.add(comment)
        session.flush()
        record_event(session, kind=EventKind.COMMENT_ADDED, at=now, actor_id=actor.id, case_id=case.id, task_id=task_id,
                     payload={"comment_id": comment.id, "excerpt": text[:200]})
        return CommentInfo(comment.id, case.id, task_id, step_name, actor.id, actor.user.full_name, now, text)


def list_comments(db: Database, actor_id: int, case_id: int) -> list[CommentInfo]:
    """The case's comment thread, oldest first, for those who may see the case."""
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        case = get_visible_case(session, actor, case_id)
        rows = session.execute(
            select(Comment, Task.step_name).outerjoin(Task, Comment.task_id == Task.id)
            .where(Comment.case_id == case.id).order_by(Comment.id)
        ).all()
        return [CommentInfo(c.id, c.case_id, c.task_id, step, c.author_id, c.author.full_name, c.at, c.body)
                for c, step in rows]
