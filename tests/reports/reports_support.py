"""Helpers of the report tests: the test week, and a driver that plays any SOP's case step by step with its
forms' example values. The fixtures built on these are in this folder's conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from engine.db import Database
from engine.models import Task, TaskStatus
from engine.services import claim_task, complete_task, get_task
from engine.timekeeping.clock import FixedClock

NIB = "pelayanan_nib_oss"
#: Working mornings in WITA (UTC+8): Monday 23 to Thursday 26 November 2026, 09:00.
MONDAY = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
TUESDAY = MONDAY + timedelta(days=1)
WEDNESDAY = MONDAY + timedelta(days=2)
THURSDAY = MONDAY + timedelta(days=3)
MINUTE = timedelta(minutes=1)
NTB_STAFF = {
    "kadis_ntb": (["kadis"], "dinkop-ntb"),
    "kasi_ntb": (["kepala_seksi"], "dinkop-ntb.seksi-penyuluhan-umkm"),
    "jafung_ntb": (["jafung"], "dinkop-ntb.seksi-penyuluhan-umkm"),
}


def applicant(name: str, nik: str, business: str) -> dict[str, Any]:
    return {"nama_pemohon": name, "nik": nik, "email": "pemohon@contoh.id", "npwp": nik, "nama_usaha": business,
            "alamat_usaha": "Desa Gerung Utara, Kec. Gerung, Lombok Barat", "no_hp": "081234567890", "kbli": "56102"}


def examples(schema: dict[str, Any] | None) -> dict[str, Any]:
    return {name: node["examples"][0] for name, node in (schema or {}).get("properties", {}).items()
            if node.get("examples")}


def open_task(db: Database, case_id: int) -> Task | None:
    with db.transaction(write=False) as session:
        return session.scalar(select(Task).where(Task.case_id == case_id, Task.status == TaskStatus.OPEN)
                              .order_by(Task.id))


def finish_step(db: Database, clock: FixedClock, user_id: int, case_id: int, minutes: float,
                data: dict[str, Any] | None = None, *, claim: bool = True) -> int:
    """Claim the case's first open step, let ``minutes`` pass, complete it with example values (+ ``data``)."""
    task = open_task(db, case_id)
    assert task is not None, "no open step"
    if claim:
        claim_task(db, user_id, task.id)
    clock.advance(minutes=minutes)
    form = get_task(db, user_id, task.id).step.form
    complete_task(db, user_id, task.id, {**examples(form), **(data or {})})
    return task.id


def play(db: Database, clock: FixedClock, case_id: int, workers: dict[str, int], minutes: float = 20,
         data: dict[str, dict[str, Any]] | None = None) -> None:
    """Complete every step of a case in turn, by the worker of each step's role."""
    while (task := open_task(db, case_id)) is not None:
        finish_step(db, clock, workers[task.role_code], case_id, minutes, (data or {}).get(task.element_id))


