"""Whatever an uploaded Word document's grouped pictures hold (any shapes, places, arrowheads, nesting, canvases,
anchors, DrawingML or VML), the import reads it to a table or to problems: never a crash in the web worker; and a
flowchart of one symbol per activity reads each activity's role in order."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from unit.test_sop_table_reader import ROLES
from unit.test_sop_table_word import IDENTITY_TABLE
from unit.test_sop_table_word_groups import HEADER, STEPS
from word_support import Cell, Line, Member, Picture, write_docx

from engine.sop_table.reader import read_workbook

#: Mostly places on a half-column, half-level grid, so that shapes stand level and lines end on symbols.
places = st.one_of(st.integers(0, 12).map(lambda n: n / 2), st.floats(-3, 9, allow_nan=False))
members = st.builds(Member, st.sampled_from(["flowChartProcess", "flowChartDecision", "flowChartTerminator",
                                             "rect", "ellipse", "line", "rightArrow", "nonsense"]),
                    places, places, st.sampled_from(["", "Mulai", "Selesai", "Ya", "Tidak"]), st.booleans())
lines = st.builds(Line, st.tuples(places, places), st.tuples(places, places),
                  st.sampled_from(["tail", "head", "both", "none"]),
                  st.sampled_from(["straightConnector1", "bentConnector3", "line"]))
pictures = st.builds(Picture, st.lists(st.one_of(members, members, lines), min_size=1, max_size=14).map(tuple),
                     st.booleans(), st.booleans(), places, places, st.booleans(), st.booleans(), st.booleans(),
                     st.booleans())


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(first=pictures, later=st.lists(st.tuples(st.integers(0, 4), pictures), max_size=2),
       before=st.one_of(st.none(), pictures))
def test_any_grouped_picture_reads_to_a_table_or_to_problems(first: Picture, later: list[tuple[int, Picture]],
                                                              before: Picture | None) -> None:
    rows: list[list[object]] = [HEADER, *([no, kegiatan, None, None, None, waktu, None]
                                          for no, kegiatan, waktu in STEPS)]
    rows[1][2] = Cell(shapes=(first,))
    for step, picture in later:
        rows[step + 1][3] = Cell(shapes=(picture,))
    blocks: list[object] = [IDENTITY_TABLE, *([before] if before else []), rows]
    with tempfile.TemporaryDirectory() as folder:
        table, problems = read_workbook(write_docx(Path(folder) / "any.docx", blocks), ROLES)
    assert table is not None or problems
    if table is not None and not problems:
        assert [a.number for a in table.activities] == [1, 2, 3, 4, 5]
        assert all(a.role for a in table.activities)


ROLE_OF_COLUMN = {0: "Pelaksana", 1: "Kepala Seksi", 2: "Kepala Bidang"}


@st.composite
def flowcharts(draw: st.DrawFn) -> tuple[Picture, list[str]]:
    """A picture of one symbol per activity, each level and column drawn at random (a level's height, a symbol's
    place within its column), with arrows anywhere, in any order: (the picture, each activity's role)."""
    columns = draw(st.lists(st.integers(0, 2), min_size=5, max_size=5))
    presets = draw(st.lists(st.sampled_from(["flowChartProcess", "flowChartTerminator", "flowChartDocument"]),
                            min_size=5, max_size=5))
    heights = draw(st.lists(st.floats(1.0, 3.0), min_size=5, max_size=5))
    shift = draw(st.floats(-0.2, 0.2))
    symbols, top = [], 0.0
    for column, preset, height in zip(columns, presets, heights, strict=True):
        symbols.append(Member(preset, column + 0.5 + shift, top + height / 2))
        top += height
    arrows = draw(st.lists(lines, max_size=4))
    shapes = draw(st.permutations([*symbols, *arrows]))  # Word keeps shapes in the order they were drawn
    return (Picture(tuple(shapes), canvas=draw(st.booleans()), nested=draw(st.booleans()), vml=draw(st.booleans())),
            [ROLE_OF_COLUMN[c] for c in columns])


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(drawn=flowcharts())
def test_a_flowchart_of_one_symbol_per_activity_reads_each_role_in_order(drawn: tuple[Picture, list[str]]) -> None:
    picture, roles = drawn
    rows: list[list[object]] = [HEADER, *([no, kegiatan, None, None, None, waktu or "15 menit", None]
                                          for no, kegiatan, waktu in STEPS)]
    rows[3][1] = "Memeriksa berkas"  # no question: every activity a plain step, whatever its arrows
    rows[1][2] = Cell(shapes=(picture,))
    with tempfile.TemporaryDirectory() as folder:
        table, problems = read_workbook(write_docx(Path(folder) / "flow.docx", [IDENTITY_TABLE, rows]), ROLES)
    assert table is not None
    assert [a.role for a in table.activities] == roles
    assert not [p for p in problems if "grup" in str(p) or "tanda di kolom peran" in str(p)]
