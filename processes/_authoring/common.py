"""Writing SOP folders from compact Python descriptions (the authoring aid, not what Alur loads).

Alur loads the generated files (``process.bpmn``, ``sop.json``, ``forms/*.json``); offices may edit those
directly in a BPMN modeler. These scripts only make the first version consistent and reviewable.
Run: ``.venv/bin/python processes/_authoring/lombok_barat.py`` (or ``ntb_penyuluhan.py``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.authoring import ProcessSketch, build_bpmn  # noqa: E402

PROCESSES = ROOT / "processes"
SCHEMA = "https://json-schema.org/draft/2020-12/schema"

LOMBOK_BARAT_OFFICE = {"code": "dinkop-lobar", "name": "Dinas Koperasi dan UKM Kabupaten Lombok Barat"}
LOMBOK_BARAT_HEADER = {
    "pemerintah": "Pemerintah Kabupaten Lombok Barat",
    "instansi": "Dinas Koperasi dan UKM",
    "alamat": "Jl. Soekarno Hatta Giri Menang Gerung Telp. (0370) 681268",
}
NTB_OFFICE = {"code": "dinkop-ntb", "name": "Dinas Koperasi UMKM Provinsi Nusa Tenggara Barat"}
NTB_HEADER = {
    "pemerintah": "Pemerintah Provinsi Nusa Tenggara Barat",
    "instansi": "Dinas Koperasi UMKM",
    "alamat": "",
}


def form(title: str, properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """A step form: JSON Schema 2020-12 object (see processes/README.md)."""
    schema: dict[str, Any] = {"$schema": SCHEMA, "title": title, "type": "object", "properties": properties}
    schema["required"] = list(properties) if required is None else required
    # "<checklist>_lengkap = Ya" means every item of <checklist> is ticked (processes/README.md, form rules).
    rules = [{"field": name, "equals": True, "checklist": name.removesuffix("_lengkap")}
             for name, field in properties.items()
             if name.endswith("_lengkap") and field.get("type") == "boolean"
             and properties.get(name.removesuffix("_lengkap"), {}).get("x-alur-checklist") is True]
    if rules:
        schema["x-alur-complete-when"] = rules[0] if len(rules) == 1 else rules
    return schema


def checklist(items: dict[str, str], title: str = "Kelengkapan/Persyaratan") -> dict[str, Any]:
    """The step's requirements as a checklist field; ``items`` maps a value to its Indonesian title."""
    return {
        "title": title, "type": "array", "x-alur-checklist": True, "uniqueItems": True,
        "items": {"oneOf": [{"const": value, "title": label} for value, label in items.items()]},
        "examples": [list(items)],
    }


def write_sop(sketch: ProcessSketch, sop: dict[str, Any], forms: dict[str, dict[str, Any]]) -> Path:
    """Write one SOP folder: process.bpmn, sop.json and forms/*.json (stale forms are removed)."""
    folder = PROCESSES / sketch.id
    (folder / "forms").mkdir(parents=True, exist_ok=True)
    for old in (folder / "forms").glob("*.json"):
        if f"forms/{old.name}" not in forms:
            old.unlink()
    (folder / "process.bpmn").write_text(build_bpmn(sketch), encoding="utf-8")
    (folder / "sop.json").write_text(json.dumps({"key": sketch.id, **sop}, ensure_ascii=False, indent=2) + "\n",
                                     encoding="utf-8")
    for path, schema in forms.items():
        (folder / path).write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return folder
