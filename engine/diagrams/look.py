"""How a diagram looks: colours per step state, fonts, sizes and the heat scale.

Every colour is a presentation attribute because the pages' Content-Security-Policy blocks inline styles.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum


class StepMark(StrEnum):
    """Where a case stands at a step (a ``StrEnum``: plain strings like ``"done"`` work too)."""

    DONE = "done"
    ACTIVE = "active"
    OVERDUE = "overdue"
    CANCELLED = "cancelled"



# --------------------------------------------------------------------------------------------
# Look
# --------------------------------------------------------------------------------------------

#: Fonts of similar width (Arial metrics), so that wrapping by an estimated width holds everywhere.
FONT_FAMILY = "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"
MARGIN = 20
HEADER_BAND = 30  # bpmn.io's pool and lane header width
TASK_LINES = 1.15  # line height of a task's name, in ems: SOP step names are long

INK = "#1e293b"
FLOW_INK = "#475569"
POOL_STROKE = "#334155"
POOL_HEADER_FILL = "#e2e8f0"
LANE_HEADER_FILL = "#f1f5f9"
VISITED_INK = "#15803d"


@dataclass(frozen=True)
class Look:
    fill: str
    stroke: str
    stroke_width: float
    text: str
    dash: str | None = None


DEFAULT_LOOK = Look(fill="#ffffff", stroke=INK, stroke_width=1.5, text=INK)
STATE_LOOKS: dict[StepMark, Look] = {
    StepMark.DONE: Look(fill="#dcfce7", stroke="#15803d", stroke_width=2, text="#14532d"),
    StepMark.ACTIVE: Look(fill="#dbeafe", stroke="#1d4ed8", stroke_width=3, text="#1e3a8a"),
    StepMark.OVERDUE: Look(fill="#fee2e2", stroke="#b91c1c", stroke_width=3, text="#7f1d1d"),
    StepMark.CANCELLED: Look(fill="#f1f5f9", stroke="#94a3b8", stroke_width=1.5, text="#475569", dash="5 3"),
}
#: Words for the state, in the users' language (tooltips and the description).
STATE_WORDS: dict[StepMark, str] = {
    StepMark.DONE: "selesai",
    StepMark.ACTIVE: "sedang dikerjakan",
    StepMark.OVERDUE: "terlambat",
    StepMark.CANCELLED: "dibatalkan",
}
#: White → orange → red; HEAT_TEXT stays readable on every step of it (contrast ≥ 4.7:1).
HEAT_SCALE = ((0.0, (255, 255, 255)), (0.5, (251, 146, 60)), (1.0, (239, 68, 68)))
HEAT_TEXT = "#0f172a"

TASK_KINDS = frozenset({
    "task", "userTask", "manualTask", "serviceTask", "scriptTask", "sendTask", "receiveTask",
    "businessRuleTask", "subProcess", "callActivity", "transaction", "adHocSubProcess",
})
FLOW_KINDS = frozenset({"sequenceFlow", "messageFlow", "association", "dataInputAssociation",
                        "dataOutputAssociation"})


def num(value: float) -> str:
    """A coordinate as SVG text: one decimal at most, no trailing ``.0``."""
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"


def heat_colour(value: float) -> str:
    """A 0..1 value on the white → orange → red scale, as ``#rrggbb``."""
    value = min(1.0, max(0.0, value))
    for (lo, lo_rgb), (hi, hi_rgb) in itertools.pairwise(HEAT_SCALE):
        if value <= hi:
            t = (value - lo) / (hi - lo)
            r, g, b = (round(a + (c - a) * t) for a, c in zip(lo_rgb, hi_rgb, strict=True))
            return f"#{r:02x}{g:02x}{b:02x}"
    r, g, b = HEAT_SCALE[-1][1]
    return f"#{r:02x}{g:02x}{b:02x}"


