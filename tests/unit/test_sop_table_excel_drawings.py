"""An SOP AP written in Excel with its flowchart drawn as shapes over the table: each symbol marks its row's role."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from unit.test_sop_table_reader import ROLES
from xlsx_support import XDR, A, Drawn, Group, write_drawn_xlsx

from engine.sop_table.documents.arrows import DrawnMark
from engine.sop_table.documents.workbook_drawings import drawn_flowcharts
from engine.sop_table.model import Target
from engine.sop_table.reader import read_workbook

DATA = Path(__file__).resolve().parent.parent / "data"
HEADER = ["No", "Kegiatan", "Pelaksana", "Kasi", "Kabid", "Waktu", "Keterangan"]


def _roles(path: Path) -> list[tuple[int, str, str]]:
    table, problems = read_workbook(path, ROLES)
    assert problems == [], [str(p) for p in problems]
    assert table is not None
    return [(a.number, a.role, a.kind) for a in table.activities]


@pytest.mark.parametrize("name", ["sop_drawn_in_libreoffice_calc", "sop_drawn_and_grouped_in_libreoffice_calc"])
def test_an_sop_ap_drawn_in_libreoffice_calc_reads_with_its_symbols(name: str) -> None:
    """tests/data/sop_drawn_in_libreoffice_calc.xlsx is what LibreOffice Calc 7.4 saves for the .fods beside it
    (``soffice --headless --convert-to xlsx``): the identity above a two-row header, activity 1 written across two
    merged rows with its box drawn in the second, a diamond with a "Tidak" text box beside it in another role's
    column, arrows between the symbols, a box anchored to its cell, the last step a capsule that says "Selesai".
    The grouped one is the same with the symbols and arrows grouped into one shape (Calc's ``draw:g``)."""
    path = DATA / f"{name}.xlsx"
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert table.identity.nama == "Penerbitan Surat Keterangan Domisili Usaha"
    assert [(a.number, a.role, a.kind, a.time.text if a.time else None) for a in table.activities] == [
        (1, "Pelaksana", "activity", "15 menit"), (2, "Kepala Seksi", "decision", "10 menit"),
        (3, "Pelaksana", "activity", "1 jam"), (4, "Kepala Bidang", "activity", "1 hari"),
        (5, "Pelaksana", "activity", "15 menit")]
    assert table.activities[1].no == Target(1)
    assert table.roles == ["Pelaksana", "Kepala Seksi", "Kepala Bidang"]


def test_excels_anchors_connectors_and_labels(tmp_path: Path) -> None:
    """A symbol marks the cell its centre is in, however Excel anchors it (two cells, one cell and a size, a position
    on the sheet, wrapped in ``mc:AlternateContent``); arrows, connectors, "Ya"/"Tidak" text boxes and the off-page
    connector mark nothing."""
    rows = [HEADER,
            [1, "Menerima berkas", None, None, None, "15 menit", None],
            [2, "Berkas lengkap?", None, None, None, "10 menit", "Tidak: kembali ke kegiatan 1"],
            [3, "Memeriksa lapangan", None, None, None, "1 hari", None],
            [4, "Menandatangani surat", None, None, None, "1 hari", None],
            [5, "Mengarsipkan surat", None, None, None, "10 menit", None]]
    drawn = [Drawn("C2"), Drawn("E2", preset="flowChartOffpageConnector"),
             Drawn("D3", preset="flowChartDecision", anchor="one"), Drawn("C3", text="Tidak", text_box=True),
             Drawn("C2", "D3", preset="bentConnector3", connector=True), Drawn("C3", "E3", preset="rightArrow"),
             Drawn("C4", "E4"),  # wide, centred in the Kasi column
             Drawn("E5", anchor="absolute"), Drawn("C6", alternate=True)]
    path = write_drawn_xlsx(tmp_path / "excel.xlsx", rows, drawn)
    assert _roles(path) == [(1, "Pelaksana", "activity"), (2, "Kepala Seksi", "decision"),
                            (3, "Kepala Seksi", "activity"), (4, "Kepala Bidang", "activity"),
                            (5, "Pelaksana", "activity")]


def test_a_symbol_belongs_to_the_activity_it_is_drawn_beside(tmp_path: Path) -> None:
    """An activity written across merged rows takes the symbol drawn in any of them (a note in the second row's own
    Keterangan cell notwithstanding); a symbol drawn lower, in rows
    left empty under its activity, is that activity's; a start or end capsule in a row of its own is no step."""
    rows = [HEADER,
            [None, None, None, None, None, None, None],
            [1, "Menerima berkas", None, None, None, "15 menit", None],
            [None, None, None, None, None, None, "berkas diberi nomor"],
            [2, "Membuat draf", None, None, None, "1 jam", None],
            [None, None, None, None, None, None, None],
            [3, "Menandatangani", None, None, None, "1 hari", None],
            [None, None, None, None, None, None, None]]
    drawn = [Drawn("C2", text="Mulai", preset="flowChartTerminator"),
             Drawn("C4"),  # the second of activity 1's merged rows
             Drawn("D6"),  # under activity 2, in a row left empty
             Drawn("E7"), Drawn("E8", text="Selesai", preset="flowChartTerminator")]
    path = write_drawn_xlsx(tmp_path / "rows.xlsx", rows, drawn, merged=["A3:A4", "B3:B4", "F3:F4"])
    assert _roles(path) == [(1, "Pelaksana", "activity"), (2, "Kepala Seksi", "activity"),
                            (3, "Kepala Bidang", "activity")]


def test_a_symbol_is_not_moved_up_to_another_roles_activity_nor_from_far_below(tmp_path: Path) -> None:
    """A symbol under an activity another role performs stays out of it; one three rows below the table's last
    activity (the legend of symbols, the signature block's) is no activity's, one two rows below is that activity's."""
    rows = [HEADER, [1, "Menerima berkas", None, None, None, "15 menit", None], [None] * 7,
            [2, "Menandatangani", None, None, "X", "1 hari", None],
            [3, "Mengarsipkan", None, None, None, "10 menit", None]]
    table, problems = read_workbook(write_drawn_xlsx(tmp_path / "other.xlsx", rows, [
        Drawn("C2"), Drawn("D3"), Drawn("C8", preset="diamond")]), ROLES)
    assert table is not None
    assert [(a.number, a.role) for a in table.activities] == [(1, "Pelaksana"), (2, "Kepala Bidang"), (3, "")]
    assert [(p.row, "tidak ada peran yang ditandai" in str(p)) for p in problems] == [(5, True)]
    assert _roles(write_drawn_xlsx(tmp_path / "near.xlsx", rows, [Drawn("C2"), Drawn("D3"), Drawn("C7")])) == [
        (1, "Pelaksana", "activity"), (2, "Kepala Bidang", "activity"), (3, "Pelaksana", "activity")]


def test_a_flowchart_grouped_into_one_shape_is_read_symbol_by_symbol(tmp_path: Path) -> None:
    """Offices group the whole flowchart to move it as one piece; Excel keeps each symbol inside the group in the
    group's own coordinates (here twice the sheet's), placed by its share of the group's area."""
    rows = [HEADER,
            [1, "Menerima berkas", None, None, None, "15 menit", None],
            [2, "Berkas lengkap?", None, None, None, "10 menit", "Tidak: kembali ke kegiatan 1"],
            [3, "Menandatangani", None, None, None, "1 hari", None]]
    group = Group("C2", "E4", (Drawn("C2"), Drawn("D3", preset="diamond"), Drawn("E4"),
                               Drawn("C2", "D3", preset="straightConnector1", connector=True)))
    path = write_drawn_xlsx(tmp_path / "group.xlsx", rows, [group])
    assert _roles(path) == [(1, "Pelaksana", "activity"), (2, "Kepala Seksi", "decision"),
                            (3, "Kepala Bidang", "activity")]
    nested = Group("B2", "F4", (group,), scale=3)
    path = write_drawn_xlsx(tmp_path / "nested.xlsx", rows, [nested])
    assert _roles(path) == [(1, "Pelaksana", "activity"), (2, "Kepala Seksi", "decision"),
                            (3, "Kepala Bidang", "activity")]


def test_a_typed_mark_stands_and_a_diamond_says_more_than_a_box(tmp_path: Path) -> None:
    """A mark typed in the cell is kept (a drawn box beside it in another role's column still makes two roles); of a
    diamond and a box drawn in one cell the diamond decides, whichever was drawn first; a symbol over a column that
    is no role's is ignored."""
    rows = [HEADER,
            [1, "Menerima berkas", "X", None, None, "15 menit", None],
            [2, "Memeriksa kelengkapan berkas", None, None, None, "10 menit", None],
            [3, "Menandatangani", None, None, None, "1 hari", None]]
    drawn = [Drawn("C2"), Drawn("D3", preset="flowChartDecision"), Drawn("D3"), Drawn("E4"), Drawn("G4"),
             Drawn("B4")]
    for order in (drawn, [drawn[0], drawn[2], drawn[1], *drawn[3:]]):
        table, problems = read_workbook(write_drawn_xlsx(tmp_path / "typed.xlsx", rows, order), ROLES)
        assert table is not None
        assert [(a.role, a.kind) for a in table.activities] == [
            ("Pelaksana", "activity"), ("Kepala Seksi", "decision"), ("Kepala Bidang", "activity")]
        assert [str(p) for p in problems] == [
            "Prosedur baris 3, kolom Keterangan: keputusan tanpa tujuan 'Tidak'; tulis mis. 'Tidak: kembali ke "
            "kegiatan 1' atau 'Tidak: Selesai' di Keterangan"]
    _table, problems = read_workbook(write_drawn_xlsx(tmp_path / "two.xlsx", rows, [*drawn, Drawn("E2")]), ROLES)
    assert [(p.row, "lebih dari satu peran" in str(p)) for p in problems if p.column != "Keterangan"] == [(2, True)]


def test_the_marks_of_a_sheet_and_a_drawing_that_cannot_be_read(tmp_path: Path) -> None:
    """What :func:`drawn_flowcharts` reports (comments in the drawing change nothing). A drawing part with a DTD gives
    no marks (the table is still read, and told it has none) without expanding its entities; one that is not XML
    makes the workbook unreadable, said as such, as openpyxl reads drawings too (before, its lxml error escaped the
    import)."""
    rows = [HEADER, [1, "Menerima berkas", None, None, None, "15 menit", None]]
    path = write_drawn_xlsx(tmp_path / "marks.xlsx", rows, [Drawn("C2"), Drawn("D2", preset="diamond")])
    assert drawn_flowcharts(path, load_workbook(path))["Prosedur"].marks == (
        DrawnMark(2, 3, "Kotak"), DrawnMark(2, 4, "◇"))

    def spoiled(name: str, xml: bytes) -> Path:
        target_path = tmp_path / f"{name}.xlsx"
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(target_path, "w") as target:
            for item in source.namelist():
                target.writestr(item, xml if item == "xl/drawings/drawing1.xml" else source.read(item))
        return target_path

    with zipfile.ZipFile(path) as source:
        drawing = source.read("xl/drawings/drawing1.xml").replace(b"<xdr:twoCellAnchor",
                                                                  b"<!-- a --><xdr:twoCellAnchor")
    commented = spoiled("comments", drawing.replace(b"<xdr:sp ", b"<!-- b --><xdr:sp "))
    assert drawn_flowcharts(commented, load_workbook(commented)) == drawn_flowcharts(path, load_workbook(path))
    with_dtd = spoiled("dtd", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    assert drawn_flowcharts(with_dtd, load_workbook(with_dtd)) == {}
    _table, problems = read_workbook(with_dtd, ROLES)
    assert str(problems[0]).startswith("Prosedur baris 2: tidak satu pun kegiatan punya tanda di kolom peran")
    _table, problems = read_workbook(spoiled("broken", b"<xdr:wsDr"), ROLES)
    assert [str(p) for p in problems] == ["Berkas: bukan buku kerja Excel (.xlsx) yang dapat dibaca: Namespace prefix "
                                          "xdr on wsDr is not defined, line 1, column 10 (<string>, line 1)"]


def test_a_sheet_drawn_with_more_symbols_than_any_flowchart_is_read_up_to_the_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upload is read in the web worker: a drawing of tens of thousands of shapes costs a bounded time."""
    import engine.sop_table.documents.arrows as arrows

    monkeypatch.setattr(arrows, "MAX_SHAPES", 3)
    rows = [HEADER, *([n, f"Kegiatan {n}", None, None, None, "1 jam", None] for n in range(1, 6))]
    path = write_drawn_xlsx(tmp_path / "many.xlsx", rows, [Drawn(f"C{row}") for row in range(2, 7)])
    assert [m.row for m in drawn_flowcharts(path, load_workbook(path))["Prosedur"].marks] == [2, 3, 4]


FLOW = [HEADER,
        [1, "Menerima berkas", None, None, None, "15 menit", None],
        [2, "Berkas lengkap?", None, None, None, None, None],
        [3, "Menandatangani surat", None, None, None, "1 hari", None]]
SYMBOLS = [Drawn("C2"), Drawn("D3", preset="flowChartDecision"), Drawn("E4")]
INTO_THE_DECISION = Drawn("C2", "D3", connector=True, preset="bentConnector2", leave=(0.5, 0.8), arrive=(0.5, 0.2))


def test_a_decisions_tidak_drawn_as_an_arrow_back_is_read_when_the_table_does_not_say(tmp_path: Path) -> None:
    """The flowchart says it: from the diamond, one arrow on to the next step and one back up to step 1 (an elbow
    connector, drawn leftwards and upwards). No Keterangan is needed; the import says what it read."""
    drawn = [*SYMBOLS, INTO_THE_DECISION,
             Drawn("D3", "E4", connector=True, preset="bentConnector2", leave=(0.5, 0.8), arrive=(0.5, 0.2)),
             Drawn("D3", "C2", connector=True, preset="bentConnector2", leave=(0.2, 0.5), arrive=(0.8, 0.5))]
    table, problems = read_workbook(write_drawn_xlsx(tmp_path / "back.xlsx", FLOW, drawn), ROLES)
    assert problems == [] and table is not None
    decision = table.activities[1]
    assert (decision.kind, decision.yes, decision.no) == ("decision", None, Target(1))
    assert "Tujuan 'Tidak' keputusan 2 dibaca dari panah bagan alir: kegiatan 1." in table.assumptions


def test_labelled_arrows_and_an_arrow_to_the_selesai_capsule(tmp_path: Path) -> None:
    """"Ya" and "Tidak" written beside where the arrows leave the diamond say which is which; an arrow to the
    "Selesai" capsule (in a row of its own) ends the SOP there. Lines drawn as shapes, as LibreOffice writes them,
    with the arrowhead at either end, read the same."""
    rows = [*FLOW, [None] * 7, [None] * 7, [None] * 7]
    drawn = [*SYMBOLS, INTO_THE_DECISION, Drawn("D7", preset="flowChartTerminator", text="Selesai"),
             Drawn("D3", "E4", connector=True, preset="line", as_shape=True, leave=(0.8, 0.5), arrive=(0.5, 0.2)),
             Drawn("D3", at=(0.95, 0.3), text="Ya", text_box=True),
             Drawn("D7", "D3", connector=True, preset="line", as_shape=True, leave=(0.5, 0.2), arrive=(0.5, 0.8),
                   heads="head"),
             Drawn("D3", at=(0.35, 0.95), text="Tidak", text_box=True)]
    table, problems = read_workbook(write_drawn_xlsx(tmp_path / "labels.xlsx", rows, drawn), ROLES)
    assert problems == [] and table is not None
    decision = table.activities[1]
    assert (decision.yes, decision.no) == (Target(3), Target(None))
    assert "Tujuan 'Tidak' keputusan 2 dibaca dari panah bagan alir: Selesai; 'Ya': kegiatan 3." in table.assumptions


def test_the_table_says_where_tidak_goes_before_the_arrows_and_arrows_that_do_not_tell_leave_the_problem(
        tmp_path: Path) -> None:
    back = Drawn("D3", "C2", connector=True, preset="bentConnector2", leave=(0.2, 0.5), arrive=(0.8, 0.5))
    rows = [list(row) for row in FLOW]
    rows[2][6] = "Tidak: Selesai"
    table, problems = read_workbook(write_drawn_xlsx(tmp_path / "said.xlsx", rows, [*SYMBOLS, back]), ROLES)
    assert problems == [] and table is not None and table.activities[1].no == Target(None)
    assert not any("panah" in note for note in table.assumptions)
    rows = [*FLOW, [4, "Mengarsipkan", None, None, None, "1 jam", None]]
    two_ways = [*SYMBOLS, Drawn("C5"), back,
                Drawn("D3", "C5", connector=True, preset="bentConnector2", leave=(0.5, 0.8), arrive=(0.8, 0.5)),
                Drawn("D3", "E4", connector=True, preset="line", heads="none", leave=(0.8, 0.5), arrive=(0.5, 0.2))]
    _table, problems = read_workbook(write_drawn_xlsx(tmp_path / "unclear.xlsx", rows, two_ways), ROLES)
    assert [(p.row, "keputusan tanpa tujuan 'Tidak'" in str(p)) for p in problems] == [(3, True)]


def test_a_tidak_arrow_drawn_in_libreoffice_calc_is_the_decisions_tidak() -> None:
    """tests/data/sop_drawn_with_a_tidak_arrow_in_libreoffice_calc.xlsx: the Calc SOP AP above with nothing in the
    Keterangan; a line with an arrowhead goes from the diamond's left corner back up to the box of step 1, "Tidak"
    written beside where it leaves."""
    table, problems = read_workbook(DATA / "sop_drawn_with_a_tidak_arrow_in_libreoffice_calc.xlsx", ROLES)
    assert problems == [] and table is not None
    assert [(a.number, a.kind, a.yes, a.no) for a in table.activities][1] == (2, "decision", None, Target(1))
    assert not any(a.note for a in table.activities)
    assert "Tujuan 'Tidak' keputusan 2 dibaca dari panah bagan alir: kegiatan 1." in table.assumptions


@pytest.mark.parametrize("end", ["D8", "C6"])
def test_a_step_whose_arrow_skips_the_next_row_goes_where_it_points(tmp_path: Path, end: str) -> None:
    """The Tidak branch's step written last but one: step 3's arrow goes to the "Selesai" capsule, past step 4 (which
    only the Tidak arrow reaches), so step 3 ends the SOP instead of running on into step 4. The capsule may sit
    right under step 4's symbol: it is still the end, not step 4."""
    rows = [HEADER,
            [1, "Menerima berkas", None, None, None, "15 menit", None],
            [2, "Berkas lengkap?", None, None, None, None, None],
            [3, "Menandatangani surat", None, None, None, "1 hari", None],
            [4, "Mengembalikan berkas kepada pemohon", None, None, None, "15 menit", None],
            [None] * 7, [None] * 7, [None] * 7]
    drawn = [*SYMBOLS, Drawn("C5"), Drawn(end, preset="flowChartTerminator", text="Selesai"), INTO_THE_DECISION,
             Drawn("D3", "E4", connector=True, preset="bentConnector2", leave=(0.5, 0.8), arrive=(0.5, 0.2)),
             Drawn("D3", "C5", connector=True, preset="bentConnector2", leave=(0.2, 0.5), arrive=(0.5, 0.2)),
             Drawn("D3", at=(0.1, 0.3), text="Tidak", text_box=True),
             Drawn("E4", end, connector=True, preset="bentConnector2", leave=(0.5, 0.8), arrive=(0.8, 0.5)),
             Drawn("C5", end, connector=True, preset="bentConnector2", leave=(0.5, 0.8), arrive=(0.5, 0.2))]
    table, problems = read_workbook(write_drawn_xlsx(tmp_path / "skip.xlsx", rows, drawn), ROLES)
    assert problems == [] and table is not None
    assert [(a.number, a.no, a.goto) for a in table.activities] == [
        (1, None, None), (2, Target(4), None), (3, None, Target(None)), (4, None, None)]
    assert "Kegiatan 3 dilanjutkan ke Selesai, seperti panah bagan alirnya." in table.assumptions
    assert not any(note.startswith("Kegiatan 4 dilanjutkan") for note in table.assumptions)


@pytest.mark.parametrize("turn", [90, 270])
def test_an_elbow_connector_excel_draws_turned_a_quarter_reads_by_its_turned_ends(tmp_path: Path, turn: int) -> None:
    """Excel often stores a connector that goes up or sideways as one turned by 90° or 270° (``rot``) with flips; its
    ends are where it is drawn, not where its unturned frame's corners are."""
    back = Drawn("D3", "C2", connector=True, preset="bentConnector3", leave=(0.2, 0.5), arrive=(0.5, 0.8), turn=turn)
    drawn = [*SYMBOLS, INTO_THE_DECISION, back]
    table, problems = read_workbook(write_drawn_xlsx(tmp_path / "turned.xlsx", FLOW, drawn), ROLES)
    assert problems == [] and table is not None
    assert table.activities[1].no == Target(1)


def test_an_arrow_drawn_line_by_line_is_followed_back_to_the_symbol_it_leaves(tmp_path: Path) -> None:
    """The "Tidak" route drawn as two lines: one with no arrowhead leaving the diamond to the left, then an arrow up
    into step 1 from where the first line ends. The route is followed back to the diamond; a piece that meets
    nothing leaves the problem as it was."""
    route = [Drawn("D3", "C3", connector=True, preset="line", leave=(0.2, 0.5), arrive=(0.5, 0.5), heads="none"),
             Drawn("C3", "C2", connector=True, preset="line", leave=(0.5, 0.5), arrive=(0.5, 0.8))]
    table, problems = read_workbook(write_drawn_xlsx(tmp_path / "route.xlsx", FLOW, [*SYMBOLS, INTO_THE_DECISION,
                                                                                       *route]), ROLES)
    assert problems == [] and table is not None
    assert table.activities[1].no == Target(1)
    apart = [Drawn("D3", "C3", connector=True, preset="line", leave=(0.2, 0.5), arrive=(0.9, 0.5), heads="none"),
             route[1]]
    _table, problems = read_workbook(write_drawn_xlsx(tmp_path / "apart.xlsx", FLOW, [*SYMBOLS, INTO_THE_DECISION,
                                                                                        *apart]), ROLES)
    assert [p.column for p in problems] == ["Keterangan"]


def test_only_the_sheet_read_is_drawn_from_so_another_sheets_shapes_take_none_of_its_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A workbook's other sheets (an identity sheet with a letterhead drawn as shapes, the other SOPs of a Bidang's
    workbook) are not read for the sheet imported: the bound on shapes is the imported sheet's alone."""
    import engine.sop_table.documents.arrows as arrows

    path = write_drawn_xlsx(tmp_path / "kop.xlsx", FLOW, SYMBOLS)
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    shapes = "".join(f'<xdr:twoCellAnchor><xdr:from><xdr:col>{n}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0'
                     f'</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>{n + 1}</xdr:col><xdr:colOff>0'
                     '</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp><xdr:nvSpPr>'
                     f'<xdr:cNvPr id="{n + 2}" name="Kop {n}"/><xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:prstGeom '
                     'prst="ellipse"><a:avLst/></a:prstGeom></xdr:spPr></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>'
                     for n in range(6))
    parts["xl/drawings/drawing2.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr '
                                         f'xmlns:xdr="{XDR}" xmlns:a="{A}">{shapes}</xdr:wsDr>').encode()
    parts["xl/worksheets/_rels/sheet1.xml.rels"] = parts["xl/worksheets/_rels/sheet2.xml.rels"].replace(
        b"drawing1.xml", b"drawing2.xml")
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<worksheet ", b'<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ',
        1).replace(b"</worksheet>", b'<drawing r:id="rIdDrawing1"/></worksheet>')
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    monkeypatch.setattr(arrows, "MAX_FILE_SHAPES", len(SYMBOLS))
    assert list(drawn_flowcharts(path, load_workbook(path))) == ["Identitas"]  # all sheets: the kop takes the bound
    table, problems = read_workbook(path, ROLES)
    assert [p.column for p in problems] == ["Keterangan"]  # the decision's Tidak: only the marks are drawn here
    assert table is not None and [a.role for a in table.activities] == ["Pelaksana", "Kepala Seksi", "Kepala Bidang"]
