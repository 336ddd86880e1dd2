"""Step forms: JSON Schema (draft 2020-12) checked when a process is synced and when data is submitted.

Decisions:

- Forms reject unknown fields: every object schema that lists ``properties`` and says nothing about
  ``additionalProperties`` / ``patternProperties`` / ``unevaluatedProperties`` is treated as closed
  (``"additionalProperties": false``). A schema may still open an object by setting one of them. Objects
  inside ``allOf``/``anyOf``/``oneOf``/``if``/``not`` are left as written, so composition keeps working.
- ``validate_form`` returns the data with surrounding whitespace stripped from every string and nothing else
  changed (an NPWP stays as typed; call :func:`engine.forms.identifiers.normalize_npwp` where digits are needed).
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
  (:mod:`engine.forms.patterns`). ``unevaluatedProperties`` is refused: jsonschema would match
  ``patternProperties`` for it with Python's backtracking ``re``.
- Free text is bounded before anything is stored: a string may hold at most its ``maxLength`` or, when the
  schema sets none, :data:`MAX_TEXT_LENGTH` characters; a form may not set ``maxLength`` above
  :data:`MAX_TEXT_LENGTH_CEILING`; one submission (a case's start data, a step's data) may not exceed
  :data:`MAX_DATA_BYTES` as JSON. One default for every string keeps the rule in one place: the longest
  text the SOPs' forms declare is 2,000 characters (a note, an address), and a field that needs less says so.
- Formats live in :mod:`engine.forms.formats`, messages in :mod:`engine.forms.messages`, HTML input and
  checklist options in :mod:`engine.forms.html_input`; their public names are also importable from here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, Final

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from referencing.exceptions import Unresolvable

from engine.errors import DefinitionError, ValidationFailed
from engine.forms import patterns as form_patterns
from engine.forms import rules as form_rules
from engine.forms.formats import FORMAT_CHECKER as FORMAT_CHECKER
from engine.forms.formats import SUPPORTED_FORMATS as SUPPORTED_FORMATS
from engine.forms.formats import format_problem as format_problem
from engine.forms.html_input import CHECKLIST as CHECKLIST
from engine.forms.html_input import checklist_options as checklist_options
from engine.forms.html_input import coerce_form_fields as coerce_form_fields
from engine.forms.html_input import requirement_checklist_titles as requirement_checklist_titles
from engine.forms.messages import cut as _cut
from engine.forms.messages import field_errors as _field_errors
from engine.forms.messages import field_title as field_title
from engine.forms.messages import message_for as _message
from engine.forms.messages import nodes_along as _nodes_along
from engine.forms.messages import number as _number
from engine.forms.messages import show as _show
from engine.forms.messages import title_of as _title
from engine.forms.validator import FormValidator
from engine.phrases import N_, Phrase

DRAFT_2020_12: Final = "https://json-schema.org/draft/2020-12/schema"
INVALID_FORM: Final = N_("Data formulir tidak valid")
MAX_TEXT_LENGTH: Final = 2_000
"""Characters a string field holds when its schema sets no ``maxLength``."""
MAX_TEXT_LENGTH_CEILING: Final = 10_000
"""The largest ``maxLength`` a form may declare; a larger one is refused at sync."""
MAX_DATA_BYTES: Final = 256 * 1024
"""The largest submission (a case's start data or one step's data) as UTF-8 JSON, checked before storing."""
MAX_CASE_DATA_BYTES: Final = 2 * 1024 * 1024
"""The most one case may hold: its saved state (every step's data so far) plus a new submission. A case of
twenty full steps fits; a case that would make every later page, export and PDF of it heavy does not."""


_NOT_SCHEMAS = frozenset({"examples", "const", "enum", "default"})  # keys whose values are data, not schemas


# --- checking a schema at sync time --------------------------------------------------------------------


def check_form_schema(schema: dict[str, Any], *, file: str) -> None:
    """Refuse a form schema an office cannot rely on, saying which field is wrong (the first problem)."""
    problems = form_schema_problems(schema, file=file)
    if problems:
        raise problems[0]


def form_schema_problems(schema: dict[str, Any], *, file: str) -> list[DefinitionError]:
    """Every problem of a form schema, so an office fixes them all in one go.

    Checked: it compiles as draft 2020-12; the top level is ``type: object``; every field (recursively) has a
    ``title`` and at least one example, and every example passes that field's schema with formats checked;
    checklists are arrays of ``oneOf`` options ``{const, title}``; formats are supported; ``$ref`` are local.
    A schema that does not compile is reported alone: its fields cannot be judged.
    """
    try:
        _check_whole(schema, file)
    except DefinitionError as problem:
        return [problem]
    problems: list[DefinitionError] = []
    for where, node in _schema_nodes(schema, ()):
        try:
            _check_keywords(node, where, file)
        except DefinitionError as problem:
            problems.append(problem)
    closed = _closed(schema)
    validator = FormValidator(closed, format_checker=FORMAT_CHECKER)
    _check_fields(schema, closed, validator, (), file, problems)
    problems.extend(form_rules.rule_problems(schema, file=file))
    return problems


def _check_whole(schema: Any, file: str) -> None:
    if not isinstance(schema, dict):
        raise DefinitionError(N_("skema formulir harus berupa objek JSON"), file=file)
    declared = schema.get("$schema")
    if declared is not None and (not isinstance(declared, str) or declared.rstrip("#") != DRAFT_2020_12):
        raise DefinitionError(N_('"$schema" formulir harus "%(draft_2020_12)s"'),
                              file=file, draft_2020_12=DRAFT_2020_12)
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        location = [str(part) for part in error.absolute_path]
        at = f" (di {'.'.join(location)})" if location else ""
        raise DefinitionError(
            N_("skema formulir tidak sah menurut JSON Schema 2020-12%(at)s: %(message_name)s"),
            file=file,
            element_id=_field_of(location),
            at=at, message_name=_cut(error.message, 200)) from None
    if schema.get("type") != "object":
        raise DefinitionError(N_('tingkat teratas skema formulir harus "type": "object"'), file=file)


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
            N_("format %(name)s tidak didukung; yang didukung: %(supported_formats)s"),
            file=file,
            element_id=element,
            name=repr(name), supported_formats=', '.join(SUPPORTED_FORMATS))
    for keyword in ("$ref", "$dynamicRef"):
        reference = node.get(keyword)
        if isinstance(reference, str) and not reference.startswith("#"):
            raise DefinitionError(
                N_("%(keyword)s %(reference)s menunjuk ke luar berkas; hanya rujukan lokal (#...) yang diizinkan"),
                file=file,
                element_id=element,
                keyword=keyword, reference=repr(reference))
    _check_limits_and_patterns(node, element, file)


def _check_limits_and_patterns(node: dict[str, Any], element: str | None, file: str) -> None:
    """Refuse a ``maxLength`` above the ceiling, a pattern that could hang a check, ``unevaluatedProperties``."""
    declared = node.get("maxLength")
    if isinstance(declared, int) and not isinstance(declared, bool) and declared > MAX_TEXT_LENGTH_CEILING:
        raise DefinitionError(
            N_("maxLength %(declared)s melebihi batas %(max_text_length_ceiling)s karakter; teks yang lebih panjang "
               "dilampirkan sebagai berkas"),
            file=file,
            element_id=element,
            declared=_number(declared), max_text_length_ceiling=_number(MAX_TEXT_LENGTH_CEILING))
    patterns = [node["pattern"]] if "pattern" in node else []
    if isinstance(node.get("patternProperties"), dict):
        patterns += list(node["patternProperties"])
    for pattern in patterns:
        problem = form_patterns.pattern_problem(pattern)
        if problem:
            raise DefinitionError(N_("pola (pattern) %(pattern)s %(problem)s"), file=file, element_id=element,
                                  pattern=_show(pattern), problem=problem)
    if "unevaluatedProperties" in node:
        raise DefinitionError(
            N_("unevaluatedProperties tidak didukung: formulir Alur sudah menolak isian yang tidak dikenal; pakai "
               "additionalProperties bila perlu"),
            file=file,
            element_id=element,
        )


def _check_fields(
    node: dict[str, Any],
    closed: dict[str, Any],
    validator: Draft202012Validator,
    prefix: tuple[str, ...],
    file: str,
    problems: list[DefinitionError],
) -> None:
    properties = node.get("properties", {})
    for name in node.get("required", []):
        if name not in properties:
            problems.append(DefinitionError(N_("isian wajib %(name)s tidak ada di properties"), file=file,
                                            element_id=".".join((*prefix, name)), name=repr(name)))
    for name, field in properties.items():
        try:
            _check_field(name, field, closed, validator, prefix, file, problems)
        except DefinitionError as problem:
            problems.append(problem)


def _check_field(
    name: str,
    field: Any,
    closed: dict[str, Any],
    validator: Draft202012Validator,
    prefix: tuple[str, ...],
    file: str,
    problems: list[DefinitionError],
) -> None:
    """One field's problem (raised: the first one), then its nested fields' (collected)."""
    path = (*prefix, name)
    element = ".".join(path)
    if not isinstance(field, dict):
        raise DefinitionError(
            N_("isian harus berupa skema objek dengan title dan examples"), file=file, element_id=element
        )
    title = field.get("title")
    if not isinstance(title, str) or not title.strip():
        raise DefinitionError(
            N_("isian tidak memiliki title (judul berbahasa Indonesia)"), file=file, element_id=element
        )
    _check_checklist(field, file, element)
    examples = field.get("examples")
    if not isinstance(examples, list) or not examples:
        raise DefinitionError(
            N_("isian tidak memiliki examples (minimal satu contoh nilai yang valid)"),
            file=file,
            element_id=element,
        )
    field_validator = validator.evolve(schema=closed["properties"][name])
    for example in examples:
        try:
            errors = _field_errors(field_validator.iter_errors(_strip(example)), field, path, title)
        except Unresolvable as error:
            raise DefinitionError(
                N_("rujukan $ref tidak dapat diselesaikan: %(error)s"),
                file=file,
                element_id=element,
                error=_cut(str(error), 120)) from None
        if errors:
            raise DefinitionError(
                N_("contoh nilai %(example)s tidak lolos validasi: %(errors)s"),
                file=file,
                element_id=element,
                example=_show(example), errors=next(iter(errors.values())))
    if isinstance(field.get("properties"), dict):
        _check_fields(field, closed["properties"][name], validator, path, file, problems)


def _check_checklist(field: dict[str, Any], file: str, element: str) -> None:
    flag = field.get(CHECKLIST)
    if flag is None or flag is False:
        return
    if flag is not True:
        raise DefinitionError(N_("%(checklist)s harus bernilai true atau false"), file=file, element_id=element,
                              checklist=CHECKLIST)
    if field.get("type") != "array":
        raise DefinitionError(N_('isian checklist harus "type": "array"'), file=file, element_id=element)
    items = field.get("items")
    options = items.get("oneOf") if isinstance(items, dict) else None
    if not isinstance(options, list) or not options:
        raise DefinitionError(
            N_('items isian checklist harus berupa "oneOf" berisi pilihan {"const": ..., "title": ...}'),
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
                N_("pilihan ke-%(value)s pada checklist harus memiliki const (teks) dan title"),
                file=file,
                element_id=element,
                value=number)
        if option["const"] in seen:
            raise DefinitionError(
                N_("pilihan %(const)s muncul lebih dari sekali pada checklist"),
                file=file,
                element_id=element,
                const=repr(option['const']))
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


def validate_form(schema: dict[str, Any], data: Mapping[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """Validate submitted data (formats checked) and return it with strings stripped.

    Alur's own rules (:mod:`engine.forms.rules`) are checked too; ``today`` (the office's date from the injected
    clock) is needed for ``x-alur-not-after-today``, which is not checked without it (examples at sync).
    Raises ``ValidationFailed("Data formulir tidak valid", field_errors=...)`` listing every field at once,
    each with a specific Indonesian message that uses the field's title.
    """
    if not isinstance(data, Mapping):
        raise ValidationFailed(INVALID_FORM, {"": N_("Data formulir harus berupa objek")})
    too_big = _size_problem(schema, data)
    if too_big:
        raise ValidationFailed(INVALID_FORM, {"": too_big})
    validator = FormValidator(_closed(schema), format_checker=FORMAT_CHECKER)
    try:
        cleaned: dict[str, Any] = _strip(dict(data))
        field_errors: dict[str, str | Phrase] = dict(_length_errors(schema, cleaned))
        for path, message in _field_errors(validator.iter_errors(cleaned), schema, (), "Data formulir").items():
            field_errors.setdefault(path, message)
        for path, message in form_rules.rule_errors(schema, cleaned, today).items():
            field_errors.setdefault(path, message)
    except RecursionError:
        raise ValidationFailed(INVALID_FORM, {"": N_("Data formulir terlalu dalam bersarang")}) from None
    if field_errors:
        raise ValidationFailed(INVALID_FORM, field_errors)
    return cleaned


def case_room_problem(stored_bytes: int, data: Mapping[str, Any]) -> Phrase | None:
    """Why a submission does not fit in its case (:data:`MAX_CASE_DATA_BYTES`), or None when it does."""
    incoming = len(json.dumps(dict(data), ensure_ascii=False, separators=(",", ":"), default=str).encode())
    if stored_bytes + incoming <= MAX_CASE_DATA_BYTES:
        return None
    return Phrase(N_("Kasus ini sudah menyimpan %(stored)s KB data; isian ini (%(incoming)s KB) melampaui batas "
                     "%(limit)s KB per kasus. Lampirkan dokumen besar sebagai berkas, bukan sebagai teks."),
                  {"stored": _number(round(stored_bytes / 1024)), "incoming": _number(round(incoming / 1024)),
                   "limit": _number(MAX_CASE_DATA_BYTES // 1024)})


def text_limit(field: Mapping[str, Any]) -> int:
    """The most characters a string in ``field`` may hold: its ``maxLength`` (within the ceiling) or the default."""
    declared = field.get("maxLength")
    if isinstance(declared, int) and not isinstance(declared, bool) and declared >= 0:
        return min(declared, MAX_TEXT_LENGTH_CEILING)
    return MAX_TEXT_LENGTH


def _size_problem(schema: dict[str, Any], data: Mapping[str, Any]) -> Phrase | None:
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
    return Phrase(N_("Data formulir terlalu besar (%(size)s KB; paling banyak %(limit)s KB). "
                     "Isian terbesar: %(field)s"),
                  {"size": _number(round(total / 1024)), "limit": _number(MAX_DATA_BYTES // 1024), "field": title})


def _length_errors(schema: dict[str, Any], data: Any) -> dict[str, Phrase]:
    """Every string longer than its field allows (:func:`text_limit`), by dotted path, with the limit."""
    errors: dict[str, Phrase] = {}

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
