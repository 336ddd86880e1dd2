"""The form validator's shortcut for ``oneOf`` of plain choices answers exactly as Draft 2020-12 does."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from engine.forms import validate_form
from engine.forms import validator as form_validator
from engine.forms.validator import FormValidator

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from([0.0, 1.0, 1.5]),
                    st.sampled_from(["a", "b", "A", ""]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=2),
                                                       st.dictionaries(st.sampled_from(["k", "a"]), inner, max_size=2)),
                      max_leaves=4)
#: A branch of ``oneOf``: a plain choice (const with annotations or unknown keywords), or one the shortcut must leave
#: to the general keyword (another validating keyword beside const, no const, or a boolean schema).
BRANCHES = st.one_of(
    st.builds(lambda value, title: {"const": value, **({"title": title} if title else {})}, VALUES,
              st.sampled_from(["", "Pilihan"])),
    st.builds(lambda value: {"const": value, "x-alur-note": "unknown keywords are annotations"}, VALUES),
    st.builds(lambda value: {"const": value, "type": "string"}, VALUES),
    st.builds(lambda value: {"enum": [value]}, VALUES),
    st.booleans(),
)


def _errors(validator: Any, instance: Any) -> list[tuple[Any, ...]]:
    return sorted((tuple(e.absolute_path), tuple(e.absolute_schema_path), e.message)
                  for e in validator.iter_errors(instance))


@settings(deadline=None, max_examples=300)
@given(branches=st.lists(BRANCHES, min_size=1, max_size=4), instance=VALUES)
def test_one_of_gives_the_same_errors_as_draft_2020_12(branches: list[Any], instance: Any) -> None:
    schema = {"oneOf": branches}
    assert _errors(FormValidator(schema), instance) == _errors(Draft202012Validator(schema), instance)


@settings(deadline=None, max_examples=100)
@given(chosen=st.lists(st.sampled_from(["fotokopi_ktp", "sku_desa", "lain", 1, True]), max_size=3))
def test_a_checklist_gives_the_same_errors_as_draft_2020_12(chosen: list[Any]) -> None:
    schema = {"type": "array", "uniqueItems": True,
              "items": {"oneOf": [{"const": "fotokopi_ktp", "title": "Foto Copy KTP"},
                                  {"const": "sku_desa", "title": "Surat Keterangan Usaha"}]}}
    assert _errors(FormValidator(schema), chosen) == _errors(Draft202012Validator(schema), chosen)


def test_a_valid_checklist_does_not_validate_every_option(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut is taken: the general keyword is not asked about a ticked option (it was most of the cost)."""
    asked: list[Any] = []
    general = form_validator._GENERAL_ONE_OF

    def counting(validator: Any, branches: Any, instance: Any, schema: Any) -> Any:
        asked.append(instance)
        yield from general(validator, branches, instance, schema)

    monkeypatch.setattr(form_validator, "_GENERAL_ONE_OF", counting)
    schema = {"type": "object", "properties": {"persyaratan": {
        "title": "Persyaratan", "type": "array", "x-alur-checklist": True,
        "items": {"oneOf": [{"const": "ktp", "title": "KTP"}, {"const": "sku", "title": "SKU"}]}}}}
    assert validate_form(schema, {"persyaratan": ["ktp", "sku"]}) == {"persyaratan": ["ktp", "sku"]}
    assert asked == []
    with pytest.raises(Exception, match="tidak valid"):
        validate_form(schema, {"persyaratan": ["ktp", "lain"]})
    assert asked == ["lain"]  # only the option that is no choice goes the general way, for its message
