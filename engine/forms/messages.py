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

_TYPE_WORDS = {
    "string": "teks",
    "integer": "angka bulat",
    "number": "angka",
    "boolean": "ya atau tidak",
    "array": "daftar",
    "object": "objek",
    "null": "kosong",
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
) -> dict[str, str]:
    """Turn jsonschema's errors into one Indonesian message per dotted field path."""
    found: list[tuple[int, str, str]] = []
    for error in errors:
        for path, message in _messages(error, root, root_title):
            dotted = ".".join((*prefix, *(str(part) for part in path)))
            found.append((_PRIORITY.get(str(error.validator), 2), dotted, message))
    chosen: dict[str, str] = {}
    for _, dotted, message in sorted(found, key=lambda entry: entry[0]):
        chosen.setdefault(dotted, message)
    order = {dotted: index for index, (_, dotted, _) in reversed(list(enumerate(found)))}
    return {dotted: chosen[dotted] for dotted in sorted(chosen, key=order.__getitem__)}


def _messages(error: ValidationError, root: dict[str, Any], root_title: str) -> list[tuple[list[Any], str]]:
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
            return [(path, f"{title}: pilihan {show(error.instance)} tidak dikenal")]
        return [(path, f"{title} tidak valid")]
    title = title_of(nodes, path, root_title)
    is_checklist = nodes[-1].get(CHECKLIST) is True
    instance = error.instance

    if keyword == "required" and isinstance(instance, dict) and isinstance(expected, list):
        missing = [name for name in expected if isinstance(name, str) and name not in instance]
        paths = [[*path, name] for name in missing]
        return [
            (where, f"{title_of(nodes_along(root, where), where, root_title)} wajib diisi") for where in paths
        ]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        extra = form_patterns.extra_properties(instance, error.schema if isinstance(error.schema, dict) else {})
        return [([*path, key], f"Isian {show(key)} tidak dikenal") for key in extra] or [
            (path, f"{title} berisi isian yang tidak dikenal")
        ]
    return [(path, message_for(keyword, expected, instance, title, is_checklist, error.schema))]


def message_for(keyword: Any, expected: Any, instance: Any, title: str, is_checklist: bool, schema: Any) -> str:
    """The message for one failed keyword; ``title`` names the field as the user sees it."""
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        words = " atau ".join(_TYPE_WORDS.get(str(kind), str(kind)) for kind in kinds)
        return f"{title} harus berupa {words}"
    if keyword == "format" and isinstance(instance, str):
        problem = format_problem(str(expected), instance) or "tidak sesuai format"
        if expected in ("nik", "npwp", "nib"):
            return identifier_message(title, str(expected).upper(), problem)
        return f"{title} {problem}"
    if keyword == "minLength":
        return f"{title} wajib diisi" if expected == 1 else f"{title} minimal {expected} karakter"
    if keyword == "maxLength":
        return f"{title} paling banyak {number(expected)} karakter"
    if keyword == "minimum":
        return f"{title} paling kecil {number(expected)}"
    if keyword == "maximum":
        return f"{title} paling besar {number(expected)}"
    if keyword == "exclusiveMinimum":
        return f"{title} harus lebih besar dari {number(expected)}"
    if keyword == "exclusiveMaximum":
        return f"{title} harus lebih kecil dari {number(expected)}"
    if keyword == "multipleOf":
        return f"{title} harus kelipatan {number(expected)}"
    if keyword == "pattern":
        return f"{title} tidak sesuai dengan bentuk yang diminta"
    if keyword in ("enum", "const"):
        return f"{title}: pilihan {show(instance)} tidak dikenal"
    if keyword in ("oneOf", "anyOf"):
        if isinstance(expected, list) and all(isinstance(opt, dict) and "const" in opt for opt in expected):
            return f"{title}: pilihan {show(instance)} tidak dikenal"
        return f"{title} tidak sesuai dengan salah satu bentuk yang diizinkan"
    if keyword == "minItems":
        if is_checklist:
            return f"{title}: pilih minimal {expected}"
        return f"{title} berisi minimal {expected} item"
    if keyword == "maxItems":
        return (
            f"{title}: pilih paling banyak {expected}"
            if is_checklist
            else f"{title} paling banyak berisi {expected} item"
        )
    if keyword == "uniqueItems":
        return (
            f"{title}: ada pilihan yang dipilih lebih dari sekali"
            if is_checklist
            else f"{title} berisi nilai yang sama lebih dari sekali"
        )
    return f"{title} tidak valid"


def identifier_message(title: str, word: str, problem: str) -> str:
    """An identifier's problem after the field's title, naming the identifier once.

    The identifier checks speak of "NIK" ("NIK harus 16 digit angka", "kode provinsi 99 pada NIK tidak
    dikenal"); after the title "NIK pemohon" that word is dropped: "NIK pemohon harus 16 digit angka",
    "NIK pemohon: kode provinsi 99 tidak dikenal".
    """
    if problem.startswith(f"{word} "):
        return f"{title} {problem[len(word) + 1:]}"
    return f"{title}: {problem.replace(f' pada {word}', '')}"


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
