"""HTML form submissions turned into typed JSON, and the checklist options a page renders."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Final

CHECKLIST: Final = "x-alur-checklist"
_INTEGER = re.compile(r"[+-]?[0-9]+")
_INTEGER_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+")
_DECIMAL_DOT = re.compile(r"[+-]?[0-9]+\.[0-9]+")
_DECIMAL_COMMA = re.compile(r"[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),[0-9]+")
_TRUE_WORDS = frozenset({"true", "on", "ya", "1"})
_FALSE_WORDS = frozenset({"false", "off", "tidak", "0", ""})


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
