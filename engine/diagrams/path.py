"""What a case went through, inferred from the marks on its steps: the flows to emphasise and the words
that describe the picture to a screen reader."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from engine.diagrams.geometry import back_edges
from engine.diagrams.look import STATE_WORDS, TASK_KINDS, StepMark
from engine.diagrams.model import DiagramModel


def _back_flows(model: DiagramModel) -> set[str]:
    """Sequence flows that close a loop (depth-first from the start events)."""
    succ: dict[str, list[tuple[str, str]]] = {}
    for e in model.elements.values():
        if e.kind == "sequenceFlow" and e.source and e.target:
            succ.setdefault(e.source, []).append((e.id, e.target))
    roots = [e.id for e in model.elements.values() if e.kind == "startEvent"] + sorted(succ)
    return back_edges(roots, succ)


def visited_flows(model: DiagramModel, marks: Mapping[str, StepMark]) -> set[str]:
    """Forward flows the case went along, inferred from the marks alone.

    An unmarked event or gateway counts as passed when it lies between a finished step (or the start)
    and a reached step, through unmarked events and gateways only. Loop-back flows are never
    emphasised: the latest mark of a step cannot tell whether the loop was taken.
    """
    back = _back_flows(model)
    flows = [e for e in model.elements.values()
             if e.kind == "sequenceFlow" and e.source and e.target and e.id not in back]
    reached = {i for i, m in marks.items() if m in (StepMark.DONE, StepMark.ACTIVE, StepMark.OVERDUE)}
    done = {i for i, m in marks.items() if m == StepMark.DONE}
    between = {e.id for e in model.elements.values()
               if e.id not in marks and (e.kind.endswith("Gateway") or e.kind.endswith("Event"))}
    starts = {e.id for e in model.elements.values() if e.kind == "startEvent"} & between
    after_done = _closure(starts | done, between, [(f.source or "", f.target or "") for f in flows])
    before_reached = _closure(reached, between, [(f.target or "", f.source or "") for f in flows])
    passed_through = (after_done & before_reached & between)
    passed = done | passed_through
    return {f.id for f in flows if f.source in passed and f.target in reached | passed_through}


def _closure(seeds: set[str], through: set[str], links: Sequence[tuple[str, str]]) -> set[str]:
    """``seeds`` and every node of ``through`` that a link chain from a seed (via ``through``) arrives at."""
    found = set(seeds)
    changed = True
    while changed:
        changed = False
        for a, b in links:
            if a in found and b in through and b not in found and (a in seeds or a in through):
                found.add(b)
                changed = True
    return found


def describe(model: DiagramModel, marks: Mapping[str, StepMark], name: str, drawn: bool) -> str:
    """The SVG's ``desc``: counts of steps, decisions and roles, and which steps are in which state."""
    drawn_ids = set(model.shapes)
    tasks = sum(1 for i in drawn_ids if model.elements[i].kind in TASK_KINDS)
    outgoing: dict[str, int] = {}
    for element in model.elements.values():
        if element.kind == "sequenceFlow" and element.source:
            outgoing[element.source] = outgoing.get(element.source, 0) + 1
    # A gateway that only merges branches (one flow out) decides nothing.
    decisions = sum(1 for i in drawn_ids
                    if model.elements[i].kind == "exclusiveGateway" and outgoing.get(i, 0) > 1)
    text = f"Diagram alur proses {name}." if name else "Diagram alur proses."
    if not drawn:
        return text + " Diagram tidak tersedia: BPMN ini tidak memuat tata letak (diagram interchange)."
    lanes = [model.elements[i].name for i in drawn_ids if model.elements[i].kind == "lane"]
    text += f" {tasks} langkah, {decisions} keputusan"
    text += f", {len(lanes)} peran." if lanes else "."
    for state in StepMark:
        names = [model.elements[i].name or i for i, m in marks.items() if m == state and i in model.elements]
        if names:
            text += f" {STATE_WORDS[state].capitalize()}: {'; '.join(names)}."
    return text
