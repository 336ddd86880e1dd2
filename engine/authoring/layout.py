"""Where each lane, node and edge of a sketched process goes in the diagram.

Offices correct their SOPs in a BPMN viewer, so a generated file must open and look right in
bpmn.io / Camunda Modeler: one pool, one horizontal lane per role, nodes left to right in flow
order, orthogonal edges.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from engine.authoring.sketch import (
    EndEvent,
    ExclusiveGateway,
    Flow,
    LayoutOptions,
    Node,
    ParallelGateway,
    ProcessSketch,
    StartEvent,
    UserTask,
    flow_ids,
)
from engine.diagrams.geometry import Bounds, back_edges


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
