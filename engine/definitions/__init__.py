"""What a process means, checked before it is published: every problem of a file at once, each naming the
file, the line, the element and what to do.

``model`` reads the BPMN with line numbers; ``structure`` refuses what cannot be routed or is not read
(dangling flows, Camunda/Zeebe extensions); ``graph`` finds unreachable elements, dead ends and endless
loops; ``conditions`` checks what decisions read; ``drawing`` checks the picture; ``walk`` drives every
branch in memory; ``folder`` reads sop.json and the forms. ``engine.definitions.loader`` calls them while loading an
SOP folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.definitions.conditions import condition_problems
from engine.definitions.drawing import drawing_problems
from engine.definitions.graph import graph_problems
from engine.definitions.model import ProcessModel, read_process
from engine.definitions.structure import extension_problems, structure_problems
from engine.definitions.walk import DryRun, dry_run
from engine.errors import DefinitionError

__all__ = [
    "DryRun", "ProcessModel", "dry_run", "extension_problems", "meaning_problems", "read_process",
    "structure_problems",
]


def meaning_problems(model: ProcessModel, bpmn_xml: str, start_form: tuple[str, dict[str, Any]] | None,
                     step_forms: Mapping[str, tuple[str, dict[str, Any]]] | None, refused: set[str]
                     ) -> list[DefinitionError]:
    """Paths, decisions and picture of a process whose structure is sound. ``step_forms`` is None when a form
    could not be read: what decisions read is then not judged (the form's own problem is reported)."""
    problems = graph_problems(model, refused)
    if step_forms is not None:
        problems += condition_problems(model, start_form, step_forms, refused)
    problems += drawing_problems(model, bpmn_xml, refused)
    return problems

