"""Step forms: JSON Schema (draft 2020-12) checked when a process is synced and when data is submitted.

Decisions:

- Forms reject unknown fields: every object schema that lists ``properties`` and says nothing about
  ``additionalProperties`` / ``patternProperties`` / ``unevaluatedProperties`` is treated as closed
  (``"additionalProperties": false``). A schema may still open an object by setting one of them. Objects
  inside ``allOf``/``anyOf``/``oneOf``/``if``/``not`` are left as written, so composition keeps working.
- ``validate_form`` returns the data with surrounding whitespace stripped from every string and nothing else
  changed (an NPWP stays as typed; call :func:`engine.identifiers.normalize_npwp` where digits are needed).
  Examples are checked the same way, after stripping, so an example that passes sync also passes a submission.
- Error paths are dotted property names (``alamat.kota``); an item of an ordinary array adds its index
  (``anggota.0.nama``); an error inside a checklist is reported on the checklist itself; an error about the
  data as a whole uses the empty path ``""``.
- Only the formats in :data:`SUPPORTED_FORMATS` may be used: any other ``format`` would silently check
  nothing, so ``check_form_schema`` refuses it. Only local ``$ref`` (``#...``) are allowed: nothing is
  fetched. The formats' own regular expressions are linear (no nested repetition) and the email one only
  runs on at most 254 characters.
- Patterns (``pattern``, ``patternProperties``) are matched with RE2 in linear time, and a pattern that RE2
  cannot compile or that could backtrack catastrophically in a browser is refused at sync
  (:mod:`engine.form_patterns`). ``unevaluatedProperties`` is refused: jsonschema would match
  ``patternProperties`` for it with Python's backtracking ``re``.
- Free text is bounded before anything is stored: a string may hold at most its ``maxLength`` or, when the
  schema sets none, :data:`MAX_TEXT_LENGTH` characters; a form may not set ``maxLength`` above
  :data:`MAX_TEXT_LENGTH_CEILING`; one submission (a case's start data, a step's data) may not exceed
  :data:`MAX_DATA_BYTES` as JSON. One default for every string keeps the rule in one place: the longest
  text the SOPs' forms declare is 2,000 characters (a note, an address), and a field that needs less says so.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final

from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from jsonschema.exceptions import SchemaError
from referencing.exceptions import Unresolvable

from engine import form_patterns
from engine.errors import DefinitionError, ValidationFailed
from engine.identifiers import nib_problem, nik_problem, npwp_problem

SUPPORTED_FORMATS: Final = ("nik", "npwp", "nib", "email", "date", "date-time")
DRAFT_2020_12: Final = "https://json-schema.org/draft/2020-12/schema"
INVALID_FORM: Final = "Data formulir tidak valid"
CHECKLIST: Final = "x-alur-checklist"
MAX_TEXT_LENGTH: Final = 2_000
"""Characters a string field holds when its schema sets no ``maxLength``."""
MAX_TEXT_LENGTH_CEILING: Final = 10_000
"""The largest ``maxLength`` a form may declare; a larger one is refused at sync."""
MAX_DATA_BYTES: Final = 256 * 1024
"""The largest submission (a case's start data or one step's data) as UTF-8 JSON, checked before storing."""

_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_INTEGER_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+")
_DECIMAL_DOT = re.compile(r"[+-]?[0-9]+\.[0-9]+")
_DECIMAL_COMMA = re.compile(r"[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),[0-9]+")
_TRUE_WORDS = frozenset({"true", "on", "ya", "1"})
_FALSE_WORDS = frozenset({"false", "off", "tidak", "0", ""})

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
_NOT_SCHEMAS = frozenset({"examples", "const", "enum", "default"})  # keys whose values are data, not schemas


# --- formats -----------------------------------------------------------------------------------------


def format_problem(format_name: str, value: str) -> str | None:
    """Why ``value`` does not have the format, in words that follow a field title; ``None`` when it does."""
    if format_name == "nik":
        return nik_problem(value)
    if format_name == "npwp":
        return npwp_problem(value)
    if format_name == "nib":
        return nib_problem(value)
    if format_name == "email":
        local = value.rpartition("@")[0]
        if len(value) > 254 or len(local) > 64 or not _EMAIL.fullmatch(value):
            return "harus berupa alamat email yang valid (misalnya nama@contoh.go.id)"
        return None
    if format_name == "date":
        if not _DATE.fullmatch(value) or _real_date(value) is None:
            return "harus berupa tanggal yang valid dengan bentuk TTTT-BB-HH (misalnya 2026-01-31)"
        return None
    if format_name == "date-time":
        if not _DATE_TIME.fullmatch(value) or _real_datetime(value) is None:
            return (
                "harus berupa tanggal dan jam ISO 8601 dengan zona waktu "
                "(misalnya 2026-01-31T08:00:00+08:00)"
            )
        return None
    return None


def _real_date(value: str) -> date | None:
    try:
        return date(int(value[0:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return None


def _real_datetime(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return None


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name in SUPPORTED_FORMATS:

        def check(instance: object, name: str = name) -> bool:
            # Formats apply to strings only; ``type`` reports anything else.
            return not isinstance(instance, str) or format_problem(name, instance) is None

        checker.checks(name)(check)
    return checker


FORMAT_CHECKER: Final = _format_checker()
"""Checks Alur's formats (nik, npwp, nib, email, date, date-time) and nothing else; never uses the network."""


# --- checking a schema at sync time --------------------------------------------------------------------


def check_form_schema(schema: dict[str, Any], *, file: str) -> None:
    """Refuse a form schema an office cannot rely on, saying which field is wrong.

    Checked: it compiles as draft 2020-12; the top level is ``type: object``; every field (recursively) has a
    ``title`` and at least one example, and every example passes that field's schema with formats checked;
    checklists are arrays of ``oneOf`` options ``{const, title}``; formats are supported; ``$ref`` are local.
    """
    if not isinstance(schema, dict):
        raise DefinitionError("skema formulir harus berupa objek JSON", file=file)
    declared = schema.get("$schema")
    if declared is not None and (not isinstance(declared, str) or declared.rstrip("#") != DRAFT_2020_12):
        raise DefinitionError(f'"$schema" formulir harus "{DRAFT_2020_12}"', file=file)
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        location = [str(part) for part in error.absolute_path]
        at = f" (di {'.'.join(location)})" if location else ""
        raise DefinitionError(
            f"skema formulir tidak sah menurut JSON Schema 2020-12{at}: {_cut(error.message, 200)}",
            file=file,
            element_id=_field_of(location),
        ) from None
    if schema.get("type") != "object":
        raise DefinitionError('tingkat teratas skema formulir harus "type": "object"', file=file)
    for where, node in _schema_nodes(schema, ()):
        _check_keywords(node, where, file)
    closed = _closed(schema)
    validator = form_patterns.FormValidator(closed, format_checker=FORMAT_CHECKER)
    _check_fields(schema, closed, validator, (), file)


def _field_of(location: list[str]) -> str | None:
    """The field a schema location is in: ``properties.alamat.properties.kota.type`` is ``alamat.kota``."""
    names: list[str] = []
    index = 0
    while index < len(location) - 1:
        if location[index] == "properties":
            names.append(location[index + 1])
            index += 2
        else:
            index += 1
    return ".".join(names) or None


def _check_keywords(node: dict[str, Any], where: tuple[str, ...], file: str) -> None:
    element = ".".join(where) or None
    name = node.get("format")
    if isinstance(name, str) and name not in SUPPORTED_FORMATS:
        raise DefinitionError(
            f"format {name!r} tidak didukung; yang didukung: {', '.join(SUPPORTED_FORMATS)}",
            file=file,
            element_id=element,
        )
    for keyword in ("$ref", "$dynamicRef"):
        reference = node.get(keyword)
        if isinstance(reference, str) and not reference.startswith("#"):
            raise DefinitionError(
                f"{keyword} {reference!r} menunjuk ke luar berkas; hanya rujukan lokal (#...) yang diizinkan",
                file=file,
                element_id=element,
            )
    _check_limits_and_patterns(node, element, file)


def _check_limits_and_patterns(node: dict[str, Any], element: str | None, file: str) -> None:
    """Refuse a ``maxLength`` above the ceiling, a pattern that could hang a check, ``unevaluatedProperties``."""
    declared = node.get("maxLength")
    if isinstance(declared, int) and not isinstance(declared, bool) and declared > MAX_TEXT_LENGTH_CEILING:
        raise DefinitionError(
            f"maxLength {_number(declared)} melebihi batas {_number(MAX_TEXT_LENGTH_CEILING)} karakter; "
            "teks yang lebih panjang dilampirkan sebagai berkas",
            file=file,
            element_id=element,
        )
    patterns = [node["pattern"]] if "pattern" in node else []
    if isinstance(node.get("patternProperties"), dict):
        patterns += list(node["patternProperties"])
    for pattern in patterns:
        problem = form_patterns.pattern_problem(pattern)
        if problem:
            raise DefinitionError(f"pola (pattern) {_show(pattern)} {problem}", file=file, element_id=element)
    if "unevaluatedProperties" in node:
        raise DefinitionError(
            "unevaluatedProperties tidak didukung: formulir Alur sudah menolak isian yang tidak dikenal; "
            "pakai additionalProperties bila perlu",
            file=file,
            element_id=element,
        )


def _check_fields(
    node: dict[str, Any],
    closed: dict[str, Any],
    validator: Draft202012Validator,
    prefix: tuple[str, ...],
    file: str,
) -> None:
    properties = node.get("properties", {})
    for name in node.get("required", []):
        if name not in properties:
            raise DefinitionError(
                f"isian wajib {name!r} tidak ada di properties",
                file=file,
                element_id=".".join((*prefix, name)),
            )
    for name, field in properties.items():
        path = (*prefix, name)
        element = ".".join(path)
        if not isinstance(field, dict):
            raise DefinitionError(
                "isian harus berupa skema objek dengan title dan examples", file=file, element_id=element
            )
        title = field.get("title")
        if not isinstance(title, str) or not title.strip():
            raise DefinitionError(
                "isian tidak memiliki title (judul berbahasa Indonesia)", file=file, element_id=element
            )
        _check_checklist(field, file, element)
        examples = field.get("examples")
        if not isinstance(examples, list) or not examples:
            raise DefinitionError(
                "isian tidak memiliki examples (minimal satu contoh nilai yang valid)",
                file=file,
                element_id=element,
            )
        field_validator = validator.evolve(schema=closed["properties"][name])
        for example in examples:
            try:
                errors = _field_errors(field_validator.iter_errors(_strip(example)), field, path, title)
            except Unresolvable as error:
                raise DefinitionError(
                    f"rujukan $ref tidak dapat diselesaikan: {_cut(str(error), 120)}",
                    file=file,
                    element_id=element,
                ) from None
            if errors:
                raise DefinitionError(
                    f"contoh nilai {_show(example)} tidak lolos validasi: {next(iter(errors.values()))}",
                    file=file,
                    element_id=element,
                )
        if isinstance(field.get("properties"), dict):
            _check_fields(field, closed["properties"][name], validator, path, file)


def _check_checklist(field: dict[str, Any], file: str, element: str) -> None:
    flag = field.get(CHECKLIST)
    if flag is None or flag is False:
        return
    if flag is not True:
        raise DefinitionError(f"{CHECKLIST} harus bernilai true atau false", file=file, element_id=element)
    if field.get("type") != "array":
        raise DefinitionError('isian checklist harus "type": "array"', file=file, element_id=element)
    items = field.get("items")
    options = items.get("oneOf") if isinstance(items, dict) else None
    if not isinstance(options, list) or not options:
        raise DefinitionError(
            'items isian checklist harus berupa "oneOf" berisi pilihan {"const": ..., "title": ...}',
            file=file,
            element_id=element,
        )
    seen: set[str] = set()
    for number, option in enumerate(options, start=1):
        if (
            not isinstance(option, dict)
            or not isinstance(option.get("const"), str)
            or not option["const"]
            or not isinstance(option.get("title"), str)
            or not option["title"].strip()
        ):
            raise DefinitionError(
                f"pilihan ke-{number} pada checklist harus memiliki const (teks) dan title",
                file=file,
                element_id=element,
            )
        if option["const"] in seen:
            raise DefinitionError(
                f"pilihan {option['const']!r} muncul lebih dari sekali pada checklist",
                file=file,
                element_id=element,
            )
        seen.add(option["const"])


def _schema_nodes(node: Any, where: tuple[str, ...]) -> Iterable[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every subschema with its field path, skipping values that are data (examples, const, enum, default)."""
    if isinstance(node, list):
        for child in node:
            yield from _schema_nodes(child, where)
        return
    if not isinstance(node, dict):
        return
    yield where, node
    for key, child in node.items():
        if key in _NOT_SCHEMAS:
            continue
        if key == "properties" and isinstance(child, dict):
            for name, field in child.items():
                yield from _schema_nodes(field, (*where, name))
        else:
            yield from _schema_nodes(child, where)


def _closed(node: Any) -> Any:
    """A copy of the schema where every plain object with ``properties`` rejects unknown fields."""
    if not isinstance(node, dict):
        return node
    copy = dict(node)
    if isinstance(node.get("properties"), dict):
        copy["properties"] = {name: _closed(field) for name, field in node["properties"].items()}
        if not {"additionalProperties", "patternProperties", "unevaluatedProperties"} & node.keys():
            copy["additionalProperties"] = False
    for keyword in ("items", "additionalProperties"):
        if isinstance(node.get(keyword), dict):
            copy[keyword] = _closed(node[keyword])
    if isinstance(node.get("prefixItems"), list):
        copy["prefixItems"] = [_closed(item) for item in node["prefixItems"]]
    if isinstance(node.get("$defs"), dict):
        copy["$defs"] = {name: _closed(definition) for name, definition in node["$defs"].items()}
    return copy


# --- validating submitted data -------------------------------------------------------------------------


def validate_form(schema: dict[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate submitted data (formats checked) and return it with strings stripped.

    Raises ``ValidationFailed("Data formulir tidak valid", field_errors=...)`` listing every field at once,
    each with a specific Indonesian message that uses the field's title.
    """
    if not isinstance(data, Mapping):
        raise ValidationFailed(INVALID_FORM, {"": "Data formulir harus berupa objek"})
    too_big = _size_problem(schema, data)
    if too_big:
        raise ValidationFailed(INVALID_FORM, {"": too_big})
    validator = form_patterns.FormValidator(_closed(schema), format_checker=FORMAT_CHECKER)
    try:
        cleaned: dict[str, Any] = _strip(dict(data))
        field_errors = _length_errors(schema, cleaned)
        for path, message in _field_errors(validator.iter_errors(cleaned), schema, (), "Data formulir").items():
            field_errors.setdefault(path, message)
    except RecursionError:
        raise ValidationFailed(INVALID_FORM, {"": "Data formulir terlalu dalam bersarang"}) from None
    if field_errors:
        raise ValidationFailed(INVALID_FORM, field_errors)
    return cleaned


def text_limit(field: Mapping[str, Any]) -> int:
    """The most characters a string in ``field`` may hold: its ``maxLength`` (within the ceiling) or the default."""
    declared = field.get("maxLength")
    if isinstance(declared, int) and not isinstance(declared, bool) and declared >= 0:
        return min(declared, MAX_TEXT_LENGTH_CEILING)
    return MAX_TEXT_LENGTH


def _size_problem(schema: dict[str, Any], data: Mapping[str, Any]) -> str | None:
    """Why the submission is too large to store, naming its largest field; checked before anything else."""

    def size(value: Any) -> int:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
        return len(text.encode("utf-8", "surrogatepass"))

    try:
        total = size(dict(data))
        if total <= MAX_DATA_BYTES:
            return None
        largest = max(data, key=lambda name: size(data[name]))
    except (TypeError, ValueError, RecursionError):
        return None  # validation names what is wrong with such data
    title = _title(_nodes_along(schema, [largest]), [largest], "Data formulir")
    return (f"Data formulir terlalu besar ({_number(round(total / 1024))} KB; paling banyak "
            f"{_number(MAX_DATA_BYTES // 1024)} KB). Isian terbesar: {title}")


def _length_errors(schema: dict[str, Any], data: Any) -> dict[str, str]:
    """Every string longer than its field allows (:func:`text_limit`), by dotted path, with the limit."""
    errors: dict[str, str] = {}

    def visit(value: Any, path: list[Any]) -> None:
        if isinstance(value, str):
            nodes = _nodes_along(schema, path)
            limit = text_limit(nodes[-1])
            if len(value) > limit:
                checklist_at = next((depth for depth, node in enumerate(nodes) if node.get(CHECKLIST) is True), None)
                where = path if checklist_at is None else path[:checklist_at]
                title = _title(_nodes_along(schema, where), where, "Data formulir")
                errors.setdefault(".".join(str(part) for part in where),
                                  _message("maxLength", limit, value, title, False, None))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, [*path, index])
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(item, [*path, key])

    visit(data, [])
    return errors


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_strip(item) for item in value]
    if isinstance(value, dict):
        return {key: _strip(item) for key, item in value.items()}
    return value


def _field_errors(
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
    nodes = _nodes_along(root, path)
    checklist_at = next((depth for depth, node in enumerate(nodes) if node.get(CHECKLIST) is True), None)
    if checklist_at is not None and checklist_at < len(path):
        # An error about one ticked option belongs to the checklist, the thing the user sees.
        path = path[:checklist_at]
        title = _title(nodes[: checklist_at + 1], path, root_title)
        if keyword in ("enum", "const", "oneOf", "anyOf", "type"):
            return [(path, f"{title}: pilihan {_show(error.instance)} tidak dikenal")]
        return [(path, f"{title} tidak valid")]
    title = _title(nodes, path, root_title)
    is_checklist = nodes[-1].get(CHECKLIST) is True
    instance = error.instance

    if keyword == "required" and isinstance(instance, dict) and isinstance(expected, list):
        missing = [name for name in expected if isinstance(name, str) and name not in instance]
        paths = [[*path, name] for name in missing]
        return [
            (where, f"{_title(_nodes_along(root, where), where, root_title)} wajib diisi") for where in paths
        ]
    if keyword == "additionalProperties" and isinstance(instance, dict):
        extra = form_patterns.extra_properties(instance, error.schema if isinstance(error.schema, dict) else {})
        return [([*path, key], f"Isian {_show(key)} tidak dikenal") for key in extra] or [
            (path, f"{title} berisi isian yang tidak dikenal")
        ]
    return [(path, _message(keyword, expected, instance, title, is_checklist, error.schema))]


def _message(keyword: Any, expected: Any, instance: Any, title: str, is_checklist: bool, schema: Any) -> str:
    """The message for one failed keyword; ``title`` names the field as the user sees it."""
    if keyword == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        words = " atau ".join(_TYPE_WORDS.get(str(kind), str(kind)) for kind in kinds)
        return f"{title} harus berupa {words}"
    if keyword == "format" and isinstance(instance, str):
        problem = format_problem(str(expected), instance) or "tidak sesuai format"
        if expected in ("nik", "npwp", "nib"):
            return f"{title}: {problem}"
        return f"{title} {problem}"
    if keyword == "minLength":
        return f"{title} wajib diisi" if expected == 1 else f"{title} minimal {expected} karakter"
    if keyword == "maxLength":
        return f"{title} paling banyak {_number(expected)} karakter"
    if keyword == "minimum":
        return f"{title} paling kecil {_number(expected)}"
    if keyword == "maximum":
        return f"{title} paling besar {_number(expected)}"
    if keyword == "exclusiveMinimum":
        return f"{title} harus lebih besar dari {_number(expected)}"
    if keyword == "exclusiveMaximum":
        return f"{title} harus lebih kecil dari {_number(expected)}"
    if keyword == "multipleOf":
        return f"{title} harus kelipatan {_number(expected)}"
    if keyword == "pattern":
        return f"{title} tidak sesuai dengan bentuk yang diminta"
    if keyword in ("enum", "const"):
        return f"{title}: pilihan {_show(instance)} tidak dikenal"
    if keyword in ("oneOf", "anyOf"):
        if isinstance(expected, list) and all(isinstance(opt, dict) and "const" in opt for opt in expected):
            return f"{title}: pilihan {_show(instance)} tidak dikenal"
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


def _nodes_along(root: dict[str, Any], path: Sequence[Any]) -> list[dict[str, Any]]:
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


def _title(nodes: list[dict[str, Any]], path: Sequence[Any], root_title: str) -> str:
    title = nodes[-1].get("title") if nodes else None
    if isinstance(title, str) and title.strip():
        return title.strip()
    if not path:
        return root_title
    if isinstance(path[-1], int):
        return f"{_title(nodes[:-1], path[:-1], root_title)} ke-{path[-1] + 1}"
    return str(path[-1])


def field_title(schema: dict[str, Any], path: str) -> str:
    """The title of the field at a dotted path (``alamat.kota``), for labels and messages."""
    parts: list[Any] = [int(part) if part.isdecimal() else part for part in path.split(".")] if path else []
    return _title(_nodes_along(schema, parts), parts, "Data formulir")


def _number(value: Any) -> str:
    """A number as Indonesians write it: 1.000.000 and 2,5."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int) or value.is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,}".replace(",", "_").replace(".", ",").replace("_", ".")


def _show(value: Any) -> str:
    """A value quoted for a message, cut so a pasted essay does not become the message."""
    try:
        text = f"'{value}'" if isinstance(value, str) else repr(value)
    except (ValueError, RecursionError):
        text = "..."
    return _cut(text, 60)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- HTML form submissions -----------------------------------------------------------------------------


def coerce_form_fields(schema: dict[str, Any], fields: Mapping[str, list[str]]) -> dict[str, Any]:
    """Turn an HTML form submission (name -> list of strings) into typed JSON for :func:`validate_form`.

    Pass ``request.form.to_dict(flat=False)``. Nested fields are named with dots (``alamat.kota``). Per type:
    integer/number accept ``1.500.000`` (thousands) and ``1,5`` (decimal comma), and ``1.5`` from a number
    input; boolean takes the last value (so a hidden ``false`` before a checkbox works); an array (a
    checklist) takes every non-empty value and is ``[]`` when nothing is ticked; strings are stripped; empty
    values are omitted so a required field reports "wajib diisi". Anything that does not parse stays a string
    so validation names the problem. Fields the schema does not know are ignored.
    """
    return _coerce_object(schema, fields, "")


def _coerce_object(node: dict[str, Any], fields: Mapping[str, Any], prefix: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    properties = node.get("properties")
    if not isinstance(properties, dict):
        return result
    for name, field in properties.items():
        if not isinstance(field, dict):
            continue
        key = f"{prefix}{name}"
        kind = _main_type(field)
        if kind == "object" and isinstance(field.get("properties"), dict):
            nested = _coerce_object(field, fields, f"{key}.")
            if nested:
                result[name] = nested
            continue
        raw = fields.get(key, [])
        values = [raw] if isinstance(raw, str) else list(raw)
        if kind == "array":
            items = field.get("items")
            item_kind = _main_type(items) if isinstance(items, dict) else None
            coerced = [_coerce_value(item_kind, value) for value in values]
            result[name] = [value for value in coerced if value is not _OMIT]
            continue
        if values:
            value = _coerce_value(kind, values[-1])
            if value is not _OMIT:
                result[name] = value
    return result


_OMIT: Final = object()


def _coerce_value(kind: str | None, raw: Any) -> Any:
    if not isinstance(raw, str):
        return raw
    text = raw.strip()
    if kind == "boolean":
        lowered = text.lower()
        if lowered in _TRUE_WORDS:
            return True
        if lowered in _FALSE_WORDS:
            return False
        return text
    if not text:
        return _OMIT
    if kind == "integer":
        number = _parse_integer(text)
        return text if number is None else number
    if kind == "number":
        number = _parse_integer(text) if _INTEGER.fullmatch(text) else None
        if number is None:
            number = _parse_decimal(text)
        return text if number is None else number
    return text


def _parse_integer(text: str) -> int | None:
    try:
        if _INTEGER.fullmatch(text):
            return int(text)
        if _INTEGER_GROUPED.fullmatch(text):
            return int(text.replace(".", ""))
    except ValueError:  # more digits than int() converts
        return None
    return None


def _parse_decimal(text: str) -> int | float | None:
    if _DECIMAL_DOT.fullmatch(text):
        number: float = float(text)
    elif _DECIMAL_COMMA.fullmatch(text):
        number = float(text.replace(".", "").replace(",", "."))
    elif _INTEGER_GROUPED.fullmatch(text):
        return _parse_integer(text)
    else:
        return None
    return number if math.isfinite(number) else None


def _main_type(field: dict[str, Any]) -> str | None:
    kind = field.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if isinstance(k, str) and k != "null"), None)
    if isinstance(kind, str):
        return kind
    values = [field["const"]] if "const" in field else field.get("enum")
    if isinstance(values, list) and values:
        # No "type" but fixed values (``"const": true``): coerce to what those values are.
        if all(isinstance(value, bool) for value in values):
            return "boolean"
        if all(isinstance(value, int) and not isinstance(value, bool) for value in values):
            return "integer"
        if all(isinstance(value, int | float) and not isinstance(value, bool) for value in values):
            return "number"
    if field.get(CHECKLIST) is True:
        return "array"
    if isinstance(field.get("properties"), dict):
        return "object"
    return None


# --- rendering helpers ---------------------------------------------------------------------------------


def checklist_options(field: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The ``(value, title)`` options of one checklist field, in order."""
    items = field.get("items")
    options = items.get("oneOf") if isinstance(items, dict) else None
    if not isinstance(options, list):
        return []
    return [
        (option["const"], str(option.get("title", option["const"])))
        for option in options
        if isinstance(option, dict) and isinstance(option.get("const"), str)
    ]


def requirement_checklist_titles(schema: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The ``(value, title)`` of every option of every top-level checklist: the step's Kelengkapan."""
    properties = schema.get("properties")
    if not isinstance(properties, dict):
        return []
    return [
        option
        for field in properties.values()
        if isinstance(field, dict) and field.get(CHECKLIST) is True
        for option in checklist_options(field)
    ]
