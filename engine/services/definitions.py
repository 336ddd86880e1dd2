"""Registering SOP folders as versioned process definitions, and reading the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine import access
from engine.db import Database
from engine.definitions.loader import ProcessBundle, content_fingerprint, load_folders
from engine.definitions.roles import KnownRole, RoleBook
from engine.errors import NotFound
from engine.models import ProcessDefinition, ProcessStep, Role, Unit, UnitKind, VersionStatus
from engine.phrases import N_
from engine.runtime import SPEC_CACHE, ProcessSpec
from engine.services.process_versions import PENDING, publish_version, register_version


@dataclass(frozen=True)
class SyncResult:
    key: str
    version: int
    changed: bool
    #: The version's status after the sync (``effective`` when published, ``draft`` with ``as_draft``).
    status: str = VersionStatus.EFFECTIVE.value


def role_lookup(session: Session) -> RoleBook:
    """Lower-cased role names and codes → role code: how lanes and sop.json name roles (with the external
    parties and who records their steps, :mod:`engine.definitions.roles`)."""
    return RoleBook(KnownRole(r.code, r.name, r.is_external, r.recorded_by_code)
                    for r in session.scalars(select(Role).order_by(Role.code)))


def may_start_case(session: Session, actor: access.Actor, definition: ProcessDefinition) -> access.Decision:
    """Whether this person may start a case of this SOP version: the starter roles its sop.json names, read
    through the roles table, put to ``access.may_start``."""
    starter_roles = {r.lower() for r in definition.sop.get("starter_roles", [])}
    lookup = role_lookup(session)
    starter_codes = {lookup[r] for r in starter_roles if r in lookup}
    return access.may_start(actor, definition.name, definition.unit_id, starter_codes)


def sync_processes(db: Database, path: Path, *, as_draft: bool = False) -> list[SyncResult]:
    """Validate every SOP folder under ``path`` and register a new version of each one that changed.

    All or nothing: one invalid folder and nothing is registered. Validating includes the dry run
    (:func:`check_processes`): a process with a branch no case can take or a path that ends stuck is refused.
    By default a new version is in force at once (the operator's deploy step publishes the bundled SOPs); with
    ``as_draft`` it is a draft that the Kadis approves (engine.services.process_versions).
    """
    with db.transaction() as session:
        bundles = load_folders(path, role_lookup(session))
        return [_register(session, bundle, db, publish=not as_draft) for bundle in bundles]


def check_processes(db: Database | None, path: Path) -> list[ProcessBundle]:
    """Everything sync checks, the dry run of every branch included, registering nothing.

    Lanes and starter roles are judged against the database's roles; with ``db`` None (no database at hand)
    they are not judged. Raises :class:`engine.definitions.loader.ProcessLoadFailed` listing every problem.
    """
    if db is None:
        return load_folders(path, None)
    with db.transaction(write=False) as session:
        roles = role_lookup(session)
    return load_folders(path, roles)


def _register(session: Session, bundle: ProcessBundle, db: Database, *, publish: bool) -> SyncResult:
    """The same content as the version in force changes nothing; the same content as a newer draft or approved
    version publishes that one (or leaves it, for a draft sync); other content is a new version. The same content:
    the same SOP whatever its import notes say (:func:`same_content`)."""
    now = db.clock.now()
    latest = session.scalar(
        select(ProcessDefinition).where(ProcessDefinition.key == bundle.key, ProcessDefinition.is_latest)
    )
    unit = ensure_unit_chain(session, bundle.sop["office"], bundle.sop["unit"])
    if latest is not None and same_content(latest, bundle):
        return SyncResult(bundle.key, latest.version, changed=False, status=latest.status.value)
    pending = next((waiting for waiting in session.scalars(
        select(ProcessDefinition).where(ProcessDefinition.key == bundle.key,
                                        ProcessDefinition.status.in_(PENDING),
                                        ProcessDefinition.version > (latest.version if latest else 0))
        .order_by(ProcessDefinition.version.desc())) if same_content(waiting, bundle)), None)
    if pending is not None:
        if not publish:
            return SyncResult(bundle.key, pending.version, changed=False, status=pending.status.value)
        publish_version(session, pending, now, db.timezone)
        return SyncResult(bundle.key, pending.version, changed=True, status=pending.status.value)
    version = (session.scalar(select(func.max(ProcessDefinition.version))
                              .where(ProcessDefinition.key == bundle.key)) or 0) + 1
    recurrence = bundle.sop.get("recurrence") or {}
    definition = ProcessDefinition(
        key=bundle.key, version=version, name=bundle.name, nomor_sop=bundle.sop.get("nomor_sop") or None,
        unit_id=unit.id, jenis=bundle.sop.get("jenis", "biasa"), recurrence=recurrence.get("interval"),
        bpmn_xml=bundle.bpmn_xml, sop=bundle.sop, forms=bundle.forms, checksum=bundle.checksum,
        is_latest=False, created_at=now,
    )
    definition.steps = [
        ProcessStep(
            element_id=s.element_id, position=s.position, name=s.name, documentation=s.documentation,
            role_code=s.role_code, standard_duration=s.standard_duration, standard_time_text=s.standard_time_text,
            time_basis=s.time_basis, requirements=list(s.requirements), output=s.output, form_path=s.form_path,
            performer_role_code=s.performer_role_code,
        )
        for s in bundle.steps
    ]
    register_version(session, definition, now, db.timezone, publish=publish)
    return SyncResult(bundle.key, version, changed=True, status=definition.status.value)


def same_content(definition: ProcessDefinition, bundle: ProcessBundle) -> bool:
    """Whether a registered version runs the SOP of ``bundle``: the same checksum, or the same content with other
    import notes (the same table uploaded again)."""
    return definition.checksum == bundle.checksum or content_fingerprint(
        definition.bpmn_xml, definition.sop, definition.forms,
        [(step.element_id, step.role_code, step.performer_role_code) for step in definition.steps]) == bundle.content


def ensure_unit_chain(session: Session, office: dict[str, Any], unit: dict[str, Any]) -> Unit:
    """Create or rename the office and the units down to the SOP's unit (``unit.parent`` nests)."""
    chain = [unit]
    while isinstance(chain[-1].get("parent"), dict):
        chain.append(chain[-1]["parent"])
    parent = ensure_unit(session, office["code"], office["name"], UnitKind.OFFICE, None)
    for spec in reversed(chain):
        parent = ensure_unit(session, spec["code"], spec["name"], UnitKind(spec.get("kind", "division")), parent)
    return parent


def ensure_unit(session: Session, code: str, name: str, kind: UnitKind, parent: Unit | None) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.code == code))
    if unit is None:
        unit = Unit(code=code, name=name, kind=kind, parent_id=parent.id if parent else None, path="/")
        session.add(unit)
        session.flush()
    unit.name, unit.kind = name, kind
    unit.parent_id = parent.id if parent else None
    new_path = f"{parent.path if parent else '/'}{unit.id}/"
    if unit.path != new_path:
        old_path = unit.path
        for below in session.scalars(select(Unit).where(Unit.path.startswith(old_path), Unit.id != unit.id)) \
                if old_path != "/" else []:
            below.path = new_path + below.path[len(old_path):]
        unit.path = new_path
    session.flush()
    return unit


def spec_of(definition: ProcessDefinition) -> ProcessSpec:
    # ``bpmn_xml`` is deferred: it is loaded (lazily, by the lambda) only when the spec is not cached yet.
    return SPEC_CACHE.get(definition.key, definition.checksum, lambda: definition.bpmn_xml)


@dataclass(frozen=True)
class StepInfo:
    element_id: str
    position: int
    name: str
    documentation: str | None
    role_code: str
    standard_duration: str
    standard_time_text: str | None
    time_basis: str
    requirements: tuple[str, ...]
    output: str | None
    form: dict[str, Any] | None
    #: The external party (Pemohon …) whose lane the step is in; ``role_code`` is then the role that records it
    #: on the party's behalf (engine.definitions.roles). None for a step its own role performs.
    performer_role_code: str | None = None

    @property
    def lane_role_code(self) -> str:
        """The role whose lane (and SOP AP column) the step is drawn in."""
        return self.performer_role_code or self.role_code

    @property
    def is_external(self) -> bool:
        """Done by an external party and recorded by ``role_code`` ("dicatat oleh")."""
        return self.performer_role_code is not None


@dataclass(frozen=True)
class ProcessInfo:
    id: int
    key: str
    version: int
    name: str
    nomor_sop: str | None
    unit_code: str
    unit_name: str
    jenis: str
    recurrence: str | None
    steps: tuple[StepInfo, ...]
    sop: dict[str, Any]
    start_form: dict[str, Any] | None
    created_at: Any
    #: Where the version is in its approval lifecycle (engine.models.VersionStatus), and the day it took effect.
    status: str = VersionStatus.EFFECTIVE.value
    effective_on: Any = None


def process_info(definition: ProcessDefinition) -> ProcessInfo:
    start_form_path = (definition.sop.get("case") or {}).get("start_form")
    return ProcessInfo(
        id=definition.id, key=definition.key, version=definition.version, name=definition.name,
        nomor_sop=definition.nomor_sop, unit_code=definition.unit.code, unit_name=definition.unit.name,
        jenis=definition.jenis, recurrence=definition.recurrence,
        steps=tuple(step_info(definition, s) for s in definition.steps), sop=definition.sop,
        start_form=definition.forms.get(start_form_path) if start_form_path else None,
        created_at=definition.created_at, status=definition.status.value, effective_on=definition.effective_on,
    )


def step_info(definition: ProcessDefinition, step: ProcessStep) -> StepInfo:
    return StepInfo(
        element_id=step.element_id, position=step.position, name=step.name, documentation=step.documentation,
        role_code=step.role_code, standard_duration=step.standard_duration,
        standard_time_text=step.standard_time_text, time_basis=step.time_basis,
        requirements=tuple(step.requirements), output=step.output,
        form=definition.forms.get(step.form_path) if step.form_path else None,
        performer_role_code=step.performer_role_code,
    )


def list_processes(db: Database, *, include_all_versions: bool = False) -> list[ProcessInfo]:
    """The SOP catalogue: the latest version of each process (or every version, for admins)."""
    with db.transaction(write=False) as session:
        query = select(ProcessDefinition).order_by(ProcessDefinition.name, ProcessDefinition.version.desc())
        if not include_all_versions:
            query = query.where(ProcessDefinition.is_latest)
        return [process_info(d) for d in session.scalars(query)]


def get_process(db: Database, key: str, version: int | None = None) -> ProcessInfo:
    with db.transaction(write=False) as session:
        return process_info(latest_definition(session, key, version))


def latest_definition(session: Session, key: str, version: int | None = None) -> ProcessDefinition:
    query = select(ProcessDefinition).where(ProcessDefinition.key == key)
    query = query.where(ProcessDefinition.version == version) if version else query.where(ProcessDefinition.is_latest)
    definition = session.scalar(query)
    if definition is None:
        raise NotFound(N_("Proses '%(key)s' tidak ditemukan."), key=key)
    return definition
