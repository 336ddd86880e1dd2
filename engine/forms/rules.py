"""Alur's own form rules, the ones JSON Schema cannot say: a checklist complete when a question says so, and a
date that cannot lie in the future.

``"x-alur-complete-when": {"field": "persyaratan_lengkap", "equals": true, "checklist": "persyaratan"}`` on an
object: when ``field`` holds ``equals``, every option of the checklist ``checklist`` must be ticked (a list of
such objects declares several). ``"x-alur-not-after-today": true`` on a ``"format": "date"`` field: the date may
not be after the office's today, which the caller passes from the injected clock.

Both are checked when a process is synced (:func:`rule_problems`) and when data is submitted
(:func:`rule_errors`), with messages that name the field once and say what is missing.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, Final

from engine.errors import DefinitionError
from engine.forms.html_input import CHECKLIST
from engine.phrases import N_, Phrase
from engine.timekeeping.duration_words import date_phrase

COMPLETE_WHEN: Final = "x-alur-complete-when"
NOT_AFTER_TODAY: Final = "x-alur-not-after-today"


def rule_problems(schema: Mapping[str, Any], *, file: str) -> list[DefinitionError]:
    """Every misdeclared rule: an unknown field, a checklist that is not one, a date rule on a non-date."""
    problems: list[DefinitionError] = []
    for where, node in _objects(schema, ()):
        element = ".".join(where) or None
        for rule in _complete_rules(node):
            problem = _complete_rule_problem(node, rule)
            if problem:
                problems.append(DefinitionError(N_("%(complete_when)s: %(problem)s"), file=file, element_id=element,
                                                complete_when=COMPLETE_WHEN, problem=problem))
        for name, field in node.get("properties", {}).items():
            flag = field.get(NOT_AFTER_TODAY) if isinstance(field, dict) else None
            if flag is None or flag is False:
                continue
            at = ".".join((*where, name))
            if flag is not True:
                problems.append(DefinitionError(N_("%(not_after_today)s harus bernilai true atau false"),
                                                file=file, element_id=at, not_after_today=NOT_AFTER_TODAY))
            elif field.get("format") != "date":
                problems.append(DefinitionError(N_('%(not_after_today)s hanya berlaku untuk isian "format": "date"'),
                                                file=file, element_id=at, not_after_today=NOT_AFTER_TODAY))
    return problems


def rule_errors(schema: Mapping[str, Any], data: Any, today: date | None) -> dict[str, Phrase]:
    """Every broken rule in submitted data, by dotted field path; the date rule only when ``today`` is given."""
    errors: dict[str, Phrase] = {}
    for where, node, values in _objects_with_data(schema, data, ()):
        properties = node.get("properties", {})
        for rule in _complete_rules(node):
            if _complete_rule_problem(node, rule) or values.get(rule["field"]) != rule["equals"]:
                continue
            checklist = properties[rule["checklist"]]
            ticked = values.get(rule["checklist"])
            ticked = ticked if isinstance(ticked, list) else []
            missing = [option["title"] for option in checklist["items"]["oneOf"] if option["const"] not in ticked]
            if missing:
                question = properties[rule["field"]].get("title", rule["field"])
                errors[".".join((*where, rule["checklist"]))] = Phrase(
                    N_("%(checklist)s belum lengkap: %(missing)s belum dicentang; centang semuanya atau %(other)s"),
                    {"checklist": checklist["title"], "missing": ", ".join(missing),
                     "other": _other_answer(question, rule["equals"])})
        if today is None:
            continue
        for name, field in properties.items():
            value = values.get(name)
            if not (isinstance(field, dict) and field.get(NOT_AFTER_TODAY) is True and isinstance(value, str)):
                continue
            try:
                day = date.fromisoformat(value)
            except ValueError:
                continue  # the format check names a malformed date
            if day > today:
                errors[".".join((*where, name))] = Phrase(
                    N_("%(field)s tidak boleh setelah hari ini (%(today)s)"),
                    {"field": field.get("title", name), "today": date_phrase(today)})
    return errors


def _other_answer(question: str, value: Any) -> Phrase:
    """How to say the checklist need not be complete: answer the question the other way."""
    if isinstance(value, bool):
        return Phrase(N_('jawab "%(question)s" dengan %(answer)s'),
                      {"question": question, "answer": Phrase(N_("Tidak") if value else N_("Ya"))})
    return Phrase(N_('ubah jawaban "%(question)s"'), {"question": question})


def _complete_rules(node: Mapping[str, Any]) -> list[Any]:
    declared = node.get(COMPLETE_WHEN)
    if declared is None:
        return []
    return list(declared) if isinstance(declared, list) else [declared]


def _complete_rule_problem(node: Mapping[str, Any], rule: Any) -> str | None:
    if not isinstance(rule, dict) or set(rule) != {"field", "equals", "checklist"}:
        return 'tulis {"field": ..., "equals": ..., "checklist": ...}'
    properties = node.get("properties", {})
    if rule["field"] not in properties:
        return f"isian {rule['field']!r} tidak ada di properties"
    checklist = properties.get(rule["checklist"])
    if not isinstance(checklist, dict) or checklist.get(CHECKLIST) is not True:
        return f"{rule['checklist']!r} bukan isian checklist (x-alur-checklist) di properties"
    options = (checklist.get("items") or {}).get("oneOf")
    if not isinstance(options, list) or not all(isinstance(o, dict) and "const" in o and "title" in o
                                                for o in options):
        return f"checklist {rule['checklist']!r} tidak memiliki pilihan {{const, title}}"
    return None


def _objects(node: Any, where: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any]]]:
    """Every object schema with ``properties`` and its field path."""
    if not isinstance(node, Mapping) or not isinstance(node.get("properties"), Mapping):
        return
    yield where, node
    for name, field in node["properties"].items():
        yield from _objects(field, (*where, name))


def _objects_with_data(node: Any, data: Any, where: tuple[str, ...]
                       ) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any], Mapping[str, Any]]]:
    if not isinstance(node, Mapping) or not isinstance(node.get("properties"), Mapping):
        return
    if not isinstance(data, Mapping):
        return
    yield where, node, data
    for name, field in node["properties"].items():
        yield from _objects_with_data(field, data.get(name), (*where, name))
