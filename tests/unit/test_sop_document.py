"""The SOP AP document model, drawn from the SOP folders as they run: rows, role columns, Mutu Baku, decisions,
pages and off-page connectors."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from engine.definitions.loader import ProcessBundle, load_folder
from engine.sop_document import DECISION, END, START, TASK, Approval, SopDocument, StepFacts, build_document, layout
from engine.sop_document.model import Row
from engine.timekeeping.durations import parse_iso8601

ROOT = Path(__file__).resolve().parents[2]
ROLE_NAMES = {"pelaksana": "Pelaksana", "jafung": "Jafung", "kepala_bidang": "Kepala Bidang", "kadis": "Kadis",
              "kepala_seksi": "Kepala Seksi", "sekretaris": "Sekretaris"}
#: How lanes and sop.json name roles (as engine.services.definitions.role_lookup reads the roles table).
LANES = {**{code: code for code in ROLE_NAMES}, **{name.lower(): code for code, name in ROLE_NAMES.items()}}


def _bundle(key: str) -> ProcessBundle:
    return load_folder(ROOT / "processes" / key, LANES)


def _document(bundle: ProcessBundle, sop: dict | None = None, **more: Any) -> SopDocument:  # type: ignore[type-arg]
    steps = [StepFacts(s.element_id, s.position, s.name, s.performer_role_code or s.role_code, s.requirements,
                       s.standard_time_text or parse_iso8601(s.standard_duration, s.time_basis).label(), s.output,
                       ROLE_NAMES[s.role_code] if s.performer_role_code else None)
             for s in bundle.steps]
    return build_document(key=bundle.key, version=3, name=bundle.name, nomor_sop=None, bpmn_xml=bundle.bpmn_xml,
                          sop=sop if sop is not None else bundle.sop, steps=steps, lane_roles=LANES,
                          role_names=ROLE_NAMES, **more)


@pytest.fixture(scope="module")
def nib() -> tuple[ProcessBundle, SopDocument]:
    bundle = _bundle("pelayanan_nib_oss")
    return bundle, _document(bundle)


def _svg_of(document: SopDocument, node_id: str) -> str:
    return next(item.svg for sheet in document.sheets for item in sheet.rows
                if item.row and item.row.node_id == node_id)


def _shape_x(svg: str, tag: str) -> float:
    """The x of the first white shape of ``tag`` in a row's SVG (rect: its left edge; polygon: its first point)."""
    match = re.search(rf'<{tag} [^>]*?(?:x="([\d.]+)"|points="([\d.]+),)[^>]*fill="#ffffff"', svg)
    assert match, svg
    return float(match.group(1) or match.group(2))


def test_every_nib_step_is_a_row_in_its_roles_column_with_its_mutu_baku(nib) -> None:  # type: ignore[no-untyped-def]
    bundle, document = nib
    assert {"Pelaksana", "Jafung"} <= {c.name for c in document.columns}
    tasks = [row for row in document.rows if row.kind == TASK]
    assert [(r.number, r.activity) for r in tasks] == [(s.position, s.name) for s in bundle.steps]
    assert [document.columns[r.column].code for r in tasks] == [s.performer_role_code or s.role_code
                                                                for s in bundle.steps]
    assert document.columns[tasks[0].column].name == "Pelaksana" and document.columns[tasks[-1].column].name == "Jafung"
    first, *_, last = tasks
    assert first.requirements == ("Foto Copy KTP", "Surat Keterangan Usaha dari Desa")
    assert first.time_text == "30 Menit"
    assert first.outputs == ("Terbitnya Izin Usaha UMK", "Bertambahnya Data UKM Formal")
    assert last.activity == "Tracking/penelusuran sistem pendaftaran" and last.time_text == "10 Menit"
    assert last.requirements == ("Foto Copy KTP", "Surat Keterangan Usaha dari Desa", "Memiliki Email",
                                 "Memiliki NPWP")
    assert last.outputs == ("Berkas",)
    width = layout.column_width(layout.COLUMN_SHARE["roles"]) / len(document.columns)
    for row in tasks:  # each rectangle is drawn inside its role's column
        x = _shape_x(_svg_of(document, row.node_id), "rect")
        assert row.column * width < x < (row.column + 1) * width, row.activity


def test_the_nib_decision_has_its_ya_and_tidak_exits(nib) -> None:  # type: ignore[no-untyped-def]
    document = nib[1]
    rows = list(document.rows)
    assert rows[0].kind == START and rows[-1].kind == END and rows[-1].activity == "NIB terbit"
    decision = next(r for r in rows if r.kind == DECISION)
    assert decision.activity == "Persyaratan lengkap?"
    assert rows[rows.index(decision) - 1].number == 1  # right after step 1, whose form it reads
    ya, tidak = decision.exits
    assert ya.label == "Ya" and rows[ya.target].number == 2  # type: ignore[index]
    assert tidak.label == "Tidak" and tidak.terminal == "Permohonan dikembalikan kepada pemohon"
    assert decision.note == "Ya: lanjut ke kegiatan 2. Tidak: selesai (Permohonan dikembalikan kepada pemohon)."
    svg = _svg_of(document, decision.node_id)
    assert re.search(r"<polygon points=\"[^\"]+\" fill=\"#ffffff\"", svg)  # the diamond
    assert ">Ya</text>" in svg and ">Tidak</text>" in svg and ">Selesai</text>" in svg


def test_the_identity_page_shows_sop_json_and_dashes_where_it_is_empty(nib) -> None:  # type: ignore[no-untyped-def]
    document = nib[1]
    identity = document.identity
    assert identity.letterhead == ("PEMERINTAH KABUPATEN LOMBOK BARAT", "DINAS KOPERASI DAN UKM",
                                   "BIDANG USAHA MIKRO, KECIL DAN MENENGAH")
    assert identity.tanggal_efektif == "1 Januari 2023"
    assert identity.nomor_sop == identity.tanggal_pembuatan == identity.tanggal_revisi == "-"
    assert (identity.approver_name, identity.approver_nip) == ("MAAD ADNAN, S.Pd., M.Pd", "19561231 199103 1 091")
    titles = [listing.title for pair in identity.grid for listing in pair]
    assert titles == ["Dasar Hukum", "Kualifikasi Pelaksana", "Keterkaitan", "Peralatan/Perlengkapan", "Peringatan",
                      "Pencatatan dan Pendataan"]
    assert identity.grid[0][0].items[1] == "PP Nomor 24 Tahun 2018 Tentang Pelayanan Terintegrasi Secara Elektronik"
    assert document.running_text == "Nomor SOP: - · Versi 3 · Tanggal Efektif: 1 Januari 2023"
    bare = _document(_bundle("pelayanan_nib_oss"), {"nama": "X", "logo": "http://evil.example/x.png"})
    assert bare.identity.tanggal_efektif == "-" and bare.identity.approver_name == "-" and bare.identity.logo is None
    assert all(listing.items == () for pair in bare.identity.grid for listing in pair)


def test_a_table_longer_than_a_page_continues_through_numbered_connectors() -> None:
    bundle = _bundle("pelatihan_pelaku_umk")
    document = _document(bundle)
    assert len(document.sheets) == 2 and document.page_count == 3
    first, second = document.sheets
    leaving, arriving = first.rows[-1], second.rows[0]
    assert leaving.row is None and leaving.connector is not None and leaving.connector.leaving
    assert arriving.row is None and arriving.connector is not None and not arriving.connector.leaving
    assert leaving.connector.number == arriving.connector.number == 1
    for item in (leaving, arriving):
        assert re.search(r'<polygon points="(?:[\d.]+,[\d.]+ ){4}[\d.]+,[\d.]+" fill="#ffffff"', item.svg)
        assert ">1</text>" in item.svg
    assert "Bersambung ke halaman berikutnya" in leaving.connector.text
    assert "Sambungan dari halaman sebelumnya" in arriving.connector.text
    # the flow is drawn into the leaving connector and out of the arriving one
    assert "<line" in leaving.svg and "<line" in arriving.svg
    printed = [item.row.number for sheet in document.sheets for item in sheet.rows
               if item.row is not None and item.row.kind == TASK]
    assert printed == [s.position for s in bundle.steps]
    for sheet in document.sheets:
        rows = [item.row for item in sheet.rows if item.row is not None]
        heights = [layout.row_height(item.row, item.connector.text if item.connector else "") for item in sheet.rows]
        assert len(rows) <= layout.MAX_ROWS and sum(heights) <= layout.ROWS_HEIGHT


def test_a_loop_back_is_drawn_to_the_earlier_row() -> None:
    document = _document(_bundle("pelatihan_pelaku_umk"))
    decision = next(r for r in document.rows if r.kind == DECISION)
    _ya, tidak = decision.exits
    assert tidak.label == "Tidak" and document.rows[tidak.target].number == 2  # type: ignore[index]
    assert decision.note == "Ya: lanjut ke kegiatan 4. Tidak: kembali ke kegiatan 2."
    target = _svg_of(document, document.rows[tidak.target].node_id)  # type: ignore[index]
    assert target.count("<polygon") >= 2  # the arrowhead coming down and the one coming back


def test_parallel_branches_say_so_and_pages_split_at_most_max_rows() -> None:
    document = _document(_bundle("perencanaan_fasilitasi_usaha_mikro"))
    notes = {row.number: row.note for row in document.rows if row.kind == TASK}
    assert notes == {1: "Bersamaan dengan kegiatan 2.", 2: "Bersamaan dengan kegiatan 1.",
                     3: "Setelah kegiatan 1 dan kegiatan 2 selesai."}
    heights = [20.0] * 17
    pages = layout.paginate(heights, [True] * 17)
    assert [len(p) for p in pages] == [6, 6, 5] and [i for page in pages for i in page] == list(range(17))


def test_text_from_the_bpmn_is_escaped_in_the_svg() -> None:
    bundle = _bundle("pelayanan_nib_oss")
    hostile = bundle.bpmn_xml.replace('name="Tidak"', 'name="&lt;script&gt;alert(1)&lt;/script&gt;"')
    document = _document(ProcessBundle(**{**bundle.__dict__, "bpmn_xml": hostile}))
    svg = _svg_of(document, "cek_persyaratan")
    assert "<script" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg


def test_every_sop_builds_and_every_step_is_printed_once() -> None:
    for folder in sorted((ROOT / "processes").iterdir()):
        if not (folder / "process.bpmn").exists():
            continue
        bundle = _bundle(folder.name)
        document = _document(bundle)
        printed: list[Row] = [item.row for sheet in document.sheets for item in sheet.rows if item.row is not None]
        assert [r.node_id for r in printed] == [r.node_id for r in document.rows]
        assert sorted(r.number for r in printed if r.kind == TASK) == [s.position for s in bundle.steps]


def test_an_external_partys_step_sits_in_its_own_column_recorded_by_an_internal_role() -> None:
    bundle = _bundle("pelayanan_nib_oss")
    xml = bundle.bpmn_xml.replace("<bpmn:flowNodeRef>aktivasi_akun_oss</bpmn:flowNodeRef>", "").replace(
        '<bpmn:lane id="lane_jafung" name="Jafung">',
        '<bpmn:lane id="lane_pemohon" name="Pemohon"><bpmn:flowNodeRef>aktivasi_akun_oss</bpmn:flowNodeRef>'
        '</bpmn:lane><bpmn:lane id="lane_jafung" name="Jafung">')
    steps = [StepFacts(s.element_id, s.position, s.name, "pemohon" if s.element_id == "aktivasi_akun_oss"
                       else s.role_code, s.requirements, s.standard_time_text or "", s.output,
                       "Pelaksana" if s.element_id == "aktivasi_akun_oss" else None) for s in bundle.steps]
    document = build_document(key=bundle.key, version=1, name=bundle.name, nomor_sop=None, bpmn_xml=xml,
                              sop=bundle.sop, steps=steps, lane_roles={**LANES, "pemohon": "pemohon"},
                              role_names={**ROLE_NAMES, "pemohon": "Pemohon"})
    assert [c.name for c in document.columns] == ["Pelaksana", "Pemohon", "Jafung"]
    activation = next(r for r in document.rows if r.node_id == "aktivasi_akun_oss")
    assert document.columns[activation.column].name == "Pemohon"
    assert activation.note == "Dicatat oleh Pelaksana."


def test_an_approval_recorded_in_alur_wins_and_a_draft_says_so_on_every_page() -> None:
    bundle = _bundle("pelayanan_nib_oss")
    approved = _document(bundle, approval=Approval("Kepala Dinas Koperasi dan UKM", "Baiq Rahmawati, S.E.",
                                                   "19750101 200001 2 001", date(2027, 3, 1)))
    assert (approved.identity.approver_name, approved.identity.approver_nip) == ("Baiq Rahmawati, S.E.",
                                                                                 "19750101 200001 2 001")
    assert approved.identity.tanggal_efektif == "1 Maret 2027"
    assert approved.running_text == "Nomor SOP: - · Versi 3 · Tanggal Efektif: 1 Maret 2027"
    draft = _document(bundle, status="draft")
    assert draft.running_text.startswith("DRAF, BELUM DISAHKAN · ")
