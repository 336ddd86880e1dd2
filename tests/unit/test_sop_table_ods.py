"""An SOP table saved by LibreOffice Calc in its own format (.ods) reads as the same workbook saved as .xlsx."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from odf_support import DECLARED
from unit.test_sop_table_reader import ROLES

from engine.sop_table.documents.arrows import DrawnArrow, DrawnMark
from engine.sop_table.documents.ods import MIMETYPE, is_ods, read_ods
from engine.sop_table.model import Target
from engine.sop_table.reader import read_workbook

DATA = Path(__file__).resolve().parent.parent / "data"


def write_ods(path: Path, tables: str, styles: str = "") -> Path:
    """An .ods package whose content is ``tables`` (``table:table`` elements) and automatic ``styles``."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {DECLARED} office:version="1.3">'
               f"<office:automatic-styles>{styles}</office:automatic-styles>"
               f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
               "</office:document-content>")
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE)
        package.writestr("content.xml", content)
    return path


def _row(*cells: str, repeated: int = 1) -> str:
    return f'<table:table-row table:number-rows-repeated="{repeated}">{"".join(cells)}</table:table-row>'


def _text(value: str, *, span: int = 1) -> str:
    spanned = f' table:number-columns-spanned="{span}"' if span > 1 else ""
    return f'<table:table-cell office:value-type="string"{spanned}><text:p>{value}</text:p></table:table-cell>'


def _number(value: float) -> str:
    return (f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p>'
            "</table:table-cell>")


EMPTY = "<table:table-cell/>"
HEADER = _row(_text("No"), _text("Kegiatan"), _text("Pelaksana"), _text("Kepala Seksi"), _text("Waktu"))


@pytest.mark.parametrize("name", ["sop_template_filled_in_libreoffice_calc",
                                  "sop_nib_exported_and_saved_by_libreoffice_calc",
                                  "sop_drawn_in_libreoffice_calc", "sop_drawn_and_grouped_in_libreoffice_calc",
                                  "sop_drawn_with_a_tidak_arrow_in_libreoffice_calc"])
def test_a_workbook_saved_by_libreoffice_calc_as_ods_reads_as_its_xlsx(name: str) -> None:
    """Each .ods is what LibreOffice Calc 7.4 saves (``soffice --headless --convert-to ods``) for the .xlsx beside
    it: Alur's template with its filled model, the NIB SOP exported (``alur sop export``: identity, decisions, the
    applicant's steps) and the SOP APs with their flowcharts drawn over the table (boxes anchored to a cell and to the
    page, a diamond, a "Selesai" capsule, arrows, the same grouped, a "Tidak" arrow back to step 1). The same SOP comes
    out: identity, activities with their roles, times, decisions and branches, and the same assumptions."""
    from_xlsx, xlsx_problems = read_workbook(DATA / f"{name}.xlsx", ROLES)
    from_ods, ods_problems = read_workbook(DATA / f"{name}.ods", ROLES)
    assert xlsx_problems == [] and ods_problems == []
    assert from_xlsx is not None and from_ods is not None
    assert from_ods.identity == from_xlsx.identity and from_ods.identity.nama
    assert from_ods.activities == from_xlsx.activities and len(from_ods.activities) >= 5
    assert (from_ods.roles, from_ods.assumptions) == (from_xlsx.roles, from_xlsx.assumptions)


def test_the_tidak_arrow_drawn_in_calc_is_read_from_the_ods() -> None:
    """Nothing in the Keterangan: the Tidak branch of decision 2 is the arrow drawn back to step 1's box."""
    table, problems = read_workbook(DATA / "sop_drawn_with_a_tidak_arrow_in_libreoffice_calc.ods", ROLES)
    assert problems == [] and table is not None
    assert [(a.number, a.kind, a.no) for a in table.activities][1] == (2, "decision", Target(1))
    assert "Tujuan 'Tidak' keputusan 2 dibaca dari panah bagan alir: kegiatan 1." in table.assumptions
    sheet = read_ods(DATA / "sop_drawn_with_a_tidak_arrow_in_libreoffice_calc.ods").worksheets[-1]
    assert sheet.drawing is not None
    assert DrawnMark(13, 4, "◇") in sheet.drawing.marks and DrawnMark(16, 3, "Selesai") in sheet.drawing.marks
    assert DrawnArrow((13, 4), (12, 3), "tidak") in sheet.drawing.arrows


def test_cells_as_openpyxl_gives_them(tmp_path: Path) -> None:
    """Numbers, dates and booleans typed; text with its spaces, tabs and line breaks, a list's items, a merged cell's
    text in its first cell; neither a comment nor a text box drawn in the cell is the cell's text; repeated cells
    and rows are repeated, and the sheet ends at its last written row whatever Calc repeats after it."""
    cells = _row('<table:table-cell office:value-type="string"><text:p>dua<text:s text:c="2"/>spasi<text:tab/>tab'
                 "<text:line-break/>baris</text:p><office:annotation><text:p>catatan</text:p></office:annotation>"
                 "</table:table-cell>",
                 '<table:table-cell office:value-type="date" office:date-value="2026-03-01"><text:p>1 Maret 2026'
                 "</text:p></table:table-cell>",
                 '<table:table-cell office:value-type="boolean" office:boolean-value="true"><text:p>TRUE</text:p>'
                 "</table:table-cell>",
                 _number(1.5), _number(30.0),
                 '<table:table-cell><text:list><text:list-item><text:p>KTP</text:p></text:list-item><text:list-item>'
                 "<text:p>NPWP</text:p></text:list-item></text:list></table:table-cell>",
                 '<table:table-cell office:value-type="string"><text:p>X</text:p><draw:frame svg:x="0cm" svg:y="0cm" '
                 'svg:width="1cm" svg:height="1cm"><draw:text-box><text:p>Tidak</text:p></draw:text-box></draw:frame>'
                 "</table:table-cell>")
    merged = _row(_text("Gabung", span=3), "<table:covered-table-cell/>" * 2, _text("x"),
                  '<table:table-cell table:number-columns-repeated="3" office:value-type="string"><text:p>r</text:p>'
                  "</table:table-cell>", '<table:table-cell table:number-columns-repeated="16000"/>')
    rest = _row('<table:table-cell table:number-columns-repeated="1024"/>', repeated=1_048_000)
    path = write_ods(tmp_path / "sel.ods", f'<table:table table:name="Lembar">{cells}{_row(EMPTY)}{merged}'
                                           f"{_row(_text('akhir'), repeated=2)}{rest}</table:table>")
    sheet = read_ods(path).worksheets[0]
    assert sheet.title == "Lembar" and len(sheet.rows) == 5
    first = sheet.rows[0]
    assert first[0] == "dua  spasi\ttab\nbaris" and first[1].isoformat() == "2026-03-01T00:00:00"
    assert first[2:] == [True, 1.5, 30, "KTP\nNPWP", "X"] and isinstance(first[4], int)
    assert sheet.rows[1] == [] and sheet.rows[2] == ["Gabung", None, None, "x", "r", "r", "r"]
    assert sheet.rows[3] == sheet.rows[4] == ["akhir"]
    assert sheet.drawing is None


def test_symbols_connectors_and_labels_drawn_in_calc(tmp_path: Path) -> None:
    """A box anchored to its cell (placed from the cell's corner), a diamond anchored to the page (placed by the
    column widths and row heights), a connector with its arrowhead at the start (the arrow goes the other way) and
    "Tidak" written on it, a line with no arrowhead, an off-page connector and a shape drawn with neither outline nor
    fill that marks nothing: the drawing is the symbols and the one arrow, from the diamond's top up to the box."""
    styles = ('<style:style style:name="co1" style:family="table-column"><style:table-column-properties '
              'style:column-width="2cm"/></style:style>'
              '<style:style style:name="ro1" style:family="table-row"><style:table-row-properties '
              'style:row-height="1cm"/></style:style>'
              '<style:style style:name="arrow" style:family="graphic"><style:graphic-properties '
              'draw:marker-start="Arrow" draw:stroke="solid"/></style:style>'
              '<style:style style:name="label" style:family="graphic"><style:graphic-properties draw:stroke="none" '
              'draw:fill="none"/></style:style>')
    box = ('<draw:custom-shape svg:x="0.5cm" svg:y="0.2cm" svg:width="1cm" svg:height="0.6cm">'
           '<draw:enhanced-geometry draw:type="flowchart-process"/></draw:custom-shape>')
    shapes = ('<table:shapes><draw:custom-shape svg:x="6.3cm" svg:y="1.5cm" svg:width="1.4cm" svg:height="0.8cm">'
              '<draw:enhanced-geometry draw:type="flowchart-decision"/></draw:custom-shape>'
              '<draw:connector draw:style-name="arrow" svg:x1="7cm" svg:y1="1.25cm" svg:x2="7cm" svg:y2="1.5cm">'
              "<text:p>Tidak</text:p></draw:connector>"
              '<draw:line svg:x1="7cm" svg:y1="2.3cm" svg:x2="7cm" svg:y2="2.8cm"/>'
              '<draw:custom-shape svg:x="8.5cm" svg:y="1.6cm" svg:width="0.5cm" svg:height="0.5cm">'
              '<draw:enhanced-geometry draw:type="flowchart-off-page-connector"/></draw:custom-shape>'
              '<draw:custom-shape draw:style-name="label" svg:x="1cm" svg:y="2.2cm" svg:width="1cm" '
              'svg:height="0.5cm"><text:p>Ya</text:p><draw:enhanced-geometry draw:type="rectangle"/>'
              "</draw:custom-shape></table:shapes>")
    rows = (f"{HEADER}"
            f'<table:table-row table:style-name="ro1">{_number(1)}{_text("Menerima berkas")}{EMPTY}'
            f'<table:table-cell>{box}</table:table-cell>{_text("15 menit")}</table:table-row>'
            f'<table:table-row table:style-name="ro1">{_number(2)}{_text("Berkas lengkap?")}{EMPTY}{EMPTY}'
            f'{_text("10 menit")}</table:table-row>'
            f'<table:table-row table:style-name="ro1">{_number(3)}{_text("Menyimpan berkas")}'
            f'{_text("X")}{EMPTY}{_text("5 menit")}</table:table-row>')
    identity = f'<table:table table:name="Identitas">{_row(_text("Nama SOP"), _text("Penerbitan Surat"))}</table:table>'
    path = write_ods(tmp_path / "gambar.ods", f'{identity}<table:table table:name="Prosedur">{shapes}'
                                              f'<table:table-column table:style-name="co1" '
                                              f'table:number-columns-repeated="5"/>{rows}</table:table>', styles)
    drawing = read_ods(path).worksheets[1].drawing
    assert drawing is not None
    # Row 1 (the header) has Calc's default height (0.452 cm); rows 2-4 are 1 cm: the box's centre (7 cm, 0.95 cm) is
    # in row 2, the diamond's (7 cm, 1.9 cm) in row 3, both in column 4 (columns of 2 cm).
    assert drawing.marks == (DrawnMark(3, 4, "◇"), DrawnMark(2, 4, "Kotak"))
    assert drawing.arrows == (DrawnArrow((3, 4), (2, 4), "tidak"),)
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None and table.identity.nama == "Penerbitan Surat"
    assert [(a.number, a.role, a.kind, a.no) for a in table.activities] == [
        (1, "Kepala Seksi", "activity", None), (2, "Kepala Seksi", "decision", Target(1)),
        (3, "Pelaksana", "activity", None)]


def test_what_is_not_an_ods_it_can_read_is_told_so(tmp_path: Path) -> None:
    """A file named .ods that is something else, an .ods whose content is broken or carries a DTD: one problem that
    says so, in Indonesian; an .xlsx is not taken for an .ods."""
    renamed = tmp_path / "SOP.ods"
    renamed.write_bytes(b"No;Kegiatan\n")
    assert not is_ods(renamed)
    assert str(read_workbook(renamed, ROLES)[1][0]).startswith(
        "Berkas: bukan lembar kerja LibreOffice Calc (.ods) yang dapat dibaca")
    broken = write_ods(tmp_path / "rusak.ods", "<table:table>")
    assert is_ods(broken)
    assert str(read_workbook(broken, ROLES)[1][0]).startswith(
        "Berkas: bukan lembar kerja LibreOffice Calc (.ods) yang dapat dibaca")
    with zipfile.ZipFile(tmp_path / "dtd.ods", "w") as package:
        package.writestr("mimetype", MIMETYPE)
        package.writestr("content.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>')
    assert "DTD" in str(read_workbook(tmp_path / "dtd.ods", ROLES)[1][0])
    assert not is_ods(DATA / "sop_drawn_in_libreoffice_calc.xlsx")


def test_a_group_of_more_shapes_than_any_flowchart_is_read_up_to_the_bound(tmp_path: Path) -> None:
    """Joining lines to symbols costs their product, and an upload is read in the web worker: a sheet's shapes are
    read up to the bound one by one, those inside a group too (a group counts as its shapes, not as one)."""
    from engine.sop_table.documents.arrows import MAX_SHAPES

    boxes = "".join(f'<draw:custom-shape svg:x="{n % 50}cm" svg:y="{n // 50}cm" svg:width="0.5cm" '
                    'svg:height="0.5cm"><draw:enhanced-geometry draw:type="flowchart-process"/></draw:custom-shape>'
                    for n in range(MAX_SHAPES + 500))
    path = write_ods(tmp_path / "banyak.ods", f'<table:table table:name="Prosedur"><table:shapes><draw:g>{boxes}'
                                              f"</draw:g></table:shapes>{HEADER}</table:table>")
    drawing = read_ods(path).worksheets[0].drawing
    assert drawing is not None and len(drawing.marks) == MAX_SHAPES
