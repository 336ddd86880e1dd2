"""`alur sop export` then `alur sop import` of every SOP gives the same process: the same steps in order, roles,
standard times, requirements and outputs, the same decisions with the same branch targets, the same identity.
And a revision (import over the SOP's own folder) keeps what the table does not carry: registers, the start
form, refined step forms."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from engine.db import Database
from engine.definitions.loader import discover
from engine.services import get_process
from engine.services.definitions import check_processes, latest_definition
from engine.sop_table.service import export_workbook, import_workbook

from support import PROCESSES_DIR

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SOP_KEYS = [folder.name for folder in discover(PROCESSES_DIR)]
IDENTITY_KEYS = ("nama", "nomor_sop", "office", "dasar_hukum", "kualifikasi_pelaksana", "keterkaitan",
                 "peralatan_perlengkapan", "peringatan", "pencatatan_pendataan", "tanggal_pembuatan",
                 "tanggal_revisi", "tanggal_efektif", "disahkan_oleh", "jenis", "recurrence", "starter_roles", "header")


def decisions(bpmn_xml: str) -> dict[str, tuple[str, dict[str, object]]]:
    """Each deciding gateway: its name, and where its Ya (conditioned) and Tidak (default) flows lead, looked
    through merging gateways and parallel joins to the next step, decision, fork or end."""
    root = etree.fromstring(bpmn_xml.encode())
    process = root.find(f"{{{BPMN}}}process")
    kinds = {e.get("id"): (etree.QName(e).localname, e.get("name", "")) for e in process if e.get("id")}
    outgoing: dict[str, list[tuple[str, bool, bool]]] = {}
    defaults = {e.get("default") for e in process if e.get("default")}
    for flow in process.iter(f"{{{BPMN}}}sequenceFlow"):
        conditioned = flow.find(f"{{{BPMN}}}conditionExpression") is not None
        outgoing.setdefault(flow.get("sourceRef"), []).append(
            (flow.get("targetRef"), conditioned, flow.get("id") in defaults))

    def reach(target: str) -> object:
        while True:
            kind, name = kinds[target]
            outs = outgoing.get(target, [])
            if kind == "endEvent":
                return ("end", name if name.lower() != "selesai" else "")
            if kind == "userTask" or len(outs) > 1:
                return (kind, target) if kind != "parallelGateway" else ("fork", sorted(t for t, _, _ in outs))
            target = outs[0][0]

    result = {}
    for node, (kind, name) in kinds.items():
        outs = outgoing.get(node, [])
        if kind == "exclusiveGateway" and len(outs) > 1:
            result[node] = (name, {("Ya" if conditioned else "Tidak"): reach(target)
                                   for target, conditioned, _ in outs})
    return result


def _steps(steps) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(s.element_id, s.name, s.role_code, s.standard_duration, s.time_basis, s.standard_time_text,
             tuple(s.requirements), s.output or "") for s in steps]


@pytest.mark.parametrize("key", SOP_KEYS)
def test_export_then_import_gives_the_same_process(db: Database, key: str, tmp_path: Path) -> None:
    workbook = tmp_path / f"{key}.xlsx"
    export_workbook(db, key, workbook)
    result = import_workbook(db, workbook, tmp_path / "out")
    assert result.folder == tmp_path / "out" / key and result.published is None
    [bundle] = check_processes(db, result.folder)  # everything sync checks, the dry run of every branch included
    original = get_process(db, key)
    with db.transaction(write=False) as session:
        original_xml = latest_definition(session, key).bpmn_xml
    assert _steps(bundle.steps) == _steps(original.steps)
    assert decisions(bundle.bpmn_xml) == decisions(original_xml)
    assert {k: bundle.sop.get(k) for k in IDENTITY_KEYS} == {k: original.sop.get(k) for k in IDENTITY_KEYS}
    assert bundle.sop["unit"]["code"] == original.sop["unit"]["code"]
    assert bundle.sop["case"]["reference_prefix"] == original.sop["case"]["reference_prefix"]
    assert bundle.dry_run is not None and set(bundle.dry_run.steps_reached) == {s.element_id for s in bundle.steps}


def test_a_revision_keeps_registers_start_form_and_refined_forms(db: Database, tmp_path: Path) -> None:
    key = "pelayanan_nib_oss"
    root = tmp_path / "processes"
    with db.transaction(write=False) as session:
        definition = latest_definition(session, key)
        sop, forms, bpmn_xml = dict(definition.sop), dict(definition.forms), definition.bpmn_xml
    folder = root / key
    (folder / "forms").mkdir(parents=True)
    (folder / "process.bpmn").write_text(bpmn_xml, encoding="utf-8")
    (folder / "sop.json").write_text(json.dumps(sop), encoding="utf-8")
    for path, schema in forms.items():
        (folder / path).write_text(json.dumps(schema), encoding="utf-8")
    (folder / "forms" / "langkah_lama.json").write_text("{}", encoding="utf-8")
    workbook = tmp_path / "nib.xlsx"
    export_workbook(db, key, workbook)

    result = import_workbook(db, workbook, root)

    revised = json.loads((folder / "sop.json").read_text(encoding="utf-8"))
    assert revised["registers"] == sop["registers"] and revised["case"] == sop["case"]
    for path in ("forms/start.json", "forms/penerbitan_nib.json", "forms/input_data_pemohon.json"):
        assert json.loads((folder / path).read_text(encoding="utf-8")) == forms[path], path
    assert not (folder / "forms" / "langkah_lama.json").exists()
    assert any("forms/penerbitan_nib.json" in note for note in revised["assumptions"])
    [bundle] = check_processes(db, result.folder)
    assert _steps(bundle.steps) == _steps(get_process(db, key).steps)


def test_a_table_that_breaks_the_process_writes_nothing(db: Database, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from engine.sop_table.service import SopTableInvalid

    workbook = tmp_path / "nib.xlsx"
    export_workbook(db, "pelayanan_nib_oss", workbook)
    book = load_workbook(workbook)
    sheet = book["Prosedur"]
    waktu = next(c.column for c in sheet[1] if c.value == "Waktu")
    sheet.cell(2, waktu, "3 Hri")
    sheet.cell(4, waktu, "segera")
    book.save(workbook)
    out = tmp_path / "out"
    with pytest.raises(SopTableInvalid) as refused:
        import_workbook(db, workbook, out)
    assert [str(p).split(":")[0] for p in refused.value.problems] == ["Prosedur baris 2, kolom Waktu",
                                                                     "Prosedur baris 4, kolom Waktu"]
    assert not out.exists() or not any(out.iterdir())
    shutil.rmtree(out, ignore_errors=True)


def test_a_published_revision_is_a_draft_until_the_kadis_approves_it(db: Database, tmp_path: Path) -> None:
    """Export, edit one Waktu, import with --publish: a new draft version; the version in force stays."""
    key = "pelayanan_nib_oss"
    before = get_process(db, key)
    workbook = tmp_path / f"{key}.xlsx"
    export_workbook(db, key, workbook)
    book = load_workbook(workbook)
    sheet = book["Prosedur"]
    waktu = next(cell for row in sheet.iter_rows() for cell in row if str(cell.value or "").strip() == "Waktu")
    first = next(sheet.cell(row=r, column=waktu.column) for r in range(waktu.row + 1, sheet.max_row + 1)
                 if sheet.cell(row=r, column=waktu.column).value)
    first.value = "45 Menit"
    book.save(workbook)

    result = import_workbook(db, workbook, tmp_path / "out", publish=True)
    assert result.published is not None and result.published.changed
    assert result.published.status == "draft" and result.published.version > before.version
    assert get_process(db, key).version == before.version  # new cases keep using the version in force
