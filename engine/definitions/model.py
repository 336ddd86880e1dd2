"""A BPMN process read for checking: its nodes, flows and lanes, each with the line it is written on.

Read straight from the XML (never through SpiffWorkflow), so it works on a file Spiff would refuse and every
problem can name the line an office has to open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from engine.diagrams.geometry import BPMN_NS
from engine.errors import DefinitionError
from engine.phrases import Phrase

SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"

#: Everything a sequence flow may connect inside a process.
FLOW_NODE_KINDS = frozenset({
    "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
    "task", "userTask", "manualTask", "scriptTask", "serviceTask", "sendTask", "receiveTask", "businessRuleTask",
    "callActivity", "subProcess", "transaction", "adHocSubProcess",
    "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway",
})
GATEWAY_KINDS = frozenset({"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
                           "complexGateway"})


@dataclass(frozen=True)
class Node:
    id: str
    kind: str
    name: str
    line: int | None
    properties: dict[str, str]


@dataclass(frozen=True)
class Flow:
    id: str
    source: str
    target: str
    name: str
    condition: str | None
    line: int | None


@dataclass(frozen=True)
class Lane:
    id: str
    name: str
    line: int | None
    node_ids: tuple[str, ...]


@dataclass
class ProcessModel:
    """One ``bpmn:process`` as written: what the meaning checks and the dry run walk over."""

    file: str
    nodes: dict[str, Node] = field(default_factory=dict)
    flows: dict[str, Flow] = field(default_factory=dict)
    lanes: dict[str, Lane] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    #: element id → the innermost lane that routes it (``flowNodeRef``).
    lane_of: dict[str, str] = field(default_factory=dict)
    #: every id in the document (process and diagram), with the lines it is declared on.
    ids: dict[str, list[int | None]] = field(default_factory=dict)

    def outgoing(self, node_id: str) -> list[Flow]:
        """Flows leaving ``node_id`` whose target exists (a dangling flow is reported on its own)."""
        return [f for f in self.flows.values() if f.source == node_id and f.target in self.nodes]

    def incoming(self, node_id: str) -> list[Flow]:
        return [f for f in self.flows.values() if f.target == node_id and f.source in self.nodes]

    def of_kind(self, *kinds: str) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind in kinds]

    def line_of(self, element_id: str | None) -> int | None:
        lines = self.ids.get(element_id or "")
        return lines[0] if lines else None

    def problem(self, message: str | Phrase, element_id: str | None, line: int | None = None) -> DefinitionError:
        return DefinitionError(message, file=self.file, element_id=element_id,
                               line=line if line is not None else self.line_of(element_id))


def read_process(document: etree._Element, process: etree._Element, file: str) -> ProcessModel:
    """The nodes, flows, lanes and defaults of ``process`` (a child of the parsed ``document``)."""
    model = ProcessModel(file=file)
    for element in document.iter():
        if isinstance(element.tag, str) and element.get("id"):
            model.ids.setdefault(element.get("id", ""), []).append(element.sourceline)
    for element in process:
        if not isinstance(element.tag, str) or etree.QName(element).namespace != BPMN_NS:
            continue
        kind = etree.QName(element).localname
        element_id = element.get("id") or ""
        if kind == "sequenceFlow":
            condition = element.find(f"{{{BPMN_NS}}}conditionExpression")
            model.flows[element_id] = Flow(
                id=element_id, source=element.get("sourceRef") or "", target=element.get("targetRef") or "",
                name=element.get("name") or "",
                condition=(condition.text or "").strip() if condition is not None else None,
                line=element.sourceline)
        elif kind in FLOW_NODE_KINDS and element_id:
            model.nodes[element_id] = Node(id=element_id, kind=kind, name=element.get("name") or element_id,
                                           line=element.sourceline, properties=_properties(element))
            if element.get("default"):
                model.defaults[element_id] = element.get("default", "")
    for lane_set in process.findall(f"{{{BPMN_NS}}}laneSet"):
        _read_lanes(model, lane_set)
    return model


def _read_lanes(model: ProcessModel, lane_set: etree._Element) -> None:
    # Outer lanes first, so a nested lane (read later) overrides: an element belongs to its innermost lane.
    for lane in lane_set.findall(f"{{{BPMN_NS}}}lane"):
        refs = tuple((ref.text or "").strip() for ref in lane.findall(f"{{{BPMN_NS}}}flowNodeRef"))
        lane_id = lane.get("id") or ""
        model.lanes[lane_id] = Lane(id=lane_id, name=lane.get("name") or "", line=lane.sourceline, node_ids=refs)
        for ref in refs:
            model.lane_of[ref] = lane_id
        for child in lane.findall(f"{{{BPMN_NS}}}childLaneSet"):
            _read_lanes(model, child)


def _properties(element: etree._Element) -> dict[str, str]:
    return {p.get("name") or "": p.get("value") or ""
            for p in element.iter(f"{{{SPIFF_NS}}}property")}


def reachable(starts: Iterable[str], step: dict[str, list[str]]) -> set[str]:
    """Every node reached from ``starts`` by following ``step`` (node → next nodes)."""
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(step.get(node, ()))
    return seen
