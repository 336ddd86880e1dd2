"""The engine's messages in the reader's language: a refused form, a refused action and a notice, in English.

The engine hands over phrases (an Indonesian msgid and its parameters); the page says them in the language the
person chose, while the engine's own text (CLI, logs, email) stays Indonesian.
"""

from __future__ import annotations

import re
from datetime import timedelta

from engine.db import Database
from engine.errors import NotFound
from engine.scheduler import SchedulerPolicy, run_pass
from engine.services import CaseRef, cancel_case, claim_task, create_user, find_user, get_task
from engine.services.notifications import list_notifications
from engine.timekeeping.clock import FixedClock


def _english(web) -> None:  # type: ignore[no-untyped-def]
    web.post("/lang/en", {"next": "/"}, token_from="/")


def test_an_invalid_nik_is_refused_in_english_and_changes_nothing(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff) -> None:
    web.login("uji_pelaksana")
    _english(web)
    answer = web.post(f"/tasks/{task_id}/complete", {"nik": "1234", "lengkap": "true"}, token_from=f"/tasks/{task_id}")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert re.search(r'class="field-error" id="f-nik-error">.*NIK Pemohon must be 16 digits', html)
    assert "harus 16 digit" not in html
    task = get_task(db, staff["uji_pelaksana"], task_id)
    assert task.status == "open" and task.data is None


def test_a_refused_claim_says_who_holds_the_step_in_english(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int) -> None:
    try:
        colleague = find_user(db, "uji_pelaksana2").id
    except NotFound:
        colleague = create_user(db, username="uji_pelaksana2", full_name="Uji Pelaksana Dua",
                                password="kata-sandi-uji", roles=["pelaksana"], unit_code="kantor-uji.bidang-a").id
    claim_task(db, colleague, task_id)
    web.login("uji_pelaksana")
    _english(web)
    web.post(f"/tasks/{task_id}/claim", {"next": "/?tab=queue"}, token_from="/?tab=queue")
    html = web.client.get("/?tab=queue").get_data(as_text=True)
    assert "Task &#39;Periksa berkas&#39; is held by Uji Pelaksana Dua." in html
    assert "sedang dipegang" not in html


def test_completing_a_closed_step_is_refused_in_english(  # type: ignore[no-untyped-def]
        web, db: Database, case: CaseRef, task_id: int, staff) -> None:
    cancel_case(db, staff["uji_pelaksana"], case.id, "Pemohon membatalkan permohonan.")  # the starter cancels
    web.login("uji_pelaksana")
    _english(web)
    answer = web.post(f"/tasks/{task_id}/complete", {"nik": "5201014107900001", "lengkap": "true"},
                      token_from=f"/tasks/{task_id}")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "Task &#39;Periksa berkas&#39; has been cancelled." in html and "sudah dibatalkan" not in html


def test_a_notice_reads_in_english_and_stays_indonesian_for_email(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff, clock: FixedClock) -> None:
    clock.advance(timedelta(hours=2))  # due at 09.30; now 11.00: late
    run_pass(db, clock.now(), policy=SchedulerPolicy(send_email=False))
    [overdue] = [n for n in list_notifications(db, staff["uji_pelaksana"]) if n.kind == "overdue"]
    assert overdue.title.startswith("Terlambat: Periksa berkas")  # the stored text (email) stays Indonesian
    assert "melewati waktu standar sejak 23-11-2026 09.30" in overdue.body
    web.login("uji_pelaksana")
    indonesian = web.client.get("/notifications").get_data(as_text=True)
    assert "melewati waktu standar sejak 23 November 2026 09.30" in indonesian  # the page says dates its own way
    _english(web)
    html = web.client.get("/notifications").get_data(as_text=True)
    assert "Late: Periksa berkas (UJI-" in html
    assert ("Step &#39;Periksa berkas&#39; of case UJI-2026-00001 (Baiq Nurul) has been past its standard time "
            "since 23 November 2026, 09:30 (late by 1 hour 30 minutes of working time).") in html
    assert "Terlambat:" not in html and "melewati waktu standar" not in html
