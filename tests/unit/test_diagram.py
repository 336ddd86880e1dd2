"""The SVG renderer: well-formed, complete, coloured by marks, and safe to inline under a strict CSP."""

from __future__ import annotations

import re
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
    linear_process,
    sop_properties,
)
from engine.diagrams import DiagramError, StepMark, end_event_ids, fit_text, heat_colour, render_svg, wrap

from support import decision_sketch

SVG = "http://www.w3.org/2000/svg"
NS = {"svg": SVG}
BPMN = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
        "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
        "dc": "http://www.omg.org/spec/DD/20100524/DC", "di": "http://www.omg.org/spec/DD/20100524/DI"}
EVIL = "<script>alert(1)</script>"
REAL_PROCESSES = sorted((Path(__file__).resolve().parents[2] / "processes").glob("*/process.bpmn"))


def _parse(svg: str) -> etree._Element:
    return etree.fromstring(svg.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))


def _group(root: etree._Element, element_id: str) -> etree._Element:
    found = [g for g in root.iter(f"{{{SVG}}}g") if g.get("data-element-id") == element_id]
    assert len(found) == 1, f"{element_id}: {len(found)} groups"
    return found[0]


def _shape_fill(root: etree._Element, element_id: str) -> str:
    group = _group(root, element_id)
    return group.xpath("svg:rect|svg:circle|svg:path", namespaces=NS)[0].get("fill")


def _bpmn_ids(xml: str) -> set[str]:
    tree = etree.fromstring(xml.encode("utf-8"))
    return {el.get("bpmnElement") for el in tree.iter(f"{{{BPMN['bpmndi']}}}BPMNShape",
                                                       f"{{{BPMN['bpmndi']}}}BPMNEdge")}


def _parallel_loop_sketch() -> ProcessSketch:
    task = sop_properties("PT1H")
    return ProcessSketch(
        id="paralel", name="Proses paralel", lanes=["Pelaksana", "Kepala Seksi"],
        nodes=[StartEvent("mulai", "Mulai", "Pelaksana"), ParallelGateway("bagi", "", "Pelaksana"),
               UserTask("a", "Menyiapkan berkas", "Pelaksana", properties=task),
               UserTask("b", "Memeriksa berkas", "Kepala Seksi", properties=task),
               ParallelGateway("gabung", "", "Pelaksana"), ExclusiveGateway("ok", "Disetujui?", "Kepala Seksi"),
               EndEvent("selesai", "Selesai", "Kepala Seksi")],
        flows=[Flow("mulai", "bagi"), Flow("bagi", "a"), Flow("bagi", "b"), Flow("a", "gabung"),
               Flow("b", "gabung"), Flow("gabung", "ok"), Flow("ok", "selesai", "Ya", condition="ok == True"),
               Flow("ok", "a", "Tidak", default=True)],
    )


@pytest.fixture
def decision_xml() -> str:
    return build_bpmn(decision_sketch("uji_diagram"))


def test_output_is_a_well_formed_accessible_svg(decision_xml: str) -> None:
    svg = render_svg(decision_xml, title="Proses uji — UJI-2026-00001")
    root = _parse(svg)
    assert root.tag == f"{{{SVG}}}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Proses uji — UJI-2026-00001"
    assert root.find("svg:title", NS).text == "Proses uji — UJI-2026-00001"
    assert "2 langkah, 1 keputusan, 2 peran" in root.find("svg:desc", NS).text
    assert not svg.startswith("<?xml")  # embeddable inline in HTML


def test_without_a_title_the_process_name_is_used(decision_xml: str) -> None:
    root = _parse(render_svg(decision_xml))
    assert root.get("aria-label") == root.find("svg:title", NS).text == "Proses uji uji_diagram"


def test_every_element_with_di_has_its_group(decision_xml: str) -> None:
    root = _parse(render_svg(decision_xml))
    drawn = {g.get("data-element-id") for g in root.iter(f"{{{SVG}}}g") if g.get("data-element-id")}
    assert drawn == _bpmn_ids(decision_xml)
    assert {"mulai", "periksa", "cek_lengkap", "setujui", "selesai", "ditolak", "lane_pelaksana",
            "lane_kepala_bidang", "participant_uji_diagram", "flow_cek_lengkap_setujui"} <= drawn


def test_shapes_follow_their_kind(decision_xml: str) -> None:
    root = _parse(render_svg(decision_xml))
    task = _group(root, "periksa")
    assert "bpmn-task" in task.get("class")
    rect = task.find("svg:rect", NS)
    assert float(rect.get("rx")) > 0  # rounded
    assert "Periksa" in "".join(task.find("svg:text", NS).itertext())
    start = _group(root, "mulai").find("svg:circle", NS)
    end = _group(root, "selesai").find("svg:circle", NS)
    assert float(start.get("stroke-width")) < float(end.get("stroke-width"))  # thin start, thick end
    gateway = _group(root, "cek_lengkap")
    assert len(gateway.findall("svg:path", NS)) == 2  # the diamond and its X
    lane = _group(root, "lane_pelaksana")
    assert lane.find("svg:text", NS).get("transform", "").startswith("rotate(-90")
    assert "".join(lane.find("svg:text", NS).itertext()) == "Pelaksana"


def test_parallel_gateway_has_a_plus() -> None:
    root = _parse(render_svg(build_bpmn(_parallel_loop_sketch())))
    paths = _group(root, "bagi").findall("svg:path", NS)
    assert len(paths) == 2 and " V " in paths[1].get("d") and " H " in paths[1].get("d")


def test_edges_are_polylines_with_arrowheads_and_names(decision_xml: str) -> None:
    root = _parse(render_svg(decision_xml))
    markers = {m.get("id") for m in root.iter(f"{{{SVG}}}marker")}
    flows = root.xpath("//svg:g[contains(@class, 'bpmn-sequence-flow')]", namespaces=NS)
    assert len(flows) == 5
    for flow in flows:
        path = flow.find("svg:path", NS)
        assert path.get("d").startswith("M ") and path.get("fill") == "none"
        reference = re.fullmatch(r"url\(#([\w-]+)\)", path.get("marker-end"))
        assert reference and reference.group(1) in markers
    yes = _group(root, "flow_cek_lengkap_setujui")
    assert "Ya" in "".join(yes.itertext())
    no = _group(root, "flow_cek_lengkap_ditolak")
    assert "Tidak" in "".join(no.itertext())
    assert len(no.findall("svg:path", NS)) == 2  # the line and the default flow's slash


def test_marker_ids_differ_between_diagrams_on_one_page(decision_xml: str) -> None:
    ids = [{m.get("id") for m in _parse(svg).iter(f"{{{SVG}}}marker")}
           for svg in (render_svg(decision_xml), render_svg(decision_xml, {"periksa": "done"}))]
    assert not ids[0] & ids[1]
    assert render_svg(decision_xml) == render_svg(decision_xml)  # deterministic


def test_marks_change_fill_class_and_state(decision_xml: str) -> None:
    plain = _parse(render_svg(decision_xml))
    fills = {}
    for mark in StepMark:
        root = _parse(render_svg(decision_xml, {"periksa": mark}))
        group = _group(root, "periksa")
        assert group.get("data-state") == mark.value
        assert f"state-{mark.value}" in group.get("class")
        fills[mark] = _shape_fill(root, "periksa")
        assert fills[mark] != _shape_fill(plain, "periksa")
        assert _shape_fill(root, "setujui") == _shape_fill(plain, "setujui")
    assert len(set(fills.values())) == 4
    assert _group(plain, "periksa").get("data-state") is None


def test_marks_may_be_plain_strings_and_unknown_ids_are_ignored(decision_xml: str) -> None:
    assert render_svg(decision_xml, {"periksa": "done", "hilang": "active"}) == \
        render_svg(decision_xml, {"periksa": StepMark.DONE, "hilang": StepMark.ACTIVE})
    with pytest.raises(ValueError):
        render_svg(decision_xml, {"periksa": "selesai"})  # type: ignore[dict-item]


def test_overdue_gets_a_tag_and_cancelled_a_dashed_outline(decision_xml: str) -> None:
    root = _parse(render_svg(decision_xml, {"periksa": "overdue", "setujui": "cancelled"}))
    overlay = root.xpath("//svg:g[@data-overlay-for='periksa']", namespaces=NS)
    assert overlay and "terlambat" in "".join(overlay[0].itertext())
    assert _group(root, "setujui").find("svg:rect", NS).get("stroke-dasharray")
    assert "terlambat" in "".join(_group(root, "periksa").find("svg:title", NS).itertext())
    desc = root.find("svg:desc", NS).text
    assert "Terlambat: Periksa berkas." in desc and "Dibatalkan: Menyetujui." in desc


def test_done_steps_get_a_tick(decision_xml: str) -> None:
    root = _parse(render_svg(decision_xml, {"periksa": "done"}))
    assert root.xpath("//svg:g[@data-overlay-for='periksa']/svg:circle", namespaces=NS)


def test_visited_flows_are_emphasised(decision_xml: str) -> None:
    root = _parse(render_svg(decision_xml, {"periksa": "done", "setujui": "active"}))
    visited = {g.get("data-element-id") for g in root.xpath("//svg:g[contains(@class, 'state-visited')]",
                                                             namespaces=NS)}
    assert visited == {"flow_mulai_periksa", "flow_periksa_cek_lengkap", "flow_cek_lengkap_setujui"}


def test_loop_back_flows_are_not_emphasised() -> None:
    xml = build_bpmn(_parallel_loop_sketch())
    root = _parse(render_svg(xml, {"a": "done", "b": "done", "selesai": "done"}))
    visited = {g.get("data-element-id") for g in root.xpath("//svg:g[contains(@class, 'state-visited')]",
                                                             namespaces=NS)}
    assert "flow_ok_a" not in visited
    assert {"flow_mulai_bagi", "flow_a_gabung", "flow_gabung_ok", "flow_ok_selesai"} <= visited


def test_heat_fills_on_a_white_to_red_scale_and_marks_win(decision_xml: str) -> None:
    assert heat_colour(0) == "#ffffff"
    assert heat_colour(1) == "#ef4444"
    assert heat_colour(0.5) == "#fb923c"
    assert heat_colour(7) == heat_colour(1) and heat_colour(-1) == heat_colour(0)
    root = _parse(render_svg(decision_xml, heat={"periksa": 1.0, "setujui": 0.5, "cek_lengkap": float("nan")}))
    assert _shape_fill(root, "periksa") == "#ef4444"
    assert _shape_fill(root, "setujui") == "#fb923c"
    assert _group(root, "periksa").get("data-heat") == "1.00"
    assert _group(root, "cek_lengkap").get("data-heat") is None
    marked = _parse(render_svg(decision_xml, {"periksa": "done"}, heat={"periksa": 1.0}))
    assert _shape_fill(marked, "periksa") != "#ef4444"


def test_labels_add_a_note_under_the_step(decision_xml: str) -> None:
    root = _parse(render_svg(decision_xml, labels={"periksa": "median 2 jam", "setujui": "  "}))
    notes = root.xpath("//svg:g[@data-overlay-for='periksa']//svg:text", namespaces=NS)
    assert "".join(notes[0].itertext()) == "median 2 jam"
    task_bottom = float(_group(root, "periksa").find("svg:rect", NS).get("y")) + 80
    assert float(notes[0].get("y")) > task_bottom
    assert not root.xpath("//svg:g[@data-overlay-for='setujui']", namespaces=NS)


def test_viewbox_fits_the_diagram_bounds(decision_xml: str) -> None:
    root = _parse(render_svg(decision_xml))
    x, y, width, height = (float(v) for v in root.get("viewBox").split())
    assert (float(root.get("width")), float(root.get("height"))) == (width, height)
    tree = etree.fromstring(decision_xml.encode("utf-8"))
    boxes = [(float(b.get("x")), float(b.get("y")), float(b.get("width")), float(b.get("height")))
             for b in tree.iterfind(".//dc:Bounds", BPMN)]
    left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, bottom = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    assert x <= left and y <= top and x + width >= right and y + height >= bottom
    assert left - x <= 40 and top - y <= 40 and x + width - right <= 40 and y + height - bottom <= 40


def test_no_style_script_handler_or_external_reference(decision_xml: str) -> None:
    svg = render_svg(decision_xml, {"periksa": "overdue", "setujui": "done"}, heat={"cek_lengkap": 0.3},
                     labels={"periksa": "median 2 jam"})
    root = _parse(svg)
    for element in root.iter():
        assert etree.QName(element).localname not in {"style", "script", "foreignObject", "image", "a", "use"}
        for name, value in element.attrib.items():
            assert name != "style" and not name.lower().startswith("on")
            assert "href" not in name
            if "url(" in value:
                assert re.fullmatch(r"url\(#[\w-]+\)", value)
    assert "<style" not in svg and "<script" not in svg


def test_user_text_is_escaped(decision_xml: str) -> None:
    xml = decision_xml.replace('name="Periksa berkas"', 'name="&lt;script&gt;alert(1)&lt;/script&gt;"')
    xml = xml.replace('name="Ya"', 'name="&quot; onmouseover=&quot;alert(1)"')
    xml = xml.replace('name="Pelaksana"', 'name="&lt;img src=x onerror=alert(1)&gt;"')
    for attribute in ("id", "bpmnElement", "sourceRef", "targetRef"):
        xml = xml.replace(f'{attribute}="periksa"', f'{attribute}="periksa&quot; onload=&quot;alert(1)"')
    svg = render_svg(xml, {'periksa" onload="alert(1)': "active"}, title=EVIL, labels={"setujui": EVIL})
    root = _parse(svg)
    assert "<script" not in svg and "<img" not in svg
    markup = re.sub(r">[^<]*<", "><", re.sub(r'"[^"]*"', '""', svg))  # attribute values and text blanked
    assert not re.search(r"\son\w+\s*=", markup)
    for element in root.iter():
        assert not any(name.lower().startswith("on") for name in element.attrib)
    assert root.get("aria-label") == EVIL
    assert root.find("svg:title", NS).text == EVIL
    evil_task = _group(root, 'periksa" onload="alert(1)')
    assert evil_task.get("data-state") == "active"
    assert EVIL in "".join(evil_task.find("svg:title", NS).itertext())
    assert "&lt;script&gt;" in svg


def test_control_characters_in_user_text_are_dropped(decision_xml: str) -> None:
    root = _parse(render_svg(decision_xml, title="Judul\x00\x07 uji", labels={"periksa": "catatan\x1b"}))
    assert root.get("aria-label") == "Judul uji"


def test_elements_without_di_and_edges_without_waypoints() -> None:
    xml = build_bpmn(decision_sketch("uji_di"))
    tree = etree.fromstring(xml.encode("utf-8"))
    plane = tree.find(".//bpmndi:BPMNPlane", BPMN)
    for di in list(plane):
        element = di.get("bpmnElement")
        if element == "setujui":  # no shape: the task is left out
            plane.remove(di)
        elif element in ("flow_mulai_periksa", "flow_setujui_selesai"):  # no waypoints: a straight line
            for waypoint in di.findall("di:waypoint", BPMN):  # between the shapes, if both are drawn
                di.remove(waypoint)
        elif element == "flow_periksa_cek_lengkap":
            di.find("di:waypoint", BPMN).set("x", "not-a-number")  # one waypoint left: also a straight line
    root = _parse(render_svg(etree.tostring(tree, encoding="unicode"), {"setujui": "active"}))
    drawn = {g.get("data-element-id") for g in root.iter(f"{{{SVG}}}g")}
    assert "setujui" not in drawn
    assert "flow_setujui_selesai" not in drawn  # one end has no shape and the edge no waypoints
    assert "flow_cek_lengkap_setujui" in drawn  # its own waypoints still place it
    for flow_id in ("flow_mulai_periksa", "flow_periksa_cek_lengkap"):
        path = _group(root, flow_id).find("svg:path", NS)
        assert path.get("d").count(" L ") == 1 and path.get("marker-end")


def test_a_bpmn_without_any_diagram_still_gives_an_svg() -> None:
    xml = build_bpmn(linear_process("tanpa_di", "Tanpa DI", 2))
    tree = etree.fromstring(xml.encode("utf-8"))
    diagram = tree.find("bpmndi:BPMNDiagram", BPMN)
    tree.remove(diagram)
    root = _parse(render_svg(etree.tostring(tree, encoding="unicode")))
    assert root.get("viewBox") == "0 0 320 80"
    assert "tidak tersedia" in root.find("svg:desc", NS).text


def test_malformed_bpmn_raises() -> None:
    with pytest.raises(DiagramError):
        render_svg("<bpmn:definitions")


def test_external_entities_are_not_resolved(tmp_path: Path, decision_xml: str) -> None:
    secret = tmp_path / "rahasia.txt"
    secret.write_text("RAHASIA-NEGARA", encoding="utf-8")
    body = decision_xml.split("?>", 1)[1]
    xml = f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "{secret.as_uri()}">]>' + body.replace(
        "<bpmn:documentation>Memeriksa", "<bpmn:documentation>&x;Memeriksa")
    xml = xml.replace('<bpmn:participant ', '<bpmn:textAnnotation id="catatan"><bpmn:text>&x;</bpmn:text>'
                      '</bpmn:textAnnotation><bpmn:participant ')
    assert "RAHASIA" not in render_svg(xml)


def test_long_names_wrap_and_are_cut_with_an_ellipsis() -> None:
    long_name = "Memeriksa " * 30
    sketch = linear_process("panjang", "Panjang", 1)
    xml = build_bpmn(sketch).replace('name="Langkah 1"', f'name="{long_name.strip()}"')
    group = _group(_parse(render_svg(xml)), "langkah_1")
    lines = [span.text for span in group.iter(f"{{{SVG}}}tspan")]
    assert 3 <= len(lines) <= 8 and lines[-1].endswith("…")
    assert group.find("svg:title", NS).text == long_name.strip()  # the tooltip keeps the whole name


def test_wrapping() -> None:
    assert wrap("Tracking/penelusuran sistem pendaftaran", 90, 11) == ["Tracking/", "penelusuran",
                                                                        "sistem", "pendaftaran"]
    assert wrap("baris satu\nbaris dua", 300, 11) == ["baris satu", "baris dua"]
    assert wrap("", 100, 11) == []
    size, lines = fit_text("Menandatangani", 90, 70)
    assert lines == ["Menandatangani"] and size <= 11  # a word is not split while a smaller size fits it


def test_end_event_ids(decision_xml: str) -> None:
    assert end_event_ids(decision_xml, "Dikembalikan") == ["ditolak"]
    assert end_event_ids(decision_xml, "selesai") == ["selesai"]
    assert end_event_ids(decision_xml, "") == []


@pytest.mark.parametrize("path", REAL_PROCESSES, ids=[p.parent.name for p in REAL_PROCESSES])
def test_real_processes_render(path: Path) -> None:
    xml = path.read_text(encoding="utf-8")
    tree = etree.fromstring(xml.encode("utf-8"))
    tasks = [t.get("id") for t in tree.iterfind(".//bpmn:userTask", BPMN)]
    marks = {tasks[0]: "done", tasks[-1]: "overdue"}
    root = _parse(render_svg(xml, marks))
    drawn = {g.get("data-element-id") for g in root.iter(f"{{{SVG}}}g") if g.get("data-element-id")}
    assert drawn == _bpmn_ids(xml)
    assert _group(root, tasks[0]).get("data-state") == "done"
