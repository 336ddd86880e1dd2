"""Standard times and recurrences: every SOP and ISO spelling we accept or refuse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import DefinitionError
from engine.timekeeping.durations import (
    MAX_AMOUNT,
    Basis,
    RecurrenceRule,
    StandardDuration,
    Unit,
    add_calendar,
    add_months,
    parse_iso8601,
    parse_recurrence,
    parse_sop_text,
    recurrence_period_from_sop_text,
)

WITA = timezone(timedelta(hours=8))
JAN_4_8_WITA = datetime(2027, 1, 4, 8, tzinfo=WITA)
D = StandardDuration


def durations(bases: tuple[Basis, ...] = get_args(Basis)) -> st.SearchStrategy[StandardDuration]:
    return st.builds(
        lambda unit, basis, data: D(data.draw(st.integers(1, MAX_AMOUNT[unit])), unit, basis),
        st.sampled_from(get_args(Unit)),
        st.sampled_from(bases),
        st.data(),
    )


# --- StandardDuration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "iso", "label"),
    [
        (D(30, "minutes"), "PT30M", "30 menit"),
        (D(3, "hours"), "PT3H", "3 jam"),
        (D(1, "days"), "P1D", "1 hari kerja"),
        (D(28, "days"), "P28D", "28 hari kerja"),
        (D(28, "days", "calendar"), "P28D", "28 hari kalender"),
        (D(1, "weeks"), "P1W", "1 minggu"),
        (D(2, "months"), "P2M", "2 bulan"),
        (D(2, "months", "calendar"), "P2M", "2 bulan kalender"),
        (D(1, "years"), "P1Y", "1 tahun"),
        (D(3, "hours", "calendar"), "PT3H", "3 jam kalender"),
    ],
)
def test_iso_and_label(duration: StandardDuration, iso: str, label: str) -> None:
    assert duration.to_iso8601() == iso
    assert duration.label() == label


def test_working_is_the_default_basis() -> None:
    assert D(1, "days").basis == "working"


@pytest.mark.parametrize(
    ("amount", "unit", "basis"),
    [
        (0, "days", "working"),
        (-1, "days", "working"),
        (True, "days", "working"),
        (1.5, "hours", "working"),
        ("2", "days", "working"),
        (1, "seconds", "working"),
        (1, "days", "kerja"),
        (MAX_AMOUNT["years"] + 1, "years", "working"),
        (MAX_AMOUNT["minutes"] + 1, "minutes", "calendar"),
    ],
)
def test_invalid_duration_values_are_refused(amount: object, unit: str, basis: str) -> None:
    with pytest.raises(DefinitionError):
        D(amount, unit, basis)  # type: ignore[arg-type]


def test_durations_are_immutable_values() -> None:
    duration = D(2, "days")
    assert duration == D(2, "days") and hash(duration) == hash(D(2, "days"))
    with pytest.raises(AttributeError):
        duration.amount = 3  # type: ignore[misc]


def test_as_timedelta_and_months() -> None:
    assert D(90, "minutes").as_timedelta() == timedelta(minutes=90)
    assert D(2, "weeks", "calendar").as_timedelta() == timedelta(days=14)
    assert D(2, "years").months == 24 and D(5, "months").months == 5 and D(5, "days").months == 0
    with pytest.raises(ValueError, match="fixed length"):
        D(1, "months").as_timedelta()


# --- ISO 8601 durations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("PT30M", 30, "minutes"),
        ("PT3H", 3, "hours"),
        ("P1D", 1, "days"),
        ("P28D", 28, "days"),
        ("P1W", 1, "weeks"),
        ("P2M", 2, "months"),
        ("P1Y", 1, "years"),
        ("P10Y", 10, "years"),
        ("PT90M", 90, "minutes"),
        ("  P28D\n", 28, "days"),  # whitespace around BPMN XML text
        ("P007D", 7, "days"),
    ],
)
@pytest.mark.parametrize("basis", ["working", "calendar"])
def test_parse_iso8601(text: str, amount: int, unit: str, basis: Basis) -> None:
    assert parse_iso8601(text, basis) == D(amount, unit, basis)  # type: ignore[arg-type]


def test_parse_iso8601_defaults_to_working_time() -> None:
    assert parse_iso8601("P1D").basis == "working"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "P",
        "PT",
        "P1DT2H",  # compound
        "P1Y2M",  # compound
        "PT1H30M",  # compound
        "PT28D",  # days are not a time component
        "PT1D",
        "P1H",  # hours are not a date component
        "PT30S",  # seconds are not a standard time
        "P0D",
        "PT0M",
        "P0Y",
        "-P1D",
        "P-1D",
        "P1.5D",
        "P1,5D",
        "p1d",
        "P 1D",
        "1D",
        "28 hari",
        "R/2027-01-04T08:00:00+08:00/P2M",
        "P999999999999999999999D",  # too long
        "P101Y",
    ],
)
def test_parse_iso8601_refuses(text: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_iso8601(text)
    if text.strip():
        assert f'"{text}"' in caught.value.message  # the message names the bad text


def test_parse_iso8601_messages_are_indonesian() -> None:
    with pytest.raises(DefinitionError, match="nol"):
        parse_iso8601("P0D")
    with pytest.raises(DefinitionError, match="negatif"):
        parse_iso8601("-P1D")
    with pytest.raises(DefinitionError, match="satu komponen"):
        parse_iso8601("P1DT2H")
    with pytest.raises(DefinitionError, match="kosong"):
        parse_iso8601("")


def test_parse_iso8601_refuses_non_text() -> None:
    with pytest.raises(DefinitionError):
        parse_iso8601(28)  # type: ignore[arg-type]


@given(durations())
def test_iso_round_trip(duration: StandardDuration) -> None:
    assert parse_iso8601(duration.to_iso8601(), duration.basis) == duration


# --- SOP free text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30 Menit", D(30, "minutes")),
        ("3 Jam", D(3, "hours")),
        ("1 hari", D(1, "days")),
        ("28 hari", D(28, "days")),
        ("1 hari kerja", D(1, "days")),
        ("28 hari kalender", D(28, "days", "calendar")),
        ("2 Minggu", D(2, "weeks")),
        ("2 Bulan", D(2, "months")),
        ("1 Tahun", D(1, "years")),
        ("15 MENIT", D(15, "minutes")),
        ("  28   HARI   KERJA  ", D(28, "days")),
        ("28 Hari Kalender", D(28, "days", "calendar")),
        ("30menit", D(30, "minutes")),
        ("1\u00a0hari", D(1, "days")),  # non-breaking space copied from a Word SOP
        ("2 pekan", D(2, "weeks")),
        ("2 bulan kalender", D(2, "months", "calendar")),
        ("3 jam kerja", D(3, "hours")),
    ],
)
def test_parse_sop_text(text: str, expected: StandardDuration) -> None:
    assert parse_sop_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "-",
        "",
        "   ",
        "kadang-kadang",
        "0 hari",
        "hari",
        "1,5 jam",
        "1.5 jam",
        "1 hari 2 jam",
        "satu hari",
        "1 (satu) hari",
        "2 Bulan Sekali",
        "1 hari libur",
        "-1 hari",
        "P1D",
        "101 tahun",
    ],
)
def test_parse_sop_text_refuses(text: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_sop_text(text)
    assert f'"{text}"' in caught.value.message


@given(durations())
def test_labels_read_back(duration: StandardDuration) -> None:
    assert parse_sop_text(duration.label()) == duration


# --- Recurrence -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "period", "count"),
    [
        ("R/2027-01-04T08:00:00+08:00/P2M", JAN_4_8_WITA, D(2, "months", "calendar"), None),
        ("R12/2027-01-04T08:00:00+08:00/P2M", JAN_4_8_WITA, D(2, "months", "calendar"), 12),
        ("R/2027-01-04T00:00:00Z/P1Y", datetime(2027, 1, 4, tzinfo=UTC), D(1, "years", "calendar"), None),
        ("R3/2027-01-04T08:00+08:00/P1W", JAN_4_8_WITA, D(1, "weeks", "calendar"), 3),
        (" R1/2027-01-04T08:00:00+08:00/PT30M ", JAN_4_8_WITA, D(30, "minutes", "calendar"), 1),
    ],
)
def test_parse_recurrence(text: str, first: datetime, period: StandardDuration, count: int | None) -> None:
    rule = parse_recurrence(text)
    assert (rule.first, rule.period, rule.count) == (first, period, count)
    assert rule.first.utcoffset() == first.utcoffset()


def test_recurrence_round_trip() -> None:
    text = "R12/2027-01-04T08:00:00+08:00/P2M"
    assert parse_recurrence(text).to_iso8601() == text
    forever = "R/2027-01-04T08:00:00+08:00/P1Y"
    assert parse_recurrence(forever).to_iso8601() == forever


@pytest.mark.parametrize(
    "text",
    [
        "",
        "R/P2M",
        "R/2027-01-04T08:00:00+08:00",
        "2027-01-04T08:00:00+08:00/P2M",
        "R/2027-01-04T08:00:00/P2M",  # no zone
        "R/2027-01-04/P2M",  # a date has no zone either
        "R0/2027-01-04T08:00:00+08:00/P2M",
        "R-1/2027-01-04T08:00:00+08:00/P2M",
        "R/2027-13-04T08:00:00+08:00/P2M",
        "R/2027-01-04T08:00:00+08:00/P0M",
        "R/2027-01-04T08:00:00+08:00/P1M2D",
        "R/2027-01-04T08:00:00+08:00/PT28D",
        "R/2027-01-04T08:00:00+08:00/2027-03-04T08:00:00+08:00",
        "R/P2M/2027-01-04T08:00:00+08:00",
        "2 Bulan Sekali",
    ],
)
def test_parse_recurrence_refuses(text: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_recurrence(text)
    assert f'"{text}"' in caught.value.message


def test_recurrence_rule_checks_its_parts() -> None:
    with pytest.raises(DefinitionError, match="zona waktu"):
        RecurrenceRule(datetime(2027, 1, 4, 8), D(1, "months", "calendar"))
    with pytest.raises(DefinitionError, match="kalender"):
        RecurrenceRule(datetime(2027, 1, 4, 8, tzinfo=WITA), D(1, "months"))
    with pytest.raises(DefinitionError):
        RecurrenceRule(datetime(2027, 1, 4, 8, tzinfo=WITA), D(1, "months", "calendar"), count=0)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_month_ends_do_not_drift() -> None:
    # 31 January 08:00 WITA = 00:00 UTC. Each start is first + n months, clamped to the month's end.
    rule = parse_recurrence("R/2027-01-31T08:00:00+08:00/P1M")
    assert rule.occurrences_between(utc(2027, 1, 1), utc(2027, 6, 1)) == [
        utc(2027, 1, 31),
        utc(2027, 2, 28),
        utc(2027, 3, 31),
        utc(2027, 4, 30),
        utc(2027, 5, 31),
    ]
    assert rule.occurrence(13) == utc(2028, 2, 29)  # leap year


def test_two_monthly_from_january_31() -> None:
    rule = parse_recurrence("R/2027-01-31T08:00:00+08:00/P2M")
    assert rule.occurrences_between(utc(2027, 1, 31), utc(2027, 12, 31)) == [
        utc(2027, 3, 31),  # Jan 31 + 2 months; not Feb 28 + ...
        utc(2027, 5, 31),
        utc(2027, 7, 31),
        utc(2027, 9, 30),
        utc(2027, 11, 30),
    ]


def test_occurrences_window_is_half_open() -> None:
    rule = parse_recurrence("R/2027-01-04T08:00:00+08:00/P1M")
    jan, feb = utc(2027, 1, 4), utc(2027, 2, 4)
    assert rule.occurrences_between(jan, feb) == [feb]  # (after, until]
    assert rule.occurrences_between(jan - timedelta(seconds=1), jan) == [jan]
    assert rule.occurrences_between(feb, feb) == []
    assert rule.occurrences_between(feb, jan) == []
    assert rule.occurrences_between(utc(2000, 1, 1), utc(2026, 12, 31)) == []


def test_occurrences_are_utc_whatever_the_window_zone() -> None:
    rule = parse_recurrence("R/2027-01-04T08:00:00+08:00/P1Y")
    found = rule.occurrences_between(datetime(2027, 1, 1, tzinfo=WITA), datetime(2029, 1, 4, 8, tzinfo=WITA))
    assert found == [utc(2027, 1, 4), utc(2028, 1, 4), utc(2029, 1, 4)]
    assert all(moment.tzinfo is UTC for moment in found)


def test_count_limits_occurrences() -> None:
    rule = parse_recurrence("R3/2027-01-04T08:00:00+08:00/P2M")
    assert rule.occurrences_between(utc(2026, 1, 1), utc(2030, 1, 1)) == [
        utc(2027, 1, 4),
        utc(2027, 3, 4),
        utc(2027, 5, 4),
    ]
    assert rule.next_after(utc(2027, 3, 4)) == utc(2027, 5, 4)
    assert rule.next_after(utc(2027, 5, 4)) is None


def test_next_after() -> None:
    rule = parse_recurrence("R/2027-01-04T08:00:00+08:00/P2M")
    assert rule.next_after(utc(2020, 1, 1)) == utc(2027, 1, 4)
    assert rule.next_after(utc(2027, 1, 4)) == utc(2027, 3, 4)
    assert rule.next_after(utc(2031, 2, 1)) == utc(2031, 3, 4)


def test_fixed_length_periods() -> None:
    rule = parse_recurrence("R/2027-01-04T08:00:00+08:00/P1W")
    assert rule.occurrences_between(utc(2027, 1, 5), utc(2027, 1, 19)) == [utc(2027, 1, 11), utc(2027, 1, 18)]
    hourly = parse_recurrence("R/2027-01-04T08:00:00+08:00/PT90M")
    assert hourly.occurrences_between(utc(2027, 1, 4), utc(2027, 1, 4, 3)) == [
        utc(2027, 1, 4, 1, 30),
        utc(2027, 1, 4, 3),
    ]


def test_old_rules_do_not_scan_from_the_first_start() -> None:
    rule = parse_recurrence("R/2000-01-01T00:00:00+08:00/PT1M")
    # 14 million minutes since the first start: must be found by arithmetic, not by walking.
    found = rule.occurrences_between(utc(2027, 1, 1), utc(2027, 1, 1, 0, 3))
    assert found == [utc(2027, 1, 1, 0, 1), utc(2027, 1, 1, 0, 2), utc(2027, 1, 1, 0, 3)]


def test_occurrences_refuse_naive_datetimes() -> None:
    rule = parse_recurrence("R/2027-01-04T08:00:00+08:00/P2M")
    with pytest.raises(ValueError, match="timezone-aware"):
        rule.occurrences_between(datetime(2027, 1, 1), utc(2027, 6, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        rule.occurrences_between(utc(2027, 1, 1), datetime(2027, 6, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        rule.next_after(datetime(2027, 1, 1))


@settings(deadline=None)
@given(
    first=st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1), timezones=st.just(WITA)),
    period=st.sampled_from(
        [
            D(1, "months", "calendar"),
            D(2, "months", "calendar"),
            D(1, "years", "calendar"),
            D(3, "days", "calendar"),
            D(2, "weeks", "calendar"),
            D(5, "hours", "calendar"),
        ]
    ),
    count=st.none() | st.integers(1, 40),
    after_index=st.floats(-3, 40),
    span=st.floats(0, 10),
)
def test_occurrences_match_brute_force(
    first: datetime, period: StandardDuration, count: int | None, after_index: float, span: float
) -> None:
    rule = RecurrenceRule(first, period, count)
    limit = 60 if count is None else count
    every = [rule.occurrence(n) for n in range(limit)]
    assert every == sorted(every) and len(set(every)) == len(every)
    step = every[1] - every[0] if len(every) > 1 else timedelta(days=30)
    after = first + step * after_index
    until = after + step * span
    expected = [moment for moment in every if after < moment <= until]
    assert rule.occurrences_between(after, until) == expected
    later = [moment for moment in every if moment > after]
    if count is not None or later:
        assert rule.next_after(after) == (later[0] if later else None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 Bulan Sekali", D(2, "months", "calendar")),
        ("1 Tahun sekali", D(1, "years", "calendar")),
        ("6 kali setahun", D(2, "months", "calendar")),
        ("12 kali setahun", D(1, "months", "calendar")),
        ("4 Kali Setahun", D(3, "months", "calendar")),
        ("1 kali setahun", D(1, "years", "calendar")),
        ("2 kali dalam setahun", D(6, "months", "calendar")),
        ("6 kali 1 tahun", D(2, "months", "calendar")),
        ("1 kali sebulan", D(1, "months", "calendar")),
        ("7 kali seminggu", D(1, "days", "calendar")),
        ("sebulan sekali", D(1, "months", "calendar")),
        ("Setahun Sekali", D(1, "years", "calendar")),
        ("seminggu sekali", D(1, "weeks", "calendar")),
        ("setiap 3 bulan", D(3, "months", "calendar")),
        ("tiap tahun", D(1, "years", "calendar")),
        ("  3   bulan   sekali ", D(3, "months", "calendar")),
    ],
)
def test_recurrence_period_from_sop_text(text: str, expected: StandardDuration) -> None:
    assert recurrence_period_from_sop_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "-",
        "kadang-kadang",
        "2 Bulan",
        "5 kali setahun",
        "4 kali sebulan",
        "2 kali seminggu",
        "0 bulan sekali",
        "0 kali setahun",
        "setiap saat",
        "R/2027-01-04T08:00:00+08:00/P2M",
    ],
)
def test_recurrence_period_from_sop_text_refuses(text: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        recurrence_period_from_sop_text(text)
    assert f'"{text}"' in caught.value.message


# --- calendar arithmetic helpers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime(2027, 1, 31, 9, tzinfo=WITA), 1, datetime(2027, 2, 28, 9, tzinfo=WITA)),
        (datetime(2028, 1, 31, 9, tzinfo=WITA), 1, datetime(2028, 2, 29, 9, tzinfo=WITA)),
        (datetime(2027, 1, 31, 9, tzinfo=WITA), 2, datetime(2027, 3, 31, 9, tzinfo=WITA)),
        (datetime(2027, 11, 30, 9, tzinfo=WITA), 3, datetime(2028, 2, 29, 9, tzinfo=WITA)),
        (datetime(2027, 5, 15, 9, tzinfo=WITA), 12, datetime(2028, 5, 15, 9, tzinfo=WITA)),
        (datetime(2027, 5, 15, 9, tzinfo=WITA), 0, datetime(2027, 5, 15, 9, tzinfo=WITA)),
    ],
)
def test_add_months(start: datetime, months: int, expected: datetime) -> None:
    assert add_months(start, months) == expected


def test_add_calendar() -> None:
    start = datetime(2027, 1, 31, 16, tzinfo=WITA)
    assert add_calendar(start, D(3, "hours", "calendar")) == datetime(2027, 1, 31, 19, tzinfo=WITA)
    assert add_calendar(start, D(28, "days", "calendar")) == datetime(2027, 2, 28, 16, tzinfo=WITA)
    assert add_calendar(start, D(1, "weeks", "calendar")) == datetime(2027, 2, 7, 16, tzinfo=WITA)
    assert add_calendar(start, D(1, "months", "calendar")) == datetime(2027, 2, 28, 16, tzinfo=WITA)
    assert add_calendar(start, D(1, "years", "calendar")) == datetime(2028, 1, 31, 16, tzinfo=WITA)
