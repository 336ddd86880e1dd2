"""One transaction of the scheduler's sweep: a batch of due steps, what they share, and the notices they write.

The batch reads its cases, steps and holders at once, knows who to tell about a step (its holder, or everyone who
may take it; the supervisor ranks above its unit), decides the batch with one conditional UPDATE and writes its
notices in one INSERT that skips a dedupe key already there (engine.scheduler runs the sweeps).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, literal, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from engine import access
from engine.db import Database
from engine.models import Case, Notification, ProcessStep, Role, Task, Unit, User, UserRole, as_stored
from engine.phrases import Phrase
from engine.services.office_calendar import office_calendar
from engine.timekeeping.working_time import OfficeCalendar

#: Notices per INSERT (SQLite takes at most 32,766 values in one statement).
NOTICES_PER_INSERT = 1_000


@dataclass
class SweepBatch:
    """What one transaction of a sweep shares: the calendar, the cases, the people to tell, the notices to write."""

    session: Session
    db: Database
    now: datetime
    tasks: list[Task]
    send_email: bool = True
    notices: list[dict[str, Any]] = field(default_factory=list)
    _calendar: OfficeCalendar | None = None
    _acting: dict[tuple[str, int], list[User]] = field(default_factory=dict)
    _ranks: dict[int, list[tuple[str, list[User]]]] = field(default_factory=dict)
    _loaded: list[object] = field(default_factory=list)
    #: The last notice's title and body with their rendered words (Indonesian text, and the phrases as JSON).
    _words: tuple[Phrase, Phrase, str, str, dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        """The batch's cases, steps and holders in three reads; held here, so that later ``session.get`` calls and
        lazy loads find them in the session (which keeps only weak references)."""
        session = self.session
        self._loaded += session.scalars(select(Case).where(Case.id.in_({t.case_id for t in self.tasks}))).all()
        self._loaded += session.scalars(
            select(ProcessStep).where(ProcessStep.id.in_({t.step_id for t in self.tasks}))).all()
        holders = {t.assignee_id for t in self.tasks if t.assignee_id is not None}
        if holders:
            self._loaded += session.scalars(select(User).where(User.id.in_(holders))).all()

    @property
    def calendar(self) -> OfficeCalendar:
        if self._calendar is None:
            self._calendar = office_calendar(self.session, self.db.timezone, self.now)
        return self._calendar

    def case_of(self, task: Task) -> Case:
        case = self.session.get(Case, task.case_id)
        assert case is not None
        return case

    def people_who_act(self, task: Task) -> list[User]:
        """``_people_who_act``, read once per role and unit of the batch's unclaimed steps."""
        if task.assignee_id is not None:
            return people_who_act(self.session, task)
        key = (task.role_code, task.unit_id)
        if key not in self._acting:
            self._acting[key] = people_who_act(self.session, task)
        return self._acting[key]

    def supervisor_ranks(self, unit_id: int) -> list[tuple[str, list[User]]]:
        if unit_id not in self._ranks:
            self._ranks[unit_id] = supervisor_ranks(self.session, unit_id)
        return self._ranks[unit_id]

    def notify(self, user: User, *, kind: str, task: Task | None, case: Case, title: Phrase, body: Phrase,
               dedupe: str | None = None) -> None:
        """A notice's row; its unique dedupe key makes a second write a no-op (ON CONFLICT DO NOTHING). ``title``
        and ``body`` are kept as Indonesian text (email) and as phrases (the bell, in the reader's language)."""
        # A step's notice goes to everyone who may act on it (some 17 people per step in the bench): its words are
        # rendered once, and written once (_INSERT_NOTICES), not once per person.
        if self._words is None or self._words[0] is not title or self._words[1] is not body:
            self._words = (title, body, str(title)[:300], str(body), {"title": title.to_json(),
                                                                     "body": body.to_json()})
        _, _, title_text, body_text, message = self._words
        key = dedupe or f"{kind}:{task.id if task else case.id}:{user.id}"
        self.notices.append({
            "user_id": user.id, "kind": kind, "case_id": case.id, "task_id": task.id if task else None,
            "title": title_text, "body": body_text, "message": message, "created_at": self.now,
            "dedupe_key": key[:200], "read_at": None,
            "email_status": "pending" if self.send_email and user.email else "none", "email_attempts": 0})

    def claim(self, condition: Any, **values: Any) -> set[int]:
        """The conditional update of the whole batch: the ids it changed are this pass's to handle (another
        scheduler, or an earlier pass, got the rest). ``values`` map a column to a value or to {task id: value}."""
        columns = Task.__table__.c
        assignments = {name: value if not isinstance(value, dict) else case(
            *((Task.id == task_id, literal(v, type_=columns[name].type)) for task_id, v in value.items()),
            else_=literal(None, type_=columns[name].type)) for name, value in values.items()}
        return set(self.session.execute(
            update(Task).where(Task.id.in_([t.id for t in self.tasks]), condition).values(**assignments)
            .returning(Task.id).execution_options(synchronize_session=False)).scalars())

    def write_notices(self) -> None:
        """The batch's notices, each written once, in one multi-row INSERT that skips a dedupe key already there.

        On PostgreSQL the rows travel as one JSON array (``INSERT … SELECT FROM jsonb_to_recordset(…)``): one short
        statement however many notices, where a VALUES list of thousands of rows costs more to build and parse
        than to insert. SQLite takes a multi-row ``INSERT OR IGNORE`` (SQLAlchemy's "insertmanyvalues").
        """
        if not self.notices:
            return
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(_INSERT_NOTICES, _notice_document(self.notices))
        else:
            statement = (sqlite_insert(Notification).on_conflict_do_nothing(index_elements=["dedupe_key"])
                         .returning(Notification.id)
                         .execution_options(insertmanyvalues_page_size=NOTICES_PER_INSERT))
            self.session.execute(statement, self.notices).all()
        self.notices.clear()


#: A batch's notices in one statement on PostgreSQL: the rows as one JSON array (created_at as naive UTC, as stored),
#: their words (title, body, message) as another, each once however many people a step's notice goes to, the rows
#: naming theirs by position. JSON, not one array parameter per column: psycopg escapes each element of a text array
#: in Python (a regular expression per title, body and message), which was half of a pass's time (issue 14); the
#: words once, not once per person: encoding them again was a third of the rest. Rows are inserted in their order.
_INSERT_NOTICES = text(
    "WITH said AS MATERIALIZED (SELECT CAST(:words AS jsonb) AS words) "
    "INSERT INTO notifications (user_id, kind, case_id, task_id, title, body, message, created_at, dedupe_key, "
    "email_status, email_attempts) "
    "SELECT user_id, kind, case_id, task_id, said.words -> notice.words ->> 'title', "
    "said.words -> notice.words ->> 'body', said.words -> notice.words -> 'message', created_at, dedupe_key, "
    "email_status, email_attempts FROM said, jsonb_to_recordset(CAST(:rows AS jsonb)) AS notice(user_id integer, "
    "kind text, case_id integer, task_id integer, words integer, created_at timestamp, dedupe_key text, "
    "email_status text, email_attempts integer) "
    "ON CONFLICT (dedupe_key) DO NOTHING")
_OWN_WORDS = ("title", "body", "message")


def _notice_document(notices: list[dict[str, Any]]) -> dict[str, str]:
    """:data:`_INSERT_NOTICES`' parameters: the rows, and the words they share (one entry per notice's message)."""
    words: list[dict[str, Any]] = []
    position: dict[int, int] = {}
    rows = []
    for notice in notices:
        message = notice["message"]
        if id(message) not in position:
            position[id(message)] = len(words)
            words.append({"title": notice["title"], "body": notice["body"], "message": message})
        row = {key: value for key, value in notice.items() if key not in _OWN_WORDS}
        row["words"] = position[id(message)]
        row["created_at"] = as_stored(notice["created_at"]).isoformat()
        rows.append(row)
    return {"rows": json.dumps(rows, ensure_ascii=False), "words": json.dumps(words, ensure_ascii=False)}


def supervisor_ranks(session: Session, unit_id: int) -> list[tuple[str, list[User]]]:
    """Supervisors over a unit (in it or above it), grouped by role, lowest escalation rank first."""
    unit = session.get(Unit, unit_id)
    assert unit is not None
    rows = session.execute(
        select(User, Role).join(UserRole, UserRole.user_id == User.id).join(Role, Role.code == UserRole.role_code)
        .where(access.supervisors_of(unit), Role.escalation_rank.is_not(None))
        .order_by(Role.escalation_rank, User.id)
    ).all()
    ranks: dict[str, list[User]] = {}
    for user, role in rows:
        ranks.setdefault(role.code, []).append(user)
    return list(ranks.items())


def people_who_act(session: Session, task: Task) -> list[User]:
    """The holder, or everyone who may take the step from the queue (its role, in a unit above or below)."""
    if task.assignee_id is not None:
        holder = session.get(User, task.assignee_id)
        return [holder] if holder is not None and holder.active else []
    unit = session.get(Unit, task.unit_id)
    assert unit is not None
    return list(session.scalars(
        select(User).join(UserRole, UserRole.user_id == User.id).join(Unit, Unit.id == User.unit_id)
        .where(access.people_who_may_work_on(task.role_code, unit))
        .order_by(User.id)
    ))
