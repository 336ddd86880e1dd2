"""The archive's search column: what a case is found by, folded once when it is written, not per search.

``cases.search_text`` holds the case's reference, its subject and the text fields of its start form, one per
line, then (after :data:`IDENTIFIERS`) the identifiers entered in its steps (the NIB issued, a NIK checked).
Everything is lower-cased and accent-folded, so ``LIKE '%…%'`` on the column (a trigram index on PostgreSQL)
finds what fifteen ``lower(data->>…) LIKE`` filters found. A search never holds a line break or the separator
(both are whitespace, which a search collapses to one space), so a match never spans two fields, and an
identifier search (``'%\\x1f%digits%'``) only reads what follows the separator.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

#: Comes before the identifiers entered in steps; nothing else in the column holds it.
IDENTIFIERS = "\x1f"
#: Identifier formats whose values in step forms (the NIB issued, a NIK checked) the archive search reads.
SEARCHED_FORMATS = frozenset({"nik", "nib", "npwp"})
#: A whole number this long or longer (a NIK or NPWP has 15–16 digits, a NIB 13, a phone 10–13) is kept in
#: ``cases.identifiers`` and found by an exact, indexed lookup; a shorter one is searched as text.
WHOLE_NUMBER_DIGITS = 10


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


def escape_like(text: str) -> str:
    """A typed % or _ is that character, not a LIKE wildcard (escape character: backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text(value: Any) -> str:
    return "" if value is None else str(value)
