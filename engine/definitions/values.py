"""The values a decision can see: form fields by name, whether a literal can ever be a field's value, and
for each field the values worth trying (each side of every condition on it, every allowed value, the
examples). Shared by the meaning checks and the dry run, so both judge a condition the same way.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from engine import expressions, forms
from engine.errors import ExpressionError, ValidationFailed

_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


@dataclass(frozen=True)
class Field:
    """A top-level form field: its schema, the form it is in, and whether that form requires it."""

    name: str
    schema: dict[str, Any]
    form: dict[str, Any]
    form_path: str
    required: bool

    @property
    def title(self) -> str:
        return str(self.schema.get("title") or self.name)


def fields_of(form: dict[str, Any] | None, form_path: str) -> dict[str, Field]:
    if not form:
        return {}
    required = set(form.get("required") or [])
    return {name: Field(name, schema, form, form_path, name in required)
            for name, schema in (form.get("properties") or {}).items() if isinstance(schema, dict)}


def fit_problem(field: Field, value: Any) -> str | None:
    """Why ``value`` can never be this field's value (the form's own message), or None when it can."""
    wrapper = {"type": "object", "properties": {field.name: field.schema}}
    if "$defs" in field.form:
        wrapper["$defs"] = field.form["$defs"]
    try:
        forms.validate_form(wrapper, {field.name: value})
    except ValidationFailed as failed:
        return next(iter(failed.field_errors.values()), failed.message)
    return None


@dataclass(frozen=True)
class Comparison:
    """``name <op> literal`` inside a condition (literal on either side; ``in`` against a literal list)."""

    name: str
    op: str  # "eq" (==, !=), "in" (name in [..]), "has" ('x' in name), "order" (<, <=, >, >=)
    values: tuple[Any, ...]


def comparisons(source: str) -> list[Comparison]:
    """Every comparison of a case-data name with literals in an (already checked) condition."""
    try:
        expressions.check_expression(source)
    except ExpressionError:
        return []
    found: list[Comparison] = []
    for node in ast.walk(ast.parse(source.strip(), mode="eval")):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        for position, op in enumerate(node.ops):
            left, right = operands[position], operands[position + 1]
            for name_node, other, flipped in ((left, right, False), (right, left, True)):
                if not isinstance(name_node, ast.Name):
                    continue
                literal = _literal(other)
                if literal is _NOT_LITERAL:
                    continue
                if isinstance(op, ast.Eq | ast.NotEq) and literal is not None:
                    found.append(Comparison(name_node.id, "eq", (literal,)))
                elif isinstance(op, ast.In | ast.NotIn) and not flipped and isinstance(literal, list | tuple | set):
                    found.append(Comparison(name_node.id, "in", tuple(literal)))
                elif isinstance(op, ast.In | ast.NotIn) and flipped:
                    found.append(Comparison(name_node.id, "has", (literal,)))
                elif isinstance(op, _ORDERING) and literal is not None:
                    found.append(Comparison(name_node.id, "order", (literal,)))
    return found


_NOT_LITERAL = object()


def _literal(node: ast.AST) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NOT_LITERAL


def comparison_problem(comparison: Comparison, field: Field) -> str | None:
    """Why a comparison can never hold (or never fail) for this field's values, or None."""
    schema = field.schema
    if comparison.op in ("eq", "in"):
        for value in comparison.values:
            problem = fit_problem(field, value)
            if problem:
                return f"nilai {value!r} tidak pernah menjadi nilai isian ini ({problem})"
    elif comparison.op == "has":
        items = schema.get("items")
        if schema.get("type") != "array" or not isinstance(items, dict):
            return "isian ini bukan daftar, jadi 'in' terhadapnya tidak bermakna"
        item_field = Field(field.name, items, field.form, field.form_path, True)
        problem = fit_problem(item_field, comparison.values[0])
        if problem:
            return f"nilai {comparison.values[0]!r} bukan pilihan isian ini"
    elif comparison.op == "order":
        kind = schema.get("type")
        if isinstance(kind, str):
            bare = Field(field.name, {"type": kind}, field.form, field.form_path, True)
            if fit_problem(bare, comparison.values[0]):
                return f"nilai {comparison.values[0]!r} tidak sejenis dengan isian ini (bertipe {kind})"
    return None


def allowed_values(schema: Mapping[str, Any]) -> list[Any] | None:
    """The closed set of values a field takes (yes/no, enum, const, ``oneOf`` constants), or None."""
    if "const" in schema:
        return [schema["const"]]
    if isinstance(schema.get("enum"), list):
        return list(schema["enum"])
    options = schema.get("oneOf")
    if isinstance(options, list) and options and all(isinstance(o, dict) and "const" in o for o in options):
        return [o["const"] for o in options]
    if schema.get("type") == "boolean":
        return [True, False]
    return None


def candidates(field: Field, conditions: Iterable[str]) -> list[Any]:
    """Values to try for a field a decision reads: every allowed value, or the examples plus each side of
    every comparison on it (the literal, and a neighbour that makes it false); only values the form accepts."""
    closed = allowed_values(field.schema)
    values: list[Any] = list(closed) if closed is not None else list(field.schema.get("examples") or [])
    if closed is None:
        for source in conditions:
            for comparison in comparisons(source):
                if comparison.name == field.name:
                    values += _around(comparison)
    result: list[Any] = []
    for value in values:
        if not any(value == seen and type(value) is type(seen) for seen in result) \
                and fit_problem(field, value) is None:
            result.append(value)
    return result


def _around(comparison: Comparison) -> list[Any]:
    found: list[Any] = []
    for value in comparison.values:
        if comparison.op == "has":
            found += [[value], []]
        elif isinstance(value, bool):
            found += [value, not value]
        elif isinstance(value, int | float):
            found += [value, value - 1, value + 1]
        elif isinstance(value, str):
            found += [value, f"{value} (lain)", ""]
        else:
            found.append(value)
    return found
