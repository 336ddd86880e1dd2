"""An SOP table the team has not seen, written as an office writes it (a title above a two-row header, a row
of column numbers, "Kasi"/"Kabid"/"Kepala Dinas" columns, ✓ and ◇ marks, "15 mnt" and "2 x 24 jam", "Jika tidak
lengkap kembali ke kegiatan 1"), with five roles including the applicant, two decisions and a loop back:
`alur sop import --publish` takes it with no code change, and a case runs down every branch through the
services, each step due at the time its Waktu says."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from openpyxl import Workbook

from engine.db import Database
from engine.definitions.walk import Journey
from engine.errors import NotFound
from engine.services import complete_task, create_user, find_user, get_case, get_process, get_task, inbox, start_case
from engine.services.definitions import ProcessInfo, check_processes
from engine.sop_table.service import known_roles

KEY = "pelayanan_rekomendasi_izin_usaha_mikro"
IDENTITY = [
    ["NOMOR SOP", "503/07/BID-A/2026"], ["TGL. PEMBUATAN", "02-11-2026"], ["TANGGAL REVISI", "-"],
    ["TANGGAL EFEKTIF", "1 Desember 2026"], ["DISAHKAN OLEH", "KEPALA DINAS UJI"], ["NAMA", "Drs. H. LALU UJI, M.Si"],
    ["NIP", "NIP. 19700101 199503 1 001"], ["NAMA SOP", "Pelayanan Rekomendasi Izin Usaha Mikro"],
    ["INSTANSI", "Dinas Uji"], ["BIDANG", "Bidang A"],
    ["DASAR HUKUM", "1. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"],
    [None, "2. Peraturan Daerah Nomor 4 Tahun 2016"],
    ["KUALIFIKASI PELAKSANA", "Memahami perizinan usaha mikro"], ["KETERKAITAN", "SOP Pengarsipan"],
    ["PERALATAN / PERLENGKAPAN", "- Komputer\n- Printer\n- ATK"],
    ["PERINGATAN", "Jika SOP tidak dilaksanakan, pelayanan rekomendasi terlambat"],
    ["PENCATATAN DAN PENDATAAN", "Buku register rekomendasi"],
]
HEADER = [
    ["STANDAR OPERASIONAL PROSEDUR (SOP)"], [],
    ["NO", "URAIAN KEGIATAN", "PELAKSANA", None, None, None, None, "MUTU BAKU", None, None, "KET"],
    [None, None, "Pemohon", "Staf", "Kasi", "Kabid", "Kepala Dinas", "Kelengkapan", "Waktu", "Out Put", None],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
]
ROWS = [
    ["1.", "Pemohon mengajukan permohonan rekomendasi izin usaha mikro", "✓", None, None, None, None,
     "1. Surat permohonan\n2. Fotokopi KTP\n3. Fotokopi NPWP", "15 mnt", "Berkas permohonan", None],
    ["2.", "Memeriksa kelengkapan berkas permohonan", None, "◇", None, None, None, "Berkas permohonan",
     "30 Menit", "Tanda terima berkas", "Jika tidak lengkap kembali ke kegiatan 1"],
    ["3.", "Memverifikasi lapangan dan membuat konsep surat rekomendasi", None, None, "X", None, None,
     "Berkas permohonan lengkap", "2 x 24 jam", "Berita acara verifikasi", None],
    ["4.", "Memeriksa dan memaraf konsep surat rekomendasi", None, None, None, "v", None, "Konsep surat",
     "1 Hari", "Konsep surat diparaf", None],
    ["5.", "Menelaah dan menandatangani surat rekomendasi", None, None, None, None, "◇", "Konsep surat diparaf",
     "1 Hari", "Surat rekomendasi ditandatangani",
     "Apabila tidak disetujui, permohonan ditolak dan diberitahukan kepada pemohon (selesai)"],
    ["6.", "Menyerahkan surat rekomendasi kepada pemohon", None, "X", None, None, None, "Surat rekomendasi",
     "3 jam", "Nomor dan tanggal surat rekomendasi", "Selesai"],
]
WITA = 8  # hours ahead of UTC
#: Due times of each step's activation when the case moves at Monday 23 November 2026, 09:00 WITA (the clock
#: stays there): minutes and hours in working time, "1 Hari" the next working day, "2 x 24 jam" 48 hours.
DUE_WITA = {"pemohon_mengajukan_permohonan": (23, 9, 15),
            "memeriksa_kelengkapan_berkas_permohonan": (23, 9, 30),
            "memverifikasi_lapangan_dan_membuat": (25, 9, 0),
            "memeriksa_dan_memaraf_konsep_surat": (24, 9, 0),
            "menelaah_dan_menandatangani_surat": (24, 9, 0),
            "menyerahkan_surat_rekomendasi_kepada": (23, 12, 0)}


def _workbook(path: Path) -> Path:
    book = Workbook()
    identity = book.active
    identity.title = "IDENTITAS SOP"
    for row in IDENTITY:
        identity.append(row)
    flowchart = book.create_sheet("Flowchart")
    for row in [*HEADER, *ROWS]:
        flowchart.append(row)
    book.save(path)
    return path


def _user(db: Database, role: str, unit_code: str) -> int:
    username = f"rek_{role}"
    try:
        return find_user(db, username).id
    except NotFound:
        return create_user(db, username=username, full_name=f"{role} uji", password="kata-sandi-uji",
                           roles=[role], unit_code=unit_code).id


def _run(db: Database, process: ProcessInfo, journey: Journey) -> None:
    starter = _user(db, process.sop["starter_roles"][0], process.unit_code)
    case = start_case(db, starter, process.key, journey.start_data)
    roles = {step.element_id: step.role_code for step in process.steps}
    for element_id, data in journey.steps:
        worker = _user(db, roles[element_id], process.unit_code)
        queued = [r for scope in ("queue", "mine") for r in inbox(db, worker, scope).rows  # type: ignore[arg-type]
                  if r.case_id == case.id and r.element_id == element_id]
        assert len(queued) == 1, f"{element_id} is not in the inbox of {roles[element_id]}"
        task = get_task(db, worker, queued[0].id)
        day, hour, minute = DUE_WITA[element_id]
        assert task.due_at == datetime(2026, 11, day, hour - WITA, minute, tzinfo=UTC), element_id
        complete_task(db, worker, task.id, data)
    history = get_case(db, starter, case.id)
    assert history.status == "completed" and history.outcome == journey.outcome


def test_an_sop_table_the_team_has_not_seen_imports_publishes_and_runs_every_branch(
        db: Database, prepared_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    roles = {r.code: r for r in known_roles(db)}
    if "pemohon" not in roles or not roles["pemohon"].external:
        pytest.xfail("the applicant (Pemohon) is not a role yet: external roles are not merged")
    from engine.cli.main import cli

    monkeypatch.setenv("DATABASE_URL", prepared_database)
    out = tmp_path / "processes"
    result = CliRunner().invoke(cli, ["sop", "import", str(_workbook(tmp_path / "SOP Rekomendasi.xlsx")),
                                      "--out", str(out), "--publish", "--in-force"])
    assert result.exit_code == 0, result.output
    assert f"Didaftarkan: {KEY} v" in result.output

    process = get_process(db, KEY)
    assert [s.element_id for s in process.steps] == list(DUE_WITA)
    assert process.unit_code == "kantor-uji.bidang-a"
    assert process.sop["disahkan_oleh"] == {"jabatan": "KEPALA DINAS UJI", "nama": "Drs. H. LALU UJI, M.Si",
                                            "nip": "19700101 199503 1 001"}
    assert process.sop["dasar_hukum"] == ["Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
                                          "Peraturan Daerah Nomor 4 Tahun 2016"]
    assert process.sop["tanggal_efektif"] == "2026-12-01"
    assert [s.standard_duration for s in process.steps] == ["PT15M", "PT30M", "P2D", "P1D", "P1D", "PT3H"]
    assert process.steps[2].time_basis == "calendar"
    assert process.steps[0].requirements == ("Surat permohonan", "Fotokopi KTP", "Fotokopi NPWP")

    [bundle] = check_processes(db, out / KEY)
    lanes = {lane.get("name"): [ref.text for ref in lane] for lane in etree.fromstring(bundle.bpmn_xml.encode())
             .iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}lane")}
    assert list(lanes) == ["Pemohon", "Pelaksana", "Kepala Seksi", "Kepala Bidang", "Kadis"]
    assert "pemohon_mengajukan_permohonan" in lanes["Pemohon"]
    run = bundle.dry_run
    assert run is not None and not run.problems
    assert set(run.outcomes) == {"Selesai", "Permohonan ditolak dan diberitahukan kepada pemohon"}
    moves = set().union(*(j.moves for j in run.journeys))
    merge = "pemohon_mengajukan_permohonan_gabung"  # the loop back and the start meet before step 1
    assert {m for m in moves if m[1] == merge} == {("mulai", merge),
                                                   ("memeriksa_kelengkapan_berkas_permohonan_gw", merge)}
    journeys = run.covering_journeys()
    for journey in journeys:
        _run(db, process, journey)
    assert {j.outcome for j in journeys} == set(run.outcomes)
    taken = {m for j in journeys for m in j.moves}
    gateways = {m[0] for m in moves if m[0].endswith("_gw")}
    assert len(gateways) == 2 and all(len({m[1] for m in taken if m[0] == g}) == 2 for g in gateways)
