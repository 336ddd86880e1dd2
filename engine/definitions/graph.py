"""Paths: every element can be reached from the start, and from every element a case can reach an end.

A step with no outgoing flow or a loop without a way out leaves every case that gets there stuck for good;
an element no flow leads to is never run. Only the root of each problem is reported (the dead end, the loop,
the first unreachable element), not everything downstream of it.
"""

from __future__ import annotations

from engine.definitions.model import ProcessModel, reachable
from engine.errors import DefinitionError


def graph_problems(model: ProcessModel, refused: set[str]) -> list[DefinitionError]:
    """Unreachable elements, dead ends and loops with no way to an end event."""
    forward = {node: [f.target for f in model.outgoing(node)] for node in model.nodes}
    backward = {node: [f.source for f in model.incoming(node)] for node in model.nodes}
    starts = [n.id for n in model.of_kind("startEvent")]
    if not starts:
        return []  # reported by the structure checks
    problems: list[DefinitionError] = []
    unreached = set(model.nodes) - reachable(starts, forward) - refused
    for group in _root_groups(unreached, backward):
        first, *others = group
        also = f" (juga: {', '.join(others)})" if others else ""
        if not model.incoming(first) and not others:
            message = ("elemen ini tidak dapat dicapai: tidak ada alur yang menuju ke sini; tambahkan alur dari "
                       "langkah sebelumnya atau hapus elemen ini")
        else:
            message = (f"elemen ini{also} tidak dapat dicapai dari peristiwa mulai: alur yang menuju ke sini "
                       "hanya datang dari elemen yang juga tidak tercapai; hubungkan dengan alur dari mulai")
        problems.append(model.problem(message, first))
    ends = [n.id for n in model.of_kind("endEvent")]
    stuck = set(model.nodes) - reachable(ends, backward) - refused - unreached
    for group in _root_groups(stuck, forward):
        first, *others = group
        node = model.nodes[first]
        if not others and not model.outgoing(first):
            message = (f"'{node.name}' tidak memiliki alur keluar: setiap kasus yang sampai di sini akan macet; "
                       "tambahkan alur ke langkah berikutnya atau ke peristiwa akhir (bpmn:endEvent)")
        else:
            members = ", ".join(group)
            message = (f"perulangan tanpa jalan keluar ({members}): kasus yang masuk tidak pernah sampai ke "
                       "peristiwa akhir; tambahkan alur dari perulangan ke langkah lanjutan atau ke bpmn:endEvent")
        problems.append(model.problem(message, first))
    return problems


def _root_groups(bad: set[str], step: dict[str, list[str]]) -> list[list[str]]:
    """The closed groups of ``bad``: nodes from which every node ``step`` leads to leads back (a dead end or a
    loop that cannot be left), each sorted, the group's first element first. Nodes that only lead into such a
    group are left out: fixing the group fixes them."""
    reach = {node: reachable(step.get(node, ()), step) for node in bad}
    groups: list[list[str]] = []
    placed: set[str] = set()
    for node in sorted(bad):
        if node in placed or not all(node in reach.get(other, set()) for other in reach[node]):
            continue
        if reach[node] - bad:
            continue
        group = sorted({node} | reach[node])
        placed.update(group)
        groups.append(group)
    return groups
