"""The form of a step made from its Mutu Baku: the Kelengkapan as a checklist, the Output as typed fields
where the words say what it is, a yes/no field for each decision the step answers, and a note.

A starting point the office refines (the forms stay plain JSON Schema files in the process folder).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_FILE_FIRST = re.compile(r"\b(scan|pindai|pindaian|unggah|upload|softcopy|soft copy|pdf|foto)\b")
_LETTER = re.compile(r"\b(surat|sk|nomor|no\.|nota dinas|berita acara|keputusan|sertifikat|piagam|undangan)\b")
_DATE = re.compile(r"\b(tanggal|tgl)\b")
_NUMBER = re.compile(r"\b(jumlah|banyaknya|angka|total|skor)\b")
_DECIMAL = re.compile(r"\b(nilai|persentase|persen|rata-rata)\b")
_FILE = re.compile(r"\b(dokumen|berkas|file|arsip|lampiran)\b")
_FORMATS = (("nib", re.compile(r"^(?:terbitnya\s+)?(?:nib|nomor induk berusaha)\b"), "1234567890123"),
            ("npwp", re.compile(r"^(?:nomor\s+)?npwp\b"), "5201014107900001"),
            ("nik", re.compile(r"^(?:nomor\s+)?nik\b"), "5201014107900001"),
            ("email", re.compile(r"^(?:alamat\s+)?(?:e-?mail|surel)\b"), "nama@contoh.go.id"))
_DRAFT = re.compile(r"\b(draf|draft|konsep|rancangan)\b")


def slug(text: str, limit: int = 40) -> str:
    """snake_case words of ``text``, at most ``limit`` characters, cut at a word: an id or a field name."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.split(r"[^a-z0-9]+", folded) if w]
    result = ""
    for word in words:
        candidate = f"{result}_{word}" if result else word
        if len(candidate) > limit:
            break
        result = candidate
    result = result or (words[0][:limit] if words else "")
    if not result or not result[0].isalpha():
        result = f"n_{result}".rstrip("_")
    return result


def unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    taken.add(candidate)
    return candidate


class StepForm:
    """The fields of one step's form, added in order."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.properties: dict[str, dict[str, Any]] = {}
        self.required: list[str] = []
        #: What the words of the Output were read as ("'Nomor SK' → nomor dan tanggal surat").
        self.readings: list[str] = []

    def add(self, name: str, schema: dict[str, Any], *, required: bool = True) -> str:
        field = unique(name, set(self.properties))
        self.properties[field] = schema
        if required:
            self.required.append(field)
        return field

    def checklist(self, requirements: Sequence[str]) -> None:
        if not requirements:
            return
        taken: set[str] = set()
        items = [{"const": unique(slug(r, 30) or "syarat", taken), "title": r} for r in requirements]
        self.add("persyaratan", {"title": "Kelengkapan/Persyaratan", "type": "array", "x-alur-checklist": True,
                                 "uniqueItems": True, "items": {"oneOf": items},
                                 "examples": [[i["const"] for i in items]]})

    def decision(self, question: str) -> str:
        """A required yes/no field asking ``question``; its name is what the gateway's condition reads."""
        return self.add(slug(question.rstrip("?"), 40) or "keputusan",
                        {"title": question, "type": "boolean", "examples": [True]})

    def outputs(self, output: str) -> None:
        plain: list[str] = []
        for item in [i.strip() for i in re.split(r"\s*;\s*|\n", output) if i.strip()]:
            if not self._typed(item):
                plain.append(item)
        if plain:
            text = "; ".join(plain)
            self.add("hasil", {"title": f"Hasil: {text}"[:200], "type": "string", "minLength": 1,
                               "examples": ["Sudah dilaksanakan"]})

    def note(self) -> None:
        self.add("catatan", {"title": "Catatan", "type": "string", "maxLength": 2000,
                             "examples": ["Tidak ada catatan"]}, required=False)

    def _typed(self, item: str) -> bool:
        words = item.lower()
        name = slug(item, 30)
        if _DRAFT.search(words):  # a draft has no number or date of its own yet
            return False
        for fmt, pattern, example in _FORMATS:
            if pattern.search(words):
                self.add(fmt, {"title": item, "type": "string", "format": fmt, "examples": [example]})
                self.readings.append(f"'{item}' → isian berformat {fmt}")
                return True
        if _FILE_FIRST.search(words):
            return self._file(item, name)
        if _LETTER.search(words):
            base = re.sub(r"^(nomor|no|tanggal)_(dan_)?(tanggal_|nomor_)?", "", slug(item, 80)) or "surat"
            self.add(slug(f"nomor_{base}", 40), {"title": f"Nomor {item}"[:200], "type": "string", "minLength": 1,
                                            "examples": ["800/123/DISKOP/2026"]})
            self.add(slug(f"tanggal_{base}", 40), {"title": f"Tanggal {item}"[:200], "type": "string",
                                              "format": "date", "examples": ["2026-01-05"]})
            self.readings.append(f"'{item}' → nomor dan tanggal surat")
            return True
        if _DATE.search(words):
            self.add(name, {"title": item, "type": "string", "format": "date", "examples": ["2026-01-05"]})
            self.readings.append(f"'{item}' → tanggal")
            return True
        if _NUMBER.search(words) or _DECIMAL.search(words):
            kind = "integer" if _NUMBER.search(words) else "number"
            self.add(name, {"title": item, "type": kind, "minimum": 0, "examples": [1]})
            self.readings.append(f"'{item}' → angka")
            return True
        if _FILE.search(words):
            return self._file(item, name)
        return False

    def _file(self, item: str, name: str) -> bool:
        self.add(name, {"title": f"{item} (nama berkas; unggah berkasnya sebagai lampiran langkah ini)"[:200],
                        "type": "string", "minLength": 1, "examples": ["berkas.pdf"]})
        self.readings.append(f"'{item}' → berkas (lampiran langkah)")
        return True

    def schema(self) -> dict[str, Any]:
        return {"$schema": DRAFT, "title": self.title, "type": "object", "properties": self.properties,
                "required": self.required}


def start_form(title: str, with_applicant: bool) -> tuple[dict[str, Any], str]:
    """The form filled in when a case starts, and the field that names the case (its subject)."""
    field, label, example = ("nama_pemohon", "Nama pemohon", "Baiq Nurul Aini") if with_applicant \
        else ("perihal", "Perihal", "Kegiatan tahun 2026")
    schema = {"$schema": DRAFT, "title": title, "type": "object",
              "properties": {field: {"title": label, "type": "string", "minLength": 1, "maxLength": 200,
                                     "examples": [example]}},
              "required": [field]}
    return schema, field
