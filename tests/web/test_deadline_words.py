"""Pages say deadlines the engine's way: working time on the office's own working day, role names from data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import session
from sqlalchemy import select, update

from engine.db import Database
from engine.models import Notification, Role, Task
from engine.scheduler import SchedulerPolicy, run_pass
from engine.services import claim_task, inbox, start_case
from engine.services.office_calendar import set_working_hours
from engine.timekeeping.clock import FixedClock
from engine.timekeeping.deadlines import due_time_words
from webapp import formatting

#: Wednesday 25 November 2026, 13.30 WITA.
WEDNESDAY_13_30_WITA = datetime(2026, 11, 25, 5, 30, tzinfo=UTC)


def test_an_office_with_eight_hour_days_is_late_in_eight_hour_days(  # type: ignore[no-untyped-def]
        web, db: Database, sop: str, staff, clock: FixedClock) -> None:
    set_working_hours(db, staff["admin"], week="Senin-Jumat 08.00-16.00")
    case = start_case(db, staff["uji_pelaksana"], sop, {"nama_pemohon": "Baiq Nurul"})  # Monday 09.00, due 09.30
    task_id = next(row.id for row in inbox(db, staff["uji_pelaksana"], "queue").rows if row.case_id == case.id)
    claim_task(db, staff["uji_pelaksana"], task_id)
    clock.set(WEDNESDAY_13_30_WITA)
    run_pass(db, clock.now(), policy=SchedulerPolicy(send_email=False))
    # Late by 390 (Monday from 09.30) + 480 + 330 = 1200 working minutes: 2 days of 8 hours and 4 hours
    # (a 7.5-hour day would make it "2 hari kerja 5 jam").
    web.login("uji_kabid")
    board = web.client.get("/supervision").get_data(as_text=True)
    row = board[board.index(f'id="langkah-{task_id}"'):]
    assert "2 hari kerja 4 jam" in row[:row.index("</tr>")]
    with db.transaction(write=False) as session:  # 1, or 2 when an earlier test left a Sekretaris above the unit
        level = session.get(Task, task_id).escalation_level
    history = web.client.get(f"/reports/cases/{case.id}").get_data(as_text=True)
    assert f"Eskalasi tingkat {level}" in history  # the case history numbers escalations as board and notices do
    web.post("/logout", token_from="/")
    web.login("uji_pelaksana")
    assert "terlambat 2 hari kerja 4 jam" in web.client.get("/").get_data(as_text=True)
    assert "terlambat 2 hari kerja 4 jam" in web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    with db.transaction(write=False) as session:
        notices = list(session.scalars(select(Notification).where(Notification.task_id == task_id)))
    assert any("terlambat 2 hari kerja 4 jam" in n.body for n in notices if n.kind == "overdue")
    escalations = {n.title.split(":")[0] for n in notices if n.kind == "escalation"}
    assert "Eskalasi tingkat 1" in escalations and escalations <= {"Eskalasi tingkat 1", "Eskalasi tingkat 2"}


def test_english_pages_translate_the_engine_s_phrases(  # type: ignore[no-untyped-def]
        app, db: Database, sop: str, staff, clock: FixedClock) -> None:
    with app.test_request_context("/"):
        session["lang"] = "en"
        assert formatting.working_time(450 + 60) == "1 working day 1 hour"
        assert formatting.escalation(2) == "Escalation level 2"
        assert formatting.event_label("task_reminded") == "Reminder sent"
        assert formatting.status_label("open") == "Open"
        due = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # Monday 09.00 WITA, a week ahead
        words = due_time_words(due, due - timedelta(days=7), "Asia/Makassar")
        assert str(words) == "jatuh tempo 30-11-2026 09.00 WITA"  # an email's text
        assert formatting.say(words) == "due 30 November 2026 at 09.00 WITA"


def test_role_names_are_read_from_the_roles_table(app, db: Database) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        session.execute(update(Role).where(Role.code == "jafung").values(name="Jabatan Fungsional"))
    try:
        with app.test_request_context("/"):
            assert formatting.role_name("jafung") == "Jabatan Fungsional"
            assert formatting.role_name("kepala_bidang") == "Kepala Bidang"
    finally:
        with db.transaction() as session:
            session.execute(update(Role).where(Role.code == "jafung").values(name="Jafung"))
