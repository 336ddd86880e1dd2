"""Use cases that draw a process: a case's progress on its diagram, and the catalogue's diagrams.

A case's marks come from our task rows, never from the deserialized workflow: the rows are what the
inbox, the history and the reports show, so the picture never disagrees with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from engine.db import Database
from engine.diagrams import StepMark, end_event_ids, render_svg
from engine.models import Case, CaseStatus, Task, TaskStatus
from engine.services.common import get_visible_case, load_actor
from engine.services.definitions import latest_definition


def step_marks(tasks: Iterable[Task], now: datetime) -> dict[str, StepMark]:
    """Element id → mark, from a case's task rows in creation order: the latest activation wins.

    An open step is ``overdue`` once ``now`` is past its due time, else ``active``.
    """
    marks: dict[str, StepMark] = {}
    for task in tasks:
        if task.status == TaskStatus.OPEN:
            marks[task.element_id] = StepMark.OVERDUE if now > task.due_at else StepMark.ACTIVE
        elif task.status == TaskStatus.COMPLETED:
            marks[task.element_id] = StepMark.DONE
        else:
            marks[task.element_id] = StepMark.CANCELLED
    return marks


def _end_mark(case: Case) -> dict[str, StepMark]:
    """The end event a completed case finished at (its recorded outcome), when exactly one matches."""
    if case.status != CaseStatus.COMPLETED or not case.outcome:
        return {}
    ends = end_event_ids(case.definition.bpmn_xml, case.outcome)
    return {ends[0]: StepMark.DONE} if len(ends) == 1 else {}


def case_diagram_svg(db: Database, actor_id: int, case_id: int) -> str:
    """The case's process diagram with each step coloured by where the case stands.

    Only people who may see the case get it (:class:`~engine.errors.NotAuthorized` otherwise).
    """
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        case = get_visible_case(session, actor, case_id)
        now = db.clock.now()
        tasks = session.scalars(select(Task).where(Task.case_id == case.id).order_by(Task.id)).all()
        marks = {**_end_mark(case), **step_marks(tasks, now)}
        bpmn_xml = case.definition.bpmn_xml
        title = f"{case.definition.name} — {case.reference}"
    return render_svg(bpmn_xml, marks, title=title)


def process_diagram_svg(db: Database, key: str, version: int | None = None) -> str:
    """The catalogue's diagram of an SOP (latest version unless one is named), unmarked."""
    with db.transaction(write=False) as session:
        definition = latest_definition(session, key, version)
        bpmn_xml, title = definition.bpmn_xml, definition.name
    return render_svg(bpmn_xml, title=title)
