"""Importing an SOP workbook from the web: check the upload, preview what it gives, save it as a draft version.

Why: an office revises its SOPs as the SOP AP table (export, edit, import). An administrator uploads the workbook,
sees every problem (sheet, row, column) or a preview (the diagram, the steps with roles and times, what changes
against the version in force), and saves it as a draft, which the Kadis then approves
(:mod:`engine.services.process_versions`). Nothing here reads a workbook itself: reading, building and checking
are :mod:`engine.sop_table`'s (``import_workbook``), written into a scratch folder, never into ``processes/``.
A revision keeps what the table does not say (registers, case settings, refined forms) from the version in force,
as the CLI keeps it from the folder it replaces.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import access
from engine.db import Database
from engine.definitions.loader import ProcessBundle, StepBundle
from engine.diagrams import render_svg
from engine.errors import NotFound, ValidationFailed
from engine.labels import role_names
from engine.models import ProcessDefinition, ProcessStep
from engine.phrases import N_, Phrase
from engine.services.common import load_actor
from engine.services.definitions import SyncResult, check_processes, same_content, sync_processes
from engine.sop_table.documents.ods import MIMETYPE as ODS
from engine.sop_table.documents.odt import MIMETYPE as ODT
from engine.sop_table.documents.pdf import starts_as_pdf
from engine.sop_table.service import built_process, export_workbook, import_workbook, write_template
from engine.sop_table.to_process import BuiltProcess

#: An SOP is a few dozen rows; a book of an office's SOPs, each with its letterhead's logo, a few MB: 10 MB is above
#: any, and far below what would tire the server (what it unpacks to is bounded on its own).
MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
#: Unpacked, an XLSX or DOCX is XML: a file that unpacks past this is refused before it is read (a zip bomb).
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"


def check_workbook_upload(filename: str, content: bytes) -> str:
    """An uploaded SOP table may be read: an XLSX workbook, a LibreOffice Calc spreadsheet (.ods), a Word document
    (.docx, the SOP AP as most offices write it), a LibreOffice Writer document (.odt) or a PDF (the signed SOP AP,
    often all an office still has), told by its content (a ZIP holding ``xl/workbook.xml``, ``word/document.xml`` or
    an OpenDocument ``mimetype``, or a PDF header), not too big packed or unpacked. Returns its kind (".xlsx", ".ods",
    ".docx", ".odt" or ".pdf"); otherwise ValidationFailed on the field ``file``, in Indonesian."""
    if not content:
        raise ValidationFailed(N_("Belum ada berkas."),
                               {"file": N_("Pilih berkas tabel SOP (.xlsx atau .ods) atau dokumen SOP AP (.docx, "
                                           ".odt atau .pdf) yang akan diimpor.")})
    if len(content) > MAX_WORKBOOK_BYTES:
        raise ValidationFailed(N_("Berkas terlalu besar."), {
            "file": Phrase(N_("Berkas terlalu besar; tabel SOP paling besar %(max_workbook_bytes)s MB."),
                           {"max_workbook_bytes": MAX_WORKBOOK_BYTES // (1024 * 1024)})})
    kind = ".pdf" if starts_as_pdf(content) else _packed_kind(content)
    if not filename.lower().endswith(kind):
        raise ValidationFailed(N_("Nama berkas tidak sesuai."), {
            "file": Phrase(N_("Isi berkas adalah %(kind)s; nama berkas harus berakhiran %(kind)s."), {"kind": kind})})
    return kind


def _packed_kind(content: bytes) -> str:
    """".xlsx", ".ods", ".docx" or ".odt" for a ZIP that is one and is not too big unpacked (a zip bomb); else
    ValidationFailed."""
    unreadable = ValidationFailed(N_("Bukan tabel SOP XLSX atau ODS, dokumen Word, dokumen Writer atau PDF."), {
        "file": N_("Berkas bukan buku kerja Excel .xlsx, lembar kerja LibreOffice Calc .ods, dokumen Word .docx, "
                   "dokumen LibreOffice Writer .odt atau PDF (diperiksa dari isinya). Simpan SOP sebagai \"Excel "
                   "Workbook (.xlsx)\", \"Word Document (.docx)\" atau PDF, atau unduh templat dengan: alur sop "
                   "template FILE.xlsx")})
    if not content.startswith(_ZIP_MAGIC):
        raise unreadable
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
            opendocument = archive.read("mimetype").strip() if "content.xml" in names and "mimetype" in names and \
                archive.getinfo("mimetype").file_size < 100 else b""
    except (zipfile.BadZipFile, OSError, ValueError):
        raise unreadable from None
    kind = (".xlsx" if "xl/workbook.xml" in names else ".ods" if opendocument == ODS.encode() else
            ".docx" if "word/document.xml" in names else ".odt" if opendocument == ODT.encode() else None)
    if kind is None:
        raise unreadable
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
        raise ValidationFailed(N_("Berkas terlalu besar."), {"file": N_("Isi berkas terlalu besar untuk sebuah "
                                                                    "tabel SOP; hapus lembar, gambar atau halaman "
                                                                    "lain selain identitas dan prosedur.")})
    return kind


@dataclass(frozen=True)
class StepLine:
    """A step as the preview lists it."""

    position: int
    element_id: str
    name: str
    role: str
    #: The external party the step is done by ("Pemohon"), recorded by ``role``; "" for an internal step.
    on_behalf_of: str
    time: str
    standard_duration: str
    requirements: tuple[str, ...]
    output: str


@dataclass(frozen=True)
class FieldChange:
    #: ``name``, ``role``, ``time``, ``requirements`` or ``output`` (the page names them).
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class StepChange:
    #: ``added``, ``removed`` or ``changed``.
    change: str
    name: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class ImportPreview:
    key: str
    name: str
    nomor_sop: str
    tanggal_efektif: str | None
    #: The version new cases start on now, if the SOP is registered at all; the changes are against it.
    version_in_force: int | None
    steps: tuple[StepLine, ...]
    changes: tuple[StepChange, ...]
    #: True when the workbook gives exactly the version in force (saving registers nothing).
    same_as_in_force: bool
    assumptions: tuple[str, ...]
    diagram_svg: str
    #: The sheet read and, when the workbook holds several SOPs (one per sheet; a document's flowchart tables), all
    #: their sheets to choose from, with the Nama SOP of each.
    sheet: str = ""
    sheets: tuple[str, ...] = ()
    sheet_names: tuple[str, ...] = ()


def preview_workbook(db: Database, actor_id: int, path: Path, sheet: str | None = None) -> ImportPreview:
    """What saving ``path`` (its ``sheet``, in a workbook of several SOPs) would register, against the version in
    force; every problem of the workbook (and of the process it gives) raised at once as
    :class:`~engine.sop_table.service.SopTableInvalid`. Writes nothing."""
    require_importer(db, actor_id)
    with _checked_bundle(db, path, sheet) as (bundle, built):
        with db.transaction(write=False) as session:
            names = role_names(session)
            current = _in_force(session, bundle.key)
            in_force = (current.version, same_content(current, bundle)) if current else None
            before = tuple(_line(step, names) for step in current.steps) if current else ()
        steps = tuple(_line(step, names) for step in bundle.steps)
        return ImportPreview(
            key=bundle.key, name=bundle.name, nomor_sop=str(bundle.sop.get("nomor_sop") or ""),
            tanggal_efektif=bundle.sop.get("tanggal_efektif") or None,
            version_in_force=in_force[0] if in_force else None, steps=steps,
            changes=tuple(step_changes(before, steps)) if in_force else (),
            same_as_in_force=in_force is not None and in_force[1],
            assumptions=tuple(str(a) for a in bundle.sop.get("assumptions") or ()),
            diagram_svg=render_svg(bundle.bpmn_xml, title=bundle.name), sheet=built.sheet, sheets=built.sheets,
            sheet_names=built.sheet_names,
        )


@dataclass(frozen=True)
class SavedDraft:
    """What "Simpan sebagai draf" registered: the sync's result, and the SOP's name to say it by."""

    synced: SyncResult
    name: str


def save_workbook_as_draft(db: Database, actor_id: int, path: Path, sheet: str | None = None) -> SavedDraft:
    """Register ``path`` (its ``sheet``, in a workbook of several SOPs) as a draft version (the Kadis approves it);
    the same checks as the preview, then one transaction. The same content as the version in force, or as a waiting
    draft, registers nothing new."""
    require_importer(db, actor_id)
    with _checked_bundle(db, path, sheet) as (bundle, _built):
        return SavedDraft(sync_processes(db, bundle.folder, as_draft=True)[0], bundle.name)


def require_importer(db: Database, actor_id: int) -> None:
    """Refused (NotAuthorized) unless this person may import SOP workbooks (an administrator)."""
    with db.transaction(write=False) as session:
        access.may_import_sop(load_actor(session, actor_id)).enforce()


def export_workbook_file(db: Database, actor_id: int, key: str) -> tuple[str, bytes]:
    """The SOP in force as its SOP AP table (file name, XLSX bytes), for a revision: export, edit, import.
    Whoever may read the catalogue may download it."""
    with db.transaction(write=False) as session:
        load_actor(session, actor_id)
        definition = _in_force(session, key)
        if definition is None:
            raise NotFound(N_("Proses '%(key)s' tidak ditemukan atau belum berlaku."), key=key)
        version = definition.version
    with tempfile.TemporaryDirectory(prefix="alur-sop-export-") as scratch:
        target = Path(scratch) / "sop.xlsx"
        export_workbook(db, key, target)
        return f"tabel-SOP-{key}-versi-{version}.xlsx", target.read_bytes()


@contextmanager
def _checked_bundle(db: Database, path: Path, sheet: str | None) -> Iterator[tuple[ProcessBundle, BuiltProcess]]:
    """The workbook read, built and checked by engine.sop_table into a scratch folder (gone afterwards)."""
    built = built_process(db, path, sheet)
    with tempfile.TemporaryDirectory(prefix="alur-sop-web-") as scratch:
        root = Path(scratch)
        with db.transaction(write=False) as session:
            current = _in_force(session, built.key) or _newest(session, built.key)
            if current is not None:  # what a revision keeps comes from the version it revises
                _write_previous(current, root / built.key)
        result = import_workbook(db, path, root, sheet=sheet)
        yield check_processes(db, result.folder)[0], built


def _in_force(session: Session, key: str) -> ProcessDefinition | None:
    return session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == key, ProcessDefinition.is_latest))


def _newest(session: Session, key: str) -> ProcessDefinition | None:
    return session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == key)
                          .order_by(ProcessDefinition.version.desc()).limit(1))


def _write_previous(definition: ProcessDefinition, folder: Path) -> None:
    (folder / "forms").mkdir(parents=True)
    (folder / "sop.json").write_text(json.dumps(definition.sop, ensure_ascii=False), encoding="utf-8")
    (folder / "process.bpmn").write_text(definition.bpmn_xml, encoding="utf-8")
    for name, schema in definition.forms.items():
        target = (folder / name).resolve()
        if target.parent == (folder / "forms").resolve():  # forms/<name>.json, nothing else
            target.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")


def _line(step: StepBundle | ProcessStep, names: dict[str, str]) -> StepLine:
    lane = step.performer_role_code or step.role_code
    return StepLine(
        position=step.position, element_id=step.element_id, name=step.name,
        role=names.get(step.role_code, step.role_code),
        on_behalf_of=names.get(lane, lane) if step.performer_role_code else "",
        time=step.standard_time_text or step.standard_duration, standard_duration=step.standard_duration,
        requirements=tuple(step.requirements), output=step.output or "",
    )


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def step_changes(before: tuple[StepLine, ...], after: tuple[StepLine, ...]) -> list[StepChange]:
    """Steps added, removed and changed (name, role, time, requirements, output), matched by element id, then by
    name: a revision written as a table keeps neither ids nor always names, so both are tried."""
    old_by_id = {s.element_id: s for s in before}
    old_by_name = {_key(s.name): s for s in before}
    matched: set[str] = set()
    changes: list[StepChange] = []
    for new in after:
        old = old_by_id.get(new.element_id)
        if old is None or old.element_id in matched:
            old = old_by_name.get(_key(new.name))
        if old is None or old.element_id in matched:
            changes.append(StepChange("added", new.name))
            continue
        matched.add(old.element_id)
        fields = tuple(change for change in (
            _field("name", old.name, new.name),
            _field("role", _role_words(old), _role_words(new)),
            FieldChange("time", old.time, new.time) if old.standard_duration != new.standard_duration else None,
            _field("requirements", "; ".join(old.requirements), "; ".join(new.requirements)),
            _field("output", old.output, new.output),
        ) if change is not None)
        if fields:
            changes.append(StepChange("changed", new.name, fields))
    changes.extend(StepChange("removed", old.name) for old in before if old.element_id not in matched)
    return changes


def _role_words(step: StepLine) -> str:
    return f"{step.on_behalf_of} (dicatat oleh {step.role})" if step.on_behalf_of else step.role


def _field(name: str, before: str, after: str) -> FieldChange | None:
    return FieldChange(name, before, after) if " ".join(before.split()) != " ".join(after.split()) else None


def template_workbook_file(db: Database, actor_id: int) -> tuple[str, bytes]:
    """The empty SOP AP workbook (file name, XLSX bytes) with this office's roles, for whoever may import one:
    a new SOP starts there, as with ``alur sop template``."""
    require_importer(db, actor_id)
    with tempfile.TemporaryDirectory(prefix="alur-sop-template-") as scratch:
        target = Path(scratch) / "templat.xlsx"
        write_template(db, target)
        return "templat-tabel-SOP.xlsx", target.read_bytes()
