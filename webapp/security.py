"""CSRF on every form, security headers on every answer, and text no database can store refused at the door."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFProtect

from engine.errors import AlurError, NotFound, ValidationFailed
from engine.phrases import N_
from webapp.errors import wants_json

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)

#: Set on every answer unless its view set its own.
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)

#: NUL (PostgreSQL's text and jsonb refuse it) and UTF-16 surrogates, which can only be lone ones in a
#: decoded string and have no UTF-8 form: neither can be stored, so neither is let in.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
#: What the API says about such a field (its messages are plain Bahasa Indonesia, like the engine's).
UNSTORABLE_MESSAGE = N_("memuat karakter yang tidak dapat disimpan (NUL atau surrogate tunggal); hapus karakter itu")

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class UnstorableInput(AlurError):
    """A form or query value holds NUL or a lone surrogate (HTTP 400: errors.py maps unlisted errors to 400)."""


def is_storable(text: str) -> bool:
    """Whether every database Alur runs on can store ``text`` as it is."""
    return _UNSTORABLE.search(text) is None


def unstorable_fields(value: object, path: str = "") -> Iterator[str]:
    """The dotted paths (``data.anggota.0.nama``) of a decoded JSON value whose key or text cannot be stored."""
    if isinstance(value, str):
        if not is_storable(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if not is_storable(str(key)):
                yield path  # the object holding the name; "" is the body as a whole
            else:
                yield from unstorable_fields(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from unstorable_fields(item, f"{path}.{index}" if path else str(index))


def _submitted_text() -> Iterator[tuple[str, str]]:
    """(field name, text) of the query string and, for an HTML form, its fields and file names."""
    for name, value in request.args.items(multi=True):
        yield name, name
        yield name, value
    if wants_json() or request.mimetype not in _FORM_TYPES:
        return  # the API reads only JSON bodies, checked as they are parsed (webapp.api.parsing.json_body)
    for name, value in request.form.items(multi=True):
        yield name, name
        yield name, value
    for name, upload in request.files.items(multi=True):
        yield name, name
        yield name, upload.filename or ""


def refuse_unstorable_input() -> None:
    """Before any view: a path, query or form value with NUL or a lone surrogate never reaches the engine.

    A path is a 404 (no case, step or SOP can be named so); a query or form value is a 400 on pages and a
    422 in the API, naming the field, before anything is read or written.
    """
    if not is_storable(request.path):
        raise NotFound(_("Halaman tidak ditemukan."))
    for name, text in _submitted_text():
        if is_storable(text):
            continue
        shown = name if is_storable(name) else "?"
        if wants_json():
            raise ValidationFailed(N_("Parameter permintaan tidak valid."), {shown: UNSTORABLE_MESSAGE})
        raise UnstorableInput(_("Isian “%(field)s” memuat karakter yang tidak dapat disimpan (NUL atau surrogate "
                                "tunggal). Hapus karakter itu, lalu kirim lagi.", field=shown))


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, its serializer built once per key instead of on every request (issue 14:
    every API call paid for it, though a bearer-token request never carries the cookie)."""

    def __init__(self) -> None:
        self._serializers: dict[tuple[Any, ...], Any] = {}

    def get_signing_serializer(self, app: Flask) -> Any:
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        serializer = self._serializers.get(key)
        if serializer is None:
            serializer = super().get_signing_serializer(app)
            if len(self._serializers) >= 8:
                self._serializers.clear()
            self._serializers[key] = serializer
        return serializer


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    app.session_interface = SessionCookies()
    app.before_request(refuse_unstorable_input)

    @app.after_request
    def _headers(response: Response) -> Response:
        # One pass over the answer's headers instead of a scan per header (setdefault): a view's own value wins.
        present = {name.lower() for name, _value in response.headers.items()}
        for name, value in SECURITY_HEADERS:
            if name.lower() not in present:
                response.headers.add(name, value)
        if app.config.get("SESSION_COOKIE_SECURE") and "strict-transport-security" not in present:
            response.headers.add("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint != "static":
            # Pages, files and API answers carry names, NIK and NPWP: no browser or proxy keeps a copy.
            response.headers["Cache-Control"] = "no-store"
        return response
