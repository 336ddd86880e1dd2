"""Signing in and out, the safe ``next`` redirect, CSRF, and the language switch."""

from __future__ import annotations

import pytest


def test_login_page_and_sign_in_lands_on_the_inbox(web) -> None:  # type: ignore[no-untyped-def]
    page = web.client.get("/login")
    assert page.status_code == 200
    assert 'for="username"' in page.get_data(as_text=True)
    answer = web.login("uji_pelaksana")
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
    assert "Daftar tugas" in web.client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_in_indonesian(web) -> None:  # type: ignore[no-untyped-def]
    answer = web.login("uji_pelaksana", "salah-sekali")
    assert answer.status_code == 401
    assert "Nama pengguna atau kata sandi salah." in answer.get_data(as_text=True)


def test_pages_need_a_signed_in_user(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/cases", "/processes", "/admin/users", "/tasks/1", "/cases/1", "/attachments/1"):
        answer = client.get(path)
        assert answer.status_code == 302, path
        assert answer.headers["Location"].startswith("/login?next=")


def test_logout(web) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = web.post("/logout", token_from="/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/login"
    assert web.client.get("/").status_code == 302


@pytest.mark.parametrize(("target", "expected"), [
    ("/cases", "/cases"),
    ("/?tab=queue", "/?tab=queue"),
    ("//evil.com", "/"),
    ("https://evil.com", "/"),
    ("/\\evil.com", "/"),
    ("javascript:alert(1)", "/"),
])
def test_next_only_leads_to_a_page_of_this_site(web, target: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    token = web.csrf_token("/login")
    answer = web.client.post("/login", data={"username": "uji_pelaksana", "password": "kata-sandi-uji",
                                             "csrf_token": token, "next": target})
    assert answer.status_code == 302
    assert answer.headers["Location"] == expected


def test_a_form_without_its_csrf_token_is_refused(web, task_id: int) -> None:  # type: ignore[no-untyped-def]
    answer = web.client.post("/login", data={"username": "uji_pelaksana", "password": "kata-sandi-uji"})
    assert answer.status_code == 400
    web.login("uji_pelaksana")
    answer = web.client.post(f"/tasks/{task_id}/claim")
    assert answer.status_code == 400
    assert "Permintaan tidak valid." in answer.get_data(as_text=True)


def test_language_switch_shows_english_and_back(web, task_id: int) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = web.post("/lang/en", {"next": f"/tasks/{task_id}"}, token_from="/")
    assert answer.headers["Location"] == f"/tasks/{task_id}"
    html = web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Complete step" in html and "Standard time" in html and "Claim this task" in html
    assert "23 November 2026, 09:00 WITA" in html
    inbox = web.client.get("/?tab=queue").get_data(as_text=True)
    assert "My tasks" in inbox and "Queue" in inbox
    web.post("/lang/id", {"next": "/"}, token_from="/")
    html = web.client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Selesaikan langkah" in html and "23 November 2026 09.00 WITA" in html


def test_every_answer_carries_the_security_headers(web) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    answer = web.client.get("/")
    assert "script-src 'self'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Frame-Options"] == "DENY"
    html = answer.get_data(as_text=True)
    assert "<script" not in html and "style=" not in html
