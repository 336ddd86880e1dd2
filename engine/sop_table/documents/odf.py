"""What LibreOffice's own formats (OpenDocument: Calc's .ods, Writer's .odt) share: the package and its parts, the
styles (sizes, and how a shape is drawn), lengths, the text of paragraphs, and which drawn shape is a flowchart
symbol."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from engine.sop_table.documents.ooxml import parse_part
from engine.sop_table.documents.symbols import SymbolKind

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
_EMU = {"in": 914_400, "cm": 360_000, "mm": 36_000, "pt": 12_700, "pc": 152_400, "px": 9_525}
#: Enhanced geometries of a decision, and of shapes that are no mark (connector circles, off-page arrows, arrows).
_DECISIONS = {"flowchart-decision", "diamond"}
_NOT_MARKS = re.compile(r"^(flowchart-connector|flowchart-off-page-connector|.*arrow.*|.*bracket.*|.*brace.*|line)$")
LINES = {f"{{{DRAW}}}{name}" for name in ("line", "connector")}
SYMBOLS = {f"{{{DRAW}}}{name}" for name in ("custom-shape", "rect", "ellipse", "circle", "polygon")}


def is_package(path: Path | str, mimetype: str) -> bool:
    """Whether the file is an OpenDocument package of ``mimetype``, told by its content (its ``mimetype`` entry)."""
    try:
        with zipfile.ZipFile(path) as package:
            return package.getinfo("mimetype").file_size < 100 and package.read("mimetype").strip() == mimetype.encode()
    except (KeyError, OSError, ValueError, zipfile.BadZipFile):
        return False


def read_parts(path: Path | str, what: str) -> tuple[Any, Any]:
    """The package's content and styles (None when it has none), parsed; ValueError when it cannot be read."""
    try:
        with zipfile.ZipFile(path) as package:
            content = parse_part(package.read("content.xml"), what)
            styles = parse_part(package.read("styles.xml"), what) if "styles.xml" in package.namelist() else None
    except (KeyError, OSError, zipfile.BadZipFile) as error:
        raise ValueError(str(error)) from None
    return content, styles


class Styles:
    """What the automatic and named styles say of sizes and of how a shape is drawn (its outline, fill, arrowheads)."""

    def __init__(self, *parts: Any) -> None:
        self.properties: dict[str, dict[str, str]] = {}
        self.parents: dict[str, str] = {}
        for part in parts:
            if part is None:
                continue
            for style in part.iter(f"{{{STYLE}}}style"):
                name = style.get(f"{{{STYLE}}}name") or ""
                merged: dict[str, str] = {}
                for properties in style:
                    merged.update({local(key): value for key, value in properties.attrib.items()})
                self.properties[name] = merged
                if parent := style.get(f"{{{STYLE}}}parent-style-name"):
                    self.parents[name] = parent

    def get(self, name: str | None, key: str) -> str | None:
        seen = 0
        while name and seen < 20:  # a style's parents, up to a bound (a hostile file may loop them)
            value = self.properties.get(name, {}).get(key)
            if value is not None:
                return value
            name, seen = self.parents.get(name), seen + 1
        return None


def shape_kind(shape: Any, look: Styles) -> SymbolKind | None:
    """A symbol's kind; None for a text box, a label (drawn with neither outline nor fill) and what marks nothing."""
    if shape.tag not in SYMBOLS:
        return None
    style = shape.get(f"{{{DRAW}}}style-name")
    if look.get(style, "stroke") == "none" and look.get(style, "fill") == "none":
        return None
    geometry = shape.find(f"{{{DRAW}}}enhanced-geometry")
    preset = (geometry.get(f"{{{DRAW}}}type") or "") if geometry is not None else ""
    if preset in _DECISIONS:
        return "decision"
    return None if _NOT_MARKS.match(preset) else "box"


def drawn_line(shape: Any, look: Styles, origin: tuple[int, int] = (0, 0)
               ) -> tuple[bool, tuple[tuple[int, int], tuple[int, int]]] | None:
    """A line's or connector's ends in EMU from ``origin``: (True, (where it leaves, where it arrives)) for an arrow
    (an arrowhead at one end, from its graphic style), (False, its ends) for a line with none or two (a piece of an
    arrow's route); None when its ends are not stated."""
    ends = [length(shape.get(f"{{{SVG}}}{name}")) for name in ("x1", "y1", "x2", "y2")]
    if any(end is None for end in ends):
        return None
    x1, y1, x2, y2 = (end or 0 for end in ends)
    start, end = (origin[0] + x1, origin[1] + y1), (origin[0] + x2, origin[1] + y2)
    style = shape.get(f"{{{DRAW}}}style-name")
    heads = [bool(look.get(style, f"marker-{at}")) for at in ("start", "end")]
    if heads == [False, True]:
        return True, (start, end)
    if heads == [True, False]:
        return True, (end, start)
    return False, (start, end)


def paragraphs(element: Any, *, framed: bool = False) -> Iterator[Any]:
    """A cell's paragraphs (lists' items too), not those of a comment or of a shape drawn in it; ``framed``: a
    shape's, those of its text box too."""
    for child in element:
        name = local(child.tag)
        if name in ("p", "h") and child.tag.startswith(f"{{{TEXT}}}"):
            yield child
        elif name in ("list", "list-item", "list-header") or (framed and name in ("frame", "text-box")):
            yield from paragraphs(child, framed=framed)


def paragraph_text(paragraph: Any) -> str:
    """A paragraph's text as shown: spaces, tabs and line breaks written out; comments, shapes and the text a
    tracked change deleted (kept apart, in ``text:tracked-changes``) left out."""
    parts = [paragraph.text or ""]
    for child in paragraph:
        name = local(child.tag)
        if name == "s":
            parts.append(" " * _count(child))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name not in ("annotation", "note") and not child.tag.startswith(f"{{{DRAW}}}"):
            parts.append(paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _count(space: Any) -> int:
    try:
        return min(max(int(space.get(f"{{{TEXT}}}c") or 1), 1), 1_000)
    except ValueError:
        return 1


def length(text: str | None) -> int | None:
    """A length ("0.6299in", "1.6cm", "12pt") in EMU; None when there is none."""
    found = re.fullmatch(r"\s*(-?\d+(?:\.\d*)?|-?\.\d+)\s*(in|cm|mm|pt|pc|px)\s*", text or "")
    return round(float(found.group(1)) * _EMU[found.group(2)]) if found else None


def repeat(element: Any, what: str, most: int) -> int:
    """How many times a table's row or column (``what``: "rows", "columns") repeats, up to ``most``."""
    try:
        return min(max(int(element.get(f"{{{TABLE}}}number-{what}-repeated") or 1), 1), max(most, 0))
    except ValueError:
        return min(1, max(most, 0))


def local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
