"""Generated diagrams as bpmn.io draws them: names inside their boxes and header bands, no flow drawn over
another or across a name, no task that two flows enter.

The geometry is checked on the fifteen SOPs' files as committed (so a stale or hand-broken file fails too)
and on sketches built here. Text is measured the way bpmn-js measures it (Arial advance widths, its line
breaking); the wrapping itself is pinned to lines bpmn-js 18 was seen to produce.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from lxml import etree

from engine.authoring import (
    EndEvent,
    ExclusiveGateway,
    Flow,
    ParallelGateway,
    ProcessSketch,
    StartEvent,
    UserTask,
    build_bpmn,
    flow_ids,
    sop_properties,
    with_explicit_merges,
)
from engine.authoring.measure import (
    LINE_HEIGHT,
    TASK_PADDING,
    name_fits_task,
    task_size,
    text_width,
    wrap_like_bpmn_js,
)
from engine.authoring.routing import overlap
from engine.diagrams import render_svg
from engine.diagrams.geometry import BPMN_NS, BPMNDI_NS, DC_NS, Bounds
from engine.diagrams.model import DiagramModel, read_model

REAL_PROCESSES = sorted((Path(__file__).resolve().parents[2] / "processes").glob("*/process.bpmn"))
NODE_KINDS = ("userTask", "startEvent", "endEvent", "exclusiveGateway", "parallelGateway")
LONG_NAME = "Penyusunan pembentukan panitia, peserta pelatihan, narasumber dan lokasi tempat pelatihan"


# ------------------------------------------------------------------------------------------------
# What a diagram must satisfy, measured on its BPMN text
# ------------------------------------------------------------------------------------------------


def _segments(points: tuple[tuple[float, float], ...]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    return list(itertools.pairwise(points))


def _crosses(segment: tuple[tuple[float, float], tuple[float, float]], box: Bounds, inset: float = 1.0) -> bool:
    """Whether an axis-parallel segment runs through the inside of ``box`` (its border excluded)."""
    (x0, y0), (x1, y1) = segment
    left, top, right, bottom = box.x + inset, box.y + inset, box.right - inset, box.bottom - inset
    if x0 == x1:
        return left < x0 < right and max(y0, y1) > top and min(y0, y1) < bottom
    if y0 == y1:
        return top < y0 < bottom and max(x0, x1) > left and min(x0, x1) < right
    return False


def _task_text_box(name: str, shape: Bounds) -> Bounds:
    """Where bpmn-js writes a task's name: its lines, centred in the box."""
    lines, _cut = wrap_like_bpmn_js(name, shape.width - 2 * TASK_PADDING)
    width = max(text_width(line) for line in lines)
    height = len(lines) * LINE_HEIGHT
    return Bounds(shape.cx - width / 2, shape.cy - height / 2, width, height)


def diagram_problems(bpmn_xml: str) -> list[str]:
    """Everything that would look wrong in bpmn.io, as sentences."""
    model: DiagramModel = read_model(bpmn_xml)
    problems: list[str] = []
    shapes = {i: s for i, s in model.shapes.items() if s.element.kind in NODE_KINDS}
    for element_id, shape in shapes.items():
        if shape.element.kind == "userTask" and not name_fits_task(
                shape.element.name, shape.bounds.width, shape.bounds.height):
            problems.append(f"{element_id}: name does not fit its {shape.bounds.width:g}x{shape.bounds.height:g} box")
    for element_id, shape in model.shapes.items():
        if shape.element.kind in ("participant", "lane") and shape.element.name:
            lines, cut = wrap_like_bpmn_js(shape.element.name, shape.bounds.height)
            if cut or len(lines) > 2:
                problems.append(f"{element_id}: name takes {len(lines)} lines in the 30px header band")
    # Names drawn in the picture: tasks' text, labels of events, gateways and flows.
    names = {i: _task_text_box(s.element.name, s.bounds) for i, s in shapes.items()
             if s.element.kind == "userTask"}
    names.update({i: s.label for i, s in shapes.items() if s.label is not None})
    names.update({e.element.id: e.label for e in model.edges if e.label is not None})
    lanes = [s.bounds for s in model.shapes.values() if s.element.kind == "lane"]
    for element_id, shape in shapes.items():
        label = shape.label
        if label is not None and not any(
                lane.y <= label.y and label.bottom <= lane.bottom and lane.y <= shape.bounds.cy <= lane.bottom
                for lane in lanes):
            problems.append(f"{element_id}: its name sticks out of its lane")
    for edge in model.edges:
        ends = {edge.element.source, edge.element.target}
        for segment in _segments(edge.points):
            for element_id, shape in shapes.items():
                if element_id not in ends and _crosses(segment, shape.bounds):
                    problems.append(f"{edge.element.id}: runs through {element_id}")
            for owner, box in names.items():
                if owner != edge.element.id and _crosses(segment, box):
                    problems.append(f"{edge.element.id}: runs across the name of {owner}")
    for n, a in enumerate(model.edges):
        for b in model.edges[n + 1:]:
            if any(overlap(sa, sb) > 1 for sa in _segments(a.points) for sb in _segments(b.points)):
                problems.append(f"{a.element.id} and {b.element.id}: drawn over each other")
    incoming: dict[str, int] = {}
    for element in model.elements.values():
        if element.kind == "sequenceFlow" and element.target:
            incoming[element.target] = incoming.get(element.target, 0) + 1
    for element_id, count in incoming.items():
        kind = model.elements[element_id].kind
        if count > 1 and not kind.endswith("Gateway"):
            problems.append(f"{element_id}: {count} flows enter this {kind} without a merging gateway")
    return problems


@pytest.mark.parametrize("path", REAL_PROCESSES, ids=[p.parent.name for p in REAL_PROCESSES])
def test_every_sop_looks_right_in_a_bpmn_viewer(path: Path) -> None:
    assert diagram_problems(path.read_text(encoding="utf-8")) == []


def test_the_fifteen_sops_are_checked() -> None:
    assert len(REAL_PROCESSES) == 15


# ------------------------------------------------------------------------------------------------
# Text as bpmn-js measures and wraps it
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "lines", "cut"), [
    # Lines bpmn-js 18 wrote inside a 100px-wide task (86px for text, 7px padding each side).
    (LONG_NAME, ["Penyusunan ", "pembentukan ", "panitia, peserta", "pelatihan, ", "narasumber ", "dan lokasi ",
                 "tempat ", "pelatihan"], False),
    ("Menginput data NIK atau email perorangan", ["Menginput data", "NIK atau email", "perorangan"], False),
    ("Tracking/penelusuran sistem pendaftaran", ["Tracking/penel", "usuran sistem ", "pendaftaran"], True),
    ("Penyusunan jadwal promosi UMKM", ["Penyusunan ", "jadwal ", "promosi UMKM"], False),
])
def test_wrapping_follows_bpmn_js(name: str, lines: list[str], cut: bool) -> None:
    assert wrap_like_bpmn_js(name, 100 - 2 * TASK_PADDING) == (lines, cut)


def test_arial_widths() -> None:
    assert text_width("narasumber dan") == pytest.approx(87.39, abs=0.05)  # Chromium: 87.387
    assert text_width("Menginput data ") == text_width("Menginput data")  # trailing spaces do not count
    assert text_width("é") == text_width("e") and text_width("漢") == 12


def test_boxes_grow_in_steps_until_the_name_fits() -> None:
    assert task_size("Pelaksanaan pelatihan") == (100, 80)
    assert not name_fits_task(LONG_NAME, 100, 80)  # eight lines: 115px of text in an 80px box
    width, height = task_size(LONG_NAME)
    assert name_fits_task(LONG_NAME, width, height)
    assert width % 20 == 0 and height % 20 == 0 and width * height > 100 * 80
    # A word wider than the box would be cut: the box widens instead.
    width, _height = task_size("Tracking/penelusuran sistem pendaftaran")
    assert width - 2 * TASK_PADDING >= text_width("Tracking/penelusuran")


def test_a_line_over_the_task_icon_does_not_fit() -> None:
    # Several lines in 80px: the first is high enough to meet the icon (top left) unless it is short.
    name = "Melaksanakan kegiatan bersama instansi"
    lines, _cut = wrap_like_bpmn_js(name, 86)
    assert lines[0] == "Melaksanakan " and text_width(lines[0]) > 100 - 2 * 24  # reaches the icon
    assert len(lines) * LINE_HEIGHT <= 80 - 2 * TASK_PADDING  # it would fit by height alone
    assert not name_fits_task(name, 100, 80)


# ------------------------------------------------------------------------------------------------
# Sketches built here
# ------------------------------------------------------------------------------------------------


def _rework_sketch(pool_name: str = "Proses uji") -> ProcessSketch:
    """A long-named step checked by the head, sent back for rework, and two ways to one end."""
    props = sop_properties("PT1H")
    return ProcessSketch(
        id="uji_tata_letak", name=pool_name, lanes=["Pelaksana", "Kepala Seksi"],
        nodes=[StartEvent("mulai", "Mulai", "Pelaksana"),
               UserTask("susun", LONG_NAME, "Pelaksana", properties=props),
               UserTask("periksa", "Memeriksa rancangan rencana dan program kegiatan", "Kepala Seksi",
                        properties=props),
               ExclusiveGateway("setuju", "Disetujui?", "Kepala Seksi"),
               ExclusiveGateway("lanjut", "Perlu diteruskan?", "Kepala Seksi"),
               UserTask("teruskan", "Meneruskan", "Pelaksana", properties=props),
               EndEvent("selesai", "Selesai", "Kepala Seksi")],
        flows=[Flow("mulai", "susun"), Flow("susun", "periksa"), Flow("periksa", "setuju"),
               Flow("setuju", "lanjut", "Ya", condition="ok == True"),
               Flow("setuju", "susun", "Tidak", default=True),
               Flow("lanjut", "teruskan", "Ya", condition="terus == True"),
               Flow("lanjut", "selesai", "Tidak", default=True), Flow("teruskan", "selesai")],
    )


def _shape(xml: str, element_id: str) -> Bounds:
    return read_model(xml).shapes[element_id].bounds


def test_a_sketch_with_long_names_and_a_loop_looks_right() -> None:
    xml = build_bpmn(_rework_sketch())
    assert diagram_problems(xml) == []
    assert _shape(xml, "susun").width * _shape(xml, "susun").height > 100 * 80


def test_the_check_catches_what_the_old_layout_did() -> None:
    xml = build_bpmn(_rework_sketch())
    root = etree.fromstring(xml.encode("utf-8"))
    bounds = root.find(f".//{{{BPMNDI_NS}}}BPMNShape[@bpmnElement='susun']/{{{DC_NS}}}Bounds")
    bounds.set("width", "100")
    bounds.set("height", "80")
    assert "susun: name does not fit its 100x80 box" in diagram_problems(etree.tostring(root, encoding="unicode"))
    # The two flows into the end event led to it directly, as before explicit merges.
    process = root.find(f"{{{BPMN_NS}}}process")
    for flow in process.iterfind(f"{{{BPMN_NS}}}sequenceFlow"):
        if flow.get("targetRef") == "selesai_gabung":
            flow.set("targetRef", "selesai")
    problems = diagram_problems(etree.tostring(root, encoding="unicode"))
    assert "selesai: 3 flows enter this endEvent without a merging gateway" in problems


def test_a_long_pool_name_makes_the_pool_tall_enough() -> None:
    pool_name = ("Menyosialisasikan Peraturan Pemerintah Nomor 44 Tahun 1997 tentang Kemitraan dan Peraturan "
                 "Pemerintah Nomor 32 Tahun 1998 tentang Pembinaan dan Pengembangan Usaha Kecil")
    short = read_model(build_bpmn(_rework_sketch()))
    xml = build_bpmn(_rework_sketch(pool_name))
    pool = _shape(xml, "participant_uji_tata_letak")
    assert pool.height > short.shapes["participant_uji_tata_letak"].bounds.height
    lines, cut = wrap_like_bpmn_js(pool_name, pool.height)
    assert len(lines) <= 2 and not cut
    lanes = [_shape(xml, "lane_pelaksana"), _shape(xml, "lane_kepala_seksi")]
    assert sum(lane.height for lane in lanes) == pool.height  # the lanes fill the taller pool
    assert diagram_problems(xml) == []


def test_explicit_merges_keep_flow_ids_and_meaning() -> None:
    sketch = _rework_sketch()
    merged = with_explicit_merges(sketch)
    before = dict(zip(flow_ids(sketch), sketch.flows, strict=True))
    after = dict(zip(flow_ids(merged), merged.flows, strict=True))
    assert {n.id for n in merged.nodes} - {n.id for n in sketch.nodes} == {"susun_gabung", "selesai_gabung"}
    assert after["flow_setuju_susun"].target == "susun_gabung"  # the loop back keeps its id (and condition)
    assert after["flow_setuju_susun"].default and after["flow_mulai_susun"].target == "susun_gabung"
    assert (after["flow_susun_gabung_susun"].source, after["flow_susun_gabung_susun"].target) == \
        ("susun_gabung", "susun")
    assert set(before) < set(after)
    assert with_explicit_merges(merged) is merged  # nothing left to merge
    one_way = ProcessSketch("lurus", "Lurus", ["Pelaksana"], [*sketch.nodes[:2], EndEvent("s", "S", "Pelaksana")],
                            [Flow("mulai", "susun"), Flow("susun", "s")])
    assert with_explicit_merges(one_way) is one_way


def test_merging_gateways_are_not_counted_as_decisions() -> None:
    svg = render_svg(build_bpmn(_rework_sketch()))
    desc = etree.fromstring(svg.encode("utf-8")).find("{http://www.w3.org/2000/svg}desc").text
    assert "3 langkah, 2 keputusan, 2 peran" in desc  # two merging gateways drawn, not counted


def test_flows_that_would_share_a_channel_are_drawn_apart() -> None:
    """Two hand-overs between the same columns, across overlapping lanes, would run down one line."""
    props = sop_properties("PT1H")
    lanes = ["A", "B", "C", "D"]
    sketch = ProcessSketch(
        id="saluran", name="Saluran", lanes=lanes,
        nodes=[StartEvent("mulai", "Mulai", "A"), ParallelGateway("bagi", "", "A"),
               UserTask("s1", "Satu", "A", properties=props), UserTask("s2", "Dua", "B", properties=props),
               UserTask("t1", "Tiga", "C", properties=props), UserTask("t2", "Empat", "D", properties=props),
               ParallelGateway("gabung", "", "D"), EndEvent("selesai", "Selesai", "D")],
        flows=[Flow("mulai", "bagi"), Flow("bagi", "s1"), Flow("bagi", "s2"), Flow("s1", "t1"), Flow("s2", "t2"),
               Flow("t1", "gabung"), Flow("t2", "gabung"), Flow("gabung", "selesai")],
    )
    xml = build_bpmn(sketch)
    assert diagram_problems(xml) == []
    edges = {e.element.id: e.points for e in read_model(xml).edges}
    assert edges["flow_s1_t1"][1][0] != edges["flow_s2_t2"][1][0]  # their vertical runs are apart
