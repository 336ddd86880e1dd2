"""Whatever shapes an uploaded workbook's drawing holds (any anchor, number, flip, turn, group or arrowhead), the
import reads it to a table or to problems: never a crash in the web worker, never a mark outside the sheet."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from unit.test_sop_table_reader import ROLES
from xlsx_support import XDR, A, Drawn, write_drawn_xlsx

from engine.sop_table.documents.workbook_drawings import drawn_flowcharts
from engine.sop_table.reader import read_workbook

ROWS = [["No", "Kegiatan", "Pelaksana", "Kasi", "Kabid", "Waktu", "Keterangan"],
        [1, "Menerima berkas", None, None, None, "15 menit", None],
        [2, "Berkas lengkap?", None, None, None, None, None],
        [3, "Menandatangani", None, None, None, "1 hari", None],
        [None] * 7,
        [4, "Mengembalikan berkas", None, None, None, "15 menit", None],
        [None] * 7]

numbers = st.one_of(st.integers(-10**7, 10**8), st.sampled_from(["", "x", "1e9", "-0", "99999999999999999999"]))
#: Mostly places on a coarse grid, so that shapes meet and lines end on symbols; sometimes anything at all.
spots = st.one_of(st.integers(0, 12).map(lambda n: n * 400_000), st.integers(0, 12).map(lambda n: n * 400_000),
                  numbers)
cells = st.one_of(st.integers(0, 5), st.integers(0, 5), numbers)
#: Offsets into a cell: mostly none, so that a shape fills whole cells and a line runs from corner to corner.
offsets = st.one_of(st.just(0), st.just(0), st.just(0), spots)
presets = st.sampled_from(["flowChartProcess", "flowChartDecision", "diamond", "flowChartTerminator", "line",
                           "bentConnector3", "straightConnector1", "rightArrow", "flowChartConnector", "ellipse",
                           "", "nonsense"])


@st.composite
def shapes(draw: st.DrawFn, depth: int = 0) -> str:
    turn = draw(st.one_of(st.sampled_from(["0", "5400000", "16200000"]), numbers))
    frame = (f'<a:xfrm rot="{turn}" flipH="{draw(st.sampled_from(["0", "1", "true", "x"]))}" '
             f'flipV="{draw(st.sampled_from(["0", "1"]))}"><a:off x="{draw(spots)}" y="{draw(spots)}"/>'
             f'<a:ext cx="{draw(spots)}" cy="{draw(spots)}"/>'
             + (f'<a:chOff x="{draw(spots)}" y="{draw(spots)}"/><a:chExt cx="{draw(spots)}" '
                f'cy="{draw(spots)}"/>' if depth < 2 and draw(st.booleans()) else "") + "</a:xfrm>")
    heads = "".join(f'<a:{end} type="{draw(st.sampled_from(["none", "triangle", ""]))}"/>'
                    for end in ("headEnd", "tailEnd") if draw(st.booleans()))
    text = draw(st.sampled_from(["", "Ya", "Tidak", "Selesai", "Mulai", "T", "<![CDATA[x]]>"]))
    kind = draw(st.sampled_from(["sp", "cxnSp", "grpSp"] if depth < 2 else ["sp", "cxnSp"]))
    if kind == "grpSp":
        children = "".join(draw(st.lists(shapes(depth + 1), max_size=3)))
        return f"<xdr:grpSp><xdr:grpSpPr>{frame}</xdr:grpSpPr>{children}</xdr:grpSp>"
    body = (f'<xdr:spPr>{frame}<a:prstGeom prst="{draw(presets)}"/><a:ln>{heads}</a:ln></xdr:spPr>'
            + (f"<xdr:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></xdr:txBody>" if text else ""))
    box = ' txBox="1"' if draw(st.booleans()) else ""
    return f"<xdr:{kind}><xdr:nvSpPr><xdr:cNvSpPr{box}/></xdr:nvSpPr>{body}</xdr:{kind}>"


@st.composite
def anchors(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["twoCellAnchor", "oneCellAnchor", "absoluteAnchor", "somethingElse"]))
    parts = {"twoCellAnchor": f"<xdr:from>{_marker(draw)}</xdr:from><xdr:to>{_marker(draw)}</xdr:to>",
             "oneCellAnchor": f'<xdr:from>{_marker(draw)}</xdr:from><xdr:ext cx="{draw(spots)}" cy="{draw(spots)}"/>',
             "absoluteAnchor": f'<xdr:pos x="{draw(spots)}" y="{draw(spots)}"/><xdr:ext cx="{draw(spots)}" '
                               f'cy="{draw(spots)}"/>',
             "somethingElse": ""}[kind]
    return f"<xdr:{kind}>{parts}{draw(shapes())}<xdr:clientData/></xdr:{kind}>"


def _marker(draw: st.DrawFn) -> str:
    return "".join(f"<xdr:{name}>{draw(cells if name in ('col', 'row') else offsets)}</xdr:{name}>"
                   for name in ("col", "colOff", "row", "rowOff"))


@st.composite
def flowcharts(draw: st.DrawFn) -> list[str]:
    """Symbols filling cells of the table's rows and role columns, and lines from the middle of one cell to the
    middle of another, flipped or not, with any arrowheads: drawings whose arrows do reach symbols."""
    def at(column: int, row: int, middle: bool) -> str:
        return (f"<xdr:col>{column}</xdr:col><xdr:colOff>{533_400 if middle else 0}</xdr:colOff><xdr:row>{row}"
                f"</xdr:row><xdr:rowOff>{190_500 if middle else 0}</xdr:rowOff>")

    def anchor(start: str, end: str, shape: str) -> str:
        return (f"<xdr:twoCellAnchor><xdr:from>{start}</xdr:from><xdr:to>{end}</xdr:to>{shape}<xdr:clientData/>"
                "</xdr:twoCellAnchor>")

    spots_ = st.tuples(st.integers(2, 4), st.integers(1, 6))
    drawn = []
    symbols = draw(st.lists(spots_, min_size=1, max_size=6))
    for column, row in symbols:
        preset = draw(st.sampled_from(["flowChartProcess", "flowChartDecision", "flowChartTerminator"]))
        text = draw(st.sampled_from(["", "Selesai", "Mulai"]))
        drawn.append(anchor(at(column, row, False), at(column + 1, row + 1, False),
                            f'<xdr:sp><xdr:nvSpPr><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:prstGeom prst="{preset}"/>'
                            f"</xdr:spPr><xdr:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p></xdr:txBody></xdr:sp>"))
    ends = st.sampled_from(symbols) if draw(st.booleans()) else spots_
    for (c1, r1), (c2, r2) in draw(st.lists(st.tuples(ends, ends), max_size=6)):
        flips = (f' flipH="{draw(st.sampled_from(["0", "1"]))}" flipV="{draw(st.sampled_from(["0", "1"]))}"'
                 f' rot="{draw(st.sampled_from(["0", "5400000", "10800000", "16200000"]))}"')
        heads = "".join(f'<a:{end} type="triangle"/>' for end in draw(st.sampled_from(
            [("tailEnd",), ("headEnd",), ("headEnd", "tailEnd"), ()])))
        drawn.append(anchor(at(min(c1, c2), min(r1, r2), True), at(max(c1, c2), max(r1, r2), True),
                            f"<xdr:cxnSp><xdr:spPr><a:xfrm{flips}/><a:prstGeom prst=\"bentConnector3\"/>"
                            f"<a:ln>{heads}</a:ln></xdr:spPr></xdr:cxnSp>"))
    for label in draw(st.lists(st.tuples(spots_, st.sampled_from(["Ya", "Tidak"])), max_size=3)):
        (column, row), word = label
        drawn.append(anchor(at(column, row, True), at(column, row, True),
                            '<xdr:sp><xdr:nvSpPr><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/><xdr:txBody><a:p>'
                            f"<a:r><a:t>{word}</a:t></a:r></a:p></xdr:txBody></xdr:sp>"))
    return draw(st.permutations(drawn))


@pytest.mark.filterwarnings("ignore:DrawingML support is incomplete")  # openpyxl, on shapes it cannot keep
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(anchors(), max_size=12), flowcharts(),
                 st.tuples(flowcharts(), st.lists(anchors(), max_size=4)).map(lambda both: [*both[0], *both[1]])))
def test_any_drawing_reads_to_a_table_or_problems(drawing: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_drawn_xlsx(Path(tmp) / "acak.xlsx", ROWS, [Drawn("C2")])
        xml = f'<xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A}">{"".join(drawing)}</xdr:wsDr>'.encode()
        spoiled = Path(tmp) / "spoiled.xlsx"
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(spoiled, "w") as target:
            for item in source.namelist():
                target.writestr(item, xml if item == "xl/drawings/drawing1.xml" else source.read(item))
        table, problems = read_workbook(spoiled, ROLES)
        assert table is not None or problems
        if table is None and str(problems[0]).startswith("Berkas: bukan buku kerja Excel"):
            event("openpyxl refused the workbook")
            return  # openpyxl itself refused the drawing: said as a workbook that cannot be read
        drawings = drawn_flowcharts(spoiled, load_workbook(spoiled))
        event(f"symbols: {sum(len(d.marks) for d in drawings.values()) > 0}, "
              f"arrows: {sum(len(d.arrows) for d in drawings.values()) > 0}")
        for drawn in drawings.values():
            assert all(1 <= m.row <= 10_000 and 1 <= m.column <= 200 for m in drawn.marks)
            assert all(a.start != a.end for a in drawn.arrows)
