"""An SOP compliance report drawn: the heat map on the SOP's diagram and the two bar charts.

Pure: SVG from a :class:`~engine.reports.model.ComplianceReport`, for the page, the PDF and the API. The words
are phrases said by ``say`` (Indonesian by default; the web app passes its translator for an English page).
"""

from __future__ import annotations

from collections.abc import Callable

from engine.diagrams import render_svg
from engine.phrases import N_, Phrase
from engine.reports.charts import GOOD, LATE, SOFT, STANDARD, Series, bar_chart_svg
from engine.reports.model import GOOD_PRACTICE_SHARE, ComplianceReport
from engine.reports.text import percent, working_time_phrase

Say = Callable[[Phrase], str]


def heat_map_svg(report: ComplianceReport, say: Say = str) -> str:
    """The SOP's diagram, each step filled by its share of late completions, labelled with its median."""
    title = say(Phrase(N_("%(sop)s: sebaran keterlambatan"), {"sop": report.sop.name}))
    return render_svg(report.bpmn_xml, title=title, heat=report.heat(), labels=report.heat_labels(say))


def time_chart_svg(report: ComplianceReport, say: Say = str) -> str:
    """Median and 90th percentile of working time per step against the standard."""
    steps = report.steps
    over = [LATE if (s.median_ratio or 0) > 1 else GOOD for s in steps]

    def minutes(value: float) -> str:
        phrase = working_time_phrase(value, report.day_minutes)
        return "—" if phrase is None else say(phrase)

    return bar_chart_svg(
        say(Phrase(N_("Waktu kerja per langkah: median dan persentil ke-90 dibanding standar"))),
        [f"{s.position}. {s.name}" for s in steps],
        [Series(say(Phrase(N_("Standar"))), tuple(s.standard_minutes for s in steps), STANDARD),
         Series(say(Phrase(N_("Median aktual"))), tuple(s.median_minutes for s in steps), colours=tuple(over)),
         Series(say(Phrase(N_("Persentil ke-90"))), tuple(s.p90_minutes for s in steps), SOFT)],
        value_text=minutes,
        description=say(Phrase(N_("Waktu dalam jam kerja kantor; bar merah: median melebihi standar."))),
        no_data=say(Phrase(N_("tidak ada data"))),
    )


def share_chart_svg(report: ComplianceReport, say: Say = str) -> str:
    """The share of each step's completions that were on time, green at or above the good-practice share."""
    steps = report.steps
    colours = tuple(GOOD if (s.share_on_time or 0) >= GOOD_PRACTICE_SHARE else LATE for s in steps)
    return bar_chart_svg(
        say(Phrase(N_("Persentase langkah selesai tepat waktu"))),
        [f"{s.position}. {s.name}" for s in steps],
        [Series(say(Phrase(N_("Tepat waktu"))), tuple(s.share_on_time for s in steps), colours=colours)],
        value_text=percent, maximum=1.0,
        description=say(Phrase(N_("Hijau: sedikitnya %(share)s tepat waktu."),
                               {"share": percent(GOOD_PRACTICE_SHARE)})),
        no_data=say(Phrase(N_("tidak ada data"))),
    )
