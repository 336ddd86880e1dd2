"""The scheduler's pass: overdue flags, reminders, escalation, routine starts and email, each exactly once."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine import scheduler as scheduler_module
from engine.db import Database
from engine.errors import NotAuthorized, NotFound
from engine.mailer import SmtpMailer
from engine.models import Event, Notification, RecurringRun, Task
from engine.phrases import Phrase
from engine.scheduler import SchedulerPolicy, run_pass
from engine.services import claim_task, complete_task, create_user, find_user, inbox, start_case, sync_processes
from engine.services.notifications import list_notifications, mark_read, unread_count
from engine.services.supervision import supervision_board
from engine.timekeeping.clock import FixedClock

from support import decision_sketch, side_by_side, write_process

KEY = "uji_jadwal"
NIK = "5201014107900001"
NO_EMAIL = SchedulerPolicy(send_email=False)


@pytest.fixture
def process(db: Database, tmp_path: Path) -> str:
    write_process(tmp_path, decision_sketch(KEY))
    sync_processes(db, tmp_path)
    return KEY


@pytest.fixture
def sekretaris(db: Database) -> int:
    try:
        return find_user(db, "uji_sekretaris").id
    except NotFound:
        return create_user(db, username="uji_sekretaris", full_name="Uji Sekretaris", password="kata-sandi-uji",
                           roles=["sekretaris"], unit_code="kantor-uji", email="sekretaris@contoh.go.id").id


def _count(db: Database, model: type, *conditions: object) -> int:
    with db.transaction(write=False) as session:
        return session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def _at(clock: FixedClock, **delta: float) -> datetime:
    return clock.now() + timedelta(**delta)


def _notices(db: Database, kind: str) -> list[tuple[int, int | None]]:
    with db.transaction(write=False) as session:
        return sorted(session.execute(select(Notification.user_id, Notification.task_id)
                                      .where(Notification.kind == kind)).all())


def test_overdue_is_flagged_once_and_tells_the_holder(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    task = inbox(db, staff["uji_pelaksana"], "queue").rows[0]
    claim_task(db, staff["uji_pelaksana"], task.id)
    assert run_pass(db, _at(clock, minutes=29), policy=NO_EMAIL).flagged == 0  # due at 09:30
    report = run_pass(db, _at(clock, minutes=31), policy=NO_EMAIL)
    assert report.flagged == 1 and report.errors == []
    assert run_pass(db, _at(clock, minutes=32), policy=NO_EMAIL).flagged == 0
    assert run_pass(db, _at(clock, hours=5), policy=NO_EMAIL).flagged == 0
    assert _count(db, Event, Event.kind == "task_overdue") == 1
    assert _notices(db, "overdue") == [(staff["uji_pelaksana"], task.id)]
    clock.advance(minutes=31)
    row = inbox(db, staff["uji_pelaksana"], "mine").rows[0]
    assert row.is_overdue


def test_a_notice_keeps_quotes_backslashes_and_any_script_of_its_case_as_written(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    """Notices travel to PostgreSQL as one JSON document per batch: whatever a name holds arrives unchanged."""
    name = 'Baiq "Nurul" O\'Neil \\ 100% — Ṣalāḥ 🌾'
    case = start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": name})
    claim_task(db, staff["uji_pelaksana"], inbox(db, staff["uji_pelaksana"], "queue").rows[0].id)
    assert run_pass(db, _at(clock, minutes=31), policy=NO_EMAIL).flagged == 1
    with db.transaction(write=False) as session:
        notice = session.scalars(select(Notification).where(Notification.case_id == case.id)).one()
    assert name in notice.body and name in notice.message["body"]["params"]["subject"]
    assert notice.created_at.replace(tzinfo=None) == _at(clock, minutes=31).astimezone(UTC).replace(tzinfo=None)


def test_each_notice_of_a_batch_carries_its_own_steps_words(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    """A batch writes each step's words once for everyone told about it, the rows naming theirs by position
    (PostgreSQL): every notice still names its own case, as text and as phrases."""
    names = [f"Pemohon {number} “{'é' * number}”" for number in range(3)]
    cases = [start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": name}) for name in names]
    assert run_pass(db, _at(clock, minutes=31), policy=NO_EMAIL).flagged == 3
    with db.transaction(write=False) as session:
        notices = session.scalars(select(Notification).where(
            Notification.case_id.in_([c.id for c in cases]), Notification.kind == "overdue")).all()
    for case, name in zip(cases, names, strict=True):
        told = [n for n in notices if n.case_id == case.id]
        assert len(told) == len({n.user_id for n in told}) >= 1  # everyone who may take the step, once each
        for notice in told:
            assert name in notice.body and name in notice.message["body"]["params"]["subject"]
            assert notice.title == str(Phrase.from_json(notice.message["title"]))
            assert notice.body == str(Phrase.from_json(notice.message["body"]))


def test_an_unclaimed_overdue_step_tells_everyone_who_may_take_it(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    run_pass(db, _at(clock, minutes=31), policy=NO_EMAIL)
    recipients = {user for user, _ in _notices(db, "overdue")}
    assert staff["uji_pelaksana"] in recipients
    assert staff["pelaksana"] not in recipients and staff["uji_kabid"] not in recipients


def test_overdue_counts_working_time_across_the_weekend(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    clock.set(datetime(2026, 11, 27, 8, 15, tzinfo=UTC))  # Friday 16:15 WITA; Friday closes at 16:30
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    due = inbox(db, staff["uji_pelaksana"], "queue").rows[0].due_at
    assert due == datetime(2026, 11, 29, 23, 45, tzinfo=UTC)  # Monday 07:45 WITA: 15 min Friday + 15 Monday
    assert run_pass(db, datetime(2026, 11, 28, 2, 0, tzinfo=UTC), policy=NO_EMAIL).flagged == 0  # Saturday
    assert run_pass(db, datetime(2026, 11, 29, 23, 46, tzinfo=UTC), policy=NO_EMAIL).flagged == 1


def test_reminder_at_eighty_percent_then_no_reminder_after_completion(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "A"})
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "B"})
    first, second = inbox(db, staff["uji_pelaksana"], "queue").rows
    claim_task(db, staff["uji_pelaksana"], first.id)
    complete_task(db, staff["uji_pelaksana"], second.id, {"nik": NIK, "lengkap": False})  # closed: no timers
    assert run_pass(db, _at(clock, minutes=23), policy=NO_EMAIL).reminded == 0
    assert run_pass(db, _at(clock, minutes=25), policy=NO_EMAIL).reminded == 1  # 80 % of 30 minutes = 09:24
    assert run_pass(db, _at(clock, minutes=26), policy=NO_EMAIL).reminded == 0
    assert _notices(db, "reminder") == [(staff["uji_pelaksana"], first.id)]
    assert run_pass(db, _at(clock, hours=3), policy=NO_EMAIL).flagged == 1  # only the open one


def test_escalation_goes_up_the_supervisor_ranks_once_per_level(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock, sekretaris: int
) -> None:
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    task = inbox(db, staff["uji_pelaksana"], "queue").rows[0]
    # due 09:30; level 1 when late by one standard time (10:00), level 2 by two (10:30)
    assert run_pass(db, _at(clock, minutes=31), policy=NO_EMAIL).escalated == 0
    assert run_pass(db, _at(clock, minutes=61), policy=NO_EMAIL).escalated == 1
    assert _notices(db, "escalation") == [(staff["uji_kabid"], task.id)]
    assert run_pass(db, _at(clock, minutes=62), policy=NO_EMAIL).escalated == 0
    assert run_pass(db, _at(clock, minutes=91), policy=NO_EMAIL).escalated == 1
    assert _notices(db, "escalation") == sorted([(staff["uji_kabid"], task.id), (sekretaris, task.id)])
    assert run_pass(db, _at(clock, days=10), policy=NO_EMAIL).escalated == 0  # two levels at most
    levels = [e.payload["level"] for e in _events(db, "task_escalated")]
    assert levels == [1, 2]


def _events(db: Database, kind: str) -> list[Event]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def test_two_schedulers_side_by_side_double_nothing(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock, prepared_database: str, sekretaris: int
) -> None:
    for number in range(12):
        start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": f"P{number}"})
    moments = [_at(clock, minutes=25), _at(clock, minutes=31), _at(clock, minutes=61), _at(clock, minutes=91)]
    errors: list[str] = []

    def scheduler(own: Database) -> None:
        for moment in moments:
            errors.extend(run_pass(own, moment, policy=NO_EMAIL).errors)

    side_by_side(prepared_database, clock, scheduler)
    assert errors == []
    assert _count(db, Event, Event.kind == "task_overdue") == 12
    assert _count(db, Event, Event.kind == "task_reminded") == 12
    assert _count(db, Event, Event.kind == "task_escalated") == 24
    with db.transaction(write=False) as session:
        keys = session.scalars(select(Notification.dedupe_key)).all()
    assert len(keys) == len(set(keys))
    assert _count(db, Notification, Notification.kind == "escalation") == 24  # Kabid then Sekretaris, per step


def test_a_pass_that_dies_midway_loses_and_doubles_nothing(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = [start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": f"P{number}"}).id
             for number in range(5)]
    real = scheduler_module.record_event

    def dies_on_the_third_case(*args, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("case_id") == cases[2]:
            raise RuntimeError("killed")
        return real(*args, **kwargs)

    # The batch of five dies with the third and is rolled back; its rows are then tried one by one.
    monkeypatch.setattr(scheduler_module, "record_event", dies_on_the_third_case)
    report = run_pass(db, _at(clock, minutes=31), policy=NO_EMAIL)
    assert report.flagged == 4 and len(report.errors) == 1
    monkeypatch.undo()
    assert run_pass(db, _at(clock, minutes=32), policy=NO_EMAIL).flagged == 1  # the one that failed
    assert _count(db, Event, Event.kind == "task_overdue") == 5
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(Task).where(Task.overdue_flagged_at.is_(None))) == 0
        keys = session.scalars(select(Notification.dedupe_key).where(Notification.kind == "overdue")).all()
    assert len(keys) == len(set(keys))


def test_a_pass_handles_more_due_steps_than_one_batch(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler_module, "SWEEP_BATCH", 3)
    monkeypatch.setattr("engine.scheduler.batch.NOTICES_PER_INSERT", 2)
    before = _count(db, Event, Event.kind == "task_overdue")
    for number in range(8):
        start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": f"B{number}"})
    assert run_pass(db, _at(clock, minutes=31), policy=NO_EMAIL).flagged == 8
    assert run_pass(db, _at(clock, minutes=31), policy=NO_EMAIL).flagged == 0
    assert _count(db, Event, Event.kind == "task_overdue") == before + 8


ROUTINE = "uji_rutin"


@pytest.fixture
def routine(db: Database, tmp_path: Path) -> str:
    write_process(tmp_path, decision_sketch(ROUTINE), sop={
        "jenis": "rutin", "starter_roles": ["pelaksana"],
        "recurrence": {"text": "Setiap minggu", "interval": "R/2026-11-02T08:00:00+08:00/P1W"},
    })
    sync_processes(db, tmp_path)  # registered Monday 23 November 09:00 WITA
    return ROUTINE


def test_routine_sops_start_once_per_occurrence_and_catch_up(
    db: Database, routine: str, staff: dict[str, int], prepared_database: str, clock: FixedClock
) -> None:
    monday_30 = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)  # Monday 08:00 WITA: an occurrence
    assert run_pass(db, monday_30 - timedelta(minutes=1), policy=NO_EMAIL).recurring_started == 0
    assert run_pass(db, monday_30, policy=NO_EMAIL).recurring_started == 1
    assert run_pass(db, monday_30 + timedelta(hours=1), policy=NO_EMAIL).recurring_started == 0
    # Three weeks of downtime: the missed occurrences are started by two schedulers, once each.
    later = monday_30 + timedelta(days=21, hours=1)
    totals: list[int] = []

    side_by_side(prepared_database, clock,
                 lambda own: totals.append(run_pass(own, later, policy=NO_EMAIL).recurring_started))
    # Other tests' routine SOPs share the database and may start too; this SOP's runs and cases are exact.
    assert sum(totals) >= 3
    assert _count(db, RecurringRun, RecurringRun.process_key == ROUTINE, RecurringRun.error.is_(None)) == 4
    subjects = [row.subject for row in inbox(db, staff["uji_pelaksana"], "queue").rows]
    assert sorted(subjects) == [f"Proses uji {ROUTINE} — {day}-12-2026" for day in ("07", "14", "21")] + [
        f"Proses uji {ROUTINE} — 30-11-2026"]
    started = _events(db, "case_started")
    assert all(e.actor_id is None and "occurrence" in e.payload for e in started)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_notices_are_emailed_once_over_smtp(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list[object] = []

    class Collect(Message):
        def handle_message(self, message) -> None:  # type: ignore[no-untyped-def]
            received.append(message)

    port = _free_port()
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        mailer = SmtpMailer(host="127.0.0.1", port=port, sender="alur@dinkop.contoh.go.id", starttls=False)
        start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "Baiq"})
        task = inbox(db, staff["uji_pelaksana"], "queue").rows[0]
        claim_task(db, staff["uji_pelaksana"], task.id)
        first = run_pass(db, _at(clock, minutes=31), mailer=mailer)
        assert (first.flagged, first.emails_sent) == (1, 1)
        assert run_pass(db, _at(clock, minutes=33), mailer=mailer).emails_sent == 0
    finally:
        controller.stop()
    assert len(received) == 1
    message = received[0]
    assert message["To"] == "uji_pelaksana@contoh.go.id"  # type: ignore[index]
    assert "Terlambat: Periksa berkas" in message["Subject"]  # type: ignore[index]
    assert message["Message-ID"].startswith("<alur-notice-")  # type: ignore[index]


def test_email_failures_are_retried_on_a_later_pass(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    mailer = SmtpMailer(host="127.0.0.1", port=_free_port(), starttls=False, timeout=2)  # nobody listens
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    claim_task(db, staff["uji_pelaksana"], inbox(db, staff["uji_pelaksana"], "queue").rows[0].id)
    report = run_pass(db, _at(clock, minutes=31), mailer=mailer)
    assert report.emails_sent == 0 and report.errors
    with db.transaction(write=False) as session:
        notice = session.scalar(select(Notification))
        assert (notice.email_status, notice.email_attempts) == ("pending", 1)
    assert run_pass(db, _at(clock, minutes=32), mailer=mailer).errors == []  # waits before trying again
    assert run_pass(db, _at(clock, minutes=40), mailer=mailer).errors  # then tries again
    with db.transaction(write=False) as session:
        assert session.scalar(select(Notification.email_attempts)) == 2


def test_the_bell_lists_my_notices_and_marks_them_read(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": "X"})
    claim_task(db, staff["uji_pelaksana"], inbox(db, staff["uji_pelaksana"], "queue").rows[0].id)
    run_pass(db, _at(clock, minutes=31), policy=NO_EMAIL)
    assert unread_count(db, staff["uji_pelaksana"]) == 1
    [notice] = list_notifications(db, staff["uji_pelaksana"])
    assert notice.kind == "overdue"
    assert mark_read(db, staff["uji_kabid"], [notice.id]) == 0  # not theirs
    assert mark_read(db, staff["uji_pelaksana"], [notice.id]) == 1
    assert unread_count(db, staff["uji_pelaksana"]) == 0


def test_supervision_board_shows_how_late_in_working_time(
    db: Database, process: str, staff: dict[str, int], clock: FixedClock
) -> None:
    for name in ("A", "B"):
        start_case(db, staff["uji_pelaksana"], process, {"nama_pemohon": name})
    first = inbox(db, staff["uji_pelaksana"], "queue").rows[0]
    claim_task(db, staff["uji_pelaksana"], first.id)
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=UTC))  # 16:00 WITA; due was 09:30
    board = supervision_board(db, staff["uji_kabid"])
    assert board.totals == {"overdue": 2, "due_soon": 0}
    late = board.steps[0]
    assert late.late_working_minutes == 330  # 09:30-12:00 and 13:00-16:00
    assert {g.label for g in board.by_person} == {"Uji Pelaksana", "Belum diambil"}
    with pytest.raises(NotAuthorized):
        supervision_board(db, staff["uji_pelaksana"])
    assert supervision_board(db, staff["kabid_lain"]).steps == ()
