"""The identity part of the SOP AP form (sheet ``Identitas``), read as offices fill it in.

A label in one column and its value beside it ("Nomor SOP | 800/12/DISKOP/2026"), or "Label : value" in one
cell; a list (Dasar Hukum …) in one cell, one item per line ("1. …", "- …"), or over several rows below its
label. Dates as Excel dates, "1 Januari 2023", "01-01-2023" or "2023-01-01". Without a "Nama SOP" row, the
name is the title over the table ("STANDAR OPERASIONAL PROSEDUR PENERBITAN SIUP", "SOP Pelayanan NIB", or the bare
heading with the name on the next line), and the import says it took it from there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from engine.phrases import N_, Phrase
from engine.sop_table.headers import normalise
from engine.sop_table.model import Identity, Problem

LABELS: dict[str, set[str]] = {
    "nomor": {"nomorsop", "nosop", "nomor", "nomersop"},
    "tanggal_pembuatan": {"tanggalpembuatan", "tglpembuatan", "tanggaldibuat", "tanggalpembuatansop"},
    "tanggal_revisi": {"tanggalrevisi", "tglrevisi", "tanggalperubahan"},
    "tanggal_efektif": {"tanggalefektif", "tglefektif", "tanggalberlaku", "mulaiberlaku"},
    "jabatan": {"disahkanoleh", "disahkanolehjabatan", "jabatan", "jabatanpengesah", "pengesah",
                "jabatanyangmengesahkan"},
    "nama_pengesah": {"nama", "namapengesah", "disahkanolehnama", "namapejabat"},
    "nip": {"nip", "nippengesah", "disahkanolehnip", "nippejabat"},
    "nama": {"namasop", "judulsop", "judul", "namaprosedur"},
    "pemerintah": {"pemerintah", "pemerintahdaerah", "pemda"},
    "instansi": {"instansi", "dinas", "instansidinasbadanbiro", "instansidinas", "opd", "perangkatdaerah",
                 "namainstansi", "skpd", "badan", "kantor"},
    "unit": {"unit", "unitkerja", "bidang", "bagian", "bagianbidang", "bidangbagian",
             "bagianbidangsekretarisinspekturpembantuwadirrsupuptduptb"},
    "seksi": {"seksi", "subbagian", "subbidang", "subbagiansubbidseksi", "seksisubbagian"},
    "alamat": {"alamat", "alamatkantor"},
    "dasar_hukum": {"dasarhukum"},
    "kualifikasi_pelaksana": {"kualifikasipelaksana", "kualifikasipelaksanaan", "kualifikasi"},
    "keterkaitan": {"keterkaitan", "keterkaitansop", "sopterkait", "keterkaitandengansoplain"},
    "peralatan_perlengkapan": {"peralatanperlengkapan", "peralatan", "perlengkapan", "peralatandanperlengkapan"},
    "peringatan": {"peringatan"},
    "pencatatan_pendataan": {"pencatatandanpendataan", "pencatatanpendataan", "pencatatan"},
    "jenis": {"jenis", "jenissop", "jenispelayanan", "sifat", "jeniskegiatan"},
    "frekuensi": {"frekuensi", "frekwensi", "periode", "pengulangan", "frekuensipelaksanaan"},
    "jadwal_mulai": {"jadwalmulai", "mulaijadwal", "mulaipertama", "pelaksanaanpertama"},
    "key": {"kodeproses", "kodesop"},
    "office_code": {"kodeinstansi"},
    "unit_code": {"kodeunit"},
    "starter_roles": {"dimulaioleh", "pemulai", "yangmemulai", "kasusdimulaioleh"},
    "reference_prefix": {"awalannomorkasus", "kodekasus", "prefiksnomorkasus"},
}
LISTS = {"dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peralatan_perlengkapan", "peringatan",
         "pencatatan_pendataan", "starter_roles"}
DATES = {"tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif", "jadwal_mulai"}
_MONTHS = {"januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3, "april": 4,
           "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8,
           "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
           "nopember": 11, "desember": 12, "des": 12}
_ITEM_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-z][.)]|[-–•*✓√·])\s+", re.IGNORECASE)
_EMPTY = {"", "-", "–", "—", "n/a", "tidak ada", "belum ada"}


def label_of(text: object) -> str | None:
    """The identity field a label cell names (``Tanggal Efektif`` → ``tanggal_efektif``), or None."""
    word = normalise(text)
    return next((field for field, words in LABELS.items() if word in words), None)


def split_items(value: object) -> list[str]:
    """One item per line, the numbering and bullets taken off; "1. A 2. B" on one line is split too."""
    text = cell_text(value)
    if text.strip().lower() in _EMPTY:
        return []
    lines: list[str] = []
    for line in text.splitlines():
        lines += re.split(r"\s+(?=\d{1,2}\.\s)", line) if re.match(r"^\s*\d{1,2}\.\s", line) else [line]
    items = [_ITEM_MARK.sub("", line).strip() for line in lines]
    return [i for i in items if i and i.lower() not in _EMPTY]


def cell_text(value: object) -> str:
    """A cell's text as read: lines trimmed, the no-break and zero-width characters text copied from a web page or a
    chat carries made plain spaces or nothing ("1\u200b" is the number 1)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).translate(_INVISIBLE).replace("\r", "")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


#: No-break spaces become spaces; zero-width spaces and joiners, word joiners and byte-order marks go.
_INVISIBLE = {0x00A0: " ", 0x202F: " ", 0x2007: " ", 0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None,
              0xFEFF: None}


def read_date(value: object) -> str | None:
    """An ISO date from a date cell or the ways offices write one; None when empty; ValueError otherwise."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = cell_text(value).lower().strip(" .")
    if text in _EMPTY:
        return None
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t].*)?", text):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    elif match := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", text):
        if match[2] not in _MONTHS:
            raise ValueError(text)
        day, month, year = int(match[1]), _MONTHS[match[2]], int(match[3])
    else:
        raise ValueError(text)
    return date(year, month, day).isoformat()


def read_identity(rows: Iterable[Sequence[object]], sheet: str, first_row: int = 1
                  ) -> tuple[Identity, list[Problem], list[str]]:
    """The identity from label/value rows: (identity, problems, what was assumed).

    A label may stand in any column, as on the printed SOP AP form: its value beside it ("Nomor SOP | 800/…", the
    form's right half), or, with nothing beside it, in the rows just below it in its own columns ("Dasar Hukum |
    Kualifikasi Pelaksana" over their lists). A list beside its label goes on in the rows below while the label's
    column stays empty. The letterhead (kop) left of the labels or over them gives Pemerintah, Instansi, Bidang,
    Seksi and Alamat that no label gives ("PEMERINTAH KABUPATEN LOMBOK BARAT", "DINAS KOPERASI DAN UKM").
    """
    read = _Read()
    spans: list[_Span] = []  # the labels of the last row that had labels, each over its columns
    for number, cells in enumerate(rows, start=first_row):
        row = [_without_colon(c) for c in cells]
        texts = [cell_text(c) for c in row]
        if not any(texts):
            for span in spans:  # a value under its label follows it at once: after a blank row, nothing is
                span.closed = span.closed or span.below
            continue
        labels = _labels_in(texts)
        if labels:
            spans = []
            for position, (index, label, inline) in enumerate(labels):
                end = labels[position + 1][0] if position + 1 < len(labels) else len(row)
                beside = [*([inline] if inline else []), *(row[j] for j in range(index + 1, end) if texts[j])]
                if beside:
                    read.assign(label, beside, number)
                spans.append(_Span(label, index, end, below=not beside))
            read.letterhead(texts[:labels[0][0]])
            continue
        consumed: set[int] = set()
        for span in spans:
            if span.closed:
                continue
            if not span.below and span.start < len(texts) and texts[span.start]:
                span.closed = True  # something else in the label's own column: the list beside it ended
                continue
            columns = [j for j in range(span.start + (0 if span.below else 1), min(span.end, len(row))) if texts[j]]
            if not columns:
                continue
            consumed.update(columns)
            if span.label in LISTS:
                read.extend(span.label, [row[j] for j in columns], number)
            elif span.below:  # a single value under its label
                read.assign(span.label, [row[j] for j in columns], number)
                span.closed = True
        rest = [texts[j] for j in range(len(texts)) if texts[j] and j not in consumed]
        if not rest:
            continue
        if len(rest) == 1 and sum(1 for t in texts if t) == 1 and read.title_line(rest[0]):
            continue
        read.letterhead(rest)
    identity, problems, notes = Identity(), [], []
    values, raw = read.values, read.raw
    for field, items in values.items():
        text = " ".join(items).strip()
        if field in LISTS:
            setattr(identity, field, items)
        elif field in DATES:
            cell, number = raw[field]
            try:
                setattr(identity, field, read_date(cell))
            except ValueError:
                problems.append(Problem(sheet, Phrase(N_("'%(cell)s' bukan tanggal yang dikenal (contoh: 1 Januari "
                                                         "2026 atau 2026-01-01)"), {"cell": cell_text(cell)}), number,
                                        _FIELD_WORDS[field]))
        elif field == "jabatan":
            identity.disahkan_oleh.jabatan = "\n".join(items).strip()
        elif field == "nama_pengesah":
            identity.disahkan_oleh.nama = text
        elif field == "nip":
            identity.disahkan_oleh.nip = re.sub(r"^nip\.?\s*", "", text, flags=re.IGNORECASE)
        elif field == "jenis":
            word = normalise(text)
            if word in ("rutin", "berkala", "periodik"):
                identity.jenis = "rutin"
            elif word in ("", "biasa", "insidental", "sewaktuwaktu", "ataspermintaan"):
                identity.jenis = "biasa"
            else:
                problems.append(Problem(sheet, Phrase(N_("'%(text)s' bukan jenis yang dikenal; tulis Biasa atau "
                                                         "Rutin"), {"text": text}),
                                        raw[field][1], "Jenis"))
        else:
            setattr(identity, field, text)
    approval = identity.disahkan_oleh
    lines = [line.strip() for line in approval.jabatan.splitlines() if line.strip()]
    if len(lines) > 1 and not approval.nama and not approval.nip:  # "KEPALA DINAS / nama / NIP. …" in one cell
        approval.jabatan = lines[0]
        for line in lines[1:]:
            if re.match(r"^nip\b", line, re.IGNORECASE):
                approval.nip = re.sub(r"^nip\.?\s*:?\s*", "", line, flags=re.IGNORECASE)
            elif not approval.nama:
                approval.nama = line
    title = read.title
    if not identity.nama and title:
        identity.nama = title
        notes.append(f"Nama SOP diambil dari judul di atas tabel: '{title}'.")
    for field, line in read.kop.items():
        if not getattr(identity, field):
            setattr(identity, field, line)
            notes.append(f"{_KOP_WORDS[field]} diambil dari kop: '{line}'.")
    if identity.frekuensi and "jenis" not in values:
        identity.jenis = "rutin"
        notes.append(f"Jenis tidak diisi; SOP dengan frekuensi '{identity.frekuensi}' dianggap Rutin.")
    return identity, problems, notes


def _without_colon(value: object) -> object:
    """A cell as its label's value: the colon offices put between label and value ("Nomor SOP | : | 800/…", or
    ": 800/…" in the value's cell) is no part of it."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if _COLON.fullmatch(text):
        return None
    return _COLON_BEFORE.sub("", text, count=1) if _COLON_BEFORE.match(text) else value


_COLON = re.compile(r"[:：]+")
_COLON_BEFORE = re.compile(r"^[:：]\s*")


class _Span:
    """A label of the last row with labels and the columns its value takes: beside it, or below it."""

    def __init__(self, label: str, start: int, end: int, *, below: bool) -> None:
        self.label, self.start, self.end, self.below = label, start, end, below
        self.closed = False


class _Read:
    """What the identity's rows said, before it is checked: values by field, the letterhead and the title."""

    def __init__(self) -> None:
        self.values: dict[str, list[str]] = {}
        self.raw: dict[str, tuple[object, int]] = {}  # the first value cell of a field and its row (dates)
        self.kop: dict[str, str] = {}
        self.title: str | None = None  # the name in a title row, "" after a bare "STANDAR OPERASIONAL PROSEDUR"

    def assign(self, label: str, cells: Sequence[object], number: int) -> None:
        self.raw.setdefault(label, (cells[0] if cells else None, number))
        if label in LISTS:
            self.values[label] = [item for c in cells for item in split_items(c)]
        else:
            self.values[label] = [cell_text(c) for c in cells]

    def extend(self, label: str, cells: Sequence[object], number: int) -> None:
        self.raw.setdefault(label, (cells[0], number))
        self.values.setdefault(label, []).extend(item for c in cells for item in split_items(c))

    def title_line(self, text: str) -> bool:
        """Whether a row's only text is the title over the table, or the name under a bare title."""
        heading = _TITLE.match(text) if self.title is None else None
        if heading or self.title == "":
            self.title = _FORM_NAME.sub("", heading.group(1) if heading else text).strip()
            return True
        return False

    def letterhead(self, texts: Sequence[str]) -> None:
        for line in (line.strip() for text in texts for line in text.splitlines()):
            field = next((f for f, pattern in _KOP.items() if pattern.match(line)), None)
            if field is not None:
                self.kop.setdefault(field, line)


def _labels_in(texts: Sequence[str]) -> list[tuple[int, str, str]]:
    """The labels of a row: (column, field, the value written after "Label :" in the same cell, or "")."""
    found = []
    for index, text in enumerate(texts):
        if not text:
            continue
        label = label_of(text)
        inline = ""
        if label is None:
            head, sep, tail = text.partition(":")
            label = label_of(head) if sep else None
            inline = tail.strip()
        if label is not None:
            found.append((index, label, inline))
    return found


#: The letterhead's lines, by the identity field they give when no label gives it.
_KOP = {
    "pemerintah": re.compile(r"^pemerintah\s+(?:provinsi|kabupaten|kota|daerah)\b", re.IGNORECASE),
    "instansi": re.compile(r"^(?:dinas|badan|kantor|inspektorat|sekretariat\s+daerah|satuan\s+polisi)\s+\w",
                           re.IGNORECASE),
    "unit": re.compile(r"^(?:bidang|bagian|uptd?)\s+\w", re.IGNORECASE),
    "seksi": re.compile(r"^(?:seksi|sub\s*bagian|sub\s*bidang|subbag)\s+\w", re.IGNORECASE),
    "alamat": re.compile(r"^(?:jl\.|jln\.?\s|jalan\s)", re.IGNORECASE),
}
_KOP_WORDS = {"pemerintah": "Pemerintah", "instansi": "Instansi", "unit": "Bidang", "seksi": "Seksi",
              "alamat": "Alamat"}
#: A title row: "STANDAR OPERASIONAL PROSEDUR (SOP) …", "SOP …", "S.O.P. : …"; group 1 is the name (may be empty).
_TITLE = re.compile(r"^\s*(?:standar(?:d)?\s+operasional\s+prosedur|s\.?\s?o\.?\s?p\.?)(?=\W|$)\s*(?:\(\s*sop\s*\))?"
                    r"\s*[:\-–—]?\s*(.*)$", re.IGNORECASE | re.DOTALL)
#: The form's own name after the heading ("… ADMINISTRASI PEMERINTAHAN (SOP AP)"): not the SOP's name.
_FORM_NAME = re.compile(r"^\s*(?:administrasi\s+pemerintahan)?\s*(?:\(?\s*(?:sop[\s-]*)?ap\s*\)?(?=\W|$))?"
                        r"\s*[:\-–—]?\s*", re.IGNORECASE)
_FIELD_WORDS = {"tanggal_pembuatan": "Tanggal Pembuatan", "tanggal_revisi": "Tanggal Revisi",
                "tanggal_efektif": "Tanggal Efektif", "jadwal_mulai": "Jadwal mulai"}
