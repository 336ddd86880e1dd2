"""An SOP AP written in Word whose flowchart is grouped into one picture (a group or a drawing canvas): its symbols
are read one by one, their columns from the picture's geometry, their rows by their order from the top."""

from __future__ import annotations

from pathlib import Path

import pytest
from unit.test_sop_table_reader import ROLES
from unit.test_sop_table_word import IDENTITY_TABLE
from word_support import Cell, Line, Member, Picture, rewrite_document, write_docx

from engine.sop_table.model import Target
from engine.sop_table.reader import read_workbook

DATA = Path(__file__).resolve().parent.parent / "data"
HEADER = ["No", "Kegiatan", "Pelaksana", "Kasi", "Kabid", "Waktu", "Keterangan"]
STEPS = [("1", "Menerima berkas permohonan", "30 Menit"), ("2", "Memeriksa kelengkapan berkas", "1 Jam"),
         ("3", "Berkas lengkap?", ""), ("4", "Memaraf konsep surat", "2 Jam"),
         ("5", "Menandatangani surat rekomendasi", "1 hari")]
#: The flowchart of STEPS drawn from the Pelaksana column's left edge: a column is 1, a row is a level.
FLOWCHART: tuple[Member | Line, ...] = (
    Member("flowChartTerminator", 0.5, 0.5), Member("flowChartProcess", 0.5, 1.5),
    Member("flowChartDecision", 1.5, 2.5), Member("flowChartProcess", 2.5, 3.5),
    Member("flowChartTerminator", 2.5, 4.5, text="Selesai"),
    Line((0.5, 0.8), (0.5, 1.2)), Line((0.5, 1.8), (1.5, 2.2)), Line((1.9, 2.5), (2.5, 3.2)),
    Line((2.5, 3.8), (2.5, 4.2)), Line((1.1, 2.5), (0.9, 0.5), heads="head"),
    Member("rect", 0.95, 2.2, text="Tidak", text_box=True), Member("rect", 2.1, 2.2, text="Ya", text_box=True))


def _table(first_cell: Cell | None = None, *, marks: dict[int, int] | None = None,
           steps: list[tuple[str, str, str]] = STEPS) -> list[list[object]]:
    """HEADER and the steps; ``first_cell`` in the first step's Pelaksana cell, ``marks``: an "X" typed in a step's
    role column (0-based step → 0-based role)."""
    rows: list[list[object]] = [HEADER]
    for number, (no, kegiatan, waktu) in enumerate(steps):
        roles: list[object] = [None, None, None]
        if number == 0 and first_cell is not None:
            roles[0] = first_cell
        if marks and number in marks:
            roles[marks[number]] = "X"
        rows.append([no, kegiatan, *roles, waktu, None])
    return rows


def _read(path: Path) -> tuple[list[tuple[int, str, str]], list[str], list[str]]:
    table, problems = read_workbook(path, ROLES)
    activities = [(a.number, a.role, a.kind) for a in table.activities] if table else []
    return activities, [str(p) for p in problems], table.assumptions if table else []


EXPECTED = [(1, "Pelaksana", "activity"), (2, "Pelaksana", "activity"), (3, "Kepala Seksi", "decision"),
            (4, "Kepala Bidang", "activity"), (5, "Kepala Bidang", "activity")]


def test_a_flowchart_grouped_in_libreoffice_writer_reads_symbol_by_symbol() -> None:
    """tests/data/sop_drawn_as_one_group_in_libreoffice_writer.docx is what LibreOffice Writer 7.4 saves for the
    .fodt beside it: the whole flowchart one ``draw:g`` anchored in the first Pelaksana cell (Writer writes
    ``layoutInCell="0"`` with offsets from the cell), capsules saying Mulai and Selesai, arrows, "Ya" and "Tidak".
    The table does not say where the decision's "Tidak" goes: the arrow does."""
    table, problems = read_workbook(DATA / "sop_drawn_as_one_group_in_libreoffice_writer.docx", ROLES)
    assert problems == []
    assert table is not None
    assert table.identity.nama == "Pelayanan Rekomendasi Digambar Satu Grup"
    assert [(a.number, a.role, a.kind) for a in table.activities] == EXPECTED
    assert table.activities[2].no == Target(1)
    assert any("dipasangkan dengan kegiatan 1–5" in note for note in table.assumptions)
    assert any("Tujuan 'Tidak' keputusan 3 dibaca dari panah" in note for note in table.assumptions)


@pytest.mark.parametrize("picture", [
    Picture(FLOWCHART),
    Picture(FLOWCHART, nested=True),
    Picture(FLOWCHART, canvas=True, inline=True),
    Picture(FLOWCHART, layout_in_cell=False, offset_columns=2.0),  # from the table's text column
], ids=["group", "nested-group", "inline-canvas", "from-the-text-column"])
def test_word_groups_and_canvases_read_each_symbol_in_its_column_and_row(tmp_path: Path, picture: Picture) -> None:
    path = write_docx(tmp_path / "group.docx", [IDENTITY_TABLE, _table(Cell(shapes=(picture,)))])
    activities, problems, notes = _read(path)
    assert problems == []
    assert activities == EXPECTED
    assert any("dipasangkan dengan kegiatan 1–5" in note for note in notes)
    table, _ = read_workbook(path, ROLES)
    assert table is not None and table.activities[2].no == Target(1)  # the arrow labelled "Tidak"


def test_a_group_anchored_in_a_paragraph_before_the_table(tmp_path: Path) -> None:
    """Dragged over the table, a picture may be anchored in the paragraph above it: its offset is from the text
    column, and its first band is the first activity."""
    picture = Picture(FLOWCHART, layout_in_cell=False, offset_columns=2.0, level_offset=1.2)
    path = write_docx(tmp_path / "before.docx", [IDENTITY_TABLE, picture, _table()])
    activities, problems, _notes = _read(path)
    assert problems == []
    assert activities == EXPECTED


def test_start_and_end_capsules_in_bands_of_their_own_mark_no_activity(tmp_path: Path) -> None:
    """A "Mulai" capsule drawn above the first activity's box and a "Selesai" one below the last: more bands than
    activities, so those two are set aside; the decision's arrow labelled "Tidak" to "Selesai" is the end."""
    members: tuple[Member | Line, ...] = (
        Member("flowChartTerminator", 0.5, 0.3, text="Mulai"),
        *(Member("flowChartDecision" if level == 2 else "flowChartProcess", column, level + 0.8)
          for column, level in ((0.5, 0), (0.5, 1), (1.5, 2), (2.5, 3), (2.5, 4))),
        Member("flowChartTerminator", 1.5, 5.5, text="Selesai"), Line((2.5, 5.1), (1.5, 5.3)),
        Line((1.5, 3.1), (1.5, 5.3)), Member("rect", 1.7, 3.3, text="Tidak", text_box=True))
    path = write_docx(tmp_path / "capsules.docx", [IDENTITY_TABLE, _table(Cell(shapes=(Picture(members),)))])
    table, problems = read_workbook(path, ROLES)
    assert problems == []
    assert table is not None
    assert [(a.number, a.role, a.kind) for a in table.activities] == EXPECTED
    assert table.activities[2].no == Target(None)
    assert any("kapsul Mulai/Selesai" in note for note in table.assumptions)


def test_a_group_whose_bands_do_not_match_its_activities_is_not_guessed(tmp_path: Path) -> None:
    """Four bands for five activities (one symbol left out, or two drawn level): pinning them in order would put
    symbols in rows they were not drawn beside, so the office is told to ungroup them or type X."""
    members = tuple(m for m in FLOWCHART if not (isinstance(m, Member) and m.level == 3.5))
    path = write_docx(tmp_path / "short.docx", [IDENTITY_TABLE, _table(Cell(shapes=(Picture(members),)))])
    _activities, problems, _notes = _read(path)
    assert problems[0] == ("Tabel 2 baris 2: bagan alir yang digambar sebagai satu grup punya 4 tingkat simbol "
                           "untuk 5 kegiatan (1–5), jadi simbolnya tidak dapat dipasangkan dengan barisnya; pisahkan "
                           "grupnya (Ungroup) agar setiap simbol tertambat di barisnya, atau beri tanda X di kolom "
                           "peran setiap kegiatan")
    assert any("tidak satu pun kegiatan punya tanda di kolom peran" in p for p in problems)


def test_a_group_stops_at_an_activity_marked_in_the_table_and_groups_per_row_pin_to_their_rows(
        tmp_path: Path) -> None:
    """Activities 1–2 drawn as one group anchored in row 1, activity 3 marked with an X, activities 4 and 5 each
    a small group (its box and its arrow) anchored in its own row."""
    first = Picture((Member("flowChartProcess", 0.5, 0.5), Member("flowChartProcess", 0.5, 1.5),
                     Line((0.5, 0.8), (0.5, 1.2))))
    own_row = Picture((Member("flowChartProcess", 2.5, 0.5), Line((2.5, 0.8), (2.5, 1.2))))
    rows = _table(Cell(shapes=(first,)), marks={2: 1})
    rows[3][6] = "Tidak: kembali ke kegiatan 1"
    rows[4][2] = Cell(shapes=(own_row,))
    rows[5][2] = Cell(shapes=(own_row,))
    activities, problems, notes = _read(write_docx(tmp_path / "rows.docx", [IDENTITY_TABLE, rows]))
    assert problems == []
    assert activities == [(1, "Pelaksana", "activity"), (2, "Pelaksana", "activity"), (3, "Kepala Seksi", "decision"),
                          (4, "Kepala Bidang", "activity"), (5, "Kepala Bidang", "activity")]
    assert sum("dipasangkan" in note for note in notes) == 3


def _two_pages(tmp_path: Path) -> Path:
    """A table per printed page, each with its header again and its own group (7 shapes, then 3)."""
    first = Picture(FLOWCHART[:3] + FLOWCHART[5:7] + FLOWCHART[9:11])
    second = Picture((Member("flowChartProcess", 2.5, 0.5), Member("flowChartTerminator", 2.5, 1.5),
                      Line((2.5, 0.8), (2.5, 1.2))))
    page_one = _table(Cell(shapes=(first,)), steps=STEPS[:3])
    page_two = _table(Cell(shapes=(second,)), steps=STEPS[3:])
    return write_docx(tmp_path / "pages.docx", [IDENTITY_TABLE, page_one, page_two])


def test_a_group_per_printed_page_carries_the_flowchart_on(tmp_path: Path) -> None:
    """The second page's group starts where its table does."""
    activities, problems, _notes = _read(_two_pages(tmp_path))
    assert problems == []
    assert activities == EXPECTED


def test_a_document_drawn_with_more_shapes_than_any_flowchart_is_read_up_to_the_bound(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upload is read in the web worker: the shapes of all the document's pictures together are read up to a
    bound (here the first page's seven), so a document of thousands of groups costs a bounded time. The second
    page's group unread, the first one's three bands are not stretched over five activities."""
    import engine.sop_table.documents.arrows as arrows

    monkeypatch.setattr(arrows, "MAX_FILE_SHAPES", 7)
    _activities, problems, _notes = _read(_two_pages(tmp_path))
    assert problems[0].startswith("Tabel 2–3 baris 2: bagan alir yang digambar sebagai satu grup punya 3 tingkat "
                                  "simbol untuk 5 kegiatan (1–5)")


def test_one_picture_is_read_up_to_a_flowcharts_bound_and_leaves_the_rest_to_the_others(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Joining a picture's lines to its symbols costs their product, so one picture is read up to a flowchart's
    bound; what it leaves of the file's bound is the next pictures' (a book of SOPs draws dozens of flowcharts)."""
    import engine.sop_table.documents.arrows as arrows

    monkeypatch.setattr(arrows, "MAX_SHAPES", 7)  # the first page's group has seven shapes, the second three
    activities, problems, _notes = _read(_two_pages(tmp_path))
    assert problems == [] and activities == EXPECTED
    monkeypatch.setattr(arrows, "MAX_SHAPES", 5)  # the first group's arrow that gives the decision's Tidak unread
    _activities, problems, _notes = _read(_two_pages(tmp_path))
    assert [p.split(":")[0] for p in problems] == ["Tabel 2–3 baris 4, kolom Keterangan"]


@pytest.mark.parametrize("vml", [False, True])
def test_a_group_centred_in_its_cell_by_alignment_reads_from_the_cells_width(tmp_path: Path, vml: bool) -> None:
    """Centred in the Kasi cell rather than placed by an offset (DrawingML's ``wp:align``, VML's
    ``mso-position-horizontal``): its left edge is worked out from the cell's width; aligned within what Word does
    not say, it marks nothing and the table says so."""
    rows = _table()
    rows[1][3] = Cell(shapes=(Picture(FLOWCHART, aligned=True, vml=vml),))
    activities, problems, _notes = _read(write_docx(tmp_path / "centred.docx", [IDENTITY_TABLE, rows]))
    assert problems == []
    assert activities == EXPECTED
    # in a paragraph before the table, centred in a text column whose width the document does not state
    before = write_docx(tmp_path / "before.docx", [IDENTITY_TABLE, Picture(FLOWCHART, aligned=True, vml=vml), _table()])
    _activities, problems, _notes = _read(before)
    assert problems[0].startswith("Tabel 2 baris 2: tidak satu pun kegiatan punya tanda di kolom peran")


def test_an_arrow_with_no_head_or_two_says_no_way(tmp_path: Path) -> None:
    """Without its arrowhead the "Tidak" line says no way: the decision's "Tidak" is a problem again."""
    members = tuple(Line(m.start, m.end, heads="none") if isinstance(m, Line) and m.heads == "head" else m
                    for m in FLOWCHART)
    path = write_docx(tmp_path / "heads.docx", [IDENTITY_TABLE, _table(Cell(shapes=(Picture(members),)))])
    activities, problems, _notes = _read(path)
    assert activities == EXPECTED
    assert len(problems) == 1 and "Tidak" in problems[0]


def test_a_picture_whose_offset_counts_from_its_cell_under_a_two_row_header(tmp_path: Path) -> None:
    """LibreOffice writes a picture laid out in its cell with the flag of one laid out from the text column: of the
    two, the origin that puts the symbols in the columns the activities' rows leave blank is taken, the role names
    of a two-row header notwithstanding."""
    header: list[list[object]] = [
        [Cell("No", merge="restart"), Cell("Kegiatan", merge="restart"), Cell("Pelaksana", span=3),
         Cell("Waktu", merge="restart"), Cell("Keterangan", merge="restart")],
        [Cell(merge="continue"), Cell(merge="continue"), "Pelaksana", "Kasi", "Kabid", Cell(merge="continue"),
         Cell(merge="continue")]]
    rows = [*header, *_table(Cell(shapes=(Picture(FLOWCHART, layout_in_cell=False),)))[1:]]
    activities, problems, _notes = _read(write_docx(tmp_path / "two-rows.docx", [IDENTITY_TABLE, rows]))
    assert problems == []
    assert activities == EXPECTED


def test_a_second_group_with_no_activity_left_to_mark_is_told(tmp_path: Path) -> None:
    """Two pictures anchored in one cell, the first marking every activity: the second marks nothing, and the
    office is told so instead of a count that makes no sense."""
    stray = Picture((Member("flowChartProcess", 0.5, 0.5),))
    rows = _table(Cell(shapes=(Picture(FLOWCHART), stray)))
    activities, problems, _notes = _read(write_docx(tmp_path / "stray.docx", [IDENTITY_TABLE, rows]))
    assert activities == EXPECTED
    assert problems == ["Tabel 2 baris 6: grup bagan alir ini tidak punya kegiatan lagi untuk ditandai: kegiatan dari "
                        "baris jangkarnya ke bawah sudah ditandai grup lain; hapus grup itu, atau pisahkan grupnya "
                        "(Ungroup)"]


def test_a_flowchart_grouped_in_vml_reads_as_its_drawingml_does(tmp_path: Path) -> None:
    """A document from an older Word (or saved in compatibility mode) keeps its grouped flowchart as VML only: the
    LibreOffice sample with its DrawingML taken out (VML as LibreOffice writes it: lines flipped, labels as
    unfilled, unstroked rectangles) reads the same."""
    import re

    def without_drawingml(data: bytes) -> bytes:
        data = re.sub(rb"<mc:AlternateContent><mc:Choice[^>]*>.*?</mc:Choice><mc:Fallback>(.*?)"
                      rb"</mc:Fallback></mc:AlternateContent>", rb"\1", data, flags=re.S)
        assert b"<wpg:wgp" not in data and b"<v:group" in data
        return data

    vml_only = rewrite_document(DATA / "sop_drawn_as_one_group_in_libreoffice_writer.docx", tmp_path / "vml.docx",
                                without_drawingml)
    table, problems = read_workbook(vml_only, ROLES)
    assert problems == []
    assert table is not None
    assert [(a.number, a.role, a.kind) for a in table.activities] == EXPECTED
    assert table.activities[2].no == Target(1)


@pytest.mark.parametrize("picture", [
    Picture(FLOWCHART, vml=True),
    Picture(FLOWCHART, vml=True, nested=True),
    Picture(tuple(Line(m.start, m.end, m.heads, "line") if isinstance(m, Line) else m for m in FLOWCHART), vml=True),
    Picture(tuple(Line(m.start, m.end, m.heads, "bentConnector3") if isinstance(m, Line) else m for m in FLOWCHART),
            vml=True),
    Picture(tuple(Line(m.start, m.end) if isinstance(m, Line) and m.heads == "head" else m for m in FLOWCHART),
            vml=True),
    Picture(FLOWCHART, vml=True, layout_in_cell=False, offset_columns=2.0),
], ids=["connectors", "nested-group", "lines", "polylines", "flipped-connector", "from-the-text-column"])
def test_word_vml_groups_read_each_symbol_and_arrow(tmp_path: Path, picture: Picture) -> None:
    """VML as Word writes it: symbols by type number (a text box, type 202, is a label), straight connectors flipped
    as they go, ``v:line``, elbow ``v:polyline``, a group nested in the group with coordinates of its own."""
    path = write_docx(tmp_path / "vml.docx", [IDENTITY_TABLE, _table(Cell(shapes=(picture,)))])
    table, problems = read_workbook(path, ROLES)
    assert [str(p) for p in problems] == []
    assert table is not None
    assert [(a.number, a.role, a.kind) for a in table.activities] == EXPECTED
    assert table.activities[2].no == Target(1)


@pytest.mark.parametrize("spoil", [
    (b'coordsize="', b'coordsize="1e999,nan" x="'),
    (b"absolute;left:", b"absolute;left:1e308;x:"),
    (b';top:', b";top:nan;x:"),
    (b";width:", b";width:inf;x:"),
    (b"margin-left:", b"margin-left:1e999;x:"),
    (b"margin-left:", b"margin-left:9" * 400 + b";x:"),
], ids=["infinite-space", "huge-left", "nan-top", "infinite-width", "infinite-place", "long-place"])
def test_a_vml_group_with_coordinates_that_are_no_numbers_reads_to_a_table_or_problems(
        tmp_path: Path, spoil: tuple[bytes, bytes]) -> None:
    """An upload is read in the web worker: a VML group whose coordinates are infinite, not a number or absurdly
    large (a hostile or broken file) is read as far as it can be, to a table or to problems, never an error."""
    path = write_docx(tmp_path / "vml.docx", [IDENTITY_TABLE, _table(Cell(shapes=(Picture(FLOWCHART, vml=True),)))])

    def spoiled_part(data: bytes) -> bytes:
        assert spoil[0] in data
        return data.replace(*spoil)

    spoiled = rewrite_document(path, tmp_path / "spoiled.docx", spoiled_part)
    table, problems = read_workbook(spoiled, ROLES)
    assert table is not None or problems


@pytest.mark.parametrize("drawn_in_their_rows", [True, False])
def test_mulai_and_selesai_rows_of_their_own_take_their_capsules_or_none(tmp_path: Path,
                                                                       drawn_in_their_rows: bool) -> None:
    """A table with a "Mulai" row above the activities and a "Selesai" row below them: a capsule drawn in each (with
    no word in it) is that row's and marks no activity, and the arrow into the last one is the end; a picture that
    draws nothing there pins its bands to the activities alone."""
    shift = 1 if drawn_in_their_rows else 0
    members: list[Member | Line] = [
        *(Member("flowChartDecision" if n == 2 else "flowChartProcess", column, n + shift + 0.5)
          for n, column in enumerate((0.5, 0.5, 1.5, 2.5, 2.5))),
        Line((1.5, 2 + shift + 0.8), (0.5, shift + 0.5)), Member("rect", 1.2, 2 + shift + 0.95, text="Tidak",
                                                                  text_box=True)]
    if drawn_in_their_rows:
        members += [Member("flowChartTerminator", 0.5, 0.5), Member("flowChartTerminator", 2.5, 6.5),
                    Line((2.5, 5.8), (2.5, 6.2))]
    rows = _table(Cell(shapes=(Picture(tuple(members)),)))
    rows.insert(1, [None, "Mulai", None, None, None, None, None])
    rows.append([None, "Selesai", None, None, None, None, None])
    rows[2][2], rows[1][2] = None, Cell(shapes=(Picture(tuple(members)),))  # anchored in the Mulai row
    table, problems = read_workbook(write_docx(tmp_path / "rows.docx", [IDENTITY_TABLE, rows]), ROLES)
    assert [str(p) for p in problems] == []
    assert table is not None
    assert [(a.number, a.role, a.kind) for a in table.activities] == EXPECTED
    assert table.activities[2].no == Target(1)
    assert any("dipasangkan dengan kegiatan 1–5" in note for note in table.assumptions)


def test_a_grid_written_without_widths_takes_its_cells_widths(tmp_path: Path) -> None:
    """Some word processors write the table grid with no widths and give each cell its own (``w:tcW``): the
    picture's columns are found from the cells'."""
    written = write_docx(tmp_path / "grid.docx", [IDENTITY_TABLE, _table(Cell(shapes=(Picture(FLOWCHART),)))])
    path = rewrite_document(written, tmp_path / "grid without widths.docx", lambda data: data.replace(
        b'<w:gridCol w:w="567"/>', b"<w:gridCol/>").replace(b"<w:tcPr>", b'<w:tcPr><w:tcW w:w="567" w:type="dxa"/>'))
    activities, problems, _notes = _read(path)
    assert problems == []
    assert activities == EXPECTED


@pytest.mark.parametrize("vml", [False, True])
def test_a_route_drawn_line_by_line_inside_a_group_is_followed(tmp_path: Path, vml: bool) -> None:
    """The "Tidak" route drawn as a line with no arrowhead out of the diamond's left point and an arrow from its end
    up into step 1: followed back to the diamond."""
    members = (*(m for m in FLOWCHART if not (isinstance(m, Line) and m.heads == "head")),
               Line((1.1, 2.5), (0.6, 2.5), heads="none", preset="line"), Line((0.6, 2.5), (0.6, 0.5), preset="line"))
    path = write_docx(tmp_path / "route.docx", [IDENTITY_TABLE, _table(Cell(shapes=(Picture(members, vml=vml),)))])
    table, problems = read_workbook(path, ROLES)
    assert [str(p) for p in problems] == []
    assert table is not None and table.activities[2].no == Target(1)
