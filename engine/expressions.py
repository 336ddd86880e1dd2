"""The restricted evaluator for gateway conditions and every other expression in a process.

SpiffWorkflow evaluates expressions with Python's ``eval`` and full builtins, so a process file could
run ``__import__('os')``. Alur instead parses the expression, allows a small whitelist of syntax
(names from the case data, literals, comparisons, ``and``/``or``/``not``, ``in``) and evaluates the
tree itself: no ``eval``, no attribute access, no calls, so there is nothing to escape through.

Conditional expressions (``a if c else b``) are refused on purpose: each outgoing flow of a gateway
carries its own condition, so the subset stays exactly what ``processes/README.md`` promises.
"""

from __future__ import annotations

import ast
import functools
import warnings
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from engine.errors import ExpressionError
from engine.phrases import N_

MAX_LENGTH = 1000
"""Longest expression accepted, in characters; a gateway condition is one line."""

MAX_DEPTH = 32
"""Deepest nesting of syntax nodes accepted; keeps the evaluator's recursion small and bounded."""

_CONSTANT_TYPES = (str, int, float, bool, type(None))

_BIN_OPS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.MatMult: "@",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.Pow: "**",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
}

_COMPARE_SYMBOLS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}

_COMPARE_FUNCTIONS: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
    ast.Is: lambda a, b: a is b,
    ast.IsNot: lambda a, b: a is not b,
}

# What each refused node is called in a message, so an office knows what to change.
_REFUSED_NODES: dict[type[ast.AST], str] = {
    ast.Attribute: "akses atribut",
    ast.Call: "pemanggilan fungsi",
    ast.Subscript: "akses indeks (subscript)",
    ast.Slice: "potongan (slice)",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehension (perulangan di dalam ekspresi)",
    ast.SetComp: "comprehension (perulangan di dalam ekspresi)",
    ast.DictComp: "comprehension (perulangan di dalam ekspresi)",
    ast.GeneratorExp: "generator (perulangan di dalam ekspresi)",
    ast.JoinedStr: "f-string",
    ast.FormattedValue: "f-string",
    ast.NamedExpr: "operator walrus (:=)",
    ast.Starred: "unpacking bintang (*)",
    ast.IfExp: "ekspresi bersyarat (... if ... else ...)",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
}

_TYPE_NAMES: dict[type, str] = {
    str: "teks",
    int: "bilangan bulat",
    float: "bilangan desimal",
    bool: "boolean",
    type(None): "None",
    list: "daftar",
    tuple: "tuple",
    set: "himpunan",
    frozenset: "himpunan",
    dict: "objek",
}


def check_expression(
    source: str, *, file: str | None = None, element_id: str | None = None
) -> frozenset[str]:
    """Validate ``source`` without evaluating it and return the case-data names it reads.

    ``file`` and ``element_id`` only locate the error for the office (``process.bpmn``, the flow id).
    Raises :class:`ExpressionError` naming the construct that is not allowed.
    """
    _, names = _parse(source, file, element_id)
    return names


def evaluate(
    source: str,
    names: Mapping[str, Any],
    *,
    file: str | None = None,
    element_id: str | None = None,
) -> Any:
    """Check ``source`` and evaluate it against the case data ``names`` by walking its tree.

    ``and``/``or`` short-circuit and return an operand, as in Python. A missing name or a comparison of
    incompatible values raises :class:`ExpressionError`, never ``NameError`` or ``TypeError``.
    """
    tree, _ = _parse(source, file, element_id)
    return _Evaluator(source, names, file, element_id).visit(tree.body)


def _parse(source: str, file: str | None, element_id: str | None) -> tuple[ast.Expression, frozenset[str]]:
    """Parse and check once per distinct source: conditions are evaluated far more often than written."""
    if not isinstance(source, str):
        raise ExpressionError(N_("ekspresi harus berupa teks"), file=file, element_id=element_id)
    try:
        return _parse_cached(source)
    except ExpressionError as error:
        raise ExpressionError(error.problem_phrase, file=file, element_id=element_id) from None


@functools.lru_cache(maxsize=1024)
def _parse_cached(source: str) -> tuple[ast.Expression, frozenset[str]]:
    if not source.strip():
        raise ExpressionError(N_("ekspresi kosong"))
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            N_("ekspresi terlalu panjang (%(source)s karakter, paling banyak %(max_length)s)"),
            source=len(source), max_length=MAX_LENGTH)
    try:
        # Warnings (e.g. an invalid escape in a string) must not depend on the global warning filters.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        where = f" pada kolom {error.offset}" if error.offset else ""
        raise ExpressionError(
            N_("ekspresi %(source)s tidak dapat diurai (kesalahan sintaks%(where)s)"),
            source=_quote(source), where=where) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExpressionError(N_("ekspresi %(source)s tidak dapat diurai"), source=_quote(source)) from None
    names: set[str] = set()
    _check_node(tree.body, source, names, depth=1)
    return tree, frozenset(names)


def _check_node(node: ast.AST, source: str, names: set[str], depth: int) -> None:
    """Refuse every node outside the whitelist; collect the names read."""
    if depth > MAX_DEPTH:
        raise ExpressionError(
            N_("ekspresi %(source)s terlalu dalam bersarang (lebih dari %(max_depth)s tingkat)"),
            source=_quote(source), max_depth=MAX_DEPTH)
    children: list[ast.AST]
    if isinstance(node, ast.Name):
        if not isinstance(node.ctx, ast.Load):
            _refuse(source, "penugasan nilai")
        if node.id.startswith("__"):
            _refuse(source, f"nama {node.id!r} yang diawali dua garis bawah")
        names.add(node.id)
        return
    if isinstance(node, ast.Constant):
        if type(node.value) not in _CONSTANT_TYPES:
            _refuse(source, _constant_kind(node.value))
        return
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        children = list(node.elts)
    elif isinstance(node, ast.Dict):
        if any(key is None for key in node.keys):
            _refuse(source, "unpacking '**' di dalam dict")
        children = [key for key in node.keys if key is not None] + list(node.values)
    elif isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        for position, op in enumerate(node.ops):
            if type(op) not in _COMPARE_SYMBOLS:
                _refuse(source, "operator perbandingan ini")
            if isinstance(op, ast.Is | ast.IsNot) and not any(
                _is_none(operand) for operand in operands[position : position + 2]
            ):
                _refuse(source, f"operator {_COMPARE_SYMBOLS[type(op)]!r} selain terhadap None")
        children = operands
    elif isinstance(node, ast.BoolOp):
        children = list(node.values)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.Not | ast.USub | ast.UAdd):
            _refuse(source, "operator '~'")
        children = [node.operand]
    elif isinstance(node, ast.BinOp):
        _refuse(source, f"operator aritmetika {_BIN_OPS.get(type(node.op), '?')!r}")
    else:
        _refuse(source, _REFUSED_NODES.get(type(node), f"sintaks {type(node).__name__}"))
    for child in children:
        _check_node(child, source, names, depth + 1)


def _refuse(source: str, construct: str) -> NoReturn:
    raise ExpressionError(N_("ekspresi %(source)s memakai %(construct)s, yang tidak diizinkan"),
                          source=_quote(source), construct=construct)


def _is_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _constant_kind(value: object) -> str:
    if isinstance(value, bytes):
        return "literal bytes"
    if isinstance(value, complex):
        return "bilangan kompleks"
    if value is Ellipsis:
        return "Ellipsis (...)"
    return f"konstanta bertipe {type(value).__name__}"


class _Evaluator:
    """Walks a tree that :func:`_check_node` accepted; each method mirrors one allowed node."""

    def __init__(
        self, source: str, names: Mapping[str, Any], file: str | None, element_id: str | None
    ) -> None:
        self.source = source
        self.names = names
        self.file = file
        self.element_id = element_id

    def fail(self, problem: str) -> ExpressionError:
        return ExpressionError(
            N_("%(problem)s (ekspresi %(source)s)"), file=self.file, element_id=self.element_id,
            problem=problem, source=_quote(self.source))

    def visit(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in self.names:
                raise self.fail(f"nama {node.id!r} tidak ada dalam data kasus")
            return self.names[node.id]
        if isinstance(node, ast.BoolOp):
            return self.visit_boolop(node)
        if isinstance(node, ast.UnaryOp):
            return self.visit_unaryop(node)
        if isinstance(node, ast.Compare):
            return self.visit_compare(node)
        if isinstance(node, ast.List):
            return [self.visit(element) for element in node.elts]
        if isinstance(node, ast.Tuple):
            return tuple(self.visit(element) for element in node.elts)
        if isinstance(node, ast.Set):
            return self.hashed(lambda: {self.visit(element) for element in node.elts}, "himpunan")
        if isinstance(node, ast.Dict):
            pairs = [(k, v) for k, v in zip(node.keys, node.values, strict=True) if k is not None]
            return self.hashed(lambda: {self.visit(k): self.visit(v) for k, v in pairs}, "objek")
        raise self.fail(f"sintaks {type(node).__name__} tidak dapat dievaluasi")  # unreachable after checking

    def visit_boolop(self, node: ast.BoolOp) -> Any:
        value: Any = None
        for operand in node.values:
            value = self.visit(operand)
            if isinstance(node.op, ast.And) and not value:
                return value
            if isinstance(node.op, ast.Or) and value:
                return value
        return value

    def visit_unaryop(self, node: ast.UnaryOp) -> Any:
        value = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            return not value
        if isinstance(value, bool) or not isinstance(value, int | float):
            sign = "-" if isinstance(node.op, ast.USub) else "+"
            raise self.fail(f"tanda {sign!r} hanya untuk angka, bukan {_describe(value)}")
        return -value if isinstance(node.op, ast.USub) else +value

    def visit_compare(self, node: ast.Compare) -> bool:
        left = self.visit(node.left)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = self.visit(comparator)
            try:
                result = _COMPARE_FUNCTIONS[type(op)](left, right)
            except (TypeError, ValueError, RecursionError):
                raise self.fail(
                    f"{_describe(left)} dan {_describe(right)} tidak dapat dibandingkan dengan "
                    f"{_COMPARE_SYMBOLS[type(op)]!r}"
                ) from None
            if not result:
                return False
            left = right
        return True

    def hashed(self, build: Callable[[], Any], kind: str) -> Any:
        try:
            return build()
        except TypeError:
            raise self.fail(f"{kind} hanya boleh berisi teks, angka, boolean, None atau tuple") from None


def _describe(value: object) -> str:
    """A value and its kind for a message: "'1' (teks)"; long values are cut."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):  # e.g. an int beyond the str-conversion digit limit
        text = "..."
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({_TYPE_NAMES.get(type(value), type(value).__name__)})"


def _quote(source: str) -> str:
    """The expression as quoted in a message, cut so a hostile one cannot flood the log."""
    text = source.strip()
    return f"'{text[:117]}...'" if len(text) > 120 else f"'{text}'"
