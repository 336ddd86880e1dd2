"""The bell and the notices page: what the scheduler told me (late steps, reminders, escalations)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from engine.errors import AlurError
from engine.services.notifications import list_notifications, mark_read, unread_count
from webapp.views.common import back, db, me

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

#: How many notices the page shows (newest first); older ones are kept but not listed.
PAGE_SIZE = 100


@bp.app_context_processor
def _bell() -> dict[str, Any]:
    """``unread_notices()`` for the bell in base.html: counted once per request, only when a page asks.

    Nothing is counted for visitors who are not signed in, nor for the JSON API.
    """

    def unread_notices() -> int:
        if "unread_notices" not in g:
            g.unread_notices = _count()
        return int(g.unread_notices)

    return {"unread_notices": unread_notices}


def _count() -> int:
    if request.path.startswith("/api/") or not current_user.is_authenticated:
        return 0
    try:
        return unread_count(db(), me())
    except AlurError:  # e.g. the account was just deactivated: the page itself says what is wrong
        return 0


@bp.get("")
@login_required
def index() -> str:
    unread_only = request.args.get("unread") == "1"
    notices = list_notifications(db(), me(), unread_only=unread_only, limit=PAGE_SIZE)
    return render_template("notifications/index.html", notices=notices, unread_only=unread_only,
                           page_size=PAGE_SIZE)


@bp.post("/<id:notification_id>/read")
@login_required
def read(notification_id: int) -> Response:
    """Mark one of my notices read (another person's notice is never touched: nothing happens)."""
    mark_read(db(), me(), [notification_id])
    return back(url_for("notifications.index", _anchor=f"notice-{notification_id}"))


@bp.post("/read")
@login_required
def read_all() -> Response:
    changed = mark_read(db(), me(), None)
    if changed:
        flash(ngettext("%(num)s pemberitahuan ditandai sudah dibaca.",
                       "%(num)s pemberitahuan ditandai sudah dibaca.", changed), "success")
    else:
        flash(_("Tidak ada pemberitahuan yang belum dibaca."), "info")
    return back(url_for("notifications.index"))
