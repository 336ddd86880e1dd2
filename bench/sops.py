"""The benchmark's own SOPs, written as SOP folders next to the real ones in processes/.

A 5-step and a 30-step linear SOP (no forms, so the raw SpiffWorkflow step and the HTTP completion do
the same work) and a sweep SOP in a unit of its own, whose open steps stay out of every measured inbox.
"""

from __future__ import annotations

import json
from pathlib import Path

from engine.authoring import build_bpmn, linear_process

OFFICE = {"code": "kantor-bench", "name": "Dinas Uji Beban"}
WORK_UNIT = {"code": "kantor-bench.bidang-a", "name": "Bidang Uji Beban", "kind": "division"}
SWEEP_UNIT = {"code": "kantor-bench.seksi-sapu", "name": "Seksi Uji Penjadwal", "kind": "section"}

LINEAR_5 = "bench_linear_5"
LINEAR_30 = "bench_linear_30"
SWEEP = "bench_sweep"


def write_sop(root: Path, key: str, name: str, steps: int, *, unit: dict[str, str], prefix: str,
              duration: str = "PT30M") -> Path:
    """One SOP folder whose steps all fall to Pelaksana, so one person can walk a whole case."""
    folder = root / key
    folder.mkdir(parents=True, exist_ok=True)
    sketch = linear_process(key, name, steps, lanes=("Pelaksana",), standard_duration=duration)
    (folder / "process.bpmn").write_text(build_bpmn(sketch), encoding="utf-8")
    sop = {
        "key": key, "nama": name, "nomor_sop": "", "office": OFFICE, "unit": unit,
        "dasar_hukum": [], "kualifikasi_pelaksana": [], "keterkaitan": [], "peralatan_perlengkapan": [],
        "peringatan": [], "pencatatan_pendataan": [], "jenis": "biasa", "recurrence": None,
        "case": {"reference_prefix": prefix}, "starter_roles": ["pelaksana"],
        "assumptions": ["Proses sintetis untuk uji beban (bench/)."],
    }
    (folder / "sop.json").write_text(json.dumps(sop, indent=2), encoding="utf-8")
    return folder


def write_bench_sops(root: Path) -> Path:
    write_sop(root, LINEAR_5, "Uji beban lima langkah", 5, unit=WORK_UNIT, prefix="UBL")
    write_sop(root, LINEAR_30, "Uji beban tiga puluh langkah", 30, unit=WORK_UNIT, prefix="UBP")
    write_sop(root, SWEEP, "Uji beban penjadwal", 3, unit=SWEEP_UNIT, prefix="UBS")
    return root
