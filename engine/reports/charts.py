"""Bar charts drawn on the server as SVG: no JavaScript library, nothing for the browser to run.

The SVG goes inline into pages whose Content-Security-Policy forbids ``<style>`` and ``style=""``, so
every colour and size is a presentation attribute. Labels come from SOP files and user data: they are
written through lxml (escaped) and stripped of control characters; no script, event handler or link is
ever produced. The chart carries a ``<title>`` and a ``<desc>`` listing every value, for screen readers.

Pure: no database, no Flask.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
FONT_FAMILY = "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"
INK = "#1e293b"
MUTED = "#64748b"
GRID = "#e2e8f0"
STANDARD = "#94a3b8"
GOOD = "#0b6e4f"
LATE = "#b42318"
SOFT = "#f59e0b"

WIDTH = 760
LABEL_WIDTH = 250
VALUE_ROOM = 90
BAR = 13
GAP = 3
GROUP_GAP = 14
TOP = 52
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(frozen=True)
class Series:
    """One set of bars: a name for the legend, a value per category (None: no bar), one colour or one each."""

    name: str
    values: tuple[float | None, ...]
    colour: str = GOOD
    colours: tuple[str, ...] | None = None

    def colour_at(self, index: int) -> str:
        return self.colours[index] if self.colours else self.colour


def _clean(text: str) -> str:
    return _CONTROL.sub("", str(text))


def _el(parent: etree._Element, tag: str, **attrs: str | float) -> etree._Element:
    element = etree.SubElement(parent, f"{{{SVG_NS}}}{tag}")
    for key, value in attrs.items():
        element.set(key.rstrip("_").replace("_", "-"), _num(value) if isinstance(value, float | int) else value)
    return element


def _num(value: float) -> str:
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"


def _shorten(label: str, limit: int) -> list[str]:
    """At most two lines of ``limit`` characters, cut at spaces, with an ellipsis when cut."""
    words, lines, current = _clean(label).split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word[:limit]
        if len(lines) == 2:
            break
    if current and len(lines) < 2:
        lines.append(current)
    shown = " ".join(lines)
    if len(lines) == 2 and len(shown) < len(" ".join(words)):
        lines[1] = lines[1][: limit - 1].rstrip() + "…"
    return lines or [""]


def nice_maximum(value: float) -> float:
    """The axis end: 1, 2, 4 or 8 times a power of ten at or above ``value``, so that quarter ticks read well."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 4, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover


def bar_chart_svg(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    value_text: Callable[[float], str] = lambda v: _num(v),
    maximum: float | None = None,
    description: str = "",
    no_data: str = "tidak ada data",
) -> str:
    """Horizontal grouped bars, one group per category (a step), one bar per series; a standalone SVG.

    The words (title, series names, ``description``, ``no_data``) come in the reader's language."""
    title = _clean(title)
    bars_height = len(series) * (BAR + GAP) - GAP
    group_height = max(bars_height, 26)  # room for a two-line label
    height = TOP + max(1, len(categories)) * (group_height + GROUP_GAP) + 30
    values = [v for s in series for v in s.values if v is not None]
    top_value = nice_maximum(maximum if maximum is not None else max(values, default=0.0))
    plot_left, plot_width = LABEL_WIDTH + 10, WIDTH - LABEL_WIDTH - 10 - VALUE_ROOM

    root = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS})
    for key, value in (("version", "1.1"), ("class", "report-chart"), ("role", "img"), ("aria-label", title),
                       ("width", str(WIDTH)), ("height", _num(height)), ("viewBox", f"0 0 {WIDTH} {_num(height)}"),
                       ("font-family", FONT_FAMILY)):
        root.set(key, value)
    _el(root, "title").text = title
    lines = [description] if description else []
    for index, category in enumerate(categories):
        parts = [f"{s.name} {value_text(s.values[index])}" for s in series if s.values[index] is not None]
        lines.append(f"{category}: {', '.join(parts) or no_data}.")
    _el(root, "desc").text = _clean(" ".join(lines))
    _el(root, "rect", x=0, y=0, width=WIDTH, height=height, fill="#ffffff")
    _el(root, "text", x=0, y=16, font_size=14, font_weight="600", fill=INK).text = title

    legend_x = 0.0
    for item in series:
        _el(root, "rect", x=legend_x, y=26, width=12, height=12, fill=item.colour, rx=2)
        label = _clean(item.name)
        _el(root, "text", x=legend_x + 16, y=36, font_size=11, fill=MUTED).text = label
        legend_x += 16 + len(label) * 6.5 + 18

    axis_bottom = height - 24
    for tick in range(5):
        x = plot_left + plot_width * tick / 4
        _el(root, "line", x1=x, y1=TOP - 4, x2=x, y2=axis_bottom, stroke=GRID, stroke_width=1)
        _el(root, "text", x=x, y=axis_bottom + 14, font_size=10, fill=MUTED,
            text_anchor="middle").text = value_text(top_value * tick / 4)

    y = float(TOP)
    for index, category in enumerate(categories):
        group = _el(root, "g", class_="chart-group")
        label_lines = _shorten(category, 40)
        first = y + group_height / 2 - (len(label_lines) - 1) * 6.5 + 4
        label = _el(group, "text", x=LABEL_WIDTH, y=first, font_size=11, fill=INK, text_anchor="end")
        for number, line in enumerate(label_lines):
            span = _el(label, "tspan", x=LABEL_WIDTH, dy=0 if number == 0 else 13)
            span.text = line
        for position, item in enumerate(series):
            value = item.values[index]
            bar_y = y + (group_height - bars_height) / 2 + position * (BAR + GAP)
            if value is None:
                _el(group, "text", x=plot_left + 4, y=bar_y + BAR - 3, font_size=10, fill=MUTED).text = "—"
                continue
            width = max(1.0, plot_width * min(value, top_value) / top_value) if value > 0 else 0.0
            bar = _el(group, "rect", x=plot_left, y=bar_y, width=width, height=BAR, fill=item.colour_at(index))
            _el(bar, "title").text = _clean(f"{category}: {item.name} {value_text(value)}")
            _el(group, "text", x=plot_left + width + 4, y=bar_y + BAR - 3, font_size=10,
                fill=INK).text = value_text(value)
        y += group_height + GROUP_GAP
    _el(root, "line", x1=plot_left, y1=TOP - 4, x2=plot_left, y2=axis_bottom, stroke=MUTED, stroke_width=1)
    return etree.tostring(root, encoding="unicode")
