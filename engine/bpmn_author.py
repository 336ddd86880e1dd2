"""Write BPMN 2.0 files (with diagram interchange) from a compact process sketch.

Offices correct their SOPs in a BPMN viewer, so a generated file must open and look right in
bpmn.io / Camunda Modeler: one pool, one horizontal lane per role, nodes left to right in flow
order, orthogonal edges. This module computes that layout so that authors (the SOP build script,
tests, benchmarks) only describe lanes, nodes and flows.

It is pure Python on top of lxml and never imports SpiffWorkflow: it writes files, the engine
parses them.

Example::

    sketch = ProcessSketch(
        id="contoh", name="Contoh", lanes=["Pelaksana"],
        nodes=[StartEvent("mulai", "Mulai", "Pelaksana"),
               UserTask("langkah_1", "Langkah 1", "Pelaksana",
                        properties=sop_properties("PT30M", "30 Menit")),
               EndEvent("selesai", "Selesai", "Pelaksana")],
        flows=[Flow("mulai", "langkah_1"), Flow("langkah_1", "selesai")],
    )
    xml_text = build_bpmn(sketch)
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from lxml import etree

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
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

#: Element ids: snake_case. ``Start`` and ``End`` collide with SpiffWorkflow's internal task names.
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_IDS = frozenset({"Start", "End"})


class SketchError(ValueError):
    """The sketch cannot be turned into a valid, executable BPMN process."""


# --------------------------------------------------------------------------------------------
# The sketch
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StartEvent:
    """A none start event (the SOP's "Mulai" capsule)."""

    id: str
    name: str
    lane: str


@dataclass(frozen=True)
class EndEvent:
    """A none end event (the SOP's "Selesai" capsule)."""

    id: str
    name: str
    lane: str


@dataclass(frozen=True)
class UserTask:
    """An activity done by a person of the lane's role.

    ``properties`` become ``spiffworkflow:property`` elements, in the given order; see
    :func:`sop_properties` for the SOP's Mutu Baku.
    """

    id: str
    name: str
    lane: str
    documentation: str = ""
    properties: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExclusiveGateway:
    """A decision (the SOP's diamond), named as a question; also used to merge branches."""

    id: str
    name: str
    lane: str


@dataclass(frozen=True)
class ParallelGateway:
    """Fork into, or join from, activities that run at the same time."""

    id: str
    name: str
    lane: str


Node = StartEvent | EndEvent | UserTask | ExclusiveGateway | ParallelGateway


@dataclass(frozen=True)
class Flow:
    """A sequence flow.

    ``condition`` is required on every outgoing flow of a deciding exclusive gateway except the one
    marked ``default``. ``id`` defaults to ``flow_<source>_<target>``.
    """

    source: str
    target: str
    name: str = ""
    condition: str | None = None
    default: bool = False
    id: str | None = None


@dataclass(frozen=True)
class ProcessSketch:
    """Everything :func:`build_bpmn` needs: lanes top to bottom, nodes, flows."""

    id: str
    name: str
    lanes: Sequence[str]
    nodes: Sequence[Node]
    flows: Sequence[Flow]
    documentation: str = ""


@dataclass(frozen=True)
class LayoutOptions:
    """Sizes and spacing of the diagram, in pixels."""

    origin_x: int = 160
    origin_y: int = 80
    pool_header: int = 30
    lane_header: int = 30
    column_width: int = 170
    row_height: int = 140
    margin_left: int = 20
    margin_right: int = 40
    task_size: tuple[int, int] = (100, 80)
    event_size: tuple[int, int] = (36, 36)
    gateway_size: tuple[int, int] = (50, 50)
    label_width: int = 100
    char_width: float = 6.0
    line_height: int = 14


def sop_properties(
    standard_duration: str,
    standard_time_text: str | None = None,
    requirements: Iterable[str] = (),
    output: str | None = None,
    form: str | None = None,
    time_basis: str | None = None,
) -> dict[str, str]:
    """The Mutu Baku of an SOP step as Alur's ``spiffworkflow:property`` names.

    Requirements are numbered from 1 (``requirement.1`` ...).
    """
    props: dict[str, str] = {"standard_duration": standard_duration}
    if standard_time_text:
        props["standard_time_text"] = standard_time_text
    if time_basis:
        props["time_basis"] = time_basis
    for number, requirement in enumerate(requirements, start=1):
        props[f"requirement.{number}"] = requirement
    if output:
        props["output"] = output
    if form:
        props["form"] = form
    return props


def lane_id(role_name: str) -> str:
    """The element id of a role's lane: ``Kepala Seksi`` -> ``lane_kepala_seksi``."""
    slug = re.sub(r"[^a-z0-9]+", "_", role_name.strip().lower()).strip("_")
    return f"lane_{slug or 'tanpa_nama'}"


def linear_process(
    process_id: str,
    name: str,
    steps: int,
    lanes: Sequence[str] = ("Pelaksana",),
    standard_duration: str = "PT30M",
) -> ProcessSketch:
    """A start event, ``steps`` user tasks in a row, an end event.

    Tasks take the lanes in turn, which makes test and benchmark processes of any length.
    """
    if steps < 1:
        raise SketchError("a linear process needs at least one step")
    nodes: list[Node] = [StartEvent("mulai", "Mulai", lanes[0])]
    for number in range(1, steps + 1):
        nodes.append(
            UserTask(
                f"langkah_{number}",
                f"Langkah {number}",
                lanes[(number - 1) % len(lanes)],
                documentation=f"Langkah {number} dari {steps}.",
                properties=sop_properties(standard_duration),
            )
        )
    nodes.append(EndEvent("selesai", "Selesai", lanes[(steps - 1) % len(lanes)]))
    flows = [Flow(a.id, b.id) for a, b in itertools.pairwise(nodes)]
    return ProcessSketch(process_id, name, list(lanes), nodes, flows)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def flow_ids(process: ProcessSketch) -> list[str]:
    """The id of each flow, in order: its own, or ``flow_<source>_<target>`` made unique."""
    taken = {f.id for f in process.flows if f.id}
    result: list[str] = []
    for f in process.flows:
        if f.id:
            result.append(f.id)
            continue
        base = f"flow_{f.source}_{f.target}"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        taken.add(candidate)
        result.append(candidate)
    return result


def validate_sketch(process: ProcessSketch) -> None:
    """Raise :class:`SketchError` if the sketch would not give an executable, readable process."""
    problems: list[str] = []

    def check_id(value: str, what: str) -> None:
        if value in RESERVED_IDS or not ID_PATTERN.match(value):
            problems.append(f"{what} id {value!r} must be snake_case (and not Start/End)")

    check_id(process.id, "process")
    if not process.lanes:
        problems.append("the process needs at least one lane")
    lane_ids = [lane_id(name) for name in process.lanes]
    if len(set(lane_ids)) != len(lane_ids):
        problems.append(f"lane names must be distinct: {list(process.lanes)}")

    seen: set[str] = {process.id, *lane_ids}
    by_id: dict[str, Node] = {}
    for node in process.nodes:
        check_id(node.id, type(node).__name__)
        if node.id in seen:
            problems.append(f"duplicate id {node.id!r}")
        seen.add(node.id)
        by_id[node.id] = node
        if node.lane not in process.lanes:
            problems.append(f"{node.id}: lane {node.lane!r} is not one of {list(process.lanes)}")
        if isinstance(node, UserTask) and not node.name:
            problems.append(f"{node.id}: a user task needs a name")

    ids = flow_ids(process)
    incoming: dict[str, list[Flow]] = {n.id: [] for n in process.nodes}
    outgoing: dict[str, list[Flow]] = {n.id: [] for n in process.nodes}
    for fid, f in zip(ids, process.flows, strict=False):
        check_id(fid, "flow")
        if fid in seen:
            problems.append(f"duplicate id {fid!r}")
        seen.add(fid)
        if f.source not in by_id or f.target not in by_id:
            problems.append(f"{fid}: unknown source or target ({f.source} -> {f.target})")
            continue
        outgoing[f.source].append(f)
        incoming[f.target].append(f)
        source = by_id[f.source]
        if (f.condition or f.default) and not isinstance(source, ExclusiveGateway):
            problems.append(f"{fid}: only flows leaving an exclusive gateway take a condition or default")
        if f.condition and f.default:
            problems.append(f"{fid}: the default flow carries no condition")

    for node in process.nodes:
        ins, outs = incoming[node.id], outgoing[node.id]
        if isinstance(node, StartEvent):
            if ins:
                problems.append(f"{node.id}: a start event has no incoming flow")
            if len(outs) != 1:
                problems.append(f"{node.id}: a start event needs exactly one outgoing flow")
            continue
        if not ins:
            problems.append(f"{node.id}: no incoming flow")
        if isinstance(node, EndEvent):
            if outs:
                problems.append(f"{node.id}: an end event has no outgoing flow")
            continue
        if not outs:
            problems.append(f"{node.id}: no outgoing flow")
        if isinstance(node, ExclusiveGateway):
            defaults = [f for f in outs if f.default]
            if len(defaults) > 1:
                problems.append(f"{node.id}: more than one default flow")
            if len(outs) > 1:
                for f in outs:
                    if not f.default and not (f.condition and f.condition.strip()):
                        problems.append(
                            f"{node.id}: flow to {f.target} needs a condition (or must be the default)"
                        )
    if not any(isinstance(n, StartEvent) for n in process.nodes):
        problems.append("the process needs a start event")
    if not any(isinstance(n, EndEvent) for n in process.nodes):
        problems.append("the process needs an end event")
    if problems:
        raise SketchError(f"process {process.id}: " + "; ".join(problems))


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bounds:
    """A rectangle in diagram coordinates."""

    x: float
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass
class Layout:
    """Where everything goes: pool, lanes, nodes (with label), and edge waypoints (with label)."""

    pool: Bounds
    lanes: dict[str, Bounds]
    nodes: dict[str, Bounds]
    node_labels: dict[str, Bounds]
    edges: dict[str, list[tuple[float, float]]]
    edge_labels: dict[str, Bounds]
    columns: dict[str, int]
    rows: dict[str, int]


def back_edges(roots: Sequence[str], successors: Mapping[str, Sequence[tuple[str, str]]]) -> set[str]:
    """Edge ids that close a cycle, by a depth-first walk from ``roots`` (node → [(edge id, target)])."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    back: set[str] = set()
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, index = stack[-1]
            outs = successors.get(node, ())
            if index < len(outs):
                stack[-1] = (node, index + 1)
                edge, target = outs[index]
                if state.get(target) == 1:
                    back.add(edge)
                elif target not in state:
                    state[target] = 1
                    stack.append((target, 0))
            else:
                state[node] = 2
                stack.pop()
    return back


def _back_edges(process: ProcessSketch, ids: Sequence[str]) -> set[str]:
    """Flows that close a cycle, walking from the start events first."""
    succ: dict[str, list[tuple[str, str]]] = {n.id: [] for n in process.nodes}
    for fid, f in zip(ids, process.flows, strict=False):
        succ[f.source].append((fid, f.target))
    roots = [n.id for n in process.nodes if isinstance(n, StartEvent)]
    roots += [n.id for n in process.nodes if not isinstance(n, StartEvent)]
    return back_edges(roots, succ)


def _text_lines(text: str, width: float, char_width: float) -> int:
    per_line = max(1, int(width // char_width))
    return max(1, math.ceil(len(text) / per_line))


def compute_layout(process: ProcessSketch, options: LayoutOptions | None = None) -> Layout:
    """Place nodes in columns (longest path, loops ignored) and rows within their lane's band."""
    opt = options or LayoutOptions()
    ids = flow_ids(process)
    back = _back_edges(process, ids)
    order = {n.id: i for i, n in enumerate(process.nodes)}
    node_by_id = {n.id: n for n in process.nodes}

    forward_preds: dict[str, list[str]] = {n.id: [] for n in process.nodes}
    forward_succ: dict[str, list[str]] = {n.id: [] for n in process.nodes}
    for fid, f in zip(ids, process.flows, strict=False):
        if fid not in back:
            forward_preds[f.target].append(f.source)
            forward_succ[f.source].append(f.target)

    # Topological order (Kahn), ties broken by declaration order; then longest-path columns.
    indegree = {n: len(p) for n, p in forward_preds.items()}
    ready = sorted((n for n, d in indegree.items() if d == 0), key=order.__getitem__)
    topo: list[str] = []
    while ready:
        current = ready.pop(0)
        topo.append(current)
        for nxt in forward_succ[current]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
                ready.sort(key=order.__getitem__)
    column: dict[str, int] = {}
    for node_id in topo:
        column[node_id] = max((column[p] + 1 for p in forward_preds[node_id]), default=0)

    # Rows inside a lane: keep a chain on its predecessor's row when that cell is free.
    taken: set[tuple[str, int, int]] = set()
    row: dict[str, int] = {}
    for node_id in sorted(topo, key=lambda n: (column[n], topo.index(n))):
        lane = node_by_id[node_id].lane
        same_lane = [p for p in forward_preds[node_id] if node_by_id[p].lane == lane]
        preferred = row[same_lane[0]] if same_lane else 0
        candidates = [preferred] + [r for r in range(len(process.nodes)) if r != preferred]
        for r in candidates:
            if (lane, column[node_id], r) not in taken:
                taken.add((lane, column[node_id], r))
                row[node_id] = r
                break
    lane_rows = {lane: 1 for lane in process.lanes}
    for node_id, r in row.items():
        lane = node_by_id[node_id].lane
        lane_rows[lane] = max(lane_rows[lane], r + 1)

    columns_used = max(column.values(), default=0) + 1
    lanes_x = opt.origin_x + opt.pool_header
    content_x = lanes_x + opt.lane_header + opt.margin_left
    lane_width = opt.lane_header + opt.margin_left + columns_used * opt.column_width + opt.margin_right
    lane_bounds: dict[str, Bounds] = {}
    y = float(opt.origin_y)
    for lane in process.lanes:
        height = lane_rows[lane] * opt.row_height
        lane_bounds[lane] = Bounds(lanes_x, y, lane_width, height)
        y += height
    pool = Bounds(opt.origin_x, opt.origin_y, opt.pool_header + lane_width, y - opt.origin_y)

    def size_of(node: Node) -> tuple[int, int]:
        if isinstance(node, UserTask):
            return opt.task_size
        if isinstance(node, (StartEvent, EndEvent)):
            return opt.event_size
        return opt.gateway_size

    shapes: dict[str, Bounds] = {}
    for node in process.nodes:
        width, height = size_of(node)
        cx = content_x + column[node.id] * opt.column_width + opt.column_width / 2
        cy = lane_bounds[node.lane].y + row[node.id] * opt.row_height + opt.row_height / 2
        shapes[node.id] = Bounds(round(cx - width / 2), round(cy - height / 2), width, height)

    def row_band(node_id: str) -> tuple[float, float]:
        lane = lane_bounds[node_by_id[node_id].lane]
        top = lane.y + row[node_id] * opt.row_height
        return top, top + opt.row_height

    # A gateway spreads its outgoing flows over its right, top and bottom corners so that
    # no two of them leave along the same line.
    port: dict[str, str] = {}
    by_source: dict[str, list[tuple[str, Flow]]] = {}
    for fid, f in zip(ids, process.flows, strict=False):
        by_source.setdefault(f.source, []).append((fid, f))
    for source, outs in by_source.items():
        if not isinstance(node_by_id[source], (ExclusiveGateway, ParallelGateway)):
            continue
        free = {"right", "top", "bottom"}
        s = shapes[source]

        def natural(f: Flow) -> str:
            t = shapes[f.target]
            return "top" if t.cy < s.cy else "bottom"  # noqa: B023 - used within this iteration only

        ranked = sorted(
            outs,
            key=lambda item: (
                0 if item[0] not in back and shapes[item[1].target].cy == s.cy else
                1 if item[0] in back else 2
            ),
        )
        for fid, f in ranked:
            t = shapes[f.target]
            if fid not in back and t.cy == s.cy:
                wanted = ["right", natural(f)]
            elif fid in back:
                wanted = [natural(f) if t.cy != s.cy else "bottom", "top", "bottom"]
            else:
                wanted = [natural(f), "right"]
            choice = next((w for w in wanted if w in free), wanted[0])
            free.discard(choice)
            port[fid] = choice

    edges: dict[str, list[tuple[float, float]]] = {}
    top_used: set[str] = set()
    bottom_used: set[str] = set()
    for fid, f in zip(ids, process.flows, strict=False):
        s, t = shapes[f.source], shapes[f.target]
        t_gateway = isinstance(node_by_id[f.target], (ExclusiveGateway, ParallelGateway))
        side = port.get(fid, "right")
        points: list[tuple[float, float]]
        if fid not in back:
            if side in ("top", "bottom"):
                exit_y = s.y if side == "top" else s.bottom
                (top_used if side == "top" else bottom_used).add(f.source)
                if t.cy == s.cy:  # the right corner was taken: go around
                    detour = exit_y + (-20 if side == "top" else 20)
                    points = [(s.cx, exit_y), (s.cx, detour), (t.cx, detour),
                              (t.cx, t.y if side == "top" else t.bottom)]
                else:
                    points = [(s.cx, exit_y), (s.cx, t.cy), (t.x, t.cy)]
            elif s.cy == t.cy:
                points = [(s.right, s.cy), (t.x, t.cy)]
            elif t_gateway and len(by_source.get(f.target, [])) <= 1:  # a join: enter from above/below
                entry_y = t.bottom if s.cy > t.cy else t.y
                (bottom_used if s.cy > t.cy else top_used).add(f.target)
                points = [(s.right, s.cy), (t.cx, s.cy), (t.cx, entry_y)]
            else:
                mid_x = t.cx - opt.column_width / 2
                points = [(s.right, s.cy), (mid_x, s.cy), (mid_x, t.cy), (t.x, t.cy)]
        else:
            t_top, t_bottom = row_band(f.target)
            s_top, s_bottom = row_band(f.source)
            if side == "right":
                exit_point = (s.right, s.cy)
                lead = (s.right + (opt.column_width - s.width) / 4, s.cy)
            elif side == "top" or (side != "bottom" and t.cy < s.cy):
                exit_point, lead = (s.cx, s.y), None
                top_used.add(f.source)
            else:
                exit_point, lead = (s.cx, s.bottom), None
                bottom_used.add(f.source)
            start = [exit_point] + ([lead] if lead else [])
            x_turn = start[-1][0]
            if t.cy < s.cy:  # loop back up: run under the target, enter from below
                channel = t.bottom + (t_bottom - t.bottom) / 2
                points = [*start, (x_turn, channel), (t.cx, channel), (t.cx, t.bottom)]
                bottom_used.add(f.target)
            elif t.cy > s.cy:  # loop back down: run over the target, enter from above
                channel = t.y - (t.y - t_top) / 2
                points = [*start, (x_turn, channel), (t.cx, channel), (t.cx, t.y)]
                top_used.add(f.target)
            elif exit_point[1] == s.y:  # same row, leaving upwards: run above both
                channel = s_top + (min(s.y, t.y) - s_top) / 3
                points = [*start, (x_turn, channel), (t.cx, channel), (t.cx, t.y)]
                top_used.add(f.target)
            else:  # same row: run below both
                channel = s_bottom - (s_bottom - max(s.bottom, t.bottom)) / 3
                points = [*start, (x_turn, channel), (t.cx, channel), (t.cx, t.bottom)]
                bottom_used.add(f.target)
        deduped = [points[0]]
        for p in points[1:]:
            if p != deduped[-1]:
                deduped.append(p)
        if len(deduped) < 2:
            deduped = [points[0], points[-1]]
        edges[fid] = [(float(x), float(y)) for x, y in deduped]

    node_labels: dict[str, Bounds] = {}
    for node in process.nodes:
        if isinstance(node, UserTask) or not node.name:
            continue
        b = shapes[node.id]
        lines = _text_lines(node.name, opt.label_width, opt.char_width)
        height = lines * opt.line_height
        x = b.cx - opt.label_width / 2
        above = isinstance(node, (ExclusiveGateway, ParallelGateway))
        if above and node.id in top_used:
            above = False
        if not above and node.id in bottom_used:
            above = True
        if above and node.id in top_used:  # both sides taken: put the label at the upper left
            x = b.x - opt.label_width - 4
            y_label = b.y - height
        elif above:
            y_label = b.y - 6 - height
        else:
            y_label = b.bottom + 6
        node_labels[node.id] = Bounds(round(x), round(y_label), opt.label_width, height)

    edge_labels: dict[str, Bounds] = {}
    for fid, f in zip(ids, process.flows, strict=False):
        if not f.name:
            continue
        (x0, y0), (_x1, y1) = edges[fid][0], edges[fid][1]
        width = max(20, round(len(f.name) * opt.char_width + 4))
        if y0 == y1:  # horizontal start: above the line
            box = Bounds(x0 + 6, y0 - opt.line_height - 4, width, opt.line_height)
        elif y1 > y0:  # going down: right of the line
            box = Bounds(x0 + 6, y0 + 4, width, opt.line_height)
        else:  # going up
            box = Bounds(x0 + 6, y0 - opt.line_height - 4, width, opt.line_height)
        edge_labels[fid] = Bounds(round(box.x), round(box.y), box.width, box.height)

    return Layout(pool, lane_bounds, shapes, node_labels, edges, edge_labels, column, row)


# --------------------------------------------------------------------------------------------
# XML
# --------------------------------------------------------------------------------------------


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

    Raises :class:`SketchError` when the sketch is invalid (see :func:`validate_sketch`).
    """
    validate_sketch(process)
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
