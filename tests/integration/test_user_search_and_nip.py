"""The users page's engine: a person found by name, username or NIP one page at a time, and the NIP (Nomor Induk
Pegawai) checked before it is kept, then printed where that person signs (an SOP approval, the reports' block)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from versions_support import APPROVER, new_key, write_version

from engine.db import Database
from engine.errors import NotAuthorized, ValidationFailed
from engine.models import ProcessDefinition, User
from engine.reports.model import sop_identity
from engine.services import create_user, get_user, sync_processes, update_user
from engine.services.process_versions import approve_version
from engine.services.users import nip_problem, search_users

from support import PASSWORD, STAFF

KADIS_NIP = "196508171990031012"
UNIT_OF = {username: unit for username, (_roles, unit) in STAFF.items()}


def _set_nip(db: Database, admin: int, username: str, nip: str | None) -> None:
    user = next(u for u in search_users(db, admin, username, per_page=200).rows if u.username == username)
    update_user(db, admin, user.id, roles=list(user.roles), unit_code=user.unit_code, nip=nip or "")


@pytest.fixture
def kadis_nip(db: Database, staff: dict[str, int]) -> Iterator[str]:
    """The Kadis' NIP for one test: users are kept between tests, and a NIP is unique."""
    _set_nip(db, staff["admin"], "kadis", "19650817 199003 1 012")
    yield KADIS_NIP
    _set_nip(db, staff["admin"], "kadis", None)


@pytest.mark.parametrize(("nip", "problem"), [
    ("19650817199003101", "18 angka"),                 # 17 digits
    ("1965081719900310123", "18 angka"),               # 19 digits
    ("19650817199003101A", "18 angka"),                # a letter
    ("١٩٦٥٠٨١٧١٩٩٠٠٣١٠١٢", "18 angka"),                # Arabic-Indic digits are not ASCII digits
    ("196502301990031012", "bukan tanggal"),           # 30 February
    ("196508171990131012", "bukan bulan"),             # appointed in month 13
    ("196508171970031012", "terlalu dekat"),           # appointed at five years old
    ("196508171990033012", "jenis kelamin"),           # sex digit 3
])
def test_a_nip_that_cannot_be_one_is_named_for_what_is_wrong(nip: str, problem: str) -> None:
    assert problem in str(nip_problem(nip) or "")


@pytest.mark.parametrize("nip", [KADIS_NIP, "198803152010122001"])
def test_a_well_formed_nip_passes(nip: str) -> None:
    assert nip_problem(nip) is None


def test_a_new_person_with_a_bad_nip_is_refused_and_nothing_is_written(db: Database, staff: dict[str, int]) -> None:
    with pytest.raises(ValidationFailed) as refused:
        create_user(db, actor_id=staff["admin"], username="uji_nip_salah", full_name="Pegawai NIP", password=PASSWORD,
                    roles=["pelaksana"], unit_code=UNIT_OF["pelaksana"], nip="1965 0817")
    assert "18 angka" in refused.value.field_errors["nip"]
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(User).where(User.username == "uji_nip_salah")) == 0


def test_a_nip_is_kept_as_digits_is_unique_and_can_be_removed(
        db: Database, staff: dict[str, int], kadis_nip: str) -> None:
    admin = staff["admin"]
    assert get_user(db, staff["kadis"]).nip == kadis_nip  # typed with spaces, kept as 18 digits
    with pytest.raises(ValidationFailed) as taken:
        _set_nip(db, admin, "sekretaris", kadis_nip)
    assert "sudah tercatat" in taken.value.field_errors["nip"] and "kadis" in taken.value.field_errors["nip"]
    assert get_user(db, staff["sekretaris"]).nip is None
    # Leaving NIP out (None) changes nothing; an empty NIP removes it.
    kadis = get_user(db, staff["kadis"])
    update_user(db, admin, kadis.id, roles=list(kadis.roles), unit_code=kadis.unit_code)
    assert get_user(db, staff["kadis"]).nip == kadis_nip
    update_user(db, admin, kadis.id, roles=list(kadis.roles), unit_code=kadis.unit_code, nip="  ")
    assert get_user(db, staff["kadis"]).nip is None


def test_search_finds_by_name_username_and_nip_one_page_at_a_time(
        db: Database, staff: dict[str, int], kadis_nip: str) -> None:
    admin = staff["admin"]
    everyone = search_users(db, admin, per_page=200)  # other tests add people to the shared database
    assert everyone.total == len(everyone.rows) >= len(STAFF) and everyone.pages == 1
    assert [u.username for u in search_users(db, admin, "KADIS").rows][:1] == ["kadis"]  # any case
    assert [u.username for u in search_users(db, admin, "1990 031").rows] == ["kadis"]  # a NIP as printed
    assert get_user(db, staff["pelaksana_lain"]).full_name == "Pelaksana Lain"
    assert [u.username for u in search_users(db, admin, "ksana  la").rows] == ["pelaksana_lain"]  # the full name
    assert search_users(db, admin, "100%_").total == 0  # LIKE wildcards are plain characters

    first, second = search_users(db, admin, per_page=2), search_users(db, admin, page=2, per_page=2)
    assert (first.pages, len(first.rows), len(second.rows)) == (-(-everyone.total // 2), 2, 2)
    assert [u.username for u in first.rows + second.rows] == [u.username for u in everyone.rows[:4]]
    assert search_users(db, admin, page=999, per_page=2).page == first.pages  # past the end: the last page
    with pytest.raises(NotAuthorized):
        search_users(db, staff["kabid"], "kadis")


def test_the_signers_nip_is_taken_when_the_approval_leaves_it_empty_and_printed_in_reports(
        db: Database, staff: dict[str, int], kadis_nip: str, tmp_path: Path) -> None:
    key = new_key()
    write_version(tmp_path / "v1", key)
    sync_processes(db, tmp_path / "v1")
    write_version(tmp_path / "v2", key, duration="PT45M")
    sync_processes(db, tmp_path / "v2", as_draft=True)
    info = approve_version(db, staff["kadis"], key, 2, position=APPROVER["jabatan"], name="Dr. H. Kadis Uji",
                           nip="", approved_on=date(2026, 11, 23))
    assert info.approval.nip == kadis_nip  # type: ignore[union-attr]
    with db.transaction(write=False) as session:
        definition = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == key,
                                                                    ProcessDefinition.version == 2))
        approver = sop_identity(definition).approver  # what the reports' "Mengetahui," block prints
    assert approver is not None and (approver.nama, approver.nip) == ("Dr. H. Kadis Uji", kadis_nip)
