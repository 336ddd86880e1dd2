"""The case archive: who sees which cases, and every filter, on the played office history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from engine.db import Database
from engine.errors import ValidationFailed
from engine.services import start_case, sync_processes
from engine.services.reports import ArchiveFilter, case_archive

from support import decision_sketch, write_process

OTHER_DIVISION_SOP = "uji_laporan_bidang_lain"


def references(db: Database, user_id: int, **filters: object) -> list[str]:
    return [row.reference for row in case_archive(db, user_id, ArchiveFilter(**filters)).rows]  # type: ignore[arg-type]


@pytest.fixture
def other_division_case(db: Database, tmp_path: Path, staff: dict[str, int]) -> str:
    """A case of the same office's other division (Bidang Koperasi), started by its own Pelaksana."""
    write_process(tmp_path, decision_sketch(OTHER_DIVISION_SOP), sop={
        "office": {"code": "dinkop-lobar", "name": "Dinas Koperasi dan UKM Kabupaten Lombok Barat"},
        "unit": {"code": "dinkop-lobar.bidang-lain", "name": "Bidang Koperasi", "kind": "division"},
        "case": {"reference_prefix": "KOP", "subject_field": "nama_pemohon", "start_form": "forms/start.json"},
    })
    sync_processes(db, tmp_path)
    return start_case(db, staff["pelaksana_lain"], OTHER_DIVISION_SOP, {"nama_pemohon": "Koperasi Maju"}).reference


def test_kadis_and_sekretaris_see_the_whole_office_newest_first(db, office, other_division_case, staff) -> None:
    expected = [other_division_case, "NIB-2026-00004", "NIB-2026-00003", "NIB-2026-00002", "NIB-2026-00001"]
    assert references(db, staff["kadis"]) == expected
    assert references(db, staff["sekretaris"]) == expected


def test_a_kepala_bidang_sees_only_their_division(db, office, other_division_case, staff) -> None:
    assert references(db, staff["kabid"]) == ["NIB-2026-00004", "NIB-2026-00003", "NIB-2026-00002",
                                              "NIB-2026-00001"]
    assert references(db, staff["kabid_lain"]) == [other_division_case]
    assert references(db, staff["uji_kabid"]) == []


def test_staff_see_only_the_cases_they_took_part_in(db, office, other_division_case, staff) -> None:
    # Pelaksana started A and C, and completed B's second step after it was reassigned to them.
    assert references(db, staff["pelaksana"]) == ["NIB-2026-00003", "NIB-2026-00002", "NIB-2026-00001"]
    # Pelaksana 2 started B and D (D's step is in their queue, but unclaimed: taking part is not being able to).
    assert references(db, staff["pelaksana2"]) == ["NIB-2026-00004", "NIB-2026-00002"]
    assert references(db, staff["jafung"]) == ["NIB-2026-00002", "NIB-2026-00001"]
    assert references(db, staff["pelaksana_lain"]) == [other_division_case]
    assert references(db, staff["uji_pelaksana"]) == []


def test_filters_by_sop_status_period_and_unit(db, office, other_division_case, staff) -> None:
    kadis = staff["kadis"]
    assert references(db, kadis, process_key="pelayanan_nib_oss", status="completed") == ["NIB-2026-00002",
                                                                                         "NIB-2026-00001"]
    assert references(db, kadis, status="cancelled") == ["NIB-2026-00003"]
    # Periods are office-local dates: Tuesday and Wednesday 24-25 November 2026.
    assert references(db, kadis, date_from=date(2026, 11, 24), date_to=date(2026, 11, 25)) == [
        "NIB-2026-00003", "NIB-2026-00002"]
    assert references(db, kadis, unit_code="dinkop-lobar.bidang-lain") == [other_division_case]
    assert len(references(db, kadis, unit_code="dinkop-lobar")) == 5


@pytest.mark.parametrize(("text", "expected"), [
    ("fauzi", ["NIB-2026-00002"]),                      # the subject, any case
    ("5201011203850002", ["NIB-2026-00002"]),           # the NIK in the start data
    ("bengkel", ["NIB-2026-00002"]),                    # the business name in the start data
    ("9120007654321", ["NIB-2026-00002"]),              # the NIB entered at the step 'penerbitan_nib'
    ("nib-2026-00001", ["NIB-2026-00001"]),             # the reference
    ("nama_pemohon", []),                               # a key of the data is not its content
    ("100%_", []),                                      # LIKE wildcards are literal
])
def test_the_search_reads_subject_reference_start_data_and_identifiers(db, office, staff, text, expected) -> None:
    assert references(db, staff["kadis"], text=text) == expected


def test_the_search_never_widens_what_a_person_may_see(db, office, staff) -> None:
    assert references(db, staff["pelaksana2"], text="nurul") == []  # case A exists but is not theirs


def test_late_or_on_time(db, office, staff) -> None:
    # B finished three steps late; D's first step is past its due time now. A and C kept every due time.
    assert references(db, staff["kadis"], timeliness="late") == ["NIB-2026-00004", "NIB-2026-00002"]
    assert references(db, staff["kadis"], timeliness="on_time") == ["NIB-2026-00003", "NIB-2026-00001"]
    rows = {row.reference: row for row in case_archive(db, staff["kadis"]).rows}
    assert (rows["NIB-2026-00002"].late_steps, rows["NIB-2026-00002"].overdue_now) == (3, 0)
    assert (rows["NIB-2026-00004"].late_steps, rows["NIB-2026-00004"].overdue_now) == (0, 1)
    assert not rows["NIB-2026-00001"].is_late


def test_paging(db, office, staff) -> None:
    first = case_archive(db, staff["kadis"], ArchiveFilter(per_page=3))
    second = case_archive(db, staff["kadis"], ArchiveFilter(per_page=3, page=2))
    assert (first.total, first.pages) == (4, 2)
    assert [r.reference for r in first.rows + second.rows] == ["NIB-2026-00004", "NIB-2026-00003",
                                                              "NIB-2026-00002", "NIB-2026-00001"]


def test_the_choices_follow_the_role(db, office, staff) -> None:
    kadis = case_archive(db, staff["kadis"]).choices
    assert kadis.is_supervisor and kadis.units[0].value == "dinkop-lobar"
    assert {"pelayanan_nib_oss", "pelatihan_pelaku_umk"} <= {p.value for p in kadis.processes}
    staff_choices = case_archive(db, staff["pelaksana"]).choices
    assert not staff_choices.is_supervisor and staff_choices.units == ()


@pytest.mark.parametrize("filters", [
    ArchiveFilter(date_from=date(2026, 12, 1), date_to=date(2026, 11, 1)),
    ArchiveFilter(status="lost"),
    ArchiveFilter(unit_code="no-such-unit"),
])
def test_invalid_filters_are_refused(db, staff, filters) -> None:
    with pytest.raises(ValidationFailed):
        case_archive(db, staff["kadis"], filters)
