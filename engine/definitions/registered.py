"""A registered SOP version as a running case reads it on every step: its forms, its steps with their Mutu Baku,
its settings and its parsed spec.

A registered version never changes (a revision is a new version with a new id), so it is read from the database
once per process and kept by id and checksum (:class:`engine.caches.Caches`); a completion no longer reads the
definition and its steps each time (issue 14).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.caches import CACHES_KEY
from engine.models import ProcessDefinition, ProcessStep
from engine.runtime import SPEC_CACHE, ProcessSpec


@dataclass(frozen=True)
class StepPlan:
    """A step of the SOP as a new task row copies it."""

    id: int
    element_id: str
    name: str
    role_code: str
    performer_role_code: str | None
    standard_duration: str
    time_basis: str
    form_path: str | None


@dataclass(frozen=True)
class RegisteredVersion:
    id: int
    key: str
    version: int
    checksum: str
    forms: Mapping[str, Any]
    sop: Mapping[str, Any]
    steps: Mapping[str, StepPlan]
    spec: ProcessSpec

    def step(self, element_id: str) -> StepPlan:
        return self.steps[element_id]


def registered_version(session: Session, definition_id: int, checksum: str) -> RegisteredVersion:
    """The SOP version ``definition_id`` (whose content ``checksum`` names), from the process's cache."""
    caches = session.info.get(CACHES_KEY)
    if caches is None:
        return _read(session, definition_id)
    found = caches.definitions.get((definition_id, checksum))
    if found is None:
        found = _read(session, definition_id)
        if found.checksum == checksum:
            caches.definitions[(definition_id, checksum)] = found
    return found


def _read(session: Session, definition_id: int) -> RegisteredVersion:
    d = ProcessDefinition.__table__.c
    row = session.execute(select(d.key, d.version, d.checksum, d.forms, d.sop).where(d.id == definition_id)).one()
    s = ProcessStep.__table__.c
    steps = {
        r.element_id: StepPlan(r.id, r.element_id, r.name, r.role_code, r.performer_role_code, r.standard_duration,
                               r.time_basis, r.form_path)
        for r in session.execute(
            select(s.id, s.element_id, s.name, s.role_code, s.performer_role_code, s.standard_duration,
                   s.time_basis, s.form_path).where(s.definition_id == definition_id).order_by(s.position))
    }

    def bpmn_xml() -> str:
        return str(session.scalar(select(d.bpmn_xml).where(d.id == definition_id)))

    spec = SPEC_CACHE.get(row.key, row.checksum, bpmn_xml)
    return RegisteredVersion(definition_id, row.key, row.version, row.checksum, row.forms, row.sop, steps, spec)
