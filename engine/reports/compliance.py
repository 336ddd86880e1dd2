"""An SOP compliance report drawn: the heat map on the SOP's diagram and the two bar charts.

Pure: SVG from a :class:`~engine.reports.model.ComplianceReport`, for the page, the PDF and the API.
"""

from __future__ import annotations

from engine.diagrams import render_svg
from engine.reports.charts import GOOD, LATE, SOFT, STANDARD, Series, bar_chart_svg
from engine.reports.model import GOOD_PRACTICE_SHARE, ComplianceReport
from engine.reports.text import percent, working_time


def heat_map_svg(report: ComplianceReport) -> str:
    """The SOP's diagram, each step filled by its share of late completions, labelled with its median."""
    return render_svg(report.bpmn_xml, title=f"{report.sop.name}: sebaran keterlambatan", heat=report.heat(),
                      labels=report.heat_labels())


def time_chart_svg(report: ComplianceReport) -> str:
    """Median and 90th percentile of working time per step against the standard."""
    steps = report.steps
    over = [LATE if (s.median_ratio or 0) > 1 else GOOD for s in steps]
    return bar_chart_svg(
        "Waktu kerja per langkah: median dan persentil ke-90 dibanding standar",
        [f"{s.position}. {s.name}" for s in steps],
        [Series("Standar", tuple(s.standard_minutes for s in steps), STANDARD),
         Series("Median aktual", tuple(s.median_minutes for s in steps), colours=tuple(over)),
         Series("Persentil ke-90", tuple(s.p90_minutes for s in steps), SOFT)],
        value_text=working_time,
        description="Waktu dalam jam kerja kantor; bar merah: median melebihi standar.",
    )


def share_chart_svg(report: ComplianceReport) -> str:
    """The share of each step's completions that were on time, green at or above the good-practice share."""
    steps = report.steps
    colours = tuple(GOOD if (s.share_on_time or 0) >= GOOD_PRACTICE_SHARE else LATE for s in steps)
    return bar_chart_svg(
        "Persentase langkah selesai tepat waktu",
        [f"{s.position}. {s.name}" for s in steps],
        [Series("Tepat waktu", tuple(s.share_on_time for s in steps), colours=colours)],
        value_text=percent, maximum=1.0,
        description=f"Hijau: sedikitnya {percent(GOOD_PRACTICE_SHARE)} tepat waktu.",
    )
