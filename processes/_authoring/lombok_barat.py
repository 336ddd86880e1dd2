"""The three SOPs of Dinas Koperasi dan UKM Kabupaten Lombok Barat, as Alur process folders.

Source: ``shared/sop-sources/001_a37753ab082d2bed.txt`` (text extracted from a scan; the flowchart marks
that showed which role acts on each step were lost). Writes:

- ``processes/perencanaan_fasilitasi_usaha_mikro/`` (SOP 1, Penyusunan Perencanaan Fasilitasi Usaha Mikro)
- ``processes/pelatihan_pelaku_umk/`` (SOP 2, Pelaksanaan Pendidikan dan Pelatihan Pelaku Usaha UMK)
- ``processes/pelayanan_nib_oss/`` (SOP 3, Pelayanan Nomor Induk Berusaha (NIB) melalui OSS)

Texts of the identity part are copied from the source with only OCR/typing slips fixed. Everything the source
does not state (lanes, decisions, added steps, form fields) is listed in each ``sop.json`` under
``assumptions`` so the office can correct it.

Run: ``.venv/bin/python processes/_authoring/lombok_barat.py``
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    LOMBOK_BARAT_HEADER,
    LOMBOK_BARAT_OFFICE,
    checklist,
    form,
    write_sop,
)

from engine.authoring import (
    EndEvent,
    ExclusiveGateway,
    Flow,
    ParallelGateway,
    ProcessSketch,
    StartEvent,
    UserTask,
    sop_properties,
)

SOURCE = "shared/sop-sources/001_a37753ab082d2bed.txt"

UNIT = {"code": "dinkop-lobar.bidang-umkm", "name": "Bidang Usaha Mikro, Kecil dan Menengah", "kind": "division"}

KADIS = "Kepala Dinas Koperasi dan UKM"
KADIS_NAMA = "MAAD ADNAN, S.Pd., M.Pd"

# Identical in the three SOPs of the source.
DASAR_HUKUM = [
    "Permenkop Usaha Kecil dan menengah Nomor 2 Tahun 2019",
    "PP Nomor 24 Tahun 2018 Tentang Pelayanan Terintegrasi Secara Elektronik",
    "Peraturan BKPM Nomor 1 Tahun 2020 Tentang Penerbitan Sistem OSS",
    "Peraturan Bupati Nomor 25 Tahun 2015 Tentang Pedoman Pembuatan IUMK",
    "Perda Nomor 4 Tahun 2016 Tentang Pemberdayaan Koperasi Dan Usaha Mikro",
]
KETERKAITAN = ["SOP Pengarsipan"]

COMMON_ASSUMPTIONS = [
    "Unit: the scan names only the Dinas (Kepala Dinas Koperasi dan UKM) and, above the flowchart, "
    "'Pejabat Fungsional Pengawas Koperasi'; cases of this SOP are routed to the division "
    "'Bidang Usaha Mikro, Kecil dan Menengah' (code dinkop-lobar.bidang-umkm), an assumed unit name.",
    "Lanes: the role marks of the flowchart were lost when the scan was extracted; the lane of every step "
    "below is Alur's choice.",
    "Nomor SOP, Tanggal Pembuatan and Tanggal Revisi are blank in the source; Tanggal Efektif is "
    "'1 Januari 2023' as printed.",
    "Header: the e-mail printed in the header (bakesbangpol@lombokbaratkab.go.id) belongs to another office "
    "and is left out.",
    "Time: minutes and hours count working time, 'hari' counts working days (Alur's rule for SOP times; the "
    "source does not say).",
    "jenis 'biasa' (started on demand): the source gives no frequency for this SOP.",
]


def text(title: str, example: str) -> dict[str, Any]:
    """A text field that may not be left empty."""
    return {"title": title, "type": "string", "minLength": 1, "examples": [example]}


def integer(title: str, example: int, minimum: int | None = 0, maximum: int | None = None) -> dict[str, Any]:
    field: dict[str, Any] = {"title": title, "type": "integer"}
    if minimum is not None:
        field["minimum"] = minimum
    if maximum is not None:
        field["maximum"] = maximum
    field["examples"] = [example]
    return field


def date_field(title: str, example: str, *, past: bool = False) -> dict[str, Any]:
    """A date; ``past`` for the date something happened (issued, activated): not after the office's today."""
    field: dict[str, Any] = {"title": title, "type": "string", "format": "date", "examples": [example]}
    if past:
        field["x-alur-not-after-today"] = True
    return field


def boolean(title: str, example: bool = True) -> dict[str, Any]:
    return {"title": title, "type": "boolean", "examples": [example]}


def choice(title: str, values: list[str]) -> dict[str, Any]:
    return {"title": title, "type": "string", "enum": values, "examples": [values[0]]}


def catatan(example: str = "Tidak ada catatan") -> dict[str, Any]:
    return {"title": "Catatan", "type": "string", "examples": [example]}


def sop_document(
    *,
    nama: str,
    kualifikasi: list[str],
    peralatan: list[str],
    peringatan: list[str],
    pencatatan: list[str],
    nip: str,
    case: dict[str, Any],
    starter_roles: list[str],
    assumptions: list[str],
    sop_number: int,
    registers: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "nama": nama,
        "nomor_sop": "",
        "office": LOMBOK_BARAT_OFFICE,
        "unit": UNIT,
        "header": LOMBOK_BARAT_HEADER,
        "dasar_hukum": DASAR_HUKUM,
        "kualifikasi_pelaksana": kualifikasi,
        "keterkaitan": KETERKAITAN,
        "peralatan_perlengkapan": peralatan,
        "peringatan": peringatan,
        "pencatatan_pendataan": pencatatan,
        "tanggal_pembuatan": None,
        "tanggal_revisi": None,
        "tanggal_efektif": "2023-01-01",
        "disahkan_oleh": {"jabatan": KADIS, "nama": KADIS_NAMA, "nip": nip},
        "jenis": "biasa",
        "recurrence": None,
        **({"registers": registers} if registers else {}),
        "case": case,
        "starter_roles": starter_roles,
        "assumptions": COMMON_ASSUMPTIONS + assumptions,
        "source": f"{SOURCE}, SOP {sop_number}",
    }


# ------------------------------------------------------------------------------------------------
# SOP 3: Pelayanan Nomor Induk Berusaha (NIB) melalui OSS
# ------------------------------------------------------------------------------------------------

NIB_REQ_1 = {"fotokopi_ktp": "Foto Copy KTP", "sku_desa": "Surat Keterangan Usaha dari Desa"}
NIB_REQ_ALL = {**NIB_REQ_1, "memiliki_email": "Memiliki Email", "memiliki_npwp": "Memiliki NPWP"}
NIB_EMAIL_OUTPUT = "Notifikasi/Pemberitahuan melalui Email"
#: "Sebagai laporan jumlah penerbitan NIB di Daerah": the register this SOP feeds (processes/README.md, "Register").
NIB_RISK_LEVELS = ["Rendah", "Menengah Rendah", "Menengah Tinggi", "Tinggi"]
NIB_DETAIL = "Daftar NIB yang diterbitkan dan data pelaku usaha"
NIB_REGISTER: dict[str, Any] = {
    "key": "nib",
    "title": "Laporan Jumlah Penerbitan NIB",
    "dated_by": "penerbitan_nib.tanggal_terbit",
    "basis": "Menurut tanggal terbit NIB yang dicatat pada langkah 'Penerbitan NIB'.",
    "tables": [
        {"title": "Jumlah penerbitan NIB per bulan",
         "per_month": {"field": "penerbitan_nib.tanggal_terbit", "count_label": "Jumlah NIB",
                       "split_by": {"field": "penerbitan_nib.risiko", "label": "Tingkat risiko",
                                    "values": NIB_RISK_LEVELS}}},
        {"title": NIB_DETAIL,
         "columns": [
             {"label": "No", "field": "#", "type": "int"},
             {"label": "NIB", "field": "penerbitan_nib.nib"},
             {"label": "Tanggal terbit", "field": "penerbitan_nib.tanggal_terbit", "type": "date"},
             {"label": "Tingkat risiko", "field": "penerbitan_nib.risiko"},
             {"label": "Nama pemohon", "field": "start.nama_pemohon"},
             {"label": "NIK", "field": "start.nik"},
             {"label": "NPWP", "field": "start.npwp"},
             {"label": "Nama usaha", "field": "start.nama_usaha"},
             {"label": "Alamat usaha", "field": "start.alamat_usaha"},
             {"label": "KBLI", "field": "start.kbli"},
             {"label": "Nomor HP", "field": "start.no_hp"},
             {"label": "Email", "field": "start.email"},
             {"label": "Nomor kasus", "field": "case.reference"},
         ]},
    ],
    "summary": [
        {"label": "Jumlah NIB diterbitkan", "figure": "rows", "table": NIB_DETAIL},
        {"label": "Jumlah bulan", "figure": "rows", "table": "Jumlah penerbitan NIB per bulan"},
    ],
}


def pelayanan_nib_oss() -> Path:
    key = "pelayanan_nib_oss"
    nama = "Pelayanan Nomor Induk Berusaha (NIB) melalui OSS"
    all_req = list(NIB_REQ_ALL.values())
    sketch = ProcessSketch(
        id=key,
        name=nama,
        lanes=["Pelaksana", "Jafung"],
        documentation="Pendaftaran pelaku usaha mikro dan kecil pada sistem OSS sampai terbitnya NIB.",
        nodes=[
            StartEvent("mulai", "Pemohon datang", "Pelaksana"),
            UserTask(
                "input_data_pemohon", "Menginput data NIK atau email perorangan", "Pelaksana",
                "Pelaksana menginput data NIK atau email perorangan pemohon di sistem OSS dan memeriksa "
                "kelengkapan persyaratan (Foto Copy KTP, Surat Keterangan Usaha dari Desa).",
                sop_properties("PT30M", "30 Menit", list(NIB_REQ_1.values()),
                               "Terbitnya Izin Usaha UMK; Bertambahnya Data UKM Formal",
                               "forms/input_data_pemohon.json"),
            ),
            ExclusiveGateway("cek_persyaratan", "Persyaratan lengkap?", "Pelaksana"),
            UserTask(
                "aktivasi_akun_oss",
                "Pemohon mengaktivasi akun OSS dan menerima email berisi User ID dan Password", "Pelaksana",
                "Pemohon mengaktivasi akun OSS dan akan menerima email berisi User ID dan Password; Pelaksana "
                "mendampingi pemohon dan mencatat bahwa aktivasi telah dilakukan.",
                sop_properties("PT30M", "30 Menit", all_req, NIB_EMAIL_OUTPUT, "forms/aktivasi_akun_oss.json"),
            ),
            UserTask(
                "login_oss", "Login pada sistem OSS menggunakan User ID dan Password", "Pelaksana",
                "Login pada sistem OSS menggunakan User ID dan Password pemohon.",
                sop_properties("PT30M", "30 Menit", all_req, NIB_EMAIL_OUTPUT, "forms/login_oss.json"),
            ),
            UserTask(
                "penerbitan_nib", "Sistem OSS menerbitkan Nomor Induk Berusaha (NIB) untuk pelaku usaha",
                "Pelaksana",
                "Sistem OSS menerbitkan Nomor Induk Berusaha (NIB) untuk pelaku usaha; Pelaksana mencatat NIB "
                "yang terbit.",
                sop_properties("PT5M", "5 Menit", all_req, "Berkas", "forms/penerbitan_nib.json"),
            ),
            UserTask(
                "penelusuran_pendaftaran", "Tracking/penelusuran sistem pendaftaran", "Jafung",
                "Pejabat Fungsional Pengawas Koperasi melakukan tracking/penelusuran pendaftaran pada sistem "
                "OSS untuk memastikan pelaku usaha telah terdaftar.",
                sop_properties("PT10M", "10 Menit", all_req, "Berkas", "forms/penelusuran_pendaftaran.json"),
            ),
            EndEvent("nib_terbit", "NIB terbit", "Jafung"),
            EndEvent("permohonan_dikembalikan", "Permohonan dikembalikan kepada pemohon", "Pelaksana"),
        ],
        flows=[
            Flow("mulai", "input_data_pemohon"),
            Flow("input_data_pemohon", "cek_persyaratan"),
            Flow("cek_persyaratan", "aktivasi_akun_oss", "Ya", condition="persyaratan_lengkap == True"),
            Flow("cek_persyaratan", "permohonan_dikembalikan", "Tidak", default=True),
            Flow("aktivasi_akun_oss", "login_oss"),
            Flow("login_oss", "penerbitan_nib"),
            Flow("penerbitan_nib", "penelusuran_pendaftaran"),
            Flow("penelusuran_pendaftaran", "nib_terbit"),
        ],
    )
    forms = {
        "forms/start.json": form("Permohonan NIB melalui OSS", {
            "nama_pemohon": text("Nama pemohon", "Baiq Nurul Aini"),
            "nik": {"title": "NIK pemohon", "type": "string", "format": "nik", "examples": ["5201014107900001"]},
            "email": {"title": "Email pemohon", "type": "string", "format": "email",
                      "examples": ["baiq.nurul@contoh.id"]},
            "npwp": {"title": "NPWP pemohon", "type": "string", "format": "npwp",
                     "examples": ["5201014107900001"]},
            "no_hp": {"title": "Nomor HP/WhatsApp", "type": "string", "pattern": "^0[0-9]{8,13}$",
                      "examples": ["081234567890"]},
            "nama_usaha": text("Nama usaha", "Jajanan Nurul"),
            "alamat_usaha": text("Alamat usaha", "Desa Gerung Utara, Kec. Gerung, Lombok Barat"),
            "kbli": {"title": "Kode KBLI (5 digit)", "type": "string", "pattern": "^[0-9]{5}$",
                     "examples": ["56102"]},
        }, required=["nama_pemohon", "nik", "email", "npwp", "nama_usaha", "alamat_usaha"]),
        "forms/input_data_pemohon.json": form("Menginput data NIK atau email perorangan", {
            "persyaratan": checklist(NIB_REQ_1),
            "persyaratan_lengkap": boolean("Persyaratan lengkap?"),
            "catatan": catatan("Berkas lengkap, data NIK dan email sudah diinput"),
        }, required=["persyaratan", "persyaratan_lengkap"]),
        "forms/aktivasi_akun_oss.json": form("Aktivasi akun OSS oleh pemohon", {
            "persyaratan": checklist(NIB_REQ_ALL),
            "email_aktivasi_diterima": boolean("Email berisi User ID dan Password sudah diterima pemohon?"),
            "tanggal_aktivasi": date_field("Tanggal aktivasi akun", "2026-01-05", past=True),
        }),
        "forms/login_oss.json": form("Login pada sistem OSS", {
            "persyaratan": checklist(NIB_REQ_ALL),
            "user_id_oss": text("User ID OSS", "baiqnurul90"),
        }),
        "forms/penerbitan_nib.json": form("Penerbitan NIB oleh sistem OSS", {
            "persyaratan": checklist(NIB_REQ_ALL),
            "nib": {"title": "Nomor Induk Berusaha (NIB)", "type": "string", "format": "nib",
                    "examples": ["9120001234567"]},
            "tanggal_terbit": date_field("Tanggal terbit NIB", "2026-01-05", past=True),
            "risiko": choice("Tingkat risiko usaha", ["Rendah", "Menengah Rendah", "Menengah Tinggi", "Tinggi"]),
        }),
        "forms/penelusuran_pendaftaran.json": form("Tracking/penelusuran sistem pendaftaran", {
            "persyaratan": checklist(NIB_REQ_ALL),
            "status_penelusuran": choice("Hasil penelusuran", ["Terdaftar", "Perlu perbaikan"]),
            "catatan": catatan("Data pelaku usaha sesuai dengan NIB yang terbit"),
        }, required=["persyaratan", "status_penelusuran"]),
    }
    sop = sop_document(
        nama=nama,
        kualifikasi=[
            "Memiliki Kemampuan dalam pelayanan pendaftaran perusahaan",
            "Memiliki kemampuan dalam teknologi informasi",
            "Mengetahui tugas dan fungsi pelayanan pendaftaran perusahaan",
            "Memiliki kemampuan dalam etika pelayanan",
        ],
        peralatan=["Komputer / Laptop", "Printer", "ATK"],
        peringatan=["Sebagai laporan jumlah penerbitan NIB di Daerah"],
        pencatatan=[
            "Arsip Dokumen yang diterbitkan disimpan dalam file yang terpilah dalam bentuk hard file",
            "Data Izin yang diterbitkan tersimpan dalam soft file",
        ],
        nip="19561231 199103 1 091",
        case={"reference_prefix": "NIB", "subject_field": "nama_pemohon", "start_form": "forms/start.json"},
        starter_roles=["pelaksana"],
        sop_number=3,
        registers=[NIB_REGISTER],
        assumptions=[
            "Lanes: steps 1-4 are given to Pelaksana, the staff member at the service desk. Step 2 is done by "
            "the applicant (Pemohon) and step 4 by the OSS system, neither of which is an Alur user: the "
            "Pelaksana assists the applicant and records the result (activation, the NIB issued).",
            "Lanes: step 5 (tracking/penelusuran) is given to Jafung, the Pejabat Fungsional Pengawas Koperasi "
            "named above the flowchart, who verifies that the business is registered.",
            "Decision 'Persyaratan lengkap?' after step 1 is not in the source (no diamond survived the "
            "extraction): when the requirements are incomplete the case ends as 'Permohonan dikembalikan "
            "kepada pemohon'; the applicant starts a new case once complete.",
            "Step 1 lists only Foto Copy KTP and Surat Keterangan Usaha dari Desa; steps 2-5 list these plus "
            "'Memiliki Email' and 'Memiliki NPWP', as in the source. Each step's requirements are a checklist.",
            "Start form: the source implies NIK, email and NPWP; the applicant's name, business name and "
            "address (required) and phone number and KBLI code (optional) are Alur's additions.",
            "Step forms record each output as typed fields: activation e-mail received and date (step 2), OSS "
            "User ID (step 3), NIB (13 digits, as commonly documented), issue date and risk level (step 4; "
            "levels Rendah / Menengah Rendah / Menengah Tinggi / Tinggi follow risk-based licensing, PP 5/2021, "
            "not the source), tracking result (step 5).",
            "'Perlu perbaikan' as the tracking result is recorded only: the source has no return path after "
            "step 5.",
            "Starter role: Pelaksana (the desk officer opens the case when the applicant comes).",
            "NIP of the Kadis: this SOP prints 19561231 199103 1 091 while the other two SOPs print "
            "19681231 199103 1 091 for the same person; kept as printed, the office should confirm.",
            "Text fixes of OCR/typing slips: 'Mengimput' -> 'Menginput', 'Paswoad' -> 'Password', "
            "'Pndaftaran' -> 'Pendaftaran', 'Ijin' -> 'Izin', 'Surat Ket. Usaha' -> 'Surat Keterangan Usaha'.",
            "Peringatan 'Sebagai laporan jumlah penerbitan NIB di Daerah' reads like a note rather than a "
            "warning; kept verbatim.",
        ],
    )
    return write_sop(sketch, sop, forms)


# ------------------------------------------------------------------------------------------------
# SOP 2: Pelaksanaan Pendidikan dan Pelatihan Pelaku Usaha UMK
# ------------------------------------------------------------------------------------------------

UNDANGAN = "Surat undangan pemanggilan peserta pelatihan, narasumber dan penggunaan lokasi tempat pelatihan"
KESIAPAN = "Kesiapan peserta pelatihan, narasumber dan lokasi tempat pelatihan"
TRAININGS = "Daftar pelatihan"
TRAINING_REGISTER: dict[str, Any] = {
    "key": "pelatihan",
    "title": "Daftar Pelatihan dan Peserta Pelatihan Pelaku UMK",
    "basis": "Menurut tanggal kasus pelatihan dimulai.",
    "tables": [
        {"title": TRAININGS,
         "columns": [
             {"label": "No", "field": "#", "type": "int"},
             {"label": "Nama pelatihan", "field": ["start.nama_pelatihan", "case.subject"]},
             {"label": "Tanggal rencana", "field": "start.tanggal_rencana", "type": "date"},
             {"label": "Sumber dana", "field": "start.sumber_dana"},
             {"label": "Lokasi", "field": "penyusunan_panitia.lokasi_pelatihan"},
             {"label": "Nomor SK panitia", "field": "penandatanganan_sk.nomor_sk"},
             {"label": "Rencana", "field": "start.jumlah_peserta_rencana", "type": "int",
              "group": "Jumlah peserta"},
             {"label": "Calon", "field": "identifikasi_calon_peserta.jumlah_calon_peserta", "type": "int",
              "group": "Jumlah peserta"},
             {"label": "Hadir", "field": "pelaksanaan_pelatihan.jumlah_peserta_hadir", "type": "int",
              "group": "Jumlah peserta"},
             {"label": "Mulai", "field": "pelaksanaan_pelatihan.tanggal_mulai", "type": "date",
              "group": "Pelaksanaan"},
             {"label": "Selesai", "field": "pelaksanaan_pelatihan.tanggal_selesai", "type": "date",
              "group": "Pelaksanaan"},
             {"label": "Status", "field": "case.state"},
             {"label": "Nomor kasus", "field": "case.reference"},
         ]},
        {"title": "Peserta per pelatihan",
         "only_when_any": ["identifikasi_calon_peserta.daftar_calon_peserta",
                           "pelaksanaan_pelatihan.jumlah_peserta_hadir"],
         "columns": [
             {"label": "No", "field": "#", "type": "int"},
             {"label": "Nama pelatihan", "field": ["start.nama_pelatihan", "case.subject"]},
             {"label": "Daftar calon peserta", "field": "identifikasi_calon_peserta.daftar_calon_peserta"},
             {"label": "Jumlah calon", "field": "identifikasi_calon_peserta.jumlah_calon_peserta", "type": "int"},
             {"label": "Jumlah hadir", "field": "pelaksanaan_pelatihan.jumlah_peserta_hadir", "type": "int"},
             {"label": "Narasumber", "field": "penyusunan_panitia.narasumber"},
             {"label": "Nomor kasus", "field": "case.reference"},
         ],
         "note": "Daftar peserta sebagaimana dicatat pada langkah identifikasi calon peserta."},
    ],
    "summary": [
        {"label": "Jumlah pelatihan", "figure": "rows", "table": TRAININGS},
        {"label": "Pelatihan terlaksana", "figure": "filled", "table": TRAININGS, "column": "Hadir"},
        {"label": "Jumlah peserta hadir", "figure": "sum", "table": TRAININGS, "column": "Hadir"},
    ],
}


def pelatihan_pelaku_umk() -> Path:
    key = "pelatihan_pelaku_umk"
    nama = "Pelaksanaan Pendidikan dan Pelatihan Pelaku Usaha UMK"
    sketch = ProcessSketch(
        id=key,
        name=nama,
        lanes=["Pelaksana", "Jafung", "Kadis"],
        documentation="Penyiapan dan pelaksanaan pendidikan dan pelatihan bagi pelaku usaha mikro dan kecil.",
        nodes=[
            StartEvent("mulai", "Mulai", "Pelaksana"),
            UserTask(
                "identifikasi_calon_peserta",
                "Menyiapkan/mengidentifikasi data pelaku UMK sebagai calon peserta pelatihan", "Pelaksana",
                "Menyiapkan / mengidentifikasi data pelaku UMK sebagai calon peserta pelatihan.",
                sop_properties("PT1H", "1 Jam", ["Data UMK Potensial/Aktif"], "Draf NIB",
                               "forms/identifikasi_calon_peserta.json"),
            ),
            UserTask(
                "penyusunan_panitia",
                "Penyusunan pembentukan panitia, peserta pelatihan, narasumber dan lokasi tempat pelatihan",
                "Pelaksana",
                "Penyusunan pembentukan panitia, peserta pelatihan, narasumber dan lokasi tempat pelatihan, "
                "dituangkan dalam draf Surat Keputusan Kepala Dinas.",
                sop_properties("PT3H", "3 Jam", ["Surat Keputusan Kepala Dinas"],
                               "Terbentuknya Tim Pelaksana pelatihan", "forms/penyusunan_panitia.json"),
            ),
            UserTask(
                "penandatanganan_sk", "Penandatanganan Surat Keputusan panitia pelatihan", "Kadis",
                "Kepala Dinas memeriksa dan menandatangani Surat Keputusan pembentukan panitia, peserta, "
                "narasumber dan lokasi pelatihan, atau mengembalikannya untuk diperbaiki.",
                sop_properties("PT1H", "1 Jam", ["Draf Surat Keputusan Kepala Dinas"],
                               "Surat Keputusan Kepala Dinas tentang panitia pelatihan",
                               "forms/penandatanganan_sk.json"),
            ),
            ExclusiveGateway("cek_sk", "SK disetujui?", "Kadis"),
            UserTask(
                "pembuatan_undangan",
                "Pembuatan surat undangan peserta, narasumber dan surat izin penggunaan lokasi pelatihan",
                "Pelaksana",
                "Pembuatan surat undangan: pelaku usaha sebagai peserta pelatihan, narasumber, dan pembuatan "
                "surat izin penggunaan lokasi tempat pelatihan.",
                sop_properties("PT3H", "3 Jam", [UNDANGAN], KESIAPAN, "forms/pembuatan_undangan.json"),
            ),
            UserTask(
                "penyerahan_undangan",
                "Penyerahan surat kepada peserta pelatihan, narasumber dan lokasi tempat pelatihan", "Pelaksana",
                "Penyerahan surat kepada peserta pelatihan, narasumber dan (pengelola) lokasi tempat pelatihan.",
                sop_properties("PT3H", "3 Jam", [UNDANGAN], KESIAPAN, "forms/penyerahan_undangan.json"),
            ),
            UserTask(
                "survei_lokasi", "Survei dan menyiapkan lokasi tempat pelatihan", "Pelaksana",
                "Survei dan menyiapkan lokasi tempat pelatihan.",
                sop_properties("PT3H", "3 Jam", ["Adanya waktu dan tempat pelatihan"],
                               "Adanya kesiapan lokasi tempat pelatihan", "forms/survei_lokasi.json"),
            ),
            UserTask(
                "pelaksanaan_pelatihan", "Pelaksanaan pelatihan", "Jafung",
                "Pelaksanaan pelatihan bagi pelaku usaha UMK oleh Pejabat Fungsional bersama panitia dan "
                "narasumber.",
                sop_properties("P3D", "3 hari", ["Adanya peserta pelatihan, narasumber dan panitia kegiatan"],
                               "Terlaksananya kegiatan pelatihan", "forms/pelaksanaan_pelatihan.json"),
            ),
            EndEvent("pelatihan_terlaksana", "Pelatihan terlaksana", "Jafung"),
        ],
        flows=[
            Flow("mulai", "identifikasi_calon_peserta"),
            Flow("identifikasi_calon_peserta", "penyusunan_panitia"),
            Flow("penyusunan_panitia", "penandatanganan_sk"),
            Flow("penandatanganan_sk", "cek_sk"),
            Flow("cek_sk", "pembuatan_undangan", "Ya", condition="sk_disetujui == True"),
            Flow("cek_sk", "penyusunan_panitia", "Tidak", default=True),
            Flow("pembuatan_undangan", "penyerahan_undangan"),
            Flow("penyerahan_undangan", "survei_lokasi"),
            Flow("survei_lokasi", "pelaksanaan_pelatihan"),
            Flow("pelaksanaan_pelatihan", "pelatihan_terlaksana"),
        ],
    )
    forms = {
        "forms/start.json": form("Rencana pelatihan pelaku usaha UMK", {
            "nama_pelatihan": text("Nama pelatihan", "Pelatihan pengemasan produk makanan olahan"),
            "tanggal_rencana": date_field("Tanggal rencana pelatihan", "2026-03-10"),
            "jumlah_peserta_rencana": integer("Jumlah peserta yang direncanakan", 30, minimum=1),
            "sumber_dana": choice("Sumber dana", ["APBD", "APBN", "Lainnya"]),
        }),
        "forms/identifikasi_calon_peserta.json": form("Identifikasi calon peserta pelatihan", {
            "persyaratan": checklist({"data_umk": "Data UMK Potensial/Aktif"}),
            "jumlah_calon_peserta": integer("Jumlah calon peserta", 30, minimum=1),
            "daftar_calon_peserta": text("Draf daftar calon peserta",
                                         "30 pelaku UMK aktif Kec. Gerung dan Kec. Kediri (daftar terlampir)"),
        }),
        "forms/penyusunan_panitia.json": form("Penyusunan panitia, peserta, narasumber dan lokasi", {
            "persyaratan": checklist({"sk_kadis": "Surat Keputusan Kepala Dinas (draf)"}),
            "nomor_sk_draf": {"title": "Nomor draf SK (bila sudah ada)", "type": "string",
                              "examples": ["500/012/DISKOP-UKM/2026"]},
            "susunan_panitia": text("Susunan panitia", "Ketua: Kepala Bidang UMKM; Sekretaris: Pelaksana"),
            "narasumber": text("Daftar narasumber", "Dinas Kesehatan (PIRT); pelaku usaha kemasan"),
            "lokasi_pelatihan": text("Lokasi tempat pelatihan", "Aula Dinas Koperasi dan UKM, Gerung"),
        }, required=["persyaratan", "susunan_panitia", "narasumber", "lokasi_pelatihan"]),
        "forms/penandatanganan_sk.json": form("Penandatanganan Surat Keputusan panitia pelatihan", {
            "persyaratan": checklist({"draf_sk": "Draf Surat Keputusan Kepala Dinas"}),
            "sk_disetujui": boolean("SK disetujui dan ditandatangani?"),
            "nomor_sk": {"title": "Nomor SK (diisi bila disetujui)", "type": "string",
                         "examples": ["500/012/DISKOP-UKM/2026"]},
            "catatan": catatan("Susunan panitia sudah sesuai"),
        }, required=["persyaratan", "sk_disetujui"]),
        "forms/pembuatan_undangan.json": form("Pembuatan surat undangan dan izin lokasi", {
            "persyaratan": checklist({"surat_undangan": UNDANGAN}),
            "jumlah_undangan": integer("Jumlah surat undangan dibuat", 32, minimum=1),
        }),
        "forms/penyerahan_undangan.json": form("Penyerahan surat undangan", {
            "persyaratan": checklist({"surat_undangan": UNDANGAN}),
            "tanggal_penyerahan": date_field("Tanggal penyerahan surat", "2026-03-02"),
        }),
        "forms/survei_lokasi.json": form("Survei dan penyiapan lokasi pelatihan", {
            "persyaratan": checklist({"waktu_tempat": "Adanya waktu dan tempat pelatihan"}),
            "lokasi_siap": boolean("Lokasi tempat pelatihan siap digunakan?"),
            "catatan": catatan("Kursi, pengeras suara dan proyektor tersedia"),
        }, required=["persyaratan", "lokasi_siap"]),
        "forms/pelaksanaan_pelatihan.json": form("Pelaksanaan pelatihan", {
            "persyaratan": checklist({"peserta_narasumber_panitia":
                                      "Adanya peserta pelatihan, narasumber dan panitia kegiatan"}),
            "jumlah_peserta_hadir": integer("Jumlah peserta hadir", 28, minimum=0),
            "tanggal_mulai": date_field("Tanggal mulai pelatihan", "2026-03-10"),
            "tanggal_selesai": date_field("Tanggal selesai pelatihan", "2026-03-12"),
        }),
    }
    sop = sop_document(
        nama=nama,
        kualifikasi=["Memiliki Keterampilan dalam Pelaksanaan Pelatihan"],
        peralatan=["Data Peserta Pelatihan", "Komputer / Laptop", "Komputer", "ATK"],
        peringatan=["Jika SOP tidak dilaksanakan, maka Keterampilan Pelaku Usaha Tidak Meningkat"],
        pencatatan=["Pencatatan Hasil Identifikasi Permasalahan Pasca Pelatihan Yaitu Adanya Peningkatan "
                    "Keterampilan Teknis Didalam Mengelola Usaha"],
        nip="19681231 199103 1 091",
        case={"reference_prefix": "LAT", "subject_field": "nama_pelatihan", "start_form": "forms/start.json"},
        starter_roles=["pelaksana", "kepala_bidang"],
        sop_number=2,
        registers=[TRAINING_REGISTER],
        assumptions=[
            "Lanes: steps 1 (identifikasi), 2 (penyusunan panitia), 3 (undangan), 4 (penyerahan surat) and "
            "5 (survei lokasi) are given to Pelaksana; step 6 (pelaksanaan pelatihan) to Jafung, because the "
            "SOP is written for the Pejabat Fungsional Pengawas Koperasi.",
            "Added step 'Penandatanganan Surat Keputusan panitia pelatihan' in the Kadis lane: step 2 requires "
            "a 'Surat Keputusan Kepala Dinas', which only the Kadis signs; in step 2 the Pelaksana prepares "
            "the draft. Its time (1 Jam), requirement (Draf Surat Keputusan Kepala Dinas) and output "
            "(Surat Keputusan Kepala Dinas tentang panitia pelatihan) are Alur's, not the source's.",
            "Decision 'SK disetujui?' after the Kadis step is not in the source: Tidak returns the case to "
            "step 2 for revision, Ya continues to the invitations.",
            "Step 1 output 'Draf NIB' is kept as printed but is probably a copy error from the NIB SOP; read "
            "as a draft list of participants (the form asks for the number and list of candidates).",
            "Step 4 'lokasi tempat pelatihan' is read as the manager of the training venue.",
            "'3 hari' for the training counts working days; a training held over a weekend needs "
            "time_basis 'calendar' (office to confirm).",
            "Start form (name, planned date, planned number of participants, funding source APBD/APBN/Lainnya) "
            "and the fields of every step form are Alur's; the source gives only requirements and outputs.",
            "Starter roles: Pelaksana and Kepala Bidang (the Kabid commissions a training).",
            "Peralatan lists both 'Komputer / Laptop' and 'Komputer', kept as printed.",
            "Text fixes of OCR/typing slips: 'Pelaksar' -> 'Pelaksana', 'pelatih' -> 'pelatihan', 'lok' -> "
            "'lokasi', 'Tekhnis' -> 'Teknis'.",
        ],
    )
    return write_sop(sketch, sop, forms)


# ------------------------------------------------------------------------------------------------
# SOP 1: Penyusunan Perencanaan Fasilitasi Usaha Mikro
# ------------------------------------------------------------------------------------------------


def _proposal_form(title: str, suffix: str, requirement: str, example_value: int, summary: str) -> dict[str, Any]:
    return form(title, {
        f"persyaratan_{suffix}": checklist({f"proposal_{suffix}": requirement}),
        f"jumlah_umk_diusulkan_{suffix}": integer("Jumlah UMK yang diusulkan", 20, minimum=1),
        f"nilai_usulan_{suffix}_rp": integer("Nilai usulan bantuan (Rp)", example_value, minimum=0),
        f"ringkasan_{suffix}": text("Ringkasan proposal", summary),
    })


PROPOSALS = "Usulan fasilitasi"
FACILITATION_REGISTER: dict[str, Any] = {
    "key": "fasilitasi",
    "title": "Daftar Usulan Fasilitasi Usaha Mikro",
    "basis": "Menurut tanggal kasus perencanaan dimulai.",
    "state_words": {"completed": "Tersusun", "open": "Dalam penyusunan", "cancelled": "Dibatalkan",
                    "none": "Belum disusun"},
    "tables": [
        {"title": PROPOSALS,
         "for_each_step": [{"step": "proposal_lapak_pkl", "name": "Lapak PKL"},
                           {"step": "proposal_peralatan", "name": "Peralatan"}],
         "columns": [
             {"label": "No", "field": "#", "type": "int"},
             {"label": "Judul perencanaan", "field": ["start.judul", "case.subject"]},
             {"label": "Tahun anggaran", "field": "start.tahun_anggaran", "type": "int"},
             {"label": "Jenis usulan", "field": "step.@name"},
             # Each proposal form names its fields with its own suffix; a step has only its own.
             {"label": "Jumlah UMK diusulkan", "type": "int",
              "field": ["step.jumlah_umk_diusulkan_lapak_pkl", "step.jumlah_umk_diusulkan_peralatan"]},
             {"label": "Nilai usulan (Rp)", "type": "int",
              "field": ["step.nilai_usulan_lapak_pkl_rp", "step.nilai_usulan_peralatan_rp"]},
             {"label": "Ringkasan", "field": ["step.ringkasan_lapak_pkl", "step.ringkasan_peralatan"]},
             {"label": "Status", "field": "step.@state"},
             {"label": "Tersusun pada", "field": "step.@completed_at", "type": "datetime"},
             {"label": "Nomor kasus", "field": "case.reference"},
         ]},
        {"title": "Jadwal promosi UMKM",
         "only_when_any": ["jadwal_promosi.tanggal_promosi"],
         "columns": [
             {"label": "No", "field": "#", "type": "int"},
             {"label": "Judul perencanaan", "field": ["start.judul", "case.subject"]},
             {"label": "Tanggal promosi", "field": "jadwal_promosi.tanggal_promosi", "type": "date"},
             {"label": "Tempat", "field": "jadwal_promosi.tempat"},
             {"label": "Jumlah UMKM peserta", "field": "jadwal_promosi.jumlah_umkm_peserta", "type": "int"},
             {"label": "Nomor kasus", "field": "case.reference"},
         ]},
    ],
    "summary": [
        {"label": "Jumlah perencanaan", "figure": "cases"},
        {"label": "Usulan tersusun", "figure": "equal", "table": PROPOSALS, "column": "Status",
         "value": "Tersusun", "of_rows": True},
        {"label": "Nilai usulan tersusun (Rp)", "figure": "sum", "table": PROPOSALS, "column": "Nilai usulan (Rp)"},
    ],
}


def perencanaan_fasilitasi_usaha_mikro() -> Path:
    key = "perencanaan_fasilitasi_usaha_mikro"
    nama = "Penyusunan Perencanaan Fasilitasi Usaha Mikro"
    req_pkl = "Membuat Proposal Bantuan Fasilitasi UMK (Lapak PKL)"
    req_alat = "Membuat Proposal Bantuan Fasilitasi UMK (Peralatan)"
    output_proposal = "Tersedianya Kelengkapan Data Pengajuan Proposal"
    sketch = ProcessSketch(
        id=key,
        name=nama,
        lanes=["Pelaksana", "Jafung"],
        documentation="Penyusunan program dan kegiatan fasilitasi usaha mikro: proposal bantuan lapak PKL dan "
                      "peralatan, serta jadwal promosi UMKM.",
        nodes=[
            StartEvent("mulai", "Mulai", "Jafung"),
            ParallelGateway("cabang_proposal", "", "Jafung"),
            UserTask(
                "proposal_lapak_pkl", "Penyusunan proposal bantuan fasilitasi UMK (Lapak PKL)", "Jafung",
                "Penyusunan Program dan Kegiatan Seksi Fasilitasi Usaha Mikro: membuat proposal bantuan "
                "fasilitasi UMK (Lapak PKL).",
                sop_properties("P28D", "28 hari", [req_pkl], output_proposal, "forms/proposal_lapak_pkl.json"),
            ),
            UserTask(
                "proposal_peralatan", "Penyusunan proposal bantuan fasilitasi UMK (Peralatan)", "Jafung",
                "Penyusunan Program dan Kegiatan Seksi Fasilitasi Usaha Mikro: membuat proposal bantuan "
                "fasilitasi UMK (Peralatan).",
                sop_properties("P28D", "28 hari", [req_alat], output_proposal, "forms/proposal_peralatan.json"),
            ),
            ParallelGateway("gabung_proposal", "", "Jafung"),
            UserTask(
                "jadwal_promosi", "Penyusunan jadwal promosi UMKM", "Pelaksana",
                "Penyusunan Program dan Kegiatan Promosi UMKM: pembuatan jadwal promosi bagi UMKM "
                "(Seksi Pengembangan Usaha).",
                sop_properties("P5D", "5 hari", ["Pembuatan Jadwal Promosi bagi UMKM"],
                               "Tersedianya Data UMKM yang Akan Mengikuti Promosi Produk",
                               "forms/jadwal_promosi.json"),
            ),
            EndEvent("perencanaan_tersusun", "Perencanaan fasilitasi tersusun", "Pelaksana"),
        ],
        flows=[
            Flow("mulai", "cabang_proposal"),
            Flow("cabang_proposal", "proposal_lapak_pkl"),
            Flow("cabang_proposal", "proposal_peralatan"),
            Flow("proposal_lapak_pkl", "gabung_proposal"),
            Flow("proposal_peralatan", "gabung_proposal"),
            Flow("gabung_proposal", "jadwal_promosi"),
            Flow("jadwal_promosi", "perencanaan_tersusun"),
        ],
    )
    forms = {
        "forms/start.json": form("Perencanaan fasilitasi usaha mikro", {
            "judul": text("Judul perencanaan", "Perencanaan fasilitasi usaha mikro tahun anggaran 2026"),
            "tahun_anggaran": integer("Tahun anggaran", 2026, minimum=2020, maximum=2100),
        }),
        "forms/proposal_lapak_pkl.json": _proposal_form(
            "Proposal bantuan fasilitasi UMK (Lapak PKL)", "lapak_pkl", req_pkl, 150000000,
            "Bantuan 20 unit lapak bagi PKL di kawasan Gerung"),
        "forms/proposal_peralatan.json": _proposal_form(
            "Proposal bantuan fasilitasi UMK (Peralatan)", "peralatan", req_alat, 100000000,
            "Bantuan peralatan produksi bagi 20 usaha mikro makanan olahan"),
        "forms/jadwal_promosi.json": form("Jadwal promosi UMKM", {
            "persyaratan": checklist({"jadwal_promosi": "Pembuatan Jadwal Promosi bagi UMKM"}),
            "tanggal_promosi": date_field("Tanggal promosi", "2026-08-17"),
            "jumlah_umkm_peserta": integer("Jumlah UMKM peserta promosi", 15, minimum=1),
            "tempat": text("Tempat promosi", "Lapangan Umum Gerung"),
        }),
    }
    sop = sop_document(
        nama=nama,
        kualifikasi=["Memiliki Kemampuan Dalam Memfasilitasi Usaha Mikro"],
        peralatan=["Data UKM", "Komputer / Laptop", "ATK"],
        peringatan=["Jika SOP tidak dilaksanakan, maka Fasilitas UKM Tidak Maksimal"],
        pencatatan=["Pencatatan Hasil Identifikasi Fasilitas Usaha Mikro Kecil Dan Menengah"],
        nip="19681231 199103 1 091",
        case={"reference_prefix": "FAS", "subject_field": "judul", "start_form": "forms/start.json"},
        starter_roles=["jafung", "kepala_bidang"],
        sop_number=1,
        registers=[FACILITATION_REGISTER],
        assumptions=[
            "Nama SOP: the source prints 'Penyusunan Perencana Fasilitas Usaha Mikro'; read as "
            "'Penyusunan Perencanaan Fasilitasi Usaha Mikro'.",
            "Activities 1 and 2 both read 'Penyusunan Program dan Kegiatan Seksi Fasilitasi Usaha Mikro'; the "
            "steps are named after their Persyaratan (proposal Lapak PKL, proposal Peralatan) and the source "
            "text is kept as the step documentation.",
            "Parallel: the two proposals (28 hari each) are independent, so they run at the same time "
            "(parallel fork and join) before the promotion schedule; the source's arrows were lost. If the "
            "office writes them one after the other the plan takes 56 working days instead of 28.",
            "Lanes: the role columns are Kabid, Jafung, Sek/Prog, Kadis and Seksi Pengembangan Usaha, but the "
            "marks were lost. Both proposals are given to Jafung (the SOP is written for the Pejabat "
            "Fungsional Pengawas Koperasi); the promotion schedule to Pelaksana, standing for the staff of "
            "Seksi Pengembangan Usaha (Alur has no role of that name; the column names a section).",
            "No review or approval steps by Kabid, Sek/Prog or Kadis are modelled although they have "
            "columns: the source gives them no activity, time or output; the office may add them.",
            "Each proposal form uses its own field names (suffix _lapak_pkl / _peralatan) so the two parallel "
            "steps do not overwrite each other's data.",
            "Start form (judul, tahun_anggaran) and all step form fields are Alur's; the source gives only "
            "requirements and outputs.",
            "Starter roles: Jafung and Kepala Bidang.",
            "Text fixes of OCR/typing slips: 'Prodak' -> 'Produk', 'Sek/Pro g' -> 'Sek/Prog'.",
        ],
    )
    return write_sop(sketch, sop, forms)


def main() -> None:
    for build in (pelayanan_nib_oss, pelatihan_pelaku_umk, perencanaan_fasilitasi_usaha_mikro):
        print(build())


if __name__ == "__main__":
    main()
