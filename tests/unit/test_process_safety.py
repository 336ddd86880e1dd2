"""No code from a process file: the BPMN allow-list at load, and a script environment without eval/exec.

The review ran ``__import__('os')`` from an ``adHocSubProcess`` completion condition, which SpiffWorkflow
evaluates through ``script_engine.environment.evaluate`` (a plain ``eval``), past the restricted
``ScriptEngine.evaluate``. These tests hold both doors: the loader refuses such elements by name, and
even a BPMN that bypasses the loader reaches no ``eval``.
"""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest

from engine.authoring import build_bpmn
from engine.definitions.loader import ProcessLoadFailed, load_folder
from engine.errors import DefinitionError, ExpressionError
from engine.runtime import CaseWorkflow, ProcessSpec, RestrictedEnvironment, RestrictedScriptEngine

from support import decision_sketch, write_process

ROLES = {"pelaksana": "pelaksana", "kepala bidang": "kepala_bidang", "kepala_bidang": "kepala_bidang"}
BPMN_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="uji">'
)


def _hostile(marker: Path) -> str:
    """Python that leaves a file behind if it ever runs."""
    return f"__import__('pathlib').Path({str(marker)!r}).touch() is None"


def _ad_hoc_process(condition: str, key: str = "uji_adhoc") -> str:
    """A process the allow-list refuses: an ad hoc subprocess whose completion condition Spiff evals directly."""
    return f"""{BPMN_HEAD}
  <bpmn:process id="{key}" isExecutable="true">
    <bpmn:startEvent id="mulai"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="mulai" targetRef="adhoc"/>
    <bpmn:adHocSubProcess id="adhoc">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:userTask id="langkah" name="Langkah"/>
      <bpmn:completionCondition xsi:type="bpmn:tFormalExpression">{condition}</bpmn:completionCondition>
    </bpmn:adHocSubProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="adhoc" targetRef="selesai"/>
    <bpmn:endEvent id="selesai"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>"""


def _no_eval(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make Python's eval/exec fail loudly and record any call: nothing in a case may reach them."""
    calls: list[str] = []

    def refuse(name: str) -> Any:
        def called(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            raise AssertionError(f"{name} reached")

        return called

    monkeypatch.setattr(builtins, "eval", refuse("eval"))
    monkeypatch.setattr(builtins, "exec", refuse("exec"))
    return calls


# --- the runtime, with the loader bypassed ------------------------------------------------------------


def test_ad_hoc_completion_condition_runs_no_code_even_without_the_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "dijalankan"
    calls = _no_eval(monkeypatch)
    spec = ProcessSpec("uji_adhoc", _ad_hoc_process(_hostile(marker)))
    with pytest.raises(ExpressionError, match="pemanggilan fungsi"):
        CaseWorkflow.start(spec, {})
    assert not marker.exists()
    assert calls == []


def test_ad_hoc_completion_condition_is_evaluated_by_the_restricted_evaluator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An allowed condition is evaluated, not refused wholesale: a missing name is the evaluator's own error.
    calls = _no_eval(monkeypatch)
    spec = ProcessSpec("uji_adhoc", _ad_hoc_process("selesai == True"))
    with pytest.raises(ExpressionError, match="nama 'selesai' tidak ada dalam data kasus"):
        CaseWorkflow.start(spec, {})
    CaseWorkflow.start(spec, {"selesai": True})
    assert calls == []


def test_restored_cases_use_the_restricted_environment_too() -> None:
    spec = ProcessSpec("uji_aman", build_bpmn(decision_sketch("uji_aman")))
    saved = CaseWorkflow.start(spec, {}).save()
    restored = CaseWorkflow.restore(spec, saved)
    assert isinstance(restored._workflow.script_engine.environment, RestrictedEnvironment)


def test_the_environment_itself_refuses_code() -> None:
    # Spiff calls environment.evaluate directly for completion, loop and multi-instance conditions and for
    # message correlations: the environment must be the restricted one.
    environment = RestrictedScriptEngine().environment
    assert isinstance(environment, RestrictedEnvironment)
    assert environment.evaluate("jumlah > 3", {"jumlah": 5}) is True
    with pytest.raises(ExpressionError, match="pemanggilan fungsi"):
        environment.evaluate("__import__('os').getcwd()", {})
    with pytest.raises(ExpressionError, match="atribut"):
        environment.evaluate("().__class__", {})
    with pytest.raises(ExpressionError, match="Skrip tidak diizinkan"):
        environment.execute("import os", {})
    with pytest.raises(ExpressionError, match="layanan"):
        environment.call_service({}, operation_name="x")


def test_a_script_task_that_bypasses_the_loader_is_refused_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "dijalankan"
    calls = _no_eval(monkeypatch)
    xml = f"""{BPMN_HEAD}
  <bpmn:process id="uji_skrip" isExecutable="true">
    <bpmn:startEvent id="mulai"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="mulai" targetRef="skrip"/>
    <bpmn:scriptTask id="skrip"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:script>import pathlib; pathlib.Path({str(marker)!r}).touch()</bpmn:script></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f2" sourceRef="skrip" targetRef="selesai"/>
    <bpmn:endEvent id="selesai"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>"""
    with pytest.raises(ExpressionError, match="Skrip tidak diizinkan"):
        CaseWorkflow.start(ProcessSpec("uji_skrip", xml), {})
    assert not marker.exists()
    assert calls == []


def test_a_standard_loop_condition_goes_through_the_restricted_evaluator(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "dijalankan"
    calls = _no_eval(monkeypatch)
    xml = f"""{BPMN_HEAD}
  <bpmn:process id="uji_ulang" isExecutable="true">
    <bpmn:startEvent id="mulai"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="mulai" targetRef="langkah"/>
    <bpmn:userTask id="langkah"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:standardLoopCharacteristics testBefore="true">
        <bpmn:loopCondition>{_hostile(marker)}</bpmn:loopCondition>
      </bpmn:standardLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="langkah" targetRef="selesai"/>
    <bpmn:endEvent id="selesai"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>"""
    with pytest.raises(ExpressionError):
        CaseWorkflow.start(ProcessSpec("uji_ulang", xml), {})
    assert not marker.exists()
    assert calls == []


def test_runtime_parsing_refuses_a_doctype_and_expands_no_entity(tmp_path: Path) -> None:
    secret = tmp_path / "rahasia.txt"
    secret.write_text("RAHASIA")
    xml = _ad_hoc_process("True").replace(
        "<bpmn:definitions", f'<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>\n<bpmn:definitions', 1
    ).replace('name="Langkah"', 'name="&x;"')
    with pytest.raises(DefinitionError, match="DOCTYPE"):
        ProcessSpec("uji_adhoc", xml)


# --- the loader's allow-list ---------------------------------------------------------------------------

_BASE = build_bpmn(decision_sketch("uji_aman"))
_AFTER_LANES = "</bpmn:laneSet>"
_IN_TASK = '<bpmn:userTask id="periksa" name="Periksa berkas">'


def _refusal(folder: Path) -> str:
    """The loader's refusal of a folder, whether it reports the first problem or all of them."""
    with pytest.raises((DefinitionError, ProcessLoadFailed)) as refused:
        load_folder(folder, ROLES)
    return str(refused.value)


def _insert_after(anchor: str, xml: str) -> Any:
    return lambda text: text.replace(anchor, anchor + xml, 1)


REFUSALS = [
    # (case, transform, element id named, words the message must hold)
    ("ad_hoc", _insert_after(_AFTER_LANES, '<bpmn:adHocSubProcess id="adhoc"><bpmn:userTask id="t"/>'
                             "<bpmn:completionCondition>__import__('os')</bpmn:completionCondition>"
                             "</bpmn:adHocSubProcess>"),
     "adhoc", ["adHocSubProcess tidak didukung", "userTask"]),
    ("sub_process", _insert_after(_AFTER_LANES, '<bpmn:subProcess id="sub"/>'), "sub", ["subProcess"]),
    ("call_activity", _insert_after(_AFTER_LANES, '<bpmn:callActivity id="panggil" calledElement="x"/>'),
     "panggil", ["callActivity"]),
    ("script_task", _insert_after(_AFTER_LANES, '<bpmn:scriptTask id="skrip"><bpmn:script>x = 1</bpmn:script>'
                                  "</bpmn:scriptTask>"), "skrip", ["skrip", "userTask"]),
    ("service_task", _insert_after(_AFTER_LANES, '<bpmn:serviceTask id="layanan"/>'), "layanan",
     ["serviceTask"]),
    ("timer", _insert_after(_AFTER_LANES, '<bpmn:intermediateCatchEvent id="tunggu"><bpmn:timerEventDefinition>'
                            "<bpmn:timeDuration>\"PT1H\"</bpmn:timeDuration></bpmn:timerEventDefinition>"
                            "</bpmn:intermediateCatchEvent>"), "tunggu", ["intermediateCatchEvent"]),
    ("timer_on_start", lambda t: t.replace('<bpmn:startEvent id="mulai" name="Mulai">',
                                           '<bpmn:startEvent id="mulai" name="Mulai"><bpmn:timerEventDefinition/>', 1),
     "mulai", ["timer", "standard_duration"]),
    ("message_start", lambda t: t.replace('<bpmn:startEvent id="mulai" name="Mulai">',
                                          '<bpmn:startEvent id="mulai" name="Mulai">'
                                          '<bpmn:messageEventDefinition messageRef="m"/>', 1),
     "mulai", ["kejadian pesan"]),
    ("signal", _insert_after(_AFTER_LANES, '<bpmn:boundaryEvent id="batas" attachedToRef="periksa">'
                             "<bpmn:signalEventDefinition/></bpmn:boundaryEvent>"), "batas", ["boundaryEvent"]),
    ("multi_instance", _insert_after(_IN_TASK, '<bpmn:multiInstanceLoopCharacteristics>'
                                     "<bpmn:completionCondition>__import__('os')</bpmn:completionCondition>"
                                     "</bpmn:multiInstanceLoopCharacteristics>"),
     "periksa", ["multi-instance", "exclusiveGateway"]),
    ("standard_loop", _insert_after(_IN_TASK, "<bpmn:standardLoopCharacteristics><bpmn:loopCondition>x"
                                    "</bpmn:loopCondition></bpmn:standardLoopCharacteristics>"),
     "periksa", ["standardLoopCharacteristics"]),
    ("inclusive", _insert_after(_AFTER_LANES, '<bpmn:inclusiveGateway id="pilih"/>'), "pilih",
     ["inclusiveGateway", "exclusiveGateway"]),
    ("message_definition", lambda t: t.replace("<bpmn:collaboration", '<bpmn:message id="pesan" name="m"/>'
                                               "<bpmn:collaboration", 1), "pesan", ["message"]),
    ("correlation", lambda t: t.replace("<bpmn:collaboration", '<bpmn:correlationProperty id="kor">'
                                        "<bpmn:correlationPropertyRetrievalExpression messageRef=\"m\">"
                                        "<bpmn:formalExpression>__import__('os')</bpmn:formalExpression>"
                                        "</bpmn:correlationPropertyRetrievalExpression></bpmn:correlationProperty>"
                                        "<bpmn:collaboration", 1), "kor", ["korelasi"]),
    ("data_object", _insert_after(_AFTER_LANES, '<bpmn:dataObject id="data"/>'), "data", ["formulir"]),
    ("pre_script", lambda t: t.replace("<spiffworkflow:properties>",
                                       "<spiffworkflow:preScript>import os</spiffworkflow:preScript>"
                                       "<spiffworkflow:properties>", 1), "periksa", ["preScript"]),
    ("foreign_extension", lambda t: t.replace(
        "<spiffworkflow:properties>",
        '<lain:aturan xmlns:lain="http://contoh.invalid/ekstensi"/><spiffworkflow:properties>', 1),
     "periksa", ["contoh.invalid/ekstensi", "tidak dibaca Alur"]),
    ("foreign_attribute", lambda t: t.replace(
        _IN_TASK, '<bpmn:userTask id="periksa" name="Periksa berkas" '
        'xmlns:lain="http://contoh.invalid/ekstensi" lain:petugas="x">', 1),
     "periksa", ["atribut", "contoh.invalid/ekstensi"]),
    ("unknown_attribute", lambda t: t.replace(_IN_TASK, '<bpmn:userTask id="periksa" name="Periksa berkas" '
                                              'implementation="##WebService">', 1),
     "periksa", ["atribut 'implementation'"]),
    ("condition_language", lambda t: t.replace('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">',
                                               '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" '
                                               'language="python">', 1),
     "flow_cek_lengkap_setujui", ["atribut 'language'"]),
    ("misplaced_condition", lambda t: t.replace("<bpmn:incoming>flow_mulai_periksa</bpmn:incoming>",
                                                "<bpmn:incoming>flow_mulai_periksa</bpmn:incoming>"
                                                "<bpmn:conditionExpression>True</bpmn:conditionExpression>", 1),
     "periksa", ["bpmn:conditionExpression tidak boleh berada di dalam bpmn:userTask"]),
]


@pytest.mark.parametrize(("case", "transform", "element_id", "words"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_elements_outside_the_allow_list_are_refused_by_name(
    tmp_path: Path, case: str, transform: Any, element_id: str, words: list[str]
) -> None:
    folder = write_process(tmp_path, decision_sketch("uji_aman"), bpmn=transform(_BASE))
    message = _refusal(folder)
    assert "process.bpmn" in message
    assert f"elemen {element_id}:" in message
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    ("prologue", "words"),
    [
        ('<!DOCTYPE bpmn:definitions SYSTEM "http://contoh.invalid/bpmn.dtd">', ["DOCTYPE"]),
        ('<!DOCTYPE d [<!ENTITY x "teks">]>', ["DOCTYPE"]),
        ('<?xml-stylesheet href="gaya.xsl"?>', ["instruksi pemrosesan", "xml-stylesheet"]),
    ],
)
def test_doctype_and_processing_instructions_are_refused(tmp_path: Path, prologue: str, words: list[str]) -> None:
    bpmn = _BASE.replace("<bpmn:definitions", prologue + "\n<bpmn:definitions", 1)
    folder = write_process(tmp_path, decision_sketch("uji_aman"), bpmn=bpmn)
    message = _refusal(folder)
    for word in words:
        assert word in message


def test_a_processing_instruction_inside_the_document_is_refused(tmp_path: Path) -> None:
    bpmn = _BASE.replace(_AFTER_LANES, _AFTER_LANES + "<?php system('id'); ?>", 1)
    folder = write_process(tmp_path, decision_sketch("uji_aman"), bpmn=bpmn)
    assert "<?php ...?>" in _refusal(folder)


def test_what_alur_uses_is_allowed(tmp_path: Path) -> None:
    # Documentation, a text annotation with its association and comments are harmless and stay allowed.
    extra = ('<!-- catatan penyusun --><bpmn:textAnnotation id="catatan"><bpmn:text>Lihat SOP</bpmn:text>'
             '</bpmn:textAnnotation><bpmn:association id="ke_catatan" sourceRef="periksa" targetRef="catatan"/>')
    bpmn = _BASE.replace("</bpmn:process>", extra + "</bpmn:process>", 1)
    folder = write_process(tmp_path, decision_sketch("uji_aman"), bpmn=bpmn)
    bundle = load_folder(folder, ROLES)
    assert [step.element_id for step in bundle.steps] == ["periksa", "setujui"]


def test_the_first_problem_is_reported_not_a_crash_for_a_foreign_root(tmp_path: Path) -> None:
    folder = write_process(tmp_path, decision_sketch("uji_aman"), bpmn='<?xml version="1.0"?><html/>')
    assert "process.bpmn" in _refusal(folder)
