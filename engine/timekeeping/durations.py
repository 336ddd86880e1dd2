"""Standard times (Mutu Baku: Waktu) of SOP steps and recurring schedules.

SOPs write times as free text ("30 Menit", "1 hari kerja", "2 Bulan Sekali");
BPMN files carry ISO 8601 durations (``P28D``) and repeating intervals
(``R/2027-01-04T08:00:00+08:00/P2M``).  This module turns both into one value,
:class:`StandardDuration`, so the rest of the engine never parses text.

Pure: no clock, no environment, no database.  Turning a duration into a due
moment needs the office calendar and lives in :mod:`engine.timekeeping.working_time`.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final, Literal, get_args

from engine.errors import DefinitionError
from engine.phrases import N_

Unit = Literal["minutes", "hours", "days", "weeks", "months", "years"]
Basis = Literal["working", "calendar"]

UNITS: Final[tuple[Unit, ...]] = get_args(Unit)
BASES: Final[tuple[Basis, ...]] = get_args(Basis)

# Upper bounds (about 100 years) so that no definition can overflow datetime
# arithmetic or make the calendar walk for centuries.
MAX_AMOUNT: Final[dict[Unit, int]] = {
    "minutes": 100 * 366 * 24 * 60,
    "hours": 100 * 366 * 24,
    "days": 100 * 366,
    "weeks": 100 * 53,
    "months": 100 * 12,
    "years": 100,
}

_UNIT_WORD: Final[dict[Unit, str]] = {
    "minutes": "menit",
    "hours": "jam",
    "days": "hari",
    "weeks": "minggu",
    "months": "bulan",
    "years": "tahun",
}

_WORD_UNIT: Final[dict[str, Unit]] = {
    "menit": "minutes",
    "jam": "hours",
    "hari": "days",
    "minggu": "weeks",
    "pekan": "weeks",
    "bulan": "months",
    "tahun": "years",
}

_ISO_DATE_DESIGNATOR: Final[dict[str, Unit]] = {"Y": "years", "M": "months", "W": "weeks", "D": "days"}
_ISO_TIME_DESIGNATOR: Final[dict[str, Unit]] = {"H": "hours", "M": "minutes"}
_UNIT_ISO: Final[dict[Unit, str]] = {
    "years": "P{}Y",
    "months": "P{}M",
    "weeks": "P{}W",
    "days": "P{}D",
    "hours": "PT{}H",
    "minutes": "PT{}M",
}

_ISO_RE: Final = re.compile(r"P(?:(?P<date_n>\d+)(?P<date_u>[YMWD])|T(?P<time_n>\d+)(?P<time_u>[HM]))")

_SPACE = r"[\s\u00a0]"
_WORDS = "|".join(sorted(_WORD_UNIT, key=len, reverse=True))
_SOP_RE: Final = re.compile(
    rf"{_SPACE}*(?P<n>\d+){_SPACE}*(?P<unit>{_WORDS})(?:{_SPACE}+(?P<basis>kerja|kalender))?{_SPACE}*",
    re.IGNORECASE,
)
_EVERY_N_RE: Final = re.compile(
    rf"{_SPACE}*(?P<n>\d+){_SPACE}*(?P<unit>{_WORDS}){_SPACE}+sekali{_SPACE}*", re.IGNORECASE
)
_EVERY_ONE_RE: Final = re.compile(
    rf"{_SPACE}*(?:se(?P<unit1>{_WORDS}){_SPACE}+sekali"
    rf"|(?:setiap|tiap){_SPACE}+(?:(?P<n>\d+){_SPACE}*)?(?P<unit2>{_WORDS})){_SPACE}*",
    re.IGNORECASE,
)
_TIMES_PER_RE: Final = re.compile(
    rf"{_SPACE}*(?P<n>\d+){_SPACE}*kali{_SPACE}*(?:dalam{_SPACE}+)?(?:se|satu{_SPACE}+|1{_SPACE}*)(?P<unit>{_WORDS}){_SPACE}*",
    re.IGNORECASE,
)

# "N kali se<unit>" is exact only when the unit divides into N whole smaller units.
_SUBDIVISION: Final[dict[Unit, tuple[int, Unit]]] = {
    "years": (12, "months"),
    "weeks": (7, "days"),
    "days": (24, "hours"),
    "hours": (60, "minutes"),
}


@dataclass(frozen=True)
class StandardDuration:
    """How long one SOP step may take.

    ``basis='working'`` counts only office working time (the default, because
    offices count working days for services); ``'calendar'`` counts elapsed
    clock time in the office zone.
    """

    amount: int
    unit: Unit
    basis: Basis = "working"

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise DefinitionError(N_("Satuan waktu %(unit)s tidak dikenal."), unit=repr(self.unit))
        if self.basis not in BASES:
            raise DefinitionError(
                N_("Dasar hitungan waktu %(basis)s tidak dikenal; pakai 'working' atau 'calendar'."),
                basis=repr(self.basis))
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise DefinitionError(N_("Jumlah waktu harus bilangan bulat, bukan %(amount)s."),
                                  amount=repr(self.amount))
        if self.amount <= 0:
            raise DefinitionError(
                N_("Waktu baku harus lebih dari nol, bukan %(amount)s %(unit)s."),
                amount=self.amount, unit=_UNIT_WORD[self.unit])
        if self.amount > MAX_AMOUNT[self.unit]:
            raise DefinitionError(
                N_("Waktu baku %(amount)s %(unit)s terlalu panjang (paling banyak %(unit2)s %(unit)s)."),
                amount=self.amount, unit=_UNIT_WORD[self.unit], unit2=MAX_AMOUNT[self.unit])

    def to_iso8601(self) -> str:
        """ISO 8601 form for BPMN timers; the basis is not part of ISO and is dropped."""
        return _UNIT_ISO[self.unit].format(self.amount)

    def label(self) -> str:
        """Indonesian text for users, e.g. "3 jam", "28 hari kerja", "2 bulan".

        Days always name their basis because that is where offices disagree;
        other units name it only when it is not the default. ``parse_sop_text``
        reads every label back to the same value.
        """
        word = _UNIT_WORD[self.unit]
        if self.basis == "calendar":
            return f"{self.amount} {word} kalender"
        if self.unit == "days":
            return f"{self.amount} {word} kerja"
        return f"{self.amount} {word}"

    def as_timedelta(self) -> timedelta:
        """Exact length of a fixed-length duration (minutes to weeks, 1 day = 24 h).

        Months and years have no fixed length and raise ``ValueError``.
        """
        if self.unit == "minutes":
            return timedelta(minutes=self.amount)
        if self.unit == "hours":
            return timedelta(hours=self.amount)
        if self.unit == "days":
            return timedelta(days=self.amount)
        if self.unit == "weeks":
            return timedelta(weeks=self.amount)
        raise ValueError(f"{self.unit} have no fixed length")

    @property
    def months(self) -> int:
        """Number of calendar months for month/year durations, 0 otherwise."""
        if self.unit == "months":
            return self.amount
        if self.unit == "years":
            return 12 * self.amount
        return 0


def parse_iso8601(text: str, basis: Basis = "working") -> StandardDuration:
    """Read a one-component ISO 8601 duration (``PT30M``, ``P28D``, ``P2M``...).

    Compound durations (``P1DT2H``) are refused on purpose: an SOP step has one
    standard time in one unit, and mixing units hides working-day questions.
    Surrounding whitespace (common in BPMN XML text) is ignored.
    """
    if not isinstance(text, str):
        raise DefinitionError(N_("Durasi ISO 8601 harus berupa teks, bukan %(text)s."), text=repr(text))
    stripped = text.strip()
    if not stripped:
        raise DefinitionError(N_("Durasi kosong; isi durasi ISO 8601 seperti PT30M, P1D atau P2M."))
    if stripped.startswith("-") and _ISO_RE.fullmatch(stripped[1:]):
        raise DefinitionError(N_('Durasi "%(text)s" negatif; waktu baku harus lebih dari nol.'), text=text)
    match = _ISO_RE.fullmatch(stripped)
    if match is None:
        raise DefinitionError(
            N_("Durasi \"%(text)s\" bukan durasi ISO 8601 satu komponen yang dikenali; contoh yang benar: PT30M, "
               "PT3H, P1D, P28D, P1W, P2M, P1Y."),
               text=text)
    if match["date_n"] is not None:
        amount, unit = int(match["date_n"]), _ISO_DATE_DESIGNATOR[match["date_u"]]
    else:
        amount, unit = int(match["time_n"]), _ISO_TIME_DESIGNATOR[match["time_u"]]
    if amount == 0:
        raise DefinitionError(N_('Durasi "%(text)s" bernilai nol; waktu baku harus lebih dari nol.'), text=text)
    try:
        return StandardDuration(amount, unit, basis)
    except DefinitionError as exc:
        raise DefinitionError(N_('Durasi "%(text)s": %(problem)s'), text=text, problem=exc.problem) from None


def parse_sop_text(text: str) -> StandardDuration:
    """Read the Waktu column of an SOP ("30 Menit", "1 hari kerja", "28 hari kalender").

    A bare unit ("28 hari") counts working time, as offices do for services;
    "kalender" after the unit asks for elapsed calendar time.
    """
    if not isinstance(text, str):
        raise DefinitionError(N_("Waktu baku harus berupa teks, bukan %(text)s."), text=repr(text))
    match = _SOP_RE.fullmatch(text)
    if match is None:
        raise DefinitionError(
            N_('Waktu baku "%(text)s" tidak dikenali; tulis misalnya "30 menit", "3 jam", "1 hari kerja", '
               '"28 hari kalender", "2 minggu", "2 bulan" atau "1 tahun".'),
            text=text)
    basis: Basis = "calendar" if (match["basis"] or "").lower() == "kalender" else "working"
    return _make(text, int(match["n"]), _WORD_UNIT[match["unit"].lower()], basis)


def recurrence_period_from_sop_text(text: str) -> StandardDuration:
    """Read how often an SOP repeats ("2 Bulan Sekali", "1 Tahun sekali", "6 kali setahun").

    Also accepts "sebulan sekali", "setiap 3 bulan", "tiap tahun". "N kali
    se<unit>" is accepted only when it splits evenly (6 kali setahun = every 2
    months); "4 kali sebulan" is refused because months are not 4 weeks long.
    The result has calendar basis: schedules follow the calendar, not working time.
    """
    if not isinstance(text, str):
        raise DefinitionError(N_("Jadwal berulang harus berupa teks, bukan %(text)s."), text=repr(text))
    if match := _EVERY_N_RE.fullmatch(text):
        return _make(text, int(match["n"]), _WORD_UNIT[match["unit"].lower()], "calendar")
    if match := _EVERY_ONE_RE.fullmatch(text):
        word = match["unit1"] or match["unit2"]
        return _make(text, int(match["n"] or 1), _WORD_UNIT[word.lower()], "calendar")
    if match := _TIMES_PER_RE.fullmatch(text):
        times = int(match["n"])
        unit = _WORD_UNIT[match["unit"].lower()]
        if times == 1:
            return _make(text, 1, unit, "calendar")
        if times > 1 and unit in _SUBDIVISION:
            parts, smaller = _SUBDIVISION[unit]
            if parts % times == 0:
                return _make(text, parts // times, smaller, "calendar")
        raise DefinitionError(
            N_("Jadwal \"%(text)s\" tidak membagi %(unit)s dengan rata; tulis jaraknya, misalnya \"1 minggu sekali\" "
               "atau \"2 bulan sekali\"."),
               text=text, unit=_UNIT_WORD[unit])
    raise DefinitionError(
        N_('Jadwal berulang "%(text)s" tidak dikenali; tulis misalnya "2 bulan sekali", "1 tahun sekali" atau '
           '"6 kali setahun".'),
        text=text)


def _make(text: str, amount: int, unit: Unit, basis: Basis) -> StandardDuration:
    """Build a duration, naming the SOP text in any error."""
    try:
        return StandardDuration(amount, unit, basis)
    except DefinitionError as exc:
        raise DefinitionError(N_('"%(text)s": %(problem)s'), text=text, problem=exc.problem) from None


def add_months(moment: datetime, months: int) -> datetime:
    """Same wall-clock time ``months`` later, the day clamped to the month's end.

    Jan 31 + 1 month is Feb 28 (or 29); the tzinfo is kept, so the wall clock
    stays put in zones with daylight saving.
    """
    index = moment.year * 12 + (moment.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, _stdlib_calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def add_calendar(moment: datetime, duration: StandardDuration) -> datetime:
    """Plain calendar arithmetic, ignoring ``duration.basis``.

    Minutes and hours are elapsed time; days and weeks keep the wall-clock time
    in ``moment``'s zone; months and years go calendar-wise via :func:`add_months`.
    """
    if duration.unit in ("minutes", "hours"):
        return (moment.astimezone(UTC) + duration.as_timedelta()).astimezone(moment.tzinfo)
    if duration.unit in ("days", "weeks"):
        # Aware + timedelta keeps tzinfo and moves the wall clock.
        return moment + duration.as_timedelta()
    return add_months(moment, duration.months)


@dataclass(frozen=True)
class RecurrenceRule:
    """A repeating schedule: starts at ``first``, every ``period``, ``count`` times in all.

    ``count`` is the total number of occurrences including the first
    (``R12/...`` = 12 starts); ``None`` repeats forever.  Each occurrence is
    computed as ``first + n * period`` so month ends do not drift
    (Jan 31, Feb 28, Mar 31, not Jan 31, Feb 28, Mar 28).
    """

    first: datetime
    period: StandardDuration
    count: int | None = None

    def __post_init__(self) -> None:
        if self.first.tzinfo is None or self.first.utcoffset() is None:
            raise DefinitionError(N_("Waktu mulai jadwal %(first)s harus memakai zona waktu."),
                                  first=self.first.isoformat())
        if self.period.basis != "calendar":
            raise DefinitionError(N_("Jarak jadwal berulang harus dihitung dengan waktu kalender."))
        if self.count is not None and (isinstance(self.count, bool) or self.count < 1):
            raise DefinitionError(N_("Jumlah pengulangan harus paling sedikit 1, bukan %(count)s."),
                                  count=repr(self.count))

    def occurrence(self, index: int) -> datetime:
        """Start number ``index`` (0 = ``first``) in UTC, ignoring ``count``."""
        if index < 0:
            raise ValueError("index must not be negative")
        unit, amount = self.period.unit, self.period.amount * index
        if unit in ("months", "years"):
            moment = add_months(self.first, self.period.months * index)
        elif unit == "minutes":
            moment = self.first.astimezone(UTC) + timedelta(minutes=amount)
        elif unit == "hours":
            moment = self.first.astimezone(UTC) + timedelta(hours=amount)
        else:
            moment = self.first + (timedelta(days=amount) if unit == "days" else timedelta(weeks=amount))
        return moment.astimezone(UTC)

    def occurrences_between(self, after: datetime, until: datetime) -> list[datetime]:
        """UTC starts in ``(after, until]``: what a scheduler run must fire since its last run."""
        _require_aware(after, "after")
        _require_aware(until, "until")
        if until <= after:
            return []
        found: list[datetime] = []
        index = self._index_before(after)
        while self.count is None or index < self.count:
            moment = self.occurrence(index)
            if moment > until:
                break
            if moment > after:
                found.append(moment)
            index += 1
        return found

    def next_after(self, after: datetime) -> datetime | None:
        """First UTC start strictly after ``after``, or ``None`` when the count is used up."""
        _require_aware(after, "after")
        index = self._index_before(after)
        while self.count is None or index < self.count:
            moment = self.occurrence(index)
            if moment > after:
                return moment
            index += 1
        return None

    def to_iso8601(self) -> str:
        """The ISO 8601 repeating interval, e.g. ``R12/2027-01-04T08:00:00+08:00/P2M``."""
        repeat = "" if self.count is None else str(self.count)
        return f"R{repeat}/{self.first.isoformat()}/{self.period.to_iso8601()}"

    def _index_before(self, moment: datetime) -> int:
        """An occurrence index not after ``moment``, so scanning never starts at 0 for old rules."""
        if self.period.months:
            local = moment.astimezone(self.first.tzinfo)
            elapsed = (local.year - self.first.year) * 12 + (local.month - self.first.month)
            estimate = elapsed // self.period.months
        else:
            estimate = (moment - self.first) // self.period.as_timedelta()
        # One step back absorbs month-day clamping and daylight-saving shifts.
        return max(0, estimate - 1)


_RECURRENCE_RE: Final = re.compile(r"R(?P<count>\d*)/(?P<start>[^/]+)/(?P<period>[^/]+)")


def parse_recurrence(text: str) -> RecurrenceRule:
    """Read an ISO 8601 repeating interval ``R[n]/<start>/<duration>``.

    The start must carry a UTC offset (``+08:00`` or ``Z``): a schedule
    without a zone would fire at a different moment on every server.
    """
    if not isinstance(text, str):
        raise DefinitionError(N_("Jadwal berulang harus berupa teks, bukan %(text)s."), text=repr(text))
    match = _RECURRENCE_RE.fullmatch(text.strip())
    if match is None:
        raise DefinitionError(
            N_("Jadwal berulang \"%(text)s\" tidak dikenali; tulis dalam bentuk ISO 8601 "
               "\"R/2027-01-04T08:00:00+08:00/P2M\" atau \"R12/2027-01-04T08:00:00+08:00/P2M\"."),
               text=text)
    if match["count"] and int(match["count"]) == 0:
        raise DefinitionError(
            N_('Jadwal berulang "%(text)s" diulang nol kali; hapus angkanya atau pakai paling sedikit R1.'),
            text=text)
    try:
        first = datetime.fromisoformat(match["start"])
    except ValueError:
        raise DefinitionError(
            N_('Jadwal berulang "%(text)s": waktu mulai "%(start)s" bukan tanggal-waktu ISO 8601.'),
            text=text, start=match["start"]) from None
    if first.tzinfo is None:
        raise DefinitionError(
            N_("Jadwal berulang \"%(text)s\": waktu mulai \"%(start)s\" tidak memakai zona waktu; tambahkan misalnya "
               "\"+08:00\" untuk WITA."),
               text=text, start=match["start"])
    try:
        period = parse_iso8601(match["period"], basis="calendar")
    except DefinitionError as exc:
        raise DefinitionError(N_('Jadwal berulang "%(text)s": %(problem)s'), text=text, problem=exc.problem) from None
    return RecurrenceRule(first=first, period=period, count=int(match["count"]) if match["count"] else None)


def _require_aware(moment: datetime, name: str) -> None:
    """Naive datetimes are programming errors: their moment depends on the server."""
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got {moment!r}")
