"""When a public-service case is promised to be finished: its SOP's standard times, one after another, on the
office calendar from the moment it started.

The Standar Pelayanan's "jangka waktu penyelesaian" is the sum of the Mutu Baku times; the receipt prints the
date this gives, and the status page and the survey report compare the real finish against it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from engine.models import ProcessStep
from engine.timekeeping.deadlines import due_at
from engine.timekeeping.durations import parse_iso8601
from engine.timekeeping.working_time import OfficeCalendar


def promised_completion(started_at: datetime, steps: Iterable[ProcessStep], calendar: OfficeCalendar) -> datetime:
    """The due time of the last step if every step took its full standard time, in the SOP's order."""
    moment = started_at
    for step in sorted(steps, key=lambda s: s.position):
        moment = due_at(moment, parse_iso8601(step.standard_duration, basis=step.time_basis), calendar)  # type: ignore[arg-type]
    return moment
