"""Word documents (.docx) written the way Word writes an SOP AP: tables with merged cells, and flowchart symbols
drawn as floating shapes anchored in cells (DrawingML with Word's VML fallback, or VML alone as older files have),
or grouped into one picture (a group or a drawing canvas) anchored in a cell or a paragraph."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'mc:Ignorable="wps"'
)
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: A column of the flowchart table: 1 cm (567 twips).
COLUMN_TWIPS = 567
EMU_PER_TWIP = 635


@dataclass(frozen=True)
class Shape:
    """A symbol drawn in a cell: a DrawingML preset (with Word's VML fallback unless ``vml_only``)."""

    preset: str = "flowChartProcess"
    #: The symbol's left edge from the cell's left edge, in columns (1.5: half way into the next column).
    offset_columns: float = 0.1
    text_box: bool = False
    text: str = ""
    vml_only: bool = False
    vml_type: int = 109
    #: Drawn with neither outline nor fill; by default a text box is, a symbol is not.
    invisible: bool | None = None


#: A level of a grouped picture (a row's height, as drawn): 1 cm.
LEVEL_EMU = 360000


@dataclass(frozen=True)
class Member:
    """A shape of a grouped picture: its centre in columns from the picture's left edge and in levels from its top."""

    preset: str = "flowChartProcess"
    column: float = 0.5
    level: float = 0.5
    text: str = ""
    text_box: bool = False


@dataclass(frozen=True)
class Line:
    """An arrow of a grouped picture from ``start`` to ``end`` (column, level), its head at the end (``heads``:
    "tail", Word's name for it), at the start ("head"), at both or none; Word may store it flipped."""

    start: tuple[float, float]
    end: tuple[float, float]
    heads: str = "tail"
    preset: str = "straightConnector1"


@dataclass(frozen=True)
class Picture:
    """Shapes grouped into one picture (``wpg:wgp``, or a drawing canvas ``wpc:wpc``), its left edge
    ``offset_columns`` from the cell (or the text column), ``level_offset`` levels below its paragraph."""

    members: tuple[Member | Line, ...]
    canvas: bool = False
    #: The members inside a nested group, and the group's own coordinates twice the EMU (as Word scales them).
    nested: bool = False
    offset_columns: float = 0.0
    level_offset: float = 0.1
    layout_in_cell: bool = True
    inline: bool = False
    #: Placed by alignment ("center") rather than by an offset.
    aligned: bool = False
    #: Written as VML only (``v:group``), as a document from an older Word has it.
    vml: bool = False


@dataclass(frozen=True)
class Cell:
    text: str = ""
    span: int = 1
    #: "restart" starts a cell merged with the ones below it, "continue" is one of those below.
    merge: str | None = None
    shapes: tuple[Shape | Picture, ...] = ()
    #: Word's automatic numbering on each paragraph: 1 and 3 are decimal lists ("1.", "2." …; "1", "2" …), 2 a
    #: bulleted one.
    numbered: int | None = None
    #: The cell inside a content control (``w:sdt``), as forms made with Word's developer tools have them.
    in_control: bool = False


NUMBERING = (f'<?xml version="1.0"?><w:numbering {NAMESPACES}>'
             '<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
             '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
             '<w:abstractNum w:abstractNumId="20"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
             '<w:lvlText w:val=""/></w:lvl></w:abstractNum>'
             '<w:abstractNum w:abstractNumId="30"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
             '<w:lvlText w:val="%1"/></w:lvl></w:abstractNum>'
             '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>'
             '<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>'
             '<w:num w:numId="3"><w:abstractNumId w:val="30"/></w:num></w:numbering>')


def write_docx(path: Path, blocks: list[object], *, header: list[object] | None = None,
               first_page_header: list[object] | None = None) -> Path:
    """A document of ``blocks``: a string is a paragraph, a list of rows (each a list of ``Cell`` or text) a table;
    ``header`` the blocks of its page header, ``first_page_header`` those of its first page's ("Different First
    Page")."""
    body = _blocks(blocks)
    references = "".join(f'<w:headerReference w:type="{kind}" r:id="rIdHeader{kind}"/>'
                         for kind, blocks in (("default", header), ("first", first_page_header)) if blocks is not None)
    title_page = "<w:titlePg/>" if first_page_header is not None else ""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES} '
                f'xmlns:r="{RELATIONSHIPS}"><w:body>{body}<w:sectPr>{references}{title_page}</w:sectPr></w:body>'
                '</w:document>')
    headers = {kind: blocks for kind, blocks in (("default", header), ("first", first_page_header))
               if blocks is not None}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:  # a package Word and LibreOffice open
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.numbering+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'))
        archive.writestr("word/_rels/document.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'numbering" Target="numbering.xml"/>' + "".join(
                f'<Relationship Id="rIdHeader{kind}" Type="{RELATIONSHIPS}/header" Target="header-{kind}.xml"/>'
                for kind in headers) + '</Relationships>'))
        archive.writestr("word/document.xml", document)
        archive.writestr("word/numbering.xml", NUMBERING)
        for kind, blocks in headers.items():
            archive.writestr(f"word/header-{kind}.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                                       f'<w:hdr {NAMESPACES}>{_blocks(blocks)}</w:hdr>')
    return path


def _blocks(blocks: list[object]) -> str:
    return "".join(_table(block) if isinstance(block, list) else _paragraph("", (block,))
                   if isinstance(block, Picture) else _paragraph(str(block)) for block in blocks)


def rewrite_document(source: Path, target: Path, change: Callable[[bytes], bytes]) -> Path:
    """``source`` written to ``target`` with its ``word/document.xml`` changed: what a test cannot build with
    :func:`write_docx` (tracked changes, a frame table, a spoiled drawing) is made from what it can."""
    with zipfile.ZipFile(source) as archive:
        parts = [(item, archive.read(item.filename)) for item in archive.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for item, data in parts:
            archive.writestr(item, change(data) if item.filename == "word/document.xml" else data)
    return target


def _paragraph(text: str, shapes: tuple[Shape | Picture, ...] = (), numbered: int | None = None) -> str:
    properties = (f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbered}"/></w:numPr></w:pPr>'
                  if numbered else "")
    runs = "".join(f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r>' + ("<w:r><w:br/></w:r>" if i < len(
        text.split("\n")) - 1 else "") for i, line in enumerate(text.split("\n"))) if text else ""
    drawn = "".join(_picture(s, n) if isinstance(s, Picture) else _shape(s, n) for n, s in enumerate(shapes))
    return f"<w:p>{properties}{drawn}{runs}</w:p>"


def _table(rows: list[list[object]]) -> str:
    columns = max(sum(c.span if isinstance(c, Cell) else 1 for c in row) for row in rows)
    grid = "".join(f'<w:gridCol w:w="{COLUMN_TWIPS}"/>' for _ in range(columns))
    xml = [f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>"]
    for row in rows:
        xml.append("<w:tr>")
        for item in row:
            cell = item if isinstance(item, Cell) else Cell("" if item is None else str(item))
            properties = (f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else "") + (
                f'<w:vMerge w:val="{cell.merge}"/>' if cell.merge == "restart" else
                "<w:vMerge/>" if cell.merge == "continue" else "")
            paragraphs = "".join(_paragraph(line, numbered=cell.numbered) for line in cell.text.split("\n\n")) \
                if cell.text else (_paragraph("", numbered=cell.numbered) if cell.numbered else "")
            if cell.shapes:
                paragraphs = _paragraph("", cell.shapes) + paragraphs
            tc = f"<w:tc><w:tcPr>{properties}</w:tcPr>{paragraphs or '<w:p/>'}</w:tc>"
            xml.append(f"<w:sdt><w:sdtPr/><w:sdtContent>{tc}</w:sdtContent></w:sdt>" if cell.in_control else tc)
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    return "".join(xml)


def _shape(shape: Shape, number: int) -> str:
    left = int(shape.offset_columns * COLUMN_TWIPS * EMU_PER_TWIP)
    invisible = shape.text_box if shape.invisible is None else shape.invisible
    width, height = 360000, 250000
    text = (f"<wps:txbx><w:txbxContent>{_paragraph(shape.text)}</w:txbxContent></wps:txbx>"
            if shape.text or shape.text_box else "")
    left_pt, width_pt = left / 12700, width / 12700
    vml = (f'<w:pict><v:shape id="s{number}" type="#_x0000_t{shape.vml_type}" style="position:absolute;'
           f'margin-left:{left_pt:.1f}pt;margin-top:2pt;width:{width_pt:.1f}pt;height:19.7pt;z-index:1">'
           + (f"<v:textbox><w:txbxContent>{_paragraph(shape.text)}</w:txbxContent></v:textbox>" if shape.text else "")
           + "</v:shape></w:pict>")
    if shape.vml_only:
        return f"<w:r>{vml}</w:r>"
    drawing = (
        f'<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{number + 1}" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{left}</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>25400</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:wrapNone/><wp:docPr id="{number + 1}" name="Shape {number}"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        + ('<wps:cNvSpPr txBox="1"/>' if shape.text_box else "<wps:cNvSpPr/>")
        + f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        f'<a:prstGeom prst="{shape.preset}"><a:avLst/></a:prstGeom>'
        + ('<a:noFill/><a:ln><a:noFill/></a:ln>' if invisible else
           '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
           '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>')
        + f"</wps:spPr>{text}<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>")
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
            f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>")


def _member_xml(member: Member | Line, scale: int) -> str:
    """A shape of a picture in its group's coordinates (``scale`` × EMU)."""
    column, level = COLUMN_TWIPS * EMU_PER_TWIP * scale, LEVEL_EMU * scale
    if isinstance(member, Line):
        (x1, y1), (x2, y2) = ((round(x * column), round(y * level)) for x, y in (member.start, member.end))
        flips = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
        ends = {"tail": '<a:tailEnd type="triangle"/>', "head": '<a:headEnd type="triangle"/>',
                "both": '<a:headEnd type="arrow"/><a:tailEnd type="arrow"/>', "none": ""}[member.heads]
        if member.heads == "head":  # the same arrow stored the other way round: its head at its first point
            (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
            flips = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
        return (f'<wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm{flips}><a:off x="{min(x1, x2)}" y="{min(y1, y2)}"/>'
                f'<a:ext cx="{abs(x2 - x1)}" cy="{abs(y2 - y1)}"/></a:xfrm><a:prstGeom prst="{member.preset}">'
                f'<a:avLst/></a:prstGeom><a:ln w="9525">{ends}</a:ln></wps:spPr><wps:bodyPr/></wps:wsp>')
    width, height = round(0.8 * column), round(0.6 * level)
    x, y = round(member.column * column) - width // 2, round(member.level * level) - height // 2
    text = (f"<wps:txbx><w:txbxContent>{_paragraph(member.text)}</w:txbxContent></wps:txbx>"
            if member.text else "")
    return ('<wps:wsp>' + ('<wps:cNvSpPr txBox="1"/>' if member.text_box else "<wps:cNvSpPr/>")
            + f'<wps:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
            f'<a:prstGeom prst="{member.preset}"><a:avLst/></a:prstGeom>'
            + ('<a:noFill/><a:ln><a:noFill/></a:ln>' if member.text_box else
               '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"/>')
            + f"</wps:spPr>{text}<wps:bodyPr/></wps:wsp>")


_VML_TYPES = {"flowChartProcess": 109, "flowChartDecision": 110, "flowChartTerminator": 116,
              "flowChartDocument": 114, "rightArrow": 13}


def _vml_member(member: Member | Line, scale: int = 1) -> str:
    """A shape of a VML group in the group's coordinates (points × 10): a symbol by its type number, a text box
    (type 202), a line as ``v:line``, a straight connector (type 32, flipped as it goes) or an elbow ``v:polyline``."""
    column, level = COLUMN_TWIPS / 2 * scale, LEVEL_EMU / 1270 * scale  # a column and a level in tenths of a point
    if isinstance(member, Line):
        (x1, y1), (x2, y2) = ((round(x * column), round(y * level)) for x, y in (member.start, member.end))
        arrows = {"tail": 'endarrow="block"', "head": 'startarrow="block"', "both": 'startarrow="block" '
                  'endarrow="block"', "none": ""}[member.heads]
        if member.heads == "head":
            (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
        stroke = f"<v:stroke {arrows}/>"
        if member.preset == "line":
            return f'<v:line from="{x1},{y1}" to="{x2},{y2}" style="position:absolute">{stroke}</v:line>'
        if member.preset == "bentConnector3":
            return (f'<v:polyline points="{x1},{y1} {x1},{(y1 + y2) // 2} {x2},{(y1 + y2) // 2} {x2},{y2}" '
                    f'filled="f" style="position:absolute">{stroke}</v:polyline>')
        flip = " ".join(axis for axis, flipped in (("x", x2 < x1), ("y", y2 < y1)) if flipped)
        return (f'<v:shape type="#_x0000_t32" o:connectortype="straight" style="position:absolute;'
                f'left:{min(x1, x2)};top:{min(y1, y2)};width:{abs(x2 - x1)};height:{abs(y2 - y1)}'
                + (f";flip:{flip}" if flip else "") + f'" filled="f">{stroke}</v:shape>')
    width, height = round(0.8 * column), round(0.6 * level)
    x, y = round(member.column * column) - width // 2, round(member.level * level) - height // 2
    box = f'style="position:absolute;left:{x};top:{y};width:{width};height:{height}"'
    text = f"<v:textbox><w:txbxContent>{_paragraph(member.text)}</w:txbxContent></v:textbox>" if member.text else ""
    if member.text_box:
        return f'<v:shape type="#_x0000_t202" {box} filled="f" stroked="f">{text}</v:shape>'
    if member.preset in _VML_TYPES:
        return f'<v:shape type="#_x0000_t{_VML_TYPES[member.preset]}" {box}>{text}</v:shape>'
    element = "oval" if member.preset == "ellipse" else "rect"
    return f"<v:{element} {box}>{text}</v:{element}>"


def _vml_picture(picture: Picture, width: int, height: int) -> str:
    """A picture as a VML group: its box in points, its coordinates tenths of a point (twice that inside a nested
    group)."""
    scale = 2 if picture.nested else 1
    members = "".join(_vml_member(m, scale) for m in picture.members)
    if picture.nested:
        members = (f'<v:group style="position:absolute;left:0;top:0;width:{width // 1270};height:{height // 1270}" '
                   f'coordorigin="0,0" coordsize="{2 * (width // 1270)},{2 * (height // 1270)}">{members}</v:group>')
    left = picture.offset_columns * COLUMN_TWIPS / 20
    place = "mso-position-horizontal:center;" if picture.aligned else f"margin-left:{left:.1f}pt;"
    return (f'<w:r><w:pict><v:group style="position:absolute;{place}margin-top:{picture.level_offset * 28.35:.1f}pt;'
            f'width:{width / 12700:.1f}pt;height:{height / 12700:.1f}pt" coordorigin="0,0" '
            f'coordsize="{width // 1270},{height // 1270}"'
            + ("" if picture.layout_in_cell else ' o:allowincell="f"') + f">{members}</v:group></w:pict></w:r>")


def _picture(picture: Picture, number: int) -> str:
    """A grouped picture as Word writes it: ``wp:anchor`` (or ``wp:inline``) holding a group or a canvas, in
    ``mc:AlternateContent`` with a VML group as its fallback (never read); or, ``vml``, the VML group alone."""
    levels = max((max(m.start[1], m.end[1]) if isinstance(m, Line) else m.level + 0.5 for m in picture.members),
                 default=1)
    columns = max((max(m.start[0], m.end[0]) if isinstance(m, Line) else m.column + 0.5 for m in picture.members),
                  default=1)
    width, height = round(columns * COLUMN_TWIPS * EMU_PER_TWIP), round(levels * LEVEL_EMU)
    if picture.vml:
        return _vml_picture(picture, width, height)
    if picture.canvas:
        content = ('<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas"><wpc:wpc>'
                   '<wpc:bg/><wpc:whole/>' + "".join(_member_xml(m, 1) for m in picture.members)
                   + "</wpc:wpc></a:graphicData>")
    else:
        scale = 2 if picture.nested else 1
        members = "".join(_member_xml(m, scale) for m in picture.members)
        if picture.nested:  # a group of the members inside the picture's group, the latter in plain EMU
            members = (f'<wpg:grpSp><wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm><a:off x="0" y="0"/>'
                       f'<a:ext cx="{width}" cy="{height}"/><a:chOff x="0" y="0"/>'
                       f'<a:chExt cx="{2 * width}" cy="{2 * height}"/></a:xfrm></wpg:grpSpPr>{members}</wpg:grpSp>')
        content = ('<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup"><wpg:wgp>'
                   f'<wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/>'
                   f'<a:chOff x="0" y="0"/><a:chExt cx="{width}" cy="{height}"/></a:xfrm></wpg:grpSpPr>{members}'
                   "</wpg:wgp></a:graphicData>")
    graphic = f"<a:graphic>{content}</a:graphic>"
    if picture.inline:
        drawing = (f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width}" '
                   f'cy="{height}"/><wp:docPr id="{number + 100}" name="Canvas {number}"/>{graphic}</wp:inline>'
                   "</w:drawing>")
    else:
        left = round(picture.offset_columns * COLUMN_TWIPS * EMU_PER_TWIP)
        horizontal = ('<wp:align>center</wp:align>' if picture.aligned else f"<wp:posOffset>{left}</wp:posOffset>")
        drawing = (
            f'<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
            f'relativeHeight="{number + 1}" behindDoc="0" locked="0" '
            f'layoutInCell="{1 if picture.layout_in_cell else 0}" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="column">{horizontal}</wp:positionH><wp:positionV relativeFrom="paragraph">'
            f'<wp:posOffset>{round(picture.level_offset * LEVEL_EMU)}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{width}" cy="{height}"/><wp:wrapNone/><wp:docPr id="{number + 100}" '
            f'name="Group {number}"/><wp:cNvGraphicFramePr/>{graphic}</wp:anchor></w:drawing>')
    fallback = ('<w:pict><v:group style="position:absolute;margin-left:0;margin-top:0;width:100pt;height:100pt" '
                'coordsize="100,100"><v:rect style="position:absolute;left:0;top:0;width:10;height:10"/></v:group>'
                "</w:pict>")
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wpg">{drawing}</mc:Choice>'
            f"<mc:Fallback>{fallback}</mc:Fallback></mc:AlternateContent></w:r>")
