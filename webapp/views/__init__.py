"""The web app's areas, one blueprint each, and the page helpers they share."""

from __future__ import annotations

from pathlib import Path

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from webapp import formatting
    from webapp.views import (
        admin,
        attachments,
        calendar,
        cases,
        notifications,
        processes,
        reports,
        supervision,
        tasks,
    )

    # Attachments live outside the code and the database; instance/uploads unless configured.
    app.config.setdefault("UPLOAD_DIR", str(Path(app.instance_path) / "uploads"))
    formatting.init_app(app)
    for blueprint in (tasks.bp, cases.bp, processes.bp, attachments.bp, admin.bp, reports.bp, supervision.bp,
                      notifications.bp, calendar.bp):
        app.register_blueprint(blueprint)
    from webapp.api import bp as api_bp  # the JSON API under /api/v1

    app.register_blueprint(api_bp)
