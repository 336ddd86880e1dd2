"""The benchmark's table: figure, value, target, holds; printed and written to bench/results/latest.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Row:
    figure: str
    value: str
    target: str = "—"
    holds: bool | None = None  # None: a figure shown for context, with no target of its own

    @property
    def verdict(self) -> str:
        return "—" if self.holds is None else ("yes" if self.holds else "no")


@dataclass
class Report:
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, figure: str, value: str, target: str = "—", holds: bool | None = None) -> None:
        self.rows.append(Row(figure, value, target, holds))

    def markdown(self) -> str:
        lines = [f"# {self.title}", "", "| figure | value | target | holds |", "|---|---|---|---|"]
        lines += [f"| {r.figure} | {r.value} | {r.target} | {r.verdict} |" for r in self.rows]
        failing = [r.figure for r in self.rows if r.holds is False]
        lines += ["", f"Targets that do not hold: {', '.join(failing)}." if failing else "Every target holds."]
        if self.notes:
            lines += ["", *[f"- {note}" for note in self.notes]]
        return "\n".join(lines) + "\n"

    def text(self) -> str:
        widths = [max(len(r.figure) for r in self.rows), max(len(r.value) for r in self.rows),
                  max(len(r.target) for r in self.rows)]
        header = f"{'figure':<{widths[0]}}  {'value':<{widths[1]}}  {'target':<{widths[2]}}  holds"
        lines = [self.title, "", header, "-" * len(header)]
        lines += [f"{r.figure:<{widths[0]}}  {r.value:<{widths[1]}}  {r.target:<{widths[2]}}  {r.verdict}"
                  for r in self.rows]
        return "\n".join(lines) + "\n"

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.markdown(), encoding="utf-8")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.01 else f"{seconds * 1000:.1f} ms"


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")
