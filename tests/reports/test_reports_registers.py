"""The registers the SOPs ask for, against the cases that were played."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from reports_support import MONDAY, finish_step, open_task, play

from engine.errors import NotAuthorized, NotFound
from engine.services import start_case
from engine.services.reports import register

DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))


def rows(result, index: int = 0) -> list[tuple]:  # type: ignore[no-untyped-def]
    return list(result.tables[index].rows)


def test_nib_issued_per_month_with_the_owners_data(db, office, staff) -> None:
    result = register(db, staff["kadis"], "nib", date(2026, 10, 1), date(2026, 12, 31))
    assert result.title == "Laporan Jumlah Penerbitan NIB"
    assert result.header_lines[0] == "PEMERINTAH KABUPATEN LOMBOK BARAT"
    # Case A's NIB is dated 23 November, case B's 30 October (the issue date entered, not the day it was typed,
    # 24 November; an issue date after the day it is recorded is refused).
    assert rows(result) == [(1, "Oktober 2026", 1, 0, 1, 0, 0), (2, "November 2026", 1, 1, 0, 0, 0),
                            ("", "Jumlah", 2, 1, 1, 0, 0)]
    detail = rows(result, 1)
    assert [(r[1], r[2], r[3], r[4], r[5], r[7], r[12]) for r in detail] == [
        ("9120007654321", date(2026, 10, 30), "Menengah Rendah", "Lalu Ahmad Fauzi", "5201011203850002",
         "Bengkel Fauzi", "NIB-2026-00002"),
        ("9120001234567", date(2026, 11, 23), "Rendah", "Baiq Nurul Aini", "5201014107900001", "Jajanan Nurul",
         "NIB-2026-00001"),
    ]  # by issue date
    assert ("Jumlah NIB diterbitkan", "2") in result.summary
    november = register(db, staff["kadis"], "nib", date(2026, 11, 1), date(2026, 11, 30))
    assert [r[1] for r in rows(november, 1)] == ["9120001234567"]
    # Another division's Kabid supervises no unit that feeds the NIB register: it is neither offered nor built.
    with pytest.raises(NotAuthorized):
        register(db, staff["kabid_lain"], "nib", date(2026, 11, 1), date(2026, 12, 31))


def test_trainings_and_their_participants(db, clock, staff) -> None:
    clock.set(MONDAY + timedelta(days=14))
    case_id = start_case(db, staff["kabid"], "pelatihan_pelaku_umk", {
        "nama_pelatihan": "Pelatihan Pengemasan Produk", "tanggal_rencana": "2026-12-15",
        "jumlah_peserta_rencana": 30, "sumber_dana": "APBD"}).id
    play(db, clock, case_id, {"pelaksana": staff["pelaksana"], "kadis": staff["kadis"], "jafung": staff["jafung"]},
         data={"identifikasi_calon_peserta": {"jumlah_calon_peserta": 25,
                                              "daftar_calon_peserta": "Baiq Nurul; Lalu Fauzi; Siti Aminah"},
               "penyusunan_panitia": {"lokasi_pelatihan": "Aula Dinas"},
               "penandatanganan_sk": {"sk_disetujui": True, "nomor_sk": "500/12/DISKOP/2026"},
               "pelaksanaan_pelatihan": {"jumlah_peserta_hadir": 22, "tanggal_mulai": "2026-12-15",
                                         "tanggal_selesai": "2026-12-16"}})
    result = register(db, staff["kabid"], "pelatihan", *DECEMBER)
    assert rows(result) == [(1, "Pelatihan Pengemasan Produk", date(2026, 12, 15), "APBD", "Aula Dinas",
                             "500/12/DISKOP/2026", 30, 25, 22, date(2026, 12, 15), date(2026, 12, 16), "Selesai",
                             "LAT-2026-00001")]
    assert rows(result, 1) == [(1, "Pelatihan Pengemasan Produk", "Baiq Nurul; Lalu Fauzi; Siti Aminah", 25, 22,
                                rows(result, 1)[0][5], "LAT-2026-00001")]
    assert ("Jumlah peserta hadir", "22") in result.summary


def test_facilitation_proposals_and_their_status(db, clock, staff) -> None:
    clock.set(MONDAY + timedelta(days=14))
    case_id = start_case(db, staff["jafung"], "perencanaan_fasilitasi_usaha_mikro",
                         {"judul": "Fasilitasi Usaha Mikro 2027", "tahun_anggaran": 2027}).id
    task = open_task(db, case_id)
    assert task is not None and task.element_id == "proposal_lapak_pkl"
    finish_step(db, clock, staff["jafung"], case_id, 60, {"jumlah_umk_diusulkan_lapak_pkl": 12,
                                                           "nilai_usulan_lapak_pkl_rp": 60_000_000,
                                                           "ringkasan_lapak_pkl": "12 lapak PKL di Gerung"})
    result = register(db, staff["kadis"], "fasilitasi", *DECEMBER)
    assert [(r[3], r[4], r[5], r[6], r[7]) for r in rows(result)] == [
        ("Lapak PKL", 12, 60_000_000, "12 lapak PKL di Gerung", "Tersusun"),
        ("Peralatan", None, None, None, "Dalam penyusunan"),
    ]
    assert rows(result, 1) == []  # no promotion scheduled yet
    assert ("Usulan tersusun", "1 dari 2") in result.summary


def test_the_ntb_catalogue_status_comes_from_real_cases(db, clock, ntb_staff) -> None:
    clock.set(MONDAY + timedelta(days=14))
    case_id = start_case(db, ntb_staff["kasi_ntb"], "ntb_penyuluhan_umkm_06_sosialisasi_kemitraan_usaha",
                         {"judul_kegiatan": "Sosialisasi kemitraan UMKM", "tahun_anggaran": 2026}).id
    play(db, clock, case_id, {"jafung": ntb_staff["jafung_ntb"], "kepala_seksi": ntb_staff["kasi_ntb"]})
    result = register(db, ntb_staff["kadis_ntb"], "katalog-ntb", *DECEMBER)
    by_key = {row[1]: row for row in rows(result)}
    assert len(by_key) == 12
    held = next(row for name, row in by_key.items() if name.startswith("Menyosialisasikan Tata Hubungan"))
    assert (held[7], held[8], held[9], held[11]) == (1, 1, "Sudah dilaksanakan", "Sudah dilaksanakan")
    typed_only = next(row for name, row in by_key.items() if name.startswith("Menyusun Rencana"))
    assert (typed_only[9], typed_only[11]) == ("Belum dilaksanakan", "Sudah dilaksanakan")
    assert ("Sudah dilaksanakan", "1") in result.summary
    assert result.header_lines[0] == "PEMERINTAH PROVINSI NUSA TENGGARA BARAT"
    # The same catalogue in an earlier period: nothing carried out yet.
    november = register(db, ntb_staff["kadis_ntb"], "katalog-ntb", date(2026, 11, 1), date(2026, 11, 30))
    assert {row[9] for row in rows(november)} == {"Belum dilaksanakan"}


def test_registers_are_for_supervisors(db, staff) -> None:
    with pytest.raises(NotAuthorized):
        register(db, staff["pelaksana"], "nib", *DECEMBER)
    with pytest.raises(NotFound):
        register(db, staff["kadis"], "tidak-ada", *DECEMBER)
