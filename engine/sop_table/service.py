"""The use cases of the SOP table: the empty template, import (with an optional publish) and export.

Import validates everything before anything is written: the workbook (every problem with sheet, row and
column), then the process folder it gives, checked in a scratch folder by everything sync checks (the dry run
of every branch included). Only then is the folder written under the processes folder and, with ``publish``,
synced as a new version. A whole book of SOPs is imported the same way, every SOP checked before any is written.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select

from engine.db import Database
from engine.definitions.loader import ProcessLoadFailed
from engine.errors import ValidationFailed
from engine.models import ProcessDefinition, Role, Unit
from engine.phrases import N_, Phrase
from engine.services.definitions import SyncResult, check_processes, latest_definition, sync_processes
from engine.sop_table.from_process import table_from_process
from engine.sop_table.model import Problem, RoleInfo, UnitInfo
from engine.sop_table.reader import read_workbook
from engine.sop_table.template import write_workbook
from engine.sop_table.to_process import BuiltProcess, build_process, write_folder


class SopTableInvalid(ValidationFailed):
    """The workbook (or the process it gives) has problems; nothing was written."""

    def __init__(self, problems: list[Problem], *, sheet: str = "", sheets: tuple[str, ...] = (),
                 sheet_names: tuple[str, ...] = ()) -> None:
        lines = "\n".join(f"- {p}" for p in problems)
        super().__init__(f"{len(problems)} masalah pada tabel SOP; tidak ada yang ditulis:\n{lines}")
        self.problems = problems
        #: As :class:`ImportResult`'s: the sheet read, and all of a workbook of several SOPs (another may be fine).
        self.sheet = sheet
        self.sheets = sheets
        self.sheet_names = sheet_names


@dataclass(frozen=True)
class ImportResult:
    key: str
    folder: Path
    steps: int
    assumptions: list[str]
    published: SyncResult | None
    #: The sheet read and, when the workbook holds several SOPs, every sheet holding one (the CLI says how to
    #: import the others).
    sheet: str = ""
    sheets: tuple[str, ...] = ()
    sheet_names: tuple[str, ...] = ()


def known_roles(db: Database) -> list[RoleInfo]:
    """The roles table (roles are data; external parties such as Pemohon included when defined)."""
    with db.transaction(write=False) as session:
        return [RoleInfo(r.code, r.name, bool(getattr(r, "is_external", False)), getattr(r, "recorded_by_code", None))
                for r in session.scalars(select(Role).order_by(Role.escalation_rank.is_(None), Role.escalation_rank,
                                                               Role.code)) if not r.is_admin]


def known_units(db: Database) -> list[UnitInfo]:
    with db.transaction(write=False) as session:
        units = list(session.scalars(select(Unit)))
        by_id = {u.id: u for u in units}
        return [UnitInfo(u.code, u.name, str(getattr(u.kind, "value", u.kind)),
                         by_id[u.parent_id].code if u.parent_id in by_id else None) for u in units]


def built_process(db: Database, path: Path, sheet: str | None = None) -> BuiltProcess:
    """The workbook read (its ``sheet``, when it holds several SOPs) and turned into a process against the office's
    roles and units; every problem of either step raised together as :class:`SopTableInvalid`."""
    roles = known_roles(db)
    table, problems = read_workbook(path, roles, sheet=sheet)
    if table is None or problems:
        raise SopTableInvalid(problems, sheet=table.sheet if table else "", sheets=table.sheets if table else (),
                              sheet_names=table.sheet_names if table else ())
    built = build_process(table, roles, known_units(db), db.timezone, source=f"tabel SOP {Path(path).name}")
    if built.problems:
        raise SopTableInvalid(built.problems, sheet=table.sheet, sheets=table.sheets, sheet_names=table.sheet_names)
    built.sheet, built.sheets, built.sheet_names = table.sheet, table.sheets, table.sheet_names
    return built


def write_template(db: Database, path: Path) -> None:
    """The empty workbook: instructions, the Identitas and Prosedur sheets with drop-downs, a filled model."""
    write_workbook(path, known_roles(db))


def import_workbook(db: Database, path: Path, out_root: Path, *, publish: bool = False,
                    in_force: bool = False, sheet: str | None = None) -> ImportResult:
    """Turn a workbook into a process folder under ``out_root``; all problems of the workbook and of the process
    it gives are raised together as :class:`SopTableInvalid`.

    With ``publish`` the folder is registered as a draft version that the Kadis approves (Permenpan RB 35/2012:
    an SOP takes effect once it is signed); ``in_force`` is the operator's deploy path, like
    ``alur processes sync``, and puts the version in force at once. ``sheet``: which SOP of a workbook of several."""
    with tempfile.TemporaryDirectory(prefix="alur-sop-") as scratch:
        return _written(db, *_checked(db, path, out_root, sheet, Path(scratch)), out_root, publish, in_force)


def import_book(db: Database, path: Path, out_root: Path, *, publish: bool = False,
                in_force: bool = False) -> list[ImportResult]:
    """Every SOP of a book (a workbook of one SOP per sheet, a document of one per flowchart table), each as
    :func:`import_workbook` does it, and all of them checked before any is written: every problem of every SOP is
    raised together as :class:`SopTableInvalid`, each named by its SOP's sheet, and nothing is written."""
    table, problems = read_workbook(path, known_roles(db))
    if table is None:
        raise SopTableInvalid(problems)
    sheets: tuple[str | None, ...] = table.sheets or (None,)
    problems, keys, checked = [], dict[str, str](), []
    with tempfile.TemporaryDirectory(prefix="alur-sop-book-") as scratch:
        for number, sheet in enumerate(sheets):
            try:
                built, trial = _checked(db, path, out_root, sheet, Path(scratch) / str(number))
            except SopTableInvalid as invalid:
                problems += [p if sheet is None or p.sheet.startswith(sheet)
                             else replace(p, sheet=f"{sheet}: {p.sheet}") for p in invalid.problems]
                continue
            if built.key in keys:
                problems.append(Problem(sheet or built.sheet, Phrase(N_(
                    "kode proses '%(key)s' sudah dipakai SOP di %(other)s; beri setiap SOP Nama SOP atau Kode proses "
                    "sendiri"), {"key": built.key, "other": keys[built.key]}), None, "Kode proses"))
            keys[built.key] = sheet or built.sheet
            checked.append((built, trial))
        if problems:
            raise SopTableInvalid(problems, sheets=table.sheets, sheet_names=table.sheet_names)
        return [_written(db, built, trial, out_root, publish, in_force) for built, trial in checked]


def _written(db: Database, built: BuiltProcess, trial: Path, out_root: Path, publish: bool,
             in_force: bool) -> ImportResult:
    """A checked trial folder put in place under ``out_root`` and, with ``publish``, synced."""
    folder = _replace(trial, out_root / built.key)
    published = sync_processes(db, folder, as_draft=not in_force)[0] if publish else None
    steps = sum(1 for form in built.forms if not form.endswith("start.json"))
    return ImportResult(built.key, folder, steps, list(built.sop.get("assumptions", [])), published, built.sheet,
                        built.sheets, built.sheet_names)


def _checked(db: Database, path: Path, out_root: Path, sheet: str | None, scratch: Path) -> tuple[BuiltProcess, Path]:
    """The SOP of ``sheet`` read, built and written as a trial folder under ``scratch``, checked by everything sync
    checks (revising the folder under ``out_root``, if there is one); :class:`SopTableInvalid` with every problem."""
    built = built_process(db, path, sheet)
    trial = write_folder(built, scratch, previous=out_root / built.key)
    try:
        check_processes(db, trial)
    except ProcessLoadFailed as failed:
        raise SopTableInvalid([Problem("Hasil impor", p.problem_phrase if p.element_id is None
                                       else Phrase(N_("elemen %(element)s: %(problem)s"),
                                                   {"element": p.element_id, "problem": p.problem_phrase}))
                               for p in failed.problems], sheet=built.sheet, sheets=built.sheets,
                              sheet_names=built.sheet_names) from None
    return built, trial


def export_workbook(db: Database, key: str, path: Path) -> None:
    """Write the latest version of a registered SOP as the workbook, ready to be revised and imported."""
    with db.transaction(write=False) as session:
        definition: ProcessDefinition = latest_definition(session, key)
        bpmn_xml, sop = definition.bpmn_xml, dict(definition.sop)
    roles = known_roles(db)
    names = {r.code: r.name for r in roles} | {r.name: r.name for r in roles}
    table = table_from_process(bpmn_xml, sop, names)
    write_workbook(path, roles, table)


def _replace(trial: Path, folder: Path) -> Path:
    """Put the checked folder in place: its files replace the old ones; forms of steps that are gone go too."""
    (folder / "forms").mkdir(parents=True, exist_ok=True)
    kept = {p.name for p in (trial / "forms").iterdir()}
    for old in (folder / "forms").iterdir():
        if old.suffix == ".json" and old.name not in kept:
            old.unlink()
    for name in ("process.bpmn", "sop.json"):
        shutil.copyfile(trial / name, folder / name)
    for form in (trial / "forms").iterdir():
        shutil.copyfile(form, folder / "forms" / form.name)
    return folder
