"""Downloading and taking back step attachments; the engine decides who may."""

from __future__ import annotations

from flask import Blueprint, flash, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from engine.services.attachments import open_attachment, remove_attachment
from webapp.views.common import back, db, me, upload_dir

bp = Blueprint("attachments", __name__)


@bp.get("/attachments/<id:attachment_id>")
@login_required
def download(attachment_id: int) -> Response:
    """Always as a download: a PDF or image is never rendered in the app's own origin."""
    found = open_attachment(db(), me(), attachment_id, upload_dir=upload_dir())
    response = send_file(found.path, mimetype=found.info.content_type, as_attachment=True,
                         download_name=found.info.filename, max_age=0, etag=found.info.sha256)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.post("/attachments/<id:attachment_id>/remove")
@login_required
def remove(attachment_id: int) -> Response:
    removed = remove_attachment(db(), me(), attachment_id)
    flash(_("Lampiran “%(name)s” dihapus.", name=removed.filename), "success")
    default = url_for("tasks.task", task_id=removed.task_id) if removed.task_id else url_for("tasks.inbox")
    return back(default)
