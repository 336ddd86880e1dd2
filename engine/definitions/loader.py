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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from engine import definitions, expressions
from engine.definitions import bpmn_elements
from engine.definitions.folder import FolderForms, read_json, start_form
from engine.definitions.roles import RoleBook, step_roles, unknown_lane_message
from engine.errors import AlurError, DefinitionError
from engine.phrases import N_, Phrase
from engine.reports.register_declaration import RegisterDeclarationError, parse_registers
from engine.runtime import ProcessSpec, parse_document
from engine.timekeeping.durations import parse_iso8601, parse_recurrence

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
    #: The external party whose lane the step is in (``role_code`` then records it; see engine.definitions.roles).
    performer_role_code: str | None = None


@dataclass(frozen=True)
class ProcessBundle:
    key: str
    folder: Path
    bpmn_xml: str
    sop: dict[str, Any]
    forms: dict[str, dict[str, Any]]
    steps: tuple[StepBundle, ...]
    checksum: str
    dry_run: definitions.DryRun | None = None

    @property
    def name(self) -> str:
        return str(self.sop["nama"])

    @property
    def content(self) -> str:
        """:func:`content_fingerprint` of this bundle."""
        return content_fingerprint(self.bpmn_xml, self.sop, self.forms,
                                   [(s.element_id, s.role_code, s.performer_role_code) for s in self.steps])


#: What sop.json says about how it was imported, not about the SOP: the file it came from, what the import assumed.
IMPORT_NOTES = frozenset({"assumptions", "source"})


def content_fingerprint(bpmn_xml: str, sop: Mapping[str, Any], forms: Mapping[str, Any],
                        steps: Sequence[tuple[str, str, str | None]]) -> str:
    """The SOP a version runs, without :data:`IMPORT_NOTES`: the same table uploaded again (under another file
    name, its notes read again) is the same SOP, not a new version. ``steps``: (element id, role, performing
    external party or None) of each step: who records an external party's steps is part of the version."""
    digest = hashlib.sha256()
    digest.update(bpmn_xml.encode())
    digest.update(json.dumps({k: v for k, v in sop.items() if k not in IMPORT_NOTES}, sort_keys=True).encode())
    digest.update(json.dumps(forms, sort_keys=True).encode())
    digest.update(json.dumps(sorted(step for step in steps if step[2])).encode())
    return digest.hexdigest()


def discover(root: Path) -> list[Path]:
    """SOP folders under ``root`` (or ``root`` itself if it is one), skipping ``_`` and ``.`` folders."""
    if (root / "process.bpmn").exists():
        return [root]
    if not root.is_dir():
        raise ProcessLoadFailed([DefinitionError(N_("folder proses tidak ditemukan"), file=str(root))])
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def load_folders(root: Path, roles: Mapping[str, str] | None) -> list[ProcessBundle]:
    """Load and check every SOP folder; raise :class:`ProcessLoadFailed` listing every problem of every folder.

    ``roles`` maps a lower-cased role name or code to the role's code (None: no database at hand, lanes and
    starter roles are not judged). Each folder that passes every other check is then walked by the dry run
    (:mod:`engine.definitions.walk`).
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
            problems.append(DefinitionError(N_("kunci proses '%(key)s' dipakai dua kali (%(key2)s)"),
                                            file=str(bundle.folder / "sop.json"),
                                            key=bundle.key, key2=seen[bundle.key]))
        seen[bundle.key] = bundle.folder
    if problems:
        raise ProcessLoadFailed(problems)
    if not bundles:
        raise ProcessLoadFailed([DefinitionError(N_("tidak ada folder SOP yang ditemukan"), file=str(root))])
    return bundles


def load_folder(folder: Path, roles: Mapping[str, str] | None) -> ProcessBundle:
    """Check one SOP folder completely (sop.json, every form, the BPMN's structure, paths, decisions and
    picture, then the dry run) and raise :class:`ProcessLoadFailed` with every problem found."""
    bpmn_file = folder / "process.bpmn"
    sop_file = folder / "sop.json"
    missing = [DefinitionError(N_("berkas wajib tidak ada"), file=str(p)) for p in (bpmn_file, sop_file)
               if not p.is_file()]
    if missing:
        raise ProcessLoadFailed(missing)
    problems: list[DefinitionError] = []
    try:
        sop = read_json(sop_file)
    except DefinitionError as problem:
        problems.append(problem)
        sop = {}
    if sop:
        problems += _check_sop(sop, folder, roles)
    key = folder.name  # sop.json's key must be the folder's name (checked above)

    bpmn_xml = bpmn_file.read_text(encoding="utf-8")
    bpmn_name = str(bpmn_file)
    try:
        document = _parse_xml(bpmn_xml, bpmn_name)
        process = _single_process(document, key, bpmn_name)
    except DefinitionError as problem:
        raise ProcessLoadFailed([*problems, problem]) from None
    model = definitions.read_process(document, process, bpmn_name)
    problems += definitions.extension_problems(document, model, set())
    refused: set[str] = set()
    for check in (_refuse_unsupported, _check_conditions):
        try:
            check(process, bpmn_name)
        except DefinitionError as problem:
            refused.add(problem.element_id or "")
            if not any(p.element_id == problem.element_id for p in problems):
                problems.append(problem)
    structure = definitions.structure_problems(model, refused)
    problems += structure
    loaded = FolderForms(folder, problems)
    start = start_form(loaded, sop, sop_file)
    step_forms = {node.id: (node.properties["form"], schema) for node in model.of_kind("userTask")
                  if node.properties.get("form")
                  and (schema := loaded.at(node.properties["form"], bpmn_name, node.id, node.line)) is not None}

    spec: ProcessSpec | None = None
    steps: list[StepBundle] = []
    if not structure and not refused:
        spec, steps = _steps(key, bpmn_xml, process, model, roles, problems)
    problems += definitions.meaning_problems(model, bpmn_xml, start, None if loaded.failed else step_forms,
                                             refused | {p.element_id or "" for p in structure})
    run = None
    if spec is not None and not problems:
        run = definitions.dry_run(spec, model, start, step_forms)
        problems += run.problems
    if problems:
        raise ProcessLoadFailed(problems)

    checksum = hashlib.sha256()
    checksum.update(bpmn_xml.encode())
    checksum.update(json.dumps(sop, sort_keys=True).encode())
    checksum.update(json.dumps(loaded.by_path, sort_keys=True).encode())
    recorded = [(s.element_id, s.role_code, s.performer_role_code) for s in steps if s.performer_role_code]
    if recorded:  # who records an external party's steps changed: a new version routes them anew
        checksum.update(json.dumps(recorded).encode())
    return ProcessBundle(key=key, folder=folder, bpmn_xml=bpmn_xml, sop=sop, forms=loaded.by_path,
                         steps=tuple(steps), checksum=checksum.hexdigest(), dry_run=run)


def _steps(key: str, bpmn_xml: str, process: etree._Element, model: definitions.ProcessModel,
           roles: Mapping[str, str] | None, problems: list[DefinitionError]
           ) -> tuple[ProcessSpec | None, list[StepBundle]]:
    """The parsed spec and the user tasks as steps; each step's problems (lane, role, standard time) collected."""
    try:
        spec = ProcessSpec(key, bpmn_xml, filename=model.file)
    except DefinitionError as problem:
        problems.append(problem)
        return None, []
    order = _flow_order(process)
    steps = []
    unknown_lanes: dict[str, list[str]] = {}
    for info in spec.describe().user_tasks:
        def fail(message: str | Phrase, element_id: str = info.element_id) -> None:
            problems.append(model.problem(message, element_id))

        role_code = None
        if info.lane is None:
            fail(N_("tugas pengguna tidak berada dalam lane peran mana pun; pindahkan ke lane perannya"))
        elif roles is None:
            role_code = info.lane.strip().lower()
        elif (role_code := roles.get(info.lane.strip().lower())) is None:
            unknown_lanes.setdefault(info.lane, []).append(info.element_id)
        props = info.properties
        basis = props.get("time_basis", "working")
        duration = None
        if basis not in ("working", "calendar"):
            fail(Phrase(N_("time_basis '%(basis)s' harus 'working' atau 'calendar'"), {"basis": basis}))
        elif not props.get("standard_duration"):
            fail(N_("tugas pengguna tidak memiliki waktu standar (standard_duration)"))
        else:
            try:
                duration = parse_iso8601(props["standard_duration"], basis=basis)
            except DefinitionError as error:
                fail(error.problem_phrase)
        if role_code is None or duration is None:
            continue
        requirements = tuple(
            value for name, value in sorted(props.items(), key=lambda kv: _requirement_number(kv[0]))
            if name.startswith("requirement.")
        )
        routed = step_roles(roles or {}, role_code)
        steps.append(StepBundle(
            element_id=info.element_id, position=order.get(info.element_id, len(order)), name=info.name,
            documentation=info.documentation or None, role_code=routed.queue_role,
            standard_duration=duration.to_iso8601(), standard_time_text=props.get("standard_time_text"),
            time_basis=basis, requirements=requirements, output=props.get("output"), form_path=props.get("form"),
            performer_role_code=routed.performer_role,
        ))
    for lane, element_ids in unknown_lanes.items():  # once per lane, at its first step
        problems.append(model.problem(unknown_lane_message(lane, element_ids, roles or {}), element_ids[0]))
    if not spec.describe().user_tasks:
        problems.append(DefinitionError(N_("proses tidak memiliki tugas pengguna"), file=model.file, element_id=key))
    steps.sort(key=lambda s: (s.position, s.element_id))
    return spec, [StepBundle(**{**s.__dict__, "position": i}) for i, s in enumerate(steps, start=1)]


def _requirement_number(name: str) -> tuple[int, str]:
    suffix = name.rpartition(".")[2]
    return (int(suffix), name) if suffix.isdigit() else (10**6, name)


#: sop.json: whether the next step goes straight to whoever completed the one before it when both are theirs to
#: take (same role and unit). On unless the SOP sets it false (engine.services.tasks).
SAME_PERFORMER_KEY = "langkah_berikutnya_pelaksana_sama"


def _check_sop(sop: dict[str, Any], folder: Path, roles: Mapping[str, str] | None) -> list[DefinitionError]:
    """Every problem of sop.json at once (``roles`` None: starter roles are not judged)."""
    file = str(folder / "sop.json")
    problems: list[DefinitionError] = []

    def fail(message: str | Phrase) -> None:
        problems.append(DefinitionError(message, file=file))

    key = sop.get("key")
    if not isinstance(key, str) or not _KEY_PATTERN.match(key):
        fail(N_("'key' wajib diisi dengan huruf kecil, angka dan garis bawah"))
    elif key != folder.name:
        fail(Phrase(N_("'key' (%(key)s) harus sama dengan nama folder (%(name)s)"), {"key": key, "name": folder.name}))
    if not isinstance(sop.get("nama"), str) or not sop["nama"].strip():
        fail(N_("'nama' (Nama SOP) wajib diisi"))
    for field in ("office", "unit"):
        value = sop.get(field)
        if not isinstance(value, dict) or not value.get("code") or not value.get("name"):
            fail(Phrase(N_("'%(field)s' wajib memiliki 'code' dan 'name'"), {"field": field}))
    if isinstance(sop.get("unit"), dict) and sop["unit"].get("kind", "division") not in _UNIT_KINDS:
        fail(N_("'unit.kind' harus office, division atau section"))
    for field in ("dasar_hukum", "kualifikasi_pelaksana", "keterkaitan", "peralatan_perlengkapan",
                  "peringatan", "pencatatan_pendataan", "assumptions"):
        if not isinstance(sop.get(field, []), list):
            fail(Phrase(N_("'%(field)s' harus berupa daftar"), {"field": field}))
    starters = sop.get("starter_roles")
    if not isinstance(starters, list) or not starters:
        fail(N_("'starter_roles' wajib berisi minimal satu peran"))
    else:
        for role in starters:
            if not isinstance(role, str) or (roles is not None and role.lower() not in roles):
                fail(Phrase(N_("peran '%(role)s' pada starter_roles tidak dikenal"), {"role": role}))
            elif isinstance(roles, RoleBook) and roles.is_external(code := roles[role.lower()]):
                recorder = roles.roles[code].recorded_by
                fail(Phrase(N_("peran '%(role)s' pada starter_roles adalah pihak luar: tidak ada pegawai yang "
                               "memegangnya; tulis peran yang mencatat langkahnya (%(recorder)s)"),
                            {"role": role, "recorder": recorder}))
    if not isinstance(sop.get(SAME_PERFORMER_KEY, True), bool):
        fail(Phrase(N_("'%(same_performer_key)s' harus true atau false (langkah berikutnya tetap pada pelaksana "
                       "yang sama)"), {"same_performer_key": SAME_PERFORMER_KEY}))
    problems += [DefinitionError(message, file=file) for message in public_service_problems(sop)]
    jenis = sop.get("jenis", "biasa")
    if jenis not in ("biasa", "rutin"):
        fail(N_("'jenis' harus 'biasa' atau 'rutin'"))
    recurrence = sop.get("recurrence")
    if jenis == "rutin" and not recurrence:
        fail(N_("SOP rutin wajib memiliki 'recurrence'"))
    if recurrence:
        if not isinstance(recurrence, dict) or not recurrence.get("interval"):
            fail(N_("'recurrence' wajib memiliki 'interval' (ISO 8601, mis. R/2027-01-04T08:00:00+08:00/P2M)"))
        else:
            try:
                parse_recurrence(recurrence["interval"])
            except DefinitionError as error:
                fail(error.problem_phrase)
    case = sop.get("case") or {}
    if not isinstance(case, dict):
        fail(N_("'case' harus berupa objek"))
    else:
        prefix = case.get("reference_prefix", "")
        if not isinstance(prefix, str) or not _PREFIX_PATTERN.match(prefix):
            fail(N_("'case.reference_prefix' wajib berupa huruf kapital/angka, mis. NIB"))
    try:
        _check_registers(sop, file)
    except DefinitionError as problem:
        problems.append(problem)
    return problems


#: sop.json fields of a public service (README "Layanan publik"): whether it serves an applicant, and what its
#: Standar Pelayanan says beyond the steps.
PUBLIC_SERVICE_TEXTS = ("biaya", "produk_layanan")
PUBLIC_SERVICE_LISTS = ("pengaduan",)


def public_service_problems(sop: Mapping[str, Any]) -> list[str]:
    """What is wrong with the public-service fields (``layanan_publik``, ``biaya``, ``produk_layanan``,
    ``pengaduan``), each said once."""
    problems = []
    if not isinstance(sop.get("layanan_publik", False), bool):
        problems.append("'layanan_publik' harus true atau false (SOP ini melayani pemohon)")
    for field in PUBLIC_SERVICE_TEXTS:
        if sop.get(field) is not None and not isinstance(sop.get(field), str):
            problems.append(f"'{field}' harus berupa teks")
    for field in PUBLIC_SERVICE_LISTS:
        value = sop.get(field)
        if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
            problems.append(f"'{field}' harus berupa daftar teks")
    return problems


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
        raise DefinitionError(N_("harus berisi tepat satu bpmn:process (ada %(processes)s)"), file=file,
                              processes=len(processes))
    process = processes[0]
    if process.get("id") != key:
        raise DefinitionError(N_("id proses harus '%(key)s' (sama dengan nama folder)"), file=file,
                              element_id=process.get("id"), key=key)
    if document.find(".//bpmndi:BPMNDiagram", {"bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI"}) is None:
        raise DefinitionError(N_("diagram (bpmndi:BPMNDiagram) tidak ada"), file=file, element_id=key)
    return process


def _refuse_unsupported(process: etree._Element, file: str) -> None:
    """Check the whole document against the BPMN allow-list (:mod:`.bpmn_elements`); refuse reserved ids."""
    document = process.getroottree().getroot()
    bpmn_elements.check_document(document, file)
    for element in document.iter():
        if isinstance(element.tag, str) and element.get("id") in _RESERVED_IDS:
            raise DefinitionError(N_("id '%(id)s' dipakai SpiffWorkflow; pilih id lain"), file=file,
                                  element_id=element.get("id"), id=element.get('id'))


def _check_conditions(process: etree._Element, file: str) -> None:
    """Check every expression the allow-list leaves (sequence-flow conditions) with the restricted evaluator."""
    document = process.getroottree().getroot()
    for condition in document.iter(f"{{{BPMN_NS}}}conditionExpression"):
        owner = condition.getparent()
        element_id = owner.get("id") if owner is not None else None
        kind = condition.get(f"{{{bpmn_elements.XSI}}}type")
        if kind is not None and kind.rpartition(":")[2] != "tFormalExpression":
            raise DefinitionError(N_("xsi:type kondisi harus bpmn:tFormalExpression, bukan '%(kind)s'"), file=file,
                                  element_id=element_id, kind=kind)
        if len(condition):
            raise DefinitionError(N_("kondisi hanya boleh berisi teks ekspresi"), file=file, element_id=element_id)
        source = (condition.text or "").strip()
        if not source:
            raise DefinitionError(N_("kondisi kosong"), file=file, element_id=element_id)
        try:
            expressions.check_expression(source)
        except DefinitionError as error:
            raise DefinitionError(error.problem_phrase, file=file, element_id=element_id) from error


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
