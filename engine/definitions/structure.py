"""Structure: ids, flows that point somewhere, one start, gateways whose flows Spiff can route, and every
extension Alur does not read refused with what Alur uses instead.

These run before SpiffWorkflow parses the file: its own messages for the same mistakes ("we found two
items, perhaps a form has the same ID?") do not tell an office what to fix.
"""

from __future__ import annotations

import difflib

from lxml import etree

from engine.definitions.model import SPIFF_NS, ProcessModel
from engine.diagrams.geometry import BPMN_NS
from engine.errors import DefinitionError
from engine.phrases import N_, Phrase

CAMUNDA_NAMESPACES = {
    "http://camunda.org/schema/1.0/bpmn": "camunda",
    "http://camunda.org/schema/zeebe/1.0": "zeebe",
    "http://activiti.org/bpmn": "activiti",
    "http://flowable.org/bpmn": "flowable",
}
#: The properties Alur reads from ``spiffworkflow:properties`` (``requirement.N`` besides).
READ_PROPERTIES = ("standard_duration", "standard_time_text", "time_basis", "output", "form")

_FORM = ('formulir {what} tidak dibaca Alur: tulis formulir sebagai JSON Schema di forms/<nama>.json dan '
         'rujuk dengan <spiffworkflow:property name="form" value="forms/<nama>.json"/>')
_ROLE = ("penugasan {what} tidak dibaca Alur: peran yang mengerjakan langkah ditentukan oleh lane tempat "
         "langkah itu berada (nama lane = nama peran); unitnya oleh sop.json")
_LISTENER = ("listener {what} tidak dijalankan Alur: Alur tidak menjalankan kode dari BPMN; pengingat dan "
             "eskalasi diatur oleh penjadwal Alur")
_SCRIPT = ("skrip {what} tidak dijalankan Alur: tulis keputusan sebagai kondisi pada alur yang keluar dari "
           "bpmn:exclusiveGateway")
_DUE = ('tenggat {what} tidak dibaca Alur: tulis waktu standar sebagai '
        '<spiffworkflow:property name="standard_duration" value="PT30M"/>')
_PROPERTY = "properti {what} tidak dibaca Alur: gunakan <spiffworkflow:properties> (lihat processes/README.md)"
_DATA = "pemetaan data {what} tidak dibaca Alur: data kasus berasal dari isian formulir langkah"
_INSTEAD = {
    "formData": _FORM, "formField": _FORM, "formKey": _FORM, "formRef": _FORM, "formRefBinding": _FORM,
    "userTaskForm": _FORM, "formDefinition": _FORM, "formHandlerClass": _FORM,
    "assignee": _ROLE, "candidateUsers": _ROLE, "candidateGroups": _ROLE, "assignmentDefinition": _ROLE,
    "executionListener": _LISTENER, "taskListener": _LISTENER, "executionListeners": _LISTENER,
    "taskListeners": _LISTENER,
    "script": _SCRIPT, "resultVariable": _SCRIPT, "scriptFormat": _SCRIPT, "preScript": _SCRIPT,
    "postScript": _SCRIPT, "class": _SCRIPT, "expression": _SCRIPT, "delegateExpression": _SCRIPT,
    "dueDate": _DUE, "followUpDate": _DUE, "taskSchedule": _DUE, "priority": _DUE,
    "properties": _PROPERTY, "property": _PROPERTY,
    "inputOutput": _DATA, "ioMapping": _DATA, "inputParameter": _DATA, "outputParameter": _DATA,
    "in": _DATA, "out": _DATA, "input": _DATA, "output": _DATA,
}


def structure_problems(model: ProcessModel, refused: set[str]) -> list[DefinitionError]:
    """Problems that keep the file from being routed as intended; ``refused`` ids were reported already."""
    problems = _duplicate_ids(model)
    problems += _dangling_flows(model)
    problems += _start_events(model)
    problems += _gateway_flows(model, refused)
    return problems


def _duplicate_ids(model: ProcessModel) -> list[DefinitionError]:
    return [
        model.problem(Phrase(N_("id '%(element_id_name)s' dipakai %(lines)s kali (baris %(lines2)s); beri setiap "
                                "elemen id sendiri"),
                             {"element_id_name": element_id,
                              "lines": len(lines),
                              "lines2": ', '.join(str(n) for n in lines)}), element_id)
        for element_id, lines in model.ids.items() if len(lines) > 1
    ]


def _dangling_flows(model: ProcessModel) -> list[DefinitionError]:
    problems = []
    for flow in model.flows.values():
        for end, attribute, ref in (("asal", "sourceRef", flow.source), ("tujuan", "targetRef", flow.target)):
            if ref in model.nodes:
                continue
            close = difflib.get_close_matches(ref, list(model.nodes), n=1)
            hint = f" (maksudnya '{close[0]}'?)" if close else ""
            what = f"'{ref}'" if ref else "kosong"
            problems.append(model.problem(
                Phrase(N_("%(end)s alur (%(attribute)s) %(what)s bukan elemen proses ini%(hint)s; isi %(attribute)s "
                          "dengan id elemen yang ada"),
                       {"end": end, "attribute": attribute, "what": what, "hint": hint}), flow.id, flow.line))
    return problems


def _start_events(model: ProcessModel) -> list[DefinitionError]:
    starts = model.of_kind("startEvent")
    if len(starts) == 1:
        return []
    if not starts:
        return [model.problem(N_("proses tidak memiliki bpmn:startEvent; tambahkan satu peristiwa mulai"), None)]
    return [model.problem(Phrase(N_("proses memiliki %(starts)s bpmn:startEvent; Alur memulai kasus dari satu "
                                    "peristiwa mulai: sisakan satu"), {"starts": len(starts)}),
                          start.id, start.line) for start in starts[1:]]


def _gateway_flows(model: ProcessModel, refused: set[str]) -> list[DefinitionError]:
    problems = []
    for node in model.nodes.values():
        if node.id in refused:
            continue
        outgoing = model.outgoing(node.id)
        default = model.defaults.get(node.id)
        if default and default not in {f.id for f in outgoing}:
            problems.append(model.problem(
                Phrase(N_("alur default '%(default)s' bukan alur yang keluar dari elemen ini; isi atribut default "
                          "dengan id salah satu alur keluarnya"), {"default": default}), node.id))
        for flow in outgoing:
            if flow.id in refused:
                continue
            if node.kind != "exclusiveGateway":
                if flow.condition is not None:
                    problems.append(model.problem(
                        N_("kondisi hanya dibaca pada alur yang keluar dari bpmn:exclusiveGateway; pindahkan "
                           "keputusan ke gerbang eksklusif atau hapus conditionExpression"), flow.id, flow.line))
            elif len(outgoing) > 1 and flow.condition is None and flow.id != default:
                problems.append(model.problem(
                    Phrase(N_("alur keluar dari gerbang '%(id)s' tanpa kondisi dan bukan alur default: tambahkan "
                              "conditionExpression atau jadikan alur ini default (atribut default pada gerbang)"),
                           {"id": node.id}),
                    flow.id, flow.line))
    return problems


def extension_problems(document: etree._Element, model: ProcessModel, refused: set[str]) -> list[DefinitionError]:
    """Camunda/Zeebe/Activiti/Flowable attributes and elements, and extension elements other than
    ``spiffworkflow:properties``: each refused with what Alur uses instead, never silently ignored."""
    problems: list[DefinitionError] = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        owner = _owner(element)
        if owner in refused:
            continue
        for name in element.attrib:
            qname = etree.QName(name)
            if qname.namespace in CAMUNDA_NAMESPACES:
                what = f"{CAMUNDA_NAMESPACES[qname.namespace]}:{qname.localname}"
                problems.append(model.problem(_message(qname.localname, what), owner, element.sourceline))
        qname = etree.QName(element)
        parent = element.getparent()
        if qname.namespace in CAMUNDA_NAMESPACES:
            # Only the outermost foreign element is reported: its children go with it.
            if parent is None or etree.QName(parent).namespace not in CAMUNDA_NAMESPACES:
                what = f"{CAMUNDA_NAMESPACES[qname.namespace]}:{qname.localname}"
                problems.append(model.problem(_message(qname.localname, what), owner, element.sourceline))
        elif parent is not None and etree.QName(parent).localname == "extensionElements" \
                and etree.QName(parent).namespace == BPMN_NS:
            if qname.namespace == SPIFF_NS and qname.localname == "properties":
                problems += _unread_properties(element, model, owner)
            elif qname.namespace == SPIFF_NS:
                problems.append(model.problem(_message(qname.localname, f"spiffworkflow:{qname.localname}"),
                                              owner, element.sourceline))
            else:
                problems.append(model.problem(
                    Phrase(N_("ekstensi %(localname)s (%(namespace)s) tidak dibaca Alur; hapus, Alur hanya membaca "
                              "<spiffworkflow:properties>"),
                           {"localname": qname.localname, "namespace": qname.namespace}), owner, element.sourceline))
    return problems


def _unread_properties(properties: etree._Element, model: ProcessModel, owner: str | None) -> list[DefinitionError]:
    problems = []
    for prop in properties:
        if not isinstance(prop.tag, str):
            continue
        name = prop.get("name") or ""
        if etree.QName(prop).localname != "property" or not (
                name in READ_PROPERTIES or (name.startswith("requirement.") and name[12:].isdigit())):
            problems.append(model.problem(
                Phrase(N_("properti '%(localname)s' tidak dibaca Alur; yang dibaca: %(read_properties)s, "
                          "requirement.1, requirement.2, …"),
                       {"localname": name or etree.QName(prop).localname,
                        "read_properties": ', '.join(READ_PROPERTIES)}), owner, prop.sourceline))
    return problems


def _message(localname: str, what: str) -> str:
    return _INSTEAD.get(localname, "ekstensi {what} tidak dibaca Alur; hapus dari berkas").format(what=what)


def _owner(element: etree._Element) -> str | None:
    """The id of the nearest element (itself or an ancestor) that has one."""
    node: etree._Element | None = element
    while node is not None:
        if node.get("id"):
            return node.get("id")
        node = node.getparent()
    return None
