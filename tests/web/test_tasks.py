"""The inbox and the task page: tabs, filters, claim, release, reassign and complete."""

from __future__ import annotations

import re

import pytest

from engine.db import Database
from engine.errors import NotFound
from engine.services import CaseRef, create_user, find_user, get_case, get_task, inbox, start_case
from engine.timekeeping.clock import FixedClock

NIK = "5201014107900001"  # a valid NIK (the structure checks pass)

@pytest.fixture
def second_pelaksana(db: Database) -> int:
    """A colleague in the test unit, to race for a step."""
    try:
        return find_user(db, "uji_pelaksana2").id
    except NotFound:
        return create_user(db, username="uji_pelaksana2", full_name="Uji Pelaksana Dua", password="kata-sandi-uji",
                           roles=["pelaksana"], unit_code="kantor-uji.bidang-a").id


def test_queue_tab_lists_the_step_with_its_case_and_due_time(web, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    html = web.client.get("/?tab=queue").get_data(as_text=True)
    assert f'href="/tasks/{task_id}"' in html
    assert "Periksa berkas" in html and "UJI-2026-00001" in html and "Baiq Nurul" in html
    assert "23 November 2026 09.30 WITA" in html  # due: 30 working minutes after 09.00 WITA
    assert 'aria-current="page">\n    Antrean' in html or re.search(r'aria-current="page">\s*Antrean', html)
    assert re.search(r"Tugas Saya <span class=\"count\"[^>]*>0<", html)
    assert re.search(r"Antrean <span class=\"count\"[^>]*>1<", html)


def test_claim_and_release_in_one_click_each(web, db: Database, task_id: int, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = web.post(f"/tasks/{task_id}/claim", {"next": "/?tab=queue"}, token_from="/?tab=queue")
    assert answer.status_code == 303 and answer.headers["Location"] == "/?tab=queue"
    assert get_task(db, staff["uji_pelaksana"], task_id).assignee_id == staff["uji_pelaksana"]
    mine = web.client.get("/").get_data(as_text=True)
    assert "Tugas diambil dan masuk ke Tugas Saya." in mine
    assert f'action="/tasks/{task_id}/unclaim"' in mine
    answer = web.post(f"/tasks/{task_id}/unclaim", {"next": "/"}, token_from="/")
    assert answer.status_code == 303
    assert get_task(db, staff["uji_pelaksana"], task_id).assignee_id is None
    assert "Tugas dilepas ke antrean." in web.client.get("/").get_data(as_text=True)


def test_claiming_a_step_a_colleague_holds_says_who_has_it(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, second_pelaksana: int) -> None:
    from engine.services import claim_task

    claim_task(db, second_pelaksana, task_id)
    web.login("uji_pelaksana")
    answer = web.post(f"/tasks/{task_id}/claim", {"next": "/?tab=queue"}, token_from="/?tab=queue")
    assert answer.status_code == 303
    html = web.client.get("/?tab=queue").get_data(as_text=True)
    assert "sedang dipegang oleh Uji Pelaksana Dua" in html


def test_filters_sort_and_paging(web, db: Database, sop: str, staff, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    for name in ("Satu", "Dua", "Tiga"):
        start_case(db, staff["uji_pelaksana"], sop, {"nama_pemohon": name})
        clock.advance(minutes=5)
    web.login("uji_pelaksana")
    html = web.client.get("/?tab=queue&per_page=2").get_data(as_text=True)
    assert "Halaman 1 dari 2" in html and "per_page=2" in html and "page=2" in html
    assert html.index("Satu") < html.index("Dua")  # nearest due first
    newest = web.client.get("/?tab=queue&sort=-started").get_data(as_text=True)
    assert newest.index("Tiga") < newest.index("Satu")
    page_two = web.client.get("/?tab=queue&per_page=2&page=2").get_data(as_text=True)
    assert "Tiga" in page_two and "Satu" not in page_two
    assert "Tiga" in web.client.get(f"/?tab=queue&sop={sop}").get_data(as_text=True)
    assert "Tiga" in web.client.get(f"/?tab=queue&step={sop}:periksa").get_data(as_text=True)
    assert "Tidak ada tugas yang cocok" in web.client.get(f"/?tab=queue&step={sop}:setujui").get_data(as_text=True)
    assert "Tidak ada tugas yang cocok" in web.client.get("/?tab=queue&overdue=1").get_data(as_text=True)
    assert "Tiga" in web.client.get("/?tab=queue&today=1").get_data(as_text=True)
    clock.advance(hours=2)
    late = web.client.get("/?tab=queue&overdue=1").get_data(as_text=True)
    assert "Satu" in late and "badge overdue" in late


def test_the_task_page_shows_the_step_as_the_sop_describes_it(web, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    html = web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "<h1>Periksa berkas</h1>" in html
    assert "Memeriksa berkas pemohon." in html and "Fotokopi KTP" in html and "Berkas diperiksa" in html
    assert "<dd>30 menit</dd>" in html and "PT30M" not in html
    assert '<label for="f-nik">NIK Pemohon</label>' in html
    assert 'placeholder="Contoh: 5201014107900001"' in html and 'inputmode="numeric"' in html
    assert '<legend>Berkas lengkap?</legend>' in html and 'type="radio"' in html
    assert "Nama pemohon" in html and "Baiq Nurul" in html  # the case's start data


def test_a_pelaksana_of_another_unit_gets_403(web, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("pelaksana_lain")
    answer = web.client.get(f"/tasks/{task_id}")
    assert answer.status_code == 403
    assert "di luar peran atau unit Anda" in answer.get_data(as_text=True)
    assert web.post(f"/tasks/{task_id}/claim", token_from="/").status_code == 403


def test_an_unknown_task_is_404(web) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    assert web.client.get("/tasks/999999").status_code == 404


def test_invalid_nik_re_renders_with_the_indonesian_error_and_changes_nothing(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff) -> None:
    web.login("uji_pelaksana")
    answer = web.post(f"/tasks/{task_id}/complete", {"nik": "1234", "lengkap": "true"}, token_from=f"/tasks/{task_id}")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert 'id="error-summary"' in html and 'href="#f-nik"' in html
    assert re.search(r'class="field-error" id="f-nik-error">.*NIK Pemohon harus 16 digit angka', html)
    assert "NIK Pemohon: NIK" not in html  # the field is named once
    assert 'value="1234"' in html  # what was typed comes back
    assert 'id="f-lengkap-ya" name="lengkap" value="true" checked' in html
    assert 'aria-invalid="true"' in html
    task = get_task(db, staff["uji_pelaksana"], task_id)
    assert task.status == "open" and task.assignee_id is None and task.data is None


def test_missing_decision_is_a_field_error(web, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = web.post(f"/tasks/{task_id}/complete", {"nik": NIK}, token_from=f"/tasks/{task_id}")
    assert answer.status_code == 422
    assert "Berkas lengkap? wajib diisi" in answer.get_data(as_text=True)


def test_complete_moves_the_case_on_and_the_supervisor_finishes_it(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, case: CaseRef, staff) -> None:
    web.login("uji_pelaksana")
    answer = web.post(f"/tasks/{task_id}/complete", {"nik": NIK, "lengkap": "true"}, token_from=f"/tasks/{task_id}")
    assert answer.status_code == 303 and answer.headers["Location"] == "/"
    assert "Langkah “Periksa berkas” selesai" in web.client.get("/").get_data(as_text=True)
    assert get_task(db, staff["uji_pelaksana"], task_id).data == {"nik": NIK, "lengkap": True}

    web.post("/logout", token_from="/")
    web.login("uji_kabid")
    approve = inbox(db, staff["uji_kabid"], "queue").rows[0].id
    html = web.client.get(f"/tasks/{approve}").get_data(as_text=True)
    assert "Langkah ini tidak memerlukan isian" in html
    answer = web.post(f"/tasks/{approve}/complete", token_from=f"/tasks/{approve}")
    assert answer.status_code == 303 and answer.headers["Location"] == f"/cases/{case.id}"
    assert get_case(db, staff["uji_kabid"], case.id).status == "completed"
    assert "Kasus UJI-2026-00001 selesai." in web.client.get(f"/cases/{case.id}").get_data(as_text=True)


def test_rejected_application_ends_the_case(web, db: Database, task_id: int, case: CaseRef, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = web.post(f"/tasks/{task_id}/complete", {"nik": NIK, "lengkap": "false"}, token_from=f"/tasks/{task_id}")
    assert answer.headers["Location"] == f"/cases/{case.id}"
    detail = get_case(db, staff["uji_pelaksana"], case.id)
    assert (detail.status, detail.outcome) == ("completed", "Dikembalikan")


def test_completing_a_done_step_again_is_a_conflict(web, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    token = web.csrf_token(f"/tasks/{task_id}")
    data = {"nik": NIK, "lengkap": "true", "csrf_token": token}
    assert web.client.post(f"/tasks/{task_id}/complete", data=data).status_code == 303
    again = web.client.post(f"/tasks/{task_id}/complete", data=data)
    assert again.status_code == 409
    assert "sudah diselesaikan oleh Uji Pelaksana" in again.get_data(as_text=True)


def test_the_next_step_opens_directly_when_the_same_person_does_it(  # type: ignore[no-untyped-def]
        web, db: Database, tmp_path, staff) -> None:
    from engine.authoring import EndEvent, Flow, ProcessSketch, StartEvent, UserTask, sop_properties
    from engine.services import sync_processes

    from support import write_process

    sketch = ProcessSketch(
        id="uji_berurutan", name="Dua langkah berurutan", lanes=["Pelaksana"],
        nodes=[StartEvent("mulai", "Mulai", "Pelaksana"),
               UserTask("satu", "Langkah satu", "Pelaksana", "", sop_properties("PT30M", "30 Menit", [], "")),
               UserTask("dua", "Langkah dua", "Pelaksana", "", sop_properties("PT30M", "30 Menit", [], "")),
               EndEvent("selesai", "Selesai", "Pelaksana")],
        flows=[Flow("mulai", "satu"), Flow("satu", "dua"), Flow("dua", "selesai")],
    )
    write_process(tmp_path / "seq", sketch)
    sync_processes(db, tmp_path / "seq")
    case = start_case(db, staff["uji_pelaksana"], "uji_berurutan", {"nama_pemohon": "Urut"})
    first = inbox(db, staff["uji_pelaksana"], "queue").rows[0].id
    web.login("uji_pelaksana")
    answer = web.post(f"/tasks/{first}/complete", token_from=f"/tasks/{first}")
    second = next(t.task_id for t in get_case(db, staff["uji_pelaksana"], case.id).steps if t.status == "open")
    assert answer.headers["Location"] == f"/tasks/{second}"
    html = web.client.get(f"/tasks/{second}").get_data(as_text=True)
    assert "Lanjutkan dengan langkah berikutnya: Langkah dua" in html


def test_supervisor_reassigns_among_eligible_staff(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff, second_pelaksana: int) -> None:
    web.login("uji_kabid")
    html = web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Alihkan tugas" in html
    assert f'<option value="{staff["uji_pelaksana"]}"' in html and f'<option value="{second_pelaksana}"' in html
    assert f'<option value="{staff["pelaksana_lain"]}"' not in html  # another unit
    assert "0 tugas terbuka" in html
    answer = web.post(f"/tasks/{task_id}/reassign", {"to_user": str(second_pelaksana), "reason": "Cuti"},
                      token_from=f"/tasks/{task_id}")
    assert answer.status_code == 303
    assert get_task(db, staff["uji_kabid"], task_id).assignee_id == second_pelaksana
    assert "Tugas dialihkan." in web.client.get(f"/tasks/{task_id}").get_data(as_text=True)


def test_reassigning_to_someone_who_may_not_do_it_is_a_field_error(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff) -> None:
    web.login("uji_kabid")
    answer = web.post(f"/tasks/{task_id}/reassign", {"to_user": str(staff["pelaksana_lain"])},
                      token_from=f"/tasks/{task_id}")
    assert answer.status_code == 422
    assert "tidak memiliki peran" in answer.get_data(as_text=True)
    assert get_task(db, staff["uji_kabid"], task_id).assignee_id is None
    empty = web.post(f"/tasks/{task_id}/reassign", {"to_user": ""}, token_from=f"/tasks/{task_id}")
    assert empty.status_code == 422 and "Pilih pegawai penerima tugas." in empty.get_data(as_text=True)


def test_only_a_supervisor_may_reassign(web, task_id: int, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    assert "Alihkan tugas" not in web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    answer = web.post(f"/tasks/{task_id}/reassign", {"to_user": str(staff["uji_pelaksana"])},
                      token_from=f"/tasks/{task_id}")
    assert answer.status_code == 403


def test_due_soon_then_overdue_on_the_task_page(web, task_id: int, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    assert "badge due-soon" not in web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    clock.advance(minutes=25)  # 5 of 30 minutes left: the last quarter
    assert "Segera jatuh tempo" in web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Segera jatuh tempo" in web.client.get("/?tab=queue").get_data(as_text=True)
    clock.advance(minutes=10)
    html = web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "badge overdue" in html and "terlambat 5 menit kerja" in html  # working time, as the board says it
