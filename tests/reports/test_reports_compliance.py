"""SOP compliance figures against numbers computed by hand, the SQL percentiles, the heat map and charts."""

from __future__ import annotations

import random
from datetime import date

import pytest
from lxml import etree
from sqlalchemy import Integer, String, literal, select, union_all

from engine.errors import NotAuthorized, NotFound, ValidationFailed
from engine.reports.aggregates import grouped_percentiles, grouped_summary, percentile
from engine.reports.charts import Series, bar_chart_svg
from engine.reports.compliance import heat_map_svg, share_chart_svg, time_chart_svg
from engine.services.reports import compliance_report

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
SVG = "{http://www.w3.org/2000/svg}"


def test_per_step_figures_match_the_hand_computed_ones(db, office, staff) -> None:
    report = compliance_report(db, staff["kadis"], "pelayanan_nib_oss", *NOVEMBER)
    figures = {s.element_id: (s.completions, s.late, s.standard_minutes, s.median_minutes, s.p90_minutes,
                              s.open_now, s.overdue_now) for s in report.steps}
    # input: A 20, B 40 (late), C 10; D is open and past due. p90 of [10, 20, 40]: 20 + 0.8 × 20 = 36.
    assert figures["input_data_pemohon"] == (3, 1, 30, 20, pytest.approx(36), 1, 1)
    assert figures["aktivasi_akun_oss"] == (2, 0, 30, 20, 20, 0, 0)
    assert figures["login_oss"] == (2, 1, 30, 27.5, pytest.approx(33.5), 0, 0)
    assert figures["penerbitan_nib"] == (2, 0, 5, 4.5, pytest.approx(4.9), 0, 0)
    assert figures["penelusuran_pendaftaran"] == (2, 1, 10, 11.5, pytest.approx(14.3), 0, 0)
    assert [s.position for s in report.steps] == [1, 2, 3, 4, 5]
    first = report.steps[0]
    assert (first.on_time, first.share_on_time, first.median_ratio) == (2, pytest.approx(2 / 3), pytest.approx(2 / 3))


def test_totals_count_cases_and_steps_of_the_period(db, office, staff) -> None:
    totals = compliance_report(db, staff["kadis"], "pelayanan_nib_oss", *NOVEMBER).totals
    assert (totals.completions, totals.late, totals.on_time) == (11, 3, 8)
    assert totals.share_on_time == pytest.approx(8 / 11)
    assert (totals.cases_started, totals.cases_completed, totals.cases_cancelled, totals.cases_active) == (4, 2, 1, 1)
    assert (totals.open_now, totals.overdue_now) == (1, 1)


def test_per_person(db, office, staff) -> None:
    people = {p.name: p for p in compliance_report(db, staff["kadis"], "pelayanan_nib_oss", *NOVEMBER).people}
    assert {name: (p.completions, p.late) for name, p in people.items()} == {
        "Pelaksana": (6, 0), "Pelaksana2": (3, 2), "Jafung": (2, 1)}
    # Pelaksana's ratios: 20/30 four times, 4/5 and 10/30: the median is 2/3.
    assert people["Pelaksana"].median_ratio == pytest.approx(2 / 3)
    assert people["Pelaksana"].share_on_time == 1


def test_the_period_is_of_completion_in_office_dates(db, office, staff) -> None:
    monday_only = compliance_report(db, staff["kadis"], "pelayanan_nib_oss", date(2026, 11, 23), date(2026, 11, 23))
    assert monday_only.totals.completions == 5 and monday_only.totals.late == 0
    assert monday_only.totals.open_now == 1  # "now" does not depend on the period


def test_scope_and_authorization(db, office, staff) -> None:
    division = compliance_report(db, staff["kabid"], "pelayanan_nib_oss", *NOVEMBER, "dinkop-lobar.bidang-umkm")
    assert division.totals.completions == 11
    other = compliance_report(db, staff["kabid_lain"], "pelayanan_nib_oss", *NOVEMBER)
    assert other.totals.completions == 0 and other.totals.cases_started == 0
    with pytest.raises(NotAuthorized):
        compliance_report(db, staff["kabid_lain"], "pelayanan_nib_oss", *NOVEMBER, "dinkop-lobar.bidang-umkm")
    with pytest.raises(NotAuthorized):
        compliance_report(db, staff["pelaksana"], "pelayanan_nib_oss", *NOVEMBER)
    with pytest.raises(NotFound):
        compliance_report(db, staff["kadis"], "tidak_ada", *NOVEMBER)
    with pytest.raises(ValidationFailed):
        compliance_report(db, staff["kadis"], "pelayanan_nib_oss", date(2026, 12, 1), date(2026, 11, 1))


def test_heat_map_and_charts(db, office, staff) -> None:
    report = compliance_report(db, staff["kadis"], "pelayanan_nib_oss", *NOVEMBER)
    assert report.heat() == {"input_data_pemohon": pytest.approx(1 / 3), "aktivasi_akun_oss": 0, "login_oss": 0.5,
                             "penerbitan_nib": 0, "penelusuran_pendaftaran": 0.5}
    assert report.heat_labels()["login_oss"] == "median 28 menit kerja"
    heat_map = heat_map_svg(report)
    assert 'data-heat="0.50"' in heat_map and "median 20 menit" in heat_map
    for svg in (heat_map, time_chart_svg(report), share_chart_svg(report)):
        assert_presentation_only(svg)


def assert_presentation_only(svg: str) -> None:
    """What the pages' CSP and our sanitizing promise: no style, no script, no handlers, no links."""
    root = etree.fromstring(svg.encode())
    for element in root.iter():
        assert not (isinstance(element.tag, str) and element.tag.split("}")[-1] in ("style", "script", "a",
                                                                                  "foreignObject"))
        for name in element.attrib:
            assert name != "style" and not name.startswith("on") and "href" not in name, name


def test_chart_labels_are_escaped_text() -> None:
    svg = bar_chart_svg("Judul <b>", ["<script>alert(1)</script>", "Langkah \x07 dua"],
                        [Series("Median", (10.0, None))], value_text=str)
    assert_presentation_only(svg)
    root = etree.fromstring(svg.encode())
    assert root.find(f"{SVG}title").text == "Judul <b>"
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "\x07" not in svg
    assert root.get("role") == "img" and "tidak ada data" in root.find(f"{SVG}desc").text


def test_sql_percentiles_equal_percentile_cont(db) -> None:
    """The database's percentiles (percentile_cont on PostgreSQL, window functions elsewhere) against Python."""
    generator = random.Random(35)
    data = {group: [generator.randint(0, 5000) for _ in range(size)] for group, size in
            (("a", 1), ("b", 2), ("c", 7), ("d", 10), ("e", 101))}
    pairs = [(group, value) for group, items in data.items() for value in items] + [("e", None)]
    rows = union_all(*(select(literal(group, String).label("grp"), literal(value, Integer).label("value"))
                       for group, value in pairs)).subquery()
    source = select(rows.c.grp, rows.c.value)
    with db.transaction(write=False) as session:
        found = grouped_percentiles(session, source, (0.5, 0.9, 0.0, 1.0))
    for group, items in data.items():
        assert found[group] == pytest.approx([percentile(items, p) for p in (0.5, 0.9, 0.0, 1.0)]), group


def test_grouped_summary_counts_and_percentiles_in_one_pass(db) -> None:
    rows = [("a", 1, 10, None), ("a", 0, 20, 5), ("a", 0, 40, 7), ("b", 1, None, 3)]
    sample = union_all(*(select(literal(g, String).label("grp"), literal(late, Integer).label("late"),
                                literal(x, Integer).label("x"), literal(y, Integer).label("y"))
                         for g, late, x, y in rows)).subquery()
    with db.transaction(write=False) as session:
        found = grouped_summary(session, select(sample.c.grp, sample.c.late, sample.c.x, sample.c.y),
                                {"x": (0.5, 0.9), "y": (0.5,)})
    assert found["a"] == {"count": 3, "late": 1, "x": [20, pytest.approx(36)], "y": [6]}
    assert found["b"] == {"count": 1, "late": 1, "x": [None, None], "y": [3]}


def test_percentile_in_python() -> None:
    assert percentile([], 0.5) is None
    assert percentile([4], 0.9) == 4
    assert percentile([10, 20, 40], 0.9) == pytest.approx(36)
