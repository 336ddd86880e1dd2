"""The jsonschema validator every form is checked with, at sync and on every submission.

Draft 2020-12 with two changes that keep its answers and change its cost:

- ``pattern``, ``patternProperties`` and ``additionalProperties`` match regular expressions with RE2
  (:mod:`engine.forms.patterns`), so no value can make a pattern backtrack;
- a ``oneOf`` of plain choices — each branch a ``const`` with only annotations beside it (a checklist's options,
  a choice with titles) — is decided by comparing the value with the choices. The general keyword validates every
  branch and builds an error for each option not chosen: most of a valid submission's validation time (issue 14).
  A value that does not match exactly one choice, and any other ``oneOf``, goes to the general keyword, so the
  errors users see are the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from jsonschema import Draft202012Validator, ValidationError, validators

from engine.forms.patterns import additional_properties_keyword, pattern_keyword, pattern_properties_keyword

_GENERAL_ONE_OF = Draft202012Validator.VALIDATORS["oneOf"]
_CONST = Draft202012Validator.VALIDATORS["const"]


def _one_of(validator: Any, branches: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not _matches_one_choice(validator, branches, instance):
        yield from _GENERAL_ONE_OF(validator, branches, instance, schema)


def _matches_one_choice(validator: Any, branches: Any, instance: Any) -> bool:
    """Whether ``branches`` are all plain choices and ``instance`` equals exactly one of them (compared as
    ``const`` compares: ``true`` is not ``1``)."""
    if not isinstance(branches, list):
        return False
    matched = 0
    for branch in branches:
        if not isinstance(branch, dict) or "const" not in branch \
                or any(keyword in validator.VALIDATORS for keyword in branch if keyword != "const"):
            return False
        if next(_CONST(validator, branch["const"], instance, branch), None) is None:
            matched += 1
    return matched == 1


FormValidator: Final = validators.extend(
    Draft202012Validator,
    {"pattern": pattern_keyword, "patternProperties": pattern_properties_keyword,
     "additionalProperties": additional_properties_keyword, "oneOf": _one_of},
)
"""Draft 2020-12 with every regular expression matched by RE2 and plain choices compared directly.

``unevaluatedProperties`` would still match ``patternProperties`` with ``re``; forms refuse it at sync.
"""
