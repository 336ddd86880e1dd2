"""Where each lane, node and edge of a sketched process goes in the diagram.

Offices correct their SOPs in a BPMN viewer, so a generated file must open and look right in
bpmn.io / Camunda Modeler: one pool, one horizontal lane per role, nodes left to right in flow
order, orthogonal edges. Offices write long activity names, so each task box is sized to its name
as bpmn-js wraps it (:mod:`engine.authoring.measure`), columns and rows make room for their largest
box, and pool and lanes grow until their names fit the header band; the flows are routed by
:mod:`engine.authoring.routing`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from engine.authoring.measure import header_length, task_size, text_width, wrap_like_bpmn_js
from engine.authoring.routing import Grid, assign_ports, route
from engine.authoring.sketch import (
    EndEvent,
    ExclusiveGateway,
    LayoutOptions,
    Node,
    ParallelGateway,
    ProcessSketch,
    StartEvent,
    UserTask,
    flow_ids,
)
from engine.diagrams.geometry import Bounds, back_edges

LABEL_FONT_SIZE = 11.0
"""bpmn-js's font size for names written next to a shape or a flow."""
LABEL_GAP = 6
"""Distance between a shape and its name written above or below it."""


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




def _back_edges(process: ProcessSketch, ids: Sequence[str]) -> set[str]:
    """Flows that close a cycle, walking from the start events first."""
    succ: dict[str, list[tuple[str, str]]] = {n.id: [] for n in process.nodes}
    for fid, f in zip(ids, process.flows, strict=False):
        succ[f.source].append((fid, f.target))
    roots = [n.id for n in process.nodes if isinstance(n, StartEvent)]
    roots += [n.id for n in process.nodes if not isinstance(n, StartEvent)]
    return back_edges(roots, succ)


def _grid(process: ProcessSketch, ids: Sequence[str], back: set[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Columns (longest path, loops ignored) and rows within each lane."""
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
    return column, row


def _label_lines(name: str, opt: LayoutOptions) -> int:
    """Lines of a name written beside its shape (bpmn-js wraps it to the label's width)."""
    return max(1, len(wrap_like_bpmn_js(name, opt.label_width, LABEL_FONT_SIZE)[0]))


def _size_of(node: Node, opt: LayoutOptions) -> tuple[int, int]:
    if isinstance(node, UserTask):
        return task_size(node.name, opt.task_size)
    if isinstance(node, (StartEvent, EndEvent)):
        return opt.event_size
    return opt.gateway_size


def compute_layout(process: ProcessSketch, options: LayoutOptions | None = None) -> Layout:
    """Place nodes in columns and rows, each box sized to its name, and route the flows between them.

    A column is as wide as its widest box plus the gap, a row as tall as its tallest box plus the gap;
    lanes and the pool grow until their names fit their header band.
    """
    opt = options or LayoutOptions()
    ids = flow_ids(process)
    back = _back_edges(process, ids)
    node_by_id = {n.id: n for n in process.nodes}
    column, row = _grid(process, ids, back)
    sizes = {n.id: _size_of(n, opt) for n in process.nodes}

    gap_x = opt.column_width - opt.task_size[0]
    gap_y = opt.row_height - opt.task_size[1]
    columns_used = max(column.values(), default=0) + 1
    column_width = [float(opt.column_width)] * columns_used
    for node_id, c in column.items():
        column_width[c] = max(column_width[c], sizes[node_id][0] + gap_x)
    lanes_x = opt.origin_x + opt.pool_header
    content_x = lanes_x + opt.lane_header + opt.margin_left
    column_left = [content_x + sum(column_width[:c]) for c in range(columns_used)]

    label_height = {n.id: _label_lines(n.name, opt) * opt.line_height for n in process.nodes
                    if n.name and not isinstance(n, UserTask)}
    row_height: dict[str, list[float]] = {lane: [float(opt.row_height)] for lane in process.lanes}
    for node_id, r in row.items():
        heights = row_height[node_by_id[node_id].lane]
        heights.extend([float(opt.row_height)] * (r + 1 - len(heights)))
        # Room for the box, and for a name written above or below it (with a margin to the lane's edge).
        needed = sizes[node_id][1] + max(gap_y, 2 * (LABEL_GAP + label_height.get(node_id, 0) + 8))
        heights[r] = max(heights[r], needed)
    lane_height = {lane: header_length(lane, sum(row_height[lane])) for lane in process.lanes}
    natural = sum(lane_height.values())
    extra = header_length(process.name, natural) - natural
    for index, lane in enumerate(process.lanes):  # the pool's name needs more: share it out
        share = extra // len(process.lanes) + (extra % len(process.lanes) if index == len(process.lanes) - 1 else 0)
        lane_height[lane] += share

    lane_width = opt.lane_header + opt.margin_left + sum(column_width) + opt.margin_right
    lane_bounds: dict[str, Bounds] = {}
    row_top: dict[tuple[str, int], float] = {}
    y = float(opt.origin_y)
    for lane in process.lanes:
        lane_bounds[lane] = Bounds(lanes_x, y, lane_width, lane_height[lane])
        top = y + (lane_height[lane] - sum(row_height[lane])) / 2
        for r, height in enumerate(row_height[lane]):
            row_top[(lane, r)] = top
            top += height
        y += lane_height[lane]
    pool = Bounds(opt.origin_x, opt.origin_y, opt.pool_header + lane_width, y - opt.origin_y)

    shapes: dict[str, Bounds] = {}
    band: dict[str, tuple[float, float]] = {}
    for node in process.nodes:
        width, height = sizes[node.id]
        c, key = column[node.id], (node.lane, row[node.id])
        top = row_top[key]
        band[node.id] = (top, top + row_height[node.lane][row[node.id]])
        cx = column_left[c] + column_width[c] / 2
        cy = top + row_height[node.lane][row[node.id]] / 2
        shapes[node.id] = Bounds(round(cx - width / 2), round(cy - height / 2), width, height)
    tallest: dict[tuple[str, int], tuple[float, float]] = {}
    for node in process.nodes:
        key, b = (node.lane, row[node.id]), shapes[node.id]
        low, high = tallest.get(key, (b.y, b.bottom))
        tallest[key] = (min(low, b.y), max(high, b.bottom))
    content = {n.id: tallest[(n.lane, row[n.id])] for n in process.nodes}

    flows = list(zip(ids, process.flows, strict=False))
    ports = assign_ports(node_by_id, flows, back, shapes)
    grid = Grid(shapes, column, column_left, band, content)
    edges = route(grid, flows, back, ports)

    flow_by_id = dict(flows)
    used: dict[str, set[str]] = {}  # the sides of each shape that flows leave or enter by
    for (fid, direction), side in ports.items():
        f = flow_by_id[fid]
        used.setdefault(f.source if direction == "out" else f.target, set()).add(side)

    node_labels: dict[str, Bounds] = {}
    for node in process.nodes:
        if isinstance(node, UserTask) or not node.name:
            continue
        b = shapes[node.id]
        height = label_height[node.id]
        x = b.cx - opt.label_width / 2
        sides = used.get(node.id, set())
        above = isinstance(node, (ExclusiveGateway, ParallelGateway))
        if above and "top" in sides:
            above = False
        if not above and "bottom" in sides:
            above = True
        if above and "top" in sides:  # both sides taken: put the label at the upper left
            x = b.x - opt.label_width - 4
            y_label = b.y - height
        elif above:
            y_label = b.y - LABEL_GAP - height
        else:
            y_label = b.bottom + LABEL_GAP
        node_labels[node.id] = Bounds(round(x), round(y_label), opt.label_width, height)

    edge_labels: dict[str, Bounds] = {}
    for fid, f in flows:
        if not f.name:
            continue
        (x0, y0), (_x1, y1) = edges[fid][0], edges[fid][1]
        width = max(20, math.ceil(text_width(f.name, LABEL_FONT_SIZE)) + 6)
        if y0 == y1:  # horizontal start: above the line
            box = Bounds(x0 + 6, y0 - opt.line_height - 4, width, opt.line_height)
        elif y1 > y0:  # going down: right of the line
            box = Bounds(x0 + 6, y0 + 4, width, opt.line_height)
        else:  # going up
            box = Bounds(x0 + 6, y0 - opt.line_height - 4, width, opt.line_height)
        edge_labels[fid] = Bounds(round(box.x), round(box.y), box.width, box.height)

    return Layout(pool, lane_bounds, shapes, node_labels, edges, edge_labels, column, row)
