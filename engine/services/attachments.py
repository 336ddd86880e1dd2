"""Files attached to a step: PDF, JPG or PNG, checked by their content, stored on disk under a random name.

Design: an upload is its own action (one transaction), done on an open step by whoever may complete it,
before the step is completed. Completing the step stays one transaction of its own and does not touch files,
so a failed completion never leaves a half-stored file and a failed upload never half-completes a step.
The file is written before the row is committed and deleted again if the transaction fails; a crash in
between can leave an orphan file on disk, never a row without its file.

Who may download a file is decided by the case's visibility (``access.may_view_case``), not by the web app.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine import access
from engine.access import get_visible_case, load_actor
from engine.db import Database
from engine.errors import Conflict, NotAuthorized, NotFound, ValidationFailed
from engine.models import Attachment, EventKind, Task, TaskStatus
from engine.phrases import N_, Phrase
from engine.services.common import record_event

#: 10 MB: a scanned KTP or a signed letter as PDF fits; a video does not.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_FILENAME_LENGTH = 120

#: kind → (content type, the extension offered on download, extensions accepted on upload)
KINDS: dict[str, tuple[str, str, frozenset[str]]] = {
    "pdf": ("application/pdf", "pdf", frozenset({"pdf"})),
    "jpeg": ("image/jpeg", "jpg", frozenset({"jpg", "jpeg"})),
    "png": ("image/png", "png", frozenset({"png"})),
}
ACCEPTED_EXTENSIONS = frozenset().union(*(exts for _, _, exts in KINDS.values()))
_STORAGE_NAME = re.compile(r"^[0-9a-f]{32}$")
_UNSAFE = re.compile(r"[^\w\- ().,+&]", re.UNICODE)


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    case_id: int
    task_id: int | None
    step_name: str | None
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by_id: int
    uploaded_by: str
    uploaded_at: datetime


@dataclass(frozen=True)
class AttachmentFile:
    """What a download needs: the record (name, type) and the file's place on disk."""

    info: AttachmentInfo
    path: Path


def sniff(content: bytes) -> str | None:
    """The file's kind from its first bytes (``pdf``, ``jpeg``, ``png``), or None: the extension proves nothing."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def sanitize_filename(name: str, kind: str) -> str:
    """A display name that is safe in any header, page or file system: no folders, no control characters.

    Only the last path component is kept (``../../etc/passwd`` → ``passwd``), odd characters become ``_``,
    and the extension is the one the content has (a PNG sent as ``foto.jpg`` is offered as ``foto.png``).
    """
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] not in ("C", "Z") or ch == " ")
    stem, dot, _extension_given = base.rpartition(".")
    if not dot:
        stem = base
    stem = _UNSAFE.sub("_", stem)
    stem = re.sub(r"_{2,}", "_", re.sub(r" {2,}", " ", stem)).strip(" ._-")
    stem = stem[:MAX_FILENAME_LENGTH] or "lampiran"
    return f"{stem}.{KINDS[kind][1]}"


def _extension(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    return base.rpartition(".")[2].lower().strip() if "." in base else ""


def _read_limited(stream: BinaryIO | bytes, max_bytes: int) -> bytes:
    if isinstance(stream, bytes | bytearray):
        return bytes(stream[: max_bytes + 1])
    return stream.read(max_bytes + 1)


def check_upload(filename: str, content: bytes, max_bytes: int = MAX_ATTACHMENT_BYTES) -> str:
    """The file's kind if it may be stored; otherwise ValidationFailed on the field ``file``, in Indonesian."""
    if not filename and not content:
        raise ValidationFailed(N_("Belum ada berkas."), {"file": N_("Pilih berkas yang akan diunggah.")})
    if not content:
        raise ValidationFailed(N_("Berkas kosong."), {"file": N_("Berkas kosong (0 bait).")})
    if len(content) > max_bytes:
        raise ValidationFailed(N_("Berkas terlalu besar."),
                               {"file": Phrase(N_("Berkas terlalu besar; paling besar %(mb)s MB."),
                                               {"mb": max_bytes // (1024 * 1024)})})
    kind = sniff(content)
    if kind is None:
        raise ValidationFailed(N_("Jenis berkas tidak diizinkan."),
                               {"file": N_("Jenis berkas tidak diizinkan: hanya PDF, JPG atau PNG (diperiksa dari "
                                           "isi berkas, bukan dari namanya).")})
    if _extension(filename) not in ACCEPTED_EXTENSIONS:
        raise ValidationFailed(N_("Nama berkas tidak sesuai."),
                               {"file": N_("Nama berkas harus berakhiran .pdf, .jpg, .jpeg atau .png.")})
    return kind


def add_attachment(
    db: Database,
    actor_id: int,
    task_id: int,
    filename: str,
    stream: BinaryIO | bytes,
    *,
    upload_dir: Path,
    max_bytes: int = MAX_ATTACHMENT_BYTES,
) -> AttachmentInfo:
    """Attach a file to an open step, by someone who may complete it; the same file twice is stored once.

    The content is checked (kind by magic bytes, size) before anything is written; its sha256 is recorded.
    """
    content = _read_limited(stream, max_bytes)
    kind = check_upload(filename, content, max_bytes)
    digest = hashlib.sha256(content).hexdigest()
    written: Path | None = None
    try:
        with db.transaction() as session:
            actor = load_actor(session, actor_id)
            task = session.get(Task, task_id, with_for_update={"of": Task})
            if task is None:
                raise NotFound(N_("Tugas %(task)s tidak ditemukan."), task=task_id)
            access.may_attach(session, actor, task).enforce()
            same = session.scalar(select(Attachment).where(
                Attachment.task_id == task.id, Attachment.sha256 == digest, Attachment.removed_at.is_(None)))
            if same is not None:
                return _info(same, task.step_name)
            storage_name = secrets.token_hex(16)
            written = _write(upload_dir, storage_name, content)
            now = db.clock.now()
            attachment = Attachment(
                case_id=task.case_id, task_id=task.id, uploaded_by_id=actor.id, uploaded_at=now,
                filename=sanitize_filename(filename, kind), content_type=KINDS[kind][0], size=len(content),
                sha256=digest, storage_name=storage_name,
            )
            session.add(attachment)
            session.flush()
            record_event(session, kind=EventKind.ATTACHMENT_ADDED, at=now, actor_id=actor.id, case_id=task.case_id,
                         task_id=task.id, payload={"attachment_id": attachment.id, "filename": attachment.filename,
                                                   "size": attachment.size, "sha256": digest})
            return _info(attachment, task.step_name)
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise


def _write(upload_dir: Path, storage_name: str, content: bytes) -> Path:
    """Write under a temporary name and rename, so a reader never sees half a file."""
    upload_dir.mkdir(parents=True, exist_ok=True)
    final = upload_dir / storage_name
    partial = upload_dir / f"{storage_name}.part"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return final


def remove_attachment(db: Database, actor_id: int, attachment_id: int) -> AttachmentInfo:
    """The uploader takes back a wrong file while the step is open; the record and the file stay for history."""
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        attachment = _attachment(session, attachment_id)
        get_visible_case(session, actor, attachment.case_id)
        if attachment.uploaded_by_id != actor.id:
            raise NotAuthorized(N_("Hanya pengunggah yang dapat menghapus lampiran ini."))
        task = session.get(Task, attachment.task_id) if attachment.task_id else None
        if task is None or task.status != TaskStatus.OPEN:
            raise Conflict(N_("Langkah lampiran ini sudah ditutup; lampirannya tidak dapat dihapus."))
        if attachment.removed_at is None:
            now = db.clock.now()
            attachment.removed_at, attachment.removed_by_id = now, actor.id
            record_event(session, kind=EventKind.ATTACHMENT_REMOVED, at=now, actor_id=actor.id,
                         case_id=attachment.case_id, task_id=attachment.task_id,
                         payload={"attachment_id": attachment.id, "filename": attachment.filename})
        return _info(attachment, task.step_name)


def list_attachments(db: Database, actor_id: int, case_id: int, task_id: int | None = None) -> list[AttachmentInfo]:
    """The case's files (or one step's), oldest first, for those who may see the case."""
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        case = get_visible_case(session, actor, case_id)
        query = (select(Attachment, Task.step_name).outerjoin(Task, Attachment.task_id == Task.id)
                 .where(Attachment.case_id == case.id, Attachment.removed_at.is_(None)).order_by(Attachment.id))
        if task_id is not None:
            query = query.where(Attachment.task_id == task_id)
        return [_info(a, step) for a, step in session.execute(query)]


def open_attachment(db: Database, actor_id: int, attachment_id: int, *, upload_dir: Path) -> AttachmentFile:
    """A file to send, if the actor may see its case; the path is built from the random name only."""
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        attachment = _attachment(session, attachment_id)
        get_visible_case(session, actor, attachment.case_id)
        if attachment.removed_at is not None:
            raise NotFound(N_("Lampiran %(attachment)s sudah dihapus."), attachment=attachment_id)
        task = session.get(Task, attachment.task_id) if attachment.task_id else None
        info = _info(attachment, task.step_name if task else None)
        storage_name = attachment.storage_name
    if not _STORAGE_NAME.fullmatch(storage_name):
        raise NotFound(N_("Lampiran %(attachment)s tidak ditemukan di penyimpanan."), attachment=attachment_id)
    path = upload_dir / storage_name
    if not path.is_file():
        raise NotFound(N_("Berkas lampiran %(attachment)s tidak ditemukan di penyimpanan."), attachment=attachment_id)
    return AttachmentFile(info, path)


def _attachment(session: Session, attachment_id: int) -> Attachment:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound(N_("Lampiran %(attachment)s tidak ditemukan."), attachment=attachment_id)
    return attachment


def _info(attachment: Attachment, step_name: str | None) -> AttachmentInfo:
    return AttachmentInfo(
        id=attachment.id, case_id=attachment.case_id, task_id=attachment.task_id, step_name=step_name,
        filename=attachment.filename, content_type=attachment.content_type, size=attachment.size,
        sha256=attachment.sha256, uploaded_by_id=attachment.uploaded_by_id,
        uploaded_by=attachment.uploaded_by.full_name, uploaded_at=attachment.uploaded_at,
    )
