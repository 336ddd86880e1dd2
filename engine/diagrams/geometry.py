"""What authoring and drawing share about a BPMN diagram: namespaces, rectangles and cycles.

The authoring tool (``engine.authoring``) lays diagrams out with these; the renderer
(``engine.diagrams``) reads and draws them. Neither imports the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"


@dataclass(frozen=True)
class Bounds:
    """A rectangle in diagram coordinates."""

    x: float
    y: float
    width: float
    height: float

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


def back_edges(roots: Sequence[str], successors: Mapping[str, Sequence[tuple[str, str]]]) -> set[str]:
    """Edge ids that close a cycle, by a depth-first walk from ``roots`` (node → [(edge id, target)])."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    back: set[str] = set()
    for root in roots:
        if root in state:
            continue
        state[root] = 1
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, index = stack[-1]
            outs = successors.get(node, ())
            if index < len(outs):
                stack[-1] = (node, index + 1)
                edge, target = outs[index]
                if state.get(target) == 1:
                    back.add(edge)
                elif target not in state:
                    state[target] = 1
                    stack.append((target, 0))
            else:
                state[node] = 2
                stack.pop()
    return back

