"""The BPMN 2.0 file (with diagram interchange) of a sketched process.

It is pure Python on top of lxml and never imports SpiffWorkflow: it writes files, the engine
parses them.
"""

from __future__ import annotations

from lxml import etree

from engine.authoring.layout import compute_layout
from engine.authoring.sketch import (
    EndEvent,
    ExclusiveGateway,
    LayoutOptions,
    ParallelGateway,
    ProcessSketch,
    StartEvent,
    UserTask,
    flow_ids,
    lane_id,
    validate_sketch,
    with_explicit_merges,
)
from engine.diagrams.geometry import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS, Bounds

SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

NSMAP = {
    "bpmn": BPMN_NS,
    "bpmndi": BPMNDI_NS,
    "dc": DC_NS,
    "di": DI_NS,
    "spiffworkflow": SPIFF_NS,
    "xsi": XSI_NS,
}


def _q(prefix: str, tag: str) -> str:
    return f"{{{NSMAP[prefix]}}}{tag}"


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _bounds(parent: etree._Element, b: Bounds) -> None:
    etree.SubElement(
        parent,
        _q("dc", "Bounds"),
        x=_num(b.x),
        y=_num(b.y),
        width=_num(b.width),
        height=_num(b.height),
    )


_NODE_TAGS = {
    StartEvent: "startEvent",
    EndEvent: "endEvent",
    UserTask: "userTask",
    ExclusiveGateway: "exclusiveGateway",
    ParallelGateway: "parallelGateway",
}


def build_bpmn(process: ProcessSketch, options: LayoutOptions | None = None) -> str:
    """The BPMN 2.0 XML text (UTF-8, with declaration) of the sketch, diagram included.

    A task or event that two flows enter gets an explicit merging gateway in front of it
    (:func:`with_explicit_merges`).

    Raises :class:`SketchError` when the sketch is invalid (see :func:`validate_sketch`).
    """
    validate_sketch(process)
    process = with_explicit_merges(process)
    layout = compute_layout(process, options)
    ids = flow_ids(process)
    collaboration_id = f"collaboration_{process.id}"
    participant_id = f"participant_{process.id}"

    definitions = etree.Element(
        _q("bpmn", "definitions"),
        nsmap=NSMAP,
        id=f"definitions_{process.id}",
        targetNamespace="http://bpmn.io/schema/bpmn",
        exporter="Alur bpmn_author",
        exporterVersion="1.0",
    )
    collaboration = etree.SubElement(definitions, _q("bpmn", "collaboration"), id=collaboration_id)
    etree.SubElement(
        collaboration,
        _q("bpmn", "participant"),
        id=participant_id,
        name=process.name,
        processRef=process.id,
    )

    proc = etree.SubElement(
        definitions, _q("bpmn", "process"), id=process.id, name=process.name, isExecutable="true"
    )
    if process.documentation:
        etree.SubElement(proc, _q("bpmn", "documentation")).text = process.documentation
    lane_set = etree.SubElement(proc, _q("bpmn", "laneSet"), id=f"laneset_{process.id}")
    for lane in process.lanes:
        lane_el = etree.SubElement(lane_set, _q("bpmn", "lane"), id=lane_id(lane), name=lane)
        for node in process.nodes:
            if node.lane == lane:
                etree.SubElement(lane_el, _q("bpmn", "flowNodeRef")).text = node.id

    incoming: dict[str, list[str]] = {n.id: [] for n in process.nodes}
    outgoing: dict[str, list[str]] = {n.id: [] for n in process.nodes}
    default_of: dict[str, str] = {}
    for fid, f in zip(ids, process.flows, strict=False):
        outgoing[f.source].append(fid)
        incoming[f.target].append(fid)
        if f.default:
            default_of[f.source] = fid

    for node in process.nodes:
        attrs = {"id": node.id}
        if node.name:
            attrs["name"] = node.name
        if node.id in default_of:
            attrs["default"] = default_of[node.id]
        el = etree.SubElement(proc, _q("bpmn", _NODE_TAGS[type(node)]), **attrs)
        if isinstance(node, UserTask):
            if node.documentation:
                etree.SubElement(el, _q("bpmn", "documentation")).text = node.documentation
            if node.properties:
                ext = etree.SubElement(el, _q("bpmn", "extensionElements"))
                props = etree.SubElement(ext, _q("spiffworkflow", "properties"))
                for name, value in node.properties.items():
                    etree.SubElement(props, _q("spiffworkflow", "property"), name=name, value=str(value))
        for fid in incoming[node.id]:
            etree.SubElement(el, _q("bpmn", "incoming")).text = fid
        for fid in outgoing[node.id]:
            etree.SubElement(el, _q("bpmn", "outgoing")).text = fid

    for fid, f in zip(ids, process.flows, strict=False):
        attrs = {"id": fid, "sourceRef": f.source, "targetRef": f.target}
        if f.name:
            attrs["name"] = f.name
        flow_el = etree.SubElement(proc, _q("bpmn", "sequenceFlow"), **attrs)
        if f.condition:
            cond = etree.SubElement(
                flow_el,
                _q("bpmn", "conditionExpression"),
                {_q("xsi", "type"): "bpmn:tFormalExpression"},
            )
            cond.text = f.condition

    diagram = etree.SubElement(definitions, _q("bpmndi", "BPMNDiagram"), id=f"diagram_{process.id}")
    plane = etree.SubElement(
        diagram, _q("bpmndi", "BPMNPlane"), id=f"plane_{process.id}", bpmnElement=collaboration_id
    )
    shape = etree.SubElement(
        plane,
        _q("bpmndi", "BPMNShape"),
        id=f"{participant_id}_di",
        bpmnElement=participant_id,
        isHorizontal="true",
    )
    _bounds(shape, layout.pool)
    for lane in process.lanes:
        shape = etree.SubElement(
            plane,
            _q("bpmndi", "BPMNShape"),
            id=f"{lane_id(lane)}_di",
            bpmnElement=lane_id(lane),
            isHorizontal="true",
        )
        _bounds(shape, layout.lanes[lane])
    for node in process.nodes:
        attrs = {"id": f"{node.id}_di", "bpmnElement": node.id}
        if isinstance(node, ExclusiveGateway):
            attrs["isMarkerVisible"] = "true"
        shape = etree.SubElement(plane, _q("bpmndi", "BPMNShape"), **attrs)
        _bounds(shape, layout.nodes[node.id])
        if node.id in layout.node_labels:
            _bounds(etree.SubElement(shape, _q("bpmndi", "BPMNLabel")), layout.node_labels[node.id])
    for fid in ids:
        edge = etree.SubElement(plane, _q("bpmndi", "BPMNEdge"), id=f"{fid}_di", bpmnElement=fid)
        for x, y in layout.edges[fid]:
            etree.SubElement(edge, _q("di", "waypoint"), x=_num(x), y=_num(y))
        if fid in layout.edge_labels:
            _bounds(etree.SubElement(edge, _q("bpmndi", "BPMNLabel")), layout.edge_labels[fid])

    return etree.tostring(
        definitions, pretty_print=True, xml_declaration=True, encoding="UTF-8"
    ).decode("utf-8")
