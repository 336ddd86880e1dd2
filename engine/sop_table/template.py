"""The SOP AP workbook Alur writes: the empty template an office fills in, and an SOP exported for revision.

Sheets: ``Petunjuk`` (how to fill it in), ``Identitas`` (label | value), ``Prosedur`` (the flowchart table:
``No | Kegiatan | one column per role | Kelengkapan | Waktu | Output | Keterangan | Kode``) with drop-downs for
the role headers and the marks, ``Contoh`` (a filled table to copy from) and a hidden ``Daftar`` (the lists
the drop-downs offer). :mod:`engine.sop_table.reader` reads everything this module writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from engine.sop_table.model import Activity, Identity, RoleInfo, SopTable, StandardTime

MARKS = ("X", "Keputusan")
HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")

INSTRUCTIONS = [
    "Tabel SOP AP (Permenpan RB 35/2012) untuk Alur",
    "",
    "1. Lembar Identitas: isi kolom B di samping setiap judul. Daftar (Dasar Hukum, Peralatan …) ditulis satu butir "
    "per baris di dalam sel (Alt+Enter), boleh bernomor '1.' atau bertanda '-'. Tanggal: 1 Januari 2026 atau "
    "2026-01-01.",
    "2. Lembar Prosedur: satu baris untuk setiap kegiatan, berurutan. Judul kolom peran boleh diganti (pilih dari "
    "daftar) dan kolom peran boleh ditambah atau dihapus; singkatan yang biasa dipakai juga dibaca (Kabid, Kasi, "
    "Kadis, JF, Staf).",
    "3. Beri tanda di kolom peran yang melaksanakan kegiatan: X, ✓, v atau nama simbol. Tepat satu peran per baris. "
    "Bagan alir yang digambar dengan bentuk (Sisipkan > Bentuk: kotak, belah ketupat) di kolom peran juga dibaca "
    "sebagai tanda, tanpa X.",
    "4. Keputusan (belah ketupat): tulis 'Keputusan' (atau ◇ atau ?) di kolom perannya, atau akhiri Kegiatan dengan "
    "tanda tanya. Di Keterangan tulis ke mana Ya dan Tidak: 'Ya: 5; Tidak: 2', 'Tidak: Selesai', atau seperti biasa "
    "ditulis: 'Jika tidak lengkap kembali ke kegiatan 1'. Bila 'Ya' tidak disebut, Ya lanjut ke baris berikutnya.",
    "   Keputusan tanpa Waktu dibaca dari kegiatan di atasnya (kegiatan itu mendapat isian Ya/Tidak); keputusan "
    "dengan Waktu adalah kegiatan pemeriksaan sendiri.",
    "5. Waktu: 30 Menit, 3 Jam, 1 Hari, 28 hari, 1 minggu, 3 hari kerja, 2 x 24 jam, 15 mnt. Menit dan jam dihitung "
    "dalam jam kerja; hari dan minggu dalam hari kerja, kecuali ditulis 'hari kalender' atau 'x 24 jam'.",
    "6. Keterangan lain: 'lanjut ke kegiatan 7' atau 'Selesai' mengalihkan alur; 'bersamaan dengan kegiatan 3' "
    "menjalankan kegiatan bersamaan dengan kegiatan di atasnya.",
    "7. Kelengkapan menjadi daftar periksa; Output menjadi isian (nomor/tanggal surat, tanggal, jumlah, berkas) pada "
    "formulir langkah. Kolom Kode (dan Kode proses di Identitas) diisi Alur saat ekspor: jangan diubah; kosongkan "
    "untuk kegiatan baru, dan kosongkan Kode proses bila tabel ini dipakai untuk SOP baru.",
    "",
    "Impor: alur sop import BERKAS.xlsx  (semua masalah ditampilkan sekaligus dengan lembar, baris dan kolomnya)",
    "Revisi SOP yang berjalan: alur sop export KODE BERKAS.xlsx, ubah, lalu alur sop import BERKAS.xlsx --publish",
]

IDENTITY_ROWS = [
    ("Nama SOP", "nama"), ("Nomor SOP", "nomor"), ("Tanggal Pembuatan", "tanggal_pembuatan"),
    ("Tanggal Revisi", "tanggal_revisi"), ("Tanggal Efektif", "tanggal_efektif"),
    ("Disahkan oleh (jabatan)", "jabatan"), ("Disahkan oleh (nama)", "nama_pengesah"),
    ("Disahkan oleh (NIP)", "nip"), ("Pemerintah", "pemerintah"), ("Instansi", "instansi"), ("Bidang", "unit"),
    ("Seksi", "seksi"), ("Alamat", "alamat"), ("Dasar Hukum", "dasar_hukum"),
    ("Kualifikasi Pelaksana", "kualifikasi_pelaksana"), ("Keterkaitan", "keterkaitan"),
    ("Peralatan/Perlengkapan", "peralatan_perlengkapan"), ("Peringatan", "peringatan"),
    ("Pencatatan dan Pendataan", "pencatatan_pendataan"), ("Jenis", "jenis"), ("Frekuensi", "frekuensi"),
    ("Jadwal mulai", "jadwal_mulai"), (None, None), ("Pengaturan Alur (boleh kosong)", None),
    ("Kode proses", "key"), ("Kode instansi", "office_code"), ("Kode unit", "unit_code"),
    ("Dimulai oleh", "starter_roles"), ("Awalan nomor kasus", "reference_prefix"),
]

#: The filled model sheet: (No, Kegiatan, role index, decision?, Kelengkapan, Waktu, Output, Keterangan).
EXAMPLE_ROWS = [
    (1, "Menerima dan memeriksa berkas permohonan", 0, False, ["Surat permohonan", "Fotokopi KTP"], "30 Menit",
     "Tanda terima berkas", ""),
    (2, "Berkas lengkap?", 0, True, [], "", "", "Jika tidak lengkap kembali ke kegiatan 1"),
    (3, "Memverifikasi dan membuat konsep surat rekomendasi", 1, False, ["Berkas permohonan"], "1 Hari",
     "Konsep surat rekomendasi", ""),
    (4, "Memaraf konsep surat", 2, False, ["Konsep surat rekomendasi"], "2 Jam", "Konsep surat diparaf", ""),
    (5, "Menandatangani surat rekomendasi", 3, False, ["Konsep surat diparaf"], "1 hari kerja",
     "Nomor dan tanggal surat rekomendasi", "Selesai"),
]


def write_workbook(path: Path | str, roles: Sequence[RoleInfo], table: SopTable | None = None) -> None:
    """Write the workbook: the empty template (``table`` None) or ``table`` filled in, for revision."""
    book = Workbook()
    guide = book.active
    guide.title = "Petunjuk"
    for number, line in enumerate(INSTRUCTIONS, start=1):
        guide.cell(number, 1, line).alignment = Alignment(wrap_text=True)
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 140
    lists = book.create_sheet("Daftar")
    names = [r.name for r in roles]
    for number, name in enumerate(names, start=1):
        lists.cell(number, 1, name)
    for number, mark in enumerate(MARKS, start=1):
        lists.cell(number, 2, mark)
    lists.cell(1, 3, "Biasa")
    lists.cell(2, 3, "Rutin")
    lists.sheet_state = "hidden"
    _identity_sheet(book, table.identity if table else Identity(), len(names))
    role_names = table.roles if table else _template_roles(roles)
    _procedure_sheet(book, "Prosedur", role_names, table.activities if table else [], len(names))
    if table is None:
        example_roles = [r for r in role_names if r not in {x.name for x in roles if x.external}][:4]
        example = [Activity(n, text, example_roles[r % len(example_roles)], "decision" if decides else "activity",
                            requirements=list(kel), output=out, note=note,
                            time=StandardTime(waktu, "", "working") if waktu else None)
                   for n, text, r, decides, kel, waktu, out, note in EXAMPLE_ROWS]
        _procedure_sheet(book, "Contoh", example_roles, example, len(names))
    book.move_sheet("Daftar", offset=len(book.sheetnames))
    book.save(path)


def _template_roles(roles: Sequence[RoleInfo]) -> list[str]:
    internal = [r.name for r in roles if not r.external and r.code != "admin"]
    external = [r.name for r in roles if r.external]
    return (external[:1] + internal)[:6] or ["Pelaksana"]


def _identity_sheet(book: Workbook, identity: Identity, role_count: int) -> None:
    sheet = book.create_sheet("Identitas")
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 90
    jenis = DataValidation(type="list", formula1="=Daftar!$C$1:$C$2", allow_blank=True)
    sheet.add_data_validation(jenis)
    starter = DataValidation(type="list", formula1=f"=Daftar!$A$1:$A${max(role_count, 1)}", allow_blank=True,
                             showErrorMessage=False)
    sheet.add_data_validation(starter)
    for number, (label, field) in enumerate(IDENTITY_ROWS, start=1):
        if label is None:
            continue
        head = sheet.cell(number, 1, label)
        head.font = Font(bold=True)
        if field is None:
            continue
        value = _identity_value(identity, field)
        cell = sheet.cell(number, 2, value)
        cell.alignment = WRAP
        if field == "jenis":
            jenis.add(cell)
        elif field == "starter_roles":
            starter.add(cell)


def _identity_value(identity: Identity, field: str) -> object:
    if field == "jabatan":
        return identity.disahkan_oleh.jabatan or None
    if field == "nama_pengesah":
        return identity.disahkan_oleh.nama or None
    if field == "nip":
        return identity.disahkan_oleh.nip or None
    if field == "jenis":
        return "Rutin" if identity.jenis == "rutin" else "Biasa"
    value = getattr(identity, field)
    if isinstance(value, list):
        return "\n".join(value) or None
    if field.startswith("tanggal_") and value:
        return date.fromisoformat(value)
    return value or None


def _procedure_sheet(book: Workbook, title: str, role_names: Sequence[str], activities: Sequence[Activity],
                     role_count: int):  # type: ignore[no-untyped-def]
    sheet = book.create_sheet(title)
    headers = ["No", "Kegiatan", *role_names, "Kelengkapan", "Waktu", "Output", "Keterangan", "Kode"]
    widths = [6, 48, *[14] * len(role_names), 34, 14, 30, 36, 18]
    for index, (name, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(1, index, name)
        cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), HEADER_FILL, BOX, WRAP
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    first_role, last_role = 3, 2 + len(role_names)
    if role_count and role_names:
        role_header = DataValidation(type="list", formula1=f"=Daftar!$A$1:$A${role_count}", allow_blank=True,
                                     showErrorMessage=False)
        sheet.add_data_validation(role_header)
        role_header.add(f"{get_column_letter(first_role)}1:{get_column_letter(last_role)}1")
    marks = DataValidation(type="list", formula1="=Daftar!$B$1:$B$2", allow_blank=True, showErrorMessage=False,
                           promptTitle="Tanda peran", prompt="X untuk kegiatan, Keputusan untuk belah ketupat; "
                           "tanda lain (✓, v) juga dibaca.")
    sheet.add_data_validation(marks)
    if role_names:
        marks.add(f"{get_column_letter(first_role)}2:{get_column_letter(last_role)}200")
    for offset, activity in enumerate(activities):
        row = 2 + offset
        values = [activity.number, activity.text, *[""] * len(role_names), "\n".join(activity.requirements),
                  activity.time.text if activity.time else "", activity.output, _keterangan(activity),
                  activity.code]
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row, index, value if value != "" else None)
            cell.alignment, cell.border = WRAP, BOX
        if activity.role in role_names:
            sheet.cell(row, first_role + list(role_names).index(activity.role),
                       "Keputusan" if activity.is_decision else "X").alignment = Alignment(horizontal="center")
    return sheet


def _keterangan(activity: Activity) -> str:
    """The Keterangan as Alur writes it back: the note, then the routing in the strict form."""
    parts = [activity.note] if activity.note else []
    if activity.is_decision:
        routing = []
        if activity.yes is not None:
            routing.append(f"Ya: {activity.yes.words()}")
        if activity.no is not None:
            routing.append(f"Tidak: {activity.no.words()}")
        parts.append("; ".join(routing))
    elif activity.goto is not None:
        parts.append(f"lanjut ke kegiatan {activity.goto.row}" if activity.goto.row else activity.goto.words())
    if activity.parallel_with is not None:
        parts.append(f"bersamaan dengan kegiatan {activity.parallel_with}")
    return ". ".join(p for p in parts if p)
