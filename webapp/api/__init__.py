"""The JSON API under ``/api/v1``: bearer tokens instead of session cookies, the same engine use cases.

Each endpoint parses the request (:mod:`webapp.api.parsing`), calls the engine, and serializes the
answer (:mod:`webapp.api.serialize`); engine errors become JSON in :mod:`webapp.errors`. The OpenAPI
document describing all of it is :mod:`webapp.api.openapi`, served at ``/api/v1/openapi.json``.
Ids in paths use the app's ``<id:…>`` converter (:mod:`webapp.views`), as the pages do.
"""

from __future__ import annotations

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from webapp.api.tokens import DEFAULT_MAX_AGE
from webapp.security import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer tokens are sent by the client on purpose, never attached by a browser: no CSRF to guard against.
csrf.exempt(bp)


@bp.record_once
def _setup(state: BlueprintSetupState) -> None:
    state.app.config.setdefault("API_TOKEN_MAX_AGE", DEFAULT_MAX_AGE)


from webapp.api import views  # noqa: E402, F401  (registers the routes on bp)
