"""Each row's cell of role columns as an inline SVG: the column rules, the row's symbol and the pieces of the
arrows that cross it.

The five symbols of the SOP AP form: capsule (Mulai/Selesai), rectangle (activity), diamond (decision), arrow,
pentagon (off-page connector). The SVG is embedded in pages whose Content-Security-Policy blocks inline styles,
so every colour and size is a presentation attribute; text (flow names come from the BPMN) is written through
lxml, escaped. The SVG's units are millimetres of the printed page and its height is the row's height, so the
arrows cut at the row's edges meet the pieces drawn in the rows above and below. Pure.
"""

from __future__ import annotations

import math

from lxml import etree

from engine.diagrams.look import num
from engine.diagrams.text import clean_text
from engine.sop_document.layout import (
    ARROW,
    CAPSULE,
    DIAMOND,
    PENTAGON,
    RECTANGLE,
    FlowPage,
    PlacedRow,
    Symbol,
)

SVG_NS = "http://www.w3.org/2000/svg"
INK = "#111111"
RULE = "#000000"
FONT_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif"
LINE_WIDTH = 0.3
RULE_WIDTH = 0.21
SHAPE_WORDS = {CAPSULE: "kapsul", RECTANGLE: "persegi panjang", DIAMOND: "belah ketupat",
               PENTAGON: "segi lima (penghubung antarhalaman)"}


def row_svg(page: FlowPage, placed: PlacedRow, description: str) -> str:
    """The SVG of one row's role columns (``description``: what a screen reader says for it)."""
    top, height = placed.top, placed.height
    root = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS})
    _set(root, viewBox=f"0 0 {num(page.width)} {num(height)}", width="100%", height=f"{num(height)}mm",
         preserveAspectRatio="none", role="img", class_="sop-flow")
    root.set("aria-label", clean_text(description))
    for column in range(1, page.columns):
        x = num(column * page.column_width)
        _el(root, "line", x1=x, y1="0", x2=x, y2=num(height), stroke=RULE, stroke_width=num(RULE_WIDTH))
    lines = etree.SubElement(root, f"{{{SVG_NS}}}g")
    _set(lines, fill="none", stroke=INK, stroke_width=str(LINE_WIDTH), stroke_linecap="square")
    for route in page.routes:
        for (x1, y1), (x2, y2) in zip(route.points, route.points[1:], strict=False):
            _segment(lines, x1, y1 - top, x2, y2 - top, height)
        (ax, ay), (bx, by) = route.points[-2], route.points[-1]
        if top - 0.01 <= by <= top + height + 0.01:
            _arrowhead(root, ax, ay - top, bx, by - top)
    for symbol in placed.symbols:
        _symbol(root, symbol, top)
    for label in page.labels:
        if top <= label.y < top + height:
            _text(root, label.x, label.y - top, label.text, 2.3, label.anchor)
    return etree.tostring(root, encoding="unicode")


def _segment(parent: etree._Element, x1: float, y1: float, x2: float, y2: float, height: float) -> None:
    """The part of one straight arrow piece inside the row (0..height)."""
    if math.isclose(x1, x2):
        low, high = max(min(y1, y2), 0.0), min(max(y1, y2), height)
        if high - low > 0.01:
            _el(parent, "line", x1=num(x1), y1=num(low), x2=num(x2), y2=num(high))
    elif 0 <= y1 < height:
        _el(parent, "line", x1=num(x1), y1=num(y1), x2=num(x2), y2=num(y2))


def _arrowhead(parent: etree._Element, ax: float, ay: float, bx: float, by: float) -> None:
    length = math.hypot(bx - ax, by - ay) or 1.0
    ux, uy = (bx - ax) / length, (by - ay) / length
    half = ARROW * 0.45
    base_x, base_y = bx - ux * ARROW, by - uy * ARROW
    points = [(bx, by), (base_x - uy * half, base_y + ux * half), (base_x + uy * half, base_y - ux * half)]
    _el(parent, "polygon", points=" ".join(f"{num(x)},{num(y)}" for x, y in points), fill=INK, stroke="none")


def _symbol(parent: etree._Element, symbol: Symbol, top: float) -> None:
    cx, cy, w, h = symbol.cx, symbol.cy - top, symbol.width, symbol.height
    look = {"fill": "#ffffff", "stroke": INK, "stroke_width": "0.35"}
    if symbol.shape == RECTANGLE:
        _el(parent, "rect", x=num(cx - w / 2), y=num(cy - h / 2), width=num(w), height=num(h), **look)
    elif symbol.shape == CAPSULE:
        _el(parent, "rect", x=num(cx - w / 2), y=num(cy - h / 2), width=num(w), height=num(h), rx=num(h / 2),
            ry=num(h / 2), **look)
    elif symbol.shape == DIAMOND:
        points = [(cx, cy - h / 2), (cx + w / 2, cy), (cx, cy + h / 2), (cx - w / 2, cy)]
        _el(parent, "polygon", points=" ".join(f"{num(x)},{num(y)}" for x, y in points), **look)
    else:
        point = h * 0.35
        points = [(cx - w / 2, cy - h / 2), (cx + w / 2, cy - h / 2), (cx + w / 2, cy + h / 2 - point),
                  (cx, cy + h / 2), (cx - w / 2, cy + h / 2 - point)]
        _el(parent, "polygon", points=" ".join(f"{num(x)},{num(y)}" for x, y in points), **look)
    if symbol.text:
        size = 2.4 if symbol.shape == CAPSULE else min(2.6, h * 0.45)
        y = cy - (h * 0.15 if symbol.shape == PENTAGON else 0)
        _text(parent, cx, y + size * 0.35, symbol.text, size, "middle")


def _text(parent: etree._Element, x: float, y: float, text: str, size: float, anchor: str) -> None:
    element = _el(parent, "text", x=num(x), y=num(y), font_size=num(size), font_family=FONT_FAMILY, fill=INK,
                  text_anchor=anchor)
    element.text = clean_text(text)


def _el(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{SVG_NS}}}{tag}")
    _set(element, **attrs)
    return element


def _set(element: etree._Element, **attrs: str) -> None:
    """Attributes with ``stroke_width`` written ``stroke-width`` and ``class_`` written ``class``."""
    for name, value in attrs.items():
        element.set(name.rstrip("_").replace("_", "-") if name != "preserveAspectRatio" else name, value)
