"""Alur's web app: it parses the request, calls one engine service, renders the answer.

No business rule lives here; authorization is checked by the engine for every action.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from engine.config import load_settings
from engine.db import Database


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """The table of contents: configuration, extensions, blueprints, error handling."""
    app = Flask(__name__, instance_path=str(Path(load_settings().instance_dir).resolve()))
    settings = load_settings()
    app.config.update(
        DATABASE_URL=settings.database_url,
        TIMEZONE=settings.timezone,
        PROCESSES_DIR=str(settings.processes_dir),
        CLOCK=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=_flag("ALUR_SECURE_COOKIES"),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=_flag("ALUR_SECURE_COOKIES"),
        MAX_CONTENT_LENGTH=12 * 1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,
        BABEL_DEFAULT_LOCALE="id",
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
        # Failed sign-ins within the window that stop further tries (engine.services.users.SignInLimits).
        LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=5,
        LOGIN_FAILURES_PER_ACCOUNT=20,
        LOGIN_FAILURES_PER_ADDRESS=100,
        LOGIN_FAILURE_WINDOW_MINUTES=15,
        # Wrong reference/code pairs on the public status page within the same window that stop further tries
        # (engine.services.public_status.StatusLookupLimits).
        STATUS_LOOKUP_FAILURES_PER_ADDRESS=10,
        STATUS_LOOKUP_FAILURES_PER_REFERENCE=20,
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted; 0: none, use the peer.
        PROXY_HOPS=0,
    )
    app.config.from_prefixed_env("ALUR")
    if overrides:
        app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))

    _trust_proxies(app)
    app.extensions["alur_db"] = Database(app.config["DATABASE_URL"], clock=app.config["CLOCK"],
                                         timezone=app.config["TIMEZONE"])

    from webapp import auth, errors, i18n, security

    security.init_app(app)
    i18n.init_app(app)
    auth.init_app(app)
    errors.init_app(app)

    from webapp.views import register_blueprints

    register_blueprints(app)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind ``PROXY_HOPS`` reverse proxies the client's address is the one they forwarded.

    Sign-in limits count per address: without this every person seems to come from the proxy; with more hops
    than there are proxies a client could name any address it likes. Only the address and the scheme are taken.
    """
    hops = app.config["PROXY_HOPS"]
    if isinstance(hops, bool) or not isinstance(hops, int | str) or not str(hops).isdecimal():
        raise ValueError(f"ALUR_PROXY_HOPS harus bilangan bulat 0 atau lebih, bukan {hops!r}.")
    if int(hops) > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(hops), x_proto=int(hops))  # type: ignore[method-assign]


def _flag(name: str) -> bool:
    import os

    return os.environ.get(name, "").lower() in ("1", "true", "yes", "on")


def _instance_secret(instance: Path) -> str:
    """A random key kept in the instance folder: nothing secret lives in the repository."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def get_db() -> Database:
    from flask import current_app

    return current_app.extensions["alur_db"]
