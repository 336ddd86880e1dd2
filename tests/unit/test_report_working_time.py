"""Reports read working time on the office calendar's own working day, not on a fixed 7.5-hour day."""

from __future__ import annotations

from datetime import time

from engine.reports.exports import Column, Document, Table, cell_text, to_csv
from engine.reports.text import working_time, working_time_phrase
from engine.timekeeping.deadlines import working_day_minutes
from engine.timekeeping.working_time import OfficeCalendar, WorkingPeriod

EIGHT_HOURS = (WorkingPeriod(time(8), time(12)), WorkingPeriod(time(13), time(17)))
EIGHT_HOUR_OFFICE = OfficeCalendar(week={day: EIGHT_HOURS for day in range(5)})


def test_an_eight_hour_office_reads_a_day_as_eight_hours() -> None:
    day = working_day_minutes(EIGHT_HOUR_OFFICE)
    assert day == 480
    assert working_time(480, day) == "1 hari kerja"
    assert working_time(540, day) == "1 hari kerja 1 jam"
    assert working_time(470, day) == "7 jam 50 menit kerja"
    assert working_time(470, 450) == "1 hari kerja 20 menit"


def test_no_figure_reads_as_a_dash_and_the_phrase_translates() -> None:
    assert working_time(None, 480) == "—"
    assert working_time_phrase(None, 480) is None
    phrase = working_time_phrase(960, 480)
    assert phrase is not None and str(phrase) == "2 hari kerja"
    english = {"%(num)s hari kerja": ("%(num)s working day", "%(num)s working days")}
    assert phrase.render(lambda key: key, lambda one, many, n: english[one][n != 1] if one in english else one) \
        == "2 working days"


def test_an_export_uses_the_day_of_its_document() -> None:
    assert cell_text(480, "minutes", day_minutes=480) == "1 hari kerja"
    assert cell_text(480, "minutes", day_minutes=450) == "1 hari kerja 30 menit"
    table = Table("Langkah", (Column("Standar", "minutes"),), ((470,),))
    assert table.text_rows(day_minutes=480) == [["7 jam 50 menit kerja"]]
    document = Document(title="Uji", filename="uji", tables=(table,), day_minutes=480)
    assert b"470" in to_csv(document)  # machines get the minutes themselves
