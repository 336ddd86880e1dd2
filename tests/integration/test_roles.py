"""Roles as data: `alur role create/list/update` and the services behind them and the admin page.

Every refusal names its field, says what to do, and writes nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from roles_support import _roles, roles_restored  # noqa: F401  (fixture)
from sqlalchemy import select

from engine.db import Database
from engine.errors import NotAuthorized, NotFound, ValidationFailed
from engine.models import Event
from engine.services.roles import create_role, list_roles, update_role


@pytest.fixture
def runner(prepared_database: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("DATABASE_URL", prepared_database)
    return CliRunner()


def _events(db: Database, kind: str) -> list[dict[str, Any]]:
    with db.transaction(write=False) as session:
        return [e.payload for e in session.scalars(select(Event).where(Event.kind == kind).order_by(Event.id))]


def test_pemohon_is_there_from_the_start_recorded_by_the_pelaksana(db: Database) -> None:
    pemohon = next(r for r in list_roles(db, None) if r.code == "pemohon")
    assert (pemohon.name, pemohon.is_external, pemohon.recorded_by_code, pemohon.recorded_by_name,
            pemohon.is_supervisor, pemohon.user_count) == ("Pemohon", True, "pelaksana", "Pelaksana", False, 0)


def test_cli_creates_lists_and_updates_roles(db: Database, runner: CliRunner, roles_restored) -> None:  # noqa: F811
    from engine.cli.main import cli

    made = runner.invoke(cli, ["role", "create", "kepala_upt", "--name", "Kepala UPT", "--supervises",
                               "--escalation-rank", "2"])
    assert made.exit_code == 0, made.output
    assert "kepala_upt  Kepala UPT  [atasan, eskalasi ke-2]" in made.output
    oss = runner.invoke(cli, ["role", "create", "sistem_oss", "--name", "Sistem OSS", "--external",
                              "--recorded-by", "Pelaksana"])  # by name as well as by code
    assert oss.exit_code == 0, oss.output

    listed = runner.invoke(cli, ["role", "list"])
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert "sistem_oss  Sistem OSS  [pihak luar, dicatat oleh Pelaksana]  0 pengguna" in lines
    assert "pemohon  Pemohon  [pihak luar, dicatat oleh Pelaksana]  0 pengguna" in lines
    assert any(line.startswith("pelaksana  Pelaksana  [pegawai]") for line in lines)
    assert lines.index("kepala_upt  Kepala UPT  [atasan, eskalasi ke-2]  0 pengguna") < \
        lines.index("sistem_oss  Sistem OSS  [pihak luar, dicatat oleh Pelaksana]  0 pengguna")

    changed = runner.invoke(cli, ["role", "update", "sistem_oss", "--recorded-by", "jafung"])
    assert changed.exit_code == 0, changed.output
    assert "[pihak luar, dicatat oleh Jafung]" in changed.output
    demoted = runner.invoke(cli, ["role", "update", "kepala_upt", "--no-supervises"])
    assert demoted.exit_code == 0 and "kepala_upt  Kepala UPT  [pegawai]" in demoted.output

    created = _events(db, "role_created")
    assert [p["role"] for p in created] == ["kepala_upt", "sistem_oss"]
    assert created[1]["recorded_by"] == "pelaksana" and created[1]["external"] is True
    assert _events(db, "role_updated") == [
        {"role": "sistem_oss", "changes": {"recorded_by": "jafung"}},
        {"role": "kepala_upt", "changes": {"supervises": False, "escalation_rank": None}},
    ]


@pytest.mark.parametrize(
    ("arguments", "field", "words"),
    [
        (["pelaksana", "--name", "Pelaksana Baru"], "code", "Kode peran 'pelaksana' sudah dipakai oleh Pelaksana"),
        (["Kepala UPT", "--name", "Kepala UPT"], "code", "huruf kecil, angka dan garis bawah"),
        (["pelaksana_lapangan", "--name", "Kepala Bidang"], "name", "Nama 'Kepala Bidang' sudah dipakai peran"),
        (["kabid", "--name", "Kabid baru"], "code", None),  # not a clash: no role is named or coded 'kabid'
        (["pelaksana_lapangan", "--name", "jafung"], "name", "sudah dipakai peran Jafung (jafung)"),
        (["pelaksana_lapangan", "--name", "   "], "name", "Nama peran wajib diisi"),
        (["pihak_bank", "--name", "Bank", "--external"], "recorded_by", "wajib punya peran yang mencatat"),
        (["pihak_bank", "--name", "Bank", "--external", "--recorded-by", "teller"], "recorded_by",
         "Peran pencatat 'teller' tidak dikenal"),
        (["pihak_bank", "--name", "Bank", "--external", "--recorded-by", "pemohon"], "recorded_by",
         "Pemohon juga pihak luar"),
        (["pihak_bank", "--name", "Bank", "--external", "--recorded-by", "pelaksana", "--supervises"], "external",
         "tidak dapat mengawasi"),
        (["pihak_bank", "--name", "Bank", "--recorded-by", "pelaksana"], "recorded_by", "Hanya pihak luar"),
        (["kepala_upt", "--name", "Kepala UPT", "--escalation-rank", "2"], "escalation_rank",
         "hanya untuk peran atasan"),
        (["kepala_upt", "--name", "Kepala UPT", "--supervises", "--escalation-rank", "100"], "escalation_rank",
         "1–99"),
    ],
)
def test_cli_refuses_a_bad_role_and_writes_nothing(db: Database, runner: CliRunner, roles_restored,  # noqa: F811
                                                   arguments: list[str], field: str, words: str | None) -> None:
    from engine.cli.main import cli

    before = _roles(db)
    answer = runner.invoke(cli, ["role", "create", *arguments])
    if words is None:
        assert answer.exit_code == 0, answer.output
        return
    assert answer.exit_code == 1
    assert "Gagal: Data peran tidak valid." in answer.output
    assert f"  {field}: " in answer.output and words in answer.output
    assert _roles(db) == before and _events(db, "role_created") == []


def test_every_problem_is_reported_at_once(db: Database, roles_restored) -> None:  # noqa: F811
    with pytest.raises(ValidationFailed) as failed:
        create_role(db, None, code="1x", name="", external=True, recorded_by="pemohon")
    assert set(failed.value.field_errors) == {"code", "name", "recorded_by"}


def test_a_role_people_hold_or_that_records_another_cannot_become_external(
    db: Database, staff: dict[str, int], roles_restored  # noqa: F811
) -> None:
    before = _roles(db)
    with pytest.raises(ValidationFailed) as held:
        update_role(db, None, "jafung", external=True, recorded_by="pelaksana")
    assert "pengguna memegang peran ini" in held.value.field_errors["external"]
    create_role(db, None, code="juru_catat", name="Juru Catat")
    create_role(db, None, code="pihak_bank", name="Bank", external=True, recorded_by="juru_catat")
    with pytest.raises(ValidationFailed) as recorder:
        update_role(db, None, "juru_catat", external=True, recorded_by="pelaksana")
    assert "mencatat langkah pihak luar lain" in recorder.value.field_errors["external"]
    with pytest.raises(ValidationFailed) as itself:
        update_role(db, None, "pihak_bank", recorded_by="pihak_bank")
    assert "pihak_bank" in _roles(db) and "juru_catat" in _roles(db)
    assert "tidak dapat mencatat langkahnya sendiri" in itself.value.field_errors["recorded_by"]
    # Made internal again, it is recorded by nobody.
    back = update_role(db, None, "pihak_bank", external=False, recorded_by="")
    assert (back.is_external, back.recorded_by_code) == (False, None)
    assert {k: v for k, v in _roles(db).items() if k in before} == before


def test_only_administrators_may_read_or_change_roles(db: Database, staff: dict[str, int],
                                                      roles_restored) -> None:  # noqa: F811
    before = _roles(db)
    for user in ("kadis", "pelaksana"):
        with pytest.raises(NotAuthorized):
            list_roles(db, staff[user])
        with pytest.raises(NotAuthorized):
            create_role(db, staff[user], code="kepala_upt", name="Kepala UPT")
        with pytest.raises(NotAuthorized):
            update_role(db, staff[user], "pelaksana", name="Staf")
    assert _roles(db) == before
    assert any(r.code == "pemohon" for r in list_roles(db, staff["admin"]))
    made = create_role(db, staff["admin"], code="kepala_upt", name="  Kepala   UPT ")
    assert made.name == "Kepala UPT"
    with db.transaction(write=False) as session:
        event = session.scalars(select(Event).where(Event.kind == "role_created")).one()
        assert event.actor_id == staff["admin"] and event.case_id is None


def test_an_unknown_role_cannot_be_updated(db: Database) -> None:
    with pytest.raises(NotFound, match="Peran 'bupati' tidak ditemukan"):
        update_role(db, None, "bupati", name="Bupati")


def test_an_external_party_is_given_to_nobody(db: Database, staff: dict[str, int]) -> None:
    from engine.services import create_user, update_user
    from engine.services.people import admin_choices

    with pytest.raises(ValidationFailed) as created:
        create_user(db, username="pemohon_palsu", full_name="Pemohon Palsu", password="kata-sandi-panjang",
                    roles=["pelaksana", "Pemohon"], unit_code="kantor-uji.bidang-a")
    assert created.value.field_errors["roles"].startswith("Pemohon adalah pihak luar: tidak dipegang pegawai")
    with pytest.raises(ValidationFailed) as updated:
        update_user(db, staff["admin"], staff["uji_pelaksana"], roles=["pemohon"], unit_code="kantor-uji.bidang-a")
    assert "Pemohon adalah pihak luar" in updated.value.field_errors["roles"]
    choices = {r.code for r in admin_choices(db, staff["admin"]).roles}
    assert "pelaksana" in choices and "pemohon" not in choices
