"""The flowchart table of an SOP AP document, row by row, read from the BPMN that runs.

One row per start event (capsule "Mulai"), user task (rectangle, with its Mutu Baku from the registered step),
decision (diamond: an exclusive gateway with more than one outgoing flow, each exit named by its flow) and end
event (capsule "Selesai"). Merging gateways and parallel gateways are not rows: a flow passes through them to
the next row. Rows follow the order the steps are numbered in (breadth-first from the start, as
:mod:`engine.definitions.loader` numbers them) with the end events last; an end event reached only from one decision
is drawn beside that decision's diamond instead of on a row of its own, as offices draw "Tidak → Selesai".

Pure: no database, no rendering.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from engine.definitions.model import GATEWAY_KINDS, ProcessModel

START, TASK, DECISION, END = "start", "task", "decision", "end"
#: BPMN activities drawn as a rectangle (Alur's steps are user tasks; the others are read if present).
ACTIVITY_KINDS = frozenset({"userTask", "task", "manualTask", "serviceTask", "sendTask", "receiveTask",
                            "businessRuleTask", "scriptTask", "callActivity", "subProcess"})


@dataclass(frozen=True)
class StepFacts:
    """What the running process knows of one step (a registered ``ProcessStep``): its number and Mutu Baku."""

    element_id: str
    position: int
    name: str
    #: The role whose lane the step is in: the one that performs it (an external party such as Pemohon too).
    role_code: str
    requirements: tuple[str, ...]
    time_text: str
    output: str | None
    #: For a step of an external party: the name of the internal role that records it.
    recorded_by: str | None = None


@dataclass(frozen=True)
class RoleColumn:
    """One "Pelaksana" column of the table: a lane of the BPMN, named as the roles table names its role."""

    lane_id: str
    code: str
    name: str


@dataclass(frozen=True)
class Exit:
    """Where a flow leaves a row: to another row (``target``), or to an end drawn beside the row (``terminal``)."""

    label: str
    target: int | None = None
    terminal: str | None = None


@dataclass(frozen=True)
class Row:
    """One row of the flowchart table: its symbol, the column it sits in, and its Mutu Baku."""

    kind: str
    node_id: str
    number: int | None
    activity: str
    column: int
    requirements: tuple[str, ...] = ()
    time_text: str = ""
    outputs: tuple[str, ...] = ()
    note: str = ""
    exits: tuple[Exit, ...] = ()


def role_columns(model: ProcessModel, lane_roles: Mapping[str, str], role_names: Mapping[str, str],
                 steps: Mapping[str, StepFacts]) -> tuple[RoleColumn, ...]:
    """The lanes in the order they are written, each with its role: the role of the steps in it, else the role
    the lane's name names (``lane_roles``: lower-cased name or code → code), else the lane's own name."""
    columns = []
    for lane in model.lanes.values():
        if lane.node_ids and any(ref in model.lanes for ref in lane.node_ids):
            continue
        code = next((steps[n].role_code for n in lane.node_ids if n in steps), None)
        code = code or lane_roles.get(lane.name.strip().lower()) or lane.name.strip().lower()
        columns.append(RoleColumn(lane.id, code, role_names.get(code) or lane.name or code))
    return tuple(columns)


def flow_rows(model: ProcessModel, steps: Mapping[str, StepFacts], columns: Sequence[RoleColumn]) -> tuple[Row, ...]:
    """The rows of the flowchart table, with each row's exits to the rows it leads to."""
    successors = {node: _successors(model, node) for node in model.nodes if _is_row(model, node)}
    order = _breadth_first(model)
    row_nodes = sorted(successors, key=lambda n: (model.nodes[n].kind == "endEvent", order.get(n, len(order)), n))
    sources: dict[str, set[str]] = {}
    for node, exits in successors.items():
        for _label, target in exits:
            sources.setdefault(target, set()).add(node)
    beside = {node for node in row_nodes if model.nodes[node].kind == "endEvent" and len(sources.get(node, ())) == 1
              and _kind(model, next(iter(sources[node]))) == DECISION and len(columns) > 1}
    row_nodes = [n for n in row_nodes if n not in beside]
    index = {node: i for i, node in enumerate(row_nodes)}
    column_of = _columns(model, row_nodes, columns, successors, sources)
    numbers = {node: steps[node].position for node in row_nodes if node in steps}
    rows = []
    for node in row_nodes:
        kind = _kind(model, node) or TASK
        exits = tuple(Exit(label, terminal=model.nodes[target].name) if target in beside
                      else Exit(label, target=index[target]) for label, target in successors[node] if
                      target in index or target in beside)
        step = steps.get(node)
        rows.append(Row(
            kind=kind, node_id=node, number=numbers.get(node), activity=_activity(model, node, step),
            column=column_of[node], requirements=step.requirements if step else (),
            time_text=step.time_text if step else "", outputs=_outputs(step.output if step else None),
            exits=exits,
        ))
    recorded = {node: step.recorded_by for node, step in steps.items()}
    return tuple(_with_notes(model, rows, index, numbers, recorded))


def _is_row(model: ProcessModel, node: str) -> bool:
    return _kind(model, node) is not None


def _kind(model: ProcessModel, node: str) -> str | None:
    kind = model.nodes[node].kind
    if kind == "startEvent":
        return START
    if kind == "endEvent":
        return END
    if kind in ACTIVITY_KINDS:
        return TASK
    if kind in ("exclusiveGateway", "inclusiveGateway") and len(model.outgoing(node)) > 1:
        return DECISION
    return None


def _successors(model: ProcessModel, node: str) -> list[tuple[str, str]]:
    """(label, row node) for each flow out of ``node``, followed through gateways that are not rows; the label
    is the name of the flow that leaves ``node``."""
    found: list[tuple[str, str]] = []
    for flow in model.outgoing(node):
        seen: set[str] = set()
        queue = [flow.target]
        while queue:
            target = queue.pop(0)
            if target in seen:
                continue
            seen.add(target)
            if _is_row(model, target):
                if (flow.name, target) not in found:
                    found.append((flow.name.strip(), target))
            else:
                queue.extend(f.target for f in model.outgoing(target))
    return found


def _breadth_first(model: ProcessModel) -> dict[str, int]:
    """The order steps are numbered in (breadth-first from the start events, flows in document order)."""
    order: dict[str, int] = {}
    queue = deque(n.id for n in model.of_kind("startEvent"))
    while queue:
        node = queue.popleft()
        if node in order:
            continue
        order[node] = len(order)
        queue.extend(f.target for f in model.outgoing(node))
    return order


def _columns(model: ProcessModel, nodes: Sequence[str], columns: Sequence[RoleColumn],
             successors: Mapping[str, list[tuple[str, str]]], sources: Mapping[str, set[str]]) -> dict[str, int]:
    """Each row's column: its lane's; an event outside every lane takes its neighbour's (the step it leads to
    or comes from)."""
    lane_column = {column.lane_id: i for i, column in enumerate(columns)}
    column_of = {n: lane_column[model.lane_of[n]] for n in nodes if model.lane_of.get(n) in lane_column}
    for _round in range(len(nodes)):
        for node in nodes:
            if node in column_of:
                continue
            near = [t for _label, t in successors.get(node, [])] + sorted(sources.get(node, ()))
            found = next((column_of[n] for n in near if n in column_of), None)
            if found is not None:
                column_of[node] = found
    return {node: column_of.get(node, 0) for node in nodes}


def _activity(model: ProcessModel, node: str, step: StepFacts | None) -> str:
    if step is not None:
        return step.name
    name = model.nodes[node].name
    return "" if name == node else name


def _outputs(output: str | None) -> tuple[str, ...]:
    """A step's Output as the lines the SOP lists it in ("a; b" is two outputs)."""
    return tuple(part.strip() for part in (output or "").split(";") if part.strip())


def _with_notes(model: ProcessModel, rows: list[Row], index: Mapping[str, int], numbers: Mapping[str, int],
                recorded: Mapping[str, str | None]) -> list[Row]:
    """The Keterangan column: where each decision leads, and which activities run side by side."""
    def named(here: int, target: int) -> str:
        row = rows[target]
        if row.kind == END:
            return f"selesai ({row.activity})" if row.activity else "selesai"
        if row.kind == DECISION:
            return f"ke keputusan '{row.activity}'"
        if row.number is None:
            return f"ke '{row.activity}'"
        return f"{'kembali' if target < here else 'lanjut'} ke kegiatan {row.number}"

    notes: dict[int, list[str]] = {}
    by_number = {number: node for node, number in numbers.items()}
    for here, row in enumerate(rows):
        if row.kind == TASK and row.number is not None and recorded.get(by_number[row.number]):
            notes.setdefault(here, []).append(f"Dicatat oleh {recorded[by_number[row.number]]}.")
        if row.kind != DECISION:
            continue
        parts = []
        for number, exit_ in enumerate(row.exits, start=1):
            label = exit_.label or f"Pilihan {number}"
            where = f"selesai ({exit_.terminal})" if exit_.terminal else named(here, exit_.target or 0)
            parts.append(f"{label}: {where}.")
        notes.setdefault(here, []).extend(parts)
    for gateway in (node.id for node in model.of_kind("parallelGateway")):
        after = [index[t] for t in _through(model, gateway, forward=True) if t in index]
        before = [index[s] for s in _through(model, gateway, forward=False) if s in index]
        if len(after) > 1:
            for i in after:
                others = [_label(rows[j], numbers) for j in after if j != i]
                notes.setdefault(i, []).append(f"Bersamaan dengan {', '.join(others)}.")
        if len(before) > 1:
            for i in after:
                done = " dan ".join(_label(rows[j], numbers) for j in sorted(before))
                notes.setdefault(i, []).append(f"Setelah {done} selesai.")
    return [Row(**{**row.__dict__, "note": " ".join(notes.get(i, []))}) for i, row in enumerate(rows)]


def _through(model: ProcessModel, gateway: str, *, forward: bool) -> list[str]:
    """The row nodes directly after (or before) a gateway, through other gateways."""
    found: list[str] = []
    queue = [f.target if forward else f.source for f in (model.outgoing(gateway) if forward
                                                          else model.incoming(gateway))]
    seen: set[str] = set()
    while queue:
        node = queue.pop(0)
        if node in seen:
            continue
        seen.add(node)
        if _is_row(model, node) or model.nodes[node].kind not in GATEWAY_KINDS:
            found.append(node)
        else:
            queue.extend(f.target if forward else f.source for f in (model.outgoing(node) if forward
                                                                       else model.incoming(node)))
    return found


def _label(row: Row, numbers: Mapping[str, int]) -> str:
    return f"kegiatan {row.number}" if row.number is not None else f"'{row.activity}'"
