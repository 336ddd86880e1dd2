"""Forms cannot hang the server and cannot store unbounded text.

The review: ``^(a+)+$`` with a matching example hung ``alur processes sync``; ``^([a-zA-Z]+ ?)+$`` held a request
32 s on a 29-character value; an 11 MB ``alamat_usaha`` was accepted. Patterns are now matched by RE2 (linear:
these tests finish in milliseconds, and Python's ``re`` is trapped so a regression fails instead of hanging),
catastrophic patterns are refused at sync, and every string and every submission has a limit.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema._keywords
import jsonschema._utils
import pytest

from engine.errors import DefinitionError, ValidationFailed
from engine.forms import (
    MAX_DATA_BYTES,
    MAX_TEXT_LENGTH,
    MAX_TEXT_LENGTH_CEILING,
    check_form_schema,
    text_limit,
    validate_form,
)
from engine.forms import patterns as form_patterns

FILE = "forms/uji.json"


def _form(**fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Uji",
        "type": "object",
        "properties": fields,
    }


def _text(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, "type": "string", "examples": ["Jl. Raya Gerung No. 1"], **extra}


class _NoPythonRegex:
    """Stands in for ``re`` inside jsonschema: any use of Python's backtracking engine fails the test at once."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"jsonschema used Python's re.{name} for a form pattern")


@pytest.fixture
def no_python_regex(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonschema._keywords, "re", _NoPythonRegex())
    monkeypatch.setattr(jsonschema._utils, "re", _NoPythonRegex())


def _refusal(schema: dict[str, Any]) -> str:
    with pytest.raises(DefinitionError) as refused:
        check_form_schema(schema, file=FILE)
    return str(refused.value)


# --- the two reproductions -----------------------------------------------------------------------------


def test_nested_quantifier_with_a_matching_example_is_refused_at_sync(no_python_regex: None) -> None:
    # Used to hang `alur processes sync` (killed after 90 s).
    schema = _form(kode={"title": "Kode", "type": "string", "pattern": "^(a+)+$", "examples": ["a" * 40]})
    message = _refusal(schema)
    assert FILE in message and "elemen kode" in message
    assert "pola (pattern) '^(a+)+$'" in message
    assert "berulang lagi" in message


def test_the_realistic_name_pattern_is_refused_at_sync(no_python_regex: None) -> None:
    schema = _form(nama=_text("Nama", pattern="^([a-zA-Z]+ ?)+$", examples=["Baiq Nurul"]))
    message = _refusal(schema)
    assert "elemen nama" in message and "^([a-zA-Z]+ ?)+$" in message and "berulang lagi" in message


def test_a_request_against_an_already_stored_catastrophic_pattern_is_answered_at_once(no_python_regex: None) -> None:
    # A definition registered before this check still holds the pattern: matching it must stay linear.
    schema = _form(nama=_text("Nama", pattern="^([a-zA-Z]+ ?)+$"))
    for value in ("a" * 28 + "!", "Baiq Nurul " * 150 + "!"):  # 29 characters held a request 32 s
        with pytest.raises(ValidationFailed) as failed:
            validate_form(schema, {"nama": value})
        assert failed.value.field_errors == {"nama": "Nama tidak sesuai dengan bentuk yang diminta"}
    assert validate_form(schema, {"nama": "Baiq Nurul Aini"}) == {"nama": "Baiq Nurul Aini"}


def test_pattern_properties_are_matched_by_re2(no_python_regex: None) -> None:
    schema = _form()
    schema["patternProperties"] = {"^(a+)+$": {"type": "integer"}}
    schema["additionalProperties"] = False
    assert validate_form(schema, {"aaa": 1}) == {"aaa": 1}
    with pytest.raises(ValidationFailed) as failed:
        validate_form(schema, {"a" * 5000 + "!": 1})
    assert list(failed.value.field_errors.values()) == [f"Isian '{'a' * 56}... tidak dikenal"]
    with pytest.raises(ValidationFailed) as failed:
        validate_form(schema, {"aaa": "x"})
    assert failed.value.field_errors == {"aaa": "aaa harus berupa angka bulat"}


# --- what sync refuses and accepts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("^(a+)+$", "berulang lagi"),
        ("^([a-zA-Z]+ ?)+$", "berulang lagi"),
        ("(x+x+)+y", "berulang lagi"),
        ("(\\w+\\w)+", "berulang lagi"),
        ("(.+,)+", "berulang lagi"),
        ("(a{2,3})+", "berulang lagi"),
        ("((a|b)+)+c", "berulang lagi"),
        ("(\\d+\\.?)+", "berulang lagi"),
        ("(a+){3}", "berulang lagi"),
        ("(a|a)*", "pilihan (|)"),
        ("(a|ab)+", "pilihan (|)"),
        ("(\\w|\\d)+", "pilihan (|)"),
        ("(?i)(a|A)+", "pilihan (|)"),
        ("(a?)+", "bisa kosong"),
        ("(a|)*", "bisa kosong"),
        ("(a)\\1", "rujukan balik"),
        ("(?=a)a", "lookaround"),
        ("(?<!a)b", "lookaround"),
        ("a{1001}", "tidak dapat dipakai"),
        ("x" * 501, "terlalu panjang"),
    ],
)
def test_patterns_that_could_hang_or_cannot_run_are_refused(pattern: str, words: str) -> None:
    assert words in (form_patterns.pattern_problem(pattern) or "")
    schema = _form(kode={"title": "Kode", "type": "string", "pattern": pattern, "examples": ["x"]})
    assert "pola (pattern)" in _refusal(schema)


@pytest.mark.parametrize(
    "pattern",
    [
        "^0[0-9]{8,13}$",
        "^[0-9]{5}$",
        "^[A-Z]{3}$",
        "^(\\d+-)+\\d+$",
        "^(\\d+\\.)+\\d+$",
        "([^,]+,)+",
        "(\\w+\\s)*\\w+",
        "(\\s*\\w)*",
        "(ab|cd)+",
        "(\\d{3}|[A-Z]{2})+",
        "(\\d{3}-?)+",
        "^[a-zA-Z ]+$",
        "^(a|b|c)+$",
        "^RT\\s?\\d{3}/RW\\s?\\d{3}$",
        "^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$",
    ],
)
def test_ordinary_patterns_are_accepted(pattern: str) -> None:
    assert form_patterns.pattern_problem(pattern) is None


def test_the_sops_patterns_are_accepted() -> None:
    schema = _form(
        telepon=_text("Telepon", pattern="^0[0-9]{8,13}$", examples=["081234567890"]),
        kode_pos=_text("Kode pos", pattern="^[0-9]{5}$", examples=["83311"]),
        kode=_text("Kode", pattern="^[A-Z]{3}$", examples=["NTB"]),
    )
    check_form_schema(schema, file=FILE)
    assert validate_form(schema, {"telepon": "081234567890", "kode_pos": "83311", "kode": "NTB"})


def test_unevaluated_properties_are_refused() -> None:
    schema = _form(nama=_text("Nama"))
    schema["unevaluatedProperties"] = False
    assert "unevaluatedProperties tidak didukung" in _refusal(schema)


# --- free-text limits ----------------------------------------------------------------------------------


def test_a_string_without_max_length_takes_the_default_limit() -> None:
    schema = _form(alamat_usaha=_text("Alamat usaha"))
    check_form_schema(schema, file=FILE)
    assert validate_form(schema, {"alamat_usaha": "x" * MAX_TEXT_LENGTH})
    with pytest.raises(ValidationFailed) as failed:
        validate_form(schema, {"alamat_usaha": "x" * (MAX_TEXT_LENGTH + 1)})
    assert failed.value.field_errors == {"alamat_usaha": "Alamat usaha paling banyak 2.000 karakter"}


def test_a_declared_max_length_counts_smaller_or_larger_up_to_the_ceiling() -> None:
    schema = _form(nama=_text("Nama", maxLength=40), uraian=_text("Uraian", maxLength=5000))
    check_form_schema(schema, file=FILE)
    assert validate_form(schema, {"nama": "x" * 40, "uraian": "x" * 5000})
    with pytest.raises(ValidationFailed) as failed:
        validate_form(schema, {"nama": "x" * 41, "uraian": "x" * 5001})
    assert failed.value.field_errors == {
        "nama": "Nama paling banyak 40 karakter",
        "uraian": "Uraian paling banyak 5.000 karakter",
    }


def test_a_max_length_above_the_ceiling_is_refused_at_sync() -> None:
    schema = _form(uraian=_text("Uraian", maxLength=MAX_TEXT_LENGTH_CEILING + 1))
    message = _refusal(schema)
    assert "elemen uraian" in message and "maxLength 10.001 melebihi batas 10.000 karakter" in message
    check_form_schema(_form(uraian=_text("Uraian", maxLength=MAX_TEXT_LENGTH_CEILING)), file=FILE)


def test_limits_reach_nested_fields_and_list_items() -> None:
    schema = _form(
        alamat={"title": "Alamat", "type": "object", "examples": [{"kota": "Gerung"}],
                "properties": {"kota": _text("Kota")}},
        anggota={"title": "Anggota", "type": "array", "items": {"type": "string"}, "examples": [["Aini"]]},
    )
    check_form_schema(schema, file=FILE)
    too_long = "x" * (MAX_TEXT_LENGTH + 1)
    with pytest.raises(ValidationFailed) as failed:
        validate_form(schema, {"alamat": {"kota": too_long}, "anggota": ["Aini", too_long]})
    assert failed.value.field_errors == {
        "alamat.kota": "Kota paling banyak 2.000 karakter",
        "anggota.1": "Anggota ke-2 paling banyak 2.000 karakter",
    }


def test_whitespace_around_a_value_does_not_count() -> None:
    schema = _form(catatan=_text("Catatan", maxLength=5))
    assert validate_form(schema, {"catatan": "  abcde  "}) == {"catatan": "abcde"}


def test_an_eleven_megabyte_address_is_refused_before_validation(no_python_regex: None) -> None:
    # The review stored an 11 MB alamat_usaha twice (case and event); the case PDF then took 103 s.
    schema = _form(alamat_usaha=_text("Alamat usaha", pattern="^([a-zA-Z]+ ?)+$"))
    with pytest.raises(ValidationFailed) as failed:
        validate_form(schema, {"alamat_usaha": "a" * (11 * 1024 * 1024)})
    assert failed.value.field_errors == {
        "": "Data formulir terlalu besar (11.264 KB; paling banyak 256 KB). Isian terbesar: Alamat usaha"
    }


def test_many_short_values_are_capped_as_a_whole() -> None:
    schema = _form(anggota={"title": "Anggota", "type": "array", "items": {"type": "string"},
                            "examples": [["Aini"]]})
    names = ["x" * 1000] * (MAX_DATA_BYTES // 1000)
    with pytest.raises(ValidationFailed) as failed:
        validate_form(schema, {"anggota": names})
    assert "paling banyak 256 KB" in failed.value.field_errors[""]
    assert validate_form(schema, {"anggota": names[:200]})


def test_text_limit_is_what_the_web_form_can_show() -> None:
    assert text_limit({"type": "string"}) == MAX_TEXT_LENGTH
    assert text_limit({"type": "string", "maxLength": 40}) == 40
    assert text_limit({"type": "string", "maxLength": 10**9}) == MAX_TEXT_LENGTH_CEILING
    assert text_limit({"type": "string", "maxLength": True}) == MAX_TEXT_LENGTH


def test_validation_does_not_change_the_schema() -> None:
    schema = _form(alamat_usaha=_text("Alamat usaha"))
    before = copy.deepcopy(schema)
    validate_form(schema, {"alamat_usaha": "Gerung"})
    assert schema == before
