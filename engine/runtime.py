"""The one module that knows SpiffWorkflow.

It parses a BPMN document into a spec (cached per definition, never stored in a case), starts and
resumes a case's workflow, completes user tasks, and saves the state with only a reference to the
spec. Expressions run through Alur's restricted evaluator, never Python's ``eval``.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.config import DEFAULT_CONFIG
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.specs.defaults import EndEvent
from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.util.task import TaskState

from engine import expressions
from engine.errors import DefinitionError, ExpressionError
from engine.phrases import N_

#: Stamped on every saved state so a later Alur can migrate it (as Spiff does with its own).
STATE_FORMAT = "alur-spiff-1"

#: A DTD or entity declaration anywhere in the text: refused before parsing, so nothing can be expanded.
_DOCTYPE = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class RestrictedEnvironment(TaskDataEnvironment):
    """Spiff's script environment with Python's ``eval``/``exec`` taken out.

    SpiffWorkflow does not send every expression through ``ScriptEngine.evaluate``: completion conditions of
    processes and ad hoc subprocesses, loop and multi-instance conditions and message correlations call
    ``script_engine.environment.evaluate`` directly (SPIFFWORKFLOW-NOTES trap 9). Restricting the environment
    itself closes every path: whatever element reaches it, an expression goes through Alur's evaluator and a
    script or a service call is refused.
    """

    def evaluate(self, expression: Any, context: Mapping[str, Any], external_context: Any = None) -> Any:
        names = dict(context)
        if external_context:
            names.update(external_context)
        return expressions.evaluate(expression, names)

    def execute(self, script: Any, context: Any, external_context: Any = None) -> Any:
        raise ExpressionError(N_("Skrip tidak diizinkan dalam proses Alur"))

    def call_service(self, context: Any, **kwargs: Any) -> Any:
        raise ExpressionError(N_("Pemanggilan layanan tidak diizinkan dalam proses Alur"))


class RestrictedScriptEngine(PythonScriptEngine):
    """Evaluates expressions with Alur's restricted evaluator and refuses scripts outright."""

    def __init__(self) -> None:
        super().__init__(environment=RestrictedEnvironment())

    def validate(self, expression: str) -> None:
        expressions.check_expression(expression)

    def evaluate(self, task: Any, expression: str, external_context: Any = None) -> Any:
        return self.environment.evaluate(expression, task.data, external_context)

    def execute(self, task: Any, script: str, external_context: Any = None) -> Any:
        raise ExpressionError(N_("Skrip tidak diizinkan dalam proses Alur"), element_id=task.task_spec.name)

    def call_service(self, task: Any, **kwargs: Any) -> Any:
        raise ExpressionError(N_("Pemanggilan layanan tidak diizinkan dalam proses Alur"),
                              element_id=task.task_spec.name)


_SCRIPT_ENGINE = RestrictedScriptEngine()


@dataclass(frozen=True)
class UserTaskInfo:
    """A user task as declared in the BPMN: what the loader checks and stores as a process step."""

    element_id: str
    name: str
    lane: str | None
    documentation: str | None
    properties: Mapping[str, str]


@dataclass(frozen=True)
class ParsedProcess:
    key: str
    name: str
    user_tasks: tuple[UserTaskInfo, ...]


class ProcessSpec:
    """A parsed, immutable process spec and the serializer that saves cases of it by reference."""

    def __init__(self, key: str, bpmn_xml: str, filename: str = "process.bpmn") -> None:
        self.key = key
        self.spec, self.subprocess_specs = _parse(key, bpmn_xml, filename)
        self._serializer = _serializer_for(self)

    def describe(self) -> ParsedProcess:
        tasks = []
        for task_spec in self.spec.task_specs.values():
            if getattr(task_spec, "manual", False):
                tasks.append(
                    UserTaskInfo(
                        element_id=task_spec.bpmn_id,
                        name=task_spec.bpmn_name or task_spec.bpmn_id,
                        lane=task_spec.lane,
                        documentation=task_spec.documentation,
                        properties=dict(task_spec.extensions.get("properties", {})),
                    )
                )
        return ParsedProcess(key=self.key, name=self.spec.description or self.key, user_tasks=tuple(tasks))


def parse_document(text: str, file: str) -> etree._Element:
    """Parse BPMN XML without a DTD, entities or processing instructions: nothing is fetched or expanded.

    Spiff's own ``add_bpmn_str`` uses lxml's default parser, which expands entities; every BPMN Alur reads
    goes through here instead.
    """
    if _DOCTYPE.search(text):
        raise DefinitionError(N_("DOCTYPE/DTD tidak diizinkan dalam berkas BPMN; hapus deklarasi <!DOCTYPE ...>"),
                              file=file)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser=parser)
    except etree.XMLSyntaxError as error:
        raise DefinitionError(N_("XML tidak valid: %(error)s"), file=file, error=error) from error
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.system_url or docinfo.public_id:
        raise DefinitionError(N_("DOCTYPE/DTD tidak diizinkan dalam berkas BPMN; hapus deklarasi <!DOCTYPE ...>"),
                              file=file)
    outside = [*root.itersiblings(preceding=True), *root.itersiblings()]
    for node in [*outside, *root.iter()]:
        if isinstance(node, etree._ProcessingInstruction):
            raise DefinitionError(N_("instruksi pemrosesan <?%(target)s ...?> tidak diizinkan; hapus"),
                                  file=file, target=node.target)
        if isinstance(node, etree._Entity):
            raise DefinitionError(N_("entitas &%(name)s; tidak diizinkan; tulis teksnya langsung"), file=file,
                                  name=node.name)
    return root


def _parse(key: str, bpmn_xml: str, filename: str) -> tuple[Any, dict[str, Any]]:
    document = parse_document(bpmn_xml, filename)
    try:
        parser = SpiffBpmnParser(validator=BpmnValidator())
        parser.add_bpmn_xml(document, filename=filename)
        spec = parser.get_spec(key)
        subprocess_specs = parser.get_subprocess_specs(key)
    except etree.XMLSyntaxError as error:
        raise DefinitionError(N_("XML tidak valid: %(error)s"), file=filename, error=error) from error
    except SpiffWorkflowException as error:
        element_id = getattr(error, "id", None) or None
        raise DefinitionError(N_("BPMN tidak valid: %(error)s"),
                              file=filename, element_id=element_id, error=error) from error
    except (ValueError, KeyError) as error:
        raise DefinitionError(N_("BPMN tidak valid: %(error)s"), file=filename, error=error) from error
    return spec, subprocess_specs


@dataclass(frozen=True)
class ReadyStep:
    """A user task that has become ready: Alur creates a task row for it."""

    spiff_task_id: str
    element_id: str


class CaseWorkflow:
    """A case's running workflow, restored from and saved to ``Case.workflow_state``."""

    def __init__(self, process: ProcessSpec, workflow: BpmnWorkflow) -> None:
        self._process = process
        self._workflow = workflow

    @classmethod
    def start(cls, process: ProcessSpec, data: Mapping[str, Any]) -> CaseWorkflow:
        workflow = BpmnWorkflow(process.spec, process.subprocess_specs, script_engine=_SCRIPT_ENGINE)
        workflow.data.update(data)
        workflow.task_tree.data.update(data)
        case = cls(process, workflow)
        case._run_engine()
        return case

    @classmethod
    def restore(cls, process: ProcessSpec, state: str) -> CaseWorkflow:
        dct = json.loads(state)
        if dct.pop("alur_format", None) != STATE_FORMAT:
            raise ValueError("unknown saved workflow state format")
        workflow = process._serializer.from_dict(dct)
        workflow.script_engine = _SCRIPT_ENGINE
        return cls(process, workflow)

    def save(self) -> str:
        dct = self._process._serializer.to_dict(self._workflow)
        dct["alur_format"] = STATE_FORMAT
        return json.dumps(dct, separators=(",", ":"))

    def ready_steps(self) -> list[ReadyStep]:
        return [
            ReadyStep(spiff_task_id=str(task.id), element_id=task.task_spec.bpmn_id)
            for task in self._workflow.get_tasks(state=TaskState.READY, manual=True)
        ]

    def complete(self, spiff_task_id: str, data: Mapping[str, Any]) -> None:
        """Complete a ready user task with its form data and run the engine to the next wait."""
        task = self._workflow.get_task_from_id(UUID(spiff_task_id))
        if task is None or task.state != TaskState.READY:
            raise ValueError(f"workflow task {spiff_task_id} is not ready")
        task.set_data(**dict(data))
        try:
            task.run()
        except SpiffWorkflowException as error:
            raise _as_expression_error(error) from error
        self._run_engine()

    def _run_engine(self) -> None:
        try:
            self._workflow.do_engine_steps()
        except SpiffWorkflowException as error:
            raise _as_expression_error(error) from error

    @property
    def is_completed(self) -> bool:
        return self._workflow.is_completed()

    def reached_end(self) -> str | None:
        """Name (or id) of the end event the case finished at: the case's outcome."""
        for task in self._workflow.get_tasks(state=TaskState.COMPLETED):
            spec = task.task_spec
            if isinstance(spec, EndEvent):
                return spec.bpmn_name or spec.bpmn_id
        return None

    def moves(self) -> set[tuple[str, str]]:
        """``(from, to)`` element ids the case has moved along so far: which branch each decision took."""
        reached = TaskState.COMPLETED | TaskState.STARTED | TaskState.READY | TaskState.WAITING
        return {
            (task.parent.task_spec.bpmn_id, task.task_spec.bpmn_id)
            for task in self._workflow.get_tasks(state=reached)
            if task.parent is not None and task.task_spec.bpmn_id and task.parent.task_spec.bpmn_id
        }

    def waiting_at(self) -> list[str]:
        """Element ids the case waits at without a step to do (a join waiting for a branch)."""
        return sorted({task.task_spec.bpmn_id for task in self._workflow.get_tasks(state=TaskState.WAITING)
                       if task.task_spec.bpmn_id})

    def cancel(self) -> None:
        self._workflow.cancel()


def _as_expression_error(error: SpiffWorkflowException) -> ExpressionError:
    cause = error.__cause__ or getattr(error, "exception", None)
    if isinstance(cause, ExpressionError):
        return cause
    task = getattr(error, "task", None)
    element_id = task.task_spec.bpmn_id if task is not None else None
    return ExpressionError(N_("Proses gagal dijalankan: %(error)s"), element_id=element_id, error=error)


class _SpecByReference(BpmnWorkflowConverter):
    """Saves a workflow without its spec and restores it onto the cached spec of its definition."""

    process: ProcessSpec

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["spec"] = self.process.key
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any]) -> BpmnWorkflow:
        dct.pop("spec", None)
        dct.pop("subprocess_specs", None)
        workflow = self.target_class(self.process.spec, self.process.subprocess_specs,
                                     script_engine=_SCRIPT_ENGINE, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


_config_lock = threading.Lock()


def _serializer_for(process: ProcessSpec) -> BpmnWorkflowSerializer:
    # Spiff's config is a shared module-level dict: copy it before changing it (SPIFFWORKFLOW-NOTES trap 6).
    with _config_lock:
        config = dict(DEFAULT_CONFIG)
        converter = type("SpecByReference", (_SpecByReference,), {"process": process})
        config[BpmnWorkflow] = converter
        registry = BpmnWorkflowSerializer.configure(config)
    return BpmnWorkflowSerializer(registry)


class SpecCache:
    """Parsed specs by content. A registered definition never changes, so an entry never goes stale."""

    def __init__(self, max_entries: int = 256) -> None:
        self._specs: dict[tuple[str, str], ProcessSpec] = {}
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, key: str, checksum: str, bpmn_xml: Callable[[], str]) -> ProcessSpec:
        """The spec of a definition; ``checksum`` identifies its content across databases."""
        spec = self._specs.get((key, checksum))
        if spec is None:
            spec = ProcessSpec(key, bpmn_xml())
            with self._lock:
                if len(self._specs) >= self._max:
                    self._specs.pop(next(iter(self._specs)))
                self._specs[(key, checksum)] = spec
        return spec


SPEC_CACHE = SpecCache()


# --- Repositioning a running case (migration to another version, moving back or on) --------------------------


@dataclass(frozen=True)
class CasePosition:
    """Where a case stands, in element ids that outlive a version: what a repositioned workflow is built from.

    ``finished_branches`` are the parallel branches already done and waiting at a join for the others, as
    ``(last element of the branch, join)``: without them a join would wait forever for a branch that ran.
    """

    open_steps: tuple[str, ...]
    finished_branches: tuple[tuple[str, str], ...]
    data: dict[str, Any]


def case_position(case: CaseWorkflow) -> CasePosition:
    """The open user tasks, the branches waiting at joins, and the case data the open steps carry."""
    workflow = case._workflow
    data: dict[str, Any] = copy.deepcopy(dict(workflow.data))
    open_steps = []
    for task in workflow.get_tasks(state=TaskState.READY, manual=True):
        open_steps.append(task.task_spec.bpmn_id)
        data.update(copy.deepcopy(task.data))
    finished = []
    for task in workflow.get_tasks(state=TaskState.WAITING):
        if isinstance(task.task_spec, UnstructuredJoin) and task.parent is not None and task.parent.task_spec.bpmn_id:
            finished.append((task.parent.task_spec.bpmn_id, task.task_spec.bpmn_id))
            data.update(copy.deepcopy(task.parent.data))
    return CasePosition(tuple(open_steps), tuple(finished), data)


def reposition(process: ProcessSpec, position: CasePosition) -> CaseWorkflow:
    """A workflow of ``process`` (the case's own version or a newer one) waiting at ``position.open_steps``.

    Spiff has no "start here": the new task tree is the start task, completed, with one READY child per
    target user task (each carrying the case data and predicting its way on as Spiff does after a reset),
    plus a completed task of each finished branch with its join WAITING, as Spiff leaves it when one branch of
    a parallel gateway is done. A finished branch is dropped when a target runs it again or its join is not
    ahead of any target (moving back before the split, or past the join).
    """
    specs = {spec.bpmn_id: spec for spec in process.spec.task_specs.values() if spec.bpmn_id}
    for element_id in position.open_steps:
        if not getattr(specs.get(element_id), "manual", False):
            raise ValueError(f"{element_id} is not a user task of {process.key}")
    for done, join in position.finished_branches:
        if done not in specs or not isinstance(specs.get(join), UnstructuredJoin):
            raise ValueError(f"branch {done} → {join} does not exist in {process.key}")
    ahead = _reachable([specs[element_id] for element_id in position.open_steps])
    workflow = BpmnWorkflow(process.spec, process.subprocess_specs, script_engine=_SCRIPT_ENGINE)
    workflow.data.update(copy.deepcopy(position.data))
    start = workflow.task_tree
    start.data.update(copy.deepcopy(position.data))
    start._drop_children(force=True)
    start._set_state(TaskState.COMPLETED)
    for done, join in position.finished_branches:
        if specs[join] in ahead and specs[done] not in ahead:
            branch = start._add_child(specs[done], TaskState.COMPLETED)
            branch.data = copy.deepcopy(position.data)
            branch._add_child(specs[join], TaskState.WAITING)
    for element_id in position.open_steps:
        task = start._add_child(specs[element_id], TaskState.FUTURE)
        task.data = copy.deepcopy(position.data)
        task.task_spec._predict(task, mask=TaskState.PREDICTED_MASK | TaskState.FUTURE)
        task._ready()
    repositioned = CaseWorkflow(process, workflow)
    repositioned._run_engine()
    return repositioned


def _reachable(starts: list[Any]) -> set[Any]:
    """Task specs reachable from ``starts`` along the flows (the starts themselves only through a loop)."""
    seen: set[Any] = set()
    frontier = [output for spec in starts for output in spec.outputs]
    while frontier:
        spec = frontier.pop()
        if spec not in seen:
            seen.add(spec)
            frontier.extend(spec.outputs)
    return seen
