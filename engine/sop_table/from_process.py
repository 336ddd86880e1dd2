"""A registered process (its BPMN and sop.json) → the SOP table, so that a revision is export, edit, import.

Rows are the user tasks and the deciding gateways in flow order (loops ignored); merging gateways and parallel
joins are looked through. A decision's conditioned flow is its "Ya", the default its "Tidak". A task whose
next step is not the next row says so in its Keterangan ("lanjut ke kegiatan 7", "Selesai: …"); the tasks
between a parallel fork and join say "bersamaan dengan kegiatan N". The Kode column keeps every element id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from engine.diagrams.geometry import back_edges
from engine.errors import DefinitionError
from engine.sop_table.model import Activity, Approval, Identity, SopTable, StandardTime, Target
from engine.timekeeping.durations import parse_iso8601

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"


@dataclass
class _Node:
    id: str
    kind: str
    name: str
    lane: str
    properties: dict[str, str]
    outgoing: list[tuple[str, str, str, bool]]  # (flow id, target, condition, is default)
    incoming: int = 0


def table_from_process(bpmn_xml: str, sop: Mapping[str, Any], role_names: Mapping[str, str] | None = None
                       ) -> SopTable:
    """The SOP table of a process; ``role_names`` maps a lane (role name or code) to the role's name."""
    nodes, start = _read(bpmn_xml)
    names = {k.lower(): v for k, v in (role_names or {}).items()}

    def role(lane: str) -> str:
        return names.get(lane.lower(), lane)

    order = _order(nodes, start)
    rows = [n for n in order if n.kind == "userTask" or (n.kind == "exclusiveGateway" and len(n.outgoing) > 1)]
    number = {n.id: i for i, n in enumerate(rows, start=1)}

    def resolve(target: str) -> tuple[str, str]:
        """("row", id) / ("end", name) / ("fork", id): what a flow reaches, through merges and joins."""
        seen: set[str] = set()
        while target not in number:
            node = nodes[target]
            if node.kind == "endEvent":
                return "end", node.name
            if node.kind == "parallelGateway" and len(node.outgoing) > 1:
                return "fork", target
            if len(node.outgoing) != 1 or target in seen:
                raise DefinitionError(f"elemen {target} tidak dapat ditulis sebagai baris tabel SOP")
            seen.add(target)
            target = node.outgoing[0][1]
        return "row", target

    def as_target(reached: tuple[str, str]) -> Target:
        kind, value = reached
        if kind == "end":
            return Target(None, "" if value.strip().lower() in ("", "selesai") else value)
        if kind == "fork":
            first = resolve(nodes[value].outgoing[0][1])
            return as_target(first)
        return Target(number[value])

    activities: list[Activity] = []
    for index, node in enumerate(rows, start=1):
        if node.kind == "userTask":
            activity = _activity(node, index, role(node.lane))
            outs = node.outgoing
            if len(outs) != 1:
                raise DefinitionError(f"langkah {node.id} punya {len(outs)} alur keluar; tabel SOP butuh satu")
            target = as_target(resolve(outs[0][1]))
            if not (target.row == index + 1 or (target.is_end and not target.end_label and index == len(rows))):
                activity.goto = target
        else:
            activity = Activity(index, node.name or "Keputusan?", role(node.lane), "decision", code=node.id)
            activity.question = activity.text
            conditioned = [o for o in node.outgoing if not o[3] and o[2]]
            defaults = [o for o in node.outgoing if o[3]]
            if len(node.outgoing) != 2 or len(conditioned) < 1:
                raise DefinitionError(f"keputusan {node.id} harus punya tepat dua cabang (Ya dan Tidak)")
            yes = conditioned[0]
            no = defaults[0] if defaults else conditioned[1]
            activity.yes, activity.no = as_target(resolve(yes[1])), as_target(resolve(no[1]))
        activities.append(activity)
    for block in _parallel_blocks(nodes, number):
        for row in block[1:]:
            activities[row - 1].parallel_with = block[0]
        for row in block[:-1]:  # every branch leads on from the join, which the last row of the block says
            activities[row - 1].goto = None
        last = activities[block[-1] - 1]
        if last.goto is not None and last.goto.row == last.number + 1:
            last.goto = None
    lanes = []
    for activity in activities:
        if activity.role not in lanes:
            lanes.append(activity.role)
    return SopTable(identity=_identity(sop, names), roles=lanes, activities=activities)


def _activity(node: _Node, number: int, role: str) -> Activity:
    props = node.properties
    basis = props.get("time_basis", "working")
    iso = props.get("standard_duration", "")
    text = props.get("standard_time_text") or (parse_iso8601(iso, basis).label() if iso else "")
    requirements = [v for k, v in sorted(props.items(), key=lambda kv: _number(kv[0]))
                    if k.startswith("requirement.")]
    return Activity(number, node.name, role, "activity", requirements=requirements,
                    time=StandardTime(text, iso, "calendar" if basis == "calendar" else "working"),
                    output=props.get("output", ""), code=node.id)


def _parallel_blocks(nodes: dict[str, _Node], number: dict[str, int]) -> list[list[int]]:
    """The row numbers of each parallel fork's branches (each branch one task)."""
    blocks = []
    for node in nodes.values():
        if node.kind == "parallelGateway" and len(node.outgoing) > 1:
            rows = sorted(number[t] for _, t, _, _ in node.outgoing if t in number)
            if len(rows) != len(node.outgoing) or rows != list(range(rows[0], rows[0] + len(rows))):
                raise DefinitionError(f"cabang paralel {node.id} harus berupa satu kegiatan per cabang")
            blocks.append(rows)
    return blocks


def _number(name: str) -> int:
    suffix = name.rpartition(".")[2]
    return int(suffix) if suffix.isdigit() else 10**6


def _read(bpmn_xml: str) -> tuple[dict[str, _Node], str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(bpmn_xml.encode(), parser)
    process = root.find(f"{{{BPMN}}}process")
    lane_of: dict[str, str] = {}
    for lane in process.iter(f"{{{BPMN}}}lane"):
        for ref in lane.findall(f"{{{BPMN}}}flowNodeRef"):
            lane_of[(ref.text or "").strip()] = lane.get("name", "")
    nodes: dict[str, _Node] = {}
    start = ""
    for element in process:
        if not isinstance(element.tag, str):
            continue
        kind = etree.QName(element).localname
        if kind in ("startEvent", "endEvent", "userTask", "exclusiveGateway", "parallelGateway"):
            props = {p.get("name", ""): p.get("value", "") for p in element.iter(f"{{{SPIFF}}}property")}
            nodes[element.get("id")] = _Node(element.get("id"), kind, element.get("name", ""),
                                             lane_of.get(element.get("id"), ""), props, [])
            if kind == "startEvent":
                start = element.get("id")
    defaults = {e.get("default") for e in process if isinstance(e.tag, str) and e.get("default")}
    for flow in process.iter(f"{{{BPMN}}}sequenceFlow"):
        condition = flow.find(f"{{{BPMN}}}conditionExpression")
        nodes[flow.get("sourceRef")].outgoing.append((
            flow.get("id"), flow.get("targetRef"), (condition.text or "").strip() if condition is not None else "",
            flow.get("id") in defaults))
        nodes[flow.get("targetRef")].incoming += 1
    return nodes, start


def _order(nodes: dict[str, _Node], start: str) -> list[_Node]:
    """Flow order: a topological order of the forward flows, ties broken by how soon a node is reached."""
    successors = {n.id: [(f, t) for f, t, _, _ in n.outgoing] for n in nodes.values()}
    back = back_edges([start], successors)
    distance: dict[str, int] = {start: 0}
    queue = [start]
    while queue:
        current = queue.pop(0)
        for _, target in successors[current]:
            if target not in distance:
                distance[target] = distance[current] + 1
                queue.append(target)
    indegree = {n: 0 for n in nodes}
    for outs in successors.values():
        for flow, target in outs:
            if flow not in back:
                indegree[target] += 1
    ready = [start]
    result: list[_Node] = []
    while ready:
        ready.sort(key=lambda n: (distance.get(n, 10**6), list(nodes).index(n)))
        current = ready.pop(0)
        result.append(nodes[current])
        for flow, target in successors[current]:
            if flow in back:
                continue
            indegree[target] -= 1
            if indegree[target] == 0:
                ready.append(target)
    return result


def _identity(sop: Mapping[str, Any], role_names: Mapping[str, str]) -> Identity:
    approval = sop.get("disahkan_oleh") or {}
    header = sop.get("header") or {}
    unit = sop.get("unit") or {}
    parent = unit.get("parent") if isinstance(unit.get("parent"), dict) else None
    recurrence = sop.get("recurrence") or {}
    interval = str(recurrence.get("interval") or "")
    return Identity(
        nama=sop.get("nama", ""), nomor=sop.get("nomor_sop") or "",
        tanggal_pembuatan=sop.get("tanggal_pembuatan"), tanggal_revisi=sop.get("tanggal_revisi"),
        tanggal_efektif=sop.get("tanggal_efektif"),
        disahkan_oleh=Approval(approval.get("jabatan", ""), approval.get("nama", ""), approval.get("nip", "")),
        pemerintah=header.get("pemerintah", ""),
        instansi=header.get("instansi") or (sop.get("office") or {}).get("name", ""),
        unit=(parent or unit).get("name", ""), seksi=unit.get("name", "") if parent else "",
        alamat=header.get("alamat", ""),
        dasar_hukum=list(sop.get("dasar_hukum") or []),
        kualifikasi_pelaksana=list(sop.get("kualifikasi_pelaksana") or []),
        keterkaitan=list(sop.get("keterkaitan") or []),
        peralatan_perlengkapan=list(sop.get("peralatan_perlengkapan") or []),
        peringatan=list(sop.get("peringatan") or []), pencatatan_pendataan=list(sop.get("pencatatan_pendataan") or []),
        jenis="rutin" if sop.get("jenis") == "rutin" else "biasa", frekuensi=recurrence.get("text", ""),
        jadwal_mulai=interval.split("/")[1] if interval.count("/") == 2 else None,
        key=sop.get("key", ""), office_code=(sop.get("office") or {}).get("code", ""),
        unit_code=unit.get("code", ""),
        starter_roles=[role_names.get(str(r).lower(), str(r)) for r in sop.get("starter_roles") or []],
        reference_prefix=(sop.get("case") or {}).get("reference_prefix", ""),
    )
