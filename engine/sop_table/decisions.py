"""Where the flow goes, as offices write it in a decision row (and in the Keterangan of any row).

A strict form: ``Ya: 5; Tidak: 2`` (also ``Ya → 5, Tidak → Selesai``, ``Y=5 T=2``, separate ``Ya`` / ``Tidak``
columns). The way offices write it: "Jika tidak lengkap kembali ke kegiatan 1", "Tidak: ke no. 1",
"Apabila disetujui lanjut ke langkah 5", "Bila ditolak, berkas dikembalikan kepada pemohon (selesai)", and
branches named by their condition alone: "Lengkap: 3; Tidak lengkap: 1", "Disetujui → 6, Ditolak → Selesai",
"Tidak lengkap → 1" (a negated or negative condition — "tidak …", "ditolak" — may stand alone; a plain one only
beside its opposite, so a note such as "Catatan: 2 rangkap" on an ordinary row is never read as a decision).
Besides decisions: "lanjut ke kegiatan 7" or "Selesai" sends an activity elsewhere than the next row, and
"bersamaan dengan kegiatan 3" runs a row at the same time as an earlier one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.phrases import N_, Param, Phrase
from engine.sop_table.model import END, Target

_ARROW = r"(?:→|->|=>|⇒|>)"
_HEAD = re.compile(
    rf"(?<![\w])(?:(?P<sign>ya|tidak|tdk|y|t)\s*(?:[:=)]|{_ARROW})"
    rf"|(?P<sign2>ya|tidak|tdk)\s+(?=ke\b|kembali|lanjut|selesai|berakhir|\d)"
    r"|(?P<cond>jika|apabila|bila|kalau|jikalau|bilamana)\b)",
    re.IGNORECASE,
)
_TO_ROW = re.compile(
    rf"(?:\bke\b|{_ARROW}|:|=|\bkegiatan\b|\blangkah\b|\bno\b\.?|\bnomor\b|\bbaris\b|\btahap\b|\baktivitas\b"
    r"|\bstep\b|\bbutir\b|^)\s*(?:kegiatan|langkah|no\.?|nomor|baris|tahap|aktivitas|step|butir)?\s*"
    r"(?:no\.?|nomor)?\s*(?P<row>\d+)\b",
    re.IGNORECASE,
)
_END_WORD = re.compile(r"\b(?:selesai|berakhir|dihentikan|berhenti|stop|tamat)\b", re.IGNORECASE)
_CONDITION_STOP = re.compile(
    rf",|;|\bmaka\b|\bkembali\b|\blanjut|\bditeruskan\b|\bdikembalikan\b|\bdiserahkan\b|\bke\b|\bproses\b|"
    rf"\bselesai\b|\bberakhir\b|{_ARROW}",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"^(?:tidak|tdk|tak|belum|bukan|kurang)\b\s*", re.IGNORECASE)
_NEGATIVE_WORDS = {"ditolak", "tolak", "gagal", "salah", "tidak", "tdk", "no", "keliru", "menolak"}
_POSITIVE_WORDS = {"ya", "yes", "y"}
#: "Lengkap: 3", "Tidak lengkap → 1", "Ditolak ke Selesai": a condition, then where it goes.
_LABELLED = re.compile(rf"^(?P<cond>[^\W\d][\w ]{{0,40}}?)\s*(?::|=|{_ARROW}|\bke\b)\s*(?P<target>.+)$", re.IGNORECASE)
_PARALLEL = re.compile(
    r"\b(?:dilaksanakan\s+|dikerjakan\s+)?(?:bersamaan|paralel|serentak|simultan|sejalan)\s+(?:dengan\s+)?"
    r"(?:kegiatan|langkah|no\.?|nomor)?\s*(?P<row>\d+)\b",
    re.IGNORECASE,
)
_GOTO = re.compile(
    r"\b(?:lanjut(?:kan)?|kembali|diteruskan|teruskan)\s+ke\s+(?:kegiatan|langkah|no\.?|nomor|tahap)?\s*"
    r"(?:no\.?|nomor)?\s*(?P<row>\d+)\b",
    re.IGNORECASE,
)
_GOTO_END = re.compile(r"^\(?\s*(?:proses\s+)?(?:selesai|berakhir)\s*\)?\s*(?:[:\-–(]\s*(?P<label>.*?)\)?)?\s*\.?$",
                       re.IGNORECASE)


class RoutingNotUnderstood(ValueError):
    """The words name a branch but not where it goes (or name one branch twice); ``phrase`` says which, in the
    reader's language."""

    def __init__(self, key: str, **params: Param) -> None:
        self.phrase = Phrase(key, params)
        super().__init__(str(self.phrase))


@dataclass(frozen=True)
class Routing:
    """What the Keterangan (and the Ya/Tidak columns) say about the flow."""

    yes: Target | None = None
    no: Target | None = None
    #: The condition a sentence names ("lengkap" in "Jika tidak lengkap ..."), to name the question.
    predicate: str = ""
    goto: Target | None = None
    parallel_with: int | None = None
    #: The Keterangan without the routing words: a note for the step.
    rest: str = ""

    @property
    def decides(self) -> bool:
        return self.yes is not None or self.no is not None


def read_target(text: str) -> Target | None:
    """``5``, ``ke kegiatan 5``, ``no. 5``, ``Selesai``, ``Selesai: Permohonan ditolak``; None when empty."""
    words = _clean(text)
    if not words:
        return None
    row = _TO_ROW.search(words)
    end = _END_WORD.search(words)
    if row and not (end and end.start() < row.start()):
        return Target(int(row["row"]))
    if end:
        return Target(None, _end_label(words, end))
    raise RoutingNotUnderstood(N_("'%(text)s' tidak menyebut nomor kegiatan tujuan atau 'Selesai'"), text=words)


def read_routing(note: str, *, yes_cell: str = "", no_cell: str = "") -> Routing:
    """Read the Keterangan of a row and its Ya/Tidak cells; raise :class:`RoutingNotUnderstood` when a branch
    is named without where it goes."""
    text = _clean(note)
    parallel_with = None
    if match := _PARALLEL.search(text):
        parallel_with = int(match["row"])
        text = _cut(text, match)
    yes = read_target(yes_cell) if _clean(yes_cell) else None
    no = read_target(no_cell) if _clean(no_cell) else None
    predicate = ""
    heads = list(_HEAD.finditer(text))
    rest_parts = [text[: heads[0].start()]] if heads else [text]
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        clause = text[head.end():end]
        branch, said, condition = _branch_of(head, clause)
        target = _target_in(clause, condition)
        if target is None:
            raise RoutingNotUnderstood(N_("'%(text)s' tidak menyebut ke mana (tulis mis. 'Tidak: kembali ke "
                                          "kegiatan 1' atau 'Tidak: Selesai')"), text=text[head.start():end].strip())
        if branch == "yes":
            if yes is not None and yes != target:
                raise RoutingNotUnderstood(N_("tujuan 'Ya' disebut dua kali dengan nomor berbeda"))
            yes = target
        else:
            if no is not None and no != target:
                raise RoutingNotUnderstood(N_("tujuan 'Tidak' disebut dua kali dengan nomor berbeda"))
            no = target
        predicate = predicate or said
    rest = " ".join(part.strip(" ,;.") for part in rest_parts if part.strip(" ,;.")).strip()
    if not heads and yes is None and no is None and (labelled := _labelled_branches(rest)) is not None:
        yes, no, predicate = labelled
        rest = ""
    goto = None
    if not heads and yes is None and no is None:
        if match := _GOTO.search(rest):
            goto, rest = Target(int(match["row"])), _cut(rest, match)
        elif match := _GOTO_END.match(rest):
            goto, rest = Target(None, (match["label"] or "").strip()), ""
    return Routing(yes=yes, no=no, predicate=predicate, goto=goto, parallel_with=parallel_with, rest=rest)


def _labelled_branches(text: str) -> tuple[Target | None, Target | None, str] | None:
    """(yes, no, the condition) when every clause of ``text`` is "condition: where", with a negated condition or
    a condition beside its opposite; None otherwise (the text is then a note)."""
    clauses = [c.strip() for c in re.split(r"[;,]", text) if c.strip()]
    if not clauses or len(clauses) > 2:
        return None
    found: dict[str, tuple[Target, str]] = {}
    for clause in clauses:
        match = _LABELLED.match(clause)
        if match is None:
            return None
        condition = match["cond"].strip()
        try:
            target = read_target(match["target"])
        except RoutingNotUnderstood:
            return None
        if target is None or condition.lower() in found:
            return None
        found[condition.lower()] = (target, condition)
    branches: dict[str, tuple[Target, str]] = {}
    negated_alone = False  # a "no" branch may stand alone (its "yes" goes on to the next row)
    for condition, (target, words) in found.items():
        negated = _NEGATION.match(words)
        if negated or condition in _NEGATIVE_WORDS:
            branch, said = "no", (words[negated.end():].strip() if negated else "")
            negated_alone = True
        else:
            branch, said = "yes", ("" if condition in _POSITIVE_WORDS else words)
        if branch in branches:
            return None
        branches[branch] = (target, said)
    if "yes" in branches and "no" in branches:
        (yes, said_yes), (no, said_no) = branches["yes"], branches["no"]
        return yes, no, said_yes or said_no
    if set(branches) == {"no"} and negated_alone:
        no, said = branches["no"]
        return None, no, said
    return None


def question_for(text: str, predicate: str) -> str:
    """The decision's question: the row's text when it asks one, else the condition its wording names."""
    text = text.strip()
    if text.endswith("?"):
        return text
    if predicate:
        return predicate[:1].upper() + predicate[1:] + "?"
    return text.rstrip(".:") + "?"


def _branch_of(head: re.Match[str], clause: str) -> tuple[str, str, str]:
    """("yes" | "no", the condition it names for the question, the condition's words) of one clause."""
    sign = (head["sign"] or head["sign2"] or "").lower()
    if sign:
        return ("yes" if sign in ("ya", "y") else "no"), "", ""
    condition = _CONDITION_STOP.split(clause, maxsplit=1)[0].strip(" ,.:")
    if condition.lower() in _POSITIVE_WORDS:
        return "yes", "", condition
    if condition.lower() in _NEGATIVE_WORDS:
        return "no", "", condition
    negated = _NEGATION.match(condition)
    if negated:
        return "no", condition[negated.end():].strip(), condition
    return "yes", condition, condition


def _target_in(clause: str, condition: str) -> Target | None:
    body = clause.strip()
    if condition and body.startswith(condition):
        body = body[len(condition):].strip()
    row = _TO_ROW.search(body)
    end = _END_WORD.search(body)
    if row and not (end and end.start() < row.start()):
        return Target(int(row["row"]))
    if end:
        return Target(None, _end_label(body, end))
    return None


def _end_label(text: str, end: re.Match[str]) -> str:
    """How the SOP ends there: the words after "Selesai:" or in its brackets, else the words before it."""
    after = text[end.end():].strip()
    if after[:1] in (":", "-", "–", "("):
        return after.strip(":-–() .").strip()
    before = text[: end.start()]
    before = re.sub(r"^[\s,:=→>\-]+|[\s,(\-–]+$", "", before)
    before = re.sub(r"^(?:maka|dan|lalu)\s+", "", before, flags=re.IGNORECASE).strip(" ,.")
    words = before.split()
    if len(words) >= 2 and not _TO_ROW.search(before):
        return before[:1].upper() + before[1:]
    return ""


def _clean(text: object) -> str:
    if text is None:
        return ""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return re.sub(r"\s+", " ", str(text)).strip()


def _cut(text: str, match: re.Match[str]) -> str:
    return (text[: match.start()] + " " + text[match.end():]).strip(" ,;.")


__all__ = ["END", "Routing", "RoutingNotUnderstood", "question_for", "read_routing", "read_target"]
