"""SOP versions as the regulation wants them: a draft until the Kadis approves it, in force from its Tanggal
Efektif (the office's local date), running cases staying on their version, illegal moves refused by name."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from versions_support import APPROVER, NIK, case_version, new_key, statuses, write_version

from engine.db import Database
from engine.errors import IllegalTransition, NotAuthorized, NotFound, ValidationFailed
from engine.models import Event, EventKind, ProcessDefinition, RecurringRun, Task
from engine.scheduler import run_pass
from engine.services import complete_task, create_user, inbox, start_case, sync_processes
from engine.services.process_versions import (
    approve_version,
    bring_due_versions_into_force,
    discard_draft,
    list_versions,
)
from engine.timekeeping.clock import FixedClock

from support import PASSWORD, side_by_side

#: Monday 23 November 2026, 09:00 WITA is the fixtures' clock; the new version says it is effective on Wednesday.
WEDNESDAY = "2026-11-25"


def _approve(db: Database, user_id: int, key: str, version: int, **fields: object):  # type: ignore[no-untyped-def]
    values = {"position": APPROVER["jabatan"], "name": APPROVER["nama"], "nip": "19650817 199003 1 012",
              "approved_on": date(2026, 11, 23), **fields}
    return approve_version(db, user_id, key, version, **values)  # type: ignore[arg-type]


def _start(db: Database, pelaksana: int, key: str) -> int:
    return start_case(db, pelaksana, key, {"nama_pemohon": "Baiq Nurul"}).id


@pytest.fixture
def two_versions(db: Database, tmp_path: Path) -> str:
    """v1 published by sync (in force), v2 registered as a draft whose Tanggal Efektif is Wednesday."""
    key = new_key()
    write_version(tmp_path / "v1", key)
    assert [(r.version, r.changed, r.status) for r in sync_processes(db, tmp_path / "v1")] == [(1, True, "effective")]
    write_version(tmp_path / "v2", key, duration="PT45M", tanggal_efektif=WEDNESDAY)
    assert [(r.version, r.status) for r in sync_processes(db, tmp_path / "v2", as_draft=True)] == [(2, "draft")]
    return key


def test_sync_publishes_at_once_and_a_draft_sync_waits_for_approval(
        db: Database, two_versions: str, staff: dict[str, int], tmp_path: Path) -> None:
    key = two_versions
    assert statuses(db, key) == {1: "effective", 2: "draft"}
    assert case_version(db, _start(db, staff["pelaksana"], key)) == 1  # the draft is never started
    # The same draft content synced again as a draft changes nothing.
    assert [(r.version, r.changed) for r in sync_processes(db, tmp_path / "v2", as_draft=True)] == [(2, False)]
    listing = list_versions(db, staff["pelaksana"], key)
    assert [(v.version, v.status, v.approvable) for v in listing.versions] == [(2, "draft", True),
                                                                               (1, "effective", False)]
    assert listing.in_force == 1 and not listing.may_approve
    assert list_versions(db, staff["kadis"], key).may_approve


def test_an_approved_version_takes_effect_on_its_date_by_the_office_clock_and_running_cases_stay(
        db: Database, two_versions: str, staff: dict[str, int], clock: FixedClock) -> None:
    key, pelaksana = two_versions, staff["pelaksana"]
    running = _start(db, pelaksana, key)
    info = _approve(db, staff["kadis"], key, 2)
    assert (info.status, info.effective_on, info.approval.nip) == ("approved", date(2026, 11, 25),  # type: ignore[union-attr]
                                                                   "196508171990031012")
    assert statuses(db, key) == {1: "effective", 2: "approved"}
    assert case_version(db, _start(db, pelaksana, key)) == 1  # approved, but Wednesday has not come

    clock.set(datetime(2026, 11, 24, 15, 59, tzinfo=UTC))  # Tuesday 23.59 WITA
    assert case_version(db, _start(db, pelaksana, key)) == 1
    clock.set(datetime(2026, 11, 24, 16, 30, tzinfo=UTC))  # Wednesday 00.30 WITA, still Tuesday in UTC
    new_case = _start(db, pelaksana, key)
    assert case_version(db, new_case) == 2
    assert statuses(db, key) == {1: "archived", 2: "effective"}

    # The case started before goes on with version 1's steps and times.
    assert case_version(db, running) == 1
    clock.set(datetime(2026, 11, 25, 1, 0, tzinfo=UTC))
    task = next(r for r in inbox(db, pelaksana, "queue").rows if r.case_id == running)
    complete_task(db, pelaksana, task.id, {"nik": NIK, "lengkap": True})
    with db.transaction(write=False) as session:
        steps = session.execute(select(Task.case_id, ProcessDefinition.version).join(Task.step)
                                .join(ProcessDefinition).where(Task.case_id.in_([running, new_case]))).all()
    assert {(case_id, version) for case_id, version in steps} == {(running, 1), (new_case, 2)}


def test_the_scheduler_brings_a_version_into_force_on_its_day(
        db: Database, two_versions: str, staff: dict[str, int], clock: FixedClock) -> None:
    key = two_versions
    _approve(db, staff["kadis"], key, 2)
    run_pass(db, clock.now())
    assert statuses(db, key) == {1: "effective", 2: "approved"}
    clock.set(datetime(2026, 11, 24, 16, 30, tzinfo=UTC))
    report = run_pass(db, clock.now())  # (other tests' approved versions may come into force in it too)
    assert report.versions_in_force >= 1 and report.errors == []
    assert statuses(db, key) == {1: "archived", 2: "effective"}
    run_pass(db, clock.now())
    with db.transaction(write=False) as session:
        kinds = [e.kind for e in session.scalars(select(Event).where(Event.case_id.is_(None)).order_by(Event.id))
                 if e.payload.get("process") == key]
    # Once: the second pass found nothing left to do.
    assert kinds[-3:] == [EventKind.VERSION_APPROVED, EventKind.VERSION_ARCHIVED, EventKind.VERSION_TOOK_EFFECT]
    assert kinds.count(EventKind.VERSION_TOOK_EFFECT) == 2  # v1 published by sync, v2 on its day


def test_a_version_without_a_tanggal_efektif_is_in_force_when_approved(
        db: Database, tmp_path: Path, staff: dict[str, int]) -> None:
    key = new_key()
    write_version(tmp_path, key)
    sync_processes(db, tmp_path, as_draft=True)
    with pytest.raises(NotFound, match="belum berlaku"):
        _start(db, staff["pelaksana"], key)
    info = _approve(db, staff["kadis"], key, 1)
    assert (info.status, info.effective_on) == ("effective", date(2026, 11, 23))
    assert case_version(db, _start(db, staff["pelaksana"], key)) == 1


@pytest.mark.parametrize("who", ["kabid", "sekretaris", "admin", "pelaksana"])
def test_only_the_kadis_approves(db: Database, two_versions: str, staff: dict[str, int], who: str) -> None:
    with pytest.raises(NotAuthorized, match="Kepala Dinas"):
        _approve(db, staff[who], two_versions, 2)
    assert statuses(db, two_versions) == {1: "effective", 2: "draft"}


def test_the_kadis_of_another_office_does_not_approve(db: Database, two_versions: str) -> None:
    other = create_user(db, username=new_key("kadis_lain"), full_name="Kadis Lain", password=PASSWORD,
                        roles=["kadis"], unit_code="kantor-uji")
    with pytest.raises(NotAuthorized):
        _approve(db, other.id, two_versions, 2)
    assert statuses(db, two_versions) == {1: "effective", 2: "draft"}


def _events(db: Database) -> int:
    with db.transaction(write=False) as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


def test_illegal_moves_are_refused_by_name_and_change_nothing(
        db: Database, two_versions: str, staff: dict[str, int], clock: FixedClock, tmp_path: Path) -> None:
    key, kadis = two_versions, staff["kadis"]
    before = _events(db)
    with pytest.raises(IllegalTransition, match="berstatus 'Berlaku'; tidak dapat disahkan"):
        _approve(db, kadis, key, 1)
    with pytest.raises(IllegalTransition, match="tidak dapat dibuang"):
        discard_draft(db, kadis, key, 1)
    assert _events(db) == before
    _approve(db, kadis, key, 2)
    with pytest.raises(IllegalTransition, match="Disahkan, menunggu tanggal efektif"):
        _approve(db, kadis, key, 2)
    with pytest.raises(IllegalTransition):
        discard_draft(db, kadis, key, 2)  # approved: no longer a draft
    with pytest.raises(NotFound):
        _approve(db, kadis, key, 9)

    # A draft older than the version in force may be discarded, never approved.
    write_version(tmp_path / "v3", key, duration="PT50M")
    sync_processes(db, tmp_path / "v3", as_draft=True)
    write_version(tmp_path / "v4", key, duration="PT55M")
    sync_processes(db, tmp_path / "v4")  # the operator publishes v4 over the waiting v2 and v3
    assert statuses(db, key) == {1: "archived", 2: "archived", 3: "draft", 4: "effective"}
    with pytest.raises(IllegalTransition, match="lebih lama daripada versi 4"):
        _approve(db, kadis, key, 3)
    assert discard_draft(db, staff["admin"], key, 3).status == "discarded"
    with pytest.raises(IllegalTransition, match="'Dibuang'; tidak dapat disahkan"):
        _approve(db, kadis, key, 3)
    assert statuses(db, key) == {1: "archived", 2: "archived", 3: "discarded", 4: "effective"}


def test_a_draft_is_discarded_by_the_kadis_or_an_administrator_only(
        db: Database, two_versions: str, staff: dict[str, int]) -> None:
    with pytest.raises(NotAuthorized):
        discard_draft(db, staff["kabid"], two_versions, 2)
    info = discard_draft(db, staff["kadis"], two_versions, 2)
    assert (info.status, info.discarded_at is not None) == ("discarded", True)
    assert statuses(db, two_versions) == {1: "effective", 2: "discarded"}


@pytest.mark.parametrize(("fields", "field"), [
    ({"nip": "1965081719900310"}, "nip"),
    ({"nip": "19650817199003101X"}, "nip"),
    ({"name": "  "}, "name"),
    ({"position": ""}, "position"),
    ({"approved_on": date(2026, 11, 24)}, "approved_on"),  # tomorrow
    ({"approved_on": None}, "approved_on"),
])
def test_the_approval_record_is_checked_before_anything_is_written(
        db: Database, two_versions: str, staff: dict[str, int], fields: dict[str, object], field: str) -> None:
    before = _events(db)
    with pytest.raises(ValidationFailed) as refused:
        _approve(db, staff["kadis"], two_versions, 2, **fields)
    assert list(refused.value.field_errors) == [field]
    assert statuses(db, two_versions) == {1: "effective", 2: "draft"} and _events(db) == before


def test_the_approval_is_recorded_and_listed(db: Database, two_versions: str, staff: dict[str, int],
                                             clock: FixedClock) -> None:
    listing = list_versions(db, staff["kadis"], two_versions)
    assert (listing.defaults.position, listing.defaults.nip) == (APPROVER["jabatan"], APPROVER["nip"])
    _approve(db, staff["kadis"], two_versions, 2, name="Dr. H. Lalu Kadis", nip="197001011995031001",
             approved_on=date(2026, 11, 23))
    clock.advance(timedelta(days=3))
    listing = list_versions(db, staff["pelaksana"], two_versions)  # the list itself brings v2 into force
    newest = listing.versions[0]
    assert (newest.status, newest.planned_effective_on, newest.effective_on) == ("effective", date(2026, 11, 25),
                                                                                  date(2026, 11, 25))
    assert newest.approval is not None
    assert (newest.approval.name, newest.approval.nip, newest.approval.recorded_by) == (
        "Dr. H. Lalu Kadis", "197001011995031001", "Kadis")
    assert listing.versions[1].archived_at is not None
    # The next approval form starts with what this Kadis wrote last time.
    assert list_versions(db, staff["kadis"], two_versions).defaults.nip == "197001011995031001"


def test_publishing_content_that_waits_as_a_draft_puts_that_draft_in_force(
        db: Database, two_versions: str, tmp_path: Path) -> None:
    results = sync_processes(db, tmp_path / "v2")  # the operator deploys the draft's own content
    assert [(r.version, r.changed, r.status) for r in results] == [(2, True, "effective")]
    assert statuses(db, two_versions) == {1: "archived", 2: "effective"}
    assert [(r.version, r.changed) for r in sync_processes(db, tmp_path / "v1")] == [(3, True)]  # back: new version


def test_a_routine_sop_starts_its_occurrences_only_from_the_day_it_took_effect(
        db: Database, tmp_path: Path, staff: dict[str, int], clock: FixedClock) -> None:
    key = new_key("uji_versi_rutin")
    write_version(tmp_path, key, jenis="rutin", recurrence={
        "text": "Setiap minggu", "interval": "R/2026-11-02T08:00:00+08:00/P1W"})  # Mondays 08.00 WITA
    sync_processes(db, tmp_path, as_draft=True)  # a draft since Monday 23 November
    run_pass(db, datetime(2026, 11, 30, 0, 0, tzinfo=UTC))
    assert _occurrences(db, key) == []  # a draft starts nothing

    clock.set(datetime(2026, 12, 8, 1, 0, tzinfo=UTC))  # Tuesday 8 December: approved, in force at once
    _approve(db, staff["kadis"], key, 1, approved_on=date(2026, 12, 8))
    run_pass(db, clock.now())
    assert _occurrences(db, key) == []  # 30 November and 7 December came before it was in force
    run_pass(db, datetime(2026, 12, 14, 0, 0, tzinfo=UTC))
    assert _occurrences(db, key) == [datetime(2026, 12, 14, 0, 0, tzinfo=UTC)]


def _occurrences(db: Database, key: str) -> list[datetime]:
    """The occurrences of ``key`` the scheduler started (other tests' routines run in the same passes)."""
    with db.transaction(write=False) as session:
        return list(session.scalars(select(RecurringRun.occurrence_at).where(RecurringRun.process_key == key)
                                    .order_by(RecurringRun.occurrence_at)))


def test_two_schedulers_bring_a_version_into_force_once(
        db: Database, two_versions: str, staff: dict[str, int], prepared_database: str, clock: FixedClock) -> None:
    key = two_versions
    _approve(db, staff["kadis"], key, 2)
    wednesday = datetime(2026, 11, 24, 16, 30, tzinfo=UTC)
    errors: list[str] = []

    side_by_side(prepared_database, clock, lambda own: bring_due_versions_into_force(own, wednesday, errors))
    assert errors == [] and statuses(db, key) == {1: "archived", 2: "effective"}
    with db.transaction(write=False) as session:
        took_effect = [e.payload["version"] for e in session.scalars(
            select(Event).where(Event.kind == EventKind.VERSION_TOOK_EFFECT)) if e.payload.get("process") == key]
    assert took_effect == [1, 2]  # v1 when sync published it, v2 once
