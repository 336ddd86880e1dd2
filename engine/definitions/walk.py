"""The dry run: every SOP driven through every branch of every decision in memory, before it is published.

Each step is completed with its form's examples; a step whose form holds a field a condition reads is
completed once per value worth trying for that field (every allowed value, or each side of each comparison),
so every decision sees a value that makes each of its conditions true and one that makes it false. The walk
is depth-first over saved workflow states and bounded (a step is varied at most :data:`MAX_VISITS` times on
one path; beyond that the path is cut). Nothing touches a database: the spec and the workflow are the ones a
case runs on (``engine.runtime``).

Reported: a branch no walk took, a path that ends with no step ready and the case not completed, a path
that fails at a decision, a loop no walk ever left.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from engine import expressions, forms
from engine.definitions.model import ProcessModel
from engine.definitions.values import candidates, fields_of
from engine.errors import DefinitionError, ExpressionError, ValidationFailed
from engine.phrases import N_, Phrase
from engine.runtime import CaseWorkflow, ProcessSpec

MAX_VISITS = 2
"""Times one step is completed on one path before the path is cut (each loop is walked round twice)."""
MAX_VARIANTS = 64
"""Most differently-filled submissions of one form tried at one step."""
MAX_PATHS = 2000
"""Most paths walked for one SOP; beyond it the walk stops and says so (``DryRun.stopped_early``)."""


@dataclass(frozen=True)
class Journey:
    """One walked path that completed: the start data, each step with the data it was completed with, the end."""

    start_data: dict[str, Any]
    steps: tuple[tuple[str, dict[str, Any]], ...]
    outcome: str
    moves: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class DryRun:
    """What the walk of one SOP found: how far it went and what cannot work."""

    key: str
    paths: int
    completed: int
    outcomes: tuple[str, ...]
    steps_reached: tuple[str, ...]
    branches: int
    problems: tuple[DefinitionError, ...]
    journeys: tuple[Journey, ...] = ()
    stopped_early: bool = False

    def covering_journeys(self) -> list[Journey]:
        """A few completed journeys that together take every branch any journey took (greedy cover): what a
        test replays through the services to see the same paths with real queues and people."""
        wanted = set().union(*(j.moves for j in self.journeys)) if self.journeys else set()
        chosen: list[Journey] = []
        while wanted:
            best = max(self.journeys, key=lambda j: (len(j.moves & wanted), -len(j.steps)))
            chosen.append(best)
            wanted -= best.moves
        return chosen


@dataclass
class _Walk:
    spec: ProcessSpec
    model: ProcessModel
    step_forms: Mapping[str, tuple[str, dict[str, Any]]]
    conditions: list[str]
    decision_names: frozenset[str]
    moves: set[tuple[str, str]] = field(default_factory=set)
    outcomes: set[str] = field(default_factory=set)
    reached: set[str] = field(default_factory=set)
    on_completed: set[str] = field(default_factory=set)
    on_cut: set[str] = field(default_factory=set)
    problems: dict[tuple[str | None, str], DefinitionError] = field(default_factory=dict)
    journeys: list[Journey] = field(default_factory=list)
    paths: int = 0
    completed: int = 0

    def problem(self, message: str | Phrase, element_id: str | None, kind: str | None = None) -> None:
        """Record a problem once per element and kind (the first path that shows it)."""
        self.problems.setdefault((element_id, kind or str(message)), self.model.problem(message, element_id))

    def variants(self, form: tuple[str, dict[str, Any]] | None, visits: int) -> list[dict[str, Any]]:
        """The submissions to try for a form: its examples, and each value worth trying for a decision field."""
        if form is None:
            return [{}]
        path, schema = form
        fields = fields_of(schema, path)
        base = {name: f.schema["examples"][0] for name, f in fields.items() if f.schema.get("examples")}
        varied = sorted(name for name in fields if name in self.decision_names)
        if not varied or visits > MAX_VISITS:
            return [base]
        choices = [candidates(fields[name], self.conditions) or [base.get(name)] for name in varied]
        found: list[dict[str, Any]] = []
        for combination in itertools.islice(itertools.product(*choices), MAX_VARIANTS):
            data = {**base, **dict(zip(varied, combination, strict=True))}
            try:
                found.append(forms.validate_form(schema, data))
            except ValidationFailed:
                continue
        return found or [base]


def dry_run(spec: ProcessSpec, model: ProcessModel, start_form: tuple[str, dict[str, Any]] | None,
            step_forms: Mapping[str, tuple[str, dict[str, Any]]]) -> DryRun:
    """Walk every branch of ``spec`` in memory; ``step_forms`` maps a step id to ``(form path, schema)``."""
    conditions = [f.condition for f in model.flows.values() if f.condition]
    names: set[str] = set()
    for condition in conditions:
        try:
            names |= expressions.check_expression(condition)
        except ExpressionError:
            continue
    walk = _Walk(spec, model, step_forms, conditions, frozenset(names))
    stack: list[_Point] = []
    start_id = next((n.id for n in model.of_kind("startEvent")), None)
    for data in walk.variants(start_form, 1):
        try:
            stack.append(_Point(CaseWorkflow.start(spec, data).save(), {}, (), data))
        except ExpressionError as error:
            walk.problem(_failed(error, data), error.element_id or start_id)
    stopped_early = False
    while stack:
        if walk.paths >= MAX_PATHS:
            stopped_early = True
            break
        stack += _expand(walk, stack.pop())
    return DryRun(
        key=spec.key, paths=walk.paths, completed=walk.completed, outcomes=tuple(sorted(walk.outcomes)),
        steps_reached=tuple(sorted(walk.reached)), branches=len(walk.moves),
        # A walk stopped at its bound has not seen every branch: only what it saw fail is reported.
        problems=tuple(walk.problems.values()) + (() if stopped_early else tuple(_coverage(walk))),
        journeys=tuple(walk.journeys),
        stopped_early=stopped_early,
    )


@dataclass(frozen=True)
class _Point:
    """A place in the walk: the saved workflow, how often each step was done, and how it got here."""

    state: str
    visits: dict[str, int]
    done: tuple[tuple[str, dict[str, Any]], ...]
    start_data: dict[str, Any]

    @property
    def trail(self) -> tuple[str, ...]:
        return tuple(element_id for element_id, _ in self.done)


def _expand(walk: _Walk, point: _Point) -> list[_Point]:
    trail = point.trail
    workflow = CaseWorkflow.restore(walk.spec, point.state)
    walk.moves |= workflow.moves()
    ready = workflow.ready_steps()
    if not ready:
        walk.paths += 1
        if workflow.is_completed:
            walk.completed += 1
            outcome = workflow.reached_end() or ""
            walk.outcomes.add(outcome)
            walk.on_completed.update(trail)
            walk.journeys.append(Journey(point.start_data, point.done, outcome, frozenset(workflow.moves())))
        else:
            waiting = workflow.waiting_at()
            if waiting:
                walk.problem(Phrase(N_("jalur macet di sini: sesudah %(trail)s kasus menunggu cabang yang tidak "
                                       "pernah datang (penggabungan paralel sesudah pilihan eksklusif?); gabungkan "
                                       "cabang pilihan dengan exclusiveGateway, bukan parallelGateway"),
                                    {"trail": _shown(trail)}), waiting[0], "macet")
            else:
                walk.problem(Phrase(N_("jalur macet: sesudah %(trail)s tidak ada langkah yang siap dan kasus belum "
                                       "selesai; periksa alur keluar langkah ini"), {"trail": _shown(trail)}),
                                          trail[-1] if trail else None, "macet")
        return []
    step = ready[0]
    walk.reached.add(step.element_id)
    count = point.visits.get(step.element_id, 0) + 1
    if count > MAX_VISITS + 1:
        walk.paths += 1
        walk.on_cut.update(trail)
        return []
    children = []
    for data in walk.variants(walk.step_forms.get(step.element_id), count):
        workflow = CaseWorkflow.restore(walk.spec, point.state)
        try:
            workflow.complete(step.spiff_task_id, data)
        except ExpressionError as error:
            walk.paths += 1
            walk.problem(_failed(error, data), error.element_id or step.element_id)
            continue
        children.append(_Point(workflow.save(), {**point.visits, step.element_id: count},
                               (*point.done, (step.element_id, data)), point.start_data))
    return children


def _coverage(walk: _Walk) -> list[DefinitionError]:
    """Branches never taken (the root cause), else steps and ends never reached, and loops never left."""
    model = walk.model
    problems: list[DefinitionError] = []
    for gateway in model.of_kind("exclusiveGateway"):
        outgoing = model.outgoing(gateway.id)
        if len(outgoing) < 2:
            continue
        for flow in outgoing:
            if (gateway.id, flow.target) in walk.moves:
                continue
            label = f"'{flow.name}' " if flow.name else ""
            rule = f"kondisi {flow.condition!r}" if flow.condition else "alur default"
            problems.append(model.problem(
                Phrase(N_("cabang %(label)sdari gerbang '%(name)s' ke '%(name2)s' tidak pernah diambil dalam uji "
                          "jalan: tidak ada isian sah (contoh formulir, nilai yang membuat setiap kondisi benar dan "
                          "salah) yang memenuhi %(rule)s; perbaiki kondisi atau isian formulir sebelum gerbang"),
                       {"label": label, "name": gateway.name, "name2": model.nodes[flow.target].name, "rule": rule}),
                flow.id))
    if not problems:
        ends = {n.name: n.id for n in model.of_kind("endEvent")}
        for end_name, end_id in ends.items():
            if end_name not in walk.outcomes and end_id not in walk.outcomes:
                problems.append(model.problem(N_("peristiwa akhir ini tidak pernah dicapai dalam uji jalan"), end_id))
        for task in model.of_kind("userTask"):
            if task.id not in walk.reached:
                problems.append(model.problem(N_("langkah ini tidak pernah dicapai dalam uji jalan"), task.id))
    for step in sorted(walk.on_cut - walk.on_completed):
        problems.append(model.problem(
            N_("perulangan tidak pernah berakhir: tidak ada jalur uji yang melewati langkah ini lalu sampai ke "
               "peristiwa akhir; beri perulangan jalan keluar yang dapat dipilih dengan isian formulir"), step))
    return problems


def _failed(error: ExpressionError, data: Mapping[str, Any]) -> str:
    shown = ", ".join(f"{k} = {v!r}" for k, v in list(data.items())[:6])
    return f"jalur gagal: {error.problem} (isian: {shown or 'kosong'}); perbaiki kondisi atau formulirnya"


def _shown(trail: tuple[str, ...]) -> str:
    if not trail:
        return "mulai"
    tail = " → ".join(trail[-4:])
    return f"… → {tail}" if len(trail) > 4 else tail
