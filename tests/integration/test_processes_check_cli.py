"""`alur processes check [PATH]`: the fifteen SOPs pass; a broken copy of one fails naming the branch or the
path that cannot work, and sync refuses the same copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from engine.authoring import ExclusiveGateway, Flow, ParallelGateway, ProcessSketch, build_bpmn
from engine.cli.main import cli
from engine.db import Database
from engine.definitions.loader import ProcessLoadFailed, discover
from engine.services import sync_processes

from support import PROCESSES_DIR, decision_sketch, write_process


@pytest.fixture
def check(prepared_database: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", prepared_database)

    def run(*args: str) -> Result:
        return CliRunner().invoke(cli, ["processes", "check", *args])

    return run


def _broken_copy(tmp_path: Path, key: str, old: str, new: str) -> Path:
    folder = tmp_path / key
    shutil.copytree(PROCESSES_DIR / key, folder)
    bpmn = (folder / "process.bpmn").read_text(encoding="utf-8")
    assert old in bpmn
    (folder / "process.bpmn").write_text(bpmn.replace(old, new), encoding="utf-8")
    return folder


def test_the_fifteen_sops_pass(check) -> None:  # type: ignore[no-untyped-def]
    result = check(str(PROCESSES_DIR))
    assert result.exit_code == 0, result.output
    keys = [folder.name for folder in discover(PROCESSES_DIR)]
    assert len(keys) == 15
    for key in keys:
        assert f"{key}: " in result.output and " jalur diuji" in result.output
    assert "Semua 15 proses lolos pemeriksaan." in result.output
    assert "pelayanan_nib_oss: 2 jalur diuji, 2 selesai" in result.output
    assert "akhir: NIB terbit; Permohonan dikembalikan kepada pemohon" in result.output


def test_a_branch_no_value_can_take_is_named(check, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _broken_copy(tmp_path, "pelayanan_nib_oss", ">persyaratan_lengkap == True<",
                          ">persyaratan_lengkap == True and persyaratan_lengkap == False<")
    result = check(str(folder))
    assert result.exit_code == 1
    assert "elemen flow_cek_persyaratan_aktivasi_akun_oss" in result.output
    assert "cabang 'Ya' dari gerbang 'Persyaratan lengkap?'" in result.output
    assert "tidak pernah diambil" in result.output


def test_a_loop_that_is_never_left_is_named(check, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _broken_copy(tmp_path, "ntb_penyuluhan_umkm_01_rencana_program", ">rencana_disetujui == True<",
                          ">rencana_disetujui == True and not rencana_disetujui<")
    result = check(str(folder))
    assert result.exit_code == 1
    assert "elemen flow_rencana_disetujui_gw_ada_kasus_gw" in result.output
    assert "tidak pernah diambil" in result.output
    assert "perulangan tidak pernah berakhir" in result.output


def test_a_path_that_ends_stuck_is_named(check, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An exclusive choice feeding a parallel join: the join waits for the branch that was not chosen."""
    base = decision_sketch("uji_macet")
    nodes = [n for n in base.nodes if n.id != "ditolak"] + [ParallelGateway("gabung", "", "Kepala Bidang")]
    flows = [Flow("mulai", "periksa"), Flow("periksa", "cek_lengkap"),
             Flow("cek_lengkap", "setujui", "Ya", condition="lengkap == True"),
             Flow("cek_lengkap", "gabung", "Tidak", default=True),
             Flow("setujui", "gabung"), Flow("gabung", "selesai")]
    sketch = ProcessSketch(id=base.id, name=base.name, lanes=base.lanes, nodes=nodes, flows=flows)
    assert any(isinstance(n, ExclusiveGateway) for n in sketch.nodes)
    folder = write_process(tmp_path, sketch, bpmn=build_bpmn(sketch))
    result = check(str(folder))
    assert result.exit_code == 1
    assert "elemen gabung: jalur macet di sini" in result.output
    assert "menunggu cabang yang tidak pernah datang" in result.output


def test_sync_refuses_what_the_check_refuses(db: Database, tmp_path: Path) -> None:
    _broken_copy(tmp_path, "pelayanan_nib_oss", ">persyaratan_lengkap == True<",
                 ">persyaratan_lengkap == True and persyaratan_lengkap == False<")
    with pytest.raises(ProcessLoadFailed) as failed:
        sync_processes(db, tmp_path)
    assert any("flow_cek_persyaratan_aktivasi_akun_oss" in p.message and "tidak pernah diambil" in p.message
               for p in failed.value.problems)


def test_the_check_works_without_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "belum_ada.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{missing}")
    result = CliRunner().invoke(cli, ["processes", "check", str(PROCESSES_DIR / "pelayanan_nib_oss")])
    assert result.exit_code == 0, result.output
    assert "lane dan peran pemula tidak diperiksa" in result.output
    assert not missing.exists()  # a check creates nothing
