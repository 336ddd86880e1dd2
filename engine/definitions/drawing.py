"""The picture: every element and flow drawn, inside the lane that routes it.

A step without a shape vanishes from every diagram Alur draws (case pages, compliance heat maps); a step
drawn in one lane but routed by another goes to a role the picture does not show.
"""

from __future__ import annotations

from engine.definitions.model import ProcessModel
from engine.diagrams.geometry import Bounds
from engine.diagrams.model import read_model
from engine.errors import DefinitionError
from engine.phrases import N_, Phrase

TOLERANCE = 1.0
"""Diagram units a shape may stick out of its lane (rounding in modelers)."""


def drawing_problems(model: ProcessModel, bpmn_xml: str, refused: set[str]) -> list[DefinitionError]:
    diagram = read_model(bpmn_xml)
    shapes = {element_id: shape.bounds for element_id, shape in diagram.shapes.items()}
    edges = {edge.element.id for edge in diagram.edges}
    problems: list[DefinitionError] = []
    for lane in model.lanes.values():
        if lane.id not in shapes:
            problems.append(model.problem(
                Phrase(N_("lane '%(name)s' tidak memiliki bentuk diagram (bpmndi:BPMNShape bpmnElement=\"%(id)s\"); "
                          "tambahkan bentuknya agar peran ini tampak di gambar"), {"name": lane.name, "id": lane.id}),
                lane.id, lane.line))
    for node in model.nodes.values():
        if node.id in refused:
            continue
        bounds = shapes.get(node.id)
        if bounds is None:
            problems.append(model.problem(
                Phrase(N_("'%(name)s' tidak memiliki bentuk diagram (bpmndi:BPMNShape bpmnElement=\"%(id)s\" dengan "
                          "dc:Bounds): elemen ini tidak tampak di gambar mana pun; tambahkan bentuknya, mis. dengan "
                          "membuka dan menyimpan berkas di bpmn.io"), {"name": node.name, "id": node.id}),
                node.id, node.line))
            continue
        problem = _lane_problem(model, node.id, bounds, shapes)
        if problem:
            problems.append(model.problem(problem, node.id, node.line))
    for flow in model.flows.values():
        if flow.id not in refused and flow.id not in edges:
            problems.append(model.problem(
                Phrase(N_("alur tidak memiliki garis diagram (bpmndi:BPMNEdge bpmnElement=\"%(id)s\" dengan "
                          "di:waypoint); tambahkan garisnya agar alur ini tampak di gambar"), {"id": flow.id}),
                flow.id, flow.line))
    return problems


def _lane_problem(model: ProcessModel, node_id: str, bounds: Bounds, shapes: dict[str, Bounds]) -> str | None:
    routed = model.lane_of.get(node_id)
    drawn_in = [lane for lane in model.lanes.values()
                if lane.id in shapes and _contains(shapes[lane.id], bounds.cx, bounds.cy)]
    # The innermost lane drawn around the centre: the one with the smallest area.
    drawn = min(drawn_in, key=lambda lane: shapes[lane.id].width * shapes[lane.id].height, default=None)
    if routed is None:
        if drawn is None or model.nodes[node_id].kind == "userTask":
            return None  # a user task outside every lane is refused with the steps' own checks
        return (f"digambar di lane '{drawn.name}' tetapi tidak dirutekan ke lane mana pun: tambahkan "
                f"<bpmn:flowNodeRef>{node_id}</bpmn:flowNodeRef> ke lane '{drawn.name}'")
    lane = model.lanes[routed]
    lane_bounds = shapes.get(routed)
    if lane_bounds is None:
        return None  # the lane's missing shape is reported on its own
    if drawn is not None and drawn.id != routed and not _contains(lane_bounds, bounds.cx, bounds.cy):
        return (f"digambar di lane '{drawn.name}' tetapi dirutekan ke lane '{lane.name}' (flowNodeRef): orang "
                "melihatnya di lane yang salah; pindahkan bentuknya ke lane "
                f"'{lane.name}', atau pindahkan flowNodeRef-nya ke lane '{drawn.name}'")
    if not _inside(lane_bounds, bounds):
        return (f"bentuknya keluar dari batas lane '{lane.name}' tempat ia dirutekan; geser atau perkecil "
                "bentuknya sampai berada di dalam lane itu")
    return None


def _contains(box: Bounds, x: float, y: float) -> bool:
    return box.x - TOLERANCE <= x <= box.right + TOLERANCE and box.y - TOLERANCE <= y <= box.bottom + TOLERANCE


def _inside(outer: Bounds, inner: Bounds) -> bool:
    return (inner.x >= outer.x - TOLERANCE and inner.y >= outer.y - TOLERANCE
            and inner.right <= outer.right + TOLERANCE and inner.bottom <= outer.bottom + TOLERANCE)
