"""The case page (timeline, data, diagram, comments, cancel) and the list of cases."""

from __future__ import annotations

import re

from sqlalchemy import select

from engine.db import Database
from engine.models import Event
from engine.services import CaseRef, complete_task, get_case
from engine.timekeeping.clock import FixedClock

NIK = "5201014107900001"  # a valid NIK (the structure checks pass)

def test_the_case_page_shows_the_sop_status_and_every_step(  # type: ignore[no-untyped-def]
        web, db: Database, case: CaseRef, task_id: int, staff, clock: FixedClock) -> None:
    clock.advance(minutes=45)
    complete_task(db, staff["uji_pelaksana"], task_id, {"nik": NIK, "lengkap": True})
    web.login("uji_kabid")
    html = web.client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "<h1>UJI-2026-00001 · Baiq Nurul</h1>" in html
    assert "Proses uji uji_web" in html and "Bidang A" in html and "Uji Pelaksana" in html
    assert "23 November 2026 09.00 WITA" in html  # started
    assert "Periksa berkas" in html and "Menyetujui" in html
    assert "45 menit / 30 menit" in html and "badge overdue" in html  # actual against standard
    assert "NIK Pemohon" in html and NIK in html and "Berkas lengkap?" in html and ">Ya<" in html
    assert "<svg" in html  # the diagram, inline
    assert 'id="komentar"' in html
    assert "Batalkan kasus" in html  # the Kepala Bidang supervises the unit


def test_someone_outside_the_case_gets_403(web, case: CaseRef) -> None:  # type: ignore[no-untyped-def]
    web.login("pelaksana_lain")
    assert web.client.get(f"/cases/{case.id}").status_code == 403
    assert web.post(f"/cases/{case.id}/comments", {"body": "halo"}, token_from="/").status_code == 403


def test_comments_are_added_to_the_thread_and_the_history(web, db: Database, case: CaseRef) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = web.post(f"/cases/{case.id}/comments", {"body": "  Pemohon akan datang besok.  "},
                      token_from=f"/cases/{case.id}")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("#komentar")
    html = web.client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Pemohon akan datang besok." in html and "Komentar ditambahkan." in html
    with db.transaction(write=False) as session:
        event = session.scalar(select(Event).where(Event.kind == "comment_added"))
        assert event is not None and event.case_id == case.id


def test_an_empty_comment_is_a_field_error(web, db: Database, case: CaseRef) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = web.post(f"/cases/{case.id}/comments", {"body": "   "}, token_from=f"/cases/{case.id}")
    assert answer.status_code == 422
    assert re.search(r'id="body-error">.*Komentar wajib diisi\.', answer.get_data(as_text=True))
    with db.transaction(write=False) as session:
        assert session.scalar(select(Event).where(Event.kind == "comment_added")) is None


def test_cancel_needs_a_reason_and_then_withdraws_the_steps(  # type: ignore[no-untyped-def]
        web, db: Database, case: CaseRef, task_id: int, staff) -> None:
    web.login("uji_kabid")
    answer = web.post(f"/cases/{case.id}/cancel", {"reason": "x"}, token_from=f"/cases/{case.id}")
    assert answer.status_code == 422
    assert "Alasan pembatalan minimal 5 karakter." in answer.get_data(as_text=True)
    assert get_case(db, staff["uji_kabid"], case.id).status == "active"
    answer = web.post(f"/cases/{case.id}/cancel", {"reason": "Pemohon mengundurkan diri."},
                      token_from=f"/cases/{case.id}")
    assert answer.status_code == 303
    html = web.client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Kasus UJI-2026-00001 dibatalkan." in html and "Pemohon mengundurkan diri." in html
    assert "Batalkan kasus ini" not in html


def test_a_pelaksana_who_did_not_start_it_may_not_cancel(web, db: Database, case: CaseRef, staff) -> None:  # type: ignore[no-untyped-def]
    from engine.errors import NotFound
    from engine.services import create_user, find_user

    try:
        find_user(db, "uji_pelaksana2")
    except NotFound:
        create_user(db, username="uji_pelaksana2", full_name="Uji Pelaksana Dua", password="kata-sandi-uji",
                    roles=["pelaksana"], unit_code="kantor-uji.bidang-a")
    web.login("uji_pelaksana2")
    html = web.client.get(f"/cases/{case.id}").get_data(as_text=True)  # may see it: may act on its open step
    assert "Batalkan kasus ini" not in html
    answer = web.post(f"/cases/{case.id}/cancel", {"reason": "Tidak jadi saja."}, token_from=f"/cases/{case.id}")
    assert answer.status_code == 403
    assert get_case(db, staff["uji_kabid"], case.id).status == "active"


def test_the_case_list_shows_what_the_user_may_see(  # type: ignore[no-untyped-def]
        web, db: Database, case: CaseRef, task_id: int, staff) -> None:
    web.login("uji_kabid")
    html = web.client.get("/cases").get_data(as_text=True)
    assert f'href="/cases/{case.id}"' in html and "Periksa berkas" in html
    assert f'href="/cases/{case.id}"' not in web.client.get("/cases?status=completed").get_data(as_text=True)
    assert f'href="/cases/{case.id}"' in web.client.get("/cases?status=all&q=nurul").get_data(as_text=True)
    assert f'href="/cases/{case.id}"' not in web.client.get("/cases?status=all&q=zzz").get_data(as_text=True)
    web.post("/logout", token_from="/")
    web.login("kabid_lain")
    assert f'href="/cases/{case.id}"' not in web.client.get("/cases?status=all").get_data(as_text=True)
