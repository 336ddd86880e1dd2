"""Engine errors become HTTP answers in one place: HTML pages for people, JSON for the API."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from engine.errors import (
    AlurError,
    Conflict,
    NotAuthenticated,
    NotAuthorized,
    NotFound,
    TooManyAttempts,
    ValidationFailed,
)
from webapp.formatting import error_fields, error_message

STATUS = {NotAuthenticated: 401, NotAuthorized: 403, NotFound: 404, Conflict: 409, ValidationFailed: 422,
          TooManyAttempts: 429}


def status_of(error: AlurError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    @app.errorhandler(AlurError)
    def _alur_error(error: AlurError):  # type: ignore[no-untyped-def]
        status = status_of(error)
        if wants_json():
            body: dict[str, object] = {"error": type(error).__name__, "message": error_message(error)}
            if isinstance(error, ValidationFailed):
                body["field_errors"] = error_fields(error)
            return jsonify(body), status
        return render_template("error.html", status=status, message=error_message(error)), status

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        status = error.code or 500
        messages = {
            400: _("Permintaan tidak valid."),
            401: _("Silakan masuk terlebih dahulu."),
            403: _("Anda tidak berwenang membuka halaman ini."),
            404: _("Halaman tidak ditemukan."),
            405: _("Metode tidak diizinkan."),
            413: _("Berkas terlalu besar."),
            415: _("Jenis isi permintaan tidak didukung; kirim JSON dengan header "
                   "'Content-Type: application/json'."),
            429: _("Terlalu banyak percobaan; coba lagi nanti."),
        }
        message = messages.get(status, error.description or _("Terjadi kesalahan."))
        if wants_json():
            return jsonify({"error": error.name, "message": message}), status
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(500)
    def _server_error(error: Exception):  # type: ignore[no-untyped-def]
        message = _("Terjadi kesalahan pada server; perubahan Anda mungkin belum tersimpan. "
                    "Muat ulang halaman untuk memeriksanya sebelum mencoba lagi.")
        if wants_json():
            return jsonify({"error": "InternalServerError", "message": message}), 500
        return render_template("error.html", status=500, message=message), 500
