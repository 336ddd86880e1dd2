"""Step forms: schema checks at sync time, validation messages, and HTML form coercion."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from engine.errors import DefinitionError, ValidationFailed
from engine.forms import (
    FORMAT_CHECKER,
    check_form_schema,
    checklist_options,
    coerce_form_fields,
    field_title,
    requirement_checklist_titles,
    validate_form,
)

# The README's example, plus one field of each kind a step form uses.
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Menginput data NIK atau email perorangan",
    "type": "object",
    "properties": {
        "persyaratan": {
            "title": "Kelengkapan/Persyaratan",
            "type": "array",
            "x-alur-checklist": True,
            "uniqueItems": True,
            "items": {
                "oneOf": [
                    {"const": "fotokopi_ktp", "title": "Foto Copy KTP"},
                    {"const": "sku_desa", "title": "Surat Keterangan Usaha dari Desa"},
                ]
            },
            "examples": [["fotokopi_ktp", "sku_desa"]],
        },
        "nik": {"title": "NIK Pemohon", "type": "string", "format": "nik", "examples": ["5201014107900001"]},
        "persyaratan_lengkap": {"title": "Persyaratan lengkap?", "type": "boolean", "examples": [True]},
        "nama_pemohon": {
            "title": "Nama Pemohon",
            "type": "string",
            "minLength": 3,
            "maxLength": 40,
            "examples": ["Baiq Nurul Aini"],
        },
        "npwp": {"title": "NPWP", "type": "string", "format": "npwp", "examples": ["01.234.567.8-901.000"]},
        "nib": {"title": "NIB", "type": "string", "format": "nib", "examples": ["1234567890123"]},
        "email": {
            "title": "Email Pemohon",
            "type": "string",
            "format": "email",
            "examples": ["aini@contoh.id"],
        },
        "tanggal_permohonan": {
            "title": "Tanggal Permohonan",
            "type": "string",
            "format": "date",
            "examples": ["2026-01-31"],
        },
        "waktu_verifikasi": {
            "title": "Waktu Verifikasi",
            "type": "string",
            "format": "date-time",
            "examples": ["2026-01-31T08:00:00+08:00"],
        },
        "jumlah_karyawan": {
            "title": "Jumlah Karyawan",
            "type": "integer",
            "minimum": 0,
            "maximum": 1000,
            "examples": [4],
        },
        "modal_usaha": {
            "title": "Modal Usaha",
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 5000000000,
            "examples": [25000000.5],
        },
        "skala_usaha": {
            "title": "Skala Usaha",
            "type": "string",
            "enum": ["mikro", "kecil", "menengah"],
            "examples": ["mikro"],
        },
        "kode_pos": {"title": "Kode Pos", "type": "string", "pattern": "^[0-9]{5}$", "examples": ["83361"]},
        "pernyataan": {"title": "Pernyataan kebenaran data", "const": True, "examples": [True]},
        "alamat": {
            "title": "Alamat Usaha",
            "type": "object",
            "properties": {
                "jalan": {"title": "Jalan", "type": "string", "examples": ["Jl. Soekarno Hatta"]},
                "kota": {
                    "title": "Kabupaten/Kota",
                    "type": "string",
                    "minLength": 1,
                    "examples": ["Lombok Barat"],
                },
            },
            "required": ["kota"],
            "examples": [{"jalan": "Jl. Soekarno Hatta", "kota": "Lombok Barat"}],
        },
        "produk": {
            "title": "Produk",
            "type": "array",
            "items": {"type": "string", "minLength": 2},
            "maxItems": 3,
            "examples": [["Kopi", "Madu"]],
        },
    },
    "required": ["persyaratan", "nik", "persyaratan_lengkap", "nama_pemohon"],
}

VALID: dict[str, Any] = {name: field["examples"][0] for name, field in SCHEMA["properties"].items()}


def test_sample_schema_is_accepted() -> None:
    check_form_schema(SCHEMA, file="forms/input.json")


def test_valid_data_is_returned_with_strings_stripped() -> None:
    data = {**VALID, "nama_pemohon": "  Baiq Nurul Aini \n", "alamat": {"kota": " Lombok Barat "}}
    expected = {**VALID, "nama_pemohon": "Baiq Nurul Aini", "alamat": {"kota": "Lombok Barat"}}
    assert validate_form(SCHEMA, data) == expected
    assert data["nama_pemohon"] == "  Baiq Nurul Aini \n"  # the caller's data is not changed


def test_npwp_is_returned_as_typed() -> None:
    assert validate_form(SCHEMA, VALID)["npwp"] == "01.234.567.8-901.000"


def _without(name: str) -> dict[str, Any]:
    return {key: value for key, value in VALID.items() if key != name}


INVALID: list[tuple[dict[str, Any], str, str]] = [
    (_without("nik"), "nik", "NIK Pemohon wajib diisi"),
    (_without("persyaratan"), "persyaratan", "Kelengkapan/Persyaratan wajib diisi"),
    ({**VALID, "nik": "520101410790001"}, "nik", "NIK Pemohon harus 16 digit angka"),
    (
        {**VALID, "nik": "5201014007900001"},
        "nik",
        "NIK Pemohon: tanggal lahir (digit 7–12) tidak valid",
    ),
    ({**VALID, "nik": "9901014107900001"}, "nik", "NIK Pemohon: kode provinsi 99 tidak dikenal"),
    ({**VALID, "nik": 5201014107900001}, "nik", "NIK Pemohon harus berupa teks"),
    (
        {**VALID, "npwp": "01.234.567.8-901"},
        "npwp",
        "NPWP harus 15 atau 16 digit angka (tertulis 12 digit; "
        "contoh 01.234.567.8-901.000 atau NIK 16 digit)",
    ),
    ({**VALID, "nib": "12345"}, "nib", "NIB harus 13 digit angka"),
    (
        {**VALID, "email": "aini@contoh"},
        "email",
        "Email Pemohon harus berupa alamat email yang valid (misalnya nama@contoh.go.id)",
    ),
    (
        {**VALID, "tanggal_permohonan": "2026-02-30"},
        "tanggal_permohonan",
        "Tanggal Permohonan harus berupa tanggal yang valid dengan bentuk TTTT-BB-HH (misalnya 2026-01-31)",
    ),
    (
        {**VALID, "tanggal_permohonan": "31-01-2026"},
        "tanggal_permohonan",
        "Tanggal Permohonan harus berupa tanggal yang valid dengan bentuk TTTT-BB-HH (misalnya 2026-01-31)",
    ),
    (
        {**VALID, "waktu_verifikasi": "2026-01-31T08:00:00"},
        "waktu_verifikasi",
        "Waktu Verifikasi harus berupa tanggal dan jam ISO 8601 dengan zona waktu "
        "(misalnya 2026-01-31T08:00:00+08:00)",
    ),
    (
        {**VALID, "persyaratan_lengkap": "ya"},
        "persyaratan_lengkap",
        "Persyaratan lengkap? harus berupa ya atau tidak",
    ),
    ({**VALID, "jumlah_karyawan": 2.5}, "jumlah_karyawan", "Jumlah Karyawan harus berupa angka bulat"),
    ({**VALID, "jumlah_karyawan": "4"}, "jumlah_karyawan", "Jumlah Karyawan harus berupa angka bulat"),
    ({**VALID, "jumlah_karyawan": True}, "jumlah_karyawan", "Jumlah Karyawan harus berupa angka bulat"),
    ({**VALID, "jumlah_karyawan": -1}, "jumlah_karyawan", "Jumlah Karyawan paling kecil 0"),
    ({**VALID, "jumlah_karyawan": 1001}, "jumlah_karyawan", "Jumlah Karyawan paling besar 1.000"),
    ({**VALID, "modal_usaha": 0}, "modal_usaha", "Modal Usaha harus lebih besar dari 0"),
    ({**VALID, "modal_usaha": 6e9}, "modal_usaha", "Modal Usaha paling besar 5.000.000.000"),
    ({**VALID, "modal_usaha": "banyak"}, "modal_usaha", "Modal Usaha harus berupa angka"),
    ({**VALID, "nama_pemohon": "Al"}, "nama_pemohon", "Nama Pemohon minimal 3 karakter"),
    ({**VALID, "nama_pemohon": "   "}, "nama_pemohon", "Nama Pemohon minimal 3 karakter"),
    ({**VALID, "nama_pemohon": "x" * 41}, "nama_pemohon", "Nama Pemohon paling banyak 40 karakter"),
    ({**VALID, "skala_usaha": "raksasa"}, "skala_usaha", "Skala Usaha: pilihan 'raksasa' tidak dikenal"),
    ({**VALID, "pernyataan": False}, "pernyataan", "Pernyataan kebenaran data: pilihan False tidak dikenal"),
    ({**VALID, "kode_pos": "8336"}, "kode_pos", "Kode Pos tidak sesuai dengan bentuk yang diminta"),
    (
        {**VALID, "persyaratan": ["fotokopi_ktp", "surat_sakti"]},
        "persyaratan",
        "Kelengkapan/Persyaratan: pilihan 'surat_sakti' tidak dikenal",
    ),
    ({**VALID, "persyaratan": [5]}, "persyaratan", "Kelengkapan/Persyaratan: pilihan 5 tidak dikenal"),
    (
        {**VALID, "persyaratan": ["sku_desa", "sku_desa"]},
        "persyaratan",
        "Kelengkapan/Persyaratan: ada pilihan yang dipilih lebih dari sekali",
    ),
    ({**VALID, "persyaratan": "sku_desa"}, "persyaratan", "Kelengkapan/Persyaratan harus berupa daftar"),
    ({**VALID, "csrf_token": "abc"}, "csrf_token", "Isian 'csrf_token' tidak dikenal"),
    ({**VALID, "alamat": {"jalan": "Jl. Udayana"}}, "alamat.kota", "Kabupaten/Kota wajib diisi"),
    ({**VALID, "alamat": {"kota": ""}}, "alamat.kota", "Kabupaten/Kota wajib diisi"),
    ({**VALID, "alamat": {"kota": "Mataram", "rt": "01"}}, "alamat.rt", "Isian 'rt' tidak dikenal"),
    ({**VALID, "alamat": "Mataram"}, "alamat", "Alamat Usaha harus berupa objek"),
    ({**VALID, "produk": ["Kopi", "M"]}, "produk.1", "Produk ke-2 minimal 2 karakter"),
    ({**VALID, "produk": ["a1", "b2", "c3", "d4"]}, "produk", "Produk paling banyak berisi 3 item"),
]


@pytest.mark.parametrize(("data", "path", "message"), INVALID)
def test_each_invalid_field_gets_its_own_indonesian_message(
    data: dict[str, Any], path: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_form(SCHEMA, data)
    assert caught.value.message == "Data formulir tidak valid"
    assert caught.value.field_errors == {path: message}


def test_all_errors_are_reported_at_once() -> None:
    data = {"nik": "123", "jumlah_karyawan": "banyak", "email": "bukan email", "tambahan": 1}
    with pytest.raises(ValidationFailed) as caught:
        validate_form(SCHEMA, data)
    assert caught.value.field_errors == {
        "persyaratan": "Kelengkapan/Persyaratan wajib diisi",
        "persyaratan_lengkap": "Persyaratan lengkap? wajib diisi",
        "nama_pemohon": "Nama Pemohon wajib diisi",
        "nik": "NIK Pemohon harus 16 digit angka",
        "email": "Email Pemohon harus berupa alamat email yang valid (misalnya nama@contoh.go.id)",
        "jumlah_karyawan": "Jumlah Karyawan harus berupa angka bulat",
        "tambahan": "Isian 'tambahan' tidak dikenal",
    }


@pytest.mark.parametrize("data", [[], "teks", 5, None])
def test_data_that_is_not_an_object(data: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_form(SCHEMA, data)
    assert caught.value.field_errors == {"": "Data formulir harus berupa objek"}


def test_a_schema_may_open_an_object_explicitly() -> None:
    schema = {"type": "object", "properties": {}, "additionalProperties": True}
    assert validate_form(schema, {"apa_saja": 1}) == {"apa_saja": 1}


FORMATS: list[tuple[str, str, bool]] = [
    ("nik", "5201014107900001", True),
    ("nik", "5201014007900001", False),
    ("npwp", "01.234.567.8-901.000", True),
    ("npwp", "5201014107900001", True),
    ("npwp", "1234", False),
    ("nib", "1234567890123", True),
    ("nib", "123456789012", False),
    ("email", "kadis@dinkop.lombokbaratkab.go.id", True),
    ("email", "nama.depan+tag@contoh.co.id", True),
    ("email", "tanpa-at.contoh.id", False),
    ("email", "dua@@contoh.id", False),
    ("email", "titik..ganda@contoh.id", False),
    ("email", "nama@contoh", False),
    ("email", "nama@-contoh.id", False),
    ("email", "nama @contoh.id", False),
    ("email", "x" * 65 + "@contoh.id", False),
    ("date", "2024-02-29", True),
    ("date", "2023-02-29", False),
    ("date", "2026-13-01", False),
    ("date", "20260131", False),
    ("date", "2026-1-31", False),
    ("date-time", "2026-01-31T08:00:00+08:00", True),
    ("date-time", "2026-01-31T08:00:00Z", True),
    ("date-time", "2026-01-31T08:00+08:00", True),
    ("date-time", "2026-01-31T08:00:00.123+08:00", True),
    ("date-time", "2026-01-31T08:00:00", False),
    ("date-time", "2026-01-31 08:00:00+08:00", False),
    ("date-time", "2026-01-31T24:00:00+08:00", False),
    ("date-time", "2026-01-31T08:00:00+24:00", False),
    ("date-time", "2026-02-30T08:00:00+08:00", False),
]


@pytest.mark.parametrize(("name", "value", "ok"), FORMATS)
def test_format_checker(name: str, value: str, ok: bool) -> None:
    assert FORMAT_CHECKER.conforms(value, name) is ok


def test_format_checker_leaves_non_strings_to_type() -> None:
    assert FORMAT_CHECKER.conforms(5, "nik")
    assert set(FORMAT_CHECKER.checkers) == {"nik", "npwp", "nib", "email", "date", "date-time"}


# --- check_form_schema --------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _field(name: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def get(schema: dict[str, Any]) -> dict[str, Any]:
        node = schema
        for part in name.split("."):
            node = node["properties"][part]
        return node

    return get


def _set(name: str, key: str, value: Any) -> Mutation:
    return lambda schema: _field(name)(schema).__setitem__(key, value)


def _delete(name: str, key: str) -> Mutation:
    return lambda schema: _field(name)(schema).pop(key)


def _top(key: str, value: Any) -> Mutation:
    return lambda schema: schema.__setitem__(key, value)


BAD_SCHEMAS: list[tuple[Mutation, str | None, str]] = [
    (_set("nik", "type", "strin"), "nik", "tidak sah menurut JSON Schema 2020-12 (di properties.nik.type)"),
    (_set("nama_pemohon", "minLength", -1), "nama_pemohon", "tidak sah menurut JSON Schema"),
    (_set("kode_pos", "pattern", "[0-9"), "kode_pos", "tidak sah menurut JSON Schema"),
    (_top("type", "array"), None, 'tingkat teratas skema formulir harus "type": "object"'),
    (lambda schema: schema.pop("type"), None, 'tingkat teratas skema formulir harus "type": "object"'),
    (_top("$schema", "http://json-schema.org/draft-07/schema#"), None, '"$schema" formulir harus'),
    (_delete("nik", "title"), "nik", "isian tidak memiliki title"),
    (_set("nik", "title", "  "), "nik", "isian tidak memiliki title"),
    (_delete("nik", "examples"), "nik", "isian tidak memiliki examples"),
    (_set("nik", "examples", []), "nik", "isian tidak memiliki examples"),
    (
        _set("nik", "examples", ["5201014107900001", "123"]),
        "nik",
        "contoh nilai '123' tidak lolos validasi: NIK Pemohon harus 16 digit angka",
    ),
    (
        _set("jumlah_karyawan", "examples", [1001]),
        "jumlah_karyawan",
        "contoh nilai 1001 tidak lolos validasi: Jumlah Karyawan paling besar 1.000",
    ),
    (
        _set("nama_pemohon", "examples", ["Al "]),
        "nama_pemohon",
        "contoh nilai 'Al ' tidak lolos validasi: Nama Pemohon minimal 3 karakter",
    ),
    (
        _set("alamat", "examples", [{"kota": "Mataram", "rt": 1}]),
        "alamat",
        "contoh nilai {'kota': 'Mataram', 'rt': 1} tidak lolos validasi: Isian 'rt' tidak dikenal",
    ),
    (_delete("alamat.kota", "title"), "alamat.kota", "isian tidak memiliki title"),
    (_delete("alamat.kota", "examples"), "alamat.kota", "isian tidak memiliki examples"),
    (
        _set("alamat.kota", "examples", [""]),
        "alamat.kota",
        "contoh nilai '' tidak lolos validasi: Kabupaten/Kota wajib diisi",
    ),
    (_set("nik", "format", "uri"), "nik", "format 'uri' tidak didukung"),
    (_set("produk", "items", {"type": "string", "format": "ipv4"}), "produk", "format 'ipv4' tidak didukung"),
    (_set("nik", "$ref", "https://contoh.id/skema.json"), "nik", "menunjuk ke luar berkas"),
    (_top("required", ["nik", "nama_ibu"]), "nama_ibu", "isian wajib 'nama_ibu' tidak ada di properties"),
    (_set("persyaratan", "type", "string"), "persyaratan", 'isian checklist harus "type": "array"'),
    (_set("persyaratan", "x-alur-checklist", "ya"), "persyaratan", "x-alur-checklist harus bernilai true"),
    (_set("persyaratan", "items", {"enum": ["a", "b"]}), "persyaratan", 'harus berupa "oneOf"'),
    (_set("persyaratan", "items", {"oneOf": []}), "persyaratan", "tidak sah menurut JSON Schema"),
    (
        _set("persyaratan", "items", {"oneOf": [{"const": "a", "title": "A"}, {"const": "b"}]}),
        "persyaratan",
        "pilihan ke-2 pada checklist harus memiliki const (teks) dan title",
    ),
    (
        _set("persyaratan", "items", {"oneOf": [{"const": 1, "title": "Satu"}]}),
        "persyaratan",
        "pilihan ke-1 pada checklist harus memiliki const (teks) dan title",
    ),
    (
        _set("persyaratan", "items", {"oneOf": [{"const": "a", "title": "A"}, {"const": "a", "title": "B"}]}),
        "persyaratan",
        "pilihan 'a' muncul lebih dari sekali pada checklist",
    ),
    (
        _set("persyaratan", "examples", [["fotokopi_ktp", "surat_lain"]]),
        "persyaratan",
        "tidak lolos validasi: Kelengkapan/Persyaratan: pilihan 'surat_lain' tidak dikenal",
    ),
]


@pytest.mark.parametrize(("mutate", "element_id", "message"), BAD_SCHEMAS)
def test_bad_schema_is_refused_with_file_and_element(
    mutate: Mutation, element_id: str | None, message: str
) -> None:
    schema = copy.deepcopy(SCHEMA)
    mutate(schema)
    with pytest.raises(DefinitionError) as caught:
        check_form_schema(schema, file="forms/input_data.json")
    error = caught.value
    assert message in error.problem
    assert error.file == "forms/input_data.json"
    assert error.element_id == element_id
    where = f", elemen {element_id}" if element_id else ""
    assert str(error) == f"berkas forms/input_data.json{where}: {error.problem}"


def test_schema_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(DefinitionError, match="harus berupa objek JSON"):
        check_form_schema([], file="forms/x.json")  # type: ignore[arg-type]


def test_local_references_work() -> None:
    schema = {
        "type": "object",
        "$defs": {"kode": {"type": "string", "pattern": "^[A-Z]{3}$"}},
        "properties": {"kode": {"title": "Kode", "$ref": "#/$defs/kode", "examples": ["ABC"]}},
    }
    check_form_schema(schema, file="forms/x.json")
    with pytest.raises(ValidationFailed) as caught:
        validate_form(schema, {"kode": "abc"})
    assert caught.value.field_errors == {"kode": "Kode tidak sesuai dengan bentuk yang diminta"}
    schema["properties"]["kode"]["$ref"] = "#/$defs/tidak_ada"
    with pytest.raises(DefinitionError, match=r"\$ref tidak dapat diselesaikan"):
        check_form_schema(schema, file="forms/x.json")


# --- coerce_form_fields -------------------------------------------------------------------------------

COERCIONS: list[tuple[dict[str, list[str]], dict[str, Any]]] = [
    ({"nik": [" 5201014107900001 "]}, {"nik": "5201014107900001"}),
    ({"nik": [""]}, {}),
    ({"nik": ["   "]}, {}),
    ({"jumlah_karyawan": ["12"]}, {"jumlah_karyawan": 12}),
    ({"jumlah_karyawan": ["-3"]}, {"jumlah_karyawan": -3}),
    ({"jumlah_karyawan": ["1.250"]}, {"jumlah_karyawan": 1250}),
    ({"jumlah_karyawan": ["2,5"]}, {"jumlah_karyawan": "2,5"}),
    ({"jumlah_karyawan": ["dua"]}, {"jumlah_karyawan": "dua"}),
    ({"modal_usaha": ["1,5"]}, {"modal_usaha": 1.5}),
    ({"modal_usaha": ["1.5"]}, {"modal_usaha": 1.5}),
    ({"modal_usaha": ["1.500.000"]}, {"modal_usaha": 1500000}),
    ({"modal_usaha": ["1.500.000,75"]}, {"modal_usaha": 1500000.75}),
    ({"modal_usaha": ["25000000"]}, {"modal_usaha": 25000000}),
    ({"modal_usaha": ["Rp 10.000"]}, {"modal_usaha": "Rp 10.000"}),
    ({"modal_usaha": ["1e999"]}, {"modal_usaha": "1e999"}),
    ({"modal_usaha": ["nan"]}, {"modal_usaha": "nan"}),
    ({"persyaratan_lengkap": ["true"]}, {"persyaratan_lengkap": True}),
    ({"persyaratan_lengkap": ["on"]}, {"persyaratan_lengkap": True}),
    ({"persyaratan_lengkap": ["Ya"]}, {"persyaratan_lengkap": True}),
    ({"persyaratan_lengkap": ["1"]}, {"persyaratan_lengkap": True}),
    ({"persyaratan_lengkap": ["false"]}, {"persyaratan_lengkap": False}),
    ({"persyaratan_lengkap": ["tidak"]}, {"persyaratan_lengkap": False}),
    ({"persyaratan_lengkap": ["0"]}, {"persyaratan_lengkap": False}),
    ({"persyaratan_lengkap": [""]}, {"persyaratan_lengkap": False}),
    ({"persyaratan_lengkap": ["false", "on"]}, {"persyaratan_lengkap": True}),  # hidden "false" + checkbox
    ({"persyaratan_lengkap": ["mungkin"]}, {"persyaratan_lengkap": "mungkin"}),
    ({"persyaratan": ["fotokopi_ktp", "sku_desa"]}, {"persyaratan": ["fotokopi_ktp", "sku_desa"]}),
    ({"persyaratan": ["fotokopi_ktp", ""]}, {"persyaratan": ["fotokopi_ktp"]}),
    ({"alamat.kota": [" Mataram "], "alamat.jalan": [""]}, {"alamat": {"kota": "Mataram"}}),
    ({"alamat.jalan": [""]}, {}),
    ({"csrf_token": ["abc"], "kirim": ["Simpan"]}, {}),
]


@pytest.mark.parametrize(("fields", "expected"), COERCIONS)
def test_coerce_form_fields(fields: dict[str, list[str]], expected: dict[str, Any]) -> None:
    # Arrays are always present: an empty checklist means nothing was ticked.
    assert coerce_form_fields(SCHEMA, fields) == {"persyaratan": [], "produk": [], **expected}


def test_coerced_submission_validates() -> None:
    fields = {
        "persyaratan": ["fotokopi_ktp"],
        "nik": ["5201014107900001"],
        "persyaratan_lengkap": ["false", "on"],
        "nama_pemohon": ["Baiq Nurul Aini"],
        "jumlah_karyawan": ["4"],
        "modal_usaha": ["25.000.000,50"],
        "alamat.kota": ["Lombok Barat"],
        "pernyataan": ["ya"],
        "csrf_token": ["x"],
    }
    assert validate_form(SCHEMA, coerce_form_fields(SCHEMA, fields)) == {
        "persyaratan": ["fotokopi_ktp"],
        "nik": "5201014107900001",
        "persyaratan_lengkap": True,
        "nama_pemohon": "Baiq Nurul Aini",
        "jumlah_karyawan": 4,
        "modal_usaha": 25000000.5,
        "alamat": {"kota": "Lombok Barat"},
        "pernyataan": True,
        "produk": [],
    }


def test_empty_required_field_reports_wajib_diisi() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate_form(SCHEMA, coerce_form_fields(SCHEMA, {"nik": [""]}))
    assert caught.value.field_errors["nik"] == "NIK Pemohon wajib diisi"


# --- rendering helpers --------------------------------------------------------------------------------


def test_checklist_helpers() -> None:
    expected = [("fotokopi_ktp", "Foto Copy KTP"), ("sku_desa", "Surat Keterangan Usaha dari Desa")]
    assert checklist_options(SCHEMA["properties"]["persyaratan"]) == expected
    assert requirement_checklist_titles(SCHEMA) == expected
    assert requirement_checklist_titles({"type": "object"}) == []


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("nik", "NIK Pemohon"),
        ("alamat.kota", "Kabupaten/Kota"),
        ("produk.0", "Produk ke-1"),
        ("tak_ada", "tak_ada"),
    ],
)
def test_field_title(path: str, title: str) -> None:
    assert field_title(SCHEMA, path) == title


# --- properties ---------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


field_keys = st.from_regex(r"[a-z]{1,6}", fullmatch=True)


def _perturb(replaced: dict[str, Any], removed: list[str], extra: dict[str, Any]) -> dict[str, Any]:
    data = {**VALID, **replaced, **extra}
    return {key: value for key, value in data.items() if key not in removed}


field_names = st.sampled_from(sorted(VALID))
near_valid = st.builds(
    _perturb,
    st.dictionaries(field_names, json_values, max_size=2),
    st.lists(field_names, max_size=1),
    st.dictionaries(st.text(max_size=5), json_values, max_size=1),
)


@settings(deadline=None)
@given(data=json_values | near_valid | st.just(VALID))
def test_validate_form_only_ever_raises_validation_failed(data: Any) -> None:
    try:
        cleaned = validate_form(SCHEMA, data)
    except ValidationFailed as error:
        assert error.field_errors
        assert all(isinstance(message, str) and message for message in error.field_errors.values())
        return
    assert Draft202012Validator(SCHEMA, format_checker=FORMAT_CHECKER).is_valid(cleaned)


def test_examples_of_the_sample_schema_pass() -> None:
    for name, field in SCHEMA["properties"].items():
        for example in field["examples"]:
            validate_form(SCHEMA, {**VALID, name: example})


FORMAT_SAMPLES = {
    "nik": ["5201014107900001", " 5201014107900001 ", "5201014007900001"],
    "npwp": ["01.234.567.8-901.000", "5201014107900001 ", "0012345678901000"],
    "nib": ["1234567890123", " 1234567890123"],
    "email": ["a@b.id", " a@b.id", "a@b"],
    "date": ["2026-01-31", "2026-02-30"],
    "date-time": ["2026-01-31T08:00:00+08:00", "2026-01-31T08:00:00"],
}
def _string_field(low: int, high: int, pattern: str | None) -> st.SearchStrategy[dict[str, Any]]:
    # Examples are mostly near the limits (padded with spaces sometimes), so many schemas pass the sync check.
    likely = st.text(alphabet="abc", min_size=low, max_size=max(low, high)).map(lambda text: f" {text}")
    examples = st.lists(likely | st.text(alphabet=" abcXYZ019.-@", max_size=12), min_size=1, max_size=3)
    return examples.map(
        lambda chosen: {
            "type": "string",
            "minLength": low,
            "maxLength": high,
            **({"pattern": pattern} if pattern else {}),
            "examples": chosen,
        }
    )


def _number_field(kind: str, low: int, high: int) -> st.SearchStrategy[dict[str, Any]]:
    likely = st.integers(min(low, high), max(low, high)) | st.floats(min(low, high), max(low, high))
    anything = st.integers(-8, 8) | st.floats(-8, 8) | st.text(max_size=2)
    examples = st.lists(likely | anything, min_size=1, max_size=3)
    return examples.map(lambda chosen: {"type": kind, "minimum": low, "maximum": high, "examples": chosen})


def _enum_field(options: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    examples = st.lists(st.sampled_from(options) | st.text(max_size=3), min_size=1, max_size=2)
    return examples.map(lambda chosen: {"enum": options, "examples": chosen})


def _format_field(name: str) -> st.SearchStrategy[dict[str, Any]]:
    examples = st.lists(st.sampled_from([*FORMAT_SAMPLES[name], "x", ""]), min_size=1, max_size=2)
    return examples.map(lambda chosen: {"type": "string", "format": name, "examples": chosen})


PATTERNS = [None, "^[a-c ]+$", "b", "^[a-c]*$"]
field_schemas = st.one_of(
    st.tuples(st.integers(0, 4), st.integers(0, 10), st.sampled_from(PATTERNS)).flatmap(
        lambda args: _string_field(*args)
    ),
    st.sampled_from(sorted(FORMAT_SAMPLES)).flatmap(_format_field),
    st.tuples(st.sampled_from(["integer", "number"]), st.integers(-5, 5), st.integers(-5, 5)).flatmap(
        lambda args: _number_field(*args)
    ),
    st.lists(st.text(max_size=3), min_size=1, max_size=3, unique=True).flatmap(_enum_field),
    st.lists(st.booleans() | st.sampled_from(["true", 1, None]), min_size=1, max_size=2).map(
        lambda chosen: {"type": "boolean", "examples": chosen}
    ),
)


@settings(deadline=None)
@given(fields=st.dictionaries(field_keys, field_schemas, min_size=1, max_size=3))
def test_a_schema_accepted_at_sync_accepts_its_own_examples(fields: dict[str, dict[str, Any]]) -> None:
    schema = {
        "type": "object",
        "properties": {name: {"title": name.upper(), **field} for name, field in fields.items()},
        "required": sorted(fields),
    }
    try:
        check_form_schema(schema, file="forms/acak.json")
    except DefinitionError:
        return
    for index in range(max(len(field["examples"]) for field in fields.values())):
        data = {name: field["examples"][index % len(field["examples"])] for name, field in fields.items()}
        validate_form(schema, data)
