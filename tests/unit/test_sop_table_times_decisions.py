"""The Waktu and the decision wording of SOP tables, as offices write them."""

from __future__ import annotations

import pytest

from engine.sop_table.decisions import RoutingNotUnderstood, question_for, read_routing, read_target
from engine.sop_table.model import Target
from engine.sop_table.times import TimeNotUnderstood, read_time


@pytest.mark.parametrize(("text", "iso", "basis"), [
    ("30 Menit", "PT30M", "working"),
    ("3 HK", "P3D", "working"),
    ("15'", "PT15M", "working"),
    ("1 jam 30 menit", "PT90M", "working"),
    ("2 jam dan 15 menit kalender", "PT135M", "calendar"),
    ("5 menit/berkas", "PT5M", "working"),
    ("10 menit per pemohon", "PT10M", "working"),
    ("3 Jam", "PT3H", "working"),
    ("1 Hari", "P1D", "working"),
    ("28 hari", "P28D", "working"),
    ("1 minggu", "P1W", "working"),
    ("3 hari kerja", "P3D", "working"),
    ("5 hari kalender", "P5D", "calendar"),
    ("2 x 24 jam", "P2D", "calendar"),
    ("1x24 Jam", "P1D", "calendar"),
    ("15 mnt", "PT15M", "working"),
    ("15mnt", "PT15M", "working"),
    ("2 jm", "PT2H", "working"),
    ("3 hr", "P3D", "working"),
    ("3 (tiga) hari", "P3D", "working"),
    ("Maks. 2 hari", "P2D", "working"),
    ("paling lama 3 hari kerja", "P3D", "working"),
    ("± 30 menit", "PT30M", "working"),
    ("1-2 hari", "P2D", "working"),
    ("½ jam", "PT30M", "working"),
    ("1,5 jam", "PT90M", "working"),
    ("sehari", "P1D", "working"),
    ("satu jam", "PT1H", "working"),
    ("2 Bulan", "P2M", "working"),
    (5.0, None, None),
    # as other offices write it
    ("≤ 1 jam", "PT1H", "working"),
    ("<= 2 hari kerja", "P2D", "working"),
    ("< 30 menit", "PT30M", "working"),
    ("45 menit s.d. 1 jam", "PT1H", "working"),
    ("1 jam - 2 jam", "PT2H", "working"),
    ("2 hari sampai 5 hari kalender", "P5D", "calendar"),
    ("1 x 60 menit", "PT60M", "working"),
    ("2 x 8 jam", "PT16H", "working"),
    ("30 detik", "PT1M", "working"),
    ("90 dtk", "PT2M", "working"),
    ("32 JP", "PT1440M", "working"),
    ("2 jam pelajaran", "PT90M", "working"),
])
def test_times_as_offices_write_them(text: object, iso: str | None, basis: str | None) -> None:
    if iso is None:
        with pytest.raises(TimeNotUnderstood):
            read_time(text)
        return
    read = read_time(text)
    assert (read.time.iso, read.time.basis, read.time.text) == (iso, basis, str(text))


@pytest.mark.parametrize("text", ["2 x 24 jam", "1-2 hari", "½ jam", "5 menit/berkas", "45 menit s.d. 1 jam",
                                  "1 x 60 menit", "30 detik", "32 JP"])
def test_a_time_read_by_assumption_says_so(text: str) -> None:
    assert text in read_time(text).note


@pytest.mark.parametrize("text", ["3 Hri", "", "segera", "0 menit", "1,5 hari", "jam", "per berkas", "Sesuai"])
def test_unknown_times_are_refused_with_examples(text: str) -> None:
    with pytest.raises(TimeNotUnderstood) as refused:
        read_time(text)
    assert "contoh" in str(refused.value) or "satuan" in str(refused.value) or "nol" in str(refused.value)


def test_3_hri_is_named_in_the_message() -> None:
    with pytest.raises(TimeNotUnderstood, match=r"'3 Hri' bukan waktu yang dikenal \(contoh: 30 Menit, 3 Jam"):
        read_time("3 Hri")


@pytest.mark.parametrize(("text", "yes", "no", "predicate"), [
    ("Ya: 5; Tidak: 2", Target(5), Target(2), ""),
    ("Ya → 5, Tidak → Selesai", Target(5), Target(None), ""),
    ("Y=5 T=2", Target(5), Target(2), ""),
    ("Ya → 5", Target(5), None, ""),
    ("Tidak: ke no. 1", None, Target(1), ""),
    ("tidak -> kegiatan 3", None, Target(3), ""),
    ("Jika tidak lengkap kembali ke kegiatan 1", None, Target(1), "lengkap"),
    ("Apabila belum sesuai, dikembalikan ke langkah 2", None, Target(2), "sesuai"),
    ("Bila disetujui lanjut ke no 6", Target(6), None, "disetujui"),
    ("Jika tidak sesuai, kembali ke no 2. Jika sesuai lanjut ke 4", Target(4), Target(2), "sesuai"),
    ("Jika belum lengkap, dikembalikan ke Pemohon untuk dilengkapi (kembali ke kegiatan 1)", None, Target(1),
     "lengkap"),
    ("Bila ditolak, berkas dikembalikan kepada pemohon (selesai)", None,
     Target(None, "Berkas dikembalikan kepada pemohon"), ""),
    ("Tidak: Selesai: Permohonan ditolak", None, Target(None, "Permohonan ditolak"), ""),
    # Branches named by their condition alone.
    ("Lengkap: 3; Tidak lengkap: 1", Target(3), Target(1), "Lengkap"),
    ("Tidak lengkap → 1", None, Target(1), "lengkap"),
    ("Disetujui → 6, Ditolak → Selesai", Target(6), Target(None), "Disetujui"),
    ("Sesuai → 4; Tidak sesuai → kembali ke 2", Target(4), Target(2), "Sesuai"),
    ("Ditolak: selesai", None, Target(None), ""),
])
def test_decision_wording(text: str, yes: Target | None, no: Target | None, predicate: str) -> None:
    routing = read_routing(text)
    assert (routing.yes, routing.no, routing.predicate) == (yes, no, predicate)
    assert routing.decides


def test_ya_and_tidak_columns_and_the_keterangan_agree_or_are_refused() -> None:
    assert read_routing("", yes_cell="4", no_cell="ke kegiatan 1").no == Target(1)
    assert read_routing("Tidak: 1", no_cell="1").no == Target(1)
    with pytest.raises(RoutingNotUnderstood, match="dua kali"):
        read_routing("Tidak: 2", no_cell="1")


def test_a_branch_without_a_destination_is_refused() -> None:
    with pytest.raises(RoutingNotUnderstood, match="tidak menyebut ke mana"):
        read_routing("Jika tidak lengkap")


@pytest.mark.parametrize(("text", "goto", "parallel", "rest"), [
    ("lanjut ke kegiatan 7", Target(7), None, ""),
    ("Selesai", Target(None), None, ""),
    ("Selesai: NIB terbit", Target(None, "NIB terbit"), None, ""),
    ("bersamaan dengan kegiatan 3", None, 3, ""),
    ("Berkas diarsipkan", None, None, "Berkas diarsipkan"),
    ("Selesai dalam 3 hari sejak berkas diterima", None, None, "Selesai dalam 3 hari sejak berkas diterima"),
    # A note that only looks like "condition: where" is no decision: one plain condition, or two that agree.
    ("Catatan: 2 rangkap", None, None, "Catatan: 2 rangkap"),
    ("Berkas: 2 rangkap; arsip: 1", None, None, "Berkas: 2 rangkap; arsip: 1"),
])
def test_activity_routing_and_notes(text: str, goto: Target | None, parallel: int | None, rest: str) -> None:
    routing = read_routing(text)
    assert (routing.goto, routing.parallel_with, routing.rest, routing.decides) == (goto, parallel, rest, False)


def test_targets_and_questions() -> None:
    assert read_target("5") == Target(5)
    assert read_target("ke kegiatan 3") == Target(3)
    assert read_target("Selesai (Ditolak)") == Target(None, "Ditolak")
    assert read_target("") is None
    with pytest.raises(RoutingNotUnderstood):
        read_target("nanti")
    assert question_for("Berkas lengkap?", "x") == "Berkas lengkap?"
    assert question_for("Memeriksa berkas", "lengkap") == "Lengkap?"
    assert question_for("Memeriksa berkas", "") == "Memeriksa berkas?"


@pytest.mark.parametrize("text", ["-", "—", "Sesuai jadwal", "Menyesuaikan", "Tentatif", "tergantung antrean"])
def test_a_waktu_that_names_no_duration_is_told_that_every_activity_needs_one(text: str) -> None:
    with pytest.raises(TimeNotUnderstood) as refused:
        read_time(text)
    assert str(refused.value) == (f"'{text}' tidak menyebut lama kegiatan; setiap kegiatan perlu waktu baku agar "
                                  "keterlambatannya terlihat: tulis lama yang biasa (contoh: 30 Menit, 3 Jam, 2 Hari, "
                                  "3 hari kerja, 1 minggu)")
