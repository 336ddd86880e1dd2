"""The NIB SOP's form rules through the services: "Persyaratan lengkap? = Ya" needs every document ticked, and
the account's activation date may not lie after the office's today on the injected clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.db import Database
from engine.errors import ValidationFailed
from engine.services import complete_task, get_case, inbox, start_case, sync_processes
from engine.timekeeping.clock import FixedClock

from support import PROCESSES_DIR

APPLICANT = {"nama_pemohon": "Baiq Nurul Aini", "nik": "5201014107900001", "email": "baiq@contoh.id",
             "npwp": "5201014107900001", "nama_usaha": "Jajanan Nurul", "alamat_usaha": "Gerung"}
ALL = ["fotokopi_ktp", "sku_desa", "memiliki_email", "memiliki_npwp"]


def _step(db: Database, user: int, case_id: int) -> int:
    """The case's open step the Pelaksana holds or may take (a next step may be handed straight to them)."""
    rows = [*inbox(db, user, "mine").rows, *inbox(db, user, "queue").rows]
    return next(row.id for row in rows if row.case_id == case_id)


@pytest.fixture
def nib_case(db: Database, staff: dict[str, int]) -> int:
    sync_processes(db, PROCESSES_DIR / "pelayanan_nib_oss")
    return start_case(db, staff["pelaksana"], "pelayanan_nib_oss", APPLICANT).id


def test_requirements_said_complete_with_nothing_ticked_are_refused_and_nothing_moves(
        db: Database, staff: dict[str, int], nib_case: int) -> None:
    pelaksana = staff["pelaksana"]
    step = _step(db, pelaksana, nib_case)
    with pytest.raises(ValidationFailed) as refused:
        complete_task(db, pelaksana, step, {"persyaratan": [], "persyaratan_lengkap": True})
    message = refused.value.field_errors["persyaratan"]
    assert "Foto Copy KTP, Surat Keterangan Usaha dari Desa belum dicentang" in message
    assert _step(db, pelaksana, nib_case) == step  # still the first step, nothing recorded
    complete_task(db, pelaksana, step, {"persyaratan": ["fotokopi_ktp", "sku_desa"], "persyaratan_lengkap": True})
    assert _step(db, pelaksana, nib_case) != step


def test_an_activation_date_after_today_is_refused_by_the_clock(
        db: Database, clock: FixedClock, staff: dict[str, int], nib_case: int) -> None:
    pelaksana = staff["pelaksana"]
    complete_task(db, pelaksana, _step(db, pelaksana, nib_case),
                  {"persyaratan": ["fotokopi_ktp", "sku_desa"], "persyaratan_lengkap": True})
    activation = _step(db, pelaksana, nib_case)
    assert clock.now().date().isoformat() == "2026-11-23"  # 09.00 WITA: the same date in the office
    tomorrow = "2026-11-24"
    data = {"persyaratan": ALL, "email_aktivasi_diterima": True, "tanggal_aktivasi": tomorrow}
    with pytest.raises(ValidationFailed) as refused:
        complete_task(db, pelaksana, activation, data)
    assert refused.value.field_errors == {
        "tanggal_aktivasi": "Tanggal aktivasi akun tidak boleh setelah hari ini (23 November 2026)"}
    clock.advance(timedelta(days=1))  # the next day the same date is today
    complete_task(db, pelaksana, activation, data)
    assert get_case(db, pelaksana, nib_case).status == "active"
