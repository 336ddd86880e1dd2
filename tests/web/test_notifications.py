"""The bell and the notices page: counts, newest first, links to the step, marking read (CSRF)."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from engine.db import Database
from engine.models import Notification
from engine.scheduler import SchedulerPolicy, run_pass
from engine.services import CaseRef
from engine.services.notifications import list_notifications, unread_count
from engine.timekeeping.clock import FixedClock

BELL = re.compile(r'<a class="bell[^"]*" href="/notifications"[^>]*aria-label="([^"]+)"')


def _late(db: Database, clock: FixedClock) -> None:
    """A reminder at 09.25 and, the step being due at 09.30, an overdue notice at 11.00 (escalated too)."""
    clock.advance(minutes=25)
    run_pass(db, clock.now(), policy=SchedulerPolicy(send_email=False))
    clock.advance(timedelta(hours=1, minutes=35))
    run_pass(db, clock.now(), policy=SchedulerPolicy(send_email=False))


def _bell(html: str) -> str:
    match = BELL.search(html)
    assert match, "no bell on the page"
    return match.group(1)


def test_no_bell_for_visitors_who_are_not_signed_in(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/login").get_data(as_text=True)
    assert 'href="/notifications"' not in html


def test_the_bell_counts_unread_notices(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff, clock: FixedClock) -> None:
    web.login("uji_pelaksana")
    html = web.client.get("/").get_data(as_text=True)
    assert _bell(html) == "Pemberitahuan" and "bell-count" not in html
    _late(db, clock)
    count = unread_count(db, staff["uji_pelaksana"])
    assert count == 2  # the reminder and the overdue notice
    html = web.client.get("/").get_data(as_text=True)
    assert _bell(html) == "2 pemberitahuan belum dibaca"
    assert re.search(r'<span class="bell-count" aria-hidden="true">2</span>', html)
    web.post("/notifications/read", token_from="/notifications")
    assert _bell(web.client.get("/").get_data(as_text=True)) == "Pemberitahuan"


def test_the_bell_in_english(web, db: Database, task_id: int, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    _late(db, clock)
    web.login("uji_pelaksana")
    web.post("/lang/en", {"next": "/"}, token_from="/")
    assert _bell(web.client.get("/").get_data(as_text=True)) == "2 unread notifications"


def test_the_list_newest_first_unread_highlighted_linking_to_the_step(  # type: ignore[no-untyped-def]
        web, db: Database, case: CaseRef, task_id: int, staff, clock: FixedClock) -> None:
    _late(db, clock)
    web.login("uji_pelaksana")
    answer = web.client.get("/notifications")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    overdue = html.index("Terlambat: Periksa berkas")
    reminder = html.index("Segera jatuh tempo: Periksa berkas")
    assert overdue < reminder  # newest first
    assert html.count('class="notice-item unread') == 2
    assert html.count(f'href="/tasks/{task_id}"') >= 2
    assert html.count("Tandai sudah dibaca") == 2 and "Tandai semua sudah dibaca" in html
    assert 'href="/notifications" aria-current="page"' in html


def test_mark_one_read(web, db: Database, task_id: int, staff, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    _late(db, clock)
    newest, older = list_notifications(db, staff["uji_pelaksana"])
    web.login("uji_pelaksana")
    answer = web.post(f"/notifications/{older.id}/read", {"next": "/notifications"}, token_from="/notifications")
    assert answer.status_code == 303 and answer.headers["Location"] == "/notifications"
    assert [n.read_at is None for n in list_notifications(db, staff["uji_pelaksana"])] == [True, False]
    html = web.client.get("/notifications").get_data(as_text=True)
    assert html.count('class="notice-item unread') == 1 and f'id="notice-{newest.id}" class="notice-item unread' in html
    assert _bell(html) == "1 pemberitahuan belum dibaca"
    unread = web.client.get("/notifications?unread=1").get_data(as_text=True)
    assert f'id="notice-{newest.id}"' in unread and f'id="notice-{older.id}"' not in unread


def test_mark_all_read(web, db: Database, task_id: int, staff, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    _late(db, clock)
    kabid_before = unread_count(db, staff["uji_kabid"])
    assert kabid_before == 1  # the escalation
    web.login("uji_pelaksana")
    answer = web.post("/notifications/read", token_from="/notifications")
    assert answer.status_code == 303
    assert unread_count(db, staff["uji_pelaksana"]) == 0
    assert unread_count(db, staff["uji_kabid"]) == kabid_before  # only my own notices
    html = web.client.get("/notifications").get_data(as_text=True)
    assert "2 pemberitahuan ditandai sudah dibaca." in html
    assert 'class="notice-item unread' not in html and "Tandai semua sudah dibaca" not in html
    again = web.post("/notifications/read", token_from="/notifications")
    assert again.status_code == 303
    assert "Tidak ada pemberitahuan yang belum dibaca." in web.client.get("/notifications").get_data(as_text=True)


def test_someone_elses_notice_is_never_touched(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff, clock: FixedClock) -> None:
    _late(db, clock)
    with db.transaction(write=False) as session:
        escalation = session.scalar(select(Notification.id).where(Notification.user_id == staff["uji_kabid"]))
    web.login("uji_pelaksana")
    answer = web.post(f"/notifications/{escalation}/read", token_from="/notifications")
    assert answer.status_code == 303
    assert unread_count(db, staff["uji_kabid"]) == 1
    html = web.client.get("/notifications").get_data(as_text=True)
    assert "Eskalasi" not in html  # nor shown to me


def test_marking_read_needs_the_csrf_token(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff, clock: FixedClock) -> None:
    _late(db, clock)
    web.login("uji_pelaksana")
    assert web.client.post("/notifications/read").status_code == 400
    assert web.client.post(f"/notifications/{list_notifications(db, staff['uji_pelaksana'])[0].id}/read"
                           ).status_code == 400
    assert unread_count(db, staff["uji_pelaksana"]) == 2


def test_empty_list_and_sign_in_required(web, client) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/notifications")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    assert client.post("/notifications/read").status_code in (302, 400)
    web.login("uji_pelaksana")
    assert "Belum ada pemberitahuan." in web.client.get("/notifications").get_data(as_text=True)


def test_the_count_is_not_asked_for_the_json_api(app, staff) -> None:  # type: ignore[no-untyped-def]
    from flask import render_template_string
    from flask_login import login_user

    from engine.services import get_user
    from webapp.auth import CurrentUser

    with app.test_request_context("/api/v1/tasks"):
        login_user(CurrentUser(get_user(app.extensions["alur_db"], staff["uji_pelaksana"])))
        assert render_template_string("{{ unread_notices() }}") == "0"
