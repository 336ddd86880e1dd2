"""The 12 services of Seksi Penyuluhan UMKM, Dinas Koperasi UMKM Provinsi NTB, as executable SOP folders.

Source: ``shared/sop-sources/000_7dc12f236b00284b.txt`` (Lampiran 14). It is not a flowchart SOP but a
*catalogue*: one row per service with the columns jenis pelayanan, persyaratan (target groups), biaya
("APBN dan APBD"), waktu ("6 hari", "2 Bulan Sekali", "-"), jenis (Biasa/Rutin), dasar hukum / standar
pelayanan and keterangan (status "Sudah dilaksanakan" / "Belum dilaksanakan"). Alur needs steps, so every
service is modelled as a short flow of a section (3–5 user tasks: prepare, approve, carry out, report,
check the report), and every step, role, duration and schedule the catalogue does not state is written
into the SOP's ``assumptions`` so the office can correct it.

Writes ``processes/ntb_penyuluhan_umkm_01_<slug>`` … ``_12_<slug>``.
Run: ``.venv/bin/python processes/_authoring/ntb_penyuluhan.py``
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import NTB_HEADER, NTB_OFFICE, checklist, form, write_sop

from engine.authoring import (
    EndEvent,
    ExclusiveGateway,
    Flow,
    ProcessSketch,
    StartEvent,
    UserTask,
    sop_properties,
)
from engine.timekeeping.durations import parse_recurrence, recurrence_period_from_sop_text

SOURCE = "shared/sop-sources/000_7dc12f236b00284b.txt"
UNIT = {
    "code": "dinkop-ntb.seksi-penyuluhan-umkm",
    "name": "Seksi Penyuluhan UMKM",
    "kind": "section",
    "parent": {"code": "dinkop-ntb.bidang-penyuluhan", "name": "Bidang Penyuluhan Koperasi dan UMKM",
               "kind": "division"},
}
DISAHKAN_OLEH = {"jabatan": "Kepala Dinas Koperasi UMKM Provinsi NTB", "nama": "", "nip": ""}
STARTER_ROLES = ["kepala_seksi", "pelaksana"]
FIRST_START = "2027-01-04T08:00:00+08:00"  # a Monday, 08.00 WITA
LANE_ORDER = ["Pelaksana", "Jafung", "Kepala Seksi", "Kepala Bidang", "Kadis"]
APBN_APBD = "APBN dan APBD"

COMMON_ASSUMPTIONS = [
    "Sumber: Lampiran 14 adalah katalog layanan (jenis pelayanan, persyaratan, biaya, waktu, jenis, dasar "
    "hukum, keterangan), bukan bagan alir SOP AP; langkah-langkah, peran (lane) dan waktu tiap langkah "
    "disusun oleh Alur sebagai alur kerja seksi yang wajar dan perlu dikoreksi oleh kantor.",
    "Nomor SOP, tanggal pembuatan, tanggal revisi dan tanggal efektif tidak ada pada katalog: dibiarkan "
    "kosong (nomor_sop \"\", tanggal null).",
    "Disahkan oleh: tidak ada pada katalog; diisi jabatan Kepala Dinas Koperasi UMKM Provinsi NTB tanpa "
    "nama dan NIP.",
    "Unit: Seksi Penyuluhan UMKM di bawah Bidang Penyuluhan Koperasi dan UMKM (kop katalog).",
    "Peran: Pelaksana = staf seksi; Jafung = pejabat fungsional Penyuluh Koperasi dan UMKM; Kepala Seksi "
    "= Kasi Penyuluhan UMKM; Kepala Bidang = Kabid Penyuluhan Koperasi dan UMKM. Kolom peran hilang dari "
    "sumber, pembagian langkah ke peran adalah asumsi.",
    "Kasus dapat dimulai oleh Kepala Seksi atau Pelaksana (starter_roles).",
    "Kolom persyaratan katalog (sasaran/kelompok peserta) dijadikan Kelengkapan/Persyaratan langkah; "
    "dokumen masukan tiap langkah (rencana, naskah, laporan) ditambahkan oleh Alur.",
    "Kolom biaya dicatat di 'sumber_dana'; kolom keterangan di 'status_katalog' (\"\" bila kosong atau "
    "'-').",
    "Waktu: 'N hari' dibaca sebagai N hari kerja (P{N}D). Langkah persiapan, pemeriksaan dan laporan yang "
    "tidak ada di katalog diberi 1 hari kerja.",
    "Kualifikasi pelaksana, peralatan/perlengkapan, peringatan dan pencatatan/pendataan tidak ada pada "
    "katalog: dibiarkan kosong.",
]


# --------------------------------------------------------------------------------------------------
# Form fields
# --------------------------------------------------------------------------------------------------


def text(title: str, example: str, max_length: int = 2000) -> dict[str, Any]:
    return {"title": title, "type": "string", "minLength": 1, "maxLength": max_length, "examples": [example]}


def integer(title: str, example: int, minimum: int = 0, maximum: int | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"title": title, "type": "integer", "minimum": minimum}
    if maximum is not None:
        spec["maximum"] = maximum
    spec["examples"] = [example]
    return spec


def date(title: str, example: str) -> dict[str, Any]:
    return {"title": title, "type": "string", "format": "date", "examples": [example]}


def boolean(title: str, example: bool) -> dict[str, Any]:
    return {"title": title, "type": "boolean", "examples": [example]}


def choice(title: str, options: dict[str, str], example: str | None = None) -> dict[str, Any]:
    """One value out of labelled options (``oneOf`` of ``const`` + ``title``)."""
    return {"title": title, "type": "string",
            "oneOf": [{"const": value, "title": label} for value, label in options.items()],
            "examples": [example or next(iter(options))]}


def choices(title: str, options: dict[str, str], example: list[str] | None = None) -> dict[str, Any]:
    """Several values out of labelled options (an output, not a requirements checklist)."""
    return {"title": title, "type": "array", "minItems": 1, "uniqueItems": True,
            "items": {"oneOf": [{"const": value, "title": label} for value, label in options.items()]},
            "examples": [example or list(options)]}


def catatan(title: str = "Catatan", example: str = "Sudah sesuai.") -> dict[str, Any]:
    return text(title, example)


def judul(example: str) -> dict[str, Any]:
    return text("Judul kegiatan", example, max_length=300)


TAHUN_ANGGARAN = integer("Tahun anggaran", 2027, minimum=2020, maximum=2100)

KABUPATEN_KOTA_NTB = {
    "kota_mataram": "Kota Mataram", "lombok_barat": "Kabupaten Lombok Barat",
    "lombok_tengah": "Kabupaten Lombok Tengah", "lombok_timur": "Kabupaten Lombok Timur",
    "lombok_utara": "Kabupaten Lombok Utara", "sumbawa_barat": "Kabupaten Sumbawa Barat",
    "sumbawa": "Kabupaten Sumbawa", "dompu": "Kabupaten Dompu", "bima": "Kabupaten Bima",
    "kota_bima": "Kota Bima",
}


# --------------------------------------------------------------------------------------------------
# Steps and services
# --------------------------------------------------------------------------------------------------


@dataclass
class Step:
    """A user task with its Mutu Baku and form (the requirements checklist comes first in the form)."""

    id: str
    name: str
    lane: str
    documentation: str
    duration: str
    time_text: str
    requirements: dict[str, str]
    output: str
    fields: dict[str, dict[str, Any]]
    optional: tuple[str, ...] = ()

    def form_path(self) -> str:
        return f"forms/{self.id}.json"

    def schema(self) -> dict[str, Any]:
        properties = {"persyaratan": checklist(self.requirements), **self.fields}
        return form(self.name, properties, [name for name in properties if name not in self.optional])

    def node(self) -> UserTask:
        return UserTask(self.id, self.name, self.lane, documentation=self.documentation,
                        properties=sop_properties(self.duration, self.time_text,
                                                  requirements=self.requirements.values(),
                                                  output=self.output, form=self.form_path()))


Node = Step | StartEvent | EndEvent | ExclusiveGateway


@dataclass
class Service:
    number: int
    slug: str
    nama: str
    prefix: str
    dasar_hukum: list[str]
    sumber_dana: str
    status_katalog: str
    jenis: str
    uraian_katalog: str
    start_fields: dict[str, dict[str, Any]]
    nodes: list[Node]
    flows: list[Flow]
    assumptions: list[str]
    recurrence: dict[str, str] | None = None
    keterkaitan: list[str] = field(default_factory=list)
    rincian_katalog: list[dict[str, str]] = field(default_factory=list)
    start_optional: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"ntb_penyuluhan_umkm_{self.number:02d}_{self.slug}"


def start(lane: str) -> StartEvent:
    return StartEvent("mulai", "Mulai", lane)


def finish(lane: str, name: str = "Selesai", node_id: str = "selesai") -> EndEvent:
    return EndEvent(node_id, name, lane)


def yes_no(gateway: str, field_name: str, yes: str, no: str) -> list[Flow]:
    """``Ya`` when the boolean field is true; ``Tidak`` (the default flow) otherwise."""
    return [Flow(gateway, yes, "Ya", f"{field_name} == True"), Flow(gateway, no, "Tidak", default=True)]


def chain(*ids: str) -> list[Flow]:
    return [Flow(a, b) for a, b in pairwise(ids)]


def report_steps(laporan_lane: str, periksa_lane: str, subject: str, requirement: str,
                 extra_fields: dict[str, dict[str, Any]] | None = None) -> list[Step]:
    """(d) Menyusun laporan and (e) Memeriksa laporan, 1 hari each."""
    laporan = Step(
        "menyusun_laporan", f"Menyusun laporan {subject}", laporan_lane,
        f"{laporan_lane} menyusun laporan {subject} beserta dokumentasinya.",
        "P1D", "1 hari", {"bahan_laporan": requirement, "dokumentasi": "Dokumentasi dan daftar hadir kegiatan"},
        f"Laporan {subject}",
        {"tanggal_laporan": date("Tanggal laporan", "2027-01-20"),
         "ringkasan_laporan": text("Ringkasan laporan", "Kegiatan terlaksana sesuai rencana."),
         **(extra_fields or {})},
    )
    periksa = Step(
        "memeriksa_laporan", f"Memeriksa laporan {subject}", periksa_lane,
        f"{periksa_lane} memeriksa dan menerima laporan {subject}.",
        "P1D", "1 hari", {"laporan": f"Laporan {subject}"},
        f"Laporan {subject} diperiksa dan diterima",
        {"tanggal_diperiksa": date("Tanggal laporan diperiksa", "2027-01-21"),
         "catatan_pemeriksaan": catatan("Catatan pemeriksaan laporan", "Laporan diterima.")},
        optional=("catatan_pemeriksaan",),
    )
    return [laporan, periksa]


def review_step(step_id: str, name: str, lane: str, documentation: str, requirement: str, output: str,
                decision: str = "rencana_disetujui", question: str = "Rencana disetujui?",
                extra_fields: dict[str, dict[str, Any]] | None = None,
                optional: tuple[str, ...] = ()) -> Step:
    return Step(
        step_id, name, lane, documentation, "P1D", "1 hari", {"bahan": requirement}, output,
        {decision: boolean(question, True), **(extra_fields or {}),
         "catatan_pemeriksaan": catatan("Catatan pemeriksaan / perbaikan", "Sudah sesuai, lanjutkan.")},
        optional=("catatan_pemeriksaan", *optional),
    )


# --------------------------------------------------------------------------------------------------
# The 12 services
# --------------------------------------------------------------------------------------------------


def service_01() -> Service:
    himpun = Step(
        "menghimpun_usulan", "Menghimpun data, usulan kegiatan dan kasus Koperasi/UMKM", "Pelaksana",
        "Pelaksana menghimpun data sasaran, usulan kegiatan penyuluhan dan laporan kasus Koperasi/UMKM "
        "yang memerlukan advokasi hukum.",
        "P1D", "1 hari",
        {"sasaran_umkm": "Data sasaran: pemilik UMKM, pedagang UMKM dan pemilik usaha",
         "sasaran_koperasi": "Data sasaran: Koperasi dan UMKM",
         "laporan_kasus": "Laporan kasus Koperasi/UMKM dan masyarakat (bila ada)"},
        "Data dan usulan kegiatan terhimpun; daftar kasus yang perlu advokasi hukum",
        {"jumlah_usulan": integer("Jumlah usulan kegiatan", 8),
         "ada_kasus": boolean("Ada kasus yang perlu advokasi?", False),
         "uraian_kasus": text("Uraian kasus (bila ada)", "Sengketa pinjaman antara anggota dan Koperasi Serba "
                              "Usaha di Kabupaten Lombok Timur")},
        optional=("uraian_kasus",),
    )
    susun = Step(
        "menyusun_rencana", "Menyusun rancangan rencana dan program kegiatan seksi", "Jafung",
        "Jafung Penyuluh menyusun rancangan rencana dan program kegiatan Seksi Penyuluhan UMKM: sosialisasi/"
        "penyuluhan pengembangan kader UMKM, penyebaran informasi perkembangan KUMKM, penerbitan bulletin, "
        "informasi di media koran, advokasi hukum dan kehumasan.",
        "P6D", "6 hari",
        {"data_usulan": "Data dan usulan kegiatan yang terhimpun",
         "peraturan": "Peraturan pemerintah dan perundang-undangan terkait",
         "pagu": "Pagu anggaran APBN dan APBD"},
        "Rancangan rencana dan program kegiatan Seksi Penyuluhan UMKM",
        {"komponen_program": choices("Komponen program", {
            "kader_umkm": "Sosialisasi/penyuluhan pengembangan kader UMKM",
            "informasi_kumkm": "Penyebaran informasi perkembangan KUMKM",
            "bulletin": "Penerbitan Bulletin Koperasi dan UMKM",
            "media_koran": "Penyebaran informasi perkembangan KUKM di media koran",
            "advokasi_hukum": "Advokasi hukum",
            "kehumasan": "Kehumasan"}),
         "jumlah_pemuatan_koran": integer("Rencana pemuatan informasi di koran (kali setahun)", 4),
         "jumlah_terbitan_bulletin": integer("Rencana terbitan bulletin (kali setahun)", 6),
         "perkiraan_biaya": integer("Perkiraan biaya (Rp)", 150000000),
         "sumber_dana": choice("Sumber dana", {"apbn_dan_apbd": "APBN dan APBD", "apbn": "APBN",
                                              "apbd": "APBD"})},
    )
    periksa = review_step(
        "memeriksa_rencana", "Memeriksa rancangan rencana dan program kegiatan", "Kepala Seksi",
        "Kepala Seksi memeriksa rancangan; bila belum sesuai dikembalikan kepada Jafung untuk diperbaiki.",
        "Rancangan rencana dan program kegiatan", "Rancangan disetujui atau dikembalikan untuk perbaikan",
    )
    advokasi = Step(
        "melaksanakan_advokasi", "Melaksanakan advokasi hukum atas kasus Koperasi/UMKM", "Jafung",
        "Bila ada kasus, Jafung melaksanakan advokasi hukum (pendampingan, mediasi atau rujukan ke Biro "
        "Hukum) bagi Koperasi/UMKM dan masyarakat.",
        "P3D", "3 hari",
        {"uraian_kasus": "Uraian kasus dan dokumen pendukung",
         "kehumasan": "Keputusan Menteri Komunikasi dan Informatika Nomor 371 Tahun 2007 (kehumasan)"},
        "Kasus mendapat advokasi hukum; berita acara/laporan advokasi",
        {"pihak_didampingi": text("Pihak yang didampingi", "Koperasi Serba Usaha Maju Bersama"),
         "jenis_pihak": choice("Jenis pihak", {"koperasi": "Koperasi", "umkm": "UMKM",
                                              "masyarakat": "Masyarakat"}),
         "tanggal_advokasi": date("Tanggal advokasi", "2027-01-14"),
         "hasil_advokasi": choice("Hasil advokasi", {"selesai_mediasi": "Selesai melalui mediasi",
                                                     "dirujuk": "Dirujuk ke Biro Hukum / instansi berwenang",
                                                     "dalam_proses": "Masih dalam proses"}),
         "ringkasan_hasil": text("Ringkasan hasil advokasi", "Para pihak sepakat menjadwal ulang angsuran.")},
    )
    tetapkan = Step(
        "menetapkan_rencana", "Memeriksa dan menetapkan rencana dan program kegiatan seksi", "Kepala Bidang",
        "Kepala Bidang memeriksa dan menetapkan rencana dan program kegiatan Seksi Penyuluhan UMKM.",
        "P1D", "1 hari",
        {"rencana": "Rencana dan program kegiatan yang disetujui Kepala Seksi",
         "laporan_advokasi": "Laporan advokasi hukum (bila ada kasus)"},
        "Rencana dan program kegiatan Seksi Penyuluhan UMKM ditetapkan",
        {"tanggal_penetapan": date("Tanggal penetapan", "2027-01-18"),
         "catatan_penetapan": catatan("Catatan penetapan")},
        optional=("catatan_penetapan",),
    )
    nodes: list[Node] = [
        start("Pelaksana"), himpun, susun, periksa,
        ExclusiveGateway("rencana_disetujui_gw", "Rencana disetujui?", "Kepala Seksi"),
        ExclusiveGateway("ada_kasus_gw", "Ada kasus yang perlu advokasi?", "Jafung"),
        advokasi,
        ExclusiveGateway("gabung_advokasi", "", "Kepala Bidang"),
        tetapkan, finish("Kepala Bidang", "Selesai: rencana dan program ditetapkan"),
    ]
    flows = [
        *chain("mulai", "menghimpun_usulan", "menyusun_rencana", "memeriksa_rencana", "rencana_disetujui_gw"),
        *yes_no("rencana_disetujui_gw", "rencana_disetujui", "ada_kasus_gw", "menyusun_rencana"),
        *yes_no("ada_kasus_gw", "ada_kasus", "melaksanakan_advokasi", "gabung_advokasi"),
        *chain("melaksanakan_advokasi", "gabung_advokasi", "menetapkan_rencana", "selesai"),
    ]
    return Service(
        1, "rencana_program",
        "Menyusun Rencana dan Program Kegiatan Seksi Penyuluhan UMKM",
        "PNY01",
        ["Peraturan Pemerintah dan Perundang-undangan",
         "Keputusan Menteri Komunikasi dan Informatika RI Nomor 371 Tahun 2007 tentang Kehumasan "
         "(sebagaimana tertulis di katalog; untuk advokasi hukum dan kehumasan)"],
        APBN_APBD, "Sudah dilaksanakan", "biasa",
        "Terdiri dari: sosialisasi/penyuluhan pengembangan kader UMKM; penyebaran informasi perkembangan "
        "KUMKM; penerbitan Bulletin Koperasi dan UMKM; penyebaran informasi perkembangan KUKM di media koran "
        "(Suara NTB 4 kali); advokasi hukum (kalau ada kasus); kehumasan.",
        {"judul_kegiatan": judul("Rencana dan Program Kegiatan Seksi Penyuluhan UMKM Tahun 2027"),
         "tahun_anggaran": TAHUN_ANGGARAN},
        nodes, flows,
        [
            "Jenis: katalog menulis 'Biasa' untuk layanan ini, tetapi sub-butir bulletin/media koran/advokasi/"
            "kehumasan bertanda 'Rutin' dengan waktu '-'. Layanan tetap 'biasa' (dimulai saat perencanaan); "
            "penerbitan bulletin dan informasi media berjalan rutin sebagai layanan 7 dan 8.",
            "Waktu katalog '6 hari' diberikan kepada langkah penyusunan rancangan rencana dan program (Jafung).",
            "Langkah tambahan: Pelaksana menghimpun data, usulan dan kasus (1 hari); Kepala Seksi memeriksa "
            "rancangan (1 hari, 'Rencana disetujui?' Tidak -> kembali ke penyusunan); Kepala Bidang "
            "menetapkan rencana (1 hari).",
            "Keputusan 'Ada kasus yang perlu advokasi?' (ada_kasus) berasal dari keterangan katalog 'Kalau ada "
            "kasus' pada advokasi hukum; ditanyakan saat Pelaksana menghimpun data. Ya -> Jafung "
            "melaksanakan advokasi hukum; Tidak -> langsung ke penetapan.",
            "Waktu advokasi hukum: katalog '-'; dipilih 3 hari kerja.",
            "Dasar hukum: 'Peraturan Pemerintah dan Perundang-undangan' dan Kepmen Kominfo 371/2007 "
            "sebagaimana tertulis di katalog (katalog menyebut judulnya 'tentang Kehumasan'; di layanan 2 "
            "peraturan yang sama disebut Kode Etik Humas Pemerintahan).",
            "Persyaratan 'Pemilik UMKM, Pedagang UMKM dan Pemilik Usaha', 'Koperasi UMKM' dan 'Koperasi UMKM "
            "dan masyarakat' menjadi data sasaran yang dihimpun pada langkah pertama.",
        ],
        keterkaitan=["Layanan 7: Menyebarluaskan Informasi UMKM melalui Media Massa dan Elektronik",
                     "Layanan 8: Memberikan Informasi UMKM melalui Media Cetak (Bulletin)",
                     "Layanan 11: Monitoring dan Evaluasi Kegiatan Seksi Penyuluhan UMKM"],
        rincian_katalog=[
            {"uraian": "Sosialisasi/Penyuluhan Pengembangan Kader UMKM; Penyebaran Informasi Perkembangan KUMKM",
             "persyaratan": "Pemilik UMKM, Pedagang UMKM dan Pemilik Usaha", "biaya": APBN_APBD,
             "waktu": "6 hari", "jenis": "Biasa", "dasar_hukum": "Peraturan Pemerintah dan Perundang-undangan",
             "keterangan": "Sudah dilaksanakan"},
            {"uraian": "Penerbitan Bulletin Koperasi dan UMKM", "persyaratan": "Koperasi UMKM",
             "biaya": APBN_APBD, "waktu": "", "jenis": "", "dasar_hukum": "", "keterangan": ""},
            {"uraian": "Penyebaran Informasi Perkembangan KUKM di Media Koran (Suara NTB 4 kali); Advokasi "
                       "Hukum; Kehumasan",
             "persyaratan": "Koperasi UMKM; Koperasi UMKM dan masyarakat", "biaya": APBN_APBD, "waktu": "-",
             "jenis": "Rutin",
             "dasar_hukum": "Keputusan Menteri Komunikasi dan Informatika RI No. 371 Tahun 2007 tentang "
                            "Kehumasan",
             "keterangan": "Kalau ada kasus"},
        ],
    )


def service_02() -> Service:
    peraturan = {
        "uu_20_2008": "Undang-Undang Nomor 20 Tahun 2008 tentang Usaha Mikro, Kecil dan Menengah",
        "permenpan_humas": "Peraturan Menteri Negara PAN Nomor PER/M.PAN/08/2007 tentang Pedoman Umum "
                           "Hubungan Masyarakat di Lingkungan Instansi Pemerintah",
        "kepmenkominfo_371": "Keputusan Menteri Komunikasi dan Informatika Nomor 371/KEP/M.KOMINFO/8/2007 "
                             "tentang Kode Etik Humas Pemerintahan",
        "kepmenkominfo_33": "Keputusan Menteri Komunikasi dan Informatika Nomor 33/KEP/M.KOMINFO/2008 "
                            "tentang Badan Koordinasi Kehumasan Pemerintah",
        "peraturan_koperasi": "Peraturan perundang-undangan lainnya yang berkaitan dengan koperasi",
        "wirausaha": "Peraturan tentang kewirausahaan",
    }
    himpun = Step(
        "menghimpun_peraturan", "Menghimpun peraturan dan ketentuan yang berkaitan dengan pelaksanaan tugas",
        "Pelaksana", "Pelaksana menghimpun naskah peraturan dan ketentuan yang berkaitan dengan tugas seksi.",
        "P1D", "1 hari", peraturan, "Kumpulan naskah peraturan dan ketentuan",
        {"jumlah_peraturan": integer("Jumlah peraturan yang dihimpun", 6, minimum=1)},
    )
    pelajari = Step(
        "mempelajari_peraturan", "Mempelajari peraturan dan membuat resume", "Jafung",
        "Jafung mempelajari dan memahami peraturan yang dihimpun dan membuat resume (antara lain resume UU "
        "20/2008 tentang UMKM).",
        "P5D", "5 hari",
        {"naskah": "Kumpulan naskah peraturan dan ketentuan",
         "dibuat_seksi": "Dibuat oleh Seksi Penyuluhan UMKM"},
        "Resume peraturan dan ketentuan",
        {"peraturan_dipelajari": choices("Peraturan yang dipelajari", peraturan),
         "ringkasan_resume": text("Ringkasan resume", "Resume UU 20/2008: kriteria usaha mikro, kecil dan "
                                  "menengah serta kewajiban pemerintah daerah.")},
    )
    sebarkan = Step(
        "menyampaikan_pemahaman", "Menyampaikan pemahaman peraturan kepada karyawan, pelaku usaha dan wartawan",
        "Pelaksana",
        "Pelaksana menyampaikan hasil kajian peraturan kepada sasaran yang tertulis di katalog.",
        "P2D", "2 hari",
        {"resume": "Resume peraturan dan ketentuan",
         "karyawan": "Sasaran: seluruh karyawan Dinas Koperasi UMKM",
         "pengusaha_kecil": "Sasaran: pengusaha kecil dan pedagang",
         "wartawan": "Sasaran: wartawan",
         "peserta_koperasi": "Sasaran: peserta Koperasi dan UMKM",
         "pengusaha": "Sasaran: pengusaha (kewirausahaan)"},
        "Karyawan, pelaku usaha dan wartawan memahami peraturan terkait",
        {"sasaran": choices("Sasaran yang dijangkau", {
            "karyawan": "Karyawan Dinas Koperasi UMKM", "pengusaha_kecil": "Pengusaha kecil",
            "pedagang": "Pedagang", "wartawan": "Wartawan", "peserta_koperasi_umkm": "Peserta Koperasi UMKM",
            "pengusaha": "Pengusaha"}),
         "tanggal_pelaksanaan": date("Tanggal pelaksanaan", "2027-01-13"),
         "jumlah_peserta": integer("Jumlah peserta", 40)},
    )
    laporan, periksa_laporan = report_steps("Pelaksana", "Kepala Seksi", "kajian peraturan",
                                            "Resume peraturan dan catatan penyampaian")
    nodes: list[Node] = [start("Pelaksana"), himpun, pelajari, sebarkan, laporan, periksa_laporan,
                         finish("Kepala Seksi")]
    flows = chain("mulai", "menghimpun_peraturan", "mempelajari_peraturan", "menyampaikan_pemahaman",
                  "menyusun_laporan", "memeriksa_laporan", "selesai")
    return Service(
        2, "kajian_peraturan",
        "Menghimpun, Mempelajari dan Memahami Peraturan dan Ketentuan yang Berkaitan dengan Pelaksanaan Tugas",
        "PNY02",
        ["Peraturan perundang-undangan tentang pendayagunaan aparatur negara", "Pelayanan prima",
         "Undang-undang kehumasan", "Undang-undang koperasi dan Undang-Undang UMKM",
         "Undang-Undang Nomor 20 Tahun 2008 dan Peraturan Menteri"],
        APBN_APBD, "Sudah dilaksanakan", "biasa",
        "Membuat resume UU 20/2008 tentang UMKM; mempelajari Permenpan PER/M.PAN/08/2007 tentang Pedoman "
        "Umum Humas di Lingkungan Instansi Pemerintah; Kepmen Kominfo 371/KEP/M.KOMINFO/8/2007 tentang Kode "
        "Etik Humas Pemerintahan; Kepmen Kominfo 33/KEP/M.KOMINFO/2008 tentang Badan Koordinasi Kehumasan "
        "Pemerintah; peraturan perundang-undangan lainnya yang berkaitan dengan koperasi; wirausaha.",
        {"judul_kegiatan": judul("Kajian peraturan kehumasan dan UMKM Tahun 2027"),
         "tahun_anggaran": TAHUN_ANGGARAN},
        nodes, flows,
        [
            "Status: katalog memberi status per sub-butir (Permenpan humas 'Belum dilaksanakan', sub-butir "
            "lain 'Sudah dilaksanakan'); status_katalog diisi 'Sudah dilaksanakan' (mayoritas), rincian di "
            "'rincian_katalog'.",
            "Waktu sub-butir di katalog 1, 5, 1, 2 dan 1 hari. Mempelajari dan membuat resume (Jafung) diberi "
            "5 hari (waktu terpanjang; sub-butir 1 hari termasuk di dalamnya); penyampaian kepada sasaran "
            "(Pelaksana) 2 hari (waktu sub-butir 'Peserta Koperasi UMKM').",
            "Langkah tambahan: Pelaksana menghimpun peraturan (1 hari), Pelaksana menyusun laporan (1 hari), "
            "Kepala Seksi memeriksa laporan (1 hari). Tidak ada keputusan persetujuan: kajian internal seksi.",
            "Kolom persyaratan (Seluruh karyawan Dinas, pengusaha kecil, pedagang, wartawan, peserta Koperasi "
            "UMKM, pengusaha) dibaca sebagai sasaran penyampaian hasil kajian.",
            "Perbaikan salah ketik sumber: 'PERM/M.PAN/08/2007' ditulis 'PER/M.PAN/08/2007'; "
            "'M,KOMOMFO' dan 'M.KOMIMFO' ditulis 'M.KOMINFO'. Nomor Permenpan lengkap perlu dicek kantor.",
            "Dasar hukum diambil dari kolom dasar hukum/standar pelayanan semua sub-butir.",
        ],
        keterkaitan=["Layanan 3: Menyosialisasikan Undang-Undang Nomor 20 Tahun 2008"],
        rincian_katalog=[
            {"uraian": "Membuat resume UU 20/2008 tentang UMKM", "persyaratan": "-", "biaya": "-", "waktu": "-",
             "jenis": "-", "dasar_hukum": "-", "keterangan": "-"},
            {"uraian": "Mempelajari Permenpan PER/M.PAN/08/2007 tentang Pedoman Umum Humas",
             "persyaratan": "Dibuat oleh Seksi Penyuluhan UMKM", "biaya": APBN_APBD, "waktu": "1 hari",
             "jenis": "Biasa", "dasar_hukum": "Peraturan Perundang-undangan tentang Pendayagunaan",
             "keterangan": "Belum dilaksanakan"},
            {"uraian": "Kepmen Kominfo 371/KEP/M.KOMINFO/8/2007 tentang Kode Etik Humas Pemerintahan",
             "persyaratan": "Seluruh Karyawan Dinas Koperasi UMKM, Pengusaha kecil, Pedagang",
             "biaya": APBN_APBD, "waktu": "5 hari", "jenis": "Biasa", "dasar_hukum": "Pelayanan Prima",
             "keterangan": "Sudah dilaksanakan"},
            {"uraian": "Kepmen Kominfo 33/KEP/M.KOMINFO/2008 tentang Badan Koordinasi Kehumasan Pemerintah",
             "persyaratan": "Wartawan", "biaya": APBN_APBD, "waktu": "1 hari", "jenis": "Biasa",
             "dasar_hukum": "Undang-undang Kehumasan", "keterangan": "Sudah dilaksanakan"},
            {"uraian": "Peraturan perundang-undangan lainnya yang berkaitan dengan koperasi",
             "persyaratan": "Peserta Koperasi UMKM", "biaya": APBN_APBD, "waktu": "2 hari", "jenis": "Biasa",
             "dasar_hukum": "Undang-undang Koperasi dan Undang-Undang UMKM", "keterangan": "Sudah dilaksanakan"},
            {"uraian": "Wirausaha", "persyaratan": "Pengusaha", "biaya": APBN_APBD, "waktu": "1 hari",
             "jenis": "Biasa", "dasar_hukum": "Undang-Undang No. 20 Tahun 2008 dan Permen",
             "keterangan": "Sudah dilaksanakan"},
        ],
    )


def service_03() -> Service:
    rencana = Step(
        "menyusun_rencana", "Menyusun rencana sosialisasi UU Nomor 20 Tahun 2008", "Jafung",
        "Jafung Penyuluh menyusun rencana sosialisasi: jadwal, lokasi, peserta, narasumber dan materi.",
        "P1D", "1 hari",
        {"data_peserta": "Data calon peserta: pengurus Koperasi dan UMKM",
         "naskah_uu": "Naskah UU Nomor 20 Tahun 2008",
         "data_umkm": "Data jumlah UMKM di NTB"},
        "Rencana sosialisasi UU 20/2008",
        {"tanggal_rencana": date("Rencana tanggal mulai", "2027-02-01"),
         "lokasi": text("Lokasi", "Aula Dinas Koperasi UMKM Provinsi NTB, Mataram"),
         "jumlah_peserta_rencana": integer("Rencana jumlah peserta", 50, minimum=1),
         "narasumber": text("Narasumber", "Kepala Bidang Penyuluhan Koperasi dan UMKM")},
    )
    periksa = review_step(
        "memeriksa_rencana", "Memeriksa rencana sosialisasi", "Kepala Seksi",
        "Kepala Seksi memeriksa rencana; bila belum sesuai dikembalikan untuk diperbaiki.",
        "Rencana sosialisasi UU 20/2008", "Rencana sosialisasi disetujui atau dikembalikan",
    )
    laksana = Step(
        "melaksanakan_sosialisasi", "Melaksanakan sosialisasi UU Nomor 20 Tahun 2008 tentang UMKM", "Jafung",
        "Jafung Penyuluh melaksanakan sosialisasi UU 20/2008 kepada pengurus Koperasi dan UMKM.",
        "P6D", "6 hari",
        {"rencana": "Rencana sosialisasi yang disetujui",
         "peserta": "Peserta: pengurus Koperasi dan UMKM",
         "materi": "Materi sosialisasi UU 20/2008"},
        "Pengurus Koperasi dan UMKM memahami UU 20/2008",
        {"tanggal_mulai": date("Tanggal mulai", "2027-02-01"),
         "tanggal_selesai": date("Tanggal selesai", "2027-02-08"),
         "jumlah_peserta": integer("Jumlah peserta hadir", 48),
         "kabupaten_kota": choices("Kabupaten/kota asal peserta", KABUPATEN_KOTA_NTB, ["kota_mataram",
                                                                                     "lombok_barat"])},
    )
    laporan, periksa_laporan = report_steps("Pelaksana", "Kepala Bidang", "sosialisasi UU 20/2008",
                                            "Daftar hadir dan hasil sosialisasi")
    nodes: list[Node] = [start("Jafung"), rencana, periksa,
                         ExclusiveGateway("rencana_disetujui_gw", "Rencana disetujui?", "Kepala Seksi"),
                         laksana, laporan, periksa_laporan, finish("Kepala Bidang")]
    flows = [
        *chain("mulai", "menyusun_rencana", "memeriksa_rencana", "rencana_disetujui_gw"),
        *yes_no("rencana_disetujui_gw", "rencana_disetujui", "melaksanakan_sosialisasi", "menyusun_rencana"),
        *chain("melaksanakan_sosialisasi", "menyusun_laporan", "memeriksa_laporan", "selesai"),
    ]
    return Service(
        3, "sosialisasi_uu_umkm",
        "Menyosialisasikan Undang-Undang Nomor 20 Tahun 2008 tentang Usaha Mikro, Kecil dan Menengah",
        "PNY03", ["Undang-Undang Nomor 20 Tahun 2008 tentang Usaha Mikro, Kecil dan Menengah"],
        APBN_APBD, "", "biasa",
        "Belum dilaksanakan; diharapkan disosialisasikan pada tahun 2009 karena jumlah UMKM di NTB 544.607 "
        "unit dan terus meningkat (usaha besar 414, usaha menengah 947 (tertulis '.947'), usaha kecil 62.339, "
        "usaha mikro 478.907 unit).",
        {"judul_kegiatan": judul("Sosialisasi UU 20/2008 bagi pengurus Koperasi dan UMKM Tahun 2027"),
         "tahun_anggaran": TAHUN_ANGGARAN},
        nodes, flows,
        [
            "Status: kolom keterangan kosong sehingga status_katalog \"\"; uraian katalog menyebut layanan "
            "ini belum dilaksanakan (direncanakan 2009).",
            "Waktu katalog '6 hari' diberikan kepada pelaksanaan sosialisasi (Jafung).",
            "Langkah tambahan: Jafung menyusun rencana (1 hari); Kepala Seksi memeriksa rencana (1 hari, "
            "'Rencana disetujui?' Tidak -> kembali ke penyusunan rencana); Pelaksana menyusun laporan "
            "(1 hari); Kepala Bidang memeriksa laporan (1 hari).",
            "Persyaratan 'Peserta Pengurus Koperasi dan UMKM' menjadi persyaratan peserta sosialisasi.",
        ],
        keterkaitan=["Layanan 2: Menghimpun, Mempelajari dan Memahami Peraturan"],
    )


def service_04() -> Service:
    rencana = Step(
        "menyusun_rencana", "Menyusun rencana sosialisasi PP 44/1997 dan PP 32/1998", "Jafung",
        "Jafung Penyuluh menyusun rencana sosialisasi kemitraan dan pembinaan usaha kecil.",
        "P1D", "1 hari",
        {"data_peserta": "Data calon peserta: pengurus Koperasi dan UMKM",
         "naskah_pp": "Naskah PP 44/1997 dan PP 32/1998"},
        "Rencana sosialisasi kemitraan",
        {"tanggal_rencana": date("Rencana tanggal mulai", "2027-03-01"),
         "lokasi": text("Lokasi", "Aula Dinas Koperasi UMKM Provinsi NTB, Mataram"),
         "jumlah_peserta_rencana": integer("Rencana jumlah peserta", 40, minimum=1)},
    )
    laksana = Step(
        "melaksanakan_sosialisasi", "Melaksanakan sosialisasi kemitraan dan pembinaan usaha kecil", "Jafung",
        "Jafung Penyuluh menyosialisasikan PP 44/1997 tentang Kemitraan dan PP 32/1998 tentang Pembinaan "
        "dan Pengembangan Usaha Kecil, mendorong UMKM berkembang dan bermitra dengan usaha besar.",
        "P6D", "6 hari",
        {"rencana": "Rencana sosialisasi kemitraan",
         "peserta_pengurus": "Peserta: pengurus Koperasi dan UMKM",
         "peserta_umkm": "Peserta: UMKM dan Koperasi"},
        "UMKM dan Koperasi memahami kemitraan; UMKM yang berminat bermitra dengan usaha besar terdata",
        {"peraturan_disosialisasikan": choices("Peraturan yang disosialisasikan", {
            "pp_44_1997": "PP Nomor 44 Tahun 1997 tentang Kemitraan",
            "pp_32_1998": "PP Nomor 32 Tahun 1998 tentang Pembinaan dan Pengembangan Usaha Kecil"}),
         "tanggal_mulai": date("Tanggal mulai", "2027-03-01"),
         "jumlah_peserta": integer("Jumlah peserta hadir", 38),
         "jumlah_umkm_berminat_bermitra": integer("Jumlah UMKM yang berminat bermitra dengan usaha besar", 12)},
    )
    laporan, periksa_laporan = report_steps("Pelaksana", "Kepala Seksi", "sosialisasi kemitraan",
                                            "Daftar hadir dan hasil sosialisasi")
    nodes: list[Node] = [start("Jafung"), rencana, laksana, laporan, periksa_laporan, finish("Kepala Seksi")]
    flows = chain("mulai", "menyusun_rencana", "melaksanakan_sosialisasi", "menyusun_laporan",
                  "memeriksa_laporan", "selesai")
    return Service(
        4, "sosialisasi_kemitraan",
        "Menyosialisasikan Peraturan Pemerintah Nomor 44 Tahun 1997 tentang Kemitraan dan Peraturan "
        "Pemerintah Nomor 32 Tahun 1998 tentang Pembinaan dan Pengembangan Usaha Kecil",
        "PNY04",
        ["Peraturan Pemerintah Nomor 44 Tahun 1997 tentang Kemitraan",
         "Peraturan Pemerintah Nomor 32 Tahun 1998 tentang Pembinaan dan Pengembangan Usaha Kecil"],
        APBN_APBD, "", "biasa",
        "Pembinaan dan pengembangan usaha kecil adalah upaya Pemerintah, dunia usaha dan masyarakat melalui "
        "bimbingan dan bantuan perkuatan agar usaha kecil tangguh, mandiri dan dapat berkembang menjadi usaha "
        "menengah; peran Bidang Penyuluhan (termasuk Kasi Penyuluhan UMKM) mendorong UMKM berkembang dan "
        "bermitra dengan usaha besar.",
        {"judul_kegiatan": judul("Sosialisasi kemitraan UMKM dengan usaha besar Tahun 2027"),
         "tahun_anggaran": TAHUN_ANGGARAN},
        nodes, flows,
        [
            "Waktu: katalog menulis '5 hari 6 hari' (dua kelompok peserta); pelaksanaan sosialisasi diberi "
            "6 hari (yang lebih panjang).",
            "Dasar hukum: katalog menulis 'Undang-Undang No. 44 Tahun 1997 tentang Kemitraan'; ditulis sebagai "
            "Peraturan Pemerintah Nomor 44 Tahun 1997 sesuai nama layanan.",
            "Status: kolom keterangan kosong sehingga status_katalog \"\".",
            "Langkah tambahan: Jafung menyusun rencana (1 hari); Pelaksana menyusun laporan (1 hari); "
            "Kepala Seksi memeriksa laporan (1 hari). Tanpa keputusan persetujuan rencana (pola sosialisasi "
            "yang sama dengan layanan 3 yang sudah memiliki persetujuan).",
            "Persyaratan 'Peserta Pengurus Koperasi dan UMKM' dan 'UMKM dan Koperasi' menjadi persyaratan "
            "peserta.",
        ],
        keterkaitan=["Layanan 6: Menyosialisasikan Tata Hubungan yang Saling Menguntungkan antara UMKM dengan "
                     "Badan Usaha Lainnya"],
    )


def service_05() -> Service:
    rencana = Step(
        "menyusun_rencana", "Mengidentifikasi instansi mitra dan menyusun rencana kerja sama", "Pelaksana",
        "Pelaksana mengidentifikasi dinas/instansi terkait di lingkup Provinsi NTB dan menyusun rencana "
        "serta konsep surat kerja sama.",
        "P1D", "1 hari",
        {"sasaran": "Sasaran: pengurus koperasi, kontak tani, kelompok tani",
         "daftar_instansi": "Daftar dinas di lingkup Provinsi NTB"},
        "Rencana kerja sama dan konsep surat",
        {"instansi_mitra": text("Dinas/instansi mitra", "Dinas Pertanian dan Perkebunan Provinsi NTB"),
         "bentuk_kerja_sama": choice("Bentuk kerja sama", {
             "pelatihan_petani": "Pelatihan petani", "penyuluhan_bersama": "Penyuluhan bersama",
             "pertukaran_data": "Pertukaran data", "lainnya": "Lainnya"}),
         "sasaran": choices("Sasaran", {"pengurus_koperasi": "Pengurus koperasi", "kontak_tani": "Kontak tani",
                                        "kelompok_tani": "Kelompok tani"})},
    )
    periksa = review_step(
        "memeriksa_rencana", "Memeriksa rencana dan menandatangani surat kerja sama", "Kepala Bidang",
        "Kepala Bidang memeriksa rencana kerja sama dan menandatangani surat kepada instansi mitra; bila "
        "belum sesuai dikembalikan untuk diperbaiki.",
        "Rencana kerja sama dan konsep surat", "Surat kerja sama ditandatangani atau rencana dikembalikan",
        extra_fields={"nomor_surat": text("Nomor surat (bila ditandatangani)", "500/123/Dinkop-UMKM/2027")},
        optional=("nomor_surat",),
    )
    laksana = Step(
        "melaksanakan_kerja_sama", "Melaksanakan koordinasi dan kegiatan bersama dengan instansi terkait",
        "Jafung",
        "Jafung Penyuluh melaksanakan koordinasi dan kegiatan bersama (mis. pelatihan petani) dengan "
        "dinas/instansi mitra.",
        "P3D", "3 hari",
        {"surat": "Surat kerja sama yang ditandatangani",
         "peserta": "Peserta: pengurus koperasi, kontak tani, kelompok tani"},
        "Kegiatan kerja sama terlaksana; kesepakatan tindak lanjut",
        {"tanggal_pelaksanaan": date("Tanggal pelaksanaan", "2027-03-10"),
         "jumlah_peserta": integer("Jumlah peserta", 30),
         "hasil_kesepakatan": text("Hasil/kesepakatan", "Pelatihan lanjutan kelompok tani pada triwulan III.")},
    )
    laporan, periksa_laporan = report_steps("Pelaksana", "Kepala Seksi", "kerja sama dengan instansi terkait",
                                            "Hasil koordinasi dan kesepakatan")
    nodes: list[Node] = [start("Pelaksana"), rencana, periksa,
                         ExclusiveGateway("rencana_disetujui_gw", "Rencana disetujui?", "Kepala Bidang"),
                         laksana, laporan, periksa_laporan, finish("Kepala Seksi")]
    flows = [
        *chain("mulai", "menyusun_rencana", "memeriksa_rencana", "rencana_disetujui_gw"),
        *yes_no("rencana_disetujui_gw", "rencana_disetujui", "melaksanakan_kerja_sama", "menyusun_rencana"),
        *chain("melaksanakan_kerja_sama", "menyusun_laporan", "memeriksa_laporan", "selesai"),
    ]
    return Service(
        5, "kerja_sama_instansi",
        "Mengadakan Hubungan Kerja Sama dengan Dinas/Instansi Terkait dalam Rangka Pelaksanaan Tugas "
        "Penyuluhan UMKM Provinsi Nusa Tenggara Barat",
        "PNY05", ["Dinas di lingkup Provinsi (sebagaimana tertulis di kolom dasar hukum/standar pelayanan)"],
        "", "Sudah dilaksanakan", "biasa",
        "Persyaratan: pengurus koperasi, kontak tani, kelompok tani; kolom jenis berisi 'Pelatihan Petani'.",
        {"judul_kegiatan": judul("Kerja sama pelatihan kelompok tani dengan Dinas Pertanian Tahun 2027"),
         "tahun_anggaran": TAHUN_ANGGARAN},
        nodes, flows,
        [
            "Nama: 'Provinsi Nusa Tenggara Barat' di kolom 3 dibaca sebagai lanjutan nama layanan.",
            "Jenis: kolom jenis berisi 'Pelatihan Petani' (bukan Biasa/Rutin, tampaknya isi sel yang bergeser); "
            "dianggap 'biasa'. 'Pelatihan petani' menjadi pilihan bentuk kerja sama.",
            "Biaya '-': sumber_dana \"\".",
            "Dasar hukum: kolom berisi 'Dinas di Lingkup Provinsi' (bukan peraturan); dicatat apa adanya.",
            "Waktu katalog '-': pelaksanaan koordinasi/kegiatan bersama diberi 3 hari kerja.",
            "Langkah tambahan: Pelaksana menyusun rencana dan konsep surat (1 hari); Kepala Bidang memeriksa "
            "dan menandatangani surat ke instansi lain (1 hari, 'Rencana disetujui?' Tidak -> kembali); "
            "Pelaksana menyusun laporan (1 hari); Kepala Seksi memeriksa laporan (1 hari). Surat ke instansi "
            "lain ditandatangani Kepala Bidang (asumsi; bisa juga Kepala Dinas).",
        ],
    )


def service_06() -> Service:
    siapkan = Step(
        "menyiapkan_materi", "Menyiapkan materi dan jadwal sosialisasi tata hubungan kemitraan", "Jafung",
        "Jafung Penyuluh menyiapkan materi tata hubungan yang saling menguntungkan antara UMKM dan badan "
        "usaha lain untuk forum pelatihan, seminar atau pelatihan penanaman modal.",
        "P1D", "1 hari",
        {"uu_25_2007": "UU Nomor 25 Tahun 2007 tentang Penanaman Modal",
         "undangan": "Undangan/jadwal forum (Balatkop, BAPPEDA, perguruan tinggi, BPM)"},
        "Materi dan jadwal sosialisasi",
        {"forum": choice("Forum sosialisasi", {
            "pelatihan_balatkop": "Pelatihan Koperasi/UMKM di Balatkop Provinsi NTB",
            "seminar_bappeda": "Seminar di BAPPEDA", "seminar_perguruan_tinggi": "Seminar di perguruan tinggi",
            "pelatihan_penanaman_modal": "Pelatihan penanaman modal (BPM pusat dan Pemerintah Provinsi NTB)",
            "forum_lainnya": "Forum lainnya"}),
         "penyelenggara": text("Penyelenggara", "Balatkop Provinsi NTB"),
         "tanggal_rencana": date("Rencana tanggal", "2027-04-05")},
    )
    sampaikan = Step(
        "menyampaikan_sosialisasi", "Menyampaikan sosialisasi sebagai pengajar/narasumber", "Jafung",
        "Jafung Penyuluh menyampaikan sosialisasi sebagai pengajar, tutor atau narasumber.",
        "P1D", "1 hari",
        {"materi": "Materi sosialisasi",
         "instansi": "Instansi terkait: BKPMD, BAPPEDA, Biro Hukum Setda Provinsi NTB, dll.",
         "sasaran": "Sasaran: pengusaha, investor, koperasi dan swasta"},
        "Pelaku usaha memahami tata hubungan kemitraan yang saling menguntungkan",
        {"tanggal_pelaksanaan": date("Tanggal pelaksanaan", "2027-04-05"),
         "jumlah_peserta": integer("Jumlah peserta", 60),
         "sasaran_hadir": choices("Sasaran yang hadir", {"pengusaha": "Pengusaha", "investor": "Investor",
                                                         "koperasi": "Koperasi", "umkm": "UMKM",
                                                         "swasta": "Swasta"})},
    )
    laporan, periksa_laporan = report_steps("Jafung", "Kepala Seksi", "sosialisasi tata hubungan kemitraan",
                                            "Materi dan catatan pelaksanaan sosialisasi")
    nodes: list[Node] = [start("Jafung"), siapkan, sampaikan, laporan, periksa_laporan, finish("Kepala Seksi")]
    flows = chain("mulai", "menyiapkan_materi", "menyampaikan_sosialisasi", "menyusun_laporan",
                  "memeriksa_laporan", "selesai")
    return Service(
        6, "sosialisasi_kemitraan_usaha",
        "Menyosialisasikan Tata Hubungan yang Saling Menguntungkan antara UMKM dengan Badan Usaha Lainnya",
        "PNY06", ["Undang-Undang Nomor 25 Tahun 2007 tentang Penanaman Modal"],
        "", "Sudah dilaksanakan", "biasa",
        "Disosialisasikan saat menjadi pengajar/tutor di Balatkop Provinsi NTB dan di luar (melatih Koperasi "
        "dan UMKM); seminar di BAPPEDA dan perguruan tinggi bagi pengusaha besar dan investor; pelatihan "
        "penanaman modal yang difasilitasi BPM pusat bersama Pemerintah Provinsi NTB; dengan instansi luar, "
        "pengusaha kecil, koperasi dan badan usaha lainnya.",
        {"judul_kegiatan": judul("Sosialisasi kemitraan UMKM dan investor di Balatkop NTB"),
         "tahun_anggaran": TAHUN_ANGGARAN},
        nodes, flows,
        [
            "Waktu katalog '1 hari' diberikan kepada penyampaian sosialisasi (Jafung sebagai pengajar/"
            "narasumber).",
            "Biaya '-': sumber_dana \"\" (biasanya menumpang forum pihak lain).",
            "Langkah tambahan: Jafung menyiapkan materi (1 hari); Jafung menyusun laporan (1 hari); Kepala "
            "Seksi memeriksa laporan (1 hari). Tanpa keputusan persetujuan: jadwal ditentukan penyelenggara "
            "forum.",
            "Persyaratan 'BKPMD, BAPPEDA, Biro Hukum Tk. I NTB, dll.' (instansi terkait) dan 'Pengusaha, "
            "Investor, Koperasi dan swasta' (sasaran) menjadi persyaratan langkah penyampaian.",
        ],
        keterkaitan=["Layanan 4: Menyosialisasikan PP 44/1997 dan PP 32/1998"],
    )


MEDIA_MASSA = {"lombok_tv": "Lombok TV", "ntb_post": "NTB Post", "lombok_post": "Lombok Post",
               "suara_ntb": "Suara NTB", "radio": "Radio", "bulletin": "Bulletin Koperasi dan UMKM"}


def service_07() -> Service:
    naskah = Step(
        "menyusun_naskah", "Menyusun naskah informasi UMKM untuk media massa dan elektronik", "Jafung",
        "Jafung Penyuluh menyusun naskah berita/informasi perkembangan UMKM untuk koran, TV dan radio.",
        "P2D", "2 hari",
        {"data_umkm": "Data dan perkembangan Koperasi dan UMKM", "dokumentasi": "Dokumentasi kegiatan Dinas"},
        "Naskah informasi UMKM",
        {"topik": text("Topik informasi", "Perkembangan UMKM NTB triwulan I"),
         "jenis_informasi": choice("Jenis informasi", {"berita": "Berita", "advertorial": "Advertorial",
                                                       "dialog_interaktif": "Dialog interaktif",
                                                       "iklan_layanan": "Iklan layanan masyarakat"}),
         "media_sasaran": choices("Media sasaran", MEDIA_MASSA, ["lombok_tv", "lombok_post"])},
    )
    periksa = review_step(
        "memeriksa_naskah", "Memeriksa naskah informasi", "Kepala Seksi",
        "Kepala Seksi memeriksa naskah; bila belum sesuai dikembalikan untuk diperbaiki.",
        "Naskah informasi UMKM", "Naskah disetujui atau dikembalikan",
        decision="naskah_disetujui", question="Naskah disetujui?",
    )
    sebarkan = Step(
        "menyebarluaskan_informasi", "Menyampaikan naskah dan mengatur pemuatan/penayangan di media",
        "Pelaksana",
        "Pelaksana mengirim naskah ke mitra media dan memastikan informasi dimuat/ditayangkan.",
        "P3D", "3 hari",
        {"naskah": "Naskah informasi yang disetujui",
         "mitra_media": "Mitra media: Lombok TV, NTB Post, Lombok Post, Bulletin"},
        "Informasi UMKM dimuat/ditayangkan di media massa dan elektronik",
        {"media_pemuat": choices("Media yang memuat/menayangkan", MEDIA_MASSA, ["lombok_tv", "lombok_post"]),
         "tanggal_terbit": date("Tanggal dimuat/ditayangkan", "2027-01-12"),
         "jumlah_pemuatan": integer("Jumlah pemuatan/penayangan", 2, minimum=1)},
    )
    laporan, periksa_laporan = report_steps("Pelaksana", "Kepala Bidang", "penyebaran informasi media massa",
                                            "Kliping koran dan rekaman tayangan")
    nodes: list[Node] = [start("Jafung"), naskah, periksa,
                         ExclusiveGateway("naskah_disetujui_gw", "Naskah disetujui?", "Kepala Seksi"),
                         sebarkan, laporan, periksa_laporan, finish("Kepala Bidang")]
    flows = [
        *chain("mulai", "menyusun_naskah", "memeriksa_naskah", "naskah_disetujui_gw"),
        *yes_no("naskah_disetujui_gw", "naskah_disetujui", "menyebarluaskan_informasi", "menyusun_naskah"),
        *chain("menyebarluaskan_informasi", "menyusun_laporan", "memeriksa_laporan", "selesai"),
    ]
    return Service(
        7, "informasi_media_massa",
        "Menyebarluaskan Informasi UMKM melalui Media Massa dan Elektronik (Koran, TV dan Radio)",
        "PNY07", ["Koran dan TV (sebagaimana tertulis di kolom dasar hukum/standar pelayanan)"],
        APBN_APBD, "", "rutin",
        "Mitra media: Lombok TV, NTB Post, Lombok Post, Bulletin.",
        {"judul_kegiatan": judul("Informasi UMKM di media massa, Januari 2027"),
         "tahun_anggaran": TAHUN_ANGGARAN},
        nodes, flows,
        [
            "Jenis 'Rutin' tanpa periode di katalog: dijadwalkan 1 bulan sekali (R/.../P1M), mulai Senin "
            "4 Januari 2027 08.00 WITA.",
            "Waktu katalog '-': menyusun naskah 2 hari, pemuatan/penayangan di media 3 hari, laporan dan "
            "pemeriksaan masing-masing 1 hari (asumsi).",
            "Keputusan 'Naskah disetujui?' (naskah_disetujui) oleh Kepala Seksi; Tidak -> kembali ke "
            "penyusunan naskah. Laporan diperiksa Kepala Bidang (Bidang Penyuluhan sebagai humas Dinas).",
            "Kolom persyaratan (Lombok TV, NTB Post, Lombok Post, Bulletin) dibaca sebagai mitra media.",
            "Dasar hukum: kolom berisi 'Koran dan TV' (bukan peraturan); dicatat apa adanya.",
            "Status: kolom keterangan kosong sehingga status_katalog \"\".",
        ],
        recurrence={"text": "1 Bulan Sekali", "interval": f"R/{FIRST_START}/P1M"},
        keterkaitan=["Layanan 1: Menyusun Rencana dan Program Kegiatan Seksi Penyuluhan UMKM",
                     "Layanan 8: Memberikan Informasi UMKM melalui Media Cetak"],
    )


def service_08() -> Service:
    materi = Step(
        "menyusun_materi", "Menyusun materi bulletin, brosur dan leaflet", "Jafung",
        "Jafung Penyuluh menyusun materi edisi bulletin, brosur dan leaflet informasi UMKM.",
        "P3D", "3 hari",
        {"data_umkm": "Data dan informasi Koperasi dan UMKM", "sasaran": "Sasaran: pembina dan gerakan koperasi"},
        "Materi bulletin, brosur dan leaflet",
        {"edisi": text("Edisi", "Edisi 1 (Januari–Februari 2027)"),
         "jenis_media": choices("Jenis media cetak", {"bulletin": "Bulletin", "brosur": "Brosur",
                                                      "leaflet": "Leaflet", "lainnya": "Lainnya"},
                                ["bulletin", "leaflet"]),
         "topik_utama": text("Topik utama", "Akses pembiayaan bagi UMKM")},
    )
    periksa = review_step(
        "memeriksa_materi", "Memeriksa materi media cetak", "Kepala Seksi",
        "Kepala Seksi memeriksa materi; bila belum sesuai dikembalikan untuk diperbaiki.",
        "Materi bulletin, brosur dan leaflet", "Materi disetujui untuk dicetak atau dikembalikan",
        decision="naskah_disetujui", question="Naskah disetujui?",
    )
    cetak = Step(
        "mencetak_media", "Mencetak bulletin, brosur dan leaflet", "Pelaksana",
        "Pelaksana mengurus pencetakan media cetak yang disetujui.",
        "P5D", "5 hari",
        {"materi": "Materi yang disetujui", "anggaran": "Anggaran APBN dan APBD"},
        "Bulletin, brosur dan leaflet tercetak",
        {"jumlah_eksemplar": integer("Jumlah eksemplar dicetak", 500, minimum=1),
         "percetakan": text("Percetakan", "CV Percetakan Mataram"),
         "tanggal_selesai_cetak": date("Tanggal selesai cetak", "2027-01-18")},
    )
    distribusi = Step(
        "mendistribusikan_media", "Mendistribusikan media cetak kepada masyarakat dan gerakan koperasi",
        "Pelaksana",
        "Pelaksana mendistribusikan media cetak dan mencatat penerimanya dalam laporan distribusi.",
        "P2D", "2 hari",
        {"media": "Bulletin, brosur dan leaflet tercetak",
         "sasaran": "Sasaran: pembina dan gerakan koperasi, masyarakat"},
        "Media cetak diterima sasaran; laporan distribusi",
        {"jumlah_penerima": integer("Jumlah penerima", 450),
         "sasaran_penerima": choices("Sasaran penerima", {"pembina_koperasi": "Pembina koperasi",
                                                          "gerakan_koperasi": "Gerakan koperasi",
                                                          "umkm": "UMKM", "masyarakat": "Masyarakat"}),
         "tanggal_distribusi": date("Tanggal distribusi", "2027-01-20")},
    )
    periksa_laporan = Step(
        "memeriksa_laporan", "Memeriksa laporan penerbitan dan distribusi", "Kepala Seksi",
        "Kepala Seksi memeriksa laporan penerbitan dan distribusi edisi ini.",
        "P1D", "1 hari", {"laporan": "Laporan distribusi dan contoh terbitan"},
        "Laporan penerbitan dan distribusi diperiksa",
        {"tanggal_diperiksa": date("Tanggal laporan diperiksa", "2027-01-21"),
         "catatan_pemeriksaan": catatan("Catatan pemeriksaan laporan", "Laporan diterima.")},
        optional=("catatan_pemeriksaan",),
    )
    nodes: list[Node] = [start("Jafung"), materi, periksa,
                         ExclusiveGateway("naskah_disetujui_gw", "Naskah disetujui?", "Kepala Seksi"),
                         cetak, distribusi, periksa_laporan, finish("Kepala Seksi")]
    flows = [
        *chain("mulai", "menyusun_materi", "memeriksa_materi", "naskah_disetujui_gw"),
        *yes_no("naskah_disetujui_gw", "naskah_disetujui", "mencetak_media", "menyusun_materi"),
        *chain("mencetak_media", "mendistribusikan_media", "memeriksa_laporan", "selesai"),
    ]
    return Service(
        8, "media_cetak_bulletin",
        "Memberikan Informasi UMKM kepada Masyarakat dan Gerakan Koperasi melalui Media Cetak (Penerbitan "
        "Bulletin, Pencetakan Brosur, Leaflet dan Lainnya)",
        "PNY08", ["Koran, TV dan leaflet (sebagaimana tertulis di kolom dasar hukum/standar pelayanan)"],
        APBN_APBD, "", "rutin",
        "Bidang Penyuluhan memberikan informasi kepada masyarakat dan gerakan koperasi melalui media cetak "
        "6 kali setahun atau 2 bulan sekali.",
        {"judul_kegiatan": judul("Bulletin Koperasi dan UMKM edisi Januari–Februari 2027"),
         "tahun_anggaran": TAHUN_ANGGARAN},
        nodes, flows,
        [
            "Waktu katalog '2 Bulan Sekali' adalah jadwal, bukan waktu langkah: recurrence R/.../P2M mulai "
            "Senin 4 Januari 2027 08.00 WITA (6 edisi setahun, sesuai uraian katalog).",
            "Waktu langkah (asumsi): menyusun materi 3 hari, pemeriksaan 1 hari, pencetakan 5 hari, distribusi "
            "dan laporan distribusi 2 hari, pemeriksaan laporan 1 hari.",
            "Keputusan 'Naskah disetujui?' (naskah_disetujui) oleh Kepala Seksi; Tidak -> kembali ke "
            "penyusunan materi.",
            "'Life let' di sumber ditulis 'leaflet'.",
            "Dasar hukum: kolom berisi 'Koran, TV dan Life let' (bukan peraturan); dicatat apa adanya.",
            "Status: kolom keterangan kosong sehingga status_katalog \"\".",
            "Persyaratan 'Pembina dan Gerakan Koperasi' menjadi sasaran penyusunan dan distribusi.",
        ],
        recurrence={"text": "2 Bulan Sekali", "interval": f"R/{FIRST_START}/P2M"},
        keterkaitan=["Layanan 1: Menyusun Rencana dan Program Kegiatan Seksi Penyuluhan UMKM (penerbitan "
                     "bulletin)", "Layanan 7: Menyebarluaskan Informasi UMKM melalui Media Massa dan Elektronik"],
    )


def service_09() -> Service:
    rencana = Step(
        "menyusun_rencana", "Menyusun rencana penyuluhan fasilitasi akses pembiayaan", "Jafung",
        "Jafung Penyuluh menyusun rencana penyuluhan dan berkoordinasi dengan kabupaten/kota serta lembaga "
        "pembiayaan.",
        "P1D", "1 hari",
        {"sasaran": "Data sasaran: UMKM dan pengusaha kecil",
         "lembaga": "Daftar lembaga pembiayaan/perbankan mitra"},
        "Rencana penyuluhan fasilitasi akses pembiayaan",
        {"tanggal_rencana": date("Rencana tanggal mulai", "2027-05-03"),
         "kabupaten_kota": choices("Kabupaten/kota sasaran", KABUPATEN_KOTA_NTB,
                                   ["kota_mataram", "lombok_tengah", "sumbawa"]),
         "lembaga_pembiayaan": text("Lembaga pembiayaan yang dilibatkan", "Bank NTB Syariah, BRI, Jamkrida NTB")},
    )
    periksa = review_step(
        "memeriksa_rencana", "Memeriksa rencana penyuluhan", "Kepala Seksi",
        "Kepala Seksi memeriksa rencana; bila belum sesuai dikembalikan untuk diperbaiki.",
        "Rencana penyuluhan fasilitasi akses pembiayaan", "Rencana disetujui atau dikembalikan",
    )
    laksana = Step(
        "melaksanakan_penyuluhan", "Melaksanakan penyuluhan fasilitasi akses pembiayaan bagi UMKM", "Jafung",
        "Jafung Penyuluh melaksanakan penyuluhan fasilitasi akses pembiayaan bagi UMKM di tingkat provinsi "
        "dan lintas kabupaten/kota.",
        "P6D", "6 hari",
        {"rencana": "Rencana penyuluhan yang disetujui", "peserta": "Peserta: UMKM dan pengusaha kecil"},
        "UMKM memahami akses pembiayaan; UMKM yang berminat mengajukan pembiayaan terdata",
        {"jumlah_peserta": integer("Jumlah peserta hadir", 75),
         "jumlah_umkm_berminat": integer("Jumlah UMKM yang berminat mengajukan pembiayaan", 15),
         "skema_pembiayaan": choices("Skema pembiayaan yang disampaikan", {
             "kur": "Kredit Usaha Rakyat (KUR)", "lpdb": "LPDB-KUMKM", "bank_daerah": "Kredit bank daerah",
             "lainnya": "Lainnya"}, ["kur", "bank_daerah"])},
    )
    laporan, periksa_laporan = report_steps("Pelaksana", "Kepala Bidang", "penyuluhan akses pembiayaan",
                                            "Daftar hadir dan data UMKM berminat")
    nodes: list[Node] = [start("Jafung"), rencana, periksa,
                         ExclusiveGateway("rencana_disetujui_gw", "Rencana disetujui?", "Kepala Seksi"),
                         laksana, laporan, periksa_laporan, finish("Kepala Bidang")]
    flows = [
        *chain("mulai", "menyusun_rencana", "memeriksa_rencana", "rencana_disetujui_gw"),
        *yes_no("rencana_disetujui_gw", "rencana_disetujui", "melaksanakan_penyuluhan", "menyusun_rencana"),
        *chain("melaksanakan_penyuluhan", "menyusun_laporan", "memeriksa_laporan", "selesai"),
    ]
    return Service(
        9, "fasilitasi_akses_pembiayaan",
        "Melakukan Penyuluhan Pelaksanaan Fasilitasi Akses Pembiayaan bagi UMKM di Tingkat Provinsi dan "
        "Lintas Kabupaten/Kota",
        "PNY09", [], APBN_APBD, "Sudah dilaksanakan", "biasa",
        "Untuk tahun 2008 penyuluhan fasilitasi akses pembiayaan belum dilaksanakan, diupayakan pada "
        "anggaran 2009.",
        {"judul_kegiatan": judul("Penyuluhan akses pembiayaan UMKM lintas kabupaten/kota Tahun 2027"),
         "tahun_anggaran": TAHUN_ANGGARAN},
        nodes, flows,
        [
            "Jenis '-': dianggap 'biasa'. Dasar hukum '-': daftar kosong.",
            "Status: keterangan 'Sudah dilaksanakan' dicatat, walau uraian katalog menyebut belum "
            "dilaksanakan pada 2008 (diupayakan 2009).",
            "'Fasilitas Akses Pembiayaan' di sumber ditulis 'Fasilitasi Akses Pembiayaan'.",
            "Waktu katalog '6 hari' diberikan kepada pelaksanaan penyuluhan (Jafung).",
            "Langkah tambahan: Jafung menyusun rencana (1 hari); Kepala Seksi memeriksa rencana (1 hari, "
            "'Rencana disetujui?' Tidak -> kembali); Pelaksana menyusun laporan (1 hari); Kepala Bidang "
            "memeriksa laporan (1 hari).",
        ],
    )


def service_10() -> Service:
    rencana = Step(
        "menyusun_rencana", "Menyusun rencana sosialisasi dan kebutuhan anggaran", "Pelaksana",
        "Pelaksana menyusun rencana sosialisasi kegiatan penyuluhan UMKM dan rincian kebutuhan anggaran.",
        "P1D", "1 hari",
        {"program": "Rencana dan program kegiatan seksi", "sasaran": "Sasaran: Koperasi dan UMKM"},
        "Rencana sosialisasi dan rincian kebutuhan anggaran",
        {"kegiatan_disosialisasikan": text("Kegiatan yang disosialisasikan",
                                           "Program penyuluhan Koperasi dan UMKM Tahun 2027"),
         "perkiraan_biaya": integer("Perkiraan biaya (Rp)", 25000000),
         "usulan_sumber_anggaran": choice("Usulan sumber anggaran", {
             "bidang_penyuluhan": "Anggaran Bidang Penyuluhan", "bidang_lain": "Anggaran bidang lain",
             "apbn": "APBN", "apbd": "APBD"}, "bidang_lain"),
         "tanggal_rencana": date("Rencana tanggal", "2027-02-15")},
    )
    periksa = review_step(
        "memeriksa_rencana", "Memeriksa rencana dan memastikan ketersediaan anggaran", "Kepala Seksi",
        "Kepala Seksi memeriksa rencana dan memastikan anggaran tersedia (termasuk dari bidang lain); "
        "rencana yang belum sesuai dikembalikan, kegiatan tanpa anggaran ditunda.",
        "Rencana sosialisasi dan rincian kebutuhan anggaran",
        "Rencana disetujui/dikembalikan; kepastian anggaran",
        extra_fields={"anggaran_tersedia": boolean("Anggaran tersedia?", True)},
    )
    laksana = Step(
        "melaksanakan_sosialisasi", "Melaksanakan sosialisasi kegiatan penyuluhan UMKM", "Jafung",
        "Jafung Penyuluh menyosialisasikan kegiatan penyuluhan UMKM kepada Koperasi dan UMKM.",
        "P2D", "2 hari",
        {"rencana": "Rencana yang disetujui dan anggaran tersedia", "peserta": "Peserta: Koperasi dan UMKM"},
        "Koperasi dan UMKM mengetahui kegiatan penyuluhan UMKM",
        {"tanggal_pelaksanaan": date("Tanggal pelaksanaan", "2027-02-15"),
         "jumlah_peserta": integer("Jumlah peserta", 60),
         "sasaran_hadir": choices("Sasaran yang hadir", {"koperasi": "Koperasi", "umkm": "UMKM"})},
    )
    laporan, periksa_laporan = report_steps("Pelaksana", "Kepala Bidang", "sosialisasi kegiatan penyuluhan",
                                            "Daftar hadir dan dokumentasi sosialisasi")
    nodes: list[Node] = [start("Pelaksana"), rencana, periksa,
                         ExclusiveGateway("rencana_disetujui_gw", "Rencana disetujui?", "Kepala Seksi"),
                         ExclusiveGateway("anggaran_tersedia_gw", "Anggaran tersedia?", "Kepala Seksi"),
                         finish("Kepala Seksi", "Ditunda: anggaran belum tersedia", "ditunda"),
                         laksana, laporan, periksa_laporan, finish("Kepala Bidang")]
    flows = [
        *chain("mulai", "menyusun_rencana", "memeriksa_rencana", "rencana_disetujui_gw"),
        *yes_no("rencana_disetujui_gw", "rencana_disetujui", "anggaran_tersedia_gw", "menyusun_rencana"),
        *yes_no("anggaran_tersedia_gw", "anggaran_tersedia", "melaksanakan_sosialisasi", "ditunda"),
        *chain("melaksanakan_sosialisasi", "menyusun_laporan", "memeriksa_laporan", "selesai"),
    ]
    return Service(
        10, "sosialisasi_kegiatan",
        "Menyosialisasikan Kegiatan yang Berkaitan dengan Pelaksanaan Kegiatan Penyuluhan UMKM",
        "PNY10", [], APBN_APBD, "Belum dilaksanakan", "rutin",
        "Belum dilaksanakan dan diupayakan pada tahun 2009 karena Kasi Penyuluhan UMKM baru dibentuk. "
        "Kolom standar pelayanan: 'Kalau ada anggaran dari bidang lain'.",
        {"judul_kegiatan": judul("Sosialisasi kegiatan penyuluhan UMKM Tahun 2027"),
         "tahun_anggaran": TAHUN_ANGGARAN},
        nodes, flows,
        [
            "Jenis: katalog menulis 'Biasa' tetapi waktunya '1 Tahun sekali', yaitu jadwal tahunan; dibuat "
            "'rutin' dengan recurrence R/.../P1Y mulai Senin 4 Januari 2027 08.00 WITA agar penjadwal "
            "memulainya setiap tahun.",
            "Keputusan 'Anggaran tersedia?' (anggaran_tersedia) berasal dari kolom standar pelayanan 'Kalau ada "
            "anggaran dari bidang lain'; Tidak -> selesai dengan 'Ditunda: anggaran belum tersedia'. Ditanyakan "
            "kepada Kepala Seksi bersama 'Rencana disetujui?' (Tidak -> kembali ke penyusunan rencana).",
            "Dasar hukum: kolom berisi syarat anggaran, bukan peraturan; daftar kosong.",
            "Waktu (asumsi): menyusun rencana 1 hari, pemeriksaan 1 hari, pelaksanaan sosialisasi 2 hari, "
            "laporan dan pemeriksaan laporan masing-masing 1 hari.",
            "Status 'Belum Dilaksanakan' ditulis 'Belum dilaksanakan'.",
            "Persyaratan 'Koperasi dan UMKM' menjadi sasaran sosialisasi.",
        ],
        recurrence={"text": "1 Tahun sekali", "interval": f"R/{FIRST_START}/P1Y"},
    )


def service_11() -> Service:
    instrumen = Step(
        "menyusun_instrumen", "Menyusun instrumen dan jadwal monitoring dan evaluasi", "Jafung",
        "Jafung Penyuluh menyusun instrumen (formulir penilaian penerapan) dan jadwal monitoring dan "
        "evaluasi kegiatan seksi.",
        "P1D", "1 hari",
        {"program": "Rencana dan program kegiatan seksi", "sasaran": "Sasaran: Koperasi dan UMKM"},
        "Instrumen dan jadwal monitoring dan evaluasi",
        {"periode_monev": choice("Periode monitoring", {"semester_1": "Semester I", "semester_2": "Semester II"}),
         "jumlah_sasaran": integer("Jumlah Koperasi/UMKM sasaran", 20, minimum=1),
         "tanggal_mulai": date("Rencana tanggal mulai", "2027-01-11")},
    )
    monev = Step(
        "melaksanakan_monev", "Melaksanakan monitoring dan evaluasi kegiatan seksi", "Jafung",
        "Jafung Penyuluh memonitor dan mengevaluasi pelaksanaan kegiatan Seksi Penyuluhan UMKM pada Koperasi "
        "dan UMKM sasaran.",
        "P6D", "6 hari",
        {"instrumen": "Instrumen monitoring dan evaluasi", "sasaran": "Sasaran: Koperasi dan UMKM"},
        "Hasil penilaian penerapan kegiatan seksi",
        {"jumlah_kegiatan_dinilai": integer("Jumlah kegiatan yang dinilai", 10, minimum=1),
         "penilaian": choice("Penilaian terhadap penerapan", {
             "berjalan_baik": "Berjalan dengan baik", "tidak_berjalan_baik": "Tidak berjalan dengan baik"}),
         "catatan_hasil_penilaian": text("Catatan hasil penilaian", "Sosialisasi berjalan sesuai jadwal."),
         "tindakan": text("Tindakan yang harus diambil", "Menambah peserta dari Pulau Sumbawa.")},
    )
    laporan, periksa_laporan = report_steps("Pelaksana", "Kepala Bidang", "monitoring dan evaluasi",
                                            "Hasil penilaian monitoring dan evaluasi")
    nodes: list[Node] = [start("Jafung"), instrumen, monev, laporan, periksa_laporan, finish("Kepala Bidang")]
    flows = chain("mulai", "menyusun_instrumen", "melaksanakan_monev", "menyusun_laporan", "memeriksa_laporan",
                  "selesai")
    return Service(
        11, "monitoring_evaluasi",
        "Melaksanakan Monitoring dan Evaluasi terhadap Pelaksanaan Kegiatan Seksi Penyuluhan UMKM",
        "PNY11",
        ["Undang-Undang Nomor 20 Tahun 2008 tentang Usaha Mikro, Kecil dan Menengah",
         "Peraturan Pemerintah Nomor 44 Tahun 1997 tentang Kemitraan",
         "Peraturan Pemerintah Nomor 32 Tahun 1998 tentang Pembinaan dan Pengembangan Usaha Kecil"],
        APBN_APBD, "", "rutin",
        "Selama ini Bidang Penyuluhan belum pernah melaksanakan monitoring karena Bidang Penyuluhan adalah "
        "bidang penunjang.",
        {"judul_kegiatan": judul("Monitoring dan evaluasi kegiatan Seksi Penyuluhan UMKM Semester I 2027"),
         "tahun_anggaran": TAHUN_ANGGARAN},
        nodes, flows,
        [
            "Jenis 'Rutin' tanpa periode di katalog: dijadwalkan 6 bulan sekali (R/.../P6M, mulai Senin "
            "4 Januari 2027 08.00 WITA) karena Permenpan RB 35/2012 meminta monitoring paling sedikit setiap "
            "6 bulan.",
            "Waktu katalog '6 hari' diberikan kepada pelaksanaan monitoring dan evaluasi (Jafung).",
            "Kolom penilaian mengikuti formulir monitoring Permenpan RB 35/2012 (Berjalan dengan baik / Tidak "
            "berjalan dengan baik; catatan hasil penilaian; tindakan yang harus diambil).",
            "Langkah tambahan: Jafung menyusun instrumen (1 hari); Pelaksana menyusun laporan (1 hari); "
            "Kepala Bidang memeriksa laporan (1 hari). Tanpa keputusan persetujuan.",
            "Status: keterangan '-' sehingga status_katalog \"\"; uraian katalog menyebut monitoring belum "
            "pernah dilaksanakan.",
            "Dasar hukum: katalog menulis 'Undang-Undang No. 44 Tahun 1997 tentang Kemitraan'; ditulis sebagai "
            "Peraturan Pemerintah Nomor 44 Tahun 1997.",
            "Persyaratan 'Koperasi dan UMKM' menjadi sasaran monitoring.",
        ],
        recurrence={"text": "6 Bulan Sekali", "interval": f"R/{FIRST_START}/P6M"},
        keterkaitan=["Layanan 1–10 Seksi Penyuluhan UMKM (kegiatan yang dimonitor)"],
    )


def service_12() -> Service:
    telaah = Step(
        "menelaah_disposisi", "Menelaah disposisi dan menugaskan pelaksana", "Kepala Seksi",
        "Kepala Seksi menelaah disposisi/perintah atasan dan menugaskan Jafung atau staf.",
        "P1D", "1 hari",
        {"disposisi": "Disposisi/perintah tugas dari atasan",
         "pihak_terkait": "Data masyarakat dan instansi terkait"},
        "Penugasan dan arahan pelaksanaan tugas",
        {"petugas": text("Petugas yang ditugaskan", "Jafung Penyuluh Koperasi dan UMKM"),
         "arahan": text("Arahan", "Siapkan naskah sambutan paling lambat 3 hari."),
         "batas_waktu": date("Batas waktu penyelesaian", "2027-03-05")},
    )
    laksana = Step(
        "melaksanakan_tugas", "Melaksanakan tugas yang diberikan atasan", "Jafung",
        "Jafung melaksanakan tugas: mengajar, melatih, menyusun sambutan Kepala Dinas/Gubernur, penyuluhan "
        "koperasi atau tugas yang dilimpahkan bidang lain atas perintah Kepala Dinas.",
        "P3D", "3 hari",
        {"penugasan": "Penugasan dan arahan Kepala Seksi",
         "sasaran": "Sasaran: masyarakat dan instansi terkait"},
        "Hasil tugas (naskah sambutan, materi/laporan mengajar atau melatih, dll.)",
        {"tanggal_pelaksanaan": date("Tanggal pelaksanaan", "2027-03-03"),
         "hasil_tugas": text("Hasil tugas", "Naskah sambutan Kepala Dinas pada Hari Koperasi."),
         "jumlah_peserta": integer("Jumlah peserta (bila mengajar/melatih)", 0)},
        optional=("jumlah_peserta",),
    )
    periksa = review_step(
        "memeriksa_hasil", "Memeriksa hasil tugas", "Kepala Seksi",
        "Kepala Seksi memeriksa hasil tugas; bila belum sesuai dikembalikan untuk diperbaiki.",
        "Hasil tugas", "Hasil tugas diterima atau dikembalikan",
        decision="hasil_sesuai", question="Hasil tugas sesuai?",
    )
    teruskan = Step(
        "meneruskan_hasil", "Memeriksa dan meneruskan hasil tugas kepada pemberi tugas", "Kepala Bidang",
        "Kepala Bidang memeriksa hasil tugas dan meneruskannya kepada pemberi tugas.",
        "P1D", "1 hari", {"hasil": "Hasil tugas yang diperiksa Kepala Seksi"},
        "Hasil tugas diteruskan kepada pemberi tugas",
        {"tanggal_diteruskan": date("Tanggal diteruskan", "2027-03-05"),
         "catatan_kepala_bidang": catatan("Catatan Kepala Bidang")},
        optional=("catatan_kepala_bidang",),
    )
    terima = Step(
        "menerima_hasil", "Menerima hasil pelaksanaan tugas", "Kadis",
        "Kepala Dinas menerima hasil tugas yang diberikannya.",
        "P1D", "1 hari", {"hasil": "Hasil tugas dari Kepala Bidang"},
        "Tugas dari Kepala Dinas selesai",
        {"tanggal_diterima": date("Tanggal diterima", "2027-03-08"),
         "tanggapan": catatan("Tanggapan Kepala Dinas", "Terima kasih, naskah digunakan.")},
        optional=("tanggapan",),
    )
    nodes: list[Node] = [start("Kepala Seksi"), telaah, laksana, periksa,
                         ExclusiveGateway("hasil_sesuai_gw", "Hasil tugas sesuai?", "Kepala Seksi"),
                         teruskan,
                         ExclusiveGateway("dari_kadis_gw", "Tugas dari Kepala Dinas?", "Kepala Bidang"),
                         terima, finish("Kadis")]
    flows = [
        *chain("mulai", "menelaah_disposisi", "melaksanakan_tugas", "memeriksa_hasil", "hasil_sesuai_gw"),
        *yes_no("hasil_sesuai_gw", "hasil_sesuai", "meneruskan_hasil", "melaksanakan_tugas"),
        Flow("meneruskan_hasil", "dari_kadis_gw"),
        Flow("dari_kadis_gw", "menerima_hasil", "Ya", "pemberi_tugas == 'kepala_dinas'"),
        Flow("dari_kadis_gw", "selesai", "Tidak", default=True),
        Flow("menerima_hasil", "selesai"),
    ]
    return Service(
        12, "tugas_lain",
        "Melaksanakan Tugas Lain yang Diberikan oleh Atasan",
        "PNY12", ["Mengajar", "Melatih", "Membuat sambutan Kepala Dinas", "Sambutan Gubernur"],
        "", "Sudah dilaksanakan", "biasa",
        "Kasi Penyuluhan UMKM membackup tugas Kepala Bidang Penyuluhan, melaksanakan tugas penyuluhan "
        "koperasi dan membackup tugas Kasi Pemberdayaan Masyarakat; melaksanakan tugas yang diberikan Kepala "
        "Dinas termasuk membuat sambutan, mengajar dan melatih, karena Bidang Penyuluhan adalah humas Dinas, "
        "serta tugas yang dilimpahkan bidang lain atas perintah Kepala Dinas.",
        {"judul_kegiatan": judul("Menyusun sambutan Kepala Dinas pada Hari Koperasi 2027"),
         "tahun_anggaran": TAHUN_ANGGARAN,
         "pemberi_tugas": choice("Pemberi tugas", {
             "kepala_dinas": "Kepala Dinas", "kepala_bidang": "Kepala Bidang Penyuluhan",
             "bidang_lain": "Bidang lain atas perintah Kepala Dinas"}),
         "jenis_tugas": choice("Jenis tugas", {
             "sambutan_kepala_dinas": "Membuat sambutan Kepala Dinas", "sambutan_gubernur": "Sambutan Gubernur",
             "mengajar": "Mengajar", "melatih": "Melatih", "penyuluhan_koperasi": "Penyuluhan koperasi",
             "backup_kepala_bidang": "Membackup tugas Kepala Bidang Penyuluhan",
             "backup_kasi_pemberdayaan": "Membackup tugas Kasi Pemberdayaan Masyarakat", "lainnya": "Lainnya"}),
         "tanggal_disposisi": date("Tanggal disposisi", "2027-03-01")},
        nodes, flows,
        [
            "Biaya '-' dan waktu '-': sumber_dana \"\"; pelaksanaan tugas diberi 3 hari kerja (asumsi; "
            "batas waktu sebenarnya diisi Kepala Seksi dari disposisi).",
            "Dasar hukum: kolom berisi jenis tugas (mengajar, melatih, sambutan Kepala Dinas, sambutan "
            "Gubernur), bukan peraturan; dicatat apa adanya dan dijadikan pilihan jenis tugas.",
            "Kasus dimulai oleh Kepala Seksi/Pelaksana yang mencatat disposisi (pemberi tugas, jenis tugas, "
            "tanggal disposisi).",
            "Langkah (asumsi): Kepala Seksi menelaah disposisi (1 hari); Jafung melaksanakan (3 hari); Kepala "
            "Seksi memeriksa hasil (1 hari, 'Hasil tugas sesuai?' Tidak -> kembali ke pelaksanaan); Kepala "
            "Bidang meneruskan hasil (1 hari).",
            "Lane Kadis dipakai karena katalog menyebut 'tugas yang diberikan oleh Kepala Dinas': keputusan "
            "'Tugas dari Kepala Dinas?' (pemberi_tugas == 'kepala_dinas') -> Kepala Dinas menerima hasil "
            "(1 hari); tugas dari Kepala Bidang atau bidang lain selesai setelah diteruskan Kepala Bidang.",
            "Persyaratan 'Masyarakat dan Instansi terkait' menjadi sasaran tugas.",
        ],
    )


SERVICES = [service_01, service_02, service_03, service_04, service_05, service_06, service_07, service_08,
            service_09, service_10, service_11, service_12]


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------


#: The catalogue as a register (see processes/README.md, "Register"): every service feeds it with one row, and
#: "Sudah/Belum dilaksanakan" comes from the cases completed in the period, next to what the catalogue says.
CATALOGUE_REGISTER: dict[str, Any] = {
    "key": "katalog-ntb",
    "title": "Katalog Layanan Seksi Penyuluhan UMKM",
    "rows": "sops",
    "basis": "Menurut kasus yang selesai dalam periode.",
    "tables": [{
        "title": "Katalog layanan",
        "columns": [
            {"label": "No", "field": "#", "type": "int"},
            {"label": "Jenis pelayanan", "field": "sop.nama"},
            {"label": "Uraian", "field": "sop.uraian_katalog"},
            {"label": "Biaya", "field": "sop.sumber_dana"},
            {"label": "Waktu", "field": "sop.@standard_time"},
            {"label": "Jenis", "field": "sop.@kind"},
            {"label": "Dasar hukum", "field": "sop.dasar_hukum"},
            {"label": "Dimulai", "field": "period.started", "type": "int", "group": "Kasus dalam periode"},
            {"label": "Selesai", "field": "period.completed", "type": "int", "group": "Kasus dalam periode"},
            {"label": "Keterangan", "field": "period.carried_out"},
            {"label": "Dasar keterangan", "field": "period.carried_out_basis"},
            {"label": "Keterangan tertulis di katalog", "field": "sop.status_katalog", "blank": "—"},
        ],
        "note": "Keterangan diturunkan dari kasus nyata: 'Sudah dilaksanakan' bila sedikitnya satu kasus layanan "
                "itu selesai dalam periode; keterangan yang tertulis di katalog ditampilkan sebagai pembanding.",
    }],
    "summary": [
        {"label": "Jumlah layanan", "figure": "rows", "table": "Katalog layanan"},
        {"label": "Sudah dilaksanakan", "figure": "equal", "table": "Katalog layanan", "column": "Keterangan",
         "value": "Sudah dilaksanakan"},
        {"label": "Belum dilaksanakan", "figure": "equal", "table": "Katalog layanan", "column": "Keterangan",
         "value": "Belum dilaksanakan"},
    ],
}


def build(service: Service) -> Path:
    steps = [n for n in service.nodes if isinstance(n, Step)]
    used = {n.lane for n in service.nodes}
    lanes = [lane for lane in LANE_ORDER if lane in used]
    nodes = [n.node() if isinstance(n, Step) else n for n in service.nodes]
    sketch = ProcessSketch(service.key, service.nama, lanes, nodes, service.flows,
                           documentation=service.uraian_katalog)
    start_form = form(f"Mulai: {service.nama}", service.start_fields,
                      [n for n in service.start_fields if n not in service.start_optional])
    forms = {"forms/start.json": start_form, **{s.form_path(): s.schema() for s in steps}}
    if service.recurrence:
        rule = parse_recurrence(service.recurrence["interval"])
        assert rule.period == recurrence_period_from_sop_text(service.recurrence["text"]), service.key
    assert (service.jenis == "rutin") == bool(service.recurrence), service.key
    sop = {
        "nama": service.nama,
        "nomor_sop": "",
        "office": NTB_OFFICE,
        "unit": UNIT,
        "header": NTB_HEADER,
        "dasar_hukum": service.dasar_hukum,
        "kualifikasi_pelaksana": [],
        "keterkaitan": service.keterkaitan,
        "peralatan_perlengkapan": [],
        "peringatan": [],
        "pencatatan_pendataan": [],
        "tanggal_pembuatan": None,
        "tanggal_revisi": None,
        "tanggal_efektif": None,
        "disahkan_oleh": DISAHKAN_OLEH,
        "jenis": service.jenis,
        "recurrence": service.recurrence,
        "sumber_dana": service.sumber_dana,
        "status_katalog": service.status_katalog,
        "uraian_katalog": service.uraian_katalog,
        **({"rincian_katalog": service.rincian_katalog} if service.rincian_katalog else {}),
        "registers": [CATALOGUE_REGISTER],
        "case": {"reference_prefix": service.prefix, "subject_field": "judul_kegiatan",
                 "start_form": "forms/start.json"},
        "starter_roles": STARTER_ROLES,
        "assumptions": [*COMMON_ASSUMPTIONS, *service.assumptions],
        "source": f"{SOURCE}, layanan {service.number}",
    }
    return write_sop(sketch, sop, forms)


def main() -> None:
    keys = set()
    for make in SERVICES:
        service = make()
        assert service.key not in keys
        keys.add(service.key)
        folder = build(service)
        steps = [n for n in service.nodes if isinstance(n, Step)]
        print(f"{folder.name}: {len(steps)} langkah, {service.jenis}"
              + (f" ({service.recurrence['interval']})" if service.recurrence else ""))
    assert len(keys) == 12


if __name__ == "__main__":
    main()
