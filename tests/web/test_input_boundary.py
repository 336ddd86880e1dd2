"""Input the database cannot take is refused at the door, and hostile values never become a 500.

Each test replays a finding of the security review (issue 9) on the pages: a NUL byte on PostgreSQL (sign-in,
comments, completions, search), ids above 2^31-1, ``page=10^24``, CR/LF in ``next=``, pages with NIK and
NPWP kept in caches, ``%``/``_`` as wildcards in the case search, a CSV content type with two charsets.
The API's side is tests/api/test_api_input_boundary.py. Run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.db import Database
from engine.models import Event, LoginAttempt
from engine.services import CaseRef, get_task, start_case
from engine.services.comments import list_comments
from webapp.auth import is_safe_next
from webapp.security import is_storable
from webapp.views import MAX_ID, IdConverter

NIK = "5201014107900001"
UNSTORABLE = "tidak dapat disimpan"
BEYOND_INT4 = [str(MAX_ID + 1), "9" * 20, str(10**24)]
OUT_OF_RANGE = [*BEYOND_INT4, "0", "00", "-1"]


def _events(db: Database) -> int:
    with db.transaction(write=False) as session:
        return session.scalar(select(func.count()).select_from(Event)) or 0


# --- NUL bytes and lone surrogates ------------------------------------------------------------------------


def test_a_nul_in_the_username_before_sign_in_is_a_400_not_a_500(web, db: Database) -> None:  # type: ignore[no-untyped-def]
    token = web.csrf_token("/login")
    with db.transaction(write=False) as session:
        attempts = session.scalar(select(func.count()).select_from(LoginAttempt))
    answer = web.client.post("/login", data={"username": "kadis\x00", "password": "x", "csrf_token": token})
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert UNSTORABLE in html and "username" in html
    with db.transaction(write=False) as session:  # refused before the sign-in was even tried
        assert session.scalar(select(func.count()).select_from(LoginAttempt)) == attempts


def test_a_nul_in_a_comment_is_refused_and_nothing_is_written(  # type: ignore[no-untyped-def]
        web, db: Database, case: CaseRef, staff: dict[str, int]) -> None:
    web.login("uji_pelaksana")
    before = _events(db)
    answer = web.post(f"/cases/{case.id}/comments", {"body": "Berkas\x00 lengkap"}, token_from=f"/cases/{case.id}")
    assert answer.status_code == 400 and UNSTORABLE in answer.get_data(as_text=True)
    assert list_comments(db, staff["uji_pelaksana"], case.id) == [] and _events(db) == before


def test_a_nul_in_a_completed_form_leaves_the_step_open(  # type: ignore[no-untyped-def]
        web, db: Database, task_id: int, staff: dict[str, int]) -> None:
    web.login("uji_pelaksana")
    answer = web.post(f"/tasks/{task_id}/complete", {"nik": NIK + "\x00", "lengkap": "true"},
                      token_from=f"/tasks/{task_id}")
    assert answer.status_code == 400 and "nik" in answer.get_data(as_text=True)
    task = get_task(db, staff["uji_pelaksana"], task_id)
    assert task.status == "open" and task.assignee_id is None


@pytest.mark.parametrize("path", ["/cases?q=a%00b", "/?sop=%00", "/reports/cases?q=%00", "/cases?%00=1"])
def test_a_nul_in_a_query_string_is_a_400(web, path: str) -> None:  # type: ignore[no-untyped-def]
    web.login("kadis")
    answer = web.client.get(path)
    assert answer.status_code == 400 and UNSTORABLE in answer.get_data(as_text=True)


def test_a_nul_in_a_path_is_a_404(web) -> None:  # type: ignore[no-untyped-def]
    web.login("kadis")
    assert web.client.get("/processes/uji%00web").status_code == 404
    assert web.client.get("/processes/uji%00web/start").status_code == 404


def test_invalid_utf8_in_a_form_never_reaches_the_database(  # type: ignore[no-untyped-def]
        web, db: Database, case: CaseRef, staff: dict[str, int]) -> None:
    """A form cannot carry a lone surrogate: its would-be UTF-8 bytes are not decoded into one (Werkzeug keeps them
    escaped), so what is stored is ordinary text."""
    web.login("uji_pelaksana")
    token = web.csrf_token(f"/cases/{case.id}")
    answer = web.client.post(f"/cases/{case.id}/comments", data=b"body=ab%ED%A0%80cd&csrf_token=" + token.encode(),
                             content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 303
    [stored] = [c.body for c in list_comments(db, staff["uji_pelaksana"], case.id)]
    assert stored.startswith("ab") and stored.endswith("cd") and is_storable(stored)


# --- ids and pages -------------------------------------------------------------------------------------


def test_every_id_in_a_url_goes_through_the_bounded_converter(app) -> None:  # type: ignore[no-untyped-def]
    ids = [(rule.rule, name, converter) for rule in app.url_map.iter_rules()
           for name, converter in rule._converters.items() if name.endswith("_id")]
    assert len(ids) >= 15
    assert [rule for rule, _, converter in ids if not isinstance(converter, IdConverter)] == []


@pytest.mark.parametrize("path", ["/tasks/{}", "/cases/{}", "/reports/cases/{}", "/reports/cases/{}.csv",
                                  "/attachments/{}"])
def test_ids_out_of_range_are_404_pages(web, path: str) -> None:  # type: ignore[no-untyped-def]
    web.login("kadis")
    for number in OUT_OF_RANGE:
        assert web.client.get(path.format(number)).status_code == 404, number


@pytest.mark.parametrize("path", ["/tasks/{}/claim", "/tasks/{}/unclaim", "/tasks/{}/complete",
                                  "/cases/{}/comments", "/cases/{}/cancel", "/notifications/{}/read",
                                  "/attachments/{}/remove", "/admin/users/{}/active", "/admin/users/{}/access",
                                  "/supervision/tasks/{}/reassign"])
def test_forms_posted_to_ids_out_of_range_are_404(web, path: str) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    token = web.csrf_token("/admin/users")
    for number in BEYOND_INT4:
        assert web.client.post(path.format(number), data={"csrf_token": token}).status_code == 404


def test_the_largest_id_is_a_plain_not_found(web) -> None:  # type: ignore[no-untyped-def]
    web.login("kadis")
    assert web.client.get(f"/cases/{MAX_ID}").status_code == 404
    assert web.client.get(f"/tasks/{MAX_ID}").status_code == 404


def test_a_reassignment_to_a_person_id_beyond_int4_is_refused_as_a_choice(  # type: ignore[no-untyped-def]
        web, task_id: int) -> None:
    web.login("uji_kabid")
    for to_user in BEYOND_INT4:
        answer = web.post(f"/tasks/{task_id}/reassign", {"to_user": to_user, "reason": "rapat"},
                          token_from=f"/tasks/{task_id}")
        assert answer.status_code == 422 and "Pilih pegawai penerima tugas." in answer.get_data(as_text=True)
    assert web.client.get(f"/supervision?alihkan={'9' * 5000}").status_code == 200


@pytest.mark.parametrize("query", [f"page={10**24}", f"page={10**24}&per_page={10**24}", "page=-3&per_page=0",
                                   f"page={'9' * 5000}", "page=%D9%A3"])
@pytest.mark.parametrize("path", ["/", "/cases", "/reports/cases"])
def test_any_page_number_shows_a_page(web, case: CaseRef, path: str, query: str) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    assert web.client.get(f"{path}?{query}").status_code == 200


# --- next= ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie: a=b", "/tasks\n", "/\t/evil.example", "/a\x00b", "/a\x7f",
                                    "/a\x85b", "//evil.example", "https://evil.example/", ""])
def test_next_with_control_characters_or_another_host_is_not_safe(target: str) -> None:
    assert not is_safe_next(target)


@pytest.mark.parametrize("target", ["/", "/?tab=queue", "/cases?q=Baiq Nurul", "/cases/1#komentar", "/kasus/ä"])
def test_next_on_this_site_is_safe(target: str) -> None:
    assert is_safe_next(target)


def _inbox(app) -> str:  # type: ignore[no-untyped-def]
    from flask import url_for

    with app.test_request_context():
        return str(url_for("tasks.inbox"))


def test_a_crlf_next_after_an_unclaim_goes_to_the_inbox_and_says_it_is_done(  # type: ignore[no-untyped-def]
        app, web, db: Database, task_id: int, staff: dict[str, int]) -> None:
    web.login("uji_pelaksana")
    claimed = web.post(f"/tasks/{task_id}/claim", {"next": "/x\r\nSet-Cookie: a=b"}, token_from=f"/tasks/{task_id}")
    assert claimed.status_code == 303 and claimed.headers["Location"].startswith(f"/tasks/{task_id}")
    answer = web.post(f"/tasks/{task_id}/unclaim", {"next": "/\r\n"}, token_from=f"/tasks/{task_id}")
    assert answer.status_code == 303 and answer.headers["Location"] == _inbox(app)
    assert "a=b" not in str(answer.headers) and "a=b" not in str(claimed.headers)
    assert get_task(db, staff["uji_pelaksana"], task_id).assignee_id is None
    assert "Tugas dilepas ke antrean." in web.client.get(_inbox(app)).get_data(as_text=True)


def test_a_crlf_next_on_sign_in_goes_to_the_start_page(web) -> None:  # type: ignore[no-untyped-def]
    token = web.csrf_token("/login")
    answer = web.client.post("/login?next=/cases%0D%0ASet-Cookie:%20a=b",
                             data={"username": "kadis", "password": "kata-sandi-uji", "csrf_token": token})
    assert answer.status_code == 302 and not answer.headers["Location"].startswith("/cases")  # the start page
    assert is_safe_next(answer.headers["Location"]) and "a=b" not in str(answer.headers)


# --- caches, search wildcards, CSV type ----------------------------------------------------------------


def test_pages_with_personal_data_are_never_stored(  # type: ignore[no-untyped-def]
        web, case: CaseRef, task_id: int) -> None:
    web.login("uji_pelaksana")
    for path in (f"/cases/{case.id}", f"/tasks/{task_id}", "/", "/cases", f"/reports/cases/{case.id}"):
        answer = web.client.get(path)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store", path
    assert "no-store" not in web.client.get("/static/alur.css").headers.get("Cache-Control", "")


def test_the_case_search_reads_percent_and_underscore_literally(  # type: ignore[no-untyped-def]
        web, db: Database, sop: str, staff: dict[str, int]) -> None:
    plain = start_case(db, staff["uji_pelaksana"], sop, {"nama_pemohon": "Baiq Nurul"})
    percent = start_case(db, staff["uji_pelaksana"], sop, {"nama_pemohon": "Diskon 50% Lalu Ahmad"})
    underscore = start_case(db, staff["uji_pelaksana"], sop, {"nama_pemohon": "Koperasi_Maju"})
    web.login("uji_pelaksana")

    def found(query: str) -> set[str]:
        html = web.client.get("/cases", query_string={"q": query}).get_data(as_text=True)
        return {ref.reference for ref in (plain, percent, underscore) if ref.reference in html}

    assert found("%") == {percent.reference}
    assert found("50%") == {percent.reference}
    assert found("_") == {underscore.reference}
    assert found("n_r") == set()  # as a wildcard, "_" would find "nur" in Baiq Nurul
    assert found("nurul") == {plain.reference}


def test_a_csv_names_its_charset_once(web) -> None:  # type: ignore[no-untyped-def]
    web.login("kadis")
    answer = web.client.get("/reports/registers/nib.csv?from=2026-11-01&to=2026-11-30")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
