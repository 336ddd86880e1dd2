"""Each report as a :class:`~engine.reports.exports.Document`: which facts and tables go on the paper.

Only the choice of content lives here; how a document becomes CSV, XLSX or PDF is
:mod:`engine.reports.exports`, the same for all of them.
"""

from __future__ import annotations

from functools import singledispatch

from engine.labels import status_label
from engine.reports.compliance import heat_map_svg, share_chart_svg, time_chart_svg
from engine.reports.exports import Column, Document, Figure, Signature, Table, rows_of
from engine.reports.model import (
    ASSESSMENT_BAD,
    ASSESSMENT_GOOD,
    CaseHistory,
    ComplianceReport,
    MonitoringForm,
    Register,
    SopIdentity,
)
from engine.reports.period import period_text
from engine.reports.text import local_datetime, percent, working_time

BLANK_PLACE_DATE = "......................., ..................................."


@singledispatch
def document(report: object) -> Document:
    """A report (history, compliance, register or monitoring form) as the document an office files."""
    raise TypeError(f"no document for {type(report).__name__}")


def _approval(sop: SopIdentity | None) -> tuple[Signature, ...]:
    """"Mengetahui" by the official who signed the SOP (its ``disahkan_oleh``)."""
    if sop is None or sop.approver is None or not sop.approver.jabatan:
        return ()
    return (Signature("Mengetahui,", sop.approver.jabatan, sop.approver.nama, sop.approver.nip),)


def _sop_facts(sop: SopIdentity) -> tuple[tuple[str, str], ...]:
    return (("Nama SOP", sop.name), ("Nomor SOP", sop.nomor_sop or "—"), ("Versi proses", str(sop.version)))


@document.register
def history_document(history: CaseHistory) -> Document:
    zone = history.timezone
    status = status_label(history.status)
    if history.outcome:
        status += f" ({history.outcome})"
    facts = [*_sop_facts(history.sop), ("Nomor kasus", history.reference), ("Unit", history.unit_name),
             ("Perihal", history.subject or "—"), ("Status", status),
             ("Dimulai", f"{local_datetime(history.started_at, zone)} oleh {history.started_by or 'sistem'}")]
    if history.completed_at:
        facts.append(("Selesai", local_datetime(history.completed_at, zone)))
    if history.cancelled_at:
        facts.append(("Dibatalkan", f"{local_datetime(history.cancelled_at, zone)} oleh {history.cancelled_by or '—'}"
                                    f": {history.cancel_reason or ''}"))
    facts += [("Waktu kerja", f"{working_time(history.total_actual_minutes, history.day_minutes)} (standar "
                              f"{working_time(history.total_standard_minutes, history.day_minutes)})"),
              ("Langkah terlambat", f"{history.late_steps} dari {len(history.steps)}")]
    steps = Table(
        "Langkah-langkah",
        (Column("No", "int"), Column("Langkah"), Column("Pemegang"), Column("Dibuka", "datetime"),
         Column("Diambil", "datetime"), Column("Selesai", "datetime"), Column("Diselesaikan oleh"),
         Column("Mutu baku"), Column("Standar", "minutes", group="Waktu kerja"),
         Column("Aktual", "minutes", group="Waktu kerja"), Column("Ketepatan"),
         Column("Terlambat sejak", "datetime", group="Keterlambatan"),
         Column("Lama", "minutes", group="Keterlambatan")),
        rows_of((s.number, s.name, s.holder or "—", s.started_at, s.claimed_at, s.completed_at or s.cancelled_at,
                 s.completed_by or ("dibatalkan" if s.status == "cancelled" else ""), s.standard_text,
                 s.standard_minutes, s.actual_minutes, _timeliness(s.status, s.finished_late, s.is_overdue_now),
                 s.overdue.flagged_at if s.overdue else None, s.overdue.late_working_minutes if s.overdue else None)
                for s in history.steps),
        note="Waktu kerja dihitung menurut jam kerja dan hari libur kantor; 'Terlambat sejak' adalah saat langkah "
             "dinyatakan melewati batas waktu.",
    )
    holders = Table(
        "Pemegang langkah dan pengalihan",
        (Column("No langkah", "int"), Column("Langkah"), Column("Pemegang"), Column("Sejak", "datetime"),
         Column("Sampai", "datetime"), Column("Keterangan")),
        rows_of((s.number, s.name, h.person, h.since, h.until, h.how) for s in history.steps for h in s.holders),
    )
    data = Table(
        "Data permohonan dan data tiap langkah",
        (Column("No langkah"), Column("Langkah"), Column("Isian"), Column("Nilai")),
        rows_of([*(("—", "Data awal kasus", f.title, f.value) for f in history.start_data),
                 *((str(s.number), s.name, f.title, f.value) for s in history.steps for f in s.data)]),
    )
    files = Table(
        "Lampiran",
        (Column("Langkah"), Column("Berkas"), Column("Jenis"), Column("Ukuran (byte)", "int"),
         Column("Diunggah oleh"), Column("Waktu", "datetime"), Column("Keterangan")),
        rows_of([*((s.name, f.filename, f.content_type, f.size, f.uploaded_by, f.uploaded_at,
                    "dihapus " + local_datetime(f.removed_at, zone) if f.removed_at else "")
                   for s in history.steps for f in s.files),
                 *(("(kasus)", f.filename, f.content_type, f.size, f.uploaded_by, f.uploaded_at, "")
                   for f in history.case_files)]),
    )
    comments = Table(
        "Komentar",
        (Column("Waktu", "datetime"), Column("Penulis"), Column("Langkah"), Column("Komentar")),
        rows_of((c.at, c.author, c.step_name or "—", c.body) for c in history.comments),
    )
    log = Table(
        "Log kejadian",
        (Column("Waktu", "datetime"), Column("Kejadian"), Column("Oleh"), Column("Langkah"), Column("Keterangan")),
        rows_of((e.at, e.label, e.actor or "sistem", e.step_name or "", e.detail) for e in history.timeline),
    )
    return Document(
        title=f"Riwayat Kasus {history.reference}", filename=f"riwayat-{history.reference}",
        header_lines=history.sop.header_lines, meta=tuple(facts),
        tables=(steps, holders, data, files, comments, log), signatures=_approval(history.sop),
        place_date=BLANK_PLACE_DATE, timezone=zone, day_minutes=history.day_minutes, generated_at=history.generated_at,
    )


def _timeliness(status: str, finished_late: bool, overdue_now: bool) -> str:
    if status == "cancelled":
        return "Dibatalkan"
    if status == "open":
        return "Berjalan, melewati batas waktu" if overdue_now else "Berjalan"
    return "Terlambat" if finished_late else "Tepat waktu"


@document.register
def compliance_document(report: ComplianceReport) -> Document:
    totals = report.totals
    facts = (*_sop_facts(report.sop), ("Unit", report.unit_name),
             ("Periode", f"{report.date_from:%d-%m-%Y} s.d. {report.date_to:%d-%m-%Y} (langkah selesai)"),
             ("Kasus dimulai", f"{totals.cases_started} (selesai {totals.cases_completed}, dibatalkan "
                               f"{totals.cases_cancelled}, berjalan {totals.cases_active})"),
             ("Langkah selesai", f"{totals.completions}, tepat waktu {totals.on_time} "
                                 f"({percent(totals.share_on_time)})"),
             ("Saat ini", f"{totals.open_now} langkah terbuka, {totals.overdue_now} melewati batas waktu"))
    steps = Table(
        "Kepatuhan per langkah",
        (Column("No", "int"), Column("Langkah"), Column("Mutu baku"), Column("Selesai", "int"),
         Column("Tepat waktu", "int"), Column("Terlambat", "int"), Column("% tepat waktu", "percent"),
         Column("Standar", "minutes", group="Waktu kerja"), Column("Median", "minutes", group="Waktu kerja"),
         Column("Persentil 90", "minutes", group="Waktu kerja"), Column("Median/standar", "number"),
         Column("Terbuka", "int", group="Saat ini"), Column("Lewat batas", "int", group="Saat ini")),
        rows_of((s.position, s.name, s.standard_text, s.completions, s.on_time, s.late, s.share_on_time,
                 s.standard_minutes, s.median_minutes, s.p90_minutes, s.median_ratio, s.open_now, s.overdue_now)
                for s in report.steps),
    )
    people = Table(
        "Kepatuhan per pegawai",
        (Column("No", "int"), Column("Nama"), Column("Selesai", "int"), Column("Tepat waktu", "int"),
         Column("Terlambat", "int"), Column("% tepat waktu", "percent"), Column("Median waktu/standar", "number"),
         Column("Dipegang", "int", group="Saat ini"), Column("Lewat batas", "int", group="Saat ini")),
        rows_of((n, p.name, p.completions, p.on_time, p.late, p.share_on_time, p.median_ratio, p.open_now,
                 p.overdue_now) for n, p in enumerate(report.people, start=1)),
    )
    figures = [Figure("Peta panas: bagian langkah yang selesai terlambat", heat_map_svg(report)),
               Figure("", time_chart_svg(report)), Figure("", share_chart_svg(report))]
    return Document(
        title="Laporan Kepatuhan SOP", filename=f"kepatuhan-{report.sop.key}-{report.date_from}-{report.date_to}",
        header_lines=report.sop.header_lines, meta=facts, tables=(steps, people),
        figures=tuple(f for f in figures if f.svg), signatures=_approval(report.sop), place_date=BLANK_PLACE_DATE,
        timezone=report.timezone, day_minutes=report.day_minutes, generated_at=report.generated_at,
        notes=("Median dan persentil ke-90 dihitung dari waktu kerja aktual langkah yang selesai dalam periode; "
               "standar adalah median waktu kerja yang diberikan SOP kepada langkah itu.",),
    )


@document.register
def register_document(register: Register) -> Document:
    facts: list[tuple[str, str]] = []
    if register.sop is not None:
        facts.append(("Nama SOP", register.sop.name))
    facts += [("Unit", register.unit_name), ("Periode", period_text(register.date_from, register.date_to)),
              ("Dasar periode", register.basis), *register.summary]
    suffix = "-".join(str(d) for d in (register.date_from, register.date_to) if d)
    return Document(
        title=register.title, filename=f"register-{register.name}" + (f"-{suffix}" if suffix else ""),
        header_lines=register.header_lines, meta=tuple(facts), tables=register.tables,
        signatures=_approval(register.sop), place_date=BLANK_PLACE_DATE, timezone=register.timezone,
        generated_at=register.generated_at,
    )


@document.register
def monitoring_document(form: MonitoringForm) -> Document:
    group = "Penilaian terhadap Penerapan"
    table = Table(
        "Formulir monitoring",
        (Column("No", "int", width=4), Column("Prosedur", width=20), Column(ASSESSMENT_GOOD, group=group, width=8),
         Column(ASSESSMENT_BAD, group=group, width=8), Column("Catatan Hasil Penilaian", width=32),
         Column("Tindakan yang harus diambil", width=20), Column("Paraf Penilai", width=8)),
        rows_of((r.number, r.procedure + (f" (Nomor {r.nomor_sop})" if r.nomor_sop else ""),
                 "✓" if r.assessment == ASSESSMENT_GOOD else "", "✓" if r.assessment == ASSESSMENT_BAD else "",
                 r.notes, r.action, "") for r in form.rows),
        note=f"Penilaian diusulkan oleh Alur: '{ASSESSMENT_GOOD}' bila sedikitnya {percent(form.threshold)} langkah "
             "yang selesai dalam semester tepat waktu. Penilai memeriksa, melengkapi dan memaraf setiap baris.",
    )
    return Document(
        title="Formulir Monitoring SOP Administrasi Pemerintahan",
        filename=f"monitoring-sop-{form.year}-semester-{form.semester}",
        header_lines=form.header_lines,
        meta=(("Unit", form.unit_name), ("Periode", form.period_label),
              ("Dasar", "Peraturan Menteri PANRB Nomor 35 Tahun 2012")),
        tables=(table,), signatures=(Signature("Penilai,", ""),), place_date=BLANK_PLACE_DATE,
        timezone=form.timezone, generated_at=form.generated_at,
    )
