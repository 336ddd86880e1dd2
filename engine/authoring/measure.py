"""How wide a name is in the font bpmn.io draws it with, how bpmn-js wraps it, and the box it needs.

bpmn-js (bpmn.io, Camunda Modeler) writes a task's name in 12px Arial inside the task box less 5px
padding, centred both ways, breaking lines only at spaces and hyphens; a word wider than the box is cut
in the middle, and a name taller than the box spills out of it over the task-type icon and whatever is
drawn near. So the layout sizes each box by replaying that wrapping on Arial's advance widths (the same
widths as Liberation Sans; kerning only narrows text, so the sum is an upper bound) at two scales, the
second standing in for a wider fallback font.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

#: Advance widths of Arial (units per 1000 em) for the printable ASCII characters, space to tilde.
_ARIAL_ASCII = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)
_WIDE_CHARS = {"—": 1000, "…": 1000, "–": 556, "‘": 222, "’": 222, "“": 333, "”": 333, "•": 350}

FONT_SIZE = 12.0
"""bpmn-js's font size for names inside shapes and lane headers."""
LINE_HEIGHT = FONT_SIZE * 1.2
TASK_PADDING = 7.0
"""bpmn-js's padding around a task's name (bpmn-js 18)."""
HEADER_BAND = 30.0
"""Height of the band a pool's or lane's name is written in (vertically)."""
SCALES = (1.0, 1.06)
"""Widths are tried as measured and 6 % wider: a box must hold its name under both."""

# The user-task icon bpmn-js draws at the top left of the box (measured: x 4..21, y 4..24) with a few
# pixels to spare, and the part of a 12px line that carries ink above its baseline (cap height).
ICON_RIGHT = 24.0
ICON_BOTTOM = 26.0
INK_ABOVE_BASELINE = 9.0


def _char_width(char: str) -> int:
    code = ord(char)
    if 32 <= code < 127:
        return _ARIAL_ASCII[code - 32]
    if char in _WIDE_CHARS:
        return _WIDE_CHARS[char]
    if char == "\u00ad":
        return 0
    base = unicodedata.normalize("NFKD", char)[:1]
    if base and 32 <= ord(base) < 127:
        return _ARIAL_ASCII[ord(base) - 32]
    return 1000 if unicodedata.east_asian_width(char) in ("W", "F") else 722


def text_width(text: str, font_size: float = FONT_SIZE, scale: float = 1.0) -> float:
    """Width in pixels of ``text`` set in Arial at ``font_size`` (trailing spaces do not count, as in bpmn-js)."""
    return sum(_char_width(c) for c in text.rstrip()) * font_size * scale / 1000


_BREAKS = re.compile(r"(\s|-|\u00ad)")


def _semantic_shorten(line: str, max_length: float) -> str:
    """diagram-js's ``semanticShorten``: whole words (and hyphen-ended parts) while the count of characters
    stays under ``max_length``."""
    parts = _BREAKS.split(line)
    kept: list[str] = []
    length = 0
    if len(parts) > 1:
        for part in parts:
            if not part:
                break
            if len(part) + length < max_length:
                kept.append(part)
                length += len(part)
            else:
                if part in ("-", "\u00ad") and kept:
                    kept.pop()
                break
    if kept and kept[-1] == "\u00ad":
        kept[-1] = "-"
    return "".join(kept)


def wrap_like_bpmn_js(text: str, max_width: float, font_size: float = FONT_SIZE,
                      scale: float = 1.0) -> tuple[list[str], bool]:
    """The lines bpmn-js (diagram-js ``Text.layoutText``) makes of ``text`` in ``max_width`` pixels, and
    whether it had to cut a word in the middle."""
    pending = re.split(r"\u00ad?\r?\n", text)
    lines: list[str] = []
    cut = False
    while pending:
        original = pending.pop(0)
        fit_line = original
        while True:
            width = text_width(fit_line, font_size, scale) if fit_line else 0.0
            if fit_line in (" ", "") or width <= max_width or len(fit_line) < 2:
                break
            length = max(len(fit_line) * (max_width / width), 1)
            shortened = _semantic_shorten(fit_line, length)
            if not shortened:
                shortened = fit_line[:max(math.floor(length - 1 + 0.5), 1)]
                cut = True
            fit_line = shortened
        if len(fit_line) < len(original):
            pending.insert(0, original[len(fit_line):].strip())
        lines.append(fit_line)
    return lines, cut


def name_fits_task(name: str, width: float, height: float) -> bool:
    """Whether bpmn-js writes ``name`` inside a task box of this size: no word cut, every line inside the
    box with a padding's margin, and no line over the task-type icon."""
    for scale in SCALES:
        lines, cut = wrap_like_bpmn_js(name, width - 2 * TASK_PADDING, scale=scale)
        if cut or len(lines) * LINE_HEIGHT > height - 2 * TASK_PADDING:
            return False
        # bpmn-js centres the block and puts the first baseline a quarter line below the block's top.
        top = (height - len(lines) * LINE_HEIGHT) / 2 - LINE_HEIGHT / 4
        for index, line in enumerate(lines):
            baseline = top + (index + 1) * LINE_HEIGHT
            left = (width - text_width(line, scale=scale)) / 2
            if baseline - INK_ABOVE_BASELINE < ICON_BOTTOM and left < ICON_RIGHT:
                return False
    return True


TASK_WIDTHS = (100, 120, 140, 160, 180, 200, 220, 240, 260, 280, 300)
TASK_HEIGHTS = (80, 100, 120, 140, 160, 180)


@lru_cache(maxsize=1024)
def task_size(name: str, minimum: tuple[int, int] = (100, 80)) -> tuple[int, int]:
    """The smallest box (in 20px steps, at least ``minimum``) that holds ``name`` as bpmn-js writes it;
    among boxes of equal area the flatter one, which keeps rows low."""
    candidates = sorted(
        ((w, h) for w in TASK_WIDTHS for h in TASK_HEIGHTS if w >= minimum[0] and h >= minimum[1]),
        key=lambda size: (size[0] * size[1], size[1]),
    )
    for w, h in candidates:
        if name_fits_task(name, w, h):
            return w, h
    return candidates[-1]


def header_length(name: str, minimum: float = 0.0) -> float:
    """The pool or lane height (in 10px steps, at least ``minimum``) at which bpmn-js writes ``name`` in the
    30px header band: at most two lines (two 12px lines fill the band), no word cut."""
    most_lines = int(HEADER_BAND // LINE_HEIGHT)
    length = max(minimum, 10.0)
    while True:
        fits = True
        for scale in SCALES:
            lines, cut = wrap_like_bpmn_js(name, length - 2 * TASK_PADDING, scale=scale)
            fits = fits and not cut and len(lines) <= most_lines
        if fits:
            return length
        length = math.ceil((length + 10) / 10) * 10
