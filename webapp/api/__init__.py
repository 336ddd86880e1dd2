"""The JSON API under ``/api/v1``: bearer tokens instead of session cookies, the same engine use cases.

Each endpoint parses the request (:mod:`webapp.api.parsing`), calls the engine, and serializes the
answer (:mod:`webapp.api.serialize`); engine errors become JSON in :mod:`webapp.errors`. The OpenAPI
document describing all of it is :mod:`webapp.api.openapi`, served at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState
from werkzeug.routing import BaseConverter, ValidationError

from webapp.api.parsing import MAX_ID
from webapp.api.tokens import DEFAULT_MAX_AGE
from webapp.security import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer tokens are sent by the client on purpose, never attached by a browser: no CSRF to guard against.
csrf.exempt(bp)


class IdConverter(BaseConverter):
    """A positive id the database can hold; anything else (``abc``, ``0``, 20 digits) is a 404, not a 500."""

    regex = r"[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    # Runs before the routes below are added, so their rules can use the converter.
    state.app.url_map.converters["api_id"] = IdConverter
    state.app.config.setdefault("API_TOKEN_MAX_AGE", DEFAULT_MAX_AGE)


from webapp.api import views  # noqa: E402, F401  (registers the routes on bp)
