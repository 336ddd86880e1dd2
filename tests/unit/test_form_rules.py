"""Alur's own form rules: a checklist complete when the form says so, no date of issue in the future, and
messages that name a field once (issue 13, forms)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from engine import forms
from engine.errors import ValidationFailed
from engine.forms.identifiers import nib_problem, nik_problem, npwp_problem
from engine.forms.messages import identifier_message
from engine.phrases import Phrase

from support import PROCESSES_DIR

NIB_FORMS = PROCESSES_DIR / "pelayanan_nib_oss" / "forms"
TODAY = date(2026, 11, 23)


def _nib(name: str) -> dict[str, Any]:
    return json.loads((NIB_FORMS / f"{name}.json").read_text(encoding="utf-8"))


def _errors(schema: dict[str, Any], data: dict[str, Any], today: date | None = TODAY) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failed:
        forms.validate_form(schema, data, today=today)
    return failed.value.field_errors


def test_the_nib_step_declares_its_checklist_complete_when_requirements_are_said_complete() -> None:
    schema = _nib("input_data_pemohon")
    assert schema["x-alur-complete-when"] == {"field": "persyaratan_lengkap", "equals": True,
                                              "checklist": "persyaratan"}
    assert forms.form_schema_problems(schema, file="input_data_pemohon.json") == []


@pytest.mark.parametrize(("ticked", "missing"), [
    ([], "Foto Copy KTP, Surat Keterangan Usaha dari Desa"),
    (["sku_desa"], "Foto Copy KTP"),
    (["fotokopi_ktp"], "Surat Keterangan Usaha dari Desa"),
])
def test_requirements_said_complete_with_items_unticked_name_the_missing_items(ticked: list[str], missing: str) -> None:
    errors = _errors(_nib("input_data_pemohon"), {"persyaratan": ticked, "persyaratan_lengkap": True})
    assert errors == {"persyaratan": f"Kelengkapan/Persyaratan belum lengkap: {missing} belum dicentang; "
                                     'centang semuanya atau jawab "Persyaratan lengkap?" dengan Tidak'}


def test_a_complete_checklist_or_an_honest_no_is_accepted() -> None:
    schema = _nib("input_data_pemohon")
    both = ["fotokopi_ktp", "sku_desa"]
    complete = {"persyaratan": both, "persyaratan_lengkap": True}
    assert forms.validate_form(schema, complete, today=TODAY)["persyaratan"] == both
    honest_no = {"persyaratan": [], "persyaratan_lengkap": False}
    assert forms.validate_form(schema, honest_no, today=TODAY)["persyaratan"] == []


def _penerbitan(day: str) -> dict[str, Any]:
    return {"persyaratan": ["fotokopi_ktp", "sku_desa", "memiliki_email", "memiliki_npwp"], "nib": "9120001234567",
            "tanggal_terbit": day, "risiko": "Rendah"}


def test_an_nib_issued_tomorrow_is_refused_today_and_today_is_accepted() -> None:
    schema = _nib("penerbitan_nib")
    assert schema["properties"]["tanggal_terbit"]["x-alur-not-after-today"] is True
    errors = _errors(schema, _penerbitan("2026-11-24"))
    assert errors == {"tanggal_terbit": "Tanggal terbit NIB tidak boleh setelah hari ini (23 November 2026)"}
    assert forms.validate_form(schema, _penerbitan("2026-11-23"), today=TODAY)["tanggal_terbit"] == "2026-11-23"
    # The rule follows the clock it is given: tomorrow the same date is fine.
    assert forms.validate_form(schema, _penerbitan("2026-11-24"), today=date(2026, 11, 24))


def test_a_malformed_date_is_reported_by_its_format_not_twice() -> None:
    errors = _errors(_nib("penerbitan_nib"), _penerbitan("2026-13-40"))
    assert list(errors) == ["tanggal_terbit"] and "tanggal yang valid" in errors["tanggal_terbit"]


@pytest.mark.parametrize(("rule", "problem"), [
    ({"field": "tidak_ada", "equals": True, "checklist": "persyaratan"}, "isian 'tidak_ada' tidak ada"),
    ({"field": "lengkap", "equals": True, "checklist": "catatan"}, "'catatan' bukan isian checklist"),
    ({"field": "lengkap", "checklist": "persyaratan"}, 'tulis {"field"'),
])
def test_a_misdeclared_completeness_rule_is_refused_at_sync(rule: dict[str, Any], problem: str) -> None:
    schema = {"type": "object", "x-alur-complete-when": rule, "properties": {
        "persyaratan": {"title": "Persyaratan", "type": "array", "x-alur-checklist": True,
                        "items": {"oneOf": [{"const": "ktp", "title": "KTP"}]}, "examples": [["ktp"]]},
        "lengkap": {"title": "Lengkap?", "type": "boolean", "examples": [True]},
        "catatan": {"title": "Catatan", "type": "string", "examples": ["-"]},
    }}
    problems = forms.form_schema_problems(schema, file="f.json")
    assert len(problems) == 1 and problem in str(problems[0]) and "x-alur-complete-when" in str(problems[0])


def test_the_date_rule_on_a_field_that_is_not_a_date_is_refused_at_sync() -> None:
    schema = {"type": "object", "properties": {
        "nomor": {"title": "Nomor", "type": "string", "x-alur-not-after-today": True, "examples": ["1"]}}}
    [problem] = forms.form_schema_problems(schema, file="f.json")
    assert 'hanya berlaku untuk isian "format": "date"' in str(problem) and problem.element_id == "nomor"


@pytest.mark.parametrize(("title", "problem", "message"), [
    ("NIK pemohon", nik_problem("123"), "NIK pemohon harus 16 digit angka"),
    ("NIK pemohon", nik_problem("9901014107900001"), "NIK pemohon: kode provinsi 99 tidak dikenal"),
    ("Nomor identitas", nik_problem("123"), "Nomor identitas harus 16 digit angka"),
    ("NIB", nib_problem("1"), "NIB harus 13 digit angka"),
    ("NPWP", npwp_problem("12"), "NPWP harus 15 atau 16 digit angka (tertulis 2 digit; contoh 01.234.567.8-901.000 "
                                 "atau NIK 16 digit)"),
])
def test_an_identifier_is_named_once(title: str, problem: Phrase, message: str) -> None:
    assert str(identifier_message(title, problem)) == message


def test_the_nik_message_of_a_real_form_does_not_repeat_nik() -> None:
    errors = _errors(_nib("start"), {"nama_pemohon": "Baiq", "nik": "1234", "email": "a@contoh.id",
                                     "npwp": "5201014107900001", "nama_usaha": "X", "alamat_usaha": "Y"})
    assert errors["nik"].count("NIK") == 1 and errors["nik"].endswith("harus 16 digit angka")
