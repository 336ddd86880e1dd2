"""The form made from a step's Mutu Baku: the Kelengkapan as a checklist, the Output typed by its words."""

from __future__ import annotations

import pytest

from engine.errors import ValidationFailed
from engine.forms import form_schema_problems, validate_form
from engine.sop_table.forms import StepForm, slug


def _form(output: str, requirements: tuple[str, ...] = ("Surat permohonan", "Fotokopi KTP")) -> StepForm:
    form = StepForm("Langkah uji")
    form.checklist(list(requirements))
    form.decision("Berkas lengkap?")
    form.outputs(output)
    form.note()
    return form


@pytest.mark.parametrize(("output", "fields"), [
    ("Jumlah peserta", {"jumlah_peserta": ("integer", None)}),
    ("Tanggal pelaksanaan", {"tanggal_pelaksanaan": ("string", "date")}),
    ("SK panitia", {"nomor_sk_panitia": ("string", None), "tanggal_sk_panitia": ("string", "date")}),
    ("Nomor dan tanggal surat rekomendasi", {"nomor_surat_rekomendasi": ("string", None),
                                             "tanggal_surat_rekomendasi": ("string", "date")}),
    ("Scan dokumen perjanjian", {"scan_dokumen_perjanjian": ("string", None)}),
    ("Unggah foto kegiatan", {"unggah_foto_kegiatan": ("string", None)}),
    ("NIB", {"nib": ("string", "nib")}),
    ("Draf NIB", {"hasil": ("string", None)}),
    ("Laporan kegiatan; Jumlah UMKM", {"jumlah_umkm": ("integer", None), "hasil": ("string", None)}),
])
def test_output_words_say_the_field_type(output: str, fields: dict[str, tuple[str, str | None]]) -> None:
    form = _form(output)
    schema = form.schema()
    typed = {name: (spec["type"], spec.get("format")) for name, spec in schema["properties"].items()
             if name not in ("persyaratan", "berkas_lengkap", "catatan")}
    assert typed == fields
    assert schema["properties"]["persyaratan"]["x-alur-checklist"] is True
    assert schema["properties"]["berkas_lengkap"] == {"title": "Berkas lengkap?", "type": "boolean",
                                                      "examples": [True]}
    assert "catatan" in schema["properties"] and "catatan" not in schema["required"]
    assert form_schema_problems(schema, file="uji.json") == []


def test_the_generated_form_accepts_its_examples_and_refuses_a_missing_answer() -> None:
    schema = _form("Nomor surat; Tanggal kirim").schema()
    example = {name: spec["examples"][0] for name, spec in schema["properties"].items()}
    assert validate_form(schema, example)["berkas_lengkap"] is True
    del example["berkas_lengkap"]
    with pytest.raises(ValidationFailed):
        validate_form(schema, example)


def test_slugs() -> None:
    assert slug("Memeriksa kelengkapan berkas permohonan pemohon izin", 40) == "memeriksa_kelengkapan_berkas_permohonan"
    assert slug("1. Surat", 10) == "n_1_surat"
    assert slug("Évaluasi — Tahap II", 40) == "evaluasi_tahap_ii"
