"""The approval lifecycle of an SOP's versions: draft → approved → effective → archived (a draft may be discarded).

Why: Permenpan RB 35/2012 wants an SOP *disahkan* by the head of the office before it is used, and used from its
Tanggal Efektif. A version imported or revised is a draft; the Kadis approves it in Alur, recording the SOP AP
document's "Disahkan oleh" (position, name, NIP, date); it takes effect on its Tanggal Efektif by the office's
local date. From then on new cases start on it; running cases stay on the version they started with. openSOP's
DRAFT → REVIEW → APPROVED → ACTIVE → ARCHIVED is the document-side anchor (the review happens on the printed
draft, outside Alur). ``alur processes sync`` is the operator's deploy step: it publishes bundled SOPs in force
at once, skipping approval, unless told ``--draft``.

Which version is in force is one stored flag (``ProcessDefinition.is_latest``, status EFFECTIVE) that the
catalogue, the reports and case starts read. An approved version whose day has come is brought into force by
whichever comes first: its approval (when the day is already here), the start of a case of its SOP
(:func:`definition_in_force`), the versions list, or the scheduler's pass (:func:`bring_due_versions_into_force`).
Every move goes through :func:`_move`, the one table of allowed transitions; anything else raises
:class:`~engine.errors.IllegalTransition`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import access
from engine.access import load_actor
from engine.db import Database
from engine.errors import IllegalTransition, NotFound, ValidationFailed
from engine.labels import version_status_label
from engine.models import EventKind, ProcessDefinition, User, VersionStatus, record_event
from engine.phrases import N_, Phrase, When

log = logging.getLogger(__name__)

DRAFT, APPROVED, EFFECTIVE = VersionStatus.DRAFT, VersionStatus.APPROVED, VersionStatus.EFFECTIVE
ARCHIVED, DISCARDED = VersionStatus.ARCHIVED, VersionStatus.DISCARDED

#: The only moves a version makes. DRAFT → EFFECTIVE is the operator's publish (sync), the Kadis' path goes
#: through APPROVED; APPROVED → ARCHIVED is an approved version overtaken by a newer one before its day came.
_MOVES: dict[VersionStatus, frozenset[VersionStatus]] = {
    DRAFT: frozenset({APPROVED, EFFECTIVE, DISCARDED}),
    APPROVED: frozenset({EFFECTIVE, ARCHIVED}),
    EFFECTIVE: frozenset({ARCHIVED}),
    ARCHIVED: frozenset(),
    DISCARDED: frozenset(),
}
_DOING = {APPROVED: N_("disahkan"), EFFECTIVE: N_("diberlakukan"), ARCHIVED: N_("diarsipkan"), DISCARDED: N_("dibuang")}
_EVENTS = {APPROVED: EventKind.VERSION_APPROVED, EFFECTIVE: EventKind.VERSION_TOOK_EFFECT,
           ARCHIVED: EventKind.VERSION_ARCHIVED, DISCARDED: EventKind.VERSION_DISCARDED}
#: Statuses of a version that may still come into force.
PENDING = (DRAFT, APPROVED)

NIP_DIGITS = 18
MAX_NAME, MAX_POSITION = 200, 250


def office_today(now: datetime, timezone: str) -> date:
    """The office's local date: a Tanggal Efektif begins at local midnight, not UTC's."""
    return now.astimezone(ZoneInfo(timezone)).date()


def planned_effective_on(sop: dict[str, Any]) -> date | None:
    """The SOP's own Tanggal Efektif (sop.json ``tanggal_efektif``, ISO), if it states a valid one."""
    raw = sop.get("tanggal_efektif")
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


# --- the transitions ------------------------------------------------------------------------------------------

def _move(session: Session, definition: ProcessDefinition, to: VersionStatus, at: datetime, actor_id: int | None,
          payload: dict[str, Any] | None = None) -> None:
    """One status change with its timestamps, the in-force flag and its event; refused unless ``_MOVES`` has it."""
    _require_move(definition, to)
    definition.status = to
    if to == EFFECTIVE:
        definition.is_latest, definition.took_effect_at = True, at
    elif to == ARCHIVED:
        definition.is_latest, definition.archived_at = False, at
    elif to == DISCARDED:
        definition.discarded_at = at
    record_event(session, kind=_EVENTS[to], at=at, actor_id=actor_id,
                 payload={"process": definition.key, "version": definition.version, **(payload or {})})


def _require_move(definition: ProcessDefinition, to: VersionStatus) -> None:
    if to not in _MOVES[definition.status]:
        raise IllegalTransition(
            N_("Versi %(version)s SOP '%(name)s' berstatus '%(status)s'; tidak dapat %(to)s."),
            version=definition.version, name=definition.name,
            status=Phrase(version_status_label(definition.status)), to=Phrase(_DOING[to]))


def _take_effect(session: Session, definition: ProcessDefinition, at: datetime, actor_id: int | None,
                 payload: dict[str, Any]) -> None:
    """``definition`` comes into force; the version it replaces, and approved ones older than it, are archived."""
    older = session.scalars(
        select(ProcessDefinition).where(ProcessDefinition.key == definition.key,
                                        ProcessDefinition.version < definition.version,
                                        ProcessDefinition.status.in_((EFFECTIVE, APPROVED)))
        .order_by(ProcessDefinition.version).with_for_update()).all()
    for replaced in older:
        _move(session, replaced, ARCHIVED, at, actor_id, {"replaced_by": definition.version})
    session.flush()  # the old version leaves force before the new one enters it
    _move(session, definition, EFFECTIVE, at, actor_id, payload)


def _bring_into_force(session: Session, key: str, now: datetime, today: date) -> ProcessDefinition | None:
    """The newest approved version of ``key`` whose Tanggal Efektif has come takes effect (if any)."""
    due = session.scalar(
        select(ProcessDefinition).where(ProcessDefinition.key == key, ProcessDefinition.status == APPROVED,
                                        ProcessDefinition.effective_on <= today)
        .order_by(ProcessDefinition.version.desc()).limit(1).with_for_update())
    if due is None:
        return None
    current = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == key,
                                                             ProcessDefinition.status == EFFECTIVE))
    if current is not None and current.version > due.version:  # overtaken by a newer published version
        _move(session, due, ARCHIVED, now, None, {"replaced_by": current.version})
        return None
    _take_effect(session, due, now, None, {"effective_on": today.isoformat()})
    return due


def register_version(session: Session, definition: ProcessDefinition, now: datetime, timezone: str, *,
                     publish: bool) -> None:
    """A version just built by sync or import: a draft, or with ``publish`` in force at once (the operator's
    deploy step, which is its own approval)."""
    definition.status, definition.is_latest = DRAFT, False
    session.add(definition)
    session.flush()
    record_event(session, kind=EventKind.VERSION_REGISTERED, at=now, actor_id=None,
                 payload={"process": definition.key, "version": definition.version})
    if publish:
        publish_version(session, definition, now, timezone)


def publish_version(session: Session, definition: ProcessDefinition, now: datetime, timezone: str) -> None:
    """A draft or approved version in force now, by the operator (sync), whatever its Tanggal Efektif."""
    definition.effective_on = office_today(now, timezone)
    _take_effect(session, definition, now, None, {"published_by": "sync"})


def definition_in_force(session: Session, db: Database, key: str) -> ProcessDefinition:
    """The version new cases of ``key`` start on: the newest approved one whose Tanggal Efektif has come
    (brought into force here if the scheduler has not done it yet)."""
    now = db.clock.now()
    _bring_into_force(session, key, now, office_today(now, db.timezone))
    definition = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == key,
                                                                ProcessDefinition.is_latest))
    if definition is not None:
        return definition
    if session.scalar(select(ProcessDefinition.id).where(ProcessDefinition.key == key).limit(1)) is None:
        raise NotFound(N_("Proses '%(key)s' tidak ditemukan."), key=key)
    raise NotFound(N_("Proses '%(key)s' belum berlaku: belum ada versi yang disahkan Kepala Dinas dan mencapai "
                      "tanggal efektifnya."), key=key)


def bring_due_versions_into_force(db: Database, now: datetime, errors: list[str] | None = None) -> int:
    """The scheduler's sweep: every approved version whose day has come takes effect; one transaction per SOP,
    and an SOP that fails is logged (and added to ``errors``) while the others go on."""
    today = office_today(now, db.timezone)
    with db.transaction(write=False) as session:
        keys = sorted(set(session.scalars(select(ProcessDefinition.key).where(
            ProcessDefinition.status == APPROVED, ProcessDefinition.effective_on <= today))))
    done = 0
    for key in keys:
        try:
            with db.transaction() as session:
                if _bring_into_force(session, key, now, today) is not None:
                    done += 1
        except Exception as error:
            log.exception("bringing a version of %s into force failed", key)
            if errors is not None:
                errors.append(f"version {key}: {error}")
    return done


# --- what the pages show --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Approval:
    """The "Disahkan oleh" as recorded in Alur."""

    position: str
    name: str
    nip: str
    approved_on: date
    approved_at: datetime
    recorded_by: str | None


@dataclass(frozen=True)
class VersionInfo:
    key: str
    version: int
    name: str
    nomor_sop: str | None
    status: str
    created_at: datetime
    #: The SOP's own Tanggal Efektif (what the document says); ``effective_on`` is the day it took (takes) effect.
    planned_effective_on: date | None
    effective_on: date | None
    took_effect_at: datetime | None
    archived_at: datetime | None
    discarded_at: datetime | None
    approval: Approval | None
    steps: int
    #: A draft newer than the version in force: the only kind the Kadis may approve.
    approvable: bool


@dataclass(frozen=True)
class ApprovalDefaults:
    """What the "Sahkan" form starts with: the SOP's own "Disahkan oleh", or this person's last approval."""

    position: str
    name: str
    nip: str
    approved_on: date


@dataclass(frozen=True)
class VersionList:
    key: str
    name: str
    #: Newest first.
    versions: tuple[VersionInfo, ...]
    in_force: int | None
    may_approve: bool
    may_discard: bool
    defaults: ApprovalDefaults


def _info(session: Session, definition: ProcessDefinition, in_force: int | None) -> VersionInfo:
    approval = None
    if definition.approved_at is not None and definition.approved_on is not None:
        recorder = session.get(User, definition.approved_by_id) if definition.approved_by_id else None
        approval = Approval(position=definition.approver_position or "", name=definition.approver_name or "",
                            nip=definition.approver_nip or "", approved_on=definition.approved_on,
                            approved_at=definition.approved_at,
                            recorded_by=recorder.full_name if recorder else None)
    return VersionInfo(
        key=definition.key, version=definition.version, name=definition.name, nomor_sop=definition.nomor_sop,
        status=definition.status.value, created_at=definition.created_at,
        planned_effective_on=planned_effective_on(definition.sop), effective_on=definition.effective_on,
        took_effect_at=definition.took_effect_at, archived_at=definition.archived_at,
        discarded_at=definition.discarded_at, approval=approval, steps=len(definition.steps),
        approvable=definition.status == DRAFT and definition.version > (in_force or 0),
    )


def _versions(session: Session, key: str) -> list[ProcessDefinition]:
    versions = list(session.scalars(select(ProcessDefinition).where(ProcessDefinition.key == key)
                                    .order_by(ProcessDefinition.version.desc())))
    if not versions:
        raise NotFound(N_("Proses '%(key)s' tidak ditemukan."), key=key)
    return versions


def _defaults(session: Session, actor: access.Actor, newest: ProcessDefinition, today: date) -> ApprovalDefaults:
    signed = (newest.sop.get("disahkan_oleh") or {}) if isinstance(newest.sop.get("disahkan_oleh"), dict) else {}
    mine = session.scalar(select(ProcessDefinition).where(ProcessDefinition.approved_by_id == actor.id)
                          .order_by(ProcessDefinition.approved_at.desc(), ProcessDefinition.id.desc()).limit(1))
    return ApprovalDefaults(
        position=str(signed.get("jabatan") or (mine.approver_position if mine else "") or ""),
        name=str((mine.approver_name if mine else "") or signed.get("nama") or actor.user.full_name),
        nip=str(actor.user.nip or (mine.approver_nip if mine else "") or signed.get("nip") or ""),
        approved_on=today,
    )


def list_versions(db: Database, actor_id: int, key: str) -> VersionList:
    """Every version of one SOP with its status, dates and who approved it (anyone signed in may read it).

    Brings a version whose day has come into force first, so the list never shows a stale "waiting" status (a
    writing transaction only then: reading the page takes no write lock).
    """
    now = db.clock.now()
    today = office_today(now, db.timezone)
    with db.transaction(write=False) as session:
        due = session.scalar(select(ProcessDefinition.id).where(
            ProcessDefinition.key == key, ProcessDefinition.status == APPROVED,
            ProcessDefinition.effective_on <= today).limit(1)) is not None
    if due:
        with db.transaction() as session:
            _bring_into_force(session, key, now, today)
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        versions = _versions(session, key)
        in_force = next((d.version for d in versions if d.status == EFFECTIVE), None)
        newest = versions[0]
        return VersionList(
            key=key, name=(next((d for d in versions if d.status == EFFECTIVE), newest)).name,
            versions=tuple(_info(session, d, in_force) for d in versions), in_force=in_force,
            may_approve=bool(access.may_approve_sop(actor, newest.unit_id)),
            may_discard=bool(access.may_discard_sop_draft(actor, newest.unit_id)),
            defaults=_defaults(session, actor, newest, today),
        )


def _version(session: Session, key: str, version: int) -> ProcessDefinition:
    definition = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == key,
                                                                ProcessDefinition.version == version)
                                .with_for_update())
    if definition is None:
        raise NotFound(N_("Versi %(version)s SOP '%(key)s' tidak ditemukan."), version=version, key=key)
    return definition


def _refuse_older_than_in_force(session: Session, definition: ProcessDefinition, doing: str) -> None:
    current = session.scalar(select(ProcessDefinition.version).where(ProcessDefinition.key == definition.key,
                                                                     ProcessDefinition.status == EFFECTIVE))
    if current is not None and definition.version < current:
        raise IllegalTransition(
            N_("Versi %(version)s lebih lama daripada versi %(current)s yang sedang berlaku; tidak dapat %(doing)s. "
               "Buang draf ini dan impor ulang dari versi yang berlaku."),
            version=definition.version, current=current, doing=Phrase(doing))


def _clean_approval(position: str, name: str, nip: str, approved_on: date | None, registered_on: date,
                    today: date) -> tuple[str, str, str, date]:
    """The "Disahkan oleh" fields checked all at once; nothing is written when one is wrong."""
    position, name = " ".join((position or "").split()), " ".join((name or "").split())
    nip = re.sub(r"[\s.]", "", nip or "")
    errors: dict[str, str] = {}
    if not position:
        errors["position"] = N_("Isi jabatan pejabat yang mengesahkan (contoh: Kepala Dinas Koperasi dan UKM).")
    elif len(position) > MAX_POSITION:
        errors["position"] = Phrase(N_("Jabatan paling panjang %(max_position)s karakter."),
                                    {"max_position": MAX_POSITION})
    if not name:
        errors["name"] = N_("Isi nama pejabat yang mengesahkan, dengan gelarnya.")
    elif len(name) > MAX_NAME:
        errors["name"] = Phrase(N_("Nama paling panjang %(max_name)s karakter."), {"max_name": MAX_NAME})
    if not (nip.isascii() and nip.isdigit() and len(nip) == NIP_DIGITS):
        errors["nip"] = Phrase(N_("NIP terdiri atas %(nip_digits)s angka (contoh: 19650817 199003 1 012)."),
                               {"nip_digits": NIP_DIGITS})
    if approved_on is None:
        errors["approved_on"] = N_("Isi tanggal pengesahan (contoh: 2026-12-03).")
    elif approved_on > today:
        errors["approved_on"] = N_("Tanggal pengesahan tidak boleh setelah hari ini.")
    elif approved_on < registered_on:
        errors["approved_on"] = Phrase(N_("Tanggal pengesahan tidak boleh sebelum versi ini didaftarkan (%(date)s)."),
                                       {"date": When(registered_on)})
    if errors:
        raise ValidationFailed(N_("Data pengesahan belum benar; SOP belum disahkan."), errors)
    assert approved_on is not None
    return position, name, nip, approved_on


def approve_version(db: Database, actor_id: int, key: str, version: int, *, position: str, name: str, nip: str,
                    approved_on: date | None) -> VersionInfo:
    """The Kadis approves a draft ("Disahkan oleh": position, name, NIP, date). It takes effect on the SOP's
    Tanggal Efektif (the approval day when the SOP names none), at once if that day has come."""
    now = db.clock.now()
    today = office_today(now, db.timezone)
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        definition = _version(session, key, version)
        access.may_approve_sop(actor, definition.unit_id).enforce()
        _require_move(definition, APPROVED)  # only a draft is approved
        _refuse_older_than_in_force(session, definition, "disahkan")
        position, name, nip, approved_on = _clean_approval(  # the signer's own NIP when the form leaves it empty
            position, name, nip or actor.user.nip or "", approved_on,
            office_today(definition.created_at, db.timezone), today)
        definition.approved_by_id, definition.approved_at, definition.approved_on = actor.id, now, approved_on
        definition.approver_position, definition.approver_name, definition.approver_nip = position, name, nip
        definition.effective_on = planned_effective_on(definition.sop) or approved_on
        _move(session, definition, APPROVED, now, actor.id,
              {"position": position, "name": name, "nip": nip, "approved_on": approved_on.isoformat(),
               "effective_on": definition.effective_on.isoformat()})
        session.flush()
        _bring_into_force(session, key, now, today)
        current = session.scalar(select(ProcessDefinition.version).where(ProcessDefinition.key == key,
                                                                         ProcessDefinition.status == EFFECTIVE))
        return _info(session, definition, current)


def discard_draft(db: Database, actor_id: int, key: str, version: int) -> VersionInfo:
    """A draft that will not be approved is thrown away (kept for the record); only a draft can be."""
    now = db.clock.now()
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        definition = _version(session, key, version)
        access.may_discard_sop_draft(actor, definition.unit_id).enforce()
        _move(session, definition, DISCARDED, now, actor.id)
        current = session.scalar(select(ProcessDefinition.version).where(ProcessDefinition.key == key,
                                                                         ProcessDefinition.status == EFFECTIVE))
        return _info(session, definition, current)
