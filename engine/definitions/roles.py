"""Roles as the office names them, and the one rule for a step in an external party's lane.

Roles are data (the ``roles`` table, ``alur role create``). Most are held by staff; an *external party*
(Pemohon, Sistem OSS, pihak ketiga) is held by nobody in the office: a role marked external, with the internal
role that records its steps. A step drawn in an external party's lane keeps that lane (in the diagram and the
SOP AP document) but lands in the recording role's queue, so inboxes, queues and access rules need not know
about external parties; the step and its task carry the party as ``performer_role_code`` and pages say the step
was done "atas nama" the party. :func:`step_roles` is where that is decided, at sync.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: Role codes: lower case, digits and underscores, as the other codes of Alur.
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class KnownRole:
    code: str
    name: str
    is_external: bool = False
    #: For an external party: the internal role whose queue its steps land in.
    recorded_by: str | None = None


@dataclass(frozen=True)
class StepRoles:
    """Who works on a step in Alur, and on whose behalf."""

    #: The role whose queue the step lands in (``tasks.role_code``).
    queue_role: str
    #: The external party whose lane the step is drawn in; None when the queue's role performs it itself.
    performer_role: str | None = None


class RoleBook(dict[str, str]):
    """How lanes and sop.json name roles (lower-cased name or code → code), knowing the external parties.

    A plain ``dict`` to whoever only looks names up; :func:`step_roles` and the messages read the rest.
    """

    def __init__(self, roles: Iterable[KnownRole]) -> None:
        self.roles: dict[str, KnownRole] = {r.code: r for r in roles}
        super().__init__()
        for role in self.roles.values():
            self[role.code.lower()] = role.code
        for role in self.roles.values():
            self.setdefault(role.name.strip().lower(), role.code)

    def is_external(self, code: str) -> bool:
        role = self.roles.get(code)
        return bool(role and role.is_external)

    def describe(self) -> str:
        """The known roles in words, external parties with who records them: for a refusal's message."""
        parts = []
        for role in sorted(self.roles.values(), key=lambda r: (r.is_external, r.name.lower())):
            if role.is_external:
                recorder = self.roles.get(role.recorded_by or "")
                by = recorder.name if recorder else role.recorded_by
                parts.append(f"{role.name} (pihak luar, dicatat oleh {by})")
            else:
                parts.append(role.name)
        return ", ".join(parts) or "belum ada"


def step_roles(roles: Mapping[str, str], role_code: str) -> StepRoles:
    """The queue and performing role of a step drawn in ``role_code``'s lane.

    An external party's step goes to the role that records it; any other step to its lane's role. ``roles``
    without external parties (a plain mapping: no database at hand) leaves every step with its lane's role.
    """
    if isinstance(roles, RoleBook):
        role = roles.roles.get(role_code)
        if role is not None and role.is_external and role.recorded_by:
            return StepRoles(queue_role=role.recorded_by, performer_role=role.code)
    return StepRoles(queue_role=role_code)


def suggested_code(name: str) -> str:
    """A role code for a name as offices write it ("Sistem OSS" → ``sistem_oss``), for a message's example."""
    code = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")
    if not code or not code[0].isalpha():
        code = f"peran_{code}".rstrip("_")
    return code[:40]


def unknown_lane_message(lane: str, step_ids: Iterable[str], roles: Mapping[str, str]) -> str:
    """Why a lane is refused at sync, the roles that are known and the command that adds the one it names."""
    known = roles.describe() if isinstance(roles, RoleBook) else (", ".join(sorted(set(roles.values()))) or
                                                                  "belum ada")
    steps = ", ".join(step_ids)
    return (f"lane '{lane}' tidak menyebut peran yang dikenal (langkah {steps}). Peran yang dikenal: {known}. "
            f"Ganti nama lane dengan salah satunya, atau tambahkan perannya: "
            f"alur role create {suggested_code(lane)} --name \"{lane.strip()}\" "
            f"(pihak luar seperti pemohon: tambahkan --external --recorded-by pelaksana), "
            f"atau di halaman Admin › Peran")


def on_behalf_of(performer_role_code: str | None) -> dict[str, str]:
    """The part of a step's event that says it was recorded for an external party (nothing for the others)."""
    return {"on_behalf_of": performer_role_code} if performer_role_code else {}
