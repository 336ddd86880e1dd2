"""The Waktu column as offices write it, read into an ISO 8601 duration and its basis.

Offices write "30 Menit", "3 Jam", "1 Hari", "28 hari", "1 minggu", "3 hari kerja", "3 HK", "2 x 24 jam", "15 mnt",
"15'", "1 jam 30 menit", "3 (tiga) hari", "maks. 2 hari", "≤ 1 jam", "1-2 hari", "45 menit s.d. 1 jam", "½ jam",
"sehari", "5 menit/berkas", "1 x 60 menit", "30 detik", "32 JP" (jam pelajaran of a training, 45 minutes each).
Whatever is not the plain "N satuan [kerja|kalender]" of :func:`engine.timekeeping.durations.parse_sop_text` is
rewritten to it here, with a note saying what was assumed, and then read by that one function, so Alur has one
meaning of "1 hari" (one working day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from engine.errors import DefinitionError
from engine.phrases import N_, Param, Phrase
from engine.sop_table.identity import cell_text
from engine.sop_table.model import StandardTime
from engine.timekeeping.durations import parse_sop_text

#: The Waktu words stay Indonesian in every language: they are what the table must say.
EXAMPLES = Phrase(N_("contoh: 30 Menit, 3 Jam, 2 Hari, 3 hari kerja, 1 minggu"))

_UNITS = {
    "menit": "menit", "mnt": "menit", "mnit": "menit", "min": "menit", "minutes": "menit",
    "jam": "jam", "jm": "jam", "hours": "jam",
    "hari": "hari", "hr": "hari", "days": "hari",
    "minggu": "minggu", "mgg": "minggu", "mg": "minggu", "pekan": "minggu",
    "bulan": "bulan", "bln": "bulan",
    "tahun": "tahun", "thn": "tahun", "th": "tahun",
}
_WORD_NUMBERS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
    "sembilan": 9, "sepuluh": 10, "sebelas": 11, "dua belas": 12, "lima belas": 15, "dua puluh": 20,
    "tiga puluh": 30, "empat puluh lima": 45,
}
_SMALLER = {"jam": ("menit", 60), "menit": None}
_QUALIFIERS = re.compile(
    r"^(?:paling\s+lama|paling\s+lambat|maksimal|maksimum|maks\.?|max\.?|selambat-lambatnya|±|\+/-|\+-|"
    r"kurang\s+lebih|lebih\s+kurang|kurang\s+dari|sekitar|selama|dalam\s+waktu|dlm\.?|kira-kira|kl\.?|<=|≤|<)\s*"
)
_UNIT_WORDS = "|".join(sorted(_UNITS, key=len, reverse=True))
_NUMBER = r"\d+(?:[.,]\d+)?|\d+\s*/\s*\d+|½|¼|¾"
_TIME = re.compile(
    rf"(?P<n>{_NUMBER})\s*(?P<unit>{_UNIT_WORDS})\.?(?:\s+(?P<basis>kerja|kalender))?"
)
_UNIT_AT_END = re.compile(rf"(?:{_UNIT_WORDS})\.?(?:\s+(?:kerja|kalender))?$")
_RANGE = re.compile(rf"^(?P<a>{_NUMBER})\s*(?:-|–|—|s/d|s\.d\.?|sampai|hingga|sd)\s*(?P<b>{_NUMBER})\s*(?P<rest>.+)$")
_TIMES_24 = re.compile(r"^(?P<n>\d+)\s*[x×]\s*24\s*jam(?:\s+kalender)?$")
#: "1 x 60 menit", "2 x 8 jam": a count of a time, read as their product.
_TIMES = re.compile(rf"^(?P<n>\d+)\s*[x×]\s*(?P<m>\d+)\s*(?P<rest>(?:{_UNIT_WORDS})\.?(?:\s+(?:kerja|kalender))?)$")
#: "45 menit s.d. 1 jam": a range whose bounds have units of their own; the upper bound is the standard.
_RANGE_OF_TIMES = re.compile(rf"^(?:{_NUMBER})\s*(?:{_UNIT_WORDS})\.?(?:\s+(?:kerja|kalender))?\s*"
                             r"(?:-|–|—|s/d|s\.d\.?|sampai|hingga|sd)\s*(?P<upper>.+)$")
_SECONDS = re.compile(r"^(?P<n>\d+)\s*(?:detik|dtk|det)$")
#: Jam pelajaran, the unit of a training's sessions (45 minutes, as in ASN and most vocational training).
_LESSON_HOURS = re.compile(r"^(?P<n>\d+)\s*(?:jp|jpl|jam\s+pelajaran)$")
_MINUTES_PER_LESSON_HOUR = 45
#: Words that say a time is not fixed: the Waktu must still say how long the activity takes.
_NOT_A_DURATION = re.compile(r"^(?:-+|–|—|sesuai\b.*|menyesuaikan\b.*|tentatif|situasional|kondisional|"
                             r"tergantung\b.*|bervariasi|tidak\s+tentu)$")
#: "1 jam 30 menit", "2 jam dan 15 menit": whole minutes, nothing assumed.
_HOURS_AND_MINUTES = re.compile(
    r"^(?P<h>\d+)\s*(?:jam|jm)\s+(?:dan\s+)?(?P<m>\d+)\s*(?:menit|mnt|mnit)(?:\s+(?P<basis>kerja|kalender))?$")
#: "5 menit/berkas", "10 menit per pemohon": the time of one item, a case being one applicant's file.
_PER_ITEM = re.compile(r"^(?P<time>.+?)\s*(?:/|\bper\b|\btiap\b|\bsetiap\b)\s*(?P<item>[a-z][a-z ]*)$")


class TimeNotUnderstood(ValueError):
    """The Waktu is not a time Alur knows how to read; ``phrase`` says why in the reader's language."""

    def __init__(self, key: str, **params: Param) -> None:
        self.phrase = Phrase(key, {"examples": EXAMPLES, **params})
        super().__init__(str(self.phrase))


@dataclass(frozen=True)
class ReadTime:
    time: StandardTime
    #: What had to be assumed to read it ("2 x 24 jam" as 2 calendar days), or "".
    note: str = ""


def read_time(text: object) -> ReadTime:
    """Read one Waktu cell; raise :class:`TimeNotUnderstood` with the reason in Indonesian."""
    original = _cell_text(text)
    if not original:
        raise TimeNotUnderstood(N_("kosong; isi waktu baku kegiatan (%(examples)s)"))
    words = _normalise(original)
    notes: list[str] = []
    if (per_item := _PER_ITEM.match(words)) and _UNIT_AT_END.search(per_item["time"]):
        words = per_item["time"]
        notes.append(f"'{original}' adalah waktu per {per_item['item']}; dipakai sebagai waktu baku kegiatan "
                     "untuk satu kasus")
    if match := _HOURS_AND_MINUTES.match(words):
        minutes = int(match["h"]) * 60 + int(match["m"])
        return _finish(original, f"{minutes} menit" + (f" {match['basis']}" if match["basis"] else ""), notes)
    if match := _TIMES_24.match(words):
        canonical = f"{match['n']} hari kalender"
        notes.append(f"'{original}' dibaca sebagai {match['n']} hari kalender (24 jam berturut-turut)")
        return _finish(original, canonical, notes)
    if match := _TIMES.match(words):
        product = int(match["n"]) * int(match["m"])
        notes.append(f"'{original}' dibaca sebagai {product} {_UNITS[match['rest'].split()[0].rstrip('.')]}")
        words = f"{product} {match['rest']}"
    if match := _SECONDS.match(words):
        minutes = -(-int(match["n"]) // 60)
        notes.append(f"'{original}' dibaca sebagai {minutes} menit (waktu baku dicatat dalam menit)")
        return _finish(original, f"{minutes} menit", notes)
    if match := _LESSON_HOURS.match(words):
        minutes = int(match["n"]) * _MINUTES_PER_LESSON_HOUR
        notes.append(f"'{original}' dibaca sebagai {minutes} menit (1 jam pelajaran = {_MINUTES_PER_LESSON_HOUR} "
                     "menit)")
        return _finish(original, f"{minutes} menit", notes)
    if _NOT_A_DURATION.match(words):
        raise TimeNotUnderstood(N_("'%(text)s' tidak menyebut lama kegiatan; setiap kegiatan perlu waktu baku agar "
                                   "keterlambatannya terlihat: tulis lama yang biasa (%(examples)s)"), text=original)
    if match := _RANGE_OF_TIMES.match(words):
        words = match["upper"]
        notes.append(f"'{original}' adalah rentang; batas atasnya ({match['upper']}) dipakai sebagai waktu baku")
    elif match := _RANGE.match(words):
        words = f"{match['b']} {match['rest']}"
        notes.append(f"'{original}' adalah rentang; batas atasnya ({match['b']}) dipakai sebagai waktu baku")
    match = _TIME.fullmatch(words)
    if match is None:
        raise TimeNotUnderstood(N_("'%(text)s' bukan waktu yang dikenal (%(examples)s)"), text=original)
    unit = _UNITS[match["unit"]]
    amount = _number(match["n"])
    if amount <= 0:
        raise TimeNotUnderstood(N_("'%(text)s' harus lebih dari nol (%(examples)s)"), text=original)
    if amount.denominator != 1:
        smaller = _SMALLER.get(unit)
        if smaller is None or (amount * smaller[1]).denominator != 1:
            raise TimeNotUnderstood(N_("'%(text)s' bukan bilangan bulat; tulis dalam satuan yang lebih kecil "
                                       "(mis. 90 Menit, 12 Jam)"), text=original)
        unit, amount = smaller[0], amount * smaller[1]
        notes.append(f"'{original}' dibaca sebagai {amount} {unit}")
    basis = match["basis"] or ""
    canonical = f"{int(amount)} {unit}" + (f" {basis}" if basis else "")
    return _finish(original, canonical, notes)


def _finish(original: str, canonical: str, notes: list[str]) -> ReadTime:
    try:
        duration = parse_sop_text(canonical)
    except DefinitionError as error:
        raise TimeNotUnderstood(N_("'%(text)s': %(problem)s"), text=original, problem=error.problem_phrase) from None
    return ReadTime(StandardTime(original, duration.to_iso8601(), duration.basis), "; ".join(notes))


def _cell_text(value: object) -> str:
    return re.sub(r"\s+", " ", cell_text(value)).strip()


def _normalise(text: str) -> str:
    words = text.lower().replace("\u00a0", " ").strip().rstrip(".")
    words = re.sub(r"\(\s*[a-z ]+\s*\)", " ", words)  # "3 (tiga) hari"
    previous = None
    while previous != words:
        previous = words
        words = _QUALIFIERS.sub("", words).strip()
    words = re.sub(r"^setengah\s+", "1/2 ", words)
    words = re.sub(r"^se(hari|jam|minggu|pekan|bulan|tahun)\b", r"1 \1", words)
    for word, number in sorted(_WORD_NUMBERS.items(), key=lambda item: -len(item[0])):
        words = re.sub(rf"^{word}\b", str(number), words)
    words = re.sub(r"(\d)([a-z])", r"\1 \2", words)  # "30menit"
    words = re.sub(r"^(\d+)\s*['’′]$", r"\1 menit", words)  # "15'": the minute mark
    words = re.sub(r"\bhk\b", "hari kerja", words)  # "3 HK"
    return re.sub(r"\s+", " ", words).strip()


def _number(text: str) -> Fraction:
    text = text.replace(" ", "")
    if text in ("½", "¼", "¾"):
        return {"½": Fraction(1, 2), "¼": Fraction(1, 4), "¾": Fraction(3, 4)}[text]
    if "/" in text:
        top, bottom = text.split("/")
        return Fraction(int(top), int(bottom)) if int(bottom) else Fraction(0)
    return Fraction(text.replace(",", "."))
