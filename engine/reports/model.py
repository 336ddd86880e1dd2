"""What the reports hold: plain, frozen records that the report use cases (:mod:`engine.services.reports`)
fill and the documents, charts, pages and API read.

Pure data and the words of the reports; no database access, no rendering.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from engine.models import ProcessDefinition
from engine.phrases import N_, Phrase
from engine.reports.exports import Table
from engine.reports.text import FieldValue
from engine.timekeeping.deadlines import working_time_words

Timeliness = Literal["late", "on_time"]
#: "Berjalan dengan baik" is proposed when at least this share of a semester's steps finished on time.
GOOD_PRACTICE_SHARE = 0.8
ASSESSMENT_GOOD = "Berjalan dengan baik"
ASSESSMENT_BAD = "Tidak berjalan dengan baik"




# --- shared pieces ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Approver:
    jabatan: str
    nama: str
    nip: str


@dataclass(frozen=True)
class SopIdentity:
    """The SOP's identity part as its sop.json gives it: what an office puts on the head of a report."""

    key: str
    name: str
    nomor_sop: str | None
    version: int
    unit_name: str
    office_name: str
    header_lines: tuple[str, ...]
    approver: Approver | None
    tanggal_efektif: str | None


def sop_identity(definition: ProcessDefinition) -> SopIdentity:
    sop = definition.sop or {}
    header = sop.get("header") or {}
    office = (sop.get("office") or {}).get("name") or ""
    lines = [str(header.get("pemerintah") or "").upper(), str(header.get("instansi") or office).upper(),
             str(header.get("alamat") or "")]
    approver = sop.get("disahkan_oleh") or {}
    if definition.approver_name:  # an approval recorded in Alur (with the signer's NIP) wins over sop.json's
        approver = {"jabatan": definition.approver_position, "nama": definition.approver_name,
                    "nip": definition.approver_nip}
    return SopIdentity(
        key=definition.key, name=definition.name, nomor_sop=definition.nomor_sop or None, version=definition.version,
        unit_name=definition.unit.name, office_name=office, header_lines=tuple(line for line in lines if line),
        approver=Approver(str(approver.get("jabatan") or ""), str(approver.get("nama") or ""),
                          str(approver.get("nip") or "")) if approver else None,
        tanggal_efektif=sop.get("tanggal_efektif"),
    )


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    depth: int = 0


@dataclass(frozen=True)
class ReportChoices:
    """What the report forms offer this person: SOPs and units they may report on."""

    processes: tuple[Choice, ...]
    units: tuple[Choice, ...]
    is_supervisor: bool

# --- the case archive ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ArchiveFilter:
    process_key: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    unit_code: str | None = None
    text: str = ""
    timeliness: Timeliness | None = None
    page: int = 1
    per_page: int = 25
    #: Keyset paging: the cases after this cursor (an ``ArchivePage.next_after``) instead of ``page``.
    after: str | None = None


@dataclass(frozen=True)
class ArchiveRow:
    id: int
    reference: str
    process_key: str
    process_name: str
    unit_name: str
    subject: str | None
    status: str
    outcome: str | None
    started_by: str | None
    started_at: datetime
    completed_at: datetime | None
    cancelled_at: datetime | None
    late_steps: int
    overdue_now: int

    @property
    def is_late(self) -> bool:
        return bool(self.late_steps or self.overdue_now)


@dataclass(frozen=True)
class ArchivePage:
    rows: tuple[ArchiveRow, ...]
    total: int
    page: int
    per_page: int
    filters: ArchiveFilter
    choices: ReportChoices
    #: ``total`` stopped counting at the cap ("1.000+"): there are more cases than it says.
    total_capped: bool = False
    #: The cursor of the next page (``ArchiveFilter.after``), None on the last one.
    next_after: str | None = None

    @property
    def pages(self) -> int:
        pages = max(1, -(-self.total // self.per_page))
        return max(pages, self.page + 1) if self.total_capped and len(self.rows) == self.per_page else pages


# --- the case history ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Holding:
    """Who held a step and for how long; ``how`` says how it came to them (Indonesian, as the exports write it),
    ``phrase`` the same for a page to translate."""

    person: str
    since: datetime
    until: datetime | None
    how: str
    phrase: Phrase | None = None


@dataclass(frozen=True)
class OverduePeriod:
    """From the moment the step was flagged overdue to its completion (or cancellation; None while open)."""

    flagged_at: datetime
    until: datetime | None
    late_working_minutes: int


@dataclass(frozen=True)
class FileRecord:
    id: int
    filename: str
    content_type: str
    size: int
    uploaded_by: str
    uploaded_at: datetime
    removed_at: datetime | None


@dataclass(frozen=True)
class HistoryStep:
    number: int
    task_id: int
    element_id: str
    name: str
    role_code: str
    status: str
    holder: str | None
    holders: tuple[Holding, ...]
    started_at: datetime
    claimed_at: datetime | None
    due_at: datetime
    completed_at: datetime | None
    completed_by: str | None
    cancelled_at: datetime | None
    standard_text: str
    standard_minutes: int
    actual_minutes: int
    finished_late: bool
    is_overdue_now: bool
    overdue: OverduePeriod | None
    reminders: int
    escalation_level: int
    data: tuple[FieldValue, ...]
    files: tuple[FileRecord, ...]

    @property
    def reassignments(self) -> int:
        return sum(1 for h in self.holders if h.how.startswith("dialihkan"))


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    label: str
    actor: str | None
    step_name: str | None
    detail: str


@dataclass(frozen=True)
class CommentRecord:
    at: datetime
    author: str
    step_name: str | None
    body: str


@dataclass(frozen=True)
class CaseHistory:
    id: int
    reference: str
    sop: SopIdentity
    unit_name: str
    subject: str | None
    status: str
    outcome: str | None
    started_by: str | None
    started_at: datetime
    completed_at: datetime | None
    cancelled_at: datetime | None
    cancelled_by: str | None
    cancel_reason: str | None
    start_data: tuple[FieldValue, ...]
    steps: tuple[HistoryStep, ...]
    timeline: tuple[TimelineEntry, ...]
    comments: tuple[CommentRecord, ...]
    case_files: tuple[FileRecord, ...]
    generated_at: datetime
    timezone: str
    day_minutes: int  # the office calendar's working day, for working time in words

    @property
    def late_steps(self) -> int:
        return sum(1 for s in self.steps if s.finished_late or s.is_overdue_now)

    @property
    def total_standard_minutes(self) -> int:
        return sum(s.standard_minutes for s in self.steps if s.status != "cancelled")

    @property
    def total_actual_minutes(self) -> int:
        return sum(s.actual_minutes for s in self.steps if s.status != "cancelled")

# --- SOP compliance --------------------------------------------------------------------------------------

class _OnTimeShare:
    """Completions, of which some late: how many and what share were on time."""

    completions: int
    late: int

    @property
    def on_time(self) -> int:
        return self.completions - self.late

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.completions if self.completions else None


@dataclass(frozen=True)
class StepCompliance(_OnTimeShare):
    element_id: str
    position: int
    name: str
    role_code: str
    standard_text: str
    completions: int
    late: int
    standard_minutes: float | None
    median_minutes: float | None
    p90_minutes: float | None
    open_now: int
    overdue_now: int

    @property
    def share_late(self) -> float | None:
        return self.late / self.completions if self.completions else None

    @property
    def median_ratio(self) -> float | None:
        if self.median_minutes is None or not self.standard_minutes:
            return None
        return self.median_minutes / self.standard_minutes


@dataclass(frozen=True)
class PersonCompliance(_OnTimeShare):
    user_id: int
    name: str
    completions: int
    late: int
    median_ratio: float | None
    open_now: int
    overdue_now: int


@dataclass(frozen=True)
class ComplianceTotals(_OnTimeShare):
    completions: int
    late: int
    open_now: int
    overdue_now: int
    cases_started: int
    cases_completed: int
    cases_cancelled: int
    cases_active: int


@dataclass(frozen=True)
class ComplianceReport:
    sop: SopIdentity
    date_from: date
    date_to: date
    unit_code: str | None
    unit_name: str
    steps: tuple[StepCompliance, ...]
    people: tuple[PersonCompliance, ...]
    totals: ComplianceTotals
    bpmn_xml: str = field(repr=False)
    generated_at: datetime
    timezone: str
    choices: ReportChoices
    day_minutes: int  # the office calendar's working day, for working time in words

    def heat(self) -> dict[str, float]:
        """Element id → share of completions that were late (0 on time … 1 always late)."""
        return {s.element_id: s.share_late for s in self.steps if s.share_late is not None}

    def heat_labels(self, say: Callable[[Phrase], str] = str) -> dict[str, str]:
        """Element id → "median 2 jam kerja", in the language of ``say``."""
        return {s.element_id: say(Phrase(N_("median %(time)s"),
                                         {"time": working_time_words(round(s.median_minutes), self.day_minutes)}))
                for s in self.steps if s.median_minutes is not None}


# --- registers -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Register:
    name: str
    title: str
    sop: SopIdentity | None
    header_lines: tuple[str, ...]
    date_from: date | None
    date_to: date | None
    unit_name: str
    summary: tuple[tuple[str, str], ...]
    tables: tuple[Table, ...]
    basis: str
    generated_at: datetime
    timezone: str
    #: Every register the SOPs declare (key and title), for the register pages' menu.
    registers: tuple[Choice, ...] = ()


# --- the semester monitoring form ------------------------------------------------------------------------

@dataclass(frozen=True)
class MonitoringRow(_OnTimeShare):
    number: int
    process_key: str
    procedure: str
    nomor_sop: str | None
    assessment: str  # ASSESSMENT_GOOD, ASSESSMENT_BAD, or "" when there is nothing to judge
    notes: str
    action: str
    completions: int
    late: int
    cases_started: int
    cases_completed: int
    cases_cancelled: int
    open_now: int
    overdue_now: int


@dataclass(frozen=True)
class MonitoringForm:
    year: int
    semester: int
    date_from: date
    date_to: date
    unit_name: str
    header_lines: tuple[str, ...]
    rows: tuple[MonitoringRow, ...]
    threshold: float
    generated_at: datetime
    timezone: str
    choices: ReportChoices

    @property
    def period_label(self) -> str:
        months = "Januari–Juni" if self.semester == 1 else "Juli–Desember"
        return f"Semester {'I' if self.semester == 1 else 'II'} ({months}) {self.year}"

