"""Form patterns that cannot hang the server or a browser.

A ``pattern`` in a form was matched with Python's backtracking ``re``: ``^(a+)+$`` with a matching example hung
``alur processes sync``, and ``^([a-zA-Z]+ ?)+$`` held a web request 32 s on a 29-character value. Now:

- Every ``pattern`` and ``patternProperties`` key is matched with RE2 (``google-re2``), whose time is linear in
  the text, at sync (examples) and on every submission (the keywords below, in
  :data:`engine.forms.validator.FormValidator`). Compiled patterns are cached.
- At sync a pattern is refused (:func:`pattern_problem`) when it is longer than :data:`MAX_PATTERN_LENGTH`,
  when RE2 cannot compile it (backreferences, lookaround), or when a *backtracking* engine could take
  exponential time on it: a schema is also read by browsers and other tools that backtrack. The check is
  small and conservative, on the pattern's syntax tree:

  1. **Nested repetition.** A part repeated more than once (``+``, ``*``, ``{2,}``) may hold another part
     repeated a variable number of times only if every round of the outer part must contain a character the
     inner part cannot match. ``(\\d+-)+`` passes (each round ends in ``-``); ``(a+)+``, ``([a-zA-Z]+ ?)+``,
     ``(\\w+\\w)+`` are refused.
  2. **Ambiguous alternatives in a repetition.** Alternatives that can begin with the same character
     (``(a|a)*``, ``(a|ab)+``, ``(\\w|\\d)+``) are refused inside a repeated part.
  3. **A repeated part that can match nothing** (``(a?)+``, ``(a|)*``) is refused.

  Character classes are compared on ASCII exactly; ``\\d``, ``\\w`` and ``\\s`` are taken to also hold every
  non-ASCII character of their kind, so the check errs towards refusing. Polynomial cases such as
  ``\\d+\\d+\\d+`` are not refused: RE2 does not backtrack, and every text is length-limited (forms.py).
"""

from __future__ import annotations

import functools
import re
from typing import Any, Final

import re2
from jsonschema import ValidationError

MAX_PATTERN_LENGTH: Final = 500
"""Longest pattern accepted, in characters: a field's format fits in far less."""

_FULL = ((0, 0x10FFFF),)
_NON_ASCII_SPACES = ((0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A), (0x2028, 0x2029),
                     (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000))
_ASCII_DIGIT = ((0x30, 0x39),)
_ASCII_SPACE = ((0x09, 0x0D), (0x1C, 0x20))
_ASCII_WORD = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))

Chars = tuple[tuple[int, int], ...]
"""A set of characters as sorted, disjoint, inclusive code point ranges."""


def _union(*sets: Chars) -> Chars:
    ranges = sorted(r for chars in sets for r in chars)
    merged: list[tuple[int, int]] = []
    for low, high in ranges:
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _complement(chars: Chars) -> Chars:
    result, start = [], 0
    for low, high in _union(chars):
        if low > start:
            result.append((start, low - 1))
        start = high + 1
    if start <= 0x10FFFF:
        result.append((start, 0x10FFFF))
    return tuple(result)


def _overlap(a: Chars, b: Chars) -> bool:
    return any(low <= other_high and other_low <= high for low, high in a for other_low, other_high in b)


_NON_ASCII_NOT_SPACE = _complement(_union(((0, 0x7F),), _NON_ASCII_SPACES))
# Positive classes: ASCII exactly, plus every non-ASCII character of the kind (a generous guess).
_CATEGORIES: dict[str, Chars] = {
    "CATEGORY_DIGIT": _union(_ASCII_DIGIT, _NON_ASCII_NOT_SPACE),
    "CATEGORY_WORD": _union(_ASCII_WORD, _NON_ASCII_NOT_SPACE),
    "CATEGORY_SPACE": _union(_ASCII_SPACE, _NON_ASCII_SPACES),
    "CATEGORY_NOT_DIGIT": _complement(_ASCII_DIGIT),
    "CATEGORY_NOT_WORD": _complement(_ASCII_WORD),
    "CATEGORY_NOT_SPACE": _complement(_ASCII_SPACE),
}


# --- compiling and matching with RE2 -------------------------------------------------------------------


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # a refused pattern is reported to the office, not logged by RE2
    return options


@functools.lru_cache(maxsize=512)
def compiled(pattern: str) -> Any:
    """The pattern compiled by RE2 (cached); raises ``re2.error`` when RE2 cannot compile it."""
    return re2.compile(pattern, _options())


def matches(pattern: str, text: str) -> bool:
    """JSON Schema ``pattern`` semantics (a match anywhere), in linear time.

    A pattern RE2 cannot compile (only possible in a definition registered before patterns were checked) or a
    text that is not valid Unicode matches nothing, so the field is reported as not in the asked form.
    """
    try:
        return compiled(pattern).search(text) is not None
    except (re2.error, UnicodeEncodeError):
        return False


# --- what is refused at sync ---------------------------------------------------------------------------


def pattern_problem(pattern: Any) -> str | None:
    """Why ``pattern`` may not be used in a form (Indonesian, to follow "pola ..."), or ``None``."""
    if not isinstance(pattern, str):
        return None  # the metaschema check reports a pattern that is not text
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"terlalu panjang ({len(pattern)} karakter, paling banyak {MAX_PATTERN_LENGTH})"
    try:
        compiled(pattern)
    except re2.error as error:
        detail = error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else str(error)
        unsupported = "escape" in detail or "perl operator" in detail
        return f"tidak dapat dipakai ({detail})" + (
            "; rujukan balik (\\1) dan lookaround ((?=...), (?!...), (?<=...)) tidak didukung" if unsupported else "")
    try:
        tree = _Parser(pattern).parse()
    except _Unreadable as error:
        return f"tidak dapat diperiksa: {error}"
    return _loop_problem(tree)


# --- the backtracking check ----------------------------------------------------------------------------
# A small parser of the syntax RE2, Python and browsers share, into tuples: ("char", Chars), ("seq", [nodes]),
# ("alt", [nodes]), ("rep", min, max or None, node) and ("none",) for anchors. It keeps alternatives as
# written (Python's own parser merges ``a|a`` into a class, hiding exactly what a browser would backtrack on).

Node = tuple[Any, ...]
_EMPTY: Node = ("none",)


class _Unreadable(Exception):
    """The pattern uses syntax the check does not read; it is refused rather than guessed at."""


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.folding = "(?i" in text  # case-insensitive anywhere: letters stand for both cases everywhere

    def parse(self) -> Node:
        node = self.alternation(depth=0)
        if self.at < len(self.text):
            raise _Unreadable(f"')' tanpa pasangan pada posisi {self.at + 1}")
        return node

    def peek(self, ahead: int = 0) -> str:
        index = self.at + ahead
        return self.text[index] if index < len(self.text) else ""

    def alternation(self, depth: int) -> Node:
        if depth > 50:
            raise _Unreadable("kelompok terlalu dalam bersarang")
        branches = [self.sequence(depth)]
        while self.peek() == "|":
            self.at += 1
            branches.append(self.sequence(depth))
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def sequence(self, depth: int) -> Node:
        items = []
        while self.peek() not in ("", "|", ")"):
            items.append(self.quantified(self.atom(depth)))
        return ("seq", items)

    def atom(self, depth: int) -> Node:
        char = self.peek()
        self.at += 1
        if char == "(":
            if self.peek() == "?" and not self.group_prefix():
                return _EMPTY  # a flag setting such as (?i)
            node = self.alternation(depth + 1)
            if self.peek() != ")":
                raise _Unreadable("'(' tanpa pasangan")
            self.at += 1
            return node
        if char == "[":
            return ("char", self.char_class())
        if char == ".":
            return ("char", _FULL)
        if char in "^$":
            return _EMPTY
        if char == "\\":
            return self.escape(in_class=False, negated=False)
        return ("char", self.fold(((ord(char), ord(char)),)))

    def group_prefix(self) -> bool:
        """Skip ``?:``, ``?P<name>``, ``?<name>`` or flags; False when the group was only a flag setting."""
        rest = self.text[self.at:]
        named = re.match(r"\?P?<[A-Za-z_][A-Za-z0-9_]*>", rest)
        if named:
            self.at += named.end()
            return True
        flags = re.match(r"\?([a-zA-Z]*)(?:-[a-zA-Z]*)?([:)])", rest)
        if not flags:
            raise _Unreadable("lookaround atau kelompok khusus tidak didukung")
        self.at += flags.end()
        return flags.group(2) == ":"

    def quantified(self, node: Node) -> Node:
        char = self.peek()
        if char in ("*", "+", "?"):
            self.at += 1
            low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[char]
        else:
            counted = re.match(r"\{(\d+)(,(\d*))?\}", self.text[self.at:]) if char == "{" else None
            if not counted:
                return node
            self.at += counted.end()
            low = int(counted.group(1))
            high = low if counted.group(2) is None else int(counted.group(3)) if counted.group(3) else None
        if self.peek() in ("?", "+"):  # lazy or possessive: the same characters either way
            self.at += 1
        return ("rep", low, high, node)

    def escape(self, *, in_class: bool, negated: bool) -> Node:
        char = self.peek()
        if not char:
            raise _Unreadable("'\\' di akhir pola")
        self.at += 1
        categories = {"d": "CATEGORY_DIGIT", "w": "CATEGORY_WORD", "s": "CATEGORY_SPACE",
                      "D": "CATEGORY_NOT_DIGIT", "W": "CATEGORY_NOT_WORD", "S": "CATEGORY_NOT_SPACE"}
        if char in categories:
            name = categories[char]
            if negated and not name.startswith("CATEGORY_NOT_"):
                # Inside [^...] take the ASCII part only, so the complement errs towards more characters.
                return ("char", {"d": _ASCII_DIGIT, "w": _ASCII_WORD, "s": _ASCII_SPACE}[char])
            return ("char", _CATEGORIES[name])
        if char in "bBAzZG" and not in_class:
            return _EMPTY
        simple = {"n": 10, "t": 9, "r": 13, "f": 12, "v": 11, "a": 7, "0": 0, "b": 8}
        if char in simple:
            return ("char", ((simple[char], simple[char]),))
        coded = re.match(r"x([0-9A-Fa-f]{2})|x\{([0-9A-Fa-f]{1,6})\}|u([0-9A-Fa-f]{4})",
                         self.text[self.at - 1:])
        if coded:
            self.at += coded.end() - 1
            point = min(int(next(group for group in coded.groups() if group), 16), 0x10FFFF)
            return ("char", self.fold(((point, point),)))
        if char.isalnum():
            return ("char", _FULL)  # \p{...}, a back reference or another class: assume anything
        return ("char", self.fold(((ord(char), ord(char)),)))

    def char_class(self) -> Chars:
        negated = self.peek() == "^"
        if negated:
            self.at += 1
        members: Chars = ()
        first = True
        while True:
            char = self.peek()
            if not char:
                raise _Unreadable("'[' tanpa pasangan")
            if char == "]" and not first:
                self.at += 1
                break
            first = False
            if char == "[" and self.peek(1) in (":", "=", "."):
                end = self.text.find("]", self.at + 2)
                if end < 0:
                    raise _Unreadable("'[:' tanpa pasangan")
                self.at = end + 1
                members = _union(members, _FULL)
                continue
            low = self.class_member(negated)
            if self.peek() == "-" and self.peek(1) not in ("]", "") and len(low) == 1 and low[0][0] == low[0][1]:
                self.at += 1
                high = self.class_member(negated)
                if len(high) == 1 and high[0][0] == high[0][1]:
                    members = _union(members, ((low[0][0], max(low[0][0], high[0][0])),))
                    continue
                members = _union(members, low, high, ((ord("-"), ord("-")),))
                continue
            members = _union(members, low)
        members = self.fold(members)
        return _complement(members) if negated else members

    def class_member(self, negated: bool) -> Chars:
        char = self.peek()
        self.at += 1
        if char == "\\":
            return self.escape(in_class=True, negated=negated)[1]
        return ((ord(char), ord(char)),)

    def fold(self, chars: Chars) -> Chars:
        """With case-insensitive matching an ASCII letter stands for both cases."""
        if not self.folding:
            return chars
        extra = []
        for low, high in chars:
            for start, end, shift in ((0x41, 0x5A, 32), (0x61, 0x7A, -32)):
                a, b = max(low, start), min(high, end)
                if a <= b:
                    extra.append((a + shift, b + shift))
        return _union(chars, tuple(extra))


def _children(node: Node) -> list[Node]:
    if node[0] in ("seq", "alt"):
        return list(node[1])
    if node[0] == "rep":
        return [node[3]]
    return []


def _walk(node: Node) -> list[Node]:
    """``node`` and every node under it, depth first."""
    found = [node]
    for child in _children(node):
        found += _walk(child)
    return found


def _min_length(node: Node) -> int:
    kind = node[0]
    if kind == "char":
        return 1
    if kind == "seq":
        return sum(_min_length(item) for item in node[1])
    if kind == "alt":
        return min(_min_length(branch) for branch in node[1])
    if kind == "rep":
        return node[1] * _min_length(node[3])
    return 0


def _chars(node: Node) -> Chars:
    """Every character a match of ``node`` can contain."""
    if node[0] == "char":
        return node[1]
    return _union(*(_chars(child) for child in _children(node)))


def _first(node: Node) -> Chars:
    """Characters a match of ``node`` can begin with."""
    kind = node[0]
    if kind == "char":
        return node[1]
    if kind == "alt":
        return _union(*(_first(branch) for branch in node[1]))
    if kind == "rep":
        return _first(node[3])
    if kind == "seq":
        result: Chars = ()
        for item in node[1]:
            result = _union(result, _first(item))
            if _min_length(item) > 0:
                break
        return result
    return ()


def _sequence(node: Node) -> list[Node]:
    """The parts matched one after another, looking through nested sequences (plain groups)."""
    if node[0] == "seq":
        return [part for item in node[1] for part in _sequence(item)]
    return [node]


def _loop_problem(tree: Node) -> str | None:
    """The first of the module docstring's three rules that a repeated part breaks, in words for the office."""
    for loop in _walk(tree):
        if loop[0] != "rep" or (loop[2] is not None and loop[2] < 2):
            continue
        body = loop[3]
        if _min_length(body) == 0:
            return "mengulang bagian yang bisa kosong; pastikan setiap ulangan berisi minimal satu karakter"
        for node in _walk(body):
            if node[0] == "alt":
                firsts = [_first(branch) for branch in node[1]]
                if any(_overlap(a, b) for index, a in enumerate(firsts) for b in firsts[index + 1:]):
                    return ("mengulang pilihan (|) yang bisa diawali karakter yang sama, mis. (a|ab)+; buat setiap "
                            "pilihan diawali karakter yang berbeda")
            if node[0] == "rep" and (node[2] is None or (node[2] >= 2 and node[2] != node[1])) \
                    and not _separated(body, node):
                return ("mengulang bagian yang di dalamnya berulang lagi, mis. (a+)+, sehingga pemeriksaan di "
                        "peramban bisa macet; tulis tanpa pengulangan bersarang, mis. [a-zA-Z ]+")
    return None


def _separated(body: Node, inner: Node) -> bool:
    """Whether every round of ``body`` must hold a character the repetition ``inner`` cannot match."""
    inner_chars = _chars(inner[3])
    for part in _sequence(body):
        if any(found is inner for found in _walk(part)):
            continue
        if _min_length(part) >= 1 and not _overlap(_chars(part), inner_chars):
            return True
    return False


# --- jsonschema's keywords on RE2 -------------------------------------------------------------------------------


def pattern_keyword(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    if validator.is_type(instance, "string") and not matches(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def pattern_properties_keyword(validator: Any, patterns: dict[str, Any], instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if matches(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def extra_properties(instance: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """The keys of ``instance`` that neither ``properties`` nor ``patternProperties`` (matched by RE2) cover."""
    known = schema.get("properties", {}) if isinstance(schema.get("properties"), dict) else {}
    patterns = schema.get("patternProperties", {}) if isinstance(schema.get("patternProperties"), dict) else {}
    return [key for key in instance
            if key not in known and not any(matches(pattern, str(key)) for pattern in patterns)]


def additional_properties_keyword(validator: Any, allowed: Any, instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    extras = extra_properties(instance, schema)
    if validator.is_type(allowed, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], allowed, path=extra)
    elif not allowed and extras:
        yield ValidationError(f"Additional properties are not allowed ({', '.join(map(repr, sorted(extras)))})")

