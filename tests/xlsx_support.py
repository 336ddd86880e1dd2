"""SOP AP workbooks with the flowchart drawn over the table, as Excel writes them (a DrawingML drawing part).

openpyxl writes the cells; :func:`write_drawn_xlsx` adds the drawing part and its relationships the way Excel does:
each symbol an ``xdr:sp`` in a two-cell anchor (or one-cell, or absolute), lines as connectors (``xdr:cxnSp``, or
``xdr:sp`` lines as LibreOffice writes them) with their flips, turn and arrowheads, "Ya"/"Tidak" labels as text
boxes, a flowchart grouped into one shape as ``xdr:grpSp`` whose children are in the group's own coordinates.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string

XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A14 = "http://schemas.microsoft.com/office/drawing/2010/main"
DRAWING_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
EMU_PER_PIXEL, EMU_PER_POINT = 9525, 12700
#: The sheet's column width (characters) and row height (points): Excel's 7 pixels a character, so a column is
#: 16 × 7 = 112 pixels, 1,066,800 EMU, and a row 30 points, 381,000 EMU.
COLUMN_WIDTH, ROW_HEIGHT = 16, 30
COLUMN_EMU, ROW_EMU = COLUMN_WIDTH * 7 * EMU_PER_PIXEL, ROW_HEIGHT * EMU_PER_POINT


@dataclass(frozen=True)
class Drawn:
    """A shape drawn over the cells ``start`` to ``end`` ("C3", "D4"; ``end`` defaults to ``start``), inset a
    little from their edges; ``anchor``: "two" (Excel's usual), "one" (the top-left cell and a size) or "absolute"
    (a position on the sheet)."""

    start: str
    end: str | None = None
    preset: str = "flowChartProcess"
    anchor: str = "two"
    text: str = ""
    text_box: bool = False
    connector: bool = False
    #: Wrapped as Excel wraps a shape using a newer feature: ``mc:AlternateContent``, a choice and a fallback copy.
    alternate: bool = False
    #: A small shape (a label) centred at this share of ``start``'s width and height instead of filling the cell.
    at: tuple[float, float] | None = None
    #: A connector from this share of ``start`` to that of ``end`` (its box and flips follow), with arrowheads at its
    #: "tail" (where it arrives), "head" (where it leaves), "both" or "none"; ``as_shape``: a line drawn as an
    #: ``xdr:sp`` (as LibreOffice writes lines), not Excel's ``xdr:cxnSp``.
    leave: tuple[float, float] | None = None
    arrive: tuple[float, float] | None = None
    heads: str = "tail"
    as_shape: bool = False
    #: The connector drawn as Excel draws some: turned by this many degrees (its frame is the unturned one).
    turn: int = 0


@dataclass(frozen=True)
class Group:
    """Shapes grouped into one (a flowchart moved as one piece), the group spanning ``start`` to ``end``; its
    children are written in the group's own coordinates, ``scale`` times the sheet's."""

    start: str
    end: str
    shapes: tuple[Drawn, ...] = field(default_factory=tuple)
    scale: int = 2


def _cell(name: str) -> tuple[int, int]:
    """0-based (column, row) of "C3"."""
    letters, row = coordinate_from_string(name)
    return column_index_from_string(letters) - 1, row - 1


def _box(shape: Drawn) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) in sheet EMU."""
    (c0, r0), (c1, r1) = _cell(shape.start), _cell(shape.end or shape.start)
    if shape.leave is not None or shape.arrive is not None:
        (x0, y0), (x1, y1) = _line_points(shape)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
    if shape.at is not None:
        x, y = _point_in(shape.start, shape.at)
        return x - COLUMN_EMU // 6, y - ROW_EMU // 6, x + COLUMN_EMU // 6, y + ROW_EMU // 6
    inset_x, inset_y = COLUMN_EMU // 5, ROW_EMU // 5
    return c0 * COLUMN_EMU + inset_x, r0 * ROW_EMU + inset_y, (c1 + 1) * COLUMN_EMU - inset_x, \
        (r1 + 1) * ROW_EMU - inset_y


def _point_in(cell: str, share: tuple[float, float] | None) -> tuple[int, int]:
    column, row = _cell(cell)
    fx, fy = share or (0.5, 0.5)
    return int((column + fx) * COLUMN_EMU), int((row + fy) * ROW_EMU)


def _line_points(shape: Drawn) -> tuple[tuple[int, int], tuple[int, int]]:
    """Where the connector leaves and arrives before its turn: the points that, turned about their middle by
    ``turn`` degrees, are the ones asked for."""
    (x0, y0), (x1, y1) = _point_in(shape.start, shape.leave), _point_in(shape.end or shape.start, shape.arrive)
    if not shape.turn:
        return (x0, y0), (x1, y1)
    cx, cy, angle = (x0 + x1) / 2, (y0 + y1) / 2, math.radians(-shape.turn)

    def back(x: int, y: int) -> tuple[int, int]:
        dx, dy = x - cx, y - cy
        return (round(cx + dx * math.cos(angle) - dy * math.sin(angle)),
                round(cy + dx * math.sin(angle) + dy * math.cos(angle)))

    return back(x0, y0), back(x1, y1)


def _frame_attributes(shape: Drawn) -> str:
    """A connector's turn and flips, as Excel writes them on its ``a:xfrm``."""
    if shape.leave is None and shape.arrive is None:
        return ""
    (x0, y0), (x1, y1) = _line_points(shape)
    turn = f' rot="{shape.turn * 60_000}"' if shape.turn else ""
    return turn + (' flipH="1"' if x1 < x0 else "") + (' flipV="1"' if y1 < y0 else "")


def _marker(tag: str, x: int, y: int) -> str:
    return (f"<xdr:{tag}><xdr:col>{x // COLUMN_EMU}</xdr:col><xdr:colOff>{x % COLUMN_EMU}</xdr:colOff>"
            f"<xdr:row>{y // ROW_EMU}</xdr:row><xdr:rowOff>{y % ROW_EMU}</xdr:rowOff></xdr:{tag}>")


def _shape_xml(shape: Drawn, number: int, box: tuple[int, int, int, int]) -> str:
    left, top, right, bottom = box
    frame = (f'<a:xfrm{_frame_attributes(shape)}><a:off x="{left}" y="{top}"/><a:ext cx="{right - left}" '
             f'cy="{bottom - top}"/></a:xfrm>')
    if shape.connector:
        ends = "".join(f'<a:{end} type="triangle"/>' for end, wanted in (("headEnd", ("head", "both")),
                                                                          ("tailEnd", ("tail", "both")))
                       if shape.heads in wanted)
        line = f'{frame}<a:prstGeom prst="{shape.preset}"><a:avLst/></a:prstGeom><a:ln>{ends}</a:ln>'
        if shape.as_shape:
            return (f'<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="{number}" name="Line {number}"/>'
                    f'<xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr>{line}</xdr:spPr></xdr:sp>')
        return (f'<xdr:cxnSp macro=""><xdr:nvCxnSpPr><xdr:cNvPr id="{number}" name="Connector {number}"/>'
                f'<xdr:cNvCxnSpPr/></xdr:nvCxnSpPr><xdr:spPr>{line}</xdr:spPr></xdr:cxnSp>')
    fill = "<a:noFill/><a:ln><a:noFill/></a:ln>" if shape.text_box else '<a:solidFill><a:srgbClr val="FFFFFF"/>' \
        '</a:solidFill><a:ln><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>'
    text = (f'<xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>{shape.text}</a:t></a:r></a:p></xdr:txBody>'
            if shape.text else "")
    box_flag = ' txBox="1"' if shape.text_box else ""
    return (f'<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="{number}" name="Shape {number}"/>'
            f'<xdr:cNvSpPr{box_flag}/></xdr:nvSpPr><xdr:spPr>{frame}<a:prstGeom prst="{shape.preset}"><a:avLst/>'
            f'</a:prstGeom>{fill}</xdr:spPr>{text}</xdr:sp>')


def _element(item: Drawn | Group, number: int, factor: int) -> str:
    """A shape or group in coordinates ``factor`` times the sheet's (those of the group it is in)."""
    if isinstance(item, Drawn):
        left, top, right, bottom = (v * factor for v in _box(item))
        return _shape_xml(item, number, (left, top, right, bottom))
    left, top, right, bottom = (v * factor for v in _box(Drawn(item.start, item.end)))
    k = item.scale
    children = "".join(_element(child, number + i + 1, factor * k) for i, child in enumerate(item.shapes))
    return (f'<xdr:grpSp><xdr:nvGrpSpPr><xdr:cNvPr id="{number}" name="Group {number}"/><xdr:cNvGrpSpPr/>'
            f'</xdr:nvGrpSpPr><xdr:grpSpPr><a:xfrm><a:off x="{left}" y="{top}"/>'
            f'<a:ext cx="{right - left}" cy="{bottom - top}"/><a:chOff x="{left * k}" y="{top * k}"/>'
            f'<a:chExt cx="{(right - left) * k}" cy="{(bottom - top) * k}"/></a:xfrm></xdr:grpSpPr>'
            f'{children}</xdr:grpSp>')


def _anchor_xml(item: Drawn | Group, number: int) -> str:
    left, top, right, bottom = _box(item if isinstance(item, Drawn) else Drawn(item.start, item.end))
    body = _element(item, number, 1)
    if isinstance(item, Drawn) and item.anchor == "one":
        return (f'<xdr:oneCellAnchor>{_marker("from", left, top)}<xdr:ext cx="{right - left}" '
                f'cy="{bottom - top}"/>{body}<xdr:clientData/></xdr:oneCellAnchor>')
    if isinstance(item, Drawn) and item.anchor == "absolute":
        return (f'<xdr:absoluteAnchor><xdr:pos x="{left}" y="{top}"/><xdr:ext cx="{right - left}" '
                f'cy="{bottom - top}"/>{body}<xdr:clientData/></xdr:absoluteAnchor>')
    anchor = (f'<xdr:twoCellAnchor editAs="oneCell">{_marker("from", left, top)}{_marker("to", right, bottom)}'
              f'{body}<xdr:clientData/></xdr:twoCellAnchor>')
    if isinstance(item, Drawn) and item.alternate:
        return (f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice xmlns:a14="{A14}" Requires="a14">{anchor}'
                f'</mc:Choice><mc:Fallback>{anchor}</mc:Fallback></mc:AlternateContent>')
    return anchor


def write_drawn_xlsx(path: Path, rows: Sequence[Sequence[object]], drawn: Sequence[Drawn | Group], *,
                     identity: Sequence[tuple[str, str]] = (("Nama SOP", "Pelayanan Uji Excel"),),
                     merged: Sequence[str] = ()) -> Path:
    """A workbook with an "Identitas" sheet and a "Prosedur" sheet of ``rows`` (merged ranges ``merged``, every
    column :data:`COLUMN_WIDTH` wide and every row :data:`ROW_HEIGHT` high), ``drawn`` over the Prosedur sheet."""
    book = Workbook()
    ident = book.active
    ident.title = "Identitas"
    for label, value in identity:
        ident.append([label, value])
    sheet = book.create_sheet("Prosedur")
    for row in rows:
        sheet.append(list(row))
    width = max([len(r) for r in rows] + [_cell(d.end or d.start)[0] + 1 for d in drawn])
    for index in range(1, width + 2):
        sheet.column_dimensions[get_column_letter(index)].width = COLUMN_WIDTH
    for index in range(1, len(rows) + 10):
        sheet.row_dimensions[index].height = ROW_HEIGHT
    for cells in merged:
        sheet.merge_cells(cells)
    book.save(path)
    _add_drawing(path, "".join(_anchor_xml(item, 2 + 100 * number) for number, item in enumerate(drawn)))
    return path


def _add_drawing(path: Path, anchors: str) -> None:
    """The drawing part, its relationship from the Prosedur sheet (sheet2), its content type, and the sheet's
    ``<drawing>`` element, written into the saved workbook."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    sheet = "xl/worksheets/sheet2.xml"
    parts["xl/drawings/drawing1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A}">'
        f'{anchors}</xdr:wsDr>').encode()
    parts["xl/worksheets/_rels/sheet2.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships"><Relationship Id="rIdDrawing1" Type="{DRAWING_TYPE}" '
        'Target="../drawings/drawing1.xml"/></Relationships>').encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", '<Override PartName="/xl/drawings/drawing1.xml" '
                                                 'ContentType="application/vnd.openxmlformats-officedocument.'
                                                 'drawing+xml"/></Types>').encode()
    xml = parts[sheet].decode()
    if "xmlns:r=" not in xml.split(">", 2)[1]:
        xml = xml.replace("<worksheet ", '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
                                         '2006/relationships" ', 1)
    parts[sheet] = xml.replace("</worksheet>", '<drawing r:id="rIdDrawing1"/></worksheet>').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
