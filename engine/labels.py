"""What statuses, events, roles and time zones are called: one table for pages, exports and the API.

The words are Indonesian, and each one is also the msgid the web app translates (``N_`` marks them for
``pybabel extract``, whose default keywords include it; the engine itself translates nothing and never
imports Flask). Event labels are keyed by the event kind's plain string value, so a ``StrEnum`` member and
the stored string find the same label. Role names are data: they are read from the roles table.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.db import Database
from engine.models import Role
from engine.phrases import N_
from engine.phrases import Phrase as Phrase  # the phrase tools, also importable from here
from engine.phrases import When as When
from engine.phrases import ngettext as ngettext

CASE_STATUS_LABELS: Final[Mapping[str, str]] = MappingProxyType({
    "active": N_("Berjalan"),
    "completed": N_("Selesai"),
    "cancelled": N_("Dibatalkan"),
    "suspended": N_("Ditangguhkan"),
})

TASK_STATUS_LABELS: Final[Mapping[str, str]] = MappingProxyType({
    "open": N_("Terbuka"),
    "completed": N_("Selesai"),
    "cancelled": N_("Dibatalkan"),
})

EVENT_LABELS: Final[Mapping[str, str]] = MappingProxyType({
    "case_started": N_("Kasus dimulai"),
    "survey_invitation_sent": N_("Undangan survei dikirim"),
    "survey_invitation_not_sent": N_("Undangan survei tidak dikirim"),
    "case_completed": N_("Kasus selesai"),
    "case_cancelled": N_("Kasus dibatalkan"),
    "task_created": N_("Langkah dibuka"),
    "task_claimed": N_("Langkah diambil"),
    "task_unclaimed": N_("Langkah dilepas ke antrean"),
    "task_reassigned": N_("Langkah dialihkan"),
    "task_completed": N_("Langkah diselesaikan"),
    "task_cancelled": N_("Langkah dibatalkan"),
    "task_overdue": N_("Langkah melewati batas waktu"),
    "task_reminded": N_("Pengingat dikirim"),
    "task_escalated": N_("Keterlambatan dilaporkan ke atasan"),
    "comment_added": N_("Komentar ditambahkan"),
    "attachment_added": N_("Lampiran diunggah"),
    "attachment_removed": N_("Lampiran dihapus"),
    "case_suspended": N_("Kasus ditangguhkan"),
    "case_resumed": N_("Kasus dilanjutkan"),
    "case_needs_attention": N_("Kasus perlu perhatian"),
    "case_moved": N_("Kasus dipindahkan ke langkah lain"),
    "case_migrated": N_("Kasus dipindahkan ke versi baru"),
    "user_activated": N_("Pengguna diaktifkan"),
    "user_deactivated": N_("Pengguna dinonaktifkan"),
    "password_changed": N_("Kata sandi diganti"),
    "password_reset": N_("Kata sandi diatur ulang"),
    "sessions_ended": N_("Semua sesi pengguna diakhiri"),
    "role_created": N_("Peran dibuat"),
    "role_updated": N_("Peran diubah"),
    "version_registered": N_("Versi SOP didaftarkan"),
    "version_approved": N_("Versi SOP disahkan"),
    "version_took_effect": N_("Versi SOP mulai berlaku"),
    "version_archived": N_("Versi SOP diarsipkan"),
    "version_discarded": N_("Draf SOP dibuang"),
})

#: A version of an SOP in its approval lifecycle (engine.models.VersionStatus).
VERSION_STATUS_LABELS: Final[Mapping[str, str]] = MappingProxyType({
    "draft": N_("Draf"),
    "approved": N_("Disahkan, menunggu tanggal efektif"),
    "effective": N_("Berlaku"),
    "archived": N_("Diarsipkan"),
    "discarded": N_("Dibuang"),
})

#: The zone names Indonesians use; other zones are shown by their UTC offset.
ZONE_NAMES: Final[Mapping[str, str]] = MappingProxyType({
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT",
})


def status_label(status: str | None) -> str:
    """A case's or a step's status in words ("Berjalan", "Terbuka", "Selesai"); an unknown one as it is.

    Case and step statuses share "completed" and "cancelled" and are called the same, so one lookup serves both.
    """
    key = str(status or "")
    return CASE_STATUS_LABELS.get(key) or TASK_STATUS_LABELS.get(key) or key


def version_status_label(status: str | None) -> str:
    """A version's status in words ("Draf", "Berlaku"); an unknown one as it is."""
    key = str(status or "")
    return VERSION_STATUS_LABELS.get(key) or key


def event_label(kind: str) -> str:
    """An event kind in words; a kind added later without a label still reads as words, not as a code."""
    key = str(kind)
    return EVENT_LABELS.get(key) or key.replace("_", " ")


def role_names(session: Session) -> dict[str, str]:
    """Role code → the name the office gave it (roles are data: offices add and rename their own)."""
    return {code: name for code, name in session.execute(select(Role.code, Role.name))}


def office_role_names(db: Database) -> dict[str, str]:
    """:func:`role_names` in its own read-only transaction, for a page or an export (names are not secret)."""
    with db.transaction(write=False) as session:
        return role_names(session)


def role_label(code: str | None, names: Mapping[str, str]) -> str:
    """A role's name from ``names`` (see :func:`role_names`); a code missing there as readable words."""
    if not code:
        return ""
    return names.get(code) or code.replace("_", " ").title()
