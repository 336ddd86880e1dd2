"""Helpers of the SOP-version tests: a small SOP of Lombok Barat's Bidang UMKM (whose Kadis approves it) under a
key of its own per test, since definitions are kept from test to test."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

from sqlalchemy import select

from engine.db import Database
from engine.models import Case, ProcessDefinition

from support import decision_sketch, write_process

LOBAR_OFFICE = {"code": "dinkop-lobar", "name": "Dinas Koperasi dan UKM Kabupaten Lombok Barat"}
LOBAR_UNIT = {"code": "dinkop-lobar.bidang-umkm", "name": "Bidang Usaha Mikro, Kecil dan Menengah",
              "kind": "division"}
APPROVER = {"jabatan": "Kepala Dinas Koperasi dan UKM", "nama": "H. Maad Adnan, S.Pd., M.Pd",
            "nip": "196508171990031012"}
NIK = "5201014107900001"

_numbers = itertools.count(1)


def new_key(prefix: str = "uji_versi") -> str:
    """A key no earlier test (in this run or on this database) registered."""
    return f"{prefix}_{os.getpid()}_{next(_numbers)}"


def write_version(root: Path, key: str, *, duration: str = "PT30M", tanggal_efektif: str | None = None,
                  **sop: Any) -> Path:
    """The SOP ``key`` in ``root``; a different ``duration`` gives different content, hence a new version."""
    return write_process(root, decision_sketch(key, duration), sop={
        "office": LOBAR_OFFICE, "unit": LOBAR_UNIT, "disahkan_oleh": APPROVER, "tanggal_efektif": tanggal_efektif,
        **sop})


def statuses(db: Database, key: str) -> dict[int, str]:
    with db.transaction(write=False) as session:
        return {d.version: d.status.value for d in session.scalars(
            select(ProcessDefinition).where(ProcessDefinition.key == key))}


def case_version(db: Database, case_id: int) -> int:
    with db.transaction(write=False) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.definition.version
