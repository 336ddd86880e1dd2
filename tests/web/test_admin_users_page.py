"""The users page: search (name, username, NIP) one page at a time, the NIP field with its own message, and a
deactivation that asks first (a second button inside a disclosure: no script, the CSP forbids inline ones)."""

from __future__ import annotations

import re

from engine.db import Database
from engine.services import get_user, update_user


def _row(html: str, user_id: int) -> str:
    start = html.index(f'id="user-{user_id}"')
    return html[start:html.index("</tr>", start)]


def test_search_by_name_username_or_nip_with_pages(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    html = web.client.get("/admin/users?q=kabid").get_data(as_text=True)
    assert 'role="search"' in html and 'name="q" type="search" value="kabid"' in html
    shown = set(re.findall(r'<tr id="user-(\d+)"', html))
    # The session's database may hold other people named kabid (the browser tests' demo office): ours are found,
    # every row found matches, and the count says how many.
    assert {str(staff["kabid"]), str(staff["kabid_lain"]), str(staff["uji_kabid"])} <= shown
    assert all("kabid" in _row(html, int(user_id)).lower() for user_id in shown)
    assert f"{len(shown)} pengguna cocok dengan “kabid”." in html
    nothing = web.client.get("/admin/users?q=tidak-ada-orang-ini").get_data(as_text=True)
    assert "Tidak ada pengguna yang cocok" in nothing and "<table" not in nothing
    kadis = get_user(db, staff["kadis"])
    update_user(db, staff["admin"], kadis.id, roles=list(kadis.roles), unit_code=kadis.unit_code,
                nip="196508171990031012")
    try:
        by_nip = web.client.get("/admin/users?q=19650817+199003").get_data(as_text=True)
        assert set(re.findall(r'<tr id="user-(\d+)"', by_nip)) == {str(staff["kadis"])}
        assert "NIP 19650817 199003 1 012" in _row(by_nip, staff["kadis"])  # printed in its groups
    finally:
        update_user(db, staff["admin"], kadis.id, roles=list(kadis.roles), unit_code=kadis.unit_code, nip="")
    # More people than a page: the page links keep the search.
    everyone = web.client.get("/admin/users").get_data(as_text=True)
    assert len(re.findall(r'<tr id="user-', everyone)) <= 25


def test_a_bad_nip_is_shown_at_its_field_and_nothing_changes(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    target = get_user(db, staff["uji_pelaksana"])
    answer = web.post(f"/admin/users/{target.id}/access",
                      {"roles": list(target.roles), "unit": target.unit_code, "nip": "1965081719900310",
                       "q": "uji_pel"}, token_from="/admin/users")
    assert answer.status_code == 422
    row = _row(answer.get_data(as_text=True), target.id)
    assert f'id="nip-{target.id}-error"' in row and "NIP terdiri atas 18 angka" in row
    assert 'value="1965081719900310"' in row and 'aria-invalid="true"' in row  # what was typed comes back
    assert get_user(db, target.id).nip is None
    answer = web.post(f"/admin/users/{target.id}/access",
                      {"roles": list(target.roles), "unit": target.unit_code, "nip": "19880315 201012 2 001",
                       "q": "uji_pel"}, token_from="/admin/users")
    try:
        assert answer.status_code == 303
        assert answer.headers["Location"].endswith(f"/admin/users?q=uji_pel#user-{target.id}")  # same search
        assert get_user(db, target.id).nip == "198803152010122001"
    finally:
        update_user(db, staff["admin"], target.id, roles=list(target.roles), unit_code=target.unit_code, nip="")


def test_deactivating_asks_first_without_script(web, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    target = staff["uji_pelaksana"]
    html = web.client.get("/admin/users?q=uji_pelaksana").get_data(as_text=True)
    assert "<script" not in html and "onclick" not in html
    row = _row(html, target)
    # The first step only opens a disclosure that says what happens; the button inside is the only way to post.
    disclosure = row[row.index('<details class="inline-details">'):]
    disclosure = disclosure[:disclosure.index("</details>")]
    assert "<summary>Nonaktifkan" in disclosure and "tidak dapat masuk lagi" in disclosure
    assert 'name="active" value="0"' in disclosure and "Ya, nonaktifkan uji_pelaksana" in disclosure
    assert row.count('name="active" value="0"') == 1
    answer = web.post(f"/admin/users/{target}/active", {"active": "0", "q": "uji_pelaksana"},
                      token_from="/admin/users")
    try:
        assert answer.status_code == 303 and answer.headers["Location"].endswith(f"?q=uji_pelaksana#user-{target}")
        assert not get_user(db, target).active
        after = _row(web.client.get("/admin/users?q=uji_pelaksana").get_data(as_text=True), target)
        assert 'name="active" value="1"' in after  # reactivating is one click: nothing is lost by it
    finally:
        web.post(f"/admin/users/{target}/active", {"active": "1"}, token_from="/admin/users")
    assert get_user(db, target).active
