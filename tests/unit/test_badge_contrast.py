"""Every badge in alur.css reads at WCAG AA: text against its own background at least 4.5:1.

The colour pairs are read from the stylesheet itself (custom properties resolved), so a new or changed badge is
checked without touching this test. The green "Selesai"/``.badge.ok`` badge was 4.47:1 before (issue 13).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "webapp" / "static" / "alur.css"
AA_NORMAL_TEXT = 4.5
#: Elements that are badges in all but name: a small coloured pill with text on it.
PILLS = (".badge", ".count", ".bell-count")


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a #rgb or #rrggbb colour."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = [int(hex_digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rules(css: str) -> list[tuple[list[str], dict[str, str]]]:
    """(selectors, declarations) of every rule, those inside @media included; comments dropped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rules = []
    for selector_text, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {}
        for declaration in body.split(";"):
            name, _, value = declaration.partition(":")
            if value.strip():
                declarations[name.strip()] = value.strip()
        rules.append(([s.strip() for s in selector_text.split(",")], declarations))
    return rules


def _resolve(value: str, variables: dict[str, str]) -> str:
    value = re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m.group(1)], value)
    match = re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value)
    assert match, f"not a hex colour: {value!r}"
    return match.group(0)


def badge_pairs(css: str) -> dict[str, tuple[str, str]]:
    """selector → (background, text colour) for every pill, starting from its base rule (``.badge``…)."""
    rules = _rules(css)
    variables = {name: value for selectors, decls in rules if ":root" in selectors
                 for name, value in decls.items() if name.startswith("--")}
    base: dict[str, dict[str, str]] = {}
    for selectors, decls in rules:
        for selector in selectors:
            if selector in PILLS:
                base.setdefault(selector, {}).update(decls)
    pairs = {}
    for selectors, decls in rules:
        for selector in selectors:
            pill = next((p for p in PILLS if re.search(re.escape(p) + r"(?![\w-])", selector)), None)
            if pill is None or ("background" not in decls and "color" not in decls and selector != pill):
                continue
            merged = {**base.get(pill, {}), **decls}
            background = merged.get("background") or merged.get("background-color")
            text = merged.get("color")
            if background and text:
                pairs[selector] = (_resolve(background, variables), _resolve(text, variables))
    return pairs


def test_the_contrast_formula_gives_the_known_ratios() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#e6f4ea", "#1a7f37") == pytest.approx(4.47, abs=0.01)  # the old green badge, below AA


def test_every_badge_meets_aa() -> None:
    pairs = badge_pairs(CSS.read_text(encoding="utf-8"))
    assert {".badge", ".badge.ok", ".badge.status-completed", ".badge.overdue", ".badge.new",
            ".bell-count"} <= set(pairs)  # the reader found the pills it must check
    weak = {selector: round(contrast(*pair), 2) for selector, pair in pairs.items()
            if contrast(*pair) < AA_NORMAL_TEXT}
    assert weak == {}, f"badges below {AA_NORMAL_TEXT}:1 (selector: ratio): {weak}"


def test_a_weak_badge_would_be_found() -> None:
    css = CSS.read_text(encoding="utf-8") + "\n.badge.too-pale { background: #e6f4ea; color: #1a7f37; }\n"
    pairs = badge_pairs(css)
    assert contrast(*pairs[".badge.too-pale"]) < AA_NORMAL_TEXT
