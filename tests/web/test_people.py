"""The engine use cases added for the pages: eligible assignees, visible cases, comments, admin reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.db import Database
from engine.errors import NotAuthorized, ValidationFailed
from engine.services import CaseRef, inbox, set_user_active, start_case
from engine.services.comments import add_comment, list_comments
from engine.services.people import admin_choices, eligible_assignees, process_versions, reload_processes, visible_cases
from engine.timekeeping.clock import FixedClock

NIB = "pelayanan_nib_oss"
APPLICANT = {"nama_pemohon": "Baiq Nurul Aini", "nik": "5201014107900001", "email": "baiq@contoh.id",
             "npwp": "5201014107900001", "nama_usaha": "Jajanan Nurul", "alamat_usaha": "Gerung"}


@pytest.fixture
def nib_case(db: Database, staff: dict[str, int]) -> CaseRef:
    return start_case(db, staff["pelaksana"], NIB, APPLICANT)


def test_eligible_assignees_are_the_active_staff_of_the_role_in_reach(  # type: ignore[no-untyped-def]
        db: Database, nib_case: CaseRef, staff) -> None:
    task = inbox(db, staff["pelaksana"], "queue").rows[0].id
    names = {a.username for a in eligible_assignees(db, staff["kabid"], task)}
    # Other tests of the run may add Pelaksana to this unit; never the Jafung or another Bidang's Pelaksana.
    assert {"pelaksana", "pelaksana2"} <= names and not names & {"jafung", "pelaksana_lain", "kabid"}
    assert {a.username for a in eligible_assignees(db, staff["sekretaris"], task)} == names  # office above
    set_user_active(db, staff["admin"], staff["pelaksana2"], False)
    try:
        assert "pelaksana2" not in {a.username for a in eligible_assignees(db, staff["kabid"], task)}
    finally:
        set_user_active(db, staff["admin"], staff["pelaksana2"], True)
    for outsider in ("pelaksana", "kabid_lain", "admin"):
        with pytest.raises(NotAuthorized):
            eligible_assignees(db, staff[outsider], task)


def test_visible_cases_follow_who_may_see_a_case(  # type: ignore[no-untyped-def]
        db: Database, nib_case: CaseRef, staff, clock: FixedClock) -> None:
    def refs(user: str, **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
        return [row.reference for row in visible_cases(db, staff[user], **kwargs).rows]

    assert refs("kadis") == refs("kabid") == refs("pelaksana2") == [nib_case.reference]
    assert refs("pelaksana_lain") == refs("kabid_lain") == refs("jafung") == []
    assert refs("kadis", status="completed") == []
    assert refs("kadis", query="nurul") == refs("kadis", query="NIB-2026") == [nib_case.reference]
    assert refs("kadis", overdue=True) == []
    clock.advance(hours=3)
    assert refs("kadis", overdue=True) == [nib_case.reference]
    page = visible_cases(db, staff["kadis"])
    assert page.counts == {"active": 1, "completed": 0, "cancelled": 0, "suspended": 0, "all": 1}
    assert page.rows[0].open_steps == ("Menginput data NIK atau email perorangan",)
    with pytest.raises(ValidationFailed):
        visible_cases(db, staff["kadis"], "unknown")  # type: ignore[arg-type]


def test_comments_need_the_case_to_be_visible(db: Database, nib_case: CaseRef, staff) -> None:  # type: ignore[no-untyped-def]
    comment = add_comment(db, staff["kadis"], nib_case.id, "Mohon dipercepat.")
    assert [c.body for c in list_comments(db, staff["pelaksana"], nib_case.id)] == ["Mohon dipercepat."]
    assert comment.author == "Kadis"
    with pytest.raises(NotAuthorized):
        add_comment(db, staff["pelaksana_lain"], nib_case.id, "Halo")
    with pytest.raises(NotAuthorized):
        list_comments(db, staff["pelaksana_lain"], nib_case.id)
    with pytest.raises(ValidationFailed) as failed:
        add_comment(db, staff["kadis"], nib_case.id, "x" * 4001)
    assert "4000" in failed.value.field_errors["body"]
    with pytest.raises(ValidationFailed):
        add_comment(db, staff["kadis"], nib_case.id, "tentang langkah lain", task_id=999999)


def test_admin_reads_and_reload_are_for_admins(db: Database, staff, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    choices = admin_choices(db, staff["admin"])
    assert "kepala_bidang" in {r.code for r in choices.roles}
    codes = [u.code for u in choices.units]
    assert codes.index("dinkop-lobar") < codes.index("dinkop-lobar.bidang-umkm")
    assert NIB in {p.key for p in process_versions(db, staff["admin"])}
    for call in (lambda: admin_choices(db, staff["kadis"]), lambda: process_versions(db, staff["kadis"]),
                 lambda: reload_processes(db, staff["kadis"], tmp_path)):
        with pytest.raises(NotAuthorized):
            call()
