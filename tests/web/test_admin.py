"""Admin pages: people and SOP versions, for administrators only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.db import Database
from engine.errors import NotFound
from engine.services import find_user

from support import decision_sketch, write_process


@pytest.mark.parametrize("path", ["/admin/users", "/admin/processes"])
def test_admin_pages_are_for_admins_only(web, path: str) -> None:  # type: ignore[no-untyped-def]
    web.login("uji_kabid")
    assert web.client.get(path).status_code == 403
    web.post("/logout", token_from="/")
    web.login("admin")
    assert web.client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/admin/users", "/admin/users/1/active", "/admin/users/1/password",
                                  "/admin/processes/reload"])
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

    short = web.post(f"/admin/users/{target}/password", {"password": "x"}, token_from="/admin/users")
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
