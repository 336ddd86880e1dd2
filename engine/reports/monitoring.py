"""The SOP AP monitoring form (Permenpan RB 35/2012): one row per SOP, its assessment proposed from the
semester's figures for the evaluator to check, complete and initial.

Pure: the report use case (:func:`engine.services.reports.monitoring_form`) aggregates, this words the row.
"""

from __future__ import annotations

from engine.models import ProcessDefinition
from engine.reports.model import ASSESSMENT_BAD, ASSESSMENT_GOOD, GOOD_PRACTICE_SHARE, MonitoringRow
from engine.reports.text import percent


def monitoring_row(number: int, definition: ProcessDefinition, steps: list[tuple[str, int, int]],
                    cases: dict[str, int], open_now: tuple[int, int], semester: int, year: int) -> MonitoringRow:
    """``steps``: (step name, completions, late) per step; ``cases``: cases started by status word;
    ``open_now``: (open steps, of which overdue) when the form is made."""
    completions = sum(count for _, count, _ in steps)
    late = sum(count for _, _, count in steps)
    started = sum(cases.values())
    period = f"Semester {'I' if semester == 1 else 'II'} {year}"
    notes = [f"{period}: {started} kasus dimulai, {cases.get('completed', 0)} selesai, "
             f"{cases.get('cancelled', 0)} dibatalkan, {cases.get('active', 0)} masih berjalan."]
    action: list[str] = []
    if completions:
        share = (completions - late) / completions
        assessment = ASSESSMENT_GOOD if share >= GOOD_PRACTICE_SHARE else ASSESSMENT_BAD
        notes.append(f"{completions - late} dari {completions} langkah selesai tepat waktu ({percent(share)}).")
        worst = max(steps, key=lambda s: (s[2] / s[1] if s[1] else 0, s[2]))
        if worst[2]:
            notes.append(f"Langkah paling sering terlambat: '{worst[0]}' ({worst[2]} dari {worst[1]}).")
            if assessment == ASSESSMENT_BAD:
                action.append(f"Tinjau langkah '{worst[0]}': waktu standar, beban kerja dan pembagian tugas pelaksana.")
    else:
        assessment = ""
        notes.append("Belum ada langkah yang diselesaikan melalui Alur pada semester ini.")
        action.append("Pastikan SOP ini dijalankan dan dicatat melalui Alur.")
    if open_now[0]:
        notes.append(f"Saat formulir dibuat: {open_now[0]} langkah terbuka, {open_now[1]} melewati batas waktu.")
        if open_now[1]:
            action.append(f"Selesaikan {open_now[1]} langkah yang melewati batas waktu.")
    return MonitoringRow(
        number=number, process_key=definition.key, procedure=definition.name, nomor_sop=definition.nomor_sop or None,
        assessment=assessment, notes=" ".join(notes), action=" ".join(action), completions=completions, late=late,
        cases_started=started, cases_completed=cases.get("completed", 0), cases_cancelled=cases.get("cancelled", 0),
        open_now=int(open_now[0]), overdue_now=int(open_now[1]),
    )
