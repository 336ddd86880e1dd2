"""axe-core (WCAG 2.1 A and AA) inside the browser tests, offline: the script comes bundled in the PyPI package
``axe-playwright-python`` (its ``axe.min.js``) and is evaluated in the page, so nothing is fetched at run time."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.base import AXE_SCRIPT

WCAG_21_A_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def violations(page: Any) -> list[dict[str, Any]]:
    """axe's violations of WCAG 2.1 A/AA on the page as it is now (at its current viewport)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    options = {"runOnly": {"type": "tag", "values": list(WCAG_21_A_AA)}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return list(result["violations"])


def describe(found: list[dict[str, Any]]) -> str:
    """One line per violation and element: rule, impact, the element and axe's own summary of the fix."""
    lines = []
    for violation in found:
        for node in violation["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"{violation['id']} ({violation['impact']}): {' '.join(node['target'])} — {summary}")
    return "\n".join(lines)


def assert_accessible(page: Any, sizes: tuple[dict[str, int], ...] = (PHONE, DESKTOP)) -> None:
    """No axe violation at a phone's and a desktop's size; the viewport is put back as it was."""
    before = page.viewport_size
    problems = []
    for size in sizes:
        page.set_viewport_size(size)
        found = violations(page)
        if found:
            problems.append(f"at {size['width']}×{size['height']}:\n{describe(found)}")
    page.set_viewport_size(before)
    assert not problems, f"axe (WCAG 2.1 A/AA) on {page.url}:\n" + "\n".join(problems)
