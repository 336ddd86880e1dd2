"""The BPMN that Alur runs: an allow-list of elements, their attributes and their children.

SpiffWorkflow can run far more than Alur needs, and several of its elements evaluate expressions or run
code outside the restricted evaluator (completion conditions, loops, scripts, message correlations). So a
process file is read against this list: every element, attribute and child that is not listed is refused
by name, with what to use instead. The list is what the SOPs in ``processes/`` use plus what is plainly
harmless (documentation, text annotations, diagram interchange). ``processes/README.md`` describes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from engine.errors import DefinitionError
from engine.phrases import N_

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
SPIFF = "http://spiffworkflow.org/bpmn/schema/1.0/core"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_PREFIXES = {BPMN: "bpmn", BPMNDI: "bpmndi", DC: "dc", DI: "di", SPIFF: "spiffworkflow", XSI: "xsi"}


@dataclass(frozen=True)
class Allowed:
    """What one element may carry: attributes (``{namespace}name`` for namespaced ones) and children."""

    attributes: frozenset[str] = frozenset()
    children: frozenset[tuple[str, str]] = frozenset()


def _allowed(attributes: str = "", children: str = "") -> Allowed:
    """``children`` are ``prefix:name`` words; an attribute ``xsi:type`` is written that way too."""
    namespaces = {prefix: uri for uri, prefix in _PREFIXES.items()}

    def qualified(word: str) -> tuple[str, str]:
        prefix, _, local = word.partition(":")
        return namespaces[prefix], local

    def attribute(word: str) -> str:
        if ":" not in word:
            return word
        namespace, local = qualified(word)
        return f"{{{namespace}}}{local}"

    attrs = frozenset(attribute(word) for word in attributes.split())
    return Allowed(attrs, frozenset(qualified(word) for word in children.split()))


_FLOW_NODE = "bpmn:documentation bpmn:incoming bpmn:outgoing"

#: (namespace, element) -> what it may carry. The document's root must be ``bpmn:definitions``.
ALLOWED: dict[tuple[str, str], Allowed] = {
    (BPMN, "definitions"): _allowed(
        "id name targetNamespace exporter exporterVersion",
        "bpmn:documentation bpmn:collaboration bpmn:process bpmndi:BPMNDiagram"),
    (BPMN, "collaboration"): _allowed(
        "id name", "bpmn:documentation bpmn:participant bpmn:textAnnotation bpmn:association"),
    (BPMN, "participant"): _allowed("id name processRef", "bpmn:documentation"),
    (BPMN, "process"): _allowed(
        "id name isExecutable processType isClosed",
        "bpmn:documentation bpmn:laneSet bpmn:startEvent bpmn:endEvent bpmn:userTask bpmn:exclusiveGateway"
        " bpmn:parallelGateway bpmn:sequenceFlow bpmn:textAnnotation bpmn:association"),
    (BPMN, "laneSet"): _allowed("id name", "bpmn:lane"),
    (BPMN, "lane"): _allowed("id name", "bpmn:documentation bpmn:flowNodeRef"),
    (BPMN, "flowNodeRef"): _allowed(),
    (BPMN, "startEvent"): _allowed("id name", _FLOW_NODE),
    (BPMN, "endEvent"): _allowed("id name", _FLOW_NODE),
    (BPMN, "userTask"): _allowed("id name", f"{_FLOW_NODE} bpmn:extensionElements"),
    (BPMN, "exclusiveGateway"): _allowed("id name default gatewayDirection", _FLOW_NODE),
    (BPMN, "parallelGateway"): _allowed("id name gatewayDirection", _FLOW_NODE),
    (BPMN, "sequenceFlow"): _allowed("id name sourceRef targetRef", "bpmn:documentation bpmn:conditionExpression"),
    (BPMN, "conditionExpression"): _allowed("id xsi:type"),
    (BPMN, "incoming"): _allowed(),
    (BPMN, "outgoing"): _allowed(),
    (BPMN, "documentation"): _allowed("id textFormat"),
    (BPMN, "textAnnotation"): _allowed("id textFormat", "bpmn:documentation bpmn:text"),
    (BPMN, "text"): _allowed(),
    (BPMN, "association"): _allowed("id sourceRef targetRef associationDirection", "bpmn:documentation"),
    (BPMN, "extensionElements"): _allowed("", "spiffworkflow:properties"),
    (SPIFF, "properties"): _allowed("", "spiffworkflow:property"),
    (SPIFF, "property"): _allowed("name value"),
    (BPMNDI, "BPMNDiagram"): _allowed("id name documentation resolution", "bpmndi:BPMNPlane bpmndi:BPMNLabelStyle"),
    (BPMNDI, "BPMNPlane"): _allowed("id bpmnElement", "bpmndi:BPMNShape bpmndi:BPMNEdge"),
    (BPMNDI, "BPMNShape"): _allowed(
        "id bpmnElement isHorizontal isExpanded isMarkerVisible isMessageVisible labelStyle",
        "dc:Bounds bpmndi:BPMNLabel"),
    (BPMNDI, "BPMNEdge"): _allowed(
        "id bpmnElement sourceElement targetElement labelStyle", "di:waypoint bpmndi:BPMNLabel"),
    (BPMNDI, "BPMNLabel"): _allowed("id labelStyle", "dc:Bounds"),
    (BPMNDI, "BPMNLabelStyle"): _allowed("id", "dc:Font"),
    (DC, "Bounds"): _allowed("x y width height"),
    (DC, "Font"): _allowed("name size isBold isItalic isUnderline isStrikeThrough"),
    (DI, "waypoint"): _allowed("x y"),
}

_USE_USER_TASK = "jadikan setiap langkah SOP sebuah userTask di lane perannya"
_NO_EVENTS = ("Alur tidak memakai kejadian (event) BPMN selain startEvent dan endEvent polos: waktu dijaga "
              "penjadwal Alur, keputusan memakai exclusiveGateway")
_NO_DATA = "data kasus berasal dari formulir langkah (properti spiffworkflow 'form'), bukan objek data BPMN"

#: BPMN elements refused with a reason and what to use instead (anything else unlisted gets a general one).
REFUSED: dict[str, str] = {
    "scriptTask": "tugas skrip (scriptTask) tidak diizinkan: Alur tidak menjalankan skrip; " + _USE_USER_TASK,
    "serviceTask": "tugas layanan (serviceTask) tidak didukung; " + _USE_USER_TASK,
    "sendTask": "sendTask tidak didukung; " + _USE_USER_TASK,
    "receiveTask": "receiveTask tidak didukung; " + _USE_USER_TASK,
    "businessRuleTask": "businessRuleTask (tabel keputusan DMN) tidak didukung; pakai exclusiveGateway",
    "manualTask": "manualTask tidak didukung; " + _USE_USER_TASK,
    "task": "tugas tanpa jenis (bpmn:task) tidak didukung; " + _USE_USER_TASK,
    "subProcess": "subProcess belum didukung; tuliskan langkahnya langsung di proses sebagai userTask",
    "adHocSubProcess": "adHocSubProcess tidak didukung; tuliskan langkahnya langsung di proses sebagai userTask "
                       "dan keputusannya sebagai exclusiveGateway",
    "transaction": "transaction tidak didukung; tuliskan langkahnya langsung di proses sebagai userTask",
    "callActivity": "callActivity belum didukung; salin langkah SOP yang dipanggil ke proses ini",
    "timerEventDefinition": "timer tidak digunakan: waktu standar dijaga oleh penjadwal Alur "
                            "(properti standard_duration pada userTask)",
    "messageEventDefinition": "kejadian pesan tidak didukung; " + _NO_EVENTS,
    "signalEventDefinition": "kejadian sinyal tidak didukung; " + _NO_EVENTS,
    "conditionalEventDefinition": "kejadian bersyarat tidak didukung; " + _NO_EVENTS,
    "errorEventDefinition": "kejadian galat tidak didukung; " + _NO_EVENTS,
    "escalationEventDefinition": "kejadian eskalasi tidak didukung: eskalasi dilakukan penjadwal Alur",
    "compensateEventDefinition": "kompensasi tidak didukung; " + _NO_EVENTS,
    "cancelEventDefinition": "kejadian pembatalan tidak didukung: kasus dibatalkan dari halaman kasus",
    "linkEventDefinition": "kejadian tautan tidak didukung; hubungkan langkah dengan sequenceFlow",
    "terminateEventDefinition": "terminateEventDefinition tidak didukung; pakai endEvent polos",
    "intermediateCatchEvent": "intermediateCatchEvent tidak didukung; " + _NO_EVENTS,
    "intermediateThrowEvent": "intermediateThrowEvent tidak didukung; " + _NO_EVENTS,
    "boundaryEvent": "boundaryEvent tidak didukung; " + _NO_EVENTS,
    "multiInstanceLoopCharacteristics": "perulangan multi-instance tidak didukung; gambarkan pengulangan dengan "
                                        "exclusiveGateway dan sequenceFlow kembali ke langkah sebelumnya",
    "standardLoopCharacteristics": "perulangan (standardLoopCharacteristics) tidak didukung; gambarkan "
                                   "pengulangan dengan exclusiveGateway dan sequenceFlow kembali ke langkah sebelumnya",
    "completionCondition": "kondisi penyelesaian (completionCondition) tidak didukung; keputusan ditulis sebagai "
                           "conditionExpression pada sequenceFlow dari exclusiveGateway",
    "loopCondition": "kondisi perulangan tidak didukung; pakai exclusiveGateway dengan conditionExpression",
    "inclusiveGateway": "inclusiveGateway tidak didukung; pakai exclusiveGateway atau parallelGateway",
    "eventBasedGateway": "eventBasedGateway tidak didukung; pakai exclusiveGateway atau parallelGateway",
    "complexGateway": "complexGateway tidak didukung; pakai exclusiveGateway atau parallelGateway",
    "message": "pesan (message) tidak didukung: Alur tidak bertukar pesan antarproses",
    "messageFlow": "messageFlow tidak didukung: Alur tidak bertukar pesan antarproses",
    "signal": "sinyal (signal) tidak didukung; " + _NO_EVENTS,
    "error": "definisi galat (error) tidak didukung; " + _NO_EVENTS,
    "escalation": "definisi eskalasi tidak didukung: eskalasi dilakukan penjadwal Alur",
    "correlationProperty": "korelasi pesan tidak didukung: Alur tidak bertukar pesan antarproses",
    "correlationKey": "korelasi pesan tidak didukung: Alur tidak bertukar pesan antarproses",
    "correlationSubscription": "korelasi pesan tidak didukung: Alur tidak bertukar pesan antarproses",
    "dataObject": "dataObject tidak didukung; " + _NO_DATA,
    "dataObjectReference": "dataObjectReference tidak didukung; " + _NO_DATA,
    "dataStore": "dataStore tidak didukung; " + _NO_DATA,
    "dataStoreReference": "dataStoreReference tidak didukung; " + _NO_DATA,
    "ioSpecification": "ioSpecification tidak didukung; " + _NO_DATA,
    "dataInputAssociation": "dataInputAssociation tidak didukung; " + _NO_DATA,
    "dataOutputAssociation": "dataOutputAssociation tidak didukung; " + _NO_DATA,
    "property": "bpmn:property tidak didukung; " + _NO_DATA,
    "script": "skrip tidak diizinkan: Alur tidak menjalankan skrip",
    "import": "bpmn:import tidak didukung: satu SOP adalah satu berkas process.bpmn",
}

#: SpiffWorkflow extensions refused by name; only ``spiffworkflow:properties`` is read.
REFUSED_SPIFF: dict[str, str] = {
    "preScript": "skrip (spiffworkflow:preScript) tidak diizinkan: Alur tidak menjalankan skrip",
    "postScript": "skrip (spiffworkflow:postScript) tidak diizinkan: Alur tidak menjalankan skrip",
    "serviceTaskOperator": "spiffworkflow:serviceTaskOperator tidak didukung: Alur tidak memanggil layanan",
    "messagePayload": "spiffworkflow:messagePayload tidak didukung: Alur tidak bertukar pesan",
    "messageVariable": "spiffworkflow:messageVariable tidak didukung: Alur tidak bertukar pesan",
    "calledDecisionId": "spiffworkflow:calledDecisionId tidak didukung: Alur tidak menjalankan tabel keputusan",
}


def check_document(root: etree._Element, file: str) -> None:
    """Refuse the first element, attribute or child outside :data:`ALLOWED`, naming it and the element id."""
    if _key(root) != (BPMN, "definitions"):
        raise DefinitionError(N_("elemen akar harus bpmn:definitions, bukan %(root)s"), file=file, root=_name(root))
    _check(root, file)


def _check(element: etree._Element, file: str) -> None:
    allowed = ALLOWED[_key(element)]
    where = _owner_id(element)
    for attribute in element.attrib:
        if attribute not in allowed.attributes:
            raise DefinitionError(
                N_("atribut %(attribute)s pada %(element)s tidak didukung Alur; hapus atribut ini"),
                file=file, element_id=where, attribute=_attribute_name(attribute), element=_name(element))
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments; processing instructions and entities are refused when parsing
        key = _key(child)
        if key not in ALLOWED or key not in allowed.children:
            raise DefinitionError(_refusal(child, element), file=file, element_id=_owner_id(child))
        _check(child, file)


def _refusal(child: etree._Element, parent: etree._Element) -> str:
    namespace, local = _key(child)
    if namespace == BPMN and local in REFUSED:
        return REFUSED[local]
    if namespace == SPIFF and local in REFUSED_SPIFF:
        return REFUSED_SPIFF[local]
    if namespace not in _PREFIXES:
        return (f"ekstensi {{{namespace}}}{local} tidak dibaca Alur; hapus elemen ini "
                "(Alur hanya membaca spiffworkflow:properties di dalam bpmn:extensionElements sebuah userTask)")
    if (namespace, local) in ALLOWED:
        return f"{_name(child)} tidak boleh berada di dalam {_name(parent)}"
    return f"elemen {_name(child)} tidak didukung Alur; lihat processes/README.md untuk elemen yang didukung"


def _key(element: etree._Element) -> tuple[str, str]:
    name = etree.QName(element)
    return name.namespace or "", name.localname


def _name(element: etree._Element) -> str:
    namespace, local = _key(element)
    prefix = _PREFIXES.get(namespace)
    return f"{prefix}:{local}" if prefix else f"{{{namespace}}}{local}" if namespace else local


def _attribute_name(attribute: str) -> str:
    name = etree.QName(attribute)
    prefix = _PREFIXES.get(name.namespace or "")
    if name.namespace is None:
        return f"'{name.localname}'"
    return f"'{prefix}:{name.localname}'" if prefix else f"'{{{name.namespace}}}{name.localname}'"


def _owner_id(element: etree._Element) -> str | None:
    """The id of the element or of its nearest ancestor that has one: what an office can search for."""
    node: etree._Element | None = element
    while node is not None:
        if node.get("id"):
            return str(node.get("id"))
        node = node.getparent()
    return None
