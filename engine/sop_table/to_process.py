"""An SOP table → a process folder (``process.bpmn`` with lanes and diagram, ``sop.json``, one form per step).

Rows run in order; a decision's "Ya" goes to the next row unless it names another, its "Tidak" where it says.
A decision row without its own Waktu is read from the activity above it (that step's form gets the yes/no
field the gateway's condition reads); one with a Waktu is a checking step of its own followed by the gateway.
Rows "bersamaan dengan" an earlier row run between a parallel fork and join. Where several flows meet,
:func:`engine.authoring.build_bpmn` draws a merging gateway, so no task is a hidden join. Every choice the
table does not state is written to ``assumptions``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from engine.authoring import (
    EndEvent,
    ExclusiveGateway,
    Flow,
    Node,
    ParallelGateway,
    ProcessSketch,
    StartEvent,
    UserTask,
    build_bpmn,
    sop_properties,
)
from engine.errors import DefinitionError
from engine.phrases import N_, Phrase
from engine.sop_table.forms import StepForm, slug, start_form, unique
from engine.sop_table.model import Activity, Problem, RoleInfo, SopTable, Target, UnitInfo
from engine.sop_table.sop_json import sop_document
from engine.timekeeping.durations import recurrence_period_from_sop_text


@dataclass
class BuiltProcess:
    """What is written to the folder."""

    key: str
    bpmn: str
    sop: dict[str, Any]
    forms: dict[str, dict[str, Any]]  # path in the folder → schema
    problems: list[Problem] = field(default_factory=list)
    #: The workbook's sheet it was read from and, when the workbook holds several SOPs, all their sheets and the
    #: Nama SOP of each.
    sheet: str = ""
    sheets: tuple[str, ...] = ()
    sheet_names: tuple[str, ...] = ()


@dataclass
class _Row:
    activity: Activity
    entry: str = ""  # the node a flow into this row enters
    exit: str = ""  # the node its outgoing flows leave
    task: str | None = None
    gateway: str | None = None
    form: StepForm | None = None  # the form of the step that answers this row's decision
    field: str = ""  # the yes/no field the gateway reads


def build_process(table: SopTable, roles: Sequence[RoleInfo], units: Sequence[UnitInfo] = (),
                  timezone: str = "Asia/Makassar", source: str = "") -> BuiltProcess:
    """Everything a process folder holds, or the problems that stop it (with sheet and row)."""
    problems: list[Problem] = []
    notes = list(table.assumptions)
    identity = table.identity
    key = identity.key or slug(identity.nama, 60) or "sop"
    if not identity.key:
        notes.append(f"Kode proses '{key}' dibuat dari Nama SOP.")
    role_by_name = {r.name: r for r in roles}
    taken: set[str] = {key, "mulai"}
    rows = [_Row(a) for a in table.activities]
    forms: dict[str, StepForm] = {}
    last_form: tuple[StepForm, str] | None = None
    nodes: list[Node] = []
    lane_of_first = rows[0].activity.role if rows else (table.roles[0] if table.roles else "Pelaksana")
    nodes.append(StartEvent("mulai", "Mulai", lane_of_first))
    for row in rows:
        a = row.activity
        base = a.code if a.code and a.code[0].isalpha() else slug(a.question if a.is_decision and not a.time
                                                                 else a.text, 40)
        if a.time is not None:
            row.task = unique(base, taken)
            form = StepForm(a.text)
            form.checklist(a.requirements)
            forms[row.task] = form
            nodes.append(UserTask(row.task, a.text, a.role, a.note or a.text, sop_properties(
                a.time.iso, a.time.text, a.requirements, a.output or None, f"forms/{row.task}.json",
                "calendar" if a.time.basis == "calendar" else None)))
            last_form = (form, row.task)
        if a.is_decision:
            row.gateway = unique(f"{row.task}_gw" if row.task else base, taken)
            if last_form is None:
                problems.append(Problem("Prosedur", N_("keputusan tanpa kegiatan di atasnya yang menjawabnya; beri "
                                                       "keputusan ini Waktu atau letakkan setelah sebuah kegiatan"),
                                        a.sheet_row, "Kegiatan"))
            else:
                row.form, answered_by = last_form
                row.field = row.form.decision(a.question)
                if row.task is None:
                    notes.append(f"Keputusan '{a.question}' (kegiatan {a.number}) dijawab pada langkah "
                                 f"'{answered_by}' dengan isian Ya/Tidak '{row.field}'.")
            nodes.append(ExclusiveGateway(row.gateway, a.question, a.role))
        row.entry = row.task or row.gateway or ""
        row.exit = row.gateway or row.task or ""
    for form_name, form in forms.items():
        form.outputs(next(r.activity.output for r in rows if r.task == form_name))
        form.note()
        notes += [f"Output langkah '{form_name}': {reading}." for reading in form.readings]
    flows, ends = _flows(rows, problems)
    nodes += ends
    lanes = [name for name in table.roles if any(n.lane == name for n in nodes)]
    for name in table.roles:
        if name not in role_by_name:
            problems.append(Problem("Prosedur", Phrase(N_("peran '%(name)s' tidak dikenal"), {"name": name}), 1))
    with_applicant = any(role_by_name.get(n) and role_by_name[n].external for n in lanes)
    start_schema, subject = start_form(identity.nama, with_applicant)
    schemas = {f"forms/{name}.json": form.schema() for name, form in forms.items()}
    schemas["forms/start.json"] = start_schema
    recurrence = _recurrence(table, timezone, problems, notes) if identity.jenis == "rutin" else None
    sop = sop_document(table, key, roles, units, notes, problems, source)
    sop["recurrence"] = recurrence
    sop["case"] = {"reference_prefix": sop.pop("_prefix"), "subject_field": subject,
                   "start_form": "forms/start.json"}
    bpmn = ""
    if not problems:
        sketch = ProcessSketch(key, identity.nama, lanes, nodes, flows, documentation=identity.nama)
        bpmn = build_bpmn(sketch)
    return BuiltProcess(key, bpmn, sop, schemas, problems)


def write_folder(built: BuiltProcess, root: Path, previous: Path | None = None) -> Path:
    """Write the folder ``root/<key>``. Revising the SOP in ``previous`` keeps what the table does not say
    (registers, the start form and case settings, a refined step form that still has the fields its decisions
    read)."""
    folder = root / built.key
    (folder / "forms").mkdir(parents=True, exist_ok=True)
    previous = previous or folder
    old_sop_file = previous / "sop.json"
    sop, forms = {**built.sop, "assumptions": list(built.sop.get("assumptions", []))}, dict(built.forms)
    if old_sop_file.is_file():
        old = json.loads(old_sop_file.read_text(encoding="utf-8"))
        for keep in ("registers", "case", "header", "layanan_publik", "biaya", "produk_layanan", "pengaduan"):
            if keep in old and (keep != "header" or not any(sop.get("header", {}).values())):
                sop[keep] = old[keep]
        for path, schema in built.forms.items():
            existing = previous / path
            if not existing.is_file():
                continue
            old_form = json.loads(existing.read_text(encoding="utf-8"))
            reads = [n for n, s in schema["properties"].items() if s.get("type") == "boolean"]
            if path.endswith("start.json") or all(n in old_form.get("required", []) for n in reads):
                forms[path] = old_form
                sop["assumptions"].append(f"Formulir {path} yang sudah ada dipertahankan.")
    (folder / "process.bpmn").write_text(built.bpmn, encoding="utf-8")
    (folder / "sop.json").write_text(json.dumps(sop, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for path, schema in forms.items():
        (folder / path).write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def _flows(rows: list[_Row], problems: list[Problem]) -> tuple[list[Flow], list[Node]]:
    """Sequence flows between the rows (parallel blocks between a fork and a join) and the end events."""
    by_number = {r.activity.number: r for r in rows}
    blocks = _parallel_blocks(rows, problems)
    flows: list[Flow] = []
    ends: list[Node] = []
    fork_nodes: dict[int, tuple[str, str]] = {}
    for block in blocks:
        head = block[0]
        fork, join = f"cabang_{head.entry}", f"gabung_{head.entry}"
        fork_nodes[id(head)] = (fork, join)
        ends.append(ParallelGateway(fork, "", head.activity.role))
        ends.append(ParallelGateway(join, "", head.activity.role))
    in_block = {id(r): b for b in blocks for r in b}

    def entry(row: _Row) -> str:
        block = in_block.get(id(row))
        if block is not None:
            if row is not block[0]:
                problems.append(Problem("Prosedur", N_("alur menuju kegiatan yang berjalan bersamaan selain yang "
                                                       "pertama"), row.activity.sheet_row, "Keterangan"))
            return fork_nodes[id(block[0])][0]
        return row.entry

    def end_of(source: str, target: Target, lane: str) -> str:
        """Each flow that ends the SOP gets its own end event (no two arrows into one circle)."""
        count = sum(isinstance(e, EndEvent) for e in ends)
        end_id = "selesai" if count == 0 else f"selesai_{count + 1}"
        ends.append(EndEvent(end_id, target.end_label or "Selesai", lane))
        return end_id

    def to(target: Target | None, index: int, lane: str, source: str) -> str:
        if target is None:
            return entry(rows[index + 1]) if index + 1 < len(rows) else end_of(source, Target(None), lane)
        if target.row is None:
            return end_of(source, target, lane)
        return entry(by_number[target.row]) if target.row in by_number else end_of(source, Target(None), lane)

    if rows:
        flows.append(Flow("mulai", entry(rows[0])))
    for index, row in enumerate(rows):
        a = row.activity
        block = in_block.get(id(row))
        if row.task and row.gateway:
            flows.append(Flow(row.task, row.gateway))
        if block is not None:
            fork, join = fork_nodes[id(block[0])]
            flows.append(Flow(fork, row.entry))
            flows.append(Flow(row.exit, join))
            if row is block[-1]:
                flows.append(Flow(join, to(a.goto, index, a.role, join)))
            continue
        if a.is_decision:
            if row.gateway is None or not row.field:
                continue
            yes = to(a.yes, index, a.role, row.gateway)
            no = to(a.no, index, a.role, row.gateway) if a.no is not None else None
            flows.append(Flow(row.gateway, yes, "Ya", condition=f"{row.field} == True"))
            if no is not None:
                flows.append(Flow(row.gateway, no, "Tidak", default=True))
        elif row.exit:
            flows.append(Flow(row.exit, to(a.goto, index, a.role, row.exit)))
    return flows, ends


def _parallel_blocks(rows: list[_Row], problems: list[Problem]) -> list[list[_Row]]:
    blocks: list[list[_Row]] = []
    for index, row in enumerate(rows):
        partner = row.activity.parallel_with
        if partner is None:
            continue
        previous = rows[index - 1] if index else None
        current = blocks[-1] if blocks and previous in blocks[-1] else None
        if current is None and previous is not None and previous.activity.number == partner:
            blocks.append([previous, row])
        elif current is not None and any(r.activity.number == partner for r in current):
            current.append(row)
        else:
            problems.append(Problem("Prosedur", Phrase(N_("'bersamaan dengan kegiatan %(partner)s': kegiatan yang "
                                                          "berjalan bersamaan harus berurutan langsung di tabel"),
                                                       {"partner": partner}), row.activity.sheet_row,
                                    "Keterangan"))
    for block in blocks:
        for row in block:
            if row.activity.is_decision or (row.activity.goto is not None and row is not block[-1]):
                problems.append(Problem("Prosedur", N_("kegiatan yang berjalan bersamaan tidak boleh berupa "
                                                       "keputusan atau mengalihkan alur"),
                                        row.activity.sheet_row, "Keterangan"))
    return blocks


def _recurrence(table: SopTable, timezone: str, problems: list[Problem], notes: list[str]
                ) -> dict[str, str] | None:
    identity = table.identity
    if not identity.frekuensi:
        problems.append(Problem(identity.sheet, N_("SOP Rutin tanpa Frekuensi; tulis mis. '2 Bulan Sekali'"), None,
                                "Frekuensi"))
        return None
    try:
        period = recurrence_period_from_sop_text(identity.frekuensi)
    except DefinitionError as error:
        problems.append(Problem(identity.sheet, error.problem_phrase, None, "Frekuensi"))
        return None
    first_day = identity.jadwal_mulai or identity.tanggal_efektif
    if not first_day:
        problems.append(Problem(identity.sheet, N_("SOP Rutin: isi Jadwal mulai (tanggal kasus pertama) atau Tanggal "
                                                "Efektif"), None, "Jadwal mulai"))
        return None
    first = datetime.combine(date.fromisoformat(first_day[:10]), time(8, 0), ZoneInfo(timezone))
    if not identity.jadwal_mulai:
        notes.append(f"Kasus rutin pertama dimulai {first.isoformat()} (Tanggal Efektif, pukul 08.00).")
    return {"text": identity.frekuensi, "interval": f"R/{first.isoformat()}/{period.to_iso8601()}"}
