"""The meaning checks (engine/definitions) one by one, on a small SOP folder built in a temporary directory:
each problem is found, named with its element and line, and a sound folder passes with its dry run."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from engine.authoring import build_bpmn
from engine.definitions.loader import ProcessLoadFailed, load_folder
from engine.definitions.model import ProcessModel
from engine.definitions.values import Field, candidates

from support import DECISION_FORM, decision_sketch, write_process

ROLES = {"pelaksana": "pelaksana", "kepala bidang": "kepala_bidang", "kepala_bidang": "kepala_bidang"}
BPMN = build_bpmn(decision_sketch("uji_cek"))


def _problems(tmp_path: Path, bpmn: str = BPMN, forms: dict[str, dict[str, Any]] | None = None) -> list[str]:
    folder = write_process(tmp_path, decision_sketch("uji_cek"), bpmn=bpmn, forms=forms)
    with pytest.raises(ProcessLoadFailed) as failed:
        load_folder(folder, ROLES)
    return [problem.message for problem in failed.value.problems]


def test_a_sound_folder_passes_and_its_dry_run_walks_both_branches(tmp_path: Path) -> None:
    folder = write_process(tmp_path, decision_sketch("uji_cek"))
    run = load_folder(folder, ROLES).dry_run
    assert run is not None and not run.problems
    assert set(run.outcomes) == {"Selesai", "Dikembalikan"}
    assert set(run.steps_reached) == {"periksa", "setujui"}
    assert {("cek_lengkap", "setujui"), ("cek_lengkap", "ditolak")} <= set().union(*(j.moves for j in run.journeys))
    assert len(run.covering_journeys()) == 2


def test_an_optional_field_read_by_a_decision_is_refused(tmp_path: Path) -> None:
    form = json.loads(json.dumps(DECISION_FORM))
    form["required"] = ["nik"]
    [message] = _problems(tmp_path, forms={"forms/periksa.json": form})
    assert "elemen flow_cek_lengkap_setujui" in message and "tidak wajib diisi" in message
    assert "\"required\"" in message


def test_a_gateway_without_default_must_cover_every_value(tmp_path: Path) -> None:
    bpmn = BPMN.replace(' default="flow_cek_lengkap_ditolak"', "").replace(
        'name="Tidak"/>', 'name="Tidak"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
        "lengkap == None</bpmn:conditionExpression></bpmn:sequenceFlow>", 1)
    messages = _problems(tmp_path, bpmn=bpmn)
    assert any("elemen cek_lengkap" in m and "tidak menutup semua kasus" in m and "lengkap = False" in m
               for m in messages), messages


def test_a_decision_on_a_closed_list_takes_a_listed_value(tmp_path: Path) -> None:
    form = json.loads(json.dumps(DECISION_FORM))
    form["properties"]["hasil"] = {"title": "Hasil", "type": "string", "enum": ["lengkap", "kurang"],
                                   "examples": ["lengkap"]}
    form["required"].append("hasil")
    bpmn = BPMN.replace("lengkap == True", "hasil in ['lengkap', 'Lengkap']")
    [message] = _problems(tmp_path, bpmn=bpmn, forms={"forms/periksa.json": form})
    assert "'Lengkap'" in message and "nilai yang mungkin: 'lengkap', 'kurang'" in message


def test_a_shape_drawn_in_another_lane_is_refused(tmp_path: Path) -> None:
    # 'periksa' is routed by the Pelaksana lane (y 80-220) but drawn in the Kepala Bidang lane (y 220-360).
    bpmn = BPMN.replace('<dc:Bounds x="445" y="110" width="100" height="80"/>',
                        '<dc:Bounds x="445" y="250" width="100" height="80"/>')
    [message] = _problems(tmp_path, bpmn=bpmn)
    assert "elemen periksa" in message
    assert "digambar di lane 'Kepala Bidang' tetapi dirutekan ke lane 'Pelaksana'" in message


def test_a_shape_sticking_out_of_its_lane_is_refused(tmp_path: Path) -> None:
    bpmn = BPMN.replace('<dc:Bounds x="445" y="110" width="100" height="80"/>',
                        '<dc:Bounds x="445" y="60" width="100" height="80"/>')
    [message] = _problems(tmp_path, bpmn=bpmn)
    assert "elemen periksa" in message and "keluar dari batas lane 'Pelaksana'" in message


def test_a_flow_without_an_edge_and_a_duplicate_id_are_reported_together(tmp_path: Path) -> None:
    bpmn = re.sub(r'<bpmndi:BPMNEdge id="flow_setujui_selesai_di".*?</bpmndi:BPMNEdge>', "", BPMN, flags=re.S)
    bpmn = bpmn.replace('<bpmn:endEvent id="ditolak"', '<bpmn:endEvent id="selesai"')
    messages = _problems(tmp_path, bpmn=bpmn)
    assert any("elemen flow_setujui_selesai" in m and "bpmndi:BPMNEdge" in m for m in messages), messages
    assert any("id 'selesai' dipakai 2 kali" in m for m in messages), messages


def test_an_unread_property_is_refused_with_the_ones_alur_reads(tmp_path: Path) -> None:
    bpmn = BPMN.replace('name="standard_time_text"', 'name="waktu_teks"', 1)
    [message] = _problems(tmp_path, bpmn=bpmn)
    assert "elemen periksa" in message and "'waktu_teks' tidak dibaca Alur" in message
    assert "standard_time_text" in message


def test_only_the_root_of_an_unreachable_chain_is_reported(tmp_path: Path) -> None:
    bpmn = re.sub(r'<bpmn:sequenceFlow id="flow_mulai_periksa"[^>]*/>', "", BPMN)
    messages = _problems(tmp_path, bpmn=bpmn)
    unreachable = [m for m in messages if "tidak dapat dicapai" in m]
    assert len(unreachable) == 1 and "elemen periksa" in unreachable[0]
    assert any("elemen mulai" in m and "tidak memiliki alur keluar" in m for m in messages), messages


def test_every_problem_carries_the_line_of_its_element(tmp_path: Path) -> None:
    bpmn = BPMN.replace("lengkap == True", "layk == True")
    [message] = _problems(tmp_path, bpmn=bpmn)
    line = next(i for i, text in enumerate(bpmn.splitlines(), start=1) if 'id="flow_cek_lengkap_setujui"' in text)
    assert f"process.bpmn baris {line}, elemen flow_cek_lengkap_setujui" in message


def test_a_field_filled_on_only_one_path_to_a_decision_is_refused() -> None:
    from engine.definitions.conditions import filled_fields
    from engine.definitions.model import Flow, Node

    model = ProcessModel(file="p.bpmn")
    for node_id, kind in [("mulai", "startEvent"), ("pilih", "exclusiveGateway"), ("a", "userTask"),
                          ("b", "userTask"), ("gabung", "exclusiveGateway"), ("fork", "parallelGateway"),
                          ("c", "userTask"), ("d", "userTask"), ("join", "parallelGateway"), ("akhir", "endEvent")]:
        model.nodes[node_id] = Node(node_id, kind, node_id, None, {})
    for source, target in [("mulai", "pilih"), ("pilih", "a"), ("pilih", "b"), ("a", "gabung"), ("b", "gabung"),
                           ("gabung", "fork"), ("fork", "c"), ("fork", "d"), ("c", "join"), ("d", "join"),
                           ("join", "akhir")]:
        model.flows[f"{source}_{target}"] = Flow(f"{source}_{target}", source, target, "", None, None)

    def field(name: str) -> dict[str, Field]:
        return {name: Field(name, {"type": "boolean"}, {}, f"forms/{name}.json", True)}

    before = filled_fields(model, {}, {"a": field("x"), "b": field("y"), "c": field("p"), "d": field("q")})
    assert set(before["gabung"]) == set()  # x only on one path, y only on the other
    assert set(before["c"]) == set() and set(before["d"]) == set()
    assert set(before["join"]) == {"p", "q"}  # a parallel join waits for both branches
    assert set(before["akhir"]) == {"p", "q"}


def test_candidates_make_each_comparison_true_and_false() -> None:
    number = Field("jumlah", {"type": "integer", "minimum": 0, "examples": [3]}, {}, "f.json", True)
    values = candidates(number, ["jumlah >= 10"])
    assert any(v >= 10 for v in values) and any(v < 10 for v in values)
    text = Field("kota", {"type": "string", "minLength": 1, "examples": ["Mataram"]}, {}, "f.json", True)
    values = candidates(text, ["kota == 'Gerung'"])
    assert "Gerung" in values and any(v != "Gerung" for v in values) and "" not in values


def test_a_walk_stopped_at_its_bound_claims_no_untaken_branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.definitions import walk

    monkeypatch.setattr(walk, "MAX_PATHS", 1)
    run = load_folder(write_process(tmp_path, decision_sketch("uji_cek")), ROLES).dry_run
    assert run is not None and run.stopped_early
    assert run.completed == 1 and not run.problems
