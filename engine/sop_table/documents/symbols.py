"""Which drawn shape is a flowchart symbol of the SOP AP, as Word and Excel draw them (DrawingML).

A symbol in a role column is that role's mark: a box (process, capsule, document …) or a diamond (a decision). The
rest of what a flowchart is drawn with marks nothing: lines, connectors and arrows, text boxes ("Ya", "Tidak" beside
a diamond), shapes drawn with neither outline nor fill (labels), and the connector circles and off-page pentagons
that carry the flow from one page to the next (they sit beside the symbol of the row they continue).
"""

from __future__ import annotations

import re
from typing import Any, Literal

A = "http://schemas.openxmlformats.org/drawingml/2006/main"

#: Preset geometries of a decision.
DECISION_SHAPES = {"flowChartDecision", "diamond"}
_LINE_PRESETS = r"line|lineInv|straightConnector\d*|bentConnector\d|curvedConnector\d"
#: Preset geometries of lines and connectors (Excel's own connectors are ``xdr:cxnSp``; LibreOffice draws ``line``).
LINES = re.compile(rf"^({_LINE_PRESETS})$")
#: Preset geometries that are no mark at all.
NOT_MARKS = re.compile(rf"^({_LINE_PRESETS}|.*Arrow.*|arc|bracket.*|brace.*|leftBrace|rightBrace|flowChartConnector|"
                       r"flowChartOffpageConnector)$")

SymbolKind = Literal["box", "decision"]
#: The mark a diamond stands for; any other symbol is "Kotak".
DECISION_MARK = "◇"


def symbol_kind(non_visual: Any, properties: Any) -> SymbolKind | None:
    """The kind of symbol a DrawingML shape is, from its non-visual shape properties (``cNvSpPr``: a text box?) and
    its shape properties (``spPr``: preset geometry, fill, outline); None when it marks nothing."""
    if non_visual is not None and non_visual.get("txBox") in ("1", "true"):
        return None
    if properties is None:
        return "box"
    outline = properties.find(f"{{{A}}}ln/{{{A}}}noFill")
    if outline is not None and properties.find(f"{{{A}}}noFill") is not None:
        return None
    geometry = properties.find(f"{{{A}}}prstGeom")
    preset = geometry.get("prst") if geometry is not None else ""
    if preset in DECISION_SHAPES:
        return "decision"
    if preset and NOT_MARKS.match(preset):
        return None
    return "box"


def mark_of(kind: SymbolKind) -> str:
    """The text a symbol stands for in its cell, as an office would type it."""
    return DECISION_MARK if kind == "decision" else "Kotak"
