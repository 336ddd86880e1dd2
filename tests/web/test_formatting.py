"""Presentation helpers: dates in the office's zone and language, standard-time totals, form fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import session

from webapp import formatting

MOMENT = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(("lang", "expected"), [("id", "23 November 2026 09.00 WITA"),
                                                ("en", "23 November 2026, 09:00 WITA")])
def test_localdt_uses_the_office_zone_and_the_language(app, lang: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context("/"):
        session["lang"] = lang
        assert formatting.localdt(MOMENT) == expected


def test_indonesian_month_names_and_other_zones(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context("/"):
        assert formatting.localdt(datetime(2026, 8, 17, 1, 0, tzinfo=UTC)) == "17 Agustus 2026 09.00 WITA"
        assert formatting.localdate(MOMENT) == "Senin, 23 November 2026"
        app.config["TIMEZONE"] = "Asia/Jakarta"
        assert formatting.localdt(MOMENT) == "23 November 2026 08.00 WIB"
        app.config["TIMEZONE"] = "Europe/Amsterdam"
        assert formatting.localdt(MOMENT) == "23 November 2026 02.00 +01:00"


def test_relative_and_elapsed(app) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context("/"):
        assert formatting.relative(MOMENT + timedelta(hours=3)) == "dalam 3 jam"
        assert formatting.relative(MOMENT - timedelta(days=2)) == "2 hari yang lalu"
        assert formatting.elapsed(MOMENT, MOMENT + timedelta(hours=1, minutes=20)) == "1 jam 20 menit"
        assert formatting.elapsed(MOMENT, MOMENT + timedelta(days=2, hours=3, minutes=5)) == "2 hari 3 jam"


@dataclass
class _Step:
    standard_duration: str
    standard_time_text: str | None


@pytest.mark.parametrize(("lang", "words", "texts"), [
    ("id", "2 hari kerja 2 jam 15 menit", ("30 menit", "1 jam", "2 hari kerja", "45 menit")),
    ("en", "2 working days 2 hours 15 minutes", ("30 minutes", "1 hour", "2 working days", "45 minutes")),
])
def test_total_standard_time_keeps_working_days_apart_from_hours(  # type: ignore[no-untyped-def]
        app, lang: str, words: str, texts: tuple[str, ...]) -> None:
    steps = [_Step("PT30M", "30 Menit"), _Step("PT1H", "1 Jam"), _Step("P2D", "2 Hari"), _Step("PT45M", None)]
    with app.test_request_context("/"):
        session["lang"] = lang
        total = formatting.total_standard_time(steps)
        assert formatting.total_standard_time([]).words == ""
    assert total.texts == texts  # in words, in the page's language: no ISO 8601, no SOP spelling
    assert total.words == words


def test_form_fields_choose_an_input_per_type(app) -> None:  # type: ignore[no-untyped-def]
    schema = {
        "type": "object",
        "required": ["tanggal", "persyaratan", "lengkap"],
        "properties": {
            "catatan": {"title": "Catatan", "type": "string"},
            "persyaratan": {"title": "Kelengkapan", "type": "array", "x-alur-checklist": True,
                            "items": {"oneOf": [{"const": "ktp", "title": "KTP"}]}},
            "lengkap": {"title": "Lengkap?", "type": "boolean"},
            "setuju": {"title": "Setuju?", "type": "boolean"},
            "tanggal": {"title": "Tanggal", "type": "string", "format": "date"},
            "surel": {"title": "Email", "type": "string", "format": "email"},
            "nib": {"title": "NIB", "type": "string", "format": "nib", "examples": ["9120001234567"]},
            "risiko": {"title": "Risiko", "type": "string", "enum": ["Rendah", "Tinggi"]},
            "jumlah": {"title": "Jumlah", "type": "integer", "minimum": 1},
            "alamat": {"title": "Alamat", "type": "object", "properties": {"kota": {"type": "string"}}},
        },
    }
    with app.test_request_context("/"):
        fields = formatting.form_fields(schema, {"persyaratan": ["ktp"]}, {"tanggal": "Tanggal wajib diisi"})
    kinds = {f.name: f.kind for f in fields}
    assert [f.name for f in fields][:3] == ["tanggal", "persyaratan", "lengkap"]  # required order first
    assert kinds == {"tanggal": "date", "persyaratan": "checklist", "lengkap": "decision", "catatan": "textarea",
                     "setuju": "checkbox", "surel": "email", "nib": "identifier", "risiko": "select",
                     "jumlah": "integer", "alamat": "group"}
    by_name = {f.name: f for f in fields}
    assert by_name["tanggal"].error == "Tanggal wajib diisi"
    assert by_name["persyaratan"].value == ["ktp"] and by_name["persyaratan"].options == [("ktp", "KTP")]
    assert by_name["nib"].placeholder == "Contoh: 9120001234567"
    assert by_name["alamat"].children[0].name == "alamat.kota" and by_name["alamat"].children[0].id == "f-alamat-kota"


def test_data_rows_show_titles_and_option_names(app) -> None:  # type: ignore[no-untyped-def]
    schema = {"type": "object", "required": ["persyaratan", "lengkap"], "properties": {
        "persyaratan": {"title": "Kelengkapan", "type": "array", "x-alur-checklist": True,
                        "items": {"oneOf": [{"const": "ktp", "title": "Foto Copy KTP"}]}},
        "lengkap": {"title": "Lengkap?", "type": "boolean"}}}
    with app.test_request_context("/"):
        rows = formatting.data_rows(schema, {"lengkap": False, "persyaratan": ["ktp"], "lain": 3})
    assert [(r.title, r.value) for r in rows] == [("Kelengkapan", "Foto Copy KTP"), ("Lengkap?", "Tidak"),
                                                 ("Lain", "3")]
