"""Bahasa Indonesia by default, English on request; dates in the office's zone."""

from __future__ import annotations

from flask import Flask, request, session
from flask_babel import Babel

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}


def select_locale() -> str:
    """A page's language is the one the person chose (Indonesian until then); an API request's is its
    ``Accept-Language`` (Indonesian when it names neither language)."""
    if request.path.startswith("/api/"):
        return request.accept_languages.best_match(LANGUAGES) or "id"
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return "id"


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale, timezone_selector=lambda: app.config["TIMEZONE"])

    @app.context_processor
    def _languages() -> dict[str, object]:
        return {"languages": LANGUAGES, "current_lang": select_locale(), "request_path": request.path}
