"""Helpers of the case-repair tests: a decision SOP whose ids and condition vary, and a version registered
without the sync checks (as a broken SOP was before the checks caught it)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select, update

from engine.authoring import EndEvent, ExclusiveGateway, Flow, ProcessSketch, StartEvent, UserTask, sop_properties
from engine.db import Database
from engine.models import Case, Event, ProcessDefinition, ProcessStep, Task

NIK = "5201014107900001"


def repair_sketch(key: str, check_id: str = "periksa", condition: str = "lengkap == True") -> ProcessSketch:
    """Pelaksana checks (``check_id``), a decision on ``condition``, Kepala Bidang approves."""
    return ProcessSketch(
        id=key, name=f"Proses uji {key}", lanes=["Pelaksana", "Kepala Bidang"],
        nodes=[
            StartEvent("mulai", "Mulai", "Pelaksana"),
            UserTask(check_id, "Periksa berkas", "Pelaksana", "Memeriksa berkas pemohon.",
                     sop_properties("PT30M", "30 Menit", [], "Berkas diperiksa", "forms/periksa.json")),
            ExclusiveGateway("cek_lengkap", "Berkas lengkap?", "Pelaksana"),
            UserTask("setujui", "Menyetujui", "Kepala Bidang", "", sop_properties("PT1H", "1 Jam", [], "Persetujuan")),
            EndEvent("selesai", "Selesai", "Kepala Bidang"),
            EndEvent("ditolak", "Dikembalikan", "Pelaksana"),
        ],
        flows=[
            Flow("mulai", check_id),
            Flow(check_id, "cek_lengkap"),
            Flow("cek_lengkap", "setujui", "Ya", condition=condition),
            Flow("cek_lengkap", "ditolak", "Tidak", default=True),
            Flow("setujui", "selesai"),
        ],
    )


def register_unchecked(db: Database, key: str, replace: tuple[str, str]) -> int:
    """A new version of ``key`` whose BPMN differs from the latest by one text replacement, registered without
    the sync checks: how a broken SOP got in before the checks caught such mistakes."""
    with db.transaction() as session:
        latest = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == key,
                                                                ProcessDefinition.is_latest))
        assert latest is not None
        xml = latest.bpmn_xml.replace(*replace)
        assert xml != latest.bpmn_xml
        session.execute(update(ProcessDefinition).where(ProcessDefinition.key == key).values(is_latest=False))
        broken = ProcessDefinition(
            key=key, version=latest.version + 1, name=latest.name, nomor_sop=latest.nomor_sop,
            unit_id=latest.unit_id, jenis=latest.jenis, recurrence=latest.recurrence, bpmn_xml=xml, sop=latest.sop,
            forms=latest.forms, checksum=hashlib.sha256(xml.encode()).hexdigest(), is_latest=True,
            created_at=latest.created_at,
            steps=[ProcessStep(element_id=s.element_id, position=s.position, name=s.name,
                               documentation=s.documentation, role_code=s.role_code,
                               standard_duration=s.standard_duration, standard_time_text=s.standard_time_text,
                               time_basis=s.time_basis, requirements=list(s.requirements), output=s.output,
                               form_path=s.form_path) for s in latest.steps],
        )
        session.add(broken)
        session.flush()
        return broken.version


def snapshot(db: Database) -> tuple[Any, ...]:
    """Every case, task and event row as it stands: what a refused repair must leave untouched."""
    with db.transaction(write=False) as session:
        return (
            tuple(session.execute(select(Case.id, Case.definition_id, Case.status, Case.workflow_state,
                                         Case.lock_version, Case.attention_error).order_by(Case.id)).all()),
            tuple(session.execute(select(Task.id, Task.status, Task.step_id, Task.element_id, Task.spiff_task_id,
                                         Task.due_at, Task.assignee_id).order_by(Task.id)).all()),
            tuple(session.execute(select(Event.id, Event.kind).order_by(Event.id)).all()),
        )
