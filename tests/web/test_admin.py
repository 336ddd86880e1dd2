"""Admin pages: people and SOP versions, for administrators only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.db import Database
from engine.errors import NotFound
from engine.services import find_user

from support import PASSWORD, decision_sketch, write_process


@pytest.mark.parametrize("path", ["/admin/users", "/admin/processes"])
def test_admin_pages_are_for_admins_only(web, path: str) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    assert web.client.get(path).status_code == 403
    web.post("/logout", token_from="/")
    web.login("admin")
    assert web.client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/admin/users", "/admin/users/1/active", "/admin/users/1/password",
                                  "/admin/users/1/sessions/end", "/admin/processes/reload"])
def test_admin_actions_are_refused_to_others(web, path: str) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_pelaksana")
    assert web.post(path, {"active": "0", "password": "sandi-baru-panjang"}, token_from="/").status_code == 403


def test_admin_creates_a_user_with_roles_and_unit(web, db: Database) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    html = web.client.get("/admin/users").get_data(as_text=True)
    assert 'value="kantor-uji.bidang-a"' in html and 'value="kepala_bidang"' in html
    username = "uji_baru_admin"
    try:
        find_user(db, username)
        pytest.skip("made by an earlier run of this database")
    except NotFound:
        pass
    answer = web.post("/admin/users", {"username": username, "full_name": "Pegawai Baru",
                                       "password": "kata-sandi-baru", "unit": "kantor-uji.bidang-a",
                                       "roles": ["pelaksana", "jafung"], "email": "baru@contoh.go.id"})
    assert answer.status_code == 303
    info = find_user(db, username)
    assert info.roles == ("jafung", "pelaksana") and info.unit_code == "kantor-uji.bidang-a"
    assert "Pengguna uji_baru_admin dibuat." in web.client.get("/admin/users").get_data(as_text=True)


def test_invalid_new_user_re_renders_with_field_errors(web, db: Database) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    answer = web.post("/admin/users", {"username": "X!", "full_name": "", "password": "pendek", "unit": "",
                                       "email": "bukan-email"}, token_from="/admin/users")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    for message in ("Nama pengguna 3–80 karakter", "Nama lengkap wajib diisi.", "Kata sandi minimal",
                    "Alamat email tidak valid.", "Minimal satu peran."):
        assert message in html
    assert 'value="bukan-email"' in html


def test_deactivate_activate_and_reset_password(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    target = staff["uji_pelaksana"]
    try:
        answer = web.post(f"/admin/users/{target}/active", {"active": "0"}, token_from="/admin/users")
        assert answer.status_code == 303
        assert find_user(db, "uji_pelaksana").active is False
        assert "uji_pelaksana dinonaktifkan." in web.client.get("/admin/users").get_data(as_text=True)
    finally:
        web.post(f"/admin/users/{target}/active", {"active": "1"}, token_from="/admin/users")
    assert find_user(db, "uji_pelaksana").active is True

    # The administrator found the person by a search (other tests add people: page 1 may not show them).
    short = web.post(f"/admin/users/{target}/password", {"password": "x", "q": "uji_pelaksana"},
                     token_from="/admin/users")
    assert short.status_code == 422 and "Kata sandi minimal" in short.get_data(as_text=True)
    answer = web.post(f"/admin/users/{target}/password", {"password": "kata-sandi-uji"}, token_from="/admin/users")
    assert answer.status_code == 303


def test_admin_cannot_deactivate_themselves(web, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    answer = web.post(f"/admin/users/{staff['admin']}/active", {"active": "0"}, token_from="/admin/users")
    assert answer.status_code == 409


def test_reload_processes_shows_versions_and_per_file_problems(  # type: ignore[no-untyped-def]
        web, app, tmp_path: Path) -> None:
    folder = tmp_path / "reload"
    write_process(folder, decision_sketch("uji_admin_reload"))
    app.config["PROCESSES_DIR"] = str(folder)
    web.login("admin")
    answer = web.post("/admin/processes/reload", token_from="/admin/processes")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "<code>uji_admin_reload</code>" in html and ("versi baru" in html or "tidak berubah" in html)
    assert "Proses uji uji_admin_reload" in web.client.get("/admin/processes").get_data(as_text=True)

    broken = write_process(folder, decision_sketch("uji_admin_rusak"))
    (broken / "sop.json").write_text("{ bukan json", encoding="utf-8")
    answer = web.post("/admin/processes/reload", token_from="/admin/processes")
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert "tidak ada definisi yang didaftarkan" in html and "uji_admin_rusak/sop.json" in html
    shutil.rmtree(broken)


def test_admin_changes_roles_and_unit(web, db, staff) -> None:  # type: ignore[no-untyped-def]
    from engine.services import get_user, update_user

    web.login("admin")
    target = find_user(db, "pelaksana2")
    try:
        response = web.post(f"/admin/users/{target.id}/access", {"roles": ["pelaksana", "jafung"],
                                                                  "unit": "dinkop-lobar.bidang-lain"},
                            token_from="/admin/users")
        assert response.status_code == 303
        changed = get_user(db, target.id)
        assert changed.roles == ("jafung", "pelaksana") and changed.unit_code == "dinkop-lobar.bidang-lain"
        refused = web.post(f"/admin/users/{target.id}/access", {"roles": [], "unit": "tidak-ada"},
                           token_from="/admin/users")
        assert refused.status_code == 422
        assert "Minimal satu peran" in refused.get_data(as_text=True)
        assert get_user(db, target.id) == changed
        own = web.post(f"/admin/users/{staff['admin']}/access", {"roles": ["pelaksana"], "unit": "dinkop-lobar"},
                       token_from="/admin/users")
        assert own.status_code == 422 and "admin" in get_user(db, staff["admin"]).roles
    finally:
        update_user(db, staff["admin"], target.id, roles=["pelaksana"], unit_code="dinkop-lobar.bidang-umkm")


def _events(db: Database, kind: str) -> list[tuple[int | None, dict]]:
    from sqlalchemy import select

    from engine.models import Event

    with db.transaction(write=False) as session:
        return [(e.actor_id, e.payload) for e in session.scalars(select(Event).where(Event.kind == kind))]


def test_nobody_sets_their_own_password_through_the_admin_route(web, app, staff) -> None:  # type: ignore[no-untyped-def]
    """The review's reproduction: a Pelaksana posting a new password for their own id, without the current one."""
    web.login("uji_pelaksana")
    own = web.post(f"/admin/users/{staff['uji_pelaksana']}/password", {"password": "diganti-sendiri"},
                   token_from="/")
    assert own.status_code == 403
    other = app.test_client()
    token = other.get("/login").get_data(as_text=True).split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert other.post("/login", data={"username": "uji_pelaksana", "password": "diganti-sendiri",
                                      "csrf_token": token}).status_code == 401
    assert web.client.get("/").status_code == 200  # nothing changed, not even the session


def test_a_password_reset_ends_the_persons_sessions_and_is_recorded(web, app, db, staff) -> None:  # type: ignore[no-untyped-def]
    from engine.services import set_password

    target = staff["pelaksana2"]
    theirs = type(web)(app.test_client())
    theirs.login("pelaksana2")
    assert theirs.client.get("/").status_code == 200
    web.login("admin")
    try:
        answer = web.post(f"/admin/users/{target}/password", {"password": "sandi-dari-admin"},
                          token_from="/admin/users")
        assert answer.status_code == 303
        assert theirs.client.get("/").status_code == 302
        assert _events(db, "password_reset") == [(staff["admin"], {"user_id": target})]
    finally:
        set_password(db, None, target, PASSWORD)


def test_admin_logs_a_person_out_of_every_session(web, app, db, staff) -> None:  # type: ignore[no-untyped-def]
    target = staff["pelaksana2"]
    phone, desk = type(web)(app.test_client()), type(web)(app.test_client())
    phone.login("pelaksana2")
    desk.login("pelaksana2")
    api = app.test_client()
    token = api.post("/api/v1/token", json={"username": "pelaksana2", "password": PASSWORD}).get_json()["token"]
    web.login("admin")
    html = web.client.get("/admin/users").get_data(as_text=True)
    form = html.split(f'action="/admin/users/{target}/sessions/end"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrf_token"' in form and "Ya, akhiri semua sesi pelaksana2" in form
    answer = web.post(f"/admin/users/{target}/sessions/end", token_from="/admin/users")
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"#user-{target}")
    assert "Semua sesi dan token API pelaksana2 diakhiri" in web.client.get("/admin/users").get_data(as_text=True)
    assert phone.client.get("/").status_code == 302 and desk.client.get("/").status_code == 302
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert _events(db, "sessions_ended") == [(staff["admin"], {"user_id": target})]
    assert web.client.get("/admin/users").status_code == 200  # the administrator's own session goes on
    assert phone.login("pelaksana2").status_code == 302  # the person signs in again with their password


def test_ending_sessions_needs_the_form_token(web, app, staff) -> None:  # type: ignore[no-untyped-def]
    theirs = type(web)(app.test_client())
    theirs.login("pelaksana2")
    web.login("admin")
    assert web.client.post(f"/admin/users/{staff['pelaksana2']}/sessions/end").status_code == 400
    assert theirs.client.get("/").status_code == 200
