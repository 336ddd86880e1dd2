"""Signing in and out, the safe ``next`` redirect, CSRF, and the language switch."""

from __future__ import annotations

import pytest

from support import PASSWORD


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
    assert "Complete step" in html and "Standard time" in html and "Claim & open" in html
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


# --- sessions end when they should ------------------------------------------------------------------------

PERSON = "uji_sesi"


@pytest.fixture
def person(db, staff) -> int:  # type: ignore[no-untyped-def]
    """A Pelaksana of the test unit whose sessions the tests end: active, with the usual password."""
    from engine.errors import NotFound
    from engine.services import create_user, find_user, set_password, set_user_active

    try:
        user_id = find_user(db, PERSON).id
    except NotFound:
        user_id = create_user(db, username=PERSON, full_name="Uji Sesi", password=PASSWORD, roles=["pelaksana"],
                              unit_code="kantor-uji.bidang-a").id
    set_user_active(db, staff["admin"], user_id, True)
    set_password(db, None, user_id, PASSWORD)
    return user_id


@pytest.fixture
def browser(app, web):  # type: ignore[no-untyped-def]
    """Another browser each call: its own cookies, signing in and sending forms like ``web``."""
    return lambda on=None: type(web)((on or app).test_client())


def _signed_in(web) -> bool:  # type: ignore[no-untyped-def]
    answer = web.client.get("/")
    assert answer.status_code in (200, 302)
    return answer.status_code == 200


def _session_cookie(web) -> str:  # type: ignore[no-untyped-def]
    cookie = web.client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_password_reset_by_an_administrator_ends_the_old_session(browser, app, db, staff, person) -> None:  # type: ignore[no-untyped-def]
    from engine.services import set_password

    web = browser()
    assert web.login(PERSON).status_code == 302 and _signed_in(web)
    set_password(db, staff["admin"], person, "sandi-dari-admin")
    assert not _signed_in(web)
    assert web.client.get("/").headers["Location"].startswith("/login")
    assert web.login(PERSON, "sandi-dari-admin").status_code == 302 and _signed_in(web)


def test_a_session_cookie_copied_before_logout_is_refused_after_it(browser, app, person) -> None:  # type: ignore[no-untyped-def]
    web = browser()
    web.login(PERSON)
    copied = _session_cookie(web)
    thief = browser()
    thief.client.set_cookie("session", copied)
    assert _signed_in(thief)  # the copy works while the sign-in lasts …
    assert web.post("/logout", token_from="/").status_code == 302
    assert not _signed_in(thief)  # … and not a request longer
    assert not _signed_in(web)


def test_deactivating_then_reactivating_does_not_revive_sessions_or_tokens(  # type: ignore[no-untyped-def]
        browser, app, db, staff, person) -> None:
    from engine.services import set_user_active

    web = browser()
    web.login(PERSON)
    token = web.client.post("/api/v1/token", json={"username": PERSON, "password": PASSWORD}).get_json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert _signed_in(web) and web.client.get("/api/v1/me", headers=bearer).status_code == 200
    set_user_active(db, staff["admin"], person, False)
    assert not _signed_in(web)
    set_user_active(db, staff["admin"], person, True)
    assert not _signed_in(web)
    assert web.client.get("/api/v1/me", headers=bearer).status_code == 401
    assert web.login(PERSON).status_code == 302 and _signed_in(web)  # a new sign-in works again


def test_a_session_must_carry_the_credential_it_began_with(browser, app, person) -> None:  # type: ignore[no-untyped-def]
    web = browser()
    web.login(PERSON)
    with web.client.session_transaction() as session:
        assert session["credential"]
        session["credential"] = "0" * 32
    assert not _signed_in(web)
    web.login(PERSON)
    with web.client.session_transaction() as session:
        del session["credential"]  # a session from before the check existed
    assert not _signed_in(web)


def test_a_session_does_not_survive_being_ended_by_an_administrator(browser, app, db, staff, person) -> None:  # type: ignore[no-untyped-def]
    from engine.services.users import end_all_sessions

    phone, desk = browser(), browser()
    phone.login(PERSON)
    desk.login(PERSON)
    assert _signed_in(phone) and _signed_in(desk)
    end_all_sessions(db, staff["admin"], person)
    assert not _signed_in(phone) and not _signed_in(desk)


# --- one's own account and password -----------------------------------------------------------------------

def test_the_menu_leads_to_my_account_page(web) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    assert 'href="/account"' in web.client.get("/").get_data(as_text=True)
    html = web.client.get("/account").get_data(as_text=True)
    assert "Akun saya" in html and "uji_pelaksana" in html and "Bidang A" in html
    assert 'name="current"' in html and 'autocomplete="current-password"' in html and 'name="csrf_token"' in html


def test_i_change_my_password_with_the_current_one(browser, app, person) -> None:  # type: ignore[no-untyped-def]
    web, elsewhere = browser(), browser()
    web.login(PERSON)
    elsewhere.login(PERSON)
    answer = web.post("/account/password", {"current": PASSWORD, "password": "sandi-baru-saya",
                                            "repeated": "sandi-baru-saya"}, token_from="/account")
    assert answer.status_code == 303 and answer.headers["Location"] == "/account"
    assert "Kata sandi Anda diganti." in web.client.get("/account").get_data(as_text=True)
    assert _signed_in(web)  # this browser stays signed in …
    assert not _signed_in(elsewhere)  # … every other session ends
    assert elsewhere.login(PERSON).status_code == 401
    assert elsewhere.login(PERSON, "sandi-baru-saya").status_code == 302


@pytest.mark.parametrize(("form", "field", "message"), [
    ({"current": "bukan-sandi-saya", "password": "sandi-baru-saya", "repeated": "sandi-baru-saya"}, "current",
     "Kata sandi saat ini salah."),
    ({"current": PASSWORD, "password": "pendek", "repeated": "pendek"}, "password", "Kata sandi minimal 8 karakter."),
    ({"current": PASSWORD, "password": "sandi-baru-saya", "repeated": "sandi-baru-kamu"}, "repeated",
     "Kata sandi baru dan ulangannya tidak sama."),
])
def test_a_refused_password_change_says_why_and_changes_nothing(  # type: ignore[no-untyped-def]
        browser, app, person, form: dict[str, str], field: str, message: str) -> None:
    web = browser()
    web.login(PERSON)
    answer = web.post("/account/password", form, token_from="/account")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert f'id="account-{field}-error"' in html and message in html
    assert _signed_in(web)
    assert browser().login(PERSON).status_code == 302  # the old password still works


def test_guessing_the_current_password_from_a_session_is_limited(browser, app, person) -> None:  # type: ignore[no-untyped-def]
    web = browser()
    web.login(PERSON)
    for _ in range(5):
        answer = web.post("/account/password", {"current": "tebakan-salah", "password": "sandi-baru-saya",
                                                "repeated": "sandi-baru-saya"}, token_from="/account")
        assert answer.status_code == 422
    answer = web.post("/account/password", {"current": PASSWORD, "password": "sandi-baru-saya",
                                            "repeated": "sandi-baru-saya"}, token_from="/account")
    assert answer.status_code == 429 and "Terlalu banyak percobaan" in answer.get_data(as_text=True)


# --- sign-in limits ------------------------------------------------------------------------------------------

def _from(web, address: str):  # type: ignore[no-untyped-def]
    web.client.environ_base["REMOTE_ADDR"] = address
    return web


def test_one_guesser_does_not_lock_out_the_office_behind_one_address(browser, app) -> None:  # type: ignore[no-untyped-def]
    """The review's reproduction: five wrong passwords on one account, then the Kadis, same address."""
    office = "192.0.2.60"
    guesser = _from(browser(), office)
    for _ in range(5):
        assert guesser.login("uji_pelaksana", "tebakan-salah").status_code == 401
    kadis = _from(browser(), office)
    assert kadis.login("kadis").status_code == 302 and _signed_in(kadis)
    api = app.test_client()
    api.environ_base["REMOTE_ADDR"] = office
    assert api.post("/api/v1/token", json={"username": "kadis", "password": PASSWORD}).status_code == 200
    assert _from(browser(), office).login("uji_kabid").status_code == 302


def test_a_brute_force_on_one_account_is_stopped_even_with_the_right_password(browser, app) -> None:  # type: ignore[no-untyped-def]
    guesser = _from(browser(), "192.0.2.61")
    for _ in range(5):
        assert guesser.login("uji_kabid", "tebakan-salah").status_code == 401
    answer = guesser.login("uji_kabid")
    assert answer.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit." in answer.get_data(as_text=True)
    api = app.test_client()
    api.environ_base["REMOTE_ADDR"] = "192.0.2.61"
    assert api.post("/api/v1/token", json={"username": "uji_kabid", "password": PASSWORD}).status_code == 429


def test_the_limits_are_configured_per_account_and_per_address(browser, app, clock) -> None:  # type: ignore[no-untyped-def]
    app.config.update(LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=2, LOGIN_FAILURES_PER_ACCOUNT=3,
                      LOGIN_FAILURES_PER_ADDRESS=4, LOGIN_FAILURE_WINDOW_MINUTES=10)
    # One account guessed from ever new addresses: stopped by the per-account limit, wherever it comes from.
    for n in range(3):
        assert _from(browser(), f"198.51.100.{n}").login("uji_kabid", "tebakan-salah").status_code == 401
    refused = _from(browser(), "198.51.100.99").login("uji_kabid")
    assert refused.status_code == 429 and "Coba lagi dalam 10 menit." in refused.get_data(as_text=True)
    # One address trying many names: stopped by the per-address limit, for every name.
    sprayer = _from(browser(), "198.51.100.200")
    for name in ("nama_satu", "nama_dua", "nama_tiga", "nama_empat"):
        assert sprayer.login(name, "tebakan-salah").status_code == 401
    assert sprayer.login("uji_pelaksana").status_code == 429
    assert _from(browser(), "198.51.100.201").login("uji_pelaksana").status_code == 302
    # The window passes: everyone may try again.
    clock.advance(minutes=10, seconds=1)
    assert sprayer.login("uji_pelaksana").status_code == 302
    assert _from(browser(), "198.51.100.99").login("uji_kabid").status_code == 302


def _app_behind(prepared_database: str, clock, tmp_path, hops: int):  # type: ignore[no-untyped-def]
    from webapp import create_app

    return create_app({"TESTING": True, "DATABASE_URL": prepared_database, "CLOCK": clock,
                       "SECRET_KEY": "uji-rahasia", "UPLOAD_DIR": str(tmp_path / "uploads"), "PROXY_HOPS": hops})


def _attempt_sources(db) -> set[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from engine.models import LoginAttempt

    with db.transaction(write=False) as session:
        return set(session.scalars(select(LoginAttempt.source)))


def test_behind_the_configured_proxy_each_person_has_their_own_address(  # type: ignore[no-untyped-def]
        db, browser, prepared_database: str, clock, tmp_path) -> None:
    proxied = _app_behind(prepared_database, clock, tmp_path, hops=1)
    try:
        guesser = _from(browser(proxied), "10.0.0.2")  # the proxy
        guesser.client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.5"
        for _ in range(5):
            assert guesser.login("uji_pelaksana", "tebakan-salah").status_code == 401
        assert guesser.login("uji_pelaksana").status_code == 429
        owner = _from(browser(proxied), "10.0.0.2")
        owner.client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.6"
        assert owner.login("uji_pelaksana").status_code == 302  # the account's owner, at their own desk
        assert _attempt_sources(db) == {"203.0.113.5", "203.0.113.6"}
    finally:
        proxied.extensions["alur_db"].dispose()


def test_without_a_configured_proxy_a_forwarded_address_is_ignored(  # type: ignore[no-untyped-def]
        db, browser, prepared_database: str, clock, tmp_path) -> None:
    proxied = _app_behind(prepared_database, clock, tmp_path, hops=0)
    try:
        guesser = _from(browser(proxied), "192.0.2.62")
        for n in range(5):  # a new made-up address on every try does not reset the count
            guesser.client.environ_base["HTTP_X_FORWARDED_FOR"] = f"203.0.113.{n}"
            assert guesser.login("uji_pelaksana", "tebakan-salah").status_code == 401
        assert guesser.login("uji_pelaksana").status_code == 429
        assert _attempt_sources(db) == {"192.0.2.62"}
    finally:
        proxied.extensions["alur_db"].dispose()


@pytest.mark.parametrize("hops", ["-1", "satu", True])
def test_a_wrong_proxy_setting_stops_the_start(prepared_database: str, clock, tmp_path, hops) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="ALUR_PROXY_HOPS"):
        _app_behind(prepared_database, clock, tmp_path, hops=hops)
