"""The web app's areas, one blueprint each, and the page helpers they share."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.routing import BaseConverter, ValidationError

#: The largest id a row can have: PostgreSQL's ``integer`` columns hold no more.
MAX_ID = 2**31 - 1


def parse_id(text: str) -> int | None:
    """An id typed in a URL, query or form (ASCII digits, 1..MAX_ID), or None: never a number the database refuses."""
    if text.isascii() and text.isdecimal() and len(text) <= 10:
        number = int(text)
        if 1 <= number <= MAX_ID:
            return number
    return None


class IdConverter(BaseConverter):
    """``<id:task_id>``: a positive id the database can hold; ``abc``, ``0`` or 20 digits are a 404, never a 500."""

    regex = r"[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValidationError()
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


def register_blueprints(app: Flask) -> None:
    from webapp import formatting
    from webapp.views import (
        admin,
        attachments,
        calendar,
        case_repair,
        cases,
        notifications,
        processes,
        public,
        receipts,
        reports,
        roles,
        sop_import,
        supervision,
        survey,
        tasks,
    )

    # Before any rule is added: every page's and the API's ids use it.
    app.url_map.converters["id"] = IdConverter
    # Attachments live outside the code and the database; instance/uploads unless configured.
    app.config.setdefault("UPLOAD_DIR", str(Path(app.instance_path) / "uploads"))
    formatting.init_app(app)
    for blueprint in (tasks.bp, cases.bp, processes.bp, attachments.bp, admin.bp, reports.bp, supervision.bp,
                      notifications.bp, calendar.bp, case_repair.bp, roles.bp, sop_import.bp, receipts.bp, public.bp,
                      survey.bp):
        app.register_blueprint(blueprint)
    from webapp.api import bp as api_bp  # the JSON API under /api/v1

    app.register_blueprint(api_bp)
