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
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from lxml import etree

from engine.bpmn_author import Bounds, back_edges

__all__ = ["DiagramError", "StepMark", "end_event_ids", "fit_text", "heat_colour", "render_svg", "wrap"]

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
SVG_NS = "http://www.w3.org/2000/svg"


class StepMark(StrEnum):
    """Where a case stands at a step (a ``StrEnum``: plain strings like ``"done"`` work too)."""

    DONE = "done"
    ACTIVE = "active"
    OVERDUE = "overdue"
    CANCELLED = "cancelled"


class DiagramError(ValueError):
    """The BPMN text is not well-formed XML, so there is nothing to draw."""


# --------------------------------------------------------------------------------------------
# Look
# --------------------------------------------------------------------------------------------

#: Fonts of similar width (Arial metrics), so that wrapping by an estimated width holds everywhere.
FONT_FAMILY = "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"
#: Average glyph width of those fonts, in ems: enough to wrap text without measuring it.
CHAR_EM = 0.53
MARGIN = 20
HEADER_BAND = 30  # bpmn.io's pool and lane header width
TASK_LINES = 1.15  # line height of a task's name, in ems: SOP step names are long

INK = "#1e293b"
FLOW_INK = "#475569"
POOL_STROKE = "#334155"
POOL_HEADER_FILL = "#e2e8f0"
LANE_HEADER_FILL = "#f1f5f9"
VISITED_INK = "#15803d"


@dataclass(frozen=True)
class _Look:
    fill: str
    stroke: str
    stroke_width: float
    text: str
    dash: str | None = None


DEFAULT_LOOK = _Look(fill="#ffffff", stroke=INK, stroke_width=1.5, text=INK)
STATE_LOOKS: dict[StepMark, _Look] = {
    StepMark.DONE: _Look(fill="#dcfce7", stroke="#15803d", stroke_width=2, text="#14532d"),
    StepMark.ACTIVE: _Look(fill="#dbeafe", stroke="#1d4ed8", stroke_width=3, text="#1e3a8a"),
    StepMark.OVERDUE: _Look(fill="#fee2e2", stroke="#b91c1c", stroke_width=3, text="#7f1d1d"),
    StepMark.CANCELLED: _Look(fill="#f1f5f9", stroke="#94a3b8", stroke_width=1.5, text="#475569", dash="5 3"),
}
#: Words for the state, in the users' language (tooltips and the description).
STATE_WORDS: dict[StepMark, str] = {
    StepMark.DONE: "selesai",
    StepMark.ACTIVE: "sedang dikerjakan",
    StepMark.OVERDUE: "terlambat",
    StepMark.CANCELLED: "dibatalkan",
}
#: White → orange → red; HEAT_TEXT stays readable on every step of it (contrast ≥ 4.7:1).
HEAT_SCALE = ((0.0, (255, 255, 255)), (0.5, (251, 146, 60)), (1.0, (239, 68, 68)))
HEAT_TEXT = "#0f172a"

TASK_KINDS = frozenset({
    "task", "userTask", "manualTask", "serviceTask", "scriptTask", "sendTask", "receiveTask",
    "businessRuleTask", "subProcess", "callActivity", "transaction", "adHocSubProcess",
})
FLOW_KINDS = frozenset({"sequenceFlow", "messageFlow", "association", "dataInputAssociation",
                        "dataOutputAssociation"})


# --------------------------------------------------------------------------------------------
# Reading the BPMN
# --------------------------------------------------------------------------------------------


Box = Bounds  # the same rectangle the authoring tool lays diagrams out with


@dataclass(frozen=True)
class _Semantic:
    id: str
    kind: str  # the BPMN tag's local name: userTask, exclusiveGateway, sequenceFlow ...
    name: str
    source: str | None = None
    target: str | None = None
    default_flow: str | None = None


@dataclass(frozen=True)
class _Shape:
    element: _Semantic
    bounds: Box
    label: Box | None
    horizontal: bool


@dataclass(frozen=True)
class _Edge:
    element: _Semantic
    points: tuple[tuple[float, float], ...]
    label: Box | None


@dataclass
class _Model:
    elements: dict[str, _Semantic] = field(default_factory=dict)
    shapes: dict[str, _Shape] = field(default_factory=dict)
    edges: list[_Edge] = field(default_factory=list)
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


def _semantics(root: etree._Element) -> dict[str, _Semantic]:
    elements: dict[str, _Semantic] = {}
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
        elements[el.get("id", "")] = _Semantic(
            id=el.get("id", ""), kind=kind, name=name.strip(), source=el.get("sourceRef"),
            target=el.get("targetRef"), default_flow=el.get("default"),
        )
    # A pool without a name shows its process's name, as BPMN modelers do.
    for el in root.iter(f"{{{BPMN_NS}}}participant"):
        pid, ref = el.get("id"), el.get("processRef")
        if pid in elements and not elements[pid].name and ref in process_names:
            old = elements[pid]
            elements[pid] = _Semantic(old.id, old.kind, process_names[ref])
    return elements


def _read_model(bpmn_xml: str) -> _Model:
    root = _parse(bpmn_xml)
    model = _Model(elements=_semantics(root))
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
                model.shapes[element.id] = _Shape(element, bounds, label, di.get("isHorizontal") != "false")
        elif di.tag == f"{{{BPMNDI_NS}}}BPMNEdge":
            points = []
            for wp in di.findall(f"{{{DI_NS}}}waypoint"):
                x, y = _number(wp.get("x")), _number(wp.get("y"))
                if x is not None and y is not None:
                    points.append((x, y))
            model.edges.append(_Edge(element, tuple(points), label))
    return model


def end_event_ids(bpmn_xml: str, outcome: str) -> list[str]:
    """Ids of the end events whose name (or id) is ``outcome``: where a completed case finished.

    The engine records a case's outcome as the end event's name, which two end events may share;
    callers mark the end only when exactly one matches.
    """
    model = _read_model(bpmn_xml)
    return [e.id for e in model.elements.values()
            if e.kind == "endEvent" and outcome and (e.name == outcome or e.id == outcome)]


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text that lxml can write: characters XML forbids (control characters) are dropped."""
    return _INVALID_XML_CHARS.sub("", str(text))


def _chars_per_line(width: float, font_size: float) -> int:
    return max(1, int(width / (font_size * CHAR_EM)))


def _pieces(word: str) -> list[str]:
    """A word cut after each ``/`` or ``-``, where a line may break ("Tracking/" + "penelusuran")."""
    return [piece for piece in _BREAK_AFTER.split(word) if piece]


_BREAK_AFTER = re.compile(r"(?<=[/\-])")


def wrap(text: str, width: float, font_size: float) -> list[str]:
    """Greedy word wrap to an estimated width.

    Explicit line breaks are kept; a line may also break after ``/`` or ``-``; a word longer than a
    line is split.
    """
    per_line = _chars_per_line(width, font_size)
    lines: list[str] = []
    for paragraph in text.splitlines():
        current = ""
        for word in paragraph.split():
            for index, piece in enumerate(_pieces(word)):
                glue = "" if index else " "
                if current and len(current) + len(glue) + len(piece) <= per_line:
                    current = f"{current}{glue}{piece}"
                    continue
                if current:
                    lines.append(current)
                while len(piece) > per_line:
                    lines.append(piece[:per_line])
                    piece = piece[per_line:]
                current = piece
        if current:
            lines.append(current)
    return lines


def _ellipsize(lines: list[str], max_lines: int, per_line: int) -> list[str]:
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max(1, max_lines)]
    last = kept[-1]
    kept[-1] = (last[:per_line - 1] if len(last) >= per_line else last) + "…"
    return kept


def fit_text(text: str, width: float, height: float, sizes: Sequence[float] = (11, 10, 9),
             line_factor: float = 1.2) -> tuple[float, list[str]]:
    """The largest font size at which ``text`` fits the box without splitting a word.

    At the smallest size long words are split and what does not fit is cut with an ellipsis (the
    element's tooltip still carries the whole name).
    """
    longest = max((len(piece) for word in text.split() for piece in _pieces(word)), default=0)
    for size in sizes:
        lines = wrap(text, width, size)
        if len(lines) * size * line_factor <= height and longest <= _chars_per_line(width, size):
            return size, lines
    size = sizes[-1]
    max_lines = max(1, int(height // (size * line_factor)))
    return size, _ellipsize(wrap(text, width, size), max_lines, _chars_per_line(width, size))


def _num(value: float) -> str:
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"


def heat_colour(value: float) -> str:
    """A 0..1 value on the white → orange → red scale, as ``#rrggbb``."""
    value = min(1.0, max(0.0, value))
    for (lo, lo_rgb), (hi, hi_rgb) in itertools.pairwise(HEAT_SCALE):
        if value <= hi:
            t = (value - lo) / (hi - lo)
            r, g, b = (round(a + (c - a) * t) for a, c in zip(lo_rgb, hi_rgb, strict=True))
            return f"#{r:02x}{g:02x}{b:02x}"
    r, g, b = HEAT_SCALE[-1][1]
    return f"#{r:02x}{g:02x}{b:02x}"


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
    clean = {k.rstrip("_").replace("_", "-"): (_num(v) if isinstance(v, (int, float)) else _clean(v))
             for k, v in attrs.items() if v is not None}
    return etree.SubElement(parent, _svg(tag), clean)


def _text(parent: etree._Element, lines: Sequence[str], x: float, first_baseline: float, size: float,
          fill: str, *, anchor: str = "middle", weight: str | None = None, line_factor: float = 1.2,
          transform: str | None = None) -> etree._Element:
    text = _el(parent, "text", x=x, y=first_baseline, font_size=size, fill=fill, text_anchor=anchor,
               font_weight=weight, transform=transform)
    for index, line in enumerate(lines):
        span = _el(text, "tspan", x=x, y=first_baseline + index * size * line_factor)
        span.text = _clean(line)
    return text


def _centered_baseline(cy: float, lines: int, size: float, line_factor: float = 1.2) -> float:
    """The first baseline that centres ``lines`` lines of text vertically on ``cy``."""
    return cy - (lines - 1) * size * line_factor / 2 + size * 0.35


def _tooltip(group: etree._Element, text: str) -> None:
    if text:
        _el(group, "title").text = _clean(text)


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


def _draw_container(canvas: _Canvas, layer: etree._Element, shape: _Shape) -> None:
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
              transform=f"rotate(-90 {_num(cx)} {_num(cy)})")
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


def _draw_node(canvas: _Canvas, layer: etree._Element, shape: _Shape, mark: StepMark | None,
               heat: float | None, note: str | None) -> None:
    """One flow node (task, event, gateway) or artifact, coloured by its mark or its heat."""
    b, element, kind = shape.bounds, shape.element, shape.element.kind
    look = STATE_LOOKS[mark] if mark else DEFAULT_LOOK
    if heat is not None and not mark:
        look = _Look(fill=heat_colour(heat), stroke=INK, stroke_width=look.stroke_width, text=HEAT_TEXT)
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
            plus = f"M {_num(b.cx - 4)} {_num(b.bottom - 9)} h 8 M {_num(b.cx)} {_num(b.bottom - 13)} v 8"
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
        d = f"M {_num(b.cx)} {_num(b.y)} L {_num(b.right)} {_num(b.cy)} L {_num(b.cx)} {_num(b.bottom)} " \
            f"L {_num(b.x)} {_num(b.cy)} Z"
        _el(group, "path", d=d, fill=fill, stroke_width=max(1.5, look.stroke_width) if mark else 1.5,
            stroke_linejoin="round", **stroke)
        _gateway_marker(group, b, kind, look.stroke)
    elif kind == "textAnnotation":
        _el(group, "path", d=f"M {_num(b.x + 10)} {_num(b.y)} H {_num(b.x)} V {_num(b.bottom)} H {_num(b.x + 10)}",
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
        d = f"M {_num(b.cx - k)} {_num(b.cy - k)} L {_num(b.cx + k)} {_num(b.cy + k)} " \
            f"M {_num(b.cx + k)} {_num(b.cy - k)} L {_num(b.cx - k)} {_num(b.cy + k)}"
    elif kind == "parallelGateway":
        k *= 1.25
        d = f"M {_num(b.cx)} {_num(b.cy - k)} V {_num(b.cy + k)} M {_num(b.cx - k)} {_num(b.cy)} H {_num(b.cx + k)}"
    elif kind == "complexGateway":
        d = (f"M {_num(b.cx)} {_num(b.cy - k)} V {_num(b.cy + k)} M {_num(b.cx - k)} {_num(b.cy)} H {_num(b.cx + k)} "
             f"M {_num(b.cx - k * .7)} {_num(b.cy - k * .7)} L {_num(b.cx + k * .7)} {_num(b.cy + k * .7)} "
             f"M {_num(b.cx + k * .7)} {_num(b.cy - k * .7)} L {_num(b.cx - k * .7)} {_num(b.cy + k * .7)}")
    else:  # inclusive and event-based gateways: a ring
        _el(group, "circle", cx=b.cx, cy=b.cy, r=k * 1.2, fill="none", stroke=colour, stroke_width=2.5)
        return
    _el(group, "path", d=d, fill="none", stroke=colour, stroke_width=3.5, stroke_linecap="round")


def _label_box(shape: _Shape) -> Box:
    """Where an event's or gateway's name goes: the DI label, or under the shape as modelers do."""
    if shape.label is not None and shape.label.width > 0:
        return shape.label
    b = shape.bounds
    return Box(b.cx - 50, b.bottom + 5, 100, 14)


def _outside_label(canvas: _Canvas, group: etree._Element, shape: _Shape, colour: str) -> None:
    if not shape.element.name:
        return
    box = _label_box(shape)
    size = 11.0
    lines = wrap(shape.element.name, max(box.width + 10, 60), size)
    _text(group, lines, box.cx, box.y + size * 0.9, size, colour)
    canvas.grow(box.x, box.y, box.width, max(box.height, len(lines) * size * 1.2))


def _fallback_points(model: _Model, element: _Semantic) -> tuple[tuple[float, float], ...]:
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


def _draw_edge(canvas: _Canvas, layer: etree._Element, model: _Model, edge: _Edge, visited: bool) -> None:
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
    d = "M " + " L ".join(f"{_num(x)} {_num(y)}" for x, y in points)
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
    _el(group, "path", d=f"M {_num(a[0])} {_num(a[1])} L {_num(b[0])} {_num(b[1])}", stroke=colour,
        stroke_width=1.5, fill="none")


def _edge_label(canvas: _Canvas, group: etree._Element, edge: _Edge, points: Sequence[tuple[float, float]],
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


def _draw_overlays(canvas: _Canvas, layer: etree._Element, shape: _Shape, mark: StepMark | None,
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
        _el(group, "path", d=f"M {_num(x - 4)} {_num(y)} L {_num(x - 1)} {_num(y + 3)} L {_num(x + 4)} {_num(y - 3)}",
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


def _back_flows(model: _Model) -> set[str]:
    """Sequence flows that close a loop (depth-first from the start events)."""
    succ: dict[str, list[tuple[str, str]]] = {}
    for e in model.elements.values():
        if e.kind == "sequenceFlow" and e.source and e.target:
            succ.setdefault(e.source, []).append((e.id, e.target))
    roots = [e.id for e in model.elements.values() if e.kind == "startEvent"] + sorted(succ)
    return back_edges(roots, succ)


def visited_flows(model: _Model, marks: Mapping[str, StepMark]) -> set[str]:
    """Forward flows the case went along, inferred from the marks alone.

    An unmarked event or gateway counts as passed when it lies between a finished step (or the start)
    and a reached step, through unmarked events and gateways only. Loop-back flows are never
    emphasised: the latest mark of a step cannot tell whether the loop was taken.
    """
    back = _back_flows(model)
    flows = [e for e in model.elements.values()
             if e.kind == "sequenceFlow" and e.source and e.target and e.id not in back]
    reached = {i for i, m in marks.items() if m in (StepMark.DONE, StepMark.ACTIVE, StepMark.OVERDUE)}
    done = {i for i, m in marks.items() if m == StepMark.DONE}
    between = {e.id for e in model.elements.values()
               if e.id not in marks and (e.kind.endswith("Gateway") or e.kind.endswith("Event"))}
    starts = {e.id for e in model.elements.values() if e.kind == "startEvent"} & between
    after_done = _closure(starts | done, between, [(f.source or "", f.target or "") for f in flows])
    before_reached = _closure(reached, between, [(f.target or "", f.source or "") for f in flows])
    passed_through = (after_done & before_reached & between)
    passed = done | passed_through
    return {f.id for f in flows if f.source in passed and f.target in reached | passed_through}


def _closure(seeds: set[str], through: set[str], links: Sequence[tuple[str, str]]) -> set[str]:
    """``seeds`` and every node of ``through`` that a link chain from a seed (via ``through``) arrives at."""
    found = set(seeds)
    changed = True
    while changed:
        changed = False
        for a, b in links:
            if a in found and b in through and b not in found and (a in seeds or a in through):
                found.add(b)
                changed = True
    return found


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


def _description(model: _Model, marks: Mapping[str, StepMark], name: str, drawn: bool) -> str:
    drawn_ids = set(model.shapes)
    tasks = sum(1 for i in drawn_ids if model.elements[i].kind in TASK_KINDS)
    decisions = sum(1 for i in drawn_ids if model.elements[i].kind == "exclusiveGateway")
    text = f"Diagram alur proses {name}." if name else "Diagram alur proses."
    if not drawn:
        return text + " Diagram tidak tersedia: BPMN ini tidak memuat tata letak (diagram interchange)."
    lanes = [model.elements[i].name for i in drawn_ids if model.elements[i].kind == "lane"]
    text += f" {tasks} langkah, {decisions} keputusan"
    text += f", {len(lanes)} peran." if lanes else "."
    for state in StepMark:
        names = [model.elements[i].name or i for i, m in marks.items() if m == state and i in model.elements]
        if names:
            text += f" {STATE_WORDS[state].capitalize()}: {'; '.join(names)}."
    return text


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
    model = _read_model(bpmn_xml)
    step_marks = _normalise_marks(marks)
    heat_values = _normalise_heat(heat)
    notes = {str(k): _clean(v).strip() for k, v in (labels or {}).items() if str(v).strip()}
    name = _clean(title).strip() or model.process_name or "Diagram proses"

    canvas = _Canvas(_fingerprint(bpmn_xml, sorted(step_marks.items()), sorted(heat_values.items()),
                                  sorted(notes.items()), name))
    root = canvas.root
    _el(root, "title").text = _clean(name)
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
    desc.text = _clean(_description(model, step_marks, name if not title else model.process_name or name, drawn))
    for key, value in (
        ("version", "1.1"), ("class", "bpmn-diagram"), ("role", "img"), ("aria-label", name),
        ("width", _num(width)), ("height", _num(height)),
        ("viewBox", f"{_num(min_x)} {_num(min_y)} {_num(width)} {_num(height)}"),
        ("font-family", FONT_FAMILY),
    ):
        root.set(key, value)
    return etree.tostring(root, encoding="unicode")


