"""Which column is which, and which role a column names, as offices head their tables.

Headers differ from office to office: "Kegiatan" or "Aktivitas" or "Uraian Kegiatan", "Kelengkapan" or
"Persyaratan", "Output" or "Out Put" or "Keluaran", "Ket", "Wakt u" (a scan that split the word), one or two
header rows (a "Pelaksana" and a "Mutu Baku" band over the role and Mutu Baku columns). Role columns are
"Kabid", "Kasi", "Kepala Dinas", "JF", "Sekeretaris" … matched against the roles table, which is data; a role
followed by its field or unit ("Kasi Perizinan", "Staf Pelayanan", "Kepala Bidang UMKM") is that role.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

from engine.sop_table.model import RoleInfo

COLUMN_WORDS: dict[str, set[str]] = {
    "no": {"no", "nomor", "nourut", "nmr", "nomorurut"},
    "kegiatan": {"kegiatan", "aktivitas", "uraiankegiatan", "uraian", "langkah", "prosedur", "uraianprosedur",
                 "uraianaktivitas", "tahapan", "tahapankegiatan", "kegiatanaktivitas", "uraianlangkah"},
    "kelengkapan": {"kelengkapan", "persyaratan", "kelengkapanpersyaratan", "persyaratankelengkapan", "syarat",
                    "mutubakukelengkapan", "mutubakupersyaratan", "kelengkapandokumen", "persyaratanperlengkapan",
                    "bahan", "input"},
    "waktu": {"waktu", "durasi", "lamawaktu", "mutubakuwaktu", "waktupenyelesaian", "lama", "waktubaku"},
    "output": {"output", "keluaran", "hasil", "mutubakuoutput", "outputhasil", "produk"},
    "keterangan": {"keterangan", "ket", "catatan"},
    "simbol": {"simbol", "jenissimbol", "bentuk", "bentuksimbol"},
    "ya": {"ya", "jikaya", "tujuanya", "lanjutjikaya"},
    "tidak": {"tidak", "jikatidak", "tujuantidak", "lanjutjikatidak"},
    "kode": {"kode", "kodelangkah", "idlangkah"},
}
#: Words that name a column's kind wherever they stand in a longer header ("Nama Kegiatan", "Keluaran (Output)",
#: "Standar Waktu", "Bahan/Dokumen"): a header of these words and :data:`HEADER_FILLERS` only, naming one kind, is
#: that kind. Any other word ("Petugas Dokumen") leaves the header to be matched as a role.
KIND_WORDS: dict[str, set[str]] = {
    "kegiatan": {"kegiatan", "aktivitas", "uraian", "prosedur", "langkah", "tahapan"},
    "kelengkapan": {"kelengkapan", "persyaratan", "syarat", "prasyarat", "bahan", "formulir", "input"},
    "waktu": {"waktu", "durasi", "lama"},
    "output": {"output", "keluaran", "hasil", "produk"},
    "keterangan": {"keterangan", "ket", "catatan"},
}
HEADER_FILLERS = {"nama", "standar", "norma", "jangka", "kerja", "pelaksanaan", "penyelesaian", "mutu", "baku", "dan",
                  "atau", "yang", "dibutuhkan", "diperlukan", "akhir", "dokumen", "rincian", "deskripsi", "pekerjaan",
                  "tugas"}
#: Words over a band of columns in a two-row header, never a column of their own.
BAND_WORDS = {"mutubaku", "pelaksana", "pelaksanaperan", "peran", "unitpelaksana", "pejabatpelaksana"}
#: Mutu Baku and later columns: the role columns end before the first of these.
#: The words of a row, or a capsule, where the flow starts or ends ("Mulai", "Selesai").
START_OR_END = re.compile(r"^(mulai|selesai|start|end)\.?$", re.IGNORECASE)
AFTER_ROLES = ("kelengkapan", "waktu", "output", "keterangan", "simbol", "ya", "tidak", "kode")

#: How offices name and shorten roles (normalised) → a role name or code the roles table may hold. Besides the
#: short forms: the heads of other kinds of office (Kepala Kantor, Camat, Lurah, Kepala Desa, Kalaksa), the
#: echelon IV heads under a Sekretariat or Bidang (Kepala Sub Bagian, Kepala Sub Bidang: never the Kepala Bidang
#: above them, however alike the words), the staff positions of the 2024 nomenclature (Pengadministrasi, Pengolah
#: Data, Operator/Pengelola/Penata Layanan Operasional) and the front desk, and the functional positions' families
#: (Analis …, Pranata …, Penyuluh …, Arsiparis, Auditor, Perencana …), each as the first words of a longer header.
ROLE_ALIASES: dict[str, str] = {
    "kabid": "kepala bidang", "kepalabidang": "kepala bidang", "kabag": "kepala bidang",
    "kepalabagian": "kepala bidang",
    "kasi": "kepala seksi", "kasie": "kepala seksi", "kepalaseksi": "kepala seksi", "kasubag": "kepala seksi",
    "kasubbag": "kepala seksi", "kasubid": "kepala seksi", "kasubbid": "kepala seksi",
    "kepalasubbagian": "kepala seksi", "kepalasubbag": "kepala seksi", "kepalasubbidang": "kepala seksi",
    "kepalasubbid": "kepala seksi", "kaur": "kepala seksi", "kepalaurusan": "kepala seksi",
    "kadis": "kadis", "kepaladinas": "kadis", "kaban": "kadis", "kepalabadan": "kadis", "kepalaopd": "kadis",
    "kepalakantor": "kadis", "camat": "kadis", "lurah": "kadis", "kades": "kadis", "kepaladesa": "kadis",
    "kalaksa": "kadis", "kepalapelaksana": "kadis",
    "sek": "sekretaris", "sekdis": "sekretaris", "sekretarisdinas": "sekretaris", "sekprog": "sekretaris",
    "sekban": "sekretaris", "sekretarisbadan": "sekretaris", "sekcam": "sekretaris", "seklur": "sekretaris",
    "sekdes": "sekretaris",
    "jf": "jafung", "jft": "jafung", "jabfung": "jafung", "jabatanfungsional": "jafung",
    "pejabatfungsional": "jafung", "fungsional": "jafung", "penyuluh": "jafung", "pengawaskoperasi": "jafung",
    "pengawas": "jafung", "analis": "jafung", "pranata": "jafung", "arsiparis": "jafung", "auditor": "jafung",
    "perencana": "jafung", "statistisi": "jafung", "pustakawan": "jafung", "widyaiswara": "jafung",
    "penera": "jafung", "mediator": "jafung", "pengantarkerja": "jafung", "pamongbudaya": "jafung",
    "staf": "pelaksana", "staff": "pelaksana", "stafpelaksana": "pelaksana", "petugas": "pelaksana",
    "operator": "pelaksana", "pelaksanastaf": "pelaksana", "jfu": "pelaksana", "pengadministrasi": "pelaksana",
    "pengolahdata": "pelaksana", "pengelolalayananoperasional": "pelaksana",
    "penatalayananoperasional": "pelaksana", "operatorlayananoperasional": "pelaksana",
    "frontoffice": "pelaksana", "customerservice": "pelaksana", "petugasloket": "pelaksana",
    "petugaspelayanan": "pelaksana",
    "masyarakat": "pemohon", "pelakuusaha": "pemohon", "penggunalayanan": "pemohon", "pemohonlayanan": "pemohon",
}


def normalise(text: object) -> str:
    """Lower case letters and digits only: "Out Put" → "output", "Sek/Pro g" → "sekprog"."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


#: A unit in a Waktu header: "Waktu (Menit)", "Waktu / jam", "Lama (hari kerja)".
_HEADER_UNIT = re.compile(r"\s*(?:\(\s*|/\s*|dalam\s+)(?P<unit>menit|mnt|jam|hari(?:\s+kerja|\s+kalender)?|minggu)"
                          r"\s*\)?\s*$", re.IGNORECASE)


def header_unit(header: object) -> tuple[str, str | None]:
    """(the header without its unit, the unit) — "Waktu (Menit)" → ("Waktu", "menit"); no unit → (header, None)."""
    text = "" if header is None else str(header)
    match = _HEADER_UNIT.search(text)
    if match is None or not text[:match.start()].strip():
        return text, None
    return text[:match.start()], match["unit"].lower().replace("mnt", "menit")


def names_no_and_kegiatan(row: Sequence[object]) -> bool:
    """Whether a row is the procedure table's header: it names the No and the Kegiatan column."""
    kinds = {column_kind(cell)[0] for cell in row}
    return "no" in kinds and "kegiatan" in kinds


def column_kind(header: object) -> tuple[str | None, bool]:
    """(the column's kind, whether it was recognised only approximately) of one header cell; a unit after it
    ("Waktu (Menit)") is read by :func:`header_unit`."""
    named = header_unit(header)[0]
    word = normalise(named)
    if not word:
        return None, False
    for kind, words in COLUMN_WORDS.items():
        if word in words:
            return kind, False
    if word in BAND_WORDS:
        return None, False
    tokens = [normalise(token) for token in re.split(r"[\W_]+", named) if normalise(token)]
    if tokens and tokens[0] in ("no", "nomor") and len(tokens) <= 3:
        return "no", True  # "No Kegiatan", "Nomor Urut Kegiatan"
    kinds = {kind for kind, words in KIND_WORDS.items() if set(tokens) & words} or \
        ({"kelengkapan"} if "dokumen" in tokens else set())  # "Dokumen" alone; "Output Dokumen" is the output
    if len(kinds) == 1 and set(tokens) <= set().union(*KIND_WORDS.values(), HEADER_FILLERS):
        return kinds.pop(), True
    choices = {w: kind for kind, words in COLUMN_WORDS.items() for w in words if len(w) >= 4}
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.84)
    if close:
        return choices[close[0]], True
    return None, False


def match_role(header: str, roles: Sequence[RoleInfo]) -> tuple[RoleInfo | None, bool]:
    """(the role a column header names, whether the name was only close) — None when no role fits."""
    word = normalise(header)
    if not word:
        return None, False
    by_word: dict[str, RoleInfo] = {}
    for role in roles:
        by_word.setdefault(normalise(role.name), role)
        by_word.setdefault(normalise(role.code), role)
    if word in by_word:
        return by_word[word], False
    alias = ROLE_ALIASES.get(word)
    if alias and normalise(alias) in by_word:
        return by_word[normalise(alias)], False
    close = difflib.get_close_matches(word, list(by_word), n=1, cutoff=0.8)
    if close:
        return by_word[close[0]], True
    close = difflib.get_close_matches(word, list(ROLE_ALIASES), n=1, cutoff=0.85)
    if close and normalise(ROLE_ALIASES[close[0]]) in by_word:
        return by_word[normalise(ROLE_ALIASES[close[0]])], True
    role = _role_with_qualifier(header, by_word)
    return role, role is not None


def _role_with_qualifier(header: str, by_word: dict[str, RoleInfo]) -> RoleInfo | None:
    """The role named by the header's first words, the rest being its field or unit: "Kasi Perizinan",
    "Kepala Seksi Pendaftaran", "Staf Pelayanan". The longest such start wins ("Kepala Bidang UMKM" is Kepala
    Bidang, not a role "Kepala"); whole words only, exactly as written or as a known shortening."""
    words = [normalise(w) for w in re.split(r"[\s/,.()-]+", header) if normalise(w)]
    for length in range(len(words) - 1, 0, -1):
        start = "".join(words[:length])
        if start in by_word:
            return by_word[start]
        alias = ROLE_ALIASES.get(start)
        if alias and normalise(alias) in by_word:
            return by_word[normalise(alias)]
    return None


def describe_roles(roles: Sequence[RoleInfo]) -> str:
    """The known roles in words, for a problem's message."""
    names = [f"{r.name} (pihak luar)" if r.external else r.name for r in roles]
    return ", ".join(names) if names else "belum ada"
