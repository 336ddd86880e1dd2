"""Helpers for the role tests: the roles table is kept from test to test (tests/support.py KEPT_TABLES), so a
test that adds or changes roles puts them back; and a small SOP whose first step is the applicant's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, update

from engine.authoring import EndEvent, ExclusiveGateway, Flow, ProcessSketch, StartEvent, UserTask, sop_properties
from engine.db import Database
from engine.models import Role, UserRole

ROLE_FIELDS = ("name", "is_supervisor", "escalation_rank", "is_admin", "is_external", "recorded_by_code")

SUBMISSION_FORM = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Permohonan diterima",
    "type": "object",
    "properties": {"nama_usaha": {"title": "Nama usaha", "type": "string", "minLength": 1,
                                  "examples": ["UD Sasak Jaya"]}},
    "required": ["nama_usaha"],
}


def applicant_sketch(key: str, applicant_lane: str = "Pemohon") -> ProcessSketch:
    """The applicant hands in the request (recorded by a Pelaksana), a Pelaksana checks it, a Kepala Bidang
    approves it or the case ends returned."""
    return ProcessSketch(
        id=key, name=f"Layanan uji {key}", lanes=[applicant_lane, "Pelaksana", "Kepala Bidang"],
        nodes=[
            StartEvent("mulai", "Mulai", applicant_lane),
            UserTask("ajukan", "Mengajukan permohonan dan berkas", applicant_lane, "Pemohon menyerahkan berkas.",
                     sop_properties("PT30M", "30 Menit", ["KTP"], "Berkas permohonan", "forms/ajukan.json")),
            UserTask("periksa", "Periksa berkas", "Pelaksana", "Memeriksa berkas pemohon.",
                     sop_properties("PT1H", "1 Jam", ["Fotokopi KTP"], "Berkas diperiksa", "forms/periksa.json")),
            ExclusiveGateway("cek_lengkap", "Berkas lengkap?", "Pelaksana"),
            UserTask("setujui", "Menyetujui", "Kepala Bidang", "", sop_properties("PT1H", "1 Jam", [], "Persetujuan")),
            EndEvent("selesai", "Selesai", "Kepala Bidang"),
            EndEvent("ditolak", "Dikembalikan", "Pelaksana"),
        ],
        flows=[
            Flow("mulai", "ajukan"),
            Flow("ajukan", "periksa"),
            Flow("periksa", "cek_lengkap"),
            Flow("cek_lengkap", "setujui", "Ya", condition="lengkap == True"),
            Flow("cek_lengkap", "ditolak", "Tidak", default=True),
            Flow("setujui", "selesai"),
        ],
    )


def _roles(db: Database) -> dict[str, tuple[Any, ...]]:
    with db.transaction(write=False) as session:
        return {r.code: tuple(getattr(r, f) for f in ROLE_FIELDS) for r in session.scalars(select(Role))}


@pytest.fixture
def roles_restored(db: Database) -> Iterator[dict[str, tuple[Any, ...]]]:
    """The roles as they were before the test, given back afterwards (added roles removed, changes undone)."""
    before = _roles(db)
    yield before
    with db.transaction() as session:
        added = [r for r in session.scalars(select(Role)) if r.code not in before]
        for role in session.scalars(select(Role)):
            if role.code in before:
                for field, value in zip(ROLE_FIELDS, before[role.code], strict=True):
                    setattr(role, field, value)
        session.execute(update(Role).where(Role.code.in_([r.code for r in added])).values(recorded_by_code=None))
        session.flush()
        session.execute(UserRole.__table__.delete().where(UserRole.role_code.in_([r.code for r in added])))
        for role in added:
            session.delete(role)
