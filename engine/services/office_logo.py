"""The office's logo for the letterhead of every printed report, kept as an office setting.

Stored as a ``data:`` URI in ``office_settings`` (key ``logo``), so every web worker prints the same logo and the
PDF renderer, which fetches nothing, can draw it. Only PNG and JPEG are accepted (SVG can carry scripts and
links), recognised by their signature bytes, not by the name a browser sends, and at most
:data:`MAX_LOGO_BYTES`: a letterhead logo is small and the setting is read for every export.
"""

from __future__ import annotations

import base64
from typing import Final

from sqlalchemy import select

from engine.access import load_actor, require_admin
from engine.db import Database
from engine.errors import ValidationFailed
from engine.models import OfficeSetting
from engine.phrases import N_

LOGO_SETTING: Final = "logo"
MAX_LOGO_BYTES: Final = 96 * 1024
_SIGNATURES: Final = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def logo_problem(content: bytes) -> str | None:
    """Why ``content`` cannot be the letterhead logo, in words an administrator acts on; ``None`` when it can."""
    if not content:
        return "Pilih berkas gambar logo (PNG atau JPEG)."
    if len(content) > MAX_LOGO_BYTES:
        return (f"Logo terlalu besar ({len(content) // 1024} KB); paling besar {MAX_LOGO_BYTES // 1024} KB. "
                "Perkecil gambarnya, misalnya 300 × 300 piksel.")
    if _mimetype(content) is None:
        return "Logo harus berupa gambar PNG atau JPEG."
    return None


def set_office_logo(db: Database, actor_id: int, content: bytes | None) -> None:
    """Keep ``content`` as the office's logo (``None`` removes it: the letterhead keeps an empty slot)."""
    now = db.clock.now()
    with db.transaction() as session:
        require_admin(load_actor(session, actor_id))
        problem = None if content is None else logo_problem(content)
        if problem:
            raise ValidationFailed(N_("Logo tidak dapat dipakai."), {"logo": problem})  # nothing written
        setting = session.get(OfficeSetting, LOGO_SETTING)
        if content is None:
            if setting is not None:
                session.delete(setting)
            return
        value = {"data_uri": f"data:{_mimetype(content)};base64,{base64.b64encode(content).decode('ascii')}"}
        if setting is None:
            session.add(OfficeSetting(key=LOGO_SETTING, value=value, updated_at=now))
        else:
            setting.value, setting.updated_at = value, now


def office_logo(db: Database) -> str:
    """The letterhead logo as a ``data:`` URI, or "" when the office has none (not secret: printed on reports)."""
    with db.transaction(write=False) as session:
        value = session.scalar(select(OfficeSetting.value).where(OfficeSetting.key == LOGO_SETTING))
    uri = value.get("data_uri") if isinstance(value, dict) else None
    return uri if isinstance(uri, str) and uri.startswith(("data:image/png;base64,", "data:image/jpeg;base64,")) else ""


def _mimetype(content: bytes) -> str | None:
    return next((kind for signature, kind in _SIGNATURES if content.startswith(signature)), None)
