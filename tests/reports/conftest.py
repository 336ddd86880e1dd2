"""A small office history played on the test clock: NIB cases on time, late, reassigned, cancelled and open."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from reports_support import (
    MONDAY,
    NIB,
    NTB_STAFF,
    THURSDAY,
    TUESDAY,
    WEDNESDAY,
    applicant,
    examples,
    finish_step,
    open_task,
)

from engine.db import Database
from engine.errors import NotFound
from engine.scheduler import run_pass
from engine.services import (
    cancel_case,
    claim_task,
    complete_task,
    create_user,
    find_user,
    get_task,
    reassign_task,
    start_case,
)
from engine.timekeeping.clock import FixedClock


@dataclass
class Office:
    """The played cases of the compliance scenario (see ``office`` below)."""

    on_time: int
    late: int
    cancelled: int
    open: int


@pytest.fixture
def office(db: Database, clock: FixedClock, staff: dict[str, int]) -> Office:
    """Four NIB cases, one a morning, with figures the tests compute by hand.

    A (Mon, pelaksana): 20, 20, 20, 4, 8 minutes: every step on time.
    B (Tue, pelaksana2): input 40 (late, flagged overdue at 09:35), aktivasi claimed by pelaksana2 and reassigned
      by the Kabid to pelaksana who completes it at 20, login 35 (late), penerbitan 5 (exactly on time),
      penelusuran 15 (late).
    C (Wed, pelaksana): input 10, then cancelled by the Kabid.
    D (Thu): started, left unclaimed; the clock ends at Thursday 10:00, so its first step is overdue now.
    """
    p, p2, jafung, kabid = staff["pelaksana"], staff["pelaksana2"], staff["jafung"], staff["kabid"]
    clock.set(MONDAY)
    a = start_case(db, p, NIB, applicant("Baiq Nurul Aini", "5201014107900001", "Jajanan Nurul")).id
    for minutes, data in ((20, None), (20, None), (20, None),
                          (4, {"nib": "9120001234567", "tanggal_terbit": "2026-11-23", "risiko": "Rendah"})):
        finish_step(db, clock, p, a, minutes, data)
    finish_step(db, clock, jafung, a, 8)

    clock.set(TUESDAY)
    b = start_case(db, p2, NIB, applicant("Lalu Ahmad Fauzi", "5201011203850002", "Bengkel Fauzi")).id
    task = open_task(db, b)
    assert task is not None
    claim_task(db, p2, task.id)
    clock.advance(minutes=35)
    run_pass(db, clock.now())  # flags the step overdue (due 09:30)
    clock.advance(minutes=5)
    complete_task(db, p2, task.id, examples(get_task(db, p2, task.id).step.form))
    task = open_task(db, b)
    assert task is not None
    claim_task(db, p2, task.id)
    clock.advance(minutes=5)
    reassign_task(db, kabid, task.id, p, "Pelaksana 2 dipanggil rapat")
    clock.advance(minutes=15)
    complete_task(db, p, task.id, examples(get_task(db, p, task.id).step.form))
    finish_step(db, clock, p2, b, 35)
    finish_step(db, clock, p2, b, 5, {"nib": "9120007654321", "tanggal_terbit": "2026-10-30",
                                      "risiko": "Menengah Rendah"})
    finish_step(db, clock, jafung, b, 15)

    clock.set(WEDNESDAY)
    c = start_case(db, p, NIB, applicant("Zainul Majdi", "5201010707880006", "Mebel Zainul")).id
    finish_step(db, clock, p, c, 10)
    clock.advance(minutes=5)
    cancel_case(db, kabid, c, "Pemohon mengundurkan diri dari permohonan.")

    clock.set(THURSDAY)
    d = start_case(db, p2, NIB, applicant("Hj. Rukiah", "5201015002750005", "Warung Rukiah")).id
    clock.advance(minutes=60)
    return Office(on_time=a, late=b, cancelled=c, open=d)


@pytest.fixture
def ntb_staff(db: Database) -> dict[str, int]:
    """NTB users (created once per run: users outlive a test)."""
    ids = {}
    for username, (roles, unit) in NTB_STAFF.items():
        try:
            ids[username] = find_user(db, username).id
        except NotFound:
            ids[username] = create_user(db, username=username, full_name=username.replace("_", " ").title(),
                                        password="kata-sandi-uji", roles=roles, unit_code=unit).id
    return ids
