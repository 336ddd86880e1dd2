"""Fitting names into shapes by an estimated width: no font measuring on the server."""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Average glyph width of the diagram fonts (Arial metrics), in ems: enough to wrap text without measuring it.
CHAR_EM = 0.53


_INVALID_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text that lxml can write: characters XML forbids (control characters) are dropped."""
    return _INVALID_XML_CHARS.sub("", str(text))


def _chars_per_line(width: float, font_size: float) -> int:
    return max(1, int(width / (font_size * CHAR_EM)))


def _pieces(word: str) -> list[str]:
    """A word cut after each ``/`` or ``-``, where a line may break ("Tracking/" + "penelusuran")."""
    return [piece for piece in _BREAK_AFTER.split(word) if piece]


_BREAK_AFTER = re.compile(r"(?<=[/\-])")


def wrap(text: str, width: float, font_size: float) -> list[str]:
    """Greedy word wrap to an estimated width.

    Explicit line breaks are kept; a line may also break after ``/`` or ``-``; a word longer than a
    line is split.
    """
    per_line = _chars_per_line(width, font_size)
    lines: list[str] = []
    for paragraph in text.splitlines():
        current = ""
        for word in paragraph.split():
            for index, piece in enumerate(_pieces(word)):
                glue = "" if index else " "
                if current and len(current) + len(glue) + len(piece) <= per_line:
                    current = f"{current}{glue}{piece}"
                    continue
                if current:
                    lines.append(current)
                while len(piece) > per_line:
                    lines.append(piece[:per_line])
                    piece = piece[per_line:]
                current = piece
        if current:
            lines.append(current)
    return lines


def _ellipsize(lines: list[str], max_lines: int, per_line: int) -> list[str]:
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max(1, max_lines)]
    last = kept[-1]
    kept[-1] = (last[:per_line - 1] if len(last) >= per_line else last) + "…"
    return kept


def fit_text(text: str, width: float, height: float, sizes: Sequence[float] = (11, 10, 9),
             line_factor: float = 1.2) -> tuple[float, list[str]]:
    """The largest font size at which ``text`` fits the box without splitting a word.

    At the smallest size long words are split and what does not fit is cut with an ellipsis (the
    element's tooltip still carries the whole name).
    """
    longest = max((len(piece) for word in text.split() for piece in _pieces(word)), default=0)
    for size in sizes:
        lines = wrap(text, width, size)
        if len(lines) * size * line_factor <= height and longest <= _chars_per_line(width, size):
            return size, lines
    size = sizes[-1]
    max_lines = max(1, int(height // (size * line_factor)))
    return size, _ellipsize(wrap(text, width, size), max_lines, _chars_per_line(width, size))
