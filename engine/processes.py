"""Reading SOP folders (``processes/<key>/``) into validated bundles, ready to register.

Everything is checked before anything is stored: a malformed BPMN, an unknown role, a step without a
standard time, a form that does not compile or an expression outside the allowed subset is reported
with the file, the element id and the problem (see ``processes/README.md`` for the format).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from engine import bpmn_elements, expressions, forms
from engine.durations import parse_iso8601, parse_recurrence
from engine.errors import AlurError, DefinitionError
from engine.reports.register_declaration import RegisterDeclarationError, parse_registers
from engine.runtime import ProcessSpec, parse_document

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"bpmn": BPMN_NS}
_RESERVED_IDS = {"Start", "End", "Root"}
_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,100}$")
_PREFIX_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{0,19}$")
_UNIT_KINDS = {"office", "division", "section"}


class ProcessLoadFailed(AlurError):
    """One or more SOP folders are invalid; nothing was registered."""

    def __init__(self, problems: list[DefinitionError]) -> None:
        lines = "\n".join(f"- {p.message}" for p in problems)
        super().__init__(f"{len(problems)} masalah pada definisi proses; tidak ada yang didaftarkan:\n{lines}")
        self.problems = problems


@dataclass(frozen=True)
class StepBundle:
    element_id: str
    position: int
    name: str
    documentation: str | None
    role_code: str
    standard_duration: str
    standard_time_text: str | None
    time_basis: str
    requirements: tuple[str, ...]
    output: str | None
    form_path: str | None


@dataclass(frozen=True)
class ProcessBundle:
    key: str
    folder: Path
    bpmn_xml: str
    sop: dict[str, Any]
    forms: dict[str, dict[str, Any]]
    steps: tuple[StepBundle, ...]
    checksum: str

    @property
    def name(self) -> str:
        return str(self.sop["nama"])


def discover(root: Path) -> list[Path]:
    """SOP folders under ``root`` (or ``root`` itself if it is one), skipping ``_`` and ``.`` folders."""
    if (root / "process.bpmn").exists():
        return [root]
    if not root.is_dir():
        raise ProcessLoadFailed([DefinitionError("folder proses tidak ditemukan", file=str(root))])
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def load_folders(root: Path, roles: Mapping[str, str]) -> list[ProcessBundle]:
    """Load and validate every SOP folder; raise :class:`ProcessLoadFailed` listing every problem.

    ``roles`` maps a lower-cased role name or code to the role's code.
    """
    bundles: list[ProcessBundle] = []
    problems: list[DefinitionError] = []
    for folder in discover(root):
        try:
            bundles.append(load_folder(folder, roles))
        except ProcessLoadFailed as failed:
            problems.extend(failed.problems)
        except DefinitionError as problem:
            problems.append(problem)
    seen: dict[str, Path] = {}
    for bundle in bundles:
        if bundle.key in seen:
            problems.append(DefinitionError(f"kunci proses '{bundle.key}' dipakai dua kali ({seen[bundle.key]})",
                                            file=str(bundle.folder / "sop.json")))
        seen[bundle.key] = bundle.folder
    if problems:
        raise ProcessLoadFailed(problems)
    if not bundles:
        raise ProcessLoadFailed([DefinitionError("tidak ada folder SOP yang ditemukan", file=str(root))])
    return bundles


def load_folder(folder: Path, roles: Mapping[str, str]) -> ProcessBundle:
    bpmn_file = folder / "process.bpmn"
    sop_file = folder / "sop.json"
    for required in (bpmn_file, sop_file):
        if not required.is_file():
            raise DefinitionError("berkas wajib tidak ada", file=str(required))
    sop = _read_json(sop_file)
    key = _check_sop(sop, folder, roles)

    bpmn_xml = bpmn_file.read_text(encoding="utf-8")
    bpmn_name = str(bpmn_file)
    document = _parse_xml(bpmn_xml, bpmn_name)
    process = _single_process(document, key, bpmn_name)
    _refuse_unsupported(process, bpmn_name)
    _check_conditions(process, bpmn_name)

    forms_by_path: dict[str, dict[str, Any]] = {}

    def form_at(relative: str, element_id: str | None) -> dict[str, Any]:
        if relative not in forms_by_path:
            path = (folder / relative).resolve()
            if folder.resolve() not in path.parents or not path.is_file():
                raise DefinitionError(f"berkas formulir '{relative}' tidak ditemukan", file=bpmn_name,
                                      element_id=element_id)
            schema = _read_json(path)
            forms.check_form_schema(schema, file=str(folder / relative))
            forms_by_path[relative] = schema
        return forms_by_path[relative]

    start_form = (sop.get("case") or {}).get("start_form")
    if start_form:
        schema = form_at(start_form, None)
        subject_field = sop["case"].get("subject_field")
        if subject_field and subject_field not in schema.get("properties", {}):
            raise DefinitionError(f"subject_field '{subject_field}' tidak ada di formulir awal", file=str(sop_file))

    spec = ProcessSpec(key, bpmn_xml, filename=bpmn_name)
    order = _flow_order(process)
    steps = []
    for info in spec.describe().user_tasks:
        where = {"file": bpmn_name, "element_id": info.element_id}
        if info.lane is None:
            raise DefinitionError("tugas pengguna tidak berada dalam lane peran mana pun", **where)
        role_code = roles.get(info.lane.strip().lower())
        if role_code is None:
            raise DefinitionError(f"lane '{info.lane}' tidak menyebut peran yang dikenal", **where)
        props = info.properties
        if not props.get("standard_duration"):
            raise DefinitionError("tugas pengguna tidak memiliki waktu standar (standard_duration)", **where)
        basis = props.get("time_basis", "working")
        if basis not in ("working", "calendar"):
            raise DefinitionError(f"time_basis '{basis}' harus 'working' atau 'calendar'", **where)
        try:
            duration = parse_iso8601(props["standard_duration"], basis=basis)
        except DefinitionError as error:
            raise DefinitionError(error.problem, **where) from error
        form_path = props.get("form")
        if form_path:
            form_at(form_path, info.element_id)
        requirements = tuple(
            value for name, value in sorted(props.items(), key=lambda kv: _requirement_number(kv[0]))
            if name.startswith("requirement.")
        )
        steps.append(StepBundle(
            element_id=info.element_id, position=order.get(info.element_id, len(order)), name=info.name,
            documentation=info.documentation or None, role_code=role_code,
            standard_duration=duration.to_iso8601(), standard_time_text=props.get("standard_time_text"),
            time_basis=basis, requirements=requirements, output=props.get("output"), form_path=form_path,
        ))
    if not steps:
        raise DefinitionError("proses tidak memiliki tugas pengguna", file=bpmn_name, element_id=key)
    steps.sort(key=lambda s: (s.position, s.element_id))
    steps = [StepBundle(**{**s.__dict__, "position": i}) for i, s in enumerate(steps, start=1)]

    checksum = hashlib.sha256()
    checksum.update(bpmn_xml.encode())
    checksum.update(json.dumps(sop, sort_keys=True).encode())
    checksum.update(json.dumps(forms_by_path, sort_keys=True).encode())
    return ProcessBundle(key=key, folder=folder, bpmn_xml=bpmn_xml, sop=sop, forms=forms_by_path,
                         steps=tuple(steps), checksum=checksum.hexdigest())


def _requirement_number(name: str) -> tuple[int, str]:
    suffix = name.rpartition(".")[2]
    return (int(suffix), name) if suffix.isdigit() else (10**6, name)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DefinitionError(f"JSON tidak valid (baris {error.lineno}): {error.msg}", file=str(path)) from error
    if not isinstance(value, dict):
        raise DefinitionError("isi berkas harus berupa objek JSON", file=str(path))
    return value


def _check_sop(sop: dict[str, Any], folder: Path, roles: Mapping[str, str]) -> str:
    file = str(folder / "sop.json")

    def fail(message: str) -> DefinitionError:
        return DefinitionError(message, file=file)

    key = sop.get("key")
    if not isinstance(key, str) or not _KEY_PATTERN.match(key):
        raise fail("'key' wajib diisi dengan huruf kecil, angka dan garis bawah")
    if key != folder.name:
        raise fail(f"'key' ({key}) harus sama dengan nama folder ({folder.name})")
    if not isinstance(sop.get("nama"), str) or not sop["nama"].strip():
        raise fail("'nama' (Nama SOP) wajib diisi")
    for field in ("office", "unit"):
        value = sop.get(field)
        if not isinstance(value, dict) or not value.get("code") or not value.get("name"):
            raise fail(f"'{field}' wajib memiliki 'code' dan 'name'")
    if sop["unit"].get("kind", "division") not in _UNIT_KINDS:
        raise fail("'unit.kind' harus office, division atau section")
    for field in ("dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peralatan_perlengkapan",
                  "peringatan", "pencatatan_pendataan", "assumptions"):
        if not isinstance(sop.get(field, []), list):
            raise fail(f"'{field}' harus berupa daftar")
    starters = sop.get("starter_roles")
    if not isinstance(starters, list) or not starters:
        raise fail("'starter_roles' wajib berisi minimal satu peran")
    for role in starters:
        if not isinstance(role, str) or role.lower() not in roles:
            raise fail(f"peran '{role}' pada starter_roles tidak dikenal")
    jenis = sop.get("jenis", "biasa")
    if jenis not in ("biasa", "rutin"):
        raise fail("'jenis' harus 'biasa' atau 'rutin'")
    recurrence = sop.get("recurrence")
    if jenis == "rutin" and not recurrence:
        raise fail("SOP rutin wajib memiliki 'recurrence'")
    if recurrence:
        if not isinstance(recurrence, dict) or not recurrence.get("interval"):
            raise fail("'recurrence' wajib memiliki 'interval' (ISO 8601, mis. R/2027-01-04T08:00:00+08:00/P2M)")
        try:
            parse_recurrence(recurrence["interval"])
        except DefinitionError as error:
            raise fail(error.problem) from error
    case = sop.get("case") or {}
    if not isinstance(case, dict):
        raise fail("'case' harus berupa objek")
    prefix = case.get("reference_prefix", "")
    if not isinstance(prefix, str) or not _PREFIX_PATTERN.match(prefix):
        raise fail("'case.reference_prefix' wajib berupa huruf kapital/angka, mis. NIB")
    _check_registers(sop, file)
    return key


def _check_registers(sop: Mapping[str, Any], file: str) -> None:
    """The registers the SOP feeds (``registers``, processes/README.md): refused with the entry named."""
    try:
        parse_registers(sop.get("registers"))
    except RegisterDeclarationError as error:
        raise DefinitionError(str(error), file=file) from error


def _parse_xml(text: str, file: str) -> etree._Element:
    """Parse without DTD, entities or processing instructions (refused by name, nothing fetched)."""
    return parse_document(text, file)


def _single_process(document: etree._Element, key: str, file: str) -> etree._Element:
    processes = document.findall("bpmn:process", NS)
    if len(processes) != 1:
        raise DefinitionError(f"harus berisi tepat satu bpmn:process (ada {len(processes)})", file=file)
    process = processes[0]
    if process.get("id") != key:
        raise DefinitionError(f"id proses harus '{key}' (sama dengan nama folder)", file=file,
                              element_id=process.get("id"))
    if document.find(".//bpmndi:BPMNDiagram", {"bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI"}) is None:
        raise DefinitionError("diagram (bpmndi:BPMNDiagram) tidak ada", file=file, element_id=key)
    return process


def _refuse_unsupported(process: etree._Element, file: str) -> None:
    """Check the whole document against the allow-list of :mod:`engine.bpmn_elements`; refuse reserved ids."""
    document = process.getroottree().getroot()
    bpmn_elements.check_document(document, file)
    for element in document.iter():
        if isinstance(element.tag, str) and element.get("id") in _RESERVED_IDS:
            raise DefinitionError(f"id '{element.get('id')}' dipakai SpiffWorkflow; pilih id lain", file=file,
                                  element_id=element.get("id"))


def _check_conditions(process: etree._Element, file: str) -> None:
    """Check every expression the allow-list leaves (sequence-flow conditions) with the restricted evaluator."""
    document = process.getroottree().getroot()
    for condition in document.iter(f"{{{BPMN_NS}}}conditionExpression"):
        owner = condition.getparent()
        element_id = owner.get("id") if owner is not None else None
        kind = condition.get(f"{{{bpmn_elements.XSI}}}type")
        if kind is not None and kind.rpartition(":")[2] != "tFormalExpression":
            raise DefinitionError(f"xsi:type kondisi harus bpmn:tFormalExpression, bukan '{kind}'", file=file,
                                  element_id=element_id)
        if len(condition):
            raise DefinitionError("kondisi hanya boleh berisi teks ekspresi", file=file, element_id=element_id)
        source = (condition.text or "").strip()
        if not source:
            raise DefinitionError("kondisi kosong", file=file, element_id=element_id)
        try:
            expressions.check_expression(source)
        except DefinitionError as error:
            raise DefinitionError(error.problem, file=file, element_id=element_id) from error


def _flow_order(process: etree._Element) -> dict[str, int]:
    """Breadth-first order of flow nodes from the start event: the order steps are listed in."""
    outgoing: dict[str, list[str]] = {}
    for flow in process.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        outgoing.setdefault(flow.get("sourceRef", ""), []).append(flow.get("targetRef", ""))
    starts = [e.get("id", "") for e in process.findall("bpmn:startEvent", NS)]
    order: dict[str, int] = {}
    queue = deque(starts)
    while queue:
        node = queue.popleft()
        if node in order:
            continue
        order[node] = len(order)
        queue.extend(outgoing.get(node, []))
    return order
