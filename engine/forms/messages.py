"""Validation errors of a form, in Indonesian, one per field, each naming the field by its title.

Error paths are dotted property names (``alamat.kota``); an item of an ordinary array adds its index
(``anggota.0.nama``); an error inside a checklist is reported on the checklist itself; an error about the data
as a whole uses the empty path ``""``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from jsonschema import ValidationError

from engine.forms import patterns as form_patterns
from engine.forms.formats import format_problem
from engine.forms.html_input import CHECKLIST
from engine.forms.identifiers import IN_FIELD
from engine.phrases import N_, Phrase

_TYPE_WORDS = {
    "string": N_("teks"),
    "integer": N_("angka bulat"),
    "number": N_("angka"),
    "boolean": N_("ya atau tidak"),
    "array": N_("daftar"),
    "object": N_("objek"),
    "null": N_("kosong"),
}
# Lower sorts first: when one field has several errors, the most basic one is shown.
_PRIORITY = {
    "type": 0,
    "required": 0,
    "additionalProperties": 0,
    "enum": 1,
    "const": 1,
    "oneOf": 1,
    "anyOf": 1,
}


def field_errors(
    errors: Iterable[ValidationError], root: dict[str, Any], prefix: tuple[str, ...], root_title: str
) -> dict[str, Phrase]:
    """Turn jsonschema's errors into one Indonesian message (a phrase) per dotted field path."""
    found: list[tuple[int, str, Phrase]] = []
    for error in errors:
        for path, message in _messages(error, root, root_title):
            dotted = ".".join((*prefix, *(str(part) for part in path)))
            found.append((_PRIORITY.get(str(error.validator), 2), dotted, message))
    chosen: dict[str, Phrase] = {}
    for _, dotted, message in sorted(found, key=lambda entry: entry[0]):
        chosen.setdefault(dotted, message)
    order = {dotted: index for index, (_, dotted, _) in reversed(list(enumerate(found)))}
    return {dotted: chosen[dotted] for dotted in sorted(chosen, key=order.__getitem__)}


def _messages(error: ValidationError, root: dict[str, Any], root_title: str) -> list[tuple[list[Any], Phrase]]:
    keyword = error.validator
    expected = error.validator_value
    path = list(error.absolute_path)
    nodes = nodes_along(root, path)
    checklist_at = next((depth for depth, node in enumerate(nodes) if node.get(CHECKLIST) is True), None)
    if checklist_at is not None and checklist_at < len(path):
        # An error about one ticked option belongs to the checklist, the thing the user sees.
        path = path[:checklist_at]
        title = title_of(nodes[: checklist_at + 1], path, root_title)
        if keyword in ("enum", "const", "oneOf", "anyOf", "type"):
            return [(path, _unknown_choice(title, error.instance))]
        return [(path, Phrase(N_("%(field)s tidak valid"), {"field": title}))]
    title = title_of(nodes, path, root_title)
    is_checklist = nodes[-1].get(CHECKLIST) is True
    instance = error.instance

    if keyword == "required" and isinstance(instance, dict) and isinstance(expected, list):
        missing = [name for name in expected if isinstance(name, str) and name not in instance]
        paths = [[*path, name] for name in missing]
        return [
            (where, Phrase(N_("%(field)s wajib diisi"),
                           {"field": title_of(nodes_along(root, where), where, root_title)}))
            for where in paths
        ]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        extra = form_patterns.extra_properties(instance, error.schema if isinstance(error.schema, dict) else {})
        return [([*path, key], Phrase(N_("Isian %(value)s tidak dikenal"), {"value": show(key)})) for key in extra] or [
            (path, Phrase(N_("%(field)s berisi isian yang tidak dikenal"), {"field": title}))
        ]
    return [(path, message_for(keyword, expected, instance, title, is_checklist, error.schema))]


def _unknown_choice(title: str, instance: Any) -> Phrase:
    return Phrase(N_("%(field)s: pilihan %(value)s tidak dikenal"), {"field": title, "value": show(instance)})


#: A failed keyword → its message after the field's title (``%(field)s``) with the schema's value ``%(value)s``.
_KEYWORD_MESSAGES = {
    "maxLength": N_("%(field)s paling banyak %(value)s karakter"),
    "minimum": N_("%(field)s paling kecil %(value)s"),
    "maximum": N_("%(field)s paling besar %(value)s"),
    "exclusiveMinimum": N_("%(field)s harus lebih besar dari %(value)s"),
    "exclusiveMaximum": N_("%(field)s harus lebih kecil dari %(value)s"),
    "multipleOf": N_("%(field)s harus kelipatan %(value)s"),
}
_FORMAT_MESSAGES = {
    "email": N_("%(field)s harus berupa alamat email yang valid (misalnya nama@contoh.go.id)"),
    "date": N_("%(field)s harus berupa tanggal yang valid dengan bentuk TTTT-BB-HH (misalnya 2026-01-31)"),
    "date-time": N_("%(field)s harus berupa tanggal dan jam ISO 8601 dengan zona waktu "
                    "(misalnya 2026-01-31T08:00:00+08:00)"),
}


def message_for(keyword: Any, expected: Any, instance: Any, title: str, is_checklist: bool, schema: Any) -> Phrase:
    """The message for one failed keyword; ``title`` names the field as the user sees it."""
    field = {"field": title}
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        words: Phrase | None = None
        for kind in kinds:
            word = Phrase(_TYPE_WORDS.get(str(kind), str(kind)))
            words = word if words is None else Phrase(N_("%(first)s atau %(second)s"), {"first": words, "second": word})
        return Phrase(N_("%(field)s harus berupa %(kind)s"), {**field, "kind": words or ""})
    if keyword == "format" and isinstance(instance, str):
        if format_problem(str(expected), instance) is None:
            return Phrase(N_("%(field)s tidak sesuai format"), field)
        if expected in ("nik", "npwp", "nib"):
            problem = format_problem(str(expected), instance)
            assert isinstance(problem, Phrase)
            return identifier_message(title, problem)
        return Phrase(_FORMAT_MESSAGES.get(str(expected), N_("%(field)s tidak sesuai format")), field)
    if keyword == "minLength":
        if expected == 1:
            return Phrase(N_("%(field)s wajib diisi"), field)
        return Phrase(N_("%(field)s minimal %(value)s karakter"), {**field, "value": expected})
    if keyword in _KEYWORD_MESSAGES:
        return Phrase(_KEYWORD_MESSAGES[keyword], {**field, "value": number(expected)})
    if keyword == "pattern":
        return Phrase(N_("%(field)s tidak sesuai dengan bentuk yang diminta"), field)
    if keyword in ("enum", "const"):
        return _unknown_choice(title, instance)
    if keyword in ("oneOf", "anyOf"):
        if isinstance(expected, list) and all(isinstance(opt, dict) and "const" in opt for opt in expected):
            return _unknown_choice(title, instance)
        return Phrase(N_("%(field)s tidak sesuai dengan salah satu bentuk yang diizinkan"), field)
    if keyword == "minItems":
        if is_checklist:
            return Phrase(N_("%(field)s: pilih minimal %(value)s"), {**field, "value": expected})
        return Phrase(N_("%(field)s berisi minimal %(value)s item"), {**field, "value": expected})
    if keyword == "maxItems":
        if is_checklist:
            return Phrase(N_("%(field)s: pilih paling banyak %(value)s"), {**field, "value": expected})
        return Phrase(N_("%(field)s paling banyak berisi %(value)s item"), {**field, "value": expected})
    if keyword == "uniqueItems":
        if is_checklist:
            return Phrase(N_("%(field)s: ada pilihan yang dipilih lebih dari sekali"), field)
        return Phrase(N_("%(field)s berisi nilai yang sama lebih dari sekali"), field)
    return Phrase(N_("%(field)s tidak valid"), field)


def identifier_message(title: str, problem: Phrase) -> Phrase:
    """An identifier's problem after the field's title, naming the identifier once.

    The identifier checks speak of "NIK" ("NIK harus 16 digit angka", "kode provinsi 99 pada NIK tidak
    dikenal"); after the title "NIK pemohon" that word is dropped: "NIK pemohon harus 16 digit angka",
    "NIK pemohon: kode provinsi 99 tidak dikenal" (:data:`engine.forms.identifiers.IN_FIELD` has each
    problem's wording after a title).
    """
    in_field = IN_FIELD.get(problem.key)
    if in_field is None:
        return Phrase(N_("%(field)s: %(problem)s"), {"field": title, "problem": problem})
    return Phrase(in_field, {**problem.params, "field": title})


def nodes_along(root: dict[str, Any], path: Sequence[Any]) -> list[dict[str, Any]]:
    """The schema node at each depth of an instance path: ``properties`` for names, ``items`` for indexes."""
    nodes = [root if isinstance(root, dict) else {}]
    for part in path:
        node = nodes[-1]
        child: Any = None
        if isinstance(part, int):
            prefix_items = node.get("prefixItems")
            if isinstance(prefix_items, list) and part < len(prefix_items):
                child = prefix_items[part]
            else:
                child = node.get("items")
        else:
            properties = node.get("properties")
            child = properties.get(part) if isinstance(properties, dict) else None
        nodes.append(child if isinstance(child, dict) else {})
    return nodes


def title_of(nodes: list[dict[str, Any]], path: Sequence[Any], root_title: str) -> str:
    title = nodes[-1].get("title") if nodes else None
    if isinstance(title, str) and title.strip():
        return title.strip()
    if not path:
        return root_title
    if isinstance(path[-1], int):
        return f"{title_of(nodes[:-1], path[:-1], root_title)} ke-{path[-1] + 1}"
    return str(path[-1])


def field_title(schema: dict[str, Any], path: str) -> str:
    """The title of the field at a dotted path (``alamat.kota``), for labels and messages."""
    parts: list[Any] = [int(part) if part.isdecimal() else part for part in path.split(".")] if path else []
    return title_of(nodes_along(schema, parts), parts, "Data formulir")


def number(value: Any) -> str:
    """A number as Indonesians write it: 1.000.000 and 2,5."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or value.is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,}".replace(",", "_").replace(".", ",").replace("_", ".")


def show(value: Any) -> str:
    """A value quoted for a message, cut so a pasted essay does not become the message."""
    try:
        text = f"'{value}'" if isinstance(value, str) else repr(value)
    except (ValueError, RecursionError):
        text = "..."
    return cut(text, 60)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
