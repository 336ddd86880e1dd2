"""Authoring: write BPMN 2.0 files (with diagram interchange) from a compact process sketch.

Offices correct their SOPs in a BPMN viewer, so a generated file must open and look right in
bpmn.io / Camunda Modeler: one pool, one horizontal lane per role, nodes left to right in flow
order, orthogonal edges. This module computes that layout so that authors (the SOP build script,
tests, benchmarks) only describe lanes, nodes and flows.

It is pure Python on top of lxml and never imports SpiffWorkflow: it writes files, the engine
parses them.

Example::

    sketch = ProcessSketch(
        id="contoh", name="Contoh", lanes=["Pelaksana"],
        nodes=[StartEvent("mulai", "Mulai", "Pelaksana"),
               UserTask("langkah_1", "Langkah 1", "Pelaksana",
                        properties=sop_properties("PT30M", "30 Menit")),
               EndEvent("selesai", "Selesai", "Pelaksana")],
        flows=[Flow("mulai", "langkah_1"), Flow("langkah_1", "selesai")],
    )
    xml_text = build_bpmn(sketch)
"""

from engine.authoring.layout import Layout, compute_layout
from engine.authoring.sketch import (
    EndEvent,
    ExclusiveGateway,
    Flow,
    LayoutOptions,
    Node,
    ParallelGateway,
    ProcessSketch,
    SketchError,
    StartEvent,
    UserTask,
    flow_ids,
    lane_id,
    linear_process,
    sop_properties,
    validate_sketch,
    with_explicit_merges,
)
from engine.authoring.writer import build_bpmn

__all__ = [
    "EndEvent", "ExclusiveGateway", "Flow", "Layout", "LayoutOptions", "Node", "ParallelGateway", "ProcessSketch",
    "SketchError", "StartEvent", "UserTask", "build_bpmn", "compute_layout", "flow_ids", "lane_id", "linear_process",
    "sop_properties", "validate_sketch", "with_explicit_merges",
]
