"""The official SOP AP document of a process version (Permenpan RB 35/2012), for the page and the PDF.

Drawn from the version as it runs (its BPMN, sop.json and registered steps; see :mod:`engine.sop_document`).
Whoever may see the SOP catalogue may read it: every active, signed-in person.
"""

from __future__ import annotations

from engine.access import load_actor
from engine.db import Database
from engine.labels import role_label, role_names
from engine.models import ProcessDefinition, ProcessStep
from engine.services.definitions import latest_definition, role_lookup
from engine.sop_document import Approval, SopDocument, StepFacts, build_document
from engine.timekeeping.durations import parse_iso8601


def sop_document(db: Database, actor_id: int, key: str, version: int | None = None) -> SopDocument:
    """The SOP AP document of ``key`` (its latest version unless ``version`` is named).

    Raises :class:`~engine.errors.NotFound` for an unknown process or version and
    :class:`~engine.errors.NotAuthenticated` for a person who is no longer active.
    """
    with db.transaction(write=False) as session:
        load_actor(session, actor_id)
        definition = latest_definition(session, key, version)
        names = role_names(session)
        return build_document(
            key=definition.key, version=definition.version, name=definition.name, nomor_sop=definition.nomor_sop,
            bpmn_xml=definition.bpmn_xml, sop=definition.sop, steps=[_facts(s, names) for s in definition.steps],
            lane_roles=role_lookup(session), role_names=names, approval=_approval(definition),
            status=definition.status.value,
        )


def _approval(definition: ProcessDefinition) -> Approval | None:
    """The approval recorded on the version when the Kadis approved it in Alur; without one the document prints
    sop.json's "Disahkan oleh"."""
    if not definition.approver_name:
        return None
    return Approval(position=definition.approver_position or "", name=definition.approver_name,
                    nip=definition.approver_nip or "", effective_on=definition.effective_on)


def _facts(step: ProcessStep, names: dict[str, str]) -> StepFacts:
    """A registered step's number, performing role and Mutu Baku; the standard time as the SOP writes it, else in
    words. A step of an external party (Pemohon) sits in that party's column, recorded by the queue's role."""
    time_text = step.standard_time_text or parse_iso8601(step.standard_duration, basis=step.time_basis).label()
    performer = step.performer_role_code or step.role_code
    recorded_by = role_label(step.role_code, names) if step.performer_role_code else None
    return StepFacts(element_id=step.element_id, position=step.position, name=step.name, role_code=performer,
                     requirements=tuple(step.requirements or ()), time_text=time_text, output=step.output,
                     recorded_by=recorded_by)
