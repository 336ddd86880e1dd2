"""`alur processes sync`: everything validated first, nothing registered on any problem, versions kept."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.authoring import Flow, build_bpmn
from engine.db import Database
from engine.definitions.loader import ProcessLoadFailed
from engine.models import ProcessDefinition
from engine.services import complete_task, get_case, inbox, start_case, sync_processes

from support import DECISION_FORM, decision_sketch, write_process


def _count(db: Database, key: str) -> int:
    with db.transaction(write=False) as session:
        return session.scalar(select(func.count()).where(ProcessDefinition.key == key)) or 0


def _refused(db: Database, root: Path) -> list[str]:
    with pytest.raises(ProcessLoadFailed) as failed:
        sync_processes(db, root)
    return [p.message for p in failed.value.problems]


def test_sync_registers_once_and_is_idempotent(db: Database, tmp_path: Path) -> None:
    write_process(tmp_path, decision_sketch("uji_sinkron"))
    first = sync_processes(db, tmp_path)
    again = sync_processes(db, tmp_path)
    assert [(r.key, r.version, r.changed) for r in first] == [("uji_sinkron", 1, True)]
    assert [(r.key, r.version, r.changed) for r in again] == [("uji_sinkron", 1, False)]


def test_changed_sop_gets_a_new_version_and_running_cases_stay_on_theirs(
    db: Database, tmp_path: Path, staff: dict[str, int]
) -> None:
    write_process(tmp_path, decision_sketch("uji_versi", duration="PT30M"))
    sync_processes(db, tmp_path)
    old_case = start_case(db, staff["uji_pelaksana"], "uji_versi", {"nama_pemohon": "Lama"})

    write_process(tmp_path, decision_sketch("uji_versi", duration="PT2H"))
    assert [(r.version, r.changed) for r in sync_processes(db, tmp_path)] == [(2, True)]
    new_case = start_case(db, staff["uji_pelaksana"], "uji_versi", {"nama_pemohon": "Baru"})

    assert get_case(db, staff["uji_pelaksana"], old_case.id).process_version == 1
    assert get_case(db, staff["uji_pelaksana"], new_case.id).process_version == 2
    # The old case still runs on version 1, to its end.
    task = inbox(db, staff["uji_pelaksana"], "queue").rows
    old_task = next(t for t in task if t.case_id == old_case.id)
    complete_task(db, staff["uji_pelaksana"], old_task.id, {"nik": "5201014107900001", "lengkap": False})
    assert get_case(db, staff["uji_pelaksana"], old_case.id).status == "completed"


def _bad_bpmn(tmp_path: Path, key: str, transform) -> Path:  # type: ignore[no-untyped-def]
    sketch = decision_sketch(key)
    return write_process(tmp_path, sketch, bpmn=transform(build_bpmn(sketch)))


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("malformed_xml", ["process.bpmn", "XML tidak valid"]),
        ("unknown_lane", ["elemen setujui", "lane 'Bupati' tidak menyebut peran yang dikenal"]),
        ("no_duration", ["elemen periksa", "waktu standar"]),
        ("bad_duration", ["elemen periksa", "PT28D"]),
        ("hostile_condition", ["elemen flow_cek_lengkap_setujui", "__import__"]),
        ("attribute_condition", ["elemen flow_cek_lengkap_setujui", "atribut"]),
        ("script_task", ["elemen skrip", "skrip"]),
        ("bad_form", ["forms/periksa.json", "lengkap"]),
        ("form_missing", ["elemen periksa", "forms/periksa.json"]),
    ],
)
def test_bad_definitions_are_refused_with_file_element_and_problem(
    db: Database, tmp_path: Path, case: str, expected: list[str]
) -> None:
    key = f"uji_rusak_{case}"
    sketch = decision_sketch(key)
    bpmn = build_bpmn(sketch)
    if case == "malformed_xml":
        write_process(tmp_path, sketch, bpmn=bpmn.replace("</bpmn:process>", "", 1))
    elif case == "unknown_lane":
        write_process(tmp_path, sketch, bpmn=bpmn.replace('name="Kepala Bidang"', 'name="Bupati"'))
    elif case == "no_duration":
        # Removed, not renamed: a renamed property is refused on its own as one Alur does not read.
        write_process(tmp_path, sketch, bpmn=bpmn.replace(
            '<spiffworkflow:property name="standard_duration" value="PT30M"/>', ""))
    elif case == "bad_duration":
        write_process(tmp_path, sketch, bpmn=bpmn.replace('value="PT30M"', 'value="PT28D"'))
    elif case == "hostile_condition":
        write_process(tmp_path, sketch, bpmn=bpmn.replace("lengkap == True", "__import__('os') == True"))
    elif case == "attribute_condition":
        write_process(tmp_path, sketch, bpmn=bpmn.replace("lengkap == True", "lengkap.__class__ == True"))
    elif case == "script_task":
        script = '<bpmn:scriptTask id="skrip" name="Skrip"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>'
        write_process(tmp_path, sketch, bpmn=bpmn.replace("</bpmn:laneSet>", "</bpmn:laneSet>" + script, 1))
    elif case == "bad_form":
        broken = json.loads(json.dumps(DECISION_FORM))
        del broken["properties"]["lengkap"]["title"]
        write_process(tmp_path, sketch, forms={"forms/periksa.json": broken})
    elif case == "form_missing":
        folder = write_process(tmp_path, sketch)
        (folder / "forms" / "periksa.json").unlink()
    messages = _refused(db, tmp_path)
    assert len(messages) == 1
    for fragment in expected:
        assert fragment in messages[0]
    assert _count(db, key) == 0


def test_one_bad_folder_registers_nothing(db: Database, tmp_path: Path) -> None:
    write_process(tmp_path, decision_sketch("uji_baik"))
    good_but_bad = decision_sketch("uji_buruk")
    write_process(tmp_path, good_but_bad, bpmn=build_bpmn(good_but_bad).replace('name="Pelaksana"', 'name="Raja"'))
    messages = _refused(db, tmp_path)
    assert any("uji_buruk" in m and "Raja" in m for m in messages)
    assert _count(db, "uji_baik") == 0


def test_folder_key_must_match_process_id(db: Database, tmp_path: Path) -> None:
    sketch = decision_sketch("uji_kunci")
    write_process(tmp_path, sketch, bpmn=build_bpmn(replace(sketch, id="lain")))
    assert any("id proses harus 'uji_kunci'" in m for m in _refused(db, tmp_path))


def test_gateway_flow_without_condition_is_refused(db: Database, tmp_path: Path) -> None:
    sketch = decision_sketch("uji_tanpa_kondisi")
    flows = [Flow(f.source, f.target, f.name) if f.target == "setujui" else f for f in sketch.flows]
    with pytest.raises(Exception, match="condition"):
        build_bpmn(replace(sketch, flows=flows))  # the authoring tool refuses it already
    bpmn = build_bpmn(sketch).replace(
        '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">lengkap == True</bpmn:conditionExpression>', "")
    write_process(tmp_path, sketch, bpmn=bpmn)
    messages = _refused(db, tmp_path)
    assert any("uji_tanpa_kondisi" in m for m in messages)


def test_unknown_starter_role_is_refused(db: Database, tmp_path: Path) -> None:
    write_process(tmp_path, decision_sketch("uji_pemula"), sop={"starter_roles": ["camat"]})
    assert any("sop.json" in m and "camat" in m for m in _refused(db, tmp_path))


def test_an_ad_hoc_subprocess_with_code_in_its_completion_condition_is_refused(
    db: Database, tmp_path: Path
) -> None:
    # The review's finding: this synced as "v1 (versi baru)" and ran the Python as the server user once a case
    # started, because SpiffWorkflow evaluates ad hoc completion conditions with a plain eval.
    marker = tmp_path / "dijalankan"
    hostile = f"__import__('pathlib').Path({str(marker)!r}).touch() is None"
    ad_hoc = ('<bpmn:adHocSubProcess id="setujui" name="Menyetujui">'
              "<bpmn:incoming>flow_cek_lengkap_setujui</bpmn:incoming>"
              "<bpmn:outgoing>flow_setujui_selesai</bpmn:outgoing>"
              '<bpmn:userTask id="setujui_isi" name="Menyetujui"/>'
              f'<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">{hostile}</bpmn:completionCondition>'
              "</bpmn:adHocSubProcess>")
    sketch = decision_sketch("uji_adhoc")
    bpmn = build_bpmn(sketch)
    start = bpmn.index('<bpmn:userTask id="setujui"')
    end = bpmn.index("</bpmn:userTask>", start) + len("</bpmn:userTask>")
    write_process(tmp_path / "sop", sketch, bpmn=bpmn[:start] + ad_hoc + bpmn[end:])
    messages = _refused(db, tmp_path / "sop")
    assert any("process.bpmn" in m and "elemen setujui" in m and "adHocSubProcess tidak didukung" in m
               for m in messages), messages
    assert _count(db, "uji_adhoc") == 0
    assert not marker.exists()


def test_a_form_pattern_that_could_hang_is_refused_at_sync(db: Database, tmp_path: Path) -> None:
    # The review: `^(a+)+$` with a matching example hung `alur processes sync` (killed after 90 s). The example
    # is matched by RE2 now, so this returns at once, and the pattern itself is refused.
    form = json.loads(json.dumps(DECISION_FORM))
    form["properties"]["kode"] = {"title": "Kode", "type": "string", "pattern": "^(a+)+$",
                                  "examples": ["a" * 40]}
    write_process(tmp_path, decision_sketch("uji_pola"), forms={"forms/periksa.json": form})
    messages = _refused(db, tmp_path)
    assert any("forms/periksa.json" in m and "elemen kode" in m and "pola (pattern) '^(a+)+$'" in m
               for m in messages), messages
    assert _count(db, "uji_pola") == 0
