"""Registers are what the SOPs declare in sop.json: a new SOP's register appears and lists the fields it names;
a malformed declaration is refused at sync, naming the register and the problem."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from engine.db import Database
from engine.definitions.loader import ProcessLoadFailed
from engine.reports.model import Choice
from engine.reports.register_declaration import RegisterDeclarationError, parse_registers
from engine.services import start_case, sync_processes
from engine.services.reports import register, register_list

from support import decision_sketch, write_process

KEY = "uji_register"
OTHER_DIVISION = {
    "office": {"code": "dinkop-lobar", "name": "Dinas Koperasi dan UKM Kabupaten Lombok Barat"},
    "unit": {"code": "dinkop-lobar.bidang-lain", "name": "Bidang Koperasi", "kind": "division"},
}
FILES = {
    "key": "uji-berkas",
    "title": "Daftar Berkas Uji",
    "basis": "Menurut tanggal kasus dimulai.",
    "state_words": {"open": "Sedang diperiksa"},
    "tables": [{"title": "Berkas", "columns": [
        {"label": "No", "field": "#", "type": "int"},
        {"label": "Pemohon", "field": "start.nama_pemohon"},
        {"label": "NIK", "field": "periksa.nik", "blank": "belum diperiksa"},
        {"label": "Pemeriksaan", "field": "periksa.@state"},
        {"label": "Status", "field": "case.state"},
        {"label": "Nomor kasus", "field": "case.reference"},
    ]}],
    "summary": [{"label": "Jumlah berkas", "figure": "rows", "table": "Berkas"},
                {"label": "Sudah diperiksa", "figure": "filled", "table": "Berkas", "column": "NIK"}],
}


def test_a_register_lists_what_its_sop_declares(db: Database, tmp_path: Path, staff: dict[str, int]) -> None:
    write_process(tmp_path, decision_sketch(KEY), sop={**OTHER_DIVISION, "registers": [FILES]})
    sync_processes(db, tmp_path)
    reference = start_case(db, staff["pelaksana_lain"], KEY, {"nama_pemohon": "Koperasi Maju"}).reference
    assert Choice("uji-berkas", "Daftar Berkas Uji") in register_list(db, staff["kadis"])
    result = register(db, staff["kadis"], "uji-berkas")
    assert (result.title, result.basis) == ("Daftar Berkas Uji", "Menurut tanggal kasus dimulai.")
    assert [c.title for c in result.tables[0].columns] == ["No", "Pemohon", "NIK", "Pemeriksaan", "Status",
                                                           "Nomor kasus"]
    assert list(result.tables[0].rows) == [(1, "Koperasi Maju", "belum diperiksa", "Sedang diperiksa",
                                            "Berjalan: Periksa berkas", reference)]
    assert result.summary == (("Jumlah berkas", "1"), ("Sudah diperiksa", "0"))
    assert ("uji-berkas", "Daftar Berkas Uji") in {(c.value, c.label) for c in result.registers}


def _with(**changes: Any) -> list[dict[str, Any]]:
    return [{**FILES, **changes}]


def _table(**changes: Any) -> list[dict[str, Any]]:
    return _with(tables=[{**FILES["tables"][0], **changes}])


BAD = [
    ({"key": "uji-berkas"}, "'registers' harus berupa daftar"),
    (_with(key="Berkas Uji"), "key wajib diisi"),
    (_with(title=""), "register 'uji-berkas': 'title' wajib"),
    (_with(rows="langkah"), "'rows' harus 'cases' atau 'sops'"),
    (_with(dated_by="tanggal"), "'dated_by' harus"),
    (_with(tables=[]), "'tables' wajib berisi minimal satu tabel"),
    (_with(state_words={"selesai": "Beres"}), "'state_words' hanya boleh memuat"),
    (_table(columns=[{"label": "NIK", "field": "periksa"}]), "jalur isian 'periksa' tidak dikenal"),
    (_table(columns=[{"label": "NIK", "field": "step.nik"}]), "jalur isian 'step.nik' tidak dikenal"),
    (_table(columns=[{"label": "NIK", "field": "sop.nama"}]), "jalur isian 'sop.nama' tidak dikenal"),
    (_table(columns=[{"label": "NIK", "field": "periksa.nik", "type": "uang"}]), "jenis kolom 'uang'"),
    (_table(columns=[{"label": "A", "field": "#"}, {"label": "A", "field": "case.reference"}]),
     "label kolom harus berbeda-beda"),
    (_with(summary=[{"label": "Jumlah", "figure": "rows", "table": "Tidak ada"}]), "tabel yang tidak ada"),
    (_with(summary=[{"label": "Jumlah", "figure": "sum", "table": "Berkas", "column": "Biaya"}]),
     "kolom yang tidak ada"),
    ([FILES, FILES], "setiap register hanya boleh disebut sekali"),
]


@pytest.mark.parametrize(("registers", "problem"), BAD)
def test_a_malformed_register_is_refused_at_sync(db: Database, tmp_path: Path, registers: Any,
                                                 problem: str) -> None:
    write_process(tmp_path, decision_sketch(KEY), sop={**OTHER_DIVISION, "registers": registers})
    with pytest.raises(ProcessLoadFailed) as failed:
        sync_processes(db, tmp_path)
    messages = [p.message for p in failed.value.problems]
    assert any("sop.json" in m and problem in m for m in messages), messages
    with pytest.raises(RegisterDeclarationError, match=re.escape(problem)):
        parse_registers(registers)


def test_the_shipped_sops_declare_the_four_registers() -> None:
    root = Path(__file__).resolve().parents[2] / "processes"
    feeds: dict[str, list[str]] = {}
    for sop_file in sorted(root.glob("*/sop.json")):
        for spec in parse_registers(json.loads(sop_file.read_text(encoding="utf-8")).get("registers")):
            feeds.setdefault(spec.key, []).append(sop_file.parent.name)
    assert feeds["nib"] == ["pelayanan_nib_oss"]
    assert feeds["pelatihan"] == ["pelatihan_pelaku_umk"]
    assert feeds["fasilitasi"] == ["perencanaan_fasilitasi_usaha_mikro"]
    assert len(feeds["katalog-ntb"]) == 12 and all(k.startswith("ntb_penyuluhan_umkm_") for k in feeds["katalog-ntb"])
