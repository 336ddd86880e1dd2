"""What every view needs: the database, the signed-in user's id, safe redirects and form parsing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app, redirect, request
from flask_login import current_user
from werkzeug.wrappers import Response

from engine.db import Database
from engine.forms import coerce_form_fields
from webapp import get_db
from webapp.auth import is_safe_next

__all__ = ["back", "db", "int_arg", "me", "see_other", "submitted", "upload_dir"]


def db() -> Database:
    return get_db()


def me() -> int:
    """The acting user's id: the engine loads and checks the user itself in every use case."""
    return int(current_user.id)


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def submitted(schema: dict[str, Any] | None) -> dict[str, Any]:
    """The HTML form as typed JSON for the engine (unknown names, such as the CSRF token, are dropped)."""
    if not schema:
        return {}
    return coerce_form_fields(schema, request.form.to_dict(flat=False))


#: The furthest page a list goes: far past any office's cases, and an offset every database accepts.
MAX_PAGE = 1_000_000


def int_arg(name: str, default: int = 1, high: int = MAX_PAGE) -> int:
    """A page number or size from the query: not a number gives ``default``; a number is clamped to 1..``high``."""
    raw = request.args.get(name, "").strip()
    if not (raw.isascii() and raw.isdecimal()):
        return default
    return high if len(raw) > len(str(high)) else min(max(1, int(raw)), high)


def see_other(location: str) -> Response:
    """After a POST: 303, so a reload does not send the form again."""
    return redirect(location, code=303)


def back(default: str) -> Response:
    """Redirect to the form's ``next`` when it is a path on this site, else to ``default``."""
    target = request.form.get("next") or request.args.get("next")
    return see_other(target if is_safe_next(target) else default)
