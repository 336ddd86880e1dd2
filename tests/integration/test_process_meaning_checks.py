"""`alur processes sync` refuses each authoring mistake of issue 11 with a message naming the file, the line and
the element, and registers nothing; sop.json's problems all come in one run."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from engine.authoring import build_bpmn
from engine.db import Database
from engine.definitions.loader import ProcessLoadFailed
from engine.models import ProcessDefinition
from engine.services import sync_processes

from support import decision_sketch, write_process

APPROVAL_FORM = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Menyetujui",
    "type": "object",
    "properties": {"disetujui": {"title": "Disetujui?", "type": "boolean", "examples": [True]}},
    "required": ["disetujui"],
}


def _refused(db: Database, root: Path, key: str) -> list[str]:
    with pytest.raises(ProcessLoadFailed) as failed:
        sync_processes(db, root)
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).where(ProcessDefinition.key == key)) == 0
    return [problem.message for problem in failed.value.problems]


def _later_step_field(bpmn: str) -> str:
    """The decision after 'periksa' reads a field of the form of 'setujui', which comes after it."""
    return bpmn.replace("lengkap == True", "disetujui == True").replace(
        '<spiffworkflow:property name="output" value="Persetujuan"/>',
        '<spiffworkflow:property name="output" value="Persetujuan"/>'
        '<spiffworkflow:property name="form" value="forms/setujui.json"/>')


def _camunda(bpmn: str) -> str:
    """What Camunda Modeler writes: an assignee and form fields on the step."""
    bpmn = bpmn.replace("xmlns:bpmn=", 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:bpmn=', 1)
    bpmn = bpmn.replace('<bpmn:userTask id="periksa"', '<bpmn:userTask id="periksa" camunda:assignee="demo"')
    return bpmn.replace(
        "<spiffworkflow:properties>",
        '<camunda:formData><camunda:formField id="layak" label="Layak?" type="boolean"/></camunda:formData>'
        "<spiffworkflow:properties>", 1)


MISTAKES: dict[str, tuple[Callable[[str], str], list[str]]] = {
    "misspelled_field": (lambda b: b.replace("lengkap == True", "lengkp == True"),
                         ["elemen flow_cek_lengkap_setujui", "'lengkp'", "maksudnya 'lengkap'"]),
    "field_of_a_later_step": (_later_step_field,
                              ["elemen flow_cek_lengkap_setujui", "'disetujui'", "langkah setujui",
                               "tidak selalu dilalui sebelum gerbang"]),
    "literal_of_the_wrong_type": (lambda b: b.replace("lengkap == True", "lengkap == 'Ya'"),
                                  ["elemen flow_cek_lengkap_setujui", "'Ya'", "ya atau tidak", "lengkap == True"]),
    "step_without_outgoing_flow": (
        lambda b: re.sub(r'<bpmn:sequenceFlow id="flow_setujui_selesai"[^>]*/>', "", b),
        ["elemen setujui", "tidak memiliki alur keluar", "bpmn:endEvent"]),
    "cycle_without_end": (
        lambda b: b.replace('sourceRef="setujui" targetRef="selesai"', 'sourceRef="setujui" targetRef="periksa"')
        .replace('targetRef="ditolak"', 'targetRef="periksa"'),
        ["perulangan tanpa jalan keluar (cek_lengkap, periksa, setujui)"]),
    "missing_diagram_shape": (
        lambda b: re.sub(r'<bpmndi:BPMNShape id="setujui_di".*?</bpmndi:BPMNShape>', "", b, flags=re.S),
        ["elemen setujui", "bpmndi:BPMNShape", "tidak tampak di gambar"]),
    "camunda_form_fields": (_camunda, ["elemen periksa", "camunda:formData", 'name="form"']),
    "flow_to_a_misspelled_id": (lambda b: b.replace('targetRef="setujui"', 'targetRef="setuju"'),
                                ["elemen flow_cek_lengkap_setujui", "'setuju'", "maksudnya 'setujui'"]),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_authoring_mistake_is_refused_naming_file_line_and_element(
    db: Database, tmp_path: Path, mistake: str
) -> None:
    transform, expected = MISTAKES[mistake]
    key = f"uji_{mistake}"
    sketch = decision_sketch(key)
    forms: dict[str, dict[str, Any]] = {"forms/setujui.json": APPROVAL_FORM}
    write_process(tmp_path, sketch, bpmn=transform(build_bpmn(sketch)), forms=forms)
    messages = _refused(db, tmp_path, key)
    matching = [m for m in messages if all(fragment in m for fragment in expected)]
    assert matching, messages
    assert re.search(rf"berkas .*{key}/process\.bpmn baris \d+, elemen ", matching[0])


def test_the_camunda_assignee_is_refused_with_what_alur_uses_instead(db: Database, tmp_path: Path) -> None:
    sketch = decision_sketch("uji_camunda_peran")
    write_process(tmp_path, sketch, bpmn=_camunda(build_bpmn(sketch)))
    messages = _refused(db, tmp_path, "uji_camunda_peran")
    assert any("camunda:assignee" in m and "lane" in m for m in messages), messages


def test_a_minimal_sop_json_reports_its_five_errors_in_one_run(db: Database, tmp_path: Path) -> None:
    sop = {"key": "Kunci Salah", "nama": "", "jenis": "sesekali", "starter_roles": [],
           "case": {"reference_prefix": "uji"}}
    write_process(tmp_path, decision_sketch("uji_sop_minimal"), sop=sop)
    messages = _refused(db, tmp_path, "uji_sop_minimal")
    sop_messages = [m for m in messages if "uji_sop_minimal/sop.json" in m]
    assert len(sop_messages) == 5, messages
    for fragment in ("'key'", "'nama'", "'starter_roles'", "'jenis'", "'case.reference_prefix'"):
        assert any(fragment in m for m in sop_messages), fragment


def test_every_form_problem_comes_in_one_run(db: Database, tmp_path: Path) -> None:
    broken = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Periksa", "type": "object",
        "properties": {
            "nik": {"type": "string", "examples": ["5201014107900001"]},
            "lengkap": {"title": "Berkas lengkap?", "type": "boolean"},
            "jumlah": {"title": "Jumlah", "type": "integer", "examples": ["tiga"]},
        },
        "required": ["nik", "lengkap", "catatan"],
    }
    write_process(tmp_path, decision_sketch("uji_formulir"), forms={"forms/periksa.json": broken})
    messages = [m for m in _refused(db, tmp_path, "uji_formulir") if "forms/periksa.json" in m]
    for element, fragment in (("catatan", "tidak ada di properties"), ("nik", "title"),
                              ("lengkap", "examples"), ("jumlah", "'tiga'")):
        assert any(f"elemen {element}:" in m and fragment in m for m in messages), (element, messages)
