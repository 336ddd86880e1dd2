"""Decisions: what a gateway's conditions read is there, of the right kind, on every path, and together the
conditions leave no case without a way on.

A condition that names a misspelled field, a field only a later step fills or an optional field fails at
the decision with an error the case cannot recover from; a literal of the wrong kind (``layak == 'Ya'``
against a yes/no field) is never true, so the default branch always wins.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Mapping
from typing import Any

from engine import expressions
from engine.definitions.model import ProcessModel, reachable
from engine.definitions.values import (
    Field,
    allowed_values,
    candidates,
    comparison_problem,
    comparisons,
    fields_of,
)
from engine.errors import DefinitionError, ExpressionError
from engine.phrases import N_, Phrase

MAX_COMBINATIONS = 512
"""Most value combinations tried to see whether a gateway's conditions cover every case."""


def filled_fields(model: ProcessModel, start_fields: Mapping[str, Field],
                  step_fields: Mapping[str, Mapping[str, Field]]) -> dict[str, dict[str, Field]]:
    """For every element, the required fields filled on every path from the start up to (not including) it.

    A must-be-filled analysis: where paths meet the sets intersect; after a parallel join, whose branches
    have all run, they unite.
    """
    starts = [n.id for n in model.of_kind("startEvent")]
    forward = {node: [f.target for f in model.outgoing(node)] for node in model.nodes}
    live = reachable(starts, forward)
    required_start = {name: f for name, f in start_fields.items() if f.required}
    everything = dict(required_start)
    for fields in step_fields.values():
        everything.update({name: f for name, f in fields.items() if f.required})
    before: dict[str, dict[str, Field]] = {node: dict(everything) for node in live}
    for start in starts:
        before[start] = dict(required_start)

    def after(node: str) -> dict[str, Field]:
        gained = {name: f for name, f in step_fields.get(node, {}).items() if f.required}
        return {**before[node], **gained}

    changed = True
    while changed:
        changed = False
        for node in sorted(live):
            if node in starts:
                continue
            incoming = [after(f.source) for f in model.incoming(node) if f.source in live]
            if not incoming:
                continue
            if model.nodes[node].kind == "parallelGateway":
                merged = {k: v for fields in incoming for k, v in fields.items()}
            else:
                common = set.intersection(*(set(fields) for fields in incoming))
                merged = {k: v for k, v in incoming[0].items() if k in common}
            if set(merged) != set(before[node]):
                before[node] = merged
                changed = True
    return before


def condition_problems(model: ProcessModel, start_form: tuple[str, dict[str, Any]] | None,
                       step_forms: Mapping[str, tuple[str, dict[str, Any]]], refused: set[str]
                       ) -> list[DefinitionError]:
    """Names, kinds and coverage of every gateway condition. ``step_forms`` maps a step id to
    ``(form path, schema)``; the start form is filled when the case starts."""
    start_fields = fields_of(start_form[1], start_form[0]) if start_form else {}
    step_fields = {step: fields_of(schema, path) for step, (path, schema) in step_forms.items()}
    anywhere: dict[str, list[Field]] = {}
    for fields in [start_fields, *step_fields.values()]:
        for name, field in fields.items():
            anywhere.setdefault(name, []).append(field)
    before = filled_fields(model, start_fields, step_fields)
    problems: list[DefinitionError] = []
    for gateway in model.of_kind("exclusiveGateway"):
        if gateway.id in refused or gateway.id not in before:
            continue
        available = before[gateway.id]
        flows = [f for f in model.outgoing(gateway.id) if f.condition is not None and f.id not in refused]
        sound = True
        for flow in flows:
            flow_problems = _flow_problems(model, flow.id, flow.condition or "", available, anywhere, step_forms)
            problems += flow_problems
            sound = sound and not flow_problems
        if sound and flows and gateway.id not in model.defaults and len(model.outgoing(gateway.id)) > 1:
            problems += _coverage(model, gateway.id, [f.condition or "" for f in flows], available)
    return problems


def _flow_problems(model: ProcessModel, flow_id: str, source: str, available: Mapping[str, Field],
                   anywhere: Mapping[str, list[Field]], step_forms: Mapping[str, tuple[str, dict[str, Any]]]
                   ) -> list[DefinitionError]:
    try:
        names = expressions.check_expression(source)
    except ExpressionError as error:
        return [model.problem(error.problem, flow_id)]
    problems = []
    for name in sorted(names):
        if name in available:
            continue
        problems.append(model.problem(_missing(name, source, available, anywhere, step_forms), flow_id))
    for comparison in comparisons(source):
        field = available.get(comparison.name)
        if field is None:
            continue
        problem = comparison_problem(comparison, field)
        if problem:
            hint = _allowed_hint(field)
            problems.append(model.problem(
                Phrase(N_("kondisi %(source)s membandingkan isian '%(name)s' (%(title)s, %(form_path)s): "
                          "%(problem)s; %(hint)s"),
                       {"source": repr(source),
                        "name": field.name,
                        "title": field.title,
                        "form_path": field.form_path,
                        "problem": problem,
                        "hint": hint}), flow_id))
    return problems


def _missing(name: str, source: str, available: Mapping[str, Field], anywhere: Mapping[str, list[Field]],
             step_forms: Mapping[str, tuple[str, dict[str, Any]]]) -> str:
    defined = anywhere.get(name, [])
    if not defined:
        close = difflib.get_close_matches(name, list(anywhere), n=1)
        hint = f" (maksudnya '{close[0]}'?)" if close else ""
        known = ", ".join(sorted(available)) or "tidak ada"
        return (f"kondisi {source!r} membaca '{name}', yang bukan isian formulir mana pun{hint}; isian yang "
                f"sudah terisi di gerbang ini: {known}. Perbaiki nama pada kondisi, atau tambahkan isian wajib itu "
                "ke formulir langkah sebelum gerbang")
    if not any(field.required for field in defined):
        paths = ", ".join(sorted({field.form_path for field in defined}))
        return (f"kondisi {source!r} membaca '{name}', yang tidak wajib diisi ({paths}): kasus gagal di gerbang "
                f"bila isian itu dikosongkan; tambahkan '{name}' ke \"required\" formulir itu")
    steps = sorted(step for step, (path, _) in step_forms.items()
                   if any(field.form_path == path for field in defined))
    where = ", ".join(steps) or "formulir lain"
    return (f"kondisi {source!r} membaca '{name}', yang diisi di langkah {where}; langkah itu tidak selalu "
            "dilalui sebelum gerbang ini (atau baru sesudahnya), sehingga kasus dapat gagal di sini. Baca isian "
            "dari formulir langkah sebelum gerbang pada setiap jalur, atau pindahkan isian itu ke sana")


def _allowed_hint(field: Field) -> str:
    allowed = allowed_values(field.schema)
    if allowed is not None:
        shown = ", ".join(repr(value) for value in allowed)
        return f"nilai yang mungkin: {shown} (mis. {field.name} == {allowed[0]!r})"
    return f"tulis nilai sejenis isian itu (bertipe {field.schema.get('type', '?')})"


def _coverage(model: ProcessModel, gateway_id: str, conditions: list[str], available: Mapping[str, Field]
              ) -> list[DefinitionError]:
    names = sorted(set().union(*(expressions.check_expression(c) for c in conditions)))
    choices = [candidates(available[name], conditions) for name in names]
    if any(not values for values in choices):
        return []
    for number, combination in enumerate(itertools.product(*choices)):
        if number >= MAX_COMBINATIONS:
            break
        data = dict(zip(names, combination, strict=True))
        try:
            taken = any(expressions.evaluate(c, data) for c in conditions)
        except ExpressionError:
            continue
        if not taken:
            shown = ", ".join(f"{name} = {value!r}" for name, value in data.items())
            return [model.problem(
                Phrase(N_("gerbang tanpa alur default tidak menutup semua kasus: bila %(shown)s tidak ada kondisi "
                          "yang benar dan kasus gagal di sini; tambahkan alur default (atribut default pada "
                          "gerbang) atau kondisi untuk kasus itu"), {"shown": shown}), gateway_id)]
    return []
