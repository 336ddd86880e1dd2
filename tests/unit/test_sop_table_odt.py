"""An SOP AP written in LibreOffice Writer and saved as .odt reads as the same SOP AP saved as .docx or PDF."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from odf_support import DECLARED
from unit.test_sop_table_reader import ROLES

from engine.sop_table.documents.odt import MIMETYPE, is_odt, read_odt
from engine.sop_table.model import Target
from engine.sop_table.reader import read_workbook

DATA = Path(__file__).resolve().parent.parent / "data"


def write_odt(path: Path, body: str, *, styles: str = "", header: str = "") -> Path:
    """An .odt package whose text is ``body``, with automatic ``styles`` and a page ``header``."""
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {DECLARED} office:version="1.3">'
               f"<office:automatic-styles>{styles}</office:automatic-styles>"
               f"<office:body><office:text>{body}</office:text></office:body></office:document-content>")
    master = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {DECLARED} office:version="1.3">'
              '<office:master-styles><style:master-page style:name="Standard">'
              f"{f'<style:header>{header}</style:header>' if header else ''}"
              "</style:master-page></office:master-styles></office:document-styles>")
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", MIMETYPE)
        package.writestr("content.xml", content)
        package.writestr("styles.xml", master)
    return path


def _p(text: str) -> str:
    return f"<text:p>{text}</text:p>"


def _cell(content: str = "") -> str:
    return f"<table:table-cell>{content}</table:table-cell>"


def _table(rows: list[list[str]], columns: int, column_style: str = "") -> str:
    styled = f' table:style-name="{column_style}"' if column_style else ""
    return (f'<table:table><table:table-column{styled} table:number-columns-repeated="{columns}"/>'
            + "".join("<table:table-row>" + "".join(row) + "</table:table-row>" for row in rows) + "</table:table>")


def _shape(kind: str = "flowchart-process", x: str = "0.2cm", style: str = "") -> str:
    named = f' draw:style-name="{style}"' if style else ""
    return (f'<draw:custom-shape text:anchor-type="paragraph"{named} svg:x="{x}" svg:y="0.1cm" svg:width="1cm" '
            f'svg:height="0.6cm"><draw:enhanced-geometry draw:type="{kind}"/></draw:custom-shape>')


IDENTITY = _table([[_cell(_p("Nama SOP")), _cell(_p("Penerbitan Surat Uji"))],
                   [_cell(_p("Instansi")), _cell(_p("Dinas Uji"))]], 2)
HEADER = [_cell(_p(name)) for name in ("No", "Kegiatan", "Pelaksana", "Kepala Seksi", "Waktu", "Keterangan")]


@pytest.mark.parametrize(("name", "twin"), [("sop_written_in_libreoffice", "docx"),
                                            ("sop_drawn_as_one_group_in_libreoffice_writer", "docx"),
                                            ("sop_printed_to_pdf_by_libreoffice", "pdf")])
def test_an_sop_ap_saved_by_libreoffice_writer_as_odt_reads_as_its_docx_or_pdf(name: str, twin: str) -> None:
    """Each .odt is what LibreOffice Writer 7.4 saves (``soffice --headless --convert-to odt``) for the .fodt beside
    it, whose .docx (Writer's) or PDF (Writer's export) the Word and PDF tests read: symbols drawn in the role cells,
    the whole flowchart one group anchored in the first Pelaksana cell (its "Tidak" an arrow back to step 1), and the
    printed form with its kop. The same SOP comes out: identity and activities with their roles, times, decisions and
    branches, and the same assumptions."""
    from_odt, odt_problems = read_workbook(DATA / f"{name}.odt", ROLES)
    from_twin, twin_problems = read_workbook(DATA / f"{name}.{twin}", ROLES)
    assert odt_problems == [] and twin_problems == []
    assert from_odt is not None and from_twin is not None
    assert from_odt.identity == from_twin.identity and from_odt.identity.nama
    assert from_odt.activities == from_twin.activities and len(from_odt.activities) >= 3
    assert (from_odt.roles, from_odt.assumptions) == (from_twin.roles, from_twin.assumptions)


def test_writers_numbers_marks_tracked_changes_frames_and_header(tmp_path: Path) -> None:
    """The No column numbered by a Writer list that goes on from cell to cell; a symbol drawn in the Kegiatan cell
    but placed (by its offset) in the Kepala Seksi column; a diamond; the text of a tracked deletion (kept apart in
    ``text:tracked-changes``) not read; the whole SOP inside a one-cell table (a page border); the kop in the page
    header."""
    styles = ('<style:style style:name="T" style:family="table-column"><style:table-column-properties '
              'style:column-width="2cm"/></style:style>'
              '<text:list-style style:name="No"><text:list-level-style-number text:level="1" style:num-format="1" '
              'style:num-suffix="."/></text:list-style>')

    def numbered(first: bool) -> str:
        continues = "" if first else ' text:continue-numbering="true"'
        return _cell(f'<text:list text:style-name="No"{continues}><text:list-item>{_p("")}</text:list-item>'
                     "</text:list>")

    rows = [HEADER,
            [numbered(True), _cell(_p("Menerima berkas") + _p(_shape(x="4.5cm"))), _cell(), _cell(),
             _cell(_p("15 menit")), _cell()],
            [numbered(False), _cell(_p("Berkas lengkap?")), _cell(_p(_shape("flowchart-decision"))), _cell(),
             _cell(_p("10 menit")), _cell(_p("Tidak: kembali ke kegiatan 1"))],
            [numbered(False), _cell(_p('Menandatangani<text:change text:change-id="c1"/> surat')),
             _cell(_p("X")), _cell(), _cell(_p("1 hari")), _cell()]]
    tracked = ('<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
               "<text:p>dan mengarsipkan</text:p></text:deletion></text:changed-region></text:tracked-changes>")
    flowchart = _table(rows, 6, "T")
    border = _table([[_cell(IDENTITY + _p("") + flowchart)]], 1)
    path = write_odt(tmp_path / "SOP.odt", tracked + _p("STANDAR OPERASIONAL PROSEDUR") + border, styles=styles,
                     header=_p("PEMERINTAH KABUPATEN LOMBOK BARAT") + _p("DINAS KOPERASI DAN UKM"))
    assert is_odt(path)
    sheets = read_odt(path).worksheets
    assert [sheet.title for sheet in sheets] == ["Identitas (tabel 1)", "Tabel 1", "Tabel 2"]
    assert [row[0] for row in sheets[2].rows] == ["No", "1.", "2.", "3."]
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None
    assert [(a.number, a.role, a.kind, a.no) for a in table.activities] == [
        (1, "Kepala Seksi", "activity", None), (2, "Pelaksana", "decision", Target(1)),
        (3, "Pelaksana", "activity", None)]
    assert table.activities[2].text == "Menandatangani surat"
    assert (table.identity.nama, table.identity.instansi) == ("Penerbitan Surat Uji", "Dinas Uji")
    assert "Pemerintah diambil dari kop: 'PEMERINTAH KABUPATEN LOMBOK BARAT'." in table.assumptions


def test_what_is_not_an_odt_it_can_read_is_told_so(tmp_path: Path) -> None:
    """A file named .odt that is something else, and an .odt with no flowchart table: one problem each, in
    Indonesian, naming LibreOffice Writer."""
    renamed = tmp_path / "SOP.odt"
    renamed.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    assert not is_odt(renamed)
    assert str(read_workbook(renamed, ROLES)[1][0]).startswith(
        "Berkas: bukan dokumen LibreOffice Writer (.odt) yang dapat dibaca")
    letter = write_odt(tmp_path / "surat.odt", _p("Dengan hormat,") + IDENTITY)
    assert [str(p) for p in read_workbook(letter, ROLES)[1]] == [
        "Prosedur: dokumen LibreOffice Writer ini tidak berisi tabel prosedur (baris judul berisi 'No' dan "
        "'Kegiatan'); tulis bagan alir SOP AP sebagai tabel, atau pakai templat (alur sop template)"]
    assert not is_odt(DATA / "sop_written_in_libreoffice.docx")


def test_a_group_drawn_in_the_page_header_is_no_flowchart(tmp_path: Path) -> None:
    """A letterhead drawn as a group of shapes in a table of the page header, and the flowchart table the first
    table of the body: the header's group is not laid over the flowchart, whose typed marks are its roles."""
    logo = ('<draw:g text:anchor-type="paragraph">'
            + "".join(f'<draw:rect svg:x="{x}cm" svg:y="0cm" svg:width="1cm" svg:height="1cm"/>' for x in (0, 2))
            + "</draw:g>")
    header = _table([[_cell(_p(logo)), _cell(_p("PEMERINTAH KABUPATEN LOMBOK BARAT"))]], 2)
    rows = [HEADER,
            [_cell(_p("1")), _cell(_p("Menerima berkas")), _cell(_p("X")), _cell(), _cell(_p("15 menit")), _cell()],
            [_cell(_p("2")), _cell(_p("Memaraf surat")), _cell(), _cell(_p("X")), _cell(_p("1 jam")), _cell()]]
    path = write_odt(tmp_path / "kop.odt", _p("Nama SOP: Penerbitan Surat Uji") + _table(rows, 6), header=header)
    table, problems = read_workbook(path, ROLES)
    assert problems == [] and table is not None
    assert [(a.number, a.role) for a in table.activities] == [(1, "Pelaksana"), (2, "Kepala Seksi")]
    assert not any("grup" in note for note in table.assumptions)
