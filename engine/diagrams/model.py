"""The diagram as the BPMN's diagram interchange (DI) declares it: shapes, edges and their names.

The layout is never recomputed: pools, lanes, shapes and edges go exactly where the DI puts them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lxml import etree

from engine.diagrams.geometry import BPMN_NS, BPMNDI_NS, DC_NS, DI_NS, Bounds


class DiagramError(ValueError):
    """The BPMN text is not well-formed XML, so there is nothing to draw."""





Box = Bounds  # the same rectangle the authoring tool lays diagrams out with


@dataclass(frozen=True)
class Element:
    id: str
    kind: str  # the BPMN tag's local name: userTask, exclusiveGateway, sequenceFlow ...
    name: str
    source: str | None = None
    target: str | None = None
    default_flow: str | None = None


@dataclass(frozen=True)
class Shape:
    element: Element
    bounds: Box
    label: Box | None
    horizontal: bool


@dataclass(frozen=True)
class Edge:
    element: Element
    points: tuple[tuple[float, float], ...]
    label: Box | None


@dataclass
class DiagramModel:
    elements: dict[str, Element] = field(default_factory=dict)
    shapes: dict[str, Shape] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    process_name: str = ""


def _parse(bpmn_xml: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(bpmn_xml.encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        raise DiagramError(f"BPMN tidak dapat dibaca: {error}") from error


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _number(value: str | None) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _bounds(parent: etree._Element | None) -> Box | None:
    """The ``dc:Bounds`` child of a DI element, or None when it is missing or nonsensical."""
    if parent is None:
        return None
    node = parent.find(f"{{{DC_NS}}}Bounds")
    if node is None:
        return None
    x, y, w, h = (_number(node.get(a)) for a in ("x", "y", "width", "height"))
    if x is None or y is None or w is None or h is None or w < 0 or h < 0:
        return None
    return Box(x, y, w, h)


def _semantics(root: etree._Element) -> dict[str, Element]:
    elements: dict[str, Element] = {}
    process_names: dict[str, str] = {}
    for el in root.iter(f"{{{BPMN_NS}}}*"):
        if not isinstance(el.tag, str) or not el.get("id"):
            continue
        kind = _local(el)
        name = el.get("name") or ""
        if kind == "textAnnotation":
            text = el.find(f"{{{BPMN_NS}}}text")
            name = (text.text or "") if text is not None else ""
        if kind == "process":
            process_names[el.get("id", "")] = name
        elements[el.get("id", "")] = Element(
            id=el.get("id", ""), kind=kind, name=name.strip(), source=el.get("sourceRef"),
            target=el.get("targetRef"), default_flow=el.get("default"),
        )
    # A pool without a name shows its process's name, as BPMN modelers do.
    for el in root.iter(f"{{{BPMN_NS}}}participant"):
        pid, ref = el.get("id"), el.get("processRef")
        if pid in elements and not elements[pid].name and ref in process_names:
            old = elements[pid]
            elements[pid] = Element(old.id, old.kind, process_names[ref])
    return elements


def read_model(bpmn_xml: str) -> DiagramModel:
    root = _parse(bpmn_xml)
    model = DiagramModel(elements=_semantics(root))
    names = [e.name for e in model.elements.values() if e.kind == "process" and e.name]
    pools = [e.name for e in model.elements.values() if e.kind == "participant" and e.name]
    model.process_name = (pools or names or [""])[0]
    # The first diagram is the process's own; others (drill-downs of sub-processes) are not drawn.
    plane = root.find(f".//{{{BPMNDI_NS}}}BPMNDiagram/{{{BPMNDI_NS}}}BPMNPlane")
    if plane is None:
        return model
    for di in plane:
        if not isinstance(di.tag, str):
            continue
        element = model.elements.get(di.get("bpmnElement", ""))
        if element is None:
            continue
        label = _bounds(di.find(f"{{{BPMNDI_NS}}}BPMNLabel"))
        if di.tag == f"{{{BPMNDI_NS}}}BPMNShape":
            bounds = _bounds(di)
            if bounds is not None and element.id not in model.shapes:
                model.shapes[element.id] = Shape(element, bounds, label, di.get("isHorizontal") != "false")
        elif di.tag == f"{{{BPMNDI_NS}}}BPMNEdge":
            points = []
            for wp in di.findall(f"{{{DI_NS}}}waypoint"):
                x, y = _number(wp.get("x")), _number(wp.get("y"))
                if x is not None and y is not None:
                    points.append((x, y))
            model.edges.append(Edge(element, tuple(points), label))
    return model


def end_event_ids(bpmn_xml: str, outcome: str) -> list[str]:
    """Ids of the end events whose name (or id) is ``outcome``: where a completed case finished.

    The engine records a case's outcome as the end event's name, which two end events may share;
    callers mark the end only when exactly one matches.
    """
    model = read_model(bpmn_xml)
    return [e.id for e in model.elements.values()
            if e.kind == "endEvent" and outcome and (e.name == outcome or e.id == outcome)]
