"""Draw a BPMN process as a standalone SVG, from its diagram interchange (DI).

Staff see where a case stands on the same picture the office drew in its BPMN modeler, so the
layout is never recomputed: pools, lanes, shapes and edges go exactly where the DI puts them.

The SVG is embedded inline in HTML pages whose Content-Security-Policy (``style-src 'self'``)
blocks ``<style>`` elements and ``style=""`` attributes, so every colour and size is a presentation
attribute (``fill=``, ``stroke=``, ``font-size=``); CSS classes (``bpmn-task``, ``state-done`` ...)
are there for the page's own stylesheet to refine. Names come from user-edited BPMN: all text goes
through lxml (escaped), no script, event attribute or external reference is ever written.

Pure: no database, no Flask, no SpiffWorkflow.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence

from lxml import etree

from engine.diagrams.look import (
    DEFAULT_LOOK,
    FLOW_INK,
    FLOW_KINDS,
    FONT_FAMILY,
    HEADER_BAND,
    HEAT_TEXT,
    INK,
    LANE_HEADER_FILL,
    MARGIN,
    POOL_HEADER_FILL,
    POOL_STROKE,
    STATE_LOOKS,
    STATE_WORDS,
    TASK_KINDS,
    TASK_LINES,
    VISITED_INK,
    Look,
    StepMark,
    heat_colour,
    num,
)
from engine.diagrams.model import Box, DiagramModel, Edge, Element, Shape, read_model
from engine.diagrams.path import describe, visited_flows
from engine.diagrams.text import CHAR_EM, clean_text, fit_text, wrap

SVG_NS = "http://www.w3.org/2000/svg"


# --------------------------------------------------------------------------------------------
# Drawing
# --------------------------------------------------------------------------------------------


def _svg(tag: str) -> str:
    return f"{{{SVG_NS}}}{tag}"


class _Canvas:
    """The SVG tree being built, and the extent of everything drawn (for the viewBox)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.root = etree.Element(_svg("svg"), nsmap={None: SVG_NS})
        self.min_x = self.min_y = math.inf
        self.max_x = self.max_y = -math.inf

    def grow(self, x: float, y: float, width: float = 0, height: float = 0) -> None:
        self.min_x, self.min_y = min(self.min_x, x), min(self.min_y, y)
        self.max_x, self.max_y = max(self.max_x, x + width), max(self.max_y, y + height)

    @property
    def empty(self) -> bool:
        return self.min_x == math.inf


def _el(parent: etree._Element, tag: str, **attrs: str | float | None) -> etree._Element:
    """A child SVG element: ``stroke_width`` becomes ``stroke-width``, ``class_`` ``class``; None is left out."""
    clean = {k.rstrip("_").replace("_", "-"): (num(v) if isinstance(v, (int, float)) else clean_text(v))
             for k, v in attrs.items() if v is not None}
    return etree.SubElement(parent, _svg(tag), clean)


def _text(parent: etree._Element, lines: Sequence[str], x: float, first_baseline: float, size: float,
          fill: str, *, anchor: str = "middle", weight: str | None = None, line_factor: float = 1.2,
          transform: str | None = None) -> etree._Element:
    text = _el(parent, "text", x=x, y=first_baseline, font_size=size, fill=fill, text_anchor=anchor,
               font_weight=weight, transform=transform)
    for index, line in enumerate(lines):
        span = _el(text, "tspan", x=x, y=first_baseline + index * size * line_factor)
        span.text = clean_text(line)
    return text


def _centered_baseline(cy: float, lines: int, size: float, line_factor: float = 1.2) -> float:
    """The first baseline that centres ``lines`` lines of text vertically on ``cy``."""
    return cy - (lines - 1) * size * line_factor / 2 + size * 0.35


def _tooltip(group: etree._Element, text: str) -> None:
    if text:
        _el(group, "title").text = clean_text(text)


def _defs(canvas: _Canvas) -> None:
    defs = _el(canvas.root, "defs")
    for suffix, colour in (("arrow", FLOW_INK), ("arrow-visited", VISITED_INK)):
        marker = _el(defs, "marker", id=f"{canvas.prefix}-{suffix}", viewBox="0 0 10 10", refX=9, refY=5,
                     markerWidth=10, markerHeight=10, markerUnits="userSpaceOnUse", orient="auto")
        _el(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill=colour)
    marker = _el(defs, "marker", id=f"{canvas.prefix}-open-arrow", viewBox="0 0 10 10", refX=9, refY=5,
                 markerWidth=11, markerHeight=11, markerUnits="userSpaceOnUse", orient="auto")
    _el(marker, "path", d="M 0 0 L 10 5 L 0 10 z", fill="#ffffff", stroke=FLOW_INK, stroke_width=1)
    marker = _el(defs, "marker", id=f"{canvas.prefix}-open-circle", viewBox="0 0 10 10", refX=5, refY=5,
                 markerWidth=8, markerHeight=8, markerUnits="userSpaceOnUse", orient="auto")
    _el(marker, "circle", cx=5, cy=5, r=4, fill="#ffffff", stroke=FLOW_INK, stroke_width=1)


def _draw_container(canvas: _Canvas, layer: etree._Element, shape: Shape) -> None:
    """A pool or a lane: a box with its name in the header band (written vertically when horizontal)."""
    b, element = shape.bounds, shape.element
    pool = element.kind == "participant"
    width = 1.5 if pool else 1
    group = _el(layer, "g", class_="bpmn-pool" if pool else "bpmn-lane")
    group.set("data-element-id", element.id)
    _tooltip(group, element.name)
    _el(group, "rect", x=b.x, y=b.y, width=b.width, height=b.height, fill="#ffffff" if pool else "none",
        stroke=POOL_STROKE, stroke_width=width)
    header_fill = POOL_HEADER_FILL if pool else LANE_HEADER_FILL
    weight = "600" if pool else None
    if shape.horizontal:
        band = min(HEADER_BAND, b.width)
        _el(group, "rect", x=b.x, y=b.y, width=band, height=b.height, fill=header_fill, stroke=POOL_STROKE,
            stroke_width=width)
        size, lines = fit_text(element.name, max(b.height - 12, 10), band - 4, sizes=(12, 11, 10))
        cx, cy = b.x + band / 2, b.cy
        # Rotated -90° about (cx, cy): the text reads bottom to top and its lines stack rightwards.
        _text(group, lines, cx, _centered_baseline(cy, len(lines), size), size, INK, weight=weight,
              transform=f"rotate(-90 {num(cx)} {num(cy)})")
    else:
        band = min(HEADER_BAND, b.height)
        _el(group, "rect", x=b.x, y=b.y, width=b.width, height=band, fill=header_fill, stroke=POOL_STROKE,
            stroke_width=width)
        size, lines = fit_text(element.name, max(b.width - 12, 10), band - 4, sizes=(12, 11, 10))
        _text(group, lines, b.cx, _centered_baseline(b.y + band / 2, len(lines), size), size, INK, weight=weight)
    canvas.grow(b.x, b.y, b.width, b.height)


def _kind_classes(kind: str) -> str:
    if kind in TASK_KINDS:
        return "bpmn-shape bpmn-task"
    if kind.endswith("Event"):
        return "bpmn-shape bpmn-event " + ("bpmn-start-event" if kind == "startEvent" else
                                           "bpmn-end-event" if kind == "endEvent" else "bpmn-intermediate-event")
    if kind.endswith("Gateway"):
        return "bpmn-shape bpmn-gateway " + ("bpmn-exclusive-gateway" if kind == "exclusiveGateway" else
                                             "bpmn-parallel-gateway" if kind == "parallelGateway" else
                                             "bpmn-other-gateway")
    if kind == "textAnnotation":
        return "bpmn-annotation"
    return "bpmn-shape bpmn-artifact"


def _draw_node(canvas: _Canvas, layer: etree._Element, shape: Shape, mark: StepMark | None,
               heat: float | None, note: str | None) -> None:
    """One flow node (task, event, gateway) or artifact, coloured by its mark or its heat."""
    b, element, kind = shape.bounds, shape.element, shape.element.kind
    look = STATE_LOOKS[mark] if mark else DEFAULT_LOOK
    if heat is not None and not mark:
        look = Look(fill=heat_colour(heat), stroke=INK, stroke_width=look.stroke_width, text=HEAT_TEXT)
    fill = look.fill
    classes = _kind_classes(kind) + (f" state-{mark.value}" if mark else "") + (" has-heat" if heat is not None
                                                                                 else "")
    group = _el(layer, "g", class_=classes)
    group.set("data-element-id", element.id)
    if mark:
        group.set("data-state", mark.value)
    if heat is not None:
        group.set("data-heat", f"{heat:.2f}")
    state_word = STATE_WORDS[mark] if mark else ""
    _tooltip(group, " — ".join(part for part in (element.name or element.id, state_word, note or "") if part))
    stroke = {"stroke": look.stroke, "stroke_dasharray": look.dash}
    canvas.grow(b.x, b.y, b.width, b.height)

    if kind in TASK_KINDS:
        _el(group, "rect", x=b.x, y=b.y, width=b.width, height=b.height, rx=min(10, b.width / 4, b.height / 4),
            fill=fill, stroke_width=look.stroke_width, **stroke)
        if kind in {"subProcess", "callActivity", "transaction", "adHocSubProcess"}:
            _el(group, "rect", x=b.cx - 7, y=b.bottom - 16, width=14, height=14, fill="none",
                stroke=look.stroke, stroke_width=1)
            plus = f"M {num(b.cx - 4)} {num(b.bottom - 9)} h 8 M {num(b.cx)} {num(b.bottom - 13)} v 8"
            _el(group, "path", d=plus, fill="none", stroke=look.stroke, stroke_width=1.5)
        size, lines = fit_text(element.name, max(b.width - 8, 8), max(b.height - 6, 8), line_factor=TASK_LINES)
        _text(group, lines, b.cx, _centered_baseline(b.cy, len(lines), size, TASK_LINES), size, look.text,
              line_factor=TASK_LINES)
        return

    if kind.endswith("Event"):
        r = max(1.0, min(b.width, b.height) / 2)
        base = 4.0 if kind == "endEvent" else 1.5
        width = max(base, look.stroke_width) if mark else base
        _el(group, "circle", cx=b.cx, cy=b.cy, r=r - (width / 2 if kind == "endEvent" else 0), fill=fill,
            stroke_width=width, **stroke)
        if kind not in {"startEvent", "endEvent"}:  # intermediate and boundary events: a double ring
            _el(group, "circle", cx=b.cx, cy=b.cy, r=max(1.0, r - 3), fill="none", stroke=look.stroke,
                stroke_width=1.2)
    elif kind.endswith("Gateway"):
        d = f"M {num(b.cx)} {num(b.y)} L {num(b.right)} {num(b.cy)} L {num(b.cx)} {num(b.bottom)} " \
            f"L {num(b.x)} {num(b.cy)} Z"
        _el(group, "path", d=d, fill=fill, stroke_width=max(1.5, look.stroke_width) if mark else 1.5,
            stroke_linejoin="round", **stroke)
        _gateway_marker(group, b, kind, look.stroke)
    elif kind == "textAnnotation":
        _el(group, "path", d=f"M {num(b.x + 10)} {num(b.y)} H {num(b.x)} V {num(b.bottom)} H {num(b.x + 10)}",
            fill="none", stroke=FLOW_INK, stroke_width=1.2)
        lines = wrap(element.name, max(b.width - 8, 8), 11)
        _text(group, lines, b.x + 5, b.y + 14, 11, INK, anchor="start")
        return
    else:  # data objects, data stores and the like: a plain box, the name below
        _el(group, "rect", x=b.x, y=b.y, width=b.width, height=b.height, fill=fill, stroke=look.stroke,
            stroke_width=1.2, stroke_dasharray=look.dash)
    _outside_label(canvas, group, shape, look.text)


def _gateway_marker(group: etree._Element, b: Box, kind: str, colour: str) -> None:
    k = min(b.width, b.height) * 0.2
    if kind == "exclusiveGateway":
        d = f"M {num(b.cx - k)} {num(b.cy - k)} L {num(b.cx + k)} {num(b.cy + k)} " \
            f"M {num(b.cx + k)} {num(b.cy - k)} L {num(b.cx - k)} {num(b.cy + k)}"
    elif kind == "parallelGateway":
        k *= 1.25
        d = f"M {num(b.cx)} {num(b.cy - k)} V {num(b.cy + k)} M {num(b.cx - k)} {num(b.cy)} H {num(b.cx + k)}"
    elif kind == "complexGateway":
        d = (f"M {num(b.cx)} {num(b.cy - k)} V {num(b.cy + k)} M {num(b.cx - k)} {num(b.cy)} H {num(b.cx + k)} "
             f"M {num(b.cx - k * .7)} {num(b.cy - k * .7)} L {num(b.cx + k * .7)} {num(b.cy + k * .7)} "
             f"M {num(b.cx + k * .7)} {num(b.cy - k * .7)} L {num(b.cx - k * .7)} {num(b.cy + k * .7)}")
    else:  # inclusive and event-based gateways: a ring
        _el(group, "circle", cx=b.cx, cy=b.cy, r=k * 1.2, fill="none", stroke=colour, stroke_width=2.5)
        return
    _el(group, "path", d=d, fill="none", stroke=colour, stroke_width=3.5, stroke_linecap="round")


def _label_box(shape: Shape) -> Box:
    """Where an event's or gateway's name goes: the DI label, or under the shape as modelers do."""
    if shape.label is not None and shape.label.width > 0:
        return shape.label
    b = shape.bounds
    return Box(b.cx - 50, b.bottom + 5, 100, 14)


def _outside_label(canvas: _Canvas, group: etree._Element, shape: Shape, colour: str) -> None:
    if not shape.element.name:
        return
    box = _label_box(shape)
    size = 11.0
    lines = wrap(shape.element.name, max(box.width + 10, 60), size)
    _text(group, lines, box.cx, box.y + size * 0.9, size, colour)
    canvas.grow(box.x, box.y, box.width, max(box.height, len(lines) * size * 1.2))


def _fallback_points(model: DiagramModel, element: Element) -> tuple[tuple[float, float], ...]:
    """An edge without waypoints: a straight line between the borders of its two shapes."""
    source = model.shapes.get(element.source or "")
    target = model.shapes.get(element.target or "")
    if source is None or target is None:
        return ()
    s, t = source.bounds, target.bounds
    return (_clip(s, t.cx, t.cy), _clip(t, s.cx, s.cy))


def _clip(box: Box, towards_x: float, towards_y: float) -> tuple[float, float]:
    dx, dy = towards_x - box.cx, towards_y - box.cy
    if dx == 0 and dy == 0:
        return box.cx, box.cy
    scale = min(box.width / 2 / abs(dx) if dx else math.inf, box.height / 2 / abs(dy) if dy else math.inf)
    return box.cx + dx * scale, box.cy + dy * scale


def _draw_edge(canvas: _Canvas, layer: etree._Element, model: DiagramModel, edge: Edge, visited: bool) -> None:
    """A flow as a polyline with an arrowhead (an SVG marker), its name near the first segment."""
    element = edge.element
    points = edge.points if len(edge.points) >= 2 else _fallback_points(model, element)
    if len(points) < 2:
        return
    kind = element.kind
    classes = "bpmn-flow " + {"sequenceFlow": "bpmn-sequence-flow", "messageFlow": "bpmn-message-flow"}.get(
        kind, "bpmn-association") + (" state-visited" if visited else "")
    group = _el(layer, "g", class_=classes)
    group.set("data-element-id", element.id)
    _tooltip(group, element.name)
    colour = VISITED_INK if visited else FLOW_INK
    d = "M " + " L ".join(f"{num(x)} {num(y)}" for x, y in points)
    prefix = canvas.prefix
    if kind == "sequenceFlow":
        marker = f"url(#{prefix}-arrow-visited)" if visited else f"url(#{prefix}-arrow)"
        _el(group, "path", d=d, fill="none", stroke=colour, stroke_width=2.5 if visited else 1.5,
            stroke_linejoin="round", marker_end=marker)
    elif kind == "messageFlow":
        _el(group, "path", d=d, fill="none", stroke=colour, stroke_width=1.5, stroke_dasharray="6 4",
            marker_start=f"url(#{prefix}-open-circle)", marker_end=f"url(#{prefix}-open-arrow)")
    else:
        _el(group, "path", d=d, fill="none", stroke=colour, stroke_width=1.2, stroke_dasharray="2 3",
            marker_end=f"url(#{prefix}-open-arrow)" if kind != "association" else None)
    for x, y in points:
        canvas.grow(x, y)
    source = model.elements.get(element.source or "")
    if source is not None and source.default_flow == element.id:
        _default_slash(group, points, colour)
    if element.name:
        _edge_label(canvas, group, edge, points, visited)


def _default_slash(group: etree._Element, points: Sequence[tuple[float, float]], colour: str) -> None:
    """BPMN's mark of a default flow: a short slash across the line near its source."""
    (x0, y0), (x1, y1) = points[0], points[1]
    length = math.hypot(x1 - x0, y1 - y0)
    if length < 1:
        return
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    cx, cy = x0 + ux * min(12, length / 2), y0 + uy * min(12, length / 2)
    nx, ny = -uy, ux
    a = (cx - 3 * ux + 5 * nx, cy - 3 * uy + 5 * ny)
    b = (cx + 3 * ux - 5 * nx, cy + 3 * uy - 5 * ny)
    _el(group, "path", d=f"M {num(a[0])} {num(a[1])} L {num(b[0])} {num(b[1])}", stroke=colour,
        stroke_width=1.5, fill="none")


def _edge_label(canvas: _Canvas, group: etree._Element, edge: Edge, points: Sequence[tuple[float, float]],
                visited: bool) -> None:
    name, size = edge.element.name, 11.0
    lines = wrap(name, max(edge.label.width + 10, 60) if edge.label else 120, size)
    width = max(len(line) for line in lines) * size * CHAR_EM + 6
    height = len(lines) * size * 1.2 + 2
    if edge.label is not None:
        x, y = edge.label.cx - width / 2, edge.label.cy - height / 2
    else:  # beside the first segment, where a modeler would put it
        (x0, y0), (x1, y1) = points[0], points[1]
        if abs(y1 - y0) < abs(x1 - x0):  # horizontal: above the line
            x, y = (x0 + 6 if x1 >= x0 else x0 - 6 - width), y0 - height - 3
        else:  # vertical: right of the line
            x, y = x0 + 5, (y0 + 4 if y1 >= y0 else y0 - height - 4)
    _el(group, "rect", x=x, y=y, width=width, height=height, rx=3, fill="#ffffff", fill_opacity=0.85)
    _text(group, lines, x + width / 2, y + 1 + size * 0.9, size, VISITED_INK if visited else INK,
          weight="600")
    canvas.grow(x, y, width, height)


def _draw_overlays(canvas: _Canvas, layer: etree._Element, shape: Shape, mark: StepMark | None,
                   note: str | None) -> None:
    """What sits on top of everything: the done tick, the "terlambat" tag, the note under a step."""
    b = shape.bounds
    if mark not in (StepMark.DONE, StepMark.OVERDUE) and not note:
        return
    group = _el(layer, "g", class_="bpmn-overlay")
    group.set("data-overlay-for", shape.element.id)
    task = shape.element.kind in TASK_KINDS
    if mark == StepMark.DONE:
        x, y = (b.x + 2, b.y + 2) if task else (b.right - 2, b.y + 2)
        _el(group, "circle", cx=x, cy=y, r=8, fill="#15803d", stroke="#ffffff", stroke_width=1.5)
        _el(group, "path", d=f"M {num(x - 4)} {num(y)} L {num(x - 1)} {num(y + 3)} L {num(x + 4)} {num(y - 3)}",
            fill="none", stroke="#ffffff", stroke_width=2, stroke_linecap="round", stroke_linejoin="round")
        canvas.grow(x - 9, y - 9, 18, 18)
    if mark == StepMark.OVERDUE:
        width, height = 58, 16
        x = b.right - 36 if task else b.cx - width / 2
        y = b.y - height / 2 - 2 if task else b.y - height - 4
        _el(group, "rect", x=x, y=y, width=width, height=height, rx=8, fill="#b91c1c", stroke="#ffffff",
            stroke_width=1)
        _text(group, ["terlambat"], x + width / 2, y + 11.5, 10, "#ffffff", weight="600")
        canvas.grow(x, y, width, height)
    if note:
        size = 10.0
        lines = wrap(note, max(b.width + 30, 90), size)[:2]
        top = b.bottom + 3
        if not task and shape.element.name:
            label = _label_box(shape)
            if label.y >= b.bottom - 1:
                top = label.bottom + 3
        width = max(len(line) for line in lines) * size * CHAR_EM + 8
        height = len(lines) * size * 1.2 + 3
        _el(group, "rect", x=b.cx - width / 2, y=top, width=width, height=height, rx=3, fill="#ffffff",
            fill_opacity=0.9)
        _text(group, lines, b.cx, top + 1 + size * 0.95, size, "#334155")
        canvas.grow(b.cx - width / 2, top, width, height)


# --------------------------------------------------------------------------------------------
# What the case went through
# --------------------------------------------------------------------------------------------


# --------------------------------------------------------------------------------------------
# The public entry point
# --------------------------------------------------------------------------------------------


def _normalise_marks(marks: Mapping[str, StepMark | str] | None) -> dict[str, StepMark]:
    return {str(k): StepMark(v) for k, v in (marks or {}).items()}


def _normalise_heat(heat: Mapping[str, float] | None) -> dict[str, float]:
    result: dict[str, float] = {}
    for key, value in (heat or {}).items():
        number = float(value)
        if math.isfinite(number):
            result[str(key)] = min(1.0, max(0.0, number))
    return result


def _fingerprint(*parts: object) -> str:
    """A short id prefix, so that two diagrams inline on one page never share marker ids."""
    digest = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()
    return f"alur-{digest[:10]}"



def render_svg(
    bpmn_xml: str,
    marks: Mapping[str, StepMark] | None = None,
    *,
    title: str = "",
    heat: Mapping[str, float] | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """The process diagram as a standalone SVG string, laid out as the BPMN's diagram interchange says.

    ``marks`` colours steps by where a case stands (element id → :class:`StepMark` or its string);
    ``heat`` fills steps on a white → orange → red scale (0..1; a mark wins over heat); ``labels`` puts
    a short note under a step ("median 2 jam"). Unknown ids are ignored; elements without DI are
    skipped. Raises :class:`DiagramError` when ``bpmn_xml`` is not well-formed XML.
    """
    model = read_model(bpmn_xml)
    step_marks = _normalise_marks(marks)
    heat_values = _normalise_heat(heat)
    notes = {str(k): clean_text(v).strip() for k, v in (labels or {}).items() if str(v).strip()}
    name = clean_text(title).strip() or model.process_name or "Diagram proses"

    canvas = _Canvas(_fingerprint(bpmn_xml, sorted(step_marks.items()), sorted(heat_values.items()),
                                  sorted(notes.items()), name))
    root = canvas.root
    _el(root, "title").text = clean_text(name)
    desc = _el(root, "desc")
    _defs(canvas)
    containers = _el(root, "g", class_="bpmn-containers")
    nodes = _el(root, "g", class_="bpmn-nodes")
    flows = _el(root, "g", class_="bpmn-flows")
    overlays = _el(root, "g", class_="bpmn-overlays")

    shapes = list(model.shapes.values())
    pools_and_lanes = sorted((s for s in shapes if s.element.kind in ("participant", "lane")),
                             key=lambda s: (s.element.kind != "participant", -s.bounds.width * s.bounds.height))
    for shape in pools_and_lanes:
        _draw_container(canvas, containers, shape)
    for shape in shapes:
        kind = shape.element.kind
        if kind in ("participant", "lane") or kind in FLOW_KINDS:
            continue
        mark = step_marks.get(shape.element.id)
        _draw_node(canvas, nodes, shape, mark, heat_values.get(shape.element.id), notes.get(shape.element.id))
        _draw_overlays(canvas, overlays, shape, mark, notes.get(shape.element.id))
    visited = visited_flows(model, step_marks)
    for edge in model.edges:
        if edge.element.kind in FLOW_KINDS:
            _draw_edge(canvas, flows, model, edge, edge.element.id in visited)

    drawn = not canvas.empty
    if not drawn:
        _text(root, ["Diagram tidak tersedia"], 160, 45, 14, INK)
        min_x, min_y, width, height = 0.0, 0.0, 320.0, 80.0
    else:
        min_x, min_y = canvas.min_x - MARGIN, canvas.min_y - MARGIN
        width, height = canvas.max_x - canvas.min_x + 2 * MARGIN, canvas.max_y - canvas.min_y + 2 * MARGIN
    desc.text = clean_text(describe(model, step_marks, name if not title else model.process_name or name, drawn))
    for key, value in (
        ("version", "1.1"), ("class", "bpmn-diagram"), ("role", "img"), ("aria-label", name),
        ("width", num(width)), ("height", num(height)),
        ("viewBox", f"{num(min_x)} {num(min_y)} {num(width)} {num(height)}"),
        ("font-family", FONT_FAMILY),
    ):
        root.set(key, value)
    return etree.tostring(root, encoding="unicode")


