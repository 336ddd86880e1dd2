"""The versions section of an SOP's page: statuses, the Kadis' "Sahkan" form (CSRF, confirmation, the record
checked before anything is written), discarding a draft, and an SOP with only a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from versions_support import APPROVER, new_key, statuses, write_version

from engine.db import Database
from engine.services import sync_processes
from engine.timekeeping.clock import FixedClock

FORM = {"position": APPROVER["jabatan"], "name": APPROVER["nama"], "nip": APPROVER["nip"],
        "approved_on": "2026-11-23", "confirm": "1"}


@pytest.fixture
def draft(db: Database, tmp_path: Path) -> str:
    """v1 in force, v2 a draft effective on Wednesday 25 November 2026."""
    key = new_key("uji_versi_web")
    write_version(tmp_path / "v1", key)
    sync_processes(db, tmp_path / "v1")
    write_version(tmp_path / "v2", key, duration="PT45M", tanggal_efektif="2026-11-25")
    sync_processes(db, tmp_path / "v2", as_draft=True)
    return key


def _section(html: str) -> str:
    return html[html.index('id="versi"'):]


def test_the_process_page_lists_versions_and_offers_the_kadis_the_form(web, draft: str) -> None:  # type: ignore[no-untyped-def]
    web.login("kadis")
    html = _section(web.client.get(f"/processes/{draft}").get_data(as_text=True))
    assert "Draf" in html and "Berlaku" in html and "25 November 2026" in html
    assert f'action="/processes/{draft}/versions/2/approve"' in html
    assert f'value="{APPROVER["jabatan"]}"' in html  # prefilled from the SOP's "Disahkan oleh"
    assert 'name="approved_on" type="date" value="2026-11-23"' in html  # today, at the office
    assert 'name="csrf_token"' in html
    # The Kadis reads the draft's own SOP AP document before approving it.
    assert f'href="/processes/{draft}/sop?version=2"' in html
    document = web.client.get(f"/processes/{draft}/sop?version=2")
    assert document.status_code == 200 and "versi 2" in document.get_data(as_text=True).lower()


@pytest.mark.parametrize("user", ["kabid", "admin", "pelaksana"])
def test_only_the_kadis_gets_the_form_and_may_post_it(web, db: Database, draft: str, user: str) -> None:  # type: ignore[no-untyped-def]
    web.login(user)
    html = _section(web.client.get(f"/processes/{draft}").get_data(as_text=True))
    assert "/approve" not in html
    answer = web.post(f"/processes/{draft}/versions/2/approve", FORM, token_from=f"/processes/{draft}")
    assert answer.status_code == 403
    assert statuses(db, draft) == {1: "effective", 2: "draft"}


def test_the_kadis_approves_and_the_version_waits_for_its_day(  # type: ignore[no-untyped-def]
        web, db: Database, draft: str, clock: FixedClock) -> None:
    web.login("kadis")
    answer = web.post(f"/processes/{draft}/versions/2/approve", FORM, token_from=f"/processes/{draft}")
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/processes/{draft}/versions")
    html = web.client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Versi 2 disahkan; berlaku mulai 25 November 2026." in html
    assert "Disahkan, menunggu tanggal efektif" in html and APPROVER["nama"] in html
    assert statuses(db, draft) == {1: "effective", 2: "approved"}


@pytest.mark.parametrize(("change", "message"), [
    ({"nip": "123"}, "NIP terdiri atas 18 angka"),
    ({"approved_on": "2026-12-31"}, "tidak boleh setelah hari ini"),
    ({"approved_on": "kemarin"}, "Isi tanggal pengesahan"),
    ({"confirm": ""}, "Centang pernyataan pengesahan"),
])
def test_a_wrong_form_is_sent_back_with_its_message_and_nothing_changes(  # type: ignore[no-untyped-def]
        web, db: Database, draft: str, change: dict[str, str], message: str) -> None:
    web.login("kadis")
    answer = web.post(f"/processes/{draft}/versions/2/approve", {**FORM, **change}, token_from=f"/processes/{draft}")
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    assert statuses(db, draft) == {1: "effective", 2: "draft"}


def test_without_the_csrf_token_nothing_is_approved(web, db: Database, draft: str) -> None:  # type: ignore[no-untyped-def]
    web.login("kadis")
    answer = web.client.post(f"/processes/{draft}/versions/2/approve", data=FORM)
    assert answer.status_code == 400
    assert statuses(db, draft) == {1: "effective", 2: "draft"}


def test_approving_twice_is_a_conflict(web, db: Database, draft: str) -> None:  # type: ignore[no-untyped-def]
    web.login("kadis")
    web.post(f"/processes/{draft}/versions/2/approve", FORM, token_from=f"/processes/{draft}")
    again = web.post(f"/processes/{draft}/versions/2/approve", FORM, token_from=f"/processes/{draft}/versions")
    assert again.status_code == 409
    assert "tidak dapat disahkan" in again.get_data(as_text=True)


def test_an_administrator_discards_a_draft(web, db: Database, draft: str) -> None:  # type: ignore[no-untyped-def]
    web.login("admin")
    refused = web.post(f"/processes/{draft}/versions/2/discard", {}, token_from=f"/processes/{draft}")
    assert refused.status_code == 422 and statuses(db, draft)[2] == "draft"
    done = web.post(f"/processes/{draft}/versions/2/discard", {"confirm": "1"}, token_from=f"/processes/{draft}")
    assert done.status_code == 303 and statuses(db, draft) == {1: "effective", 2: "discarded"}


def test_an_sop_with_only_a_draft_has_its_versions_page(web, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = new_key("uji_versi_web")
    write_version(tmp_path, key)
    sync_processes(db, tmp_path, as_draft=True)
    web.login("kadis")
    answer = web.client.get(f"/processes/{key}")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/processes/{key}/versions")
    html = web.client.get(f"/processes/{key}/versions").get_data(as_text=True)
    assert "Belum berlaku" in html and f'action="/processes/{key}/versions/1/approve"' in html
    assert key not in web.client.get("/processes").get_data(as_text=True)  # not in the catalogue yet
    done = web.post(f"/processes/{key}/versions/1/approve", FORM, token_from=f"/processes/{key}/versions")
    assert done.status_code == 303 and statuses(db, key) == {1: "effective"}
    assert web.client.get(f"/processes/{key}").status_code == 200


def test_the_draft_explained_in_sentences_apart(web, draft: str) -> None:  # type: ignore[no-untyped-def]
    """"…yang berlaku sekarang.Tanggal efektif…": the template's line break was trimmed with the space."""
    web.login("kadis")
    html = _section(web.client.get(f"/processes/{draft}").get_data(as_text=True))
    assert "berlaku sekarang. Tanggal efektif menurut SOP" in html
