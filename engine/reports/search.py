"""The archive's search column: what a case is found by, folded once when it is written, not per search.

``cases.search_text`` holds the case's reference, its subject and the text fields of its start form, one per
line, then (after :data:`IDENTIFIERS`) the identifiers entered in its steps (the NIB issued, a NIK checked).
Everything is lower-cased and accent-folded, so ``LIKE '%…%'`` on the column (a trigram index on PostgreSQL)
finds what fifteen ``lower(data->>…) LIKE`` filters found. A search never holds a line break or the separator
(both are whitespace, which a search collapses to one space), so a match never spans two fields, and an
identifier search (``'%\\x1f%digits%'``) only reads what follows the separator.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

#: Comes before the identifiers entered in steps; nothing else in the column holds it.
IDENTIFIERS = "\x1f"
#: Identifier formats whose values in step forms (the NIB issued, a NIK checked) the archive search reads.
SEARCHED_FORMATS = frozenset({"nik", "nib", "npwp"})
#: A whole number this long or longer (a NIK or NPWP has 15–16 digits, a NIB 13, a phone 10–13) is kept in
#: ``cases.identifiers`` and found by an exact, indexed lookup; a shorter one is searched as text.
WHOLE_NUMBER_DIGITS = 10
#: A trigram joins the index probe when the rows it is expected to rule out (taken as independent of the trigrams
#: already chosen, an optimistic guess) outnumber its posting list divided by this: a GIN posting costs some 20 ns
#: to read, a row some 1–4 µs to fetch and recheck (measured on two million cases).
POSTINGS_PER_ROW = 50
_WORD = re.compile(r"[a-z0-9]{3,}")


def fold(text: str) -> str:
    """Lower-cased, accents dropped ("Ṣalāḥ" → "salah"), separators and line breaks turned into spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.replace("\n", " ").replace("\r", " ").replace(IDENTIFIERS, " ")


def start_text_fields(start_form: Mapping[str, Any] | None) -> list[str]:
    """The start form's text fields the search reads: strings that are not dates, in name order."""
    properties = (start_form or {}).get("properties") or {}
    return sorted(name for name, node in properties.items()
                  if isinstance(node, dict) and node.get("type") == "string"
                  and node.get("format") not in ("date", "date-time"))


def identifier_fields(form: Mapping[str, Any] | None) -> list[str]:
    """A step form's identifier fields (NIK, NIB, NPWP), whose entered values the search reads."""
    properties = (form or {}).get("properties") or {}
    return sorted(name for name, node in properties.items()
                  if isinstance(node, dict) and node.get("type") == "string"
                  and node.get("format") in SEARCHED_FORMATS)


def search_text(reference: str, subject: str | None, data: Mapping[str, Any], start_fields: Iterable[str],
                identifiers: Iterable[str] = ()) -> str:
    """The column's value for a case: its words, then the identifiers its steps recorded."""
    words = [reference, subject or ""] + [_text(data.get(name)) for name in start_fields]
    return "\n".join(fold(w) for w in words) + IDENTIFIERS + "\n".join(fold(i) for i in identifiers)


def digits_of(text: str) -> str:
    """A typed number without the spaces, dots and dashes people write in it ("5201 0141 0790 0001",
    "01.234.567.8-901.000"); "" when what is left is not all ASCII digits."""
    compact = text.replace(" ", "").replace(".", "").replace("-", "")
    return compact if compact.isascii() and compact.isdigit() else ""


def whole_numbers(column: str) -> list[str]:
    """``cases.identifiers``: the whole numbers of :data:`WHOLE_NUMBER_DIGITS` digits or more in a case's search
    column (its NIK, NPWP, NIB, phone), each once, in order. Derived from the column, so it changes with it."""
    found: list[str] = []
    for word in column.replace(IDENTIFIERS, " ").split():
        number = digits_of(word)
        if len(number) >= WHOLE_NUMBER_DIGITS and number not in found:
            found.append(number)
    return found


def step_identifiers(form: Mapping[str, Any] | None, data: Mapping[str, Any] | None) -> list[str]:
    """The identifier values a completed step's form data adds to its case's search column."""
    return [_text(data.get(name)) for name in identifier_fields(form) if data and data.get(name)]


def with_identifiers(current: str, identifiers: Iterable[str]) -> str:
    """The column after a step recorded ``identifiers`` (unchanged when it recorded none)."""
    added = [fold(i) for i in identifiers if i]
    if not added:
        return current
    if IDENTIFIERS not in current:
        current += IDENTIFIERS
    head, _, tail = current.partition(IDENTIFIERS)
    return head + IDENTIFIERS + "\n".join([t for t in tail.split("\n") if t] + added)


def note_step(case: Any, form: Mapping[str, Any] | None, data: Mapping[str, Any] | None) -> None:
    """A completed step's identifiers join its case's ``search_text`` and ``identifiers`` (the one write after the
    case starts)."""
    case.search_text = with_identifiers(case.search_text or "", step_identifiers(form, data))
    case.identifiers = whole_numbers(case.search_text)


def matcher(search: str) -> Callable[[str], bool]:
    """Whether a case's search column matches ``search`` (spaces collapsed), as the archive's SQL condition decides
    it: the folded search among the words, or its digits (4 or more) among the identifiers."""
    folded, compact = fold(search), digits_of(search)
    digits = len(compact) >= 4

    def holds(column: str) -> bool:
        words, separator, identifiers = column.partition(IDENTIFIERS)
        return bool(separator) and (folded in words or (digits and compact in identifiers))

    return holds


def probe_trigrams(text: str, frequency: Mapping[str, float], unseen: float) -> list[str]:
    """The few trigrams of ``text`` (already folded) worth reading from the trigram index to search for it.

    A case that matches holds every trigram of the search, but reading them all costs the index the length of every
    trigram's posting list: "rabiatul hakim" reads twelve, six of them (first letters of words, "ul ") held by one
    case in ten to thirty, to find one case in 2,400. Two rare ones let through the same cases for a seventh of the
    reading; the cases they let through are then checked against the whole search. ``frequency`` is the share
    of cases holding each common trigram (``unseen`` for any other). The rarest trigram of each word comes first
    (words hardly depend on each other, a word's trigrams do), then the others, rarest first, those that overlap a
    trigram chosen from their word last ("arin": "rin" after "ari"; "rabiatul": "atu" after "abi", then "bia").
    Each joins while the cases it is expected to rule out pay for its posting list (:data:`POSTINGS_PER_ROW`).
    Trigrams come from runs of three or more ASCII letters and digits; ``[]`` when the text has none.
    """
    words = _WORD.findall(text)
    trigrams = [[(frequency.get(word[i:i + 3], unseen), i, n) for i in range(len(word) - 2)]
                for n, word in enumerate(words)]
    firsts = sorted(min(of_word) for of_word in trigrams)
    others = sorted(t for of_word in trigrams for t in of_word if t not in firsts)
    chosen: list[tuple[float, int, int]] = []
    passing = 1.0  # the share of cases expected to hold every chosen trigram
    for overlapping in (False, True):
        for trigram in firsts + others:
            share, start, n = trigram
            if trigram in chosen or (not overlapping and any(n == m and abs(start - at) < 3
                                                                 for _, at, m in chosen)):
                continue
            if not chosen or share < POSTINGS_PER_ROW * passing * (1 - share):
                chosen.append(trigram)
                passing *= share
    return list(dict.fromkeys(words[n][at:at + 3] for _, at, n in chosen))


def escape_like(text: str) -> str:
    """A typed % or _ is that character, not a LIKE wildcard (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text(value: Any) -> str:
    return "" if value is None else str(value)
