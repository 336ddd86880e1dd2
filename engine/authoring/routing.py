"""The edges of a laid-out diagram: which side of a shape each flow leaves and enters, and its waypoints.

Readers follow arrows, so no two flows may be drawn over each other and a loop back must not run
across a name. Tasks and events take flows in on the left and out on the right (after
:func:`engine.authoring.sketch.with_explicit_merges` a task has one flow in); a gateway gives each of
its flows its own corner, and a loop back runs in the gap below (or above) the row it returns to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from engine.authoring.sketch import ExclusiveGateway, Flow, Node, ParallelGateway
from engine.diagrams.geometry import Bounds

Point = tuple[float, float]

LEAD = 15.0
"""How far a flow runs straight out of a shape before it turns (loop backs leaving on the right)."""
DETOUR = 20.0
"""How far a flow that must go around its own source or target keeps from it."""
NUDGE = 10.0
"""How far apart two flows that would share a line are drawn."""


@dataclass(frozen=True)
class Grid:
    """What routing needs to know of the layout: shapes, and the bands of columns and rows."""

    shapes: Mapping[str, Bounds]
    column: Mapping[str, int]
    column_left: Sequence[float]
    """x of each column's left edge: the middle of the gap before it."""
    band: Mapping[str, tuple[float, float]]
    """Top and bottom of the row band each node sits in."""
    content: Mapping[str, tuple[float, float]]
    """Top and bottom of the tallest shape in each node's row."""


def _side_point(b: Bounds, side: str) -> Point:
    return {"left": (b.x, b.cy), "right": (b.right, b.cy), "top": (b.cx, b.y), "bottom": (b.cx, b.bottom)}[side]


def assign_ports(nodes: Mapping[str, Node], flows: Sequence[tuple[str, Flow]], back: set[str],
                 shapes: Mapping[str, Bounds]) -> dict[tuple[str, str], str]:
    """The side of the source (``(flow id, "out")``) and of the target (``(flow id, "in")``) each flow uses.

    A gateway's flows take distinct sides where there are enough: flows along the row take left and
    right, flows to or from another row the side facing it, loop backs the side facing their channel.
    """
    ports: dict[tuple[str, str], str] = {}
    ends: dict[str, list[tuple[int, str, str, list[str]]]] = {}
    for fid, f in flows:
        s, t = shapes[f.source], shapes[f.target]
        is_back = fid in back
        up_out = "top" if t.cy < s.cy else "bottom"
        up_in = "top" if s.cy < t.cy else "bottom"
        if is_back:
            out_wanted = [up_out if t.cy != s.cy else "bottom", "top", "bottom", "right"]
            in_wanted = [up_in if t.cy != s.cy else "bottom", "bottom", "top", "left"]
            out_rank = in_rank = 1
        else:
            same_row = t.cy == s.cy
            out_wanted = ["right", up_out] if same_row else [up_out, "right", "bottom", "top"]
            in_wanted = ["left", up_in, "top", "bottom"]
            out_rank = in_rank = 0 if same_row else 2
        ends.setdefault(f.source, []).append((out_rank, fid, "out", out_wanted))
        ends.setdefault(f.target, []).append((in_rank, fid, "in", in_wanted))
    for node_id, node_ends in ends.items():
        gateway = isinstance(nodes[node_id], (ExclusiveGateway, ParallelGateway))
        free = {"left", "right", "top", "bottom"}
        for _rank, fid, direction, wanted in sorted(node_ends, key=lambda e: e[0]):
            if not gateway:
                ports[(fid, direction)] = "right" if direction == "out" else "left"
                continue
            choice = next((w for w in wanted if w in free), wanted[0])
            free.discard(choice)
            ports[(fid, direction)] = choice
    return ports


def _forward(grid: Grid, f: Flow, out_side: str, in_side: str) -> list[Point]:
    s, t = grid.shapes[f.source], grid.shapes[f.target]
    p, q = _side_point(s, out_side), _side_point(t, in_side)
    channel_x = grid.column_left[grid.column[f.target]]
    if out_side == "right" and in_side == "left":
        if p[1] == q[1]:
            return [p, q]
        return [p, (channel_x, p[1]), (channel_x, q[1]), q]
    if out_side in ("top", "bottom") and in_side == "left":
        if (q[1] < p[1]) == (out_side == "top") and q[1] != p[1]:
            return [p, (p[0], q[1]), q]
        detour = p[1] - DETOUR if out_side == "top" else p[1] + DETOUR
        return [p, (p[0], detour), (channel_x, detour), (channel_x, q[1]), q]
    if out_side == "right" and in_side in ("top", "bottom"):
        if (p[1] < q[1]) == (in_side == "top") and q[0] > p[0]:
            return [p, (q[0], p[1]), q]
        entry = q[1] - DETOUR if in_side == "top" else q[1] + DETOUR
        return [p, (channel_x, p[1]), (channel_x, entry), (q[0], entry), q]
    # both vertical (gateway to gateway across rows), or anything unusual: a three-part line.
    exit_y = p[1] - DETOUR if out_side == "top" else p[1] + DETOUR if out_side == "bottom" else p[1]
    entry_y = q[1] - DETOUR if in_side == "top" else q[1] + DETOUR if in_side == "bottom" else q[1]
    if out_side in ("top", "bottom") and in_side in ("top", "bottom") and \
            (out_side == "bottom") == (q[1] > p[1]) and (in_side == "top") == (q[1] > p[1]):
        middle = (p[1] + q[1]) / 2
        return [p, (p[0], middle), (q[0], middle), q]
    exit_x = p[0] + LEAD if out_side == "right" else p[0]
    entry_x = q[0] - LEAD if in_side == "left" else q[0]
    return [p, (exit_x, exit_y), (exit_x, (exit_y + entry_y) / 2), (entry_x, (exit_y + entry_y) / 2),
            (entry_x, entry_y), q]


def _loop_back(grid: Grid, f: Flow, out_side: str, in_side: str) -> list[Point]:
    s, t = grid.shapes[f.source], grid.shapes[f.target]
    p, q = _side_point(s, out_side), _side_point(t, in_side)
    start = [p, (p[0] + LEAD, p[1])] if out_side == "right" else [p]
    x_turn = start[-1][0]
    band_top, band_bottom = grid.band[f.target]
    content_top, content_bottom = grid.content[f.target]
    below = in_side == "bottom" or (in_side in ("left", "right") and t.cy <= s.cy)
    channel = (content_bottom + band_bottom) / 2 if below else (band_top + content_top) / 2
    if in_side in ("top", "bottom"):
        return [*start, (x_turn, channel), (q[0], channel), q]
    side_x = q[0] - LEAD if in_side == "left" else q[0] + LEAD
    return [*start, (x_turn, channel), (side_x, channel), (side_x, q[1]), q]


def route(grid: Grid, flows: Sequence[tuple[str, Flow]], back: set[str],
          ports: Mapping[tuple[str, str], str]) -> dict[str, list[Point]]:
    """Orthogonal waypoints of every flow, no two drawn along the same line."""
    edges: dict[str, list[Point]] = {}
    for fid, f in flows:
        out_side, in_side = ports[(fid, "out")], ports[(fid, "in")]
        points = (_loop_back if fid in back else _forward)(grid, f, out_side, in_side)
        deduped = [points[0]]
        for point in points[1:]:
            if point != deduped[-1]:
                deduped.append(point)
        edges[fid] = [(float(x), float(y)) for x, y in deduped] if len(deduped) > 1 else [points[0], points[-1]]
    _separate(edges)
    return edges


def overlap(a: tuple[Point, Point], b: tuple[Point, Point]) -> float:
    """Length two axis-parallel segments share when drawn along the same line (0 if they do not)."""
    (ax0, ay0), (ax1, ay1) = a
    (bx0, by0), (bx1, by1) = b
    if ax0 == ax1 == bx0 == bx1:
        return min(max(ay0, ay1), max(by0, by1)) - max(min(ay0, ay1), min(by0, by1))
    if ay0 == ay1 == by0 == by1:
        return min(max(ax0, ax1), max(bx0, bx1)) - max(min(ax0, ax1), min(bx0, bx1))
    return 0.0


def _separate(edges: dict[str, list[Point]], rounds: int = 8) -> None:
    """Move an inner segment of one of two flows that share a line by :data:`NUDGE` pixels.

    Only inner segments move (the first and last stay on their shape's side), together with the ends
    of their neighbours, so the line stays orthogonal.
    """
    for _ in range(rounds):
        clash = _first_clash(edges)
        if clash is None:
            return
        fid, index = clash
        points = edges[fid]
        (x0, y0), (x1, y1) = points[index], points[index + 1]
        if x0 == x1:
            points[index], points[index + 1] = (x0 + NUDGE, y0), (x1 + NUDGE, y1)
        else:
            points[index], points[index + 1] = (x0, y0 + NUDGE), (x1, y1 + NUDGE)


def _first_clash(edges: Mapping[str, list[Point]]) -> tuple[str, int] | None:
    """A flow and the index of an inner segment of it that shares a line with another flow."""
    segments = [(fid, i, (pts[i], pts[i + 1])) for fid, pts in edges.items() for i in range(len(pts) - 1)]
    for n, (fid_a, i, seg_a) in enumerate(segments):
        for fid_b, j, seg_b in segments[n + 1:]:
            if fid_a == fid_b or overlap(seg_a, seg_b) <= 1:
                continue
            for fid, index in ((fid_b, j), (fid_a, i)):
                if 0 < index < len(edges[fid]) - 2:
                    return fid, index
    return None
