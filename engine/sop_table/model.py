"""The SOP AP table as plain data: the identity part and the activities of the flowchart table.

This is what an office writes (the workbook of :mod:`engine.sop_table.reader`) and what Alur prints back
(:mod:`engine.sop_table.from_process`); :mod:`engine.sop_table.to_process` turns it into a process folder.
Nothing here knows about BPMN, openpyxl or the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from engine.phrases import N_, Phrase, phrase_of

Kind = Literal["activity", "decision"]


@dataclass(frozen=True)
class Target:
    """Where a flow goes: an activity by its number (``No``) or the end of the SOP (``row`` None)."""

    row: int | None
    #: For an end: how the SOP ends there ("Permohonan dikembalikan kepada pemohon"); "" for plain "Selesai".
    end_label: str = ""

    @property
    def is_end(self) -> bool:
        return self.row is None

    def words(self) -> str:
        """How the table writes it: ``5`` or ``Selesai`` / ``Selesai: <label>``."""
        if self.row is not None:
            return str(self.row)
        return f"Selesai: {self.end_label}" if self.end_label else "Selesai"


END = Target(None)


@dataclass(frozen=True)
class StandardTime:
    """The Waktu of an activity: as written, and as an ISO 8601 duration counted on a basis."""

    text: str
    iso: str
    basis: Literal["working", "calendar"] = "working"


@dataclass
class Activity:
    """One row of the flowchart table."""

    number: int
    text: str
    role: str  # the role's name as the roles table knows it (its lane)
    kind: Kind = "activity"
    requirements: list[str] = field(default_factory=list)
    time: StandardTime | None = None
    output: str = ""
    note: str = ""  # the Keterangan without the words that say where the flow goes
    #: A decision's exits; ``yes`` None means "the next row".
    yes: Target | None = None
    no: Target | None = None
    #: The question a decision asks ("Berkas lengkap?"); derived from the text or the decision wording.
    question: str = ""
    #: For an activity: where the flow goes instead of the next row ("lanjut ke kegiatan 7", "selesai").
    goto: Target | None = None
    #: Runs at the same time as this earlier row ("bersamaan dengan kegiatan 2").
    parallel_with: int | None = None
    #: The element id (the exported workbook's "Kode" column); generated from the text when empty.
    code: str = ""
    #: Where the row is in the workbook (for problems found after reading).
    sheet_row: int | None = None

    @property
    def is_decision(self) -> bool:
        return self.kind == "decision"


@dataclass
class Approval:
    """Disahkan oleh: the position, the name and the NIP of the official who signs the SOP."""

    jabatan: str = ""
    nama: str = ""
    nip: str = ""


@dataclass
class Identity:
    """The identity part of the SOP AP form, and the few settings Alur needs to run it."""

    nama: str = ""
    nomor: str = ""
    tanggal_pembuatan: str | None = None  # ISO dates
    tanggal_revisi: str | None = None
    tanggal_efektif: str | None = None
    disahkan_oleh: Approval = field(default_factory=Approval)
    pemerintah: str = ""
    instansi: str = ""
    unit: str = ""  # the Bidang (or the one unit named)
    seksi: str = ""  # the Seksi under it, when the SOP names one
    alamat: str = ""
    dasar_hukum: list[str] = field(default_factory=list)
    kualifikasi_pelaksana: list[str] = field(default_factory=list)
    keterkaitan: list[str] = field(default_factory=list)
    peralatan_perlengkapan: list[str] = field(default_factory=list)
    peringatan: list[str] = field(default_factory=list)
    pencatatan_pendataan: list[str] = field(default_factory=list)
    jenis: Literal["biasa", "rutin"] = "biasa"
    frekuensi: str = ""  # "2 Bulan Sekali"
    jadwal_mulai: str | None = None  # first start of a routine SOP, ISO date-time
    key: str = ""  # Kode proses (folder name); derived from the Nama SOP when empty
    office_code: str = ""
    unit_code: str = ""
    starter_roles: list[str] = field(default_factory=list)  # role names: "Dimulai oleh"
    reference_prefix: str = ""
    #: The sheet it was read from (the Identitas sheet, or the one sheet whose rows above the table hold it): where
    #: a problem with it is said to be.
    sheet: str = "Identitas"


@dataclass
class SopTable:
    """An SOP as its table says it: identity, the roles in column order, and the activities in order."""

    identity: Identity
    roles: list[str]
    activities: list[Activity]
    #: What the reader had to assume (a fuzzy role name, "2 x 24 jam" read as 2 calendar days …).
    assumptions: list[str] = field(default_factory=list)
    #: The sheet the procedure table was read from, and every sheet holding one when the workbook holds several
    #: SOPs (a Bidang's SOPs, one per sheet; a document's flowchart tables), with the Nama SOP each gives ('' when
    #: none), to choose by; empty when it holds one.
    sheet: str = ""
    sheets: tuple[str, ...] = ()
    sheet_names: tuple[str, ...] = ()

    def activity(self, number: int) -> Activity | None:
        return next((a for a in self.activities if a.number == number), None)


@dataclass(frozen=True)
class RoleInfo:
    """A role of the roles table, as the import needs it (roles are data)."""

    code: str
    name: str
    external: bool = False
    recorded_by: str | None = None


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the workbook, said where it is: sheet, row, column."""

    sheet: str
    message: str | Phrase
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        return str(self.phrase)

    @property
    def phrase(self) -> Phrase:
        """ "Prosedur baris 7, kolom Waktu: …" as a phrase, for the import page in the reader's language."""
        params: dict[str, str | int | Phrase] = {"sheet": self.sheet, "problem": phrase_of(self.message)}
        if self.row and self.column:
            key = N_("%(sheet)s baris %(row)s, kolom %(column)s: %(problem)s")
        elif self.row:
            key = N_("%(sheet)s baris %(row)s: %(problem)s")
        elif self.column:
            key = N_("%(sheet)s, kolom %(column)s: %(problem)s")
        else:
            key = N_("%(sheet)s: %(problem)s")
        return Phrase(key, {**params, "row": self.row or "", "column": self.column or ""})


@dataclass(frozen=True)
class UnitInfo:
    """A unit of the office tree, so that an imported SOP is routed to the unit its staff are in."""

    code: str
    name: str
    kind: str  # office, division, section
    parent_code: str | None = None
