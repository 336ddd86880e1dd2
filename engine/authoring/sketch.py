"""The compact description of a process that authors write: lanes, nodes and flows.

It says what a process is (start, steps with their Mutu Baku, decisions, end) without any
coordinates; :mod:`engine.authoring.layout` places it and :mod:`engine.authoring.writer`
writes the BPMN file.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: Element ids: snake_case. ``Start`` and ``End`` collide with SpiffWorkflow's internal task names.
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_IDS = frozenset({"Start", "End"})


class SketchError(ValueError):
    """The sketch cannot be turned into a valid, executable BPMN process."""



@dataclass(frozen=True)
class StartEvent:
    """A none start event (the SOP's "Mulai" capsule)."""

    id: str
    name: str
    lane: str


@dataclass(frozen=True)
class EndEvent:
    """A none end event (the SOP's "Selesai" capsule)."""

    id: str
    name: str
    lane: str


@dataclass(frozen=True)
class UserTask:
    """An activity done by a person of the lane's role.

    ``properties`` become ``spiffworkflow:property`` elements, in the given order; see
    :func:`sop_properties` for the SOP's Mutu Baku.
    """

    id: str
    name: str
    lane: str
    documentation: str = ""
    properties: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExclusiveGateway:
    """A decision (the SOP's diamond), named as a question; also used to merge branches."""

    id: str
    name: str
    lane: str


@dataclass(frozen=True)
class ParallelGateway:
    """Fork into, or join from, activities that run at the same time."""

    id: str
    name: str
    lane: str


Node = StartEvent | EndEvent | UserTask | ExclusiveGateway | ParallelGateway


@dataclass(frozen=True)
class Flow:
    """A sequence flow.

    ``condition`` is required on every outgoing flow of a deciding exclusive gateway except the one
    marked ``default``. ``id`` defaults to ``flow_<source>_<target>``.
    """

    source: str
    target: str
    name: str = ""
    condition: str | None = None
    default: bool = False
    id: str | None = None


@dataclass(frozen=True)
class ProcessSketch:
    """Everything :func:`build_bpmn` needs: lanes top to bottom, nodes, flows."""

    id: str
    name: str
    lanes: Sequence[str]
    nodes: Sequence[Node]
    flows: Sequence[Flow]
    documentation: str = ""


@dataclass(frozen=True)
class LayoutOptions:
    """Sizes and spacing of the diagram, in pixels."""

    origin_x: int = 160
    origin_y: int = 80
    pool_header: int = 30
    lane_header: int = 30
    column_width: int = 170
    row_height: int = 140
    margin_left: int = 20
    margin_right: int = 40
    task_size: tuple[int, int] = (100, 80)
    event_size: tuple[int, int] = (36, 36)
    gateway_size: tuple[int, int] = (50, 50)
    label_width: int = 100
    line_height: int = 14


def sop_properties(
    standard_duration: str,
    standard_time_text: str | None = None,
    requirements: Iterable[str] = (),
    output: str | None = None,
    form: str | None = None,
    time_basis: str | None = None,
) -> dict[str, str]:
    """The Mutu Baku of an SOP step as Alur's ``spiffworkflow:property`` names.

    Requirements are numbered from 1 (``requirement.1`` ...).
    """
    props: dict[str, str] = {"standard_duration": standard_duration}
    if standard_time_text:
        props["standard_time_text"] = standard_time_text
    if time_basis:
        props["time_basis"] = time_basis
    for number, requirement in enumerate(requirements, start=1):
        props[f"requirement.{number}"] = requirement
    if output:
        props["output"] = output
    if form:
        props["form"] = form
    return props


def lane_id(role_name: str) -> str:
    """The element id of a role's lane: ``Kepala Seksi`` -> ``lane_kepala_seksi``."""
    slug = re.sub(r"[^a-z0-9]+", "_", role_name.strip().lower()).strip("_")
    return f"lane_{slug or 'tanpa_nama'}"


def linear_process(
    process_id: str,
    name: str,
    steps: int,
    lanes: Sequence[str] = ("Pelaksana",),
    standard_duration: str = "PT30M",
) -> ProcessSketch:
    """A start event, ``steps`` user tasks in a row, an end event.

    Tasks take the lanes in turn, which makes test and benchmark processes of any length.
    """
    if steps < 1:
        raise SketchError("a linear process needs at least one step")
    nodes: list[Node] = [StartEvent("mulai", "Mulai", lanes[0])]
    for number in range(1, steps + 1):
        nodes.append(
            UserTask(
                f"langkah_{number}",
                f"Langkah {number}",
                lanes[(number - 1) % len(lanes)],
                documentation=f"Langkah {number} dari {steps}.",
                properties=sop_properties(standard_duration),
            )
        )
    nodes.append(EndEvent("selesai", "Selesai", lanes[(steps - 1) % len(lanes)]))
    flows = [Flow(a.id, b.id) for a, b in itertools.pairwise(nodes)]
    return ProcessSketch(process_id, name, list(lanes), nodes, flows)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def flow_ids(process: ProcessSketch) -> list[str]:
    """The id of each flow, in order: its own, or ``flow_<source>_<target>`` made unique."""
    taken = {f.id for f in process.flows if f.id}
    result: list[str] = []
    for f in process.flows:
        if f.id:
            result.append(f.id)
            continue
        base = f"flow_{f.source}_{f.target}"
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}_{n}", n + 1
        taken.add(candidate)
        result.append(candidate)
    return result


def validate_sketch(process: ProcessSketch) -> None:
    """Raise :class:`SketchError` if the sketch would not give an executable, readable process."""
    problems: list[str] = []

    def check_id(value: str, what: str) -> None:
        if value in RESERVED_IDS or not ID_PATTERN.match(value):
            problems.append(f"{what} id {value!r} must be snake_case (and not Start/End)")

    check_id(process.id, "process")
    if not process.lanes:
        problems.append("the process needs at least one lane")
    lane_ids = [lane_id(name) for name in process.lanes]
    if len(set(lane_ids)) != len(lane_ids):
        problems.append(f"lane names must be distinct: {list(process.lanes)}")

    seen: set[str] = {process.id, *lane_ids}
    by_id: dict[str, Node] = {}
    for node in process.nodes:
        check_id(node.id, type(node).__name__)
        if node.id in seen:
            problems.append(f"duplicate id {node.id!r}")
        seen.add(node.id)
        by_id[node.id] = node
        if node.lane not in process.lanes:
            problems.append(f"{node.id}: lane {node.lane!r} is not one of {list(process.lanes)}")
        if isinstance(node, UserTask) and not node.name:
            problems.append(f"{node.id}: a user task needs a name")

    ids = flow_ids(process)
    incoming: dict[str, list[Flow]] = {n.id: [] for n in process.nodes}
    outgoing: dict[str, list[Flow]] = {n.id: [] for n in process.nodes}
    for fid, f in zip(ids, process.flows, strict=False):
        check_id(fid, "flow")
        if fid in seen:
            problems.append(f"duplicate id {fid!r}")
        seen.add(fid)
        if f.source not in by_id or f.target not in by_id:
            problems.append(f"{fid}: unknown source or target ({f.source} -> {f.target})")
            continue
        outgoing[f.source].append(f)
        incoming[f.target].append(f)
        source = by_id[f.source]
        if (f.condition or f.default) and not isinstance(source, ExclusiveGateway):
            problems.append(f"{fid}: only flows leaving an exclusive gateway take a condition or default")
        if f.condition and f.default:
            problems.append(f"{fid}: the default flow carries no condition")

    for node in process.nodes:
        ins, outs = incoming[node.id], outgoing[node.id]
        if isinstance(node, StartEvent):
            if ins:
                problems.append(f"{node.id}: a start event has no incoming flow")
            if len(outs) != 1:
                problems.append(f"{node.id}: a start event needs exactly one outgoing flow")
            continue
        if not ins:
            problems.append(f"{node.id}: no incoming flow")
        if isinstance(node, EndEvent):
            if outs:
                problems.append(f"{node.id}: an end event has no outgoing flow")
            continue
        if not outs:
            problems.append(f"{node.id}: no outgoing flow")
        if isinstance(node, ExclusiveGateway):
            defaults = [f for f in outs if f.default]
            if len(defaults) > 1:
                problems.append(f"{node.id}: more than one default flow")
            if len(outs) > 1:
                for f in outs:
                    if not f.default and not (f.condition and f.condition.strip()):
                        problems.append(
                            f"{node.id}: flow to {f.target} needs a condition (or must be the default)"
                        )
    if not any(isinstance(n, StartEvent) for n in process.nodes):
        problems.append("the process needs a start event")
    if not any(isinstance(n, EndEvent) for n in process.nodes):
        problems.append("the process needs an end event")
    if problems:
        raise SketchError(f"process {process.id}: " + "; ".join(problems))




def with_explicit_merges(process: ProcessSketch) -> ProcessSketch:
    """The sketch with an exclusive gateway in front of every task or event that two flows enter.

    Two flows into a task already mean "whichever arrives" (BPMN's uncontrolled merge), but modelers
    flag it (bpmnlint's ``fake-join``) and readers take it for a join; an exclusive merging gateway says
    the same thing explicitly. The flows keep their ids (they now end at the gateway, named
    ``<target>_gabung``), so references to them still hold; the gateway's own flow is
    ``flow_<target>_gabung_<target>``.
    """
    ids = flow_ids(process)
    incoming: dict[str, int] = {}
    for f in process.flows:
        incoming[f.target] = incoming.get(f.target, 0) + 1
    merging = [n for n in process.nodes
               if incoming.get(n.id, 0) > 1 and not isinstance(n, (ExclusiveGateway, ParallelGateway))]
    if not merging:
        return process
    taken = {process.id, *(n.id for n in process.nodes), *ids}
    merge_of: dict[str, str] = {}
    for node in merging:
        candidate, number = f"{node.id}_gabung", 2
        while candidate in taken:
            candidate, number = f"{node.id}_gabung_{number}", number + 1
        taken.add(candidate)
        merge_of[node.id] = candidate
    nodes: list[Node] = []
    for node in process.nodes:
        if node.id in merge_of:
            nodes.append(ExclusiveGateway(merge_of[node.id], "", node.lane))
        nodes.append(node)
    flows = [Flow(f.source, merge_of.get(f.target, f.target), f.name, f.condition, f.default, fid)
             for fid, f in zip(ids, process.flows, strict=True)]
    flows += [Flow(merge, target) for target, merge in merge_of.items()]
    return ProcessSketch(process.id, process.name, process.lanes, nodes, flows, process.documentation)
