"""Helpers shared by the tests: small SOP folders built on the fly, users, and a case driver."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.authoring import (
    EndEvent,
    ExclusiveGateway,
    Flow,
    ProcessSketch,
    StartEvent,
    UserTask,
    build_bpmn,
    sop_properties,
)

ROOT = Path(__file__).resolve().parent.parent
PROCESSES_DIR = ROOT / "processes"
#: Monday 23 November 2026, 09:00 WITA: inside working hours.
MONDAY_9_WITA = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
PASSWORD = "kata-sandi-uji"
#: Kept from test to test (set up once per run); every other table is emptied after each test.
KEPT_TABLES = {"roles", "units", "users", "user_roles", "process_definitions", "process_steps", "alembic_version",
               "cache_versions"}

#: username → (roles, unit code). Lombok Barat's NIB unit and the NTB section, plus an outsider unit.
STAFF = {
    "pelaksana": (["pelaksana"], "dinkop-lobar.bidang-umkm"),
    "pelaksana2": (["pelaksana"], "dinkop-lobar.bidang-umkm"),
    "jafung": (["jafung"], "dinkop-lobar.bidang-umkm"),
    "kabid": (["kepala_bidang"], "dinkop-lobar.bidang-umkm"),
    "sekretaris": (["sekretaris"], "dinkop-lobar"),
    "kadis": (["kadis"], "dinkop-lobar"),
    "admin": (["admin"], "dinkop-lobar"),
    "pelaksana_lain": (["pelaksana"], "dinkop-lobar.bidang-lain"),
    "kabid_lain": (["kepala_bidang"], "dinkop-lobar.bidang-lain"),
    "uji_pelaksana": (["pelaksana"], "kantor-uji.bidang-a"),
    "uji_kabid": (["kepala_bidang"], "kantor-uji.bidang-a"),
}



TEST_OFFICE = {"code": "kantor-uji", "name": "Dinas Uji"}
TEST_UNIT = {"code": "kantor-uji.bidang-a", "name": "Bidang A", "kind": "division"}

DECISION_FORM = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Periksa berkas",
    "type": "object",
    "properties": {
        "nik": {"title": "NIK Pemohon", "type": "string", "format": "nik", "examples": ["5201014107900001"]},
        "lengkap": {"title": "Berkas lengkap?", "type": "boolean", "examples": [True]},
    },
    "required": ["nik", "lengkap"],
}

START_FORM = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Permohonan",
    "type": "object",
    "properties": {"nama_pemohon": {"title": "Nama pemohon", "type": "string", "minLength": 1,
                                    "examples": ["Baiq Nurul"]}},
    "required": ["nama_pemohon"],
}


def decision_sketch(key: str, duration: str = "PT30M") -> ProcessSketch:
    """Pelaksana checks (with a decision), Kepala Bidang approves, or the case ends rejected."""
    return ProcessSketch(
        id=key, name=f"Proses uji {key}", lanes=["Pelaksana", "Kepala Bidang"],
        nodes=[
            StartEvent("mulai", "Mulai", "Pelaksana"),
            UserTask("periksa", "Periksa berkas", "Pelaksana", "Memeriksa berkas pemohon.",
                     sop_properties(duration, "30 Menit", ["Fotokopi KTP"], "Berkas diperiksa", "forms/periksa.json")),
            ExclusiveGateway("cek_lengkap", "Berkas lengkap?", "Pelaksana"),
            UserTask("setujui", "Menyetujui", "Kepala Bidang", "",
                     sop_properties("PT1H", "1 Jam", [], "Persetujuan")),
            EndEvent("selesai", "Selesai", "Kepala Bidang"),
            EndEvent("ditolak", "Dikembalikan", "Pelaksana"),
        ],
        flows=[
            Flow("mulai", "periksa"),
            Flow("periksa", "cek_lengkap"),
            Flow("cek_lengkap", "setujui", "Ya", condition="lengkap == True"),
            Flow("cek_lengkap", "ditolak", "Tidak", default=True),
            Flow("setujui", "selesai"),
        ],
    )


def write_process(root: Path, sketch: ProcessSketch, *, sop: dict[str, Any] | None = None,
                  forms: dict[str, dict[str, Any]] | None = None, bpmn: str | None = None) -> Path:
    folder = root / sketch.id
    (folder / "forms").mkdir(parents=True, exist_ok=True)
    (folder / "process.bpmn").write_text(bpmn if bpmn is not None else build_bpmn(sketch), encoding="utf-8")
    document = {
        "key": sketch.id, "nama": sketch.name, "nomor_sop": "", "office": TEST_OFFICE, "unit": TEST_UNIT,
        "dasar_hukum": [], "kualifikasi_pelaksana": [], "keterkaitan": [], "peralatan_perlengkapan": [],
        "peringatan": [], "pencatatan_pendataan": [], "jenis": "biasa", "recurrence": None,
        "case": {"reference_prefix": "UJI", "subject_field": "nama_pemohon", "start_form": "forms/start.json"},
        "starter_roles": ["pelaksana"], "assumptions": [],
    }
    document.update(sop or {})
    (folder / "sop.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    all_forms = {"forms/periksa.json": DECISION_FORM, "forms/start.json": START_FORM, **(forms or {})}
    for path, schema in all_forms.items():
        (folder / path).write_text(json.dumps(schema, indent=2), encoding="utf-8")
    return folder


def side_by_side(database_url: str, clock: Any, work: Callable[[Any], None], *, schedulers: int = 2) -> None:
    """``work`` run by ``schedulers`` threads at once, each on a ``Database`` of its own, as scheduler processes
    run on one database; returns when all are done (or after a minute each)."""
    from engine.db import Database

    def scheduler() -> None:
        own = Database(database_url, clock=clock)
        try:
            work(own)
        finally:
            own.dispose()

    threads = [threading.Thread(target=scheduler) for _ in range(schedulers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
