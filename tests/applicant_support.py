"""An NIB case taken from the desk to its end through the services, for the applicant-side tests."""

from __future__ import annotations

from typing import Any

from engine.db import Database
from engine.services import complete_task, inbox

NIB = "pelayanan_nib_oss"
APPLICANT = {"nama_pemohon": "Baiq Nurul Aini", "nik": "5201014107900001", "email": "baiq@contoh.id",
             "npwp": "5201014107900001", "nama_usaha": "Jajanan Nurul", "alamat_usaha": "Gerung"}
ALL = ["fotokopi_ktp", "sku_desa", "memiliki_email", "memiliki_npwp"]
#: Each NIB step's form data, in order: who completes it (username) and what they enter.
STEPS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("pelaksana", {"persyaratan": ["fotokopi_ktp", "sku_desa"], "persyaratan_lengkap": True}),
    ("pelaksana", {"persyaratan": ALL, "email_aktivasi_diterima": True, "tanggal_aktivasi": "2026-11-23"}),
    ("pelaksana", {"persyaratan": ALL, "user_id_oss": "baiqnurul90"}),
    ("pelaksana", {"persyaratan": ALL, "nib": "9120001234567", "tanggal_terbit": "2026-11-23", "risiko": "Rendah"}),
    ("jafung", {"persyaratan": ALL, "status_penelusuran": "Terdaftar"}),
)


def open_step(db: Database, user: int, case_id: int) -> int:
    """The case's open step this person holds or may take."""
    rows = [*inbox(db, user, "mine").rows, *inbox(db, user, "queue").rows]
    return next(row.id for row in rows if row.case_id == case_id)


def complete_steps(db: Database, staff: dict[str, int], case_id: int, count: int, first: int = 0) -> None:
    """Complete ``count`` NIB steps from step ``first`` (0-based)."""
    for username, data in STEPS[first:first + count]:
        complete_task(db, staff[username], open_step(db, staff[username], case_id), data)
