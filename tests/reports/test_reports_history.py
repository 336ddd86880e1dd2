"""A case's history from the event log and task rows: times, holders, reassignment, overdue periods, data."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from reports_support import MINUTE, TUESDAY

from engine.errors import NotAuthorized
from engine.services.attachments import add_attachment
from engine.services.comments import add_comment
from engine.services.reports import case_history

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_every_step_with_its_times_and_working_minutes(db, office, staff) -> None:
    history = case_history(db, staff["kadis"], office.late)
    assert (history.reference, history.status, history.outcome) == ("NIB-2026-00002", "completed", "NIB terbit")
    assert history.started_by == "Pelaksana2" and history.started_at == TUESDAY
    rows = [(s.number, s.element_id, s.started_at, s.completed_at, s.standard_minutes, s.actual_minutes,
             s.finished_late, s.completed_by) for s in history.steps]
    at = lambda minutes: TUESDAY + minutes * MINUTE  # noqa: E731
    assert rows == [
        (1, "input_data_pemohon", at(0), at(40), 30, 40, True, "Pelaksana2"),
        (2, "aktivasi_akun_oss", at(40), at(60), 30, 20, False, "Pelaksana"),
        (3, "login_oss", at(60), at(95), 30, 35, True, "Pelaksana2"),
        (4, "penerbitan_nib", at(95), at(100), 5, 5, False, "Pelaksana2"),
        (5, "penelusuran_pendaftaran", at(100), at(115), 10, 15, True, "Jafung"),
    ]
    assert (history.total_actual_minutes, history.total_standard_minutes, history.late_steps) == (115, 105, 3)
    assert history.completed_at == at(115)


def test_who_held_a_reassigned_step_and_when(db, office, staff) -> None:
    step = case_history(db, staff["kadis"], office.late).steps[1]
    at = lambda minutes: TUESDAY + minutes * MINUTE  # noqa: E731
    assert [(h.person, h.since, h.until) for h in step.holders] == [
        ("Pelaksana2", at(40), at(45)), ("Pelaksana", at(45), at(60))]
    assert step.holders[1].how == "dialihkan oleh Kabid: Pelaksana 2 dipanggil rapat"
    assert step.claimed_at == at(40) and step.reassignments == 1 and step.holder == "Pelaksana"


def test_the_overdue_period_runs_from_the_flag_to_completion(db, office, staff) -> None:
    steps = case_history(db, staff["kadis"], office.late).steps
    flagged = steps[0].overdue
    assert flagged is not None
    # The scheduler flagged the step at 09:35 (due 09:30); it was completed at 09:40: 10 working minutes late.
    assert (flagged.flagged_at, flagged.until, flagged.late_working_minutes) == (
        TUESDAY + 35 * MINUTE, TUESDAY + 40 * MINUTE, 10)
    assert steps[1].overdue is None and steps[3].overdue is None  # 5 minutes for a 5-minute step is on time
    # Without a scheduler pass the period starts at the due time.
    assert steps[2].overdue is not None and steps[2].overdue.flagged_at == TUESDAY + 90 * MINUTE


def test_an_open_step_is_late_until_now_and_a_cancelled_one_stops(db, office, staff, clock) -> None:
    open_step = case_history(db, staff["kadis"], office.open).steps[0]
    assert open_step.status == "open" and open_step.is_overdue_now and open_step.holder is None
    assert open_step.overdue is not None and open_step.overdue.until is None
    assert (open_step.actual_minutes, open_step.overdue.late_working_minutes) == (60, 30)

    cancelled = case_history(db, staff["kadis"], office.cancelled)
    assert cancelled.status == "cancelled" and cancelled.cancel_reason.startswith("Pemohon mengundurkan")
    assert [s.status for s in cancelled.steps] == ["completed", "cancelled"]
    assert cancelled.steps[1].cancelled_at == cancelled.cancelled_at
    assert cancelled.steps[1].actual_minutes == 5


def test_data_files_comments_and_the_log(db, office, staff, clock, tmp_path: Path) -> None:
    history = case_history(db, staff["kadis"], office.late)
    assert ("Nama pemohon", "Lalu Ahmad Fauzi") in [(f.title, f.value) for f in history.start_data]
    issued = {f.title: f.value for f in history.steps[3].data}
    assert issued["Nomor Induk Berusaha (NIB)"] == "9120007654321"
    assert issued["Tingkat risiko usaha"] == "Menengah Rendah"
    assert issued["Kelengkapan/Persyaratan"].startswith("Foto Copy KTP, ")  # checklist values shown by title

    task_id = case_history(db, staff["kadis"], office.open).steps[0].task_id
    add_attachment(db, staff["pelaksana2"], task_id, "ktp pemohon.pdf", PDF, upload_dir=tmp_path)
    clock.advance(timedelta(minutes=1))
    add_comment(db, staff["kadis"], office.open, "Mohon segera diproses.", task_id)
    history = case_history(db, staff["kadis"], office.open)
    assert [f.filename for f in history.steps[0].files] == ["ktp pemohon.pdf"]
    assert [(c.author, c.step_name, c.body) for c in history.comments] == [
        ("Kadis", history.steps[0].name, "Mohon segera diproses.")]
    assert [e.kind for e in history.timeline] == ["case_started", "task_created", "attachment_added",
                                                  "comment_added"]
    assert history.timeline[-1].label == "Komentar ditambahkan" and history.timeline[-1].actor == "Kadis"


def test_only_people_who_may_see_the_case_get_its_history(db, office, staff) -> None:
    assert case_history(db, staff["pelaksana"], office.late).reference == "NIB-2026-00002"
    for outsider in ("pelaksana_lain", "kabid_lain", "uji_kabid"):
        with pytest.raises(NotAuthorized):
            case_history(db, staff[outsider], office.late)
